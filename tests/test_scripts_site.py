"""A new article never degrades the others: the real article built alone and in a collection with a
Traditional article and a Simplified one of another shape (tests/fixtures/scripts/), searched in
Chromium with every query of the search-quality table, and with queries in both scripts.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from build_scripts.text import script
from tests.conftest import FIXTURES, built_site, make_project, serve, shared
from tests.test_search_quality import Item, load_queries, open_search, search

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [pytest.mark.slow]

SCRIPTS = FIXTURES / "scripts" / "source"
REAL = "pingan-zhejiang/"  # the real article's pages (source/articles/pingan-zhejiang.md)


def with_scripts(dest: Path) -> Path:
    """The real project with the fixture's articles (and its collection file) added, as an editor adds them."""
    project = make_project(dest)
    shutil.copytree(SCRIPTS, project / "source", dirs_exist_ok=True)
    return built_site(project)


@pytest.fixture(scope="module")
def collection_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared(tmp_path_factory, "scripts", lambda d: with_scripts(d / "scripts"))


@pytest.fixture(scope="module")
def collection_url(collection_site: Path) -> Iterator[str]:
    with serve(collection_site / "site") as url:
        yield url


def hant_slugs() -> list[str]:
    return [
        p.stem
        for p in sorted((SCRIPTS / "articles").glob("*.md"))
        if "." not in p.stem and script.detect(p.read_text(encoding="utf-8")).script == script.HANT
    ]


def into_real(items: list[Item], k: int = 3) -> list[str]:
    """The first `k` results that lead into the real article (its page and paragraph)."""
    return [i.target for i in items if i.target.startswith(REAL)][:k]


def pages(items: list[Item]) -> set[str]:
    return {link.partition("#")[0] for item in items for link in item.links}


@pytest.mark.browser
def test_every_quality_query_answers_the_same_for_the_real_article(
    browser: Browser, http_url: str, collection_url: str
) -> None:
    queries = [q.query for q in load_queries()]
    alone = open_search(browser, f"{http_url}/index.html")
    together = open_search(browser, f"{collection_url}/index.html")
    try:
        differ = []
        for query in queries:
            before = into_real(search(alone, query, http_url))
            after = into_real(search(together, query, collection_url))
            if before != after:
                differ.append(f"{query}: alone {before}, in the collection {after}")
    finally:
        alone.close()
        together.close()
    assert differ == [], "\n".join(differ)


@pytest.mark.browser
@pytest.mark.parametrize("form", ["习近平", "平安中国", "社会治理"])
def test_either_script_finds_both_articles(browser: Browser, collection_url: str, form: str) -> None:
    """A Simplified query finds the Traditional article; its Traditional form finds the same pages."""
    page = open_search(browser, f"{collection_url}/index.html")
    try:
        simplified = search(page, form, collection_url)
        traditional_form = next(w for w in ("習近平", "平安中國", "社會治理") if script.fold(w) == form)
        traditional = search(page, traditional_form, collection_url)
    finally:
        page.close()
    found = pages(simplified)
    assert any(p.startswith(f"{slug}/") for slug in hant_slugs() for p in found), (form, sorted(found))
    assert pages(traditional) == found, (traditional_form, sorted(pages(traditional)), sorted(found))


@pytest.mark.browser
def test_a_traditional_query_finds_what_the_simplified_one_finds_on_the_real_article(
    browser: Browser, http_url: str
) -> None:
    """習近平 on a site of Simplified text alone: folded, it finds every page 习近平 finds."""
    page = open_search(browser, f"{http_url}/index.html")
    try:
        simplified = [i.target for i in search(page, "习近平", http_url)]
        traditional = [i.target for i in search(page, "習近平", http_url)]
    finally:
        page.close()
    assert simplified and traditional == simplified


def test_the_traditional_pages_are_indexed_with_their_fold_and_cut_by_it(collection_site: Path) -> None:
    index = json.loads((collection_site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    for slug in hant_slugs():
        docs = [d for d in index["docs"] if d["location"].startswith(f"{slug}/")]
        # every entry holding a Traditional character carries its fold (an entry of digits needs none)
        assert any("fold" in d for d in docs)
        assert all(d.get("fold", d["text"]) == script.fold(d["text"]) for d in docs)
        words = {w for d in docs for w in d["text"].split("\u200b")}
        # jieba cuts 書記習近平 where it cuts 书记习近平: the name stays one word
        assert "習近平" in words
    simplified = [d for d in index["docs"] if d["location"].startswith(REAL)]
    assert simplified and not any("fold" in d for d in simplified)


def test_the_glossary_shows_the_traditional_forms_and_their_uses(collection_site: Path) -> None:
    glossary = (collection_site / "site" / "glossary.html").read_text(encoding="utf-8")
    for slug in hant_slugs():
        text = (SCRIPTS / "articles" / f"{slug}.md").read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title:"))[6:].strip()
        for form in ("習近平", "平安中國", "社會治理"):
            assert form in text
            assert f'<span lang="zh-Hant">{form}</span>（见于《{title}》）' in glossary
        # the Traditional edition's uses are in the concordance under the Simplified entry
        assert f'href="{slug}/' in glossary
