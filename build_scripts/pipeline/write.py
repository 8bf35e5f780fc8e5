"""Pages → files under docs/, through a manifest: write only what changed, delete only our own stale
files, and never overwrite a file we did not generate or one edited by hand since the last build.

A build is a transaction. Before a page is replaced, its path and new digest are appended to a
journal (docs/.generated.journal, fsynced); the manifest (docs/.generated.json) is replaced once
every page is written and the stale ones deleted, and the journal then removed. A build killed at
any moment thus leaves only files the next build recognises as its own (the manifest's digests or
the journal's), and temporary files with names no other process uses, which the next build
removes. One build at a time holds docs/.build.lock (flock: the kernel releases it when the build
dies). `--force` keeps what it overwrites under .build-backups/<stamp>/, outside docs/, so that
MkDocs never publishes it. Neither docs/ nor anything in it may be a symbolic link (links()), and
the build's own files are opened without following one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import signal
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Protocol

from ..core.model import Page, Problem
from ..core.problems import problem

MANIFEST = ".generated.json"
JOURNAL = ".generated.journal"  # pages being written by a build not yet finished: one JSON [path, digest] a line
LOCK = ".build.lock"
BACKUPS = ".build-backups"  # at the project's root, beside docs/
TMP_SUFFIX = ".build-tmp"  # a page's temporary file: .<name>.<random>.build-tmp, beside it
OWN_FILES = frozenset({MANIFEST, JOURNAL, LOCK})
RECOVER = "python -m build_scripts build --force"
_DIGEST = re.compile(r"[0-9a-f]{64}")

# Test-only fault injection, for tests/pipeline/test_faults.py: BUILD_SCRIPTS_FAULT=kill:N sends SIGKILL to
# the build's process group (run it in a group of its own) just before this process's Nth change to
# the disk; stop:N stops the process there (SIGSTOP) until it is continued.
_FAULT = os.environ.get("BUILD_SCRIPTS_FAULT", "")
_steps = 0


def _step() -> None:
    """Called before every change this module makes to the disk."""
    global _steps
    if not _FAULT:
        return
    _steps += 1
    action, _, at = _FAULT.partition(":")
    if _steps == int(at):
        if action == "kill":
            os.killpg(0, signal.SIGKILL)
        elif action == "stop":
            os.kill(os.getpid(), signal.SIGSTOP)


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # temporary files are created 0600; pages get what open() would give


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    deleted: tuple[str, ...]
    backups: tuple[str, ...]  # relative to the project's root (.build-backups/<stamp>/<page>)


class WriteFailed(Exception):
    """The disk refused a change (full, read-only, another build running): one problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)  # args alone: it crosses from a worker process pickled
        self.problem = problem


class Placed(Protocol):
    """A page to come, as plan() needs it: where it goes and what an editor changes instead."""

    @property
    def path(self) -> str: ...  # relative to docs/, POSIX separators

    @property
    def sources(self) -> tuple[str, ...]: ...


class Outcome(NamedTuple):
    """What Writer.put() did with one page."""

    path: str
    digest: str  # of the page's bytes, for the manifest
    written: bool  # False: the file already held these bytes
    backup: str | None  # with force, where a hand-edited file was kept


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _failure(exc: OSError, file: str, what: str) -> WriteFailed:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        code = "write.no-space"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        code = "write.not-writable"
    elif exc.errno == errno.ELOOP:  # opened with O_NOFOLLOW: the build's own files are never links
        code = "write.own-file-link"
    else:
        code = "write.failed"
    return WriteFailed(problem(code, file, what=what, reason=exc.strerror or exc))


def inside(out: Path, rel: str, folders: dict[str, bool] | None = None) -> str:
    """Why `rel` may not be a generated file's path under `out` ("" if it may): it must be relative,
    plain (no `..`, `.` or empty part), not one of the build's own files, and no symbolic link to a
    folder may lead it out of `out`. (A link in the file's own place is harmless: replacing or
    deleting it changes the link, never what it points to.) `folders` caches what each folder
    resolves to, for many paths."""
    if not rel or "\\" in rel or "\0" in rel:
        return "not a relative POSIX path"
    if rel.startswith("/") or re.match(r"[A-Za-z]:", rel):
        return "an absolute path"
    if any(part in ("", ".", "..") for part in rel.split("/")):
        return "not a plain path inside docs/ (an empty, `.` or `..` part)"
    if rel in OWN_FILES:
        return "one of the build's own files"
    folder = rel.rpartition("/")[0]
    cache = {} if folders is None else folders
    if folder not in cache:
        cache[folder] = (out / folder).resolve().is_relative_to(out.resolve())
    if not cache[folder]:
        return "leads outside docs/ through a symbolic link"
    return ""


def _read_own(path: Path) -> bytes:
    """One of the build's own files, never through a symbolic link (ELOOP if it is one)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as f:
        return f.read()


def _linked_out(out: Path) -> Problem:
    return problem("write.docs-link", "docs/", target=os.readlink(out))


def links(out: Path) -> list[Problem]:
    """Symbolic links in docs/ or docs/ itself, one walk, each a problem: the build's own files
    and pages would be written through them, and MkDocs would publish whatever they point to,
    from anywhere. Every link is refused, not only one that leads out of docs/ today: a link can
    be repointed after it was checked, and a copy serves the site as well."""
    if out.is_symlink():
        return [_linked_out(out)]
    found: list[Path] = []
    folders = [out]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        found.append(Path(entry.path))
                    elif entry.is_dir(follow_symlinks=False):
                        folders.append(Path(entry.path))
        except OSError:
            continue  # missing or unreadable: what writes there reports it
    problems = []
    for link in sorted(found):
        rel = link.relative_to(out).as_posix()
        code = "write.link-as-own-file" if rel in OWN_FILES else "write.link"
        problems.append(problem(code, f"docs/{rel}", target=os.readlink(link)))
    return problems


@dataclass(frozen=True)
class Previous:
    """What earlier builds left in docs/: for each path, the digests a build of ours wrote there
    (the manifest's, and the journal's of a build that did not finish)."""

    known: dict[str, frozenset[str]]
    problems: tuple[Problem, ...]  # the manifest is damaged or names paths it may not: a plain build stops
    trusted: bool  # False: the manifest could not be read at all


# What is wrong with the manifest stops a plain build; `--force` reports it and builds past it.
FORCED = {
    "write.manifest-unreadable": "write.manifest-unreadable-forced",
    "write.manifest-not-json": "write.manifest-not-json-forced",
    "write.manifest-not-files": "write.manifest-not-files-forced",
    "write.manifest-bad-entry": "write.manifest-bad-entry-forced",
}


def _damaged(code: str, force: bool, **values: object) -> Problem:
    return problem(
        FORCED[code] if force else code,
        f"docs/{MANIFEST}",
        None,
        column=None,
        recover=RECOVER,
        backups=BACKUPS,
        **values,
    )


def read_previous(out: Path, *, force: bool = False) -> Previous:
    """What earlier builds left in `out`; with `force`, what is wrong with the manifest is a warning."""
    known: dict[str, set[str]] = {}
    problems: list[Problem] = []
    trusted = True
    path = out / MANIFEST
    files: object = {}
    try:
        data = json.loads(_read_own(path).decode("utf-8"))
    except FileNotFoundError:
        data = {"files": {}}
    except OSError as exc:
        data, trusted = None, False
        problems.append(_damaged("write.manifest-unreadable", force, reason=exc.strerror))
    except ValueError as exc:  # not UTF-8, not JSON, truncated
        data, trusted = None, False
        problems.append(_damaged("write.manifest-not-json", force, reason=exc))
    if data is not None:
        files = data.get("files") if isinstance(data, dict) else None
        if not isinstance(files, dict):
            trusted = False
            problems.append(_damaged("write.manifest-not-files", force))
            files = {}
    assert isinstance(files, dict)
    folders: dict[str, bool] = {}
    for rel, digest in files.items():
        why = inside(out, rel, folders) if isinstance(rel, str) else "not a string"
        if not why and not (isinstance(digest, str) and _DIGEST.fullmatch(digest)):
            why = "its digest is not a SHA-256 in hex"
        if why:
            problems.append(
                _damaged("write.manifest-bad-entry", force, path=json.dumps(rel, ensure_ascii=False), why=why)
            )
            continue
        known.setdefault(rel, set()).add(digest)
    try:
        lines = _read_own(out / JOURNAL).split(b"\n")[:-1]  # a line cut short was never acted on
    except FileNotFoundError:
        lines = []
    except OSError as exc:
        raise _failure(exc, f"docs/{JOURNAL}", "read the journal of the last build") from exc
    for line in lines:
        # the journal is ours, written line by line: a line that does not parse was cut short by a
        # full disk and never acted on; one that names a path outside docs/ is never acted on either
        try:
            rel, digest = json.loads(line)
        except (ValueError, TypeError):
            continue
        if not (isinstance(rel, str) and isinstance(digest, str) and _DIGEST.fullmatch(digest)):
            continue
        if not inside(out, rel, folders):
            known.setdefault(rel, set()).add(digest)
    return Previous({k: frozenset(v) for k, v in known.items()}, tuple(problems), trusted)


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """docs/ for this build alone, while the block runs: another build is refused (WriteFailed).
    A process forked inside the block shares the lock (flock: one per open file description)."""
    lock = out / LOCK
    if out.is_symlink():
        raise WriteFailed(_linked_out(out))
    try:
        out.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, _FILE_MODE)
        except OSError as exc:
            if exc.errno == errno.ELOOP or not lock.is_file():
                raise
            fd = os.open(lock, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)  # flock needs no write access
    except OSError as exc:
        raise _failure(exc, f"docs/{LOCK}", "create the build's lock file") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WriteFailed(problem("write.locked", "docs/", lock=LOCK)) from None
        yield
    finally:
        os.close(fd)  # and with it the lock


def plan(pages: Iterable[Placed], out: Path, *, force: bool = False) -> list[Problem]:
    """Everything that would stop a write, found before anything is written (pages need not be
    rendered yet: only their paths and sources count)."""
    previous = read_previous(out, force=force)
    problems = list(previous.problems)
    known = previous.known
    seen: dict[str, Placed] = {}
    folders: dict[str, bool] = {}
    for page in pages:
        if page.path in seen:
            problems.append(problem("write.same-path", f"docs/{page.path}"))
        seen[page.path] = page
        why = inside(out, page.path, folders)
        if why:
            problems.append(problem("write.bad-path", f"docs/{page.path}", why=why))
    for rel in sorted(set(seen) | set(known)):
        target = out / rel
        if not target.is_file() or inside(out, rel, folders):
            continue
        try:
            current = _digest(target.read_bytes())
        except OSError as exc:
            raise _failure(exc, f"docs/{rel}", "read the file") from exc
        if rel not in known:
            if force and not previous.trusted and rel in seen:
                continue  # the manifest is unreadable: with --force, kept as a backup and overwritten
            problems.append(problem("write.not-generated", f"docs/{rel}"))
        elif current not in known[rel] and not force:
            owner = seen.get(rel)
            where = ", ".join(owner.sources) if owner and owner.sources else "source/"
            problems.append(problem("write.edited", f"docs/{rel}", where=where, backups=BACKUPS))
    return problems


class Writer:
    """Writes pages under `out` (call plan() first, and hold locked(out)): a file is written only if
    its bytes change, through a temporary file, after the journal records it; with force, a
    hand-edited file is kept as a backup first, under <out's parent>/.build-backups/<stamp>/.

    put() may run in several processes at once (forked workers inherit the writer), each writing
    its own pages; finish() runs once, with every outcome: it deletes the stale files of the last
    build, writes the manifest and removes the journal. `planned`, if given, is every path plan()
    checked: a page outside it is refused, since nothing checked that it may overwrite what is there.
    A change the disk refuses raises WriteFailed; what is on disk then is recognised by the next build.
    """

    def __init__(self, out: Path, *, force: bool = False, planned: Iterable[str] | None = None) -> None:
        self.out = out
        self.force = force
        self.known = read_previous(out).known
        self.planned = None if planned is None else frozenset(planned)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        n, self.backups = 1, out.parent / BACKUPS / stamp
        while self.backups.exists():
            n += 1
            self.backups = out.parent / BACKUPS / f"{stamp}-{n}"
        self._remove_temporary_files()

    def _remove_temporary_files(self) -> None:
        """Temporary files of a build that was killed: in the folders of the pages it may have been
        writing (the journal lists every page before its temporary file is made)."""
        folders = {self.out} | {(self.out / rel).parent for rel in self.known}
        folders |= {(self.out / rel).parent for rel in self.planned or ()}
        for folder in sorted(folders):
            for tmp in folder.glob(f".*{TMP_SUFFIX}") if folder.is_dir() else ():
                try:
                    _step()
                    tmp.unlink()
                except OSError as exc:
                    raise _failure(
                        exc, f"docs/{tmp.relative_to(self.out).as_posix()}", "remove a temporary file"
                    ) from exc

    def put(self, pages: Iterable[Page]) -> list[Outcome]:
        done: list[Outcome] = []
        todo: list[tuple[int, str, bytes, str, bytes | None]] = []
        for page in pages:
            if self.planned is not None and page.path not in self.planned:
                raise RuntimeError(f"docs/{page.path}: a page that plan() did not check; nothing may write it")
            data = page.content.encode("utf-8")
            digest = _digest(data)
            try:
                existing: bytes | None = (self.out / page.path).read_bytes()
            except FileNotFoundError:
                existing = None
            except OSError as exc:
                raise _failure(exc, f"docs/{page.path}", "read the page") from exc
            done.append(Outcome(page.path, digest, existing != data, None))
            if existing != data:
                todo.append((len(done) - 1, page.path, data, digest, existing))
        if not todo:
            return done
        self._record([(rel, digest) for _, rel, _, digest, _ in todo])
        made = set[Path]()  # folders known to exist
        for i, rel, data, digest, existing in todo:
            target = self.out / rel
            kept: str | None = None
            if existing is not None and self.force and _digest(existing) not in self.known.get(rel, ()):
                kept = self._keep(rel, existing)
            try:
                if target.parent not in made:
                    _step()
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                _replace(target, data)
            except OSError as exc:
                raise _failure(exc, f"docs/{rel}", "write the page") from exc
            done[i] = Outcome(rel, digest, True, kept)
        return done

    def _record(self, entries: list[tuple[str, str]]) -> None:
        """Append to the journal, on disk before any of these pages is touched."""
        # a leading newline ends a line a full disk may have cut short
        text = "\n" + "".join(json.dumps([rel, digest], ensure_ascii=False) + "\n" for rel, digest in entries)
        path = self.out / JOURNAL
        try:
            _step()
            self.out.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, _FILE_MODE)
            try:
                data = text.encode("utf-8")
                while data:
                    data = data[os.write(fd, data) :]
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise _failure(exc, f"docs/{JOURNAL}", "record the pages about to be written") from exc

    def _keep(self, rel: str, data: bytes) -> str:
        copy = self.backups / rel
        try:
            _step()
            copy.parent.mkdir(parents=True, exist_ok=True)
            _replace(copy, data)
        except OSError as exc:
            name = copy.relative_to(self.out.parent).as_posix()
            raise _failure(exc, name, f"keep a backup of docs/{rel}") from exc
        return copy.relative_to(self.out.parent).as_posix()

    def finish(self, outcomes: Iterable[Outcome]) -> WriteReport:
        out, known = self.out, self.known
        written: list[str] = []
        unchanged: list[str] = []
        deleted: list[str] = []
        backups: list[str] = []
        new_manifest: dict[str, str] = {}
        for o in outcomes:
            new_manifest[o.path] = o.digest
            (written if o.written else unchanged).append(o.path)
            if o.backup:
                backups.append(o.backup)
        for rel in sorted(set(known) - set(new_manifest)):
            target = out / rel
            try:
                if target.is_file():
                    data = target.read_bytes()
                    if _digest(data) not in known[rel]:
                        if not self.force:
                            continue  # edited by hand since plan() looked: left alone
                        backups.append(self._keep(rel, data))
                    _step()
                    target.unlink()
                    deleted.append(rel)
                parent = target.parent
                while parent != out and parent.is_dir() and not any(parent.iterdir()):
                    _step()
                    parent.rmdir()
                    parent = parent.parent
            except OSError as exc:
                raise _failure(exc, f"docs/{rel}", "delete a stale page") from exc
        manifest_text = (
            json.dumps(
                {"generator": "build_scripts", "files": dict(sorted(new_manifest.items()))},
                ensure_ascii=False,
                indent=1,
            )
            + "\n"
        ).encode("utf-8")
        manifest_path = out / MANIFEST
        journal = out / JOURNAL
        try:
            try:
                current: bytes | None = _read_own(manifest_path)
            except FileNotFoundError:
                current = None
            if current != manifest_text:
                _step()
                out.mkdir(parents=True, exist_ok=True)
                _replace(manifest_path, manifest_text, sync=True)
            if journal.exists():
                _step()
                journal.unlink()
        except OSError as exc:
            raise _failure(exc, f"docs/{MANIFEST}", "write the manifest") from exc
        return WriteReport(tuple(written), tuple(unchanged), tuple(deleted), tuple(backups))


def _replace(target: Path, data: bytes, *, sync: bool = False) -> None:
    """Write `data` to `target` through a temporary file no other process names, removed if it fails.

    Only the manifest is fsynced (with its folder): syncing every page would cost a large build
    seconds, and a build killed loses nothing the kernel holds. After a power cut a page may be
    left empty: the next build reports it as edited by hand, and --force rewrites it.
    """
    _step()
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX, dir=target.parent)
    try:
        try:
            os.fchmod(fd, _FILE_MODE)
            view = memoryview(data)
            while view:
                _step()
                view = view[os.write(fd, view) :]
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        _step()
        os.replace(name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    if sync:
        folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
