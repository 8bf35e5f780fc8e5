"""The forms raw articles arrive in (build_scripts/tools/forms.py), through the importer and the build.

Each fixture of tests/fixtures/forms/ is one form (its README says which); the table below says
what the raw file holds, read off the file by eye, and each test checks the importer's draft against
the raw text itself: the draft keeps the text's own marks, invents none, loses no character, and
passes the build's fidelity check as it is.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_scripts.core.model import Severity
from build_scripts.pipeline.build import edition_file, fidelity_file
from build_scripts.read.edition import wording
from build_scripts.tools import forms
from build_scripts.tools.importer import import_raw, split_raw
from tests.support.paths import FIXTURES
from tests.support.profiles import examples
from tests.support.projects import command_line, make_project

FORMS = FIXTURES / "forms"
# Two marks in a row that a draft must never make: a mark the text has, doubled by one the importer adds.
DOUBLED = re.compile("[，。、；：！？][，。、；：！？]")
# A flattened `.` of the scrape: not a decimal point.
FLAT_MARK = re.compile(r"(?<!\d)\.|\.(?!\d)")


@dataclass(frozen=True)
class Form:
    file: str
    seen: tuple[str, ...]  # words the importer's account of the form must have
    title: str
    dateline: str = ""
    subtitle: str = ""
    byline: str = ""
    credits: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    open_end: bool = False


CASES = (
    Form(
        "flattened-one-line.txt",
        ("flattened scrape", "on one line", "2 glued headings"),
        "绿色田园 富民产业",
        dateline="5月20日讯",
        headings=("茶园连片 茶农增收", "品牌引领 提质增效"),
    ),
    Form(
        "flattened-lines.txt",
        ("flattened scrape", "with line breaks", "1 byline", "1 page-jump marker", "last sentence cut off"),
        "守护一方平安 共建和谐家园",
        dateline="4月9日讯",
        byline="本报记者 何平 文/制图",
        markers=("(下转2版)",),
        headings=("深耕基层，所以枝繁叶茂", "数字赋能 治理提效"),
        open_end=True,
    ),
    Form(
        "punctuated-lines.txt",
        ("punctuated text", "with line breaks", "2 subheads on short lines"),
        "云溪县：“小院议事”议出乡村新气象",
        dateline="2024年3月18日 本报讯（记者 周明 通讯员 陈晓）",
        headings=("大事小情一起商量", "议事规则写进村规民约"),
    ),
    Form("punctuated-one-line.txt", ("punctuated text", "on one line"), "桐江市推进老旧小区改造"),
    Form(
        "newspaper-page.txt",
        ("punctuated text", "2 subtitles", "1 byline", "2 photo or graphic credits", "2 page-jump markers"),
        "把法庭“搬”到村口",
        subtitle="引题：山区县探索“共享法庭” ——清源县多元化解矛盾纠纷见闻",
        byline="本报记者 林晓 文/制图 通讯员 陈涛",
        credits=("图为清源县一处“共享法庭”正在开展线上调解。 林晓 摄", "制图：林晓"),
        markers=("（下转2版）", "（上接1版）"),
        headings=("调解在前", "服务在后"),
    ),
    Form(
        "agency-dateline.txt",
        ("punctuated text", "dateline 新华社杭州6月23日电（记者 王宁）"),
        "溪口镇建成“15分钟养老服务圈”",
        dateline="新华社杭州6月23日电（记者 王宁）",
    ),
    Form(
        "truncated.txt",
        ("punctuated text", "last sentence cut off (line 5)"),
        "南湖社区开设“四点半课堂”",
        open_end=True,
    ),
    Form(
        "mixed.txt",
        (
            "punctuated text",
            "with line breaks",
            "1 subhead on short lines",
            "1 flattened line restored",
            "1 line of both kinds of marks kept",
        ),
        "溪山县石桥村修通产业路",
        headings=("路通了 产业兴了",),
    ),
    Form(
        "traditional-lines.txt",
        ("punctuated text", "1 subhead on short lines"),
        "臨江鎮推行「網格化管理」",
        dateline="本報訊（記者 張華）",
        headings=("服務到家",),
    ),
)
IDS = [c.file.removesuffix(".txt") for c in CASES]


def test_every_fixture_has_a_case_and_a_line_in_the_readme() -> None:
    files = sorted(p.name for p in FORMS.glob("*.txt"))
    assert files == sorted(c.file for c in CASES)
    readme = (FORMS / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in files)


def raw_of(case: Form) -> str:
    return (FORMS / case.file).read_text(encoding="utf-8")


def body_of(edition: str) -> list[str]:
    """The draft's lines after its front matter."""
    return edition.split("\n---\n", 1)[1].split("\n")


def front_of(edition: str) -> dict[str, object]:
    loaded = yaml.safe_load(edition.split("---\n")[1])
    assert isinstance(loaded, dict)
    return loaded


def import_into(root: Path, name: str, raw: str) -> tuple[str, list[str]]:
    """Draft `raw` as root/source/articles/x.md (its raw file root/source/raw/<name>); the draft's
    text and the build's problems with it (parse errors, and the fidelity check's), as strings. Like
    the parser's warnings, a line left open is not counted: a draft of what the importer could not
    decide (apparatus found twice, a random mix) may keep one, where the importer has warned."""
    (root / "source" / "raw").mkdir(parents=True, exist_ok=True)
    (root / "source" / "articles").mkdir(parents=True, exist_ok=True)
    (root / "source" / "raw" / name).write_text(raw, encoding="utf-8")
    imported = import_raw(raw, name, f"source/raw/{name}")
    assert imported.edition, [str(p) for p in imported.problems]
    out = root / "source" / "articles" / "x.md"
    out.write_text(imported.edition, encoding="utf-8")
    article, problems = edition_file(out, root)
    found = [p for p in problems if p.severity is Severity.ERROR]
    found += [p for p in fidelity_file(article, root) if p.code != "edition.open-sentence"]
    return imported.edition, [str(p) for p in found]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_each_form_is_recognised_and_said(case: Form) -> None:
    imported = import_raw(raw_of(case), case.file, "source/raw/x.txt")
    assert all(word in imported.form for word in case.seen), imported.form
    front = front_of(imported.edition)
    assert front["title"] == case.title
    assert front["dateline"] == case.dateline
    assert front.get("subtitle", "") == case.subtitle
    assert front.get("byline", "") == case.byline
    assert tuple(front.get("credits", ())) == case.credits  # type: ignore[arg-type]
    headings = [line[3 : line.index(" {#")] for line in body_of(imported.edition) if line.startswith("## ")]
    assert headings == list(case.headings)
    # each heading a section with an English title still to write, as the draft of a scrape has it
    assert all(line.endswith('en=""}') for line in body_of(imported.edition) if line.startswith("## "))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_apparatus_leaves_the_text_and_each_removal_is_an_erratum(case: Form) -> None:
    imported = import_raw(raw_of(case), case.file, "source/raw/x.txt")
    front = front_of(imported.edition)
    errata = front["errata"]
    assert isinstance(errata, list)
    removed = [e["raw"] for e in errata if e["edition"] == ""]
    apparatus = [*case.subtitle.split(" ")] if case.subtitle else []
    apparatus += [case.byline] if case.byline else []
    apparatus += [*case.credits, *case.markers]
    assert sorted(a for a in apparatus if a) == sorted(r for r in removed if r in apparatus)
    body = "\n".join(body_of(imported.edition))
    for passage in apparatus:
        assert wording(passage) not in wording(body) or passage in case.headings, passage
    assert all(e["note"] and " / " in e["note"] for e in errata)  # said in Chinese and English


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_draft_passes_the_fidelity_check_as_it_is(tmp_path: Path, case: Form) -> None:
    _, problems = import_into(tmp_path, case.file, raw_of(case))
    assert problems == []


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if "punctuated text" in c.seen and not any("flattened line" in w for w in c.seen)],
    ids=lambda c: c.file,
)
def test_a_punctuated_text_keeps_its_marks_and_invents_none(case: Form) -> None:
    raw = raw_of(case)
    imported = import_raw(raw, case.file, "source/raw/x.txt")
    sentences = [line for line in body_of(imported.edition) if line and not line.startswith("## ")]
    # every sentence is a stretch of the raw text, marks included, and together they are its body
    # with the title, apparatus and dateline left out
    assert all(s in raw for s in sentences), [s for s in sentences if s not in raw]
    rest = raw
    for passage in [case.title, *case.dateline.split(" "), *case.credits, *case.markers, case.byline, case.headings]:
        for p in [passage] if isinstance(passage, str) else passage:
            rest = rest.replace(p, "", 1) if p else rest
    for p in case.subtitle.split(" ") if case.subtitle else []:
        rest = rest.replace(p, "", 1)
    assert "".join(sentences) == re.sub(r"\s", "", rest)
    assert not DOUBLED.search("".join(sentences))


def test_a_punctuated_title_line_stays_the_title() -> None:
    """Not the first sentence: the title line, whatever its marks."""
    raw = "桐江：老旧小区焕新颜\n桐江市今年计划改造老旧小区58个。改造内容包括加装电梯、更新管网。\n"
    imported = import_raw(raw, "f", "source/raw/f.txt")
    assert front_of(imported.edition)["title"] == "桐江：老旧小区焕新颜"
    assert body_of(imported.edition)[1:3] == ["桐江市今年计划改造老旧小区58个。", "改造内容包括加装电梯、更新管网。"]


@pytest.mark.parametrize(
    ("opening", "dateline"),
    [
        ("本报讯（记者 张明）", "本报讯（记者 张明）"),
        ("本报讯", "本报讯"),
        ("本报杭州6月23日讯（记者 张明 通讯员 李华）", "本报杭州6月23日讯（记者 张明 通讯员 李华）"),
        ("新华社杭州6月23日电（记者 王宁）", "新华社杭州6月23日电（记者 王宁）"),
        ("新华社杭州6月23日电", "新华社杭州6月23日电"),
        ("杭州3月5日电", "杭州3月5日电"),
        ("本報訊（記者 張華）", "本報訊（記者 張華）"),
    ],
)
def test_datelines_of_every_form_open_the_text(tmp_path: Path, opening: str, dateline: str) -> None:
    raw = f"白沙村修通致富路\n{opening}白沙村新修的村道全长3公里，今年5月通车。\n村民说，路通了，日子也有了盼头。\n"
    edition, problems = import_into(tmp_path, "d.txt", raw)
    assert front_of(edition)["dateline"] == dateline and problems == []
    assert body_of(edition)[1] == "白沙村新修的村道全长3公里，今年5月通车。"


@pytest.mark.parametrize("date", ["2024年6月23日", "6月23日 星期日", "2024-06-23"])
def test_a_bare_date_line_under_the_title_is_the_dateline(tmp_path: Path, date: str) -> None:
    raw = f"白沙村修通致富路\n{date}\n白沙村新修的村道全长3公里，今年5月通车。\n村民说，路通了，日子也有了盼头。\n"
    edition, problems = import_into(tmp_path, "d.txt", raw)
    assert front_of(edition)["dateline"] == date and problems == []


def test_a_short_line_under_the_title_is_a_subtitle_with_a_warning_at_its_line(tmp_path: Path) -> None:
    raw = "白沙村修通致富路\n一条村道带活一方产业\n白沙村新修的村道全长3公里，今年5月通车。\n村民说，路通了。\n"
    imported = import_raw(raw, "d.txt", "source/raw/d.txt")
    assert front_of(imported.edition)["subtitle"] == "一条村道带活一方产业"
    (doubt,) = [p for p in imported.problems if "subtitle" in p.message]
    assert doubt.line == 2 and doubt.severity is Severity.WARNING and "## " in (doubt.hint or "")
    assert import_into(tmp_path, "d.txt", raw)[1] == []


def test_apparatus_that_occurs_twice_stays_in_the_text_with_a_warning(tmp_path: Path) -> None:
    """An erratum must name one place in the raw file: a marker found twice cannot be recorded."""
    raw = (
        "白沙村修通致富路\n白沙村新修的村道全长3公里，今年5月通车。（下转2版）\n"
        "村民说，路通了，日子也有了盼头。（下转2版）\n"
    )
    imported = import_raw(raw, "d.txt", "source/raw/d.txt")
    lines = raw.split("\n")
    warned = [p for p in imported.problems if "（下转2版）" in p.message]
    assert [p.line for p in warned] == [i + 1 for i, line in enumerate(lines) if "（下转2版）" in line]
    assert all("occurs 2 times" in p.message for p in warned)
    assert "\n".join(body_of(imported.edition)).count("（下转2版）") == 2
    assert import_into(tmp_path, "d.txt", raw)[1] == []


def test_a_byline_at_the_end_and_half_width_markers_leave_the_text(tmp_path: Path) -> None:
    raw = (
        "白沙村修通致富路\n本报讯 白沙村新修的村道全长3公里，今年5月通车。(下转2版)\n"
        "(上接1版)\n村民说，路通了，日子也有了盼头。\n（通讯员 陈涛）\n"
    )
    edition, problems = import_into(tmp_path, "d.txt", raw)
    front = front_of(edition)
    assert front["byline"] == "（通讯员 陈涛）" and front["dateline"] == "本报讯" and problems == []
    assert [e["raw"] for e in front["errata"]] == ["(下转2版)", "(上接1版)", "（通讯员 陈涛）"]  # type: ignore[attr-defined]
    assert [line for line in body_of(edition) if line] == [
        "白沙村新修的村道全长3公里，今年5月通车。",
        "村民说，路通了，日子也有了盼头。",
    ]


def test_a_mixed_text_restores_flattened_lines_and_warns_where_a_line_has_both(tmp_path: Path) -> None:
    raw = (
        "白沙村修通致富路\n白沙村新修的村道全长3公里，今年5月通车。\n"
        "村民们都说.新路修通以后.日子也有了盼头.\n深耕基层.所以枝繁叶茂\n全村今年种植茶叶200亩，亩产增加.收入翻番。\n"
    )
    imported = import_raw(raw, "d.txt", "source/raw/d.txt")
    body = [line for line in body_of(imported.edition) if line]
    assert body[0] == "白沙村新修的村道全长3公里，今年5月通车。"
    assert "村民们都说，新路修通以后，日子也有了盼头。" in body  # the flattened line, its marks restored
    assert '## 深耕基层，所以枝繁叶茂 {#s1 en=""}' in body
    assert body[-1] == "全村今年种植茶叶200亩，亩产增加.收入翻番。"  # both kinds: kept, and said
    (warned,) = [p for p in imported.problems if "both" in p.message]
    assert warned.line == raw.split("\n").index(body[-1]) + 1
    assert import_into(tmp_path, "d.txt", raw)[1] == []


def test_make_check_warns_where_a_kept_line_still_has_flattened_marks(tmp_path: Path) -> None:
    """The line of both kinds the importer keeps as it is: until the editor restores its marks, `make
    check` (the build, --strict as CI runs it) names its line and column in the edition, where CI's
    content check would fail; restored, it passes. Punctuation stays free: no erratum."""
    (case,) = [c for c in CASES if any("both kinds" in w for w in c.seen)]
    project = make_project(tmp_path / "p")
    assert command_line(project, "import", str(FORMS / case.file), "--slug", "mixed").returncode == 0
    edition = project / "source" / "articles" / "mixed.md"
    text = edition.read_text(encoding="utf-8").replace("title_en: ''", 'title_en: "A Road for Industries"')
    text = re.sub(r'en=""', 'en="The Road Opens"', text)
    edition.write_text(text, encoding="utf-8")
    collection = project / "source" / "collection.yaml"
    collection.write_text(re.sub(r"(?m)^name: .*$", "name: 基层治理文选", collection.read_text("utf-8")), "utf-8")
    lines = text.split("\n")
    body = lines.index("---", 1) + 1
    flat = [(i + 1, m.start() + 1) for i, line in enumerate(lines) if i > body and (m := FLAT_MARK.search(line))]
    assert len(flat) == 1  # the kept line, and only it
    line, column = flat[0]
    warned = command_line(project, "check")
    assert f"source/articles/mixed.md:{line}:{column}: warning: `.` in the text" in warned.stderr, warned.stderr
    assert "no erratum" in warned.stderr
    checked = command_line(project, "check", "--strict")  # as CI and the commit hook run it
    assert checked.returncode == 1 and f"source/articles/mixed.md:{line}:{column}: `.`" in checked.stderr
    # restored as the warning says: a comma where the scrape's `.` stood
    lines[line - 1] = lines[line - 1][: column - 1] + "，" + lines[line - 1][column:]
    edition.write_text("\n".join(lines), encoding="utf-8")
    assert command_line(project, "check", "--strict").returncode == 0


def test_a_sentence_on_the_title_line_is_taken_with_a_warning_at_its_line() -> None:
    first = "白沙村新修的村道全长3公里，今年5月通车，沿线的三个自然村从此告别了雨天出行难的日子。"
    raw = f"\n{first}\n村民说，路通了，日子也有了盼头。\n"
    imported = import_raw(raw, "d.txt", "source/raw/d.txt")
    (doubt,) = [p for p in imported.problems if "ends like a sentence" in p.message]
    assert doubt.line == 2 and front_of(imported.edition)["title"] == first
    titled = import_raw(f"白沙村修通致富路\n{first}\n", "d.txt", "source/raw/d.txt")
    assert not any("ends like a sentence" in p.message for p in titled.problems)


@pytest.mark.parametrize("case", [c for c in CASES if c.open_end], ids=lambda c: c.file)
def test_a_truncated_last_sentence_is_flagged_at_its_line_and_left_open(case: Form) -> None:
    raw = raw_of(case)
    imported = import_raw(raw, case.file, "source/raw/x.txt")
    (flag,) = [p for p in imported.problems if "middle of a sentence" in p.message]
    last = [line for line in raw.split("\n") if line.strip()][-1]
    assert flag.line == raw.split("\n").index(last) + 1
    final = [line for line in body_of(imported.edition) if line][-1]
    assert wording(final) and wording(last).endswith(wording(final))
    assert final[-1] not in forms.SENTENCE_END + "，." and final[-1] == last.rstrip()[-1]


def test_a_closed_text_is_not_flagged() -> None:
    for case in CASES:
        if not case.open_end:
            problems = import_raw(raw_of(case), case.file, "source/raw/x.txt").problems
            assert not any("middle of a sentence" in p.message for p in problems), case.file


def test_every_warning_names_a_line_of_the_raw_file() -> None:
    for case in CASES:
        raw = raw_of(case)
        for p in split_raw(raw, case.file)[1] + list(import_raw(raw, case.file, "r").problems):
            assert p.line is not None and 1 <= p.line <= len(raw.split("\n")), (case.file, str(p))


# --- the build shows the apparatus ---------------------------------------------------------------------

HOSTILE = "<img src=x onerror=alert(1)>*星*_线_`码`[点](javascript:alert(2))"


def test_the_build_shows_subtitle_byline_and_credits_as_text(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    raw = FORMS / "newspaper-page.txt"
    shutil.copy(raw, project / "source" / "raw" / raw.name)
    assert command_line(project, "import", f"source/raw/{raw.name}", "--slug", "gongxiang-fating").returncode == 0
    edition = project / "source" / "articles" / "gongxiang-fating.md"
    text = edition.read_text(encoding="utf-8")
    front = front_of(text)
    # an editor's own byline, hostile: text on every page
    text = text.replace(f"byline: {front['byline']}", f"byline: {HOSTILE!r}".replace("'", '"'), 1)
    edition.write_text(text, encoding="utf-8")
    built = command_line(project, "build")
    assert built.returncode == 0, built.stderr
    docs = project / "docs"
    intro = (docs / "gongxiang-fating" / "intro.md").read_text(encoding="utf-8")
    landing = (docs / "gongxiang-fating" / "index.md").read_text(encoding="utf-8")
    about = (docs / "about.md").read_text(encoding="utf-8")
    for page in (intro, landing, about):
        assert "清源县多元化解矛盾纠纷见闻" in page and "制图：林晓" in page
    assert '<p class="byline">&lt;img src=x onerror=alert(1)&gt;' in intro
    assert "<img" not in intro.split('class="byline">')[1].split("</p>")[0]
    assert "<img src=x" not in landing and "<img src=x" not in about


def test_the_change_report_shows_the_apparatus_field_by_field(tmp_path: Path) -> None:
    from tests.support.projects import ARTICLE, repo, report

    root = repo(tmp_path)
    path = root / ARTICLE
    text = path.read_text(encoding="utf-8")
    added = 'byline: "本报记者 张明 文/制图"\nsubtitle: "——副题由编者补录"\ncredits:\n  - "制图：李华"\n'
    path.write_text(text.replace("\nraw: ", f"\n{added}raw: ", 1), encoding="utf-8")
    out = report(root, "HEAD").stdout
    shown = (("byline", "本报记者 张明 文/制图"), ("subtitle", "——副题由编者补录"), ("credits", "制图：李华"))
    for key, value in shown:
        assert re.search(rf"\b{key}\b[^\n]*\n?[^\n]*{re.escape(value)}", out), (key, out[:3000])


# --- property tests: random mixes of the forms ---------------------------------------------------------


def _fixture_lines() -> tuple[list[str], list[str]]:
    """The paragraphs of the fixtures: those with their own marks, and the flattened ones."""
    punctuated, flattened = [], []
    for case in CASES:
        for line in raw_of(case).split("\n")[1:]:
            line = line.strip()
            if len(line) > 24 and line.endswith("。"):
                punctuated.append(line)
            elif len(line) > 24 and line.endswith("."):
                flattened.append(line)
    return punctuated, flattened


PUNCTUATED, FLATTENED = _fixture_lines()
HEAD = [
    "本报记者 林晓 文/制图 通讯员 陈涛",
    "——清源县多元化解矛盾纠纷见闻",
    "2024年3月18日",
    "通讯员 陈涛",
    "一条村道带活一方产业",
    "本報記者 張華",
]
BODY_APPARATUS = ["（下转2版）", "(上接1版)", "图为村民在议事厅商量修路。 周宁 摄", "制图：林晓", "（通讯员 陈涛）"]
SUBHEADS = ["大事小情一起商量", "深耕基层.所以枝繁叶茂", "服务在后", "數字賦能 治理提效", "调解在前"]
OPENINGS = ["", "本报讯（记者 周明）", "新华社杭州6月23日电（记者 王宁）", "6月23日讯", "本報訊（記者 張華）", "本报讯"]
HAN = "平安浙江建设群众公平正义懂法用法守法村规民约德治自治法治社会治理基层经验创新"


@st.composite
def mixed_raws(draw: st.DrawFn) -> str:
    title = draw(st.text(alphabet=HAN, min_size=2, max_size=12))
    if draw(st.booleans()):
        title = title[: len(title) // 2] + draw(st.sampled_from(["：", "，", " ", "“"])) + title[len(title) // 2 :]
    lines = [title]
    if draw(st.booleans()):
        lines.insert(0, "引题：" + draw(st.text(alphabet=HAN, min_size=2, max_size=10)))
    lines += draw(st.lists(st.sampled_from(HEAD), max_size=3))
    pool = draw(st.sampled_from([PUNCTUATED, FLATTENED, PUNCTUATED + FLATTENED]))
    body = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6))
    body = [draw(st.sampled_from(OPENINGS)) + body[0], *body[1:]]
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        at = draw(st.integers(min_value=1, max_value=len(body)))
        body.insert(at, draw(st.sampled_from(SUBHEADS + BODY_APPARATUS)))
    if draw(st.booleans()):  # a marker inside a paragraph
        k = draw(st.integers(min_value=0, max_value=len(body) - 1))
        body[k] += draw(st.sampled_from(["（下转2版）", "(下转3版)"]))
    if draw(st.booleans()):  # cut off by the scrape
        cut = draw(st.integers(min_value=1, max_value=len(body[-1])))
        body[-1] = body[-1][:cut]
    joiner = draw(st.sampled_from(["\n", "\n", "\n\n", ""]))  # one line, or a paragraph per line
    return "\n".join(lines) + "\n" + joiner.join(body) + draw(st.sampled_from(["", "\n"]))


HAN_CHAR = re.compile(r"[\u3400-\u9fff]")


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=mixed_raws())
def test_any_mix_of_forms_imports_whole_without_doubled_marks(tmp_path: Path, raw: str) -> None:
    imported = import_raw(raw, "mix.txt", "source/raw/mix.txt")  # never raises
    n_lines = len(raw.split("\n"))
    assert all(p.line is not None and 1 <= p.line <= n_lines for p in imported.problems), imported.problems
    if not imported.edition:
        assert any(p.severity is Severity.ERROR for p in imported.problems)
        return
    front = front_of(imported.edition)
    body = "\n".join(body_of(imported.edition))
    # no mark doubled that the raw does not double
    assert {m.group(0) for m in DOUBLED.finditer(body)} <= {m.group(0) for m in DOUBLED.finditer(raw)}, body
    # every Han character of the raw is in the text, the front matter or the errata
    kept = [body, str(front["title"]), str(front["dateline"]), str(front.get("subtitle", ""))]
    kept += [str(front.get("byline", "")), *map(str, front.get("credits", []))]  # type: ignore[call-overload]
    kept += [str(e["raw"]) for e in front["errata"]]  # type: ignore[attr-defined]
    assert Counter(HAN_CHAR.findall(raw)) <= Counter(HAN_CHAR.findall("".join(kept)))
    # and the draft passes the build's fidelity check as it is
    shutil.rmtree(tmp_path / "source", ignore_errors=True)
    assert import_into(tmp_path, "mix.txt", raw)[1] == [], imported.edition


PIECES = "本报讯记者通讯员文图制摄下转上接版引副题新华社电月日年平安浙江12 \n（）()：:—.'，。“”「」/"


@settings(max_examples=examples(300), deadline=None)
@given(raw=st.text(alphabet=PIECES, max_size=200))
def test_import_never_raises_and_every_warning_has_a_line(raw: str) -> None:
    imported = import_raw(raw, "f.txt", "source/raw/f.txt")
    n_lines = len(raw.split("\n"))
    assert all(p.line is not None and 1 <= p.line <= n_lines for p in imported.problems), imported.problems
    assert imported.edition or any(p.severity is Severity.ERROR for p in imported.problems)
