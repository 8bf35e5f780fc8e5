"""Hostile and careless input: look-alike and invisible characters, YAML bombs and tags, paths out of the
project, oversized values. Each gives a message naming file, line and fix, exit 1, and no traceback."""

from __future__ import annotations

import io
import itertools
import os
import re
import resource
import subprocess
import sys
import textwrap
import time
import unicodedata
from pathlib import Path

import pytest

from build_scripts.core import chars
from build_scripts.pipeline.build import build, report
from build_scripts.read.edition import WORDING_RE, number_marks, wording
from build_scripts.text import yamlpos
from tests.support.paths import FIXTURES, PINNED, ROOT, SMALL
from tests.support.projects import command_line, make_project

SCHOLARLY = FIXTURES / "scholarly" / "source"

ARTICLE = "source/articles/hehu.md"
RAW = "source/raw/hehu.txt"
GLOSSARY = "source/glossary.yaml"


def check(root: Path, *, strict: bool = False) -> tuple[int, str]:
    """`python -m build_scripts check` in this process (the command's own entry: build, then report)."""
    out = io.StringIO()
    code = report(build(root, strict=strict, dry_run=True), out=out)
    return code, out.getvalue()


def edit(root: Path, rel: str, old: str, new: str, *, body: bool = True) -> tuple[int, int]:
    """Replace the first `old` in a file (in an edition, in its body unless told otherwise);
    return the line and column (1-based) where `new` starts."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    start = text.index("\n---\n", 4) + 5 if body and rel.startswith("source/articles/") else 0
    at = text.index(old, start)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", SMALL / "source")


# --- look-alike characters and the fidelity check ------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "odd"),
    [
        ("13年来", "13\uff10年来", "\uff10"),  # full-width zero: reads "130 years"
        ("2以内", "2\uff12\uff05以内", "\uff12"),  # full-width 2 and %
        ("明显提升", "\u2f46明显提升", "\u2f46"),  # the Kangxi radical ⽆, drawn as 无: inverts the sentence
    ],
)
def test_a_look_alike_character_is_a_change_of_wording(tmp_path: Path, old: str, new: str, odd: str) -> None:
    root = make_project(tmp_path / "p", PINNED)  # a pinned copy of the article: its sentences are known
    line, column = edit(root, "source/articles/pingan-zhejiang.md", old, new)
    column += new.index(odd)
    code, out = check(root)
    assert code == 1
    assert f"source/articles/pingan-zhejiang.md:{line}:{column}: look-alike character {chars.describe(odd)}" in out
    assert f"source/articles/pingan-zhejiang.md:{line}: wording added in the edition" in out


def test_every_letter_digit_radical_and_compatibility_ideograph_is_wording() -> None:
    shapes = re.compile(f"[{chars.HAN}{chars.RADICALS}{chars.COMPAT_IDEOGRAPHS}]")
    missed = [
        f"U+{cp:04X}"
        for cp in range(0x110000)
        if (unicodedata.category(chr(cp))[0] in "LN" or shapes.match(chr(cp))) and not WORDING_RE.match(chr(cp))
    ]
    assert missed == []
    assert wording("13０年来") != wording("13年来") and wording("2２％以内") != wording("2以内")
    assert wording("“平安浙江”，（G20）！") == "平安浙江G20"  # punctuation, full-width included, is not wording


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("28000多个", "2.8000多个"),  # a point inside a number: 2.8 thousand, not 28 thousand
        ("3300多个", "33.00多个"),
        ("13年来", "1、3年来"),  # a list of two numbers
        ("13年来", "1\ufe633年来"),  # SMALL HYPHEN-MINUS: a range
        ("28000多个", "28\u25cb000多个"),  # WHITE CIRCLE, drawn like 〇: 280000
        ("缩小到2以内", "缩小到-2以内"),  # a sign before a number
        ("缩小到2以内", "缩小到2\uff0b以内"),  # FULLWIDTH PLUS SIGN, drawn like 十
        ("明显提升", "明\u0489显\ua670提升"),  # enclosing combining marks
        ("明显提升", "明\u0f7e显提升"),  # a combining mark of another script
    ],
)
def test_what_changes_a_number_or_marks_a_character_is_a_change_of_wording(tmp_path: Path, old: str, new: str) -> None:
    root = make_project(tmp_path / "p", PINNED)
    line, _ = edit(root, "source/articles/pingan-zhejiang.md", old, new)
    code, out = check(root, strict=True)
    assert code == 1, out
    said = ("wording ", "a number reads differently") if wording(old) == wording(new) else ("wording ",)
    assert f"source/articles/pingan-zhejiang.md:{line}: {said[-1]}" in out, out


def test_punctuation_between_digits_may_change_but_not_appear_or_vanish() -> None:
    # the raw file flattens every mark to `.`: an edition chooses which one a number holds
    assert number_marks("增长96.43%.同比") == number_marks("增长96.43%，同比") == {4: (".", 4)}
    assert number_marks("2016.2017年")[4][0] == number_marks("2016—2017年")[4][0] == "."
    assert number_marks("28 000") == number_marks("28000") == {}  # a space is not punctuation
    assert number_marks("到−2以内") == {1: ("−", 1)} and number_marks("2＋以内") == {1: ("＋", 1)}


def test_a_dateline_ending_in_a_number_may_meet_a_text_that_starts_with_one(small: Path) -> None:
    """The raw file glues its parts with punctuation that the edition's parts do not keep: the gap
    between a dateline and the text is not inside a number."""
    edit(small, RAW, "4月2日讯'河湖长制'", "4月2日 09:12.2017年'河湖长制'")
    edit(small, ARTICLE, "dateline: 4月2日讯", "dateline: 4月2日 09:12", body=False)
    edit(small, ARTICLE, "“河湖长制”是本市", "2017年“河湖长制”是本市")
    code, out = check(small, strict=True)
    assert code == 0, out
    # another mark in the same place: the raw file's marks are all flattened to points
    edit(small, ARTICLE, "dateline: 4月2日 09:12", "dateline: 4月2日 09.12", body=False)
    code, out = check(small, strict=True)
    assert code == 0, out
    edit(small, ARTICLE, "dateline: 4月2日 09.12", "dateline: 4月2日 0912", body=False)
    code, out = check(small, strict=True)
    assert code == 1 and f"{ARTICLE}:2: a number reads differently" in out, out


def test_marks_are_every_combining_mark() -> None:
    marks = re.compile(f"[{chars.MARKS}]")
    wrong = [
        f"U+{cp:04X}"
        for cp in range(0x110000)
        if (unicodedata.category(chr(cp))[0] == "M") != bool(marks.match(chr(cp)))
    ]
    assert wrong == [], f"regenerate chars.MARKS for Unicode {unicodedata.unidata_version}"


@pytest.mark.parametrize(
    ("rel", "old", "new", "key"),
    [
        (ARTICLE, "title: ", 'title: "\\u202e', "title"),
        (GLOSSARY, "en: ", 'en: "Safe \\u200b', "en"),
        (GLOSSARY, "en: ", 'en: "\\N', "en"),
    ],
    ids=["bidi-in-title", "zero-width-in-glossary", "c1-next-line"],
)
def test_an_invisible_character_written_as_a_yaml_escape_is_refused(
    small: Path, rel: str, old: str, new: str, key: str
) -> None:
    path = small / rel
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    end = text.index("\n", at)
    value = text[at + len(old) : end].strip().strip('"')
    path.write_text(text[:at] + new + value + '"' + text[end:], encoding="utf-8")
    code, out = check(small)
    assert code == 1 and "Traceback" not in out
    assert re.search(rf"{re.escape(rel)}:\d+: `[^`]*{key}` holds U\+[0-9A-F]{{4}} .*, written as an escape", out), out


def test_every_control_and_format_character_is_invisible() -> None:
    missed = [
        chars.describe(chr(cp))
        for cp in range(0x110000)
        if unicodedata.category(chr(cp)) in ("Cc", "Cf")
        and chr(cp) not in "\t\n"
        and not chars.INVISIBLE_RE.match(chr(cp))
    ]
    assert missed == []
    assert chars.describe("\u200b") == "U+200B ZERO WIDTH SPACE" and chars.describe("\x1b") == "U+001B ESCAPE"


# --- invisible and control characters ---------------------------------------------------------------

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2067", "\u200f", "\x00", "\x1b", "\x85"]


@pytest.mark.parametrize("ch", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_character_in_an_edition_is_refused_at_its_column(small: Path, ch: str) -> None:
    line, column = edit(small, ARTICLE, "治水先治岸", "治水" + ch + "先治岸")
    code, out = check(small)
    assert code == 1
    assert f"{ARTICLE}:{line}:{column + 2}: invisible character {chars.describe(ch)}" in out
    assert ch not in out  # never echoed to the terminal


@pytest.mark.parametrize("ch", ["\u200b", "\u202e", "\x00", "\x1b"], ids=["ZWSP", "RLO", "NUL", "ESC"])
def test_invisible_character_in_the_glossary_is_refused_at_its_column(small: Path, ch: str) -> None:
    line, column = edit(small, GLOSSARY, "term: 法治", "term: 法" + ch + "治")
    code, out = check(small)
    assert code == 1
    assert f"{GLOSSARY}:{line}:{column + 7}: invisible character {chars.describe(ch)}" in out
    assert ch not in out


@pytest.mark.parametrize("ch", ["\u200b", "\u202e", "\x00"], ids=["ZWSP", "RLO", "NUL"])
def test_invisible_character_in_the_collection_file_is_refused_at_its_column(small: Path, ch: str) -> None:
    """The collection's name reaches every page's header and tab: typed as they are, invisible
    characters are refused there as in every other source file."""
    path = small / "source" / "collection.yaml"
    text = path.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name:"))
    value = name.split(":", 1)[1].strip()
    path.write_text(text.replace(name, f"name: {value[:1]}{ch}{value[1:]}", 1), encoding="utf-8")
    line = text.splitlines().index(name) + 1
    code, out = check(small)
    assert code == 1
    column = len("name: ") + 2
    assert f"source/collection.yaml:{line}:{column}: invisible character {chars.describe(ch)}" in out, out
    assert ch not in out


def test_the_fidelity_check_works_in_time_linear_in_a_repetitive_article(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """8,000 repeated sentences whose last character drifts from the raw file: the drift is reported,
    with work bounded by the article's length (difflib's matcher, used before, took 44 s: quadratic)."""
    from build_scripts.read import edition
    from build_scripts.text import sequences

    counter = sequences.Counter()
    monkeypatch.setattr(edition, "opcodes", lambda a, b: sequences.opcodes(a, b, counter))
    n = 8000
    article, raw = small / ARTICLE, small / RAW
    article.write_text(article.read_text(encoding="utf-8") + "平安浙江建设。\n" * n + "乙。\n", encoding="utf-8")
    raw.write_text(raw.read_text(encoding="utf-8").rstrip("\n") + "平安浙江建设." * n + "甲.\n", encoding="utf-8")
    code, out = check(small)
    assert code == 1 and "wording changed, compared with the raw article" in out and "[乙]" in out, out[-2000:]
    wording_length = 6 * n
    assert 0 < counter.n <= 50 * wording_length, counter.n


@pytest.mark.parametrize("sid", ["notes", "s1-p2"])
def test_a_section_id_its_page_already_gives_is_refused(small: Path, sid: str) -> None:
    """`notes` is the notes list's id on every section page, `s1-p2` a paragraph's: a heading with
    either would give its page two elements of one id."""
    line, _ = edit(small, ARTICLE, "{#s2 ", "{#" + sid + " ")
    code, out = check(small)
    assert code == 1 and f"{ARTICLE}:{line}: section id `{sid}` is an id its page already gives" in out, out


@pytest.mark.parametrize("slug", ["conventions", "hehu-errata"])
def test_a_slug_that_would_repeat_an_anchor_of_the_about_page_is_refused(small: Path, slug: str) -> None:
    (small / ARTICLE).rename(small / "source" / "articles" / f"{slug}.md")
    code, out = check(small)
    assert code == 1 and f"article file name `{slug}` would give the about page two `#{slug}` anchors" in out, out


def test_a_latin_word_with_a_look_alike_letter_is_named_at_its_column(small: Path) -> None:
    """`Zhеjiang` with a Cyrillic е reads as Zhejiang, yet no search finds it: a warning (an error
    under --strict, as CI runs it) naming the letter, in the glossary as in an edition."""
    glossary = (small / GLOSSARY).read_text(encoding="utf-8")
    en = re.search(r"^(\s+en: )(\S+)", glossary, flags=re.M)
    assert en
    word = en.group(2)
    forged = word[0] + "\u0435" + word[2:] if len(word) > 2 else word + "\u0435"
    line, _ = edit(small, GLOSSARY, en.group(0), en.group(1) + forged)
    assert check(small)[0] == 0
    code, out = check(small, strict=True)
    assert code == 1 and f"{GLOSSARY}:{line}:" in out and "U+0435 CYRILLIC SMALL LETTER IE" in out, out


def test_invisible_character_in_the_raw_file_is_a_warning(small: Path) -> None:
    """The raw file is provenance and never edited: its invisible characters are reported, the
    edition (which cannot carry them) still matches it; --strict makes the warning an error."""
    line, column = edit(small, RAW, "治岸先治人", "治岸\u200b先治人")
    code, out = check(small)
    assert code == 0, out
    assert f"{RAW}:{line}:{column + 2}: warning: invisible character U+200B ZERO WIDTH SPACE" in out
    assert check(small, strict=True)[0] == 1


def test_importing_a_file_that_does_not_exist_says_so(small: Path) -> None:
    proc = command_line(small, "import", "source/raw/no-such-file.txt", "--slug", "nothing")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "source/raw/no-such-file.txt: no such file" in proc.stderr, proc.stderr


def test_look_alike_duplicate_terms_are_one_term(small: Path) -> None:
    entry = "  - term: {}\n    en: x\n    category: concept\n    def_zh: 释义。\n    def_en: Def.\n"
    path = small / GLOSSARY
    path.write_text(path.read_text(encoding="utf-8") + entry.format("治水") + entry.format("治\u2f54"), "utf-8")
    code, out = check(small)
    assert code == 1
    assert "`治⽔` is already defined at line" in out and "U+2F54 KANGXI RADICAL WATER" in out


# --- YAML: aliases, tags, keys and values it cannot read ---------------------------------------------

LAUGHS = "".join(
    f"{k}: &{k} [" + ", ".join([f"*{p}"] * 9 if p else ["lol"] * 9) + "]\n"
    for p, k in zip(["", "a", "b", "c", "d"], ["a", "b", "c", "d", "e"], strict=True)
)
BAD_YAML = {
    "NUL": ("terms:\n  - term: 法\x00治\n", "U+0000 NULL"),
    "ESC": ("terms:\n  - term: 法\x1b治\n", "U+001B ESCAPE"),
    "complex key": ("terms:\n  - ? [term, en]\n    : 法治\n", "a key must be plain text"),
    "!!int": ('terms:\n  - term: !!int "abc"\n', "cannot read `abc` as int"),
    "bad timestamp": ("terms:\n  - term: !!timestamp 2017-13-45\n", "cannot read `2017-13-45` as timestamp"),
    "python tag": ("terms:\n  - term: !!python/name:os.system\n", "tag `tag:yaml.org,2002:python/name:os.system`"),
    "aliases": ("terms:\n" + LAUGHS.replace("\n", "\n  ").replace("a: &a", "- x: &a", 1), "anchors and aliases"),
    "deep": ("terms: " + "[" * 50_000 + "]" * 50_000 + "\n", "nested more than"),
}


@pytest.mark.parametrize("case", list(BAD_YAML))
def test_yaml_that_cannot_be_read_as_data_is_a_message(small: Path, case: str) -> None:
    text, words = BAD_YAML[case]
    (small / GLOSSARY).write_text(text, encoding="utf-8")
    code, out = check(small)
    assert code == 1 and words in out, out
    assert re.search(rf"^{GLOSSARY}:\d+", out, re.M), out


@pytest.mark.parametrize(
    ("front", "words"),
    [
        ("? [title, raw]\n: x\n", "a key must be plain text"),
        ('title_en: !!int "abc"\n', "cannot read `abc` as int"),
        ("title_en: 2017-02-30\n", "cannot read `2017-02-30` as timestamp"),
        ("title_en: !!python/name:os.system\n", "is not allowed"),
        ("title_en: &t [x, x]\ndateline: *t\n", "anchors and aliases"),
        ("title_en: x\x1by\n", "invisible character U+001B ESCAPE"),
    ],
)
def test_front_matter_that_cannot_be_read_as_data_is_a_message(small: Path, front: str, words: str) -> None:
    path = small / ARTICLE
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^title_en: .*\n^dateline: .*\n", lambda _: front, text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    code, out = check(small)
    assert code == 1 and words in out and f"{ARTICLE}:" in out, out


# Mistakes an editor makes in a notes file whose values are not quoted (the fixture's): each is
# reported at the line to fix, never where PyYAML gave up (the next line, the end of the file), with
# how to fix it; a colon in a value comes with the line quoted, ready to paste.
NOTES = "source/articles/hehu.notes.yaml"
YAML_MISTAKES = {
    "colon in English": (
        "    en: This phrase ends inside the glossary term.\n",
        "    en: Note: this phrase ends inside the glossary term 源头治理.\n",
        'put the whole value in double quotes (a " inside it written \\"):\n'
        '        en: "Note: this phrase ends inside the glossary term 源头治理."',
    ),
    "colon in Chinese": (
        "    zh: 即2019年4月2日。\n",
        "    zh: 电头只有月日: 即2019年4月2日。\n",
        '        zh: "电头只有月日: 即2019年4月2日。"',
    ),
    "quote, then text": (
        "    en: The raw text reads “basic system”.\n",
        '    en: "Basic system" is what the raw text reads.\n',
        'text follows the value\'s closing quote: put the whole value in double quotes (a " inside it written \\"):\n'
        '        en: "\\"Basic system\\" is what the raw text reads."',
    ),
    "indented too far": (
        "    kind: textual\n",
        "     kind: textual\n",
        "this key is indented more than the key above it",
    ),
    "quote never closed": (
        "    zh: 标题中的提法。\n",
        '    zh: "标题中的提法。\n',
        'the value opened with " on this line is never closed',
    ),
    "tab": (
        "    phrase: 基本制度\n",
        "\tphrase: 基本制度\n",
        "YAML indents with spaces only: replace the tab with spaces",
    ),
    "no colon": (
        "    en: A set phrase of the heading.\n",
        "    en A set phrase of the heading.\n",
        "this line has no `key: value` colon",
    ),
    "bracket never closed": (
        '    sources: ["治水日报 2019-04-02"]\n',
        '    sources: ["治水日报 2019-04-02"\n',
        "the [ or { opened on this line is never closed",
    ),
}


@pytest.mark.parametrize("case", list(YAML_MISTAKES))
def test_a_yaml_mistake_in_notes_is_reported_at_its_line_with_its_fix(tmp_path: Path, case: str) -> None:
    old, new, fix = YAML_MISTAKES[case]
    project = make_project(tmp_path / "p", SCHOLARLY)
    line, _ = edit(project, NOTES, old, new, body=False)
    code, out = check(project)
    assert code == 1 and f"{NOTES}:{line}: malformed YAML" in out, out
    assert fix in out, out
    offered = re.search(r"^        (\w+: \".*\")$", out, re.M)
    assert bool(offered) == case.startswith(("colon", "quote, then")), out
    if offered:  # the line offered, pasted in place of the one that is wrong: read as it should be
        edit(project, NOTES, new, f"    {offered.group(1)}\n", body=False)
        code, out = check(project)
        assert "malformed YAML" not in out, out


# An unquoted value of each YAML file an editor writes, given an English note with ": " in it.
UNQUOTED = {
    "edition front matter": (ARTICLE, "title_en: "),
    "glossary": (GLOSSARY, "    en: "),
    "collection": ("source/collection.yaml", "description_en: "),
}


@pytest.mark.parametrize("case", list(UNQUOTED))
def test_a_colon_in_an_unquoted_value_is_reported_at_its_line_in_every_yaml_file(tmp_path: Path, case: str) -> None:
    """Not only in notes: wherever an editor writes YAML, a value with `: ` in it is an error at its
    own line (never the next one), whose fix says to quote it and shows the line quoted."""
    rel, key = UNQUOTED[case]
    project = make_project(tmp_path / "p", SCHOLARLY)
    text = (project / rel).read_text(encoding="utf-8")
    value = re.search(rf"^{re.escape(key)}([^\"\n].*)$", text, re.M)
    assert value, f"{rel} has no unquoted {key.strip()}"
    line, _ = edit(project, rel, value.group(0), f"{key}Note: {value.group(1)}", body=False)
    code, out = check(project)
    assert code == 1 and f"{rel}:{line}: malformed YAML" in out, out
    quoted = f'{key.strip()} "Note: {value.group(1)}"'
    assert "must be quoted" in out and quoted in out, out
    edit(project, rel, f"{key}Note: {value.group(1)}", f"{key}{quoted.split(' ', 1)[1]}", body=False)
    assert "malformed YAML" not in check(project)[1]


def test_the_notes_example_of_contributing_reads_with_a_colon_in_its_english() -> None:
    doc = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n( *notes:\n.*?)```", doc, re.DOTALL)
    assert block, "CONTRIBUTING.md shows no notes"
    data, _ = yamlpos.load(textwrap.dedent(block.group(1)), "CONTRIBUTING.md")
    assert ": " in data["notes"][0]["en"] and data["notes"][0]["zh"]


def test_a_600_byte_yaml_bomb_is_refused_at_once(small: Path) -> None:
    names = "abcdefghi"
    bomb = "a: &a [" + ", ".join(['"lol"'] * 9) + "]\n"
    bomb += "".join(f"{k}: &{k} [" + ", ".join([f"*{p}"] * 9) + "]\n" for p, k in itertools.pairwise(names))
    assert len(bomb.encode()) < 700
    (small / GLOSSARY).write_text("terms:\n  - " + bomb.replace("\n", "\n    ").rstrip() + "\n", encoding="utf-8")

    def limit() -> None:  # today's code grows past 2.8 GB: a bound to fail at, not to swap
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))

    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "build_scripts", "check"],
        cwd=small,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
        check=False,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert "anchors and aliases" in proc.stderr
    assert time.monotonic() - started < 30


# --- raw: stays in source/raw/, and nothing from outside the project is printed ---------------------


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("/etc/passwd", "absolute path"),
        ("/proc/self/environ", "absolute path"),
        ("../../../../../../etc/passwd", "`..`"),
        ("source/raw/../../../../../../etc/passwd", "`..`"),
        ("source/articles/hehu.md", "not a file under source/raw/"),
        ("source/raw/link.txt", "a link to a file outside source/raw/"),
        ("source/raw/outside/passwd", "a link to a file outside source/raw/"),
    ],
)
def test_raw_must_name_a_file_inside_source_raw(small: Path, raw: str, words: str) -> None:
    (small / "source" / "raw" / "link.txt").symlink_to("/etc/passwd")
    (small / "source" / "raw" / "outside").symlink_to("/etc")
    line, _ = edit(small, ARTICLE, "raw: source/raw/hehu.txt", f"raw: {raw}", body=False)
    code, out = check(small)
    assert code == 1
    assert f"{ARTICLE}:{line}: raw: `{raw}` is " in out and words in out, out
    assert "root:" not in out and os.environ.get("PATH", "") not in out


def test_a_source_file_linked_from_outside_the_project_is_refused(small: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text((small / ARTICLE).read_text(encoding="utf-8").replace("治水先治岸", "秘密内容"), "utf-8")
    (small / ARTICLE).unlink()
    (small / ARTICLE).symlink_to(secret)
    code, out = check(small)
    assert code == 1 and "links to a file outside the project" in out and "秘密" not in out


# --- sizes ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "old", "new", "words"),
    [
        (ARTICLE, "title: 河湖长制 护水有方", "title: " + "河" * 1_000_000, "1,000,000 characters; at most 200"),
        (ARTICLE, "## 源头治理 系统推进 {", "## " + "源" * 300 + " {", "300 characters; at most 200"),
        (ARTICLE, "{#s1 ", "{#s" + "1" * 300 + " ", "heading attributes"),
        (GLOSSARY, "term: 法治", "term: " + "法" * 300, "300 characters; at most 40"),
        (GLOSSARY, 'def_en: "Governing by law."', "def_en: " + "x" * 1_000_000, "1,000,000 characters; at most 2,000"),
        (GLOSSARY, "term: 法治", "id: " + "a" * 300 + "\n    term: 法治", "not an ASCII slug of at most 64 characters"),
    ],
    ids=["title", "heading", "section id", "term", "definition", "term id"],
)
def test_oversized_values_are_refused_at_their_line(small: Path, rel: str, old: str, new: str, words: str) -> None:
    line, _ = edit(small, rel, old, new, body=False)
    code, out = check(small)
    assert code == 1 and f"{rel}:{line}:" in out and words in out, out[:2000]


def test_an_oversized_file_is_not_read(small: Path) -> None:
    (small / GLOSSARY).write_text("# " + "x" * 21_000_000 + "\n", encoding="utf-8")
    code, out = check(small)
    assert code == 1 and f"{GLOSSARY}: file of 21,000,003 bytes; at most 20,000,000" in out


def test_an_article_file_name_is_a_short_ascii_slug(small: Path) -> None:
    (small / ARTICLE).rename(small / "source" / "articles" / ("a" * 100 + ".md"))
    code, out = check(small)
    assert code == 1 and "is not an ASCII slug of at most 64 characters" in out


# --- ids, pinyin ---------------------------------------------------------------------------------------

ENTRY = "  - term: {term}\n    en: x\n    category: concept\n    def_zh: 释义。\n    def_en: Def.\n"


def test_a_term_without_han_or_ascii_needs_an_explicit_id(small: Path) -> None:
    path = small / GLOSSARY
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ENTRY.format(term="😀"), encoding="utf-8")
    code, out = check(small)
    assert code == 1 and "no id can be made from `😀`" in out and "add an explicit `id:`" in out
    path.write_text(text + ENTRY.format(term="😀") + "    id: smile\n", encoding="utf-8")
    code, out = check(small)
    assert code == 0, out


@pytest.mark.parametrize("tid", ["glossary", "by-category", "letter-h"])
def test_an_id_equal_to_an_anchor_of_the_glossary_page_is_refused(small: Path, tid: str) -> None:
    line, _ = edit(small, GLOSSARY, "    en: rule of law", f"    id: {tid}\n    en: rule of law")
    code, out = check(small)
    assert code == 1 and f"{GLOSSARY}:{line}: terms[2].id: id `{tid}` is an anchor of the glossary page" in out


@pytest.mark.parametrize(
    ("pinyin", "ok"),
    [("hé hú zhǎng zhì", True), ("Héhú zhǎngzhì", True), ("hé hú zhǎng", False), ("hehu zhang zhi xx", False)],
)
def test_given_pinyin_has_one_syllable_per_han_character(small: Path, pinyin: str, ok: bool) -> None:
    line, _ = edit(
        small,
        GLOSSARY,
        "    en: river and lake chief system",
        f"    pinyin: {pinyin}\n    en: river and lake chief system",
    )
    code, out = check(small)
    assert (code == 0) is ok, out
    if not ok:
        assert f"{GLOSSARY}:{line}: terms[0].pinyin:" in out


# --- through the command: never a traceback -----------------------------------------------------------


def test_suggest_terms_on_an_output_that_cannot_show_chinese(small: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "build_scripts", "suggest-terms"],
        cwd=small,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "ascii"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "cannot show Chinese" in proc.stderr and proc.stdout == ""


def test_a_300_character_slug_is_a_message(small: Path) -> None:
    proc = command_line(small, "import", RAW, "--slug", "a" * 300)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "is 300 characters long; at most 64" in proc.stderr


def test_a_300_character_term_id_is_a_message(small: Path) -> None:
    edit(small, GLOSSARY, "    en: river and lake chief system", "    id: " + "h" * 300 + "\n    en: x")
    proc = command_line(small, "build")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "at most 64 characters" in proc.stderr


def test_a_gb18030_glossary_is_still_read_with_a_warning(small: Path) -> None:
    path = small / GLOSSARY
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    code, out = check(small)
    assert code == 0 and f"{GLOSSARY}:" in out and "warning: not UTF-8; decoded as GB18030" in out, out
