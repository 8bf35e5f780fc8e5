"""The CI workflows parse, name only commands that exist, and upload what the Makefile produces."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.paths import ROOT

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
    """The steps of every job, those of the workflows a job calls (`uses: ./.github/workflows/…`) included."""
    found = []
    for job in data["jobs"].values():
        if job.get("uses", "").startswith("./"):
            found += steps(load(ROOT / job["uses"]))
        found += job.get("steps", [])
    return found


def runs(path: Path) -> str:
    """The commands a workflow's own steps run."""
    return "\n".join(step.get("run", "") for job in load(path)["jobs"].values() for step in job.get("steps", []))


def test_there_are_a_pull_request_and_a_deploy_workflow() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"pull-request.yml", "deploy.yml"} <= names
    assert "pull_request" in load(ROOT / ".github/workflows/pull-request.yml")["on"]
    deploy = load(ROOT / ".github/workflows/deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    uses = {step.get("uses", "").split("@")[0] for step in steps(deploy)}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= uses


def test_the_workflows_share_one_definition_of_ci_which_is_ci_run() -> None:
    """Lint, tests and the build are defined once: .ci/run, which ci.yml runs and the others call."""
    ci = ROOT / ".github/workflows/ci.yml"
    assert "workflow_call" in load(ci)["on"]
    assert "bash .ci/run" in runs(ci)
    for name in ("pull-request.yml", "deploy.yml"):
        callers = [job for job in load(ROOT / ".github/workflows" / name)["jobs"].values() if "uses" in job]
        assert [job["uses"] for job in callers] == ["./.github/workflows/ci.yml"], name
    for path in WORKFLOWS:
        for command in ("make lint", "make test", "make site", "apt-get", "pip install"):
            assert command not in runs(path), f"{path.name} runs `{command}` itself instead of .ci/run"
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert all(f"\nmake {target}\n" in script for target in ("lint", "test", "site"))


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
    for step in steps(load(path)):  # the change report, where its step writes it
        produced |= set(re.findall(r"make changes .*OUTPUT=(\S+)", step.get("run", "")))
    for step in steps(load(path)):
        if "upload" in step.get("uses", ""):
            assert step["with"]["path"] in produced, step


def test_readme_commands_are_makefile_targets_and_ci_runs_the_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"^make ([a-z-]+)", readme, flags=re.M):
        assert target in TARGETS
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def change_report_step(data: dict[str, Any]) -> dict[str, Any]:
    found = [step for step in steps(data) if "make changes" in step.get("run", "")]
    assert len(found) == 1, "the pull-request workflow runs `make changes` once"
    return found[0]


REPORT_WORKFLOW = ROOT / ".github/workflows/change-report.yml"


def pull_request_repository(root: Path, *extra: str) -> str:
    """A repository at `root`: the project with the Makefile (and `extra` files of this one) committed
    as the base, then a pull request's edit of the article's first full stop, left in the working
    tree; the base commit."""
    import shutil

    from tests.support.projects import ARTICLE, copy_setup_files, git, make_project

    make_project(root)
    for name in ("Makefile", *extra):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, root / name)
    copy_setup_files(root)  # older than the installed environment
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    text = (root / ARTICLE).read_text(encoding="utf-8")
    (root / ARTICLE).write_text(text.replace("。\n", "！\n", 1), encoding="utf-8")
    return git(root, "rev-parse", "HEAD").strip()


def test_pull_requests_get_the_change_report_in_the_summary_and_as_an_artifact() -> None:
    data = load(REPORT_WORKFLOW)
    step = change_report_step(data)
    assert step["env"]["BASE"] == "${{ github.event.pull_request.base.sha }}"
    output = re.search(r"OUTPUT=(\S+)", step["run"])
    assert output and 'BASE="$BASE"' in step["run"]
    assert f'bash .ci/summary {output.group(1)} >> "$GITHUB_STEP_SUMMARY"' in step["run"]
    uploads = [s for s in steps(data) if "upload-artifact" in s.get("uses", "")]
    assert any(s["with"]["path"] == output.group(1) for s in uploads)
    checkout = next(s for s in steps(data) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0  # the base commit is there to compare with


def test_the_report_is_made_by_the_base_branchs_code_never_the_pull_requests() -> None:
    """pull_request_target runs the workflow as the base branch has it; the job checks out the base
    commit and only fetches the pull request's commits: none of its files is checked out or run."""
    data = load(REPORT_WORKFLOW)
    assert list(data["on"]) == ["pull_request_target"]
    assert data["permissions"] == {"contents": "read"}
    (job,) = data["jobs"].values()
    checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout")]
    assert [c["with"]["ref"] for c in checkouts] == ["${{ github.event.pull_request.base.sha }}"]
    for step in job["steps"]:
        run = step.get("run", "")
        if "refs/pull/" in run:
            assert re.fullmatch(r"(?:\s*git fetch --no-tags origin \S+\s*(?:\|\|)?\s*)+", run), run
        assert not re.search(r"git (?:checkout|switch|merge|reset|worktree)", run), run
    # the CI of the pull request's code is another workflow, which runs it without the report
    assert all("make changes" not in s.get("run", "") for s in steps(load(ROOT / ".github/workflows/pull-request.yml")))


def test_the_change_report_step_runs_the_base_code_on_a_hostile_pull_request(tmp_path: Path) -> None:
    """The job's steps as the runner runs them: the base commit checked out, the pull request's commit
    fetched as a ref. The pull request rewrites the report's own code to forge it; the report is made
    by the base's code all the same, and names the rewritten file for a maintainer."""
    import os
    import subprocess

    from tests.support.projects import git

    root = tmp_path / "repo"
    base = pull_request_repository(root, ".ci/summary")
    venv = ROOT / ".venv"
    forged = root / "build_scripts" / "tools" / "changes.py"
    forged.write_text(
        forged.read_text(encoding="utf-8")
        + '\n\ndef render(*args: object, **kwargs: object) -> str:\n    return "FORGED"\n',
        encoding="utf-8",
    )
    git(root, "commit", "-q", "-am", "pull request")
    # actions/checkout of the base commit, then the fetch step's ref
    git(root, "update-ref", "refs/pull-request/merge", "HEAD")
    git(root, "checkout", "-q", base)
    assert "FORGED" not in forged.read_text(encoding="utf-8")
    step = change_report_step(load(REPORT_WORKFLOW))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier steps' summary\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("MAKE")}
    env |= {**step["env"], "BASE": base, "GITHUB_STEP_SUMMARY": str(summary), "VENV": str(venv)}
    proc = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    output = re.search(r"OUTPUT=(\S+)", step["run"])
    assert output
    report = (root / output.group(1)).read_text(encoding="utf-8")
    assert "FORGED" not in report and "<del>。</del><ins>！</ins>" in report, proc.stderr
    review = report.split("Needs a maintainer", 1)[1]
    assert "`build_scripts/tools/changes.py`" in review.split("\n## ", 1)[0]
    assert summary.read_text(encoding="utf-8") == "earlier steps' summary\n" + report


def test_a_report_longer_than_a_summary_holds_is_cut_at_a_character_with_a_line_saying_so(tmp_path: Path) -> None:
    import os
    import subprocess

    report = tmp_path / "changes.md"
    report.write_text("# Changes\n\n" + "平安浙江" * 1000, encoding="utf-8")
    size = report.stat().st_size
    for limit, whole in ((size, True), (1001, False)):  # 1001: inside a three-byte character
        proc = subprocess.run(
            ["bash", str(ROOT / ".ci" / "summary"), str(report)],
            env={**os.environ, "LIMIT": str(limit)},
            capture_output=True,
            check=True,
        )
        text = proc.stdout.decode("utf-8")  # a character cut in two would not decode
        if whole:
            assert text == report.read_text(encoding="utf-8")
        else:
            kept = text.split("\n\n---\n\n", 1)[0]
            assert report.read_text(encoding="utf-8").startswith(kept) and 990 < len(kept.encode()) <= 1001
            assert f"it is {size} bytes" in text and "`change-report` artifact" in text


# --- running on GitHub as it is --------------------------------------------------------------------

PINNED_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>[\w.-]+/[\w./-]+)@(?P<ref>\S+)(?P<comment>.*)$", re.M)
# What installs Debian's Chromium: the Makefile's browser-deps, which `make test` and .ci/run reach
INSTALLS_CHROMIUM = re.compile(r"apt(?:-get)? install[^\n]*\bchromium\b|\bmake (?:test|browser-deps)\b|\.ci/run\b")


def job_problems(name: str, job: dict[str, Any]) -> list[str]:
    """What stops a job from running on a GitHub-hosted runner as written."""
    problems: list[str] = []
    if "uses" in job:  # a reusable workflow's own jobs are checked in its file
        return problems
    if "timeout-minutes" not in job:
        problems.append(f"job `{name}` has no timeout-minutes (a hung step would hold a runner for 6 hours)")
    image = job.get("container")
    image = image.get("image") if isinstance(image, dict) else image
    on_ubuntu = str(job.get("runs-on", "")).startswith("ubuntu") and not image
    for step in job.get("steps", []):
        if on_ubuntu and INSTALLS_CHROMIUM.search(step.get("run", "")):
            problems.append(
                f"job `{name}` installs Debian's chromium on an Ubuntu runner, where `chromium` is a "
                "transition package to a snap that does not install: run the job in a Debian container"
            )
    if image and not re.match(r"(?:docker\.io/)?(?:library/)?(?:debian|python):[\w.-]*(?:bookworm|trixie)", image):
        problems.append(f"job `{name}` runs in `{image}`, not a Debian image that has the chromium package")
    return problems


def pin_problems(text: str) -> list[str]:
    """Every action named by the commit of a release, the release in a comment beside it."""
    problems: list[str] = []
    for match in PINNED_USES.finditer(text):
        action, ref, comment = match["action"], match["ref"], match["comment"]
        if action.startswith("./"):
            continue
        if not re.fullmatch(r"[0-9a-f]{40}", ref):
            problems.append(f"`{action}@{ref}` is pinned by a tag that can move: pin its commit")
        elif not re.search(r"#\s*v\d+(?:\.\d+)*\b", comment):
            problems.append(f"`{action}@{ref}` does not say which release the commit is (`# vX.Y.Z`)")
    return problems


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_runs_on_a_github_runner_as_written(path: Path) -> None:
    problems = [p for name, job in load(path)["jobs"].items() for p in job_problems(name, job)]
    problems += pin_problems(path.read_text(encoding="utf-8"))
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_the_runner_checks_catch_what_would_fail_on_github() -> None:
    """The checks above fail on the workflow as it was before it ran in a container."""
    before = yaml.safe_load(
        """
jobs:
  check:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: bash .ci/run
      - run: sudo apt-get install -y chromium fonts-noto-cjk
"""
    )
    problems = job_problems("check", before["jobs"]["check"])
    assert any("timeout-minutes" in p for p in problems)
    assert sum("snap" in p for p in problems) == 2
    assert pin_problems("      - uses: actions/checkout@v4\n") != []
    assert pin_problems("      - uses: actions/checkout@" + "0" * 40 + "\n") != []  # no release named
    ubuntu_image = {"runs-on": "ubuntu-24.04", "container": "ubuntu:24.04", "timeout-minutes": 5, "steps": []}
    assert job_problems("check", ubuntu_image) != []


def test_the_change_report_job_has_a_timeout() -> None:
    data = load(REPORT_WORKFLOW)
    job = next(j for j in data["jobs"].values() if any("make changes" in s.get("run", "") for s in j.get("steps", [])))
    assert isinstance(job.get("timeout-minutes"), int) and 0 < job["timeout-minutes"] <= 30


def test_make_changes_writes_only_the_report_to_standard_output(tmp_path: Path) -> None:
    """`make changes > file`, as CONTRIBUTING says: the file holds the report and nothing else."""
    import os
    import subprocess

    root = tmp_path / "repo"
    pull_request_repository(root, ".gitignore")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    proc = subprocess.run(
        ["make", "--no-print-directory", f"VENV={ROOT / '.venv'}", "changes", "BASE=HEAD"],
        cwd=root,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# Changes to the reading edition\n") and "<del>。</del><ins>！</ins>" in proc.stdout
