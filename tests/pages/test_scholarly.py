"""The scholarly apparatus: editorial notes, the aligned English translation, the source and paragraph citations."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from build_scripts.core.model import Article, Severity, SourceInfo, section_path
from build_scripts.pages import scholarly
from build_scripts.pages.scholarly import insert_after
from build_scripts.pipeline.build import build, edition_file
from build_scripts.pipeline.build import read_source as read_project
from build_scripts.read.cite import Cited, bibtex, chicago, gbt7714, read_source
from build_scripts.read.notes import read_notes
from build_scripts.read.translation import read_translation
from tests.support.paths import FIXTURES, ROOT, SMALL
from tests.support.projects import build_script, make_project
from tests.support.sites import built_site

SCHOLARLY = FIXTURES / "scholarly" / "source"
EDITION = "source/articles/hehu.md"
NOTES = "source/articles/hehu.notes.yaml"
ENGLISH = "source/articles/hehu.en.md"


@pytest.fixture(scope="module")
def article() -> Article:
    root = SCHOLARLY.parent
    found, problems = edition_file(SCHOLARLY / "articles" / "hehu.md", root)
    assert not problems
    return found


def project(tmp_path: Path) -> Path:
    shutil.copytree(SCHOLARLY, tmp_path / "source")
    return tmp_path


# --- notes ---------------------------------------------------------------------------------------

NOTE = "  - at: {at}\n    phrase: {phrase}\n    kind: {kind}\n    zh: 注文。\n    en: A note.\n"


@pytest.mark.parametrize(
    ("entry", "line", "key", "message", "hint"),
    [
        (NOTE.format(at="s9-p1", phrase="源头", kind="textual"), 2, "notes[0].at", "is no place", "s2-p3"),
        (NOTE.format(at="s1-p1", phrase="不在此段", kind="textual"), 3, "notes[0].phrase", "occurs 0 times", "copy"),
        (NOTE.format(at="s1-p1", phrase="治水", kind="textual"), 3, "notes[0].phrase", "occurs 2 times", "occur once"),
        (NOTE.format(at="s2", phrase="共建", kind="gloss"), 4, "notes[0].kind", "unknown kind", "explanatory"),
        (
            "  - at: s1-p1\n    phrase: 源头\n    kind: textual\n    zh: 注文。\n",
            2,
            "notes[0].en",
            "missing `en`",
            "zh",
        ),
        (
            NOTE.format(at="dateline", phrase="4月", kind="textual") + "    page: 3\n",
            7,
            "notes[0].page",
            "unknown key",
            "sources",
        ),
        (
            NOTE.format(at="dateline", phrase="4月", kind="explanatory") + "    claims: 注文\n",
            7,
            "notes[0].claims",
            "expected a list of texts",
            "claims:",
        ),
    ],
    ids=[
        "unknown-at",
        "phrase-absent",
        "phrase-twice",
        "unknown-kind",
        "missing-en",
        "unknown-key",
        "claims-not-a-list",
    ],
)
def test_a_bad_note_is_an_error_at_its_line_and_key(
    article: Article, entry: str, line: int, key: str, message: str, hint: str
) -> None:
    text = "notes:\n" + entry
    notes, problems = read_notes(text, NOTES, article)
    assert not notes
    (problem,) = problems
    shown = str(problem)
    assert shown.startswith(f"{NOTES}:{line}: {key}: "), shown
    assert message in shown and hint in (problem.hint or ""), shown


def test_a_bad_notes_file_stops_the_build_naming_it(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / NOTES).write_text("notes:\n" + NOTE.format(at="s1-p1", phrase="不在此段", kind="textual"), encoding="utf-8")
    proc = build_script(root, "build", check=False)
    assert proc.returncode == 1
    assert f"{NOTES}:3: notes[0].phrase: the phrase `不在此段` occurs 0 times in paragraph s1-p1" in proc.stderr
    assert not (root / "docs").exists()


def test_a_call_after_a_phrase_ending_inside_a_term_link_follows_the_link() -> None:
    markup = '市里坚持<a class="term" href="g.html#x" title="源头治理">源头治理</a>，把&lt;截污&gt;纳管'
    call = "<sup>1</sup>"
    # 市里坚持源头治 ends inside the link: the call comes after </a>, the term whole
    assert insert_after(markup, len("市里坚持源头治"), call) == markup.replace("</a>", "</a>" + call)
    # ending just before the link: before it
    assert insert_after(markup, len("市里坚持"), call) == markup.replace("<a ", call + "<a ")
    # a character reference counts as one character
    assert insert_after(markup, len("市里坚持源头治理，把<截"), call) == markup.replace("&lt;截", "&lt;截" + call)


def test_note_calls_popovers_and_the_notes_list_on_the_page(tmp_path: Path) -> None:
    root = project(tmp_path)
    result = build(root)
    assert result.ok, result.problems
    page = (root / "docs" / "hehu" / "s1.md").read_text(encoding="utf-8")
    # the phrase 坚持源头治 ends inside the term's link: the call follows the link, which stays whole
    assert re.search(
        r'>源头治理</a><sup class="note-call"><a href="#s1-n1" id="s1-n1-call" role="doc-noteref" '
        r'aria-label="[^"]+" title="此处短语止于术语“源头治理”之中。 This phrase ends inside',
        page,
    )
    notes = page[page.index('<section class="notes" role="doc-endnotes"') :]
    assert '<li id="s1-n1"' in notes and 'href="#s1-n1-call" role="doc-backlink"' in notes
    intro = (root / "docs" / "hehu" / "intro.md").read_text(encoding="utf-8")
    # numbered in reading order: the dateline's note before the lede's
    assert intro.index('id="intro-n1-call"') < intro.index("讯</p>") < intro.index('id="intro-n2-call"')
    assert "治水日报 2019-04-02" in intro  # a note's sources are listed
    heading = (root / "docs" / "hehu" / "s2.md").read_text(encoding="utf-8")
    assert re.search(r'^# 全民参与 共建共享<sup class="note-call">.*\{ #s2 \}$', heading, re.M)


# --- translation ---------------------------------------------------------------------------------


def english(**changes: str) -> str:
    text = (SCHOLARLY / "articles" / "hehu.en.md").read_text(encoding="utf-8")
    for old, new in changes.items():
        text = text.replace(old, new)
    return text


def test_the_fixture_translation_is_aligned(article: Article) -> None:
    found, problems = read_translation(english(), ENGLISH, article)
    assert not problems and found is not None
    assert set(found.paragraphs) == {p.anchor for s in article.sections for p in s.paragraphs}


def test_a_missing_english_line_shows_both_sides_with_their_lines(article: Article) -> None:
    text = english().replace(
        "Managing water according to law has become common ground, and the rule of law underpins the whole process.\n",
        "",
    )
    found, problems = read_translation(text, ENGLISH, article)
    assert found is None
    (problem,) = problems
    shown = str(problem)
    assert shown.startswith(f"{ENGLISH}:11: paragraph s1-p1 has 2 Chinese sentence(s) and 1 English line(s)")
    assert f"zh {EDITION}:28  市里坚持源头治理，把截污纳管作为治水的关键一步。" in shown
    assert f"zh {EDITION}:29  依法治水成为共识，法治保障贯穿全过程。" in shown
    assert f"en {ENGLISH}:11  The city holds to tackling pollution" in shown


def test_a_joined_paragraph_shows_where_the_two_sides_part(article: Article) -> None:
    text = english().replace(
        "underpins the whole process.\n\nRiver chiefs", "underpins the whole process.\nRiver chiefs"
    )
    _, problems = read_translation(text, ENGLISH, article)
    (problem,) = problems
    shown = str(problem)
    assert "section s1 has 2 paragraph(s) in the edition and 1 in the translation; they part at paragraph 1" in shown
    assert f"zh {EDITION}:29" in shown and f"en {ENGLISH}:13  River chiefs" in shown


def test_sections_out_of_step_are_listed_on_both_sides(article: Article) -> None:
    _, problems = read_translation(english(**{"## {#s2}": "## {#s3}"}), ENGLISH, article)
    (problem,) = problems
    assert f"zh {EDITION}: intro (line 22), s1 (line 26), s2 (line 33)" in str(problem)
    assert f"en {ENGLISH}: intro (line 5), s1 (line 9), s3 (line 16)" in str(problem)


def test_an_untranslated_sentence_is_a_warning_at_its_line_and_shown_on_the_page(tmp_path: Path) -> None:
    root = project(tmp_path)
    path = root / ENGLISH
    path.write_text(
        english(**{'The "river and lake chief system" has given every river a guardian.': "[untranslated]"}),
        encoding="utf-8",
    )
    result = build(root)
    assert result.ok
    (warning,) = [p for p in result.problems if p.severity is Severity.WARNING]
    assert str(warning).startswith(
        f"{ENGLISH}:19: warning: sentence 2 of paragraph s2-p1 is not yet translated: “河湖长制”"
    )
    page = (root / "docs" / "hehu" / "s2.md").read_text(encoding="utf-8")
    assert '<p class="para-en" id="s2-p1-en" lang="en">' in page and 'class="untranslated"' in page
    assert build_script(root, "build", "--strict", check=False).returncode == 1


def test_an_article_without_a_translation_has_no_toggle(tmp_path: Path) -> None:
    shutil.copytree(SMALL / "source", tmp_path / "source")
    result = build(tmp_path)
    assert result.ok
    page = (tmp_path / "docs" / "hehu" / "s1.md").read_text(encoding="utf-8")
    assert "lang-toggle" not in page and "para-en" not in page and 'class="para" id="s1-p1"' in page


@pytest.mark.slow
def test_english_paragraphs_are_published_and_searchable(tmp_path: Path) -> None:
    site = built_site(make_project(tmp_path, SCHOLARLY)) / "site"
    page = (site / "hehu" / "s2.html").read_text(encoding="utf-8")
    assert '<p class="para-en" id="s2-p1-en" lang="en">' in page
    assert "assets/edition.js" in page
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = {d["location"]: d["text"] for d in index["docs"]}
    assert "guardian" in entries["hehu/s2.html#s2-p1-en"]
    assert "守护人" in entries["hehu/s2.html#s2-p1"]
    assert "A set phrase of the heading" in entries["hehu/s2.html#notes"]  # notes are searched
    assert not any("GB/T 7714" in text or "@misc" in text for text in entries.values())  # citations are not
    about = (site / "about.html").read_text(encoding="utf-8")
    assert "治水日报" in about and "作者不详" in about


# --- source and citations ------------------------------------------------------------------------

FULL = SourceInfo(
    outlet="浙江日报", author="王平", published="2017-06-23", url="https://example.org/a", retrieved="2024-05-01"
)
URL = "https://example.org/site/pingan/s2.html#s2-p3"


def cited(source: SourceInfo, url: str = URL, section: int = 2) -> Cited:
    return Cited("擢升地方经验 建设平安浙江", "Elevating Local Experience", source, url, "pingan-s2-p3", section, 3)


CITATIONS = [
    (
        FULL,
        "王平. 擢升地方经验 建设平安浙江[EB/OL]. 浙江日报, 2017-06-23[2024-05-01]. " + URL + ".",
        "王平, “擢升地方经验 建设平安浙江” [Elevating Local Experience], 浙江日报, June 23, 2017, sec. 2, par. 3, "
        "accessed May 1, 2024, " + URL + ".",
        "@misc{pingan-s2-p3,\n  author = {{王平}},\n  title = {擢升地方经验 建设平安浙江},\n"
        "  titleaddon = {Elevating Local Experience},\n  howpublished = {浙江日报},\n  date = {2017-06-23},\n"
        "  year = {2017},\n  url = {"
        + URL
        + "},\n  urldate = {2024-05-01},\n  note = {第2节第3段 (sec. 2, par. 3)}\n}",
    ),
    (
        SourceInfo(outlet="浙江日报", published="2017-06-23"),
        "佚名. 擢升地方经验 建设平安浙江[EB/OL]. 浙江日报, 2017-06-23[引用日期]. " + URL + ".",
        "“擢升地方经验 建设平安浙江” [Elevating Local Experience], 浙江日报, June 23, 2017, sec. 2, par. 3, "
        + URL
        + ".",
        "@misc{pingan-s2-p3,\n  title = {擢升地方经验 建设平安浙江},\n  titleaddon = {Elevating Local Experience},\n"
        "  howpublished = {浙江日报},\n  date = {2017-06-23},\n  year = {2017},\n  url = {" + URL + "},\n"
        "  note = {第2节第3段 (sec. 2, par. 3)}\n}",
    ),
    (
        SourceInfo(published="2017-06-23", retrieved="2024-05-01"),
        "佚名. 擢升地方经验 建设平安浙江[EB/OL]. (2017-06-23)[2024-05-01]. " + URL + ".",
        "“擢升地方经验 建设平安浙江” [Elevating Local Experience], June 23, 2017, sec. 2, par. 3, "
        "accessed May 1, 2024, " + URL + ".",
        "@misc{pingan-s2-p3,\n  title = {擢升地方经验 建设平安浙江},\n  titleaddon = {Elevating Local Experience},\n"
        "  date = {2017-06-23},\n  year = {2017},\n  url = {" + URL + "},\n  urldate = {2024-05-01},\n"
        "  note = {第2节第3段 (sec. 2, par. 3)}\n}",
    ),
    (
        SourceInfo(author="R&D 100% Team_A"),
        "R&D 100% Team_A. 擢升地方经验 建设平安浙江[EB/OL]. [引用日期]. " + URL + ".",
        "R&D 100% Team_A, “擢升地方经验 建设平安浙江” [Elevating Local Experience], sec. 2, par. 3, " + URL + ".",
        "@misc{pingan-s2-p3,\n  author = {{R\\&D 100\\% Team\\_A}},\n  title = {擢升地方经验 建设平安浙江},\n"
        "  titleaddon = {Elevating Local Experience},\n  url = {"
        + URL
        + "},\n  note = {第2节第3段 (sec. 2, par. 3)}\n}",
    ),
]


@pytest.mark.parametrize(
    ("source", "gbt", "chi", "bib"), CITATIONS, ids=["full", "no-author", "no-outlet", "author-only"]
)
def test_citation_formats(source: SourceInfo, gbt: str, chi: str, bib: str) -> None:
    c = cited(source)
    assert (gbt7714(c), chicago(c), bibtex(c)) == (gbt, chi, bib)


# the stand-ins a section's citations are made with, planted where the article's own text goes
PLANTED = [
    {},
    {"title": f"第{scholarly.NUMBER_STANDIN}号 {scholarly.ANCHOR_STANDIN}"},
    {"site_url": f"https://example.org/{scholarly.NUMBER_STANDIN}"},
    {"source_info": SourceInfo(author=f"王{scholarly.ANCHOR_STANDIN}平", outlet="R&D {100%}", published="2017-06-23")},
]


@pytest.mark.parametrize(
    "fixture", [ROOT / "source", SCHOLARLY, FIXTURES / "probes" / "source", FIXTURES / "scripts" / "source"]
)
@pytest.mark.parametrize("planted", PLANTED, ids=["as-is", "title", "site-url", "source"])
def test_a_section_s_citations_are_each_paragraph_s_own(fixture: Path, planted: dict[str, Any]) -> None:
    """The citations of a section's paragraphs, made from one rendering for the section, are what
    rendering each paragraph gives, with or without the site's address, whatever the article's text."""
    articles, _, problems = read_project(fixture.parent, jobs=1)
    assert articles and not [p for p in problems if p.severity is Severity.ERROR]
    for article in articles:
        for site_url in ("", "https://example.org/site"):
            a = dataclasses.replace(article, site_url=site_url) if site_url else article
            a = dataclasses.replace(a, **planted)
            for section in a.sections:
                number = scholarly.section_number(a, section)
                page = section_path(a, section)
                of = scholarly.section_citations(a, number, page)
                for p in section.paragraphs:
                    assert of(p) == scholarly.citation_html(scholarly.cited(a, number, p, page), p.anchor)


def test_an_inferred_date_is_bracketed_in_citations_and_said_so_on_the_pages() -> None:
    # the real article: its year is worked out from the text, not given by it
    from build_scripts.core.model import landing_path
    from build_scripts.pages import render
    from build_scripts.pages.scholarly import source_line, source_rows
    from build_scripts.pipeline.build import SOURCE_STAGES, Run, State, run_stages
    from build_scripts.read.sources import read_sources
    from tests.support.paths import ROOT

    source = SourceInfo(published="2017-06-23", inferred=("published",))
    assert gbt7714(cited(source)).startswith("佚名. 擢升地方经验 建设平安浙江[EB/OL]. ([2017-06-23])[引用日期]. ")
    assert "[June 23, 2017], sec. 2" in chicago(cited(source))
    state = run_stages(State(sources=read_sources(ROOT)), SOURCE_STAGES, Run(jobs=1))
    # the article whose date is inferred and outlet unknown, whatever other articles source/ holds
    article = next(
        a
        for a in state.articles
        if a.source_info and {"published", "published.year"} & set(a.source_info.inferred) and not a.source_info.outlet
    )
    info = article.source_info
    assert info is not None
    mark = "（推断 inferred）" if "published" in info.inferred else "（年份推断 year inferred）"
    line = source_line(article)
    assert line == f"不详 unknown · 日期 Date {info.published}{mark}"  # a date is no source
    assert ("发表日期 Published", f"{info.published}{mark}") in source_rows(article)
    unknown = dict(source_rows(article))["说明 Unknown"]
    assert re.search(r"[\u4e00-\u9fff]", unknown) and re.search(r"[A-Za-z]{4}", unknown)  # in both languages
    pages = {p.path: p.content for p in render.render_site(list(state.articles), list(state.terms), {})}
    # the page that presents the article: the home page of a site of one, its landing page on a site of several
    presents = "index.md" if len(state.articles) == 1 else landing_path(article)
    assert f"：{line}</p>" in pages[presents]
    assert "第一个小标题之前的文字为“导语”" in pages["about.md"]  # the lede is what precedes the first heading


@pytest.mark.parametrize(
    ("inferred", "message"),
    [(["year"], "lists the keys"), ("published", "lists the keys"), (["url"], "`url` is listed as inferred")],
)
def test_a_bad_inferred_list_is_an_error_at_its_key(inferred: object, message: str) -> None:
    marks = {"source": 5, "source.inferred": 7}
    info, problems = read_source({"published": "2017-06-23", "url": None, "inferred": inferred}, marks, EDITION)
    assert info is None and [(p.line, p.key) for p in problems] == [(7, "source.inferred")]
    assert message in problems[0].message and problems[0].hint


def test_a_site_without_an_address_cites_the_page_path(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert build(root).ok
    page = (root / "docs" / "hehu" / "intro.md").read_text(encoding="utf-8")
    assert (
        '<p class="cite-text" id="intro-p1-gbt7714" data-url="hehu/intro.html#intro-p1">'
        "佚名. 河湖长制 护水有方[EB/OL]. 治水日报, 2019-04-02[引用日期]. hehu/intro.html#intro-p1.</p>" in page
    )
    assert "intro., par. 1, hehu/intro.html#intro-p1." in page


@pytest.mark.parametrize(
    ("yaml_value", "key", "message"),
    [
        ({"outlet": "x", "editor": "y"}, "source.editor", "unknown key `editor`"),
        ({"published": "2017-6-23"}, "source.published", "is not a date of the form YYYY-MM-DD"),
        ({"retrieved": "yesterday"}, "source.retrieved", "is not a date"),
        ({"url": "ftp://example.org/a"}, "source.url", "is not an http(s) address"),
        ({"url": "javascript:alert(1)"}, "source.url", "is not an http(s) address"),
    ],
)
def test_a_bad_source_is_an_error_naming_its_key(yaml_value: dict[str, object], key: str, message: str) -> None:
    marks = {"source": 5, **{f"source.{k}": 6 for k in yaml_value}}
    info, problems = read_source(yaml_value, marks, EDITION)
    assert info is None
    (problem,) = problems
    assert problem.key == key and problem.line == 6 and message in problem.message


def test_a_bad_source_date_stops_the_build_at_its_line(tmp_path: Path) -> None:
    root = project(tmp_path)
    path = root / EDITION
    path.write_text(
        path.read_text(encoding="utf-8").replace("retrieved: null", "retrieved: 2019/04/05"), encoding="utf-8"
    )
    proc = build_script(root, "build", check=False)
    assert proc.returncode == 1
    assert f"{EDITION}:11: source.retrieved: `2019/04/05` is not a date of the form YYYY-MM-DD" in proc.stderr


def test_a_translation_or_notes_left_behind_by_a_removed_edition_is_a_warning(tmp_path: Path) -> None:
    """Removing an article's edition but not the files beside it: the build says what it no longer reads."""
    root = make_project(tmp_path / "project")
    articles = root / "source" / "articles"
    (articles / "gone.en.md").write_text("A sentence.\n", encoding="utf-8")
    (articles / "gone.notes.yaml").write_text("notes: []\n", encoding="utf-8")
    (articles / "README.txt").write_text("not an edition\n", encoding="utf-8")
    check = [sys.executable, "-m", "build_scripts", "check"]
    plain = subprocess.run(check, cwd=root, capture_output=True, text=True)
    strict = subprocess.run([*check, "--strict"], cwd=root, capture_output=True, text=True)
    assert plain.returncode == 0 and strict.returncode == 1  # a warning: CI (--strict) stops on it
    for proc in (plain, strict):
        said = proc.stdout + proc.stderr
        assert "Traceback" not in said
        for name in ("gone.en.md", "gone.notes.yaml", "README.txt"):
            assert re.search(rf"source/articles/{re.escape(name)}: (warning: )?this file is not read", said), name
    for name in ("gone.en.md", "gone.notes.yaml", "README.txt"):
        (articles / name).unlink()
    ok = subprocess.run([sys.executable, "-m", "build_scripts", "check", "--strict"], cwd=root, capture_output=True)
    assert ok.returncode == 0


def test_an_inferred_year_alone_is_said_and_bracketed_as_the_year() -> None:
    """`published.year`: the month and day were read (a dateline), the year worked out; the pages
    and citations mark the year alone, not the whole date, as inferred."""
    from build_scripts.pages.scholarly import source_line, source_rows

    info, problems = read_source({"published": "2017-06-23", "inferred": ["published.year"]}, {}, EDITION)
    assert not problems and info is not None and info.inferred == ("published.year",)
    assert gbt7714(cited(info)).startswith("佚名. 擢升地方经验 建设平安浙江[EB/OL]. ([2017]-06-23)[引用日期]. ")
    assert "June 23, [2017], sec. 2" in chicago(cited(info))
    article = Article("a", Path("a.md"), "标题", "", "", Path("a.txt"), (), (), source_info=info)
    assert source_line(article) == "不详 unknown · 日期 Date 2017-06-23（年份推断 year inferred）"
    assert ("发表日期 Published", "2017-06-23（年份推断 year inferred）") in source_rows(article)
