"""A new article never degrades the others: the real article built alone and in a collection with a
Traditional article and a Simplified one of another shape (tests/fixtures/scripts/), searched in
Chromium with every query of the search-quality table, and with queries in both scripts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from build_scripts.text import script
from tests.support.scripts import SCRIPTS, hant_slugs, pages, traditional_use
from tests.support.search import Item, load_queries, open_search, search
from tests.support.zensical import answer
from tests.support.zensical import open_search as zensical_search

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = [pytest.mark.slow]

REAL = "pingan-zhejiang/"  # the real article's pages (source/articles/pingan-zhejiang.md)


def into_real(items: list[Item], k: int = 3) -> list[str]:
    """The first `k` results that lead into the real article: the first to its page and paragraph, the
    others to their page. Two paragraphs of one page that answer a query alike may swap as the word
    statistics of the collection change (a word's weight falls as more articles use it): what another
    article must never change is the first answer, and which pages answer, in which order."""
    into = [i.target for i in items if i.target.startswith(REAL)][:k]
    return into[:1] + [target.partition("#")[0] for target in into[1:]]


@pytest.mark.browser
@pytest.mark.parametrize("way", ["http", "file"])
def test_every_quality_query_answers_the_same_for_the_real_article(
    browser: Browser, request: pytest.FixtureRequest, way: str
) -> None:
    """Over http, and from the unzipped offline copies (file://), as the search-quality table runs."""
    if way == "http":
        alone_root, together_root = request.getfixturevalue("http_url"), request.getfixturevalue("scripts_http_url")
    else:
        alone_root = request.getfixturevalue("offline_site").as_uri()
        together_root = request.getfixturevalue("scripts_offline").as_uri()
    queries = [q.query for q in load_queries()]
    alone = open_search(browser, f"{alone_root}/index.html")
    together = open_search(browser, f"{together_root}/index.html")
    try:
        differ = []
        for query in queries:
            before = into_real(search(alone, query, alone_root))
            after = into_real(search(together, query, together_root))
            if before != after:
                differ.append(f"{query}: alone {before}, in the collection {after}")
    finally:
        alone.close()
        together.close()
    assert differ == [], "\n".join(differ)


@pytest.mark.browser
@pytest.mark.parametrize("form", ["习近平", "平安中国", "社会治理"])
def test_either_script_finds_both_articles(browser: Browser, scripts_http_url: str, form: str) -> None:
    """A Simplified query finds the Traditional article; its Traditional form finds the same pages."""
    page = open_search(browser, f"{scripts_http_url}/index.html")
    try:
        simplified = search(page, form, scripts_http_url)
        traditional_form = next(w for w in ("習近平", "平安中國", "社會治理") if script.fold(w) == form)
        traditional = search(page, traditional_form, scripts_http_url)
    finally:
        page.close()
    found = pages(simplified)
    assert any(p.startswith(f"{slug}/") for slug in hant_slugs() for p in found), (form, sorted(found))
    assert pages(traditional) == found, (traditional_form, sorted(pages(traditional)), sorted(found))
    # the Traditional page's result marks the word in its own characters, whichever script was typed
    for items in (simplified, traditional):
        marks = {m for i in items if any(i.target.startswith(f"{slug}/") for slug in hant_slugs()) for m in i.marks}
        assert traditional_form in marks, (form, marks)


@pytest.mark.browser
def test_a_traditional_query_finds_what_the_simplified_one_finds_on_the_real_article(
    browser: Browser, http_url: str
) -> None:
    """習近平 on a site of Simplified text alone: folded, it finds every page 习近平 finds."""
    page = open_search(browser, f"{http_url}/index.html")
    try:
        simplified = [i.target for i in search(page, "习近平", http_url)]
        traditional = [i.target for i in search(page, "習近平", http_url)]
    finally:
        page.close()
    assert simplified and traditional == simplified


@pytest.mark.browser
@pytest.mark.parametrize(("way", "typed"), [("http", "simplified"), ("file", "traditional")])
def test_on_zensical_a_traditional_page_opened_from_a_result_highlights_the_word_as_it_writes_it(
    browser: Browser, request: pytest.FixtureRequest, scripts_site: Path, way: str, typed: str
) -> None:
    """As on MkDocs (tests/browser/test_search_browser.py): the result's `?h=` holds the index's
    Simplified words, and the Traditional page it opens marks them in its own characters."""
    path, written, term = traditional_use(scripts_site)
    if way == "http":
        root = str(request.getfixturevalue("zensical_scripts_http_url"))
    else:
        root = request.getfixturevalue("zensical_scripts_offline").as_uri()
    page = zensical_search(browser, f"{root}/index.html")
    try:
        hrefs = [str(r["href"]) for r in answer(page, term.term if typed == "simplified" else written)]
        opened = next((h for h in hrefs if h.partition("?")[0] == f"{root}/{path}"), None)
        assert opened and "?h=" in opened, f"{way} {written!r}: {path} not among {hrefs}"
        page.goto(opened)
        page.wait_for_selector("mark[data-md-highlight]", timeout=15_000)
        shown = page.locator("mark[data-md-highlight]").all_inner_texts()
        assert written in shown, f"{way} {typed} {written!r}: {path} highlights {shown}"
    finally:
        page.close()


def test_the_traditional_pages_are_indexed_with_their_fold_and_cut_by_it(scripts_site: Path) -> None:
    index = json.loads((scripts_site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    for slug in hant_slugs():
        docs = [d for d in index["docs"] if d["location"].startswith(f"{slug}/")]
        # every entry holding a Traditional character carries its fold (an entry of digits needs none)
        assert any("fold" in d for d in docs)
        # the fold of the text, then of the title where it holds Traditional characters
        assert all(d.get("fold", d["text"]).startswith(script.fold(d["text"])) for d in docs)
        assert all(script.fold(d["title"]) in d["fold"] for d in docs if script.fold(d["title"]) != d["title"])
        words = {w for d in docs for w in d["text"].split("\u200b")}
        # jieba cuts 書記習近平 where it cuts 书记习近平: the name stays one word
        assert "習近平" in words
    simplified = [d for d in index["docs"] if d["location"].startswith(REAL)]
    assert simplified and not any("fold" in d for d in simplified)


def test_the_glossary_shows_the_traditional_forms_and_their_uses(scripts_site: Path) -> None:
    glossary = (scripts_site / "site" / "glossary.html").read_text(encoding="utf-8")
    for slug in hant_slugs():
        text = (SCRIPTS / "articles" / f"{slug}.md").read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title:"))[6:].strip()
        for form in ("習近平", "平安中國", "社會治理"):
            assert form in text
            assert f'<span lang="zh-Hant">{form}</span>（见于《{title}》）' in glossary
        # the Traditional edition's uses are in the concordance under the Simplified entry
        assert f'href="{slug}/' in glossary


# --- the Simplified reading view of a Traditional edition ---------------------------------------

TOGGLE = ".script-toggle"


def hant_paragraphs(slug: str) -> dict[str, str]:
    """The edition's paragraphs by anchor, as its file has them (the build's own parser)."""
    from build_scripts.core.model import SourceFile
    from build_scripts.read.edition import parse_edition

    path = SCRIPTS / "articles" / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    raw = SCRIPTS / "raw" / f"{slug}.txt"
    ref = f"source/raw/{raw.name}"
    article, _ = parse_edition(
        SourceFile(path, f"source/articles/{path.name}", text),
        {ref: SourceFile(raw, ref, raw.read_text(encoding="utf-8"))},
    )
    return {p.anchor: p.text for s in article.sections for p in s.paragraphs}


def para_text(page: Page, anchor: str) -> str:
    """A paragraph's text as shown, without its ¶ link."""
    script_ = f"""() => {{
      const p = document.getElementById('{anchor}').cloneNode(true);
      p.querySelectorAll('a.para-link').forEach((a) => a.remove());
      return p.textContent.trim();
    }}"""
    return str(page.evaluate(script_))


def check_reading_view(page: Page, root: str, slug: str, press: Callable[[Locator], None]) -> None:
    paragraphs = hant_paragraphs(slug)
    anchors = list(paragraphs)
    first, other = anchors[0], next(a for a in anchors if a.split("-")[0] != anchors[0].split("-")[0])
    page.goto(f"{root}/{slug}/{first.split('-')[0]}.html")
    toggle = page.locator(TOGGLE)
    toggle.wait_for(state="visible")
    hant, hans = toggle.locator('button[data-script="hant"]'), toggle.locator('button[data-script="hans"]')
    assert hant.get_attribute("aria-pressed") == "true"
    shown = para_text(page, first)
    assert shown == paragraphs[first] and script.fold(shown) != shown
    press(hans)
    assert para_text(page, first) == script.fold(shown)
    assert hans.get_attribute("aria-pressed") == "true" and hant.get_attribute("aria-pressed") == "false"
    assert page.locator(".md-content").get_attribute("lang") == "zh-Hans"
    # remembered on the next page and after a reload
    page.goto(f"{root}/{slug}/{other.split('-')[0]}.html")
    page.locator(TOGGLE).wait_for(state="visible")
    assert para_text(page, other) == script.fold(paragraphs[other])
    page.reload()
    page.locator(TOGGLE).wait_for(state="visible")
    assert para_text(page, other) == script.fold(paragraphs[other])
    press(page.locator(f'{TOGGLE} button[data-script="hant"]'))
    assert para_text(page, other) == paragraphs[other]  # the text's own characters, back


@pytest.mark.browser
def test_the_simplified_view_on_a_phone_from_disk(browser: Browser, scripts_site: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        for slug in hant_slugs():
            check_reading_view(page, (scripts_site / "site").as_uri(), slug, lambda b: b.tap())
    finally:
        context.close()


@pytest.mark.browser
def test_the_simplified_view_on_a_desktop_and_only_on_traditional_editions(
    browser: Browser, scripts_site: Path, scripts_http_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        for slug in hant_slugs():
            check_reading_view(page, scripts_http_url, slug, lambda b: b.click())
            # the article's landing page offers the view too: its title in Simplified
            title = re.search(r"^title: (.+)$", (SCRIPTS / "articles" / f"{slug}.md").read_text(encoding="utf-8"), re.M)
            assert title and script.fold(title[1]) != title[1]
            page.goto(f"{scripts_http_url}/{slug}/index.html")
            page.locator(f'{TOGGLE} button[data-script="hans"]').click()
            assert page.locator("h1").first.inner_text().strip().rstrip("¶") == script.fold(title[1])
            # the files keep the Traditional text
            html = (scripts_site / "site" / slug / "s1.html").read_text(encoding="utf-8")
            assert any(p[:10] in html and script.fold(p) != p for p in hant_paragraphs(slug).values())
        page.goto(f"{scripts_http_url}/{REAL}s1.html")
        page.wait_for_selector(".md-content")
        assert page.locator(TOGGLE).count() == 0
    finally:
        context.close()
