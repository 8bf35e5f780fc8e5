"""The CI workflows parse, name only commands that exist, and upload what the Makefile produces."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
TARGETS = set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, flags=re.M))


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    # YAML 1.1 reads the key `on` as True
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


def test_there_are_a_pull_request_and_a_deploy_workflow() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"pull-request.yml", "deploy.yml"} <= names
    assert "pull_request" in load(ROOT / ".github/workflows/pull-request.yml")["on"]
    deploy = load(ROOT / ".github/workflows/deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    uses = {step.get("uses", "").split("@")[0] for step in steps(deploy)}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= uses


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_make_target_named_exists(path: Path) -> None:
    for step in steps(load(path)):
        for target in re.findall(r"\bmake ([a-z-]+)", step.get("run", "")):
            assert target in TARGETS, f"{path.name}: `make {target}` is not a Makefile target"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_uploaded_paths_are_what_the_build_writes(path: Path) -> None:
    offline = re.search(r"^OFFLINE_NAME := (\S+)", MAKEFILE, flags=re.M)
    assert offline
    produced = {f"dist/{offline.group(1)}.zip", "site/", "test-output/"}
    for step in steps(load(path)):
        if "upload" in step.get("uses", ""):
            assert step["with"]["path"] in produced, step


def test_readme_commands_are_makefile_targets_and_ci_runs_the_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"^make ([a-z-]+)", readme, flags=re.M):
        assert target in TARGETS
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
