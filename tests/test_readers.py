"""What a reader gets: the offline copy holds only files a page loads, and the search index stays lean."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from build_scripts.lean_hook import LUNR_DIR, lunr_files

pytestmark = pytest.mark.slow


def test_the_worker_languages_follow_the_theme_source() -> None:
    # setupSearchLanguages in mkdocs-material 9.8.2's search worker
    assert lunr_files(["zh"]) == {LUNR_DIR + "min/lunr.stemmer.support.min.js", LUNR_DIR + "min/lunr.zh.min.js"}
    assert lunr_files(["en"]) == set()
    assert LUNR_DIR + "wordcut.js" in lunr_files(["th", "en"])
    assert LUNR_DIR + "min/lunr.multi.min.js" in lunr_files(["th", "en"])


def test_offline_copy_holds_no_source_maps_nor_unused_search_languages(offline_site: Path) -> None:
    files = {p.relative_to(offline_site).as_posix() for p in offline_site.rglob("*") if p.is_file()}
    assert not [f for f in files if f.endswith(".map")]
    langs = json.loads((offline_site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["lang"]
    assert {f for f in files if f.startswith(LUNR_DIR)} == lunr_files(langs)
    for name in files:
        if name.endswith((".js", ".css")):
            text = (offline_site / name).read_text(encoding="utf-8")
            assert not re.search(r"sourceMappingURL=", text[-300:]), f"{name} still names its source map"
