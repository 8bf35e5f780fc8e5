"""`<slug>.en.md` text + the Article → Translation (English lines by paragraph) + alignment Problems."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core import names
from ..core.model import Article, BuildError, Paragraph, Problem, Translation
from ..core.problems import Collector, problem
from ..text import yamlpos

UNTRANSLATED = "[untranslated]"
SECTION_RE = re.compile(r"^##\s*\{#(?P<id>[a-z][a-z0-9-]{0,63})\}\s*$")
MAX_LINE = 4000
TERM_MARK_RE = re.compile(names.TERM_MARK)


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
    found = Collector(name)
    front: dict[str, str] = {}
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is None:
            return {}, [], [problem("translation.front-unclosed", name, 1)]
        try:
            data, marks = yamlpos.load("\n".join(lines[1:end]), name, first_line=2)
        except BuildError as exc:
            return {}, [], list(exc.problems)
        if data is not None and not isinstance(data, dict):
            found.add("translation.front-not-mapping", 2)
        for k, v in (data or {}).items() if isinstance(data, dict) else ():
            if not isinstance(v, str):
                found.add("translation.front-not-text", marks.get(str(k), 2), key=str(k))
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
                found.add("translation.bad-heading", lineno, heading=line[:60])
                continue
            close_para()
            if paras or sid != "intro":
                sections.append(_Sec(sid, paras[0].line if sid == "intro" else sline, tuple(paras)))
            sid, sline, paras = m.group("id"), lineno, []
            continue
        if len(line) > MAX_LINE:
            found.add("translation.line-too-long", lineno, length=len(line))
        stray = TERM_MARK_RE.sub("", line)
        if "[[" in stray or "]]" in stray:
            found.add("translation.bad-term-mark", lineno, text=line[:80])
        if not current:
            first = lineno
        current.append(line)
    close_para()
    if paras or sid != "intro":
        sections.append(_Sec(sid, paras[0].line if sid == "intro" and paras else sline, tuple(paras)))
    return front, sections, found.problems


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
    front, sections, parsed = _parse(text, name)
    found = Collector(name, parsed)
    if found.has_errors():
        return None, found.problems
    zh_secs = [s for s in article.sections if s.paragraphs or s.original_heading]
    zh_ids = [s.id for s in zh_secs]
    en_ids = [s.id for s in sections]
    if zh_ids != en_ids:
        zh_where = ", ".join(
            f"{s.id} (line {s.paragraphs[0].line if not s.original_heading and s.paragraphs else s.line})"
            for s in zh_secs
        )
        en_where = ", ".join(f"{s.id} (line {s.line})" for s in sections)
        found.add(
            "translation.sections-differ",
            next((e.line for z, e in zip(zh_secs, sections, strict=False) if z.id != e.id), None),
            edition=article.source,
            zh=zh_where or "(none)",
            translation=name,
            en=en_where or "(none)",
        )
        return None, found.problems
    out: dict[str, tuple[str | None, ...]] = {}
    lines: dict[str, int] = {}
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
            found.add(
                "translation.paragraphs-differ",
                e.line if e else es.line,
                section=zs.id,
                zh=len(zs.paragraphs),
                en=len(es.paragraphs),
                at=k + 1,
                both=_show(article, z, e, name),
            )
            continue
        for z, e in zip(zs.paragraphs, es.paragraphs, strict=True):
            if len(z.sentences) != len(e.lines):
                found.add(
                    "translation.lines-differ",
                    e.line,
                    paragraph=z.anchor,
                    zh=len(z.sentences),
                    en=len(e.lines),
                    both=_show(article, z, e, name),
                )
                continue
            for k, line in enumerate(e.lines):
                if line == UNTRANSLATED:
                    found.add(
                        "translation.untranslated",
                        e.line + k,
                        sentence=k + 1,
                        paragraph=z.anchor,
                        zh=z.sentences[k][:40],
                    )
            out[z.anchor] = tuple(None if line == UNTRANSLATED else line for line in e.lines)
            lines[z.anchor] = e.line
    if found.has_errors():
        return None, found.problems
    return Translation(name, out, front, lines), found.problems


def check_term_marks(translation: Translation, known: set[str]) -> list[Problem]:
    """A Problem for each `[[ref|text]]` whose ref is neither a glossary term nor a term's id (`known`)."""
    found = Collector(translation.path)
    for anchor, sentences in translation.paragraphs.items():
        for k, sentence in enumerate(sentences):
            for m in TERM_MARK_RE.finditer(sentence or ""):
                if m.group("ref").strip() not in known:
                    line = translation.lines.get(anchor, 0) + k or None
                    found.add("translation.unknown-term", line, mark=m.group(0), ref=m.group("ref"), anchor=anchor)
    return found.problems
