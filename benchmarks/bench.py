"""Real article + glossary → synthetic projects built and timed (build script, mkdocs, plain mkdocs) → BENCHMARKS.md.

`python -m benchmarks.bench` (`make bench`): the corpus (corpus.py), the builds timed (builds.py, timing.py),
the build script's stages (stages.py), MkDocs profiled (mkdocs_profile.py), what a reader downloads
(downloads.py), and the report (report.py, BENCHMARKS.md.j2).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support.paths import ROOT

from .builds import (
    SCRIPT_ARTICLES,
    SCRIPT_TERMS,
    SITE_ARTICLES,
    Results,
    bench_edit,
    bench_script,
    bench_site,
    bench_stages,
    script,
)
from .corpus import DICTIONARY, TRASH, discard, load_material, make_project, synth_articles
from .mkdocs_profile import PROFILED_SITE, bench_profile
from .report import _n, report
from .timing import file_cost, log, machine, run, stop_launcher


def _counts(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(v.replace("_", "")) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated counts, e.g. 1,10,100; got {text!r}") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("counts must be at least 1")
    return values


@dataclass(frozen=True)
class Sizes:
    """What one run measures."""

    articles: tuple[int, ...]  # for the build script alone, each with each glossary size
    terms: tuple[int, ...]
    sites: tuple[int, ...]  # for mkdocs, annotated and plain
    runs: int | None  # runs of every measurement; None: by size (script_runs, site_runs)


def measure(sizes: Sizes, workdir: Path | None) -> Results:
    started, load = time.perf_counter(), os.getloadavg()[0]
    material = load_material()
    if max(sizes.terms) > len(material.glossary) + len(material.candidates):
        raise SystemExit(f"at most {len(material.glossary) + len(material.candidates):,} terms can be made")
    results = Results(
        {**machine(), "real glossary": str(len(material.glossary))},
        [
            "python -m build_scripts build                  # the build script alone, from a fresh docs/",
            "mkdocs build --strict                          # the annotated site, after the build script",
            "python -m build_scripts site                   # both in one command (make site), from a fresh docs/",
            "mkdocs build --strict                          # the plain site (its own mkdocs.yml)",
            "python -m benchmarks.stages .                 # the build script's stages, timed in-process",
            "python -m cProfile -o … -m mkdocs build --strict   # where MkDocs's time goes",
        ],
    )
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = workdir.resolve() if workdir else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        log(f"benchmark projects in {work}")
        results.machine["work folder"] = f"`{work}`: creating a file there takes {file_cost(work) * 1000:.2f} ms"
        warm = make_project(work / "warm-up", material, synth_articles(material, 1), 50)
        script(warm)  # caches and bytecode exist before anything is timed
        discard(warm)
        for a in sizes.articles:
            for t in sizes.terms:
                results.scripts.append(bench_script(work, material, a, t, sizes.runs))
        for a in sizes.articles:  # the largest glossary again, its generated terms from jieba's dictionary
            results.dictionary.append(bench_script(work, material, a, max(sizes.terms), sizes.runs, DICTIONARY))
        profiled = max(a for a in sizes.sites if a <= PROFILED_SITE) if min(sizes.sites) <= PROFILED_SITE else None
        for a in sizes.sites:
            results.sites.append(bench_site(work, material, a, len(material.glossary), sizes.runs))
            if a == profiled:
                results.profile = bench_profile(work, a)
        results.edit = bench_edit(work, material, max(sizes.sites), len(material.glossary))
        smallest, largest = (min(sizes.articles), min(sizes.terms)), (max(sizes.articles), max(sizes.terms))
        for a, t in dict.fromkeys([smallest, (largest[0], smallest[1]), largest]):
            results.stages[f"{_n(a)} × {_n(t)}"] = bench_stages(work, material, a, t)
        a, t = max(sizes.articles), max(sizes.terms)
        results.stages[f"{_n(a)} × {_n(t)} ({DICTIONARY})"] = bench_stages(work, material, a, t, DICTIONARY)
        shutil.rmtree(work / TRASH, ignore_errors=True)
    results.duration = time.perf_counter() - started
    results.load = (load, os.getloadavg()[0])
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench",
        description="Build synthetic projects made from the real article and time the build script, "
        "mkdocs, and mkdocs of plain pages; write the report (BENCHMARKS.md).",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 article, 50 terms, one run of each")
    parser.add_argument("--articles", type=_counts, help="article counts for the build script (default 1,10,100,1000)")
    parser.add_argument("--terms", type=_counts, help="glossary sizes for the build script (default 50,1000,10000)")
    parser.add_argument("--site-articles", type=_counts, help="article counts for mkdocs (default 1,10,100)")
    parser.add_argument("--runs", type=int, help="runs of every measurement (default: 3; MkDocs up to 10 articles: 5)")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md", help="the report (default BENCHMARKS.md)")
    parser.add_argument("--workdir", type=Path, help="keep the generated projects here (default: a temporary folder)")
    args = parser.parse_args(argv)
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    quick = args.quick
    sizes = Sizes(
        args.articles or ((1,) if quick else SCRIPT_ARTICLES),
        args.terms or ((50,) if quick else SCRIPT_TERMS),
        args.site_articles or ((1,) if quick else SITE_ARTICLES),
        args.runs or (1 if quick else None),
    )
    run([sys.executable, "-c", "pass"], Path.cwd())  # the launcher starts while this process is small
    try:
        results = measure(sizes, args.workdir)
    finally:
        stop_launcher()
    from . import engines, growth, preview, search  # sections other commands write (make bench-preview, …): kept
    from . import sizes as size_section

    kept = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    text = report(results)
    for section in (preview.SECTION, size_section.SECTION, engines.SECTION, search.SECTION, growth.SECTION):
        text = section.kept(text, kept)
    args.out.write_text(text, encoding="utf-8")
    log(f"wrote {args.out} ({results.duration / 60:.1f} min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
