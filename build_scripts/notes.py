"""`<slug>.notes.yaml` text + the Article → Notes + Problems; the HTML of note calls and of a notes list."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from . import yamlpos
from .model import Article, BuildError, Problem

KINDS = {"textual": ("校勘", "Textual note"), "explanatory": ("说明", "Explanatory note")}
NOTE_KEYS = ("at", "phrase", "kind", "zh", "en", "sources")
REQUIRED = ("at", "phrase", "kind", "zh", "en")
DATELINE = "dateline"
MAX_NOTE = 2000
MAX_PHRASE = 200


@dataclass(frozen=True)
class Note:
    at: str  # a paragraph's anchor (s2-p3), a section's id (its heading), or DATELINE
    phrase: str  # occurs once there; the call follows it
    kind: str
    zh: str
    en: str
    sources: tuple[str, ...]
    line: int


def places(article: Article) -> dict[str, tuple[str, str]]:
    """Every place a note may be at: `at` → (the text there, what a reader calls it)."""
    out: dict[str, tuple[str, str]] = {}
    if article.dateline:
        out[DATELINE] = (article.dateline, "the dateline")
    for s in article.sections:
        out[s.id] = (s.title, f"the heading of section {s.id}")
        for p in s.paragraphs:
            out[p.anchor] = (p.text, f"paragraph {p.anchor}")
    return out


def read_notes(text: str, name: str, article: Article) -> tuple[tuple[Note, ...], list[Problem]]:
    """Parse and check the notes of one article (`name`: the file as an editor names it)."""
    try:
        data, marks = yamlpos.load(text, name)
    except BuildError as exc:
        return (), list(exc.problems)
    if data is None:
        return (), []
    if not isinstance(data, dict) or set(data) != {"notes"} or not isinstance(data["notes"], list):
        return (), [
            Problem(
                name,
                1,
                "a notes file is a mapping with one key, `notes`, holding a list",
                key="notes",
                hint="start it with `notes:` and a list of `- at: …` entries",
            )
        ]
    where_ok = places(article)
    problems: list[Problem] = []
    notes: list[Note] = []
    for i, entry in enumerate(data["notes"]):
        key = f"notes[{i}]"
        line = marks.get(key, 1)
        if not isinstance(entry, dict):
            problems.append(Problem(name, line, "a note is a mapping (at:, phrase:, kind:, zh:, en:)", key=key))
            continue
        found = _check(entry, key, line, marks, name, where_ok)
        problems += found
        if not found:
            notes.append(
                Note(
                    at=entry["at"],
                    phrase=entry["phrase"],
                    kind=entry["kind"],
                    zh=entry["zh"].strip(),
                    en=entry["en"].strip(),
                    sources=tuple(s.strip() for s in entry.get("sources") or []),
                    line=line,
                )
            )
    seen: dict[tuple[str, int], int] = {}
    for n in notes:
        end = where_ok[n.at][0].index(n.phrase) + len(n.phrase)
        if (n.at, end) in seen:
            problems.append(
                Problem(
                    name,
                    n.line,
                    f"two notes would follow the same place in {where_ok[n.at][1]} "
                    f"(the other at line {seen[n.at, end]})",
                    key="phrase",
                    hint="join the two notes into one",
                )
            )
        seen[n.at, end] = n.line
    return tuple(notes), problems


def _check(
    entry: dict[str, Any], key: str, line: int, marks: dict[str, int], name: str, where_ok: dict[str, tuple[str, str]]
) -> list[Problem]:
    problems: list[Problem] = []
    for k, v in entry.items():
        at = marks.get(f"{key}.{k}", line)
        if k not in NOTE_KEYS:
            problems.append(
                Problem(name, at, f"unknown key `{k}`", key=f"{key}.{k}", hint=f"allowed keys: {', '.join(NOTE_KEYS)}")
            )
        elif k == "sources":
            if not isinstance(v, list) or not all(isinstance(s, str) and s.strip() for s in v):
                problems.append(
                    Problem(name, at, "expected a list of texts", key=f"{key}.sources", hint='write sources: ["…"]')
                )
        elif not isinstance(v, str) or not v.strip():
            problems.append(
                Problem(name, at, f"expected text, got {str(v)[:60]!r}", key=f"{key}.{k}", hint="quote the value")
            )
        elif len(v) > (MAX_PHRASE if k == "phrase" else MAX_NOTE):
            problems.append(Problem(name, at, f"{len(v):,} characters is too long", key=f"{key}.{k}"))
    for k in REQUIRED:
        if k not in entry:
            problems.append(
                Problem(
                    name,
                    line,
                    f"missing `{k}`",
                    key=f"{key}.{k}",
                    hint=f"every note needs: {', '.join(REQUIRED)}",
                )
            )
    if problems:
        return problems
    kind, at, phrase = entry["kind"], entry["at"], entry["phrase"]
    if kind not in KINDS:
        problems.append(
            Problem(
                name,
                marks.get(f"{key}.kind", line),
                f"unknown kind `{kind}`",
                key=f"{key}.kind",
                hint=f"use one of: {', '.join(KINDS)}",
            )
        )
    if at not in where_ok:
        known = [k for k in where_ok if k != DATELINE and "-p" not in k]
        problems.append(
            Problem(
                name,
                marks.get(f"{key}.at", line),
                f"`{at[:60]}` is no place of the article",
                key=f"{key}.at",
                hint="name a paragraph (s2-p3; intro-p1 for the lede), a section's heading "
                f"({', '.join(known[:8])}) or `dateline`",
            )
        )
        return problems
    text, what = where_ok[at]
    count = text.count(phrase)
    if count != 1:
        problems.append(
            Problem(
                name,
                marks.get(f"{key}.phrase", line),
                f"the phrase `{phrase[:40]}` occurs {count} times in {what}"
                + (f": “{text[:60]}{'…' if len(text) > 60 else ''}”" if count == 0 else ""),
                key=f"{key}.phrase",
                hint="copy the phrase exactly from the edition"
                + ("; make it long enough to occur once" if count > 1 else ""),
            )
        )
    return problems


# --- HTML --------------------------------------------------------------------------------------

# A tag, a character reference, or one character of text (in HTML the build wrote: escaped text and links)
TOKEN_RE = re.compile(r"<(/?)([a-zA-Z0-9]*)[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|.", re.DOTALL)


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


def call_html(section: str, number: int, note: Note) -> str:
    """A note call: a superscript link to the note, its text in the title (the theme's tooltip)."""
    nid = call_id(section, number)
    title = html.escape(f"{note.zh} {note.en}", quote=True).replace("\n", " ")
    return (
        f'<sup class="note-call"><a href="#{nid}" id="{nid}-call" role="doc-noteref" '
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
                + "；".join(html.escape(s, quote=False) for s in n.sources)
                + "</span>"
            )
        items.append(
            f'<li id="{nid}" class="note note-{n.kind}"><span class="note-kind">{zh_kind} '
            f'<span lang="en">{en_kind}</span></span> {html.escape(n.zh, quote=False)} '
            f'<span lang="en">{html.escape(n.en, quote=False)}</span> {sources}'
            f'<a class="note-back" href="#{nid}-call" role="doc-backlink" '
            f'aria-label="回到注 {k} 处 Back to note {k}">↩</a></li>'
        )
    return (
        '<section class="notes" role="doc-endnotes" aria-labelledby="notes">\n'
        '<h2 id="notes">注释 <span lang="en">Notes</span></h2>\n<ol>\n' + "\n".join(items) + "\n</ol>\n</section>"
    )
