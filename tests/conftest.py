"""The fixtures every test module may ask for: sites built once for the whole run, Chromium, the
phone and the desktop, and the site over http or from disk. The helpers they use are in support/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .support import profiles
from .support.browser import DEVICES, WAYS, WINDOW, Device, Site, either_way, launch
from .support.paths import PINNED
from .support.projects import make_project
from .support.scripts import with_scripts
from .support.sites import built_site, offline_copy, serve, shared
from .support.zensical import zensical_offline_of, zensical_site_of

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

profiles.load()


# --- sites built once for the whole run (every worker of `make test` shares them) ---------------


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real article built once into a temporary project."""
    return shared(tmp_path_factory, "real", lambda d: built_site(make_project(d / "real")))


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real article as the offline copy: built with the offline plugin, zipped, unzipped elsewhere."""
    return shared(tmp_path_factory, "offline", lambda d: offline_copy(make_project(d / "offline"), d / "unzipped"))


@pytest.fixture(scope="session")
def http_url(real_site: Path) -> Iterator[str]:
    """The real site served over http on 127.0.0.1 (a free port), for the whole session."""
    with serve(real_site / "site") as url:
        yield url


@pytest.fixture(scope="session")
def pinned_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pinned copy of today's article (support.paths.PINNED) built like the real one."""
    return shared(tmp_path_factory, "pinned", lambda d: built_site(make_project(d / "pinned", PINNED)))


@pytest.fixture(scope="session")
def pinned_offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pinned copy of today's article as the offline copy."""
    return shared(
        tmp_path_factory, "pinned-offline", lambda d: offline_copy(make_project(d / "pinned", PINNED), d / "unzipped")
    )


@pytest.fixture(scope="session")
def pinned_http_url(pinned_site: Path) -> Iterator[str]:
    """The pinned copy of today's article served over http."""
    with serve(pinned_site / "site") as url:
        yield url


@pytest.fixture(scope="session")
def scripts_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The collection of both scripts (support.scripts: the real article, a Traditional one and another
    Simplified one) built once, as the real article is."""
    return shared(tmp_path_factory, "scripts", lambda d: built_site(with_scripts(d / "scripts")))


@pytest.fixture(scope="session")
def scripts_offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The collection of both scripts as the unzipped offline copy."""
    return shared(
        tmp_path_factory, "scripts-offline", lambda d: offline_copy(with_scripts(d / "scripts"), d / "unzipped")
    )


@pytest.fixture(scope="session")
def scripts_http_url(scripts_site: Path) -> Iterator[str]:
    """The collection of both scripts served over http."""
    with serve(scripts_site / "site") as url:
        yield url


@pytest.fixture(scope="session")
def zensical_scripts_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The collection of both scripts published by Zensical (the project; its site in `site/`)."""
    return shared(tmp_path_factory, "z-scripts", lambda d: zensical_site_of(with_scripts(d / "z-scripts")))


@pytest.fixture(scope="session")
def zensical_scripts_http_url(zensical_scripts_site: Path) -> Iterator[str]:
    """The collection of both scripts, published by Zensical, served over http."""
    with serve(zensical_scripts_site / "site") as url:
        yield url


@pytest.fixture(scope="session")
def zensical_scripts_offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The collection of both scripts as Zensical's unzipped offline copy."""
    return shared(
        tmp_path_factory,
        "z-scripts-offline",
        lambda d: zensical_offline_of(with_scripts(d / "z-scripts"), d / "unzipped"),
    )


@pytest.fixture(params=WAYS)
def site(request: pytest.FixtureRequest) -> Site:
    """The real site over http, or the offline copy from disk."""
    return either_way(request, "http_url", "offline_site")


@pytest.fixture(params=WAYS)
def pinned(request: pytest.FixtureRequest) -> Site:
    """The pinned copy of today's article over http or from disk: for the facts of that article."""
    return either_way(request, "pinned_http_url", "pinned_offline_site")


# --- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A desktop window of the test's own."""
    ctx = browser.new_context(**WINDOW)
    yield ctx
    ctx.close()


@pytest.fixture(scope="module", params=list(DEVICES))
def device(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Device]:
    """A phone (touch, taps) or a desktop (mouse): one browser context each, shared by a module's tests."""
    ctx = browser.new_context(**DEVICES[request.param])
    yield Device(request.param, ctx)
    ctx.close()


@pytest.fixture
def page(request: pytest.FixtureRequest) -> Iterator[Page]:
    """A new page: on the test's device when it asks for one (phone or desktop), else in `context`."""
    if "device" in request.fixturenames:
        device: Device = request.getfixturevalue("device")
        p = device.context.new_page()
        yield p
        p.close()
    else:
        ctx: BrowserContext = request.getfixturevalue("context")
        yield ctx.new_page()
