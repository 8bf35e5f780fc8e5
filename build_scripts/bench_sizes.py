"""The project and the plain theme on one article → what a reader gets, in bytes → BENCHMARKS.md's size section.

Two builds in a temporary folder: the project's offline copy (`make offline`: the build script, MkDocs with
OFFLINE=true, the reproducible zip), and the same article as plain Markdown pages under plain
mkdocs-material with its default search (bench.make_plain_project, the page layout `make bench` compares
against). The section is kept when `make bench` rewrites the rest of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .bench import ROOT, load_material, make_plain_project, synth_articles, text_bytes
from .offline import zip_dir

BEGIN = "<!-- sizes: begin (written by `make bench-sizes`) -->"
END = "<!-- sizes: end -->"


@dataclass(frozen=True)
class Sizes:
    zip: int
    unzipped: int
    files: int
    index: int
    index_parts: dict[str, int]  # first path segment of an entry's location -> bytes of its entries


def measure(site: Path, dest_zip: Path) -> Sizes:
    zip_dir(site, dest_zip, "site")
    files = [p for p in site.rglob("*") if p.is_file()]
    index_path = site / "search" / "search_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    parts: dict[str, int] = {}
    for doc in index["docs"]:
        part = doc["location"].partition("#")[0].partition("/")[0]
        parts[part] = parts.get(part, 0) + len(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode())
    return Sizes(
        dest_zip.stat().st_size, sum(p.stat().st_size for p in files), len(files), index_path.stat().st_size, parts
    )


def _run(args: list[str], cwd: Path, **env: str) -> None:
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), **env}
    proc = subprocess.run(args, cwd=cwd, env=environ, capture_output=True, text=True, check=False)
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr[-2000:]}")


def build_both(work: Path) -> tuple[Sizes, Sizes, int]:
    """(the project's offline copy, the plain theme's site, the article's text bytes)."""
    project = work / "project"
    project.mkdir()
    for name in ("source", "build_scripts", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("stylesheets", "assets"):
        shutil.copytree(ROOT / "docs" / name, project / "docs" / name)
    _run([sys.executable, "-m", "build_scripts", "site", "--site-dir", "dist/offline"], project, OFFLINE="true")
    ours = measure(project / "dist" / "offline", work / "ours.zip")
    articles = synth_articles(load_material(), 1)
    plain = make_plain_project(work / "plain", articles)
    _run([sys.executable, "-m", "mkdocs", "build", "-q"], plain)
    return ours, measure(plain / "site", work / "plain.zip"), text_bytes(articles)


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KB"


def section(ours: Sizes, plain: Sizes, text: int) -> str:
    parts = ", ".join(f"`{k}` {_kb(v)}" for k, v in sorted(ours.index_parts.items(), key=lambda kv: -kv[1]))
    plain_parts = ", ".join(f"`{k}` {_kb(v)}" for k, v in sorted(plain.index_parts.items(), key=lambda kv: -kv[1]))
    return "\n".join(
        [
            BEGIN,
            "## The offline copy and the search index",
            "",
            "Today's article (source/): the offline copy as `make offline` makes it, against the same article as "
            "plain Markdown pages under plain mkdocs-material (the layout `make bench` compares against; its site "
            "zipped the same way). `make bench-sizes` rewrites this section.",
            "",
            "| site | zip | unzipped | files | search index | index / text |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            f"| this project (offline copy) | {_kb(ours.zip)} | {_kb(ours.unzipped)} | {ours.files} "
            f"| {_kb(ours.index)} | {ours.index / text:.1f}× |",
            f"| plain mkdocs-material | {_kb(plain.zip)} | {_kb(plain.unzipped)} | {plain.files} "
            f"| {_kb(plain.index)} | {plain.index / text:.1f}× |",
            "",
            f"The index's entries by page, as UTF-8 JSON: {parts}, plus its configuration (the query table: "
            f"Traditional characters, other names); plain: {plain_parts}. The plain theme writes its index with "
            "`\\uXXXX` escapes, which is why its file is about twice its entries. The article's own entries are "
            "what the plain theme indexes (here split into paragraphs, with English titles, datelines and the "
            "hidden sub-words); the glossary's definitions, Chinese and English, are text the plain site does "
            "not have.",
            END,
        ]
    )


def with_sizes(report: str, kept: str) -> str:
    """`report` with the size section of `kept` (a BENCHMARKS.md) at its end, if it has one."""
    start, end = kept.find(BEGIN), kept.find(END)
    if start < 0 or end < 0:
        return report
    return report.rstrip("\n") + "\n\n" + kept[start : end + len(END)] + "\n"


def replace_section(text: str, new: str) -> str:
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < 0:
        return text.rstrip("\n") + "\n\n" + new + "\n"
    return text[:start] + new + text[end + len(END) :]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts.bench_sizes", description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md", help="the report (default BENCHMARKS.md)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        ours, plain, text = build_both(Path(work))
    new = section(ours, plain, text)
    old = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    args.out.write_text(replace_section(old, new), encoding="utf-8")
    print(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
