"""Content is text where it is read: the probes fixture site in Chromium, over http and from the offline copy.

tests/fixtures/probes/ puts a probe in every field a contributor writes (glossary term, aliases,
en, def_zh, def_en, see_also, and the pinyin derived from the term; article title, English title,
dateline, section headings and their `en=`, errata, the body, the `source:` block; the editorial
notes, the English translation, a term's `also` name): markup that, read as HTML, would run
(`<img src=x onerror=…>` or `<svg onload=…>` sets `window.__probe`), break out of `<title>`,
or leave an element behind (`<b data-probe=…>`, `<script>`). Each marker (`zqterm`, `zqen`…) is
also a word of its own, so a search can ask for each field. The first glossary term is used more
than 20 times, so it has a concordance page.

tests/test_hostile.py reads the static HTML; this suite reads what the theme's scripts make of it:
tooltips shown on hover, search results, `document.title`, citation copy buttons and the
reading language switch, on every page, both ways in. After
each, no probe has run and no probe element exists, and the text is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from tests.conftest import FIXTURES, built_site, make_project, offline_copy, serve
from tests.test_browser import (
    ANSWERED,
    META,
    READY,
    RESULT_ITEM,
    SEARCH_INPUT,
    TOOLTIP,
    Site,
    either_way,
    open_page,
    record_errors,
    squash,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROBES = FIXTURES / "probes" / "source"
WAYS = ("http", "file")
SETTLE_MS = 500  # an <img src=x> fails and fires its onerror within this, from disk or over http
# Every probe is marked by one of these words, written next to it in its field.
MARKER = re.compile(r"\bzq[a-z]+\b")

# An element that only a probe's markup could have made, anywhere in the document.
PROBE_ELEMENTS = """() => [
    ...document.querySelectorAll('[data-probe], [onerror], [onload]'),
    ...[...document.querySelectorAll('script')].filter(s => s.textContent.includes('__probe')),
].map(e => e.outerHTML.slice(0, 200))"""


ELEMENT_NAME = "e => `${e.tagName}.${e.className}`"  # for messages: A.term, A.md-nav__link


@pytest.fixture(scope="module")
def probe_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(make_project(tmp_path_factory.mktemp("probes"), PROBES), strict=False)  # not a translation


@pytest.fixture(scope="module")
def probe_http(probe_project: Path) -> Iterator[str]:
    with serve(probe_project / "site") as url:
        yield url


@pytest.fixture(scope="module")
def probe_offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("probes-offline"), PROBES)
    return offline_copy(root, tmp_path_factory.mktemp("probes-unzipped"), strict=False)


@pytest.fixture(params=WAYS)
def site(request: pytest.FixtureRequest) -> Site:
    return either_way(request, "probe_http", "probe_offline")


def site_pages(site_dir: Path) -> list[str]:
    """Every page of the site (404 included), site-relative."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


def markers() -> list[str]:
    """Every probe's marker, read from the fixture's sources."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(PROBES.rglob("*")) if p.is_file())
    return sorted(set(MARKER.findall(text)))


def assert_no_probe(page: Page, where: str) -> None:
    page.wait_for_timeout(SETTLE_MS)
    ran = page.evaluate("() => window.__probe || []")
    assert not ran, f"{where}: probes ran: {ran}"
    made = page.evaluate(PROBE_ELEMENTS)
    assert not made, f"{where}: probe markup became elements: {made}"


# --- the fixture is what it claims --------------------------------------------------------------


def test_every_field_of_the_fixture_carries_a_probe() -> None:
    glossary = yaml.safe_load((PROBES / "glossary.yaml").read_text(encoding="utf-8"))
    for entry in glossary["terms"]:
        for key, value in entry.items():
            if key not in ("id", "category"):
                assert "onerror=" in str(value) or "onload=" in str(value), f"glossary {entry['id']}.{key}"
    # A `pinyin:` written by hand must be pinyin syllables (tests/test_input.py); the pinyin the
    # build derives from a term keeps the term's other characters, markup included.
    assert all("pinyin" not in entry for entry in glossary["terms"])
    text = (PROBES / "articles" / "probes.md").read_text(encoding="utf-8")
    _, front_text, body = text.split("---\n", 2)
    front = yaml.safe_load(front_text)
    for key in ("title", "title_en", "dateline"):
        assert "onerror=" in front[key], key
    for key in ("raw", "edition", "note"):
        assert "onerror=" in front["errata"][0][key], f"errata.{key}"
    headings = [line for line in body.splitlines() if line.startswith("## ")]
    assert len(headings) >= 2
    assert all("data-probe=" in h.split("{", 1)[0] and "data-probe=" in h.split("{", 1)[1] for h in headings)
    assert "onerror=" in body.split("\n## ", 1)[0]  # the body text before the first heading
    for key in ("outlet", "author", "unknown"):
        assert "onerror=" in front["source"][key] and "</textarea>" in front["source"][key], f"source.{key}"
    assert "javascript:" in front["source"]["url"]  # in an http address: its only way past validation
    assert any("also" in entry for entry in glossary["terms"])
    notes = yaml.safe_load((PROBES / "articles" / "probes.notes.yaml").read_text(encoding="utf-8"))["notes"]
    assert {n["at"] for n in notes} >= {"dateline", "s1", "intro-p1"}  # dateline, heading, paragraph
    for note in notes:
        for key in ("zh", "en", *(["sources"] if note.get("sources") else [])):
            assert "onerror=" in str(note[key]) and "](javascript:" in str(note[key]), f"note {note['at']}.{key}"
    english = (PROBES / "articles" / "probes.en.md").read_text(encoding="utf-8").split("\n## ")
    assert all("onerror=" in part for part in english), "every section of the translation"


# --- every page, its title ----------------------------------------------------------------------


def test_no_probe_runs_on_any_page(site: Site, page: Page, probe_project: Path) -> None:
    errors = record_errors(page)
    pages = site_pages(probe_project / "site")
    assert "concordance/probe-term.html" in pages  # the term used more than 20 times
    for path in pages:
        open_page(page, site.url(path))
        assert_no_probe(page, path)
    # the offline copy's 404 page is for a server to send: opened from disk, it names absent files
    assert not [e for e in errors if "/404.html:" not in e], errors


def test_a_page_title_is_the_heading_as_text(site: Site, page: Page) -> None:
    """A section's heading and a concordance's term reach `<title>` as text, never closing it."""
    text = (PROBES / "articles" / "probes.md").read_text(encoding="utf-8")
    heading = re.search(r"^## (.+?) \{#s1 ", text, re.M)
    assert heading
    glossary = yaml.safe_load((PROBES / "glossary.yaml").read_text(encoding="utf-8"))
    term = glossary["terms"][0]["term"]
    for path, expected in [("probes/s1.html", heading.group(1)), ("concordance/probe-term.html", f"用例 {term}")]:
        open_page(page, site.url(path))
        assert squash(page.title()).startswith(squash(expected)), path
        assert_no_probe(page, path)


# --- tooltips -----------------------------------------------------------------------------------


def test_tooltips_show_their_text_and_run_nothing(site: Site, page: Page, probe_project: Path) -> None:
    """Every element whose title holds an editor's text: term links, and navigation entries too
    long for the sidebar (the theme copies their text into a title and shows it as a tooltip)."""
    hovered: list[str] = []
    for path in site_pages(probe_project / "site"):
        if path == "404.html" and site.way == "file":
            continue  # for a server to send: opened from disk its scripts are not found (see above)
        open_page(page, site.url(path))
        with_text = [
            (h, title)
            for h in page.query_selector_all(".md-content [title], .md-sidebar [title]")
            if MARKER.search(title := h.get_attribute("title") or "") and h.is_visible()
        ]
        for handle, title in with_text:
            what = f"{path}: tooltip of <{handle.evaluate(ELEMENT_NAME)}>"
            handle.scroll_into_view_if_needed()
            handle.hover()
            page.wait_for_selector(TOOLTIP, state="visible")
            assert_no_probe(page, what)
            shown = page.locator(TOOLTIP).last.inner_text()
            assert squash(shown) == squash(title), what
            assert "</title>" in shown, what  # the reader sees the markup as written
            page.mouse.move(0, 0)
            page.wait_for_selector(TOOLTIP, state="detached")
            hovered.append(what)
    assert any("A.term" in h for h in hovered), hovered
    assert any("md-nav__link" in h for h in hovered), hovered


# --- search -------------------------------------------------------------------------------------


def search_for(page: Page, query: str) -> int:
    """Search like a reader (the `/` key, then typing); the number of result items rendered."""
    meta = f"document.querySelector('{META}').textContent"
    page.keyboard.press("/")
    page.wait_for_selector(SEARCH_INPUT, state="visible")
    page.fill(SEARCH_INPUT, "")
    page.wait_for_function(f"() => {meta}.includes('{READY}')", timeout=30_000)
    page.fill(SEARCH_INPUT, query)
    page.wait_for_function(f"() => {meta}.includes('{ANSWERED}')", timeout=30_000)
    return page.locator(RESULT_ITEM).count()


# Fields that only the home page shows, which search leaves out (templates/home.md.j2).
# The translation's own `note:` is shown nowhere; an `also` name is not the text's: a search for
# the whole name finds its term (test_the_apparatus_runs_nothing); the source's address is one
# word to search (it holds no space), not a word for each part.
NOT_INDEXED = {"zqtitleen", "zqtrnote", "zqalso", "zqurl"}


def test_search_results_show_every_field_as_text(site: Site, page: Page) -> None:
    found = []
    for marker in markers():
        open_page(page, site.url("index.html"))
        count = search_for(page, marker)
        assert_no_probe(page, f"search {marker}")
        if count:
            found.append(marker)
            shown = page.locator(RESULT_ITEM).first.inner_text()
            assert "<img" in shown or "<b" in shown or "</title>" in shown, f"search {marker}: {shown[:300]}"
    assert set(markers()) - set(found) <= NOT_INDEXED, f"no result for {sorted(set(markers()) - set(found))}"


# --- the apparatus: note calls, citations, the reading language, another name ---------------------


def test_the_apparatus_runs_nothing(site: Site, page: Page) -> None:
    """Editorial notes' tooltips, the citation copy buttons, 中文/English/对照, and a search for an
    English probe word and for a glossary term's `also` name: nothing runs, nothing is made."""
    errors = record_errors(page)
    path = "probes/s1.html"  # a note on its heading, an English paragraph, citations
    open_page(page, site.url(path))
    calls = page.query_selector_all("sup.note-call a[title]")
    assert calls, path
    for call in calls:
        title = call.get_attribute("title") or ""
        call.scroll_into_view_if_needed()
        call.hover()
        page.wait_for_selector(TOOLTIP, state="visible")
        assert_no_probe(page, f"{path}: note call tooltip")
        shown = page.locator(TOOLTIP).last.inner_text()
        assert squash(shown) == squash(title) and "[链接](javascript:" in shown, shown[:300]
        page.mouse.move(0, 0)
        page.wait_for_selector(TOOLTIP, state="detached")
    details = page.locator("details.cite").first
    details.locator("summary").click()
    buttons = details.locator("button.cite-copy")
    assert buttons.count() == 3
    for i in range(buttons.count()):
        buttons.nth(i).click()
        assert_no_probe(page, f"{path}: citation copy {i}")
    bibtex = details.locator("pre.cite-text").inner_text()
    assert "</textarea></pre><img" in bibtex and r"\}\}\},title=\{x" in bibtex, bibtex
    for mode in ("en", "both", "zh"):
        page.locator(f".lang-toggle button[data-lang={mode}]").first.click()
        assert_no_probe(page, f"{path}: reading {mode}")
        if mode != "zh":
            assert "<img src=x" in page.locator(".para-en").first.inner_text(), mode
    glossary = yaml.safe_load((PROBES / "glossary.yaml").read_text(encoding="utf-8"))
    also = next(e["also"][0] for e in glossary["terms"] if "also" in e)
    for query in ("zqenone", also):
        open_page(page, site.url("index.html"))
        assert search_for(page, query), query
        assert_no_probe(page, f"search {query}")
    assert not errors, errors
