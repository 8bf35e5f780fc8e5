"""The reading-language switch and English search in Chromium, over http and from the unzipped offline copy.

The scholarly fixture (tests/fixtures/scholarly: notes, a translation, its source) is built once each way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.browser import POPOVER, WAYS, Device, Site, activate, open_page, search
from tests.support.paths import FIXTURES
from tests.support.projects import make_project
from tests.support.sites import built_site, offline_copy, serve

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SOURCE = FIXTURES / "scholarly" / "source"
PAGE = "hehu/s2.html"


@pytest.fixture(scope="module")
def scholarly_http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = built_site(make_project(tmp_path_factory.mktemp("scholarly"), SOURCE)) / "site"
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def scholarly_offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("scholarly-offline"), SOURCE)
    return offline_copy(project, tmp_path_factory.mktemp("scholarly-unzipped"))


@pytest.fixture(params=WAYS)
def site(request: pytest.FixtureRequest) -> Site:
    if request.param == "http":
        return Site("http", str(request.getfixturevalue("scholarly_http")))
    offline: Path = request.getfixturevalue("scholarly_offline")
    return Site("file", offline.as_uri())


def shown(page: Page) -> tuple[bool, bool, bool]:
    """Whether the Chinese paragraph and the English one are shown, and whether side by side."""
    zh = page.locator("#s2-p1")
    en = page.locator("#s2-p1-en")
    side = zh.is_visible() and en.is_visible() and abs(zh.bounding_box()["y"] - en.bounding_box()["y"]) < 2  # type: ignore[index]
    return zh.is_visible(), en.is_visible(), side


def test_the_reading_language_is_chosen_and_kept(site: Site, page: Page) -> None:
    open_page(page, site.url(PAGE))
    assert shown(page) == (True, False, False)  # Chinese first
    for label, expected in (
        ("English", (False, True, False)),
        ("对照", (True, True, True)),
        ("中文", (True, False, False)),
    ):
        page.locator(".lang-toggle button", has_text=label).click()
        assert shown(page) == expected, label
        assert page.locator(".lang-toggle button", has_text=label).get_attribute("aria-pressed") == "true"
        page.reload()
        page.wait_for_selector(".lang-toggle:not([hidden])")
        assert shown(page) == expected, f"{label} after a reload"
    page.locator(".lang-toggle button", has_text="English").click()
    open_page(page, site.url("hehu/s1.html"))  # the choice holds on the article's other pages
    assert page.locator("#s1-p1-en").is_visible() and not page.locator("#s1-p1").is_visible()


def test_an_english_query_opens_the_english_paragraph(site: Site, page: Page) -> None:
    open_page(page, site.url(PAGE))
    results = search(page, "guardian")
    links = [link for r in results for link in r.links]
    assert any(PAGE in link and link.endswith("#s2-p1-en") for link in links), links
    page.locator('a.md-search-result__link[href$="#s2-p1-en"]').first.click()
    page.wait_for_url(lambda url: url.endswith("#s2-p1-en"))
    assert page.locator("#s2-p1-en").is_visible()  # shown though the reader reads Chinese


def test_a_citation_is_in_the_page_and_copied(site: Site, device: Device, page: Page) -> None:
    """On a phone (390 px, taps) and a desktop: the paragraph's citation, opened, names the
    paragraph's own permalink, fits the window, and its copy button copies."""
    open_page(page, site.url(PAGE))
    cite = page.locator("#s2-p1 + p + * , details.cite").first
    activate(device, cite.locator("summary"))
    text = page.locator("#s2-p1-gbt7714").text_content() or ""
    # the build writes 佚名 for the unknown author, a placeholder for the reader's date and the page's
    # path (the fixture has no site_url); the page writes today's date and, over http, its own
    # address; opened from disk, where its address is a path on the reader's machine, it keeps the
    # path within the edition and says so
    assert re.match(r"佚名\. 河湖长制 护水有方\[EB/OL\]\. 治水日报, 2019-04-02\[\d{4}-\d{2}-\d{2}\]\. ", text), text
    offline = cite.locator(".cite-offline")
    if site.way == "http":
        assert text.endswith(" " + page.url.split("#")[0] + "#s2-p1."), text
        assert offline.count() == 0
    else:
        assert text.endswith(f" {PAGE}#s2-p1.") and "file:" not in text, text
        assert offline.is_visible() and "Offline copy" in (offline.text_content() or "")
    assert "[引用日期]" not in text
    size, box = page.viewport_size, cite.bounding_box()
    assert size and box and box["x"] >= 0 and box["x"] + box["width"] <= size["width"], (device.name, box)
    button = cite.locator("button.cite-copy").first
    assert button.is_visible()
    activate(device, button)
    page.wait_for_selector("button.cite-copy.cite-copied")
    # the paragraph's permalink (¶) is the address the citation names
    activate(device, page.locator("#s2-p1 a.para-link"))
    page.wait_for_url(lambda url: url.endswith("#s2-p1"))
    if site.way == "http":
        assert text.endswith(f" {page.url}."), (page.url, text)


def test_a_note_call_shows_its_note_and_leads_to_it(site: Site, page: Page) -> None:
    open_page(page, site.url("hehu/s1.html"))
    call = page.locator("sup.note-call a").first
    call.hover()
    tooltip = page.locator(POPOVER)
    tooltip.wait_for(state="visible")
    assert "此处短语止于术语" in (tooltip.text_content() or "")
    call.click()  # the note stays open in place; its link leads to it
    tooltip.locator('a[href="#s1-n1"]').click()
    page.wait_for_url(lambda url: url.endswith("#s1-n1"))
    page.locator("#s1-n1 a.note-back").click()
    page.wait_for_url(lambda url: url.endswith("#s1-n1-call"))


def test_the_choice_is_kept_where_storage_is_refused(site: Site, page: Page) -> None:
    # some browsers refuse localStorage to pages opened from disk: window.name keeps the choice for the tab
    page.add_init_script(
        "for (const m of ['getItem', 'setItem']) Storage.prototype[m] = () => { throw new Error('refused'); };"
    )
    open_page(page, site.url(PAGE))
    page.locator(".lang-toggle button", has_text="English").click()
    page.reload()
    page.wait_for_selector(".lang-toggle:not([hidden])")
    assert shown(page) == (False, True, False)
