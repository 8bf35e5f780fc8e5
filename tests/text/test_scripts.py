"""Simplified and Traditional characters: detection, `script:`, the importer, matching across scripts.

The Traditional article and the Simplified one of tests/fixtures/scripts/ are read as an editor
adds them; the expectations come from their text and the real glossary, never from constants
about one article.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from build_scripts.core.model import Problem, Severity, SourceFile
from build_scripts.pages.matcher import Matcher
from build_scripts.pipeline.build import read_source
from build_scripts.read.edition import parse_edition
from build_scripts.text import script
from build_scripts.tools.importer import draft_edition
from build_scripts.tools.suggest import suggest_terms
from tests.support.paths import FIXTURES, ROOT
from tests.support.projects import build_script, make_project

SCRIPTS = FIXTURES / "scripts" / "source"
HANT_EDITION = SCRIPTS / "articles" / "jiceng-zhili.md"
HANT_RAW = SCRIPTS / "raw" / "jiceng-zhili.txt"
HANS_EDITION = SCRIPTS / "articles" / "falv-fuwu.md"
REAL_EDITION = ROOT / "source" / "articles" / "pingan-zhejiang.md"


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


def parse(text: str, raw: Path = HANT_RAW) -> list[Problem]:
    name = "source/articles/jiceng-zhili.md"
    ref = f"source/raw/{raw.name}"
    raws = {ref: SourceFile(Path(ref), ref, raw.read_text(encoding="utf-8"))}
    _, problems = parse_edition(SourceFile(Path(name), name, text), raws)
    return problems


def script_problems(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.key == "script"]


# --- detection and the fold -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [(REAL_EDITION, script.HANS), (HANS_EDITION, script.HANS), (HANT_EDITION, script.HANT), (HANT_RAW, script.HANT)],
)
def test_detection_tells_the_script_of_each_article(path: Path, expected: str) -> None:
    seen = script.detect(body(path) if path.suffix == ".md" else path.read_text(encoding="utf-8"))
    assert seen.script == expected, seen


def test_a_text_of_both_scripts_is_mixed_and_one_quoted_name_is_not() -> None:
    simplified, traditional = body(REAL_EDITION), body(HANT_EDITION)
    assert script.detect(simplified[: len(traditional)] + traditional).script == script.MIXED
    # a Simplified text that quotes one Traditional name stays Simplified
    assert script.detect(simplified + "「習近平」").script == script.HANS
    # characters both scripts share say nothing: the default
    assert script.detect("中平，一二三。").script == script.HANS


def test_the_fold_is_one_character_for_one_and_leaves_simplified_text_alone() -> None:
    traditional = body(HANT_EDITION)
    folded = script.fold(traditional)
    assert len(folded) == len(traditional)
    assert script.detect(folded).script == script.HANS
    assert "习近平" in folded and "平安中国" in folded and "社会治理" in folded
    simplified = body(REAL_EDITION)
    assert script.fold(simplified) == simplified
    # characters OpenCC keeps as Simplified text too are never folded: 乾坤, 著作, 台州, 只有, 才能
    for word in ("乾坤", "著作", "台州", "只有", "才能"):
        assert script.fold(word) == word


# --- the importer -------------------------------------------------------------------------------


def test_import_of_a_traditional_text_declares_hant_and_keeps_every_character() -> None:
    raw = HANT_RAW.read_text(encoding="utf-8")
    draft, problems = draft_edition(raw, "jiceng-zhili.txt", "source/raw/jiceng-zhili.txt")
    assert re.search(r"^script: hant$", draft, re.M), draft
    said = script_problems(problems)
    assert len(said) == 1 and "Traditional" in said[0].message and said[0].severity is Severity.WARNING
    assert said[0].line == 1  # the title holds the first Traditional-only character
    # nothing converted: the draft's wording is the raw file's, character for character
    han = re.compile(r"[\u3400-\u9fff]")
    assert set(han.findall(draft)) == set(han.findall(raw))
    assert "習近平" in draft and "习近平" not in draft


def test_import_of_a_simplified_text_says_nothing_of_its_script() -> None:
    raw = (SCRIPTS / "raw" / "falv-fuwu.txt").read_text(encoding="utf-8")
    draft, problems = draft_edition(raw, "falv-fuwu.txt", "source/raw/falv-fuwu.txt")
    assert "script:" not in draft and script_problems(problems) == []


# --- `script:` in the build ---------------------------------------------------------------------


def test_a_declared_traditional_edition_builds_without_a_script_warning() -> None:
    assert script_problems(parse(HANT_EDITION.read_text(encoding="utf-8"))) == []


def test_an_undeclared_traditional_edition_is_warned_at_its_first_traditional_line() -> None:
    text = HANT_EDITION.read_text(encoding="utf-8").replace("script: hant\n", "")
    (problem,) = script_problems(parse(text))
    assert problem.severity is Severity.WARNING and "script: hant" in problem.hint
    lines = text.split("\n")
    first_body = lines.index("---", 1) + 1
    expected = next(
        i + 1 for i, line in enumerate(lines) if i >= first_body and script.foreign(line, script.HANS) is not None
    )
    assert problem.line == expected and problem.column is not None
    assert script.foreign(lines[expected - 1], script.HANS) == problem.column - 1


def test_a_simplified_edition_declared_hant_is_warned() -> None:
    text = REAL_EDITION.read_text(encoding="utf-8").replace("---\ntitle:", "---\nscript: hant\ntitle:", 1)
    raw = ROOT / "source" / "raw" / re.search(r"^raw: source/raw/(\S+)$", text, re.M)[1]  # type: ignore[index]
    name = "source/articles/pingan-zhejiang.md"
    raws = {f"source/raw/{raw.name}": SourceFile(raw, f"source/raw/{raw.name}", raw.read_text(encoding="utf-8"))}
    _, problems = parse_edition(SourceFile(Path(name), name, text), raws)
    (problem,) = script_problems(problems)
    assert "declares `script: hant`" in problem.message


def test_an_unknown_script_is_an_error_at_its_line() -> None:
    text = HANT_EDITION.read_text(encoding="utf-8").replace("script: hant", "script: 繁体")
    with pytest.raises(Exception) as caught:
        parse(text)
    problems = getattr(caught.value, "problems", [])
    (problem,) = script_problems(problems)
    assert problem.severity is Severity.ERROR and problem.line == text.split("\n").index("script: 繁体") + 1
    assert "hant" in problem.hint


# --- glossary terms across scripts --------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = make_project(tmp_path_factory.mktemp("scripts") / "p")
    shutil.copytree(SCRIPTS, dest / "source", dirs_exist_ok=True)
    return dest


def test_terms_in_traditional_form_link_the_simplified_entries(project: Path) -> None:
    articles, terms, problems = read_source(project, jobs=1)
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    matcher = Matcher((form, t.term) for t in terms for form in t.forms)
    hant = next(a for a in articles if a.slug == HANT_EDITION.stem)  # the fixture's, whatever source/ holds
    assert hant.script == script.HANT
    text = "".join(p.text for s in hant.sections for p in s.paragraphs)
    found = matcher.find(text)
    # every match keeps the text's own characters, and is the match of its fold
    assert all(m.form == text[m.start : m.end] for m in found)
    assert [(m.start, m.end, m.term) for m in found] == [
        (m.start, m.end, m.term) for m in matcher.find(script.fold(text))
    ]
    linked = {m.form: m.term for m in found}
    by_term = {t.term for t in terms}
    for form in ("習近平", "平安中國", "社會治理"):
        assert form in text
        assert linked.get(form) == script.fold(form) and script.fold(form) in by_term


# --- suggest-terms ------------------------------------------------------------------------------


def test_suggest_terms_reads_a_traditional_edition_through_its_fold(project: Path) -> None:
    """社會 and 建設 are parts of glossary terms (社会治理, 平安建设) once folded: never proposed as new;
    a word the glossary lacks counts once in Simplified, whichever script each use is in."""
    articles, terms, _ = read_source(project, jobs=1)
    known = {f for t in terms for f in t.forms}
    found = suggest_terms(articles, terms, minimum=1)
    words = {s.text: s for s in found}
    assert not any(script.fold(s.text) != s.text for s in found)  # proposed in the glossary's script
    for form in ("社會", "建設"):
        assert any(script.fold(form) in k for k in known)
        assert form not in words and script.fold(form) not in words
    # every Traditional edition: the fixture's, and any an editor added to source/
    text = "".join(p.text for a in articles if a.script == script.HANT for s in a.sections for p in s.paragraphs)
    traditional = [s for s in found if s.forms]
    assert traditional and all(f in text and script.fold(f) == s.text for s in traditional for f in s.forms)


# --- as an editor does it -----------------------------------------------------------------------


def test_make_import_of_a_traditional_article_then_the_build_keeps_it_traditional(tmp_path: Path) -> None:
    """CONTRIBUTING's "An article in Traditional characters": import, and the build takes the draft
    with no warning about its script, its terms linked on their Traditional forms."""
    root = make_project(tmp_path / "p")
    shutil.copy(HANT_RAW, tmp_path / "new-article.txt")
    result = build_script(root, "import", str(tmp_path / "new-article.txt"), "--slug", "new-article")
    assert result.returncode == 0, result.stderr
    assert "Traditional characters: kept as they are; `script: hant` written into the front matter" in result.stderr
    draft = (root / "source" / "articles" / "new-article.md").read_text(encoding="utf-8")
    assert re.search(r"^script: hant$", draft, re.M)
    (root / "source" / "collection.yaml").write_text(
        (SCRIPTS / "collection.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    built = build_script(root, "build", check=False)
    assert built.returncode == 0, built.stderr
    assert "script:" not in built.stderr
    page = (root / "docs" / "new-article" / "s1.md").read_text(encoding="utf-8")
    assert re.search(r'<a class="term" href="\.\./glossary\.html#[a-z-]+"[^>]*>習近平</a>', page)


def test_a_text_without_one_script_characters_agrees_with_either_declaration() -> None:
    text = HANT_EDITION.read_text(encoding="utf-8")
    front, _, _ = text.partition("\n---\n")
    one_script = script.tables().traditional_only | script.tables().simplified_only
    # the edition's text with every character of one script only taken out: nothing tells its script
    shared = "".join(ch for ch in body(HANT_EDITION) if ch not in one_script)
    assert script.detect(shared) == script.Seen(script.HANS, 0, 0)
    assert script_problems(parse_edition_text(front + "\n---\n" + shared)) == []


def parse_edition_text(text: str) -> list[Problem]:
    """The build's parser on `text` against a raw file of the same wording (fidelity is not the point)."""
    name = "source/articles/x.md"
    ref = "source/raw/x.txt"
    text = re.sub(r"^raw: .*$", f"raw: {ref}", text, flags=re.M)
    raws = {ref: SourceFile(Path(ref), ref, "x")}
    _, problems = parse_edition(SourceFile(Path(name), name, text), raws)
    return problems


def test_a_traditional_entry_is_found_by_the_simplified_words_of_its_title_too() -> None:
    """The index's hidden fold holds a Traditional section title's fold beside its text's, so that a
    Simplified query for words only the title has (a subhead) finds the section; a Simplified entry
    is left as it is."""
    from build_scripts.publish.search import FOLD_FIELD, add_folds

    sep = "\u200b"
    title = sep.join(["網格", "里", "的", "日常"])
    index: dict[str, Any] = {
        "config": {"fields": {}},
        "docs": [
            {"location": "t/s1.html", "title": title, "text": f"<p>{sep.join(['每天', '走訪', '農戶'])}</p>"},
            {"location": "t/s2.html", "title": "網格", "text": "<p>2004</p>"},
            {"location": "s/s1.html", "title": "网格", "text": "<p>每天</p>"},
        ],
    }
    assert add_folds(index, lambda text: list(text)) == 2  # a cut of one character a word: re-cut by it
    first, second, simplified = index["docs"]
    assert "网格里的日常" in first[FOLD_FIELD].replace(sep, "") and "走访农户" in first[FOLD_FIELD].replace(sep, "")
    assert first["title"].replace(sep, "") == "網格里的日常"  # the title shown keeps its characters
    assert "网格" in second[FOLD_FIELD].replace(sep, "")  # a title alone holding Traditional characters
    assert FOLD_FIELD not in simplified and index["config"]["fields"][FOLD_FIELD]
