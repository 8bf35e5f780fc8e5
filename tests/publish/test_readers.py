"""What a reader gets: only files a page loads; a search index that knows Traditional characters and other names."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from build_scripts.pages.query import fold_chars, opencc_tables, other_names
from build_scripts.publish.lean import LUNR_DIR, lunr_files
from tests.support.paths import ROOT
from tests.support.printed import TERM_LINK

if TYPE_CHECKING:
    from playwright.sync_api import Page

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


def test_traditional_characters_fold_to_the_simplified_ones_the_text_holds() -> None:
    variants, characters = opencc_tables()
    table = fold_chars(set("村规民约干乾"), variants, characters)
    assert table["規"] == "规" and table["約"] == "约"
    assert "乾" not in table  # the text holds 乾 itself: a query for it stays as typed
    assert "臺" not in table  # 台 is not in the text: nothing to fold it to


def test_other_names_search_as_their_term() -> None:
    glossary = {"terms": [{"term": "三治合一", "also": ["三治融合"]}, {"term": "法治", "aliases": ["社会主义法治"]}]}
    names = other_names(glossary, "坚持社会主义法治，推进三治合一")
    assert names == {"三治融合": "三治合一", "社会主义法治": "社会主义法治 法治"}


def test_the_index_carries_the_query_table(offline_site: Path) -> None:
    index = json.loads((offline_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    table = index["config"]["query"]
    pairs = dict(zip(table["chars"][::2], table["chars"][1::2], strict=True))
    assert pairs["規"] == "规"
    glossary = yaml.safe_load((ROOT / "source" / "glossary.yaml").read_text(encoding="utf-8"))
    # the index's text as a reader reads it: no markup, no word separators
    text = re.sub(r"<[^>]+>", "", " ".join(f"{d.get('title', '')} {d.get('text', '')}" for d in index["docs"]))
    text = text.replace("\u200b", "")
    for entry in glossary["terms"]:
        for name in entry.get("also") or []:
            # a name the site also holds (in a definition or a note) is searched as itself too
            expected = f"{name} {entry['term']}" if name in text else entry["term"]
            assert table["names"][name] == expected


@pytest.mark.browser
def test_a_printed_page_is_the_text_with_its_definitions_as_notes(page: Page, http_url: str, real_site: Path) -> None:
    """Printing a section (Chromium's print media): no header, navigation or search; notes after the text."""
    # the first article's first section that links a glossary term (an article may use none)
    sections = sorted((real_site / "site").glob("*/s1.html"))
    section = next(p for p in sections if TERM_LINK.search(p.read_text(encoding="utf-8")))
    path = section.relative_to(real_site / "site").as_posix()
    page.goto(f"{http_url}/{path}")
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search", "a.para-link"):
        assert not page.locator(hidden).first.is_visible(), f"{hidden} is printed"
    terms = page.eval_on_selector_all("article a.term[data-title]", "as => [...new Set(as.map(a => a.href))].length")
    notes = page.locator("ol.print-notes li")
    assert terms > 0 and notes.count() == terms
    assert notes.first.inner_text() == page.locator("article a.term[data-title]").first.get_attribute("data-title")
    assert page.locator("sup.note-ref").first.is_visible()
    # the definitions are lettered, the page's own notes keep their numbers: two series, never one
    marks = page.eval_on_selector_all("sup.note-ref", "s => s.map(e => e.textContent)")
    assert marks[:3] == ["a", "b", "c"][: len(marks[:3])]
    assert all(not page.locator(".note-back").nth(i).is_visible() for i in range(page.locator(".note-back").count()))
    page.emulate_media(media="screen")
    assert not page.locator("ol.print-notes").is_visible(), "the notes show on screen"


def test_a_glossary_entry_indexes_each_reading_once(offline_site: Path) -> None:
    # the search-only pinyin line is `spaced · joined`; for a one-word reading the two are one word
    index = json.loads((offline_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if d["location"].startswith("glossary.html#") and d.get("boost")]
    assert entries
    twice = [d["location"] for d in entries if re.search(r"<p>([^<·]+) · \1</p>", d["text"])]
    assert not twice, twice
