"""Edition file (front matter + one sentence per line) → Article; and the fidelity check against the raw text."""

from __future__ import annotations

import bisect
import difflib
import re
from pathlib import Path
from typing import Any

from . import chars, yamlpos
from .model import Article, BuildError, Erratum, Paragraph, Problem, Section, Severity
from .textio import invisible_problems, outside, read_text

HEADING_RE = re.compile(r"^##\s+(?P<title>.+?)\s*\{(?P<attrs>[^{}]*)\}\s*$")
ATTR_ID_RE = re.compile(r"^#(?P<id>[a-z][a-z0-9-]{0,63})$")
ATTR_EN_RE = re.compile(r'^en="(?P<en>[^"]*)"$')
ATTRS_RE = re.compile(r'#[^\s"]+|en="[^"]*"|\S+')
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")  # a file name, and part of page names
FRONT_KEYS = {"title": str, "title_en": str, "dateline": str, "raw": str, "errata": list}
REQUIRED = ("title", "raw")
ERRATUM_KEYS = {"raw": str, "edition": str, "note": str}
# What counts as wording: letters and digits of every script (Han, Latin, and their full-width and
# compatibility forms: 13０年 is not 13年), radicals, combining marks and % (a lost % is an erratum);
# punctuation, spaces, symbols and invisible characters do not (Python's \w: the underscore counts).
WORDING = r"\w" + chars.WORDING_EXTRA  # a character class's contents
WORDING_RE = re.compile(f"[{WORDING}]")
NOT_WORDING_RE = re.compile(f"[^{WORDING}]+")
INTRO_TITLE, INTRO_EN = "导语", "Introduction"
# One sentence per line: a longer line is a paste gone wrong, and would make one enormous paragraph.
MAX_LINE = 2000
# Longest front-matter values and headings, in characters: a title is shown in every page's
# navigation, and a longer one is a paste gone wrong. An erratum's passages are sentences.
MAX_LENGTH = {"title": 200, "title_en": 300, "dateline": 100, "heading": 200, "en": 300, "raw": 200}
MAX_ERRATUM = {"raw": MAX_LINE, "edition": MAX_LINE, "note": 1000}
RAW_DIR = "source/raw"
MAX_LOOKALIKES = 20  # listed by the fidelity check; the drift they cause is reported anyway


def wording(text: str) -> str:
    """The characters of `text` that WORDING_RE matches, in order (what lies between them removed in
    runs: several times faster than joining the matches, for text that is mostly wording)."""
    return NOT_WORDING_RE.sub("", text)


def parse_edition(path: Path, root: Path) -> tuple[Article, list[Problem]]:
    """Read one edition file. Raises BuildError when it cannot be understood at all."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    text, problems = read_text(path, display=name)
    problems += outside(path, root, name)
    problems += invisible_problems(text, name)
    if any(p.severity is Severity.ERROR for p in problems):
        raise BuildError(problems)  # what follows would show or compare characters nobody sees
    slug = path.stem
    if not SLUG_RE.match(slug):
        problems.append(
            Problem(
                name,
                None,
                f"file name `{slug[:80]}` is not an ASCII slug of at most 64 characters",
                hint="rename it to lower-case ASCII letters, digits and hyphens, e.g. pingan-zhejiang.md",
            )
        )
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise BuildError(
            [
                Problem(
                    name,
                    1,
                    "missing front matter",
                    hint="start the file with a `---` line, then `title:`, `raw:` …, then a closing `---` line",
                )
            ]
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise BuildError([Problem(name, 1, "front matter is not closed", hint="add a `---` line after it")]) from None
    front, marks = yamlpos.load("\n".join(lines[1:end]), name, first_line=2)
    if not isinstance(front, dict):
        raise BuildError([Problem(name, 2, "front matter must be a mapping of `key: value` lines")])
    problems += _check_front(front, marks, name)
    problems += _check_raw(front.get("raw"), marks.get("raw", 2), name, root)
    if any(p.severity is Severity.ERROR for p in problems):
        raise BuildError(problems)
    errata = tuple(
        Erratum(e["raw"], e.get("edition", ""), e.get("note", ""), marks[f"errata[{i}]"])
        for i, e in enumerate(front.get("errata") or [])
    )
    sections, body_problems = _parse_body(lines, end + 1, name)
    problems += body_problems
    if not front.get("title_en"):
        problems.append(
            Problem(
                name,
                marks.get("title", 2),
                "no English title",
                key="title_en",
                hint="add `title_en: …` to the front matter",
                severity=Severity.WARNING,
            )
        )
    if any(p.severity is Severity.ERROR for p in problems):
        raise BuildError(problems)
    raw_rel = front["raw"]
    article = Article(
        slug=slug,
        path=path,
        title=front["title"].strip(),
        title_en=front.get("title_en", "").strip(),
        dateline=front.get("dateline", "").strip(),
        raw_path=root / raw_rel,
        errata=errata,
        sections=tuple(sections),
    )
    return article, problems


def _check_front(front: dict[str, Any], marks: dict[str, int], name: str) -> list[Problem]:
    problems = []
    for key in front:
        if key not in FRONT_KEYS:
            problems.append(
                Problem(
                    name,
                    marks.get(str(key)),
                    f"unknown key `{key}`",
                    key=str(key),
                    hint=f"allowed keys: {', '.join(FRONT_KEYS)}",
                )
            )
    for key in REQUIRED:
        if not front.get(key):
            problems.append(
                Problem(
                    name,
                    2,
                    f"required key `{key}` is missing or empty",
                    key=key,
                    hint=f"add `{key}: …` to the front matter",
                )
            )
    for key, typ in FRONT_KEYS.items():
        if key in front and front[key] is not None and not isinstance(front[key], typ):
            problems.append(
                Problem(name, marks.get(key), f"expected {typ.__name__}, got {_clip(repr(front[key]), 60)}", key=key)
            )
    for key in ("title", "title_en", "dateline"):
        if isinstance(value := front.get(key), str) and len(value) > MAX_LENGTH[key]:
            problems.append(_too_long(name, marks.get(key), key, value, MAX_LENGTH[key]))
    for i, e in enumerate(front.get("errata") or [] if isinstance(front.get("errata"), list) else []):
        where = f"errata[{i}]"
        if not isinstance(e, dict):
            problems.append(
                Problem(name, marks.get(where), "an erratum must be a mapping with raw, edition, note", key=where)
            )
            continue
        for k, v in e.items():
            if k not in ERRATUM_KEYS:
                problems.append(
                    Problem(
                        name,
                        marks.get(f"{where}.{k}"),
                        f"unknown key `{k}`",
                        key=f"{where}.{k}",
                        hint="allowed keys: raw, edition, note",
                    )
                )
            elif not isinstance(v, str):
                problems.append(
                    Problem(
                        name,
                        marks.get(f"{where}.{k}"),
                        f"expected a string, got {_clip(repr(v), 60)}",
                        key=f"{where}.{k}",
                        hint="quote the value",
                    )
                )
            elif len(v) > MAX_ERRATUM[k]:
                problems.append(_too_long(name, marks.get(f"{where}.{k}"), f"{where}.{k}", v, MAX_ERRATUM[k]))
        if not e.get("raw"):
            problems.append(Problem(name, marks.get(where), "missing `raw`: the passage as received", key=where))
        if not e.get("note"):
            problems.append(Problem(name, marks.get(where), "missing `note`: why the reading was changed", key=where))
    return problems


def _too_long(name: str, line: int | None, key: str, value: str, limit: int) -> Problem:
    return Problem(
        name,
        line,
        f"{len(value):,} characters; at most {limit:,}",
        key=key,
        hint="shorten it (a paste gone wrong?)",
    )


def _check_raw(value: object, line: int, name: str, root: Path) -> list[Problem]:
    """`raw:` names a file under source/raw/, by a relative path that stays there: the build reads
    it and quotes it in its messages, so it must never reach a file outside the project."""
    if not isinstance(value, str) or not value:
        return []  # missing, or not text: _check_front says so
    hint = f"copy the raw article into {RAW_DIR}/ and write `raw: {RAW_DIR}/<file>.txt`"
    what = ""
    parts = value.split("/")
    if len(value) > MAX_LENGTH["raw"]:
        what = f"a path of {len(value):,} characters"
    elif value.startswith(("/", "~")) or "\\" in value or re.match(r"^[A-Za-z]:", value):
        what = "an absolute path; it must be relative to the project"
    elif ".." in parts:
        what = "a path with `..`"
    elif parts[:2] != RAW_DIR.split("/") or len(parts) < 3 or "" in parts[2:]:
        what = f"not a file under {RAW_DIR}/"
    else:
        try:
            # resolved, so that a link (the file, or source/raw/ itself) pointing elsewhere is refused
            inside = (root / value).resolve().is_relative_to(root.resolve() / RAW_DIR)
        except (OSError, RuntimeError):
            inside = False
        if not inside:
            what = f"a link to a file outside {RAW_DIR}/"
    if not what:
        return []
    shown = value if len(value) <= 80 and not any(c.isspace() for c in value.strip()) else _clip(value, 60)
    return [Problem(name, line, f"`{shown}` is {what}", key="raw", hint=hint)]


def _parse_body(lines: list[str], start: int, name: str) -> tuple[list[Section], list[Problem]]:
    problems: list[Problem] = []
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
                problems.append(
                    Problem(
                        name,
                        lineno,
                        f"cannot read heading `{line[:60]}`",
                        hint='write section headings as `## 标题 {#s1 en="English title"}`',
                    )
                )
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
                problems.append(
                    Problem(
                        name,
                        lineno,
                        f"heading attributes `{{{m.group('attrs')}}}` are not understood",
                        hint='use an ASCII id and an English title: {#s1 en="English title"}',
                    )
                )
                continue
            title = m.group("title").strip()
            for key, value in (("heading", title), ("en", en)):
                if len(value) > MAX_LENGTH[key]:
                    problems.append(_too_long(name, lineno, key, value, MAX_LENGTH[key]))
            close_section()
            if sid in seen or sid == "intro":
                problems.append(
                    Problem(
                        name,
                        lineno,
                        f"section id `{sid}` is used twice (also line {seen.get(sid, start)})",
                        hint="give each section its own id: s1, s2, …",
                    )
                )
            seen[sid] = lineno
            if not en:
                problems.append(
                    Problem(
                        name,
                        lineno,
                        "section has no English title",
                        key="en",
                        hint='add en="…" to the heading attributes',
                        severity=Severity.WARNING,
                    )
                )
            current = (sid, title, en, lineno, True)
            paragraphs = []
            continue
        if len(line) > MAX_LINE:
            problems.append(
                Problem(
                    name,
                    lineno,
                    f"line of {len(line):,} characters; the edition has one sentence per line (at most {MAX_LINE:,})",
                    hint="split the text into sentences, one per line (the importer does this for a raw article)",
                )
            )
            continue
        if not sentences:
            para_line = lineno
        sentences.append(line)
    close_section()
    if not any(p.sentences for s in sections for p in s.paragraphs):
        problems.append(
            Problem(
                name,
                start + 1,
                "the edition has no text",
                hint="add the article's sentences after the front matter, one per line",
            )
        )
    return sections, problems


def check_fidelity(article: Article, root: Path) -> list[Problem]:
    """The edition's wording must equal the raw article's wording with the recorded errata applied."""
    name = article.path.relative_to(root).as_posix() if article.path.is_relative_to(root) else str(article.path)
    raw_name = (
        article.raw_path.relative_to(root).as_posix()
        if article.raw_path.is_relative_to(root)
        else str(article.raw_path)
    )
    if not article.raw_path.is_file():
        return [
            Problem(
                name,
                2,
                f"raw file `{raw_name}` not found",
                key="raw",
                hint="point `raw:` at the article as received, under source/raw/",
            )
        ]
    try:
        raw_text, problems = read_text(article.raw_path, display=raw_name)
    except BuildError as exc:  # not text, too large: said once, with the edition that names it
        return list(exc.problems)
    problems = [p for p in problems if p.severity is Severity.ERROR]
    # the raw file is provenance, never edited: its invisible characters are reported, not refused;
    # wording() ignores them, and the edition cannot carry them (parse_edition refuses them there)
    warnings = invisible_problems(raw_text, raw_name, Severity.WARNING)
    body_joined = "".join(s for sec in article.sections for p in sec.paragraphs for s in p.sentences)
    text, _, found = _apply_errata(raw_text, article, name, raw_name, body_joined, track=False)
    problems += found
    if problems:
        return problems
    problems += warnings
    edition = wording(article.title) + wording(article.dateline)
    edition += "".join(
        (wording(sec.title) if sec.original_heading else "") + wording("".join(p.text for p in sec.paragraphs))
        for sec in article.sections
    )
    if edition == wording(text):
        return problems  # the common case; where each character came from is only worked out to report a drift
    problems += lookalikes(article, raw_text, name)
    text, origin, _ = _apply_errata(raw_text, article, name, raw_name, body_joined, track=True)
    raw_chars = [
        (m.group(0), f"{raw_name}:{o}" if (o := origin[m.start()]) > 0 else f"{name}:{-o} (erratum)")
        for m in WORDING_RE.finditer(text)
    ]
    ed_chars: list[tuple[str, int]] = []
    ed_chars += [(ch, 2) for ch in wording(article.title)]
    ed_chars += [(ch, 2) for ch in wording(article.dateline)]
    for sec in article.sections:
        if sec.original_heading:
            ed_chars += [(ch, sec.line) for ch in wording(sec.title)]
        for p in sec.paragraphs:
            for k, sentence in enumerate(p.sentences):
                ed_chars += [(ch, p.line + k) for ch in wording(sentence)]
    a = "".join(c for c, _ in ed_chars)
    b = "".join(c for c, _ in raw_chars)
    if a == b:
        return []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in [op for op in matcher.get_opcodes() if op[0] != "equal"][:5]:
        line: int | None = ed_chars[min(i1, len(ed_chars) - 1)][1] if ed_chars else None
        where = raw_chars[min(j1, len(raw_chars) - 1)][1] if raw_chars else raw_name
        what = {"replace": "changed", "delete": "added in the edition", "insert": "missing from the edition"}[tag]
        problems.append(
            Problem(
                name,
                line,
                f"wording {what}, compared with the raw article\n"
                f"    edition: {_context(a, i1, i2)}\n"
                f"    raw:     {_context(b, j1, j2)}   ({where})",
                hint="restore the raw wording, or record the change as an erratum (raw: …, edition: …, note: …) "
                "in the front matter",
            )
        )
    return problems


def lookalikes(article: Article, raw_text: str, name: str) -> list[Problem]:
    """Characters of the edition drawn like other, usual ones (full-width ０ for 0, the radical ⽆ for 无,
    compatibility ideographs), found neither in the raw article nor in an erratum: each at its line
    and column, named, with what it looks like. The drift they cause is reported as well; this says
    why a passage that reads the same does not match."""
    allowed = set(raw_text).union(*(e.edition for e in article.errata))
    text, _ = read_text(article.path)
    radical = re.compile(f"[{chars.RADICALS}]")
    problems: list[Problem] = []
    for lineno, line in enumerate(text.split("\n"), 1):
        for col, ch in enumerate(line, 1):
            if ch.isascii() or ch in allowed or not WORDING_RE.match(ch):
                continue
            like = chars.lookalike(ch)
            if like is None and not radical.match(ch):
                continue
            problems.append(
                Problem(
                    name,
                    lineno,
                    f"look-alike character {chars.describe(ch)}" + (f", drawn like `{like}`" if like else ""),
                    hint="write what the raw article has" + (f" (`{like}`?)" if like else "") + " or delete it; "
                    "or record the change as an erratum",
                    column=col,
                )
            )
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
            problems.append(
                Problem(
                    name,
                    e.line,
                    f"erratum raw passage `{_clip(e.raw)}` occurs {count} times in {raw_name}"
                    + (" (after the errata above it are applied)" if e is not article.errata[0] else ""),
                    key="errata.raw",
                    hint="copy the passage exactly from the raw file; make it long enough to be unique",
                )
            )
            continue
        if e.edition and e.edition not in body_joined:
            problems.append(
                Problem(
                    name,
                    e.line,
                    f"erratum edition text `{_clip(e.edition)}` is not in the edition",
                    key="errata.edition",
                    hint="update the erratum to the edition's current reading",
                )
            )
        start = text.index(e.raw)
        stop = start + len(e.raw)
        text = text[:start] + e.edition + text[stop:]
        if track:
            origin = origin[:start] + [-e.line] * len(e.edition) + origin[stop:]
    return text, origin, problems


def _context(s: str, i: int, j: int, width: int = 12) -> str:
    return f"…{s[max(0, i - width) : i]}[{s[i:j]}]{s[j : j + width]}…"


def _clip(s: str, n: int = 30) -> str:
    return s if len(s) <= n else s[:n] + "…"
