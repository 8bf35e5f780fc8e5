"""jieba segmentation: the dictionary is loaded once per process; each glossary gets its own copy.

A tokenizer never keeps words from another glossary, so a build's output depends only on its input.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterable, Mapping
from functools import cache
from math import log

import jieba
import jieba.finalseg

jieba.setLogLevel(logging.WARNING)

# How jieba's precise mode splits a text before segmenting (jieba.Tokenizer.cut): each run of these
# characters, a block, is segmented on its own, so a block's words never depend on the text around
# it; every other character is a word of its own.
_BLOCK = jieba.re_han_default


@cache
def base() -> jieba.Tokenizer:
    """jieba's own dictionary, shared: never add words to it (use tokenizer() for that)."""
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def hand_over() -> None:
    """Give the dictionary loaded by base() to jieba's default tokenizer, and forget it here.

    mkdocs-material's search segments with that default tokenizer (and adds the glossary to it):
    when MkDocs runs in the same process after the build (`python -m build_scripts site`), it
    then reuses the dictionary instead of loading it a second time. Nothing is handed over if
    base() was never loaded or the default tokenizer already has a dictionary.
    """
    if base.cache_info().currsize and not jieba.dt.initialized and jieba.dt.dictionary == jieba.DEFAULT_DICT:
        tok = base()
        base.cache_clear()  # base() must never see words added to the default tokenizer
        jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = tok.FREQ, tok.total, True


def tokenizer(words: Iterable[str] = ()) -> jieba.Tokenizer:
    """jieba's dictionary plus `words`, each made a word of its own (so a term stays whole in a sentence)."""
    shared = base()
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = dict(shared.FREQ), shared.total, True
    for word in words:
        tok.add_word(word, freq=max(tok.suggest_freq(word, tune=False), 1000))
    return tok


def boundaries(tok: jieba.Tokenizer, text: str) -> set[int]:
    """Character offsets at which the tokenizer (precise mode) starts or ends a word.

    jieba's own segmentation: the reference that Boundaries (the fast path the matcher uses) is
    tested against.
    """
    cuts = {0}
    pos = 0
    for word in tok.cut(text, HMM=True):
        pos += len(word)
        cuts.add(pos)
    return cuts


class Segmenter:
    """tokenizer(words), plus what Boundaries needs to segment text fast: each word's weight, cached."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self.tok = tokenizer(words)
        self.freq = self.tok.FREQ
        self.logtotal = log(self.tok.total)
        self._weights: dict[str, float] = {}

    def weight(self, word: str) -> float:
        """The score of `word` in jieba's route through a text, as Tokenizer.calc computes it."""
        w = self._weights.get(word)
        if w is None:
            w = self._weights[word] = log(self.freq.get(word) or 1) - self.logtotal
        return w


class Boundaries:
    """`boundaries(seg.tok, text)` as a container that segments only the blocks it is asked about.

    `pos in Boundaries(seg, text, added)` equals `pos in boundaries(seg.tok, text)` for
    0 ≤ pos ≤ len(text) when `seg` is `Segmenter(words)` and `added` maps the start of every
    occurrence of every one of `words` in `text` to (end, seg.weight(word)) of those occurrences (an
    Aho-Corasick automaton over `words` finds them). A block's edges are always boundaries; a block
    never asked about is never segmented.

    Inside a block this is jieba's precise mode with HMM (Tokenizer.__cut_DAG), computed the same
    way with the same arithmetic, with one shortcut: jieba finds the dictionary words starting at
    each character by growing a prefix while it is a key of FREQ. With many added words, and every
    prefix of each added as a key, that walks far for nothing; here the prefix walk uses the base
    dictionary and the added words come from `added`.
    """

    def __init__(self, seg: Segmenter, text: str, added: Mapping[int, Iterable[tuple[int, float]]]) -> None:
        self._seg = seg
        self._added = added
        self._starts = [0]  # offset of each block, then len(text)
        self._blocks: list[str] = []
        for piece in _BLOCK.split(text):
            if piece:
                self._blocks.append(piece)
                self._starts.append(self._starts[-1] + len(piece))
        self._cuts: dict[int, set[int]] = {}  # block index → the boundaries inside it (offsets in text)

    def __contains__(self, pos: object) -> bool:
        if not isinstance(pos, int) or not 0 <= pos <= self._starts[-1]:
            return False
        i = bisect.bisect_right(self._starts, pos) - 1
        if pos == self._starts[i]:
            return True
        cuts = self._cuts.get(i)
        if cuts is None:
            block, start = self._blocks[i], self._starts[i]
            if _BLOCK.fullmatch(block):
                cuts = self._cuts[i] = {start + c for c in self._segment(block, start)}
            else:  # not segmented: jieba's own handling of spaces and single characters
                cuts = self._cuts[i] = set()
                for word in self._seg.tok.cut(block, HMM=True):
                    start += len(word)
                    cuts.add(start)
        return pos in cuts

    def _segment(self, block: str, offset: int) -> list[int]:
        """Word ends (offsets in `block`) of jieba's precise mode with HMM, as Tokenizer.__cut_DAG."""
        base_freq = base().FREQ.get
        added = self._added.get
        weights = self._seg._weights
        cached = weights.get
        weight = self._seg.weight
        n = len(block)
        # edges[k]: (last character of a word starting at k, its weight), as Tokenizer.get_DAG + calc
        edges: list[list[tuple[int, float]]] = []
        for k in range(n):
            found: list[tuple[int, float]] = []
            i = k
            frag = block[k]
            f = base_freq(frag)
            while f is not None:
                if f:
                    w = cached(frag)
                    found.append((i, weight(frag) if w is None else w))
                i += 1
                if i == n:
                    break
                frag = block[k : i + 1]
                f = base_freq(frag)
            more = added(offset + k)
            if more is not None:
                known = {x for x, _ in found}
                for end, w in more:
                    x = end - offset - 1
                    if x < n and x not in known:
                        found.append((x, w))
            if not found:
                found.append((k, weight(block[k])))
            edges.append(found)
        # the best route from each character to the end: max of (score, last character), as Tokenizer.calc
        score = [0.0] * (n + 1)
        best = [0] * (n + 1)
        for idx in range(n - 1, -1, -1):
            here = edges[idx]
            if len(here) == 1:
                x, w = here[0]
                score[idx], best[idx] = w + score[x + 1], x
            else:
                score[idx], best[idx] = max([(w + score[x + 1], x) for x, w in here])
        # walk the route; runs of single characters go to the HMM as jieba does
        cuts: list[int] = []
        x = 0
        run = 0  # where the current run of single characters started
        while x < n:
            y = best[x] + 1
            if y - x > 1:
                if run < x:
                    self._flush(block, run, x, cuts)
                cuts.append(y)
                run = y
            x = y
        if run < n:
            self._flush(block, run, n, cuts)
        return cuts

    def _flush(self, block: str, start: int, stop: int, cuts: list[int]) -> None:
        run = block[start:stop]
        if len(run) > 1 and not self._seg.freq.get(run):
            for word in jieba.finalseg.cut(run):
                start += len(word)
                cuts.append(start)
        else:
            cuts.extend(range(start + 1, stop + 1))
