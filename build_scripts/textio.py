"""Bytes from disk → text: UTF-8 (BOM and CRLF accepted), GB18030 converted with a notice, anything else refused."""

from __future__ import annotations

from pathlib import Path

from .model import BuildError, Problem, Severity


def read_text(path: Path, *, display: str | None = None) -> tuple[str, list[Problem]]:
    """Return the file's text with LF line ends, and notices about how it was decoded."""
    name = display or str(path)
    try:
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
