"""The English text annotated and the definitions a section page carries (the build's side of
reading in place; tests/browser/test_reader_browser.py is the reader's side)."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from build_scripts.core import names
from build_scripts.pages.render import annotate_en, english_terms
from build_scripts.pipeline.build import build, glossary_file, read_source
from tests.support.paths import FIXTURES

SCHOLARLY = FIXTURES / "scholarly" / "source"
ENGLISH = "source/articles/hehu.en.md"
TERMS, _ = glossary_file(SCHOLARLY / "glossary.yaml", SCHOLARLY.parent)
BY_TERM = {t.term: t for t in TERMS}
LINK = re.compile(r'<a class="term" href="glossary\.html#(?P<id>[^"]+)" title="[^"]*">(?P<text>[^<]*)</a>')


def linked(sentences: list[str]) -> list[tuple[str, str]]:
    """(term, words) of each term link made in `sentences`, read as one section."""
    found = english_terms(TERMS)
    seen: dict[str, object] = {}
    out = "".join(annotate_en(s, found, "glossary.html", seen) for s in sentences)  # type: ignore[arg-type]
    ids = {t.id: t.term for t in TERMS}
    return [(ids[m.group("id")], html.unescape(m.group("text"))) for m in LINK.finditer(out)]


def test_an_english_term_is_found_by_its_rendering_whole_and_in_any_case() -> None:
    assert BY_TERM["法治"].en == "rule of law" and BY_TERM["河长"].en == "river chief"
    assert linked(["The Rule of Law underpins the whole process."]) == [("法治", "Rule of Law")]
    assert linked(["The rule of lawful trade.", "A river chiefdom."]) == []  # never inside a longer word


def test_the_longest_rendering_wins_and_only_the_first_use_in_a_section_is_linked() -> None:
    # "river and lake chief system" (河湖长制) holds "chief", and the sentence "river chief" (河长) too
    sentences = [
        'The "river and lake chief system" names a river chief for every river.',
        "Each river chief reports, and the river and lake chief system is reviewed.",
    ]
    assert linked(sentences) == [("河湖长制", "river and lake chief system"), ("河长", "river chief")]


def test_a_translator_marks_a_term_by_its_name_or_id() -> None:
    term = BY_TERM["村规民约"]
    assert linked(["[[村规民约|Village compacts]] now cover water."]) == [("村规民约", "Village compacts")]
    assert linked([f"[[{term.id}|Village compacts]] now cover water."]) == [("村规民约", "Village compacts")]


def test_english_text_is_escaped_around_and_inside_links() -> None:
    found = english_terms(TERMS)
    out = annotate_en('<img src=x onerror="alert(1)"> [[法治|<b>rule</b>]] & more', found, "g.html", {})
    assert "<img" not in out and "<b>" not in out
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out and ">&lt;b&gt;rule&lt;/b&gt;</a>" in out


def project(tmp_path: Path) -> Path:
    shutil.copytree(SCHOLARLY, tmp_path / "source")
    return tmp_path


def test_an_unknown_term_mark_stops_the_build_at_its_line(tmp_path: Path) -> None:
    root = project(tmp_path)
    path = root / ENGLISH
    lines = path.read_text(encoding="utf-8").split("\n")
    k = next(i for i, line in enumerate(lines) if line.startswith("River chiefs at every level"))
    lines[k] = lines[k].replace("River chiefs", "[[河流长|River chiefs]]")
    path.write_text("\n".join(lines), encoding="utf-8")
    result = build(root)
    assert not result.ok
    (problem,) = [p for p in result.problems if "not in the glossary" in p.message]
    assert str(problem).startswith(f"{ENGLISH}:{k + 1}: ") and problem.severity.value == "error"
    assert "`[[河流长|River chiefs]]` marks `河流长`, which is not in the glossary" in str(problem)
    assert "[[term|English words]]" in problem.hint


def test_a_malformed_term_mark_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = project(tmp_path)
    path = root / ENGLISH
    lines = path.read_text(encoding="utf-8").split("\n")
    k = next(i for i, line in enumerate(lines) if line.startswith("River chiefs at every level"))
    lines[k] = lines[k].replace("River chiefs", "[[河长 River chiefs]]")
    path.write_text("\n".join(lines), encoding="utf-8")
    result = build(root)
    assert not result.ok
    assert any(p.line == k + 1 and "malformed term mark" in p.message for p in result.problems), result.problems


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = project(tmp_path_factory.mktemp("reader"))
    result = build(root)
    assert result.ok, result.problems
    return {p.name: p.read_text(encoding="utf-8") for p in (root / "docs" / "hehu").glob("*.md")}


def test_a_note_call_ends_the_english_sentence_aligned_with_its_phrase(pages: dict[str, str]) -> None:
    (article,), _, _ = read_source(SCHOLARLY.parent)
    assert article.english and article.notes
    where = {p.anchor: (s, p) for s in article.sections for p in s.paragraphs}
    placed = 0
    for n in article.notes:
        if n.at not in where:
            continue  # a note on a heading or the dateline has no English call
        section, p = where[n.at]
        end = p.text.index(n.phrase) + len(n.phrase)
        k = next(i for i in range(len(p.sentences)) if len("".join(p.sentences[: i + 1])) >= end)
        english = [MARK.sub(r"\1", e or "") for e in article.english.paragraphs[p.anchor]]
        found = re.search(rf'<p class="para-en" id="{p.anchor}-en"[^>]*>(.*?)</p>', pages[f"{section.id}.md"])
        assert found, p.anchor
        before, call, after = found.group(1).partition('<sup class="note-call">')
        assert call and "-call-en" in after.split("</sup>", 1)[0]
        assert text_of(before).endswith(english[k]), (text_of(before)[-60:], english[k])
        if k + 1 < len(english):
            assert text_of(after.split("</sup>", 1)[1]).startswith(english[k + 1]), p.anchor
        placed += 1
    assert placed, "no note of the fixture is on a paragraph"


MARK = re.compile(r"\[\[[^|\]]+\|([^\]]+)\]\]")


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def test_every_linked_term_has_its_definition_in_the_page(pages: dict[str, str]) -> None:
    for name, page in pages.items():
        ids = set(re.findall(r'<a class="term" href="\.\./glossary\.html#([^"]+)"', page))
        defined = set(re.findall(rf'<div class="term-def" id="{names.DEFINITION_PREFIX}([^"]+)">', page))
        assert ids and ids == defined, name
        for term_id in ids:
            term = next(t for t in TERMS if t.id == term_id)
            block = page.split(f'id="{names.DEFINITION_PREFIX}{term_id}">', 1)[1].split("</div>", 1)[0]
            for part in (term.term, term.pinyin, term.en, term.def_zh, term.def_en):
                assert html.escape(part, quote=False) in block, (name, part)
