"""A built site → what a reader downloads: the largest page, the home page, a first search (raw and gzip)."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .timing import BenchError


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


@dataclass(frozen=True)
class Reader:
    """What a reader downloads, from a built site (bytes, and gzip -6 bytes as a server would send)."""

    largest_page: str
    largest: int
    home: tuple[int, int]  # the home page with the CSS and JS it references
    search: tuple[int, int]  # the home page, then a first search: index, worker, lunr language files
    index: int  # search/search_index.json
    external: int  # references to other hosts on the home page (fonts, scripts)


REF = re.compile(r"<(?:link|script)\b[^>]*?(?:href|src)=\"([^\"]+)\"[^>]*>")


def reader_figures(site: Path) -> Reader:
    pages = html_pages(site)
    largest = max(pages, key=lambda p: p.stat().st_size)
    home = (site / "index.html").read_text(encoding="utf-8")
    external = 0
    assets: list[Path] = [site / "index.html"]
    for tag in re.finditer(r"<(?:link|script)\b[^>]*>", home):
        ref = REF.match(tag.group(0))
        if not ref:
            continue
        if tag.group(0).startswith("<link") and 'rel="stylesheet"' not in tag.group(0):
            continue
        url = ref.group(1)
        if re.match(r"(https?:)?//", url):
            external += 1
        else:
            assets.append(site / url.split("?")[0].split("#")[0])
    # a first search: the worker named in the page's configuration, lunr's language support, the index
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', home, re.S)
    if not found:
        raise BenchError(f"{site / 'index.html'}: no theme configuration (is the theme mkdocs-material?)")
    config = json.loads(found.group(1))
    index_path = site / "search" / "search_index.json"
    langs = json.loads(index_path.read_text(encoding="utf-8"))["config"]["lang"]
    search = [site / config["search"], index_path]
    lunr = site / "assets" / "javascripts" / "lunr"
    if any(lang != "en" for lang in langs):
        search.append(lunr / "min" / "lunr.stemmer.support.min.js")
    for lang in langs:
        search += [lunr / "tinyseg.js"] if lang == "ja" else [lunr / "wordcut.js"] if lang in ("hi", "th") else []
        search += [lunr / "min" / f"lunr.{lang}.min.js"] if lang != "en" else []
    search += [lunr / "min" / "lunr.multi.min.js"] if len(langs) > 1 else []
    return Reader(
        largest.relative_to(site).as_posix(),
        largest.stat().st_size,
        _sizes(assets),
        _sizes(assets + search),
        index_path.stat().st_size,
        external,
    )


def _sizes(paths: list[Path]) -> tuple[int, int]:
    data = [p.read_bytes() for p in dict.fromkeys(paths)]
    return sum(map(len, data)), sum(len(gzip.compress(d, 6)) for d in data)
