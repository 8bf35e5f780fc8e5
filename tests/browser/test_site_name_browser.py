"""A site of one article is named by the article's title, which may hold `<`, `&` or `"`: in Chromium,
on a phone (390×844, touch) and a desktop (1280×800, mouse), over http and from the unzipped offline
copy, published by MkDocs and by Zensical, the name shows as written wherever the theme shows it: the
header, the browser tab, the logo's title and its tooltip (desktop), the navigation drawer (phone).
Every pair of those values runs (tests/support/pairwise.py), not every combination.

The site is tests/fixtures/hostile (one article, markup in its title); the name expected is the
title as its edition file has it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from build_scripts.core.markup import is_html_text
from build_scripts.pipeline.build import edition_file
from tests.support.browser import Device, Site, activate, squash
from tests.support.pairwise import rows
from tests.support.paths import FIXTURES
from tests.support.projects import make_project
from tests.support.sites import built_site, offline_copy, serve
from tests.support.zensical import zensical_offline_of, zensical_site_of

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SOURCE = FIXTURES / "hostile" / "source"
# the theme's tooltip of the header's logo: mkdocs-material's header tooltip, Zensical's content one
LOGO_TOOLTIP = ".md-tooltip.md-tooltip--active, .md-tooltip2.md-tooltip2--active"
PUBLISH: dict[str, Callable[[Path], Path]] = {
    "mkdocs": lambda d: built_site(make_project(d, SOURCE)) / "site",
    "zensical": lambda d: zensical_site_of(make_project(d, SOURCE)) / "site",
}
OFFLINE: dict[str, Callable[[Path, Path], Path]] = {
    "mkdocs": lambda d, u: offline_copy(make_project(d, SOURCE), u),
    "zensical": lambda d, u: zensical_offline_of(make_project(d, SOURCE), u),
}


def title() -> str:
    """The one article's title, as its edition file has it: the site's name."""
    editions = [p for p in sorted((SOURCE / "articles").glob("*.md")) if "." not in p.stem]
    assert len(editions) == 1, editions
    text = edition_file(editions[0], SOURCE.parent)[0].title
    assert not is_html_text(text), "the fixture's title must hold a character HTML escapes"
    return text


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str, str], Site]]:
    """(engine, way) → the one-article site published by that engine, over http or from disk; each
    built when first asked for, once for the module."""
    sites: dict[tuple[str, str], Site] = {}
    with contextlib.ExitStack() as servers:

        def site(engine: str, way: str) -> Site:
            if (engine, way) not in sites:
                folder = tmp_path_factory.mktemp(f"one-article-{engine}-{way}")
                if way == "http":
                    url = servers.enter_context(serve(PUBLISH[engine](folder / "project")))
                    sites[engine, way] = Site(way, url)
                else:
                    unzipped = OFFLINE[engine](folder / "project", folder / "unzipped")
                    sites[engine, way] = Site(way, unzipped.as_uri())
            return sites[engine, way]

        yield site


@pytest.mark.parametrize(
    ("device", "way", "engine"),
    [pytest.param(*row, id="-".join(row)) for row in rows(("mkdocs", "zensical"))],
    indirect=["device"],
)
def test_the_sites_name_shows_as_written(
    served: Callable[[str, str], Site], device: Device, page: Page, way: str, engine: str
) -> None:
    name = title()
    site = served(engine, way)
    page.goto(site.url("index.html"))
    page.wait_for_selector(".md-header", state="attached")
    where = f"{engine} {site.way} {device.name}"
    # the home page's tab: the name (MkDocs), or the page's title and the name (Zensical: "首页 - …")
    assert page.title() in (name, f"首页 - {name}"), f"{where}: the tab reads {page.title()!r}"
    header = page.locator(".md-header__title .md-ellipsis").first
    assert squash(header.inner_text()) == squash(name), f"{where}: the header reads {header.inner_text()!r}"
    if device.phone:
        activate(device, page.locator('label.md-header__button[for="__drawer"]'))
        drawer = page.locator(".md-nav--primary > .md-nav__title").first
        drawer.wait_for(state="visible")
        assert squash(drawer.inner_text()) == squash(name), f"{where}: the drawer reads {drawer.inner_text()!r}"
        logo = drawer.locator(".md-logo")
    else:
        logo = page.locator(".md-header .md-logo")
        assert logo.is_visible(), where
    assert logo.get_attribute("title") == name, f"{where}: the logo's title is {logo.get_attribute('title')!r}"
    assert logo.get_attribute("aria-label") == name, where
    if not device.phone:
        logo.hover()
        tooltip = page.locator(LOGO_TOOLTIP)
        tooltip.wait_for(state="visible")
        assert squash(tooltip.inner_text()) == squash(name), f"{where}: the tooltip reads {tooltip.inner_text()!r}"
