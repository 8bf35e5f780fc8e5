"""A site of one article is named by the article's title, which may hold `<`, `&` or `"`: in Chromium,
on a phone (390×844, touch) and a desktop (1280×800, mouse), over http and from the unzipped offline
copy, the name shows as written wherever the theme shows it: the header, the browser tab, the logo's
title and its tooltip (desktop), the navigation drawer (phone).

The site is tests/fixtures/hostile (one article, markup in its title); the name expected is the
title as its edition file has it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from build_scripts.core.markup import is_html_text
from build_scripts.pipeline.build import edition_file
from tests.support.browser import WAYS, Device, Site, activate, open_page, squash
from tests.support.paths import FIXTURES
from tests.support.projects import make_project
from tests.support.sites import built_site, offline_copy, serve

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SOURCE = FIXTURES / "hostile" / "source"
LOGO_TOOLTIP = ".md-tooltip.md-tooltip--active"  # the theme's tooltip of a header element with a title


def title() -> str:
    """The one article's title, as its edition file has it: the site's name."""
    editions = [p for p in sorted((SOURCE / "articles").glob("*.md")) if "." not in p.stem]
    assert len(editions) == 1, editions
    text = edition_file(editions[0], SOURCE.parent)[0].title
    assert not is_html_text(text), "the fixture's title must hold a character HTML escapes"
    return text


@pytest.fixture(scope="module")
def one_article_http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = built_site(make_project(tmp_path_factory.mktemp("one-article"), SOURCE)) / "site"
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def one_article_offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("one-article-offline"), SOURCE)
    return offline_copy(project, tmp_path_factory.mktemp("one-article-unzipped"))


@pytest.fixture(params=WAYS)
def site(request: pytest.FixtureRequest) -> Site:
    if request.param == "http":
        return Site("http", str(request.getfixturevalue("one_article_http")))
    offline: Path = request.getfixturevalue("one_article_offline")
    return Site("file", offline.as_uri())


def test_the_sites_name_shows_as_written(site: Site, device: Device, page: Page) -> None:
    name = title()
    open_page(page, site.url("index.html"))
    where = f"{site.way} {device.name}"
    assert page.title() == name, f"{where}: the tab reads {page.title()!r}"
    header = page.locator(".md-header__title .md-ellipsis").first
    assert squash(header.inner_text()) == squash(name), f"{where}: the header reads {header.inner_text()!r}"
    if not device.phone:
        logo = page.locator(".md-header .md-logo")
        assert logo.is_visible(), where
    else:
        activate(device, page.locator('label.md-header__button[for="__drawer"]'))
        drawer = page.locator(".md-nav--primary > .md-nav__title").first
        drawer.wait_for(state="visible")
        assert squash(drawer.inner_text()) == squash(name), f"{where}: the drawer reads {drawer.inner_text()!r}"
        logo = drawer.locator(".md-logo")
    assert logo.get_attribute("title") == name, f"{where}: the logo's title is {logo.get_attribute('title')!r}"
    assert logo.get_attribute("aria-label") == name, where
    if not device.phone:
        logo.hover()
        tooltip = page.locator(LOGO_TOOLTIP)
        tooltip.wait_for(state="visible")
        assert squash(tooltip.inner_text()) == squash(name), f"{where}: the tooltip reads {tooltip.inner_text()!r}"
