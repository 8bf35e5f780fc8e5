"""The benchmark on its smallest size: it runs end to end and its report has every table (timings unchecked)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks import bench, corpus, engines

pytestmark = pytest.mark.slow

SECTIONS = (
    "## Machine",
    "## What is measured",
    "## The build script alone",
    "### How the cost grows",
    "### A glossary of dictionary words",
    "## Where the build script's time goes",
    "## The whole build: build script + MkDocs, against plain pages",
    "## A one-sentence edit",
    "## What a reader downloads",
    "## Targets",
)
TABLE_HEADS = (
    "| articles | terms | terms used | text | pages | written | runs | wall (median) | CPU | peak memory "
    "| wall per article |",
    "| articles \\ terms | 50 |",
    "| articles | terms | terms used | pages | written | runs | wall (median) | CPU | peak memory "
    "| against text terms |",
    "| stage | 1 × 50 (s) | 1 × 50 (dictionary) (s) |",
    "| articles | pages annotated / plain | runs | build script apart | mkdocs annotated | `site` |",
    "| part of `mkdocs build` | annotated: share | ms per page | plain: share | ms per page |",
    "| build | wall | pages rewritten |",
    "| articles | site | largest page | home page (raw / gzip) | + first search (raw / gzip) |",
)


def test_quick_run_writes_a_report_with_every_table(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    kept = f"{engines.BEGIN}\n## MkDocs and Zensical\n{engines.END}"  # `python -m benchmarks.engines`'s section
    out.write_text(f"# old report\n\n{kept}\n", encoding="utf-8")
    assert bench.main(["--quick", "--out", str(out), "--workdir", str(tmp_path / "work")]) == 0
    report = out.read_text(encoding="utf-8")
    for heading in SECTIONS:
        assert f"\n{heading}\n" in report, heading
    for head in TABLE_HEADS:
        assert head in report, head
    assert re.search(r"^\| 1 \| 50 \| 50 \| ", report, re.MULTILINE)  # the one size: 1 article, 50 terms, all used
    assert re.search(r"^\| 1 \| annotated \| `glossary\.html` ", report, re.MULTILINE)
    assert re.search(r"^\| 1 \| plain \| ", report, re.MULTILINE)
    assert "rewrites 0." in report  # an unchanged rebuild writes nothing
    assert report.count("\n- ") >= 4  # one line per target
    assert "# old report" not in report and report.count(kept) == 1


def test_generated_terms_are_distinct_strings_of_the_text() -> None:
    material = corpus.load_material()
    entries = corpus.glossary_entries(material, 1000)
    forms = [e["term"] for e in entries]
    assert len(forms) == len(set(forms)) == 1000
    text = "".join(material.sentences)
    assert all(f in text for f in forms[len(material.glossary) :])
    assert len(material.glossary) + len(material.candidates) >= 10_000


def test_dictionary_terms_are_jieba_words_new_to_the_glossary() -> None:
    import jieba

    material = corpus.load_material()
    entries = corpus.glossary_entries(material, 1000, corpus.DICTIONARY)
    forms = [e["term"] for e in entries]
    assert len(forms) == len(set(forms)) == 1000
    assert forms[: len(material.glossary)] == [e["term"] for e in material.glossary]
    known = jieba.Tokenizer()
    known.initialize()
    generated = forms[len(material.glossary) :]
    assert all(known.FREQ.get(f) for f in generated)
    text = "".join(material.sentences)
    assert sum(f in text for f in generated) < len(generated) // 10  # most occur nowhere in the article


def test_growth_reports_paired_ratios_and_extrapolates_from_the_measured_slope(tmp_path: Path) -> None:
    """`make bench-growth` on small sizes: the real article against plain mkdocs-material as paired
    ratios, a row per size, and the largest size's cost plus the slope to it times the articles to add."""
    from benchmarks import growth

    out = tmp_path / "BENCHMARKS.md"
    out.write_text("# Benchmarks\n\nfrom make bench\n", encoding="utf-8")
    assert growth.main(["--pairs", "1", "--sizes", "1,2", "--out", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    assert report.startswith("# Benchmarks\n\nfrom make bench\n\n" + growth.BEGIN)
    assert report.endswith(growth.END + "\n")
    assert re.search(r"^\| wall \| [\d.]+ s \| [\d.]+ s \| [\d.]+× \|", report, re.MULTILINE)
    rows = {int(m[1]): m for m in re.finditer(r"^\| (\d+) \| \d+ \| ([\d.]+) s \|", report, re.MULTILINE)}
    assert set(rows) == {1, 2}
    # the build script's wall time at 10,000 articles: its time at 2 plus 9,998 times the slope from 1 to 2
    at1, at2 = float(rows[1][2]), float(rows[2][2])
    m = re.search(r"^\| build script, wall \| 1 → 2 \| (-?[\d,.]+) ms \| (-?[\d,.]+) s", report, re.MULTILINE)
    assert m, report
    per, estimate = float(m[1].replace(",", "")) / 1000, float(m[2].replace(",", ""))
    assert abs(per - (at2 - at1)) < 0.011  # as printed: seconds to 0.01, milliseconds to 0.1
    # each printed figure is rounded: the slope to 0.1 ms (off by up to 0.05 ms, times 9,998), the time at
    # 2 to 0.01 s, and the estimate to 0.01 s below 100 s and to whole seconds above
    rounding = 0.00005 * 9998 + 0.005 + (0.5 if estimate >= 100 else 0.005)
    assert abs(estimate - (at2 + per * 9998)) <= rounding + 1e-9
