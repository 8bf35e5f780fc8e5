"""A built site + the navigation + each article's front matter → dist/<slug>.pdf per article (WeasyPrint).

Each PDF is one print document made of the site's own pages: a title page (the article's title, its
English title, its dateline and its source), the article's sections in the navigation's order, then
the glossary entries of the terms the article uses, as an appendix. The document uses the site's
stylesheets (docs/stylesheets/: extra.css, print.css), so the PDF reads as a printed page does: term
definitions as numbered notes after each section (as docs/assets/print.js makes them in the browser),
paragraph numbers in the margin, page numbers in the footer. WeasyPrint rather than Chromium's print to
PDF: Chromium (Skia) embeds the CFF outlines of fonts-noto-cjk as nameless Type 3 glyph procedures,
WeasyPrint as named, subset CJK fonts (CID Type 0C). Nothing is fetched from outside: a URL that is not
a file of the site is refused (site_file), and the command stops with one line naming it.
"""

from __future__ import annotations

import copy
import html
import itertools
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import yaml

from ..core import names
from . import printed

# The site's own stylesheets, the theme's left out: the print stylesheet hides what it would draw.
STYLESHEETS = ("stylesheets/extra.css", "stylesheets/print.css")
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_ENTRY = re.compile(r'<h3 id="([^"]+)".*?(?=<h[23][ >]|</article>)', re.S)
_TERM_LINK = re.compile(r'<a class="term" href="[^"#]*glossary\.html#([^"]+)"')


class PdfError(Exception):
    """What stops the PDFs: its message says what is missing and how to get it."""


class NotASiteFile(PdfError):
    """A URL the print document asks for that is not a file of the built site."""


# After decoding, what a path of the site never holds and an escape from it may: a `..` or `.`
# segment, a backslash (a separator to some readers), NUL, and an escape still encoded (%252e,
# decoded once, is %2e, which a second decoder would take for a dot).
_UNSAFE_PATH = re.compile(r"(^|/)\.{1,2}(/|$)|[\\\x00]|%[0-9A-Fa-f]{2}")


def site_file(url: str, site: Path) -> Path:
    """The file of the built `site` that a `file:` URL names, or NotASiteFile saying why not.

    The URL is taken as the file handler will read it: its path percent-decoded (`%2e%2e` is `..`),
    then refused if it still holds a way out (see _UNSAFE_PATH), then resolved, symbolic links
    followed, and it must lie inside the site's folder."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() != "file":
        raise NotASiteFile(f"`{url}` is not a file of the site: only the site's own files are printed")
    if parts.netloc not in ("", "localhost"):
        raise NotASiteFile(f"`{url}` is not a file of the site: it names another machine ({parts.netloc})")
    path = urllib.parse.unquote(parts.path)
    root = site.resolve()
    if not path.startswith(f"{root}/"):
        raise NotASiteFile(f"`{url}` is not a file of the site: it is {path}, outside {root}")
    rest = path.removeprefix(f"{root}/")
    if _UNSAFE_PATH.search(rest):
        raise NotASiteFile(f"`{url}` is not a file of the site: it reads as {path}, which may lead out of {root}")
    target = (root / rest).resolve()
    if not target.is_relative_to(root):  # a symbolic link inside the site that points out of it
        raise NotASiteFile(f"`{url}` is not a file of the site: it leads to {target}, outside {root}")
    return target


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    sections: tuple[str, ...]  # pages under the site, in reading order: pingan-zhejiang/intro.html


def articles_in_nav(nav: Any) -> list[Article]:
    """The articles of a site's navigation (docs/.nav.yml): each entry whose value is a list of pages."""
    found: list[Article] = []
    for entry in nav.get("nav", []) if isinstance(nav, dict) else []:
        if not isinstance(entry, dict):
            continue
        for title, pages in entry.items():
            if not isinstance(pages, list):
                continue
            paths = [str(p) for item in pages if isinstance(item, dict) for p in item.values()]
            if paths:
                slug = Path(paths[0]).parent.as_posix()
                # a title in the navigation is HTML, as the theme prints it (markup.html_text): back to text
                text = html.unescape(str(title))
                found.append(Article(slug, text, tuple(str(Path(p).with_suffix(".html")) for p in paths)))
    return found


def front_matter(path: Path) -> dict[str, Any]:
    """An article's front matter (source/articles/<slug>.md), or {} when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    if not text.startswith("---\n"):
        return {}
    head, _, _ = text[4:].partition("\n---")
    try:
        data = yaml.safe_load(head)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


# the front matter's `source:` keys shown on the title page, in this order (unknown ones are null)
SOURCE_LABELS = (
    ("outlet", "来源 Outlet"),
    ("author", "作者 Author"),
    ("published", "发表日期 Published"),
    ("url", "网址 Address"),
    ("retrieved", "检索日期 Retrieved"),
)


def title_page(article: Article, meta: dict[str, Any], site_name: str, lang: printed.Lang = "zh") -> str:
    """The title page: the article's titles (the English first in English), dateline and source;
    what is known of the source, never the name of a file of the project."""
    e = html.escape
    title = str(meta.get("title") or article.title)
    title_en = str(meta.get("title_en") or "")
    if lang == "en" and title_en:
        lines = [f'<h1 class="pdf-title" lang="en">{e(title_en)}</h1>', f'<p class="pdf-title-zh">{e(title)}</p>']
    else:
        lines = [f'<h1 class="pdf-title">{e(title)}</h1>']
        if title_en:
            lines.append(f'<p class="pdf-title-en" lang="en">{e(title_en)}</p>')
    if meta.get("dateline"):
        lines.append(f'<p class="pdf-dateline">{e(str(meta["dateline"]))}</p>')
    source: list[str] = []
    given = meta.get("source")
    known: dict[str, Any] = given if isinstance(given, dict) else {}
    for key, label in SOURCE_LABELS:
        if known.get(key):
            source.append(f"{label}：{e(str(known[key]))}")
    if known.get("unknown"):
        source.append(f'<span lang="en">{e(str(known["unknown"]))}</span>')
    source.append(f"注释阅读本 Annotated reading edition：{e(site_name)}")
    lines.append('<p class="pdf-source">' + "<br>".join(source) + "</p>")
    return '<section class="pdf-title-page">' + "\n".join(lines) + "</section>"


def page_body(page: Path) -> str:
    """The article body of a built page (mkdocs-material's `md-content__inner`), without its edit buttons."""
    found = _ARTICLE.search(page.read_text(encoding="utf-8"))
    if not found:
        raise PdfError(f"{page}: no article body; was the site built with mkdocs-material?")
    return found.group(1)


def glossary_appendix(site: Path, used: list[str]) -> str:
    """The glossary entries of the terms `used`, in the glossary's order."""
    glossary = site / "glossary.html"
    if not used or not glossary.is_file():
        return ""
    body = page_body(glossary)
    wanted = set(used)
    entries = [m.group(0) for m in _ENTRY.finditer(body) if m.group(1) in wanted]
    heading = (
        '<h1 id="pdf-glossary" data-bookmark="附录：术语表 Appendix: Glossary">附录：术语表 Appendix: Glossary</h1>'
    )
    return f'<article class="md-typeset pdf-section pdf-glossary">{heading}{"".join(entries)}</article>'


def letters(n: int) -> str:
    """The mark of a section's n-th term definition: a, b, … z, aa, ab, …"""
    mark = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        mark = chr(ord("a") + rest) + mark
    return mark


def footnote(kind: str, call: str, content: ET.Element) -> ET.Element:
    """A footnote (CSS `float: footnote`) called by `call` where it stands in the text."""
    span = ET.Element("span", {"class": f"fn fn-{kind}", "data-call": call})
    span.append(content)
    return span


def _is_call(el: ET.Element) -> bool:
    return bool(printed.classes(el) & {"fn", "note-ref"})


def printed_section(body: str, lang: printed.Lang = "zh", defined: list[str] | None = None) -> str:
    """A section's body as printed in `lang`: one series of numbered notes (the page's own numbers)
    and the terms' definitions marked with letters, each a footnote on the page of its first call;
    no way back (↩), no screen furniture; the heading's bookmark its own words, without note calls.
    """
    root = printed.parse(body)
    notes = printed.notes_of(root)
    definitions = printed.definitions_of(root)
    printed.strip_screen(root)
    printed.select_language(root, lang)
    for heading in root.iter():
        if heading.tag in ("h1", "h2", "h3"):
            heading.set("data-bookmark", printed.heading_text(heading))
    parent_of = printed.parents(root)
    placed: set[str] = set()
    for sup in [el for el in root.iter("sup") if "note-call" in printed.classes(el)]:
        link = sup.find("a")
        target = (link.get("href") or "").lstrip("#") if link is not None else ""
        note = notes.get(target)
        if note is None:
            continue
        if target in placed:  # called again: its number, the note printed once
            again = ET.Element("sup", {"class": "note-ref"})
            again.text = note.number
            printed.replace(parent_of[sup], sup, again)
        else:
            placed.add(target)
            printed.replace(parent_of[sup], sup, footnote("note", note.number, copy.deepcopy(note.content(lang))))
    defined = [] if defined is None else defined
    marks = 0
    for parent, link in list(printed.terms(root)):
        term = printed.term_id(link)
        link.attrib = {"class": "term", "href": f"#{term}"}  # to its entry in the glossary appendix
        if term in defined or term not in definitions:
            continue
        defined.append(term)
        marks += 1
        content = definitions[term].content(lang)
        printed.insert_after(parent, link, footnote("term", letters(marks), content))
    # two calls side by side are two marks, not one number: 2,3 and not 23
    for parent in root.iter():
        for before, after in itertools.pairwise(list(parent)):
            if _is_call(before) and _is_call(after) and not (before.tail or "").strip():
                after.set("class", f"{after.get('class', '')} call-after")
    # each footnote knows the paragraph (or heading) that calls it: what moves to the next page when
    # the footnote cannot stand on the page of its call (late_paragraphs)
    for block in root.iter():
        if block.get("id") and block.tag in ("p", "h1", "h2", "h3"):
            for fn in block.iter("span"):
                if "fn" in printed.classes(fn):
                    fn.set("data-para", block.get("id", ""))
    return printed.serialise(root)


def print_document(
    site: Path,
    article: Article,
    meta: dict[str, Any],
    site_name: str,
    lang: printed.Lang = "zh",
    new_page: frozenset[str] = frozenset(),
) -> str:
    """One HTML document of the whole article in `lang`, its links relative to the site's root; the
    paragraphs whose ids are in `new_page` begin a page."""
    sections: list[str] = []
    used: list[str] = []
    defined: list[str] = []  # a term is defined where the article first uses it, once
    for section in article.sections:
        body = page_body(site / section)
        for term in _TERM_LINK.findall(body):
            if term not in used:
                used.append(term)
        if Path(section).parent.as_posix() != ".":
            body = body.replace('href="../', 'href="').replace('src="../', 'src="')
        sections.append(f'<article class="md-typeset pdf-section">{printed_section(body, lang, defined)}</article>')
    head = "".join(f'<link rel="stylesheet" href="{s}">' for s in STYLESHEETS if (site / s).is_file())
    html_lang = "en" if lang == "en" else "zh-Hans"
    breaks = "".join(f'[id="{html.escape(i)}"] {{ break-before: page; }}' for i in sorted(new_page))
    return (
        f'<!doctype html><html lang="{html_lang}" data-edition-lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(article.title)}</title>{head}<style>{PDF_CSS}{breaks}</style></head>"
        f'<body><main class="md-main"><div class="md-content">{title_page(article, meta, site_name, lang)}'
        f"{''.join(sections)}{glossary_appendix(site, used)}</div></main></body></html>"
    )


# Only what the print document adds to the print stylesheet: its title page, one section a page,
# the notes and definitions as footnotes (WeasyPrint: float: footnote), the bookmarks' labels.
PDF_CSS = """
@page { size: A4; margin: 20mm 18mm 20mm 24mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
@page :first { @bottom-center { content: none; } }
.pdf-title-page { break-after: page; padding-top: 30vh; text-align: center; }
.pdf-title-page .pdf-title { font-size: 2em; margin-bottom: 0.4em; }
.pdf-title-page .pdf-title-en { font-style: italic; }
.pdf-title-page .pdf-source { margin-top: 4em; font-size: 0.9em; line-height: 1.8; }
.pdf-section { break-before: page; }
h1, h2, h3 { bookmark-label: attr(data-bookmark); }
.pdf-title-page h1 { bookmark-label: content(text); }
.pdf-glossary h3 { bookmark-level: none; }
.fn { float: footnote; footnote-policy: line; font-size: 8.5pt; line-height: 1.5; font-weight: normal;
  font-style: normal; text-align: left; color: #000; }
.fn::footnote-call { content: attr(data-call); vertical-align: super; font-size: 0.6em; line-height: 0;
  margin-left: 0.1em; font-weight: normal; }
.fn::footnote-marker { content: attr(data-call) ". "; }
.fn.call-after::footnote-call { content: "," attr(data-call); }
sup.note-ref.call-after::before { content: ","; }
.fn-term::footnote-call, .fn-term::footnote-marker { font-style: italic; }
.fn .note-kind { font-weight: bold; margin-right: 0.3em; }
.fn .term-note-head dfn { font-style: normal; font-weight: bold; }
.fn .term-note-head, .fn .term-note p, .fn .note p { display: inline; margin: 0; }
sup.note-ref { font-size: 0.6em; line-height: 0; vertical-align: super; }
html[data-edition-lang="en"] .md-typeset p.para-en,
html[data-edition-lang="both"] .md-typeset p.para-en { position: relative; padding-left: 2.2em; }
html[data-edition-lang="en"] .md-typeset p.para-en { counter-increment: para; }
html[data-edition-lang="en"] .md-typeset p.para-en::before {
  content: counter(para); position: absolute; left: 0; width: 1.6em; text-align: right;
  font-size: 0.7em; color: #555; }
html[data-edition-lang="both"] .md-typeset p.para-en { color: #333; margin-top: -0.4em; }
"""


# the file of each language: the Chinese text is the article's PDF, the others are named by their language
SUFFIXES: dict[printed.Lang, str] = {"zh": "", "en": ".en", "both": ".zh-en"}


def pdf_name(slug: str, lang: printed.Lang) -> str:
    return f"{slug}{SUFFIXES[lang]}.pdf"


def _boxes(box: Any) -> Any:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


def late_paragraphs(document: Any) -> set[str]:
    """The paragraphs of a laid-out document (weasyprint.Document) that call a footnote printed on
    another page than the call, or not at all. WeasyPrint keeps a footnote with its call when it
    can (footnote-policy: line) but, when a page's footnotes are full, may print one a page late."""
    called: dict[int, tuple[int, str]] = {}
    placed: dict[int, int] = {}
    for number, page in enumerate(document.pages):
        for box in _boxes(page._page_box):  # the page's boxes: WeasyPrint's own layout, read only
            element = getattr(box, "element", None)
            if element is None or "fn" not in (element.get("class") or "").split():
                continue
            if str(getattr(box, "element_tag", "")).endswith("::footnote-call"):
                called.setdefault(id(element), (number, element.get("data-para") or ""))
            elif type(box).__name__ != "InlineBox" and id(element) not in placed:
                placed[id(element)] = number
    return {para for key, (number, para) in called.items() if placed.get(key) != number and para}


# how many times a document is laid out again, each time with the paragraphs whose footnotes came
# late beginning a page
LAYOUTS = 4


def built_articles(root: Path, site: Path, error: type[PdfError]) -> tuple[str, list[Article]]:
    """The site's name and its articles, from a built `site` and the navigation file the build wrote;
    `error` (PdfError, EpubError) says what is missing and how to get it."""
    nav_path = root / names.DOCS_DIR / names.NAV_FILE
    if not (site / "index.html").is_file():
        raise error(f"{site}: no built site here; run `make site` (python -m build_scripts site) first")
    if not nav_path.is_file():
        raise error(f"{nav_path}: missing; run `make site` (python -m build_scripts site) first")
    nav = yaml.safe_load(nav_path.read_text(encoding="utf-8"))
    articles = articles_in_nav(nav)
    if not articles:
        raise error(f"{nav_path}: no article in the navigation")
    # the navigation file holds the name as the theme prints it, HTML (markup.html_text): back to text
    return html.unescape(str(nav.get("site_name") or "")), articles


def write_pdfs(root: Path, site: Path, out: Path, lang: printed.Lang = "zh") -> list[Path]:
    """Print every article of the built `site` in `lang` into `out`/<slug>.pdf (<slug>.en.pdf,
    <slug>.zh-en.pdf); return the files written."""
    site_name, articles = built_articles(root, site, PdfError)
    try:
        import weasyprint  # type: ignore[import-untyped]
        from weasyprint.urls import FatalURLFetchingError, URLFetcher  # type: ignore[import-untyped]
    except (ImportError, OSError) as err:  # OSError: WeasyPrint found no Pango library
        raise PdfError(
            f"WeasyPrint cannot start ({err}); pip install -r requirements.txt, and on Debian "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from err

    root_url = site.resolve().as_uri() + "/"

    refused: list[NotASiteFile] = []

    class SiteFiles(URLFetcher):  # type: ignore[misc]
        """Only the site's own files: no network, nothing else on the disk. What is fetched is the
        file site_file() checked, by its own URL, not the URL as written."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            try:
                checked = site_file(url, site)
            except NotASiteFile as err:
                refused.append(err)
                raise
            return super().fetch(checked.as_uri(), headers)

    # fail_on_errors: a file the page names that cannot be read stops the PDF (FatalURLFetchingError,
    # which WeasyPrint lets through), rather than a PDF silently without it
    fetcher = SiteFiles(allowed_protocols={"file"}, fail_on_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for article in articles:
        meta = front_matter(root / names.ARTICLES_DIR / f"{article.slug}.md")
        target = out / pdf_name(article.slug, lang)
        tmp = target.with_name(target.name + ".tmp")
        new_page: frozenset[str] = frozenset()
        try:
            for _ in range(LAYOUTS):
                document = print_document(site, article, meta, site_name, lang, new_page)
                laid_out = weasyprint.HTML(string=document, base_url=root_url, url_fetcher=fetcher).render()
                late = late_paragraphs(laid_out)
                if late <= new_page:  # every footnote on its call's page, or nothing more to move
                    break
                new_page |= late
            laid_out.write_pdf(tmp)
        except FatalURLFetchingError as err:
            tmp.unlink(missing_ok=True)
            why = str(refused[-1]) if refused else f"{err}: {err.__cause__}"
            raise PdfError(
                f"{target}: not written: {why}; remove it from the page that names it, or build the site "
                "again from source/ (make site)"
            ) from None
        tmp.replace(target)
        written.append(target)
    return written
