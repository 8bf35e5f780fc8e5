"""No injection: markup in article text, headings, titles and glossary definitions renders as text."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from build_scripts.core import names
from build_scripts.core.markup import html_text, is_html_text, title_text
from build_scripts.core.model import landing_path, section_path
from build_scripts.pipeline.build import edition_file
from build_scripts.tools import pdf
from build_scripts.tools.printed import LANGS
from tests.support.paths import FIXTURES
from tests.support.projects import build_script, make_project
from tests.support.sites import built_site

pytestmark = pytest.mark.slow

# what the theme itself, and the site's configuration (extra_javascript: the reading switch and the
# print notes), put on a page: anything else of these kinds came from the content
THEME_SCRIPT_SRC = re.compile(
    r"^(\.\./)*(assets/javascripts/|assets/vendor/iframe-worker-shim|assets/edition\.js$|assets/print\.js$)"
)


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


# The probes' translation carries markup, not a translation of its Chinese: the build's checks of a
# translation against its Chinese and the glossary (consistency.py) warn about it, and nothing else does
# (test_the_probes_warn_only_about_their_translation).
NOT_A_TRANSLATION = {"probes"}


def built(tmp_path_factory: pytest.TempPathFactory, fixture: str) -> Path:
    root = make_project(tmp_path_factory.mktemp(fixture), FIXTURES / fixture / "source")
    return built_site(root, strict=fixture not in NOT_A_TRANSLATION) / "site"


def test_the_probes_warn_only_about_their_translation() -> None:
    from build_scripts.core.model import Severity
    from build_scripts.pipeline.build import build as build_project

    result = build_project(FIXTURES / "probes", dry_run=True)
    warned = {p.file for p in result.problems if p.severity is Severity.WARNING}
    translations = {f"source/articles/{p.name}" for p in (FIXTURES / "probes" / "source" / "articles").glob("*.en.md")}
    assert result.ok and warned and warned <= translations, [str(p) for p in result.problems]


# The raw file's name is shown on the about page: a contributor names it (the importer keeps it).
HOSTILE_RAW_NAME = "evil`<img src=x onerror=alert(10)>`{: onclick=alert(11) }.txt"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("hostile"), FIXTURES / "hostile" / "source")
    (root / "source" / "raw" / "evil.txt").rename(root / "source" / "raw" / HOSTILE_RAW_NAME)
    edition = root / "source" / "articles" / "evil.md"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text.replace("raw: source/raw/evil.txt", f"raw: 'source/raw/{HOSTILE_RAW_NAME}'"), "utf-8")
    return built_site(root) / "site"


# tests/fixtures/probes: markup in every field a contributor writes (see tests/browser/test_hostile_browser.py)
@pytest.fixture(scope="module", params=["hostile", "probes"])
def any_hostile_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "hostile":
        hostile: Path = request.getfixturevalue("hostile_site")
        return hostile
    site: Path = request.getfixturevalue("probes_site")
    return site


@pytest.fixture(scope="module")
def probes_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built(tmp_path_factory, "probes")


def pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if p.name != "404.html"]


def test_no_element_or_attribute_from_the_content_survives(any_hostile_site: Path) -> None:
    hostile_site = any_hostile_site
    for page in pages(hostile_site):
        parser = Elements()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, attrs in parser.tags:
            where = f"{page.relative_to(hostile_site)}: <{tag} {attrs}>"
            assert tag not in ("img", "iframe"), where
            # a sup is an editorial note's call, exactly as scholarly.call_html writes it; any other,
            # a footnote reference
            assert tag != "sup" or attrs == {"class": "note-call"}, where
            assert "data-probe" not in attrs, where
            if tag == "script":
                src = attrs.get("src")
                assert src is None or THEME_SCRIPT_SRC.match(src), where
            assert not any(name.startswith("on") for name in attrs), where
            for value in attrs.values():
                assert not (value or "").strip().lower().startswith("javascript:"), where


def test_no_inline_script_carries_content(any_hostile_site: Path) -> None:
    for page in pages(any_hostile_site):
        html = page.read_text(encoding="utf-8")
        for body in re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S):
            assert "alert(" not in body and "__probe" not in body, page


def shown_text(page: Path) -> str:
    """What a reader sees: tags dropped, character references decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def test_the_markup_is_shown_literally(hostile_site: Path) -> None:
    intro = shown_text(hostile_site / "evil" / "intro.html")
    for literal in [
        "<img src=x onerror=alert(2)>图片",
        "链接[点我](javascript:alert(3))结束",
        "强调*星号*和_下划线_以及`代码`",
        "井号# 标题",
        "表格|竖线|",
        "脚注[^1]和定义[^1]: 注释",
        '属性{: onclick="alert(4)" }',
    ]:
        assert literal in intro, literal
    s1 = shown_text(hostile_site / "evil" / "s1.html")
    assert '<iframe src="http://example.com"></iframe>内容' in s1
    assert "反斜杠\\\\和&amp;实体&lt;b&gt;" in s1
    assert "Evil <img src=x onerror=alert(5)> heading" in s1
    for page in pages(hostile_site):
        assert "标题<script>alert(1)</script>测试" in shown_text(page), page
    assert HOSTILE_RAW_NAME in shown_text(hostile_site / "about.html")


def test_a_javascript_source_url_is_refused(tmp_path: Path) -> None:
    """`source.url` becomes a link's address: only http(s) passes validation."""
    root = make_project(tmp_path, FIXTURES / "probes" / "source")
    edition = root / "source" / "articles" / "probes.md"
    text = edition.read_text(encoding="utf-8")
    url = re.search(r"^  url: (.+)$", text, re.M)
    assert url
    edition.write_text(text.replace(url.group(0), "  url: 'javascript:__probe=1//https://example.com'"), "utf-8")
    result = build_script(root, "check", "--strict", check=False)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert "source.url" in out and "not an http(s) address" in out, out
    assert "Traceback" not in out, out


PROBE_ARTICLES = FIXTURES / "probes" / "source" / "articles"


def test_the_apparatus_is_shown_literally(probes_site: Path) -> None:
    """Notes (list), English lines, the source (about page, citations) show their markup as text."""
    pages_text = {p.relative_to(probes_site).as_posix(): shown_text(p) for p in pages(probes_site)}
    articles = "".join(v for k, v in pages_text.items() if k.startswith("probes/"))
    notes = yaml.safe_load((PROBE_ARTICLES / "probes.notes.yaml").read_text(encoding="utf-8"))["notes"]
    for note in notes:
        for text in [note["zh"], note["en"], *note["sources"]]:
            assert text in articles, text[:40]
    english = (PROBE_ARTICLES / "probes.en.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    for line in english.splitlines():
        if line and not line.startswith("## "):
            assert line in articles, line[:40]
    front = yaml.safe_load((PROBE_ARTICLES / "probes.md").read_text(encoding="utf-8").split("---\n", 2)[1])
    for key in ("outlet", "author", "url", "unknown"):
        assert front["source"][key] in pages_text["about.html"], key
    for key in ("outlet", "author"):  # GB/T 7714 and Chicago copy it as written
        assert articles.count(front["source"][key]) >= 2, key


def test_the_printed_document_makes_no_element_from_the_content(probes_site: Path) -> None:
    """The PDF's HTML (title page with the source, notes from titles): the content stays text."""
    root = probes_site.parent
    nav = yaml.safe_load((root / names.DOCS_DIR / names.NAV_FILE).read_text(encoding="utf-8"))
    for article in pdf.articles_in_nav(nav):
        meta = pdf.front_matter(root / names.ARTICLES_DIR / f"{article.slug}.md")
        documents = [
            pdf.print_document(probes_site, article, meta, str(nav.get("site_name") or ""), lang) for lang in LANGS
        ]
        parser = Elements()
        for document in documents:
            parser.feed(document)
        document = documents[0]
        for tag, attrs in parser.tags:
            where = f"{article.slug}.pdf: <{tag} {attrs}>"
            assert tag not in ("img", "iframe", "script"), where
            assert "data-probe" not in attrs and not any(name.startswith("on") for name in attrs), where
        shown = html.unescape(re.sub(r"<[^>]+>", "", document))
        assert article.title == meta["title"] and meta["title"] in shown, article.slug
        for key in ("outlet", "author", "unknown"):
            if key in meta.get("source", {}):
                assert meta["source"][key] in shown, key


# --- what the build writes for the theme to print: escaped once -----------------------------------


def front_matter(page: Path) -> dict[str, object]:
    text = page.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    meta: dict[str, object] = yaml.safe_load(text.split("---\n", 2)[1])
    return meta


def nav_titles(items: object) -> Iterator[str]:
    """Every title of the navigation file's `nav`, at any depth."""
    if isinstance(items, list):
        for item in items:
            yield from nav_titles(item)
    elif isinstance(items, dict):
        for title, value in items.items():
            yield str(title)
            yield from nav_titles(value)


def test_what_the_theme_prints_as_html_is_escaped_once(probes_site: Path) -> None:
    """Front-matter titles, navigation titles, the site's name and description: the theme prints each
    as HTML (header, sidebar, footer links, <meta>), so each is its source text escaped exactly once
    (markup.html_text): no `<` or `"` of a contributor's left, and unescaped once it is the source's text.
    The probes fixture is a collection (three articles), so landing pages and the collection's
    home are written too."""
    root = probes_site.parent
    docs = root / names.DOCS_DIR
    articles = [edition_file(p, root)[0] for p in sorted((root / names.ARTICLES_DIR).glob("*.md")) if "." not in p.stem]
    assert len(articles) >= 3
    written: dict[str, str] = {}  # where → what the theme prints as HTML
    for page in sorted(docs.rglob("*.md")):
        title = front_matter(page).get("title")
        if title is not None:
            written[page.relative_to(docs).as_posix()] = str(title)
    nav = yaml.safe_load((docs / names.NAV_FILE).read_text(encoding="utf-8"))
    written |= {f"nav: {t[:30]}": t for t in nav_titles(nav["nav"])}
    written |= {key: str(nav[key]) for key in ("site_name", "site_description")}
    for where, value in written.items():
        assert not ("<" in value or ">" in value or '"' in value), f"{where}: {value[:120]}"
    expected = {landing_path(a): a.title for a in articles} | {
        section_path(a, s): s.title for a in articles for s in a.sections
    }
    for path, text in expected.items():
        assert written[path] == title_text(text), path  # brackets too: Zensical reads titles as Markdown
        assert html.unescape(written[path]) == text, path
    titles = set(nav_titles(nav["nav"]))
    for a in articles:
        assert html_text(a.title) in titles, a.slug
        assert {html_text(s.title) for s in a.sections} <= titles, a.slug
    collection = yaml.safe_load((PROBE_ARTICLES.parent / "collection.yaml").read_text(encoding="utf-8"))
    assert html.unescape(str(nav["site_name"])) == collection["name"]


def test_footer_links_are_labelled_with_the_title_as_text(probes_site: Path) -> None:
    """The previous/next links' aria-label (what a screen reader says) is the page title as written:
    the theme escaped the already escaped title once more (overrides/partials/footer.html)."""
    labels = []
    for page in pages(probes_site):
        parser = Elements()
        parser.feed(page.read_text(encoding="utf-8"))
        labels += [a.get("aria-label") or "" for tag, a in parser.tags if "md-footer__link" in (a.get("class") or "")]
    assert labels and any("<" in label for label in labels)  # the probes' titles hold markup
    escapes = [label for label in labels if re.search(r"&(?:lt|gt|amp|quot|#\d+);", label)]
    assert escapes == [], escapes[:3]


def test_a_site_named_by_its_one_articles_title_shows_the_name_as_written(hostile_site: Path) -> None:
    """A site of one article is named by its title, which may hold `<` or `&`: the header and the
    logo's title and label (the theme escapes the name once more in the title, `| e`) show it as
    written on every page, never a reference such as "&lt;"."""
    root = hostile_site.parent
    editions = [p for p in sorted((root / names.ARTICLES_DIR).glob("*.md")) if "." not in p.stem]
    assert len(editions) == 1
    title = edition_file(editions[0], root)[0].title
    assert not is_html_text(title), "the fixture's title must hold a character html_text escapes"
    shown = []
    for page in pages(hostile_site):
        parser = Elements()
        parser.feed(page.read_text(encoding="utf-8"))
        logos = [a for tag, a in parser.tags if "md-logo" in (a.get("class") or "").split()]
        assert logos, page
        shown += [(page.name, key, a.get(key)) for a in logos for key in ("title", "aria-label")]
    wrong = [s for s in shown if s[2] != title]
    assert wrong == [], f"{title!r} shown as {wrong[:3]}"


def test_markup_in_the_collection_file_is_refused_by_name(tmp_path: Path) -> None:
    """The one field that refuses what html_text escapes (the theme escapes the site's name in some
    places and not in others): `check` names the file, line, key and characters."""
    root = make_project(tmp_path, FIXTURES / "probes" / "source")
    collection = root / "source" / "collection.yaml"
    text = collection.read_text(encoding="utf-8")
    collection.write_text(text.replace('name: "探针文集', 'name: "<img src=x onerror=__probe=1>探针文集', 1), "utf-8")
    result = build_script(root, "check", "--strict", check=False)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "source/collection.yaml:4" in out and "name" in out and "< >" in out, out
    assert "Traceback" not in out, out
