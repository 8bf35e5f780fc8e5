"""Raw scraped article text → a draft edition (Markdown with front matter) that editors then refine.

The raw form: line 1 is the title, line 2 the whole body. The scrape flattened ，。、；： to `.` and
“” to `'`, may repeat the dateline's lede after a repeated title, and glues section headings (two
parallel phrases of equal length separated by a space) to the first sentence of their section.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core import chars
from ..core.model import RESERVED_SLUGS, Problem
from ..core.problems import Collector, has_errors, problem
from ..read.edition import WORDING_RE
from ..text import script
from . import forms

HAN = chars.HAN  # every Han block: a heading or dateline of extension-B characters is one too
DATELINE_RE = forms.DATELINE_RE  # 6月23日讯, 杭州6月23日电, 本报讯（记者 …） open the body
# A glued heading: a run of Han characters that starts a clause, one space, then more Han.
HEADING_RE = re.compile(rf"(?:(?<=[.'])|^)([{HAN}]{{2,12}}) (?=[{HAN}])")
# A clause this short between two breaks is an item of an enumeration (懂法、用法、守法).
ENUM_ITEM_MAX = 4
# A sentence is closed with 。 at a break only once it is at least this long; shorter runs get ，.
SENTENCE_MIN = 24
HAN_RE = re.compile(f"[{HAN}]")
# A run of Latin in lower case (see suspicious()): letters and digits, at least one letter, none in
# upper case, any `+` after it, and no ASCII letter or digit on either side.
LOWER_RUN_RE = re.compile(r"(?<![A-Za-z0-9])(?=[0-9]*[a-z])[a-z0-9]+\+*(?![A-Za-z0-9])")
# Addresses, where lower case is right: a scheme or www. and what follows, an e-mail address, a host
# name under a common top-level domain.
ADDRESS_RE = re.compile(
    r"(?:(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9+.-]*://|(?<![A-Za-z0-9])www\.)[A-Za-z0-9/?#=&%_.:~+@-]*"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|(?<![A-Za-z0-9.-])(?:[A-Za-z0-9-]+\.)+(?:com|cn|net|org|gov|edu|int|info)(?![A-Za-z0-9])"
)
# A run joined by spaces to another run of Latin is a word of a phrase, not an acronym.
LATIN_BEFORE_RE = re.compile(r"[A-Za-z0-9+] +\Z")
LATIN_AFTER_RE = re.compile(r" +[A-Za-z0-9]")
# The whole part and point of a decimal number before a run that starts with a digit (8.6km).
DECIMAL_BEFORE_RE = re.compile(r"[0-9]+\.\Z")
CONTEXT = 10  # characters of the raw text shown either side of a suspicious spot
# The longest slug: an article's pages are docs/<slug>/<section>.md, and their addresses should stay readable.
SLUG_MAX = 64
# SLUG_RE's characters without its length, so that a long slug is told it is long
SLUG_SHAPE = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class DraftSection:
    heading: str  # "" for the introduction
    body: str  # still in raw punctuation; paragraphs separated by line breaks


@dataclass(frozen=True)
class Draft:
    title: str
    dateline: str
    lede: str  # raw punctuation; "" when no duplicated lede was found
    removed: str  # the raw passage dropped as a duplicate ("" if none)
    sections: tuple[DraftSection, ...]
    apparatus: tuple[forms.Apparatus, ...] = ()  # byline, subtitle, credits, markers: out of the text
    punctuated: bool = False  # the raw has its own marks, which the draft keeps
    open_end: int = 0  # the line of a last sentence the raw leaves unfinished (0: it is finished)
    form: str = ""  # what the importer saw, in words

    def front(self, kind: str) -> list[str]:
        return [a.text for a in self.apparatus if a.kind == kind]


# The front matter's keys for apparatus, and the erratum note that records its leaving the text.
APPARATUS_NOTES = {
    "subtitle": "副题移至篇首，不在正文 / The subtitle is shown in the article's header, not in the text",
    "byline": "署名移至篇首，不在正文 / The byline is shown in the article's header, not in the text",
    "credit": "图片、制图署名移至篇首，不在正文 / The photo or graphic credit is shown in the article's header,"
    " not in the text",
    "marker": "删去报纸版面的转版标记 / Removed the print edition's page-jump marker",
}


def split_raw(text: str, file: str) -> tuple[Draft, list[Problem]]:
    """Find title, apparatus, dateline, duplicated lede and headings in raw text (forms.py reads
    the lines; a flattened scrape on one line has its headings glued into the text)."""
    stripped = text.strip()
    if not stripped:
        return Draft("", "", "", "", ()), [problem("import.empty", file, 1)]
    layout = forms.read_lines(text)
    title, dateline = layout.title, layout.dateline
    found = Collector(file, [problem(d.code, file, d.line, column=None, **d.values) for d in layout.doubts])
    body_line = layout.body[0].line if layout.body else layout.title_line + 1
    if not layout.body and not dateline:
        return Draft(title, "", "", "", ()), [problem("import.title-only", file, layout.title_line)]
    if not any(WORDING_RE.search(b.text) for b in layout.body):
        return Draft(title, dateline, "", "", ()), [problem("import.dateline-only", file, body_line)]
    lede, removed = "", ""
    last = layout.body[-1]
    open_end = 0 if forms.closed(last.text, layout.punctuated) else last.line
    if not layout.punctuated and len(layout.body) == 1:
        # the flattened scrape: the whole body on one line, headings glued into it
        body = layout.body[0].text
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
        k = len(sections) - 1
        kind = f"{k} glued heading{'s' if k > 1 else ''}" if k else ""
    else:
        sections = _line_sections(layout.body, layout.punctuated)
        k = len(sections) - 1
        kind = f"{k} subhead{'s' if k > 1 else ''} on short lines" if k else ""
    if len(sections) == 1:
        found.add("import.no-headings", body_line)
    for section in sections if not layout.punctuated else ():
        if section.body.count("'") % 2:
            found.add("import.odd-quotes", body_line, section=section.heading or "导语")
    both = [b for b in layout.body if layout.punctuated and forms.mixed(b.text)]
    for b in both:
        found.add("import.mixed-marks", b.line)
    # a punctuated text holding lines in the scrape's flattening: those restored, lines of both kinds kept
    flat = sum(forms.flattened(b.text) for b in layout.body) if layout.punctuated else 0
    if open_end:
        found.add("import.cut-off", open_end, end=last.text[-12:])
    parts = [
        "punctuated text" if layout.punctuated else "flattened scrape",
        "with line breaks" if len(layout.body) > 1 else "on one line",
    ]
    parts += [f"dateline {dateline}"] if dateline else []
    parts += ["title and lede repeated"] if removed else []
    parts += [kind] if kind else []
    parts += [f"{flat} flattened line{'s' if flat > 1 else ''} restored"] if flat else []
    parts += [f"{len(both)} line{'s' if len(both) > 1 else ''} of both kinds of marks kept"] if both else []
    for key in ("subtitle", "byline", "credit", "marker"):
        count = sum(a.kind == key for a in layout.apparatus)
        parts += [f"{count} {forms.NAMES[key]}{'s' if count > 1 else ''}"] if count else []
    parts += [f"last sentence cut off (line {open_end})"] if open_end else []
    draft = Draft(
        title,
        dateline,
        lede,
        removed,
        tuple(sections),
        layout.apparatus,
        layout.punctuated,
        open_end,
        ", ".join(parts),
    )
    return draft, found.problems


def _line_sections(body: tuple[forms.BodyLine, ...], is_punctuated: bool) -> list[DraftSection]:
    """Sections of a text with line breaks: a subhead opens one, each other line is a paragraph."""
    sections: list[DraftSection] = []
    heading, paragraphs = "", list[str]()
    for line in body:
        if line.subhead:
            if paragraphs or heading:
                sections.append(DraftSection(heading, "\n".join(paragraphs)))
            heading = line.text if forms.punctuated(line.text) else _flat_heading(line.text)
            paragraphs = []
        else:
            paragraphs.append(line.text)
    sections.append(DraftSection(heading, "\n".join(paragraphs)))
    return sections


def _flat_heading(text: str) -> str:
    """A subhead of a flattened scrape, its marks restored as in a sentence (`.` → ，, `'` → “”)."""
    return "".join(punctuate(text, closed=False))


def _split_sections(body: str) -> list[DraftSection]:
    sections: list[DraftSection] = []
    heading, start = "", 0
    for h_start, h_stop, h in _glued_headings(body):
        text = body[start:h_start]
        if text or heading:
            sections.append(DraftSection(heading, text))
        heading, start = h, h_stop
    sections.append(DraftSection(heading, body[start:]))
    return sections


def _glued_headings(body: str) -> Iterator[tuple[int, int, str]]:
    """Start, end and text of each heading glued into the body: two phrases of equal length."""
    for m in HEADING_RE.finditer(body):
        first = m.group(1)
        second_start = m.end()
        second = body[second_start : second_start + len(first)]
        if len(second) == len(first) and re.fullmatch(f"[{HAN}]+", second):
            yield m.start(), second_start + len(second), f"{first} {second}"


def punctuate(raw: str, closed: bool = True) -> list[str]:
    """Restore Chinese punctuation heuristically; return one sentence per item.

    Rules (a draft for an editor, not a final reading): `.` between digits is a decimal point;
    `'` alternate as “ ”; a `.` between two short clauses is 、; a `.` closes the sentence (。)
    once the sentence is long; otherwise it is ，. The end of `raw` is a `.` (。) unless it is not
    `closed`: a text cut off, or a heading, ends without a mark when its raw has none.
    """
    clauses = re.split(r"(?<!\d)\.|\.(?!\d)|\n", raw)
    if clauses and clauses[-1] == "":
        clauses.pop()
        closed = True
    sentences: list[str] = []
    current = ""
    open_quote = False
    inside = False  # the clause before ended a quoted sentence (`.'`: 。 then ”)
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
        if inside and not clause.strip("'"):  # the closing quote after 。: the sentence ends with it
            inside = False
            sentences.append(current)
            current = ""
            continue
        inside = False
        if open_quote and nxt and not nxt.strip("'"):  # `.'`: the quotation ends with its sentence
            mark, inside = "。", True
        elif last:
            mark = "。" if closed else ""
        elif 0 < len(clause.replace("'", "")) <= ENUM_ITEM_MAX and 0 < len(nxt.replace("'", "")) <= ENUM_ITEM_MAX:
            mark = "、"
        elif len(current) >= SENTENCE_MIN and not open_quote:
            mark = "。"
        else:
            mark = "，"
        current += mark
        if mark == "。" and not inside:
            sentences.append(current)
            current = ""
    if current:
        sentences.append(current)
    return sentences


def suspicious(raw: str, file: str, keep_lower: Collection[str] = ()) -> list[Problem]:
    """Spots where the scrape is known to damage text: lower-cased acronyms and models, lost % signs.

    The scrape lower-cased Latin letters (G20 became g20), while Chinese text writes acronyms and
    model names in upper case (G20, 5G, PPP, GDP, AI, 5G+). So the rule is general, not a list: any
    run of ASCII letters and digits with at least one letter and no upper-case letter, with any `+`
    after it (g20, 5g, 4g, ppp, gdp, app, ai, 5g+), on a line with Chinese text, is a likely flattened
    acronym or model. Each is a warning naming file:line and the spot, with the upper-case form as an
    erratum ready to paste; the editor decides (App, not APP, is also usual in Chinese media).

    Not warned about: runs with an upper-case letter (G20, App, iPhone: the scrape kept them), Latin
    in addresses (http://…, www.…, e-mail, host names such as zjol.com.cn), and the words of a Latin
    phrase (a run joined to another by spaces, `rule of law`). Known false positives: a single pinyin
    or English word (`hao`, `wifi`) and units after numbers (`30cm`, `8.6km`; `5g` may even be 5
    grams). The editor leaves those as they are, and silences them with `keep_lower` (`import
    --keep-lower WORD`): a word is silenced by itself, without its `+`, or, after a number, by its
    letters (`km` silences 8.6km and 30km).
    """
    found = Collector(file)
    keep = set(keep_lower)
    addresses = [m.span() for m in ADDRESS_RE.finditer(raw)]
    # the draft prints a glued heading on a line of its own: an erratum's passage stops there
    heading_ends = {stop for _, stop, _ in _glued_headings(raw)}
    for m in LOWER_RUN_RE.finditer(raw):
        start, stop = m.span()
        line_start = raw.rfind("\n", 0, start) + 1
        line_stop = raw.find("\n", stop)
        line_stop = len(raw) if line_stop < 0 else line_stop
        if raw[start].isdigit() and (decimal := DECIMAL_BEFORE_RE.search(raw, line_start, start)):
            start = decimal.start()
        word = raw[start:stop]
        if (
            keep & {word, word.rstrip("+"), word.lstrip("0123456789.")}
            or not HAN_RE.search(raw, line_start, line_stop)
            or any(a <= start and stop <= b for a, b in addresses)
            or LATIN_BEFORE_RE.search(raw, line_start, start)
            or LATIN_AFTER_RE.match(raw, stop, line_stop)
        ):
            continue
        upper = word.upper()
        before, after = raw[max(line_start, start - CONTEXT) : start], raw[stop : min(line_stop, stop + CONTEXT)]
        passage = _unique_passage(raw, start, stop, heading_ends)
        line = raw.count("\n", 0, start) + 1
        if passage:  # the hint holds the erratum, ready to paste
            found.add(
                "import.lowercase",
                line,
                word=word,
                upper=upper,
                before=before,
                after=after,
                raw=_quoted(passage),
                edition=_quoted(passage.replace(word, upper)),
                note=_quoted(f"恢复大写 {upper} / Restored upper-case {upper}"),
            )
        else:
            found.add("import.lowercase-repeated", line, word=word, upper=upper, before=before, after=after)
    for m in re.finditer(r"(?:率达|达到|增长|下降|占)(\d+(?:\.\d+)?)(?=[.'])", raw):
        found.add("import.lost-percent", raw.count("\n", 0, m.start()) + 1, passage=m.group(0))
    return found.problems


def _unique_passage(raw: str, start: int, stop: int, heading_ends: Collection[int] = ()) -> str:
    """The shortest stretch around raw[start:stop], at least two characters either side where the
    clause has them, that occurs once in the raw text; "" if its whole clause occurs more than once.

    It stays inside its clause (between the scrape's `.` and `'`, spaces and line breaks, and after
    a glued heading), which the draft prints unchanged: so the same stretch upper-cased is in the
    edition, as an erratum requires."""
    lo = start
    while lo > 0 and not _is_break(raw, lo - 1) and lo not in heading_ends:
        lo -= 1
    hi = stop
    while hi < len(raw) and not _is_break(raw, hi) and hi not in heading_ends:
        hi += 1
    width = 2
    while True:
        a, b = max(lo, start - width), min(hi, stop + width)
        if raw.count(raw[a:b]) == 1:
            return raw[a:b]
        if a == lo and b == hi:
            return ""
        width += 1


def _is_break(raw: str, i: int) -> bool:
    """The character at i is punctuation or space the draft may change (a `.` between digits is a
    decimal point, which it keeps)."""
    ch = raw[i]
    if ch == ".":
        return not (0 < i < len(raw) - 1 and raw[i - 1].isdigit() and raw[i + 1].isdigit())
    return ch == "'" or ch.isspace()


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def suggest_slug(name: str) -> str:
    """A slug made from a name (a file's stem): lower case, every run of other characters a hyphen,
    at most SLUG_MAX characters; "" if nothing of it is ASCII."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0] if "-" in slug[:SLUG_MAX] else slug[:SLUG_MAX]
    return slug.strip("-")


def unique_slug(slug: str, taken: Collection[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`…: the first that names neither an article of `taken` nor a page
    of the site's own (a suggestion must never be an existing article's slug)."""
    candidate, n = slug, 1
    while candidate in taken or candidate in RESERVED_SLUGS:
        n += 1
        candidate = f"{slug[: SLUG_MAX - len(str(n)) - 1].rstrip('-')}-{n}"
    return candidate


def title_slug(text: str, taken: Collection[str]) -> str:
    """A slug for a raw article from its title (line 1) read in pinyin, as the site's own was made
    (平安浙江 → pingan-zhejiang): toneless, a hyphen between words, unique against `taken`;
    "article" for a title with nothing to read."""
    from ..text.pinyin import render  # loads the segmenter and pypinyin: only when a slug is derived

    title = text.strip().partition("\n")[0].strip()
    toneless = "".join(
        ch for ch in unicodedata.normalize("NFD", render(title)) if not unicodedata.combining(ch)
    ).replace("'", "")
    return unique_slug(suggest_slug(toneless) or "article", taken)


def slug_problems(slug: str, file: str, taken: Collection[str] = (), derived: str = "") -> list[Problem]:
    """Why `slug` cannot name an article's pages (docs/<slug>/…): reserved, unsafe or too long.
    Every suggestion is free (see unique_slug()); `derived`: the one made from the title (title_slug())."""
    if slug in RESERVED_SLUGS:
        reserved = ", ".join(sorted(RESERVED_SLUGS))
        other = unique_slug(f"{slug}-article", taken)
        return [problem("import.slug-reserved", file, slug=slug, reserved=reserved, other=other)]
    # the slug's shape first, its length after: a long slug of the right shape is told it is long
    if not SLUG_SHAPE.fullmatch(slug):
        if better := suggest_slug(slug):
            return [problem("import.slug-shape", file, slug=slug, other=unique_slug(better, taken))]
        if derived:
            return [problem("import.slug-shape-derived", file, slug=slug, derived=derived)]
        return [problem("import.slug-shape-no-ascii", file, slug=slug)]
    if len(slug) > SLUG_MAX:
        other = unique_slug(suggest_slug(slug), taken)
        return [problem("import.slug-too-long", file, slug=slug, length=len(slug), limit=SLUG_MAX, other=other)]
    return []


# What belongs to an edition besides itself: an import never overwrites any of it.
COMPANIONS = (".md", ".notes.yaml", ".en.md")


def existing_slugs(articles: Path) -> set[str]:
    """The slugs in use under source/articles/: every edition's, and those of notes or a translation
    left behind (a new article of that slug would adopt them)."""
    return {p.name.split(".", 1)[0] for p in articles.glob("*") if p.is_file()} if articles.is_dir() else set()


def edition_in_the_way(out: Path, draft: str, derived: str, root: Path) -> Problem | None:
    """Why the draft cannot be written to `out`, or None. An edition there, or its notes or
    translation, is the editors' work: never overwritten, whatever the options. Only an edition
    that is byte for byte this draft (imported and not edited since) lets the import through, which
    then writes nothing: importing again to see the warnings, or with --keep-lower, loses nothing."""
    stem = out.name.removesuffix(".md")
    there = [out.with_name(stem + suffix) for suffix in COMPANIONS if out.with_name(stem + suffix).exists()]
    if not there or (there == [out] and out.is_file() and out.read_bytes() == draft.encode("utf-8")):
        return None
    try:
        shown = [p.resolve().relative_to(root.resolve()).as_posix() for p in there]
    except ValueError:
        shown = [str(p) for p in there]
    code = "import.slug-taken-by-file" if len(shown) == 1 else "import.slug-taken-by-files"
    return problem(code, shown[0], stem=stem, files=", ".join(shown), derived=derived)


@dataclass(frozen=True)
class RawPlace:
    """Where an imported raw file is kept: under source/raw/, where the edition's `raw:` points."""

    path: Path  # the file under root/source/raw/
    ref: str  # what the edition's `raw:` says: source/raw/<file>, relative, POSIX
    copy: bool  # the file is elsewhere and must be copied to `path` first


def place_raw(raw: Path, root: Path) -> tuple[RawPlace | None, list[Problem]]:
    """A raw file under source/raw/ stays where it is; any other is copied there, under its own name,
    unless a different file of that name is there already (an identical one is the same article).
    The edition names it by a relative path, which holds on every checkout of the project."""
    raw_dir = root / "source" / "raw"
    try:
        inside = raw.resolve().relative_to(raw_dir.resolve())
    except ValueError:
        pass
    else:
        return RawPlace(raw, f"source/raw/{inside.as_posix()}", copy=False), []
    dest = raw_dir / raw.name
    ref = f"source/raw/{raw.name}"
    if dest.exists():
        if dest.is_file() and dest.read_bytes() == raw.read_bytes():
            return RawPlace(dest, ref, copy=False), []
        other = f"{raw.stem}-2{raw.suffix}"
        return None, [problem("import.raw-name-taken", ref, raw=str(raw), ref=ref, name=raw.name, other=other)]
    return RawPlace(dest, ref, copy=True), []


class _IndentedDumper(yaml.SafeDumper):
    """SafeDumper that indents a list under its key (`errata:` then `  - raw: …`), as the docs and
    the fidelity check's offered errata do: an erratum pasted there then lines up with the draft's."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


@dataclass(frozen=True)
class Imported:
    """What an import makes of a raw article: the draft edition ("" when it cannot be made), the form
    it saw in words, and what the editor must know."""

    edition: str
    form: str
    problems: tuple[Problem, ...]


def draft_edition(text: str, file: str, raw_ref: str, keep_lower: Collection[str] = ()) -> tuple[str, list[Problem]]:
    """Return the draft edition text for a raw article, with warnings for the editor (none about
    the lower-case words in `keep_lower`: see suspicious())."""
    imported = import_raw(text, file, raw_ref, keep_lower)
    return imported.edition, list(imported.problems)


def import_raw(text: str, file: str, raw_ref: str, keep_lower: Collection[str] = ()) -> Imported:
    """The draft edition of a raw article, whatever its form (see forms.py): the text as the raw
    has it (its own marks kept, the scrape's restored), one sentence per line; the apparatus in
    the front matter (`subtitle:`, `byline:`, `credits:`; page-jump markers only in the errata),
    each removal from the text recorded as an erratum, so the draft passes the fidelity check."""
    draft, problems = split_raw(text, file)
    if has_errors(problems):
        return Imported("", draft.form, tuple(problems))
    problems += suspicious(text, file, keep_lower)
    kept, notice = script.import_notice(text, file)  # Traditional text keeps its characters
    problems += notice
    errata: list[dict[str, str]] = []
    if draft.removed:
        errata.append(
            {
                "raw": draft.removed,
                "edition": "",
                "note": "标题与导语在正文中重复出现，删去重复的一份。"
                " / The title and lede are repeated verbatim in the body; the repeat is removed.",
            }
        )
    errata += [{"raw": a.text, "edition": "", "note": APPARATUS_NOTES[a.kind]} for a in draft.apparatus]
    front: dict[str, object] = {"title": draft.title, "title_en": ""}
    if subtitle := draft.front("subtitle"):
        front["subtitle"] = " ".join(subtitle)
    front["dateline"] = draft.dateline
    if byline := draft.front("byline"):
        front["byline"] = " ".join(byline)
    if credits := draft.front("credit"):
        front["credits"] = credits
    front["raw"] = raw_ref
    if kept:
        front["script"] = kept
    front["errata"] = errata
    text = yaml.dump(front, Dumper=_IndentedDumper, allow_unicode=True, sort_keys=False, width=1000).strip()
    out = ["---", text, "---", ""]
    n = 0
    for k, section in enumerate(draft.sections):
        body = section.body
        if not section.heading and draft.lede and body.startswith(draft.lede):
            out += [*punctuate(draft.lede), ""]
            body = body[len(draft.lede) :]
        if section.heading:
            n += 1
            out += [f'## {section.heading} {{#s{n} en=""}}', ""]
        paragraphs = body.split("\n") if body else []
        for j, paragraph in enumerate(paragraphs):
            end = k == len(draft.sections) - 1 and j == len(paragraphs) - 1
            if draft.punctuated and not forms.flattened(paragraph):
                out += [*forms.sentences(paragraph), ""]
            else:
                out += [*punctuate(paragraph, closed=not (end and draft.open_end)), ""]
    return Imported("\n".join(out), draft.form, tuple(problems))
