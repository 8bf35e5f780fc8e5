"""One jieba tokenizer for the whole build, loaded once, with the glossary's terms as its user dictionary."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache

import jieba

jieba.setLogLevel(logging.WARNING)


@cache
def tokenizer() -> jieba.Tokenizer:
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def add_terms(forms: Iterable[str]) -> None:
    """Make every glossary form a word of its own (tune_freq keeps a term whole inside a sentence)."""
    tok = tokenizer()
    for form in forms:
        tok.add_word(form, freq=max(tok.suggest_freq(form, tune=False), 1000))


def boundaries(text: str) -> set[int]:
    """Character offsets at which jieba (precise mode) starts or ends a word."""
    cuts = {0}
    pos = 0
    for word in tokenizer().cut(text, HMM=True):
        pos += len(word)
        cuts.add(pos)
    return cuts
