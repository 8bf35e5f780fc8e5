"""A synthetic project → cProfile of `mkdocs build`: the share of each part of MkDocs's work."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .downloads import html_pages
from .timing import log, run

PROFILED_SITE = 10  # mkdocs is profiled on the largest site size up to this many articles (cProfile is slow)
# Parts of `mkdocs build`, each the cumulative time of functions that never call one another:
# (label, file the function is in, function name; "on_*" for every event handler in that file)
MKDOCS_PARTS = (
    ("Markdown → HTML (Python-Markdown and its extensions)", "markdown/core.py", "convert"),
    ("theme templates (Jinja)", "jinja2/environment.py", "render"),
    ("search index (mkdocs-material's search plugin, jieba)", "material/plugins/search/plugin.py", "on_*"),
    ("this project's plugin (build_scripts/publish/)", "build_scripts/publish/plugin.py", "on_*"),
)
OTHER = "everything else (start-up, config, navigation, link checks, copying and writing files)"


@dataclass(frozen=True)
class Profile:
    articles: int
    pages: tuple[int, int]  # HTML pages: annotated, plain
    annotated: dict[str, float]  # part → share of the profiled run
    plain: dict[str, float]


def mkdocs_parts(prof: Path) -> dict[str, float]:
    """Share of each part of a profiled `mkdocs build` (cumulative times from cProfile)."""
    import pstats

    stats = pstats.Stats(str(prof))
    total = stats.total_tt  # type: ignore[attr-defined]
    table: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    shares: dict[str, float] = {}
    for label, path, name in MKDOCS_PARTS:
        cumulative = sum(
            v[3]
            for (file, _, func), v in table.items()
            if file.replace(os.sep, "/").endswith(path)
            and (func == name or (name == "on_*" and func.startswith("on_")))
        )
        shares[label] = cumulative / total if total else 0.0
    shares[OTHER] = max(0.0, 1.0 - sum(shares.values()))
    return shares


def bench_profile(work: Path, articles: int) -> Profile:
    """One cProfile run of `mkdocs build` of the annotated and of the plain site made by bench_site."""
    parts = []
    for name in ("site", "plain"):
        project = work / f"{name}-{articles}"
        prof = work / f"{name}-{articles}.prof"
        run([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build", "--strict"], project)
        parts.append(mkdocs_parts(prof))
        log(f"  mkdocs {name} {articles}: profiled")
    return Profile(
        articles,
        (len(html_pages(work / f"site-{articles}" / "site")), len(html_pages(work / f"plain-{articles}" / "site"))),
        parts[0],
        parts[1],
    )
