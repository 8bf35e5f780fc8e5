"""The forms a raw article arrives in, recognised line by line: pure functions over its text.

A raw article is the text as received. Besides the flattened scrape (title on line 1, the whole body
on line 2, ，。、；： flattened to `.`), articles come copied with their own punctuation, with or
without line breaks, and with the apparatus of a newspaper page around the text: a byline
(本报记者 张三 文/制图, 通讯员), a subtitle (引题 above the title, 副题 below it, often opened by
——), photo and graphic credits (图为……  张三 摄, 制图：李四), page-jump markers ((下转2版), （上接1版）),
datelines of several forms (本报讯（记者 …）, 新华社杭州6月23日电（记者 …）, a bare date line
under the title), subheads as short lines, and a last sentence the scrape cut off.

`read_lines()` sorts the lines of a raw article into a `Layout`: the title, the apparatus (each
item with its line and the exact raw passage an erratum removes from the text), the dateline parts,
and the body's lines, each a subhead or a paragraph. The importer (importer.py) drafts the edition
from it. Nothing here decides silently: what could be read two ways comes back as a `Doubt` with
its line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..core import chars
from ..text.endings import CLOSERS as CLOSERS
from ..text.endings import MARKER_RE as MARKER_RE
from ..text.endings import SENTENCE_END as SENTENCE_END
from ..text.endings import closed as closed
from ..text.endings import punctuated as punctuated

HAN = chars.HAN
# The scrape's flattened marks: a `.` that is not a decimal point, a `'`.
FLAT_MARK_RE = re.compile(r"(?<!\d)\.|\.(?!\d)|'")
# A dateline at the start of the body: 6月23日讯, 杭州6月23日电, 新华社杭州6月23日电, 本报讯, 本报杭州
# 6月23日讯, each with the reporters it names in brackets, if any: （记者 王五）.
DATELINE_RE = re.compile(
    rf"^(?:[{HAN}A-Za-z0-9]{{0,12}}?\d{{1,2}}月\d{{1,2}}日[讯电訊電]|本[报報][讯訊])"
    r"(?:[（(][^（）()\n]{1,40}[）)])?"
)
# A line that is only a date: 2023年6月23日, 6月23日 星期五, 2023-06-23.
DATE_LINE_RE = re.compile(
    r"^(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:\s*(?:星期|周)[一二三四五六日天])?"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})$"
)
# A byline: who wrote it (and drew or photographed it), on a short line of its own.
BYLINE_RE = re.compile(
    r"^[（(]?(?:(?:本报|新华社|本報|新華社)?(?:特约|见习|实习|特約|見習|實習)?(?:记者|通讯员|記者|通訊員)|作者|撰文|文[/／｜|:：])"
    r"[\s\u3000:：]*[^。！？，；.]{0,40}$"
)
# A photo or graphic credit, a caption's credit or the page's editors: 图为……张三 摄, 制图：李四.
CREDIT_RE = re.compile(
    r"^(?:图为|圖為|(?:本版)?(?:制图|製圖|图片(?:来源)?|圖片(?:來源)?|摄影|攝影|视频|視頻|责任编辑|責任編輯|编辑|編輯|校对|校對)[：:])"
    rf"|(?:^|[\s\u3000（(])[{HAN}·]{{2,8}}[\s\u3000]*[摄攝][）)]?$"
)
CREDIT_MAX = 120
# A subtitle: opened by a dash (——副题), or labelled.
SUBTITLE_RE = re.compile(r"^(?:——|—|－－|--)\S|^(?:引题|肩题|副题|副标题)[：:]")
# A subhead is a short line: at most this many characters.
SUBHEAD_MAX = 24
# A line after the title this short, not closed as a sentence, reads as a subtitle (or a kicker).
HEADLINE_MAX = 40


NAMES = {"byline": "byline", "subtitle": "subtitle", "credit": "photo or graphic credit", "marker": "page-jump marker"}


@dataclass(frozen=True)
class Apparatus:
    """A piece of the page that is not the text: it goes to the front matter, its removal to the errata."""

    kind: str  # "byline", "subtitle", "credit" or "marker"
    text: str  # as it stands in the raw file
    line: int


@dataclass(frozen=True)
class BodyLine:
    line: int
    text: str  # page-jump markers taken out
    subhead: bool


@dataclass(frozen=True)
class Doubt:
    """What the reading could not decide, at a line of the raw file: the code of its description in
    core/problems.py and the values the description names (the importer reports it)."""

    line: int
    code: str
    values: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Layout:
    title: str
    title_line: int
    apparatus: tuple[Apparatus, ...]
    dateline: str  # the bare date line and the body's opening dateline, joined by a space
    body: tuple[BodyLine, ...]
    punctuated: bool  # the text has its own marks (，。), not the scrape's `.`
    doubts: tuple[Doubt, ...]


def flattened(line: str) -> bool:
    """A line in the scrape's flattening: none of the full-width marks, and a `.` that is no decimal
    point or a `'`."""
    return not punctuated(line) and FLAT_MARK_RE.search(line) is not None


def mixed(line: str) -> bool:
    """A line with full-width marks and the scrape's flattened ones both."""
    return punctuated(line) and FLAT_MARK_RE.search(line) is not None


def is_byline(line: str) -> bool:
    return BYLINE_RE.match(line) is not None


def is_credit(line: str) -> bool:
    return len(line) <= CREDIT_MAX and CREDIT_RE.search(line) is not None


def is_marker_line(line: str) -> bool:
    return MARKER_RE.sub("", line).strip() == "" and MARKER_RE.search(line) is not None


def sentences(paragraph: str) -> list[str]:
    """A punctuated paragraph's sentences, its marks kept as they are: a sentence ends after 。！？…
    and any closing quote or bracket, never inside a quotation still open. A last sentence without
    a closing mark stays as it is."""
    out: list[str] = []
    depth = 0
    start = 0
    i = 0
    n = len(paragraph)
    while i < n:
        ch = paragraph[i]
        if ch in "“「『":
            depth += 1
        elif ch in "”」』":
            depth = max(0, depth - 1)
        if ch in SENTENCE_END:
            j = i + 1
            while j < n and paragraph[j] in SENTENCE_END:
                j += 1
            while j < n and paragraph[j] in CLOSERS:
                if paragraph[j] in "”」』":
                    depth = max(0, depth - 1)
                j += 1
            opened = paragraph[start:j].lstrip()[:1] in "“「『"
            quoted = paragraph[j - 1] in "”」』" and opened and j < n and paragraph[j] not in "“「『"
            if depth == 0 and not quoted:
                out.append(paragraph[start:j].strip())
                start = j
            i = j
            continue
        i += 1
    if paragraph[start:].strip():
        out.append(paragraph[start:].strip())
    return [s for s in out if s]


def read_lines(text: str) -> Layout:
    """Title, apparatus, dateline and body of a raw article (see the module's docstring). The text
    must have a first line; an empty text is the caller's to refuse.

    A piece of apparatus leaves the text only when its passage occurs once in the raw file (the
    erratum that records its removal must name one place); one that occurs more often stays in the
    text, with a doubt at its line."""
    lines = [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1)]
    filled = [(n, line) for n, line in lines if line]
    is_punctuated = punctuated(text)
    apparatus: list[Apparatus] = []
    doubts: list[Doubt] = []
    dateparts: list[str] = []

    def take(kind: str, passage: str, n: int) -> bool:
        if text.count(passage) == 1:
            apparatus.append(Apparatus(kind, passage, n))
            return True
        # a marker only leaves the text; other apparatus goes to the front matter too
        code = "import.repeated-marker" if kind == "marker" else "import.repeated-apparatus"
        doubts.append(Doubt(n, code, {"passage": passage, "kind": NAMES[kind], "count": text.count(passage)}))
        return False

    i = 0
    title, title_line = "", 1
    # a labelled kicker or subtitle may stand above the title
    while i + 1 < len(filled) and SUBTITLE_RE.match(filled[i][1]) and take("subtitle", filled[i][1], filled[i][0]):
        i += 1
    if i < len(filled):
        title_line, title = filled[i]
        i += 1
        if len(title) > HEADLINE_MAX and closed(title, is_punctuated) and i < len(filled):
            doubts.append(Doubt(title_line, "import.sentence-as-title", {"length": len(title)}))
    # the head: subtitle, byline, credits, a bare date line, until the text begins
    subtitled = False
    while i + 1 < len(filled):  # the last line is text, whatever it looks like
        n, line = filled[i]
        if SUBTITLE_RE.match(line):
            if not take("subtitle", line, n):
                break
            subtitled = True
        elif is_marker_line(line) or is_byline(line) or is_credit(line):
            kind = "marker" if is_marker_line(line) else "byline" if is_byline(line) else "credit"
            if not take(kind, line, n):
                break
        elif DATE_LINE_RE.match(line) and not dateparts:
            dateparts.append(line)
        elif (
            not subtitled
            and not dateparts
            and len(line) <= HEADLINE_MAX
            and not closed(line, is_punctuated)
            and not DATELINE_RE.match(line)
            and _looks_like_heading_row(filled, i, is_punctuated)
        ):
            if not take("subtitle", line, n):
                break
            subtitled = True
            doubts.append(Doubt(n, "import.subtitle-guessed", {"text": line}))
        else:
            break
        i += 1
    rest = filled[i:]
    if rest:
        n, first = rest[0]
        m = DATELINE_RE.match(first)
        if m:
            dateparts.append(m.group(0))
            first = first[m.end() :].strip()
            rest = ([(n, first)] if first else []) + rest[1:]
    body: list[tuple[int, str]] = []
    for n, line in rest:
        if is_marker_line(line) and take("marker", line, n):
            continue
        if is_credit(line) and take("credit", line, n):
            continue
        if is_byline(line) and len(line) <= HEADLINE_MAX and take("byline", line, n):
            continue
        kept = line
        for m in MARKER_RE.finditer(line):
            if take("marker", m.group(0), n):
                kept = kept.replace(m.group(0), "", 1)
        kept = kept.strip()
        if kept:
            body.append((n, kept))
    lines_out: list[BodyLine] = []
    for k, (n, line) in enumerate(body):
        subhead = (
            0 < k < len(body) - 1
            and len(line) <= SUBHEAD_MAX
            and not closed(line, is_punctuated)
            and "。" not in line
            and not lines_out[-1].subhead
        )
        lines_out.append(BodyLine(n, line, subhead))
    apparatus.sort(key=lambda a: a.line)
    return Layout(
        title, title_line, tuple(apparatus), " ".join(dateparts), tuple(lines_out), is_punctuated, tuple(doubts)
    )


def _looks_like_heading_row(filled: list[tuple[int, str]], i: int, is_punctuated: bool) -> bool:
    """A short line right under the title, before any text: a subtitle, unless it is the only line
    before a long text (then it may be the text's first line)."""
    nxt = filled[i + 1][1]
    return len(nxt) > HEADLINE_MAX or closed(nxt, is_punctuated) or bool(DATELINE_RE.match(nxt)) or is_byline(nxt)
