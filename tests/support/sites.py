"""Sites built from throw-away copies of the project, as CI builds them; shared by the workers of a
run; served over http on 127.0.0.1."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .paths import FIXTURES, ROOT, SMALL
from .projects import build_docs, build_script, make_project, mkdocs_build


def built_site(dest: Path, strict: bool = True) -> Path:
    """The project in `dest` built as CI builds it: build script + `mkdocs build --strict`."""
    build_docs(dest, strict)
    mkdocs_build(dest)
    return dest


def shared(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Path]) -> Path:
    """What make(folder) builds in a fresh folder, built once for the whole run: with several
    workers (pytest-xdist, `make test`), in the folder they share, by whichever asks first while the
    others wait; a session fixture that builds a site calls it, so no worker builds it again."""
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own; a new run has a new one
    folder, done = base / f"shared-{name}", base / f"shared-{name}.done"
    with FileLock(str(base / f"shared-{name}.lock")):
        if not done.exists():
            if folder.exists():  # a worker died building it: start again
                shutil.rmtree(folder)
            folder.mkdir()
            done.write_text(str(make(folder)), encoding="utf-8")
    return Path(done.read_text(encoding="utf-8"))


def offline_copy(dest: Path, unzipped: Path, strict: bool = True) -> Path:
    """Project `dest` built as the offline copy (`make offline`), zipped, and unzipped into `unzipped`."""
    build_docs(dest, strict)
    env_run = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "dist/offline"]
    proc = subprocess.run(
        env_run,
        cwd=dest,
        env={**os.environ, "OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    build_script(dest, "zip", "dist/offline", "dist/site.zip", "--prefix", "reading-edition")
    with zipfile.ZipFile(dest / "dist" / "site.zip") as zf:
        zf.extractall(unzipped)
    return unzipped / "reading-edition"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """`directory` served over http on 127.0.0.1 (a free port) while the block runs: its URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- a collection of two articles ----------------------------------------------------------------

SECOND = FIXTURES / "collection" / "source"  # a second article and the collection file, over site-small


# A definition that names the second article, as the real glossary's name theirs
CITING = """
  - term: 节水
    en: water saving
    category: concept
    def_zh: 节约用水。《节水优先 人人有责》一文称各级河长把节水纳入巡河内容。
    def_en: "Using less water. The article \\"Saving Water Comes First, Everyone Has a Part\\" names it."
"""


def two_articles(dest: Path) -> Path:
    """site-small's project with the second article and the collection file copied over it, and a
    glossary entry that names the second article."""
    root = make_project(dest, SMALL / "source")
    shutil.copytree(SECOND, root / "source", dirs_exist_ok=True)
    with (root / "source" / "glossary.yaml").open("a", encoding="utf-8") as f:
        f.write(CITING)
    return root
