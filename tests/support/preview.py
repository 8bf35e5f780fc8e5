"""`make serve` running in a copy of the project: started, asked for pages, waited on, stopped."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from benchmarks.preview import article_to_edit, stop

STARTED = 300.0  # seconds for `make site` and the first build of the preview, on a busy machine
CHANGED = 120.0  # seconds for a saved change to be served, on a busy machine


class _Text(HTMLParser):
    """A page's text, and the text of its problem banner (the element with id build-problems)."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.banner: list[str] = []
        self.depth = 0  # inside the banner: how many elements are open
        self.skip = 0  # inside a script or style

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        if self.depth:
            self.depth += 1
        elif dict(attrs).get("id") == "build-problems":
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.banner.append(data)
        elif not self.skip:
            self.text.append(data)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Preview:
    url: str
    proc: subprocess.Popen[bytes]
    log: Path
    project: Path

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"{self.url}/{path}", timeout=CHANGED) as answer:
            return str(answer.read().decode("utf-8"))

    def page(self, path: str) -> tuple[str, str, str]:
        """The served page's HTML, its text (without the banner) and the banner's text, spaces removed."""
        page = self.get(path)
        parser = _Text()
        parser.feed(page)
        return page, squeeze("".join(parser.text)), squeeze("".join(parser.banner))

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def until(self, what: str, ok: Callable[[], bool], timeout: float = CHANGED) -> None:
        deadline = time.monotonic() + timeout
        while not ok():
            assert self.proc.poll() is None, f"`make serve` exited {self.proc.returncode}:\n{self.output()}"
            assert time.monotonic() < deadline, f"not seen within {timeout:.0f} s: {what}\n{self.output()}"
            time.sleep(0.1)

    def quiet(self, seconds: float = 3.0) -> None:
        """Wait until the server has logged nothing for `seconds` (any rebuild a save started is over)."""
        size, since = -1, time.monotonic()
        while time.monotonic() - since < seconds:
            now = self.log.stat().st_size
            if now != size:
                size, since = now, time.monotonic()
            time.sleep(0.1)


@contextlib.contextmanager
def started(
    command: list[str], project: Path, env: dict[str, str], log: Path, port: int, ready: str
) -> Iterator[Preview]:
    """`command` (a preview on `port`) running in `project`, its output in `log`, once its page
    `ready` answers; then stopped, with every process of its group."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Preview(f"http://127.0.0.1:{port}", proc, log, project)
    try:

        def up() -> bool:
            try:
                urllib.request.urlopen(f"{server.url}/{ready}", timeout=5).close()
            except (urllib.error.URLError, OSError):
                return False
            return True

        server.until("the preview answering", up, STARTED)
        yield server
    finally:
        stop(proc)
        # every process of the group is gone: nothing keeps serving or watching the copy
        with pytest.raises(ProcessLookupError):
            os.killpg(proc.pid, 0)


def an_article_to_edit(project: Path) -> tuple[Path, int, str]:
    """The first article of source/ (by slug) with sections, and the index and text of a sentence line
    after its first heading with a `，`: a save the preview renders on one page of several."""
    article, index = article_to_edit(project)
    return article, index, article.read_text(encoding="utf-8").split("\n")[index]


def replace_line(path: Path, index: int, line: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[index] = line
    path.write_text("\n".join(lines), encoding="utf-8")
