"""Frozen values shared by every stage: the sources as read, problems, articles, terms, matches, pages."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import NamedTuple

from . import chars, names

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
    code: str = ""  # its description in problems.KINDS, which decides its severity

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


# --- the scholarly apparatus: cite.py, notes.py and translation.py make these; render shows them ---


@dataclass(frozen=True)
class SourceInfo:
    """Where the article was published, as far as is known (None: not known)."""

    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date
    url: str | None = None
    retrieved: str | None = None  # ISO date
    unknown: str = ""  # what is not known, in the editor's words
    inferred: tuple[str, ...] = ()  # keys above whose value the editor inferred (published: a year worked out)


@dataclass(frozen=True)
class Note:
    at: str  # a paragraph's anchor (s2-p3), a section's id (its heading), or DATELINE (below)
    phrase: str  # occurs once there; the call follows it
    kind: str
    zh: str
    en: str
    sources: tuple[str, ...]
    line: int
    claims: tuple[str, ...] = ()  # passages of zh or en the note states as fact: each needs a source


@dataclass(frozen=True)
class Translation:
    path: str  # the file as an editor names it
    paragraphs: dict[str, tuple[str | None, ...]]  # anchor → its sentences (None: not yet translated)
    front: dict[str, str]
    lines: dict[str, int] = field(default_factory=dict)  # anchor → line of its first sentence


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
    # the page's apparatus, as the front matter gives it (the importer puts it there): shown in the
    # article's header, never part of the text
    subtitle: str = ""
    byline: str = ""
    credits: tuple[str, ...] = ()
    script: str = "hans"  # the script the edition keeps (`script:`): hans, or hant (Traditional)

    @property
    def source(self) -> str:
        """The edition's path as an editor sees it: source/articles/<slug>.md."""
        return f"{names.ARTICLES_DIR}/{self.path.name}"

    @property
    def lede(self) -> Paragraph | None:
        intro = self.sections[0]
        return intro.paragraphs[0] if intro.paragraphs and not intro.original_heading else None


def section_path(article: Article, section: Section) -> str:
    """Where a section's page goes, relative to docs/."""
    return f"{article.slug}/{section.id}.md"


def landing_path(article: Article) -> str:
    """An article's own page on a site of several (title, dateline, lede, its sections)."""
    return f"{article.slug}/index.md"


@dataclass(frozen=True)
class Page:
    """One file to write under docs/."""

    path: str  # relative to docs/, POSIX separators
    content: str
    sources: tuple[str, ...] = field(default=())  # files under source/ an editor changes instead


@dataclass(frozen=True)
class SourceFile:
    """One file under source/ as the build read it: its text, or why there is none. Stages take
    these instead of paths, so that none of them opens a file."""

    path: Path  # where it is: names it in values (Article.path), never opened by a stage
    name: str  # as an editor sees it, relative to the project: source/articles/<slug>.md
    text: str | None  # LF line ends; None when it could not be read (problems say why) or is missing
    problems: tuple[Problem, ...] = ()  # how it was read: decoding notices, a link out of the project
    outside: bool = False  # a raw file: a link to a file outside source/raw/, not read
    missing: bool = False  # a raw file: no such file


@dataclass(frozen=True)
class Sources:
    """Everything the build reads from source/, read once (build_scripts/read/sources.py)."""

    root: Path
    articles: tuple[SourceFile, ...]  # the editions, by file name
    raws: Mapping[str, SourceFile]  # each raw file an edition's `raw:` names, by that value
    glossary: SourceFile | None  # None: the project has no glossary
    collection: SourceFile | None  # None: the project has no collection file
    # beside an edition, by its slug: <slug>.notes.yaml (notes.py) and <slug>.en.md (translation.py)
    notes: Mapping[str, SourceFile] = field(default_factory=dict)
    translations: Mapping[str, SourceFile] = field(default_factory=dict)
    site_url: str = ""  # mkdocs.yml's site_url: the citations' absolute addresses ("": relative ones)
    # files in source/articles/ the build does not read: neither an edition nor beside one
    strays: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        """The editions' size in characters: how much work the stages over articles have."""
        return sum(len(a.text or "") for a in self.articles)


# The glossary's categories: key → (Chinese, English) heading.
CATEGORIES = {
    "concept": ("理念与概念", "Concepts"),
    "policy": ("制度与举措", "Policies and measures"),
    "programme": ("战略与工程", "Programmes and strategies"),
    "slogan": ("提法与口号", "Set phrases and slogans"),
    "institution": ("机构与会议", "Institutions and meetings"),
    "place": ("地名", "Places"),
    "event": ("事件", "Events"),
    "person": ("人物", "People"),
}


@dataclass(frozen=True)
class Term:
    """A glossary entry, validated."""

    term: str
    id: str  # ASCII anchor, a toneless pinyin slug unless given
    aliases: tuple[str, ...]
    pinyin: str  # with tone marks, for display
    en: str
    category: str
    def_zh: str
    def_en: str
    see_also: tuple[str, ...]  # other entries' `term`
    line: int
    syllables: tuple[str, ...]  # tone3() of the term: the glossary's order (render.pinyin_key)
    en_also: tuple[str, ...] = ()  # other English renderings: ones the translation may use, others in use
    phrase: str = ""  # the whole set phrase the term and its aliases are parts of (总揽全局、协调各方)
    phrase_pinyin: str = ""  # the whole phrase's reading, which its entry is headed with
    also: tuple[str, ...] = ()  # established names the text does not use: searched as the term
    official: str = ""  # the official English where one is known; `en` holds it or `def_en` names it

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)

    @property
    def heading_pinyin(self) -> str:
        """The reading the entry is headed with: the whole phrase's where it has one."""
        return self.phrase_pinyin if self.phrase and self.phrase_pinyin else self.pinyin

    @property
    def pinyin_plain(self) -> str:
        """Toneless, lower-case pinyin with spaces between words: `pingan zhejiang`."""
        return chars.strip_tones(self.pinyin).replace("'", "").lower()


class Match(NamedTuple):
    """A use of a term in a paragraph. A NamedTuple rather than a frozen dataclass: a large corpus
    has hundreds of thousands, and a tuple is several times cheaper to create."""

    start: int
    end: int
    form: str  # the text matched (a term or one of its aliases)
    term: str  # the entry's term


JOINERS = frozenset("、，,；; ")  # what stands between the parts of one slogan or list

# An editor's conjecture in the edition's text: words the raw text lacks, supplied in 〔〕 (〔……〕 marks a
# gap left unfilled). Never the raw's wording: the fidelity check skips it, terms in it are not
# linked or counted, the page shows it apart, and a note at its paragraph gives the source. 〔2017〕
# of a document number (浙政发〔2017〕1号) is no conjecture.
CONJECTURE_RE = re.compile(r"〔(?!\d+〕)[^〔〕\n]*〕")


def conjectures(text: str) -> list[tuple[int, int]]:
    """Where the conjectures of `text` are, brackets included."""
    return [m.span() for m in CONJECTURE_RE.finditer(text)]


def outside_conjectures(text: str, found: list[Match]) -> list[Match]:
    """The matches of `text` that are not in an editor's conjecture (its words are not the text's)."""
    spans = conjectures(text)
    return [m for m in found if not any(a <= m.start < b for a, b in spans)] if spans else found


def without_conjectures(text: str) -> str:
    """`text` with each conjecture blanked (spaces: positions stay), as the raw text has none of it."""
    return CONJECTURE_RE.sub(lambda m: " " * len(m.group(0)), text)


def uses(text: str, found: Sequence[Match]) -> list[Match]:
    """A paragraph's matches (in order) as uses of terms: forms of one term joined only by a list
    mark (总揽全局、协调各方; 平安不平安，老百姓说了算) are one use of it, counted and shown once."""
    out: list[Match] = []
    end = -1
    for m in found:
        gap = text[end : m.start]
        if out and out[-1].term == m.term and 0 < len(gap) <= 2 and all(c in JOINERS for c in gap):
            end = m.end
            continue
        out.append(m)
        end = m.end
    return out


@dataclass(frozen=True)
class Collection:
    """What the site as a whole is called: its header, browser tab, description and home page."""

    name: str
    name_en: str = ""
    description: str = ""
    description_en: str = ""
    source: str = ""  # the file an editor changes (source/collection.yaml), or "" when named after the only article

    @property
    def site_description(self) -> str:
        """MkDocs's `site_description`: the Chinese and the English description, as there are."""
        return " · ".join(d for d in (self.description, self.description_en) if d)


def named_after(article: Article) -> Collection:
    """The collection of one article, without a collection file: named by the article's title."""
    return Collection(article.title, article.title_en)


# A note's kinds and the places it may be at: the vocabulary notes.py checks and scholarly.py renders.
KINDS = {"textual": ("校勘", "Textual note"), "explanatory": ("说明", "Explanatory note")}
DATELINE = "dateline"  # a note's `at:` for the article's dateline


def places(article: Article) -> dict[str, tuple[str, str]]:
    """Every place a note may be at: `at` → (the text there, what a reader calls it)."""
    out: dict[str, tuple[str, str]] = {}
    if article.dateline:
        out[DATELINE] = (article.dateline, "the dateline")
    for s in article.sections:
        out[s.id] = (s.title, f"the heading of section {s.id}")
        for p in s.paragraphs:
            out[p.anchor] = (p.text, f"paragraph {p.anchor}")
    return out
