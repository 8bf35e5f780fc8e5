"""The project and the plain theme on one article → what a reader gets, in bytes → BENCHMARKS.md's size section.

Builds in a temporary folder: the project's offline copy (`make offline`: the build script, MkDocs with
OFFLINE=true, the reproducible zip) and its site as published, the same article as plain Markdown pages
under plain mkdocs-material with its default search (corpus.make_plain_project, the page layout `make
bench` compares against), and the project's own pages under plain mkdocs-material. Then what a reader's
browser loads (Chromium, served over http, a fresh cache per page): the requests and bytes of a section
page, the glossary and the home page, of this site and of its pages under the plain theme, and what
the first search adds. The section is kept when `make bench` rewrites the rest of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from build_scripts.tools.offline import zip_dir
from tests.support.paths import ROOT
from tests.support.projects import make_project

from .corpus import load_material, make_plain_project, synth_articles, text_bytes
from .sections import Section

if TYPE_CHECKING:
    from playwright.sync_api import Request

BEGIN = "<!-- sizes: begin (written by `make bench-sizes`) -->"
END = "<!-- sizes: end -->"
SECTION = Section(BEGIN, END)  # kept by `make bench`, rewritten by this command


@dataclass(frozen=True)
class Sizes:
    zip: int
    unzipped: int
    files: int
    index: int  # as written
    index_utf8: int  # re-dumped as compact UTF-8 JSON: the plain theme writes `\uXXXX` escapes, this project UTF-8
    index_parts: dict[str, int]  # first path segment of an entry's location -> bytes of its entries


def measure(site: Path, dest_zip: Path) -> Sizes:
    zip_dir(site, dest_zip, "site")
    files = [p for p in site.rglob("*") if p.is_file()]
    index_path = site / "search" / "search_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    parts: dict[str, int] = {}
    for doc in index["docs"]:
        part = doc["location"].partition("#")[0].partition("/")[0]
        parts[part] = parts.get(part, 0) + len(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode())
    utf8 = len(json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode())
    return Sizes(
        dest_zip.stat().st_size,
        sum(p.stat().st_size for p in files),
        len(files),
        index_path.stat().st_size,
        utf8,
        parts,
    )


def _run(args: list[str], cwd: Path, **env: str) -> None:
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), **env}
    proc = subprocess.run(args, cwd=cwd, env=environ, capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr[-2000:]}")


# The project's own pages (docs/ as the build script writes them) under the plain theme and its
# default search: no plugin of this project, so no paragraph entries, sub-words, query table nor theme patches.
SAME_PAGES_CONFIG = """\
site_name: the same pages under plain mkdocs-material
use_directory_urls: false
theme: {name: material, language: zh}
plugins:
  - search: {lang: zh, jieba_dict_user: docs/.jieba_user.txt}
markdown_extensions: [attr_list, md_in_html, admonition, pymdownx.details, tables, {toc: {permalink: true}}]
"""


@dataclass(frozen=True)
class Load:
    """What a browser fetches for one page: requests and bytes (files as served, uncompressed)."""

    requests: int
    bytes: int
    search_requests: int  # more, once the reader opens the search (the `/` key) and it is ready
    search_bytes: int


# The line above the search results once the search is ready (the theme's zh strings).
_READY = "键入以开始搜索"


def _recorder(urls: list[str]) -> Callable[[Request], None]:
    """A listener that adds each finished request's URL to `urls`."""

    def record(request: Request) -> None:
        urls.append(request.url)

    return record


def page_loads(site: Path, pages: Sequence[str]) -> dict[str, Load]:
    """Each page of `site` (paths from its root) loaded in Chromium over http, each with an empty cache."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
    from tests.support.sites import serve

    def size(url: str, root: str) -> int:
        path = site / unquote(urlsplit(url).path).removeprefix(urlsplit(root).path).lstrip("/")
        return path.stat().st_size if path.is_file() else 0

    loads: dict[str, Load] = {}
    with serve(site) as root, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for path in pages:
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                urls: list[str] = []
                context.on("requestfinished", _recorder(urls))
                page = context.new_page()
                page.goto(f"{root}/{path}", wait_until="networkidle")
                loaded = list(urls)
                page.keyboard.press("/")
                meta = "(document.querySelector('.md-search-result__meta') || {}).textContent || ''"
                page.wait_for_function(f"() => ({meta}).includes('{_READY}')")
                page.wait_for_load_state("networkidle")
                more = urls[len(loaded) :]
                loads[path] = Load(
                    len(loaded), sum(size(u, root) for u in loaded), len(more), sum(size(u, root) for u in more)
                )
                context.close()
        finally:
            browser.close()
    return loads


def section_page(project: Path) -> str:
    """The largest section page of the project's first article (the densest page a reader opens)."""
    slug = next(p.stem for p in sorted((project / "source" / "articles").glob("*.md")) if "." not in p.stem)
    pages = [p for p in (project / "site" / slug).glob("*.html") if p.name != "index.html"]
    return max(pages, key=lambda p: (p.stat().st_size, p.name)).relative_to(project / "site").as_posix()


def build_all(work: Path) -> tuple[Sizes, Sizes, Sizes, int, dict[str, tuple[Load, Load]]]:
    """(the project's offline copy, the plain theme's site of the article, the plain theme's site of the
    project's own pages, the article's text bytes, per page: (this site's load, the plain theme's))."""
    project = make_project(work / "project")
    _run([sys.executable, "-m", "build_scripts", "site", "--site-dir", "dist/offline"], project, OFFLINE="true")
    ours = measure(project / "dist" / "offline", work / "ours.zip")
    _run([sys.executable, "-m", "mkdocs", "build", "-q"], project)
    same = work / "same"
    shutil.copytree(project / "docs", same / "docs", ignore=shutil.ignore_patterns("vendor"))
    (same / "mkdocs.yml").write_text(SAME_PAGES_CONFIG, encoding="utf-8")
    _run([sys.executable, "-m", "mkdocs", "build", "-q"], same)
    articles = synth_articles(load_material(), 1)
    plain = make_plain_project(work / "plain", articles)
    _run([sys.executable, "-m", "mkdocs", "build", "-q"], plain)
    pages = [section_page(project), "glossary.html", "index.html"]
    mine, theirs = page_loads(project / "site", pages), page_loads(same / "site", pages)
    return (
        ours,
        measure(plain / "site", work / "plain.zip"),
        measure(same / "site", work / "same.zip"),
        text_bytes(articles),
        {path: (mine[path], theirs[path]) for path in pages},
    )


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB"


def load_rows(loads: dict[str, tuple[Load, Load]]) -> list[str]:
    rows = [
        "| page | this site: requests | bytes | first search adds | plain mkdocs-material: requests | bytes "
        "| first search adds |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for path, (mine, theirs) in loads.items():
        cells = [f"{x.requests} | {_kb(x.bytes)} | {x.search_requests} ({_kb(x.search_bytes)})" for x in (mine, theirs)]
        rows.append(f"| `{path}` | {cells[0]} | {cells[1]} |")
    return rows


def section(ours: Sizes, plain: Sizes, same: Sizes, text: int, loads: dict[str, tuple[Load, Load]]) -> str:
    parts = ", ".join(f"`{k}` {_kb(v)}" for k, v in sorted(ours.index_parts.items(), key=lambda kv: -kv[1]))
    plain_parts = ", ".join(f"`{k}` {_kb(v)}" for k, v in sorted(plain.index_parts.items(), key=lambda kv: -kv[1]))

    def row(name: str, s: Sizes) -> str:
        return (
            f"| {name} | {_kb(s.zip)} | {_kb(s.unzipped)} | {s.files} | {_kb(s.index)} | {_kb(s.index_utf8)} "
            f"| {s.index_utf8 / text:.1f}× |"
        )

    return "\n".join(
        [
            BEGIN,
            "## The offline copy and the search index",
            "",
            "Today's article (source/): the offline copy as `make offline` makes it, against the same article as "
            "plain Markdown pages under plain mkdocs-material (the layout `make bench` compares against; its site "
            "zipped the same way), and against the project's own pages (docs/ as the build script writes them, "
            "glossary included) under plain mkdocs-material and its default search. `make bench-sizes` rewrites "
            "this section.",
            "",
            "| site | zip | unzipped | files | search index as written | as UTF-8 JSON | UTF-8 index / text |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            row("this project (offline copy)", ours),
            row("plain mkdocs-material, the article", plain),
            row("plain mkdocs-material, the project's pages", same),
            "",
            "The plain theme writes its index with `\\uXXXX` escapes (a Han character takes 6 bytes, not 3), this "
            "project as UTF-8, so the indexes are compared as UTF-8 JSON: each re-dumped, compact. "
            f"The index's entries by page: {parts}, plus its configuration (the query table: Traditional "
            f"characters, other names); plain: {plain_parts}. The article's own entries are what the plain theme "
            "indexes (here split into paragraphs, with English titles, datelines and the hidden sub-words); the "
            "glossary's definitions, Chinese and English, are text the plain site of the article does not have.",
            "",
            "### What a page loads",
            "",
            "Each page of the site as published (`make site`), and the same page of the project's own pages under "
            "plain mkdocs-material, served over http and opened in Chromium (1280×800) with an empty cache: the "
            "requests until the network is idle and the bytes of the files they fetched (uncompressed, as on "
            "disk); then what opening the search (the `/` key) adds until it is ready. This site starts its search "
            "worker and loads its index only then (theme_patches.py, `worker-starts-when-search-opens`, "
            "`index-loads-when-search-opens`); the plain theme loads both with every page.",
            "",
            *load_rows(loads),
            END,
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sizes", description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md", help="the report (default BENCHMARKS.md)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        ours, plain, same, text, loads = build_all(Path(work))
    new = section(ours, plain, same, text, loads)
    old = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    args.out.write_text(SECTION.replaced(old, new), encoding="utf-8")
    print(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
