"""The cost of the edition, measured side by side: the real article against plain mkdocs-material, and
how a site grows from 1 to 1,000 articles, extrapolated to 10,000 → a section of BENCHMARKS.md.

`python -m benchmarks.growth` (`make bench-growth`). Two parts:

- the real article (source/, in a copy of this project): `python -m build_scripts site` (what `make site`
  runs) against `mkdocs build --strict` of the same article as plain Markdown pages under plain
  mkdocs-material (benchmarks/corpus.py's plain layout: an index and one page per section), in
  alternating pairs; each pair's ratio, then the median of the ratios, in wall and in CPU time (user +
  system of every process), so that a machine whose load drifts weighs on both builds of a pair alike;
- growth: the synthetic corpus (benchmarks/corpus.py) of 1, 10, 100 and 1,000 articles with the real
  glossary, the build script alone and `make site`, each from a fresh docs/: wall and CPU time, peak
  memory (the largest resident set of any of its processes, from os.wait4), what it writes (docs/'s
  generated pages, site/); then 10,000 articles extrapolated from the slope measured between the two
  largest sizes (cost per added article), the way a larger site would grow if nothing changes its
  course (an estimate, not a measurement: see the section it writes).

The section is kept when `make bench` rewrites the rest of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.support.paths import ROOT
from tests.support.projects import make_project

from .builds import built, generated_bytes, script, whole
from .corpus import SynthArticle, load_material, make_plain_project, synth_articles
from .corpus import make_project as make_corpus
from .sections import Section
from .timing import Sample, log, run, stop_launcher

BEGIN = "<!-- bench-growth: begin (written by `make bench-growth`) -->"
END = "<!-- bench-growth: end -->"
SECTION = Section(BEGIN, END)  # kept by `make bench`, rewritten by this command
SIZES = (1, 10, 100, 1000)
TARGET = 10_000  # articles: the size extrapolated to
PAIRS = 7  # pairs of builds of the real article


@dataclass(frozen=True)
class Pairs:
    site: tuple[Sample, ...]  # `python -m build_scripts site`, the real article
    plain: tuple[Sample, ...]  # plain mkdocs-material, the same article

    def ratios(self, field: str) -> list[float]:
        return [getattr(a, field) / getattr(b, field) for a, b in zip(self.site, self.plain, strict=True)]


@dataclass(frozen=True)
class Size:
    articles: int
    script: Sample
    site: Sample | None  # None: `make site` not measured at this size (--site-max)
    pages: int
    docs_bytes: int
    site_bytes: int
    site_files: int


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def real_plain(dest: Path) -> Path:
    """The real article as plain Markdown pages under plain mkdocs-material: an index and one page per section."""
    from build_scripts.pipeline.build import edition_file

    source = ROOT / "source" / "articles"
    articles = []
    for path in sorted(p for p in source.glob("*.md") if "." not in p.stem):
        a, _ = edition_file(path, ROOT)
        sections = tuple((s.id, s.title, tuple(tuple(p.sentences) for p in s.paragraphs)) for s in a.sections)
        articles.append(SynthArticle(a.slug, a.title, sections))
    return make_plain_project(dest, articles)


def measure_pairs(work: Path, pairs: int) -> Pairs:
    edition, plain = make_project(work / "real"), real_plain(work / "real-plain")
    site: list[Sample] = []
    base: list[Sample] = []
    for i in range(pairs):
        # alternating which goes first, so that neither always runs on a machine the other warmed
        for which in ("site", "plain") if i % 2 == 0 else ("plain", "site"):
            if which == "site":
                site.append(whole(edition))
            else:
                base.append(run([sys.executable, "-m", "mkdocs", "build", "--strict"], plain))
        log(f"  real article, pair {i + 1}/{pairs}: site {site[-1].wall:.2f} s, plain {base[-1].wall:.2f} s")
    return Pairs(tuple(site), tuple(base))


def measure_size(work: Path, articles: int, site: bool = True) -> Size:
    material = load_material()
    project = make_corpus(
        work / f"growth-{articles}", material, synth_articles(material, articles), len(material.glossary)
    )
    alone = script(project)
    pages, _ = built(alone)
    docs_bytes = generated_bytes(project / "docs")
    log(f"  {articles} article(s): build script {alone.wall:.2f} s, {alone.rss_mb:.0f} MB")
    if not site:
        return Size(articles, alone, None, pages, docs_bytes, 0, 0)
    both = whole(project)
    site_bytes, site_files = folder_size(project / "site")
    log(f"  {articles} article(s): site {both.wall:.2f} s, {both.rss_mb:.0f} MB")
    return Size(articles, alone, both, pages, docs_bytes, site_bytes, site_files)


def slope(sizes: Sequence[Size], value: str) -> tuple[Size, Size, float, float] | None:
    """(the two largest sizes at which `value` was measured, the value at the larger, its growth per
    added article from the smaller); None when it was measured at fewer than two sizes."""
    measured = [s for s in sizes if s.site is not None or not value.startswith("site")]
    if len(measured) < 2:
        return None
    a, b = measured[-2], measured[-1]
    va, vb = _value(a, value), _value(b, value)
    return a, b, vb, (vb - va) / (b.articles - a.articles)


def _value(s: Size, value: str) -> float:
    if s.site is None:
        return _script_value(s, value)
    return {
        "script wall": s.script.wall,
        "script cpu": s.script.cpu,
        "script rss": s.script.rss_mb,
        "site wall": s.site.wall,
        "site cpu": s.site.cpu,
        "site rss": s.site.rss_mb,
        "docs": s.docs_bytes / 1e6,
        "site": s.site_bytes / 1e6,
    }[value]


def _script_value(s: Size, value: str) -> float:
    return {
        "script wall": s.script.wall,
        "script cpu": s.script.cpu,
        "script rss": s.script.rss_mb,
        "docs": s.docs_bytes / 1e6,
    }[value]


def _mb(n: float) -> str:
    return f"{n:,.1f} MB"


def _s(n: float) -> str:
    return f"{n:,.2f} s" if n < 100 else f"{n:,.0f} s ({n / 60:.1f} min)"


def section(pairs: Pairs | None, sizes: list[Size], load: tuple[float, float], minutes: float) -> str:
    out = [
        BEGIN,
        "## Side by side: the real article against plain mkdocs-material, and growth to 10,000 articles",
        "",
        "Measured by `make bench-growth` (`python -m benchmarks.growth`; `make bench` keeps this section as it",
        f"is), in {minutes:.1f} min, load average (1 min) {load[0]:.2f} at the start and {load[1]:.2f} at the end on",
        f"{os.cpu_count()} CPUs. **Measured on a shared machine** when the load is above the CPU count: other",
        "processes took CPU time from these builds, wall times are long and CPU times grow too; the ratios of",
        "the pairs hold better than either time. A run on a quiet machine gives the figures to quote.",
        "",
    ]
    if pairs is not None:
        wall, cpu = pairs.ratios("wall"), pairs.ratios("cpu")
        out += [
            "### The real article: `make site` against plain mkdocs-material",
            "",
            "`python -m build_scripts site` (the build script and `mkdocs build --strict`, as `make site`) and",
            "`mkdocs build --strict` of the same article as plain pages under plain mkdocs-material (an index",
            f"and one page per section, the theme's default search), in {len(wall)} alternating pairs; the",
            "median of each pair's ratio.",
            "",
            "| | `make site` (median) | plain mkdocs-material (median) | ratio, median of the pairs "
            "| ratios, min–max |",
            "| --- | ---: | ---: | ---: | ---: |",
            f"| wall | {_s(statistics.median(s.wall for s in pairs.site))} "
            f"| {_s(statistics.median(s.wall for s in pairs.plain))} "
            f"| {statistics.median(wall):.2f}× | {min(wall):.2f}–{max(wall):.2f}× |",
            f"| CPU | {_s(statistics.median(s.cpu for s in pairs.site))} "
            f"| {_s(statistics.median(s.cpu for s in pairs.plain))} "
            f"| {statistics.median(cpu):.2f}× | {min(cpu):.2f}–{max(cpu):.2f}× |",
            "",
        ]
    if sizes:
        out += [
            "### Growth: 1 to 1,000 articles, and 10,000 extrapolated",
            "",
            "The synthetic corpus with the real glossary, one run of each build at each size, each from a",
            "fresh docs/: the build script alone (`python -m build_scripts build`) and the whole site",
            "(`python -m build_scripts site`, as `make site`). Memory: the peak resident set of the largest",
            "of a command's processes. Written: docs/'s generated pages; the site: every file of site/.",
            "",
            "| articles | pages | build script: wall | CPU | memory | docs/ written "
            "| `make site`: wall | CPU | memory | site/ |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for s in sizes:
            site = (
                f"{_s(s.site.wall)} | {_s(s.site.cpu)} | {_mb(s.site.rss_mb)} "
                f"| {_mb(s.site_bytes / 1e6)} ({s.site_files:,} files)"
                if s.site is not None
                else "not measured | | |"
            )
            out.append(
                f"| {s.articles:,} | {s.pages:,} | {_s(s.script.wall)} | {_s(s.script.cpu)} | {_mb(s.script.rss_mb)} "
                f"| {_mb(s.docs_bytes / 1e6)} | {site} |"
            )
        if len(sizes) >= 2:
            rows = []
            for label, key, unit in (
                ("build script, wall", "script wall", "s"),
                ("build script, CPU", "script cpu", "s"),
                ("build script, memory", "script rss", "MB"),
                ("docs/ written", "docs", "MB"),
                ("`make site`, wall", "site wall", "s"),
                ("`make site`, CPU", "site cpu", "s"),
                ("`make site`, memory", "site rss", "MB"),
                ("site/", "site", "MB"),
            ):
                found = slope(sizes, key)
                if found is None:
                    continue
                a, b, at, per = found
                extra = at + per * (TARGET - b.articles)
                shown = _s(extra) if unit == "s" else _mb(extra)
                per_shown = f"{per * 1000:,.1f} ms" if unit == "s" else f"{per * 1000:,.1f} KB"
                rows.append(f"| {label} | {a.articles:,} → {b.articles:,} | {per_shown} | {shown} |")
            out += [
                "",
                *shape(sizes),
                "",
                f"Extrapolated to {TARGET:,} articles from the slope between the two largest sizes measured"
                " (what each added article cost there), not measured:",
                "",
                f"| | slope between | per added article | {TARGET:,} articles (estimate) |",
                "| --- | ---: | ---: | ---: |",
                *rows,
                "",
                "Memory grows with what a build holds at once (every article and match, then every page"
                " MkDocs renders), so its slope is the least certain of these; MkDocs's share of the time"
                " grows with the pages it renders, one after another in one process.",
            ]
    out.append(END)
    return "\n".join(out) + "\n"


def shape(sizes: Sequence[Size]) -> list[str]:
    """Whether the site's output per page grows with the number of articles (then a linear slope
    underestimates a larger site): bytes of site/ per page at each size measured."""
    measured = [s for s in sizes if s.site is not None and s.site_files]
    if len(measured) < 2:
        return []
    per = [(s.articles, s.site_bytes / s.site_files) for s in measured]
    shown = ", ".join(f"{kb / 1000:,.0f} KB at {n:,} article(s)" for n, kb in per)
    first, last = per[0][1], per[-1][1]
    if last > 1.5 * first:
        verdict = (
            "it grows with the number of articles (every page carries the navigation of the whole site), so"
            " site/ and MkDocs's time grow faster than linearly and the estimates below from a linear slope"
            " are floors, not forecasts"
        )
    else:
        verdict = "it stays about the same, so site/ grows about linearly with the number of articles"
    return [f"A page of site/ weighs on average {shown}: {verdict}."]


def _counts(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.growth", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pairs", type=int, default=PAIRS, help=f"pairs of builds of the real article (default {PAIRS}; 0: none)"
    )
    parser.add_argument(
        "--sizes", type=_counts, default=SIZES, help="article counts (default 1,10,100,1000; empty: none)"
    )
    parser.add_argument(
        "--site-max",
        type=int,
        default=max(SIZES),
        help="`make site` only up to this many articles (default: every size; the build script at every size)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md", help="the report (default BENCHMARKS.md)")
    args = parser.parse_args(argv)
    started, load = time.monotonic(), os.getloadavg()[0]
    try:
        with tempfile.TemporaryDirectory(prefix="bench-growth-") as tmp:
            work = Path(tmp)
            pairs = measure_pairs(work, args.pairs) if args.pairs else None
            sizes = [measure_size(work, n, n <= args.site_max) for n in args.sizes]
    finally:
        stop_launcher()
    text = section(pairs, sizes, (load, os.getloadavg()[0]), (time.monotonic() - started) / 60)
    old = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    args.out.write_text(SECTION.replaced(old, text), encoding="utf-8")
    print(f"wrote the growth section of {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
