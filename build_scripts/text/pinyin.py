"""A term and its category → its pinyin written by GB/T 16159-2012 (word division, capitals, hyphens, apostrophes).

The rules applied (section numbers of GB/T 16159-2012, Basic rules of the Chinese phonetic alphabet
orthography):
- words are written joined, words apart (5.1); a name of four syllables or more made of several
  words is divided into its words (6.1.1: 全国人民代表大会 Quánguó Rénmín Dàibiǎo Dàhuì);
- a Chinese personal name: surname and given name apart, each capitalised (6.3.4.1: Lǔ Xùn,
  Zhūgě Kǒngmíng); a place name: its proper part and its generic part apart, each capitalised
  (6.3.5.1: Běijīng Shì, Héběi Shěng, Yālù Jiāng); other proper names: every word capitalised
  (6.3.6: Zhōngguó Gòngchǎndǎng); a proper noun inside a common term keeps its capital (Zhōngguó);
- numerals (6.1.5): 11 to 99 joined (sānshíwǔ); 百 and 千 joined to the digit before them (sānbǎi);
  万 and 亿 joined to a single digit before them and apart from a longer number (jiǔyì, língwǔ wàn);
  第 joined by a hyphen (dì-shísān); a numeral apart from its measure word (liǎng gè); 初 joined
  (chūwǔ);
- a four-character idiom that reads as two two-syllable halves is hyphenated (6.1.9:
  fēngpíng-làngjìng);
- an apostrophe before a syllable starting with a, o or e inside a word (5.5: Xī'ān, pí'ǎo).
Words come from jieba's dictionary (the project's segmenter, rjieba) and its part-of-speech tags; an
entry's `pinyin:` overrides all of this where the standard wants what a dictionary cannot know.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
DIGITS = "零〇一二两三四五六七八九"
NUMERAL_RE = re.compile(f"^(?P<prefix>第|初)?(?P<num>[{DIGITS}十百千万亿]+)(?P<rest>.*)$")
# Measure words written apart from the numeral before them (liǎng gè, shísì cì).
MEASURES = frozenset("个次届任年月日天位项条张名家件种批轮回倍章节款段号期处所座")
# Generic parts of place names, written apart from the proper part and capitalised (Běijīng Shì).
GENERICS = ("自治区", "自治州", "自治县", "海峡", "省", "市", "县", "区", "镇", "乡", "江", "河", "湖", "山", "海")
COMPOUND_SURNAMES = frozenset(
    ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "尉迟", "长孙", "夏侯", "公孙", "宇文")
) | frozenset(("司徒", "端木", "独孤", "南宫", "西门", "呼延", "轩辕", "澹台", "钟离", "宗政", "淳于", "万俟", "赫连"))
# Surnames read otherwise than the characters usually are.
SURNAME_READINGS = {
    "曾": "zēng",
    "单": "shàn",
    "区": "ōu",
    "解": "xiè",
    "仇": "qiú",
    "朴": "piáo",
    "查": "zhā",
    "乐": "yuè",
    "覃": "qín",
    "缪": "miào",
    "诸葛": "zhūgě",
    "尉迟": "yùchí",
    "万俟": "mòqí",
    "长孙": "zhǎngsūn",
}
PROPER_CATEGORIES = frozenset({"programme", "institution", "place", "event", "person"})
# Proper nouns capitalised inside any term besides the glossary's own names (jieba's part-of-speech
# tags cannot say: it tags 德治 a place, 安全感 a person).
PROPER_WORDS = frozenset({"中国", "中华"})
VOWEL_START = tuple("aeoāáǎàēéěèōóǒò")


@lru_cache(maxsize=65536)
def tone_marked(text: str) -> tuple[str, ...]:
    """pypinyin's reading of `text` with tone marks: an item for each Han character it reads, one
    for each run of other characters (as it is). Read once per text: the written pinyin (render)
    and the numbered syllables (numbered) both come from it."""
    from pypinyin import Style, lazy_pinyin  # loaded where pinyin is read

    return tuple(lazy_pinyin(text, style=Style.TONE, errors="default"))


def numbered(text: str) -> tuple[str, ...]:
    """pypinyin's reading of `text` with tone numbers (its Style.TONE3: `ping2`, `an1`, other text as
    it is), converted from tone_marked() as pypinyin converts it: one reading for both."""
    from pypinyin import Style, lazy_pinyin

    items, units = tone_marked(text), _units(text)
    if len(items) != len(units):  # not an item per unit: pypinyin's own reading
        return tuple(lazy_pinyin(text, style=Style.TONE3, errors="default"))
    # an item that is its unit as it is (other text, a character without a reading) stays as it is
    pairs = zip(items, units, strict=True)
    return tuple(item if item == unit else _tone3(item) for item, unit in pairs)


@lru_cache(maxsize=8192)
def _tone3(syllable: str) -> str:
    """A tone-marked syllable with its tone as a number, as pypinyin converts it: once per syllable
    (a glossary of 10,000 terms has some 30,000 syllables, and a few hundred distinct ones)."""
    from pypinyin import Style
    from pypinyin.style import convert

    return str(convert(syllable, Style.TONE3, True))


def _syllables(text: str) -> list[str]:
    """One item for each Han character of `text` (its tone-marked reading in context) and one for
    each run of other characters (as it is)."""
    items = tone_marked(text)
    out: list[str] = []
    k = 0
    i = 0
    while i < len(text):
        if HAN_RE.match(text[i]):
            out.append(items[k] if k < len(items) else "")
            k += 1
            i += 1
        else:
            j = i
            while j < len(text) and not HAN_RE.match(text[j]):
                j += 1
            out.append(text[i:j])
            k += 1
            i = j
    return out


def _units(text: str) -> list[str]:
    """`text` as the units _syllables() reads: each Han character, each run of other characters."""
    return re.findall(f"{HAN_RE.pattern}|(?:(?!{HAN_RE.pattern}).)+", text)


def join(syllables: list[str]) -> str:
    """Syllables of one word, joined, an apostrophe before a/o/e inside it."""
    out = ""
    for s in syllables:
        if out and s[:1].lower() in VOWEL_START and out[-1:].isalpha():
            out += "'"
        out += s
    return out


def cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _tag(text: str) -> list[tuple[str, str]]:
    import rjieba

    return [(w, t) for w, t in rjieba.tag(text, True)]


def _has_word(word: str) -> bool:
    import rjieba

    return bool(rjieba.has_word(word))


def _divide(word: str) -> list[str]:
    """A word of four characters or more as the fewest dictionary words of two or three characters
    that make it up (全国人民代表大会 → 全国 人民 代表 大会); itself if there are none."""
    if len(word) < 4 or not all(HAN_RE.match(c) for c in word):
        return [word]
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for i in range(len(word)):
        here = best[i]
        if here is None:
            continue
        for j in range(i + 2, min(len(word), i + 3) + 1):
            piece = word[i:j]
            if piece != word and _has_word(piece):
                cand = [*here, piece]
                old = best[j]
                if old is None or len(cand) < len(old):
                    best[j] = cand
    return best[len(word)] or [word]


def numeral_words(num: str) -> list[str]:
    """A Chinese numeral divided into the words GB/T 16159 writes apart (6.1.5)."""
    parts: list[str] = []
    buf = ""
    since = 0  # parts written since the last 万 or 亿
    for ch in num:
        if ch in "百千":
            if buf[:-1]:
                parts.append(buf[:-1])
                since += 1
            parts.append(buf[-1:] + ch)
            since += 1
            buf = ""
        elif ch in "万亿":
            if not buf and since == 0:
                parts.append(ch)
            elif buf and since == 0 and len(buf) == 1:
                parts.append(buf + ch)  # 九亿 jiǔyì
            else:
                if buf:
                    parts.append(buf)
                parts.append(ch)  # língwǔ wàn
            buf, since = "", 0
        else:
            buf += ch
    if buf:
        parts.append(buf)
    return parts


def _person(name: str, readings: list[str]) -> str:
    """A Chinese personal name: surname, given name, each capitalised (Xí Jìnpíng, Zhūgě Kǒngmíng)."""
    n = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    surname = SURNAME_READINGS.get(name[:n]) or join(readings[:n])
    given = join(readings[n:])
    return f"{cap(surname)} {cap(given)}" if given else cap(surname)


NUMERISH_RE = re.compile(f"^(?:第|初)?[{DIGITS}十百千万亿]*$")
NUMBER_PART_RE = re.compile(f"^[{DIGITS}十百千万亿]+[{''.join(sorted(MEASURES))}]?$")


def _numerals_whole(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """jieba's words with a number it cut in pieces made whole again (第七 十八 → 第七十八)."""
    out: list[tuple[str, str]] = []
    for word, tag in tokens:
        if out and NUMERISH_RE.match(out[-1][0]) and NUMBER_PART_RE.match(word):
            out[-1] = (out[-1][0] + word, "m")
        else:
            out.append((word, tag))
    return out


@lru_cache(maxsize=65536)
def render(
    term: str, category: str = "concept", proper: frozenset[str] = frozenset(), people: frozenset[str] = frozenset()
) -> str:
    """The term's pinyin by GB/T 16159-2012 (see the module's docstring). `proper`: words written
    with a capital wherever they occur (the glossary's places and institutions); `people`: personal
    names (the glossary's people), written as names wherever they occur."""
    readings = _syllables(term)
    by_unit = dict(enumerate(readings))
    names = Names(category in PROPER_CATEGORIES, PROPER_WORDS | proper, people)
    if category == "person" and 2 <= len(term) <= 4 and all(HAN_RE.match(c) for c in term):
        return _person(term, readings)
    words: list[str] = []
    pos = 0  # in units
    for word, tag in _numerals_whole(_tag(term)):
        n = len(_units(word))
        mine = [by_unit.get(pos + k, "") for k in range(n)]
        pos += n
        if not word.strip():
            continue
        words += _word(word, tag, mine, names, category)
    return " ".join(w for w in words if w)


class Names(NamedTuple):
    everywhere: bool  # the term is a proper name: every word capitalised
    proper: frozenset[str]
    people: frozenset[str]


def _word(word: str, tag: str, readings: list[str], names: Names, category: str) -> list[str]:
    """One jieba word as one or more written words."""
    if not all(HAN_RE.match(c) for c in word):
        return [join(readings)]
    if word in names.people or (category == "person" and tag.startswith("nr")):
        return [_person(word, readings)]
    capital = names.everywhere or word in names.proper
    m = NUMERAL_RE.match(word)
    if m and (not m.group("rest") or all(c in MEASURES for c in m.group("rest"))) and m.group("num") != "万一":
        return _numeral(m, readings, capital)
    if tag == "i" and len(word) == 4 and not (_has_word(word[:2]) and _has_word(word[2:])):
        # an idiom read as two halves; one that cannot be (一衣带水 yīyīdàishuǐ) needs `pinyin:`
        return [join(readings[:2]) + "-" + join(readings[2:])]  # fēngpíng-làngjìng
    if (category == "place" or word in names.proper) and len(word) >= 3:
        for generic in GENERICS:
            if word.endswith(generic) and len(word) - len(generic) >= 2:
                k = len(word) - len(generic)
                return [cap(join(readings[:k])), cap(join(readings[k:]))]
    out: list[str] = []
    k = 0
    pieces = _divide(word)
    for piece in pieces:
        mine = readings[k : k + len(piece)]
        k += len(piece)
        if piece in names.people:
            out.append(_person(piece, mine))
            continue
        written = join(mine)
        out.append(cap(written) if capital or piece in names.proper else written)
    return out


def _numeral(m: re.Match[str], readings: list[str], capital: bool) -> list[str]:
    prefix, num, rest = m.group("prefix") or "", m.group("num"), m.group("rest")
    k = len(prefix)
    words: list[str] = []
    for part in numeral_words(num):
        words.append(join(readings[k : k + len(part)]))
        k += len(part)
    if prefix == "第":
        words[0] = readings[0] + "-" + words[0]
    elif prefix == "初":
        words[0] = readings[0] + words[0]
    if rest:
        words.append(join(readings[k:]))
    return [cap(w) for w in words] if capital else words


def search_forms(pinyin: str, syllables: tuple[str, ...]) -> list[str]:
    """Further forms a reader may type for a term, besides its written pinyin: with tones but no word
    division (yīpiàofǒujué), and toneless syllable by syllable (cun gui min yue); none that the
    written pinyin already is."""
    joined = re.sub(r"[\s\-']+", "", pinyin)
    spaced = " ".join(s.rstrip("12345").lower() for s in syllables if s.strip())
    return [form for form in dict.fromkeys((joined, spaced)) if form and form != pinyin]
