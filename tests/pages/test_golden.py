"""Golden pages: the generated Markdown of the small fixture site, compared byte for byte.

After an intended change to the templates or the build, regenerate them with `make golden` and
read the diff of tests/golden/ in the pull request.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from build_scripts.pipeline.build import build
from tests.support.paths import ROOT, SMALL

GOLDEN = ROOT / "tests" / "golden" / "site-small"


def generated(tmp_path: Path, fixture: Path = SMALL) -> dict[str, str]:
    shutil.copytree(fixture / "source", tmp_path / "source")
    result = build(tmp_path)
    assert result.ok and result.report, result.problems
    docs = tmp_path / "docs"
    return {path: (docs / path).read_text(encoding="utf-8") for path in result.report.written}


# the small site, and the same with notes, a translation and its source (the scholarly apparatus)
FIXTURES = {"site-small": SMALL, "scholarly": ROOT / "tests" / "fixtures" / "scholarly"}


@pytest.mark.parametrize("name", FIXTURES)
def test_generated_pages_match_golden_files(tmp_path: Path, name: str) -> None:
    pages = generated(tmp_path, FIXTURES[name])
    golden = GOLDEN.parent / name
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(golden, ignore_errors=True)
        for path, content in pages.items():
            (golden / path).parent.mkdir(parents=True, exist_ok=True)
            (golden / path).write_text(content, encoding="utf-8")
    expected = {p.relative_to(golden).as_posix() for p in golden.rglob("*") if p.is_file()}
    assert expected == set(pages), "pages added or removed: run `make golden` and review the diff"
    for path, content in pages.items():
        assert (golden / path).read_text(encoding="utf-8") == content, f"{path} changed: run `make golden`"
