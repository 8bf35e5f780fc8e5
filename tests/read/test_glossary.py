"""Loading and validating source/glossary.yaml: the real file, and every kind of mistake an editor makes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from build_scripts.core.model import BuildError, Problem, SourceFile
from build_scripts.core.names import GLOSSARY_FILE
from build_scripts.pipeline import build, parallel
from build_scripts.pipeline.build import glossary_file
from build_scripts.read.glossary import CATEGORIES, derive_pinyin, load_glossary, slug
from build_scripts.read.sources import read_file
from tests.support.paths import ROOT

GOOD = """\
terms:
  - term: 平安浙江
    aliases: [平安浙江建设]
    en: Safe Zhejiang
    category: programme
    def_zh: 浙江的平安建设工作。
    def_en: Zhejiang's public-safety programme.
    see_also: [法治]
  - term: 法治
    en: rule of law
    category: concept
    def_zh: 依法治理。
    def_en: Governing by law.
"""


def load(tmp_path: Path, text: str) -> tuple[list[str], list[Problem]]:
    """The glossary stage on `text`, as if source/glossary.yaml held it: no file needed."""
    terms, problems = load_glossary(SourceFile(tmp_path / GLOSSARY_FILE, GLOSSARY_FILE, text))
    return [t.term for t in terms], problems


def test_real_glossary_is_valid_and_large_enough() -> None:
    terms, problems = glossary_file(ROOT / "source" / "glossary.yaml", ROOT)
    assert problems == []
    assert len(terms) >= 40
    assert {t.category for t in terms} <= set(CATEGORIES)
    assert len({t.id for t in terms}) == len(terms)
    for t in terms:
        assert t.id.isascii() and t.pinyin and t.en and t.def_zh and t.def_en
        assert t.def_zh.endswith(("。", "”", "）")), f"{t.term}: Chinese definition should end a sentence"


def test_every_real_term_and_alias_occurs_in_an_edition() -> None:
    terms, _ = glossary_file(ROOT / "source" / "glossary.yaml", ROOT)
    editions = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "source" / "articles").glob("*.md"))
    missing = [form for t in terms for form in t.forms if form not in editions]
    assert missing == []


def test_ids_are_pinyin_slugs_and_pinyin_is_derived() -> None:
    assert slug("平安浙江") == "ping-an-zhe-jiang"
    assert slug("G20杭州峰会") == "g20-hang-zhou-feng-hui"
    assert derive_pinyin("村规民约").replace(" ", "") == "cūnguīmínyuē"
    assert "'" in derive_pinyin("平安")  # píng'ān: apostrophe before a vowel-initial syllable


def test_good_glossary_loads(tmp_path: Path) -> None:
    terms, problems = load(tmp_path, GOOD)
    assert terms == ["平安浙江", "法治"] and problems == []


@pytest.mark.parametrize(
    ("change", "line", "key", "words"),
    [
        (("aliases: [平安浙江建设]", "aliases: 平安浙江建设"), 3, "terms[0].aliases", "expected a list of strings"),
        (("    en: rule of law\n", ""), 9, "terms[1].en", "missing required key `en`"),
        (("category: concept", "category: idea"), 11, "terms[1].category", "unknown category"),
        (("    see_also: [法治]", "    seealso: [法治]"), 8, "terms[0].seealso", "unknown key"),
        (("see_also: [法治]", "see_also: [法制]"), 2, "平安浙江.see_also", "not an entry"),
        (("aliases: [平安浙江建设]", "aliases: [法治]"), 9, "terms[1].term", "already defined at line 3"),
        (("def_zh: 依法治理。", "def_zh: ''"), 12, "terms[1].def_zh", "empty value"),
    ],
)
def test_mistakes_name_file_line_key_and_fix(
    tmp_path: Path, change: tuple[str, str], line: int, key: str, words: str
) -> None:
    assert change[0] in GOOD
    _, problems = load(tmp_path, GOOD.replace(change[0], change[1], 1))
    match = [p for p in problems if words in p.message]
    assert match, problems
    assert match[0].file == "source/glossary.yaml"
    assert match[0].line == line
    assert match[0].key == key
    assert str(match[0]).startswith(f"source/glossary.yaml:{line}: {key}:")


def test_a_term_defined_twice_names_both_lines(tmp_path: Path) -> None:
    text = GOOD + "  - term: 平安浙江\n    en: x\n    category: concept\n    def_zh: 重复。\n    def_en: Twice.\n"
    _, problems = load(tmp_path, text)
    assert any(p.line == 14 and "already defined at line 2" in p.message for p in problems), problems
    # one problem, one fix: not also a clash of the two entries' ids, which `id:` would not solve
    assert [p.line for p in problems] == [14], problems


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("terms:\n  - term: [平安\n", "malformed YAML"),
        ("", "empty"),
        ("- term: 平安\n", "one key, `terms`"),
        ("terms:\n  - term: 平安\n    term: 法治\n", "appears twice"),
    ],
)
def test_unreadable_glossary_is_a_build_error(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(BuildError, match=words) as info:
        load(tmp_path, text)
    assert info.value.problems[0].file == "source/glossary.yaml"
    assert info.value.problems[0].line is not None


def test_pinyin_read_by_several_processes_is_what_one_process_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    source = read_file(ROOT / GLOSSARY_FILE, ROOT)
    one = load_glossary(source)
    monkeypatch.setattr(parallel, "workers", lambda: 3)
    jobs: list[int] = []
    real = parallel.fork_map

    def fork_map(fn: Any, items: Any, n: int) -> Any:
        jobs.append(n)
        return real(fn, items, n)

    monkeypatch.setattr(build, "fork_map", fork_map)  # where the orchestrator starts processes
    assert build.glossary_stage(source, build.Run(jobs=3)) == one
    assert jobs == [3]


SLOGAN = """\
terms:
  - term: 总揽全局
    phrase: 总揽全局、协调各方
    phrase_pinyin: "zǒnglǎn quánjú, xiétiáo gèfāng"
    aliases: [协调各方]
    en: exercising overall leadership and coordinating all parties
    category: slogan
    def_zh: 党委领导作用的概括。
    def_en: A summary of the Party committee's leading role.
"""


@pytest.mark.parametrize(
    ("change", "line", "severity", "words"),
    [
        # a phrase heads its entry: its reading is the editor's to give (a slogan's is no guess)
        ('    phrase_pinyin: "zǒnglǎn quánjú, xiétiáo gèfāng"\n', 3, "warning", "has no reading"),
        ('    phrase_pinyin: "zǒnglǎn"\n', 4, "error", "syllables"),
        (
            '    phrase_pinyin: "zǒnglǎn quánjú, xiétiáo gèfāng"\n'.replace("zǒnglǎn", "zǒnglǎn lǎn"),
            4,
            "error",
            "syllables",
        ),
        # the term's own reading and the phrase's must agree where the phrase opens with the term
        ('    phrase_pinyin: "zǒnglǎn quánjú, xiétiáo gèfāng"\n'.replace("zǒnglǎn", "zǒngzǒng"), 4, "warning", "opens"),
    ],
    ids=["missing", "too-few", "too-many", "disagrees"],
)
def test_a_phrase_reading_is_required_and_checked_at_its_line(
    tmp_path: Path, change: str, line: int, severity: str, words: str
) -> None:
    original = '    phrase_pinyin: "zǒnglǎn quánjú, xiétiáo gèfāng"\n'
    text = SLOGAN.replace(original, "" if words == "has no reading" else change)
    _, problems = load(tmp_path, text)
    match = [p for p in problems if words in p.message]
    assert match, problems
    assert (match[0].line, match[0].key, match[0].severity.value) == (line, "terms[0].phrase_pinyin", severity)
    _, clean = load(tmp_path, SLOGAN)
    assert clean == []


def test_an_entry_headed_by_its_phrase_shows_the_phrase_reading(tmp_path: Path) -> None:
    terms, _ = load_glossary(SourceFile(tmp_path / GLOSSARY_FILE, GLOSSARY_FILE, SLOGAN))
    assert terms[0].heading_pinyin == "zǒnglǎn quánjú, xiétiáo gèfāng" and terms[0].pinyin == "zǒnglǎn quánjú"
    # the real glossary: every entry headed by a phrase is headed with that phrase's reading
    real, problems = load_glossary(read_file(ROOT / GLOSSARY_FILE, ROOT))
    assert not problems
    phrases = [t for t in real if t.phrase]
    assert phrases and all(t.heading_pinyin == t.phrase_pinyin != t.pinyin for t in phrases)
