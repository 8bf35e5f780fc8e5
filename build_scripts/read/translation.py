"""`<slug>.en.md` text + the Article → Translation (English lines by paragraph) + alignment Problems."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.model import Article, BuildError, Paragraph, Problem, Severity, Translation
from ..text import yamlpos

UNTRANSLATED = "[untranslated]"
SECTION_RE = re.compile(r"^##\s*\{#(?P<id>[a-z][a-z0-9-]{0,63})\}\s*$")
HINT = (
    "the translation mirrors the edition: the lede's paragraphs, then `## {#s1}` and its paragraphs, …; "
    f"one English sentence per line, in the order of the Chinese sentences; `{UNTRANSLATED}` for one not yet translated"
)
MAX_LINE = 4000


@dataclass(frozen=True)
class _Para:
    lines: tuple[str, ...]
    line: int  # of the first


@dataclass(frozen=True)
class _Sec:
    id: str
    line: int
    paragraphs: tuple[_Para, ...]


def _parse(text: str, name: str) -> tuple[dict[str, str], list[_Sec], list[Problem]]:
    lines = text.split("\n")
    problems: list[Problem] = []
    front: dict[str, str] = {}
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is None:
            return {}, [], [Problem(name, 1, "front matter is not closed", hint="add a `---` line after it")]
        try:
            data, marks = yamlpos.load("\n".join(lines[1:end]), name, first_line=2)
        except BuildError as exc:
            return {}, [], list(exc.problems)
        if data is not None and not isinstance(data, dict):
            problems.append(Problem(name, 2, "front matter must be a mapping of `key: value` lines"))
        for k, v in (data or {}).items() if isinstance(data, dict) else ():
            if not isinstance(v, str):
                problems.append(Problem(name, marks.get(str(k), 2), "expected text", key=str(k), hint="quote it"))
            else:
                front[str(k)] = v
        start = end + 1
    sections: list[_Sec] = []
    sid, sline = "intro", start + 1
    paras: list[_Para] = []
    current: list[str] = []
    first = 0

    def close_para() -> None:
        nonlocal current
        if current:
            paras.append(_Para(tuple(current), first))
            current = []

    for i in range(start, len(lines)):
        lineno, line = i + 1, lines[i].strip()
        if not line:
            close_para()
            continue
        if line.startswith("#"):
            m = SECTION_RE.match(line)
            if not m:
                problems.append(
                    Problem(
                        name, lineno, f"cannot read heading `{line[:60]}`", hint="write a section's line as `## {#s1}`"
                    )
                )
                continue
            close_para()
            if paras or sid != "intro":
                sections.append(_Sec(sid, paras[0].line if sid == "intro" else sline, tuple(paras)))
            sid, sline, paras = m.group("id"), lineno, []
            continue
        if len(line) > MAX_LINE:
            problems.append(
                Problem(name, lineno, f"{len(line):,} characters on one line", hint="one sentence per line")
            )
        if not current:
            first = lineno
        current.append(line)
    close_para()
    if paras or sid != "intro":
        sections.append(_Sec(sid, paras[0].line if sid == "intro" and paras else sline, tuple(paras)))
    return front, sections, problems


def _show(article: Article, zh: Paragraph | None, en: _Para | None, name: str) -> str:
    """Both sides of a paragraph, each line with its file and line."""
    out = []
    if zh is not None:
        out += [f"    zh {article.source}:{zh.line + k}  {s}" for k, s in enumerate(zh.sentences)]
    else:
        out.append("    zh (no paragraph)")
    if en is not None:
        out += [f"    en {name}:{en.line + k}  {s}" for k, s in enumerate(en.lines)]
    else:
        out.append("    en (no paragraph)")
    return "\n".join(out)


def read_translation(text: str, name: str, article: Article) -> tuple[Translation | None, list[Problem]]:
    """Parse a translation and check it against the edition: section ids, paragraphs and lines, by position."""
    front, sections, problems = _parse(text, name)
    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    zh_secs = [s for s in article.sections if s.paragraphs or s.original_heading]
    zh_ids = [s.id for s in zh_secs]
    en_ids = [s.id for s in sections]
    if zh_ids != en_ids:
        zh_where = ", ".join(
            f"{s.id} (line {s.paragraphs[0].line if not s.original_heading and s.paragraphs else s.line})"
            for s in zh_secs
        )
        en_where = ", ".join(f"{s.id} (line {s.line})" for s in sections)
        return None, [
            *problems,
            Problem(
                name,
                next((e.line for z, e in zip(zh_secs, sections, strict=False) if z.id != e.id), None),
                "the translation's sections do not match the edition's\n"
                f"    zh {article.source}: {zh_where or '(none)'}\n"
                f"    en {name}: {en_where or '(none)'}",
                hint=HINT,
            ),
        ]
    out: dict[str, tuple[str | None, ...]] = {}
    first: dict[str, int] = {}
    for zs, es in zip(zh_secs, sections, strict=True):
        if len(zs.paragraphs) != len(es.paragraphs):
            # the first paragraph whose lines differ is where one side was split or joined
            k = next(
                (
                    k
                    for k, (z, e) in enumerate(zip(zs.paragraphs, es.paragraphs, strict=False))
                    if len(z.sentences) != len(e.lines)
                ),
                min(len(zs.paragraphs), len(es.paragraphs)),
            )
            z = zs.paragraphs[k] if k < len(zs.paragraphs) else None
            e = es.paragraphs[k] if k < len(es.paragraphs) else None
            problems.append(
                Problem(
                    name,
                    e.line if e else es.line,
                    f"section {zs.id} has {len(zs.paragraphs)} paragraph(s) in the edition and "
                    f"{len(es.paragraphs)} in the translation; they part at paragraph {k + 1}\n"
                    + _show(article, z, e, name),
                    hint=HINT,
                )
            )
            continue
        for z, e in zip(zs.paragraphs, es.paragraphs, strict=True):
            if len(z.sentences) != len(e.lines):
                problems.append(
                    Problem(
                        name,
                        e.line,
                        f"paragraph {z.anchor} has {len(z.sentences)} Chinese sentence(s) and {len(e.lines)} "
                        "English line(s)\n" + _show(article, z, e, name),
                        hint=HINT,
                    )
                )
                continue
            for k, line in enumerate(e.lines):
                if line == UNTRANSLATED:
                    problems.append(
                        Problem(
                            name,
                            e.line + k,
                            f"sentence {k + 1} of paragraph {z.anchor} is not yet translated: {z.sentences[k][:40]}",
                            hint=f"replace `{UNTRANSLATED}` with the English sentence",
                            severity=Severity.WARNING,
                        )
                    )
            out[z.anchor] = tuple(None if line == UNTRANSLATED else line for line in e.lines)
            first[z.anchor] = e.line
    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    return Translation(name, out, front, first), problems
