"""Two versions of a project (a commit; another, or the working tree) → a Markdown report of what changed.

The reviewers' only view of a pull request, so: every file is copied out of git or the working tree
with its path checked and no link followed; every kind of file under source/ has its own section,
read with the build's own parsers; anything else that changed is listed first, for a maintainer;
contributor text is shown only as literal text (code spans, <pre> blocks); and the work grows with
the size of the change, not with the square of the article's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import hashlib
import html
import os
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from types import FrameType
from typing import Any

from ..core import names
from ..core.model import (
    Article,
    BuildError,
    Collection,
    Erratum,
    Note,
    Problem,
    Section,
    SourceInfo,
    Translation,
    landing_path,
    section_path,
)
from ..core.problems import errors, problem
from ..pipeline.build import Run, build, glossary_stage, with_apparatus
from ..read import cite, collection, glossary
from ..read.edition import parse_edition, wording
from ..read.glossary import Term
from ..read.sources import read_sources
from ..text.sequences import Counter, opcodes
from ..text.textio import MAX_BYTES

# Latin words and numbers are compared whole (g20 → G20 is g → G); every other character on its own.
TOKEN_RE = re.compile(r"[A-Za-z]+|[0-9]+(?:\.[0-9]+)?|\s+|.", re.S)
# Every key an entry may have (glossary.KEYS), `id` (derived when not given) after `term`.
TERM_FIELDS = ("term", "id", *(k for k in glossary.KEYS if k not in ("term", "id")))
# A changed sentence is told apart from a removed one and an added one by how alike the two are.
SIMILAR = 0.5
PAIRING_LIMIT = 2500  # sentence pairs compared in one replaced run; beyond it, a run is a rewrite
# The longest one-line value shown inline (in a code span); a longer one, or one of several lines, is a block.
INLINE = 160
LONG_TEXT = 8000  # tokens of two texts compared character by character with difflib; more with opcodes()
CONTEXT = 40  # characters shown either side of a change in a long text
# Files of the build's own under docs/ (its manifest, lock and journal), never a contributor's.
BUILD_FILES = re.compile(r"^(\.generated\.json|\.generated\.journal|\.build\.lock|\..*\.build-tmp)$")


class ChangesError(Exception):
    """The comparison cannot be made at all (a bad ref, no git repository)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class Interrupted(BaseException):
    """The command was asked to stop (Ctrl-C, SIGTERM, SIGHUP): raised where the process is, so
    that every `with` block unwinds and the temporary copies go."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


_OWNER: list[int] = []  # the process whose scratch() set the handlers


def _interrupt(signum: int, frame: FrameType | None) -> None:
    if _OWNER and os.getpid() != _OWNER[-1]:
        # a forked worker of the build (its pool ends it with SIGTERM): the signal does what it
        # would have done there, rather than unwind a copy of this process's stack
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise Interrupted(signum)


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A temporary folder, removed however the block ends: an exception, Ctrl-C, SIGTERM or SIGHUP
    (each raised as Interrupted in the block). The signals wait while the folder is made and while
    it is removed, so that neither is cut short."""
    main = threading.current_thread() is threading.main_thread()  # only the main thread may set handlers
    previous = {sig: signal.signal(sig, _interrupt) for sig in SIGNALS} if main else {}
    _OWNER.append(os.getpid())
    try:
        if main:
            signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
        path = Path(tempfile.mkdtemp(prefix="changes-"))
        try:
            if main:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
            yield path
        finally:
            if main:
                signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
            try:
                shutil.rmtree(path, ignore_errors=True)
            finally:
                if main:  # a signal that came meanwhile is raised here, the folder gone
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
    finally:
        _OWNER.pop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# --- the two versions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """One version of source/, read with the project's parsers."""

    ref: str  # as the command was given it (`origin/main`), or "" for the working tree
    commit: str
    root: Path | None  # a project folder holding this version's source/; None: the version has none
    articles: dict[str, Article]  # by edition path, source/articles/<slug>.md
    terms: dict[str, Term]  # by `term`
    problems: tuple[Problem, ...]  # errors: what could not be read
    glossary_read: bool = True  # False: entries with errors are missing from `terms`
    # what the copy refused: a path that would leave it, a symbolic link, a file that is not one
    refused: tuple[Problem, ...] = ()
    files: dict[str, str] = field(default_factory=dict)  # every file under source/ → its SHA-256
    # the glossary's entries as written, by `term`: each key's value as text (for keys a Term lacks: `also`)
    entries: dict[str, dict[str, str]] = field(default_factory=dict)
    collection: Collection | None = None
    collection_read: bool = True
    # the files beside an edition, by edition path: their names as an editor sees them
    apparatus: dict[str, tuple[str, str]] = field(default_factory=dict)  # (notes file, translation file)

    @property
    def incomplete(self) -> bool:
        return bool(self.problems or self.refused)


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise ChangesError(problem("changes.no-git", "git", reason=exc.strerror)) from exc
    if proc.returncode:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        if message:
            raise ChangesError(problem("changes.git-failed", f"git {args[0]}", message=message[-1]))
        raise ChangesError(problem("changes.git-exit", f"git {args[0]}", status=proc.returncode))
    return proc.stdout


def repository(root: Path) -> str:
    """The path of `root` inside its git repository (`` at the top); ChangesError outside one."""
    try:
        return git(root, "rev-parse", "--show-prefix").decode().strip()
    except ChangesError:
        raise ChangesError(problem("changes.not-a-repository", str(root))) from None


def resolve(root: Path, ref: str) -> str:
    """The commit `ref` names, in full."""
    try:
        return git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").decode().strip()
    except ChangesError:
        raise ChangesError(problem("changes.unknown-ref", "changes", ref=ref)) from None


def checked_path(path: str) -> str | None:
    """Why a path read from git or the disk cannot be written inside a copy, or None if it can:
    relative, of plain names (no empty, `.` or `..` part), valid UTF-8, no control character."""
    if path.startswith("/"):
        return "an absolute path"
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return "a path with a `..`, `.` or empty part, which would point outside its folder"
    if any(0xDC80 <= ord(c) <= 0xDCFF for c in path):
        return "a file name that is not UTF-8"
    if any(not c.isprintable() and c not in " " for c in path):
        return "a file name with a control character"
    return None


def _write_inside(dest: Path, rel: str, data: bytes) -> None:
    """Write `data` at dest/rel, a checked path: every folder made here, none followed if it is a
    link, the file created new (a second entry of one path fails rather than overwrite)."""
    target = dest.joinpath(*rel.split("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.parent.resolve().is_relative_to(dest.resolve()):
        raise OSError(0, "the folder is not inside the copy")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def export(root: Path, prefix: str, commit: str, dest: Path) -> tuple[bool, list[Problem]]:
    """Copy the commit's source/ into dest/source/ (False if the commit has none), and the entries refused.

    The tree is listed with `git ls-tree` and the files read with `git cat-file`: git's objects as
    committed. (`git archive` would apply the tree's own .gitattributes, which the pull request
    controls: `export-ignore` would leave a file out of the report without a word.) Every path is
    checked before anything is written: an entry named `..` (git mktree makes one, git fetch takes
    it) is refused, never written; so are symbolic links and submodules, each named."""
    where = f"{prefix}{names.SOURCE_DIR}"
    kind = git(root, "ls-tree", "-z", "--full-tree", commit, "--", where).split(b"\0")[0]
    if not kind:
        return False, []
    mode = kind.split(b" ", 1)[0]
    if mode != b"040000":
        what = "a symbolic link" if mode == b"120000" else "not a folder"
        refused = problem(
            "changes.source-not-a-folder", names.SOURCE_DIR, folder=names.SOURCE_DIR, what=what, commit=commit[:10]
        )
        return False, [refused]
    listing = git(root, "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", where + "/")
    problems: list[Problem] = []
    blobs: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        info, raw_name = entry.split(b"\t", 1)
        mode_s, kind_s, sha, length = info.decode().split()
        path = raw_name.decode("utf-8", "surrogateescape")
        shown = path[len(prefix) :] if path.startswith(prefix) else path
        rel = path[len(where) + 1 :] if path.startswith(where + "/") else None
        why = checked_path(rel) if rel is not None else "a path outside source/"
        if why is not None or rel is None:
            problems.append(problem("changes.refused-path", shown, why=why or "not a file"))
        elif mode_s == "120000":
            target = git(root, "cat-file", "blob", sha)[:500].decode("utf-8", "replace")
            problems.append(problem("changes.committed-link", shown, target=repr(target)))
        elif kind_s != "blob":
            problems.append(problem("changes.not-a-file", shown, what="submodule" if mode_s == "160000" else kind_s))
        elif int(length) > MAX_BYTES:  # never read: the build reads no file this large either
            problems.append(problem("changes.committed-too-large", shown, size=int(length), limit=MAX_BYTES))
        else:
            blobs.append((sha, rel))
    data = git(root, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha, _ in blobs).encode()) if blobs else b""
    at = 0
    base = dest / names.SOURCE_DIR
    base.mkdir(parents=True, exist_ok=True)
    for _, rel in blobs:
        header_end = data.index(b"\n", at)
        size = int(data[at:header_end].split()[2])
        try:
            _write_inside(base, rel, data[header_end + 1 : header_end + 1 + size])
        except OSError as exc:
            problems.append(problem("changes.uncopyable", f"{names.SOURCE_DIR}/{rel}", reason=exc.strerror or exc))
        at = header_end + 1 + size + 1
    return True, problems


def copy_source(root: Path, dest: Path) -> tuple[bool, list[Problem]]:
    """Copy the working tree's source/ into dest/source/ (False if there is none), following no
    symbolic link: `make check` refuses a link out of the project, and the report, which would
    otherwise quote what a link points to (/proc/self/environ) or loop for ever (a link to `..`),
    names each link instead of reading it."""
    top = root / names.SOURCE_DIR
    if top.is_symlink():
        return False, [problem("changes.source-link", names.SOURCE_DIR, folder=names.SOURCE_DIR)]
    if not top.is_dir():
        return False, []
    problems: list[Problem] = []
    base = dest / names.SOURCE_DIR
    base.mkdir(parents=True)

    def walk(folder: Path, rel: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(problem("changes.unreadable", f"{names.SOURCE_DIR}/{rel}", reason=exc.strerror))
            return
        for e in entries:
            path = f"{rel}{e.name}"
            shown = f"{names.SOURCE_DIR}/{path}"
            why = checked_path(path)
            if why is not None:
                problems.append(problem("changes.refused-path", shown, why=why))
            elif e.is_symlink():
                problems.append(problem("changes.link", shown, target=repr(os.readlink(e.path))))
            elif e.is_dir(follow_symlinks=False):
                walk(Path(e.path), path + "/")
            elif not e.is_file(follow_symlinks=False):
                problems.append(problem("changes.special-file", shown))
            else:
                problems.extend(_copy_file(Path(e.path), base, path, shown))

    walk(top, "")
    return True, problems


def _copy_file(path: Path, base: Path, rel: str, shown: str) -> list[Problem]:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return [problem("changes.not-regular", shown)]
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        return [problem("changes.unreadable", shown, reason=exc.strerror)]
    if len(data) > MAX_BYTES:
        return [problem("changes.too-large", shown, limit=MAX_BYTES)]
    _write_inside(base, rel, data)
    return []


def digests(root: Path | None) -> dict[str, str]:
    """Every file of a copy's source/ (which holds no link) → its SHA-256."""
    if root is None:
        return {}
    top = root / names.SOURCE_DIR
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(top.rglob("*"))
        if p.is_file()
    }


def read_snapshot(ref: str, commit: str, root: Path | None, refused: Iterable[Problem] = ()) -> Snapshot:
    """Parse every edition (with its notes, translation and `source:`), the glossary and the
    collection file under root/source/, keeping what could be read."""
    refused = tuple(refused)
    if root is None:
        return Snapshot(ref, commit, None, {}, {}, (), refused=refused)
    articles: dict[str, Article] = {}
    problems: list[Problem] = []
    apparatus: dict[str, tuple[str, str]] = {}
    sources = read_sources(root)
    for edition in sources.articles:
        try:
            article, found = parse_edition(edition, sources.raws)
        except BuildError as exc:
            problems += errors(exc.problems)
            continue
        article, found = with_apparatus(sources, article, found)
        problems += errors(found)
        articles[article.source] = article
        notes_file, english_file = sources.notes.get(article.slug), sources.translations.get(article.slug)
        apparatus[article.source] = (notes_file.name if notes_file else "", english_file.name if english_file else "")
    terms, found = glossary_stage(sources.glossary, Run(jobs=1))
    glossary_errors = errors(found)
    entries: dict[str, dict[str, str]] = {}
    if sources.glossary is not None:
        with contextlib.suppress(BuildError):
            for _, _, term, _, entry in glossary.parse_glossary(sources.glossary).entries:
                entries[term] = {k: _text(v) for k, v in entry.items()}
    site, found = (None, []) if sources.collection is None else _collection(sources)
    collection_errors = errors(found)
    return Snapshot(
        ref,
        commit,
        root,
        articles,
        {t.term: t for t in terms},
        (*problems, *glossary_errors, *collection_errors),
        not glossary_errors,
        refused,
        digests(root),
        entries,
        site,
        not collection_errors,
        apparatus,
    )


def _collection(sources: Any) -> tuple[Collection | None, list[Problem]]:
    try:
        return collection.load_collection(sources.collection)
    except BuildError as exc:
        return None, list(exc.problems)


def _text(value: object) -> str:
    if isinstance(value, list):
        return "、".join(str(v).strip() for v in value)
    return "" if value is None else str(value).strip()


# --- text differences ----------------------------------------------------------------------------

Op = tuple[str, str]  # ("=" | "-" | "+", text)


def text_diff(before: str, after: str) -> list[Op]:
    """Character-level differences (Latin words and numbers whole), in reading order."""
    a, b = TOKEN_RE.findall(before), TOKEN_RE.findall(after)
    ops: list[Op] = []
    # a sentence, a note or a definition (a few thousand characters at most) by SequenceMatcher,
    # which finds the longest common runs; a longer text (a raw file) by opcodes(), whose work is bounded
    short = len(a) + len(b) <= LONG_TEXT
    found = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if short else opcodes(a, b)
    for tag, i1, i2, j1, j2 in found:
        if tag == "equal":
            ops.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("+", "".join(b[j1:j2])))
    return _merge_slivers(ops)


def _merge_slivers(ops: list[Op]) -> list[Op]:
    """A single unchanged character between two changes is folded into them: 把甲换成乙 reads better
    as one replacement than as a string of one-character ones."""
    out: list[Op] = []
    for k, (tag, text) in enumerate(ops):
        between = 0 < k < len(ops) - 1 and ops[k - 1][0] != "=" and ops[k + 1][0] != "="
        if tag == "=" and len(text) == 1 and between:
            out = _absorb(out, text)
            continue
        if tag != "=" and out and out[-1][0] != "=":
            out = _absorb(out, "", (tag, text))
            continue
        out.append((tag, text))
    return out


def _absorb(out: list[Op], common: str, extra: Op | None = None) -> list[Op]:
    """The changes at the end of `out`, with `common` added to both sides and `extra` to its side."""
    tail: dict[str, str] = {"-": "", "+": ""}
    while out and out[-1][0] != "=":
        tag, text = out.pop()
        tail[tag] = text + tail[tag]
    tail["-"] += common
    tail["+"] += common
    if extra is not None:
        tail[extra[0]] += extra[1]
    return out + [(tag, tail[tag]) for tag in ("-", "+") if tail[tag]]


# --- showing contributor text ----------------------------------------------------------------------
#
# The report is read on GitHub (the job's summary page), whose Markdown links bare addresses
# (www.example.com, https://…), @mentions and #123 references, and keeps some HTML. Escaping each
# of these is a race: a code span or a <pre> block is read as literal text by Markdown, and GitHub
# links nothing inside either, so contributor text goes only there, unchanged (what a reviewer
# copies is what the contributor wrote). A code span holds one line; longer or several-line text,
# and character differences (<del>, <ins>), go into a <pre> block at the start of a line, which
# Markdown passes on as HTML without reading it: its text is HTML-escaped.


def code(text: str) -> str:
    """Text as a Markdown code span, whatever backticks or spaces it holds; a line break shows as ↵
    (multi-line text is shown with block() instead)."""
    if not text:
        return "(empty)"
    text = text.replace("\r\n", "↵").replace("\n", "↵").replace("\r", "↵")
    ticks = "`" * max([1, *(len(run) + 1 for run in re.findall(r"`+", text))])
    # one space inside each end is taken away by Markdown when both ends have one: added when the
    # text starts or ends with a backtick or a space, so that exactly the text shows
    pad = " " if text[0] in "` " or text[-1] in "` " else ""
    if text.strip(" ") == "":
        pad = ""  # a code span of spaces only is shown as it is
        text = text.replace(" ", "␣")
    return f"{ticks}{pad}{text}{pad}{ticks}"


def path_text(path: str) -> str:
    """A file's path as a code span: characters that are not printable as git would quote them."""
    return code(
        "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode() for c in path)
    )


def pre(inner_html: str) -> list[str]:
    """A <pre> block of HTML-escaped text (and <del>/<ins>), as report lines, with the blank lines
    that keep it a block of its own."""
    return ["", f"<pre>{inner_html}</pre>", ""]


def block(text: str) -> list[str]:
    return pre(html.escape(text, quote=False) if text else "(empty)")


def literal(label: str, text: str) -> list[str]:
    """`label` followed by the text: inline when it is one short line, else as a block below."""
    if "\n" not in text and "\r" not in text and len(text) <= INLINE:
        return [f"{label} {code(text)}"]
    return [label, *block(text)]


def _visible(text: str) -> str:
    return html.escape(text, quote=False) if text.strip() else "␣" * len(text)  # a removed or added space shows


def show_diff(ops: list[Op]) -> str:
    """Differences inline, as HTML for a <pre> block: removed text struck through, added underlined."""
    out = []
    for tag, text in ops:
        if tag == "=":
            out.append(html.escape(text, quote=False))
        elif tag == "-":
            out.append(f"<del>{_visible(text)}</del>")
        else:
            out.append(f"<ins>{_visible(text)}</ins>")
    return "".join(out)


def excerpt(ops: list[Op]) -> list[Op]:
    """The differences of a long text with CONTEXT characters of unchanged text either side of each."""
    out: list[Op] = []
    for k, (tag, text) in enumerate(ops):
        if tag == "=" and len(text) > 2 * CONTEXT + 1:
            head = text[:CONTEXT] if k > 0 else ""
            tail = text[-CONTEXT:] if k < len(ops) - 1 else ""
            text = f"{head}…{tail}"
        out.append((tag, text))
    return out


def diff_block(before: str, after: str) -> list[str]:
    return pre(show_diff(text_diff(before, after)))


def kind_of_change(before: str, after: str) -> str:
    if wording(before) != wording(after):
        return "wording"
    if "".join(before.split()) == "".join(after.split()):
        return "spacing only"
    return "punctuation only"


def changed_pieces(ops: list[Op]) -> str:
    """What a small change did, in a few words: `，` → `；`."""
    parts = []
    k = 0
    while k < len(ops):
        tag, text = ops[k]
        if tag == "-" and k + 1 < len(ops) and ops[k + 1][0] == "+":
            parts.append(f"{code(text)} → {code(ops[k + 1][1])}")
            k += 1
        elif tag == "-":
            parts.append(f"{code(text)} removed")
        elif tag == "+":
            parts.append(f"{code(text)} added")
        k += 1
    return ", ".join(parts)


class _Text(HTMLParser):
    """The text of a Markdown heading's HTML, without its tags' contents that are not words (a note call)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("sup", "script", "style") or self.skip:
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def heading_text(content: str) -> str:
    """A generated page's first heading as plain text: no attribute list, no tag, no note call."""
    m = re.search(r"^# (.+?)(?:\s*\{[^{}]*\})?\s*$", content, flags=re.M)
    if not m:
        return ""
    parser = _Text()
    parser.feed(m.group(1))
    parser.close()
    return re.sub(r"\\(.)", r"\1", "".join(parser.parts)).strip()


# --- what changed --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One sentence of an edition, where it is."""

    anchor: str
    line: int
    text: str
    opens: bool  # the first sentence of its paragraph


@dataclass(frozen=True)
class SentenceChange:
    kind: str  # "changed", "added", "removed"
    before: Line | None
    after: Line | None


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: str
    after: str


@dataclass(frozen=True)
class SectionChanges:
    id: str
    title: str
    line: int  # the heading's line (in the base for a removed section)
    status: str  # "changed", "added", "removed"
    original: bool  # the heading is the article's (the introduction's is editorial, with no line of its own)
    heading: tuple[FieldChange, ...] = ()
    sentences: tuple[SentenceChange, ...] = ()
    paragraphs: tuple[str, ...] = ()  # Markdown notes: breaks added or removed, paragraphs new or gone
    renumbered: tuple[tuple[str, str], ...] = ()  # (base anchor, head anchor)


@dataclass(frozen=True)
class ErratumChange:
    kind: str  # "added", "removed", "changed"
    before: Erratum | None
    after: Erratum | None


@dataclass(frozen=True)
class NoteChange:
    kind: str  # "added", "removed", "changed"
    before: Note | None
    after: Note | None
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class EnglishChange:
    """One line of the translation: the Chinese sentence it translates, the English before and after."""

    anchor: str
    index: int  # the sentence's place in its paragraph, from 1
    chinese: str
    before: str | None  # None: no such line (a new sentence), or not yet translated
    after: str | None


@dataclass(frozen=True)
class ArticleChanges:
    source: str  # source/articles/<slug>.md
    title: str
    status: str  # "changed", "added", "removed"
    front: tuple[FieldChange, ...] = ()
    sections: tuple[SectionChanges, ...] = ()
    order: tuple[str, ...] = ()  # the sections' ids in their new order, if it changed
    errata: tuple[ErratumChange, ...] = ()
    size: str = ""  # an added or removed article: how much text
    recorded: tuple[tuple[str, int], ...] = ()  # the head's errata: (edition text, line)
    cited: tuple[FieldChange, ...] = ()  # the front matter's `source:`, field by field
    notes: tuple[NoteChange, ...] = ()
    notes_file: str = ""
    english: tuple[EnglishChange, ...] = ()
    english_front: tuple[FieldChange, ...] = ()
    english_file: str = ""
    english_status: str = ""  # "added", "removed" (the whole file), or ""


@dataclass(frozen=True)
class TermChange:
    kind: str  # "added", "removed", "changed"
    before: Term | None
    after: Term | None
    fields: tuple[FieldChange, ...] = ()
    values: tuple[tuple[str, str], ...] = ()  # an added or removed entry: every field it has


@dataclass(frozen=True)
class FileChange:
    """A file that changed where the report's sections do not look: for a maintainer."""

    path: str  # from the repository's top
    status: str  # "added", "modified", "deleted", "type changed"
    detail: str = ""  # lines added and removed, a mode, a link


@dataclass(frozen=True)
class RawChange:
    path: str
    status: str  # "added", "removed", "changed"
    diff: tuple[tuple[str, str], ...] = ()  # a changed raw file: its differences, as text_diff() gives them
    line: int = 0  # where the first one is


@dataclass(frozen=True)
class PageChanges:
    total: int  # pages of the head's site
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[tuple[str, int, int], ...] = ()  # (path, lines added, lines removed)
    titles: dict[str, str] = field(default_factory=dict)  # page → its title (plain text)
    failed: tuple[tuple[str, tuple[Problem, ...]], ...] = ()  # ("base" or "head", why it does not build)
    written: tuple[str, ...] | None = None  # every page of the head's site; None: it does not build


def _lines(section: Section) -> list[Line]:
    return [Line(p.anchor, p.line + k, s, k == 0) for p in section.paragraphs for k, s in enumerate(p.sentences)]


def _pair(before: list[Line], after: list[Line]) -> Iterator[tuple[Line | None, Line | None]]:
    """A replaced run of sentences, as changed pairs (alike enough, in order), removals and additions."""
    if len(before) * len(after) > PAIRING_LIMIT:
        yield from ((b, None) for b in before)
        yield from ((None, a) for a in after)
        return
    j = 0
    for b in before:
        best, score = -1, SIMILAR
        for k in range(j, len(after)):
            matcher = difflib.SequenceMatcher(None, b.text, after[k].text, autojunk=False)
            if matcher.real_quick_ratio() > score and matcher.quick_ratio() > score and matcher.ratio() > score:
                best, score = k, matcher.ratio()
        if best < 0:
            yield b, None
            continue
        yield from ((None, a) for a in after[j:best])
        yield b, after[best]
        j = best + 1
    yield from ((None, a) for a in after[j:])


def align(
    before: list[Line], after: list[Line], counter: Counter | None = None
) -> list[tuple[Line | None, Line | None]]:
    """The sentences of one section in both versions, aligned: equal ones first (opcodes()), then
    alike ones within each replaced run (at most PAIRING_LIMIT comparisons a run)."""
    pairs: list[tuple[Line | None, Line | None]] = []
    for tag, i1, i2, j1, j2 in opcodes([x.text for x in before], [x.text for x in after], counter):
        if tag == "equal":
            pairs += zip(before[i1:i2], after[j1:j2], strict=True)
        else:
            pairs += _pair(before[i1:i2], after[j1:j2])
    return pairs


def compare_section(old: Section | None, new: Section | None) -> SectionChanges | None:
    shown = new or old
    assert shown is not None
    if old is None or new is None:
        lines = _lines(shown)
        kind = "added" if old is None else "removed"
        return SectionChanges(
            shown.id,
            shown.title,
            shown.line,
            kind,
            shown.original_heading,
            sentences=tuple(
                SentenceChange(kind, None if old is None else x, x if old is None else None) for x in lines
            ),
        )
    heading = tuple(
        FieldChange(name, a, b)
        for name, a, b in (("title", old.title, new.title), ("English title", old.title_en, new.title_en))
        if a != b
    )
    pairs = align(_lines(old), _lines(new))
    sentences: list[SentenceChange] = []
    notes: list[str] = []
    renumbered: dict[tuple[str, str], None] = {}
    kept_after = {a.anchor for b, a in pairs if a is not None and b is not None}
    kept_before = {b.anchor for b, a in pairs if a is not None and b is not None}
    for b, a in pairs:
        if b is not None and a is not None:
            if b.text != a.text:
                sentences.append(SentenceChange("changed", b, a))
            if b.anchor != a.anchor and b.opens and a.opens:  # a paragraph, not a part split off it
                renumbered[(b.anchor, a.anchor)] = None
            if a.opens and not b.opens:
                notes.append(f"paragraph break added before line {a.line}: `{a.anchor}` begins there")
            elif b.opens and not a.opens:
                notes.append(f"paragraph break removed before line {a.line}: it now continues `{a.anchor}`")
        elif a is not None:
            sentences.append(SentenceChange("added", None, a))
            if a.opens and a.anchor not in kept_after:
                notes.append(f"new paragraph `{a.anchor}` (line {a.line})")
        elif b is not None:
            sentences.append(SentenceChange("removed", b, None))
            if b.opens and b.anchor not in kept_before:
                notes.append(f"paragraph `{b.anchor}` removed (line {b.line} of the base)")
    if not (heading or sentences or notes or renumbered):
        return None
    return SectionChanges(
        new.id,
        new.title,
        new.line,
        "changed",
        new.original_heading,
        heading,
        tuple(sentences),
        tuple(notes),
        tuple(renumbered),
    )


def compare_errata(old: tuple[Erratum, ...], new: tuple[Erratum, ...]) -> list[ErratumChange]:
    def key(e: Erratum) -> tuple[str, str, str]:
        return (e.raw, e.edition, e.note)

    same = {key(e) for e in old} & {key(e) for e in new}
    gone = [e for e in old if key(e) not in same]
    came = [e for e in new if key(e) not in same]
    out: list[ErratumChange] = []
    for e in came:
        match = next((g for g in gone if g.raw == e.raw), None)
        if match is not None:
            gone.remove(match)
            out.append(ErratumChange("changed", match, e))
        else:
            out.append(ErratumChange("added", None, e))
    out += [ErratumChange("removed", e, None) for e in gone]
    return out


def _size(article: Article) -> str:
    paragraphs = [p for s in article.sections for p in s.paragraphs]
    sentences = sum(len(p.sentences) for p in paragraphs)
    return (
        f"{len(article.sections)} sections, {len(paragraphs)} paragraphs, {sentences} sentences, "
        f"{len(article.errata)} errata"
    )


def compare_article(
    source: str, old: Article | None, new: Article | None, roots: tuple[Path, Path]
) -> ArticleChanges | None:
    shown = new or old
    assert shown is not None
    if old is None or new is None:
        return ArticleChanges(source, shown.title, "added" if old is None else "removed", size=_size(shown))

    def raw(a: Article, root: Path) -> str:
        return a.raw_path.relative_to(root).as_posix() if a.raw_path.is_relative_to(root) else str(a.raw_path)

    front = tuple(
        FieldChange(name, a, b)
        for name, a, b in (
            ("title", old.title, new.title),
            ("title_en", old.title_en, new.title_en),
            ("subtitle", old.subtitle, new.subtitle),
            ("dateline", old.dateline, new.dateline),
            ("byline", old.byline, new.byline),
            ("credits", "\n".join(old.credits), "\n".join(new.credits)),
            ("raw", raw(old, roots[0]), raw(new, roots[1])),
        )
        if a != b
    )
    before = {s.id: s for s in old.sections}
    after = {s.id: s for s in new.sections}
    sections = [compare_section(before.get(s.id), s) for s in new.sections]
    sections += [compare_section(s, None) for s in old.sections if s.id not in after]
    common_old = [s.id for s in old.sections if s.id in after]
    common_new = [s.id for s in new.sections if s.id in before]
    errata = compare_errata(old.errata, new.errata)
    found = tuple(s for s in sections if s is not None)
    order = tuple(common_new) if common_old != common_new else ()
    if not (front or found or order or errata):
        return None
    recorded = tuple((e.edition, e.line) for e in new.errata if e.edition)
    return ArticleChanges(source, new.title, "changed", front, found, order, tuple(errata), recorded=recorded)


def compare_cited(old: SourceInfo | None, new: SourceInfo | None) -> list[FieldChange]:
    """The front matter's `source:` (where the article was published), field by field."""
    a, b = old or SourceInfo(), new or SourceInfo()
    return [
        FieldChange(f"source.{k}", getattr(a, k) or "", getattr(b, k) or "")
        for k in cite.SOURCE_KEYS
        if (getattr(a, k) or "") != (getattr(b, k) or "")
    ]


NOTE_FIELDS = ("kind", "zh", "en", "sources", "claims")


def _note_value(n: Note, name: str) -> str:
    value = getattr(n, name)
    return "\n".join(value) if isinstance(value, tuple) else str(value)


def compare_notes(old: tuple[Note, ...], new: tuple[Note, ...]) -> list[NoteChange]:
    """Notes by where they are (the place and the phrase the call follows): added, removed, changed."""
    before = {(n.at, n.phrase): n for n in old}
    after = {(n.at, n.phrase): n for n in new}
    out: list[NoteChange] = []
    for key, n in after.items():
        b = before.get(key)
        if b is None:
            out.append(NoteChange("added", None, n))
            continue
        fields = tuple(
            FieldChange(f, _note_value(b, f), _note_value(n, f))
            for f in NOTE_FIELDS
            if _note_value(b, f) != _note_value(n, f)
        )
        if fields:
            out.append(NoteChange("changed", b, n, fields))
    out += [NoteChange("removed", n, None) for key, n in before.items() if key not in after]
    return out


def compare_english(old: Article, new: Article) -> list[EnglishChange]:
    """Each English line that changed, came or went, beside the head's Chinese sentence (the base's
    for a paragraph gone)."""
    a = old.english.paragraphs if old.english else {}
    b = new.english.paragraphs if new.english else {}
    chinese = {p.anchor: p.sentences for s in old.sections for p in s.paragraphs}
    chinese |= {p.anchor: p.sentences for s in new.sections for p in s.paragraphs}
    out: list[EnglishChange] = []
    for anchor in [*b, *(x for x in a if x not in b)]:
        lines_a, lines_b = a.get(anchor, ()), b.get(anchor, ())
        zh = chinese.get(anchor, ())
        for k in range(max(len(lines_a), len(lines_b))):
            x = lines_a[k] if k < len(lines_a) else None
            y = lines_b[k] if k < len(lines_b) else None
            if x != y:
                out.append(EnglishChange(anchor, k + 1, zh[k] if k < len(zh) else "", x, y))
    return out


def _front(t: Translation | None) -> dict[str, str]:
    return dict(t.front) if t is not None else {}


def compare_apparatus(
    changes: ArticleChanges | None, source: str, old: Article, new: Article, base: Snapshot, head: Snapshot
) -> ArticleChanges | None:
    """An article's changes with what its notes, translation and `source:` add to them. A file
    that could not be read on one side is not compared (the report says so at its end)."""
    old_notes, old_english = base.apparatus.get(source, ("", ""))
    new_notes, new_english = head.apparatus.get(source, ("", ""))
    notes_read = not (_unreadable(old_notes, base) or _unreadable(new_notes, head))
    english_read = not (_unreadable(old_english, base) or _unreadable(new_english, head))
    cited = tuple(compare_cited(old.source_info, new.source_info))
    notes = tuple(compare_notes(old.notes, new.notes)) if notes_read else ()
    english = tuple(compare_english(old, new)) if english_read else ()
    english_front: tuple[FieldChange, ...] = ()
    status = ""
    if english_read:
        fa, fb = _front(old.english), _front(new.english)
        english_front = tuple(
            FieldChange(k, fa.get(k, ""), fb.get(k, ""))
            for k in sorted(fa.keys() | fb.keys())
            if fa.get(k) != fb.get(k)
        )
        status = "added" if new.english and not old.english else "removed" if old.english and not new.english else ""
    if not (cited or notes or english or english_front or status):
        return changes
    if changes is None:
        changes = ArticleChanges(source, new.title, "changed")
    return dataclasses.replace(
        changes,
        cited=cited,
        notes=notes,
        notes_file=new_notes or old_notes,
        english=english,
        english_front=english_front,
        english_file=new_english or old_english,
        english_status=status,
    )


def _term_values(snapshot: Snapshot, t: Term) -> dict[str, str]:
    """Every field of an entry as text: the Term's (the id and pinyin as derived), then the keys only the YAML has."""
    written = snapshot.entries.get(t.term, {})
    return {f: (_term_value(t, f) if hasattr(t, f) else written.get(f, "")) for f in TERM_FIELDS}


def _term_value(term: Term, name: str) -> str:
    value = getattr(term, name)
    return "、".join(value) if isinstance(value, tuple) else str(value)


def compare_glossary(old: Snapshot, new: Snapshot) -> list[TermChange]:
    """Entries by `term` (or by id, for a term renamed), every field (`also:` too). An entry missing
    from a version whose glossary had errors may be one of them: it is neither added nor removed,
    but not compared."""
    out: list[TermChange] = []
    removed = {t.id: t for name, t in old.terms.items() if name not in new.terms}
    for name, t in new.terms.items():
        before = old.terms.get(name)
        if before is None:
            before = removed.pop(t.id, None)  # the same entry under a new `term`
            if before is None:
                if old.glossary_read:
                    values = _term_values(new, t)
                    out.append(TermChange("added", None, t, values=tuple((f, v) for f, v in values.items() if v)))
                continue
        a, b = _term_values(old, before), _term_values(new, t)
        fields = tuple(FieldChange(f, a[f], b[f]) for f in TERM_FIELDS if a[f] != b[f])
        if fields:
            out.append(TermChange("changed", before, t, fields))
    if new.glossary_read:
        for t in removed.values():
            values = _term_values(old, t)
            out.append(TermChange("removed", t, None, values=tuple((f, v) for f, v in values.items() if v)))
    return out


def compare_collection(old: Snapshot, new: Snapshot) -> list[FieldChange]:
    """source/collection.yaml: the site's name and description, every key."""
    if not (old.collection_read and new.collection_read):
        return []
    a, b = old.collection, new.collection
    return [
        FieldChange(k, getattr(a, k, "") if a else "", getattr(b, k, "") if b else "")
        for k in collection.KEYS
        if (getattr(a, k, "") if a else "") != (getattr(b, k, "") if b else "")
    ]


def compare_raw(old: Snapshot, new: Snapshot) -> list[RawChange]:
    """Every file under source/raw/: the articles as received, which no pull request edits."""
    prefix = names.RAW_DIR + "/"
    a = {p: h for p, h in old.files.items() if p.startswith(prefix)}
    b = {p: h for p, h in new.files.items() if p.startswith(prefix)}
    out: list[RawChange] = []
    for path in sorted(a.keys() | b.keys()):
        if path not in a:
            out.append(RawChange(path, "added"))
        elif path not in b:
            out.append(RawChange(path, "removed"))
        elif a[path] != b[path]:
            out.append(_raw_change(old, new, path))
    return out


def _raw_change(old: Snapshot, new: Snapshot, path: str) -> RawChange:
    """A changed raw file, character by character (a raw article is often one long line)."""
    assert old.root is not None and new.root is not None
    x = (old.root / path).read_bytes().decode("utf-8", "replace")
    y = (new.root / path).read_bytes().decode("utf-8", "replace")
    ops = text_diff(x, y)
    first = ops[0][1] if ops and ops[0][0] == "=" else ""
    return RawChange(path, "changed", tuple(ops), first.count("\n") + 1)


def known_file(path: str, snapshot: Snapshot) -> bool:
    """A file under source/ that a section of the report shows: an edition, the notes or
    translation beside one, the glossary, the collection file, a raw file."""
    if path in (names.GLOSSARY_FILE, names.COLLECTION_FILE) or path.startswith(names.RAW_DIR + "/"):
        return True
    return path in snapshot.articles or any(path in files for files in snapshot.apparatus.values())


def other_source_files(old: Snapshot, new: Snapshot) -> list[FileChange]:
    """Files under source/ that changed and that no section of the report shows (nothing the build reads)."""
    out = []
    for path in sorted(old.files.keys() | new.files.keys()):
        if old.files.get(path) == new.files.get(path):
            continue
        if known_file(path, old) or known_file(path, new) or _unreadable(path, old) or _unreadable(path, new):
            continue
        status = "added" if path not in old.files else "deleted" if path not in new.files else "modified"
        out.append(FileChange(path, status, "under source/, but no edition, notes, translation, glossary or raw file"))
    return out


def site_pages(root: Path | None) -> tuple[dict[str, str], dict[str, str], tuple[Problem, ...]]:
    """Every page the build script makes of this version (a dry run: nothing written) and the
    titles of those it can name from the articles and the glossary, or why it cannot."""
    if root is None:
        return {}, {}, ()
    # in this process: forked workers would inherit scratch()'s signal handlers, and a report stopped
    # by its job's timeout would leave them waiting for work for ever
    result = build(root, dry_run=True, jobs=1)
    if not result.ok:
        return {}, {}, tuple(errors(result.problems))
    titles: dict[str, str] = {}
    for a in result.articles:
        titles[landing_path(a)] = a.title
        titles |= {section_path(a, s): s.title for s in a.sections}
    return {p.path: p.content for p in result.pages}, titles, ()


def compare_pages(base: Snapshot, head: Snapshot, counter: Counter | None = None) -> PageChanges:
    old, old_titles, old_failed = site_pages(base.root)
    new, new_titles, new_failed = site_pages(head.root)
    failed = tuple((role, f) for role, f in (("base", old_failed), ("head", new_failed)) if f)
    if failed:
        return PageChanges(len(new), failed=failed)
    changed = []
    for path in sorted(old.keys() & new.keys()):
        if old[path] != new[path]:
            plus = minus = 0
            for tag, i1, i2, j1, j2 in opcodes(old[path].splitlines(), new[path].splitlines(), counter):
                if tag != "equal":
                    minus += i2 - i1
                    plus += j2 - j1
            changed.append((path, plus, minus))
    titles = {p: heading_text(c) for p, c in (old | new).items()} | old_titles | new_titles
    return PageChanges(
        len(new),
        tuple(sorted(new.keys() - old.keys())),
        tuple(sorted(old.keys() - new.keys())),
        tuple(changed),
        titles,
        written=tuple(new),
    )


@dataclass(frozen=True)
class Changes:
    base: Snapshot
    head: Snapshot
    articles: tuple[ArticleChanges, ...]
    glossary: tuple[TermChange, ...]
    pages: PageChanges
    collection: tuple[FieldChange, ...] = ()
    raw: tuple[RawChange, ...] = ()
    # for a maintainer: files outside source/ (code, workflows, docs/ not written by the build) and
    # files under source/ that nothing reads
    outside: tuple[FileChange, ...] = ()

    @property
    def complete(self) -> bool:
        return not (self.base.incomplete or self.head.incomplete or self.pages.failed)

    @property
    def review(self) -> bool:
        """Something a maintainer, not an editor, must look at."""
        return bool(
            self.outside or self.base.refused or self.head.refused or any(r.status != "added" for r in self.raw)
        )


def compare(base: Snapshot, head: Snapshot) -> Changes:
    roots = (base.root or Path("."), head.root or Path("."))
    articles = []
    for source in sorted(base.articles.keys() | head.articles.keys()):
        if _unreadable(source, base if source not in base.articles else head):
            continue  # an edition that could not be read on one side is reported as such, not as added or removed
        old, new = base.articles.get(source), head.articles.get(source)
        found = compare_article(source, old, new, roots)
        if old is not None and new is not None:
            found = compare_apparatus(found, source, old, new, base, head)
        elif new is not None and found is not None:  # a new article: where it comes from, and its notes, in full
            notes_file, english_file = head.apparatus.get(source, ("", ""))
            found = dataclasses.replace(
                found,
                cited=tuple(compare_cited(None, new.source_info)),
                notes=tuple(compare_notes((), new.notes)),
                notes_file=notes_file,
                english_file=english_file,
                english_status="added" if new.english else "",
            )
        if found is not None:
            articles.append(found)
    return Changes(
        base,
        head,
        tuple(articles),
        tuple(compare_glossary(base, head)),
        compare_pages(base, head),
        tuple(compare_collection(base, head)),
        tuple(compare_raw(base, head)),
        tuple(other_source_files(base, head)),
    )


def _unreadable(source: str, snapshot: Snapshot) -> bool:
    return bool(source) and any(p.file == source for p in snapshot.problems)


# --- what changed outside source/ ------------------------------------------------------------------

MODES = {"120000": "symbolic link", "160000": "submodule", "100755": "executable"}


def changed_outside(root: Path, prefix: str, base: str, head: str | None) -> list[FileChange]:
    """Every file of the repository outside the project's source/ that `head` (None: the working
    tree, untracked files included) changes since `base`, from git: code, templates, styles,
    workflows, mkdocs.yml, the Makefile, docs/. No section of the report reads them, and each can
    change what the site does: a maintainer looks at them."""
    inside = f"{prefix}{names.SOURCE_DIR}/"
    common = ["--no-renames", "--no-ext-diff", "--no-textconv", "-z", base, *([head] if head else []), "--"]
    raw = git(root, "diff", "--raw", "--no-abbrev", *common).split(b"\0")
    numbers = git(root, "diff", "--numstat", *common).split(b"\0")
    counts: dict[str, str] = {}
    for record in numbers:
        if record.count(b"\t") >= 2:
            plus, minus, path = record.decode("utf-8", "surrogateescape").split("\t", 2)
            counts[path] = "binary" if plus == "-" else f"+{plus} −{minus} lines"
    out: list[FileChange] = []
    for k in range(0, len(raw) - 1, 2):
        info, path = raw[k].decode(), raw[k + 1].decode("utf-8", "surrogateescape")
        if not info.startswith(":") or path.startswith(inside):
            continue
        old_mode, new_mode, _, _, status = info[1:].split()
        what = {"A": "added", "D": "deleted", "T": "type changed"}.get(status[:1], "modified")
        details = [counts.get(path, "")]
        mode = new_mode if what != "deleted" else old_mode
        if mode in MODES:
            details.append(MODES[mode])
        if old_mode != new_mode and what == "modified":
            details.append(f"mode {old_mode} → {new_mode}")
        out.append(FileChange(path, what, ", ".join(d for d in details if d)))
    if head is None:
        untracked = git(root, "ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", ":/")
        for name in untracked.split(b"\0"):
            path = name.decode("utf-8", "surrogateescape")
            if path and not path.startswith(inside):
                out.append(FileChange(path, "added", "not yet committed"))
    return sorted(out, key=lambda f: f.path)


def docs_not_built(root: Path, prefix: str, pages: Iterable[str] | None) -> list[FileChange]:
    """Files in the working tree's docs/ that git ignores (as it ignores the build's pages) but
    that the build does not write (`pages`: the head's pages; None when it does not build): MkDocs
    publishes every file in docs/."""
    docs = f"{prefix}{names.DOCS_DIR}/"
    found = git(root, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--full-name", "--", f":/{docs}")
    built = set(pages or ())
    out = []
    for name in found.split(b"\0"):
        path = name.decode("utf-8", "surrogateescape")
        rel = path[len(docs) :]
        if not path.startswith(docs) or rel in built or BUILD_FILES.match(rel.rsplit("/", 1)[-1]):
            continue
        out.append(
            FileChange(
                path,
                "added",
                "in docs/, not written by the build" + ("" if pages is not None else " (or by one that failed)"),
            )
        )
    return out


# --- the report ----------------------------------------------------------------------------------


def _version(s: Snapshot) -> str:
    return (code(s.ref) + f" ({s.commit[:10]})" if s.ref else "the working tree") + (
        "" if s.root is not None else " (no `source/`)"
    )


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _where(source: str, line: int, base: bool = False) -> str:
    return path_text(f"{source}:{line}") + (" (base)" if base else "")


def _sentence(change: SentenceChange, source: str, recorded: tuple[tuple[str, int], ...] = ()) -> list[str]:
    if change.kind == "changed":
        assert change.before is not None and change.after is not None
        ops = text_diff(change.before.text, change.after.text)
        kind = kind_of_change(change.before.text, change.after.text)
        label = kind if kind == "wording" else f"{kind}: {changed_pieces(ops)}"
        lines = [line for edition, line in recorded if edition in change.after.text]
        if kind == "wording" and lines:
            label += f" (erratum at line {lines[0]})"
        head = f"- {code(change.after.anchor)} · {_where(source, change.after.line)} · changed, {label}"
        return [head, *pre(show_diff(ops))]
    line = change.after if change.kind == "added" else change.before
    assert line is not None
    where = _where(source, line.line, base=change.kind == "removed")
    tag = "ins" if change.kind == "added" else "del"
    return [f"- {code(line.anchor)} · {where} · {change.kind}", *pre(f"<{tag}>{_visible(line.text)}</{tag}>")]


def _field(change: FieldChange, indent: str = "") -> list[str]:
    name = code(change.name)
    if not change.before or not change.after:
        side = "added" if change.after else "removed, was"
        out = literal(f"{indent}- {name} {side}:", change.after or change.before)
    else:
        out = [f"{indent}- {name} changed:", *diff_block(change.before, change.after)]
        sub = _under(out, indent)
        out += literal(f"{sub}before:", change.before)
        out += literal(f"{sub if out[-1] else '  - '}after:", change.after)
    if change.name.endswith("url") and change.after:  # where a reader who follows the link goes
        out += [f"{_under(out, indent)}the address's host: {_host(change.after)}"]
    return out


def _under(out: list[str], indent: str) -> str:
    """A sub-item's start: under the item above, or a list of its own after a <pre> block (which
    ends the list; deeper indentation there would make an indented code block)."""
    return "  - " if out and not out[-1] else f"{indent}  - "


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return code(urlsplit(url).hostname or "") if url else "(none)"
    except ValueError:
        return "(not an address)"


def _erratum(change: ErratumChange, source: str) -> list[str]:
    e = change.after or change.before
    assert e is not None
    where = _where(source, e.line, base=change.after is None)
    gone = "" if e.edition else " (removed from the edition)"
    lines = [f"- {change.kind} · {where} · raw → edition{gone}:", *pre(show_diff(text_diff(e.raw, e.edition)))]
    lines += literal("  - note:", e.note)
    if change.kind == "changed":
        assert change.before is not None and change.after is not None
        for name in ("edition", "note"):
            a, b = getattr(change.before, name), getattr(change.after, name)
            if a != b:
                lines += literal(f"  - {name} was:", a)
    return lines


def _note(change: NoteChange, name: str) -> list[str]:
    n = change.after or change.before
    assert n is not None
    where = _where(name, n.line, base=change.after is None)
    out = [f"- {change.kind} · {where} · at {code(n.at)}, after the phrase {code(n.phrase)} · {code(n.kind)}"]
    if change.kind == "changed":
        for f in change.fields:
            out += _field(f, "  ")
        return out
    for key in ("zh", "en"):
        out += literal(f"  - {key}:", getattr(n, key))
    for s in n.sources:
        out += literal("  - source:", s)
    for c in n.claims:
        out += literal("  - claim:", c)
    return out


def _english(change: EnglishChange) -> list[str]:
    what = "added" if change.before is None else "removed" if change.after is None else "changed"
    out = [f"- {code(change.anchor)}, sentence {change.index} · {what}"]
    out += literal("  - Chinese:", change.chinese)
    if change.before is not None:
        out += literal("  - English before:", change.before)
    if change.after is not None:
        out += literal("  - English after:", change.after)
    if change.before is not None and change.after is not None:
        out += diff_block(change.before, change.after)
    return out


def _article(a: ArticleChanges) -> list[str]:
    out = [f"### {code(a.title)}", "", f"{path_text(a.source)} · {a.status}", ""]
    if a.status != "changed":
        out += [f"{'Now' if a.status == 'added' else 'Was'} {a.size}.", ""]
    if a.front:
        out += ["#### Front matter", ""]
        for f in a.front:
            out += _field(f)
        out.append("")
    if a.cited:
        out += ["#### Source (`source:` in the front matter: the citations and the about page show it)", ""]
        for f in a.cited:
            out += _field(f)
        out.append("")
    if a.order:
        out += [f"Sections now in the order {', '.join(code(s) for s in a.order)}.", ""]
    for s in a.sections:
        status = "" if s.status == "changed" else f" ({s.status})"
        out += [f"#### {code(s.id)} {code(s.title)}{status}", ""]
        base = s.status == "removed"
        if s.original:
            out += [f"Heading: {_where(a.source, s.line, base)}", ""]
        for f in s.heading:
            out += _field(f)
        if s.heading:
            out.append("")
        if s.status != "changed":
            out += [f"{_count(len(s.sentences), 'sentence')} {s.status}.", ""]
            out += ["<details><summary>sentences</summary>", ""]
        for c in s.sentences:
            out += _sentence(c, a.source, a.recorded)
        if s.status != "changed":
            out += ["</details>", ""]
        for note in s.paragraphs:
            out.append(f"- {note}")
        if s.renumbered:
            moves = ", ".join(f"{code(b)} → {code(h)}" for b, h in s.renumbered)
            out.append(f"- paragraph anchors renumbered (links to them change): {moves}")
        if s.paragraphs or s.renumbered:
            out.append("")
    if a.errata:
        out += ["#### Errata", ""]
        for e in a.errata:
            out += _erratum(e, a.source)
        out.append("")
    if a.notes:
        out += ["#### Notes", "", path_text(a.notes_file), ""]
        for n in a.notes:
            out += _note(n, a.notes_file)
        out.append("")
    if a.english or a.english_front or a.english_status:
        status = f" · {a.english_status}" if a.english_status else ""
        out += ["#### Translation", "", path_text(a.english_file) + status, ""]
        for f in a.english_front:
            out += _field(f)
        for line in a.english:
            out += _english(line)
        out.append("")
    return out


def _term(change: TermChange) -> list[str]:
    t = change.after or change.before
    assert t is not None
    where = _where(names.GLOSSARY_FILE, t.line, base=change.after is None)
    out = [f"- {code(t.term)} ({code(t.id)}) · {where} · {change.kind}"]
    if change.kind == "changed":
        for f in change.fields:
            out += _field(f, "  ")
        return out
    for name, value in change.values:
        if name != "term":
            out += literal(f"  - {name}:", value)
    return out


def fence(text: str, info: str = "text") -> list[str]:
    """A fenced block that shows `text` as it is: its fence longer than any run of backticks in it."""
    ticks = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`+", text))])
    return [ticks + info, text, ticks, ""]


def _problems(problems: Iterable[Problem]) -> list[str]:
    return fence("\n".join(str(p) for p in problems))


def _review(c: Changes) -> list[str]:
    out = [
        "## Needs a maintainer's review",
        "",
        "What the sections below do not show a reader of the site: files outside `source/` (code, "
        "templates, styles, scripts, workflows, `mkdocs.yml`, the `Makefile`, files in `docs/` the build "
        "does not write), files under `source/` that the build does not read, raw files changed, and "
        "entries the report refused to copy.",
        "",
    ]
    for role, s in (("base", c.base), ("head", c.head)):
        for p in s.refused:
            out.append(f"- {role}: {path_text(p.file)} · {code(p.message)}")
    for f in c.outside:
        detail = f" · {f.detail}" if f.detail else ""
        out.append(f"- {path_text(f.path)} · {f.status}{detail}")
    for r in c.raw:
        if r.status != "added":
            out.append(f"- {path_text(r.path)} · raw file {r.status}: the article as received is never edited")
    return [*out, ""]


def _summary(c: Changes) -> list[str]:
    lines = []
    if c.review:
        n = len(c.outside) + len(c.base.refused) + len(c.head.refused) + sum(r.status != "added" for r in c.raw)
        lines.append(f"- **needs a maintainer's review**: {_count(n, 'entry', 'entries')} (see above)")
    for a in c.articles:
        if a.status != "changed":
            lines.append(f"- article {path_text(a.source)} {a.status}")
            continue
        sentences = [x for s in a.sections for x in s.sentences]
        changed = [x for x in sentences if x.kind == "changed"]
        minor = sum(
            1 for x in changed if x.before and x.after and kind_of_change(x.before.text, x.after.text) != "wording"
        )
        parts = []
        if changed:
            parts.append(
                _count(len(changed), "sentence") + " changed" + (f" ({minor} punctuation only)" if minor else "")
            )
        for kind in ("added", "removed"):
            n = sum(1 for x in sentences if x.kind == kind)
            if n:
                parts.append(f"{_count(n, 'sentence')} {kind}")
        for kind in ("added", "removed"):
            n = sum(1 for s in a.sections if s.status == kind)
            if n:
                parts.append(f"{_count(n, 'section')} {kind}")
        for kind in ("added", "changed", "removed"):
            n = sum(1 for e in a.errata if e.kind == kind)
            if n:
                parts.append(f"{_count(n, 'erratum', 'errata')} {kind}")
        notes = sum(len(s.paragraphs) for s in a.sections if s.status == "changed")
        if notes:
            parts.append(_count(notes, "paragraph change"))
        moved = sum(len(s.renumbered) for s in a.sections)
        if moved:
            parts.append(f"{_count(moved, 'paragraph anchor')} renumbered")
        if a.front:
            parts.append("front matter: " + ", ".join(f.name for f in a.front))
        if a.cited:
            parts.append("source: " + ", ".join(f.name.removeprefix("source.") for f in a.cited))
        if any(s.heading for s in a.sections) or a.order:
            parts.append("headings")
        for kind in ("added", "changed", "removed"):
            n = sum(1 for x in a.notes if x.kind == kind)
            if n:
                parts.append(f"{_count(n, 'note')} {kind}")
        if a.english or a.english_front or a.english_status:
            parts.append(
                f"translation {a.english_status}"
                if a.english_status
                else _count(len(a.english), "English line") + " changed"
            )
        lines.append(f"- {path_text(a.source)}: {', '.join(parts) or 'paragraphs'}")
    if c.collection:
        lines.append("- collection: " + ", ".join(f.name for f in c.collection))
    if c.glossary:
        kinds = [
            f"{_count(n, 'term')} {k}"
            for k in ("added", "changed", "removed")
            if (n := sum(1 for t in c.glossary if t.kind == k))
        ]
        lines.append(f"- glossary: {', '.join(kinds)}")
    if c.raw:
        lines.append("- raw files: " + ", ".join(f"{path_text(r.path)} {r.status}" for r in c.raw))
    p = c.pages
    if not p.failed:
        moved = len(p.added) + len(p.removed) + len(p.changed)
        lines.append(f"- generated pages: {moved} of {p.total} change" if moved else "- generated pages: none change")
    return lines


def _nothing(c: Changes) -> bool:
    p = c.pages
    return not (
        c.articles or c.glossary or c.collection or c.raw or c.review or p.failed or p.added or p.removed or p.changed
    )


def render(c: Changes) -> str:
    out = [
        "# Changes to the reading edition",
        "",
        f"Base: {_version(c.base)} · head: {_version(c.head)}",
        "",
    ]
    if not c.complete:
        out += ["**Incomplete:** part of a version could not be read or built; see the end of this report.", ""]
    if _nothing(c):
        out += ["No change to `source/` that a reader would see, and no other file changed.", ""]
    if c.review:
        out += _review(c)
    out += [*_summary(c), ""]
    if c.articles:
        out += ["## Articles", ""]
        for a in c.articles:
            out += _article(a)
    if c.collection:
        out += ["## Collection", "", path_text(names.COLLECTION_FILE) + " · the site's name and description", ""]
        for f in c.collection:
            out += _field(f)
        out.append("")
    if c.glossary:
        out += ["## Glossary", "", path_text(names.GLOSSARY_FILE), ""]
        for t in c.glossary:
            out += _term(t)
        out.append("")
    if c.raw:
        out += _raw(c.raw)
    out += _pages(c.pages)
    unread = [(role, s) for role, s in (("base", c.base), ("head", c.head)) if s.incomplete]
    if unread or c.pages.failed:
        out += ["## Not compared", ""]
        for role, snapshot in unread:
            out += [f"In the {role}, {_version(snapshot)} (left out of the comparison above):", ""]
            out += _problems((*snapshot.refused, *snapshot.problems))
        for role, problems in c.pages.failed:
            out += [f"The {role} does not build, so its pages could not be compared:", ""]
            out += _problems(problems)
    return "\n".join(out).rstrip() + "\n"


def _raw(raw: tuple[RawChange, ...]) -> list[str]:
    out = [
        "## Raw files",
        "",
        "The articles as received: the record of what was published. A new article brings its raw file; "
        "an edition's changes are recorded as errata, never by editing its raw file.",
        "",
    ]
    for r in raw:
        flag = (
            "**raw file changed**: "
            if r.status == "changed"
            else "**raw file removed**: "
            if r.status == "removed"
            else ""
        )
        out.append(f"- {flag}{path_text(r.path)} · {r.status}" + (f", from line {r.line}" if r.diff else ""))
        if r.diff:
            out += pre(show_diff(excerpt(list(r.diff))))
    return [*out, ""]


def _pages(p: PageChanges) -> list[str]:
    if p.failed or not (p.added or p.removed or p.changed):
        return []
    out = [
        "## Generated pages",
        "",
        "Both versions built by the build script (a dry run); the pages under `docs/` whose content changes:",
        "",
    ]
    rows = [(path, "added") for path in p.added] + [(path, "removed") for path in p.removed]
    rows += [(path, f"+{plus} −{minus} lines") for path, plus, minus in p.changed]
    for path, what in sorted(rows):
        title = _SPECIAL.get(path) or (code(p.titles[path]) if p.titles.get(path) else "")
        out.append(f"- {path_text('docs/' + path)} · {title + ' · ' if title else ''}{what}")
    return [*out, ""]


_SPECIAL = {".nav.yml": "navigation, on every page of the site", ".jieba_user.txt": "search segmenter's dictionary"}


# --- the command ---------------------------------------------------------------------------------


def changes(root: Path, base: str, head: str | None = None) -> Changes:
    """Compare the project at commit `base` with `head` (a commit, or the working tree when None).

    Raises ChangesError when either cannot be found, Interrupted when the process is asked to
    stop (the temporary copies are gone by then)."""
    prefix = repository(root)
    base_commit = resolve(root, base)
    head_commit = resolve(root, head) if head is not None else None
    outside = changed_outside(root, prefix, base_commit, head_commit)
    with scratch() as tmp:
        found, refused = export(root, prefix, base_commit, tmp / "base")
        old = read_snapshot(base, base_commit, tmp / "base" if found else None, refused)
        if head_commit is not None:
            found, refused = export(root, prefix, head_commit, tmp / "head")
        else:
            found, refused = copy_source(root, tmp / "head")
        new = read_snapshot(head or "", head_commit or "", tmp / "head" if found else None, refused)
        result = compare(old, new)
    if head_commit is None:
        outside += docs_not_built(root, prefix, result.pages.written)
    return dataclasses.replace(result, outside=tuple(sorted((*outside, *result.outside), key=lambda f: f.path)))
