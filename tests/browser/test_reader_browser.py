"""Reading on a phone and in English: definitions and notes in place, the English text annotated,
the dark palette. In Chromium, on a phone (390×844, touch, taps) and on a desktop (1280×800, mouse),
over http and from the unzipped offline copy (file://), in both reading languages where it applies:
every pair of those values, not every combination (tests/support/pairwise.py).

The page read is the section of the real article (source/) with the longest editorial note, and
every expectation (the terms, their definitions, the notes and where they are) comes from source/.
Screenshots go to test-output/reader/.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from build_scripts.core.model import Article, Note, Term
from build_scripts.pipeline.build import read_source
from tests.support.browser import AXE_FAILS, GLOSSARY, HOME, Device, Site, activate, open_page, require_axe, squash
from tests.support.pairwise import across
from tests.support.paths import OUTPUT, ROOT

if TYPE_CHECKING:
    from playwright.sync_api import FloatRect, Locator, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

POP = "#edition-pop"
THEME_TOOLTIP = ".md-tooltip2--active"
SHOTS = OUTPUT / "reader"
LANGS = ("zh", "en")
BUTTONS = {"zh": "中文", "en": "English", "both": "对照"}
TOUCH_TARGET = 44  # CSS px, WCAG 2.5.5


@dataclass(frozen=True)
class Reading:
    """What source/ says the page shows."""

    path: str  # the section page, from the site's root
    article: Article
    notes: tuple[Note, ...]  # the section's notes in the order of their numbers
    longest: int  # the number of its longest note on a translated paragraph
    first: int  # the number of its first note on a translated paragraph
    terms: dict[str, Term]  # by id


@functools.cache
def reading() -> Reading:
    from build_scripts.pages.scholarly import ordered

    articles, terms, _ = read_source(ROOT)
    best: tuple[int, Article, str, list[Note]] | None = None
    for a in articles:
        if not a.english:
            continue
        for s in a.sections:
            mine = ordered(a, s.id)
            for n in mine:
                if n.at not in a.english.paragraphs:
                    continue  # a note on a heading or the dateline has no English call
                size = len(n.zh) + len(n.en)
                if best is None or size > best[0]:
                    best = (size, a, s.id, mine)
    assert best is not None, "no article of source/ has a translation and notes"
    size, article, section, notes = best
    assert article.english
    on_paragraphs = [k for k, n in enumerate(notes, 1) if n.at in article.english.paragraphs]
    longest = next(k for k in on_paragraphs if len(notes[k - 1].zh) + len(notes[k - 1].en) == size)
    return Reading(
        f"{article.slug}/{section}.html", article, tuple(notes), longest, on_paragraphs[0], {t.id: t for t in terms}
    )


# --- what a reader does ---------------------------------------------------------------------------


def read_in(page: Page, lang: str) -> None:
    page.locator(".lang-toggle button", has_text=BUTTONS[lang]).click()


def open_reading(page: Page, site: Site, lang: str) -> Reading:
    r = reading()
    open_page(page, site.url(r.path))
    read_in(page, lang)
    return r


def terms_in(page: Page, lang: str) -> Locator:
    paragraph = "p.para" if lang == "zh" else "p.para-en"
    return page.locator(f".md-content {paragraph} a.term")


def call_in(page: Page, lang: str, number: int) -> Locator:
    section = reading().path.rsplit("/", 1)[1].removesuffix(".html")
    suffix = "" if lang == "zh" else "-en"
    return page.locator(f"#{section}-n{number}-call{suffix}")


def popover(page: Page) -> Locator:
    return page.locator(POP)


def expanded(target: Locator) -> str | None:
    return target.get_attribute("aria-expanded")


def inside_window(page: Page, box: FloatRect) -> bool:
    size = page.viewport_size
    assert size is not None
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= size["width"] + 0.5
        and box["y"] + box["height"] <= size["height"] + 0.5
    )


def shot(page: Page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=path)
    assert path.stat().st_size > 10_000, f"{path}: blank"
    return path


# Text of the page outside the popover and at least 30 px from anything a tap would act on (a phone
# moves a tap onto a target near it).
OUTSIDE = """() => {
  const pop = document.getElementById('edition-pop').getBoundingClientRect();
  const acting = [...document.querySelectorAll('a, button, summary, input, label, .edition-trigger')]
    .map(e => e.getBoundingClientRect()).filter(r => r.width && r.height);
  const far = (x, y) => acting.every(r => x < r.left - 30 || x > r.right + 30 || y < r.top - 30 || y > r.bottom + 30);
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  for (let y = header + 10; y < innerHeight - 10; y += 8)
    for (let x = 10; x < document.documentElement.clientWidth - 10; x += 8) {
      if (x >= pop.left && x <= pop.right && y >= pop.top && y <= pop.bottom) continue;
      const e = document.elementFromPoint(x, y);
      if (e && e.closest('.md-content p') && far(x, y)) return [x, y];
    }
  return null;
}"""


def outside(page: Page) -> tuple[float, float]:
    point = page.evaluate(OUTSIDE)
    assert point, "no text outside the popover to tap"
    return point[0], point[1]


def term_of(link: Locator) -> Term:
    href = link.get_attribute("href") or ""
    return reading().terms[href.split("#", 1)[1]]


# --- 1. a term's definition in place ------------------------------------------------------------


@across("lang", LANGS)
def test_a_term_opens_its_definition_in_place(site: Site, device: Device, page: Page, lang: str) -> None:
    open_reading(page, site, lang)
    address = page.url
    link = terms_in(page, lang).first
    term = term_of(link)
    assert expanded(link) == "false"
    activate(device, link)
    pop = popover(page)
    pop.wait_for(state="visible")
    assert page.url == address, "the tap left the page"
    assert expanded(link) == "true" and link.get_attribute("aria-controls") == "edition-pop"
    assert pop.get_attribute("role") == "dialog" and pop.get_attribute("aria-label") == term.term
    text = squash(pop.inner_text())
    for part in (term.term, term.pinyin, term.en, term.def_zh, term.def_en):
        assert squash(part) in text, f"{site.way} {device.name} {lang}: {part!r} not in the popover: {text[:200]}"
    assert page.locator(THEME_TOOLTIP).count() == 0, "the theme's tooltip opened as well"
    box = pop.bounding_box()
    assert box and inside_window(page, box), box
    style = pop.evaluate(
        "e => { const s = getComputedStyle(e); return [s.fontSize, s.fontWeight, s.userSelect, s.maxWidth]; }"
    )
    assert float(style[0].removesuffix("px")) >= 16 and style[1] == "400" and style[2] != "none", style
    assert style[3] != "none", f"the popover has no maximum width: {style}"
    shot(page, f"{site.way}-{device.name}-{lang}-term")

    activate(device, link)  # a second tap closes
    pop.wait_for(state="hidden")
    assert expanded(link) == "false"
    activate(device, link)
    pop.wait_for(state="visible")
    outside = page.locator(".md-content h1").first
    activate(device, outside)  # a tap outside closes
    pop.wait_for(state="hidden")
    assert page.url == address

    activate(device, link)
    pop.wait_for(state="visible")
    entry = pop.locator(f'a[href$="glossary.html#{term.id}"]')
    activate(device, entry)  # the link inside is the way to the glossary
    page.wait_for_url(lambda url: url.endswith(f"glossary.html#{term.id}"))


def test_a_mouse_hovering_a_term_shows_its_definition(site: Site, device: Device, page: Page) -> None:
    if device.phone:
        pytest.skip("a phone has no hover")
    open_reading(page, site, "zh")
    link = terms_in(page, "zh").first
    link.scroll_into_view_if_needed()
    link.hover()
    pop = popover(page)
    pop.wait_for(state="visible")
    assert term_of(link).def_en in pop.inner_text()
    pop.hover()  # the reader moves into it, to select or follow its link: it stays
    page.wait_for_timeout(500)
    assert pop.is_visible()
    page.mouse.move(5, 5)
    pop.wait_for(state="hidden")


@across("lang", LANGS)
def test_the_keyboard_opens_and_closes_a_definition(site: Site, device: Device, page: Page, lang: str) -> None:
    open_reading(page, site, lang)
    link = terms_in(page, lang).first
    pop = popover(page)
    for key in ("Enter", " "):  # either key opens it; Escape closes it and gives the focus back
        link.focus()
        page.keyboard.press(key)
        pop.wait_for(state="visible")
        assert page.evaluate("document.activeElement.id") == "edition-pop", f"{key!r}: focus did not move into it"
        assert expanded(link) == "true", repr(key)
        page.keyboard.press("Escape")
        pop.wait_for(state="hidden")
        assert link.evaluate("e => e === document.activeElement"), f"{key!r}: focus did not return to the term"
        assert expanded(link) == "false", repr(key)


# --- 2. notes in place, long ones readable ------------------------------------------------------


@across("lang", LANGS)
def test_a_long_note_stays_inside_the_window(site: Site, device: Device, page: Page, lang: str) -> None:
    r = open_reading(page, site, lang)
    note = r.notes[r.longest - 1]
    call = call_in(page, lang, r.longest)
    call.scroll_into_view_if_needed()
    size = page.viewport_size
    assert size is not None
    # the call near the bottom of the window, where the theme's tooltip ran off it
    page.evaluate(
        "([id, h]) => { const b = document.getElementById(id).getBoundingClientRect();"
        " window.scrollBy(0, b.bottom - (h - 40)); }",
        [call.get_attribute("id"), size["height"]],
    )
    activate(device, call)
    pop = popover(page)
    pop.wait_for(state="visible")
    box = pop.bounding_box()
    assert box and inside_window(page, box), f"{site.way} {device.name} {lang}: {box}"
    assert pop.get_attribute("data-side") == "above", "near the bottom of the window it opens upward"
    text = squash(pop.inner_text())
    assert squash(note.zh) in text and squash(note.en) in text
    overflow = pop.evaluate("e => [e.scrollHeight, e.clientHeight, getComputedStyle(e).overflowY]")
    if overflow[0] > overflow[1]:
        assert overflow[2] == "auto", f"a note taller than the room it has must scroll: {overflow}"
        pop.evaluate("e => { e.scrollTop = e.scrollHeight; }")
        assert pop.evaluate("e => e.scrollTop") > 0
    shot(page, f"{site.way}-{device.name}-{lang}-long-note")


@across("lang", LANGS)
def test_a_note_call_opens_its_note_in_place_and_closes(site: Site, device: Device, page: Page, lang: str) -> None:
    """A note call, tapped or clicked, shows its note without leaving the page; a second tap, a tap
    outside or Escape closes it, and Escape gives the focus back to the call."""
    r = open_reading(page, site, lang)
    address = page.url
    call = call_in(page, lang, r.first)
    note = r.notes[r.first - 1]
    pop = popover(page)
    activate(device, call)
    pop.wait_for(state="visible")
    assert page.url == address, "the call left the page"
    assert expanded(call) == "true" and call.get_attribute("aria-controls") == "edition-pop"
    assert pop.get_attribute("data-kind") == "note"
    text = squash(pop.inner_text())
    assert squash(note.zh) in text and squash(note.en) in text, text[:200]
    activate(device, call)  # a second tap closes
    pop.wait_for(state="hidden")
    assert expanded(call) == "false"
    activate(device, call)
    pop.wait_for(state="visible")
    point = outside(page)  # a tap outside closes (a long note may cover the heading)
    if device.phone:
        page.touchscreen.tap(*point)
    else:
        page.mouse.click(*point)
    pop.wait_for(state="hidden")
    call.focus()
    page.keyboard.press("Enter")
    pop.wait_for(state="visible")
    page.keyboard.press("Escape")
    pop.wait_for(state="hidden")
    assert call.evaluate("e => e === document.activeElement"), "focus did not return to the call"
    assert page.url == address


@across("lang", LANGS)
def test_the_header_stays_above_an_open_definition_or_note(site: Site, device: Device, page: Page, lang: str) -> None:
    """Opened, a definition or a note is below the theme's header; as the reader scrolls on with it
    open, it goes under the header with the text, never over it."""
    r = open_reading(page, site, lang)
    header = page.locator(".md-header")
    pop = popover(page)
    for trigger in (terms_in(page, lang).first, call_in(page, lang, r.longest)):
        page.evaluate("window.scrollTo(0, 0)")
        activate(device, trigger)
        pop.wait_for(state="visible")
        top, box = header.bounding_box(), pop.bounding_box()
        assert top and box, (top, box)
        bottom = top["y"] + top["height"]
        assert box["y"] >= bottom, f"{site.way} {device.name} {lang}: opened over the header: {box}"
        page.evaluate("dy => window.scrollBy(0, dy)", box["y"] - bottom / 2)  # its top now behind the header
        moved = pop.bounding_box()
        assert pop.is_visible() and moved and moved["y"] < bottom, moved
        x, y = moved["x"] + moved["width"] / 2, (max(moved["y"], 0) + bottom) / 2
        shown = page.evaluate(
            "([x, y]) => { const e = document.elementFromPoint(x, y); return e &&"
            " (e.closest('#edition-pop') ? 'popover' : e.closest('.md-header') ? 'header' : e.tagName); }",
            [x, y],
        )
        assert shown == "header", f"{site.way} {device.name} {lang}: at ({x:.0f}, {y:.0f}) the {shown} is shown"
        page.keyboard.press("Escape")
        pop.wait_for(state="hidden")


@across("lang", LANGS)
def test_after_a_note_and_its_back_link_nothing_stays_open(site: Site, device: Device, page: Page, lang: str) -> None:
    r = open_reading(page, site, lang)
    section = r.path.rsplit("/", 1)[1].removesuffix(".html")
    note = f"{section}-n{r.first}"
    call = call_in(page, lang, r.first)
    activate(device, call)
    pop = popover(page)
    pop.wait_for(state="visible")
    activate(device, pop.locator(f'a[href="#{note}"]'))  # to the note in the list
    page.wait_for_url(lambda url: url.endswith(f"#{note}"))
    pop.wait_for(state="hidden")
    activate(device, page.locator(f"#{note} a.note-back"))
    back = f"#{note}-call" + ("" if lang == "zh" else "-en")
    page.wait_for_url(lambda url: url.endswith(back))
    assert call.is_visible(), "↩ led to a call the reader does not see"
    page.wait_for_timeout(400)  # the theme's tooltip opened on the focused call after its delay
    assert not pop.is_visible() and page.locator(THEME_TOOLTIP).count() == 0


def test_touch_targets_are_at_least_44_px(site: Site, device: Device, page: Page) -> None:
    if not device.phone:
        pytest.skip("touch targets are for touch screens")
    r = open_reading(page, site, "both")
    sizes = page.eval_on_selector_all(
        ".md-content .edition-trigger",
        "els => els.map(e => { const s = getComputedStyle(e, '::after');"
        " return [e.textContent, parseFloat(s.width), parseFloat(s.height)]; })",
    )
    small = [s for s in sizes if s[1] < TOUCH_TARGET or s[2] < TOUCH_TARGET]
    assert sizes and not small, small
    # a tap 20 px above the middle of a term, off its text, still opens it
    link = terms_in(page, "zh").first
    link.scroll_into_view_if_needed()
    box = link.bounding_box()
    assert box and box["height"] < 2 * 20, box
    font = page.evaluate("getComputedStyle(document.querySelector('.md-content p.para')).fontSize")
    assert link.evaluate("e => getComputedStyle(e).fontSize") == font, "the term was made bigger, not its target"
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 - 20)
    popover(page).wait_for(state="visible")
    assert expanded(link) == "true"
    assert r.path in page.url


# --- 3. the English text annotated -------------------------------------------------------------

MARK = re.compile(r"\[\[(?P<ref>[^\[\]|\n]+)\|(?P<text>[^\[\]|\n]+)\]\]")


def test_english_paragraphs_have_terms_and_note_calls(site: Site, device: Device, page: Page) -> None:
    r = open_reading(page, site, "en")
    assert r.article.english
    section = r.path.rsplit("/", 1)[1].removesuffix(".html")
    anchors = {a for a in r.article.english.paragraphs if a.startswith(section + "-")}
    in_paragraphs = [n for n in r.notes if n.at in anchors]
    calls = page.locator(".md-content p.para-en sup.note-call a")
    assert calls.count() == len(in_paragraphs), "each note on a translated paragraph has its call in English"
    assert all(calls.nth(i).is_visible() for i in range(calls.count()))
    assert not page.locator(".md-content p.para sup.note-call a").first.is_visible()
    english = " ".join(s or "" for a in sorted(anchors) for s in r.article.english.paragraphs[a])
    marked = {m.group("text").casefold() for m in MARK.finditer(english)}
    links = terms_in(page, "en")
    assert links.count(), "no glossary term linked in the English text"
    seen: set[str] = set()
    for i in range(links.count()):
        link = links.nth(i)
        term = term_of(link)
        shown = (link.text_content() or "").casefold()
        assert shown in (term.en.casefold(), *marked), f"{shown!r} links {term.term} ({term.en})"
        assert term.term not in seen, f"{term.term} linked twice in one section"
        seen.add(term.term)
    activate(device, links.first)
    popover(page).wait_for(state="visible")
    assert term_of(links.first).def_en in popover(page).inner_text()


# --- 4. the dark palette ------------------------------------------------------------------------


@across("scheme", ("light", "dark"))
def test_both_palettes_pass_axe_with_a_definition_open(site: Site, device: Device, page: Page, scheme: str) -> None:
    """The system's setting chooses the palette; axe-core finds nothing serious in it (contrast
    included), with a definition open and English text shown."""
    axe = require_axe()
    page.emulate_media(color_scheme="dark" if scheme == "dark" else "light")
    open_page(page, site.url(reading().path))
    page.evaluate("localStorage.clear()")  # no palette chosen with the toggle: the system's setting holds
    open_reading(page, site, "both")
    expected = "slate" if scheme == "dark" else "default"
    assert page.get_attribute("body", "data-md-color-scheme") == expected
    activate(device, terms_in(page, "en").first)
    popover(page).wait_for(state="visible")
    shot(page, f"{site.way}-{device.name}-{scheme}")
    page.add_script_tag(path=axe)
    violations: list[dict[str, Any]] = page.evaluate("async () => (await axe.run()).violations")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']}; e.g. {v['nodes'][0]['target']} {v['nodes'][0]['html'][:120]}"
        for v in violations
        if v["impact"] in AXE_FAILS
    ]
    assert not bad, f"{site.way} {device.name} {scheme}:\n" + "\n".join(bad)


@across("path", (HOME, GLOSSARY))
def test_the_dark_palette_passes_axe_on_the_other_pages(site: Site, device: Device, page: Page, path: str) -> None:
    """The project's own colours (stylesheets/*.css) on the pages without a translation, dark."""
    axe = require_axe()
    page.emulate_media(color_scheme="dark")
    open_page(page, site.url(path))
    page.evaluate("localStorage.clear()")
    open_page(page, site.url(path))
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.add_script_tag(path=axe)
    violations: list[dict[str, Any]] = page.evaluate("async () => (await axe.run()).violations")
    bad = [f"{v['id']} ({v['impact']}): {v['help']}" for v in violations if v["impact"] in AXE_FAILS]
    assert not bad, f"{site.way} {device.name} {path} dark:\n" + "\n".join(bad)


def scheme_is(page: Page, scheme: str) -> None:
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{scheme}'")


def toggle_palette(device: Device, page: Page) -> None:
    """The palette toggle in the header: the theme shows one label, for the next palette."""
    activate(device, page.locator("label.md-header__button[for^='__palette_']:visible"))


def test_the_palette_follows_the_system_until_the_reader_chooses(site: Site, device: Device, page: Page) -> None:
    """The palette the system chose on a first visit is not kept as a choice: a system that turns
    light later (a phone's dark mode ending at dawn) turns the site light, open or opened again."""
    page.emulate_media(color_scheme="dark")
    open_page(page, site.url(reading().path))
    page.evaluate("localStorage.clear()")  # a palette an earlier test stored: a first visit
    open_page(page, site.url(reading().path))
    scheme_is(page, "slate")
    page.emulate_media(color_scheme="light")
    scheme_is(page, "default")
    page.reload()
    scheme_is(page, "default")
    page.emulate_media(color_scheme="dark")
    open_page(page, site.url(GLOSSARY))
    scheme_is(page, "slate")
    page.evaluate("localStorage.clear()")  # the context is shared: the next test starts afresh
    page.emulate_media(color_scheme="light")


def test_the_palette_toggle_switches_and_is_kept(site: Site, device: Device, page: Page) -> None:
    """The toggle goes light → dark → the system's setting again; a choice holds against the
    system's setting and after a reload."""
    page.emulate_media(color_scheme="light")
    open_page(page, site.url(reading().path))
    page.evaluate("localStorage.clear()")  # a palette an earlier test's theme stored
    open_page(page, site.url(reading().path))
    scheme_is(page, "default")
    toggle_palette(device, page)  # light, chosen
    page.emulate_media(color_scheme="dark")
    page.reload()
    scheme_is(page, "default")
    toggle_palette(device, page)  # dark, chosen
    scheme_is(page, "slate")
    page.emulate_media(color_scheme="light")
    page.reload()
    scheme_is(page, "slate")
    toggle_palette(device, page)  # the system's setting again: light
    scheme_is(page, "default")
    page.emulate_media(color_scheme="dark")
    scheme_is(page, "slate")
    page.evaluate("localStorage.clear()")  # the context is shared: the next test follows the system again
    page.emulate_media(color_scheme="light")
