"""This repository → throw-away copies of its project (source/ + site configuration), for tests and
benchmarks, and the commands run in them as the Makefile runs them."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .paths import ROOT

# Hand-written files under docs/ that a site needs (the build generates the rest).
HAND_WRITTEN_DOCS = ("stylesheets", "assets")


def copy_site_files(dest: Path) -> None:
    """What a project needs beside source/ and docs/: the real mkdocs.yml, build_scripts and overrides."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "build_scripts", dest / "build_scripts", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", dest / "overrides")


def copy_hand_written_docs(dest: Path) -> None:
    """docs/ as in a fresh checkout: only the hand-written files."""
    for name in HAND_WRITTEN_DOCS:
        if (ROOT / "docs" / name).is_dir():
            shutil.copytree(ROOT / "docs" / name, dest / "docs" / name)


def make_project(dest: Path, source: Path = ROOT / "source") -> Path:
    """A project in `dest`: a copy of `source`, plus the real mkdocs.yml, build_scripts and hand-written docs."""
    shutil.copytree(source, dest / "source")
    copy_site_files(dest)
    copy_hand_written_docs(dest)
    return dest


# What the Makefile's set-up reads (its stamp's prerequisites, and what they are made from)
SETUP_FILES = ("pyproject.toml", "requirements.txt", "requirements-dev.txt", "requirements.lock")


def copy_setup_files(dest: Path) -> None:
    """The set-up files, dated 1970: older than any environment's stamp, so that make in `dest` with the
    shared VENV finds it installed and never reinstalls it."""
    for name in SETUP_FILES:
        shutil.copy(ROOT / name, dest / name)
        os.utime(dest / name, (0, 0))


def run(args: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a command the way the Makefile does (pinned build date, the project's Python)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1498176000", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def build_script(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "build_scripts", *args], cwd, check=check)


def mkdocs_build(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", *args], cwd, check=check)


def build_docs(dest: Path, strict: bool = True) -> None:
    """The build script over `dest`, as CI runs it (`strict=False`: its warnings allowed, for a
    fixture that is no translation)."""
    build_script(dest, "build", *(["--strict"] if strict else []))


# --- a project under git, as a pull request changes it -------------------------------------------

ARTICLE = "source/articles/pingan-zhejiang.md"


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
    }
    proc = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def repo(tmp_path: Path) -> Path:
    """A copy of the project, committed as the base of a pull request."""
    root = make_project(tmp_path / "repo")
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")  # as in a clone: caches and build output ignored
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    return root


def report(root: Path, *args: str, check: bool = True) -> Ran:
    """`python -m build_scripts changes` typed in `root`, the report of what a pull request changes, run
    through the command line's entry point (command_line); `test_changes.py`'s bad-ref test runs the
    real process."""
    ran = command_line(root, "changes", *args)
    if check and ran.returncode != 0:
        raise AssertionError(f"changes {' '.join(args)} exited {ran.returncode}\n{ran.stdout}\n{ran.stderr}")
    return ran


@dataclass(frozen=True)
class Ran:
    """What a command said and how it ended, as subprocess.run reports it."""

    returncode: int
    stdout: str
    stderr: str


def command_line(cwd: Path, *args: str) -> Ran:
    """`python -m build_scripts ARGS` typed in `cwd`, run in this process through the command line's own
    entry point (build_scripts.__main__.main): the same parsing, messages and exit codes, without starting
    a Python. Each command keeps one test that starts the real process (`build_script`), for what only a
    process shows: the exit status the shell sees, and no traceback."""
    from build_scripts.__main__ import main

    # text streams over bytes, as a process's are: `changes` writes its report to stdout's buffer
    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True) for _ in range(2))
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse ends a usage error (2) or --help (0) this way
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    said = [stream.buffer.getvalue().decode("utf-8") for stream in (out, err)]
    return Ran(code, *said)
