"""Chromium (Debian's, through Playwright), the phone and the desktop a reader holds, and what a reader
does on a page of the site: open it, search, hover or tap a term, and what axe-core finds.

Selectors found by experiment on mkdocs-material 9.8.2 (content.tooltips): hovering `a.term` adds
`<div class="md-tooltip2 md-tooltip2--active" role="tooltip">` whose text is the link's title.

axe-core comes from npm, pinned in package.json / package-lock.json: `npm ci` installs it.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import pytest

from .paths import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Error, Locator, Page, Playwright, Route

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Debian's Chromium, headless, with the background services that would call out switched off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def launch(pw: Playwright) -> Browser:
    """Debian's Chromium, headless; the test fails (not skips) when it is not installed."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (make browser-deps)")
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


# A window of its own for a test that opens pages as on a desktop (conftest's `page`).
WINDOW: dict[str, Any] = {"viewport": {"width": 1280, "height": 900}}
# What a reader holds: a phone (touch, taps) and a desktop (mouse), conftest's `device`.
DEVICES: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}


@dataclass(frozen=True)
class Device:
    """A phone or a desktop: its name and the browser context a module's tests share on it."""

    name: str  # "phone" or "desktop"
    context: BrowserContext

    @property
    def phone(self) -> bool:
        return self.name == "phone"


def activate(device: Device, target: Locator) -> None:
    """What a reader does to a link: a tap on the phone, a click on the desktop."""
    target.scroll_into_view_if_needed()
    if device.phone:
        target.tap()
    else:
        target.click()


# --- where the site is --------------------------------------------------------------------------

WAYS = ("http", "file")
HOME, GLOSSARY = "index.html", "glossary.html"
# Never sent anywhere: in-memory URLs.
IN_MEMORY_SCHEMES = ("data", "blob")


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


@functools.cache
def site_pages(project: Path = ROOT) -> tuple[list[str], list[str], str, str]:
    """From `project`'s source/: every page in the navigation's order, as the build lays it out (on a site of
    several articles, each article's landing page first); the section pages; a glossary term the
    text uses (to search for), and a section under a heading of the text that uses it (for its tooltip)."""
    from .checks import articles, glossary, page_order

    texts: dict[str, str] = {}  # section page → its text
    headed: set[str] = set()
    for article in articles(project):
        for s in article.sections:
            page = f"{article.slug}/{s.id}.html"
            texts[page] = "".join(p.text for p in s.paragraphs)
            if s.original_heading:
                headed.add(page)
    text = "".join(texts.values())
    term = next(t.term for t in glossary(project) if re.fullmatch(r"[\u4e00-\u9fff]{3,}", t.term) and t.term in text)
    using = [page for page, t in texts.items() if term in t]
    return page_order(project), list(texts), term, next((page for page in using if page in headed), using[0])


def either_way(request: pytest.FixtureRequest, http_url: str, offline_site: str) -> Site:
    """The site of fixture `http_url` when the test runs over http, else of `offline_site` from disk
    (only the fixture a test needs is built)."""
    if request.param == "http":
        return Site("http", str(request.getfixturevalue(http_url)))
    offline: Path = request.getfixturevalue(offline_site)
    return Site("file", offline.as_uri())


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


# --- the theme's search -------------------------------------------------------------------------

SEARCH_INPUT = "input.md-search__input"
RESULT_ITEM = ".md-search-result__item"
RESULT_LINK = "a.md-search-result__link"
# The line above the results. Its text, from mkdocs-material's zh strings (partials/languages/zh.html),
# says "…符合条件的结果" once a query's results are in ("没有找到符合条件的结果" for none), and
# something else while the box is empty (from file:// "正在初始化搜索引擎" until the first query).
META = ".md-search-result__meta"
ANSWERED = "符合条件的结果"
# ...and says "键入以开始搜索" once the search worker is ready and the box is empty: typing before
# then races the worker's first answer (for the empty box), which the theme would show as "none".
READY = "键入以开始搜索"


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


# --- a term's definition ------------------------------------------------------------------------

TOOLTIP = ".md-tooltip2.md-tooltip2--active[role=tooltip]"
TOOLTIP_SETTLE_MS = 300  # the tooltip fades in; a screenshot taken earlier catches it half drawn
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


# --- accessibility ------------------------------------------------------------------------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
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
