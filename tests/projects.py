"""This repository → throw-away copies of its project (source/ + site configuration), for tests and benchmarks."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
