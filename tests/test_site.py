"""End to end: the real article through the build script and `mkdocs build --strict`."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from build_scripts.edition import wording
from build_scripts.raw_hook import MARKER

from .conftest import ROOT, broken_links, build_script, make_project, mkdocs_build, run

pytestmark = pytest.mark.slow

HEADINGS = ["公平正义 价值引领", "需求导向 民意为先", "多元参与 社会协同", "德法并举 制度保障", "考评有则 督查有力"]


class TextAndIds(HTMLParser):
    """Collects the visible text of <article> and every id in the page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self._depth = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.hrefs.append(str(a["href"]))
        if tag == "article":
            self._depth += 1
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._depth -= 1
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._depth and not self._skip:
            self.text.append(data)


def parse(path: Path) -> TextAndIds:
    p = TextAndIds()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_six_section_pages_with_the_original_headings(real_site: Path) -> None:
    pages = sorted(p.name for p in (real_site / "site" / "pingan-zhejiang").glob("*.html"))
    assert pages == ["intro.html", "s1.html", "s2.html", "s3.html", "s4.html", "s5.html"]
    for i, heading in enumerate(HEADINGS, start=1):
        html = (real_site / "site" / "pingan-zhejiang" / f"s{i}.html").read_text(encoding="utf-8")
        assert re.search(rf'<h1 id="s{i}">{heading}', html), heading
    assert '<html lang="zh"' in (real_site / "site" / "index.html").read_text(encoding="utf-8")


def test_every_sentence_of_the_raw_article_is_published(real_site: Path) -> None:
    pages = [real_site / "site" / "index.html", *sorted((real_site / "site" / "pingan-zhejiang").glob("*.html"))]
    published = "|".join(wording("".join(parse(p).text)) for p in pages)
    raw = (ROOT / "source" / "raw" / "000_ad0d7f5999475d67.txt").read_text(encoding="utf-8")
    text = raw.replace("g20", "G20")
    for heading in HEADINGS:  # glued to their first sentence in the raw text; published as headings
        text = text.replace(heading, f".{heading}.")
    clauses = [c for c in re.split(r"(?<!\d)\.|\.(?!\d)|'|\n", text) if wording(c)]
    assert len(clauses) > 300
    missing = [c for c in clauses if wording(c) not in published]
    assert missing == []


def test_every_paragraph_has_an_anchor_and_a_visible_permalink(real_site: Path) -> None:
    page = parse(real_site / "site" / "pingan-zhejiang" / "s2.html")
    anchors = sorted(i for i in page.ids if re.fullmatch(r"s2-p\d+", i))
    assert anchors == [f"s2-p{n}" for n in range(1, len(anchors) + 1)] and len(anchors) >= 3
    assert {f"#{a}" for a in anchors} <= set(page.hrefs)


def test_search_index_is_segmented_chinese(real_site: Path) -> None:
    index = json.loads((real_site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    assert "\\u200b" in index["config"]["separator"]
    text = " ".join(d["text"] for d in index["docs"])
    tokens = set(re.split(index["config"]["separator"].replace("\\u200b", "\u200b").replace("\\u3000", "\u3000"), text))
    # jieba's words, with the glossary's multi-character terms kept whole
    for word in ["平安浙江", "村规民约", "三治合一", "公平正义", "最多跑一次", "一票否决"]:
        assert word in tokens, word
    assert "\u200b" in text


def test_home_about_and_glossary(real_site: Path) -> None:
    home = (real_site / "site" / "index.html").read_text(encoding="utf-8")
    for i in range(1, 6):
        assert f'href="pingan-zhejiang/s{i}.html"' in home
    assert "6月23日讯" in home and "Introduction" in home
    about = (real_site / "site" / "about.html").read_text(encoding="utf-8")
    assert "g20" in about and "96.43%" in about and "000_ad0d7f5999475d67.txt" in about
    glossary = parse(real_site / "site" / "glossary.html")
    assert "ping-an-zhe-jiang" in glossary.ids and "letter-p" in glossary.ids


def test_edit_buttons_open_the_source_file_at_the_section(real_site: Path) -> None:
    # the build script names the source in front matter; build_scripts/meta_hook.py moves it to the page
    edition = (ROOT / "source" / "articles" / "pingan-zhejiang.md").read_text(encoding="utf-8").splitlines()
    repo = "https://github.com/pingan-zhejiang/reading-edition"
    for i, heading in enumerate(HEADINGS, start=1):
        html = (real_site / "site" / "pingan-zhejiang" / f"s{i}.html").read_text(encoding="utf-8")
        assert f'<a href="{repo}/edit/main/source/articles/pingan-zhejiang.md" ' in html
        view = re.search(rf'<a href="{repo}/blob/main/source/articles/pingan-zhejiang\.md#L(\d+)"', html)
        assert view, heading
        assert edition[int(view.group(1)) - 1].startswith(f"## {heading} "), heading
    glossary = (real_site / "site" / "glossary.html").read_text(encoding="utf-8")
    assert f'<a href="{repo}/edit/main/source/glossary.yaml" ' in glossary
    assert "edit_source" not in glossary and "/edit/main/docs/" not in glossary


def test_every_relative_link_and_anchor_resolves(real_site: Path) -> None:
    assert broken_links(real_site / "site") == []


# `python -m build_scripts site` on one CPU: the build script runs before MkDocs loads, in one process
ONE_CPU_SITE = (
    "import os, runpy, sys; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
    "sys.argv = ['build_scripts', 'site', '--strict']; runpy.run_module('build_scripts', run_name='__main__')"
)


@pytest.mark.parametrize("cpus", ["all", "one"])
def test_two_builds_are_byte_identical_with_one_process_or_two(real_site: Path, tmp_path: Path, cpus: str) -> None:
    again = make_project(tmp_path / "again")  # another folder: no absolute path may leak into the output
    # `site` runs the build script, in a forked process while MkDocs loads when there are several
    # CPUs, then MkDocs, whose search plugin segments with the jieba dictionary loaded meanwhile:
    # the site (search index included) must be the same as from the two commands one after the other
    if cpus == "all":
        if len(os.sched_getaffinity(0)) < 2:
            pytest.skip("one CPU: `site` builds before loading MkDocs, the `one` case")
        proc = build_script(again, "site", "--strict")
    else:
        proc = run([sys.executable, "-c", ONE_CPU_SITE], again)
    assert "Documentation built" in proc.stderr
    for tree in ("docs", "site"):
        first = {p.relative_to(real_site / tree): p for p in (real_site / tree).rglob("*") if p.is_file()}
        second = {p.relative_to(again / tree): p for p in (again / tree).rglob("*") if p.is_file()}
        assert sorted(first) == sorted(second), tree
        differ = [str(k) for k in sorted(first) if first[k].read_bytes() != second[k].read_bytes()]
        assert differ == [], f"{tree}: {differ}"
    # MkDocs stamps sitemap.xml.gz's header with the build time unless SOURCE_DATE_EPOCH pins it
    header = (real_site / "site" / "sitemap.xml.gz").read_bytes()[:8]
    assert int.from_bytes(header[4:8], "little") == 1498176000


def test_site_stops_when_the_build_script_fails(tmp_path: Path) -> None:
    project = make_project(tmp_path / "broken")
    build_script(project, "build")  # docs/ from a good build: MkDocs could build a site from it
    before = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    glossary = project / "source" / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("category: place", "category: city", 1))
    proc = build_script(project, "site", "--strict", check=False)
    assert proc.returncode == 1
    assert "unknown category `city`" in proc.stderr and "docs/ was not changed" in proc.stderr
    assert "Documentation built" not in proc.stdout + proc.stderr
    assert not (project / "site").exists()
    assert {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()} == before


def test_raw_html_published_as_it_is_equals_what_markdown_makes_of_it(real_site: Path, tmp_path: Path) -> None:
    """raw_hook.py sets the raw HTML of generated pages aside from Markdown: the site must be byte for
    byte the one MkDocs builds from the same docs/ without the hook."""
    plain = tmp_path / "without-hook"
    shutil.copytree(real_site, plain, ignore=shutil.ignore_patterns("site"))
    config = plain / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - build_scripts/raw_hook.py\n" in text
    config.write_text(text.replace("  - build_scripts/raw_hook.py\n", ""), encoding="utf-8")
    mkdocs_build(plain)
    pages = sorted(p.relative_to(real_site / "site") for p in (real_site / "site").rglob("*.html"))
    assert len(pages) > 8 and sorted(p.relative_to(plain / "site") for p in (plain / "site").rglob("*.html")) == pages
    marked = [p for p in pages if MARKER in (real_site / "site" / p).read_text(encoding="utf-8")]
    assert len(marked) >= 6  # every section page
    differ = [str(p) for p in pages if (real_site / "site" / p).read_bytes() != (plain / "site" / p).read_bytes()]
    assert differ == []
