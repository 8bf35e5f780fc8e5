"""An edition's text (front matter + one sentence per line) → Article; and the fidelity check against the raw text."""

from __future__ import annotations

import bisect
import dataclasses
import json
import re
import sys
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from ..core import chars, names
from ..core.model import (
    Article,
    BuildError,
    Erratum,
    Paragraph,
    Problem,
    Section,
    SourceFile,
    without_conjectures,
)
from ..core.problems import Collector, errors, fail, has_errors, problem
from ..text import endings, script, yamlpos
from ..text.sequences import opcodes
from ..text.textio import invisible_problems, mixed_script_problems
from . import cite

HEADING_RE = re.compile(r"^##\s+(?P<title>.+?)\s*\{(?P<attrs>[^{}]*)\}\s*$")
# Ids a section page gives besides its section's: the notes list, and a paragraph's (s1-p3).
PAGE_IDS = re.compile(r"^notes$|^.*-p[0-9]+$")
ATTR_ID_RE = re.compile(r"^#(?P<id>[a-z][a-z0-9-]{0,63})$")
ATTR_EN_RE = re.compile(r'^en="(?P<en>[^"]*)"$')
ATTRS_RE = re.compile(r'#[^\s"]+|en="[^"]*"|\S+')
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")  # a file name, and part of page names
FRONT_KEYS = {
    "title": str,
    "title_en": str,
    "subtitle": str,
    "dateline": str,
    "byline": str,
    "credits": list,
    "raw": str,
    "script": str,
    "errata": list,
    "source": dict,
}
REQUIRED = ("title", "raw")
# The scrape's flattened marks left in a sentence: a `.` (，。、；： flattened) that is not between two
# ASCII letters or digits (a decimal point, an address: 1.6万, zjol.com.cn), or a `'` (“” flattened)
# beside a Han character (an English word's apostrophe is not). CI's content check applies the same rule.
FLATTENED_MARK_RE = re.compile(rf"(?<![A-Za-z0-9])\.|\.(?![A-Za-z0-9])|(?<=[{chars.HAN}])'|'(?=[{chars.HAN}])")
ERRATUM_KEYS = {"raw": str, "edition": str, "note": str}
# What counts as wording: letters and digits of every script (Han, Latin, and their full-width and
# compatibility forms: 13０年 is not 13年), radicals, combining marks and % (a lost % is an erratum);
# punctuation, spaces, symbols and invisible characters do not (Python's \w: the underscore counts).
WORDING = r"\w" + chars.WORDING_EXTRA  # a character class's contents
WORDING_RE = re.compile(f"[{WORDING}]")
NOT_WORDING_RE = re.compile(f"[^{WORDING}]+")
# A number reads differently when punctuation appears inside it or vanishes from it (2.8000 is not
# 28000, 1、3年 is not 13年) or a sign comes beside it (到−2以内, 2＋以内), though wording() ignores
# punctuation: a run of other characters (spaces aside) between two digits, or a sign of
# chars.SIGNS beside a digit, is compared apart (number_marks(), in check_fidelity).
_SIGNS = "".join(map(re.escape, chars.SIGNS))
NUMBER_RE = re.compile(
    rf"(?P<run>(?<=\d)(?:(?!\s)[^{WORDING}])+(?=\d))|(?<=\d)(?P<after>[{_SIGNS}])|(?P<before>[{_SIGNS}])(?=\d)"
)
INTRO_TITLE, INTRO_EN = "导语", "Introduction"
# One sentence per line: a longer line is a paste gone wrong, and would make one enormous paragraph.
MAX_LINE = 2000
# Longest front-matter values and headings, in characters: a title is shown in every page's
# navigation, and a longer one is a paste gone wrong. An erratum's passages are sentences.
MAX_LENGTH = {
    "title": 200,
    "title_en": 300,
    "subtitle": 200,
    "dateline": 100,
    "byline": 200,
    "credits": 300,
    "heading": 200,
    "en": 300,
    "raw": 200,
}
MAX_ERRATUM = {"raw": MAX_LINE, "edition": MAX_LINE, "note": 1000}
RAW_DIR = names.RAW_DIR
MAX_LOOKALIKES = 20  # listed by the fidelity check; the drift they cause is reported anyway


def wording(text: str) -> str:
    """The characters of `text` that WORDING_RE matches, in order (what lies between them removed in
    runs: several times faster than joining the matches, for text that is mostly wording)."""
    return NOT_WORDING_RE.sub("", text)


def number_marks(text: str) -> dict[int, tuple[str, int]]:
    """What `text` holds in or beside its numbers besides digits (NUMBER_RE), by the gap of wording()
    it stands in (k: between its characters k-1 and k): a mark (`.` for any run between digits, the
    sign itself beside one) and the position in `text` where it starts."""
    found: dict[int, tuple[str, int]] = {}
    count, last = 0, 0
    for m in NUMBER_RE.finditer(text):
        count += len(wording(text[last : m.start()]))
        last = m.start()
        mark = m.group("after") or m.group("before") or "."
        before = found.get(count)
        found[count] = (before[0] + mark, before[1]) if before else (mark, m.start())
    return found


def _front(text: str) -> tuple[list[str], int] | None:
    """The edition's lines and the index of the line closing its front matter; None without one."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    return None if end is None else (lines, end)


def raw_key(value: str) -> str:
    """A `raw:` value as the path it names (Sources.raws' key): `source/raw/./a.txt` is `source/raw/a.txt`."""
    return PurePosixPath(value).as_posix()


def named_raw(text: str) -> str | None:
    """The raw file an edition's front matter names (`raw:`), where it is a path under source/raw/
    that may be read, as raw_key() gives it; None otherwise (parse_edition says what is wrong)."""
    found = _front(text)
    if found is None:
        return None
    lines, end = found
    try:
        front, _ = yamlpos.load("\n".join(lines[1:end]), "", first_line=2)
    except BuildError:
        return None
    value = front.get("raw") if isinstance(front, dict) else None
    return raw_key(value) if isinstance(value, str) and value and not _raw_path_code(value) else None


def parse_edition(edition: SourceFile, raws: Mapping[str, SourceFile]) -> tuple[Article, list[Problem]]:
    """One edition's text → Article. `raws`: the raw files editions name (Sources.raws), by `raw:`
    value. Raises BuildError when the edition cannot be understood at all."""
    name = edition.name
    problems = list(edition.problems)
    if edition.text is None:
        raise BuildError(problems)
    text = edition.text
    problems += invisible_problems(text, name) + mixed_script_problems(text, name)
    if has_errors(problems):
        raise BuildError(problems)  # what follows would show or compare characters nobody sees
    slug = edition.path.stem
    if not SLUG_RE.match(slug):
        problems.append(problem("edition.bad-slug", name, slug=slug[:80]))
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        fail("edition.no-front-matter", name, 1)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        fail("edition.front-not-closed", name, 1)
    front, marks = yamlpos.load("\n".join(lines[1:end]), name, first_line=2)
    if not isinstance(front, dict):
        fail("edition.front-not-mapping", name, 2)
    problems += _check_front(front, marks, name)
    problems += _check_raw(front.get("raw"), marks.get("raw", 2), name, raws)
    source_info, found = cite.read_source(front.get("source"), marks, name)
    problems += found + cite.citable(front, marks, name)
    if has_errors(problems):
        raise BuildError(problems)
    errata = tuple(
        Erratum(e["raw"], e.get("edition", ""), e.get("note", ""), marks[f"errata[{i}]"])
        for i, e in enumerate(front.get("errata") or [])
    )
    sections, body_problems = _parse_body(lines, end + 1, name)
    problems += body_problems
    declared = front.get("script") or script.DEFAULT
    problems += script_problems(lines, end + 1, declared, marks.get("script"), name)
    if not front.get("title_en"):
        problems.append(problem("edition.no-english-title", name, marks.get("title", 2)))
    if has_errors(problems):
        raise BuildError(problems)
    article = Article(
        slug=slug,
        path=edition.path,
        title=front["title"].strip(),
        title_en=front.get("title_en", "").strip(),
        dateline=front.get("dateline", "").strip(),
        subtitle=(front.get("subtitle") or "").strip(),
        byline=(front.get("byline") or "").strip(),
        credits=tuple(c.strip() for c in front.get("credits") or ()),
        raw_path=raws[raw_key(front["raw"])].path,
        errata=errata,
        sections=tuple(sections),
        source_info=source_info,
        script=declared if declared in script.SCRIPTS else script.DEFAULT,
    )
    return article, problems


def script_problems(lines: list[str], start: int, declared: str, line: int | None, name: str) -> list[Problem]:
    """`script:` (at `line`, None when the front matter has none) must be hans or hant; a warning, at
    the first line that shows it, when the text (from line index `start`) is in another script."""
    if declared not in script.SCRIPTS:
        return [problem("edition.unknown-script", name, line, script=_clip(repr(declared), 40))]
    body = "\n".join(lines[start:])
    seen = script.detect(body)
    if seen.script == declared or not seen.traditional + seen.simplified:
        return []  # agreed, or no character of one script only: nothing tells
    at = script.foreign(body, declared)
    where = start + 1 + body.count("\n", 0, at) if at is not None else line
    column = at - body.rfind("\n", 0, at) if at is not None else None
    if declared == script.HANT:
        code = "edition.script-not-hant"  # declared, so on a line of its own
    else:
        code = "edition.script-not-hans" if line else "edition.script-undeclared"
    return [
        problem(
            code,
            name,
            where,
            column=column,
            seen=seen.name,
            traditional=seen.traditional,
            simplified=seen.simplified,
            declared=declared,
        )
    ]


def _check_front(front: dict[str, Any], marks: dict[str, int], name: str) -> list[Problem]:
    found = Collector(name)
    for key in front:
        if key not in FRONT_KEYS:
            found.add("edition.unknown-key", marks.get(str(key)), key=key, allowed=", ".join(FRONT_KEYS))
    for key in REQUIRED:
        if not front.get(key):
            found.add("edition.missing-key", 2, key=key)
    for key, typ in FRONT_KEYS.items():
        if key in front and front[key] is not None and not isinstance(front[key], typ):
            found.add("edition.wrong-type", marks.get(key), key=key, type=typ.__name__, got=_clip(repr(front[key]), 60))
    for key in ("title", "title_en", "subtitle", "dateline", "byline"):
        if isinstance(value := front.get(key), str) and len(value) > MAX_LENGTH[key]:
            found.add("edition.too-long", marks.get(key), key=key, length=len(value), limit=MAX_LENGTH[key])
    for i, credit in enumerate(front.get("credits") or [] if isinstance(front.get("credits"), list) else []):
        where = f"credits[{i}]"
        line = marks.get(where, marks.get("credits"))
        if not isinstance(credit, str) or not credit.strip():
            found.add("edition.credit-not-text", line, key=where, got=_clip(repr(credit), 60))
        elif len(credit) > MAX_LENGTH["credits"]:
            found.add("edition.too-long", line, key=where, length=len(credit), limit=MAX_LENGTH["credits"])
    for i, e in enumerate(front.get("errata") or [] if isinstance(front.get("errata"), list) else []):
        where = f"errata[{i}]"
        if not isinstance(e, dict):
            found.add("edition.erratum-not-mapping", marks.get(where), key=where)
            continue
        for k, v in e.items():
            if k not in ERRATUM_KEYS:
                found.add("edition.erratum-unknown-key", marks.get(f"{where}.{k}"), key=k, path=f"{where}.{k}")
            elif not isinstance(v, str):
                found.add(
                    "edition.erratum-not-text", marks.get(f"{where}.{k}"), key=f"{where}.{k}", got=_clip(repr(v), 60)
                )
            elif len(v) > MAX_ERRATUM[k]:
                found.add(
                    "edition.too-long",
                    marks.get(f"{where}.{k}"),
                    key=f"{where}.{k}",
                    length=len(v),
                    limit=MAX_ERRATUM[k],
                )
        if not e.get("raw"):
            found.add("edition.erratum-no-raw", marks.get(where), key=where)
        if not e.get("note"):
            found.add("edition.erratum-no-note", marks.get(where), key=where)
        elif str(e["note"]).startswith(NOTE_PLACEHOLDER):
            line = marks.get(f"{where}.note", marks.get(where))
            found.add("edition.erratum-placeholder", line, key=f"{where}.note", placeholder=NOTE_PLACEHOLDER)
    return found.problems


def _raw_path_code(value: str) -> str:
    """What is wrong with `raw:`'s value as a path (absolute, `..`, not under source/raw/): the
    code of the problem, or "" where nothing is."""
    parts = value.split("/")
    if len(value) > MAX_LENGTH["raw"]:
        return "edition.raw-too-long"
    if value.startswith(("/", "~")) or "\\" in value or re.match(r"^[A-Za-z]:", value):
        return "edition.raw-absolute"
    if ".." in parts:
        return "edition.raw-dots"
    if parts[:2] != RAW_DIR.split("/") or len(parts) < 3 or "" in parts[2:]:
        return "edition.raw-not-under"
    return ""


def _check_raw(value: object, line: int, name: str, raws: Mapping[str, SourceFile]) -> list[Problem]:
    """`raw:` names a file under source/raw/, by a relative path that stays there: the build reads
    it and quotes it in its messages, so it must never reach a file outside the project."""
    if not isinstance(value, str) or not value:
        return []  # missing, or not text: _check_front says so
    code = _raw_path_code(value)
    if not code and (raw_key(value) not in raws or raws[raw_key(value)].outside):
        code = "edition.raw-outside"
    if not code:
        return []
    shown = value if len(value) <= 80 and not any(c.isspace() for c in value.strip()) else _clip(value, 60)
    return [problem(code, name, line, shown=shown, length=len(value), raw_dir=RAW_DIR)]


def _parse_body(lines: list[str], start: int, name: str) -> tuple[list[Section], list[Problem]]:
    found = Collector(name)
    sections: list[Section] = []
    seen: dict[str, int] = {}
    # (id, title, en, line, original) of the section being read, and its paragraphs so far
    current: tuple[str, str, str, int, bool] = ("intro", INTRO_TITLE, INTRO_EN, start + 1, False)
    paragraphs: list[Paragraph] = []
    sentences: list[str] = []
    para_line = 0

    def close_paragraph() -> None:
        nonlocal sentences
        if sentences:
            paragraphs.append(Paragraph(f"{current[0]}-p{len(paragraphs) + 1}", tuple(sentences), para_line))
            sentences = []

    def close_section() -> None:
        close_paragraph()
        sid, title, en, line, original = current
        if paragraphs or original:
            sections.append(Section(sid, title, en, tuple(paragraphs), line, original))

    for i in range(start, len(lines)):
        lineno = i + 1
        line = lines[i].strip()
        if not line:
            close_paragraph()
            continue
        if re.match(r"#{1,6}\s", line):  # a heading; `#话题#` opening a sentence is text
            m = HEADING_RE.match(line)
            if not m:
                found.add("edition.bad-heading", lineno, heading=line[:60])
                continue
            sid, en, bad = "", "", []
            for attr in ATTRS_RE.findall(m.group("attrs")):
                if (a := ATTR_ID_RE.match(attr)) is not None:
                    sid = a.group("id")
                elif (b := ATTR_EN_RE.match(attr)) is not None:
                    en = b.group("en")
                else:
                    bad.append(attr)
            if bad or not sid:
                found.add("edition.bad-heading-attributes", lineno, attrs=m.group("attrs"))
                continue
            title = m.group("title").strip()
            for key, value in (("heading", title), ("en", en)):
                if len(value) > MAX_LENGTH[key]:
                    found.add("edition.too-long", lineno, key=key, length=len(value), limit=MAX_LENGTH[key])
            close_section()
            if (taken := PAGE_IDS.match(sid)) and taken[0] == "notes":
                found.add("edition.section-id-notes", lineno, id=sid)
            elif taken:
                found.add("edition.section-id-paragraph", lineno, id=sid)
            if sid in seen or sid == "intro":
                found.add("edition.section-id-twice", lineno, id=sid, first=seen.get(sid, start))
            seen[sid] = lineno
            if not en:
                found.add("edition.no-english-heading", lineno)
            current = (sid, title, en, lineno, True)
            paragraphs = []
            continue
        if len(line) > MAX_LINE:
            found.add("edition.line-too-long", lineno, length=len(line), limit=MAX_LINE)
            continue
        if (column := _unclosed_conjecture(line)) is not None:
            found.add("edition.unclosed-conjecture", lineno, column=column)
        if flat := FLATTENED_MARK_RE.search(line):
            indent = len(lines[i]) - len(lines[i].lstrip())
            shown = line[max(0, flat.start() - 8) : flat.end() + 8]
            found.add("edition.flattened-mark", lineno, column=indent + flat.start() + 1, mark=flat[0], near=shown)
        if not sentences:
            para_line = lineno
        sentences.append(line)
    close_section()
    if not any(p.sentences for s in sections for p in s.paragraphs):
        found.add("edition.no-text", start + 1)
    return sections, found.problems


def check_fidelity(article: Article, source: SourceFile, raw: SourceFile) -> list[Problem]:
    """The edition's wording must equal the raw article's wording with the recorded errata applied.
    `source`: the edition the article was parsed from; `raw`: the raw file its `raw:` names."""
    name, raw_name = source.name, raw.name
    as_parsed = article
    # an editor's conjecture (〔…〕) is not the raw's wording: compared as if it were not there
    article = dataclasses.replace(
        article,
        sections=tuple(
            dataclasses.replace(
                sec,
                paragraphs=tuple(
                    dataclasses.replace(p, sentences=tuple(without_conjectures(s) for s in p.sentences))
                    for p in sec.paragraphs
                ),
            )
            for sec in article.sections
        ),
    )
    if raw.missing:
        return [problem("fidelity.raw-missing", name, 2, raw=raw_name)]
    if raw.text is None:  # not text, too large: said once, with the edition that names it
        return list(raw.problems)
    raw_text = raw.text
    problems = errors(raw.problems)
    # the raw file is provenance, never edited: its invisible characters are reported, not refused;
    # wording() ignores them, and the edition cannot carry them (parse_edition refuses them there)
    warnings = invisible_problems(raw_text, raw_name, raw=True)
    body_joined = "".join(s for sec in article.sections for p in sec.paragraphs for s in p.sentences)
    text, _, found = _apply_errata(raw_text, article, name, raw_name, body_joined, track=False)
    problems += found
    if problems:
        return problems
    problems += warnings + open_sentences(as_parsed, (source.text or "").split("\n"), text, name)
    edition = wording(article.title) + wording(article.dateline)
    edition += "".join(
        (wording(sec.title) if sec.original_heading else "") + wording("".join(p.text for p in sec.paragraphs))
        for sec in article.sections
    )
    if edition == wording(text):  # the common case; where each character came from is only worked out for a drift
        return problems + _number_drift(article, text, name, raw_name)
    problems += lookalikes(article, source.text or "", raw_text, name)
    text, origin, _ = _apply_errata(raw_text, article, name, raw_name, body_joined, track=True)
    # each wording character with where it is: in `text` (the raw article with the errata applied)
    # and, for the edition, in one of its segments (title, dateline, heading, a section's body)
    raw_chars = _wording_at(text)
    segments: list[str] = [article.title, article.dateline]
    ed_chars: list[tuple[str, int, int, int]] = []  # character, edition line, segment, position
    ed_chars += [(ch, 2, 0, i) for ch, i in _wording_at(article.title)]
    ed_chars += [(ch, 2, 1, i) for ch, i in _wording_at(article.dateline)]
    in_body: set[int] = set()
    for sec in article.sections:
        if sec.original_heading:
            segments.append(sec.title)
            ed_chars += [(ch, sec.line, len(segments) - 1, i) for ch, i in _wording_at(sec.title)]
        # a section's sentences joined, as body_joined has them: an erratum's `edition` is looked up there
        segments.append("")
        in_body.add(len(segments) - 1)
        for p in sec.paragraphs:
            for k, sentence in enumerate(p.sentences):
                base = len(segments[-1])
                ed_chars += [(ch, p.line + k, len(segments) - 1, base + i) for ch, i in _wording_at(sentence)]
                segments[-1] += sentence
    a = "".join(c[0] for c in ed_chars)
    b = "".join(c for c, _ in raw_chars)
    if a == b:
        return problems
    # difflib's matcher is quadratic on repetitive text (8,000 repeated sentences: 44 s); this grows
    # with the difference
    ops = opcodes(a, b)
    indent = _errata_indent(article, source.text or "")
    changes = [n for n, op in enumerate(ops) if op[0] != "equal"][:5]
    for n in changes:
        tag, i1, i2, j1, j2 = ops[n]
        line: int | None = ed_chars[min(i1, len(ed_chars) - 1)][1] if ed_chars else None
        if raw_chars:
            o = origin[raw_chars[min(j1, len(raw_chars) - 1)][1]]
            where = f"{raw_name}:{o}" if o > 0 else f"{name}:{-o} (erratum)"
        else:
            where = raw_name
        what = {"replace": "changed", "delete": "added in the edition", "insert": "missing from the edition"}[tag]
        # the context shown and the erratum offered stay within the unchanged runs beside the change
        left = ops[n - 1][2] - ops[n - 1][1] if n > 0 else 0
        right = ops[n + 1][2] - ops[n + 1][1] if n + 1 < len(ops) else 0
        seg = _segment_of(ed_chars, i1, i2, in_body)
        shown_ed = _excerpt(segments, ed_chars, seg, i1, i2, min(left, CONTEXT), min(right, CONTEXT))
        shown_raw = _excerpt_raw(text, raw_chars, j1, j2, min(left, CONTEXT), min(right, CONTEXT))
        erratum = _erratum(
            raw_text, text, segments, ed_chars, raw_chars, seg, in_body, (i1, i2, j1, j2), left, right, indent
        )
        ed_shown = f"{shown_ed[0]}[{shown_ed[1]}]{shown_ed[2]}"
        raw_shown = f"{shown_raw[0]}[{shown_raw[1]}]{shown_raw[2]}"
        if erratum:
            # an article with no errata yet (`errata: []` as the importer drafts it): an item pasted under
            # that line is not YAML; the offer is the whole key, to put in its place
            first = not article.errata
            problems.append(
                problem(
                    "fidelity.drift-first-erratum" if first else "fidelity.drift-erratum",
                    name,
                    line,
                    change=what,
                    edition=ed_shown,
                    raw=raw_shown,
                    where=where,
                    erratum=f"{' ' * (indent - 2)}errata:\n{erratum}" if first else erratum,
                )
            )
        else:
            problems.append(
                problem("fidelity.drift", name, line, change=what, edition=ed_shown, raw=raw_shown, where=where)
            )
    return problems


def open_sentences(article: Article, lines: list[str], text: str, name: str) -> list[Problem]:
    """Each line of the edition's text ends its sentence (endings.ends_sentence: 。！？ and any closing
    quote), a warning at the line's last character where it does not. `lines`: the edition file's
    lines; `text`: the raw article with the errata applied; `name`: the edition's. The article's last
    sentence may stay open where `text` itself stops mid-sentence (cut off where it was received, as
    the importer's `import.cut-off` says: the draft adds no mark), its last character a word's. CI's
    content check calls this function, so `make check` and CI agree."""
    found = Collector(name)
    placed = [(p.line + k, s) for sec in article.sections for p in sec.paragraphs for k, s in enumerate(p.sentences)]
    if not placed:
        return []
    last_line, last = placed[-1]
    cut_off = (
        not endings.closed(text, endings.punctuated(text))
        and wording(last[-1]) != ""
        and wording(text).endswith(wording(without_conjectures(last)))
    )
    for lineno, sentence in placed:
        if endings.ends_sentence(sentence) or (cut_off and lineno == last_line):
            continue
        at = lines[lineno - 1] if 0 < lineno <= len(lines) else sentence
        column = len(at) - len(at.lstrip()) + len(sentence)
        found.add("edition.open-sentence", lineno, column=column, end=sentence[-12:])
    return found.problems


def lookalikes(article: Article, text: str, raw_text: str, name: str) -> list[Problem]:
    """Characters of the edition drawn like other, usual ones (full-width ０ for 0, the radical ⽆ for 无,
    compatibility ideographs), found neither in the raw article nor in an erratum: each at its line
    and column, named, with what it looks like. The drift they cause is reported as well; this says
    why a passage that reads the same does not match."""
    allowed = set(raw_text).union(*(e.edition for e in article.errata))
    radical = re.compile(f"[{chars.RADICALS}]")
    problems: list[Problem] = []
    for lineno, line in enumerate(text.split("\n"), 1):
        for col, ch in enumerate(line, 1):
            if ch.isascii() or ch in allowed or not WORDING_RE.match(ch):
                continue
            like = chars.lookalike(ch)
            if like is None and not radical.match(ch):
                continue
            if like:
                problems.append(
                    problem("fidelity.look-alike", name, lineno, column=col, char=chars.describe(ch), like=like)
                )
            else:
                problems.append(problem("fidelity.radical", name, lineno, column=col, char=chars.describe(ch)))
    return problems[:MAX_LOOKALIKES]


def _apply_errata(
    raw_text: str, article: Article, name: str, raw_name: str, body_joined: str, *, track: bool
) -> tuple[str, list[int], list[Problem]]:
    """Apply the errata in order to the raw text. With `track`, each character remembers where it came
    from: a raw line (positive) or the front-matter line of the erratum that put it there (negative)."""
    problems: list[Problem] = []
    text = raw_text
    origin: list[int] = []
    if track:
        newlines = [i for i, ch in enumerate(raw_text) if ch == "\n"]
        origin = [bisect.bisect_left(newlines, i) + 1 for i in range(len(raw_text))]
    for e in article.errata:
        count = text.count(e.raw)
        if count != 1:
            passage = _clip(e.raw)
            if e is article.errata[0]:
                problems.append(
                    problem("fidelity.erratum-raw", name, e.line, passage=passage, count=count, raw=raw_name)
                )
            else:
                problems.append(
                    problem("fidelity.erratum-raw-applied", name, e.line, passage=passage, count=count, raw=raw_name)
                )
            continue
        if e.edition and e.edition not in body_joined:
            problems.append(problem("fidelity.erratum-edition", name, e.line, passage=_clip(e.edition)))
        start = text.index(e.raw)
        stop = start + len(e.raw)
        text = text[:start] + e.edition + text[stop:]
        if track:
            origin = origin[:start] + [-e.line] * len(e.edition) + origin[stop:]
    return text, origin, problems


# Wording characters of context shown on each side of a drift.
CONTEXT = 12
# Wording characters an offered erratum keeps on each side of the change, at least (more if needed to be unique)...
MIN_CONTEXT = 4
# ...or as many as reach the end of the clause, when it ends within this many.
CLAUSE = 16
# The note of an erratum the fidelity error offers; the build refuses it until the editor says why.
NOTE_PLACEHOLDER = "TODO: why"


def _unclosed_conjecture(line: str) -> int | None:
    """The 1-based column of a 〔 or 〕 that opens no conjecture or closes none, or None."""
    depth, opened = 0, 0
    for i, ch in enumerate(line):
        if ch == "〔":
            if depth:
                return i + 1
            depth, opened = 1, i
        elif ch == "〕":
            if not depth:
                return i + 1
            depth = 0
    return opened + 1 if depth else None


def _wording_at(s: str) -> list[tuple[str, int]]:
    """Each wording character of `s` with its position in `s` (what wording() keeps, character by character)."""
    return [(m.group(0), m.start()) for m in WORDING_RE.finditer(s)]


def _segment_of(ed_chars: list[tuple[str, int, int, int]], i: int, j: int, in_body: set[int]) -> int:
    """The edition segment a change of the wording characters [i:j] is in; for an insertion, the one
    before it, or the one after it where only that one is a section's body."""
    if i < j:
        return ed_chars[i][2]
    before = ed_chars[i - 1][2] if i > 0 else -1
    after = ed_chars[i][2] if i < len(ed_chars) else -1
    return after if before not in in_body and after in in_body else before


def _cut(s: str, pos: list[int], i: int, j: int, k: int, r: int) -> tuple[str, str, str]:
    """`s` around the wording characters [i:j] (at `pos` in `s`), with k before and r after: before,
    change and after, as they are in `s` (punctuation included)."""
    if i < j:
        start, stop = pos[i], pos[j - 1] + 1
    else:
        start = stop = pos[i - 1] + 1 if i > 0 else (pos[i] if i < len(pos) else 0)
    begin = pos[i - k] if k else start
    end = pos[j + r - 1] + 1 if r else stop
    return s[begin:start], s[start:stop], s[stop:end]


def _excerpt(
    segments: list[str], ed_chars: list[tuple[str, int, int, int]], seg: int, i: int, j: int, k: int, r: int
) -> tuple[str, str, str]:
    """The edition around its wording characters [i:j], at most k before and r after, within segment `seg`."""
    if seg < 0:
        return "", "", ""
    while k and ed_chars[i - k][2] != seg:
        k -= 1
    while r and ed_chars[j + r - 1][2] != seg:
        r -= 1
    lo = i - k
    pos = [c[3] for c in ed_chars[lo : j + r]]
    return _cut(segments[seg], pos, i - lo, j - lo, k, r)


def _excerpt_raw(text: str, raw_chars: list[tuple[str, int]], i: int, j: int, k: int, r: int) -> tuple[str, str, str]:
    return _cut(text, [p for _, p in raw_chars], i, j, k, r)


def _erratum(
    raw_file: str,
    text: str,
    segments: list[str],
    ed_chars: list[tuple[str, int, int, int]],
    raw_chars: list[tuple[str, int]],
    seg: int,
    in_body: set[int],
    change: tuple[int, int, int, int],
    left: int,
    right: int,
    indent: int,
) -> str:
    """An erratum in YAML that records one change: `raw` the passage as `text` (the raw file with the
    errata applied) has it, with its punctuation, long enough to occur once there and in `raw_file`,
    `edition` the same passage as the edition prints it.
    Empty where none can be written (the change is not in the body, or no passage is unique)."""
    i1, i2, j1, j2 = change
    if seg not in in_body or any(ed_chars[x][2] != seg for x in range(i1, i2)):
        return ""

    def can_left(k: int) -> bool:
        return k < left and i1 - k > 0 and ed_chars[i1 - k - 1][2] == seg

    def can_right(r: int) -> bool:
        return r < right and i2 + r < len(ed_chars) and ed_chars[i2 + r][2] == seg

    def gap(x: int) -> bool:
        """Whether a clause ends before the raw text's wording character x (a decimal point ends none)."""
        if x <= 0 or x >= len(raw_chars):
            return True
        between = text[raw_chars[x - 1][1] + 1 : raw_chars[x][1]]
        return bool(between) and not (between == "." and raw_chars[x - 1][0].isdigit() and raw_chars[x][0].isdigit())

    # a few characters either side, and on to the clause's ends when they are near: the editor
    # recognises the passage
    fallback = ""
    k = r = 0
    while k < MIN_CONTEXT and can_left(k):
        k += 1
    while r < MIN_CONTEXT and can_right(r):
        r += 1
    while not gap(j1 - k) and can_left(k) and k < CLAUSE:
        k += 1
    if not gap(j1 - k) and can_left(k):
        k = MIN_CONTEXT
    while not gap(j2 + r) and can_right(r) and r < CLAUSE:
        r += 1
    if not gap(j2 + r) and can_right(r):
        r = MIN_CONTEXT
    while True:
        if j2 + r > j1 - k:
            raw = "".join(_excerpt_raw(text, raw_chars, j1, j2, k, r))
            # unique where the build looks for it (the text with the errata above applied) and, so
            # that the editor finds it there too, in the raw file; a passage the raw file does not
            # hold contains what an erratum above wrote, and only `text` can be asked
            if text.count(raw) == 1:
                edition = "".join(_excerpt(segments, ed_chars, seg, i1, i2, k, r))
                dash = " " * indent
                offer = "\n".join(
                    [
                        f"{dash}- raw: {_yaml_str(raw)}",
                        f"{dash}  edition: {_yaml_str(edition)}",
                        f"{dash}  note: {_yaml_str(NOTE_PLACEHOLDER)}",
                    ]
                )
                if raw_file.count(raw) <= 1:
                    return offer
                fallback = fallback or offer
        if can_left(k) and (k <= r or not can_right(r)):
            k += 1
        elif can_right(r):
            r += 1
        else:
            return fallback


def _errata_indent(article: Article, text: str) -> int:
    """How far the front matter indents its errata's `-`, so that an offered erratum pastes in as it is."""
    if not article.errata:
        return 2
    lines = text.split("\n")
    line = lines[article.errata[-1].line - 1] if article.errata[-1].line <= len(lines) else ""
    dash = len(line) - len(line.lstrip(" "))
    return dash if line[dash : dash + 2] == "- " else 2


def _yaml_str(s: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(s, ensure_ascii=False)


def _clip(s: str, n: int = 30) -> str:
    return s if len(s) <= n else s[:n] + "…"


def _number_drift(article: Article, text: str, name: str, raw_name: str) -> list[Problem]:
    """Numbers that read differently in the edition and in `text` (the raw article with the errata
    applied), whose wording is the same: compared gap by gap (number_marks()).

    Only the gaps inside one part of the edition count: its title, dateline, a heading, a section's
    text (paragraphs joined). Between two parts the edition keeps no punctuation, where the raw file
    may have some (a dateline ending in a number, glued to a text that starts with one).
    """
    raw = number_marks(text)
    edition: dict[int, tuple[str, int, str, int]] = {}  # gap -> mark, line, part's text, position
    inside: set[int] = set()
    base = 0
    parts: list[tuple[str, list[tuple[int, int]]]] = [(article.title, [(0, 2)]), (article.dateline, [(0, 2)])]
    for sec in article.sections:
        if sec.original_heading:
            parts.append((sec.title, [(0, sec.line)]))
        starts: list[tuple[int, int]] = []
        body = ""
        for p in sec.paragraphs:
            for k, sentence in enumerate(p.sentences):
                starts.append((len(body), p.line + k))
                body += sentence
        parts.append((body, starts))
    for part, starts in parts:
        count = len(wording(part))
        inside.update(range(base + 1, base + count))
        for gap, (mark, pos) in number_marks(part).items():
            line = _line_at(starts, pos)
            edition[base + gap] = (mark, line, part, pos)
        base += count
    drifts = sorted(g for g in inside if (edition[g][0] if g in edition else "") != (raw[g][0] if g in raw else ""))
    if not drifts:
        return []
    at = _wording_at(text)
    problems = []
    for gap in drifts[:5]:
        pos = raw[gap][1] if gap in raw else at[gap][1]
        raw_line = text.count("\n", 0, pos) + 1
        if gap in edition:
            _, line, part, where = edition[gap]
            shown = part[max(0, where - CONTEXT) : where + CONTEXT]
        else:  # nothing there in the edition: the part and place of the wording character after the gap
            line, part, where = _place(parts, gap)
            shown = part[max(0, where - CONTEXT) : where + CONTEXT]
        raw_shown = text[max(0, pos - CONTEXT) : pos + CONTEXT]
        problems.append(
            problem("fidelity.number", name, line, edition=shown, raw=raw_shown, where=f"{raw_name}:{raw_line}")
        )
    return problems


def _place(parts: list[tuple[str, list[tuple[int, int]]]], gap: int) -> tuple[int, str, int]:
    """The line, the part's text and the position in it of the edition's wording character `gap`."""
    for part, starts in parts:
        found = _wording_at(part)
        if gap < len(found):
            pos = found[gap][1]
            return _line_at(starts, pos), part, pos
        gap -= len(found)
    return 2, "", 0


def _line_at(starts: list[tuple[int, int]], pos: int) -> int:
    """The edition line of position `pos` in a part whose sentences start at `starts` (offset, line)."""
    return starts[bisect.bisect_right(starts, (pos, sys.maxsize)) - 1][1]
