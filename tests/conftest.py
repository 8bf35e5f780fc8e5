"""Shared test helpers: paths, and throw-away copies of a project (source/ + site configuration)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SMALL = FIXTURES / "site-small"
# Hand-written files under docs/ that a site needs (the build generates the rest).
HAND_WRITTEN_DOCS = ("stylesheets", "assets")


def make_project(dest: Path, source: Path = ROOT / "source") -> Path:
    """A project in `dest`: a copy of `source`, plus the real mkdocs.yml, build_scripts and hand-written docs."""
    shutil.copytree(source, dest / "source")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "build_scripts", dest / "build_scripts", ignore=shutil.ignore_patterns("__pycache__"))
    for name in HAND_WRITTEN_DOCS:
        if (ROOT / "docs" / name).is_dir():
            shutil.copytree(ROOT / "docs" / name, dest / "docs" / name)
    return dest


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


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real article built once into a temporary project: build script + `mkdocs build --strict`."""
    dest = make_project(tmp_path_factory.mktemp("real"))
    build_script(dest, "build", "--strict")
    mkdocs_build(dest)
    return dest
