"""Bytes from disk → text: UTF-8 (BOM and CRLF accepted), GB18030 converted with a notice, anything else
refused; and text → where its invisible characters are."""

from __future__ import annotations

import re
from pathlib import Path

from ..core import chars
from ..core.model import BuildError, Problem, Severity

# Far more than any article or glossary (the real article is 40 kB); a larger file is a mistake,
# and would be read whole into memory.
MAX_BYTES = 20_000_000


def read_text(path: Path, *, display: str | None = None, limit: int = MAX_BYTES) -> tuple[str, list[Problem]]:
    """Return the file's text with LF line ends, and notices about how it was decoded."""
    name = display or str(path)
    try:
        if not path.exists():
            raise BuildError([Problem(name, None, "no such file", hint="check the path and the file's name")])
        if not path.is_file():  # a directory, a device or a pipe would fail or never end
            raise BuildError([Problem(name, None, "not a regular file", hint="point to a text file")])
        size = path.stat().st_size
        if size > limit:
            raise BuildError(
                [
                    Problem(
                        name,
                        None,
                        f"file of {size:,} bytes; at most {limit:,} are read",
                        hint="split the file, or check that it is the right one",
                    )
                ]
            )
        data = path.read_bytes()
    except OSError as exc:
        raise BuildError([Problem(name, None, f"cannot read file: {exc.strerror}")]) from exc
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
            raise BuildError(
                [
                    Problem(
                        name,
                        line,
                        f"not valid UTF-8 (byte {exc.start}) and not GB18030 either",
                        hint="save the file as UTF-8",
                    )
                ]
            ) from exc
        notices.append(
            Problem(
                name,
                line,
                "not UTF-8; decoded as GB18030 (GBK)",
                hint="the imported edition is written as UTF-8; convert the file itself with "
                "`iconv -f GB18030 -t UTF-8` to silence this",
                severity=Severity.WARNING,
            )
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), notices


# More than this many invisible characters in one file are counted, not listed one by one.
MAX_LISTED = 20


def invisible_problems(text: str, name: str, severity: Severity = Severity.ERROR) -> list[Problem]:
    """A problem for each invisible or control character in `text` (zero-width, bidi, NUL, ESC …),
    at its line and column, with the character named: they are not seen, yet change what is
    compared, linked or shown."""
    found = chars.invisible(text)
    problems = [
        Problem(
            name,
            line,
            f"invisible character {chars.describe(ch)}",
            hint="delete it (an editor that shows invisible characters helps, e.g. `cat -A`)",
            severity=severity,
            column=column,
        )
        for line, column, ch in found[:MAX_LISTED]
    ]
    if len(found) > MAX_LISTED:
        problems.append(
            Problem(name, None, f"… and {len(found) - MAX_LISTED:,} more invisible characters", severity=severity)
        )
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
                problems.append(
                    Problem(
                        name,
                        lineno,
                        f"`{w}` mixes Latin letters with {chars.describe(alike.group(0))}, which looks like one",
                        hint="type the word in Latin letters only",
                        severity=Severity.WARNING,
                        column=word.start() + alike.start() + 1,
                    )
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
    return [
        Problem(
            name,
            None,
            "links to a file outside the project",
            hint="copy the file into the project instead of linking to it",
        )
    ]
