"""Bytes from disk → text: UTF-8 (BOM and CRLF accepted), GB18030 converted with a notice, anything else
refused; and text → where its invisible characters are."""

from __future__ import annotations

import re
from pathlib import Path

from ..core import chars
from ..core.model import Problem
from ..core.problems import fail, problem

# Far more than any article or glossary (the real article is 40 kB); a larger file is a mistake,
# and would be read whole into memory.
MAX_BYTES = 20_000_000


def read_text(path: Path, *, display: str | None = None, limit: int = MAX_BYTES) -> tuple[str, list[Problem]]:
    """Return the file's text with LF line ends, and notices about how it was decoded."""
    name = display or str(path)
    try:
        if not path.exists():
            fail("file.missing", name)
        if not path.is_file():  # a directory, a device or a pipe would fail or never end
            fail("file.not-regular", name)
        size = path.stat().st_size
        if size > limit:
            fail("file.too-large", name, size=size, limit=limit)
        data = path.read_bytes()
    except OSError as exc:
        fail("file.unreadable", name, reason=exc.strerror)
    notices: list[Problem] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            fail("file.undecodable", name, line, byte=exc.start)
        notices.append(problem("file.gb18030", name, line))
    return text.replace("\r\n", "\n").replace("\r", "\n"), notices


# More than this many invisible characters in one file are counted, not listed one by one.
MAX_LISTED = 20


def invisible_problems(text: str, name: str, *, raw: bool = False) -> list[Problem]:
    """A problem for each invisible or control character in `text` (zero-width, bidi, NUL, ESC …),
    at its line and column, with the character named: they are not seen, yet change what is
    compared, linked or shown. In a `raw` file (provenance, never edited) they are reported, not refused."""
    each, more = (
        ("text.invisible-in-raw", "text.invisible-in-raw-more") if raw else ("text.invisible", "text.invisible-more")
    )
    found = chars.invisible(text)
    problems = [
        problem(each, name, line, column=column, char=chars.describe(ch)) for line, column, ch in found[:MAX_LISTED]
    ]
    if len(found) > MAX_LISTED:
        problems.append(problem(more, name, count=len(found) - MAX_LISTED))
    return problems


# A word of Latin letters with one from an alphabet drawn alike (Cyrillic е, Greek ο, full-width Ｚ):
# it reads as the Latin word, yet no search, link or check finds it as one.
LATIN_WORD = re.compile(r"[A-Za-z\u0370-\u03ff\u0400-\u04ff\uff21-\uff3a\uff41-\uff5a]+")
ALIKE = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\uff21-\uff3a\uff41-\uff5a]")


def mixed_script_problems(text: str, name: str) -> list[Problem]:
    """A warning for each word that mixes Latin letters with look-alikes from another alphabet, at its
    line and column, the look-alike named."""
    problems = []
    for lineno, line in enumerate(text.splitlines(), 1):
        for word in LATIN_WORD.finditer(line):
            w = word.group(0)
            if re.search(r"[A-Za-z]", w) and (alike := ALIKE.search(w)):
                column = word.start() + alike.start() + 1
                problems.append(
                    problem("text.look-alike", name, lineno, column=column, word=w, char=chars.describe(alike[0]))
                )
                if len(problems) >= MAX_LISTED:
                    return problems
    return problems


def outside(path: Path, root: Path, name: str) -> list[Problem]:
    """A problem if `path` (a source file) is, or links to, a file outside the project `root`: the
    build would read and quote a file nobody meant to publish."""
    try:
        inside = path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        inside = False
    if inside:
        return []
    return [problem("file.outside", name)]
