"""Term matching and annotation: a named checklist of cases, then properties over random Chinese text."""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import marshal
import math
import re
import subprocess
import sys

import jieba
from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_scripts.pages.matcher import Match, Matcher
from build_scripts.pages.render import annotate, escape_md
from build_scripts.pipeline.build import read_source
from build_scripts.publish.dictionary import load_jieba
from build_scripts.read.glossary import Term
from build_scripts.text import segment
from tests.support.paths import ROOT
from tests.support.profiles import examples


def term(t: str, *aliases: str) -> Term:
    return Term(
        t, t.encode().hex(), aliases, "pīnyīn", "en", "concept", "释义。", "Definition.", (), 1, ("pin1", "yin1")
    )


def found(matcher: Matcher, text: str) -> list[str]:
    return [text[m.start : m.end] for m in matcher.find(text)]


GLOSSARY = [
    term("法治"),
    term("依法治国"),
    term("平安浙江", "平安浙江建设"),
    term("平安"),
    term("村规民约"),
    term("正义"),
]
MATCHER = Matcher((f, t.term) for t in GLOSSARY for f in t.forms)


# --- the checklist ------------------------------------------------------------------------------


def test_superset_wins_over_subset_leftmost_longest() -> None:
    assert found(MATCHER, "“平安浙江”建设始终坚持") == ["平安浙江"]
    assert found(MATCHER, "是平安浙江建设的价值要求") == ["平安浙江建设"]


def test_partial_word_is_not_matched() -> None:
    # 法治 inside 依法治国 cuts a word; 正义 inside 公平正义 is part of the set phrase
    only = Matcher([("法治", "法治")])
    assert found(only, "要坚持党的领导、人民当家作主、依法治国有机统一。") == []
    assert found(MATCHER, "依法治国有机统一") == ["依法治国"]


def test_standalone_word_is_matched() -> None:
    assert found(MATCHER, "厉行社会主义法治。") == ["法治"]
    assert found(MATCHER, "德治、法治、自治") == ["法治"]


def test_next_to_full_width_punctuation() -> None:
    assert found(MATCHER, "“村规民约”，“平安”。") == ["村规民约", "平安"]
    ms = MATCHER.find("（法治）")
    assert [(m.start, m.end) for m in ms] == [(1, 3)]


def test_alias_points_to_its_entry() -> None:
    (m,) = MATCHER.find("推进平安浙江建设。")
    assert m.form == "平安浙江建设" and m.term == "平安浙江"


def test_unused_term_finds_nothing_and_empty_glossary_is_fine() -> None:
    assert Matcher([("最多跑一次", "最多跑一次")]).find("平安浙江建设。") == []
    assert Matcher([]).find("平安浙江") == []


def test_only_first_occurrence_per_page_is_linked_with_a_tooltip() -> None:
    terms = {t.term: t for t in GLOSSARY}
    text = "平安浙江，平安浙江。"
    linked: set[str] = set()
    out = annotate(text, MATCHER.find(text), terms, "art/s1.md", linked)
    assert out.count('href="../glossary.html#') == 1
    assert 'title="平安浙江（pīnyīn，en）：释义。"' in out
    assert out.endswith("，平安浙江。")
    # a later paragraph of the same page does not link it again
    assert "<a " not in annotate(text, MATCHER.find(text), terms, "art/s1.md", linked)


def test_inside_link_or_markup_text_is_escaped_not_interpreted() -> None:
    # the annotator sees only paragraph text: link syntax in it is text, never a second link
    text = "[平安](http://x) *法治* <b>平安</b>"
    out = annotate(text, MATCHER.find(text), {t.term: t for t in GLOSSARY}, "a/s.md", set())
    links = re.findall(r'<a class="term" href="([^"]*)"', out)
    assert links and all(target.startswith("../glossary.html#") for target in links)
    assert out.count("<a ") == len(links)
    assert "<b>" not in out and "&lt;b&gt;" in out


# --- properties ---------------------------------------------------------------------------------

HAN = st.sampled_from(list("平安浙江法治依国村规民约正义公建设的是和社会治理"))
PUNCT = st.sampled_from([*list("，。、；：“”！？（）"), " ", "*", "[", "]", "<", "#", "_", "`", "|"])
TEXT = st.lists(st.one_of(HAN, HAN, HAN, PUNCT), max_size=80).map("".join)
WORDS = st.lists(st.lists(HAN, min_size=2, max_size=4).map("".join), min_size=1, max_size=8, unique=True)


def strip_annotations(annotated: str) -> str:
    """Undo annotate(): drop the links and decode the entities it wrote."""
    return html.unescape(re.sub(r'<a class="term" href="[^"]*" title="[^"]*">([^<]*)</a>', r"\1", annotated))


@settings(max_examples=examples(150), deadline=None)
@given(text=TEXT, words=WORDS)
def test_matches_and_annotations_over_random_text(text: str, words: list[str]) -> None:
    """One matcher per example (each loads jieba's dictionary), every property checked on it."""
    matcher = Matcher((w, w) for w in words)
    ms: list[Match] = matcher.find(text)
    cuts = segment.boundaries(matcher._tokenizer, text)
    for a, b in itertools.pairwise(ms):
        assert a.end <= b.start  # never overlap
    for m in ms:
        assert text[m.start : m.end] == m.form
        assert m.start in cuts and m.end in cuts  # never cut a word
    # every form between two boundaries is found, leftmost first, the longest from each start
    expected, taken = [], 0
    for start in cuts:
        ends = [end for end in cuts if end > start and text[start:end] in words]
        if start >= taken and ends:
            expected.append((start, max(ends)))
            taken = max(ends)
    assert [(m.start, m.end) for m in ms] == expected
    # removing the annotations gives back the text; no markup but the links
    terms = {w: term(w) for w in words}
    out = annotate(text, ms, terms, "a/s1.md", set())
    assert "<" not in re.sub(r"</?a[ >]", "", out)
    assert strip_annotations(out) == text
    # the same text annotated again (a rebuild) is identical; annotations are never nested
    assert annotate(text, matcher.find(text), terms, "a/s1.md", set()) == out
    assert out.count("<a ") == len({m.term for m in ms})


@given(text=TEXT)
def test_escape_md_leaves_no_markup_characters(text: str) -> None:
    escaped = escape_md(text)
    assert not re.search(r"[<>*_`\[\]|\\]", escaped)


@functools.cache
def python_dictionary() -> jieba.Tokenizer:
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def python_jieba(words: list[str], replace: bool = False) -> jieba.Tokenizer:
    """The search index's segmenter (Python jieba), given the same words as segment.tokenizer.

    Python jieba adds an added word's frequency to the dictionary's total even when the word was
    already in the dictionary; jieba-rs replaces the old frequency (`replace` does the same here).
    """
    tok = jieba.Tokenizer()
    shared = python_dictionary()
    tok.FREQ, tok.total, tok.initialized = dict(shared.FREQ), shared.total, True
    for w in words:
        old = tok.FREQ.get(w) or 0
        tok.add_word(w, freq=max(tok.suggest_freq(w, tune=False), segment.MIN_FREQ))
        if replace:
            tok.total -= old
    return tok


def python_boundaries(tok: jieba.Tokenizer, text: str, hmm: bool = True) -> set[int]:
    return {0, *itertools.accumulate(len(w) for w in tok.cut(text, HMM=hmm))}


def route_score(tok: jieba.Tokenizer, text: str, cuts: set[int]) -> float:
    """What jieba maximises: the sum over the words of log(frequency / total)."""
    ends = sorted(cuts)
    return sum(math.log(tok.FREQ.get(text[a:b]) or 1) - math.log(tok.total) for a, b in itertools.pairwise(ends))


@settings(max_examples=examples(100), deadline=None)
@given(text=st.lists(st.one_of(HAN, HAN, PUNCT), max_size=80).map("".join), words=WORDS)
@example(text="平平平平平", words=["平平"])  # 平|平平|平平 or 平平|平平|平: the same score
def test_build_segmenter_is_jiebas_algorithm(text: str, words: list[str]) -> None:
    """jieba-rs (the build) takes a best route of Python jieba's: the same one, or one of equal
    score where two tie (rounding then picks either)."""
    python = python_jieba(words, replace=True)  # the same dictionary total as jieba-rs
    ours = set(segment.boundaries(segment.tokenizer(words), text, hmm=False))
    theirs = python_boundaries(python, text, hmm=False)
    assert ours == theirs or math.isclose(route_score(python, text, ours), route_score(python, text, theirs))


def test_build_and_search_segmenters_cut_the_article_alike() -> None:
    articles, terms, _ = read_source(ROOT)
    words = [f for t in terms for f in t.forms]
    rust, python = segment.tokenizer(words), python_jieba(words)
    texts = [p.text for a in articles for s in a.sections for p in s.paragraphs]
    assert len(texts) > 20
    for text in texts:
        assert set(segment.boundaries(rust, text)) == python_boundaries(python, text), text


def test_the_site_loads_the_search_dictionary_as_jieba_does_and_no_build_segmenter() -> None:
    """`site` loads Python jieba's dictionary from jieba's cache itself (publish/dictionary.py, faster
    than jieba.initialize) while MkDocs loads: the same words and frequencies as jieba's own
    loading, and the build's segmenter (rjieba) stays out of the MkDocs process, as does the
    pkg_resources that jieba imports only to find its own files."""
    python_dictionary()  # jieba's own loading, which writes its cache if there is none yet
    code = (
        "import hashlib, marshal, sys\n"
        "from build_scripts.__main__ import load_mkdocs\n"
        "load_mkdocs()\n"
        "import jieba\n"
        "digest = hashlib.sha256(marshal.dumps(sorted(jieba.dt.FREQ.items()))).hexdigest()\n"
        "print('rjieba' in sys.modules, 'pkg_resources' in sys.modules, jieba.dt.initialized, jieba.dt.total, digest)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    shared = python_dictionary()
    digest = hashlib.sha256(marshal.dumps(sorted(shared.FREQ.items()))).hexdigest()
    assert proc.stdout.split() == ["False", "False", "True", str(shared.total), digest]
    # the search plugin's cut of an article's sentence, with the dictionary so loaded
    words = load_jieba()
    assert words is not None
    text = next(p.text for a in read_source(ROOT)[0] for s in a.sections for p in s.paragraphs)
    assert list(words.dt.cut(text)) == list(shared.cut(text))
