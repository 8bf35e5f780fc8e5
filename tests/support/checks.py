"""A built project directory in, the content problems CI looks for out: the checks that hold for any articles.

Each function reads what the project's `source/` says (its articles, errata applied, and glossary)
and looks for it in the built `site/`, so the same checks run on the real content, whatever
articles it holds, and on the temporary projects the recipe tests edit.
"""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from build_scripts.core.model import Article, Severity
from build_scripts.pages.navigation import nav
from build_scripts.pipeline.build import edition_file, glossary_file
from build_scripts.read.edition import FLATTENED_MARK_RE, WORDING_RE, open_sentences, wording
from build_scripts.read.glossary import Term

from .projects import build_script, mkdocs_build

# The scrape's flattened marks: a full stop that is not a decimal point, a quote, a line break.
RAW_BREAK = re.compile(r"(?<!\d)\.|\.(?!\d)|'|\n")


class TextAndIds(HTMLParser):
    """Collects the visible text of <article> and every id and link in the page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self._depth = 0
        self._skip = 0
        self._skipped: list[str] = []  # the tags skipped, innermost last

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.hrefs.append(str(a["href"]))
        if tag == "article":
            self._depth += 1
        # not the article's text: a note's number (sup), a paragraph's citation (details), its English
        if tag in ("script", "style", "sup", "details") or (tag == "p" and "para-en" in (a.get("class") or "")):
            self._skip += 1
            self._skipped.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._depth -= 1
        if self._skipped and tag == self._skipped[-1]:
            self._skipped.pop()
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._depth and not self._skip:
            self.text.append(data)


def parse(path: Path) -> TextAndIds:
    p = TextAndIds()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def articles(project: Path) -> list[Article]:
    """Every edition of the project, parsed (the build has already said they are sound)."""
    found = []
    for path in sorted(p for p in (project / "source" / "articles").glob("*.md") if "." not in p.stem):
        article, problems = edition_file(path, project)
        assert [p for p in problems if p.severity is Severity.ERROR] == [], problems
        found.append(article)
    return found


def glossary(project: Path) -> list[Term]:
    path = project / "source" / "glossary.yaml"
    return glossary_file(path, project)[0] if path.exists() else []


def page_order(project: Path) -> list[str]:
    """The site's pages in the order of its navigation, as the build lays it out (navigation.nav):
    the home page, each article's pages (its landing page first on a site of several), the
    glossary, the about page; paths relative to site/."""
    config = yaml.safe_load(nav(articles(project), bool(glossary(project))).content)

    def pages(item: object) -> list[str]:
        if isinstance(item, str):
            return [item.removesuffix(".md") + ".html"]
        values = list(item.values()) if isinstance(item, dict) else item if isinstance(item, list) else []
        return [page for value in values for page in pages(value)]

    return pages(config["nav"])


NEXT_LINK = re.compile(r'<a href="([^"]+)" class="md-footer__link md-footer__link--next"')


def navigation_problems(project: Path) -> list[str]:
    """The footer's "next" links lead from the home page through page_order(), every page once, in
    order (the browser tests walk them on both engines and expect page_order())."""
    expected = page_order(project)
    seen = ["index.html"]
    while len(seen) <= len(expected) and (
        found := NEXT_LINK.search((project / "site" / seen[-1]).read_text(encoding="utf-8"))
    ):
        seen.append(posixpath.normpath(posixpath.join(posixpath.dirname(seen[-1]), found.group(1))))
    return [] if seen == expected else [f"the next links walk {seen}, the navigation is {expected}"]


def section_page(project: Path, article: Article, section_id: str) -> Path:
    return project / "site" / article.slug / f"{section_id}.html"


def raw_clauses(article: Article) -> list[str]:
    """The raw article cut at its flattened punctuation, with its errata applied: every clause the
    edition promises to publish."""
    text = article.raw_path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    for e in article.errata:
        assert text.count(e.raw) == 1, e
        text = text.replace(e.raw, e.edition, 1)
    # Headings are glued to their first sentence in the raw text, and their punctuation is the
    # editor's (`深耕基层，所以枝繁叶茂` is `深耕基层.所以枝繁叶茂` there): the build compares wording
    # only, so a heading is found by its wording, and its raw span is one clause of its own.
    places = [m.start() for m in WORDING_RE.finditer(text)]
    raw_wording = "".join(text[i] for i in places)
    clauses: list[str] = []
    at = k = 0  # in text; in raw_wording
    for section in article.sections:
        if section.original_heading and (heading := wording(section.title)):
            k = raw_wording.index(heading, k)
            start, stop = places[k], places[k + len(heading) - 1] + 1
            clauses += [*RAW_BREAK.split(text[at:start]), text[start:stop]]
            at, k = stop, k + len(heading)
    clauses += RAW_BREAK.split(text[at:])
    return [c for c in clauses if wording(c)]


def article_pages(project: Path, article: Article) -> list[Path]:
    """The pages an article's text is published on: the home page and the article's own pages."""
    site = project / "site"
    return [site / "index.html", *sorted((site / article.slug).rglob("*.html"))]


def unpublished(project: Path) -> list[str]:
    """Clauses of a raw article (errata applied) whose wording is on none of that article's pages."""
    missing = []
    for article in articles(project):
        published = "|".join(wording("".join(parse(p).text)) for p in article_pages(project, article))
        clauses = raw_clauses(article)
        assert clauses, article.slug
        missing += [f"{article.slug}: {c}" for c in clauses if wording(c) not in published]
    return missing


def section_problems(project: Path) -> list[str]:
    """Every section has its page, under its heading, and every paragraph an anchor and a permalink."""
    problems = []
    for article in articles(project):
        for section in article.sections:
            page = section_page(project, article, section.id)
            if not page.exists():
                problems.append(f"{article.slug}: no page for section {section.id}")
                continue
            html = page.read_text(encoding="utf-8")
            if not re.search(rf'<h1 id="{section.id}">{re.escape(section.title)}', html):
                problems.append(f"{page.name}: no heading {section.title}")
            parsed = parse(page)
            for p in section.paragraphs:
                if p.anchor not in parsed.ids or f"#{p.anchor}" not in parsed.hrefs:
                    problems.append(f"{article.slug}/{page.name}: paragraph {p.anchor} has no anchor or permalink")
    return problems


def edit_button_problems(project: Path) -> list[str]:
    """Each section page's edit button opens its edition file, and its view button the section's line."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    repo = re.search(r"^repo_url:\s*(\S+)", config, re.MULTILINE).group(1)  # type: ignore[union-attr]
    problems = []
    for article in articles(project):
        lines = article.path.read_text(encoding="utf-8").splitlines()
        for section in article.sections:
            html = section_page(project, article, section.id).read_text(encoding="utf-8")
            if f'<a href="{repo}/edit/main/{article.source}" ' not in html:
                problems.append(f"{article.slug}/{section.id}: no edit button for {article.source}")
            view = re.search(rf'<a href="{re.escape(repo)}/blob/main/{re.escape(article.source)}#L(\d+)"', html)
            if not view or int(view.group(1)) != section.line:
                problems.append(f"{article.slug}/{section.id}: view button does not open line {section.line}")
            elif section.original_heading and not lines[section.line - 1].startswith(f"## {section.title} "):
                problems.append(f"{article.slug}/{section.id}: line {section.line} is not its heading")
    return problems


def search_index_problems(project: Path) -> list[str]:
    """The index is Chinese, segmented, and every term of Han characters the pages link is one word of
    it (jieba cuts Latin letters and digits apart: G20杭州峰会 is three words)."""
    index = json.loads((project / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    if index["config"]["lang"] != ["zh"] or "\\u200b" not in index["config"]["separator"]:
        return [f"search index not set up for Chinese: {index['config']}"]
    text = " ".join(d["text"] for d in index["docs"])
    separator = index["config"]["separator"].replace("\\u200b", "\u200b").replace("\\u3000", "\u3000")
    tokens = {t.lower() for t in re.split(separator, text)}  # the index folds case
    linked = set()
    for article in articles(project):
        for page in (project / "site" / article.slug).glob("*.html"):
            linked |= set(re.findall(r'<a class="term" [^>]*>([\u3400-\u9fff]+)</a>', page.read_text(encoding="utf-8")))
    return [f"term {form} is not a word of the search index" for form in sorted(linked) if form.lower() not in tokens]


def article_sentence_problems(article: Article) -> list[str]:
    """One sentence per line, ending as a Chinese sentence ends (any closing quote, 」 included), with
    none of the scrape's flattened marks: the build's rules (edition.open_sentences, FLATTENED_MARK_RE),
    which `make check` reports at the same lines. The article's last sentence may stay unfinished where
    its raw text, errata applied, stops mid-sentence (cut off where it was received: the importer adds
    no mark)."""
    problems = []
    raw = article.raw_path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    for e in article.errata:
        raw = raw.replace(e.raw, e.edition, 1)
    lines = article.path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
    for found in open_sentences(article, lines, raw, article.source):
        line = found.line or 0
        problems.append(f"{found.file}:{line}: line does not end a sentence: {lines[line - 1]}")
    for section in article.sections:
        for para in section.paragraphs:
            for k, sentence in enumerate(para.sentences):
                if FLATTENED_MARK_RE.search(sentence):  # the build's rule: make check warns at the same place
                    problems.append(f"{article.source}:{para.line + k}: flattened punctuation left: {sentence}")
    return problems


def sentence_problems(project: Path) -> list[str]:
    """article_sentence_problems() of every article of the project."""
    return [problem for article in articles(project) for problem in article_sentence_problems(article)]


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))


def broken_links(site: Path) -> list[str]:
    """Every relative link of every HTML page of a built site whose file or id does not exist.

    MkDocs checks links it finds in Markdown; this also covers the raw HTML the build script writes.
    """
    pages: dict[Path, _Anchors] = {}
    for path in sorted(site.rglob("*.html")):
        parser = _Anchors()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path] = parser
    broken = []
    for path, parser in pages.items():
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("/", "mailto:")):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{path.relative_to(site)}: {href}: no such file")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{path.relative_to(site)}: {href}: no id {parts.fragment!r}")
    return broken


def content_problems(project: Path) -> list[str]:
    """Every check above on a project already built (docs/ and site/)."""
    return [
        *unpublished(project),
        *section_problems(project),
        *navigation_problems(project),
        *edit_button_problems(project),
        *search_index_problems(project),
        *sentence_problems(project),
        *broken_links(project / "site"),
    ]


def ci_checks(project: Path) -> None:
    """What CI runs on content: the build script with --strict, `mkdocs build --strict`, and the checks."""
    build_script(project, "build", "--strict")
    mkdocs_build(project)
    assert content_problems(project) == []


# --- the content tests: what tests/publish/test_site.py checks on the real site, and the recipe tests
# (tests/workflows/test_recipes.py) on projects an editor has changed; each reads what to expect from
# the project's source/, for any articles.


def every_section_has_a_page_under_its_heading(project: Path) -> None:
    """Every section has a page under its heading, and every paragraph a permalink."""
    found = articles(project)
    assert found and all(a.sections for a in found)
    assert section_problems(project) == []
    assert '<html lang="zh"' in (project / "site" / "index.html").read_text(encoding="utf-8")


def every_sentence_of_the_raw_articles_is_published(project: Path) -> None:
    # each raw article as source/ says it is published: its errata applied, its headings apart
    assert sum(len(raw_clauses(a)) for a in articles(project)) > 300
    assert unpublished(project) == []


def the_search_index_is_segmented_chinese(project: Path) -> None:
    assert search_index_problems(project) == []
    index = json.loads((project / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "\u200b" in " ".join(d["text"] for d in index["docs"])


def home_about_and_glossary(project: Path) -> None:
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    about_text = "".join(parse(project / "site" / "about.html").text)
    for article in articles(project):
        assert f'href="{article.slug}/' in home, article.slug
        assert article.raw_path.name in about_text
        for e in article.errata:  # the errata table quotes both readings
            assert wording(e.raw) in wording(about_text) and wording(e.edition) in wording(about_text), e
    page = parse(project / "site" / "glossary.html")
    terms = glossary(project)
    assert terms and {t.id for t in terms} <= page.ids


def edit_buttons_open_the_source_file_at_the_section(project: Path) -> None:
    # the build script names the source in front matter; build_scripts/publish/pages.py makes it page.edit_url
    assert edit_button_problems(project) == []
    repo = "https://github.com/pingan-zhejiang/reading-edition"
    page = (project / "site" / "glossary.html").read_text(encoding="utf-8")
    assert f'<a href="{repo}/edit/main/source/glossary.yaml" ' in page
    assert "edit_source" not in page and "/edit/main/docs/" not in page


def every_relative_link_and_anchor_resolves(project: Path) -> None:
    assert broken_links(project / "site") == []


CONTENT_TESTS = (
    every_section_has_a_page_under_its_heading,
    every_sentence_of_the_raw_articles_is_published,
    the_search_index_is_segmented_chinese,
    home_about_and_glossary,
    edit_buttons_open_the_source_file_at_the_section,
    every_relative_link_and_anchor_resolves,
)
