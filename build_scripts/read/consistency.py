"""Checks across an edition, its translation and the glossary, where a machine can check what an
editor would: the numbers of each English sentence are those of its Chinese sentence; a term the
build links in a Chinese sentence has its glossary English (or a declared variant, `en_also`) in
the English one, where a translator's mark (`[[term|words]]`) gives no other words; the pinyin a
term is shown with (tooltip, entry) is the reading its anchor and its search forms are made from;
the count of uses a glossary entry shows is the number of times the text has it (a slogan's whole
phrase once, not once per half: model.uses); every date or figure a note states that the text does
not give is in one of the note's `sources`.

Pure functions of values: each returns Problems (file, line, key, what, how to fix), described in
core/problems.py as warnings (`check --strict`, as `make check` and CI run it, makes them errors)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation

from ..core import chars, names
from ..core.model import Article, Match, Problem, Term, conjectures, uses
from ..core.problems import Collector, problem

# --- numbers ----------------------------------------------------------------------------------------

# An Arabic number that is not part of a name (G20): digits, thousands separators, a decimal part.
ARABIC = re.compile(r"(?<![A-Za-z0-9.])\d+(?:,\d{3})*(?:\.\d+)?(?![A-Za-z]*\d)")
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
# A Chinese numeral the check reads: one with a place (十四, 三百), an ordinal (第十四), 百分之…,
# 两 before a measure word (两张表), and a multiplier after Arabic digits (3万). A single numeral
# without a place (一任, 三治合一, 八八战略) is a word as often as a number, and is left alone.
CN_NUMBER = re.compile(r"(?P<pct>百分之)?(?P<ord>第)?(?P<num>[零〇一二两三四五六七八九十百千万亿]+)")
ARABIC_BIG = re.compile(r"(?<![A-Za-z0-9.])(?P<n>\d+(?:\.\d+)?)(?P<big>[万亿])")
NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
)
ORDINAL_WORDS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
EN_WORDS = {w: n for n, w in enumerate(NUMBER_WORDS.split(" "))}
EN_WORDS |= {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
EN_ORDINALS = {w: n for n, w in enumerate(ORDINAL_WORDS.split(" "))}
EN_ORDINAL_DIGITS = re.compile(r"(?<![A-Za-z0-9])(\d+)(?:st|nd|rd|th)\b")
WORD = re.compile(r"[A-Za-z]+")


def chinese_numeral(text: str) -> int | None:
    """一万三千 → 13000, 十四 → 14, 两 → 2; None if `text` is no numeral with places."""
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None:
                return None  # two digits without a place between (八八): a name, not a number
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            section += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        elif ch in CN_BIG:
            total += (section + (digit or 0)) * CN_BIG[ch]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "")).normalize()
    except InvalidOperation:
        return None


def chinese_numbers(sentence: str) -> list[tuple[Decimal, str]]:
    """The numbers a Chinese sentence states, each with the text that states it."""
    found: list[tuple[Decimal, str]] = []
    taken: list[tuple[int, int]] = []
    for m in ARABIC_BIG.finditer(sentence):
        value = _decimal(m.group("n"))
        if value is not None:
            found.append(((value * CN_BIG[m.group("big")]).normalize(), m.group()))
            taken.append(m.span())
    for m in ARABIC.finditer(sentence):
        if any(a <= m.start() < b for a, b in taken):
            continue
        value = _decimal(m.group())
        if value is not None:
            found.append((value, m.group()))
    for m in CN_NUMBER.finditer(sentence):
        num = m.group("num")
        # a place alone (百 of 老百姓, 千万 "by all means") is a word: a numeral needs a digit
        placed = any(c in CN_UNITS or c in CN_BIG for c in num) and any(c in CN_DIGITS for c in num)
        after = sentence[m.end() : m.end() + 1]
        pair = num == "两" and chars.is_han(after) if after else False
        if not (placed or pair or (m.group("ord") and len(num) == 1) or m.group("pct")):
            continue
        number = chinese_numeral(num)
        if number is not None:
            found.append((Decimal(number), m.group()))
    return found


def english_numbers(sentence: str) -> set[Decimal]:
    """The numbers an English sentence states: digits (28,000; 96.43; 14th) and number words up to twenty."""
    found = {v for m in ARABIC.finditer(sentence) if (v := _decimal(m.group())) is not None}
    found |= {Decimal(m.group(1)) for m in EN_ORDINAL_DIGITS.finditer(sentence)}
    for w in WORD.findall(sentence):
        low = w.lower()
        if low in EN_WORDS:
            found.add(Decimal(EN_WORDS[low]))
        elif low in EN_ORDINALS:
            found.add(Decimal(EN_ORDINALS[low]))
    return found


def _english_digits(sentence: str) -> list[tuple[Decimal, str]]:
    return [(v, m.group()) for m in ARABIC.finditer(sentence) if (v := _decimal(m.group())) is not None] + [
        (Decimal(m.group(1)), m.group()) for m in EN_ORDINAL_DIGITS.finditer(sentence)
    ]


def _sentences(article: Article) -> Iterable[tuple[str, int, str, str, int]]:
    """(anchor, position, Chinese, English, the English line) of every translated sentence."""
    english = article.english
    if english is None:
        return
    for section in article.sections:
        for p in section.paragraphs:
            lines = english.paragraphs.get(p.anchor)
            if lines is None:
                continue
            first = english.lines.get(p.anchor, 0)
            for k, (zh, en) in enumerate(zip(p.sentences, lines, strict=False)):
                if en is not None:
                    yield p.anchor, k, zh, en, first + k


def number_problems(article: Article) -> list[Problem]:
    """Every number of a Chinese sentence is in its English sentence (as digits or a word), and every
    number the English gives in digits is in the Chinese."""
    if article.english is None:
        return []
    found = Collector(article.english.path)
    for anchor, k, zh, en, line in _sentences(article):
        said = english_numbers(en)
        stated = {v for v, _ in chinese_numbers(zh)}
        for value, text in chinese_numbers(zh):
            if value not in said:
                found.add(
                    "consistency.number-not-translated",
                    line,
                    sentence=k + 1,
                    anchor=anchor,
                    said=text,
                    value=value,
                    zh=zh,
                    en=en,
                )
        for value, text in _english_digits(en):
            if value not in stated:
                found.add("consistency.number-added", line, sentence=k + 1, anchor=anchor, said=text, zh=zh, en=en)
    return found.problems


# --- a term's English -------------------------------------------------------------------------------

QUOTES = re.compile(r"[\"“”‘’'«»()\[\]]")
TERM_MARK = re.compile(names.TERM_MARK)


def _plain(text: str) -> str:
    """English compared loosely: lower case, no quotation marks or brackets, one space between words,
    a plural or possessive s dropped from each word (Safe Cities ~ Safe City)."""
    words = QUOTES.sub(" ", text.lower().replace("-", " ")).split()
    return " ".join(_singular(w.strip(".,;:!?")) for w in words)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def renderings(term: Term) -> tuple[str, ...]:
    return (term.en, *term.en_also)


def _marked(en: str, term: Term) -> str | None:
    """The words a translator's mark (`[[term|words]]`, or the term's id) gives `term` in `en`."""
    return next((m["text"] for m in TERM_MARK.finditer(en) if m["ref"].strip() in (term.term, term.id)), None)


def term_problems(article: Article, terms: Sequence[Term], matches: Mapping[str, list[Match]]) -> list[Problem]:
    """A term the build links in a Chinese sentence has its glossary `en`, or one of its `en_also`,
    in the English sentence beside it."""
    if article.english is None:
        return []
    by_term = {t.term: t for t in terms}
    english = article.english
    problems = Collector(english.path)
    for section in article.sections:
        for p in section.paragraphs:
            lines = english.paragraphs.get(p.anchor)
            found = matches.get(f"{article.slug}/{p.anchor}", [])
            if lines is None or not found:
                continue
            ends = []
            total = 0
            for s in p.sentences:
                total += len(s)
                ends.append(total)
            seen: set[tuple[int, str]] = set()
            for m in found:
                k = next(i for i, end in enumerate(ends) if m.start < end)
                term = by_term.get(m.term)
                en = lines[k] if k < len(lines) else None
                if term is None or en is None or (k, term.term) in seen:
                    continue
                seen.add((k, term.term))
                plain = _plain(TERM_MARK.sub(lambda mark: mark["text"], en))
                if any(_plain(r) in plain for r in renderings(term) if r.strip()):
                    continue
                if (marked := _marked(en, term)) is not None:  # the translator marked other words
                    problems.add(
                        "consistency.term-marked-otherwise",
                        english.lines.get(p.anchor, 0) + k,
                        sentence=k + 1,
                        anchor=p.anchor,
                        marked=marked,
                        term=term.term,
                        rendering=term.en,
                        entry=term.line,
                    )
                    continue
                problems.add(
                    "consistency.term-english-missing",
                    english.lines.get(p.anchor, 0) + k,
                    sentence=k + 1,
                    anchor=p.anchor,
                    form=m.form,
                    term=term.term,
                    rendering=term.en,
                    en=en,
                    entry=term.line,
                )
    return problems.problems


# --- pinyin -----------------------------------------------------------------------------------------


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", chars.strip_tones(text).lower().replace("ü", "u").replace("v", "u"))


def pinyin_problems(terms: Sequence[Term], name: str) -> list[Problem]:
    """The pinyin a term is shown with (its tooltip, its entry) spells the same syllables its
    searchable forms and, for a derived id, its anchor are made from."""
    found = Collector(name)
    for t in terms:
        if not chars.HAN_RE.fullmatch(t.term) and not all(chars.is_han(c) for c in t.term):
            continue
        shown = _letters(t.pinyin)
        made = _letters("".join(s.rstrip("12345") for s in t.syllables))
        parts = t.id.split("-")
        derived = len(parts) == len(t.term)
        anchor = _letters("".join(parts)) if derived else made
        if shown == made == anchor:
            continue
        reading = " ".join(s.rstrip("12345") for s in t.syllables)
        if shown == made:
            found.add("consistency.pinyin-anchor", t.line, term=t.term, pinyin=t.pinyin, id=t.id)
        elif derived and anchor != shown:
            found.add(
                "consistency.pinyin-search-forms-and-anchor", t.line, term=t.term, pinyin=t.pinyin, reading=reading
            )
        else:
            found.add("consistency.pinyin-search-forms", t.line, term=t.term, pinyin=t.pinyin, reading=reading)
    return found.problems


# --- conjectures ------------------------------------------------------------------------------------


def conjecture_problems(article: Article) -> list[Problem]:
    """An editor's conjecture that supplies words (〔…〕, not the bare gap 〔……〕) has a note at its
    paragraph naming a source, and its English sentence shows it as one: `[… (conjecture)]`."""
    problems: list[Problem] = []
    english = article.english
    for section in article.sections:
        for p in section.paragraphs:
            for k, sentence in enumerate(p.sentences):
                supplied = [sentence[a:b] for a, b in conjectures(sentence) if chars.HAN_RE.search(sentence[a:b])]
                if not supplied:
                    continue
                if not any(n.at == p.anchor and n.sources for n in article.notes):
                    problems.append(
                        problem(
                            "consistency.conjecture-unsourced",
                            article.source,
                            p.line + k,
                            conjecture=supplied[0],
                            anchor=p.anchor,
                        )
                    )
                en = english.paragraphs.get(p.anchor, ())[k] if english and p.anchor in english.paragraphs else None
                if english is not None and en is not None and "(conjecture)]" not in en:
                    problems.append(
                        problem(
                            "consistency.conjecture-unmarked",
                            english.path,
                            english.lines.get(p.anchor, 0) + k,
                            sentence=k + 1,
                            anchor=p.anchor,
                            conjecture=supplied[0],
                        )
                    )
    return problems


# --- use counts -------------------------------------------------------------------------------------


def _spans(text: str, phrase: str) -> list[tuple[int, int]]:
    found, start = [], text.find(phrase)
    while start >= 0:
        found.append((start, start + len(phrase)))
        start = text.find(phrase, start + len(phrase))
    return found


def count_problems(
    articles: Sequence[Article], terms: Sequence[Term], matches: Mapping[str, list[Match]]
) -> list[Problem]:
    """The count of uses a glossary entry shows (用例 Concordance：N 处, from model.uses) is the number
    of times the text has the term: its whole phrase, where it stands as written, is one use however
    many parts it has; each part found outside it is one more."""
    problems = Collector(names.GLOSSARY_FILE)
    texts = {f"{a.slug}/{p.anchor}": (p.text, p.anchor, a) for a in articles for s in a.sections for p in s.paragraphs}
    phrased = {t.term for t in terms if t.phrase}
    holding: dict[str, list[str]] = {}  # a phrase's term → the paragraphs that use it, in order
    for key, found in matches.items() if phrased else ():
        if key in texts:
            for term in phrased.intersection(m.term for m in found):
                holding.setdefault(term, []).append(key)
    for t in terms:
        if not t.phrase:
            continue
        for key in holding.get(t.term, []):  # not every paragraph for every phrase
            found = matches[key]
            text, anchor, article = texts[key]
            mine = [m for m in found if m.term == t.term]
            if not mine:
                continue
            spans = _spans(text, t.phrase)
            truth = len(spans) + len([m for m in mine if not any(a <= m.start < b for a, b in spans)])
            shown = len([m for m in uses(text, found) if m.term == t.term])
            if shown == truth:
                continue
            problems.add(
                "consistency.use-count",
                t.line,
                shown=shown,
                term=t.term,
                anchor=anchor,
                source=article.source,
                phrase=t.phrase,
                phrases=len(spans),
                outside=truth - len(spans),
            )
    return problems.problems


# --- a note's sources -------------------------------------------------------------------------------

# A note's factual claims a machine can see: a year, a figure with a decimal part, a number of three
# digits or more (a small number is as often a section or a count the text gives: 第4节, 13年来).
YEAR_OR_FIGURE = re.compile(r"^(?:\d{3,}|\d+\.\d+)$")


def _claims(text: str) -> list[str]:
    return [
        m.group().replace(",", "") for m in ARABIC.finditer(text) if YEAR_OR_FIGURE.match(m.group().replace(",", ""))
    ]


def source_problems(article: Article) -> list[Problem]:
    """Every date or figure a note states (in `zh` or `en`) is given by the edition itself (its text,
    dateline, title or front matter's date) or by one of the note's `sources`, and a note that marks
    what it states as fact (`claims:`, passages of its text) names a source: a claim with no source
    is reported at the note."""
    given = " ".join(
        [article.title, article.dateline, *(p.text for s in article.sections for p in s.paragraphs)]
        + ([article.source_info.published or ""] if article.source_info else [])
    )
    known = set(_claims(given))
    found = Collector(f"{names.ARTICLES_DIR}/{article.slug}{names.NOTES_SUFFIX}")
    for i, n in enumerate(article.notes):
        for claim in (c for c in n.claims if c not in n.zh and c not in n.en):
            found.add("consistency.note-claim-not-in-note", n.line, phrase=n.phrase, at=n.at, claim=claim[:60], index=i)
        cited = set(_claims(" ".join(n.sources)))
        missing = list(dict.fromkeys(c for c in _claims(n.zh) + _claims(n.en) if c not in known | cited))
        if missing:
            claims = "、".join(missing)
            found.add("consistency.note-unsourced", n.line, phrase=n.phrase, at=n.at, claims=claims, index=i)
        elif n.claims and not n.sources:
            found.add("consistency.note-claim-unsourced", n.line, phrase=n.phrase, at=n.at, claim=n.claims[0], index=i)
    return found.problems


def note_number_problems(article: Article) -> list[Problem]:
    """A note's Chinese and English state the same years and figures."""
    found = Collector(f"{names.ARTICLES_DIR}/{article.slug}{names.NOTES_SUFFIX}")
    for i, n in enumerate(article.notes):
        zh, en = _claims(n.zh), _claims(n.en)
        for claim in dict.fromkeys(zh):
            if claim not in en:
                found.add(
                    "consistency.note-figure-only-in-chinese", n.line, phrase=n.phrase, at=n.at, claim=claim, index=i
                )
        for claim in dict.fromkeys(en):
            if claim not in zh:
                found.add(
                    "consistency.note-figure-only-in-english", n.line, phrase=n.phrase, at=n.at, claim=claim, index=i
                )
    return found.problems


# --- official English -------------------------------------------------------------------------------


def official_problems(terms: Sequence[Term], name: str) -> list[Problem]:
    """An entry whose `official` English (Xinhua, China Daily, a government's English site) differs
    from its `en` names it in `def_en`: a reader who meets the official name finds the term."""
    found = Collector(name)
    for t in terms:
        if not t.official or _plain(t.official) in _plain(t.en) or t.official.lower() in t.def_en.lower():
            continue
        found.add("consistency.official-unnamed", t.line, term=t.term, en=t.en, official=t.official)
    return found.problems
