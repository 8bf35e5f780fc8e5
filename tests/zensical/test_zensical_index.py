"""What build_scripts/zensical/site.py and zensical_search.py do to a built Zensical site, without a browser.

A real Zensical build of the real article (no Chromium): the derived config and theme, the index
rewrite, the tooltip fix in the theme's bundle. The browser side is tests/zensical/test_zensical.py.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from build_scripts.core import names
from build_scripts.read import querynames
from build_scripts.zensical.site import (
    BUNDLES,
    CONFIG,
    THEME_DIR,
    TOOLTIP_FIX,
    TOOLTIP_FLAW,
    WORKER_QUERY,
    WORKERS,
    ZENSICAL_SKIPS,
    ThemeScriptError,
    titles_as_text,
)
from tests.support.paths import ROOT
from tests.support.projects import make_project
from tests.support.zensical import zensical_site_of

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def z_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return zensical_site_of(make_project(tmp_path_factory.mktemp("z-index")))


def index(project: Path) -> list[dict[str, object]]:
    items: list[dict[str, object]] = json.loads((project / "site" / "search.json").read_text(encoding="utf-8"))["items"]
    return items


def test_the_derived_config_inherits_mkdocs_yml_and_leaves_the_search_form_out(z_project: Path) -> None:
    config = (z_project / CONFIG).read_text(encoding="utf-8")
    assert "INHERIT: mkdocs.yml" in config and f"custom_dir: {THEME_DIR}" in config
    theme = z_project / THEME_DIR
    for skipped in ZENSICAL_SKIPS:
        assert not (theme / skipped).exists(), skipped
    kept = {p.relative_to(z_project / "overrides").as_posix() for p in (z_project / "overrides").rglob("*.html")}
    assert kept - set(ZENSICAL_SKIPS) == {p.relative_to(theme).as_posix() for p in theme.rglob("*.html")}


def test_glossary_entries_are_titled_with_their_search_title(z_project: Path) -> None:
    page = (z_project / "site" / "glossary.html").read_text(encoding="utf-8")
    wanted = dict(
        re.findall(r'<h3 id="([^"]+)"[^>]*>.*?</h3>\s*<p [^>]*' + names.SEARCH_TITLE_ATTR + '="([^"]*)"', page)
    )
    assert wanted
    titles = {str(i["location"]).partition("#")[2]: i["title"] for i in index(z_project)}
    for anchor, title in wanted.items():
        assert titles[anchor] == html.escape(html.unescape(title), quote=False), anchor


def test_every_article_paragraph_has_an_entry_of_its_own(z_project: Path) -> None:
    """Chinese paragraphs and their English translations alike, so an English query opens the English."""
    locations = {str(i["location"]) for i in index(z_project)}
    site = z_project / "site"
    classes = f"(?:{names.PARAGRAPH_CLASS}|{names.ENGLISH_PARAGRAPH_CLASS})"
    english = 0
    for page in sorted(site.glob("*/*.html")):
        ids = re.findall(r'<p class="' + classes + r'" id="([^"]+)"', page.read_text(encoding="utf-8"))
        path = page.relative_to(site).as_posix()
        assert {f"{path}#{i}" for i in ids} <= locations, path
        english += sum(i.endswith(names.ENGLISH_ID_SUFFIX) for i in ids)
    assert english  # the article has its translation


def test_no_apparatus_in_the_index(z_project: Path) -> None:
    text = " ".join(str(i["text"]) for i in index(z_project))
    assert "本节术语" not in text and "相关章节" not in text


def test_the_built_bundle_shows_titles_as_text(z_project: Path) -> None:
    """The site's copy of Zensical's bundle carries the tooltip fix, and the pages' titles are escaped once."""
    bundles = sorted((z_project / "site").glob(BUNDLES))
    assert bundles
    for bundle in bundles:
        text = bundle.read_text(encoding="utf-8")
        assert TOOLTIP_FIX in text and TOOLTIP_FLAW not in text, bundle
    for page in (z_project / "site").rglob("*.html"):
        assert "&amp;lt;" not in page.read_text(encoding="utf-8"), page


def test_another_bundle_stops_the_build_with_its_name(tmp_path: Path) -> None:
    bundle = tmp_path / "assets" / "javascripts" / "bundle.0123abcd.min.js"
    bundle.parent.mkdir(parents=True)
    bundle.write_text("content$:new K(n=>{let o=e.title,i=Q(o);", encoding="utf-8")
    with pytest.raises(ThemeScriptError, match=re.escape("bundle.0123abcd.min.js")):
        titles_as_text(tmp_path)
    bundle.write_text("x" + TOOLTIP_FLAW + "y", encoding="utf-8")
    assert titles_as_text(tmp_path) == [bundle]
    assert titles_as_text(tmp_path) == [bundle]  # a second run leaves the fix as it is
    assert bundle.read_text(encoding="utf-8") == "x" + TOOLTIP_FIX + "y"


def test_the_build_writes_the_query_table_and_zensical_folds_queries_with_it(z_project: Path) -> None:
    """docs/ holds the table the build script made from source/ (listed in what it generated); the
    Zensical index carries it, and the site's worker and dialog are patched to use it."""
    glossary = yaml.safe_load((z_project / names.GLOSSARY_FILE).read_text(encoding="utf-8"))
    also = {
        str(name): entry["term"]
        for entry in glossary["terms"]
        for key in ("aliases", "also")
        for name in entry.get(key) or []
        if str(name) != entry["term"]
    }
    also = {name: term for name, term in also.items() if name not in querynames.refused(also)}
    assert also, "the glossary names no other name: the test checks nothing"
    written = json.loads((z_project / names.DOCS_DIR / names.QUERY_TABLE).read_text(encoding="utf-8"))
    assert names.QUERY_TABLE in (z_project / names.DOCS_DIR / ".generated.json").read_text(encoding="utf-8")
    config = json.loads((z_project / "site" / "search.json").read_text(encoding="utf-8"))["config"]
    for name, term in also.items():
        assert written["names"][name] in (term, f"{name} {term}"), name
        assert config["query"]["names"].get(name, term) == term, name
    # every Simplified character a pair folds to is one the site's text holds
    text = (z_project / names.DOCS_DIR).joinpath("glossary.md").read_text(encoding="utf-8")
    pairs = config["query"]["chars"]
    assert pairs and all(pairs[k] not in text for k in range(0, len(pairs), 2))
    worker = next((z_project / "site").glob(WORKERS)).read_text(encoding="utf-8")
    assert "self.__fold=" in worker and WORKER_QUERY not in worker
    bundle = next((z_project / "site").glob(BUNDLES)).read_text(encoding="utf-8")
    assert 'placeholder:"搜索"' in bundle and '"No results"' not in bundle


def test_a_broken_query_table_stops_the_publish_with_one_line(z_project: Path, tmp_path: Path) -> None:
    """docs/'s query table edited into something else: Zensical's publish names the file and the fix."""
    project = tmp_path / "project"
    shutil.copytree(z_project, project)
    (project / names.DOCS_DIR / names.QUERY_TABLE).write_text('{"chars": 1}', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "build_scripts.zensical.site", "--no-build"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert names.QUERY_TABLE in proc.stderr and "python -m build_scripts build" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
