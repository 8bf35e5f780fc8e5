"""Paragraph text + glossary forms → non-overlapping term matches that never cut a word.

Candidates come from one Aho-Corasick automaton over every term and alias; among them we keep the
leftmost-longest, and only where jieba's segmentation of the text (glossary loaded as its user
dictionary) has a word boundary at both ends, so 法治 is not found inside 依法治国.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from . import segment


@dataclass(frozen=True)
class Match:
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
        if self._empty or not text:
            return []
        ends: dict[int, list[int]] = {}  # start → end of every candidate starting there
        for last, length in self._automaton.iter(text):
            found = ends.get(last + 1 - length)
            if found is None:
                ends[last + 1 - length] = [last + 1]
            else:
                found.append(last + 1)
        if not ends:
            return []
        cuts = segment.boundaries(self._tokenizer, text)  # only text with a candidate is segmented
        chosen: list[Match] = []
        last_end = 0
        for start in sorted(ends):
            if start < last_end or start not in cuts:
                continue
            for end in sorted(ends[start], reverse=True):  # longest first
                if end in cuts:
                    form = text[start:end]
                    chosen.append(Match(start, end, form, self._terms[form]))
                    last_end = end
                    break
        return chosen
