"""Term matching and annotation: a named checklist of cases, then properties over random Chinese text."""

from __future__ import annotations

import html
import itertools
import re
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.glossary import Term
from build_scripts.matcher import Match, Matcher
from build_scripts.render import annotate, escape_md

from .conftest import ROOT


def term(t: str, *aliases: str) -> Term:
    return Term(t, t.encode().hex(), aliases, "pīnyīn", "en", "concept", "释义。", "Definition.", (), 1)


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


@settings(max_examples=150, deadline=None)
@given(text=TEXT, words=WORDS)
def test_matches_never_overlap_and_never_cut_a_word(text: str, words: list[str]) -> None:
    matcher = Matcher((w, w) for w in words)
    ms: list[Match] = matcher.find(text)
    for a, b in itertools.pairwise(ms):
        assert a.end <= b.start
    for m in ms:
        assert text[m.start : m.end] == m.form


@settings(max_examples=150, deadline=None)
@given(text=TEXT, words=WORDS)
def test_removing_annotations_gives_back_the_text(text: str, words: list[str]) -> None:
    terms = {w: term(w) for w in words}
    matcher = Matcher((w, w) for w in words)
    out = annotate(text, matcher.find(text), terms, "a/s1.md", set())
    assert "<" not in re.sub(r"</?a[ >]", "", out)  # no markup but the links
    assert strip_annotations(out) == text


@settings(max_examples=100, deadline=None)
@given(text=TEXT, words=WORDS)
def test_annotating_twice_changes_nothing(text: str, words: list[str]) -> None:
    terms = {w: term(w) for w in words}
    matcher = Matcher((w, w) for w in words)
    once = annotate(text, matcher.find(text), terms, "a/s1.md", set())
    # the same text annotated again (a rebuild) is identical; annotations are never nested
    assert annotate(text, matcher.find(text), terms, "a/s1.md", set()) == once
    assert once.count("<a ") == len({m.term for m in matcher.find(text)})


@given(text=TEXT)
def test_escape_md_leaves_no_markup_characters(text: str) -> None:
    escaped = escape_md(text)
    assert not re.search(r"[<>*_`\[\]|\\]", escaped)


@settings(max_examples=200, deadline=None)
@given(
    text=st.lists(st.one_of(HAN, HAN, PUNCT, st.sampled_from(list("abc12 \n"))), max_size=80).map("".join), words=WORDS
)
def test_fast_boundaries_equal_jiebas_own_segmentation(text: str, words: list[str]) -> None:
    """segment.Boundaries re-implements jieba's precise mode for speed; it must cut exactly where jieba does."""
    import ahocorasick

    from build_scripts import segment

    seg = segment.Segmenter(words)
    automaton = ahocorasick.Automaton()
    for w in words:
        automaton.add_word(w, (len(w), seg.weight(w)))
    automaton.make_automaton()
    added: dict[int, list[tuple[int, float]]] = {}
    for last, (length, weight) in automaton.iter(text) if text else []:
        added.setdefault(last + 1 - length, []).append((last + 1, weight))
    fast = segment.Boundaries(seg, text, added)
    expected = segment.boundaries(seg.tok, text)
    assert {p for p in range(len(text) + 1) if p in fast} == expected


def test_hand_over_gives_jiebas_default_tokenizer_the_dictionary_and_keeps_none_of_its_words() -> None:
    # in a fresh process: the default tokenizer is global state
    code = """
import jieba
from build_scripts import segment
loaded = segment.base()
segment.hand_over()
assert jieba.dt.initialized and jieba.dt.FREQ is loaded.FREQ and jieba.dt.total == loaded.total
jieba.load_userdict(["治水先治岸 100000"])  # what the search plugin does with the glossary
assert "治水先治岸" in jieba.lcut("都说治水先治岸")
fresh = segment.base()
assert fresh is not loaded and fresh.FREQ.get("治水先治岸") is None
segment.hand_over()  # the default tokenizer already has a dictionary: nothing changes
assert jieba.dt.FREQ is loaded.FREQ
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stderr
