"""Shared test helpers: paths, and throw-away copies of a project (source/ + site configuration)."""

from __future__ import annotations

import contextlib
import http.server
import os
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest

from .projects import HAND_WRITTEN_DOCS, ROOT, make_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

__all__ = ["HAND_WRITTEN_DOCS", "ROOT", "make_project"]  # the helpers tests import from here

FIXTURES = ROOT / "tests" / "fixtures"
SMALL = FIXTURES / "site-small"
# Today's article, raw file and glossary, pinned: the facts of one article (search ranking, headings,
# errata) are tested on this copy, so that an editor's change to source/ cannot make them false.
PINNED = FIXTURES / "search-site" / "source"


def run(args: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a command the way the Makefile does (pinned build date, the project's Python)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1498176000", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def build_script(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "build_scripts", *args], cwd, check=check)


def mkdocs_build(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", *args], cwd, check=check)


def built_site(dest: Path, strict: bool = True) -> Path:
    """The project in `dest` built as CI builds it: build script + `mkdocs build --strict`
    (`strict=False`: the build script's warnings allowed, for a fixture that is no translation)."""
    build_script(dest, "build", *(["--strict"] if strict else []))
    mkdocs_build(dest)
    return dest


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real article built once into a temporary project."""
    return built_site(make_project(tmp_path_factory.mktemp("real")))


# --- browser tests ------------------------------------------------------------------------------

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
OUTPUT = ROOT / "test-output"  # screenshots and reports a test run keeps


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real article as the offline copy: built with the offline plugin, zipped, unzipped elsewhere."""
    return offline_copy(make_project(tmp_path_factory.mktemp("offline")), tmp_path_factory.mktemp("unzipped"))


def offline_copy(dest: Path, unzipped: Path, strict: bool = True) -> Path:
    """Project `dest` built as the offline copy (`make offline`), zipped, and unzipped into `unzipped`."""
    import zipfile

    build_script(dest, "build", *(["--strict"] if strict else []))
    env_run = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "dist/offline"]
    proc = subprocess.run(
        env_run,
        cwd=dest,
        env={**os.environ, "OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    build_script(dest, "zip", "dist/offline", "dist/site.zip", "--prefix", "reading-edition")
    with zipfile.ZipFile(dest / "dist" / "site.zip") as zf:
        zf.extractall(unzipped)
    return unzipped / "reading-edition"


@pytest.fixture(scope="session")
def http_url(real_site: Path) -> Iterator[str]:
    """The real site served over http on 127.0.0.1 (a free port), for the whole session."""
    with serve(real_site / "site") as url:
        yield url


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """`directory` served over http on 127.0.0.1 (a free port) while the block runs: its URL."""
    import functools
    import threading

    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def pinned_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pinned copy of today's article (PINNED) built like the real one."""
    return built_site(make_project(tmp_path_factory.mktemp("pinned"), PINNED))


@pytest.fixture(scope="session")
def pinned_offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pinned copy of today's article as the offline copy."""
    dest = make_project(tmp_path_factory.mktemp("pinned-offline"), PINNED)
    return offline_copy(dest, tmp_path_factory.mktemp("pinned-unzipped"))


@pytest.fixture(scope="session")
def pinned_http_url(pinned_site: Path) -> Iterator[str]:
    """The pinned copy of today's article served over http."""
    with serve(pinned_site / "site") as url:
        yield url


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (make browser-deps)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))


def broken_links(site: Path) -> list[str]:
    """Every relative link of every HTML page of a built site whose file or id does not exist.

    MkDocs checks links it finds in Markdown; this also covers the raw HTML the build script writes.
    """
    pages: dict[Path, _Anchors] = {}
    for path in sorted(site.rglob("*.html")):
        parser = _Anchors()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path] = parser
    broken = []
    for path, parser in pages.items():
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("/", "mailto:")):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {href}: no such file")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{path.relative_to(site)}: {href}: no id {parts.fragment!r}")
    return broken
