"""`<slug>.notes.yaml` text + the Article → Notes + Problems; the HTML of note calls and of a notes list."""

from __future__ import annotations

from typing import Any

from ..core.model import DATELINE, KINDS, Article, BuildError, Note, Problem, places
from ..text import yamlpos

NOTE_KEYS = ("at", "phrase", "kind", "zh", "en", "sources")
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
