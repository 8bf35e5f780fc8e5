"""`<slug>.notes.yaml` text + the Article → Notes + Problems; the HTML of note calls and of a notes list."""

from __future__ import annotations

from typing import Any

from ..core.model import DATELINE, KINDS, Article, BuildError, Note, Problem, places
from ..core.problems import Collector, problem
from ..text import yamlpos

NOTE_KEYS = ("at", "phrase", "kind", "zh", "en", "sources", "claims")
REQUIRED = ("at", "phrase", "kind", "zh", "en")
MAX_NOTE = 2000
MAX_PHRASE = 200


def read_notes(text: str, name: str, article: Article) -> tuple[tuple[Note, ...], list[Problem]]:
    """Parse and check the notes of one article (`name`: the file as an editor names it)."""
    try:
        data, marks = yamlpos.load(text, name)
    except BuildError as exc:
        return (), list(exc.problems)
    if data is None:
        return (), []
    if not isinstance(data, dict) or set(data) != {"notes"} or not isinstance(data["notes"], list):
        return (), [problem("notes.not-notes", name, 1)]
    where_ok = places(article)
    problems = Collector(name)
    notes: list[Note] = []
    for i, entry in enumerate(data["notes"]):
        key = f"notes[{i}]"
        line = marks.get(key, 1)
        if not isinstance(entry, dict):
            problems.add("notes.not-a-mapping", line, where=key)
            continue
        found = _check(entry, key, line, marks, name, where_ok)
        problems.extend(found)
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
                    claims=tuple(s.strip() for s in entry.get("claims") or []),
                )
            )
    seen: dict[tuple[str, int], int] = {}
    for n in notes:
        end = where_ok[n.at][0].index(n.phrase) + len(n.phrase)
        if (n.at, end) in seen:
            problems.add("notes.same-place", n.line, what=where_ok[n.at][1], other=seen[n.at, end])
        seen[n.at, end] = n.line
    return tuple(notes), problems.problems


def _check(
    entry: dict[str, Any], key: str, line: int, marks: dict[str, int], name: str, where_ok: dict[str, tuple[str, str]]
) -> list[Problem]:
    problems = Collector(name)
    for k, v in entry.items():
        at = marks.get(f"{key}.{k}", line)
        if k not in NOTE_KEYS:
            problems.add("notes.unknown-key", at, where=key, key=k, allowed=", ".join(NOTE_KEYS))
        elif k in ("sources", "claims"):
            if not isinstance(v, list) or not all(isinstance(s, str) and s.strip() for s in v):
                problems.add("notes.not-texts", at, where=key, key=k)
        elif not isinstance(v, str) or not v.strip():
            problems.add("notes.not-text", at, where=key, key=k, value=repr(str(v)[:60]))
        elif len(v) > (MAX_PHRASE if k == "phrase" else MAX_NOTE):
            problems.add("notes.too-long", at, where=key, key=k, length=len(v))
    for k in REQUIRED:
        if k not in entry:
            problems.add("notes.missing-key", line, where=key, key=k, required=", ".join(REQUIRED))
    if problems:
        return problems.problems
    kind, at, phrase = entry["kind"], entry["at"], entry["phrase"]
    if kind not in KINDS:
        problems.add("notes.unknown-kind", marks.get(f"{key}.kind", line), where=key, kind=kind, kinds=", ".join(KINDS))
    if at not in where_ok:
        known = [k for k in where_ok if k != DATELINE and "-p" not in k]
        at_line = marks.get(f"{key}.at", line)
        problems.add("notes.unknown-place", at_line, where=key, at=at[:60], sections=", ".join(known[:8]))
        return problems.problems
    text, what = where_ok[at]
    count = text.count(phrase)
    phrase_line = marks.get(f"{key}.phrase", line)
    if count == 0:
        opening = text[:60] + ("…" if len(text) > 60 else "")
        problems.add("notes.phrase-not-found", phrase_line, where=key, phrase=phrase[:40], what=what, text=opening)
    elif count > 1:
        problems.add("notes.phrase-ambiguous", phrase_line, where=key, phrase=phrase[:40], count=count, what=what)
    return problems.problems
