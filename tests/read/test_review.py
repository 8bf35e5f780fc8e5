"""An editorial reading (source/review/<slug>.md) stays in step with what it reviews: every sentence of
the edition with its current English, every note, every glossary entry with its current reading and
English. Expectations come from source/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_scripts.core.model import Article
from build_scripts.pipeline import build
from build_scripts.read.sources import read_sources
from tests.support.paths import ROOT

REVIEWS = ROOT / "source" / "review"
CELL = re.compile(r"(?:\\\||[^|])+")


def tables(path: Path) -> dict[str, list[list[str]]]:
    """Each `## heading`'s table rows (header and rule left out), as cells."""
    found: dict[str, list[list[str]]] = {}
    heading = ""
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("## "):
            heading = line[3:].strip()
        elif line.startswith("| ") and not line.startswith("| ---"):
            cells = [c.strip().replace("\\|", "|") for c in CELL.findall(line.strip().strip("|"))]
            found.setdefault(heading, []).append(cells)
    return {k: rows[1:] for k, rows in found.items()}  # the first row of each table is its header


@pytest.fixture(scope="module")
def state() -> build.State:
    return build.run_stages(build.State(sources=read_sources(ROOT)), build.SOURCE_STAGES, build.Run(jobs=1))


def reviewed(state: build.State) -> list[tuple[Path, Article]]:
    return [(REVIEWS / f"{a.slug}.md", a) for a in state.articles if (REVIEWS / f"{a.slug}.md").exists()]


def test_the_reviewed_article_has_its_reading(state: build.State) -> None:
    assert reviewed(state), "no article has a reading in source/review/"


def test_every_sentence_is_in_the_reading_with_its_current_english(state: build.State) -> None:
    for path, article in reviewed(state):
        rows = tables(path)["Sentences"]
        english = article.english.paragraphs if article.english else {}
        expected = [
            (f"{p.anchor}.{k + 1}", zh, (english.get(p.anchor) or ())[k] or "")
            for s in article.sections
            for p in s.paragraphs
            for k, zh in enumerate(p.sentences)
        ]
        assert [(r[1], r[2], r[3]) for r in rows] == expected, path
        assert all(r[4] for r in rows), "every sentence has a verdict"
        assert all(r[5] for r in rows if r[4].startswith("changed")), "a changed sentence says why"


def test_every_note_is_in_the_reading(state: build.State) -> None:
    for path, article in reviewed(state):
        rows = tables(path)["Notes"]
        assert [(r[0], r[1]) for r in rows] == [(n.at, n.phrase) for n in article.notes], path
        assert [r[3] for r in rows] == ["; ".join(n.sources) or "none" for n in article.notes], "sources as given"
        assert all(r[4] for r in rows), "every note has a verdict"


def test_every_glossary_entry_is_in_the_reading_with_its_reading_and_english(state: build.State) -> None:
    for path, _ in reviewed(state):
        rows = tables(path)["Glossary"]
        assert [(r[0], r[1], r[2]) for r in rows] == [(t.term, t.pinyin, t.en) for t in state.terms], path
        assert all(r[4] for r in rows), "every rendering names where it comes from, or that it was not verified"
        official = {t.term for t in state.terms if t.official}
        unsourced = [r[0] for r in rows if r[0] in official and "not verified" in r[4]]
        assert not unsourced, "an `official` English is one whose source the reading names"


def test_the_summary_counts_what_the_tables_hold(state: build.State) -> None:
    for path, _ in reviewed(state):
        text = path.read_text(encoding="utf-8")
        summary = text.split("## Summary", 1)[1].split("\n## ", 1)[0]
        found = tables(path)
        sentences = found["Sentences"]
        said = re.search(r"Sentences: (\d+)\. Changed: (\d+) .*Unchanged and accurate: (\d+)\.", summary)
        assert said, "the summary counts the sentences"
        changed = len([r for r in sentences if r[4].startswith("changed")])
        accurate = len([r for r in sentences if r[4] == "accurate"])
        assert tuple(int(n) for n in said.groups()) == (len(sentences), changed, accurate), path
        notes = re.search(r"Notes: (\d+) now", summary)
        entries = re.search(r"Glossary: (\d+) entries", summary)
        assert notes and int(notes.group(1)) == len(found["Notes"]), path
        assert entries and int(entries.group(1)) == len(found["Glossary"]), path


# a sentence's verdict → how the summary counts it
CHANGES = {
    "changed: meaning": "wrong in meaning",
    "changed: smaller fault": "smaller faults",
    "changed: one name per term": "one English name per term",
    "changed: gap and conjecture": "the damaged sentence",
}


def test_the_summary_counts_each_kind_of_change_and_the_headings(state: build.State) -> None:
    for path, _ in reviewed(state):
        text = path.read_text(encoding="utf-8")
        summary = text.split("## Summary", 1)[1].split("\n## ", 1)[0]
        found = tables(path)
        verdicts = [r[4] for r in found["Sentences"] if r[4].startswith("changed")]
        assert [v for v in verdicts if v not in CHANGES] == [], "a changed sentence's verdict is one the summary counts"
        for verdict, words in CHANGES.items():
            said = re.search(rf"{words} (\d+)", summary)
            assert said and int(said[1]) == verdicts.count(verdict), (path, words)
        headings = found["Headings"]
        said = re.search(r"Headings[^:]*: (\d+),[^;]*; (\d+) changed[^,]*, (\d+) accurate", summary)
        assert said, "the summary counts the headings"
        changed = len([r for r in headings if r[3].startswith("changed")])
        accurate = len([r for r in headings if r[3] == "accurate"])
        assert tuple(int(n) for n in said.groups()) == (len(headings), changed, accurate), path


def test_the_summary_names_every_reading_the_glossary_table_fixed_or_doubts(state: build.State) -> None:
    """`Readings fixed N (…), doubtful M (…)`: the counts and the terms named are the rows whose
    reading verdict says so, so that a later pass that settles a doubt updates the summary too."""
    for path, _ in reviewed(state):
        text = path.read_text(encoding="utf-8")
        summary = text.split("## Summary", 1)[1].split("\n## ", 1)[0]
        said = re.search(r"Readings fixed (\d+) \(([^)]*)\), doubtful (\d+) \(([^)]*)\)", summary)
        assert said, "the summary counts the readings fixed and doubtful"
        rows = tables(path)["Glossary"]
        for count, named, verdict in ((said[1], said[2], "fixed"), (said[3], said[4], "doubtful")):
            terms = [r[0] for r in rows if r[3].startswith(verdict)]
            assert int(count) == len(terms), (verdict, terms)
            assert [t for t in terms if t not in named] == [], f"{verdict}: every such term is named"


def test_every_heading_is_in_the_reading_with_its_current_english(state: build.State) -> None:
    for path, article in reviewed(state):
        rows = tables(path)["Headings"]
        expected = [("title", article.title, article.title_en)]
        expected += [(s.id, s.title, s.title_en) for s in article.sections]
        assert [(r[0], r[1], r[2]) for r in rows] == expected, path
        assert all(r[3] for r in rows), "every heading has a verdict"
        assert all(r[4] for r in rows if r[3].startswith("changed")), "a changed heading says why"
