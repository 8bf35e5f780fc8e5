"""Raw scraped article text → a draft edition (Markdown with front matter) that editors then refine.

The raw form: line 1 is the title, line 2 the whole body. The scrape flattened ，。、；： to `.` and
“” to `'`, may repeat the dateline's lede after a repeated title, and glues section headings (two
parallel phrases of equal length separated by a space) to the first sentence of their section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .edition import WORDING_RE
from .model import Problem, Severity

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A dateline such as 6月23日讯 or 杭州6月23日电 opens the body.
DATELINE_RE = re.compile(rf"^[{HAN}A-Za-z0-9]{{0,12}}?\d{{1,2}}月\d{{1,2}}日[讯电]")
# A glued heading: a run of Han characters that starts a clause, one space, then more Han.
HEADING_RE = re.compile(rf"(?:(?<=[.'])|^)([{HAN}]{{2,12}}) (?=[{HAN}])")
# A clause this short between two breaks is an item of an enumeration (懂法、用法、守法).
ENUM_ITEM_MAX = 4
# A sentence is closed with 。 at a break only once it is at least this long; shorter runs get ，.
SENTENCE_MIN = 24


@dataclass(frozen=True)
class DraftSection:
    heading: str  # "" for the introduction
    body: str  # still in raw punctuation


@dataclass(frozen=True)
class Draft:
    title: str
    dateline: str
    lede: str  # raw punctuation; "" when no duplicated lede was found
    removed: str  # the raw passage dropped as a duplicate ("" if none)
    sections: tuple[DraftSection, ...]


def split_raw(text: str, file: str) -> tuple[Draft, list[Problem]]:
    """Find title, dateline, duplicated lede and glued headings in raw text."""
    problems: list[Problem] = []
    stripped = text.strip()
    if not stripped:
        return Draft("", "", "", "", ()), [
            Problem(file, 1, "the file is empty", hint="line 1 must be the title, line 2 the body")
        ]
    # the body keeps its line breaks, so a removed passage is an exact excerpt of the raw file
    title, _, body = (part.strip() for part in stripped.partition("\n"))
    if not body:
        return Draft(title, "", "", "", ()), [
            Problem(file, 1, "the article has a title but no text", hint="put the body on line 2")
        ]
    dateline = ""
    m = DATELINE_RE.match(body)
    if m:
        dateline = m.group(0)
        body = body[m.end() :]
    if not WORDING_RE.search(body):
        return Draft(title, dateline, "", "", ()), [
            Problem(file, 2, "the article has no text after its dateline", hint="put the body on line 2")
        ]
    lede, removed = "", ""
    pos = body.find(title)
    # a duplicated lede is a whole passage of text that ends a clause, not a quote mark before the title
    if (
        pos > 0
        and body[pos - 1] == "."
        and WORDING_RE.search(body[:pos])
        and body[pos + len(title) :].startswith(body[:pos])
        # the erratum that records the removal must name a passage found once in the raw text
        and text.count(title + body[:pos]) == 1
    ):
        lede = body[:pos]
        removed = title + lede
        body = lede + body[pos + len(removed) :]
    sections = _split_sections(body)
    if len(sections) == 1:
        problems.append(
            Problem(
                file,
                2,
                "no section headings found; the whole text becomes one section",
                hint='add `## 标题 {#s1 en="…"}` lines to the edition where sections begin',
                severity=Severity.WARNING,
            )
        )
    for section in sections:
        if section.body.count("'") % 2:
            problems.append(
                Problem(
                    file,
                    2,
                    f"odd number of ' quote marks in section `{section.heading or '导语'}`; the draft's “” after the"
                    " unpaired one are guesses",
                    hint="check the quotation marks of that section in the edition",
                    severity=Severity.WARNING,
                )
            )
    return Draft(title, dateline, lede, removed, tuple(sections)), problems


def _split_sections(body: str) -> list[DraftSection]:
    sections: list[DraftSection] = []
    heading, start = "", 0
    for m in HEADING_RE.finditer(body):
        first = m.group(1)
        second_start = m.end()
        second = body[second_start : second_start + len(first)]
        if len(second) != len(first) or not re.fullmatch(f"[{HAN}]+", second):
            continue
        text = body[start : m.start()]
        if text or heading:
            sections.append(DraftSection(heading, text))
        heading, start = f"{first} {second}", second_start + len(second)
    sections.append(DraftSection(heading, body[start:]))
    return sections


def punctuate(raw: str) -> list[str]:
    """Restore Chinese punctuation heuristically; return one sentence per item.

    Rules (a draft for an editor, not a final reading): `.` between digits is a decimal point;
    `'` alternate as “ ”; a `.` between two short clauses is 、; a `.` closes the sentence (。)
    once the sentence is long; otherwise it is ，.
    """
    clauses = re.split(r"(?<!\d)\.|\.(?!\d)|\n", raw)
    if clauses and clauses[-1] == "":
        clauses.pop()
    sentences: list[str] = []
    current = ""
    open_quote = False
    for i, clause in enumerate(clauses):
        quoted = []
        for ch in clause:
            if ch == "'":
                quoted.append("”" if open_quote else "“")
                open_quote = not open_quote
            else:
                quoted.append(ch)
        clause_text = "".join(quoted)
        current += clause_text
        last = i == len(clauses) - 1
        nxt = clauses[i + 1] if not last else ""
        if last:
            mark = "。"
        elif 0 < len(clause.replace("'", "")) <= ENUM_ITEM_MAX and 0 < len(nxt.replace("'", "")) <= ENUM_ITEM_MAX:
            mark = "、"
        elif len(current) >= SENTENCE_MIN and not open_quote:
            mark = "。"
        else:
            mark = "，"
        current += mark
        if mark == "。":
            sentences.append(current)
            current = ""
    if current:
        sentences.append(current)
    return sentences


def suspicious(raw: str, file: str) -> list[Problem]:
    """Spots where the scrape is known to damage text: lowercased acronyms, lost % signs."""
    found: list[Problem] = []
    for m in re.finditer(r"(?<![A-Za-z])[a-z]+\d+", raw):
        found.append(
            Problem(
                file,
                2,
                f"`{m.group(0)}` may be a lowercased acronym",
                hint="if so, correct it in the edition and record an erratum",
                severity=Severity.WARNING,
            )
        )
    for m in re.finditer(r"(?:率达|达到|增长|下降|占)(\d+(?:\.\d+)?)(?=[.'])", raw):
        found.append(
            Problem(
                file,
                2,
                f"`{m.group(0)}` may have lost a % sign",
                hint="if so, write the % in the edition and record an erratum",
                severity=Severity.WARNING,
            )
        )
    return found


def draft_edition(text: str, file: str, raw_ref: str) -> tuple[str, list[Problem]]:
    """Return the draft edition text for a raw article, with warnings for the editor."""
    draft, problems = split_raw(text, file)
    if any(p.severity is Severity.ERROR for p in problems):
        return "", problems
    problems += suspicious(text, file)
    front: dict[str, object] = {
        "title": draft.title,
        "title_en": "",
        "dateline": draft.dateline,
        "raw": raw_ref,
        "errata": [],
    }
    if draft.removed:
        front["errata"] = [
            {
                "raw": draft.removed,
                "edition": "",
                "note": "标题与导语在正文中重复出现，删去重复的一份。"
                " / The title and lede are repeated verbatim in the body; the repeat is removed.",
            }
        ]
    out = ["---", yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000).strip(), "---", ""]
    n = 0
    for section in draft.sections:
        body = section.body
        if not section.heading and draft.lede and body.startswith(draft.lede):
            out += [*punctuate(draft.lede), ""]
            body = body[len(draft.lede) :]
        if section.heading:
            n += 1
            out += [f'## {section.heading} {{#s{n} en=""}}', ""]
        if body:
            out += [*punctuate(body), ""]
    return "\n".join(out), problems
