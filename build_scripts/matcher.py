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
        self._automaton = ahocorasick.Automaton()
        pairs = list(forms)
        for form, term in pairs:
            self._automaton.add_word(form, (form, term))
        self._empty = not pairs
        if pairs:
            self._automaton.make_automaton()
        self._tokenizer = segment.tokenizer(form for form, _ in pairs)

    def find(self, text: str) -> list[Match]:
        if self._empty or not text:
            return []
        candidates: dict[int, list[Match]] = {}
        for end_index, (form, term) in self._automaton.iter(text):
            start = end_index - len(form) + 1
            candidates.setdefault(start, []).append(Match(start, end_index + 1, form, term))
        if not candidates:
            return []
        cuts = segment.boundaries(self._tokenizer, text)  # segmentation only for text that has candidates
        chosen: list[Match] = []
        last_end = 0
        for start in sorted(candidates):
            if start < last_end:
                continue
            for m in sorted(candidates[start], key=lambda m: m.end - m.start, reverse=True):
                if m.start in cuts and m.end in cuts:
                    chosen.append(m)
                    last_end = m.end
                    break
        return chosen
