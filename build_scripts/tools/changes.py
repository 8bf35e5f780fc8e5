"""Two versions of source/ (a commit; another, or the working tree) → a Markdown report of what changed."""

from __future__ import annotations

import difflib
import html
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..core.model import Article, BuildError, Erratum, Problem, Section, Severity
from ..pages.render import escape_md
from ..pipeline.build import build, read_glossary
from ..read.edition import parse_edition, wording
from ..read.glossary import Term
from ..read.sources import read_sources

# Latin words and numbers are compared whole (g20 → G20 is g → G); every other character on its own.
TOKEN_RE = re.compile(r"[A-Za-z]+|[0-9]+(?:\.[0-9]+)?|\s+|.", re.S)
TERM_FIELDS = (
    "term",
    "id",
    "aliases",
    "phrase",
    "pinyin",
    "en",
    "en_also",
    "category",
    "def_zh",
    "def_en",
    "see_also",
)
# A changed sentence is told apart from a removed one and an added one by how alike the two are.
SIMILAR = 0.5
PAIRING_LIMIT = 2500  # sentence pairs compared in one replaced run; beyond it, a run is a rewrite


class ChangesError(Exception):
    """The comparison cannot be made at all (a bad ref, no git repository)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


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


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise ChangesError(Problem("git", None, f"cannot run git: {exc.strerror}", hint="install git")) from exc
    if proc.returncode:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ChangesError(Problem(f"git {args[0]}", None, message[-1] if message else f"exit {proc.returncode}"))
    return proc.stdout


def repository(root: Path) -> str:
    """The path of `root` inside its git repository (`` at the top); ChangesError outside one."""
    try:
        return git(root, "rev-parse", "--show-prefix").decode().strip()
    except ChangesError:
        raise ChangesError(
            Problem(
                str(root),
                None,
                "not inside a git repository; the change report compares commits",
                hint="run it in a clone of the project (git clone …), from the folder holding source/",
            )
        ) from None


def resolve(root: Path, ref: str) -> str:
    """The commit `ref` names, in full."""
    try:
        return git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").decode().strip()
    except ChangesError:
        raise ChangesError(
            Problem(
                "changes",
                None,
                f"`{ref}` is not a commit of this repository",
                hint="name a branch, tag or commit; fetch the base branch first (git fetch origin main) "
                "or clone with its history (fetch-depth: 0)",
            )
        ) from None


def export(root: Path, prefix: str, commit: str, dest: Path) -> bool:
    """Write the commit's source/ into dest/source/; False if the commit has no source/."""
    listing = git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", f"{prefix}source")
    blobs: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        info, name = entry.split(b"\t", 1)
        mode, kind, sha = info.decode().split()
        if kind == "blob" and mode in ("100644", "100755"):  # symbolic links and submodules are not content
            blobs.append((sha, name.decode("utf-8", "surrogateescape")[len(prefix) :]))
    if not blobs:
        return False
    data = git(root, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha, _ in blobs).encode())
    at = 0
    for _, path in blobs:
        header_end = data.index(b"\n", at)
        size = int(data[at:header_end].split()[2])
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data[header_end + 1 : header_end + 1 + size])
        at = header_end + 1 + size + 1
    return True


def read_snapshot(ref: str, commit: str, root: Path | None) -> Snapshot:
    """Parse every edition and the glossary under root/source/, keeping what could be read."""
    if root is None:
        return Snapshot(ref, commit, None, {}, {}, ())
    articles: dict[str, Article] = {}
    problems: list[Problem] = []
    sources = read_sources(root)
    for edition in sources.articles:
        try:
            article, found = parse_edition(edition, sources.raws)
        except BuildError as exc:
            problems += [p for p in exc.problems if p.severity is Severity.ERROR]
            continue
        problems += [p for p in found if p.severity is Severity.ERROR]
        articles[article.source] = article
    terms, found = read_glossary(root)
    errors = [p for p in found if p.severity is Severity.ERROR]
    return Snapshot(ref, commit, root, articles, {t.term: t for t in terms}, (*problems, *errors), not errors)


# --- text differences ----------------------------------------------------------------------------

Op = tuple[str, str]  # ("=" | "-" | "+", text)


def text_diff(before: str, after: str) -> list[Op]:
    """Character-level differences (Latin words and numbers whole), in reading order."""
    a, b = TOKEN_RE.findall(before), TOKEN_RE.findall(after)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
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


def show(text: str) -> str:
    """Contributor text → Markdown (and HTML) that shows exactly that text."""
    return escape_md(text)


def code(text: str) -> str:
    """Text as a Markdown code span, whatever backticks it holds."""
    ticks = "`" * max([1, *(len(run) + 1 for run in re.findall(r"`+", text))])
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _visible(text: str) -> str:
    return show(text) if text.strip() else "␣" * len(text)  # a removed or added space shows


def show_diff(ops: list[Op]) -> str:
    """Differences inline: removed text struck through, added text underlined."""
    out = []
    for tag, text in ops:
        if tag == "=":
            out.append(show(text))
        elif tag == "-":
            out.append(f"<del>{_visible(text)}</del>")
        else:
            out.append(f"<ins>{_visible(text)}</ins>")
    return "".join(out)


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
            parts.append(f"<del>{_visible(text)}</del> → <ins>{_visible(ops[k + 1][1])}</ins>")
            k += 1
        elif tag == "-":
            parts.append(f"<del>{_visible(text)}</del> removed")
        elif tag == "+":
            parts.append(f"<ins>{_visible(text)}</ins> added")
        k += 1
    return ", ".join(parts)


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


@dataclass(frozen=True)
class TermChange:
    kind: str  # "added", "removed", "changed"
    before: Term | None
    after: Term | None
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class PageChanges:
    total: int  # pages of the head's site
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[tuple[str, int, int], ...] = ()  # (path, lines added, lines removed)
    titles: dict[str, str] = field(default_factory=dict)  # page → its heading (plain text)
    failed: tuple[tuple[str, tuple[Problem, ...]], ...] = ()  # ("base" or "head", why it does not build)


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


def align(before: list[Line], after: list[Line]) -> list[tuple[Line | None, Line | None]]:
    """The sentences of one section in both versions, aligned: equal ones first, then alike ones."""
    pairs: list[tuple[Line | None, Line | None]] = []
    matcher = difflib.SequenceMatcher(None, [x.text for x in before], [x.text for x in after], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
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
            ("dateline", old.dateline, new.dateline),
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


def _term_value(term: Term, name: str) -> str:
    value = getattr(term, name)
    return "、".join(value) if isinstance(value, tuple) else str(value)


def compare_glossary(old: Snapshot, new: Snapshot) -> list[TermChange]:
    """Entries by `term` (or by id, for a term renamed). An entry missing from a version whose
    glossary had errors may be one of them: it is neither added nor removed, but not compared."""
    out: list[TermChange] = []
    removed = {t.id: t for name, t in old.terms.items() if name not in new.terms}
    for name, t in new.terms.items():
        before = old.terms.get(name)
        if before is None:
            before = removed.pop(t.id, None)  # the same entry under a new `term`
            if before is None:
                if old.glossary_read:
                    out.append(TermChange("added", None, t))
                continue
        fields = tuple(
            FieldChange(f, _term_value(before, f), _term_value(t, f))
            for f in TERM_FIELDS
            if getattr(before, f) != getattr(t, f)
        )
        if fields:
            out.append(TermChange("changed", before, t, fields))
    if new.glossary_read:
        out += [TermChange("removed", t, None) for t in removed.values()]
    return out


def site_pages(root: Path | None) -> tuple[dict[str, str], tuple[Problem, ...]]:
    """Every page the build script makes of this version (a dry run: nothing written), or why it cannot."""
    if root is None:
        return {}, ()
    result = build(root, dry_run=True)
    if not result.ok:
        return {}, tuple(p for p in result.problems if p.severity is Severity.ERROR)
    return {p.path: p.content for p in result.pages}, ()


def _heading(content: str) -> str:
    m = re.search(r"^# (.+?)(?:\s*\{[^{}]*\})?\s*$", content, flags=re.M)
    return html.unescape(m.group(1)) if m else ""


def compare_pages(base: Snapshot, head: Snapshot) -> PageChanges:
    old, old_failed = site_pages(base.root)
    new, new_failed = site_pages(head.root)
    failed = tuple((role, f) for role, f in (("base", old_failed), ("head", new_failed)) if f)
    if failed:
        return PageChanges(len(new), failed=failed)
    changed = []
    for path in sorted(old.keys() & new.keys()):
        if old[path] != new[path]:
            a, b = old[path].splitlines(), new[path].splitlines()
            plus = minus = 0
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
                if tag != "equal":
                    minus += i2 - i1
                    plus += j2 - j1
            changed.append((path, plus, minus))
    titles = {p: _heading(c) for p, c in (old | new).items()}
    return PageChanges(
        len(new), tuple(sorted(new.keys() - old.keys())), tuple(sorted(old.keys() - new.keys())), tuple(changed), titles
    )


@dataclass(frozen=True)
class Changes:
    base: Snapshot
    head: Snapshot
    articles: tuple[ArticleChanges, ...]
    glossary: tuple[TermChange, ...]
    pages: PageChanges

    @property
    def complete(self) -> bool:
        return not (self.base.problems or self.head.problems or self.pages.failed)


def compare(base: Snapshot, head: Snapshot) -> Changes:
    roots = (base.root or Path("."), head.root or Path("."))
    articles = [
        compare_article(source, base.articles.get(source), head.articles.get(source), roots)
        for source in sorted(base.articles.keys() | head.articles.keys())
        # an edition that could not be read on one side is reported as such, not as added or removed
        if not _unreadable(source, base if source not in base.articles else head)
    ]
    return Changes(
        base,
        head,
        tuple(a for a in articles if a is not None),
        tuple(compare_glossary(base, head)),
        compare_pages(base, head),
    )


def _unreadable(source: str, snapshot: Snapshot) -> bool:
    return any(p.file == source for p in snapshot.problems)


# --- the report ----------------------------------------------------------------------------------


def _version(s: Snapshot) -> str:
    return (code(s.ref) + f" ({s.commit[:10]})" if s.ref else "the working tree") + (
        "" if s.root is not None else " (no `source/`)"
    )


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _where(source: str, line: int, base: bool = False) -> str:
    return f"`{source}:{line}`" + (" (base)" if base else "")


def _sentence(change: SentenceChange, source: str, recorded: tuple[tuple[str, int], ...] = ()) -> list[str]:
    if change.kind == "changed":
        assert change.before is not None and change.after is not None
        ops = text_diff(change.before.text, change.after.text)
        kind = kind_of_change(change.before.text, change.after.text)
        label = kind if kind == "wording" else f"{kind}: {changed_pieces(ops)}"
        lines = [line for edition, line in recorded if edition in change.after.text]
        if kind == "wording" and lines:
            label += f" (erratum at line {lines[0]})"
        head = f"- `{change.after.anchor}` · {_where(source, change.after.line)} · changed, {label}"
        return [head, "", f"  > {show_diff(ops)}", ""]
    line = change.after if change.kind == "added" else change.before
    assert line is not None
    where = _where(source, line.line, base=change.kind == "removed")
    marked = f"<ins>{show(line.text)}</ins>" if change.kind == "added" else f"<del>{show(line.text)}</del>"
    return [f"- `{line.anchor}` · {where} · {change.kind}", "", f"  > {marked}", ""]


def _field(change: FieldChange) -> list[str]:
    if not change.before or not change.after:
        side = "before" if change.before else "after"
        value = change.before or change.after
        return [f"- **{change.name}** {'removed' if side == 'before' else 'added'}: {show(value)}"]
    return [
        f"- **{change.name}**: {show_diff(text_diff(change.before, change.after))}",
        f"  - before: {show(change.before)}",
        f"  - after: {show(change.after)}",
    ]


def _erratum(change: ErratumChange, source: str) -> list[str]:
    e = change.after or change.before
    assert e is not None
    where = _where(source, e.line, base=change.after is None)
    lines = [
        f"- {change.kind} · {where} · raw → edition: {show_diff(text_diff(e.raw, e.edition))}"
        + ("" if e.edition else " (removed from the edition)"),
        f"  - note: {show(e.note)}",
    ]
    if change.kind == "changed":
        assert change.before is not None and change.after is not None
        for name in ("edition", "note"):
            a, b = getattr(change.before, name), getattr(change.after, name)
            if a != b:
                lines.append(f"  - {name} was: {show(a) or '(empty)'}")
    return lines


def _article(a: ArticleChanges) -> list[str]:
    out = [f"### {show(a.title)}", "", f"`{a.source}` · {a.status}", ""]
    if a.status != "changed":
        return [*out, f"{'Now' if a.status == 'added' else 'Was'} {a.size}.", ""]
    if a.front:
        out += ["#### Front matter", ""]
        for f in a.front:
            out += _field(f)
        out.append("")
    if a.order:
        out += [f"Sections now in the order {', '.join(f'`{s}`' for s in a.order)}.", ""]
    for s in a.sections:
        status = "" if s.status == "changed" else f" ({s.status})"
        out += [f"#### `{s.id}` {show(s.title)}{status}", ""]
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
            moves = ", ".join(f"`{b}` → `{h}`" for b, h in s.renumbered)
            out.append(f"- paragraph anchors renumbered (links to them change): {moves}")
        if s.paragraphs or s.renumbered:
            out.append("")
    if a.errata:
        out += ["#### Errata", ""]
        for e in a.errata:
            out += _erratum(e, a.source)
        out.append("")
    return out


def _term(change: TermChange) -> list[str]:
    t = change.after or change.before
    assert t is not None
    where = _where("source/glossary.yaml", t.line, base=change.after is None)
    head = f"- **{show(t.term)}** (`{t.id}`) · {where} · {change.kind}"
    if change.kind == "changed":
        out = [head]
        for f in change.fields:
            out += ["  " + x for x in _field(f)]
        return out
    out = [head]
    for name in TERM_FIELDS[2:]:
        value = _term_value(t, name)
        if value:
            out.append(f"  - {name}: {show(value)}")
    return out


def _problems(problems: Iterable[Problem]) -> list[str]:
    text = "\n".join(str(p) for p in problems)
    fence = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`+", text))])
    return [fence + "text", text, fence, ""]


def _summary(c: Changes) -> list[str]:
    lines = []
    for a in c.articles:
        if a.status != "changed":
            lines.append(f"- article `{a.source}` {a.status}")
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
        if any(s.heading for s in a.sections) or a.order:
            parts.append("headings")
        lines.append(f"- `{a.source}`: {', '.join(parts) or 'paragraphs'}")
    if c.glossary:
        kinds = [
            f"{_count(n, 'term')} {k}"
            for k in ("added", "changed", "removed")
            if (n := sum(1 for t in c.glossary if t.kind == k))
        ]
        lines.append(f"- glossary: {', '.join(kinds)}")
    p = c.pages
    if not p.failed:
        moved = len(p.added) + len(p.removed) + len(p.changed)
        lines.append(f"- generated pages: {moved} of {p.total} change" if moved else "- generated pages: none change")
    return lines


def render(c: Changes) -> str:
    out = [
        "# Changes to the reading edition",
        "",
        f"Base: {_version(c.base)} · head: {_version(c.head)}",
        "",
    ]
    if not c.complete:
        out += ["**Incomplete:** part of a version could not be read or built; see the end of this report.", ""]
    if (
        not (c.articles or c.glossary)
        and not c.pages.failed
        and not (c.pages.added or c.pages.removed or c.pages.changed)
    ):
        out += ["No change to `source/` that a reader would see.", ""]
    out += [*_summary(c), ""]
    if c.articles:
        out += ["## Articles", ""]
        for a in c.articles:
            out += _article(a)
    if c.glossary:
        out += ["## Glossary", "", "`source/glossary.yaml`", ""]
        for t in c.glossary:
            out += _term(t)
        out.append("")
    out += _pages(c.pages)
    unread = [(role, s) for role, s in (("base", c.base), ("head", c.head)) if s.problems]
    if unread or c.pages.failed:
        out += ["## Not compared", ""]
        for role, snapshot in unread:
            out += [f"In the {role}, {_version(snapshot)} (left out of the comparison above):", ""]
            out += _problems(snapshot.problems)
        for role, problems in c.pages.failed:
            out += [f"The {role} does not build, so its pages could not be compared:", ""]
            out += _problems(problems)
    return "\n".join(out).rstrip() + "\n"


def _pages(p: PageChanges) -> list[str]:
    if p.failed or not (p.added or p.removed or p.changed):
        return []
    out = [
        "## Generated pages",
        "",
        "Both versions built by the build script (a dry run); the pages under `docs/` whose content changes:",
        "",
        "| page | title | change |",
        "| --- | --- | --- |",
    ]
    rows = [(path, "added") for path in p.added] + [(path, "removed") for path in p.removed]
    rows += [(path, f"+{plus} −{minus} lines") for path, plus, minus in p.changed]
    for path, what in sorted(rows):
        title = show(p.titles.get(path, "")) if not path.startswith(".") else _SPECIAL.get(path, "")
        out.append(f"| `docs/{path}` | {title} | {what} |")
    return [*out, ""]


_SPECIAL = {".nav.yml": "navigation, on every page of the site", ".jieba_user.txt": "search segmenter's dictionary"}


# --- the command ---------------------------------------------------------------------------------


def changes(root: Path, base: str, head: str | None = None) -> Changes:
    """Compare source/ at commit `base` with `head` (a commit, or the working tree when None).

    Raises ChangesError when either cannot be found."""
    prefix = repository(root)
    base_commit = resolve(root, base)
    head_commit = resolve(root, head) if head is not None else None
    with tempfile.TemporaryDirectory(prefix="changes-") as tmp:
        base_root: Path | None = Path(tmp) / "base"
        assert base_root is not None
        if not export(root, prefix, base_commit, base_root):
            base_root = None
        head_root: Path | None = Path(tmp) / "head"
        assert head_root is not None
        if head_commit is not None:
            if not export(root, prefix, head_commit, head_root):
                head_root = None
        elif (root / "source").is_dir():
            shutil.copytree(root / "source", head_root / "source")
        else:
            head_root = None
        return compare(
            read_snapshot(base, base_commit, base_root), read_snapshot(head or "", head_commit or "", head_root)
        )
