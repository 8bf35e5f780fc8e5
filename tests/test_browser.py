"""The published site in a real browser (Debian's Chromium through Playwright), both ways in.

Every test that opens pages runs twice: "http" (the built site served on 127.0.0.1) and "file" (the
offline copy, built with the offline plugin, zipped, unzipped, opened from disk). What is checked:
search puts the right section first, term tooltips show their definitions, every internal link
and #anchor resolves, no console errors, no request leaves the machine, `<html lang="zh">`,
screenshots (test-output/screenshots/), axe-core finds nothing serious (test-output/axe.json), and
the offline copy names no CDN.

Selectors found by experiment on mkdocs-material 9.8.2 (content.tooltips): hovering `a.term` adds
`<div class="md-tooltip2 md-tooltip2--active" role="tooltip">` whose text is the link's title.

axe-core comes from npm, pinned in package.json / package-lock.json: `npm ci` installs it.
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

from tests.checks import articles, glossary, page_order
from tests.conftest import OUTPUT, ROOT

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Locator, Page, Route

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WAYS = ("http", "file")


def _source() -> tuple[list[str], list[str], str, str]:
    """From source/: every page in the navigation's order, as the build lays it out (on a site of
    several articles, each article's landing page first); the section pages; a glossary term the
    text uses (to search for), and a section under a heading of the text that uses it (for its tooltip)."""
    texts: dict[str, str] = {}  # section page → its text
    headed: set[str] = set()
    for article in articles(ROOT):
        for s in article.sections:
            page = f"{article.slug}/{s.id}.html"
            texts[page] = "".join(p.text for p in s.paragraphs)
            if s.original_heading:
                headed.add(page)
    text = "".join(texts.values())
    term = next(t.term for t in glossary(ROOT) if re.fullmatch(r"[\u4e00-\u9fff]{3,}", t.term) and t.term in text)
    using = [page for page, t in texts.items() if term in t]
    return page_order(ROOT), list(texts), term, next((page for page in using if page in headed), using[0])


PAGES, SECTION_PAGES, TERM, SECTION = _source()
HOME, GLOSSARY = "index.html", "glossary.html"

SEARCH_INPUT = "input.md-search__input"
RESULT_ITEM = ".md-search-result__item"
RESULT_LINK = "a.md-search-result__link"
# The line above the results says "…符合条件的结果" once a query's results are in (zh strings of the theme).
META = ".md-search-result__meta"
ANSWERED = "符合条件的结果"
# ...and says "键入以开始搜索" once the search worker is ready and the box is empty: typing before
# then races the worker's first answer (for the empty box), which the theme would show as "none".
READY = "键入以开始搜索"
TOOLTIP = ".md-tooltip2.md-tooltip2--active[role=tooltip]"
TOOLTIP_SETTLE_MS = 300  # the tooltip fades in; a screenshot taken earlier catches it half drawn

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CDN = re.compile(r"unpkg\.com|jsdelivr|googleapis|fonts\.gstatic")
# Never sent anywhere: in-memory URLs.
IN_MEMORY_SCHEMES = ("data", "blob")


# --- where the site is --------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    way: str  # "http" or "file"
    root: str  # the site root as a URL, no trailing slash

    def url(self, path: str) -> str:
        return f"{self.root}/{path}"

    def is_internal(self, url: str) -> bool:
        """A link into the site: same origin over http; any file: URL from disk."""
        parts, base = urlsplit(url), urlsplit(self.root)
        return (parts.scheme, parts.netloc) == (base.scheme, base.netloc)

    def stays_local(self, url: str) -> bool:
        """A request that never leaves the machine: this server (http) or the disk (file)."""
        scheme = urlsplit(url).scheme
        if scheme in IN_MEMORY_SCHEMES:
            return True
        if self.way == "http":
            return url.startswith(self.root + "/")
        return scheme == "file"

    def path_of(self, url: str) -> str:
        """A URL of the site → its site-relative path (query and fragment dropped), for messages."""
        path = urlsplit(url).path
        base = urlsplit(self.root).path
        return unquote(path[len(base) :].lstrip("/")) if path.startswith(base) else url


def watch_requests(context: BrowserContext, site: Site) -> tuple[list[str], list[str]]:
    """Every request the context's pages make, and those that would leave the machine: aborted
    before they are sent, and listed so that the test still fails."""
    requested: list[str] = []
    blocked: list[str] = []

    def guard(route: Route) -> None:
        if site.stays_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.on("request", lambda request: requested.append(request.url))
    return requested, blocked


def either_way(request: pytest.FixtureRequest, http_url: str, offline_site: str) -> Site:
    """The site of fixture `http_url` when the test runs over http, else of `offline_site` from disk
    (only the fixture a test needs is built)."""
    if request.param == "http":
        return Site("http", str(request.getfixturevalue(http_url)))
    offline: Path = request.getfixturevalue(offline_site)
    return Site("file", offline.as_uri())


@pytest.fixture(params=WAYS)
def site(request: pytest.FixtureRequest) -> Site:
    """The site over http, or the offline copy from disk."""
    return either_way(request, "http_url", "offline_site")


@pytest.fixture(params=WAYS)
def pinned(request: pytest.FixtureRequest) -> Site:
    """The pinned copy of today's article (conftest.PINNED) over http or from disk: for the facts of that article."""
    return either_way(request, "pinned_http_url", "pinned_offline_site")


# --- helpers ------------------------------------------------------------------------------------


def open_page(page: Page, url: str) -> None:
    """Load a page of the site and wait for the theme's header (its scripts have run)."""
    page.goto(url)
    page.wait_for_selector(SEARCH_INPUT, state="attached")


@dataclass(frozen=True)
class Result:
    """One search result item (one page): its links, first the page's, and its highlighted words."""

    links: tuple[str, ...]
    marks: tuple[str, ...]


def search(page: Page, query: str) -> list[Result]:
    """Open the search (the `/` key), type `query`, and return the result items once they are in."""
    meta = f"document.querySelector('{META}').textContent"
    page.keyboard.press("/")
    page.wait_for_selector(SEARCH_INPUT, state="visible")
    page.fill(SEARCH_INPUT, "")
    page.wait_for_function(f"() => {meta}.includes('{READY}')", timeout=30_000)
    page.fill(SEARCH_INPUT, query)
    page.wait_for_function(f"() => {meta}.includes('{ANSWERED}')", timeout=30_000)
    raw: list[dict[str, list[str]]] = page.eval_on_selector_all(
        RESULT_ITEM,
        f"""items => items.map(li => ({{
            links: [...li.querySelectorAll('{RESULT_LINK}')].map(a => a.href),
            marks: [...li.querySelectorAll('mark')].map(m => m.textContent),
        }}))""",
    )
    return [Result(tuple(r["links"]), tuple(r["marks"])) for r in raw]


# A term's or a note call's definition in place (docs/assets/edition.js), instead of the theme's tooltip.
POPOVER = "#edition-pop"


def show_tooltip(page: Page, link: Locator) -> Locator:
    """Hover a term link and return its definition's popover once it is shown."""
    link.scroll_into_view_if_needed()
    link.hover()
    tooltip = page.locator(POPOVER)
    tooltip.wait_for(state="visible")
    page.wait_for_timeout(TOOLTIP_SETTLE_MS)
    return tooltip


def first_term(page: Page) -> Locator:
    return page.locator(".md-content a.term").first


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def record_errors(page: Page) -> list[str]:
    """Console errors and uncaught exceptions of `page` from now on."""
    errors: list[str] = []

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error":
            errors.append(f"console.error at {page.url}: {msg.text}")

    def on_page_error(exc: Error) -> None:
        errors.append(f"uncaught exception at {page.url}: {exc}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    return errors


# --- 1. search ----------------------------------------------------------------------------------

# A four-character word from each section's text, found in that section only, and 村规民约, the
# issue's headline case: searched on the pinned copy of today's article (tests/fixtures/search-site/),
# which another article cannot outrank.
# (ASCII test ids: pytest escapes Han characters in ids.)
SECTION_WORDS = [
    pytest.param("公平正义", "s1", id="s1-gongping-zhengyi"),  # its title and five sentences
    pytest.param("需求导向", "s2", id="s2-xuqiu-daoxiang"),  # its title and "突出需求导向"
    pytest.param("组织体系", "s3", id="s3-zuzhi-tixi"),  # "特色明显的组织体系"
    pytest.param("公共数据", "s4", id="s4-gonggong-shuju"),  # "首个省级公共数据和电子政务管理办法"
    pytest.param("考核体系", "s5", id="s5-kaohe-tixi"),  # "建设考核体系"
    pytest.param("村规民约", "s4", id="s4-cungui-minyue"),  # "其中，村规民约发挥了积极作用"
]


@pytest.mark.parametrize(("query", "section"), SECTION_WORDS)
def test_search_puts_the_section_first(pinned: Site, page: Page, query: str, section: str) -> None:
    site = pinned
    open_page(page, site.url(HOME))
    results = search(page, query)
    assert results, f"{site.way}: {query!r} found nothing"
    first = site.path_of(results[0].links[0])
    top = [site.path_of(r.links[0]) for r in results[:3]]
    assert first == f"pingan-zhejiang/{section}.html", f"{site.way}: {query!r} first result {first}; top 3: {top}"


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

AXE_FAILS = ("serious", "critical")


def require_axe() -> str:
    """The path of axe.min.js, pinned by package.json; fail (not skip) when it is not installed."""
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    installed = ROOT / "node_modules" / "axe-core" / "package.json"
    if not AXE.is_file() or not installed.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` in {ROOT} (axe-core {pinned} is pinned in package-lock.json)")
    version = json.loads(installed.read_text(encoding="utf-8"))["version"]
    if version != pinned:
        pytest.fail(f"node_modules has axe-core {version}, package.json pins {pinned}: run `npm ci` in {ROOT}")
    return str(AXE)


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
