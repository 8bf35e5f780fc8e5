"""A glossary name that would rewrite readers' queries (too short, a stop word, part of a common word)
→ a warning at its line, left out of the search's query table, and a query in Chromium left alone."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from build_scripts.pages.query import fold_chars, opencc_tables, other_names
from build_scripts.read import querynames
from tests.support.browser import open_page, search
from tests.support.paths import ROOT, SMALL
from tests.support.projects import build_script, make_project, mkdocs_build
from tests.support.sites import serve

if TYPE_CHECKING:
    from playwright.sync_api import Page

TERM = "河湖长制"  # site-small's first entry
# The names the glossary gives it here: 的 and e rewrote "Safe Zhejiang" into "Saf河湖长制 Zh河湖长制jiang";
# Zhe is long enough, but must not be replaced inside Zhejiang; 河湖治理 is a fair name
NAMES = ["的", "e", "Zhe", "河湖治理"]
QUERY = "Safe Zhejiang"
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("的", "too short"),
        ("e", "too short"),
        ("5G", "too short"),
        ("浙", "too short"),
        ("我们", "stop word"),
        ("The", "stop word"),
        ("between", "stop word"),
        ("中国", "part of the common word 中国共产党"),
        ("社会", "part of the common word 社会主义"),
    ],
)
def test_a_name_that_would_rewrite_other_queries_is_refused(name: str, why: str) -> None:
    assert why in querynames.refused([name])[name]


@pytest.mark.parametrize("name", ["三治融合", "平安浙江建设", "G20", "Zhe", "河湖治理", "G20峰会", "Fengqiao"])
def test_a_name_of_one_meaning_may_rewrite_queries(name: str) -> None:
    assert querynames.refused([name]) == {}


def test_the_real_glossary_names_may_all_rewrite_queries() -> None:
    glossary = yaml.safe_load((ROOT / "source" / "glossary.yaml").read_text(encoding="utf-8"))
    names = [str(n) for e in glossary["terms"] for k in ("aliases", "also") for n in e.get(k) or []]
    assert querynames.refused(names) == {}


def test_the_stop_word_list_is_words() -> None:
    words = querynames.stopwords()
    assert {"的", "我们", "the", "and"} <= words and len(words) > 150
    assert all(" " not in w and "#" not in w for w in words)


def with_names(dest: Path) -> tuple[Path, int]:
    """site-small with NAMES under `also` of its first entry; the line they are on."""
    root = make_project(dest, SMALL / "source")
    glossary = root / "source" / "glossary.yaml"
    text = glossary.read_text(encoding="utf-8")
    entry = f"  - term: {TERM}\n"
    assert entry in text
    glossary.write_text(text.replace(entry, entry + f"    also: [{', '.join(NAMES)}]\n", 1), encoding="utf-8")
    return root, text[: text.index(entry)].count("\n") + 2


def test_the_check_warns_at_the_line_of_each_such_name(tmp_path: Path) -> None:
    """A warning (the build goes on); `make check` (--strict, as CI) fails on it."""
    root, line = with_names(tmp_path)
    for strict in (False, True):
        result = build_script(root, "check", *(["--strict"] if strict else []), check=False)
        out = result.stdout + result.stderr
        assert result.returncode == int(strict), out
        label = "" if strict else "warning: "
        for k, name in enumerate(NAMES[:2]):
            assert f"source/glossary.yaml:{line}: terms[0].also[{k}]: {label}`{name}` is too short" in out, out
        assert "the search leaves it out" in out and "fix: remove it" in out, out
        assert "Zhe`" not in out and "河湖治理`" not in out and "Traceback" not in out, out


def test_the_query_table_leaves_such_names_out() -> None:
    glossary = {"terms": [{"term": TERM, "also": NAMES}, {"term": "法治", "aliases": ["社会", "社会主义法治"]}]}
    assert other_names(glossary, "坚持社会主义法治") == {
        "Zhe": TERM,
        "河湖治理": TERM,
        "社会主义法治": "社会主义法治 法治",
    }


def test_a_traditional_character_that_is_simplified_too_is_not_folded() -> None:
    """乾 (乾坤) and 著 (著名) are Simplified as well: a query holding them stays as typed, even where
    the index holds only 干 and 着."""
    variants, characters = opencc_tables()
    table = fold_chars(set("干着规"), variants, characters)
    assert "乾" not in table and "著" not in table
    assert table["規"] == "规"


@pytest.mark.slow
@pytest.mark.browser
def test_a_latin_query_is_not_rewritten_by_such_names(tmp_path: Path, page: Page) -> None:
    """In Chromium: with `also: [的, e, Zhe, 河湖治理]`, "Safe Zhejiang" is searched as typed (no result
    highlights the term), while the fair names still find it."""
    root, _ = with_names(tmp_path)
    build_script(root, "build")  # not --strict: the warnings are the point
    mkdocs_build(root)
    index = json.loads((root / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert set(index["config"]["query"]["names"]) == {"Zhe", "河湖治理", "各级河长"}
    with serve(root / "site") as url:
        open_page(page, f"{url}/index.html")
        results = search(page, QUERY)
        assert not [r for r in results if any(HAN.search(m) for m in r.marks)], results
        for fair in ("Zhe", "河湖治理"):
            open_page(page, f"{url}/index.html")
            found = search(page, fair)
            assert any(TERM in "".join(r.marks) for r in found), (fair, found)


def test_a_traditional_character_the_index_holds_is_folded_too() -> None:
    """A page kept in Traditional characters puts 習 into the index, beside its Simplified fold 习
    (search.py): the query still folds 習 → 习, so it finds the Simplified pages as well."""
    variants, characters = opencc_tables()
    table = fold_chars(set("習习國国"), variants, characters)
    assert table["習"] == "习" and table["國"] == "国"
