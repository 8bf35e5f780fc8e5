"""A name that would rewrite readers' queries (a glossary alias or `also` name, a Traditional character)
→ why it may not ("" when it may).

The search worker (publish/theme_patches.py, `query-folds-variants`) replaces every occurrence of such
a name in every query a reader types, on every page: a name of one character, a stop word, or a
piece of a common word rewrites queries that never meant the term (`also: [的, e]` turned "Safe
Zhejiang" into "Safe 平安浙江 Zhe 平安浙江 jiang"). The glossary check warns about such a name at its
line, and the query table (pages/query.py) leaves it out. A Latin name is matched as a whole word
only (the worker's pattern); a Han name has no spaces to stop at, so a common word it is part of is
refused here instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources, util
from pathlib import Path

MIN_HAN = 2  # a name with Han characters: at least this many
MIN_LATIN = 3  # a name without: at least this many letters and digits
# A jieba dictionary word at least this frequent is a common word (about the commonest 1.5% of its
# 349,000 words: 中国共产党, 社会主义, 浙江省 is not). segment.MIN_FREQ is the same floor.
COMMON_FREQ = 1000
STOPWORDS = "data/query_stopwords.txt"

COMMON_LINE = re.compile(rf"^(\S{{3,}}) ([1-9]\d{{{len(str(COMMON_FREQ)) - 1},}}) ", re.M)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af]")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The words of data/query_stopwords.txt, case-folded."""
    text = resources.files(__package__ or "build_scripts.read").joinpath(STOPWORDS).read_text(encoding="utf-8")
    return frozenset(w.casefold() for line in text.splitlines() for w in line.split("#", 1)[0].split())


@lru_cache(maxsize=1)
def common_words() -> tuple[tuple[str, int], ...]:
    """jieba's dictionary words of three characters or more that are at least COMMON_FREQ frequent."""
    # found, not imported: importing Python jieba (and the pkg_resources it imports) costs the build a
    # quarter of a second, and only this file of it is wanted here
    spec = util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("No module named 'jieba'", name="jieba")
    text = (Path(next(iter(spec.submodule_search_locations))) / "dict.txt").read_text(encoding="utf-8")
    # `word freq tag` a line: a regex picks the few thousand lines wanted without splitting them all
    return tuple((m[1], int(m[2])) for m in COMMON_LINE.finditer(text) if int(m[2]) >= COMMON_FREQ)


def containing_words(names: Iterable[str]) -> dict[str, str]:
    """Each Han name that is a proper part of a common word → the commonest such word."""
    wanted = {n for n in names if n and _HAN.fullmatch(n[0]) and all(_HAN.fullmatch(c) for c in n)}
    found: dict[str, tuple[int, str]] = {}
    if not wanted:
        return {}
    lengths = sorted({len(n) for n in wanted})
    for word, freq in common_words():
        for size in lengths:
            if size >= len(word):
                break
            for i in range(len(word) - size + 1):
                part = word[i : i + size]
                if part in wanted and freq > found.get(part, (0, ""))[0]:
                    found[part] = (freq, word)
    return {name: word for name, (_, word) in found.items()}


def why_not(name: str, within: str = "") -> str:
    """Why `name` may not rewrite queries ("" when it may); `within`: the common word it is a proper
    part of, if any (containing_words)."""
    han = len(_HAN.findall(name))
    other = sum(1 for c in name if c.isalnum() and not _HAN.fullmatch(c))
    if han < MIN_HAN and other < MIN_LATIN:
        return (
            f"`{name}` is too short to rewrite searches: a name needs {MIN_HAN} Han characters or "
            f"{MIN_LATIN} letters at least, or it is found inside words that do not mean the term"
        )
    if name.casefold() in stopwords():
        return f"`{name}` is a stop word (build_scripts/{STOPWORDS}): it occurs in searches that do not mean the term"
    if within:
        return f"`{name}` is part of the common word {within}: a search for {within} would be rewritten too"
    return ""


def refused(names: Iterable[str]) -> dict[str, str]:
    """Each of `names` that may not rewrite queries → why."""
    names = list(names)
    within = containing_words(names)
    return {n: why for n in names if (why := why_not(n, within.get(n, "")))}
