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

import html
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..core import names

# The site's own stylesheets, the theme's left out: the print stylesheet hides what it would draw.
STYLESHEETS = ("stylesheets/extra.css", "stylesheets/print.css")
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_ENTRY = re.compile(r'<h3 id="([^"]+)".*?(?=<h[23][ >]|</article>)', re.S)
_TERM_LINK = re.compile(r'<a class="term" href="[^"#]*glossary\.html#([^"]+)"')
# A term's link with its definition (the title the screen shows as a tooltip), as render.py writes it.
_TERM_WITH_TITLE = re.compile(r'(<a class="term" href="([^"]*)" title="([^"]*)">.*?</a>)', re.S)


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


def title_page(article: Article, meta: dict[str, Any], site_name: str) -> str:
    """The title page: the article's titles, dateline and source."""
    e = html.escape
    lines = [f'<h1 class="pdf-title">{e(str(meta.get("title") or article.title))}</h1>']
    if meta.get("title_en"):
        lines.append(f'<p class="pdf-title-en" lang="en">{e(str(meta["title_en"]))}</p>')
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
    if meta.get("raw"):
        source.append(f"原始文本 Raw text：{e(str(meta['raw']).rpartition('/')[2])}")
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
    heading = '<h1 id="pdf-glossary">附录：术语表 Appendix: Glossary</h1>'
    return f'<article class="md-typeset pdf-section pdf-glossary">{heading}{"".join(entries)}</article>'


def with_notes(body: str) -> str:
    """A section's body with its terms' definitions as numbered notes (what print.js does in the browser).

    The first use of each term gets the note's number; the notes follow the section's text.
    """
    numbers: dict[str, int] = {}
    notes: list[str] = []

    def number(m: re.Match[str]) -> str:
        href = m.group(2)
        if href in numbers:
            return m.group(1)
        notes.append(m.group(3))  # already escaped as an attribute value: valid as text
        numbers[href] = len(notes)
        return f'{m.group(1)}<sup class="note-ref print-only">{len(notes)}</sup>'

    body = _TERM_WITH_TITLE.sub(number, body)
    if notes:
        body += '<ol class="print-notes print-only">' + "".join(f"<li>{n}</li>" for n in notes) + "</ol>"
    return body


def print_document(site: Path, article: Article, meta: dict[str, Any], site_name: str) -> str:
    """One HTML document of the whole article, its links relative to the site's root."""
    sections: list[str] = []
    used: list[str] = []
    for section in article.sections:
        body = page_body(site / section)
        for term in _TERM_LINK.findall(body):
            if term not in used:
                used.append(term)
        if Path(section).parent.as_posix() != ".":
            body = body.replace('href="../', 'href="').replace('src="../', 'src="')
        sections.append(f'<article class="md-typeset pdf-section">{with_notes(body)}</article>')
    head = "".join(f'<link rel="stylesheet" href="{s}">' for s in STYLESHEETS if (site / s).is_file())
    return (
        f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{html.escape(article.title)}</title>'
        f"{head}<style>{PDF_CSS}</style></head>"
        f'<body><main class="md-main"><div class="md-content">{title_page(article, meta, site_name)}'
        f"{''.join(sections)}{glossary_appendix(site, used)}</div></main></body></html>"
    )


# Only what the print document adds to the print stylesheet: its title page, one section a page.
PDF_CSS = """
@page { size: A4; margin: 20mm 18mm 20mm 24mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
@page :first { @bottom-center { content: none; } }
.pdf-title-page { break-after: page; padding-top: 30vh; text-align: center; }
.pdf-title-page .pdf-title { font-size: 2em; margin-bottom: 0.4em; }
.pdf-title-page .pdf-title-en { font-style: italic; }
.pdf-title-page .pdf-source { margin-top: 4em; font-size: 0.9em; line-height: 1.8; }
.pdf-section { break-before: page; }
"""


def write_pdfs(root: Path, site: Path, out: Path) -> list[Path]:
    """Print every article of the built `site` into `out`/<slug>.pdf; return the files written."""
    nav_path = root / names.DOCS_DIR / names.NAV_FILE
    if not (site / "index.html").is_file():
        raise PdfError(f"{site}: no built site here; run `make site` (python -m build_scripts site) first")
    if not nav_path.is_file():
        raise PdfError(f"{nav_path}: missing; run `make site` (python -m build_scripts site) first")
    nav = yaml.safe_load(nav_path.read_text(encoding="utf-8"))
    articles = articles_in_nav(nav)
    if not articles:
        raise PdfError(f"{nav_path}: no article in the navigation")
    try:
        import weasyprint  # type: ignore[import-untyped]
        from weasyprint.urls import FatalURLFetchingError, URLFetcher  # type: ignore[import-untyped]
    except (ImportError, OSError) as err:  # OSError: WeasyPrint found no Pango library
        raise PdfError(
            f"WeasyPrint cannot start ({err}); pip install -r requirements.txt, and on Debian "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from err

    # the navigation file holds the name as the theme prints it, HTML (markup.html_text): back to text
    site_name = html.unescape(str(nav.get("site_name") or ""))
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
        document = print_document(site, article, meta, site_name)
        target = out / f"{article.slug}.pdf"
        tmp = target.with_name(target.name + ".tmp")
        try:
            weasyprint.HTML(string=document, base_url=root_url, url_fetcher=fetcher).write_pdf(tmp)
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
