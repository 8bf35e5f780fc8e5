"""Both scripts on Zensical: the collection of tests/browser/test_scripts_site.py (the real article, a Traditional
edition, a Simplified article of another shape) published by `make site ENGINE=zensical` and searched
in Chromium, as that file searches it on MkDocs: a Simplified query finds the Traditional text and a
Traditional query the Simplified text, on a desktop over http and on a phone from the offline copy.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from build_scripts.core import names
from build_scripts.core.querytable import read_query_file
from build_scripts.text import script
from build_scripts.zensical.site import BUNDLES, FOLD_MARKS, HIDDEN_FIELDS, WORKERS
from tests.support.paths import ROOT
from tests.support.scripts import SCRIPTS, hant_slugs, pages
from tests.support.zensical import (
    SEARCH_BUTTON,
    SEARCH_INPUT,
    search,
    wait_until_ready,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = [pytest.mark.slow]

# Words the Traditional edition writes in its own characters (checked against its file below).
TRADITIONAL_FORMS = ("習近平", "平安中國", "社會治理")


def article_text(slug: str) -> str:
    return (SCRIPTS / "articles" / f"{slug}.md").read_text(encoding="utf-8")


def hans_slugs(site: Path) -> list[str]:
    """The collection's Simplified articles: every article folder of the site but the Traditional ones
    (the fixture's, and any the project holds itself: each edition's script read from its source)."""
    folders = (ROOT / "source" / "articles", SCRIPTS / "articles")  # what with_scripts publishes
    editions = {p.stem: p for folder in folders for p in folder.glob("*.md") if "." not in p.stem}
    return sorted(
        slug
        for slug, path in editions.items()
        if (site / slug / "index.html").is_file()
        and script.detect(path.read_text(encoding="utf-8")).script != script.HANT
    )


def index_items(project: Path) -> list[dict[str, object]]:
    items: list[dict[str, object]] = json.loads((project / "site" / "search.json").read_text(encoding="utf-8"))["items"]
    return items


def test_the_traditional_entries_carry_their_fold_and_the_glossary_its_names(zensical_scripts_site: Path) -> None:
    items = index_items(zensical_scripts_site)
    for slug in hant_slugs():
        entries = [i for i in items if str(i["location"]).startswith(f"{slug}/")]
        held = [i for i in entries if script.fold(f"{i['title']}{i['text']}") != f"{i['title']}{i['text']}"]
        assert held, slug
        # the function MkDocs's index folds with (publish/search.add_folds)
        assert all(i["fold"] == script.search_fold(str(i["text"]), str(i["title"])) for i in held)
        assert all("fold" not in i for i in entries if i not in held)
        assert all(
            any(form in str(i["text"]) and script.fold(form) in str(i["fold"]) for i in held)
            for form in TRADITIONAL_FORMS
        )
    # the Simplified articles' entries need none (the about page, which names every article, may)
    hans = hans_slugs(zensical_scripts_site / "site")
    simplified = [i for i in items if any(str(i["location"]).startswith(f"{s}/") for s in hans)]
    assert simplified and not any("fold" in i for i in simplified)
    # each glossary entry is found by the names the query table gives it, whatever its text says
    table = read_query_file((zensical_scripts_site / names.DOCS_DIR / names.QUERY_TABLE).read_text(encoding="utf-8"))
    glossary = [str(i.get("headwords", "")) for i in items if "glossary.html#" in str(i["location"])]
    assert table["headwords"]
    for heading, forms in table["headwords"].items():
        words = {w for f in forms for w in f.split() if not any(c.isdigit() for c in w)}
        assert any(words <= set(h.split()) for h in glossary), (heading, words)
    # the site's worker searches the hidden fields; its bundle marks a match in the fold
    worker = next((zensical_scripts_site / "site").glob(WORKERS)).read_text(encoding="utf-8")
    assert all(f'C("{f}",n=>n.{f})' in worker for f in HIDDEN_FIELDS)
    bundle = next((zensical_scripts_site / "site").glob(BUNDLES)).read_text(encoding="utf-8")
    assert FOLD_MARKS[1] in bundle and FOLD_MARKS[0] not in bundle


def test_a_second_publish_patches_nothing_twice(zensical_scripts_site: Path, tmp_path: Path) -> None:
    """The site's scripts, patched, patched again (a build without --clean): the same files."""
    import shutil

    from build_scripts.zensical.site import queries_folded

    site = shutil.copytree(zensical_scripts_site / "site", tmp_path / "site")
    before = {p: p.read_bytes() for p in [*site.glob(WORKERS), *site.glob(BUNDLES)]}
    queries_folded(site)
    assert {p: p.read_bytes() for p in before} == before


# On a phone the header's search button is hidden; its magnifier (a label for the search toggle) opens the dialog.
PHONE_SEARCH = 'label[for="__search"]'


def open_search(page: Page, url: str, opener: str, press: Callable[[Locator], None]) -> Page:
    page.goto(url)
    press(page.locator(opener).first)
    page.wait_for_selector(SEARCH_INPUT)
    wait_until_ready(page)
    return page


def check_both_scripts(page: Page, root: str, site: Path) -> None:
    hant, hans = hant_slugs(), hans_slugs(site)
    assert hant and hans
    for traditional_form in TRADITIONAL_FORMS:
        form = script.fold(traditional_form)
        assert form != traditional_form and all(traditional_form in article_text(s) for s in hant)
        # every result, not the first ten: pages of equal score come in no fixed order
        simplified = search(page, form, root, whole=True)
        traditional = search(page, traditional_form, root, whole=True)
        found = pages(simplified)
        # a Simplified query finds the Traditional edition's pages
        assert any(p.startswith(f"{slug}/") for slug in hant for p in found), (form, sorted(found))
        # a Traditional query finds the Simplified articles' pages, and the same pages as its fold
        assert any(p.startswith(f"{slug}/") for slug in hans for p in pages(traditional)), traditional_form
        assert pages(traditional) == found, (traditional_form, sorted(pages(traditional)), sorted(found))
        # the Traditional page's result marks the word in its own characters, whichever script was typed
        for items in (simplified, traditional):
            marks = {m for i in items if any(i.target.startswith(f"{slug}/") for slug in hant) for m in i.marks}
            assert traditional_form in marks, (form, marks)


@pytest.mark.browser
def test_either_script_finds_both_on_a_desktop(
    browser: Browser, zensical_scripts_site: Path, zensical_scripts_http_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        url = zensical_scripts_http_url
        page = open_search(context.new_page(), f"{url}/index.html", SEARCH_BUTTON, lambda b: b.click())
        check_both_scripts(page, url, zensical_scripts_site / "site")
    finally:
        context.close()


@pytest.mark.browser
def test_either_script_finds_both_on_a_phone_from_disk(browser: Browser, zensical_scripts_offline: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    root = zensical_scripts_offline.as_uri()
    try:
        page = open_search(context.new_page(), f"{root}/index.html", PHONE_SEARCH, lambda b: b.tap())
        check_both_scripts(page, root, zensical_scripts_offline)
    finally:
        context.close()
