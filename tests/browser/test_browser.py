"""The published site in a real browser (Debian's Chromium through Playwright), both ways in.

Every test that opens pages runs twice: "http" (the built site served on 127.0.0.1) and "file" (the
offline copy, built with the offline plugin, zipped, unzipped, opened from disk). What is checked:
search puts the right section first, term tooltips show their definitions, every internal link
and #anchor resolves, no console errors, no request leaves the machine, `<html lang="zh">`,
screenshots (test-output/screenshots/), axe-core finds nothing serious (test-output/axe.json), and
the offline copy names no CDN.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urldefrag, urlsplit
from urllib.request import url2pathname

import pytest

from tests.support.browser import (
    AXE_FAILS,
    GLOSSARY,
    HOME,
    Site,
    first_term,
    open_page,
    record_errors,
    require_axe,
    search,
    show_tooltip,
    site_pages,
    squash,
    watch_requests,
)
from tests.support.paths import OUTPUT

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


PAGES, SECTION_PAGES, TERM, SECTION = site_pages()
CDN = re.compile(r"unpkg\.com|jsdelivr|googleapis|fonts\.gstatic")


# --- 1. search ----------------------------------------------------------------------------------

# A four-character word from each section's text, found in that section only, and 村规民约, the
# issue's headline case: searched on the pinned copy of today's article (tests/fixtures/search-site/),
# which another article cannot outrank.
SECTION_WORDS = [
    ("公平正义", "s1"),  # its title and five sentences
    ("需求导向", "s2"),  # its title and "突出需求导向"
    ("组织体系", "s3"),  # "特色明显的组织体系"
    ("公共数据", "s4"),  # "首个省级公共数据和电子政务管理办法"
    ("考核体系", "s5"),  # "建设考核体系"
    ("村规民约", "s4"),  # "其中，村规民约发挥了积极作用"
]


def test_search_puts_the_section_first(pinned: Site, page: Page) -> None:
    """Every word searched on one page, one after the other as a reader searches again (the page and
    its index loaded once); every word whose section is not first is reported, not only the first."""
    site = pinned
    open_page(page, site.url(HOME))
    wrong = []
    for query, section in SECTION_WORDS:
        results = search(page, query)
        page.keyboard.press("Escape")  # the search closed, as the reader leaves it
        if not results:
            wrong.append(f"{query!r} found nothing")
            continue
        first = site.path_of(results[0].links[0])
        if first != f"pingan-zhejiang/{section}.html":
            top = [site.path_of(r.links[0]) for r in results[:3]]
            wrong.append(f"{query!r}: first result {first}, not {section}; top 3: {top}")
    assert not wrong, f"{site.way}: " + "\n".join(wrong)


@pytest.mark.parametrize("term", [pytest.param("村规民约", id="cungui-minyue")])
def test_first_result_highlights_the_whole_term(pinned: Site, page: Page, term: str) -> None:
    site = pinned
    open_page(page, site.url(HOME))
    results = search(page, term)
    assert results, f"{site.way}: {term!r} found nothing"
    assert term in results[0].marks, f"{site.way}: no <mark>{term}</mark> in the first result: {results[0].marks}"


# --- 2. tooltips --------------------------------------------------------------------------------


@pytest.mark.parametrize("section", [p for p in SECTION_PAGES if not p.endswith("/intro.html")])
def test_hovering_a_term_shows_its_definition(site: Site, page: Page, section: str) -> None:
    open_page(page, site.url(section))
    if not first_term(page).count():
        pytest.skip(f"{section}: no glossary term in this section")
    term = first_term(page)
    title = term.get_attribute("data-title")  # the build's title, moved by edition.js (its popover instead)
    assert title, f"{site.way} {section}: the first a.term has no title"
    tooltip = show_tooltip(page, term)
    definition = title.split("：", 1)[1]  # after "term（pinyin，English）："
    assert squash(definition) in squash(tooltip.inner_text()), f"{site.way} {section}: {tooltip.inner_text()!r}"


# --- 3. links and anchors -----------------------------------------------------------------------


@dataclass
class Crawl:
    ids: dict[str, set[str]]  # page URL → the ids in its DOM
    links: dict[str, list[str]]  # page URL → every internal href on it (absolute)
    problems: list[str]


def target_exists(site: Site, page: Page, url: str) -> str | None:
    """None if `url` (no fragment) can be loaded, else why not."""
    if site.way == "file":
        path = Path(url2pathname(urlsplit(url).path))
        return None if path.is_file() else f"no file {path}"
    status = page.request.get(url).status
    return None if status == 200 else f"http {status}"


def is_html(url: str) -> bool:
    path = urlsplit(url).path
    return path.endswith((".html", "/"))


def crawl(site: Site, page: Page) -> Crawl:
    """Every page reachable from the home page through internal links: its ids and its links."""
    result = Crawl({}, {}, [])
    queue = [site.url(HOME)]
    while queue:
        url = queue.pop()
        if url in result.ids:
            continue
        result.ids[url] = set()
        if target_exists(site, page, url) is not None:
            continue  # reported by the caller, once per link that leads here
        open_page(page, url)
        result.ids[url] = set(page.eval_on_selector_all("[id], a[name]", "els => els.map(e => e.id || e.name)"))
        hrefs: list[str] = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
        result.links[url] = [h for h in hrefs if site.is_internal(h)]
        for href in result.links[url]:
            target = urldefrag(href).url.split("?")[0]
            if is_html(target) and target not in result.ids:
                queue.append(target)
    return result


def test_every_internal_link_and_anchor_resolves(site: Site, page: Page) -> None:
    found = crawl(site, page)
    crawled = {site.path_of(u) for u in found.links}
    assert set(PAGES) <= crawled, f"{site.way}: pages not reached from {HOME}: {sorted(set(PAGES) - crawled)}"
    broken: list[str] = []
    checked: dict[str, str | None] = {}
    for source, hrefs in found.links.items():
        for href in hrefs:
            target, fragment = urldefrag(href)
            target = target.split("?")[0]
            if target not in checked:
                checked[target] = target_exists(site, page, target)
            if checked[target] is not None:
                broken.append(f"{site.path_of(source)}: {href} → {checked[target]}")
            elif fragment and is_html(target) and unquote(fragment) not in found.ids[target]:
                broken.append(f"{site.path_of(source)}: {href} → no id {unquote(fragment)!r} in {site.path_of(target)}")
    assert not broken, f"{site.way}: {len(broken)} broken links:\n" + "\n".join(sorted(set(broken)))


# --- 4. console errors --------------------------------------------------------------------------


@pytest.mark.parametrize("path", [HOME, SECTION, GLOSSARY])
def test_no_console_error(site: Site, page: Page, path: str) -> None:
    errors = record_errors(page)
    open_page(page, site.url(path))
    assert search(page, TERM), f"{site.way} {path}: the search found nothing"
    assert not errors, f"{site.way} {path}:\n" + "\n".join(errors)


# --- 5. no request leaves the machine -----------------------------------------------------------


def test_no_request_leaves_the_machine(site: Site, context: BrowserContext) -> None:
    """Every request while reading and searching stays on 127.0.0.1 (http) or on disk (file).

    Anything else is aborted before it is sent, and still fails the test.
    """
    requested, blocked = watch_requests(context, site)
    page = context.new_page()
    for path in PAGES:
        open_page(page, site.url(path))
    open_page(page, site.url(SECTION))
    show_tooltip(page, first_term(page))
    assert search(page, TERM), f"{site.way}: the search found nothing"
    assert requested, "no request recorded at all: the recorder is broken"
    outside = sorted({u for u in requested if not site.stays_local(u)} | set(blocked))
    assert not outside, f"{site.way}: requests to outside the machine (aborted):\n" + "\n".join(outside)


# --- 6. language --------------------------------------------------------------------------------


def test_html_lang_is_chinese(site: Site, page: Page) -> None:
    wrong = {}
    for path in PAGES:
        open_page(page, site.url(path))
        lang = page.get_attribute("html", "lang") or ""
        if not lang.startswith("zh"):
            wrong[path] = lang
    assert not wrong, f"{site.way}: <html lang> not zh: {wrong}"


# --- 7. screenshots -----------------------------------------------------------------------------


def test_screenshots(site: Site, page: Page) -> None:
    """Home, a section with a term's tooltip shown, and the glossary: test-output/screenshots/<way>-<name>.png."""
    folder = OUTPUT / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    shots = {"home": folder / f"{site.way}-home.png"}
    open_page(page, site.url(HOME))
    page.screenshot(path=shots["home"])

    open_page(page, site.url(SECTION))
    shots["section"] = folder / f"{site.way}-section.png"
    show_tooltip(page, first_term(page))
    page.screenshot(path=shots["section"])

    open_page(page, site.url(GLOSSARY))
    shots["glossary"] = folder / f"{site.way}-glossary.png"
    page.screenshot(path=shots["glossary"])

    for name, shot in shots.items():
        assert shot.is_file() and shot.stat().st_size > 10_000, f"{site.way}: screenshot {name} missing or blank"


# --- 8. accessibility ---------------------------------------------------------------------------


def summarise(violation: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": violation["id"],
        "impact": violation["impact"],
        "help": violation["help"],
        "helpUrl": violation["helpUrl"],
        "nodes": [
            {"target": n["target"], "html": n["html"][:200], "failureSummary": n.get("failureSummary", "")}
            for n in violation["nodes"]
        ],
    }


@pytest.fixture(scope="module")
def axe_report() -> Iterator[dict[str, dict[str, list[dict[str, Any]]]]]:
    """Every violation found (any impact), per way and page, written to test-output/axe.json at the end."""
    report: dict[str, dict[str, list[dict[str, Any]]]] = {}
    yield report
    if report:
        OUTPUT.mkdir(exist_ok=True)
        (OUTPUT / "axe.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


@pytest.mark.parametrize("path", [HOME, SECTION, GLOSSARY])
def test_axe_finds_nothing_serious(
    site: Site, page: Page, path: str, axe_report: dict[str, dict[str, list[dict[str, Any]]]]
) -> None:
    axe = require_axe()
    open_page(page, site.url(path))
    page.add_script_tag(path=axe)
    violations: list[dict[str, Any]] = page.evaluate("async () => (await axe.run()).violations")
    axe_report.setdefault(site.way, {})[path] = [summarise(v) for v in violations]
    bad = [v for v in violations if v["impact"] in AXE_FAILS]
    lines = [
        f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}; e.g. {' '.join(v['nodes'][0]['target'])}"
        for v in bad
    ]
    assert not bad, f"{site.way} {path}: see {OUTPUT / 'axe.json'}\n" + "\n".join(lines)


# --- 9. the offline copy names no CDN -----------------------------------------------------------


def test_offline_copy_references_no_cdn(offline_site: Path) -> None:
    """No .html/.js/.css file of the offline zip (as unzipped) mentions a CDN, even in code never run."""
    hits: list[str] = []
    for path in sorted(offline_site.rglob("*")):
        if path.suffix not in {".html", ".js", ".css"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in CDN.finditer(text):
            context = text[max(m.start() - 60, 0) : m.end() + 60].replace("\n", " ")
            hits.append(f"{path.relative_to(offline_site)}: …{context}…")
    assert not hits, f"{len(hits)} CDN references in the offline copy:\n" + "\n".join(hits)
