"""An Article's apparatus (notes, English, source) + a section's annotated paragraphs → the HTML its page adds."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from . import cite, names, notes, translation
from .model import Article, Paragraph, Section

# The reader's choice of language on a page with a translation (docs/assets/edition.js keeps it).
TOGGLE = (
    '<div class="lang-toggle" role="group" aria-label="阅读语言 Reading language" data-search-exclude="toggle" hidden>'
    '<button type="button" data-lang="zh" aria-pressed="true">中文</button>'
    '<button type="button" data-lang="en" lang="en" aria-pressed="false">English</button>'
    '<button type="button" data-lang="both" aria-pressed="false">对照 <span lang="en">Side by side</span></button>'
    "</div>"
)


def section_number(article: Article, section: Section) -> int:
    """The section's number as a reader counts headings: 0 for the introduction."""
    number = 0
    for s in article.sections:
        number += s.original_heading
        if s.id == section.id:
            return number if s.original_heading else 0
    return 0


def cited(article: Article, number: int, paragraph: Paragraph, page: str) -> cite.Cited:
    """What a paragraph's citation names; `number`: its section's (section_number)."""
    return cite.Cited(
        title=article.title,
        title_en=article.title_en,
        source=article.source_info or cite.SourceInfo(),
        url=cite.paragraph_url(article.site_url, page, paragraph.anchor),
        key=f"{article.slug}-{paragraph.anchor}",
        section=number,
        paragraph=int(paragraph.anchor.rsplit("-p", 1)[1]),
    )


def citation_html(c: cite.Cited, anchor: str) -> str:
    """The paragraph's citations in each format, written into the page (readable without script),
    each with a copy button that docs/assets/edition.js shows."""
    rows = []
    for label, key, fmt in cite.FORMATS:
        cid = f"{anchor}-{key}"
        text = html.escape(fmt(c), quote=False)
        body = (
            f'<pre class="cite-text" id="{cid}">{text}</pre>'
            if key == "bibtex"
            else (f'<p class="cite-text" id="{cid}">{text}</p>')
        )
        rows.append(
            f"<dt>{label} "
            f'<button type="button" class="cite-copy" data-copy="{cid}" hidden>'
            '复制 <span lang="en">Copy</span></button>'
            f"</dt><dd>{body}</dd>"
        )
    return (
        '<details class="cite" data-search-exclude="cite"><summary>引用本段 <span lang="en">Cite this paragraph'
        f"</span></summary><dl>{''.join(rows)}</dl></details>"
    )


def english_html(anchor: str, sentences: tuple[str | None, ...]) -> str:
    eid = anchor + names.ENGLISH_ID_SUFFIX
    return (
        f'<p class="{names.ENGLISH_PARAGRAPH_CLASS}" id="{eid}" lang="en">{translation.paragraph_html(sentences)} '
        f'<a class="{names.PERMALINK_CLASS}" href="#{eid}" title="Permalink to this paragraph">¶</a></p>'
    )


def section_page(
    article: Article,
    section: Section,
    paragraphs: list[tuple[Paragraph, str]],
    page: str,
    md: Callable[[str], str],
) -> tuple[list[tuple[Paragraph, str]], dict[str, Any]]:
    """The section's paragraphs with their note calls, and what section.md.j2 adds around them:
    `heading` (Markdown), `dateline` (HTML), `before` and `after` each paragraph (HTML by anchor),
    `toggle` (the language switch, on a page with a translation) and `notes_html` (the notes list)."""
    mine = notes.ordered(article, section.id)
    numbered = list(enumerate(mine, 1))
    at: dict[str, list[tuple[int, notes.Note]]] = {}
    for k, n in numbered:
        at.setdefault(n.at, []).append((k, n))
    heading = md(section.title)
    if section.id in at:
        heading = notes.with_calls(heading, section.title, section.id, at[section.id])
    dateline = md(article.dateline)
    if notes.DATELINE in at and not section.original_heading:
        dateline = notes.with_calls(dateline, article.dateline, section.id, at[notes.DATELINE])
    out = [
        (p, notes.with_calls(text, p.text, section.id, at[p.anchor]) if p.anchor in at else text)
        for p, text in paragraphs
    ]
    english = article.english.paragraphs if article.english else {}
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    number = section_number(article, section)
    for p, _ in paragraphs:
        tail = ""
        if p.anchor in english:
            before[p.anchor] = '<div class="para-pair">\n'
            tail = "\n" + english_html(p.anchor, english[p.anchor]) + "\n</div>"
        after[p.anchor] = tail + "\n" + citation_html(cited(article, number, p, page), p.anchor)
    return out, {
        "heading": heading,
        "dateline": dateline,
        "before": before,
        "after": after,
        "toggle": TOGGLE if english else "",
        "notes_html": notes.notes_list(section.id, mine) if mine else "",
    }


def source_rows(article: Article) -> list[tuple[str, str]]:
    """The article's source as the about page lists it: (label, plain text), unknown parts said so."""
    s = article.source_info
    if s is None:
        return []
    rows = [
        ("媒体 Outlet", s.outlet),
        ("作者 Author", s.author),
        ("发表日期 Published", s.published),
        ("原文链接 URL", s.url),
        ("获取日期 Retrieved", s.retrieved),
    ]
    out = [(label, value or "不详 unknown") for label, value in rows]
    if s.unknown:
        out.append(("说明 Unknown", s.unknown))
    return out


def source_line(article: Article) -> str:
    """The source in one line for the article's landing page: what is known, joined ("" if nothing)."""
    s = article.source_info
    if s is None:
        return ""
    return " · ".join(v for v in (s.outlet, s.author, s.published, s.url) if v)
