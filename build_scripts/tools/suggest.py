"""Articles + glossary → frequent words and two-word phrases not yet in the glossary, with counts (and their table).

An edition kept in Traditional characters is read through its Simplified fold (text/script.py), as
the build matches it: 社會 is 社会, already part of a glossary term, and 建設 counts with 建设. A
word is proposed in Simplified, the glossary's script (Suggestion.forms: the Traditional forms the
texts use).
"""

from __future__ import annotations

import itertools
import re
import sys
from collections import Counter
from dataclasses import dataclass
from typing import TextIO

from ..core import chars
from ..core.model import Article
from ..read.glossary import Term
from ..text import script
from ..text.segment import tokenizer

HAN_WORD = re.compile(f"^[{chars.HAN_BASIC}]{{2,}}$")  # not chars.HAN: what it proposes stays as it was
# Function words and very general verbs jieba returns as words but no glossary wants.
STOP = frozenset(
    [
        "我们",
        "他们",
        "一个",
        "一批",
        "以及",
        "进一步",
        "方面",
        "同时",
        "其中",
        "通过",
        "作为",
        "坚持",
        "注重",
        "努力",
        "实现",
        "推进",
        "提高",
        "加强",
        "形成",
        "发挥",
        "建立",
        "不断",
        "日益",
        "更加",
        "基本",
        "重要",
        "各级",
        "全面",
        "明显",
        "起来",
        "就是",
        "已经",
        "能够",
        "尤其",
        "需要",
        "指出",
        "要求",
        "明确",
    ]
)


@dataclass(frozen=True)
class Suggestion:
    text: str
    count: int
    sections: int  # in how many sections it occurs
    forms: tuple[str, ...] = ()  # how the texts write it in other characters (Traditional: 習近平)


def suggest_terms(articles: list[Article], terms: list[Term], minimum: int = 2) -> list[Suggestion]:
    known = {f for t in terms for f in t.forms}
    counts: Counter[str] = Counter()
    spread: dict[str, set[str]] = {}
    seen: dict[str, set[str]] = {}  # a folded word → its forms in Traditional texts
    tok = tokenizer(sorted(known))  # known terms stay whole, so phrases around them are not proposed again
    for a in articles:
        for s in a.sections:
            for p in s.paragraphs:
                text = p.text
                folded = script.fold(text)
                words = [w for w in tok.cut(folded, True) if w.strip()]
                if folded != text:  # the text's own form of each word, at the same offsets
                    at = 0
                    for w in words:
                        at = folded.index(w, at)
                        if text[at : at + len(w)] != w:
                            seen.setdefault(w, set()).add(text[at : at + len(w)])
                        at += len(w)
                grams = [w for w in words if HAN_WORD.match(w) and w not in STOP]
                grams += [
                    x + y
                    for x, y in itertools.pairwise(words)
                    if HAN_WORD.match(x) and HAN_WORD.match(y) and x not in STOP and y not in STOP
                ]
                for g in grams:
                    counts[g] += 1
                    spread.setdefault(g, set()).add(f"{a.slug}/{s.id}")
    out = [
        Suggestion(g, n, len(spread[g]), tuple(sorted(seen.get(g, ()))))
        for g, n in counts.items()
        if n >= minimum and not any(g in k or k in g for k in known)
    ]
    return sorted(out, key=lambda s: (-s.count, -s.sections, -len(s.text), s.text))


def print_table(found: list[Suggestion], out: TextIO | None = None) -> int:
    """Write the suggestions as a table; the exit code. An output that cannot show Chinese (a
    terminal or pipe in ASCII or Latin-1) gets nothing and a message on stderr instead of a traceback."""
    out = out or sys.stdout
    lines = [f"{'count':>5} {'sections':>8}  word or phrase (not yet in source/glossary.yaml)"]
    lines += [f"{s.count:>5} {s.sections:>8}  {s.text}" for s in found]
    text = "\n".join(lines) + "\n"
    encoding = getattr(out, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        print(
            f"standard output is in {encoding}, which cannot show Chinese; nothing written\n"
            "    fix: use a UTF-8 locale (e.g. LANG=C.UTF-8), or set PYTHONIOENCODING=utf-8",
            file=sys.stderr,
        )
        return 1
    out.write(text)
    return 0
