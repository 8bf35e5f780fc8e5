"""Search quality, measured in a real browser: hit@1 / hit@3 of tests/fixtures/search_queries.yaml.

The queries were written for today's article, so they run on its pinned copy (tests/fixtures/search-site/,
support.paths.PINNED), not on source/: an article an editor adds cannot move these floors. Every query is
typed into the real search box of the built site, once served over http and once
from the offline copy opened from disk (file://). The first result item's target (its best
section's link, else the page link) is compared with the query's `expect` (support/search.py).

The table of every query, its top 3 and the totals goes to test-output/search-quality.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.browser import WAYS
from tests.support.paths import OUTPUT
from tests.support.search import (
    FLOORS,
    KINDS,
    Outcome,
    load_queries,
    open_search,
    rates,
    report,
    run_all,
    search,
    site_path,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPORT = "search-quality.md"


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def measured(browser: Browser, pinned_http_url: str, pinned_offline_site: Path) -> Iterator[dict[str, list[Outcome]]]:
    queries = load_queries()
    offline_root = pinned_offline_site.as_uri()
    result = {
        "http": run_all(browser, f"{pinned_http_url}/index.html", pinned_http_url, queries),
        "file": run_all(browser, f"{offline_root}/index.html", offline_root, queries),
    }
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / REPORT).write_text(report(result), encoding="utf-8")
    yield result


def outcome(measured: dict[str, list[Outcome]], way: str, query: str) -> Outcome:
    return next(o for o in measured[way] if o.query.query == query)


# --- tests ------------------------------------------------------------------------------------


def test_query_file_covers_every_kind() -> None:
    queries = load_queries()
    assert len(queries) >= 30
    assert {q.kind for q in queries} == set(KINDS)
    must = {"平安浙江", "村规民约", "公平正义", "三治合一", "最多跑一次", "一票否决", "正义", "否决", "民约", "跑一次"}
    must |= {"sanzhi heyi", "sanzhiheyi", "cun gui min yue", "sān zhì hé yī", "rule of law", "village rules"}
    must |= {"村規民約", "三治融合", "G20", "96.43%"}
    assert must <= {q.query for q in queries}


@pytest.mark.parametrize("way", WAYS)
def test_hit_rates_stay_above_the_floors(measured: dict[str, list[Outcome]], way: str) -> None:
    got = rates(measured[way])
    misses = [f"{o.query.query} -> {[i.target for i in o.items[:3]]}" for o in measured[way] if not o.hit(1)]
    for key, floor in FLOORS.items():
        assert got[key] >= floor, f"{way}: {key} {got[key]:.1%} < floor {floor:.0%}; see {OUTPUT / REPORT}\n" + (
            "\n".join(misses)
        )


@pytest.mark.parametrize("way", WAYS)
def test_no_answer_queries_find_nothing(measured: dict[str, list[Outcome]], way: str) -> None:
    for o in measured[way]:
        if o.query.expect is None:
            assert o.items == [], f"{way}: {o.query.query!r} should find nothing, found {[i.target for i in o.items]}"


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("term", ["平安浙江", "村规民约", "公平正义"])
def test_whole_term_is_highlighted_whole(measured: dict[str, list[Outcome]], way: str, term: str) -> None:
    o = outcome(measured, way, term)
    assert any(term in item.marks for item in o.items), f"{way}: no <mark>{term}</mark> in the results"


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(
    ("word", "page"),
    [("正义", "pingan-zhejiang/s1.html"), ("否决", "pingan-zhejiang/s5.html"), ("民约", "pingan-zhejiang/s4.html")],
)
def test_word_inside_a_word_finds_its_page(measured: dict[str, list[Outcome]], way: str, word: str, page: str) -> None:
    o = outcome(measured, way, word)
    pages = {link.partition("#")[0] for item in o.items for link in item.links}
    assert page in pages, f"{way}: {word!r} did not find {page}; found {sorted(pages)}"


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize(
    ("query", "entry"), [("sanzhi heyi", "glossary.html#san-zhi-he-yi"), ("rule of law", "glossary.html#fa-zhi")]
)
def test_pinyin_and_english_bring_the_glossary_first_with_the_entry(
    measured: dict[str, list[Outcome]], way: str, query: str, entry: str
) -> None:
    # The glossary comes first, with the entry among its first three passages: for `rule of law`,
    # 三治合一 ("integration of self-governance, rule of law and rule of virtue") outranks 法治.
    o = outcome(measured, way, query)
    assert o.items, f"{way}: {query!r} found nothing"
    first = o.items[0]
    assert first.target.partition("#")[0] == "glossary.html", f"{way}: {query!r} -> {[i.target for i in o.items[:3]]}"
    fragment = "#" + entry.partition("#")[2]
    assert any(link.endswith(fragment) for link in first.links[:4]), f"{way}: {query!r} -> {first.links[:4]}"


@pytest.mark.parametrize("way", WAYS)
def test_word_inside_a_word_is_highlighted_inside_it(measured: dict[str, list[Outcome]], way: str) -> None:
    o = outcome(measured, way, "正义")
    html = "".join(item.html for item in o.items)
    assert re.search(r"公平<mark>正义</mark>", html), f"{way}: 正义 is not marked inside 公平正义"


@pytest.mark.parametrize("way", WAYS)
def test_a_result_opens_the_paragraph_it_found(
    browser: Browser, pinned_http_url: str, pinned_offline_site: Path, way: str, measured: dict[str, list[Outcome]]
) -> None:
    """民约 (inside 村规民约, only in s4's second paragraph): the result links to #s4-p2, and opens it."""
    root = pinned_http_url if way == "http" else pinned_offline_site.as_uri()
    assert outcome(measured, way, "民约").items[0].target == "pingan-zhejiang/s4.html#s4-p2"
    page = open_search(browser, f"{root}/index.html")
    try:
        search(page, "民约", root)
        with page.expect_navigation():
            page.click('.md-search-result__item a.md-search-result__link[href*="#s4-p2"]')
        assert site_path(page.url, root) == "pingan-zhejiang/s4.html#s4-p2"
        paragraph = page.locator("#s4-p2")
        paragraph.wait_for()
        box = paragraph.bounding_box()
        assert box is not None and 0 <= box["y"] < 900, f"{way}: #s4-p2 is not in view: {box}"
        # the theme highlights the query on the opened page (`?h=民约`), inside 村规民约 too
        page.wait_for_selector("#s4-p2 mark")
        assert "民约" in page.locator("#s4-p2 mark").all_inner_texts()
    finally:
        page.close()
