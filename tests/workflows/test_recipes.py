"""The editing recipes of README.md and CONTRIBUTING.md, done as an editor does them on a copy of the repository.

Each test changes a temporary copy of the project the way the recipe says, runs the commands it
names, and ends with what CI runs on content (tests/support/checks.py: the build with --strict, `mkdocs
build --strict`, and the checks that hold for any articles). The edits are found in `source/`
(a sentence with a comma, a word `suggest-terms` offers), not written for one article.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from build_scripts.pipeline import build
from build_scripts.read.edition import wording
from build_scripts.read.sources import read_sources
from tests.support import checks
from tests.support.checks import CONTENT_TESTS, articles, ci_checks, page_order, parse
from tests.support.paths import FIXTURES, PINNED, ROOT, VENV
from tests.support.projects import build_script, command_line, copy_setup_files, git, make_project

pytestmark = pytest.mark.slow

NEW_RAW = FIXTURES / "new-article" / "001_3c9e5a7f1b2d4e68.txt"
NEW_SLUG = "nanping-yigongti"
# An erratum the fidelity error offers: `- raw:`, `edition:`, `note:` lines, indented as the front matter's;
# headed by `errata:` when the article has none yet (the whole key, to put in place of `errata: []`).
OFFERED = re.compile(r"^(?:errata:\n)?( *)- raw: .*\n\1  edition: .*\n\1  note: .*$", re.MULTILINE)


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def body_lines(path: Path) -> list[tuple[int, str]]:
    """(index, line) of each sentence line after the front matter (not headings, not blank)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    end = lines.index("---", 1)
    return [(i, line) for i, line in enumerate(lines) if i > end and line and not line.startswith("#")]


def published_text(project: Path, slug: str) -> str:
    return "".join("".join(parse(p).text) for p in sorted((project / "site" / slug).glob("*.html")))


def offered_errata(stderr: str) -> list[str]:
    return [m.group(0) for m in OFFERED.finditer(stderr)]


def offered_items(offered: str) -> list[dict[str, str]]:
    """The errata an offer holds, with or without its `errata:` line."""
    loaded = yaml.safe_load(offered)
    items: list[dict[str, str]] = loaded["errata"] if isinstance(loaded, dict) else loaded
    return items


def paste_erratum(edition: Path, item: str, note: str) -> None:
    """Paste an offered erratum as the build says, its note filled in: at the end of the front matter's
    `errata:`; an offer headed by `errata:` (the article has none yet) in place of its `errata:` line."""
    item = item.replace('"TODO: why"', json.dumps(note, ensure_ascii=False))
    lines = edition.read_text(encoding="utf-8").split("\n")
    end = lines.index("---", 1)
    if item.startswith("errata:\n"):
        at = next((i for i in range(1, end) if lines[i].startswith("errata:")), end)
        lines[at : at + (at < end)] = item.split("\n")
        edition.write_text("\n".join(lines), encoding="utf-8")
        return
    keys = [line for line in lines[1:end] if line and not line.startswith((" ", "-", "#"))]
    if not any(k.startswith("errata:") for k in keys):
        item = "errata:\n" + item
    else:
        assert keys[-1].startswith("errata:"), "errata is the front matter's last key: its end is the closing ---"
    lines[end:end] = item.split("\n")
    edition.write_text("\n".join(lines), encoding="utf-8")


# --- CONTRIBUTING: Fix a sentence ------------------------------------------------------------------


def test_fix_punctuation(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    edition = articles(project)[0].path
    index, line = next((i, line) for i, line in body_lines(edition) if "，" in line)
    fixed = line.replace("，", "；", 1)
    lines = edition.read_text(encoding="utf-8").split("\n")
    lines[index] = fixed
    edition.write_text("\n".join(lines), encoding="utf-8")
    ci_checks(project)  # punctuation is free to change: no erratum
    assert fixed in published_text(project, edition.stem)


def test_change_wording_with_the_erratum_the_build_offers(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    article = articles(project)[0]
    index, line = next((i, line) for i, line in body_lines(article.path) if len(wording(line)) > 20)
    han = [m.start() for m in re.finditer(r"[\u4e00-\u9fff]", line)]
    at = han[len(han) // 2]
    changed = line[:at] + ("稳" if line[at] != "稳" else "安") + line[at + 1 :]
    lines = article.path.read_text(encoding="utf-8").split("\n")
    lines[index] = changed
    article.path.write_text("\n".join(lines), encoding="utf-8")
    # the build stops, names the line, and offers the erratum that records the change
    proc = build_script(project, "build", "--strict", check=False)
    assert proc.returncode == 1 and f"{article.source}:{index + 1}: wording changed" in proc.stderr
    (offered,) = offered_errata(proc.stderr)
    # an article with no errata yet is offered the whole key, to put in place of its `errata: []`
    assert offered.startswith("errata:\n") == (not article.errata), offered
    raw_text = article.raw_path.read_text(encoding="utf-8")
    (passage,) = offered_items(offered)
    body = "".join(line for _, line in body_lines(article.path))
    assert raw_text.count(passage["raw"]) == 1 and changed[at] in passage["edition"] and passage["edition"] in body
    # pasted as it is, the note still to write: refused
    paste_erratum(article.path, offered, "TODO: why")
    proc = build_script(project, "build", check=False)
    assert proc.returncode == 1 and "the note still reads `TODO: why`" in proc.stderr
    article.path.write_text("\n".join(lines), encoding="utf-8")
    paste_erratum(article.path, offered, "据上下文校正 / Corrected from the context")
    ci_checks(project)
    assert changed in published_text(project, article.slug)
    about = "".join(parse(project / "site" / "about.html").text)
    assert "据上下文校正" in about and wording(passage["raw"]) in wording(about)


def test_change_wording_with_an_erratum_as_contributing_shows(tmp_path: Path) -> None:
    """CONTRIBUTING's example erratum, written into the front matter of the article it quotes (the
    pinned copy of today's article): the build, the site and every sentence check pass."""
    doc = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(errata:\n.*?)```", doc, re.DOTALL)
    assert block, "CONTRIBUTING.md shows no erratum"
    (erratum,) = yaml.safe_load(block.group(1))["errata"]
    assert erratum["raw"] and erratum["edition"] and erratum["note"]
    project = make_project(tmp_path / "p", PINNED)
    (edition,) = (p for p in (project / "source" / "articles").glob("*.md") if "." not in p.stem)
    # the passage has no punctuation: the edition prints it as the raw file has it
    replace_once(edition, erratum["raw"], erratum["edition"])
    paste_erratum(edition, block.group(1).removeprefix("errata:\n").rstrip("\n"), erratum["note"])
    ci_checks(project)
    assert erratum["edition"] in published_text(project, edition.stem)


# --- CONTRIBUTING: Add a glossary term -------------------------------------------------------------


def test_add_change_and_remove_a_glossary_term(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    glossary = project / "source" / "glossary.yaml"
    before = glossary.read_text(encoding="utf-8")
    # suggest-terms lists frequent words not yet in the glossary: take the first of three characters or more
    proc = build_script(project, "suggest-terms")
    rows = [line.split() for line in proc.stdout.splitlines()[1:]]
    word = next(row[2] for row in rows if len(row) == 3 and len(row[2]) >= 3)
    entry = (
        f"\n  - term: {word}\n"
        "    en: term added by an editor\n"
        "    category: concept\n"
        f"    def_zh: 编者新增的词条{word}。\n"
        "    def_en: An entry an editor added.\n"
    )
    glossary.write_text(before.rstrip("\n") + "\n" + entry, encoding="utf-8")
    # the translation does not say `term added by an editor` where the word stands: `make check` says
    # where, and the editor declares what the translation says there (CONTRIBUTING: en_also)
    proc = build_script(project, "check", "--strict", check=False)
    assert proc.returncode == 1 and f"links {word} ({word}), whose glossary English" in proc.stdout + proc.stderr
    said = [
        set(re.findall(r"[a-z]+", (a.english.paragraphs[p.anchor][k] or "").lower()))
        for a in build.run_stages(
            build.State(sources=read_sources(project)), build.SOURCE_STAGES, build.Run(1)
        ).articles
        if a.english
        for s in a.sections
        for p in s.paragraphs
        for k, zh in enumerate(p.sentences)
        if word in zh
    ]
    common = sorted(set.intersection(*said) - {"the", "and", "of", "to", "in", "a"}, key=len)[-1]
    replace_once(
        glossary, "    en: term added by an editor\n", f"    en: term added by an editor\n    en_also: [{common}]\n"
    )
    ci_checks(project)
    entries = parse(project / "site" / "glossary.html")
    term = next(t for t in checks.glossary(project) if t.term == word)
    assert term.id in entries.ids and "An entry an editor added." in "".join(entries.text)
    linked = [p for p in (project / "site").rglob("*.html") if f"glossary.html#{term.id}" in p.read_text()]
    assert linked, f"{word} is linked from no page"

    # change its English: the glossary says the new definition, the tooltips the new translation
    replace_once(glossary, "    def_en: An entry an editor added.\n", "    def_en: An entry an editor changed.\n")
    replace_once(glossary, "    en: term added by an editor\n", "    en: term an editor changed\n")
    ci_checks(project)
    assert "An entry an editor changed." in "".join(parse(project / "site" / "glossary.html").text)
    assert "term an editor changed" in linked[0].read_text(encoding="utf-8")

    # remove it: no entry, no link, and the site still passes
    glossary.write_text(before, encoding="utf-8")
    ci_checks(project)
    assert term.id not in parse(project / "site" / "glossary.html").ids
    assert f"glossary.html#{term.id}" not in linked[0].read_text(encoding="utf-8")


# --- README / CONTRIBUTING: Add an article, remove an article -----------------------------------

ENGLISH = {
    "title_en": "Weaving a Primary Care Network to Guard Public Health",
    "资源下沉 服务上门": "Resources Move Down, Services Come to the Door",
    "数据互通 看病便捷": "Shared Records, Easier Care",
}
# The editor's reading of the draft's body: sentences joined or split where the importer guessed
# wrong, a colon before a quotation, the full stop inside the closing quote.
REFINED = {
    "intro": [
        "今年以来，南屏县以县域医共体建设为抓手，推动优质医疗资源下沉，让群众在家门口就能看好病。",
        "全县基层就诊率达到68.5%，比上年提高4.2个百分点。",
    ],
    "s1": [
        "县人民医院牵头组建医共体，向14个乡镇卫生院派驻骨干医生，每周开设专家门诊。",
        "乡镇卫生院能够开展的手术由去年的12种增加到31种。",
        "村卫生室全部接入远程心电诊断系统，村民在村里做检查，县里的医生当天出报告。",
        "一位村医说：“过去不敢接的病人，现在心里有底了。”",
    ],
    "s2": [
        "县里建成统一的健康信息平台，群众在乡镇做的检验检查结果，到县级医院复诊时可以直接调阅，不必重复检查。",
        "“先诊疗后付费”在全县推开，住院病人出院时一次结算。",
        "全县65岁以上老人家庭医生签约服务实现全覆盖。",
        "下一步，南屏县将继续完善分级诊疗制度，推动医共体从“形式上的联合”走向“服务上的融合”。",
    ],
}


def refine(draft: Path) -> None:
    """What an editor does to the importer's draft: English titles, and the body read through."""
    lines = draft.read_text(encoding="utf-8").split("\n")
    end = lines.index("---", 1)
    front = [line for line in lines[:end] if not line.startswith("title_en:")]
    front.insert(2, f"title_en: {json.dumps(ENGLISH['title_en'])}")
    body: list[str] = []
    headings = [line for line in lines[end + 1 :] if line.startswith("## ")]
    assert len(headings) == 2, headings  # the importer found the two glued headings
    for sid, sentences in REFINED.items():
        if sid != "intro":
            heading = next(h for h in headings if f"{{#{sid} " in h)
            title = heading[3 : heading.index(" {")]
            body += ["", re.sub(r'en="[^"]*"', f'en="{ENGLISH[title]}"', heading)]
        body += ["", *sentences]
    draft.write_text("\n".join([*front, "---", *body]) + "\n", encoding="utf-8")


def add_article(project: Path) -> Path:
    """CONTRIBUTING's steps: copy the raw file into source/raw/, import it, refine the draft, build."""
    shutil.copy(NEW_RAW, project / "source" / "raw" / NEW_RAW.name)
    proc = build_script(project, "import", f"source/raw/{NEW_RAW.name}", "--slug", NEW_SLUG)
    assert "may have lost a % sign" in proc.stderr  # the importer points at the damage
    draft = project / "source" / "articles" / f"{NEW_SLUG}.md"
    front = yaml.safe_load(draft.read_text(encoding="utf-8").split("---\n")[1])
    assert front["raw"] == f"source/raw/{NEW_RAW.name}" and front["title"] == "织密基层医疗网 守护群众健康路"
    # the draft keeps every word: only the English titles are missing
    proc = build_script(project, "build", "--strict", check=False)
    assert proc.returncode == 1 and "wording" not in proc.stderr and "English title" in proc.stderr
    refine(draft)
    # the % the scrape lost is written back: a change of wording, recorded with the offered erratum
    proc = build_script(project, "build", "--strict", check=False)
    (offered,) = offered_errata(proc.stderr)
    assert "68.5%" in offered
    paste_erratum(draft, offered, "补回丢失的百分号 / Restored the lost percent sign")
    # CONTRIBUTING: with a second article the site is a collection; it gets a name of its own
    collection = project / "source" / "collection.yaml"
    text = collection.read_text(encoding="utf-8")
    collection.write_text(re.sub(r"(?m)^name: .*$", "name: 基层治理文选", text), encoding="utf-8")
    return draft


def test_add_an_article_with_import_and_refinement(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    before = [a.slug for a in articles(project)]
    add_article(project)
    ci_checks(project)
    assert [a.slug for a in articles(project)] == sorted([*before, NEW_SLUG])
    text = published_text(project, NEW_SLUG)
    assert all(sentence in text for sentences in REFINED.values() for sentence in sentences)
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert f'href="{NEW_SLUG}/s1.html"' in home and ENGLISH["title_en"] in home


# A second article of the collection's kind, received from outside the project. The importer finds
# the glued heading `网格连心 服务到家`, not `深耕基层.所以枝繁叶茂`: the editor makes that one a
# heading and restores its comma, as the build allows (punctuation is free; the wording is the raw's).
SECOND_RAW = FIXTURES / "new-article" / "002_7d41c0b98e25f3a6.txt"
SECOND_SLUG = "qingxi-jiceng"
PUNCTUATED_HEADING = "深耕基层，所以枝繁叶茂"
SECOND_BODY = f"""
近年来，青溪县坚持把基层作为社会治理的重心，推动力量下沉、服务下移，群众的获得感、幸福感、安全感不断增强。

## 网格连心 服务到家 {{#s1 en="Grids Link Hearts, Services Reach Homes"}}

全县划分网格312个，每个网格配备专职网格员1名、兼职网格员3至5名。
网格员每天走访农户，收集民情，当天能办的事当天办结。
一位老党员说：“有事找网格员，已经成了大家的习惯。”

## {PUNCTUATED_HEADING} {{#s2 en="Deep Roots, Therefore Lush Leaves"}}

县里每年安排专项资金2000万元，用于村级组织建设和基层干部培训。
全县建成村级便民服务中心186个，群众办事不出村的事项有85项。
下一步，青溪县将推动“最多跑一次”改革向村社延伸，让基层治理更有温度。
"""


def add_second_article(project: Path, inbox: Path) -> Path:
    """CONTRIBUTING's steps for an article received from elsewhere: import it, refine the draft."""
    given = inbox / SECOND_RAW.name
    given.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(SECOND_RAW, given)
    build_script(project, "import", str(given), "--slug", SECOND_SLUG)
    draft = project / "source" / "articles" / f"{SECOND_SLUG}.md"
    text = draft.read_text(encoding="utf-8")
    assert "## 网格连心 服务到家 {#s1" in text and PUNCTUATED_HEADING not in text  # the importer's draft
    front = text.split("---\n")[1].replace("title_en: ''", 'title_en: "Rooted in the Grassroots, Painting Well-Being"')
    draft.write_text(f"---\n{front}---\n{SECOND_BODY}", encoding="utf-8")
    return draft


def test_a_new_article_with_a_punctuated_heading_passes_every_content_check(tmp_path: Path) -> None:
    """Two articles added as CONTRIBUTING says, one of them with a heading whose punctuation the editor
    restored: `make check` passes, and so does every test that reads its expectations from source/
    (tests/publish/test_site.py's, run on this project, and the page order the browser tests walk)."""
    project = make_project(tmp_path / "p")
    before = [a.slug for a in articles(project)]
    add_article(project)
    add_second_article(project, tmp_path / "inbox")
    ci_checks(project)  # content_problems: every sentence published, headings, next links in nav order
    for check in CONTENT_TESTS:
        check(project)
    slugs = [a.slug for a in articles(project)]
    assert slugs == sorted([*before, NEW_SLUG, SECOND_SLUG])
    # each article of the collection opens with its landing page, in the order the browser tests walk
    pages = page_order(project)
    assert [p for p in pages if p.endswith("/index.html")] == [f"{slug}/index.html" for slug in slugs]
    heading = parse(project / "site" / SECOND_SLUG / "s2.html")
    assert PUNCTUATED_HEADING in "".join(heading.text)


def test_remove_an_article(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    add_article(project)
    build_script(project, "build", "--strict")
    assert (project / "docs" / NEW_SLUG).is_dir()
    # CONTRIBUTING: delete the edition and its raw file; the build removes the pages it made for it
    (project / "source" / "articles" / f"{NEW_SLUG}.md").unlink()
    (project / "source" / "raw" / NEW_RAW.name).unlink()
    ci_checks(project)
    assert not (project / "docs" / NEW_SLUG).exists() and not (project / "site" / NEW_SLUG).exists()
    assert NEW_SLUG not in (project / "site" / "index.html").read_text(encoding="utf-8")


# --- CONTRIBUTING: Add an article, in each form an article arrives in ---------------------------------

FORMS = FIXTURES / "forms"
# The English titles an editor writes into each draft (title_en, and en="" of each heading), by the
# Chinese title as the importer drafts it.
FORM_ENGLISH = {
    "绿色田园 富民产业": "Green Fields, a Thriving Industry",
    "茶园连片 茶农增收": "Tea Gardens Spread, Growers Earn More",
    "品牌引领 提质增效": "Brands Lead, Quality Rises",
    "守护一方平安 共建和谐家园": "Guarding the Peace, Building a Harmonious Home",
    "深耕基层，所以枝繁叶茂": "Deep Roots, Therefore Lush Leaves",
    "数字赋能 治理提效": "Digital Tools, Better Governance",
    "云溪县：“小院议事”议出乡村新气象": "Yunxi County: Courtyard Councils Bring a New Look to the Villages",
    "大事小情一起商量": "Matters Large and Small, Discussed Together",
    "议事规则写进村规民约": "Council Rules Written into the Village Compact",
    "桐江市推进老旧小区改造": "Tongjiang Renovates Its Old Residential Compounds",
    "把法庭“搬”到村口": "Bringing the Court to the Village Gate",
    "调解在前": "Mediation First",
    "服务在后": "Services After",
    "溪口镇建成“15分钟养老服务圈”": "Xikou Town Builds a 15-Minute Elderly Care Circle",
    "南湖社区开设“四点半课堂”": "Nanhu Community Opens an After-School Class",
    "溪山县石桥村修通产业路": "Shiqiao Village of Xishan County Builds a Road for Its Industries",
    "路通了 产业兴了": "The Road Opens, Industries Thrive",
    "臨江鎮推行「網格化管理」": "Linjiang Town Introduces Grid Management",
    "服務到家": "Services to the Door",
}


def fill_english_titles(draft: Path) -> None:
    """What CONTRIBUTING asks of every draft before it builds: the English titles."""
    text = draft.read_text(encoding="utf-8")
    title = yaml.safe_load(text.split("---\n")[1])["title"]
    text = text.replace("title_en: ''", f"title_en: {json.dumps(FORM_ENGLISH[title])}", 1)
    text = re.sub(
        r'^## (.+?) \{#(s\d+) en=""\}$',
        lambda m: f'## {m.group(1)} {{#{m.group(2)} en="{FORM_ENGLISH[m.group(1)]}"}}',
        text,
        flags=re.MULTILINE,
    )
    draft.write_text(text, encoding="utf-8")


# The importer's warning at a raw line that holds full-width marks and the scrape's flattened ones both.
BOTH_KINDS = re.compile(r"^.+:(\d+): warning: the line has full-width marks and the scrape's flattened", re.MULTILINE)
FLAT_MARK = re.compile(r"(?<!\d)\.|\.(?!\d)")


def restore_warned_marks(draft: Path, raw: Path, stderr: str) -> None:
    """What CONTRIBUTING's table asks of a mixed text: the marks of each line the importer warned
    about restored by hand, a flattened `.` read as ，(punctuation is free: no erratum)."""
    raw_lines = raw.read_text(encoding="utf-8").split("\n")
    warned = [raw_lines[int(n) - 1].strip() for n in BOTH_KINDS.findall(stderr)]
    lines = draft.read_text(encoding="utf-8").split("\n")
    end = lines.index("---", 1)
    for i, line in enumerate(lines):
        if i > end and line and any(line in w for w in warned) and FLAT_MARK.search(line):
            lines[i] = FLAT_MARK.sub("，", line)
    draft.write_text("\n".join(lines), encoding="utf-8")


def free_slug(project: Path, slug: str) -> str:
    """`slug`, or with the first suffix -2, -3… no file of source/articles/ has: what an editor does
    when the import says a slug is taken (a repository may hold these forms already)."""
    taken = {p.name.split(".")[0] for p in (project / "source" / "articles").iterdir()}
    return next(s for s in (slug, *(f"{slug}-{n}" for n in range(2, 100))) if s not in taken)


def add_form_article(project: Path, raw: Path) -> tuple[str, dict[str, object]]:
    """CONTRIBUTING's table, for an article of one form received at `raw`: import it from there, write
    the English titles, restore the marks of the lines the importer warned about, name the collection.
    Its slug, and the draft's front matter as the importer wrote it."""
    slug = free_slug(project, f"form-{raw.stem}")
    proc = build_script(project, "import", str(raw), "--slug", slug)
    assert f"{raw}: form: " in proc.stderr  # the importer says which form it saw
    draft = project / "source" / "articles" / f"{slug}.md"
    front = yaml.safe_load(draft.read_text(encoding="utf-8").split("---\n")[1])
    fill_english_titles(draft)
    restore_warned_marks(draft, raw, proc.stderr)
    collection = project / "source" / "collection.yaml"
    text = collection.read_text(encoding="utf-8")
    collection.write_text(re.sub(r"(?m)^name: .*$", "name: 基层治理文选", text), encoding="utf-8")
    return slug, front


@pytest.mark.parametrize("raw", sorted(FORMS.glob("*.txt")), ids=lambda p: p.stem)
def test_add_an_article_of_each_form(tmp_path: Path, raw: Path) -> None:
    """A new editor adds an article in one of the forms of CONTRIBUTING's table, following the table
    alone (add_form_article), and builds. What CI runs on content passes, and every content test
    that reads its expectations from source/ (test_site's, and the page order the browser tests walk)."""
    project = make_project(tmp_path / "p")
    slug, front = add_form_article(project, raw)
    ci_checks(project)
    for check in CONTENT_TESTS:
        check(project)
    slugs = [a.slug for a in articles(project)]
    assert slug in slugs
    pages = page_order(project)
    assert [p for p in pages if p.endswith("/index.html")] == [f"{s}/index.html" for s in slugs]
    # the page's apparatus, as the draft's front matter has it, is in the article's header
    header = "".join(parse(project / "site" / slug / "intro.html").text)
    credits = front.get("credits") or []
    assert isinstance(credits, list)
    shown = [front.get("subtitle"), front.get("byline"), *credits]
    assert all(value in header for value in shown if value), shown


# make check's warning at a line of an edition that does not end its sentence: file, line, column.
OPEN_SENTENCE = re.compile(r"^(source/articles/\S+?):(\d+):(\d+): warning: the line does not end a sentence", re.M)


def test_make_check_and_ci_find_the_same_sentences_left_open(tmp_path: Path) -> None:
    """With an article of each form added as CONTRIBUTING's table says, `make check` (the build,
    --strict as the commit hook and CI run it) passes, a last sentence the raw text itself cuts off
    included. A line an editor then leaves ending in ， or with no mark is a warning at its line and
    last column, in each article, and CI's content check fails on exactly those lines; each ended with
    its 。 again, both pass."""
    project = make_project(tmp_path / "p")
    for raw in sorted(FORMS.glob("*.txt")):
        add_form_article(project, raw)
    checked = command_line(project, "check", "--strict")
    assert checked.returncode == 0, checked.stderr
    assert checks.sentence_problems(project) == []
    cut_off = damaged = 0
    expected: set[tuple[str, int, int]] = set()
    originals: dict[Path, str] = {}
    for article in articles(project):
        placed = [
            (p.line + k, s) for sec in article.sections for p in sec.paragraphs for k, s in enumerate(p.sentences)
        ]
        cut_off += not placed[-1][1].endswith(("。", "！", "？", "”", "」"))
        ended = [(line, s) for line, s in placed[:-1] if s.endswith("。")][:2]
        lines = originals.setdefault(article.path, article.path.read_text(encoding="utf-8")).split("\n")
        for (line, sentence), ending in zip(ended, ("，", ""), strict=False):
            lines[line - 1] = sentence[:-1] + ending
            expected.add((article.source, line, len(lines[line - 1])))
        if not placed[-1][1].endswith("。"):  # the cut-off sentence, given a comma: no longer what the raw has
            lines[placed[-1][0] - 1] += "，"
            expected.add((article.source, placed[-1][0], len(lines[placed[-1][0] - 1])))
        article.path.write_text("\n".join(lines), encoding="utf-8")
        damaged += len(ended)
    assert cut_off >= 1 and damaged >= len(originals) + 1  # a cut-off form, and lines of several articles
    warned = command_line(project, "check")
    assert warned.returncode == 0  # a warning: the build goes on
    found = {(f, int(line), int(column)) for f, line, column in OPEN_SENTENCE.findall(warned.stderr)}
    assert found == expected, warned.stderr
    assert "end the sentence with its mark (。！？)" in warned.stderr
    assert command_line(project, "check", "--strict").returncode == 1  # as CI and the commit hook run it
    ci = {
        (m[1], int(m[2]))
        for m in re.finditer(
            r"^(\S+):(\d+): line does not end a sentence", "\n".join(checks.sentence_problems(project)), re.M
        )
    }
    assert ci == {(f, line) for f, line, _ in expected}
    for path, text in originals.items():  # each line ended with its 。 again
        path.write_text(text, encoding="utf-8")
    assert command_line(project, "check", "--strict").returncode == 0
    assert checks.sentence_problems(project) == []


def repository_copy(dest: Path) -> Path:
    """This repository as a clone of it has it (every file git tracks or would add, none it ignores),
    committed, with the installed environment linked in: the unit tests run there as here."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():  # a tracked file deleted in the working tree is not there
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    copy_setup_files(dest)  # older than the environment's stamp: make never reinstalls it
    (dest / ".venv").symlink_to(VENV, target_is_directory=True)
    git(dest, "init", "-q")
    git(dest, "add", ".")
    git(dest, "commit", "-q", "-m", "base")
    return dest


def test_make_test_fast_passes_with_an_article_of_each_form_added(tmp_path: Path) -> None:
    """CONTRIBUTING's promise, as the editor sees it: with an article of each form of its table added
    as it says (add_form_article), `make test-fast` passes in the repository. Its tests that read
    their expectations from source/ (editions, errata, sentences, citations, scripts, the change
    report) must take any articles, before or after today's in the order of their slugs; the content
    and browser checks of the slower tests run in test_add_an_article_of_each_form. The property
    tests run their quick profile: their thorough one is CI's own run, whatever articles it holds."""
    repository = repository_copy(tmp_path / "clone")
    for raw in sorted(FORMS.glob("*.txt")):
        add_form_article(repository, raw)
    build_script(repository, "check", "--strict")  # what `make check` and the commit hook run
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "PYTEST", "HYPOTHESIS"))}
    proc = subprocess.run(
        ["make", "--no-print-directory", "test-fast", f"VENV={VENV}", "PYTEST_JOBS=2"],
        cwd=repository,
        env={**env, "PYTHONPATH": str(repository), "HYPOTHESIS_PROFILE": "quick"},
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    summary = [line for line in proc.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    assert proc.returncode == 0, "\n".join(summary) or proc.stdout[-3000:] + proc.stderr[-3000:]
