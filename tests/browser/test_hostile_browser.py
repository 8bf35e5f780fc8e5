"""Content is text where it is read: the probes collection in Chromium, on both engines, both ways in.

tests/fixtures/probes/ is a collection of three articles of different shapes (a lede and two
sections, three sections and no lede, a lede alone) with a probe in every field a contributor
writes: the collection's name and description; article titles, English titles, datelines, section
headings and their `en=`, errata, the body, the `source:` block; the editorial notes, the English
translation; glossary terms, aliases, en, def_zh, def_en, see_also, `also` and the pinyin derived
from a term. A probe is markup that, read as HTML, would run (`<img src=x onerror=…>`,
`"><svg onload=…>` and `<script>` set `window.__probe`), break out of `<title>` or an attribute,
or leave an element behind (`<b data-probe=…>`), or Markdown and template syntax that would make a
link or an element (`[a](javascript:…)`, `![图](…)`, `{: onclick=… }`, `{{ config }}`). Each
marker (`zqterm`, `zqen`…) is a word of its own, so a search can ask for each field. The first
glossary term is used more than 20 times, so it has a concordance page.

tests/pages/test_hostile.py reads the static HTML and docs/; this suite reads what the themes' scripts
make of it. The site is built once per engine (MkDocs and mkdocs-material; Zensical) and per way
in (served over http; the offline copy unzipped and opened from disk). Every page of each is
opened once, and on it: every element with a title and every navigation entry is hovered (the
tooltips show titles, a note call's shows its note in place, and the sidebar copies a truncated
entry's text into one; one of each kind and title per site, as the same title on another page is
the same text through the same script), every note call is followed to its note, every citation and
copy button and the reading-language switch are used; the header, the footer's previous/next links,
the navigation and `document.title` show the text as written. A search runs for every marker.
After each, no probe has run and no probe element exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support.browser import (
    ANSWERED,
    META,
    POPOVER,
    READY,
    RESULT_ITEM,
    SEARCH_INPUT,
    TOOLTIP,
    record_errors,
    squash,
)
from tests.support.paths import FIXTURES
from tests.support.projects import make_project
from tests.support.sites import built_site, offline_copy, serve
from tests.support.zensical import SEARCH_BUTTON as Z_SEARCH_BUTTON
from tests.support.zensical import SEARCH_INPUT as Z_SEARCH_INPUT
from tests.support.zensical import drawn as z_drawn
from tests.support.zensical import wait_until_ready as z_wait_until_ready
from tests.support.zensical import zensical_offline_of, zensical_site_of

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROBES = FIXTURES / "probes" / "source"
ARTICLES = PROBES / "articles"
ENGINES = ("mkdocs", "zensical")
WAYS = ("http", "file")
# Every probe is marked by one of these words, written next to it in its field.
MARKER = re.compile(r"\bzq[a-z]+\b")

# An element that only a probe's markup could have made, anywhere in the document.
PROBE_ELEMENTS = """() => [
    ...document.querySelectorAll('[data-probe], [onerror], [onload], [onclick], [onmouseover], [onfocus]'),
    ...[...document.querySelectorAll('a[href^="javascript:" i], img[src="x"]')],
    ...[...document.querySelectorAll('script')].filter(s => s.textContent.includes('__probe')),
].map(e => e.outerHTML.slice(0, 200))"""

# What a reader hovers: every element with a title (term links, note calls, the theme's buttons),
# every navigation entry and the header's title (the theme gives a truncated one a title on hover).
HOVERED = "[title], [data-title], .md-nav__link, .md-header__topic"
# The elements of HOVERED, kept on the page so that each can be aimed at by its index; for each,
# its kind and what a tooltip would show (its title, or a navigation entry's text).
COLLECT = f"""() => (window.__hovered = [...document.querySelectorAll({HOVERED!r})]).map(e =>
    `${{e.tagName}}.${{e.className}}|${{
        e.getAttribute('title') || e.getAttribute('data-title') || e.textContent.trim()
    }}`
)"""
# Element `i` of COLLECT scrolled into view: where a pointer reaches it, or null if no pointer can
# (hidden: a collapsed navigation section, the other language's paragraph; or covered).
AIM = """i => {
    const e = window.__hovered[i];
    if (!e || !e.isConnected || !e.getClientRects().length) return null;
    e.scrollIntoView({block: 'center', inline: 'nearest'});
    const r = e.getClientRects()[0];  // a link that wraps has a box on each line
    if (r.width < 1 || r.height < 1) return null;
    const x = r.left + Math.min(r.width / 2, 12), y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (!hit || !e.contains(hit)) return null;
    return {x, y, name: `${e.tagName}.${e.className}`, note: e.getAttribute('role') === 'doc-noteref'};
}"""
# a term's or note call's title is its data-title once docs/assets/edition.js reads it in place
TITLE_OF = "i => window.__hovered[i].getAttribute('title') || window.__hovered[i].getAttribute('data-title') || ''"
IN_PLACE = "i => window.__hovered[i].hasAttribute('data-title')"
# Text the theme prints from what the build wrote for it (front-matter titles, the navigation,
# the site's name), as a reader sees it: an escape left visible would show as `&lt;` and the like.
SHOWN = """() => [document.title, ...[...document.querySelectorAll(
    '.md-header__topic, .md-footer__link, .md-nav__link, .md-nav__title, .md-path, .md-content h1'
)].map(e => e.innerText)]"""
# The theme's tooltips: content.tooltips' (TOOLTIP) and the header's own (its logo, its buttons).
ANY_TOOLTIP = f"{TOOLTIP}, .md-tooltip.md-tooltip--active"
VISIBLE_ESCAPE = re.compile(r"&(?:lt|gt|quot|amp|#\d+|#x[0-9a-f]+);", re.I)


# --- the sites ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def probes_mkdocs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # not --strict: the probes' translation is markup, not a translation (test_hostile.py)
    return built_site(make_project(tmp_path_factory.mktemp("probes-mkdocs"), PROBES), strict=False) / "site"


@pytest.fixture(scope="session")
def probes_mkdocs_offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("probes-mkdocs-offline"), PROBES)
    return offline_copy(root, tmp_path_factory.mktemp("probes-mkdocs-unzipped"), strict=False)


@pytest.fixture(scope="session")
def probes_zensical(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return zensical_site_of(make_project(tmp_path_factory.mktemp("probes-zensical"), PROBES), strict=False) / "site"


@pytest.fixture(scope="session")
def probes_zensical_offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("probes-zensical-offline"), PROBES)
    return zensical_offline_of(root, tmp_path_factory.mktemp("probes-zensical-unzipped"), strict=False)


@pytest.fixture(scope="session")
def probes_mkdocs_http(probes_mkdocs: Path) -> Iterator[str]:
    with serve(probes_mkdocs) as url:
        yield url


@pytest.fixture(scope="session")
def probes_zensical_http(probes_zensical: Path) -> Iterator[str]:
    with serve(probes_zensical) as url:
        yield url


@dataclass(frozen=True)
class ProbeSite:
    engine: str  # "mkdocs" or "zensical"
    way: str  # "http" or "file"
    root: str  # the site's root as a URL, no trailing slash
    folder: Path  # the built site on disk (what the server serves, or the unzipped copy)

    def url(self, path: str) -> str:
        return f"{self.root}/{path}"

    def pages(self) -> list[str]:
        """Every page of the site (404 included), site-relative."""
        return sorted(p.relative_to(self.folder).as_posix() for p in self.folder.rglob("*.html"))

    def __str__(self) -> str:
        return f"{self.engine}/{self.way}"


@pytest.fixture(params=[(e, w) for e in ENGINES for w in WAYS], ids=lambda p: f"{p[0]}-{p[1]}")
def probe_site(request: pytest.FixtureRequest) -> ProbeSite:
    """The probes collection on one engine, one way in (only the builds a test needs are made)."""
    engine, way = request.param
    return site_for(request, engine, way)


@pytest.fixture(params=WAYS)
def mkdocs_probe_site(request: pytest.FixtureRequest) -> ProbeSite:
    """The probes collection on MkDocs, one way in."""
    return site_for(request, "mkdocs", request.param)


def site_for(request: pytest.FixtureRequest, engine: str, way: str) -> ProbeSite:
    built: Path = request.getfixturevalue(f"probes_{engine}" if way == "http" else f"probes_{engine}_offline")
    if way == "http":
        return ProbeSite(engine, way, str(request.getfixturevalue(f"probes_{engine}_http")), built)
    return ProbeSite(engine, way, built.as_uri(), built)


def open_page(page: Page, site: ProbeSite, path: str) -> None:
    """Load a page and wait until the theme's scripts have run (its search control is there)."""
    page.goto(site.url(path))
    page.wait_for_selector(SEARCH_INPUT if site.engine == "mkdocs" else Z_SEARCH_BUTTON, state="attached")


def markers() -> list[str]:
    """Every probe's marker, read from the fixture's sources."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(PROBES.rglob("*")) if p.is_file())
    return sorted(set(MARKER.findall(text)))


def probes_made(page: Page) -> list[str]:
    made: list[str] = page.evaluate(PROBE_ELEMENTS)
    return made


# Settled: every image of the page has loaded or failed, then two turns of the event loop, in which
# a failed image's error event (queued as a task when it fails) has fired: an <img src=x> made by a
# probe has run its onerror by then, from disk or over http.
SETTLED = """() => new Promise(done => {
    const check = () => [...document.images].every(i => i.complete)
        ? setTimeout(() => setTimeout(done, 0), 0) : setTimeout(check, 20);
    check();
})"""


def assert_no_probe(page: Page, where: str) -> None:
    page.evaluate(SETTLED)
    ran = page.evaluate("() => window.__probe || []")
    assert not ran, f"{where}: probes ran: {ran}"
    made = probes_made(page)
    assert not made, f"{where}: probe markup became elements: {made}"


def front(path: Path) -> dict[str, object]:
    meta: dict[str, object] = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
    return meta


# --- the fixture is what it claims --------------------------------------------------------------


def probe_in(value: object) -> bool:
    """Whether a field holds markup that, read as HTML, runs or makes an element."""
    return any(probe in str(value) for probe in ("onerror=", "onload=", "<script>", "data-probe="))


def test_the_fixture_is_a_collection_with_a_probe_in_every_field() -> None:
    glossary = yaml.safe_load((PROBES / "glossary.yaml").read_text(encoding="utf-8"))
    for entry in glossary["terms"]:
        for key, value in entry.items():
            if key not in ("id", "category"):
                assert probe_in(value), f"glossary {entry['id']}.{key}"
    # A `pinyin:` written by hand must be pinyin syllables (tests/pipeline/test_input.py); the pinyin the
    # build derives from a term keeps the term's other characters, markup included.
    assert all("pinyin" not in entry for entry in glossary["terms"])
    assert any("also" in entry for entry in glossary["terms"])
    assert any("{{" in entry["term"] and "](javascript:" in entry["term"] for entry in glossary["terms"])
    # the collection file refuses < > & " (tests/pages/test_hostile.py): what else would be markup is there
    collection = yaml.safe_load((PROBES / "collection.yaml").read_text(encoding="utf-8"))
    for key in ("name", "name_en", "description", "description_en"):
        assert MARKER.search(collection[key]) and "](javascript:" in collection[key], key
        assert "{{" in collection[key], key
    editions = sorted(p for p in ARTICLES.glob("*.md") if "." not in p.stem)
    assert len(editions) >= 3
    shapes = set()
    for edition in editions:
        _, front_text, body = edition.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front_text)
        for key in ("title", "title_en", *(["dateline"] if "dateline" in meta else [])):
            assert probe_in(meta[key]), f"{edition.name}: {key}"
        headings = [line for line in body.splitlines() if line.startswith("## ")]
        assert all(MARKER.search(h.split("{", 1)[0]) and "<" in h.split(" {#", 1)[0] for h in headings), edition
        assert all(MARKER.search(h.rsplit("{", 1)[1]) for h in headings), f"{edition.name}: en= of a heading"
        lede = body.split("\n## ", 1)[0].strip()
        paragraphs = len([p for p in body.split("\n\n") if p.strip() and not p.startswith("## ")])
        shapes.add((len(headings), bool(lede), paragraphs))
        if "source" in meta:
            for key in ("outlet", "author"):
                assert probe_in(meta["source"][key]), f"{edition.name}: {key}"
            assert "javascript:" in meta["source"]["url"]  # in an http address: its only way past validation
    assert len(shapes) == len(editions), f"articles of different shapes: {shapes}"
    probes_md = front(ARTICLES / "probes.md")
    for key in ("raw", "edition", "note"):
        assert probe_in(probes_md["errata"][0][key]), f"errata.{key}"  # type: ignore[index]
    with_notes = sorted(ARTICLES.glob("*.notes.yaml"))
    assert len(with_notes) >= 2
    for path in with_notes:
        notes = yaml.safe_load(path.read_text(encoding="utf-8"))["notes"]
        for note in notes:
            for key in ("zh", "en", *(["sources"] if note.get("sources") else [])):
                assert probe_in(note[key]) and "](javascript:" in str(note[key]), f"{path.name} {note['at']}.{key}"
    assert {n["at"] for n in yaml.safe_load((ARTICLES / "probes.notes.yaml").read_text("utf-8"))["notes"]} >= {
        "dateline",
        "s1",
        "intro-p1",
    }  # dateline, heading, paragraph
    for path in sorted(ARTICLES.glob("*.en.md")):
        parts = path.read_text(encoding="utf-8").split("---\n", 2)[2].split("\n## ")
        assert all(probe_in(part) for part in parts if part.strip()), f"{path.name}: every section of the translation"


# --- every page: opened, hovered, its controls used, its titles shown as text --------------------


def hover_everything(page: Page, site: ProbeSite, path: str, seen: set[str]) -> list[str]:
    """Point at every element of HOVERED that a pointer can reach; after each, no probe element.
    A tooltip of a contributor's text (a marker in its title) shows that text as written.
    An element of a kind and title (or text) already hovered on another page of the site (`seen`:
    the navigation, a term linked on every page) is the same text through the same script, and is
    not hovered again. Returns what was hovered (element names), for the caller to check its reach."""
    hovered: list[str] = []
    for i, key in enumerate(page.evaluate(COLLECT)):
        if key in seen:
            continue
        aim = page.evaluate(AIM, i)
        if aim is None:
            continue
        seen.add(key)
        what = f"{site} {path}: hovering <{aim['name']}>"
        title = page.evaluate(TITLE_OF, i)
        if MARKER.search(title):
            # a tooltip opens for an element entered with no tooltip open: leave the last one first
            page.mouse.move(0, 0)
            page.wait_for_selector(ANY_TOOLTIP, state="detached", timeout=5_000)
        page.mouse.move(aim["x"], aim["y"])
        page.wait_for_timeout(30)
        # the tooltip takes the title away while it shows; a truncated navigation entry gets one now
        title = title or page.evaluate(TITLE_OF, i)
        if MARKER.search(title) and page.evaluate(IN_PLACE, i):
            popover = page.locator(POPOVER)
            popover.wait_for(state="visible", timeout=5_000)
            shown = popover.inner_text()
            assert set(MARKER.findall(title)) <= set(MARKER.findall(shown)), what
            if aim["note"]:  # a note call's note, whole, as written
                assert "](javascript:" in title and squash(title) in squash(shown), (what, title[:200], shown[:200])
            page.mouse.move(0, 0)  # the definition stays while the pointer is over it
            popover.wait_for(state="hidden", timeout=5_000)
        elif MARKER.search(title):
            tooltip = page.locator(ANY_TOOLTIP).last
            try:
                tooltip.wait_for(state="visible", timeout=5_000)
            except PlaywrightTimeout:
                raise AssertionError(f"{what}: no tooltip for {title[:100]!r}") from None
            assert squash(tooltip.inner_text()) == squash(title), what
        made = probes_made(page)
        assert not made, f"{what}: probe markup became elements: {made}"
        hovered.append(f"{aim['name']}{' (note)' if aim['note'] else ''}{' (title)' if title else ''}")
    page.mouse.move(0, 0)
    return hovered


def use_the_apparatus(page: Page, site: ProbeSite, path: str) -> int:
    """Open every citation, press every copy button, switch the reading language every way:
    after each, no probe element. Returns how many controls were used."""
    used = 0
    for details in page.locator("details.cite").all():
        if not details.is_visible():
            continue
        details.locator("summary").click()
        used += 1
        for button in details.locator("button.cite-copy").all():
            button.click()
            used += 1
        assert not probes_made(page), f"{site} {path}: citations"
    toggle = page.locator(".lang-toggle").first
    if toggle.count():
        for mode in ("en", "both", "zh"):
            toggle.locator(f"button[data-lang={mode}]").click()
            used += 1
            assert not probes_made(page), f"{site} {path}: reading {mode}"
    return used


def titles_wanted() -> dict[str, str]:
    """What `<title>` starts with on the pages that print a contributor's text there: a section's
    heading, a landing page's article title, a concordance's term."""
    wanted: dict[str, str] = {}
    for edition in sorted(p for p in ARTICLES.glob("*.md") if "." not in p.stem):
        wanted[f"{edition.stem}/index.html"] = str(front(edition)["title"])
        for heading in re.finditer(r"^## (.+?) \{#(\w+) ", edition.read_text(encoding="utf-8"), re.M):
            wanted[f"{edition.stem}/{heading.group(2)}.html"] = heading.group(1)
    glossary = yaml.safe_load((PROBES / "glossary.yaml").read_text(encoding="utf-8"))
    wanted["concordance/probe-term.html"] = f"用例 {glossary['terms'][0]['term']}"
    return wanted


def follow_the_note_calls(page: Page, site: ProbeSite, path: str) -> int:
    """Each note call a reader can see leads to its note, which opens at the end of the section.
    Returns how many calls were followed."""
    followed = 0
    for call in page.query_selector_all("sup.note-call a[data-title]"):  # edition.js moved the title
        if not call.is_visible():
            continue  # the English paragraph's call, hidden while the page reads Chinese
        target = (call.get_attribute("href") or "").lstrip("#")
        page.evaluate("t => { location.hash = t; }", target)
        assert page.locator(f"[id='{target}']").is_visible(), f"{site} {path}: note {target}"
        followed += 1
    return followed


def test_every_page_opened_hovered_and_used_runs_nothing(probe_site: ProbeSite, context: BrowserContext) -> None:
    """Each page opened once, and on it: the title and the header as text, every element hovered
    (a note call's and a term's tooltip shows the note or definition as written, in place), every
    note call followed to its note, every control used; after each, nothing ran."""
    site = probe_site
    page = context.new_page()
    errors = record_errors(page)
    pages = site.pages()
    titles = titles_wanted()
    assert {"erpian/index.html", "sanpian/index.html", *titles} <= set(pages)
    hovered: list[str] = []
    seen: set[str] = set()
    used = followed = 0
    for path in pages:
        open_page(page, site, path)
        # what ran on opening is still flagged at the end of the page's turn: checked once, there
        assert not probes_made(page), f"{site} {path}: opened"
        if path == "404.html" and site.way == "file":
            assert_no_probe(page, f"{site} {path}: opened")
            continue  # for a server to send: opened from disk its scripts are not found
        if path in titles:  # never closing the element: the text as written
            assert squash(page.title()).startswith(squash(titles[path])), f"{site} {path}: {page.title()[:200]}"
        for text in page.evaluate(SHOWN):
            assert not VISIBLE_ESCAPE.search(text), f"{site} {path}: an escape shows: {text[:200]}"
        hovered += hover_everything(page, site, path, seen)
        followed += follow_the_note_calls(page, site, path)
        used += use_the_apparatus(page, site, path)
        assert_no_probe(page, f"{site} {path}: after hovering and using every control")
    assert any(h.startswith("A.term") for h in hovered), hovered  # glossary links' tooltips
    assert len([h for h in hovered if "(note)" in h]) >= 4, hovered  # note calls' notes, in place
    assert any("md-nav__link" in h for h in hovered), hovered
    assert any(h.startswith("A.") and "(title)" in h and "(note)" not in h for h in hovered), hovered
    assert followed >= 4, followed
    assert used, "no citation or language control used"
    # the offline copy's 404 page is for a server to send: opened from disk, it names absent files
    errors = [e for e in errors if "/404.html:" not in e]
    assert not errors, errors


# --- search -------------------------------------------------------------------------------------


def search_mkdocs(page: Page, query: str) -> int:
    """Search like a reader (the `/` key, then typing); the number of result items rendered."""
    meta = f"document.querySelector('{META}').textContent"
    if not page.locator(SEARCH_INPUT).is_visible():
        page.keyboard.press("/")
        page.wait_for_selector(SEARCH_INPUT, state="visible")
    page.fill(SEARCH_INPUT, "")
    page.wait_for_function(f"() => {meta}.includes('{READY}')", timeout=30_000)
    page.fill(SEARCH_INPUT, query)
    page.wait_for_function(f"() => {meta}.includes('{ANSWERED}')", timeout=30_000)
    return page.locator(RESULT_ITEM).count()


# Fields that only the home page or the landing pages show, which search leaves out
# (templates/home.md.j2, landing.md.j2): the collection's name and description, English titles.
# The translation's own `note:` is shown nowhere; an `also` name is not the text's: a search for
# the whole name finds its term (test_the_apparatus_runs_nothing); the source's address is one
# word to search (it holds no space), not a word for each part.
NOT_INDEXED = {
    "zqtitleen",
    "zqtitletwoen",
    "zqtitlethreeen",
    "zqcoll",
    "zqcollen",
    "zqdesc",
    "zqdescen",
    "zqtrnote",
    "zqtrnotetwo",
    "zqalso",
    "zqalsotpl",
    "zqurl",
    "zqurltwo",
}


def test_a_search_for_every_probe_runs_nothing(probe_site: ProbeSite, page: Page) -> None:
    """A search for each marker: the results show the field's markup as text and run nothing
    (MkDocs: every indexed field is found; Zensical's search is its own, tested for safety only)."""
    site = probe_site
    open_page(page, site, "index.html")
    found = []
    if site.engine == "zensical":
        page.click(Z_SEARCH_BUTTON)
        page.wait_for_selector(Z_SEARCH_INPUT)
        z_wait_until_ready(page)
    for marker in markers():
        if site.engine == "mkdocs":
            if search_mkdocs(page, marker):
                found.append(marker)
                shown = page.locator(RESULT_ITEM).first.inner_text()
                assert "<" in shown or "](" in shown or "{{" in shown, f"{site} search {marker}: {shown[:300]}"
        elif z_drawn(page, marker):
            found.append(marker)
        assert not probes_made(page), f"{site} search {marker}"
    assert_no_probe(page, f"{site} search")
    assert found, f"{site}: no marker found"
    if site.engine == "mkdocs":
        assert set(markers()) - set(found) <= NOT_INDEXED, f"no result for {sorted(set(markers()) - set(found))}"


# --- the apparatus: English search, another name -------------------------------------------------


def test_the_apparatus_runs_nothing(mkdocs_probe_site: ProbeSite, page: Page) -> None:
    """Citation text as written (BibTeX's braces escaped), English paragraphs as written, and a
    search for an English probe word and for a glossary term's `also` name (found by the MkDocs
    search's own index: publish/search.py, query.py): nothing runs."""
    site = mkdocs_probe_site
    errors = record_errors(page)
    path = "probes/s1.html"  # a note on its heading, an English paragraph, citations
    open_page(page, site, path)
    details = page.locator("details.cite").first
    details.locator("summary").click()
    bibtex = details.locator("pre.cite-text").inner_text()
    assert "</textarea></pre><img" in bibtex and r"\{\textbackslash{}x\}\},title=\{x\}" in bibtex, bibtex
    for mode in ("en", "both", "zh"):
        page.locator(f".lang-toggle button[data-lang={mode}]").first.click()
        assert_no_probe(page, f"{path}: reading {mode}")
        if mode != "zh":
            assert "<img src=x" in page.locator(".para-en").first.inner_text(), mode
    glossary = yaml.safe_load((PROBES / "glossary.yaml").read_text(encoding="utf-8"))
    for query in ["zqenone", *(e["also"][0] for e in glossary["terms"] if "also" in e)]:
        open_page(page, site, "index.html")
        assert search_mkdocs(page, query), query
        assert_no_probe(page, f"{site} search {query}")
    assert not errors, errors
