"""Paragraph text + glossary forms → non-overlapping term matches that never cut a word.

A match is a term or alias whose both ends are word boundaries of jieba's segmentation of the text
(glossary loaded as its user dictionary), so 法治 is not found inside 依法治国; among them we keep
the leftmost-longest. One Aho-Corasick automaton over every form tells which paragraphs hold one
at all: only those are segmented.

Matching works across scripts: the text and the forms are folded to Simplified characters
(text/script.py, one character for one, so offsets are the text's), so 習近平 in an edition kept in
Traditional characters is a match of 习近平, and the match keeps the text's own characters as its
form. Jieba segments the fold too, and cuts 書記習近平 as it cuts 书记习近平.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick

from ..core.model import Match
from ..text import script, segment

__all__ = ["Match", "Matcher"]


class Matcher:
    def __init__(self, forms: Iterable[tuple[str, str]]) -> None:
        """`forms`: (form, term) pairs; a form is a term or one of its aliases."""
        pairs = [(script.fold(form), term) for form, term in forms]
        self._terms = dict(reversed(pairs))  # folded form → term (the first form of a fold wins)
        self._reach: dict[str, int] = {}  # first character → length of the longest form starting with it
        for form in self._terms:
            self._reach[form[0]] = max(self._reach.get(form[0], 0), len(form))
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
        folded, terms = script.fold(text), self._terms  # the fold keeps offsets: folded once, not once per match
        return [Match(start, end, text[start:end], terms[folded[start:end]]) for start, end in spans]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each match, in order (of the text and of its fold alike)."""
        if self._empty or not text:
            return []
        text = script.fold(text)
        if next(self._automaton.iter(text), None) is None:
            return []  # no form anywhere: nothing to segment
        cuts = segment.boundaries(self._tokenizer, text)
        chosen: list[tuple[int, int]] = []
        last_end = 0
        for i, start in enumerate(cuts):
            if start < last_end:  # inside the match just chosen
                continue
            # the longest form from this boundary to a later one
            reach, end, j = start + self._reach.get(text[start : start + 1], 0), 0, i + 1
            while j < len(cuts) and cuts[j] <= reach:
                if text[start : cuts[j]] in self._terms:
                    end = cuts[j]
                j += 1
            if end:
                chosen.append((start, end))
                last_end = end
        return chosen
