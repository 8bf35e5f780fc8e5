"""The glossary's text (source/glossary.yaml) → validated Terms (with line numbers), plus problems for every bad entry.

In three steps, so that the build may read the pinyin of a large glossary in several processes:
parse_glossary (the YAML and each entry's checks), readings (each term's pinyin), finish_glossary
(ids, references); load_glossary does all three in this process."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..core import chars
from ..core.chars import strip_tones
from ..core.model import CATEGORIES, BuildError, Problem, SourceFile, Term
from ..core.problems import Collector, fail, problem
from ..text import yamlpos
from ..text.pinyin import numbered
from ..text.pinyin import render as render_pinyin
from ..text.textio import invisible_problems, mixed_script_problems
from . import querynames

__all__ = ["CATEGORIES", "Term", "strip_tones"]  # shared vocabulary, kept importable from here
KEYS: dict[str, type] = {
    "term": str,
    "id": str,
    "aliases": list,
    # the whole set phrase, as the text has it, when the term and its aliases are its parts (a slogan's
    # halves, a list's members): the entry is headed by it and its aliases shown as its parts
    "phrase": str,
    # the reading of the whole phrase, which the entry is headed by (a slogan's readings are not the
    # automatic pinyin's to guess: 定分止争 reads dìng fèn, not dìngfēn); required with `phrase`
    "phrase_pinyin": str,
    "pinyin": str,
    "en": str,
    # other forms of `en` the translation may use (an inflection, an alias's phrase): the check of a
    # translation's linked terms accepts any of them (consistency.term_problems); not shown
    "en_also": list,
    # the official English where one is known (Xinhua, China Daily, a government's English site): `en`
    # holds it, or `def_en` names it (consistency.official_problems); not shown apart
    "official": str,
    "category": str,
    "def_zh": str,
    "def_en": str,
    "see_also": list,
    # established names the text does not use (三治融合 for 三治合一): searched as the term (pages/query.py)
    "also": list,
}
REQUIRED = ("term", "en", "category", "def_zh", "def_en")
# Names are capitalised in pinyin (Zhèjiāng, Píng'ān Zhèjiāng); concepts and phrases are not.
PROPER = {"programme", "institution", "place", "event", "person"}
PARALLEL_MIN_TERMS = 2000  # from this many entries on, the build reads their pinyin in several processes
MAX_ID = 64  # an id names a page (concordance/<id>.md) and an anchor
ID_RE = re.compile(rf"^[a-z0-9][a-z0-9-]{{0,{MAX_ID - 1}}}$")
HAN = re.compile(f"[{chars.HAN}]+")
# Longest values, in characters: a term is a word or a set phrase; a definition is a few sentences.
MAX_LENGTH = {
    "term": 40,
    "aliases": 40,
    "see_also": 40,
    "pinyin": 300,
    "phrase_pinyin": 600,
    "en": 300,
    "def_zh": 2000,
    "def_en": 2000,
}
MAX_LENGTH["also"] = MAX_LENGTH["aliases"]
MAX_LENGTH["en_also"] = MAX_LENGTH["en"]
MAX_LENGTH["official"] = MAX_LENGTH["en"]
MAX_LENGTH["phrase"] = 200
MAX_ITEMS = 50  # aliases or see_also of one entry
# The glossary page's own anchors: a term with one of these ids would be linked to the wrong place.
PAGE_ANCHORS = frozenset({"glossary", "by-category"})
PAGE_ANCHOR_RE = re.compile(r"^letter-")  # the letter headings: letter-a, letter-b, …


def derive_pinyin(term: str, proper: bool = False, category: str | None = None) -> str:
    """Tone-marked pinyin written by GB/T 16159-2012 (pinyin.render): words apart, names capitalised."""
    return render_pinyin(term, category or ("institution" if proper else "concept"))


@lru_cache(maxsize=65536)
def word_pinyin(word: str) -> str:
    """One jieba word's tone-marked syllables, joined (read once per word: a glossary's terms share many)."""
    from pypinyin import Style, lazy_pinyin  # imported where pinyin is read: a glossary read elsewhere needs none

    out = ""
    for s in lazy_pinyin(word, style=Style.TONE, errors="default"):
        if out and s[:1].lower() in "aeoāáǎàēéěèōóǒò":
            out += "'"
        out += s
    return out


def tone3(term: str) -> tuple[str, ...]:
    """The term's syllables with tone numbers (`ping2`, `an1`; non-Han text as it is): the id and the
    glossary's sort order both come from them: the reading the written pinyin comes from (pinyin.numbered)."""
    return numbered(term)


@dataclass(frozen=True)
class Misreading:
    """Why a given reading cannot be a term's (or a phrase's): `token` of it is no pinyin syllables,
    or (`token` "") it has `syllables` syllables for the `han` Han characters of `term`."""

    pinyin: str  # the reading, clipped as the problem quotes it
    token: str = ""
    syllables: int = 0
    term: str = ""
    han: int = 0


def _misread(found: Collector, bad: Misreading, codes: tuple[str, str], line: int, where: str) -> None:
    """Report a reading that cannot be: `codes` are the problems of a token that is no pinyin, and of
    a count of syllables that is not the count of Han characters (a term's `pinyin:` or a `phrase_pinyin:`)."""
    not_syllables, miscounted = codes
    if bad.token:
        found.add(not_syllables, line, where=where, token=bad.token, pinyin=bad.pinyin)
    else:
        found.add(miscounted, line, where=where, pinyin=bad.pinyin, syllables=bad.syllables, term=bad.term, han=bad.han)


def readings(
    item: tuple[str, str | None, str, frozenset[str], frozenset[str]],
) -> tuple[str, tuple[str, ...], Misreading | None]:
    """(pinyin, tone3, why the given pinyin cannot be the term's or None) of (term, its pinyin if the
    entry gives it, its category, the glossary's names of places and institutions, of people).
    Read where pypinyin is loaded: its dictionary checks."""
    term, given, category, proper, people = item
    pinyin = given or render_pinyin(term, category, proper, people)
    read = tone3(term)
    if not given:
        return pinyin, read, None
    wrong = _pinyin_mismatch(term, given)
    # the id, the order and the search forms follow the reading the entry gives (联调 liántiáo, not
    # the dictionary's liándiào), so that every place the term is shown reads it the same way
    return pinyin, (None if wrong else given_syllables(term, given, read)) or read, wrong


TONE_MARKS = {"\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4"}


def _numbered(syllable: str) -> str:
    """A tone-marked syllable as tone3() writes it: lǜ → lv4, zhe → zhe."""
    d = unicodedata.normalize("NFD", syllable.lower()).replace("u\u0308", "v")
    tone = next((TONE_MARKS[c] for c in d if c in TONE_MARKS), "")
    return "".join(c for c in d if unicodedata.category(c) != "Mn") + tone


def _splits(word: str) -> list[list[int]]:
    """Every way of cutting `word` (toneless, lower-case) into known syllables, as cut positions."""
    known = _syllables()
    out: list[list[int]] = []

    def walk(i: int, cuts: list[int]) -> None:
        if i == len(word):
            out.append(cuts)
            return
        for j in range(i + 1, min(len(word), i + 6) + 1):
            if word[i:j] in known and len(out) < 64:
                walk(j, [*cuts, j])

    walk(0, [])
    return out


def given_syllables(term: str, given: str, read: tuple[str, ...]) -> tuple[str, ...] | None:
    """The syllables of a given `pinyin:` with tone numbers, one per character of an all-Han term
    (the cut closest to the dictionary's reading `read` where a word can be cut two ways); None
    where they cannot be told (other text in the term, or no cut fits)."""
    if not HAN.fullmatch(term):
        return None
    words = [w for w in re.split(r"[\s'’\-·]+", unicodedata.normalize("NFC", given)) if w]
    toneless = [r.rstrip("12345").lower() for r in read]
    found: list[str] = []
    for word in words:
        plain = strip_tones(word).lower()
        if len(plain) != len(word):
            return None
        options = _splits(plain)
        at = len(found)

        def agree(cuts: list[int], word: str = word, at: int = at) -> int:
            starts = [0, *cuts[:-1]]
            return sum(
                1
                for k, (i, j) in enumerate(zip(starts, cuts, strict=True))
                if at + k < len(toneless)
                and strip_tones(word[i:j]).lower().replace("ü", "u") == toneless[at + k].replace("v", "u")
            )

        if not options:
            return None
        best = max(options, key=lambda cuts: (agree(cuts), -len(cuts)))  # pinyin cuts where it must: fewest
        found += [_numbered(word[i:j]) for i, j in zip([0, *best[:-1]], best, strict=True)]
    return tuple(found) if len(found) == len(term) else None


def slug(term: str, syllables: tuple[str, ...] | None = None) -> str:
    """The term's id: toneless pinyin syllables joined by hyphens (`syllables`: its tone3(), if read)."""
    from pypinyin import Style, lazy_pinyin

    if HAN.fullmatch(term):  # every part is a syllable: its tone number is its last character, if any
        parts = [p.rstrip("12345") for p in (tone3(term) if syllables is None else syllables)]
    else:  # digits in other text (G20) are not tones
        parts = lazy_pinyin(term, style=Style.NORMAL, errors="default")
    text = "-".join(p.lower() for p in parts)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


Entry = tuple[str, int, str, tuple[str, ...], dict[str, Any]]  # (where, line, term, aliases, entry)


@dataclass(frozen=True)
class Draft:
    """The glossary's entries that passed parse_glossary's checks, before their pinyin is read."""

    name: str
    entries: tuple[Entry, ...]
    marks: dict[str, int]
    problems: tuple[Problem, ...]

    @property
    def items(self) -> list[tuple[str, str | None, str, frozenset[str], frozenset[str]]]:
        """What readings() takes, one per entry: (term, its pinyin if given, its category, and the
        names the glossary defines, which are capitalised (people written as names) in every term)."""
        valid = self.entries
        proper = frozenset(f for _, _, t, a, e in valid if e["category"] in ("place", "institution") for f in (t, *a))
        people = frozenset(f for _, _, t, a, e in valid if e["category"] == "person" for f in (t, *a))
        return [(term, entry.get("pinyin"), entry["category"], proper, people) for _, _, term, _, entry in valid]


def load_glossary(source: SourceFile) -> tuple[list[Term], list[Problem]]:
    """Validate the glossary, its pinyin read in this process. Raises BuildError if the YAML
    cannot be parsed at all."""
    draft = parse_glossary(source)
    return finish_glossary(draft, [readings(item) for item in draft.items])


def parse_glossary(source: SourceFile) -> Draft:
    """The glossary's YAML and each entry's checks. Raises BuildError if it cannot be used at all."""
    name = source.name
    found = Collector(name, source.problems)
    if source.text is None:
        raise BuildError(found.problems)
    text = source.text
    found.extend(invisible_problems(text, name) + mixed_script_problems(text, name))
    found.stop_if_errors()  # invisible characters make look-alike terms
    data, marks = yamlpos.load(text, name)
    if data is None:
        fail("glossary.empty", name, 1)
    if not isinstance(data, dict) or set(data) != {"terms"} or not isinstance(data["terms"], list):
        fail("glossary.not-terms", name, 1)
    valid: list[Entry] = []
    seen: dict[str, tuple[int, str, str]] = {}  # form as a reader sees it (chars.fold) → (line, key path, form)
    for i, entry in enumerate(data["terms"]):
        where = f"terms[{i}]"
        line = marks.get(where, 1)
        if not isinstance(entry, dict):
            found.add("glossary.entry-not-mapping", line, where=where, value=_clip(repr(entry)))
            continue
        entry_problems = _check_entry(entry, where, marks, name)
        found.extend(entry_problems)
        if entry_problems:
            continue
        term = entry["term"].strip()
        aliases = tuple(str(a).strip() for a in entry.get("aliases") or [])
        term_twice = False
        for k, form in enumerate((term, *aliases)):
            key = f"{where}.term" if k == 0 else f"{where}.aliases[{k - 1}]"
            form_line = marks.get(key, line)
            folded = chars.fold(form)
            if folded in seen:
                other_line, other_key, other = seen[folded]
                term_twice = term_twice or k == 0
                if other == form:
                    found.add(
                        "glossary.duplicate-form", form_line, path=key, form=form, first=other_line, other=other_key
                    )
                else:
                    found.add(
                        "glossary.look-alike-form",
                        form_line,
                        path=key,
                        form=form,
                        first=other_line,
                        other=other_key,
                        written=other,
                        differ=_differ(form, other),
                    )
            else:
                seen[folded] = (form_line, key, form)
        if term_twice:
            continue  # said above; its id would also be the other entry's, which adds nothing
        valid.append((where, line, term, aliases, entry))
    found.extend(query_name_problems(valid, marks, name))
    return Draft(name, tuple(valid), marks, tuple(found.problems))


def query_name_problems(valid: list[Entry], marks: dict[str, int], name: str) -> list[Problem]:
    """A warning for each alias or `also` name that may not rewrite readers' queries (querynames.py):
    the search leaves it out of its query table (an alias still links its term in the text)."""
    places = [
        (f"{where}.{key}[{k}]", marks.get(f"{where}.{key}[{k}]", line), str(form).strip(), key)
        for where, line, _, _, entry in valid
        for key in ("aliases", "also")
        for k, form in enumerate(entry.get(key) or [])
    ]
    why = querynames.refused(form for _, _, form, _ in places)
    return [
        problem(
            "glossary.also-not-searched" if kind == "also" else "glossary.alias-not-searched",
            name,
            at,
            path=key,
            why=why[form],
        )
        for key, at, form, kind in places
        if form in why
    ]


def finish_glossary(
    draft: Draft, read: list[tuple[str, tuple[str, ...], Misreading | None]]
) -> tuple[list[Term], list[Problem]]:
    """The Terms of a Draft, given readings() of its items in order: ids, pinyin checks, see_also."""
    name, valid, marks = draft.name, draft.entries, draft.marks
    found = Collector(name, draft.problems)
    terms: list[Term] = []
    ids: dict[str, int] = {}
    for (where, line, term, aliases, entry), (pinyin, syllables, wrong) in zip(valid, read, strict=True):
        tid = entry.get("id") or slug(term, syllables)
        if not entry.get("id") and not ID_RE.match(tid):
            if tid:
                found.add("glossary.id-too-long", line, where=where, term=term, id=tid[:80], limit=MAX_ID)
            else:
                found.add("glossary.no-id", line, where=where, term=term)
            continue
        if tid in PAGE_ANCHORS or PAGE_ANCHOR_RE.match(tid):
            found.add("glossary.page-anchor-id", marks.get(f"{where}.id", line), where=where, id=tid)
            continue
        phrase = (entry.get("phrase") or "").strip()
        if phrase and (missing := [f for f in (term, *aliases) if f not in phrase]):
            at = marks.get(f"{where}.phrase", line)
            found.add("glossary.phrase-lacks-form", at, where=where, phrase=_clip(phrase), missing="、".join(missing))
        phrase_pinyin = (entry.get("phrase_pinyin") or "").strip()
        at = marks.get(f"{where}.phrase_pinyin", line)
        if phrase_pinyin and not phrase:
            found.add("glossary.phrase-pinyin-alone", at, where=where)
        elif phrase and not phrase_pinyin:
            found.add("glossary.phrase-unread", marks.get(f"{where}.phrase", line), where=where, phrase=_clip(phrase))
        elif phrase and (bad := _pinyin_mismatch(phrase, re.sub(r"[,;:.!?，、；：。！？]", " ", phrase_pinyin))):
            codes = ("glossary.phrase-pinyin-not-syllables", "glossary.phrase-pinyin-miscounted")
            _misread(found, bad, codes, at, where)
        elif phrase.startswith(term) and not _letters(phrase_pinyin).startswith(_letters(pinyin)):
            found.add(
                "glossary.phrase-pinyin-opens-otherwise",
                at,
                where=where,
                term=term,
                pinyin=pinyin,
                phrase_pinyin=_clip(phrase_pinyin),
            )
        if wrong:
            codes = ("glossary.pinyin-not-syllables", "glossary.pinyin-miscounted")
            _misread(found, wrong, codes, marks.get(f"{where}.pinyin", line), where)
        if tid in ids:
            found.add("glossary.duplicate-id", line, where=where, id=tid, other=ids[tid])
        ids[tid] = line
        terms.append(
            Term(
                term=term,
                id=tid,
                aliases=aliases,
                pinyin=pinyin,
                en=entry["en"].strip(),
                category=entry["category"],
                def_zh=entry["def_zh"].strip(),
                def_en=entry["def_en"].strip(),
                see_also=tuple(str(s) for s in entry.get("see_also") or []),
                line=line,
                syllables=syllables,
                en_also=tuple(str(e).strip() for e in entry.get("en_also") or []),
                phrase=(entry.get("phrase") or "").strip(),
                phrase_pinyin=(entry.get("phrase_pinyin") or "").strip(),
                also=tuple(str(a).strip() for a in entry.get("also") or []),
                official=(entry.get("official") or "").strip(),
            )
        )
    known = {t.term for t in terms}
    for t in terms:
        for other in t.see_also:
            if other not in known:
                found.add("glossary.unknown-see-also", t.line, term=t.term, other=other)
            elif other == t.term:
                found.add("glossary.see-also-itself", t.line, term=t.term)
    return terms, found.problems


def _check_entry(entry: dict[str, Any], where: str, marks: dict[str, int], name: str) -> list[Problem]:
    found = Collector(name)
    line = marks.get(where, 1)
    for key, value in entry.items():
        kline = marks.get(f"{where}.{key}", line)
        if key not in KEYS:
            found.add("glossary.unknown-key", kline, where=where, key=key, allowed=", ".join(KEYS))
            continue
        expected = KEYS[key]
        if not isinstance(value, expected):
            if expected is list:
                found.add("glossary.not-a-list", kline, where=where, key=key, value=_clip(repr(value)))
            else:
                found.add("glossary.not-a-string", kline, where=where, key=key, value=_clip(repr(value)))
        elif isinstance(value, list) and not all(isinstance(v, str) and v.strip() for v in value):
            found.add("glossary.empty-item", kline, where=where, key=key, value=_clip(repr(value)))
        elif isinstance(value, str) and not value.strip():
            found.add("glossary.empty-value", kline, where=where, key=key)
        elif isinstance(value, list) and len(value) > MAX_ITEMS:
            found.add("glossary.too-many-items", kline, where=where, key=key, count=len(value), limit=MAX_ITEMS)
        elif key in MAX_LENGTH and (
            long := [str(v) for v in (value if isinstance(value, list) else [value]) if len(str(v)) > MAX_LENGTH[key]]
        ):
            found.add("glossary.too-long", kline, where=where, key=key, length=len(long[0]), limit=MAX_LENGTH[key])
    for key in REQUIRED:
        if key not in entry:
            found.add("glossary.missing-key", line, where=where, key=key, required=", ".join(REQUIRED))
    cat = entry.get("category")
    if isinstance(cat, str) and cat not in CATEGORIES:
        at = marks.get(f"{where}.category", line)
        found.add("glossary.unknown-category", at, where=where, category=cat, categories=", ".join(CATEGORIES))
    tid = entry.get("id")
    if isinstance(tid, str) and not ID_RE.match(tid):
        found.add("glossary.bad-id", marks.get(f"{where}.id", line), where=where, id=_clip(tid), limit=MAX_ID)
    return found.problems


def _clip(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[:n] + "…"


def _differ(a: str, b: str) -> str:
    """The first character at which two forms that look alike differ, named."""
    for x, y in zip(a, b, strict=False):
        if x != y:
            return f"{chars.describe(x)} for {chars.describe(y)}"
    return "one has an extra character"


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable pypinyin knows (ü written u, as strip_tones leaves it), but the
    consonant-only interjections (嗯 ng, 呣 m), which would read zhang as zha-ng."""
    from pypinyin.pinyin_dict import pinyin_dict

    known = {strip_tones(r).lower() for v in pinyin_dict.values() for r in v.split(",")}
    return frozenset(s for s in known if re.search("[aeiou]", s))


def _counts(word: str) -> set[int]:
    """How many syllables `word` (toneless, lower-case letters) can be read as; empty if none."""
    known = _syllables()
    ways: list[set[int]] = [set() for _ in range(len(word) + 1)]
    ways[len(word)] = {0}
    for i in range(len(word) - 1, -1, -1):
        for j in range(i + 1, min(len(word), i + 6) + 1):
            if word[i:j] in known:
                ways[i] |= {n + 1 for n in ways[j]}
    return ways[0]


def _letters(pinyin: str) -> str:
    """A reading's toneless letters alone, for comparing two spellings of it."""
    return re.sub(r"[^a-z]", "", strip_tones(pinyin).lower())


def _pinyin_mismatch(term: str, pinyin: str) -> Misreading | None:
    """Why a given `pinyin:` cannot be the reading of `term`, or None if it can: one syllable for each
    Han character; other text of the term (G20) may stand as it is."""
    han = len(chars.HAN_RE.findall(term))
    other = HAN.sub(" ", term).lower()
    totals = {0}
    for token in re.split(r"[\s'’\-·]+", strip_tones(pinyin).lower().replace("v", "u")):
        if not token or token in other:
            continue
        counts = _counts(token) if token.isalpha() and token.isascii() else set()
        if not counts:
            return Misreading(_clip(pinyin), token=_clip(token, 30))
        totals = {a + b for a in totals for b in counts if a + b <= 4 * len(term) + 8}
    if han in totals:
        return None
    return Misreading(_clip(pinyin), syllables=min(totals), term=term, han=han)
