"""Search quality on both engines, in Chromium → BENCHMARKS.md: hit@1 and hit@3 of the project's query table.

`python -m benchmarks.search` (`make bench-search`, from the project's folder) runs the two browser
measurements the tests make, on the pinned copy of the article (tests/fixtures/search-site/), each
served over http and opened from disk as the offline copy:

    tests/browser/test_search_quality.py   MkDocs + mkdocs-material (publish/, theme patches)
    tests/zensical/test_zensical.py        Zensical (derived config, index rewrite, patched worker)

with the same queries (tests/fixtures/search_queries.yaml), then reads their reports
(test-output/search-quality.md, search-quality-zensical.md) and rewrites its own section of
BENCHMARKS.md, between BEGIN and END. A floor a test asserts does not stop the measurement: the
figures are written whether or not they pass.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from .sections import Section

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "BENCHMARKS.md"
OUTPUT = ROOT / "test-output"
BEGIN = "<!-- bench-search: begin (written by `python -m benchmarks.search`) -->"
END = "<!-- bench-search: end -->"
SECTION = Section(BEGIN, END)  # kept by `make bench`, rewritten by this command
# engine → (the test that measures it, its report under test-output/)
ENGINES = {
    "MkDocs": ("tests/browser/test_search_quality.py", "search-quality.md"),
    "Zensical": ("tests/zensical/test_zensical.py", "search-quality-zensical.md"),
}
_WAY = re.compile(r"^\| (http|file) \| ([\d.]+)% \| ([\d.]+)% \|", re.M)
_KIND = re.compile(r"^\| ([a-z-]+) \| (\d+) \| (\d+/\d+) \| (\d+/\d+) \| (\d+/\d+) \| (\d+/\d+) \|", re.M)


@dataclass(frozen=True)
class Figures:
    ways: dict[str, tuple[float, float]]  # http/file → (hit@1, hit@3), percent
    kinds: dict[str, tuple[str, str]]  # kind → (hit@1, hit@3) over http, as `n/m`


def read_report(text: str) -> Figures:
    """A search-quality report (tests/support/search.py, report) → its totals and kinds."""
    ways = {m[1]: (float(m[2]), float(m[3])) for m in _WAY.finditer(text)}
    kinds = {m[1]: (m[3], m[4]) for m in _KIND.finditer(text)}
    if set(ways) != {"http", "file"} or not kinds:
        raise ValueError("not a search-quality report: no http and file totals, or no kinds")
    return Figures(ways, kinds)


def section(figures: dict[str, Figures], when: str) -> str:
    """The Markdown of this command's section of BENCHMARKS.md."""
    mk, zen = figures["MkDocs"], figures["Zensical"]
    lines = [
        BEGIN,
        "## Search quality: MkDocs and Zensical",
        "",
        f"`make bench-search`, {when}: the {sum(int(n.split('/')[1]) for n, _ in mk.kinds.values())} answerable"
        " queries of",
        "`tests/fixtures/search_queries.yaml` typed into each engine's search box in Chromium, on the pinned",
        "article (`tests/fixtures/search-site/`), over http and from the offline copy (file://); the first",
        "result (hit@1) or the first three (hit@3) hold the expected page.",
        "",
        "| engine | http hit@1 | http hit@3 | file:// hit@1 | file:// hit@3 |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for engine, f in figures.items():
        label = f"{engine} {version('mkdocs-material' if engine == 'MkDocs' else 'zensical')}"
        lines.append(
            f"| {label} | {f.ways['http'][0]:.1f}% | {f.ways['http'][1]:.1f}% "
            f"| {f.ways['file'][0]:.1f}% | {f.ways['file'][1]:.1f}% |"
        )
    gap = [round(zen.ways["http"][k] - mk.ways["http"][k], 1) + 0.0 for k in (0, 1)]  # + 0.0: no "-0.0"
    lines += [
        "",
        f"Zensical against MkDocs (http): hit@1 {gap[0]:+.1f} points, hit@3 {gap[1]:+.1f} points.",
        "",
        "| kind | MkDocs hit@1 | MkDocs hit@3 | Zensical hit@1 | Zensical hit@3 |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, (one, three) in mk.kinds.items():
        z1, z3 = zen.kinds.get(kind, ("", ""))
        lines.append(f"| {kind} | {one} | {three} | {z1} | {z3} |")
    lines.append(END)
    return "\n".join(lines) + "\n"


def measure() -> dict[str, Figures]:
    """Run both measurements (pytest, the hit-rate tests only); the figures of their fresh reports."""
    started = time.time()
    figures: dict[str, Figures] = {}
    for engine, (test, report) in ENGINES.items():
        print(f"{engine}: {test} in Chromium …", file=sys.stderr, flush=True)
        command = [sys.executable, "-m", "pytest", test, "-q", "-p", "no:xdist", "-p", "no:cacheprovider"]
        subprocess.run([*command, "-k", "hit_rates"], cwd=ROOT, check=False)
        path = OUTPUT / report
        if not path.is_file() or path.stat().st_mtime < started:
            raise SystemExit(f"bench-search: {test} wrote no {path}; run it alone to see why")
        figures[engine] = read_report(path.read_text(encoding="utf-8"))
    return figures


def main() -> int:
    figures = measure()
    when = time.strftime("%Y-%m-%d", time.gmtime())
    text = REPORT.read_text(encoding="utf-8") if REPORT.is_file() else ""
    REPORT.write_text(SECTION.replaced(text, section(figures, when)), encoding="utf-8")
    print(f"bench-search: wrote its section of {REPORT.name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
