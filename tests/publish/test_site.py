"""End to end: the real article through the build script and `mkdocs build --strict`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.core.names import RAW_MARKER
from build_scripts.read.edition import wording
from tests.support import checks
from tests.support.checks import (
    article_pages,
    articles,
    raw_clauses,
    unpublished,
)
from tests.support.projects import build_script, make_project, mkdocs_build, run

pytestmark = pytest.mark.slow


def test_every_section_has_a_page_under_its_heading_and_every_paragraph_a_permalink(real_site: Path) -> None:
    checks.every_section_has_a_page_under_its_heading(real_site)


def test_every_sentence_of_the_raw_article_is_published(real_site: Path) -> None:
    checks.every_sentence_of_the_raw_articles_is_published(real_site)


def test_a_sentence_missing_from_the_site_is_found(real_site: Path, tmp_path: Path) -> None:
    article = articles(real_site)[-1]
    clause = raw_clauses(article)[-1]
    copy = tmp_path / "copy"
    shutil.copytree(real_site, copy)
    for page in article_pages(copy, article):
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace(wording(clause)[-6:], ""), encoding="utf-8")
    assert any(clause in m for m in unpublished(copy))


def test_search_index_is_segmented_chinese(real_site: Path) -> None:
    checks.the_search_index_is_segmented_chinese(real_site)


def test_home_about_and_glossary(real_site: Path) -> None:
    checks.home_about_and_glossary(real_site)


def test_edit_buttons_open_the_source_file_at_the_section(real_site: Path) -> None:
    checks.edit_buttons_open_the_source_file_at_the_section(real_site)


def test_every_relative_link_and_anchor_resolves(real_site: Path) -> None:
    checks.every_relative_link_and_anchor_resolves(real_site)


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


def test_site_loads_beforehand_only_modules_mkdocs_loads_for_the_site(real_site: Path, tmp_path: Path) -> None:
    # while the build script writes docs/, `site` imports what MkDocs will import for this site
    # (__main__.SITE_MODULES): each of them must be one that `mkdocs build` itself imports here
    code = (
        "import sys\n"
        "from build_scripts.__main__ import SITE_MODULES\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        "before = set(sys.modules)\n"
        "build(load_config(strict=True, site_dir=sys.argv[1]))\n"
        "print(len(SITE_MODULES), sorted(m for m in SITE_MODULES if m in before or m not in sys.modules))\n"
    )
    proc = run([sys.executable, "-c", code, str(tmp_path / "site")], real_site)
    count, missing = proc.stdout.strip().split(" ", 1)
    assert int(count) > 5
    assert missing == "[]"


def test_site_stops_when_the_build_script_fails(tmp_path: Path) -> None:
    project = make_project(tmp_path / "broken")
    build_script(project, "build")  # docs/ from a good build: MkDocs could build a site from it
    before = {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()}
    glossary = project / "source" / "glossary.yaml"
    glossary.write_text(re.sub(r"category: \w+", "category: city", glossary.read_text(encoding="utf-8"), count=1))
    proc = build_script(project, "site", "--strict", check=False)
    assert proc.returncode == 1
    assert "unknown category `city`" in proc.stderr and "docs/ was not changed" in proc.stderr
    assert "Documentation built" not in proc.stdout + proc.stderr
    assert not (project / "site").exists()
    assert {p: p.read_bytes() for p in (project / "docs").rglob("*") if p.is_file()} == before


def test_mkdocs_loads_the_hook_without_the_project_on_sys_path(real_site: Path, tmp_path: Path) -> None:
    """As in a fresh clone, where `mkdocs build` runs from the project's root with the project neither
    installed nor on sys.path (python -P: not even the current folder): the same site."""
    copy = tmp_path / "not-on-path"
    shutil.copytree(real_site, copy, ignore=shutil.ignore_patterns("site"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env |= {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1498176000"}  # as support.projects.run builds
    proc = subprocess.run(
        [sys.executable, "-P", "-m", "mkdocs", "build", "--strict"], cwd=copy, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    built = sorted(p.relative_to(copy / "site") for p in (copy / "site").rglob("*") if p.is_file())
    assert built == sorted(p.relative_to(real_site / "site") for p in (real_site / "site").rglob("*") if p.is_file())
    assert [p for p in built if (copy / "site" / p).read_bytes() != (real_site / "site" / p).read_bytes()] == []


# A hook after the project's: takes the raw HTML extension back out of the Markdown extensions.
WITHOUT_RAW_EXTENSION = """
def on_config(config):
    kept = [e for e in config.markdown_extensions if type(e).__name__ != "RawHtmlExtension"]
    assert len(kept) == len(config.markdown_extensions) - 1, config.markdown_extensions
    config.markdown_extensions[:] = kept
"""


def test_raw_html_published_as_it_is_equals_what_markdown_makes_of_it(real_site: Path, tmp_path: Path) -> None:
    """build_scripts/publish/raw.py stashes the raw HTML of generated pages away from Markdown: the
    site must be byte for byte the one MkDocs builds from the same docs/ with Markdown parsing it all."""
    plain = tmp_path / "without-extension"
    shutil.copytree(real_site, plain, ignore=shutil.ignore_patterns("site"))
    (plain / "without_raw.py").write_text(WITHOUT_RAW_EXTENSION, encoding="utf-8")
    config = plain / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  - reading-edition\n" in text and "\nhooks:" not in text  # hooks run after every plugin
    config.write_text(text + "\nhooks:\n  - without_raw.py\n", encoding="utf-8")
    mkdocs_build(plain)
    pages = sorted(p.relative_to(real_site / "site") for p in (real_site / "site").rglob("*.html"))
    assert len(pages) > 8 and sorted(p.relative_to(plain / "site") for p in (plain / "site").rglob("*.html")) == pages
    marked = [p for p in pages if RAW_MARKER in (real_site / "site" / p).read_text(encoding="utf-8")]
    assert len(marked) >= sum(len(a.sections) for a in articles(real_site))  # every section page
    differ = [str(p) for p in pages if (real_site / "site" / p).read_bytes() != (plain / "site" / p).read_bytes()]
    assert differ == []


@pytest.mark.slow
def test_the_hidden_term_definitions_stay_out_of_the_search_index(real_site: Path) -> None:
    """A section page carries a hidden definition of each term it links (read in place); search finds
    the glossary entry instead, so no section's entry holds a definition (mkdocs-material's index
    parser once dropped the exclusion at the first definition's end tag)."""

    index = json.loads((real_site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    sections = [d for d in index["docs"] if "/" in d["location"] and not d["location"].startswith("glossary")]
    assert sections
    leaked = [d["location"] for d in sections if "Glossary entry →" in d["text"]]
    assert leaked == []
