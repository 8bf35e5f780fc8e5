"""A site of several articles: named by source/collection.yaml, a landing page per article, sections told apart."""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
import yaml

from build_scripts.core.model import Article, Severity
from build_scripts.pipeline.build import build, edition_file, glossary_file
from build_scripts.publish.search import WORD_JOINER
from build_scripts.read.edition import INTRO_TITLE
from tests.support.checks import broken_links
from tests.support.paths import ROOT, SMALL
from tests.support.projects import command_line, make_project
from tests.support.sites import QuietHandler, built_site, two_articles

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def articles_of(root: Path) -> list[Article]:
    return [edition_file(p, root)[0] for p in sorted((root / "source" / "articles").glob("*.md")) if "." not in p.stem]


def collection_of(root: Path) -> dict[str, str]:
    data: dict[str, str] = yaml.safe_load((root / "source" / "collection.yaml").read_text(encoding="utf-8"))
    return data


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", fragment)).strip()


def header_name(page: str) -> str:
    """The site's name as the theme's header shows it."""
    m = re.search(r'<div class="md-header__topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', page, re.S)
    assert m, "no header"
    return text_of(m.group(1))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(two_articles(tmp_path_factory.mktemp("collection")))


@pytest.mark.slow
def test_the_collection_file_names_the_site_and_its_home_page(site: Path) -> None:
    collection, articles = collection_of(site), articles_of(site)
    assert len(articles) == 2
    nav = yaml.safe_load((site / "docs" / ".nav.yml").read_text(encoding="utf-8"))
    assert nav["site_name"] == collection["name"]
    assert nav["site_description"] == f"{collection['description']} · {collection['description_en']}"
    home = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert header_name(home) == collection["name"]
    assert f"<title>{collection['name']}</title>" in home
    assert f'<meta name="description" content="{nav["site_description"]}">' in home
    h1 = re.search(r'<h1 id="collection">(.*?)</h1>', home, re.S)
    assert h1 and text_of(h1.group(1)).rstrip("¶") == collection["name"]
    for key in ("name_en", "description", "description_en"):
        assert collection[key] in home
    for a in articles:  # a card for each article, linking its landing page
        assert f'<a href="{a.slug}/index.html"><strong>{a.title}</strong></a>' in home
        assert a.title_en in home and a.dateline in home
    for path in (site / "site").rglob("*.html"):  # every page's header names the collection
        if path.name != "404.html":
            assert header_name(path.read_text(encoding="utf-8")) == collection["name"], path
    assert broken_links(site / "site") == []


@pytest.mark.slow
def test_each_article_has_a_landing_page_with_its_sections(site: Path) -> None:
    for a in articles_of(site):
        page = (site / "site" / a.slug / "index.html").read_text(encoding="utf-8")
        h1 = re.search(rf'<h1 id="{a.slug}">(.*?)</h1>', page, re.S)
        assert h1 and text_of(h1.group(1)).rstrip("¶") == a.title
        assert f'<p class="en-title" lang="en">{a.title_en}</p>' in page
        assert f'<p class="dateline">{a.dateline}</p>' in page
        assert a.lede and f"<p>{a.lede.text}</p>" in page
        for s in a.sections:
            assert f'<a href="{s.id}.html"><strong>{s.title}</strong></a>' in page
            assert s.title_en in page
    # the navigation opens each article's group with its landing page (navigation.indexes)
    nav = yaml.safe_load((site / "docs" / ".nav.yml").read_text(encoding="utf-8"))["nav"]
    groups = {title: pages[0] for item in nav for title, pages in item.items() if isinstance(pages, list)}
    assert groups == {a.title: f"{a.slug}/index.md" for a in articles_of(site)}


@pytest.mark.slow
def test_related_sections_name_their_article(site: Path) -> None:
    titles = {a.slug: a for a in articles_of(site)}
    seen = 0
    for a in titles.values():
        for s in a.sections:
            page = (site / "site" / a.slug / f"{s.id}.html").read_text(encoding="utf-8")
            box = page.split("相关章节 Related sections", 1)
            if len(box) == 1:
                continue
            for href, label in re.findall(r'<li><a href="\.\./([^/]+)/[^"]+">([^<]*)</a>', box[1].split("</ul>")[0]):
                other = titles[href]
                assert html.unescape(label).startswith(f"{other.title} · "), label
                seen += 1
    assert seen  # the two articles share terms: some sections are related across them


@pytest.mark.slow
def test_search_entries_of_sections_with_one_title_name_their_article(site: Path) -> None:
    index = json.loads((site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles: dict[str, set[str]] = {}
    for doc in index["docs"]:
        titles.setdefault(doc["location"].split("/")[0], set()).add(doc["title"])
    intros = {}
    for a in articles_of(site):
        entries = [d for d in index["docs"] if d["location"].startswith(f"{a.slug}/intro.html")]
        assert len(entries) >= 3  # the page, its heading, its paragraphs
        for d in entries:
            shown = d["title"].replace(WORD_JOINER, "").replace("\u200b", "")
            assert shown == f"{a.title} · {INTRO_TITLE}", d
        intros[a.slug] = {d["title"] for d in entries}
    first, second = intros.values()
    assert first.isdisjoint(second)


@pytest.mark.slow
def test_an_article_named_in_a_definition_is_cited_and_not_searched(site: Path) -> None:
    second = next(a for a in articles_of(site) if a.slug == "jieshui")
    page = (site / "site" / "glossary.html").read_text(encoding="utf-8")
    assert f'<cite class="article">《{second.title}》</cite>' in page
    assert f'<cite class="article">&#34;{second.title_en}&#34;</cite>' in page or (
        f'<cite class="article">"{second.title_en}"</cite>' in page
    )
    index = json.loads((site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    (entry,) = [d for d in index["docs"] if d["location"] == "glossary.html#jie-shui"]
    text = entry["text"].replace("\u200b", "")
    assert "节约用水" in text and "巡河" in text and "Using less water" in text
    assert second.title.split()[-1] not in text and second.title_en.split(",")[-1].strip() not in text


@pytest.mark.slow
@pytest.mark.browser
def test_search_results_show_the_article_but_do_not_search_its_title(site: Path, browser: Browser) -> None:
    from tests.support.browser import RESULT_ITEM, search

    handler = functools.partial(QuietHandler, directory=str(site / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/index.html")
        found = search(page, INTRO_TITLE)
        shown = page.eval_on_selector_all(RESULT_ITEM, "items => items.map(li => li.innerText)")
        for a in articles_of(site):
            assert any(f"{a.title} · {INTRO_TITLE}" in re.sub("[\u200b\u2060]", "", text) for text in shown), shown
        assert {r.links[0].rsplit("/", 2)[-2] for r in found} >= {a.slug for a in articles_of(site)}
        # 护水 is a word of one article's title, and of one paragraph: only that paragraph's page is found
        hehu = next(a for a in articles_of(site) if "护水" in a.title)
        paths = {urlsplit(r.links[0]).path.lstrip("/") for r in search(page, "护水")}
        pages = {p for p in paths if p.startswith(f"{hehu.slug}/")}  # the about page quotes the raw title
        using = {f"{hehu.slug}/{s.id}.html" for s in hehu.sections if any("护水" in p.text for p in s.paragraphs)}
        assert pages == using, pages
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_one_article_keeps_its_home_page_and_takes_its_name_from_the_collection_file(tmp_path: Path) -> None:
    root = make_project(tmp_path, SMALL / "source")
    assert build(root, strict=True).ok
    (article,) = articles_of(root)
    nav = yaml.safe_load((root / "docs" / ".nav.yml").read_text(encoding="utf-8"))
    assert nav["site_name"] == collection_of(root)["name"] != article.title
    home = (root / "docs" / "index.md").read_text(encoding="utf-8")
    assert f"# {article.title} {{ #{article.slug} }}" in home and 'edit_source: "source/articles/hehu.md"' in home
    assert not (root / "docs" / article.slug / "index.md").exists()  # the home page is the article's
    assert nav["nav"][1] == {article.title: [{s.title: f"{article.slug}/{s.id}.md"} for s in article.sections]}
    # without a collection file the only article names the site
    (root / "source" / "collection.yaml").unlink()
    result = build(root, strict=True)
    assert result.ok and not result.problems
    nav = yaml.safe_load((root / "docs" / ".nav.yml").read_text(encoding="utf-8"))
    assert nav["site_name"] == article.title and "site_description" not in nav


def test_several_articles_without_a_collection_file_are_a_warning(tmp_path: Path) -> None:
    root = two_articles(tmp_path)
    (root / "source" / "collection.yaml").unlink()
    result = build(root)
    assert result.ok
    (warning,) = [p for p in result.problems if p.file == "source/collection.yaml"]
    assert warning.severity is Severity.WARNING and "2 articles" in warning.message
    assert not build(root, strict=True).ok


def test_several_articles_named_after_one_of_them_are_a_warning(tmp_path: Path) -> None:
    """The collection file written for a first article: a second one makes the site a collection."""
    root = two_articles(tmp_path)
    first = sorted(a for a in (root / "source" / "articles").glob("*.md"))[0]
    title = yaml.safe_load(first.read_text(encoding="utf-8").split("---\n")[1])["title"]
    (root / "source" / "collection.yaml").write_text(f"name: {title}\n", encoding="utf-8")
    result = build(root)
    assert result.ok
    (warning,) = [p for p in result.problems if p.file == "source/collection.yaml"]
    assert warning.severity is Severity.WARNING and "still named after one of them" in warning.message
    assert not build(root, strict=True).ok


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("name: 治水文集\nname_zh: 文集\n", 2, "name_zh: unknown key `name_zh`"),
        ("name: 治水文集\ndescription: [一, 二]\n", 2, "description: expected a string"),
        ("name_en: Writings\n", 1, "name: missing required key `name`"),
        ("name: 治水文集\nname_en: Water & Rivers\n", 2, "name_en: contains &"),
        ('name: "<b>治水</b>"\n', 1, "name: contains < >"),
        ("name: ''\n", 1, "name: empty value"),
        ("- 治水文集\n", 1, "must be a mapping"),
        ("name: 治水文集\nname: 又一个\n", 2, "appears twice"),
    ],
)
def test_a_bad_collection_file_names_file_line_and_key_and_changes_nothing(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    root = two_articles(tmp_path)
    assert command_line(root, "build").returncode == 0  # in this process: the command's own entry point
    before = {p: p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}
    (root / "source" / "collection.yaml").write_text(text, encoding="utf-8")
    proc = command_line(root, "build")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"source/collection.yaml:{line}:" in proc.stderr and expected in proc.stderr, proc.stderr
    assert {p: p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()} == before


# --- the glossary is written for a collection ------------------------------------------------------


def real_titles() -> tuple[list[str], list[str]]:
    """The real articles' Chinese and English titles."""
    articles = articles_of(ROOT)
    return [a.title for a in articles], [a.title_en for a in articles if a.title_en]


def test_no_definition_says_this_article_without_naming_it() -> None:
    terms, _ = glossary_file(ROOT / "source" / "glossary.yaml", ROOT)
    zh, en = real_titles()
    vague: list[str] = []
    for t in terms:
        if "本文" in t.def_zh or "本篇" in t.def_zh:
            vague.append(f"{t.term}: {t.def_zh}")
        # 文中 / 该文 only after the definition has named the article, as 《title》
        if re.search("文中|该文|此文", t.def_zh) and not any(f"《{title}》" in t.def_zh for title in zh):
            vague.append(f"{t.term}: {t.def_zh}")
        if re.search(r"\barticle\b", t.def_en, re.I) and not any(f'"{title}"' in t.def_en for title in en):
            vague.append(f"{t.term}: {t.def_en}")
    assert vague == []
