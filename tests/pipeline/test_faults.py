"""A build killed (SIGKILL) at every change it makes to docs/, and at random moments: the next plain
build succeeds and leaves docs/ byte for byte as a clean build does."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from build_scripts.pages import render
from build_scripts.pipeline import build as build_module
from build_scripts.pipeline import parallel, write
from build_scripts.pipeline.build import build
from build_scripts.text import segment
from tests.support.paths import ROOT, SMALL

TOKENIZER = segment.tokenizer
# Slow: over a hundred builds, each started and killed as a process, then completed by the next.
pytestmark = pytest.mark.slow

COPIES = 4  # the small article under four slugs: 17 pages, about 60 changes to the disk per build


def corpus(dest: Path) -> Path:
    shutil.copytree(SMALL / "source", dest / "source")
    articles = dest / "source" / "articles"
    for n in range(2, COPIES + 1):
        shutil.copy(articles / "hehu.md", articles / f"hehu{n}.md")
    (dest / "docs").mkdir()
    (dest / "docs" / "extra.css").write_text("p { color: #333 }\n", encoding="utf-8")  # written by hand
    return dest


def edit(root: Path) -> None:
    """Pages change, one section is renamed (a page added, one deleted), one article goes."""
    articles = root / "source" / "articles"
    text = (articles / "hehu.md").read_text(encoding="utf-8")
    (articles / "hehu.md").write_text(text.replace("及时交办。", "及时交办！"), encoding="utf-8")
    (articles / "hehu2.md").write_text(text.replace("{#s2 ", "{#s9 "), encoding="utf-8")
    (articles / f"hehu{COPIES}.md").unlink()


def tree(root: Path) -> dict[str, bytes | None]:
    """docs/ as it is: every file's bytes, every folder (None)."""
    docs = root / "docs"
    return {p.relative_to(docs).as_posix(): (p.read_bytes() if p.is_file() else None) for p in sorted(docs.rglob("*"))}


def clean(tmp: Path, change: Callable[[Path], None] | None = None) -> dict[str, bytes | None]:
    root = corpus(tmp)
    if change:
        change(root)
    assert build(root).ok
    return tree(root)


def killed_at(root: Path, step: int, *, jobs: int | None = None) -> bool:
    """Build in a forked process, in a process group of its own, SIGKILLed (with every process it
    started) just before its `step`th change to the disk; False if it finished first."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            os.setpgid(0, 0)
            write._FAULT, write._steps = f"kill:{step}", 0
            if jobs is not None:  # pages rendered and written by forked workers
                vars(build_module)["jobs_for"] = lambda amount, minimum=0: jobs
            code = 0 if build(root).ok else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        gone(root)
        return True
    assert os.waitstatus_to_exitcode(status) == 0
    return False


def gone(root: Path) -> None:
    """Wait until the killed build's last process has ended (worker processes end a little after
    the one that was waited for), as its lock shows."""
    lock = root / "docs" / ".build.lock"
    if not lock.exists():
        return
    with lock.open("rb") as f:
        for _ in range(1000):
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                time.sleep(0.01)
                continue
            fcntl.flock(f, fcntl.LOCK_UN)
            return
    raise AssertionError("the killed build still holds its lock")


def recovers(root: Path, expected: dict[str, bytes | None], what: str) -> None:
    result = build(root)
    assert result.ok, (what, [str(p) for p in result.problems])
    assert tree(root) == expected, what
    assert (root / "docs" / "extra.css").read_text(encoding="utf-8") == "p { color: #333 }\n"


def kill_everywhere(
    tmp: Path, name: str, prepare: Callable[[Path], None], expected: dict[str, bytes | None], **kw: int
) -> int:
    """Kill a build at each of its changes to the disk in turn, until one finishes; how many were killed."""
    for step in range(1, 1000):
        root = tmp / f"{name}-{step}"
        corpus(root)
        prepare(root)
        if not killed_at(root, step, **kw):
            assert tree(root) == expected, f"{name}: a build that was not killed"
            return step - 1
        recovers(root, expected, f"{name}: killed at change {step}")
    raise AssertionError("the build never finished")


def test_a_build_killed_at_any_change_to_docs_is_completed_by_the_next(tmp_path: Path) -> None:
    first = clean(tmp_path / "clean-first")
    edited = clean(tmp_path / "clean-edited", edit)
    assert first != edited

    def rebuild(root: Path) -> None:
        assert build(root).ok
        edit(root)

    kills = kill_everywhere(tmp_path, "first", lambda root: None, first)
    assert kills > 50  # every page is at least a temporary file and a rename
    kills += kill_everywhere(tmp_path, "rebuild", rebuild, edited)

    # killed twice in a row, the second time while the first's leftovers are cleared
    rng = random.Random(1)
    for n in range(6):
        root = corpus(tmp_path / f"twice-{n}")
        rebuild(root)
        one, two = rng.randrange(5, 40), rng.randrange(1, 20)
        assert killed_at(root, one) and killed_at(root, two)
        kills += 2
        recovers(root, edited, f"killed at change {one}, then at {two}")
    assert kills > 100


def test_a_build_whose_workers_are_killed_is_completed_by_the_next(tmp_path: Path) -> None:
    # pages rendered and written by two forked workers: the kill takes the whole process group
    expected = clean(tmp_path / "clean")
    kills = 0
    for step in range(2, 40, 3):
        root = corpus(tmp_path / f"workers-{step}")
        if killed_at(root, step, jobs=2):
            kills += 1
            recovers(root, expected, f"workers killed at change {step}")
    assert kills >= 10


def test_builds_killed_at_random_moments_are_completed_by_the_next(tmp_path: Path) -> None:
    expected = {False: clean(tmp_path / "clean"), True: clean(tmp_path / "clean-edited", edit)}
    start = time.monotonic()
    build(corpus(tmp_path / "timing"))
    whole = time.monotonic() - start
    rng = random.Random(7)
    kills = 0
    for n in range(16):
        root = corpus(tmp_path / f"random-{n}")
        rebuild = bool(n % 2)
        if rebuild:  # over a finished build
            assert build(root).ok
            edit(root)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.setpgid(0, 0)
            os._exit(0 if build(root).ok else 1)
        with contextlib.suppress(PermissionError):  # the child may have done it first
            os.setpgid(pid, pid)
        time.sleep(rng.uniform(0.1, 1.0) * whole)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            kills += 1
            gone(root)
        recovers(root, expected[rebuild], f"killed at random ({n})")
    assert kills >= 8

    # the command itself, as a user runs it and kills it
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "build_scripts", "build"]
    for n in range(3):
        root = corpus(tmp_path / f"command-{n}")
        proc = subprocess.Popen(
            command, cwd=root, env={**env, "BUILD_SCRIPTS_FAULT": f"kill:{10 + 15 * n}"}, start_new_session=True
        )
        assert proc.wait() == -signal.SIGKILL
        gone(root)
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert tree(root) == expected[False]


@pytest.fixture(autouse=True)
def _quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds in this process (and the processes it forks) that skip what every build repeats and
    nothing here is about: the glossary read in this process (its pinyin dictionary loaded once,
    not by a new process each build), one tokenizer per glossary, the templates compiled once.
    The writing, what these tests are about, is the build's own."""
    assert not getattr(write, "_FAULT", "")
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    made = functools.cache(lambda words: TOKENIZER(words))
    monkeypatch.setattr(segment, "tokenizer", lambda words=(): made(tuple(words)))
    monkeypatch.setattr(render, "environment", functools.cache(render.environment))
