"""pyproject.toml and requirements.lock → an installed `reading-edition` command, and a lock that pins everything."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests.support.paths import ROOT
from tests.support.projects import make_project

LOCK = ROOT / "requirements.lock"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
COMMAND = next(iter(PYPROJECT["project"]["scripts"]))
# The project itself, and what pip installs in every environment without being asked
NOT_LOCKED = {PYPROJECT["project"]["name"].lower()}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, str]:
    """Package → version, as requirements.lock pins it."""
    text = LOCK.read_text(encoding="utf-8")
    return {canonical(m.group(1)): m.group(2) for m in re.finditer(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.M)}


def pinned(path: Path) -> dict[str, str]:
    """Package → version of the `name==version` lines of a requirements file (`-r` followed)."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            pins |= pinned(path.parent / line[3:].strip())
        elif "==" in line:
            name, version = line.split("==")
            pins[canonical(name)] = version.strip()
    return pins


def test_every_lock_entry_is_pinned_with_hashes() -> None:
    """`pip install --require-hashes` takes nothing else: every line that is no comment nor hash is an
    exact pin, followed by the hashes of its files."""
    lines = LOCK.read_text(encoding="utf-8").splitlines()
    entries = [(i, line) for i, line in enumerate(lines) if line and not line.startswith(("#", " "))]
    assert len(entries) == len(locked()) > 50
    for i, line in entries:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==\S+ \\", line), line
        assert lines[i + 1].startswith("    --hash=sha256:"), line


def test_the_lock_pins_the_installed_environment() -> None:
    """Every package installed here is in the lock at the version installed, and nothing else is: what
    `make` and CI install (`pip install --require-hashes -r requirements.lock`) is this environment."""
    installed = {
        canonical(d.metadata["Name"]): d.version
        for d in importlib.metadata.distributions()
        if canonical(d.metadata["Name"]) not in NOT_LOCKED
    }
    lock = locked()
    assert {k: v for k, v in installed.items() if lock.get(k) != v} == {}, "installed, not in the lock: make lock"
    assert {k: v for k, v in lock.items() if installed.get(k) != v} == {}, "locked, not installed"


def test_the_lock_agrees_with_the_declared_requirements() -> None:
    """requirements.txt and requirements-dev.txt pin what pyproject.toml declares, and the lock pins the same."""
    lock = locked()
    pins = pinned(ROOT / "requirements-dev.txt")
    runtime = pinned(ROOT / "requirements.txt")
    for extra, declared in (
        ("", PYPROJECT["project"]["dependencies"]),
        *PYPROJECT["project"]["optional-dependencies"].items(),
    ):
        for spec in declared:
            req = Requirement(spec)
            name = canonical(req.name)
            assert name in (pins if extra else runtime), f"{spec} (pyproject.toml) is pinned in no requirements file"
            assert req.specifier.contains(lock[name]), f"{spec}: the lock has {lock[name]}"
    for name, version in pins.items():
        assert lock.get(name) == version, f"{name}=={version} (requirements files): the lock has {lock.get(name)}"


@pytest.mark.slow
def test_pip_install_gives_a_command_that_builds_from_its_own_templates(tmp_path: Path) -> None:
    """`pip install .` into a fresh environment (the dependencies made visible from this one rather than
    downloaded), then the command run in a project that has no build_scripts folder of its own."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    source = shutil.copytree(
        ROOT,
        tmp_path / "checkout",
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", ".git", "site", "dist", "docs", "test-output", "build", "*.egg-info", "__pycache__"
        ),
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_REQUIRE_VIRTUALENV")}
    env |= {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1498176000", "PIP_NO_INDEX": "1"}
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps"]
    proc = subprocess.run(
        [*install, "--no-build-isolation", str(source)], env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    shutil.rmtree(source)  # nothing left to import from but the installed package

    command = venv / "bin" / COMMAND
    usage = subprocess.run([command, "--help"], env=env, capture_output=True, text=True, check=False)
    assert usage.returncode == 0, usage.stderr
    assert f"usage: {COMMAND} " in usage.stdout and "check" in usage.stdout

    project = make_project(tmp_path / "project")
    shutil.rmtree(project / "build_scripts")
    for args in (["check", "--strict"], ["build", "--strict"]):
        proc = subprocess.run([command, *args], cwd=project, env=env, capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    articles = [
        a for a in sorted((project / "source" / "articles").glob("*.md")) if "." not in a.stem
    ]  # not its .en.md
    assert articles and all((project / "docs" / a.stem).is_dir() for a in articles)
    assert (project / "docs" / "glossary.md").is_file()
    where = subprocess.run(
        [python, "-c", "from build_scripts.pages import render; print(render.TEMPLATES)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv) and any(Path(where).glob("*.j2"))
