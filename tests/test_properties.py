"""Property tests: random Chinese articles through the whole importer → edition → fidelity path.

Whatever the text, punctuation, headings and duplicated lede, the importer must not raise, and the
draft it writes must parse and pass the fidelity check: no character lost or duplicated.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from build_scripts.edition import WORDING_RE, check_fidelity, parse_edition, wording
from build_scripts.importer import draft_edition, split_raw
from build_scripts.model import BuildError, Severity
from build_scripts.render import rel

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


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
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
        article, _ = parse_edition(path, tmp_path)
    except BuildError as exc:  # pragma: no cover - shown by hypothesis on failure
        raise AssertionError(f"draft does not parse:\n{edition}\n{exc}") from exc
    assert check_fidelity(article, tmp_path) == [], edition
    printed = wording(article.title + article.dateline) + "".join(
        wording(s.title if s.original_heading else "") + wording("".join(p.text for p in s.paragraphs))
        for s in article.sections
    )
    assert len(printed) == len(wording(raw)) - len(wording(draft.removed))


@settings(max_examples=200, deadline=None)
@given(raw=st.text(max_size=300))
def test_split_raw_never_raises_on_any_text(raw: str) -> None:
    draft, problems = split_raw(raw, "raw.txt")
    assert draft.title or problems


SEGMENT = st.text(alphabet="ab-平安", min_size=1, max_size=3)
PAGE = st.lists(SEGMENT, min_size=1, max_size=4).map(lambda parts: "/".join(parts) + ".md")


@settings(max_examples=300, deadline=None)
@given(from_page=PAGE, to_page=PAGE)
def test_a_link_between_pages_is_what_posixpath_relpath_gives(from_page: str, to_page: str) -> None:
    expected = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    assert rel.__wrapped__(from_page, to_page) == expected


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200) | st.text(alphabet=HAN + "0123456789%.'，。 \nAbc％", max_size=200))
def test_wording_keeps_exactly_the_characters_that_count_as_wording(text: str) -> None:
    assert wording(text) == "".join(WORDING_RE.findall(text))
