"""Every problem the build, the checks and the tools report, each described once: what is wrong, how to
fix it, the key it names and whether it stops the build. A stage reports a problem by its code and the
values its description names; severity is decided in this table and nowhere else.

    found = Collector("source/glossary.yaml")
    found.add("glossary.unknown-key", 12, key="defn", allowed="term, pinyin, en, …")
    found.stop_if_errors()  # raises BuildError with everything found so far

Descriptions are `str.format` templates: a value is inserted as it is and never read as a template
(a `{` in a contributor's text stays a `{`); a brace meant literally in a description is doubled.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import NoReturn

from .model import BuildError, Problem, Severity


@dataclass(frozen=True)
class Kind:
    """One problem, described: templates for the message, the fix and the key; its severity."""

    message: str
    hint: str = ""
    key: str = ""
    severity: Severity = Severity.ERROR


def error(message: str, hint: str = "", key: str = "") -> Kind:
    """A problem that stops the build: nothing is written until it is fixed."""
    return Kind(message, hint, key, Severity.ERROR)


def warning(message: str, hint: str = "", key: str = "") -> Kind:
    """A problem the build reports and goes on past (`--strict` and CI stop on it too)."""
    return Kind(message, hint, key, Severity.WARNING)


# By where they are found, in the order the build reads. Codes are `area.what`, lower-case ASCII.
KINDS: Mapping[str, Kind] = MappingProxyType(
    {
        # --- files (text/textio.py) ---
        "file.missing": error("no such file", "check the path and the file's name"),
        "file.not-regular": error("not a regular file", "point to a text file"),
        "file.too-large": error(
            "file of {size:,} bytes; at most {limit:,} are read", "split the file, or check that it is the right one"
        ),
        "file.unreadable": error("cannot read file: {reason}"),
        "file.undecodable": error("not valid UTF-8 (byte {byte}) and not GB18030 either", "save the file as UTF-8"),
        "file.gb18030": warning(
            "not UTF-8; decoded as GB18030 (GBK)",
            "the imported edition is written as UTF-8; convert the file itself with "
            "`iconv -f GB18030 -t UTF-8` to silence this",
        ),
        "file.outside": error(
            "links to a file outside the project", "copy the file into the project instead of linking to it"
        ),
        "text.invisible": error(
            "invisible character {char}", "delete it (an editor that shows invisible characters helps, e.g. `cat -A`)"
        ),
        "text.invisible-more": error("… and {count:,} more invisible characters"),
        # a raw file is provenance, never edited: its invisible characters are reported, not refused
        "text.invisible-in-raw": warning(
            "invisible character {char}", "delete it (an editor that shows invisible characters helps, e.g. `cat -A`)"
        ),
        "text.invisible-in-raw-more": warning("… and {count:,} more invisible characters"),
        "text.look-alike": warning(
            "`{word}` mixes Latin letters with {char}, which looks like one", "type the word in Latin letters only"
        ),
        # --- text/script.py ---
        "script.traditional-imported": warning(
            "Traditional characters: kept as they are; `script: hant` written into the front matter",
            "glossary terms are matched and searched across scripts; do not convert the text",
            key="script",
        ),
        "script.mixed-imported": warning(
            "mixed scripts ({traditional} Traditional only, {simplified} Simplified only)",
            "add `script: hant` to the front matter if the article was published in Traditional characters",
            key="script",
        ),
        # --- YAML (text/yamlpos.py) ---
        # (end of YAML)
        # --- editions (read/edition.py) and the collection (read/collection.py) ---
        # (end of editions)
        # --- the glossary (read/glossary.py) ---
        # (end of the glossary)
        # --- notes (read/notes.py) ---
        # (end of notes)
        # --- consistency checks (read/consistency.py) ---
        # (end of consistency checks)
        # --- translations (read/translation.py) ---
        # (end of translations)
        # --- sources and citations (read/cite.py) ---
        # (end of sources and citations)
        # --- the importer (tools/importer.py) ---
        # (end of the importer)
        # --- the change report (tools/changes.py) ---
        "changes.no-git": error("cannot run git: {reason}", "install git"),
        "changes.git-failed": error("{message}"),
        "changes.git-exit": error("exit {status}"),
        "changes.not-a-repository": error(
            "not inside a git repository; the change report compares commits",
            "run it in a clone of the project (git clone …), from the folder holding source/",
        ),
        "changes.unknown-ref": error(
            "`{ref}` is not a commit of this repository",
            "name a branch, tag or commit; fetch the base branch first (git fetch origin main) "
            "or clone with its history (fetch-depth: 0)",
        ),
        # what the copy of a version refuses to write or to read: the report names it instead
        "changes.source-not-a-folder": error(
            "refused: `{folder}` is {what} in commit {commit}",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        "changes.source-link": error(
            "refused: `{folder}` is a symbolic link",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        "changes.refused-path": error(
            "refused: {why}", "a maintainer should look at this entry before the pull request is merged"
        ),
        "changes.committed-link": error(
            "refused: a symbolic link (to {target}); the report follows no link, and neither may the site",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        "changes.not-a-file": error(
            "refused: a {what}, not a file", "a maintainer should look at this entry before the pull request is merged"
        ),
        "changes.committed-too-large": error(
            "refused: a file of {size:,} bytes, more than the {limit:,} the build reads",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        "changes.uncopyable": error(
            "refused: cannot be copied ({reason})",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        "changes.unreadable": error(
            "refused: cannot be read ({reason})",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        "changes.link": error(
            "refused: a symbolic link (to {target}); the report follows no link",
            "copy the file into source/ instead of linking to it",
        ),
        "changes.special-file": error(
            "refused: not a regular file (a pipe, socket or device)",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        "changes.not-regular": error(
            "refused: not a regular file", "a maintainer should look at this entry before the pull request is merged"
        ),
        "changes.too-large": error(
            "refused: larger than {limit:,} bytes, the most the build reads",
            "a maintainer should look at this entry before the pull request is merged",
        ),
        # (end of the change report)
        # --- the build and its writer (pipeline/build.py, pipeline/write.py) and the command line ---
        # the build (pipeline/build.py): what no single file shows
        "build.no-articles": error(
            "no article found", "import one: python -m build_scripts import source/raw/<file>.txt"
        ),
        "build.reserved-slug": error("article file name `{slug}` is reserved for the site", "rename the file"),
        "build.slug-of-conventions": error(
            "article file name `{slug}` would give the about page two `#{slug}` anchors (the conventions): "
            "a link to one would open the other",
            "rename the file (a slug that is neither `conventions` nor ends in `-errata`)",
        ),
        "build.slug-of-errata": error(
            "article file name `{slug}` would give the about page two `#{slug}` anchors (an article errata): "
            "a link to one would open the other",
            "rename the file (a slug that is neither `conventions` nor ends in `-errata`)",
        ),
        "build.stray-file": warning(
            "this file is not read: it is not an edition (`<slug>.md`), and no edition stands beside it",
            "a translation is `<slug>{translation}` and notes are `<slug>{notes}`, beside the edition `<slug>.md`: "
            "rename it after its edition, or delete it if the edition was removed",
        ),
        "build.unused-term": warning(
            "term `{term}` is found nowhere in the articles",
            "check its spelling and aliases, or remove the entry",
            key="{term}",
        ),
        "build.missing-tables": error("{reason}", "pip install -r requirements.txt"),
        # the writer (pipeline/write.py): the disk refused a change
        "write.no-space": error(
            "cannot {what}: {reason}",
            "free some space on the disk that holds docs/, then build again "
            "(no --force needed: the next build completes this one)",
        ),
        "write.not-writable": error(
            "cannot {what}: {reason}",
            "make docs/ and the folders in it writable for this user, then build again "
            "(no --force needed: the next build completes this one)",
        ),
        "write.own-file-link": error(
            "cannot {what}: {reason}",
            "it is a symbolic link: delete it (the build makes its own), then build again "
            "(no --force needed: the next build completes this one)",
        ),
        "write.failed": error(
            "cannot {what}: {reason}",
            "fix the cause, then build again (no --force needed: the next build completes this one)",
        ),
        "write.locked": error(
            "another build is writing docs/ (it holds docs/{lock}); this one was refused",
            "wait until it ends, then build again (a build that was killed holds nothing)",
        ),
        # symbolic links: docs/ may hold none
        "write.docs-link": error(
            "the output folder is a symbolic link (to {target}): the build would write and "
            "delete files wherever it points; nothing was written",
            "replace the link with a real folder (move what it points to into docs/, then delete the link)",
        ),
        "write.link-as-own-file": error(
            "is a symbolic link (to {target}); docs/ may hold none: the build would write through it",
            "delete it: the build makes its own",
        ),
        "write.link": error(
            "is a symbolic link (to {target}); docs/ may hold none: MkDocs would publish what it points to",
            "replace it with a copy of what it points to, or delete it",
        ),
        # the manifest: a plain build stops on what is wrong with it; --force builds past it (`-forced`)
        "write.manifest-unreadable": error(
            "cannot read the manifest: {reason}",
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        "write.manifest-unreadable-forced": warning(
            "cannot read the manifest: {reason}",
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        "write.manifest-not-json": error(
            "the manifest is damaged (not JSON: {reason})",
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        "write.manifest-not-json-forced": warning(
            "the manifest is damaged (not JSON: {reason})",
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        "write.manifest-not-files": error(
            'the manifest is damaged (expected {{"files": {{path: sha256, …}}}})',
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        "write.manifest-not-files-forced": warning(
            'the manifest is damaged (expected {{"files": {{path: sha256, …}}}})',
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        "write.manifest-bad-entry": error(
            "the manifest lists {path}: {why}; it is ignored",
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        "write.manifest-bad-entry-forced": warning(
            "the manifest lists {path}: {why}; it is ignored",
            "rebuild with `{recover}`: it ignores what is wrong with the manifest, keeps a backup "
            "(under {backups}/) of every file it overwrites, deletes nothing the manifest names and writes a new one",
        ),
        # pages the writer would not write
        "write.same-path": error(
            "two pages would be written to this path", "give the two sections or articles different ids"
        ),
        "write.bad-path": error("a page may not be written here: {why}"),
        "write.not-generated": error(
            "exists but was not generated by the build; refusing to overwrite it",
            "move or rename the file, or rename the article/section whose page would land here",
        ),
        "write.edited": error(
            "was edited by hand since the last build; the change would be lost",
            "make the change in {where} instead (docs/ is generated), or "
            "rebuild with --force to overwrite it after keeping a backup (under {backups}/)",
        ),
        # (end of the build and its writer)
    }
)


def problem(code: str, file: str, line: int | None = None, *, column: int | None = None, **values: object) -> Problem:
    """The problem `code` describes, in `file` at `line` (and `column`), with `values` in its templates."""
    kind = KINDS[code]
    return Problem(
        file,
        line,
        kind.message.format(**values),
        key=kind.key.format(**values),
        hint=kind.hint.format(**values),
        severity=kind.severity,
        column=column,
        code=code,
    )


def fail(code: str, file: str, line: int | None = None, *, column: int | None = None, **values: object) -> NoReturn:
    """Stop here: raise BuildError with the one problem `code` describes."""
    raise BuildError([problem(code, file, line, column=column, **values)])


def is_error(p: Problem) -> bool:
    return p.severity is Severity.ERROR


def has_errors(problems: Iterable[Problem]) -> bool:
    """Whether any of `problems` stops the build."""
    return any(is_error(p) for p in problems)


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Those of `problems` that stop the build, in order."""
    return [p for p in problems if is_error(p)]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    """Those of `problems` the build goes on past, in order."""
    return [p for p in problems if not is_error(p)]


def strict(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """`--strict`: every problem stops the build, warnings included."""
    return tuple(replace(p, severity=Severity.ERROR) for p in problems)


class Collector:
    """The problems of one file, in the order they are found."""

    def __init__(self, file: str, found: Iterable[Problem] = ()) -> None:
        self.file = file
        self._found: list[Problem] = list(found)

    def add(self, code: str, line: int | None = None, *, column: int | None = None, **values: object) -> Problem:
        """Record the problem `code` describes, at `line` (and `column`) of this collector's file."""
        found = problem(code, self.file, line, column=column, **values)
        self._found.append(found)
        return found

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record problems found elsewhere (another stage's, or another file's)."""
        self._found.extend(problems)

    def fail(self, code: str, line: int | None = None, *, column: int | None = None, **values: object) -> NoReturn:
        """Record the problem `code` describes and stop with everything recorded."""
        self.add(code, line, column=column, **values)
        raise BuildError(list(self._found))

    def stop_if_errors(self) -> None:
        """Raise BuildError with everything recorded if any of it stops the build."""
        if has_errors(self._found):
            raise BuildError(list(self._found))

    @property
    def problems(self) -> list[Problem]:
        return list(self._found)

    def has_errors(self) -> bool:
        return has_errors(self._found)

    def __iter__(self) -> Iterator[Problem]:
        return iter(list(self._found))

    def __len__(self) -> int:
        return len(self._found)

    def __bool__(self) -> bool:
        return bool(self._found)
