"""A built site → dist/<slug>.epub per article: an EPUB 3 e-book a phone's reader app opens offline.

One book per article, as one PDF per article (tools/pdf.py): a book is one work with its own title and
source, and a collection that grows adds books rather than rewriting one. Each book holds a title
page (the article's titles, dateline and what is known of its source), one chapter per section with
each Chinese paragraph followed by its English translation and the section's notes after the text
(each call linked to its note and back), and the glossary entries of the terms the article uses, which
the terms link to. The pages are the built site's own (tools/printed.py keeps the reading text);
links to pages that are not in the book are kept as text; nothing runs (no script), nothing is fetched.

Written with zipfile and the project's templates (pages/templates/epub_*.j2) rather than an EPUB
library: the container is six small files, and the build adds no dependency (EbookLib is AGPL-3.0).
"""

from __future__ import annotations

import datetime
import posixpath
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jinja2
from markupsafe import Markup

from ..core import names
from ..pages.render import TEMPLATES
from . import printed
from .pdf import SOURCE_LABELS, Article, PdfError, built_articles, front_matter, page_body

OPS = "http://www.idpf.org/2007/ops"  # epub:type, which reader apps read to show a note in place
ET.register_namespace("epub", OPS)
_ENTRY = re.compile(r'<h3 id="([^"]+)".*?(?=<h[23][ >]|$)', re.S)
GLOSSARY = "glossary.xhtml"


class EpubError(PdfError):
    """What stops the e-books: its message says what is missing and how to get it."""


@dataclass(frozen=True)
class Chapter:
    file: str  # in the book: s1.xhtml
    title: str
    title_en: str
    body: str  # XHTML, the children of <body>


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # XML: every value is text
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def chapter_file(section: str) -> str:
    """The book's file of a site page: pingan-zhejiang/s1.html → s1.xhtml."""
    return Path(section).with_suffix(".xhtml").name


def relink(root: ET.Element, here: str, files: dict[str, str]) -> None:
    """Point each link of the page `here` (a path of the site) at the book's file that holds its target;
    a link to a page the book does not hold is kept as its text; a link out of the site is kept."""
    parent_of = printed.parents(root)
    for link in list(root.iter("a")):
        href = link.get("href") or ""
        if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
            continue
        path, _, fragment = href.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(here), path)) if path else here
        if target in files:
            link.set("href", (files[target] if path else "") + (f"#{fragment}" if fragment else ""))
            continue
        parent = parent_of.get(link)
        if parent is None:
            continue
        span = ET.Element("span", {k: v for k, v in link.attrib.items() if k in ("class", "lang")})
        span.text = link.text
        span.extend(list(link))
        printed.replace(parent, link, span)


def drop_dangling(root: ET.Element, ids: set[str]) -> None:
    """Keep as text a link to a fragment of its own page that is no longer there."""
    parent_of = printed.parents(root)
    for link in list(root.iter("a")):
        href = link.get("href") or ""
        if href.startswith("#") and href[1:] not in ids and link in parent_of:
            span = ET.Element("span")
            span.text = link.text
            span.extend(list(link))
            printed.replace(parent_of[link], link, span)


def ids_of(root: ET.Element) -> set[str]:
    return {el.get("id", "") for el in root.iter() if el.get("id")}


def section_chapter(site: Path, section: str, files: dict[str, str]) -> Chapter:
    """One section of the site as a chapter: both languages, its notes, its links within the book."""
    root = printed.parse(page_body(site / section))
    printed.strip_screen(root)
    relink(root, section, files)
    drop_dangling(root, ids_of(root))
    for el in root.iter():
        if el.get("role") == "doc-noteref":
            el.set(f"{{{OPS}}}type", "noteref")
        elif el.get("role") == "doc-endnotes":
            el.set(f"{{{OPS}}}type", "endnotes")
        elif el.tag == "li" and "note" in printed.classes(el):
            el.set(f"{{{OPS}}}type", "endnote")
    heading = next((h for h in root.iter("h1")), None)
    title = printed.heading_text(heading) if heading is not None else section
    title_en = next((printed.text_of(p) for p in root.iter("p") if "en-title" in printed.classes(p)), "")
    return Chapter(chapter_file(section), title, title_en, printed.serialise(root, "xml"))


def glossary_chapter(site: Path, used: list[str], files: dict[str, str]) -> Chapter | None:
    """The glossary entries of the terms the article uses, in the glossary's order."""
    page = site / "glossary.html"
    if not used or not page.is_file():
        return None
    wanted = set(used)
    entries = "".join(m.group(0) for m in _ENTRY.finditer(page_body(page)) if m.group(1) in wanted)
    root = printed.parse(entries)
    printed.strip_screen(root)
    relink(root, "glossary.html", files)
    drop_dangling(root, ids_of(root))
    body = '<h1 id="glossary">术语表 <span lang="en">Glossary</span></h1>' + printed.serialise(root, "xml")
    return Chapter(GLOSSARY, "术语表", "Glossary", body)


def source_lines(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """What is known of the article's source, as (label, value); what is not, said so."""
    given = meta.get("source")
    known: dict[str, Any] = given if isinstance(given, dict) else {}
    lines = [(label, str(known[key])) for key, label in SOURCE_LABELS if known.get(key)]
    if known.get("unknown"):
        lines.append(("", str(known["unknown"])))
    return lines


def book(
    site: Path, article: Article, meta: dict[str, Any], site_name: str, modified: datetime.datetime
) -> dict[str, str]:
    """The files of an article's book, by their path in the EPUB (mimetype and container apart)."""
    files = {section: chapter_file(section) for section in article.sections}
    used: list[str] = []
    for section in article.sections:
        for term in re.findall(r'<a class="term" href="[^"#]*glossary\.html#([^"]+)"', page_body(site / section)):
            if term not in used:
                used.append(term)
    if used and (site / "glossary.html").is_file():
        files["glossary.html"] = GLOSSARY
    chapters = [section_chapter(site, section, files) for section in article.sections]
    glossary = glossary_chapter(site, used, files)
    if glossary is not None:
        chapters.append(glossary)
    env = environment()
    title = str(meta.get("title") or article.title)
    context = {
        "title": title,
        "title_en": str(meta.get("title_en") or ""),
        "dateline": str(meta.get("dateline") or ""),
        "source": source_lines(meta),
        "site_name": site_name,
        "chapters": chapters,
        "identifier": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{site_name}/{article.slug}')}",
        "modified": modified.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "published": str((meta.get("source") or {}).get("published") or "")
        if isinstance(meta.get("source"), dict)
        else "",
    }
    out = {
        "OEBPS/content.opf": env.get_template("epub_content.opf.j2").render(context),
        "OEBPS/nav.xhtml": env.get_template("epub_nav.xhtml.j2").render(context),
        "OEBPS/title.xhtml": env.get_template("epub_title.xhtml.j2").render(context),
        "OEBPS/edition.css": env.get_template("epub_edition.css.j2").render(context),
    }
    chapter = env.get_template("epub_chapter.xhtml.j2")
    for c in chapters:
        out[f"OEBPS/{c.file}"] = chapter.render(
            context, chapter=c, body=Markup(c.body)
        )  # serialised from a tree: its text escaped
    return out


CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def write_zip(target: Path, files: dict[str, str], when: datetime.datetime) -> None:
    """The EPUB container: `mimetype` first and stored, then the rest; every entry dated `when`, so that
    two builds of one commit are byte-identical."""
    stamp = when.astimezone(datetime.UTC).timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype", stamp), "application/epub+zip", zipfile.ZIP_STORED)
        entries = {"META-INF/container.xml": CONTAINER, **files}
        for name in entries:
            book.writestr(zipfile.ZipInfo(name, stamp), entries[name].encode("utf-8"), zipfile.ZIP_DEFLATED)
    tmp.replace(target)


def write_epubs(root: Path, site: Path, out: Path, modified: datetime.datetime) -> list[Path]:
    """Every article of the built `site` as `out`/<slug>.epub; return the files written."""
    site_name, articles = built_articles(root, site, EpubError)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for article in articles:
        meta = front_matter(root / names.ARTICLES_DIR / f"{article.slug}.md")
        target = out / f"{article.slug}.epub"
        write_zip(target, book(site, article, meta, site_name, modified), modified)
        written.append(target)
    return written
