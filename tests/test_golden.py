"""Golden pages: the generated Markdown of the small fixture site, compared byte for byte.

After an intended change to the templates or the build, regenerate them with `make golden` and
read the diff of tests/golden/ in the pull request.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from build_scripts.build import build

from .conftest import ROOT, SMALL

GOLDEN = ROOT / "tests" / "golden" / "site-small"


def generated(tmp_path: Path) -> dict[str, str]:
    shutil.copytree(SMALL / "source", tmp_path / "source")
    result = build(tmp_path)
    assert result.ok and result.report, result.problems
    docs = tmp_path / "docs"
    return {path: (docs / path).read_text(encoding="utf-8") for path in result.report.written}


def test_generated_pages_match_golden_files(tmp_path: Path) -> None:
    pages = generated(tmp_path)
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, content in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(content, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert expected == set(pages), "pages added or removed: run `make golden` and review the diff"
    for path, content in pages.items():
        assert (GOLDEN / path).read_text(encoding="utf-8") == content, f"{path} changed: run `make golden`"
