"""Where a sentence ends: in a raw article as received, and on a line of an edition.

The importer (tools/forms.py) asks whether a raw line ends a sentence to draft the edition and to
flag a last sentence the text leaves cut off (`import.cut-off`); the build (read/edition.py) asks
the same of the raw article, errata applied, to exempt that sentence from the edition's rule, and
CI's content check calls the build. One rule, so the importer, `make check` and CI cannot disagree.
"""

from __future__ import annotations

import re

# The marks of a punctuated text: a body with any of them keeps its own punctuation.
FULL_MARKS_RE = re.compile("[，。、；：！？“”]")
# What closes a sentence of a punctuated text, and what may follow that mark and belong to it.
SENTENCE_END = "。！？!?…"
CLOSERS = "”’」』）)》"
# A page-jump marker of the print edition, alone on a line or inside a paragraph.
MARKER_RE = re.compile(r"[（(](?:下转|上接|转|接)第?[0-9０-９一二三四五六七八九十]{1,3}版[）)]")
# A line of an edition ends its sentence with 。！？ and any closing quote or bracket after it.
EDITION_END_RE = re.compile(r"[。！？][”’」』]*$")


def punctuated(text: str) -> bool:
    return FULL_MARKS_RE.search(text) is not None


def closed(text: str, is_punctuated: bool) -> bool:
    """The raw text ends a sentence: with 。！？… or the scrape's `.` (and any closing quote or
    bracket), or, in a flattened scrape, with a quote; a page-jump marker after it aside."""
    text = MARKER_RE.sub("", text).rstrip()  # a page-jump marker left in the text does not end it
    if not is_punctuated and text.endswith("'"):
        return True
    end = text.rstrip(CLOSERS)
    return bool(end) and end[-1] in SENTENCE_END + "."


def ends_sentence(line: str) -> bool:
    """A line of an edition ends as a Chinese sentence ends."""
    return EDITION_END_RE.search(line) is not None
