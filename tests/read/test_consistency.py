"""The checks across edition, translation and glossary (read/consistency.py): numbers, a term's
English, pinyin wherever a term is shown, and a term's count of uses. Fixtures are sentences of the
real article; expectations about the real content are derived from source/."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from pathlib import Path

import pytest

from build_scripts.core.model import Article, Match, Severity, SourceFile, Term, Translation, conjectures, uses
from build_scripts.pages import render
from build_scripts.pages.matcher import Matcher
from build_scripts.pipeline import build
from build_scripts.read import consistency
from build_scripts.read.glossary import load_glossary
from build_scripts.read.sources import read_sources
from build_scripts.text.pinyin import search_forms
from tests.support.paths import ROOT
from tests.support.projects import build_script, command_line, make_project


@pytest.fixture(scope="module")
def real() -> build.State:
    """The real article and glossary, read and matched as the build does."""
    state = build.run_stages(build.State(sources=read_sources(ROOT)), build.SOURCE_STAGES, build.Run(jobs=1))
    return build.match_terms(state, build.Run(jobs=1))


def annotated(state: build.State) -> Article:
    """The article these checks need: translated and annotated (today's real one). Another article an
    editor adds, with neither yet, comes before or after it and changes nothing here."""
    found = [a for a in state.articles if a.english is not None and a.notes]
    assert found, "no article of source/ has both a translation and notes"
    return found[0]


def with_english(article: Article, anchor: str, k: int, line: str) -> Article:
    """The article with sentence k of paragraph `anchor` translated as `line`."""
    assert article.english is not None
    paragraphs = dict(article.english.paragraphs)
    sentences = list(paragraphs[anchor])
    sentences[k] = line
    paragraphs[anchor] = tuple(sentences)
    return dataclasses.replace(article, english=dataclasses.replace(article.english, paragraphs=paragraphs))


def paragraph_of(article: Article, sentence: str) -> tuple[str, int]:
    """The anchor and position of a sentence of the real edition."""
    for section in article.sections:
        for p in section.paragraphs:
            if sentence in p.sentences:
                return p.anchor, p.sentences.index(sentence)
    raise AssertionError(f"not in the edition: {sentence}")


# --- numbers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zh", "numbers"),
    [
        ("人民群众安全感满意率连续13年位居全国前列，2016年达到96.43%。", {13, 2016, Decimal("96.43")}),
        ("全省28000多个行政村、3300多个社区", {28000, 3300}),
        ("省第十四次党代会报告指出", {14}),
        ("各级党政主要领导每月手握两张表", {2}),
        ("百分之五十的村", {50}),
        ("3万个网格", {30000}),
        ("一万三千个社区", {13000}),
        # words that only look like numbers: 老百姓, 一任, 三治合一, 八八战略, G20
        ("坚持“平安不平安，老百姓说了算”", set()),
        ("一任接着一任干，德治、法治、自治“三治合一”，深入实施“八八战略”", set()),
        ("在护航G20杭州峰会期间", set()),
    ],
)
def test_the_numbers_a_chinese_sentence_states(zh: str, numbers: set[int | Decimal]) -> None:
    assert {v for v, _ in consistency.chinese_numbers(zh)} == {Decimal(n) for n in numbers}


def test_the_real_translation_gives_every_number_of_its_chinese(real: build.State) -> None:
    for article in real.articles:
        assert consistency.number_problems(article) == []


@pytest.mark.parametrize(
    ("zh", "en", "said"),
    [
        # a figure mistyped
        (
            "人民群众安全感满意率连续13年位居全国前列，2016年达到96.43%。",
            "The public's sense-of-security satisfaction rate has ranked among the highest in the country "
            "for 13 years in a row, reaching 96.34% in 2016.",
            "96.43",
        ),
        # a measure word's 两 rendered as another number
        (
            "各级党政主要领导每月手握两张表：一张是经济报表，一张是平安报表。",
            "Every month the principal Party and government leaders at each level hold three reports in hand.",
            "两",
        ),
        # an editor's figure (the note's 2.07) put into the translation
        (
            "财富分配更加均衡，中等收入群体日益扩大，低收入群体收入增长快于居民收入平均增幅，城乡居民收入倍差缩小到2以内。",
            "Wealth distributed more evenly, and the urban-rural income ratio narrowed to 2.07.",
            "2.07",
        ),
    ],
)
def test_a_number_that_differs_is_reported_at_its_english_line(real: build.State, zh: str, en: str, said: str) -> None:
    article = annotated(real)
    anchor, k = paragraph_of(article, zh)
    problems = consistency.number_problems(with_english(article, anchor, k, en))
    assert problems, en
    p = problems[0]
    assert article.english is not None
    assert p.file == article.english.path and p.file.endswith(".en.md")
    assert p.line == article.english.lines[anchor] + k
    assert p.key == f"{anchor}.{k + 1}" and said in p.message and p.hint
    assert p.severity is Severity.WARNING  # an error under --strict, as `make check` and CI run it


def test_the_line_a_problem_names_is_the_english_sentence_in_the_file(real: build.State) -> None:
    article = annotated(real)
    assert article.english is not None
    lines = (ROOT / article.english.path).read_text(encoding="utf-8").split("\n")
    for anchor, sentences in article.english.paragraphs.items():
        for k, sentence in enumerate(sentences):
            assert lines[article.english.lines[anchor] + k - 1] == sentence


# --- a term's English -------------------------------------------------------------------------------

GLOSSARY = """terms:
  - term: 安全感满意率
    en: sense-of-security satisfaction rate
    category: policy
    def_zh: 浙江用来衡量平安建设成效的年度民意调查指标。
    def_en: "A yearly opinion-survey measure."
  - term: 平安市
    en: Safe City
    category: policy
    def_zh: 浙江授予平安建设考核达标的设区市的称号。
    def_en: "A title Zhejiang awards."
  - term: 平安建设
    aliases: [平安创建]
    en: safety-building
    en_also: [safety campaign]
    category: programme
    def_zh: 平安方面各项工作的统称。
    def_en: "An umbrella term."
"""


def fixture_terms() -> list[Term]:
    terms, problems = load_glossary(SourceFile(Path("source/glossary.yaml"), "source/glossary.yaml", GLOSSARY))
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    return terms


def one_paragraph(zh: str, en: str, terms: list[Term]) -> tuple[Article, dict[str, list[Match]]]:
    """The real article's first paragraph replaced by one sentence and its English, and its matches."""
    state = build.run_stages(build.State(sources=read_sources(ROOT)), build.SOURCE_STAGES[:1], build.Run(jobs=1))
    article = state.articles[0]
    first = article.sections[0]
    para = dataclasses.replace(first.paragraphs[0], sentences=(zh,))
    article = dataclasses.replace(
        article,
        sections=(dataclasses.replace(first, paragraphs=(para,)),),
        english=Translation("source/articles/x.en.md", {para.anchor: (en,)}, {}, {para.anchor: 7}),
    )
    matcher = Matcher((form, t.term) for t in terms for form in t.forms)
    return article, {f"{article.slug}/{para.anchor}": matcher.matches(zh, matcher.spans(zh))}


def test_the_glossary_and_the_translation_naming_a_term_differently_is_reported() -> None:
    # the translation and the glossary as they stood before the second reading
    terms = [
        dataclasses.replace(t, en="public satisfaction rate with safety") if t.term == "安全感满意率" else t
        for t in fixture_terms()
    ]
    article, matches = one_paragraph(
        "人民群众安全感满意率连续13年位居全国前列，2016年达到96.43%。",
        "The public's rate of satisfaction with their sense of security has ranked among the highest in the "
        "country for 13 years in a row, reaching 96.43% in 2016.",
        terms,
    )
    problems = consistency.term_problems(article, terms, matches)
    assert [(p.file, p.line, p.key) for p in problems] == [("source/articles/x.en.md", 7, "安全感满意率")]
    assert "public satisfaction rate with safety" in problems[0].message and "en_also" in problems[0].hint


def test_one_english_name_a_plural_or_a_declared_variant_passes() -> None:
    terms = fixture_terms()
    article, matches = one_paragraph(
        "浙江制定了平安市、县、乡镇、村考核办法，在全省形成了你追我赶、创先争优的平安创建良好氛围。",
        "Zhejiang has drawn up assessment rules for Safe Cities, Counties, Townships and Villages, creating "
        "a good atmosphere of safety campaigns.",
        terms,
    )
    assert consistency.term_problems(article, terms, matches) == []


@pytest.mark.parametrize(
    ("marked", "en_also", "reported"),
    [
        # CONTRIBUTING's mark, with words that are neither the entry's `en` nor an `en_also`
        ("public contentment with safety", [], True),
        # the same words once the entry declares them
        ("public contentment with safety", ["public contentment with safety"], False),
        # a mark of the entry's own English
        ("sense-of-security satisfaction rate", [], False),
    ],
)
def test_a_term_marked_with_other_words_needs_them_declared(marked: str, en_also: list[str], reported: bool) -> None:
    terms = [dataclasses.replace(t, en_also=tuple(en_also)) if t.term == "安全感满意率" else t for t in fixture_terms()]
    article, matches = one_paragraph(
        "人民群众安全感满意率连续13年位居全国前列，2016年达到96.43%。",
        f"The public's [[安全感满意率|{marked}]] has ranked among the highest in the country for 13 years "
        "in a row, reaching 96.43% in 2016.",
        terms,
    )
    problems = consistency.term_problems(article, terms, matches)
    if not reported:
        assert problems == []
        return
    (p,) = problems
    assert (p.file, p.line, p.key, p.code) == (
        "source/articles/x.en.md",
        7,
        "安全感满意率",
        "consistency.term-marked-otherwise",
    )
    assert f"marks `{marked}` as 安全感满意率" in p.message and "sense-of-security satisfaction rate" in p.message
    assert "en_also" in p.hint and f"line {terms[0].line}" in p.hint


def test_every_linked_term_of_the_real_translation_has_its_glossary_english(real: build.State) -> None:
    for article in real.articles:
        assert consistency.term_problems(article, real.terms, real.matches) == []


# --- pinyin -----------------------------------------------------------------------------------------

POLYPHONE = """terms:
  - term: 矛盾联调
    pinyin: máodùn liántiáo
    en: joint mediation of disputes
    category: policy
    def_zh: 六项联合工作机制之一。
    def_en: "One of six joint mechanisms."
"""


def test_a_given_reading_is_the_one_the_anchor_and_search_forms_use() -> None:
    # 联调 is liándiào ("joint debugging") in the dictionary; here it is 调解, tiáo
    (term,), _ = load_glossary(SourceFile(Path("source/glossary.yaml"), "source/glossary.yaml", POLYPHONE))
    assert term.pinyin == "máodùn liántiáo"
    assert term.id == "mao-dun-lian-tiao"
    assert "mao dun lian tiao" in search_forms(term.pinyin, term.syllables)
    assert consistency.pinyin_problems([term], "source/glossary.yaml") == []


def test_a_term_whose_anchor_reads_otherwise_than_its_pinyin_is_reported() -> None:
    (term,), _ = load_glossary(SourceFile(Path("source/glossary.yaml"), "source/glossary.yaml", POLYPHONE))
    wrong = dataclasses.replace(term, id="mao-dun-lian-diao", syllables=("mao2", "dun4", "lian2", "diao4"))
    (p,) = consistency.pinyin_problems([wrong], "source/glossary.yaml")
    assert (p.file, p.line, p.key) == ("source/glossary.yaml", term.line, "矛盾联调.pinyin")
    assert "diao" in p.message and "pinyin:" in p.hint


def test_every_real_term_reads_the_same_in_tooltip_anchor_and_search(real: build.State) -> None:
    assert consistency.pinyin_problems(real.terms, "source/glossary.yaml") == []
    for t in real.terms:
        assert f"（{t.pinyin}，" in render.short_def(t)  # the tooltip shows the reading the entry gives


# --- uses -------------------------------------------------------------------------------------------


def test_a_slogan_whose_halves_are_both_in_the_glossary_is_one_use() -> None:
    terms, _ = load_glossary(
        SourceFile(
            Path("source/glossary.yaml"),
            "source/glossary.yaml",
            """terms:
  - term: 总揽全局
    aliases: [协调各方]
    en: exercise overall leadership and coordinate all sides
    category: slogan
    def_zh: 对党委领导作用的概括。
    def_en: "A standard description."
""",
        )
    )
    text = "“平安浙江”建设离不开各级党委“总揽全局、协调各方”的领导作用，总揽全局。"
    matcher = Matcher((form, t.term) for t in terms for form in t.forms)
    found = matcher.matches(text, matcher.spans(text))
    assert len(found) == 3
    assert [m.form for m in uses(text, found)] == ["总揽全局", "总揽全局"]


def test_the_glossary_shows_as_many_uses_as_the_text_has_and_lists_each_once(real: build.State) -> None:
    pages = render.render_site(list(real.articles), list(real.terms), dict(real.matches))
    glossary = next(p.content for p in pages if p.path == "glossary.md")
    texts = {f"{a.slug}/{p.anchor}": p.text for a in real.articles for s in a.sections for p in s.paragraphs}
    for t in real.terms:
        truth = sum(len([m for m in uses(texts[k], ms) if m.term == t.term]) for k, ms in real.matches.items())
        entry = glossary[glossary.index(f"{{ #{t.id} }}") :]
        entry = entry[: entry.find("\n### ")] if "\n### " in entry else entry
        shown = re.search(r"用例 Concordance：(\d+) 处", entry)
        assert shown is not None and int(shown.group(1)) == truth, t.term
        assert entry.count("<li>") == min(truth, render.CONCORDANCE_SHOWN), t.term


# --- how an entry presents its forms ----------------------------------------------------------------

PHRASE = """terms:
  - term: 总揽全局
    aliases: [协调各方]
    phrase: 总揽全局、协调各方
    phrase_pinyin: "zǒnglǎn quánjú, xiétiáo gèfāng"
    en: exercise overall leadership and coordinate all sides
    category: slogan
    def_zh: 对党委领导作用的概括。
    def_en: "A standard description."
  - term: 习近平
    aliases: [习近平同志]
    en: Xi Jinping
    category: person
    def_zh: 人名。
    def_en: "A name."
"""


def test_a_slogan_is_headed_by_its_whole_phrase_and_its_halves_are_parts_not_spellings() -> None:
    terms, problems = load_glossary(SourceFile(Path("source/glossary.yaml"), "source/glossary.yaml", PHRASE))
    assert problems == []
    state = build.run_stages(build.State(sources=read_sources(ROOT)), build.SOURCE_STAGES[:1], build.Run(jobs=1))
    text = "“平安浙江”建设离不开各级党委“总揽全局、协调各方”的领导作用，离不开习近平同志。"
    matcher = Matcher((form, t.term) for t in terms for form in t.forms)
    article = state.articles[0]
    para = dataclasses.replace(article.sections[0].paragraphs[0], sentences=(text,))
    article = dataclasses.replace(
        article, sections=(dataclasses.replace(article.sections[0], paragraphs=(para,)),), notes=(), english=None
    )
    matches = {f"{article.slug}/{para.anchor}": matcher.matches(text, matcher.spans(text))}
    pages = {p.path: p.content for p in render.render_site([article], terms, matches)}
    glossary = pages["glossary.md"]
    assert "### 总揽全局、协调各方 { #zong-lan-quan-ju }" in glossary
    assert '各部分 <span lang="en">Parts</span>：总揽全局 · 协调各方' in glossary
    assert '文中另作 <span lang="en">Also in the text as</span>：习近平同志' in glossary
    assert "Also written" not in glossary
    assert "用例 Concordance：1 处" in glossary.split("{ #zong-lan-quan-ju }")[1].split("\n### ")[0]


def test_a_phrase_that_lacks_a_part_is_an_error_at_its_key() -> None:
    bad = PHRASE.replace("    phrase: 总揽全局、协调各方\n", "    phrase: 总揽全局\n").replace(", xiétiáo gèfāng", "")
    _, problems = load_glossary(SourceFile(Path("source/glossary.yaml"), "source/glossary.yaml", bad))
    (p,) = problems
    assert (p.line, p.key) == (4, "terms[0].phrase") and "协调各方" in p.message and p.hint


def test_every_real_entry_whose_forms_stand_side_by_side_in_the_text_has_its_phrase(real: build.State) -> None:
    texts = {f"{a.slug}/{p.anchor}": p.text for a in real.articles for s in a.sections for p in s.paragraphs}
    joined = {
        m.term
        for key, ms in real.matches.items()
        for m in ms
        if len([u for u in uses(texts[key], ms) if u.term == m.term]) < len([x for x in ms if x.term == m.term])
    }
    by_term = {t.term: t for t in real.terms}
    assert joined and all(by_term[t].phrase for t in joined), sorted(t for t in joined if not by_term[t].phrase)


# --- conjectures ------------------------------------------------------------------------------------

GAP = "打造“绿色网络”，〔"


def edited(tmp_path: Path, change: tuple[str, str]) -> Path:
    """A copy of the real project with one passage of the edition changed."""
    from tests.support.projects import make_project

    root = make_project(tmp_path)
    path = root / "source" / "articles" / "pingan-zhejiang.md"
    text = path.read_text(encoding="utf-8")
    assert text.count(change[0]) == 1
    path.write_text(text.replace(*change), encoding="utf-8")
    return root


def the_conjecture(state: build.State) -> tuple[str, str]:
    """The annotated edition's conjecture, with its brackets, and the paragraph it is in (from source/)."""
    for a in [annotated(state)]:
        for s in a.sections:
            for p in s.paragraphs:
                for start, end in conjectures(p.text):
                    if re.search(r"[\u4e00-\u9fff]", p.text[start:end]):
                        return p.text[start:end], p.anchor
    raise AssertionError("the edition has no conjecture")


def test_a_conjecture_is_not_the_raw_wording_and_the_same_words_unbracketed_are_a_drift(
    real: build.State, tmp_path: Path
) -> None:
    words, _ = the_conjecture(real)
    assert build.build(ROOT, dry_run=True).ok  # the bracketed words are not compared with the raw text
    root = edited(tmp_path, (words, words[1:-1]))
    result = build.build(root, dry_run=True)
    (drift,) = [p for p in result.problems if "wording added in the edition" in p.message]
    assert words[1:5] in drift.message


def test_an_unclosed_conjecture_is_an_error_at_its_column(tmp_path: Path) -> None:
    root = edited(tmp_path, ("打造“绿色网络”，〔", "打造“绿色网络”，〔〔"))
    result = build.build(root, dry_run=True)
    (p,) = [p for p in result.problems if "conjecture's bracket" in p.message]
    line = next(
        i + 1
        for i, text in enumerate((root / "source/articles/pingan-zhejiang.md").read_text(encoding="utf-8").split("\n"))
        if "〔〔" in text
    )
    assert (p.file, p.line) == ("source/articles/pingan-zhejiang.md", line) and p.column is not None and p.hint


def test_a_document_number_in_brackets_is_no_conjecture() -> None:
    text = "依据浙政发〔2017〕25号文件，〔出台的〕办法"
    assert [text[a:b] for a, b in conjectures(text)] == ["〔出台的〕"]


def test_terms_in_a_conjecture_are_neither_linked_nor_counted(real: build.State) -> None:
    texts = {f"{a.slug}/{p.anchor}": p.text for a in real.articles for s in a.sections for p in s.paragraphs}
    words, anchor = the_conjecture(real)
    key = f"{annotated(real).slug}/{anchor}"
    inside = [(a, b) for a, b in conjectures(texts[key])]
    assert inside and not any(a <= m.start < b for m in real.matches[key] for a, b in inside)
    assert "电子政务" in words  # a glossary term, in the conjecture, which would otherwise be matched


def test_the_page_shows_a_conjecture_apart_and_keeps_the_note_call_in_its_place(real: build.State) -> None:
    words, anchor = the_conjecture(real)
    pages = render.render_site(list(real.articles), list(real.terms), dict(real.matches))
    page = next(p.content for p in pages if f'id="{anchor}"' in p.content and words in p.content)
    assert (
        f'<span class="conjecture" title="编者推测，非原文 An editor\'s conjecture, not the text">{words}</span>'
        in page
    )
    note = next(n for n in annotated(real).notes if n.at == anchor and words not in n.phrase)
    after = page.split(words, 1)[1]
    assert after.index(note.phrase[-4:]) < after.index('class="note-call"')  # the call follows its phrase


def test_a_conjecture_without_a_sourced_note_or_an_english_mark_is_reported(real: build.State) -> None:
    assert consistency.conjecture_problems(annotated(real)) == []
    words, anchor = the_conjecture(real)
    article = annotated(real)
    bare = dataclasses.replace(article, notes=tuple(n for n in article.notes if n.at != anchor))
    (p,) = consistency.conjecture_problems(bare)
    assert p.file == article.source and p.key == anchor and words in p.message and "sources:" in p.hint
    assert article.english is not None
    k = next(
        i
        for s in article.sections
        for q in s.paragraphs
        if q.anchor == anchor
        for i, t in enumerate(q.sentences)
        if words in t
    )
    unmarked = with_english(article, anchor, k, "Zhejiang upholds governing the internet according to law.")
    (p,) = consistency.conjecture_problems(unmarked)
    assert (p.file, p.line, p.key) == (article.english.path, article.english.lines[anchor] + k, f"{anchor}.{k + 1}")


# --- `make check` on the real source and on a broken copy of it -----------------------------------
# Each check is a problem `check --strict` (what `make check` and CI run) reports as file:line: key;
# the copy is the real project with one thing an editor could get wrong, found from source/.

GLOSSARY_FILE = "source/glossary.yaml"


def _replace_line(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines.count(old) == 1, old
    lines[lines.index(old)] = new
    path.write_text("\n".join(lines), encoding="utf-8")


def break_a_number(state: build.State, root: Path) -> tuple[str, int, str]:
    """A figure of an English sentence changed: the Chinese's figure is then missing from it."""
    article = annotated(state)
    assert article.english is not None
    for anchor, k, _zh, en, line in consistency._sentences(article):
        figure = re.search(r"\d+\.\d+", en)
        if figure:
            other = str(Decimal(figure.group()) + 1)
            _replace_line(root / article.english.path, en, en.replace(figure.group(), other))
            return article.english.path, line, f"{anchor}.{k + 1}"
    raise AssertionError("no English sentence gives a figure with a decimal part")


def break_a_term(state: build.State, root: Path) -> tuple[str, int, str]:
    """A linked term's glossary English changed, its translation not."""
    article = annotated(state)
    assert article.english is not None
    glossary = (root / GLOSSARY_FILE).read_text(encoding="utf-8").split("\n")
    linked = {m.term for ms in state.matches.values() for m in ms}
    term = next(t for t in state.terms if t.term in linked and not t.en_also and f"    en: {t.en}" in glossary)
    _replace_line(root / GLOSSARY_FILE, f"    en: {term.en}", f"    en: {term.en} scheme")
    changed = dataclasses.replace(term, en=f"{term.en} scheme")
    terms = [changed if t.term == term.term else t for t in state.terms]
    first = consistency.term_problems(article, terms, state.matches)[0]
    assert first.line is not None
    return article.english.path, first.line, term.term


def break_a_mark(state: build.State, root: Path) -> tuple[str, int, str]:
    """A linked term's English replaced by a translator's mark of other words, not declared in `en_also`."""
    article = annotated(state)
    assert article.english is not None
    by_term = {t.term: t for t in state.terms}
    for anchor, k, zh, en, line in consistency._sentences(article):
        for m in state.matches.get(f"{article.slug}/{anchor}", []):
            term = by_term[m.term]
            if m.form not in zh or en.count(term.en) != 1 or term.en_also:
                continue
            marked = en.replace(term.en, f"[[{term.term}|a wording of our own]]")
            found = consistency.term_problems(with_english(article, anchor, k, marked), state.terms, state.matches)
            if [(p.key, p.code) for p in found] == [(term.term, "consistency.term-marked-otherwise")]:
                _replace_line(root / article.english.path, en, marked)
                return article.english.path, line, term.term
    raise AssertionError("no linked term's English stands once in its sentence")


def break_a_reading(state: build.State, root: Path) -> tuple[str, int, str]:
    """An anchor given by hand that reads the term otherwise than its pinyin."""
    term = next(
        t
        for t in state.terms
        if len(t.term) > 1 and len(t.id.split("-")) == len(t.term) and t.id.split("-") != t.id.split("-")[::-1]
    )
    _replace_line(
        root / GLOSSARY_FILE,
        f"  - term: {term.term}",
        f"  - term: {term.term}\n    id: {'-'.join(term.id.split('-')[::-1])}",
    )
    return GLOSSARY_FILE, term.line, f"{term.term}.pinyin"


def break_a_count(state: build.State, root: Path) -> tuple[str, int, str]:
    """A slogan's phrase that is not the text's wording: its parts would be counted apart."""
    term = next(t for t in state.terms if "、" in t.phrase)
    _replace_line(root / GLOSSARY_FILE, f"    phrase: {term.phrase}", f"    phrase: {term.phrase.replace('、', '与')}")
    return GLOSSARY_FILE, term.line, f"{term.term}.phrase"


def break_a_source(state: build.State, root: Path) -> tuple[str, int, str]:
    """A note that states a date or figure the text does not give, its sources taken away."""
    article = annotated(state)
    for i, n in enumerate(article.notes):
        bare = dataclasses.replace(article, notes=(dataclasses.replace(n, sources=()),))
        if n.sources and consistency.source_problems(bare):
            path = root / f"source/articles/{article.slug}.notes.yaml"
            lines = path.read_text(encoding="utf-8").split("\n")
            at = next(j for j in range(n.line, len(lines)) if lines[j].startswith("    sources:"))
            path.write_text("\n".join(lines[:at] + lines[at + 1 :]), encoding="utf-8")
            return f"source/articles/{article.slug}.notes.yaml", n.line, f"notes[{i}].sources"
    raise AssertionError("no note states a date or figure the text does not give")


def a_sourceless_note(article: Article) -> tuple[int, str]:
    """The index of a real note that names no source and states no year or figure, and a passage of
    its Chinese that an editor could mark as a claim (from source/)."""
    for i, n in enumerate(article.notes):
        if not n.sources and not consistency._claims(n.zh + n.en):
            return i, n.zh.split("，")[0].split("。")[0]
    raise AssertionError("every note names a source or states a figure")


def break_a_claim(state: build.State, root: Path) -> tuple[str, int, str]:
    """A note that marks a passage as fact (`claims:`) but names no source."""
    article = annotated(state)
    i, claim = a_sourceless_note(article)
    n = article.notes[i]
    path = root / f"source/articles/{article.slug}.notes.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(j for j in range(n.line, len(lines)) if lines[j].startswith("    en:"))
    lines.insert(at + 1, f'    claims: ["{claim}"]')
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"source/articles/{article.slug}.notes.yaml", n.line, f"notes[{i}].sources"


def break_a_note_s_english(state: build.State, root: Path) -> tuple[str, int, str]:
    """A year of a note's English changed, its Chinese not."""
    article = annotated(state)
    path = root / f"source/articles/{article.slug}.notes.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, n in enumerate(article.notes):
        year = next((c for c in consistency._claims(n.en) if len(c) == 4), None)
        if year:
            at = next(j for j in range(n.line, len(lines)) if lines[j].startswith("    en:"))
            lines[at] = lines[at].replace(year, str(int(year) + 1))
            path.write_text("\n".join(lines), encoding="utf-8")
            return f"source/articles/{article.slug}.notes.yaml", n.line, f"notes[{i}].en"
    raise AssertionError("no note's English gives a year")


def break_an_official_name(state: build.State, root: Path) -> tuple[str, int, str]:
    """An entry's official English that neither its `en` nor its definition gives."""
    term = next(t for t in state.terms if t.official)
    _replace_line(
        root / GLOSSARY_FILE, f"    official: {term.official}", f"    official: {term.official} Programme of Work"
    )
    return GLOSSARY_FILE, term.line, f"{term.term}.official"


BREAKERS = {
    "a number of the English": break_a_number,
    "a linked term's English": break_a_term,
    "a term marked with other words": break_a_mark,
    "pinyin of anchor and entry": break_a_reading,
    "a slogan's count of uses": break_a_count,
    "a note's sources": break_a_source,
    "a note's marked claim": break_a_claim,
    "a note's years in both languages": break_a_note_s_english,
    "an official English unnamed": break_an_official_name,
}


def test_the_real_source_passes_make_check() -> None:
    result = build_script(ROOT, "check", "--strict", check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("breaker", BREAKERS.values(), ids=BREAKERS.keys())
def test_make_check_fails_on_a_copy_broken_where_an_editor_could_break_it(
    real: build.State, tmp_path: Path, breaker: object
) -> None:
    root = make_project(tmp_path)
    assert callable(breaker)
    file, line, key = breaker(real, root)
    result = command_line(root, "check", "--strict")  # in this process; the test above starts the real one
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert f"{file}:{line}: {key}: " in out and "fix: " in out and "Traceback" not in out, out


def test_every_real_entry_shows_as_many_uses_as_the_text_has(real: build.State) -> None:
    assert consistency.count_problems(real.articles, real.terms, real.matches) == []


def test_a_phrase_written_otherwise_in_the_text_is_a_wrong_count_at_its_paragraph(real: build.State) -> None:
    """Each real phrase whose parts the text joins by 、 written there with ，instead: its parts are
    one use on the page but two in the text, a problem naming that paragraph, and only it."""
    phrased = [t for t in real.terms if t.phrase and "、" in t.phrase]
    assert phrased
    for t in phrased:
        article = next(a for a in real.articles if any(t.phrase in p.text for s in a.sections for p in s.paragraphs))
        para = next(p for s in article.sections for p in s.paragraphs if t.phrase in p.text)
        sentences = tuple(x.replace(t.phrase, t.phrase.replace("、", "，")) for x in para.sentences)
        changed = dataclasses.replace(
            article,
            sections=tuple(
                dataclasses.replace(
                    s,
                    paragraphs=tuple(
                        dataclasses.replace(p, sentences=sentences) if p is para else p for p in s.paragraphs
                    ),
                )
                for s in article.sections
            ),
        )
        articles = [changed if a is article else a for a in real.articles]
        found = consistency.count_problems(articles, real.terms, build.match_all(articles, list(real.terms), 1))
        assert [(p.key, para.anchor in p.message) for p in found] == [(f"{t.term}.phrase", True)], found


def test_every_date_or_figure_of_a_real_note_is_in_the_text_or_its_sources(real: build.State) -> None:
    assert [p.message for a in real.articles for p in consistency.source_problems(a)] == []


def test_a_note_that_marks_a_claim_names_a_source(real: build.State) -> None:
    article = annotated(real)
    i, claim = a_sourceless_note(article)
    n = article.notes[i]
    marked = dataclasses.replace(n, claims=(claim,))
    notes = (*article.notes[:i], marked, *article.notes[i + 1 :])
    (p,) = consistency.source_problems(dataclasses.replace(article, notes=notes))
    assert (p.line, p.key, p.code) == (n.line, f"notes[{i}].sources", "consistency.note-claim-unsourced")
    assert claim in p.message and "sources:" in p.hint and p.severity is Severity.WARNING
    sourced = dataclasses.replace(marked, sources=("《浙江日报》2017年6月23日",))
    notes = (*article.notes[:i], sourced, *article.notes[i + 1 :])
    assert consistency.source_problems(dataclasses.replace(article, notes=notes)) == []
    # a claim the note's text does not hold (its zh rewritten, the claim left): reported, the notes still read
    stale = dataclasses.replace(sourced, claims=(claim + "，据称",))
    notes = (*article.notes[:i], stale, *article.notes[i + 1 :])
    (p,) = consistency.source_problems(dataclasses.replace(article, notes=notes))
    assert (p.line, p.key, p.code) == (n.line, f"notes[{i}].claims", "consistency.note-claim-not-in-note")
    assert "据称" in p.message and "exactly" in p.hint


def test_every_real_note_that_marks_claims_names_a_source(real: build.State) -> None:
    marking = [n for a in real.articles for n in a.notes if n.claims]
    assert marking, "the real notes mark what they state as fact"
    assert all(n.sources for n in marking) and all(c in n.zh or c in n.en for n in marking for c in n.claims)


def test_every_real_note_gives_the_same_years_and_figures_in_both_languages(real: build.State) -> None:
    assert [p.message for a in real.articles for p in consistency.note_number_problems(a)] == []


def test_a_note_s_claims_are_its_years_and_figures_not_its_small_numbers() -> None:
    assert consistency._claims("第4节两次称“我省”；2016年达到96.43%，第354号，13年来，28,000多个") == [
        "2016",
        "96.43",
        "354",
        "28000",
    ]


def test_the_about_page_says_what_a_conjecture_is(real: build.State) -> None:
    pages = {p.path: p.content for p in render.render_site(list(real.articles), list(real.terms), dict(real.matches))}
    conventions = pages["about.md"].split("{ #conventions }")[1].split("\n## ")[0]
    line = next(x for x in conventions.split("\n") if "〔〕" in x)
    assert "推测" in line and "不是原文" in line and "注" in line
    assert "conjecture" in conventions and "never compared with the raw text" in conventions


def test_an_official_english_the_entry_does_not_use_is_named_in_its_definition(real: build.State) -> None:
    assert consistency.official_problems(real.terms, GLOSSARY_FILE) == []
    official = [t for t in real.terms if t.official]
    assert official, "some entries record their official English"
    term = next(t for t in official if t.official.lower() not in t.def_en.lower())  # used as `en`, not named
    other = dataclasses.replace(term, en="a rendering of our own")
    (p,) = consistency.official_problems([other], GLOSSARY_FILE)
    assert (p.line, p.key) == (term.line, f"{term.term}.official") and term.official in p.message
    named = dataclasses.replace(other, def_en=f'{term.def_en} Officially "{term.official}".')
    assert consistency.official_problems([named], GLOSSARY_FILE) == []
