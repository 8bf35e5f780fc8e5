"""jieba segmentation for the build: jieba-rs (through rjieba), jieba's dictionary, route and HMM compiled.

Each glossary gets a tokenizer of its own, so a build's output depends only on its input. The
site's search index is segmented by Python jieba (mkdocs-material's search plugin, its dictionary
loaded by publish/dictionary.py);
tests/pages/test_matcher.py checks that both cut the real article, glossary added, at the same places.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import rjieba

# Frequency floor for glossary forms: high enough that a term stays whole in a sentence.
MIN_FREQ = 1000


def tokenizer(words: Iterable[str] = ()) -> rjieba.Jieba:
    """jieba's dictionary plus `words`, in order, each made a word of its own: the last two kept, so
    a preview's rebuild with an unchanged glossary (four fifths of its CPU time) reuses its tokenizer.
    Nothing changes a tokenizer once made."""
    return _tokenizer(tuple(words))


@functools.lru_cache(maxsize=2)
def _tokenizer(words: tuple[str, ...]) -> rjieba.Jieba:
    """jieba's dictionary plus `words`, in order, each made a word of its own.

    Each word gets the frequency that keeps it whole (jieba's suggest_freq), at least MIN_FREQ, as
    Python jieba's `add_word(word, max(suggest_freq(word), MIN_FREQ))` does.
    """
    tok = rjieba.Jieba()
    for word in words:
        tok.add_word(word, max(tok.suggest_freq(word), MIN_FREQ), None)
    return tok


def words(text: str, hmm: bool = True) -> list[str]:
    """`text` cut by jieba's dictionary alone: rjieba's default tokenizer, loaded when rjieba is
    imported, to which nothing here adds a word."""
    return rjieba.cut(text, hmm)


def boundaries(tok: rjieba.Jieba, text: str, hmm: bool = True) -> list[int]:
    """Character offsets at which the tokenizer (precise mode) starts or ends a word, in order:
    0, then the end of each word."""
    return [0, *(end for _, _, end in tok.tokenize(text, "default", hmm))]
