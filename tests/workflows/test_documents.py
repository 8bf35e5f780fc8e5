"""The documents name only what exists: every file, module and test they point a reader to."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.support.paths import ROOT

DOCUMENTS = ("README.md", "CONTRIBUTING.md", "ARCHITECTURE.md", "ZENSICAL.md")
# A path of this repository in backticks: tests/read/test_x.py, build_scripts/read/cite.py, .ci/run …
PATH = re.compile(r"`((?:build_scripts|tests|benchmarks|\.ci|\.github|overrides|docs)/[^`\s*<>…]+)`")
# tests/read/test_x.py::test_name, and the ::test_name that follow it in the same cell
TESTS = re.compile(r"`(tests/[\w/]+\.py)((?:::[\w\[\]-]+)?)`|`::([\w\[\]-]+)`")


def defined_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)}


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_path_a_document_names_exists(document: str) -> None:
    text = (ROOT / document).read_text(encoding="utf-8")
    generated = ("docs/.", "docs/<", "source/articles/<", "source/raw/<")
    missing = [
        p
        for p in PATH.findall(text)
        if not p.startswith(generated) and "<" not in p and not (ROOT / p.split("::")[0].rstrip("/,.")).exists()
    ]
    assert missing == [], f"{document} names what does not exist"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_test_a_document_names_exists(document: str) -> None:
    missing = []
    for line in (ROOT / document).read_text(encoding="utf-8").splitlines():
        current: Path | None = None
        for file, own, follow in TESTS.findall(line):
            name = own.removeprefix("::") if file else follow
            if file:
                current = ROOT / file
                if not current.is_file():
                    missing.append(file)
                    continue
            if name and current is not None and name.split("[")[0] not in defined_names(current):
                missing.append(f"{current.relative_to(ROOT)}::{name}")
    assert missing == [], f"{document} names tests that do not exist"


def test_the_architecture_is_a_map() -> None:
    """ARCHITECTURE.md stays a map a newcomer reads in minutes; studies live on pages of their own."""
    assert len((ROOT / "ARCHITECTURE.md").read_bytes()) < 15_000
