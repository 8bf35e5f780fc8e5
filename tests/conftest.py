"""Shared test helpers: paths, and throw-away copies of a project (source/ + site configuration)."""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import settings

from .projects import HAND_WRITTEN_DOCS, ROOT, make_project

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

__all__ = ["HAND_WRITTEN_DOCS", "ROOT", "make_project"]  # the helpers tests import from here

# Hypothesis: a quick profile where a contributor runs the tests, the thorough one in CI (CI=true) or
# when asked for (HYPOTHESIS_PROFILE=thorough). A test states its thorough number of examples
# through examples(); the quick profile runs a fifth of it.
settings.register_profile("thorough", deadline=None, print_blob=True)
settings.register_profile("quick", deadline=None, max_examples=20)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("thorough" if os.environ.get("CI") else "quick")
settings.load_profile(PROFILE)


def examples(thorough: int) -> int:
    """How many examples a property test runs under the loaded profile."""
    return thorough if PROFILE == "thorough" else max(10, thorough // 5)


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


def build_docs(dest: Path, strict: bool = True) -> None:
    """The build script over `dest`, as CI runs it (`strict=False`: its warnings allowed, for a
    fixture that is no translation)."""
    build_script(dest, "build", *(["--strict"] if strict else []))


def built_site(dest: Path, strict: bool = True) -> Path:
    """The project in `dest` built as CI builds it: build script + `mkdocs build --strict`."""
    build_docs(dest, strict)
    mkdocs_build(dest)
    return dest


def shared(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Path]) -> Path:
    """What make(folder) builds in a fresh folder, built once for the whole run: with several
    workers (pytest-xdist, `make test`), in the folder they share, by whichever asks first while the
    others wait; a session fixture that builds a site calls it, so no worker builds it again."""
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own; a new run has a new one
    folder, done = base / f"shared-{name}", base / f"shared-{name}.done"
    with FileLock(str(base / f"shared-{name}.lock")):
        if not done.exists():
            if folder.exists():  # a worker died building it: start again
                shutil.rmtree(folder)
            folder.mkdir()
            done.write_text(str(make(folder)), encoding="utf-8")
    return Path(done.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real article built once into a temporary project."""
    return shared(tmp_path_factory, "real", lambda d: built_site(make_project(d / "real")))


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
    return shared(tmp_path_factory, "offline", lambda d: offline_copy(make_project(d / "offline"), d / "unzipped"))


def offline_copy(dest: Path, unzipped: Path, strict: bool = True) -> Path:
    """Project `dest` built as the offline copy (`make offline`), zipped, and unzipped into `unzipped`."""
    import zipfile

    build_docs(dest, strict)
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
