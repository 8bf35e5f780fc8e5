"""Property tests: random Chinese articles through the whole importer → edition → fidelity path.

Whatever the text, punctuation, headings and duplicated lede, the importer must not raise, and the
draft it writes must parse and pass the fidelity check: no character lost or duplicated.
"""

from __future__ import annotations

import io
import os
import posixpath
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from build_scripts.__main__ import main
from build_scripts.core.model import BuildError, Severity
from build_scripts.pages.render import rel
from build_scripts.pipeline.build import build, edition_file, fidelity_file, report
from build_scripts.read.edition import WORDING_RE, wording
from build_scripts.text import yamlpos
from build_scripts.tools.importer import draft_edition, split_raw
from tests.support.paths import SMALL
from tests.support.profiles import examples

HAN = "平安浙江建设群众公平正义懂法用法守法村规民约德治自治法治社会治理基层经验创新"
CLAUSE = st.text(alphabet=HAN + "0123456789", min_size=1, max_size=12)
SEP = st.sampled_from([".", ".", ".", "'", ".'", "'."])


@st.composite
def raw_articles(draw: st.DrawFn) -> str:
    title_half = draw(st.integers(min_value=2, max_value=6))
    title = draw(st.text(alphabet=HAN, min_size=title_half, max_size=title_half))
    clauses = draw(st.lists(st.tuples(CLAUSE, SEP), min_size=1, max_size=25))
    body = "".join(c + s for c, s in clauses)
    for _ in range(draw(st.integers(min_value=0, max_value=3))):  # glued headings of equal halves
        n = draw(st.integers(min_value=2, max_value=5))
        heading = draw(st.text(alphabet=HAN, min_size=n, max_size=n)) + " "
        heading += draw(st.text(alphabet=HAN, min_size=n, max_size=n))
        cut = draw(st.integers(min_value=0, max_value=len(body)))
        cut = body.rfind(".", 0, cut) + 1
        body = body[:cut] + heading + body[cut:]
    dateline = draw(st.sampled_from(["", "6月23日讯", "杭州3月5日电"]))
    if draw(st.booleans()) and body.find(".") > 0:  # the scrape's duplicated lede
        lede = body[: body.find(".") + 1]
        body = lede + title + body
    return f"{title}\n{dateline}{body}\n"


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=raw_articles())
def test_import_never_loses_or_duplicates_a_character(tmp_path: Path, raw: str) -> None:
    draft, problems = split_raw(raw, "raw.txt")
    assume(not any(p.severity is Severity.ERROR for p in problems))
    edition, _ = draft_edition(raw, "raw.txt", "source/raw/a.txt")
    (tmp_path / "source" / "raw").mkdir(parents=True, exist_ok=True)
    (tmp_path / "source" / "articles").mkdir(parents=True, exist_ok=True)
    (tmp_path / "source" / "raw" / "a.txt").write_text(raw, encoding="utf-8")
    path = tmp_path / "source" / "articles" / "a.md"
    path.write_text(edition, encoding="utf-8")
    try:
        article, _ = edition_file(path, tmp_path)
    except BuildError as exc:  # pragma: no cover - shown by hypothesis on failure
        raise AssertionError(f"draft does not parse:\n{edition}\n{exc}") from exc
    assert fidelity_file(article, tmp_path) == [], edition
    printed = wording(article.title + article.dateline) + "".join(
        wording(s.title if s.original_heading else "") + wording("".join(p.text for p in s.paragraphs))
        for s in article.sections
    )
    assert len(printed) == len(wording(raw)) - len(wording(draft.removed))


@settings(max_examples=examples(200), deadline=None)
@given(raw=st.text(max_size=300))
def test_split_raw_never_raises_on_any_text(raw: str) -> None:
    draft, problems = split_raw(raw, "raw.txt")
    assert draft.title or problems


SEGMENT = st.text(alphabet="ab-平安", min_size=1, max_size=3)
PAGE = st.lists(SEGMENT, min_size=1, max_size=4).map(lambda parts: "/".join(parts) + ".md")


@settings(max_examples=examples(300), deadline=None)
@given(from_page=PAGE, to_page=PAGE)
def test_a_link_between_pages_is_what_posixpath_relpath_gives(from_page: str, to_page: str) -> None:
    expected = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    assert rel.__wrapped__(from_page, to_page) == expected


@settings(max_examples=examples(300), deadline=None)
@given(text=st.text(max_size=200) | st.text(alphabet=HAN + "0123456789%.'，。 \nAbc％", max_size=200))
def test_wording_keeps_exactly_the_characters_that_count_as_wording(text: str) -> None:
    assert wording(text) == "".join(WORDING_RE.findall(text))


# --- any input to every reader: a message or a site, never a traceback, never a write outside docs/ ----

SOURCES = {"edition": "source/articles/hehu.md", "glossary": "source/glossary.yaml", "raw": "source/raw/hehu.txt"}
# pieces of YAML and of an edition, Chinese, and characters a reader refuses, to be strung together at random
PIECES = [
    *":-[]{}&*!?|>'\"#%@`,\n\n\t ",
    *"平安法治河长０⽆",
    "\x00",
    "\x1b",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\udcff",
    "terms:\n",
    "  - term: ",
    "    id: ",
    "    en: ",
    "    pinyin: ",
    "    aliases: [",
    "title: ",
    "raw: ",
    "errata:\n",
    '## 标题 {#s1 en="x"}\n',
    "---\n",
    "!!int ",
    "!!python/name:os.system ",
    "!!timestamp 2017-13-45",
    "&a ",
    "*a",
    "<<: ",
    "? ",
    "/etc/passwd",
    "../",
    "😀",
]
YAMLISH = st.lists(st.sampled_from(PIECES), max_size=40).map("".join).map(lambda s: s.encode("utf-8", "surrogatepass"))


def _files(folder: Path, docs: str = "") -> dict[str, bytes]:
    """Every file under `folder` but those under `docs` (a path relative to it), with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not (docs and p.relative_to(folder).as_posix().startswith(docs + "/"))
    }


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    which=st.sampled_from(sorted(SOURCES)),
    how=st.sampled_from(["replace", "append", "front"]),
    data=st.binary(max_size=300) | YAMLISH,
)
def test_any_bytes_in_any_source_file_give_a_message_or_a_site(
    tmp_path_factory: pytest.TempPathFactory, which: str, how: str, data: bytes
) -> None:
    work = tmp_path_factory.mktemp("any")
    root = work / "p"
    shutil.copytree(SMALL / "source", root / "source")
    path = root / SOURCES[which]
    old = path.read_bytes()
    cut = old.index(b"\n") + 1 if how == "front" else len(old)
    path.write_bytes(data if how == "replace" else old[:cut] + data + old[cut:])
    before = _files(work, docs="p/docs")
    out = io.StringIO()
    code = report(build(root), out=out)  # what `python -m build_scripts build` runs: an exception fails the test
    assert code in (0, 1)
    assert out.getvalue().strip(), "a build says what it did"
    assert _files(work, docs="p/docs") == before, "only docs/ may change"


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300) | YAMLISH)
def test_any_bytes_as_a_raw_article_give_a_message_or_a_draft(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    root = tmp_path_factory.mktemp("import")
    (root / "source" / "raw").mkdir(parents=True)
    (root / "source" / "raw" / "a.txt").write_bytes(data)
    before = _files(root)
    cwd = os.getcwd()
    os.chdir(root)  # the command reads the project from the working directory
    try:
        code = main(["import", "source/raw/a.txt", "--slug", "a"])
    finally:
        os.chdir(cwd)
    assert code in (0, 1)
    after = _files(root)
    written = {k for k in after if before.get(k) != after[k]}
    assert written <= {"source/articles/a.md"} and (code == 0) == bool(written)


@settings(max_examples=examples(300), deadline=None)
@given(text=st.text(max_size=200) | YAMLISH.map(lambda b: b.decode("utf-8", "replace")))
def test_yaml_reader_gives_values_or_messages(text: str) -> None:
    try:
        yamlpos.load(text, "f.yaml")
    except BuildError as exc:
        assert exc.problems and all(p.file == "f.yaml" for p in exc.problems)
