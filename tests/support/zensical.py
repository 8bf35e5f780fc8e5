"""The site published by Zensical (`make site ENGINE=zensical`), and its search as a reader uses it.

Zensical's search is its own dialog (a button opens a modal inside a shadow root, which Playwright's
CSS selectors pierce): one result per indexed section, `<a href="page.html?h=…#id">`, a status line
that says "N results" / "No results" once a query's results are in and nothing for an empty box.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import ROOT
from .projects import build_docs, build_script
from .search import Item, Outcome, load_queries, site_path

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SEARCH_BUTTON = ".md-search__button"
SEARCH_INPUT = "dialog input[role=combobox]"
STATUS = "dialog [role=status]"
RESULT_LINK = "dialog ol[role=listbox] > li > a"
SETTLE_MS = 300
# The status line once a query's results are in, in Chinese (zensical/site.dialog_in_chinese, from
# Zensical's zh strings): "# 个符合条件的结果", "找到 1 个符合条件的结果", "没有找到符合条件的结果".
ANSWERED = "符合条件的结果"


def zensical_build(dest: Path, *args: str, env: dict[str, str] | None = None) -> Path:
    """Project `dest` published by Zensical (docs/ must be built): the command `make site ENGINE=zensical` runs."""
    proc = subprocess.run(
        [sys.executable, "-m", "build_scripts.zensical.site", "--no-build", *args],
        cwd=dest,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, f"zensical_site exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return dest


def zensical_site_of(dest: Path, strict: bool = True) -> Path:
    build_docs(dest, strict)
    return zensical_build(dest)


def zensical_offline_of(dest: Path, unzipped: Path, strict: bool = True) -> Path:
    """The offline copy as `make offline` makes it for MkDocs, published by Zensical: zipped, unzipped."""
    build_docs(dest, strict)
    zensical_build(dest, "--site-dir", "dist/offline", env={"OFFLINE": "true"})
    build_script(dest, "zip", "dist/offline", "dist/site.zip", "--prefix", "reading-edition")
    with zipfile.ZipFile(dest / "dist" / "site.zip") as zf:
        zf.extractall(unzipped)
    return unzipped / "reading-edition"


# --- the search dialog --------------------------------------------------------------------------


def open_search(browser: Browser, url: str) -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.click(SEARCH_BUTTON)
    page.wait_for_selector(SEARCH_INPUT)
    wait_until_ready(page)
    return page


# Zensical's dialog lives in a shadow root: the first element whose shadow root holds a <dialog>.
DIALOG_JS = "[...document.querySelectorAll('*')].find(e => e.shadowRoot?.querySelector('dialog'))?.shadowRoot"
STATUS_JS = f"() => ({DIALOG_JS}?.querySelector('[role=status]')?.textContent || '').trim()"
RESULTS_JS = f"""() => [...({DIALOG_JS}).querySelectorAll('ol[role=listbox] > li > a')].map(a => ({{
  href: a.href, marks: [...a.querySelectorAll('mark')].map(m => m.textContent), html: a.innerHTML,
}}))"""


def _state(page: Page) -> tuple[str, list[dict[str, object]]]:
    return str(page.evaluate(STATUS_JS)), list(page.evaluate(RESULTS_JS))


def drawn(page: Page, query: str) -> int:
    """How many results the dialog says `query` has, as soon as it says so (not waiting for the list
    to settle, as `answer` does: for a check of what is drawn, not of which pages are found)."""
    page.fill(SEARCH_INPUT, "")
    page.wait_for_function(f"() => !({STATUS_JS})()", timeout=30_000)
    page.fill(SEARCH_INPUT, query)
    page.wait_for_function(f"() => ({STATUS_JS})().includes('{ANSWERED}')", timeout=30_000)
    return _count(str(page.evaluate(STATUS_JS)))


def answer(page: Page, query: str, whole: bool = False) -> list[dict[str, object]]:
    """The results of `query` once the status line names a count and the list has stopped changing.

    The status line is empty for an empty box; from disk (the worker runs in an iframe) a stale
    count can show for a moment, so the answer is taken when two reads SETTLE_MS apart agree.
    The dialog draws the first ten results and the next ones as the list is scrolled; results of
    equal score come in no fixed order, so with `whole` the whole list is read (scrolled to its end)
    up to the count the status line gives: for a comparison of the pages two queries find.
    """
    page.fill(SEARCH_INPUT, "")
    page.wait_for_function(f"() => !({STATUS_JS})()", timeout=30_000)
    page.fill(SEARCH_INPUT, query)
    page.wait_for_function(f"() => ({STATUS_JS})().includes('{ANSWERED}')", timeout=30_000)
    before = _state(page)
    while True:
        page.wait_for_timeout(SETTLE_MS)
        now = _state(page)
        if now == before and (not whole or len(now[1]) >= _count(now[0])):
            return now[1]
        if now == before:
            page.locator(RESULT_LINK).last.scroll_into_view_if_needed()
        before = now


def _count(status: str) -> int:
    """The number of results the status line gives ("14 个符合条件的结果", "找到 1 个…"; none: 0)."""
    digits = "".join(c for c in status if c.isdigit())
    return int(digits) if digits else 0


def search(page: Page, query: str, root: str, whole: bool = False) -> list[Item]:
    """Type `query` into Zensical's search dialog and return its results in order (`whole`: all of
    them, not only the ten drawn first)."""
    items = []
    for r in answer(page, query, whole):
        href = str(r["href"])
        path, _, fragment = href.partition("#")
        target = site_path(path.split("?")[0] + (f"#{fragment}" if fragment else ""), root)
        marks = r["marks"]
        assert isinstance(marks, list)
        items.append(Item(target=target, links=(target,), marks=tuple(map(str, marks)), html=str(r["html"])))
    return items


def wait_until_ready(page: Page) -> None:
    """The worker has its index: the home page's own heading finds something (until then, "No results")."""
    heading = page.locator("h1").first.inner_text().split()[0]
    for _ in range(100):
        if answer(page, heading):
            return
        page.wait_for_timeout(SETTLE_MS)
    raise AssertionError(f"the search never found the home page's heading {heading!r}")


def run_all(browser: Browser, root: str) -> list[Outcome]:
    page = open_search(browser, f"{root}/index.html")
    try:
        return [Outcome(q, search(page, q.query, root)) for q in load_queries()]
    finally:
        page.close()
