"""An Article's apparatus (notes, English, source) + a section's annotated paragraphs → the HTML its page adds."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..core import names
from ..core.markup import html_text
from ..core.model import DATELINE, KINDS, Article, Note, Paragraph, Section, SourceInfo, conjectures, places
from ..read import cite
from ..text import script

# The reader's choice of language on a page with a translation (docs/assets/edition.js keeps it).
TOGGLE = (
    '<div class="lang-toggle" role="group" aria-label="阅读语言 Reading language" data-search-exclude="toggle" hidden>'
    '<button type="button" data-lang="zh" aria-pressed="true">中文</button>'
    '<button type="button" data-lang="en" lang="en" aria-pressed="false">English</button>'
    '<button type="button" data-lang="both" aria-pressed="false">对照 <span lang="en">Side by side</span></button>'
    "</div>"
)


# The reader's choice of script on a page of an edition kept in Traditional characters (`script:
# hant`): its characters as they are, or a Simplified view of them (docs/assets/edition.js turns
# the page's text with the table in `data-fold`, Traditional and Simplified characters in pairs, and
# keeps the choice). The text in the files stays Traditional.
SCRIPT_TOGGLE = (
    '<div class="script-toggle" role="group" aria-label="字形 Script" data-search-exclude="toggle"'
    ' data-fold="{fold}" hidden>'
    '<button type="button" data-script="hant" lang="zh-Hant" aria-pressed="true">繁體 原文</button>'
    '<button type="button" data-script="hans" lang="zh-Hans" aria-pressed="false">简体 阅读</button>'
    "</div>"
)


def script_toggle(article: Article) -> str:
    """The script switch of a Traditional edition's page, with the fold of every character its pages
    show (title, dateline, headings, text); nothing for a Simplified edition."""
    if article.script != script.HANT:
        return ""
    shown = [article.title, article.dateline]
    for section in article.sections:
        shown += [section.title, *(p.text for p in section.paragraphs)]
    pairs = "".join(t + s for t, s in sorted(script.folds("".join(shown)).items()))
    return SCRIPT_TOGGLE.format(fold=html_text(pairs)) if pairs else ""


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
    return _cited(article, number, page, paragraph.anchor, paragraph_number(paragraph.anchor))


def paragraph_number(anchor: str) -> int:
    return int(anchor.rsplit("-p", 1)[1])


def _cited(article: Article, number: int, page: str, anchor: str, paragraph: int) -> cite.Cited:
    return cite.Cited(
        title=article.title,
        title_en=article.title_en,
        source=article.source_info or SourceInfo(),
        url=cite.paragraph_url(article.site_url, page, anchor),
        key=f"{article.slug}-{anchor}",
        section=number,
        paragraph=paragraph,
    )


# Stand-ins for what the citations of one section's paragraphs do not share: the paragraph's
# anchor and number. Every escape the formats apply leaves each as it is (a private-use
# character; digits between the formats' own words), as it leaves an anchor of PLAIN_ANCHOR.
ANCHOR_STANDIN = "\ue000"
NUMBER_STANDIN = 987654321
PLAIN_ANCHOR = re.compile(r"[A-Za-z0-9_-]+")


def section_citations(article: Article, number: int, page: str) -> Callable[[Paragraph], str]:
    """citation_html() of each paragraph of a section's page (`number`: the section's), from one
    rendering for the section with stand-ins for the paragraph's anchor and number, replaced per
    paragraph; a paragraph is rendered on its own when a stand-in could be mistaken for the
    article's own text."""
    s = article.source_info or SourceInfo()
    shared = [article.title, article.title_en, article.site_url, article.slug, page, str(number)]
    shared += [v for v in (s.outlet, s.author, s.published, s.url, s.retrieved) if v]
    number_text = str(NUMBER_STANDIN)
    if any(ANCHOR_STANDIN in v or number_text in v for v in shared):
        return lambda p: citation_html(cited(article, number, p, page), p.anchor)
    fragment = citation_html(_cited(article, number, page, ANCHOR_STANDIN, NUMBER_STANDIN), ANCHOR_STANDIN)

    def of(p: Paragraph) -> str:
        if not PLAIN_ANCHOR.fullmatch(p.anchor):
            return citation_html(cited(article, number, p, page), p.anchor)
        # the number first: an anchor may hold the stand-in number's digits, a number never holds ANCHOR_STANDIN
        return fragment.replace(number_text, str(paragraph_number(p.anchor))).replace(ANCHOR_STANDIN, p.anchor)

    return of


def citation_html(c: cite.Cited, anchor: str) -> str:
    """The paragraph's citations in each format, written into the page (readable without script),
    each with a copy button that docs/assets/edition.js shows."""
    rows = []
    for label, key, fmt in cite.FORMATS:
        cid = f"{anchor}-{key}"
        text = html_text(fmt(c))
        # a relative address (no site_url) is made absolute by edition.js, from the page's own
        local = "" if re.match(r"https?://", c.url) else f' data-url="{html_text(c.url)}"'
        body = (
            f'<pre class="cite-text" id="{cid}"{local}>{text}</pre>'
            if key == "bibtex"
            else (f'<p class="cite-text" id="{cid}"{local}>{text}</p>')
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


def english_html(anchor: str, sentences: tuple[str | None, ...], calls: dict[int, list[str]] | None = None) -> str:
    """The English paragraph: `sentences` as HTML (None: not yet translated), each followed by the
    calls of the notes whose phrase ends in the Chinese sentence it translates (`calls`: by index)."""
    eid = anchor + names.ENGLISH_ID_SUFFIX
    calls = calls or {}
    parts = [(s if s is not None else UNTRANSLATED_HTML) + "".join(calls.get(k, ())) for k, s in enumerate(sentences)]
    return (
        f'<p class="{names.ENGLISH_PARAGRAPH_CLASS}" id="{eid}" lang="en">{" ".join(parts)} '
        f'<a class="{names.PERMALINK_CLASS}" href="#{eid}" title="Permalink to this paragraph">¶</a></p>'
    )


def sentence_of(paragraph: Paragraph, offset: int) -> int:
    """The index of the sentence of `paragraph` in which its text's `offset`-th character ends."""
    end = 0
    for k, sentence in enumerate(paragraph.sentences):
        end += len(sentence)
        if offset <= end:
            return k
    return len(paragraph.sentences) - 1


def section_page(
    article: Article,
    section: Section,
    paragraphs: list[tuple[Paragraph, str]],
    page: str,
    md: Callable[[str], str],
    english_sentences: dict[str, tuple[str | None, ...]] | None = None,
) -> tuple[list[tuple[Paragraph, str]], dict[str, Any]]:
    """The section's paragraphs with their note calls, and what section.md.j2 adds around them:
    (`english_sentences`: the English sentences by paragraph as HTML, terms linked; by default
    the translation's, escaped)
    `heading` (Markdown), `dateline` (HTML), `before` and `after` each paragraph (HTML by anchor),
    `toggle` (the language switch, on a page with a translation) and `notes_html` (the notes list)."""
    mine = ordered(article, section.id)
    numbered = list(enumerate(mine, 1))
    at: dict[str, list[tuple[int, Note]]] = {}
    for k, n in numbered:
        at.setdefault(n.at, []).append((k, n))
    heading = md(section.title)
    if section.id in at:
        heading = with_calls(heading, section.title, section.id, at[section.id])
    dateline = md(article.dateline)
    if DATELINE in at and not section.original_heading:
        dateline = with_calls(dateline, article.dateline, section.id, at[DATELINE])
    out = [
        (p, with_calls(text, p.text, section.id, at[p.anchor]) if p.anchor in at else text) for p, text in paragraphs
    ]
    english = article.english.paragraphs if article.english else {}
    if english_sentences is None:
        english_sentences = {a: tuple(None if t is None else html_text(t) for t in ts) for a, ts in english.items()}
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    citation = section_citations(article, section_number(article, section), page)
    for p, _ in paragraphs:
        tail = ""
        if p.anchor in english:
            before[p.anchor] = '<div class="para-pair">\n'
            # a note's call also ends the English sentence that translates the sentence its phrase ends in
            calls: dict[int, list[str]] = {}
            for k, n in sorted(at.get(p.anchor, []), key=lambda kn: kn[0]):
                end = p.text.index(n.phrase) + len(n.phrase)
                calls.setdefault(sentence_of(p, end), []).append(call_html(section.id, k, n, CALL_EN_SUFFIX))
            tail = "\n" + english_html(p.anchor, english_sentences[p.anchor], calls) + "\n</div>"
        after[p.anchor] = tail + "\n" + citation(p)
    return out, {
        "heading": heading,
        "dateline": dateline,
        "before": before,
        "after": after,
        "toggle": TOGGLE if english else "",
        "script_toggle": script_toggle(article),
        "notes_html": notes_list(section.id, mine) if mine else "",
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
    out = [
        (label, f"{value}{inferred_mark(s.inferred, key)}" if value else "不详 unknown")
        for (label, value), key in zip(rows, ("outlet", "author", "published", "url", "retrieved"), strict=True)
    ]
    if s.unknown:
        out.append(("说明 Unknown", s.unknown))
    return out


def source_line(article: Article) -> str:
    """The source in one line for the article's landing page ("" if there is no `source:`): the
    outlet, author and address where known, else 不详 unknown; then the date, an inferred one said so."""
    s = article.source_info
    if s is None:
        return ""
    who = " · ".join(v for v in (s.outlet, s.author, s.url) if v) or "不详 unknown"
    if not s.published:
        return who
    return f"{who} · 日期 Date {s.published}{inferred_mark(s.inferred, 'published')}"


def inferred_mark(inferred: tuple[str, ...], key: str) -> str:
    """What follows a value the editor worked out: the whole of it, or only a date's year."""
    if key in inferred:
        return "（推断 inferred）"
    if f"{key}.year" in inferred:
        return "（年份推断 year inferred）"
    return ""


# --- HTML --------------------------------------------------------------------------------------

# A tag, a character reference, or one character of text (in HTML the build wrote: escaped text and links)
TOKEN_RE = re.compile(r"<(/?)([a-zA-Z0-9]*)[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|.", re.DOTALL)
# A heading's note call is read as Markdown, attributes included (`[a](javascript:…)` in a title
# would become a link that closes the attribute): what Markdown reads as syntax becomes a
# numeric character reference, which it passes through as text (render.MD_INLINE).
MD_SYNTAX = re.compile(r"[\\`*_{}\[\]!|~=^$:]")


CONJECTURE_OPEN = '<span class="conjecture" title="编者推测，非原文 An editor\'s conjecture, not the text">'


def conjectures_shown(text: str, markup: str) -> str:
    """`markup` (the HTML of `text`) with each editor's conjecture (〔…〕) in a span of its own, so
    the page shows it apart from the text; tags are not characters, so note calls still find their
    places by counting the text's."""
    for start, end in reversed(conjectures(text)):
        markup = insert_after(markup, end, "</span>")
        markup = insert_after(markup, start, CONJECTURE_OPEN)
    return markup


def insert_after(markup: str, offset: int, insertion: str) -> str:
    """`insertion` put into `markup` (the HTML of a text: escaped characters and links) after the
    text's `offset`-th character, and outside any link: a phrase ending inside a glossary term's
    link gets its call after the link's end, so that neither the link nor the term is split."""
    count = depth = 0
    for m in TOKEN_RE.finditer(markup):
        if count >= offset and depth == 0:
            return markup[: m.start()] + insertion + markup[m.start() :]
        if m.group(2) is not None:  # a tag
            if m.group(2).lower() == "a":
                depth = max(0, depth + (-1 if m.group(1) else 1))
        else:
            count += 1
    return markup + insertion


def call_id(section: str, number: int) -> str:
    return f"{section}-n{number}"


# The id of a note's call in the English paragraph: the call's id with this suffix (the note's ↩
# leads to it in English mode, docs/assets/edition.js).
CALL_EN_SUFFIX = "-en"


def call_html(section: str, number: int, note: Note, suffix: str = "") -> str:
    """A note call: a superscript link to the note, its text in the title (the theme's tooltip);
    `suffix`: that of the call's id (CALL_EN_SUFFIX for the English paragraph's)."""
    nid = call_id(section, number)
    title = html_text(f"{note.zh} {note.en}").replace("\n", " ")
    title = MD_SYNTAX.sub(lambda m: f"&#{ord(m.group(0))};", title)
    return (
        f'<sup class="note-call"><a href="#{nid}" id="{nid}-call{suffix}" role="doc-noteref" '
        f'aria-label="注 {number} Note {number}" title="{title}">{number}</a></sup>'
    )


def ordered(article: Article, section_id: str) -> list[Note]:
    """The notes of a section's page in the order a reader meets them: the heading, the dateline
    (on the introduction's page), then paragraph by paragraph, each by where its phrase ends."""
    if not article.notes:
        return []
    section = next(s for s in article.sections if s.id == section_id)
    order = [section.id]
    if not section.original_heading:
        order.append(DATELINE)
    order += [p.anchor for p in section.paragraphs]
    texts = places(article)
    rank = {at: i for i, at in enumerate(order)}
    mine = [n for n in article.notes if n.at in rank]
    return sorted(mine, key=lambda n: (rank[n.at], texts[n.at][0].index(n.phrase) + len(n.phrase)))


def with_calls(markup: str, text: str, section_id: str, calls: list[tuple[int, Note]]) -> str:
    """`markup` (the HTML of `text`) with the calls of `calls` (number, note), each after its phrase."""
    placed = sorted(((text.index(n.phrase) + len(n.phrase), k, n) for k, n in calls), reverse=True)
    for end, k, n in placed:
        markup = insert_after(markup, end, call_html(section_id, k, n))
    return markup


def notes_list(section_id: str, notes: list[Note]) -> str:
    """The section's notes at the end of its page, each with a link back to its call."""
    items = []
    for k, n in enumerate(notes, 1):
        nid = call_id(section_id, k)
        zh_kind, en_kind = KINDS[n.kind]
        sources = ""
        if n.sources:
            sources = (
                '<span class="note-sources">来源 <span lang="en">Sources</span>：'
                + "；".join(html_text(s) for s in n.sources)
                + "</span>"
            )
        items.append(
            f'<li id="{nid}" class="note note-{n.kind}"><span class="note-kind">{zh_kind} '
            f'<span lang="en">{en_kind}</span></span> {html_text(n.zh)} '
            f'<span lang="en">{html_text(n.en)}</span> {sources}'
            f'<a class="note-back" href="#{nid}-call" role="doc-backlink" '
            f'aria-label="回到注 {k} 处 Back to note {k}">↩</a></li>'
        )
    return (
        '<section class="notes" role="doc-endnotes" aria-labelledby="notes">\n'
        '<h2 id="notes">注释 <span lang="en">Notes</span></h2>\n<ol>\n' + "\n".join(items) + "\n</ol>\n</section>"
    )


UNTRANSLATED_HTML = '<span class="untranslated">[not yet translated · <span lang="zh">未译</span>]</span>'
