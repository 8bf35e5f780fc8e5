"""Frozen dataclasses shared by every stage: problems, articles, sections, paragraphs, pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .cite import SourceInfo
    from .notes import Note
    from .translation import Translation

# Names the site's own pages and folders take, in docs/ and in the built site (MkDocs' search index
# goes to search/): an article's pages go to docs/<slug>/, so no article may take one as its slug
# (the importer refuses them, and so does the build).
RESERVED_SLUGS = frozenset(
    {"glossary", "concordance", "about", "index", "assets", "stylesheets", "javascripts", "search"}
)


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """Something wrong with the input, located as precisely as we can."""

    file: str
    line: int | None
    message: str
    key: str = ""
    hint: str = ""
    severity: Severity = Severity.ERROR
    column: int | None = None  # 1-based, in characters, where one character is the problem

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        where += f":{self.column}" if self.line is not None and self.column is not None else ""
        key = f" {self.key}:" if self.key else ""
        hint = f"\n    fix: {self.hint}" if self.hint else ""
        label = "" if self.severity is Severity.ERROR else "warning: "
        return f"{where}:{key} {label}{self.message}{hint}"


class BuildError(Exception):
    """Raised by a stage that cannot go on; carries every problem found so far."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Erratum:
    """A recorded departure from the raw wording: `raw` (as received) became `edition`."""

    raw: str
    edition: str
    note: str
    line: int


@dataclass(frozen=True)
class Paragraph:
    anchor: str  # e.g. "s2-p3": stable, ASCII, unique within its page
    sentences: tuple[str, ...]
    line: int  # line of the first sentence in the edition file

    @property
    def text(self) -> str:
        return "".join(self.sentences)


@dataclass(frozen=True)
class Section:
    id: str  # "intro", "s1", ...
    title: str
    title_en: str
    paragraphs: tuple[Paragraph, ...]
    line: int  # line of the heading (or of the first paragraph for the introduction)
    original_heading: bool  # False for the introduction, whose title is editorial


@dataclass(frozen=True)
class Article:
    slug: str
    path: Path  # the edition file
    title: str
    title_en: str
    dateline: str
    raw_path: Path
    errata: tuple[Erratum, ...]
    sections: tuple[Section, ...]
    provenance: str = ""
    # the scholarly apparatus: the front matter's `source:` (cite.py), and what the build reads beside
    # the edition: <slug>.notes.yaml (notes.py), <slug>.en.md (translation.py), mkdocs.yml's site_url
    source_info: SourceInfo | None = None
    notes: tuple[Note, ...] = ()
    english: Translation | None = None
    site_url: str = ""

    @property
    def source(self) -> str:
        """The edition's path as an editor sees it: source/articles/<slug>.md."""
        return f"source/articles/{self.path.name}"

    @property
    def lede(self) -> Paragraph | None:
        intro = self.sections[0]
        return intro.paragraphs[0] if intro.paragraphs and not intro.original_heading else None


@dataclass(frozen=True)
class Page:
    """One file to write under docs/."""

    path: str  # relative to docs/, POSIX separators
    content: str
    sources: tuple[str, ...] = field(default=())  # files under source/ an editor changes instead
