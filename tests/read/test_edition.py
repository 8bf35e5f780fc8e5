"""The edition parser and the fidelity check: on every real article, and on the pinned copy of today's
article (support.paths.PINNED), whose own facts the tests may name, and damaged copies of it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from build_scripts.core.model import Article, BuildError, Problem, Severity, SourceFile
from build_scripts.pipeline.build import edition_file, fidelity_file
from build_scripts.read.edition import parse_edition, wording
from build_scripts.tools.importer import draft_edition
from tests.support.checks import article_sentence_problems
from tests.support.paths import FIXTURES, PINNED, ROOT

EDITION = PINNED / "articles" / "pingan-zhejiang.md"
PINNED_ROOT = PINNED.parent
FORMS = FIXTURES / "forms"
REAL_EDITIONS = sorted(p for p in (ROOT / "source" / "articles").glob("*.md") if "." not in p.stem)
HEADINGS = ["公平正义 价值引领", "需求导向 民意为先", "多元参与 社会协同", "德法并举 制度保障", "考评有则 督查有力"]


def edited(edit: tuple[str, str] | None = None) -> str:
    """The pinned edition's text, with one edit."""
    text = EDITION.read_text(encoding="utf-8")
    if edit:
        # edits land in the body unless they target a front-matter key
        cut = 0 if edit[0].rstrip().endswith(":") or ":" in edit[0] else text.index("\n---\n") + 5
        assert edit[0] in text[cut:], f"fixture edit target {edit[0]!r} not in the edition"
        text = text[:cut] + text[cut:].replace(edit[0], edit[1], 1)
    return text


def copy_project(tmp_path: Path, edit: tuple[str, str] | None = None) -> Path:
    shutil.copytree(PINNED / "raw", tmp_path / "source" / "raw")
    (tmp_path / "source" / "articles").mkdir(parents=True)
    target = tmp_path / "source" / "articles" / "pingan-zhejiang.md"
    target.write_text(edited(edit), encoding="utf-8")
    return target


def parse(text: str, raws: dict[str, str] | None = None) -> tuple[Article, list[Problem]]:
    """The parser on `text`, as source/articles/pingan-zhejiang.md, with raw files `raws` (by their
    `raw:` path; default: the pinned article's): no file is written or read."""
    if raws is None:
        raw = next((PINNED / "raw").glob("*.txt"))
        raws = {f"source/raw/{raw.name}": raw.read_text(encoding="utf-8")}
    name = "source/articles/pingan-zhejiang.md"
    files = {key: SourceFile(Path(key), key, value) for key, value in raws.items()}
    return parse_edition(SourceFile(Path(name), name, text), files)


def test_pinned_edition_has_intro_and_the_five_original_headings() -> None:
    article, problems = edition_file(EDITION, PINNED_ROOT)
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    assert article.title == "擢升地方经验 建设平安浙江"
    assert article.dateline == "6月23日讯"
    assert [s.id for s in article.sections] == ["intro", "s1", "s2", "s3", "s4", "s5"]
    assert [s.title for s in article.sections[1:]] == HEADINGS
    assert all(s.title_en for s in article.sections), "every section needs an English title"
    assert article.lede is not None and article.lede.text.endswith("更安全的生活环境。")


@pytest.mark.parametrize("edition", REAL_EDITIONS, ids=lambda p: p.stem)
def test_real_edition_is_one_sentence_per_line_with_chinese_punctuation(edition: Path) -> None:
    """As CI's content check has it (support.checks): 」 closes a sentence too, and a last sentence
    the raw text itself leaves unfinished stays so; the scrape's flattened marks are all gone."""
    article, _ = edition_file(edition, ROOT)
    assert article_sentence_problems(article) == []


@pytest.mark.parametrize(
    ("sentence", "before"),
    [
        ("今年以来接待游客1.2万人次.村集体收入比上年增加30万元。", "万人次"),  # a ，flattened between Han
        ("2016年达到96.43%.", "96.43%"),  # the sentence's 。 flattened after a number
        ("坚持和发展新时代'枫桥经验'。", "新时代"),  # “” flattened
        ("全县累计处置事件1.6万件。", None),  # a decimal point
        ("详见浙江在线（zjol.com.cn）。", None),  # an address
        ("英文媒体称之为“Xi's thought”。", None),  # an English apostrophe
    ],
)
def test_a_flattened_mark_left_in_a_sentence_is_a_warning_at_its_column(sentence: str, before: str | None) -> None:
    """The build's rule (make check warns; --strict, as CI, stops) is CI's content check's: one regex."""
    lines = EDITION.read_text(encoding="utf-8").split("\n")
    at = lines.index("---", 1) + 2  # the first sentence of the lede
    lines[at] = sentence
    _, problems = parse("\n".join(lines))
    flat = [(p.line, p.column, p.severity) for p in problems if "flattened punctuation" in p.message]
    expected = [] if before is None else [(at + 1, sentence.index(before) + len(before) + 1, Severity.WARNING)]
    assert flat == expected


@pytest.mark.parametrize("ending", ["，", ""], ids=["comma", "no-mark"])
@pytest.mark.parametrize("which", [0, -1], ids=["first", "last"])
def test_a_line_that_does_not_end_its_sentence_is_a_warning_at_its_last_column(
    tmp_path: Path, which: int, ending: str
) -> None:
    """A sentence line left ending in ， or with no mark: the build (make check warns; --strict, as CI,
    stops) names its line and last column, and CI's content check fails on that line, by the same rule.
    The raw text ends its last sentence, so the edition's last line has no exemption."""
    article, _ = edition_file(EDITION, PINNED_ROOT)
    placed = [(p.line + k, s) for sec in article.sections for p in sec.paragraphs for k, s in enumerate(p.sentences)]
    line, sentence = placed[which]
    assert sentence.endswith("。")
    target = copy_project(tmp_path)
    lines = target.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = sentence[:-1] + ending
    target.write_text("\n".join(lines), encoding="utf-8")
    damaged, problems = edition_file(target, tmp_path)
    problems += fidelity_file(damaged, tmp_path)
    assert [(p.line, p.column, p.severity, p.code) for p in problems] == [
        (line, len(lines[line - 1]), Severity.WARNING, "edition.open-sentence")
    ]
    assert article_sentence_problems(damaged) == [
        f"{damaged.source}:{line}: line does not end a sentence: {lines[line - 1]}"
    ]


@pytest.mark.parametrize("edition", [*REAL_EDITIONS, EDITION], ids=lambda p: p.stem)
def test_paragraph_anchors_are_ascii_stable_and_unique(edition: Path) -> None:
    article, _ = edition_file(edition, ROOT if edition in REAL_EDITIONS else PINNED_ROOT)
    anchors = [p.anchor for s in article.sections for p in s.paragraphs]
    assert len(anchors) == len(set(anchors))
    assert all(re.fullmatch(r"(intro|s\d+)-p\d+", a) for a in anchors)
    if edition == EDITION:
        assert article.sections[2].paragraphs[2].anchor == "s2-p3"


@pytest.mark.parametrize("edition", REAL_EDITIONS, ids=lambda p: p.stem)
def test_real_edition_matches_raw_wording(edition: Path) -> None:
    article, _ = edition_file(edition, ROOT)
    assert fidelity_file(article, ROOT) == []


def test_errata_record_the_known_damage() -> None:
    article, _ = edition_file(EDITION, PINNED_ROOT)
    pairs = {(e.raw, e.edition) for e in article.errata}
    assert ("护航g20杭州峰会", "护航G20杭州峰会") in pairs
    assert ("2016年达到96.43", "2016年达到96.43%") in pairs
    assert ("完成率达100", "完成率达100%") in pairs
    removed = [e for e in article.errata if e.edition == ""]
    assert len(removed) == 1 and removed[0].raw.startswith("擢升地方经验 建设平安浙江'平安浙江'是")


def test_wording_keeps_han_digits_latin_and_percent_only() -> None:
    assert wording("“平安浙江”建设，2016年达到96.43%；G20！") == "平安浙江建设2016年达到9643%G20"


@pytest.mark.parametrize(
    ("edit", "shown"),
    [
        (("历届省委坚持", "历届省委始终坚持"), "[始终]"),  # a word added
        (("一任接着一任干", "一任接一任干"), "[着]"),  # a word dropped
        (("公平正义 价值引领 {", "公平公正 价值引领 {"), "[公]"),  # a heading changed
    ],
)
def test_drift_from_raw_is_reported_side_by_side(tmp_path: Path, edit: tuple[str, str], shown: str) -> None:
    path = copy_project(tmp_path, edit)
    article, _ = edition_file(path, tmp_path)
    problems = fidelity_file(article, tmp_path)
    assert problems, "a changed word must stop the build"
    message = str(problems[0])
    assert message.startswith("source/articles/pingan-zhejiang.md:")
    assert "edition:" in message and "raw:" in message and shown in message
    assert "source/raw/000_ad0d7f5999475d67.txt:2" in message
    assert "erratum" in message  # says how to fix it


# An erratum as the fidelity error offers it, indented as the front matter's errata are.
OFFERED = re.compile(r'^( *)- raw: .*\n\1  edition: .*\n\1  note: "TODO: why"$', re.MULTILINE)


@pytest.mark.parametrize(
    ("edit", "what"),
    [
        (("13年位居", "13年稳居"), "changed"),
        (("省委坚持", "省委会坚持"), "added in the edition"),
        (("接着一任", "接一任"), "missing from the edition"),
    ],
    ids=["replaced", "inserted", "deleted"],
)
def test_the_erratum_the_error_offers_makes_the_edition_pass(tmp_path: Path, edit: tuple[str, str], what: str) -> None:
    path = copy_project(tmp_path, edit)
    article, _ = edition_file(path, tmp_path)
    (problem,) = fidelity_file(article, tmp_path)
    message = str(problem)
    assert f"wording {what}" in message, message
    raw_file = article.raw_path.read_text(encoding="utf-8")
    # the raw side is quoted as the raw file has it, its flattened punctuation included
    shown = re.search(r"^    raw:     …(.*)\[(.*)\](.*)…   \(", message, re.MULTILINE)
    assert shown and "." in "".join(shown.groups()) and "".join(shown.groups()) in raw_file, message
    # the offered erratum: a passage of the raw file that occurs once, and the edition's reading of it
    offered = OFFERED.search(message)
    assert offered, message
    (erratum,) = yaml.safe_load(offered.group(0))
    assert raw_file.count(erratum["raw"]) == 1 and erratum["edition"] in path.read_text(encoding="utf-8").replace(
        "\n", ""
    )
    assert wording(edit[0]) in wording(erratum["raw"]) and wording(edit[1]) in wording(erratum["edition"])
    text = path.read_text(encoding="utf-8")
    # pasted at the end of errata: as it is, the note is refused; once the note says why, it passes
    path.write_text(text.replace("\n---\n", f"\n{offered.group(0)}\n---\n", 1), encoding="utf-8")
    with pytest.raises(BuildError, match="the note still reads `TODO: why`"):
        edition_file(path, tmp_path)
    filled = offered.group(0).replace("TODO: why", "校正 / Corrected")
    path.write_text(text.replace("\n---\n", f"\n{filled}\n---\n", 1), encoding="utf-8")
    article, problems = edition_file(path, tmp_path)
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    assert fidelity_file(article, tmp_path) == []


# The offer for an article with no errata yet: the whole `errata:` key, to put in place of the draft's.
OFFERED_FIRST = re.compile(r'^errata:\n  - raw: .*\n    edition: .*\n    note: "TODO: why"$', re.MULTILINE)


@pytest.mark.parametrize("form", ["agency-dateline", "traditional-lines"])
def test_a_draft_with_no_errata_is_offered_the_whole_key(tmp_path: Path, form: str) -> None:
    """The importer drafts `errata: []`; an item pasted under that line would not be YAML. The error
    offers `errata:` with the item, to put in its place, and the draft then builds with its note."""
    raw = FORMS / f"{form}.txt"
    (tmp_path / "source" / "raw").mkdir(parents=True)
    shutil.copy(raw, tmp_path / "source" / "raw" / raw.name)
    draft, _ = draft_edition(raw.read_text(encoding="utf-8"), str(raw), f"source/raw/{raw.name}")
    front, body = draft.split("\n---\n", 1)
    assert front.endswith("\nerrata: []")
    # a word of the body's longest line changed: the middle Han character
    line = max(body.split("\n"), key=lambda s: len(wording(s)))
    han = [m.start() for m in re.finditer(r"[\u4e00-\u9fff]", line)]
    at = han[len(han) // 2]
    changed = line[:at] + ("稳" if line[at] != "稳" else "安") + line[at + 1 :]
    path = tmp_path / "source" / "articles" / f"{form}.md"
    path.parent.mkdir()
    path.write_text(f"{front}\n---\n{body.replace(line, changed, 1)}", encoding="utf-8")
    article, _ = edition_file(path, tmp_path)
    (problem,) = fidelity_file(article, tmp_path)
    offered = OFFERED_FIRST.search(str(problem))
    assert offered and "in place of its `errata:` line" in problem.hint, str(problem)
    (erratum,) = yaml.safe_load(offered.group(0))["errata"]
    assert changed[at] in erratum["edition"] and raw.read_text(encoding="utf-8").count(erratum["raw"]) == 1
    filled = offered.group(0).replace("TODO: why", "校正 / Corrected")
    path.write_text(path.read_text(encoding="utf-8").replace("\nerrata: []\n", f"\n{filled}\n", 1), encoding="utf-8")
    article, problems = edition_file(path, tmp_path)
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    assert fidelity_file(article, tmp_path) == []


def test_an_erratum_makes_an_intended_change_pass(tmp_path: Path) -> None:
    path = copy_project(tmp_path, ("职能转移", "职能的转移"))
    text = path.read_text(encoding="utf-8").replace(
        "errata:\n",
        'errata:\n  - raw: "职能转移"\n    edition: "职能的转移"\n    note: "test"\n',
        1,
    )
    path.write_text(text, encoding="utf-8")
    article, _ = edition_file(path, tmp_path)
    assert fidelity_file(article, tmp_path) == []


def test_removing_the_duplicate_erratum_is_caught(tmp_path: Path) -> None:
    path = copy_project(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"  - raw: \"擢升地方经验.*?\n    edition: \"\"\n    note: .*?\n", "", text, count=1, flags=re.S)
    path.write_text(text, encoding="utf-8")
    article, _ = edition_file(path, tmp_path)
    problems = fidelity_file(article, tmp_path)
    assert problems and "missing from the edition" in str(problems[0])


def test_erratum_that_is_not_unique_or_stale_is_an_error(tmp_path: Path) -> None:
    path = copy_project(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        "errata:\n", 'errata:\n  - raw: "平安浙江"\n    edition: "平安浙江"\n    note: "too short"\n', 1
    )
    path.write_text(text, encoding="utf-8")
    article, _ = edition_file(path, tmp_path)
    problems = fidelity_file(article, tmp_path)
    assert any("occurs" in p.message and "times" in p.message and p.line == 7 for p in problems)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("title: 擢升地方经验 建设平安浙江\n", ""), "required key `title`"),
        (("dateline:", "datelin:"), "unknown key `datelin`"),
        (("{#s2 ", "{#s1 "), "section id `s1` is used twice"),
        (("## 公平正义 价值引领 {#s1", "## 公平正义 价值引领 {s1"), "heading attributes"),
        (("title_en: ", "title_en: [1, 2] #"), "expected str"),
    ],
)
def test_malformed_edition_is_refused_with_line_and_fix(edit: tuple[str, str], expected: str) -> None:
    with pytest.raises(BuildError) as info:
        parse(edited(edit))
    assert any(expected in p.message for p in info.value.problems), info.value
    assert all(p.file == "source/articles/pingan-zhejiang.md" for p in info.value.problems)


def test_edition_without_text_or_front_matter() -> None:
    with pytest.raises(BuildError, match="missing front matter"):
        parse("")
    with pytest.raises(BuildError, match="no text"):
        parse("---\ntitle: 标题\nraw: source/raw/x.txt\n---\n\n", {"source/raw/x.txt": "标题"})


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = copy_project(tmp_path)
    data = path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + data)
    article, problems = edition_file(path, tmp_path)
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    assert fidelity_file(article, tmp_path) == []


def test_a_line_of_a_megabyte_is_refused_clearly(tmp_path: Path) -> None:
    path = copy_project(tmp_path)
    with path.open("a", encoding="utf-8") as f:
        f.write("平安浙江建设，" * 150_000 + "。\n")
    with pytest.raises(BuildError) as info:
        edition_file(path, tmp_path)
    (problem,) = info.value.problems
    assert problem.line == len(path.read_text(encoding="utf-8").split("\n")) - 1
    assert "1,050,001 characters" in problem.message and "one sentence per line" in problem.message


def test_gb18030_edition_is_read_with_a_warning(tmp_path: Path) -> None:
    path = copy_project(tmp_path)
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    article, problems = edition_file(path, tmp_path)
    assert [p.severity for p in problems] == [Severity.WARNING] and "GB18030" in problems[0].message
    assert fidelity_file(article, tmp_path) == []
