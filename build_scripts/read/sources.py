"""source/ on disk → Sources: every file the build reads, read once, before any stage runs.

The only place the build reads source/: the stages take the texts as values (model.SourceFile), so
none of them opens a file, and a test can give them text without writing any.
"""

from __future__ import annotations

from pathlib import Path

from ..core import names
from ..core.model import BuildError, SourceFile, Sources
from ..text.textio import outside, read_text
from . import cite
from .edition import named_raw, raw_key


def display(path: Path, root: Path) -> str:
    """The path as an editor sees it: relative to the project where it is inside it."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def read_file(path: Path, root: Path, *, linked: bool = False) -> SourceFile:
    """One source file's text and how it was read; a link out of the project is a problem unless
    `linked` (the collection file's two lines are never quoted)."""
    name = display(path, root)
    try:
        text, notices = read_text(path, display=name)
    except BuildError as exc:
        return SourceFile(path, name, None, tuple(exc.problems))
    return SourceFile(path, name, text, (*notices, *([] if linked else outside(path, root, name))))


def read_raw(value: str, root: Path) -> SourceFile:
    """The raw file an edition's `raw:` names (a path under source/raw/, as edition.named_raw gives
    it): a link that leaves source/raw/ is not read, so the build never quotes a file outside it."""
    path = root / value
    name = raw_key(value)
    try:
        # resolved, so that a link (the file, or source/raw/ itself) pointing elsewhere is refused
        inside = path.resolve().is_relative_to(root.resolve() / names.RAW_DIR)
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        return SourceFile(path, name, None, outside=True)
    if not path.is_file():
        return SourceFile(path, name, None, missing=True)
    try:
        text, notices = read_text(path, display=name)
    except BuildError as exc:  # not text, too large: said once, with the edition that names it
        return SourceFile(path, name, None, tuple(exc.problems))
    return SourceFile(path, name, text, tuple(notices))


def optional(path: Path, root: Path, *, linked: bool = False) -> SourceFile | None:
    return read_file(path, root, linked=linked) if path.exists() else None


def read_sources(root: Path) -> Sources:
    """Every edition, each raw file an edition names, the glossary and the collection file; beside
    each edition its notes and translation, if any; mkdocs.yml's site_url."""
    # <slug>.en.md is a translation, not an edition: slugs have no dot
    paths = sorted(p for p in (root / names.ARTICLES_DIR).glob("*.md") if "." not in p.stem)
    articles = tuple(read_file(p, root) for p in paths)
    raws: dict[str, SourceFile] = {}
    for a in articles:
        value = named_raw(a.text) if a.text is not None else None
        if value is not None and value not in raws:
            raws[value] = read_raw(value, root)
    beside = {
        suffix: {p.stem: f for p in paths if (f := optional(p.parent / f"{p.stem}{suffix}", root)) is not None}
        for suffix in (names.NOTES_SUFFIX, names.TRANSLATION_SUFFIX)
    }
    mkdocs = optional(root / "mkdocs.yml", root, linked=True)
    # a translation or notes file whose edition was renamed or removed would silently drop out
    read = {p.name for p in paths} | {f.path.name for files in beside.values() for f in files.values()}
    folder = root / names.ARTICLES_DIR
    strays = sorted(
        display(p, root)
        for p in (folder.iterdir() if folder.is_dir() else ())
        if p.is_file() and not p.name.startswith(".") and p.name not in read
    )
    return Sources(
        root,
        articles,
        raws,
        optional(root / names.GLOSSARY_FILE, root),
        optional(root / names.COLLECTION_FILE, root, linked=True),
        notes=beside[names.NOTES_SUFFIX],
        translations=beside[names.TRANSLATION_SUFFIX],
        site_url=cite.site_url(mkdocs.text) if mkdocs is not None and mkdocs.text is not None else "",
        strays=tuple(strays),
    )
