"""Paragraph text + glossary forms → non-overlapping term matches that never cut a word.

Candidates come from one Aho-Corasick automaton over every term and alias; among them we keep the
leftmost-longest, and only where jieba's segmentation of the text (glossary loaded as its user
dictionary) has a word boundary at both ends, so 法治 is not found inside 依法治国.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import ahocorasick

from . import segment


class Match(NamedTuple):
    """A NamedTuple rather than a frozen dataclass: a large corpus has hundreds of thousands, and a
    tuple is several times cheaper to create."""

    start: int
    end: int
    form: str  # the text matched (a term or one of its aliases)
    term: str  # the entry's term


class Matcher:
    def __init__(self, forms: Iterable[tuple[str, str]]) -> None:
        """`forms`: (form, term) pairs; a form is a term or one of its aliases."""
        pairs = list(forms)
        self._terms = dict(pairs)  # form → term
        self._tokenizer = segment.tokenizer(form for form, _ in pairs)
        self._automaton = ahocorasick.Automaton()
        for form, _ in pairs:
            self._automaton.add_word(form, len(form))
        self._empty = not pairs
        if pairs:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        return self.matches(text, self.spans(text))

    def matches(self, text: str, spans: Iterable[tuple[int, int]]) -> list[Match]:
        """Matches from spans() of `text` (spans are cheaper to send between processes)."""
        return [Match(start, end, text[start:end], self._terms[text[start:end]]) for start, end in spans]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each match, in order."""
        if self._empty or not text:
            return []
        candidates = list(self._automaton.iter(text))  # (last character, length) of every form found
        if not candidates:
            return []
        cuts = segment.boundaries(self._tokenizer, text)  # only text with a candidate is segmented
        longest: dict[int, int] = {}  # start → end of the longest candidate starting and ending at a cut
        for last, length in candidates:
            end = last + 1
            if end in cuts and end - length in cuts and end > longest.get(end - length, 0):
                longest[end - length] = end
        chosen: list[tuple[int, int]] = []
        last_end = 0
        for start in sorted(longest):  # leftmost first; what overlaps a match already chosen is dropped
            if start >= last_end:
                last_end = longest[start]
                chosen.append((start, last_end))
        return chosen
