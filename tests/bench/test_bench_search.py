"""`make bench-search`'s section of BENCHMARKS.md: read from the two search-quality reports the tests write."""

from __future__ import annotations

from benchmarks import search
from tests.support.search import Item, Outcome, load_queries, rates, report


def outcomes(hits: int) -> list[Outcome]:
    """The project's queries, the first `hits` answerable ones found first, the rest found nowhere."""
    out: list[Outcome] = []
    for q in load_queries():
        found = q.expect is not None and hits > 0
        hits -= found
        items = [Item(str(q.expect), (str(q.expect),), (), "")] if found else []
        out.append(Outcome(q, items))
    return out


def test_the_section_holds_both_engines_rates_and_their_gap() -> None:
    mk, zen = outcomes(70), outcomes(60)
    figures = {
        "MkDocs": search.read_report(report({"http": mk, "file": mk})),
        "Zensical": search.read_report(report({"http": zen, "file": zen})),
    }
    text = search.section(figures, "2026-12-03")
    assert text.startswith(search.BEGIN) and text.rstrip().endswith(search.END)
    for engine, measured in (("MkDocs", mk), ("Zensical", zen)):
        r = rates(measured)
        assert f"| {r['hit@1']:.1%} | {r['hit@3']:.1%} | {r['hit@1']:.1%} | {r['hit@3']:.1%} |" in text, engine
    gap = (rates(zen)["hit@1"] - rates(mk)["hit@1"]) * 100
    assert f"hit@1 {gap:+.1f} points" in text
    answerable = sum(q.expect is not None for q in load_queries())
    assert f"the {answerable} answerable queries" in text
    # `make bench` keeps the section as this command wrote it
    assert search.SECTION.kept("# report\n", f"old\n{text}") == f"# report\n\n{text}"


def test_rewriting_one_section_keeps_the_blank_line_before_the_next() -> None:
    """`make bench-search` rewrote its section and glued the next section's marker to its end."""
    from benchmarks.sections import Section

    first, second = Section("<!-- a: begin -->", "<!-- a: end -->"), "<!-- b: begin -->\nB\n<!-- b: end -->\n"
    text = f"# Benchmarks\n\n<!-- a: begin -->\nold\n<!-- a: end -->\n\n{second}"
    again = first.replaced(text, "<!-- a: begin -->\nnew\n<!-- a: end -->")
    assert again == f"# Benchmarks\n\n<!-- a: begin -->\nnew\n<!-- a: end -->\n\n{second}"
    assert first.replaced(again, "<!-- a: begin -->\nnew\n<!-- a: end -->") == again
    last = first.replaced("# B\n\n<!-- a: begin -->\nold\n<!-- a: end -->\n", "<!-- a: begin -->\nx\n<!-- a: end -->")
    assert last == "# B\n\n<!-- a: begin -->\nx\n<!-- a: end -->\n"
