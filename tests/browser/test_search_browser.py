"""Searching as a reader does, on a phone (390×844, touch, taps) and on a desktop (1280×800, mouse),
over http and from the unzipped offline copy (file://), every pair of those and of a query's kind
rather than every combination (tests/support/pairwise.py): the glossary entry found by each of its
names, what the result list shows as missing, what the opened page highlights, and when the search
index loads.

Every query comes from the real site (source/, built): the glossary's terms, and the query table the
build writes into the search index (its other names and its Traditional characters, query.py), so
each expectation holds for whatever articles and glossary the project has.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from build_scripts.core.model import Term
from build_scripts.publish.search import WORD_JOINER
from tests.support.browser import ANSWERED, GLOSSARY, META, READY, RESULT_ITEM, RESULT_LINK, SEARCH_INPUT, Device, Site
from tests.support.checks import articles, glossary
from tests.support.pairwise import across, rows
from tests.support.paths import ROOT
from tests.support.scripts import traditional_use

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEARCH_BUTTON = 'label.md-header__button[for="__search"]'  # the magnifier in the header (phone)
MISSING = ".md-search-result__terms del"  # a query word a result lacks, struck through under 缺少
# lunr's English stop words, as the opened page must not highlight them
STOP_WORDS = {"of", "and", "the", "a", "an", "in", "on", "for", "to", "with", "by", "at", "or"}


# --- what the site holds ------------------------------------------------------------------------


@dataclass(frozen=True)
class Queries:
    """Queries for glossary entries, each with the entry it must bring first among the entries."""

    headword: Term  # a term the text uses (its passages must be found too)
    alias: tuple[str, Term]  # a name the text uses beside its term (query table: `alias term`)
    traditional: tuple[str, Term]  # a term typed in Traditional characters
    other: tuple[str, Term] | None  # an `also` name (established, not the text's), in the query table
    stop_word: Term  # a term whose English rendering holds an English stop word


@functools.cache
def site_texts() -> dict[str, str]:
    """Each section page of source/'s articles → its text."""
    return {f"{a.slug}/{s.id}.html": "".join(p.text for p in s.paragraphs) for a in articles(ROOT) for s in a.sections}


def queries(index: dict[str, Any]) -> Queries:
    terms = glossary(ROOT)
    by_term = {t.term: t for t in terms}
    text = "".join(site_texts().values())
    table = index["config"]["query"]
    pairs = [*table["chars"]]
    to_traditional: dict[str, str] = {}
    for k in range(0, len(pairs) - 1, 2):
        to_traditional.setdefault(pairs[k + 1], pairs[k])
    aliases = [(n, by_term[to.split(" ")[-1]]) for n, to in table["names"].items() if " " in to]
    raw = yaml.safe_load((ROOT / "source" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
    others = [(n, by_term[e["term"]]) for e in raw for n in e.get("also") or [] if n in table["names"]]
    used = [t for t in terms if re.fullmatch(r"[\u4e00-\u9fff]{3,}", t.term) and t.term in text and not t.phrase]
    # the Traditional form of a term with the most characters that differ
    trad = max(used, key=lambda t: sum(c in to_traditional for c in t.term))
    typed = "".join(to_traditional.get(c, c) for c in trad.term)
    assert typed != trad.term, "no term of the glossary has a character the query table folds"
    assert aliases, "no alias of the glossary is in the query table"
    stop = next(t for t in terms if STOP_WORDS & set(t.en.lower().split()) and len(t.en.split()) >= 3)
    return Queries(used[0], aliases[0], (typed, trad), others[0] if others else None, stop)


# --- where and how ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index(real_site: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((real_site / "site" / "search" / "search_index.json").read_text("utf-8"))
    return loaded


def open_search(device: Device, page: Page) -> None:
    """What a reader does to search: a tap on the magnifier on the phone, a click into the box on the desktop."""
    if page.locator(SEARCH_INPUT).is_visible() and page.evaluate(
        "document.activeElement.matches('input.md-search__input')"
    ):
        return  # open already
    if device.phone:
        page.locator(SEARCH_BUTTON).first.tap()
    else:
        page.locator(SEARCH_INPUT).click()
    page.wait_for_selector(SEARCH_INPUT, state="visible")


@dataclass(frozen=True)
class Link:
    href: str  # as written in the result list (with `?h=` and #fragment)
    title: str  # its heading, without the invisible word joiners
    missing: tuple[str, ...]  # the words struck through under 缺少
    marks: tuple[str, ...]  # the words it highlights


def search(device: Device, page: Page, query: str) -> list[list[Link]]:
    """Open the search, type `query`, and return the result items (each its links, the page's first)."""
    open_search(device, page)
    meta = f"document.querySelector('{META}').textContent"
    page.fill(SEARCH_INPUT, "")
    page.wait_for_function(f"() => {meta}.includes('{READY}')", timeout=30_000)
    page.fill(SEARCH_INPUT, query)
    page.wait_for_function(f"() => {meta}.includes('{ANSWERED}')", timeout=30_000)
    raw: list[list[dict[str, Any]]] = page.eval_on_selector_all(
        RESULT_ITEM,
        f"""items => items.map(li => [...li.querySelectorAll('{RESULT_LINK}')].map(a => ({{
            href: a.getAttribute('href'),
            title: (a.querySelector('h1, h2') || a).textContent,
            missing: [...a.querySelectorAll('{MISSING}')].map(d => d.textContent),
            marks: [...a.querySelectorAll('mark')].map(m => m.textContent),
        }})))""",
    )
    return [
        [
            Link(
                r["href"],
                r["title"].replace(WORD_JOINER, "").replace("\u200b", ""),
                tuple(r["missing"]),
                tuple(r["marks"]),
            )
            for r in item
        ]
        for item in raw
    ]


def glossary_item(site: Site, items: list[list[Link]]) -> list[Link]:
    found = [item for item in items if site.path_of(item[0].href) == GLOSSARY]
    assert found, f"no glossary result in {[i[0].href for i in items]}"
    return found[0]


def first_entry(site: Site, items: list[list[Link]]) -> Link:
    """The first glossary entry the results list (the glossary item's best section)."""
    entries = [link for link in glossary_item(site, items)[1:] if "#" in link.href]
    assert entries, "the glossary result lists no entry"
    return entries[0]


def entry_title(term: Term) -> str:
    return f"{term.phrase or term.term} · {term.pinyin} · {term.en}"


# --- 1. the entry found by each of its names ----------------------------------------------------


@across("kind", ("headword", "alias", "traditional", "other"))
def test_each_name_of_a_term_brings_its_entry_first_among_the_entries(
    site: Site, device: Device, page: Page, index: dict[str, Any], kind: str
) -> None:
    q = queries(index)
    if kind == "headword":
        typed, term = q.headword.term, q.headword
    else:
        picked = getattr(q, kind)
        if picked is None:
            pytest.skip(f"the glossary has no {kind} name in the query table")
        typed, term = picked
    page.goto(site.url(GLOSSARY))
    items = search(device, page, typed)
    entry = first_entry(site, items)
    assert entry.href.endswith(f"#{term.id}"), f"{site.way} {device.name} {typed!r}: {entry}"
    assert entry.title.strip() == entry_title(term), entry.title
    if kind == "headword":
        # the passages that use the term are found too, before the glossary
        using = {p for p, t in site_texts().items() if term.term in t}
        found = [site.path_of(item[0].href) for item in items]
        assert using & set(found), f"{typed!r}: none of {sorted(using)} in {found}"
        assert not found[0].endswith(GLOSSARY), f"{typed!r}: the glossary came before the passages: {found}"


# --- 2. what the results show missing, what the opened page highlights --------------------------


@across("kind", ("alias", "traditional"))
def test_an_alias_or_a_traditional_form_is_not_shown_missing(
    site: Site, device: Device, page: Page, index: dict[str, Any], kind: str
) -> None:
    typed, term = getattr(queries(index), kind)
    page.goto(site.url(GLOSSARY))
    items = search(device, page, typed)
    assert first_entry(site, items).missing == (), first_entry(site, items)
    # the words searched for what was typed: the name (or its Simplified form) and its term
    searched = {typed, term.term, *term.aliases}
    shown = [(link.href, word) for item in items for link in item for word in link.missing if word in searched]
    assert not shown, f"{site.way} {device.name} {typed!r}: shown missing: {shown}"


def follow(device: Device, page: Page, href: str) -> None:
    """Open the result link `href` as a reader does, and wait for the page it opens."""
    link = page.locator(f'{RESULT_LINK}[href="{href}"]').first
    link.scroll_into_view_if_needed()
    with page.expect_navigation():
        if device.phone:
            link.tap()
        else:
            link.click()
    page.wait_for_selector(SEARCH_INPUT, state="attached")


def marks(page: Page) -> list[str]:
    """The words the page highlights (the theme's `?h=` marks), once they are drawn."""
    page.wait_for_selector(".md-content mark[data-md-highlight]", timeout=15_000)
    return page.locator(".md-content mark[data-md-highlight]").all_inner_texts()


def test_the_opened_page_highlights_what_was_found_and_no_stop_word(
    site: Site, device: Device, page: Page, index: dict[str, Any]
) -> None:
    term = queries(index).stop_word
    page.goto(site.url(GLOSSARY))
    items = search(device, page, term.en)
    listed = {m.lower() for item in items for link in item for m in [*link.marks, *link.missing]}
    assert not STOP_WORDS & listed, f"{site.way} {device.name}: stop words marked or missing in the results"
    entry = next(link for link in glossary_item(site, items) if link.href.endswith(f"#{term.id}"))
    follow(device, page, entry.href)
    found = [w for m in marks(page) for w in re.split(r"[^\w]+", m.lower()) if w]
    words = {w for w in re.split(r"[^\w]+", term.en.lower()) if w and w not in STOP_WORDS}
    assert words <= set(found), f"{site.way} {device.name}: {sorted(words)} not all highlighted: {sorted(set(found))}"
    assert not STOP_WORDS & set(found), f"{site.way} {device.name}: stop words highlighted: {STOP_WORDS & set(found)}"


def test_a_page_opened_by_its_title_highlights_what_was_found(
    site: Site, device: Device, page: Page, index: dict[str, Any]
) -> None:
    term = queries(index).headword
    page.goto(site.url(GLOSSARY))
    items = search(device, page, term.term)
    sections = [item for item in items if site.path_of(item[0].href) in site_texts()]
    assert sections, f"{term.term!r}: no section page among {[item[0].href for item in items]}"
    section = sections[0]
    follow(device, page, section[0].href)  # the page's own link: its title, first in the item
    assert "#" not in page.url
    assert term.term in "".join(marks(page)), f"{site.way} {device.name}: {term.term} not highlighted on {page.url}"


@pytest.mark.parametrize(
    ("device", "way", "typed"),
    [pytest.param(*row, id="-".join(row)) for row in rows(("simplified", "traditional"))],
    indirect=["device"],
)
def test_a_traditional_page_opened_from_a_result_highlights_the_word_as_it_writes_it(
    device: Device, page: Page, request: pytest.FixtureRequest, scripts_site: Path, way: str, typed: str
) -> None:
    """The index holds a Traditional page's words folded (Simplified), and so does the result link's
    `?h=`: the opened page marks the word in its own characters, whichever script was typed."""
    path, written, term = traditional_use(scripts_site)
    root = (
        request.getfixturevalue("scripts_http_url")
        if way == "http"
        else request.getfixturevalue("scripts_offline").as_uri()
    )
    site = Site(way, root)
    page.goto(site.url(GLOSSARY))
    items = search(device, page, term.term if typed == "simplified" else written)
    links = [link for item in items for link in item if site.path_of(link.href) == path]
    assert links, f"{site.way} {device.name} {written!r}: {path} not among {[i[0].href for i in items]}"
    follow(device, page, links[0].href)
    shown = marks(page)
    assert written in shown, f"{site.way} {device.name} {typed} {written!r}: {path} highlights {shown}"


# --- 3. the search index loaded when search is used ---------------------------------------------

INDEX_FILES = ("search/search_index.json", "search/search_index.js")  # over http; the offline copy's
WORKER = "assets/javascripts/workers/"  # the search worker's script, and the lunr scripts it loads
LUNR = "assets/javascripts/lunr/"


@pytest.mark.parametrize("how", ["box", "shortcut"])
def test_the_search_index_loads_only_when_search_is_used(
    site: Site, device: Device, page: Page, index: dict[str, Any], how: str
) -> None:
    if how == "shortcut" and device.phone:
        pytest.skip("a phone has no keyboard shortcut")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(site.path_of(request.url)))
    first = next(iter(site_texts()))
    for path in (first, GLOSSARY, "index.html"):
        page.goto(site.url(path))
        page.wait_for_load_state("load")
        page.wait_for_selector(SEARCH_INPUT, state="attached")
        page.wait_for_timeout(500)  # what the page's scripts would fetch once loaded
        early = [r for r in requested if r in INDEX_FILES or r.startswith((WORKER, LUNR))]
        assert not early, f"{site.way} {device.name} {path}: loaded before the search was used: {early}"
    if how == "shortcut":
        page.keyboard.press("/")
        page.wait_for_selector(SEARCH_INPUT, state="visible")
    else:
        open_search(device, page)
    # the box says it is ready once the worker has the index
    page.wait_for_function(f"() => document.querySelector('{META}').textContent.includes('{READY}')", timeout=30_000)
    wanted = INDEX_FILES[0] if site.way == "http" else INDEX_FILES[1]
    assert requested.count(wanted) == 1, f"{site.way} {device.name}: {wanted} requested {requested.count(wanted)} times"
    assert any(r.startswith(WORKER) for r in requested), f"{site.way} {device.name}: the worker did not start"
    term = queries(index).headword
    items = search(device, page, term.term)
    assert items, f"{site.way} {device.name}: {term.term!r} found nothing"
    assert requested.count(wanted) == 1, f"{site.way} {device.name}: {wanted} requested again"
