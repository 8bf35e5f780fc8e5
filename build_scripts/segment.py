"""jieba segmentation: the dictionary is loaded once per process; each glossary gets its own copy.

A tokenizer never keeps words from another glossary, so a build's output depends only on its input.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache

import jieba

jieba.setLogLevel(logging.WARNING)


@cache
def base() -> jieba.Tokenizer:
    """jieba's own dictionary, shared: never add words to it (use tokenizer() for that)."""
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def tokenizer(words: Iterable[str] = ()) -> jieba.Tokenizer:
    """jieba's dictionary plus `words`, each made a word of its own (so a term stays whole in a sentence)."""
    shared = base()
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = dict(shared.FREQ), shared.total, True
    for word in words:
        tok.add_word(word, freq=max(tok.suggest_freq(word, tune=False), 1000))
    return tok


def boundaries(tok: jieba.Tokenizer, text: str) -> set[int]:
    """Character offsets at which the tokenizer (precise mode) starts or ends a word."""
    cuts = {0}
    pos = 0
    for word in tok.cut(text, HMM=True):
        pos += len(word)
        cuts.add(pos)
    return cuts
