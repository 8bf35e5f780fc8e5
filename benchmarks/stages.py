"""A project → the time of each stage of its build, run one after another in this process (JSON on stdout).

`python -m benchmarks.stages PROJECT`, run in PROJECT so that its own copy of build_scripts is the one
timed. The stages follow build_scripts.build.build(): a change to its stages is mirrored here.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from pathlib import Path

START_UP = "Python start-up, imports (rjieba loads jieba's dictionary)"  # names of stages the report refers to
MATCHING = "segmenter, automaton and matching (matcher.py, segment.py; several processes for a large corpus)"
EXIT = "interpreter exit"
TWICE = "the glossary's YAML parsed a second time"  # by the stage table only; left out of it
LAUNCHED = "BENCH_LAUNCHED"  # environment: when the stage-timing process was started (time.time())


def stage_times(root: Path) -> dict[str, float]:
    """build()'s stages one after another in this process, in its order, with each one timed."""
    from build_scripts.build import gc_paused

    with gc_paused():  # as build() runs them
        return _stage_times(root)


def _stage_times(root: Path) -> dict[str, float]:
    from build_scripts import yamlpos
    from build_scripts.build import match_all, nav, read_article, user_dict
    from build_scripts.glossary import load_glossary
    from build_scripts.parallel import fork_map, jobs_for
    from build_scripts.render import layout, make_site
    from build_scripts.textio import read_text
    from build_scripts.write import Placed, Writer, plan

    times: dict[str, float] = {}
    if launched := os.environ.get(LAUNCHED):
        times[START_UP] = time.time() - float(launched)
    mark = time.perf_counter()

    def done(stage: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        times[stage] = now - mark
        mark = now

    paths = sorted((root / "source" / "articles").glob("*.md"))
    jobs = jobs_for(sum(p.stat().st_size for p in paths) // 3)
    read = fork_map(functools.partial(read_article, root), paths, jobs)
    articles = [a for a, _ in read if a is not None]
    done("read editions, fidelity check (edition.py; several processes for a large corpus)")
    gpath = root / "source" / "glossary.yaml"
    yamlpos.load(read_text(gpath)[0], "glossary")
    done("glossary YAML parse (yamlpos.py)")
    terms, _ = load_glossary(gpath, root)  # parses the YAML again: that second parse is left out below
    done("glossary validation + pinyin (glossary.py)")
    times["glossary validation + pinyin (glossary.py)"] -= times["glossary YAML parse (yamlpos.py)"]
    times[TWICE] = times["glossary YAML parse (yamlpos.py)"]
    jobs = jobs_for(sum(len(p.text) for a in articles for s in a.sections for p in s.paragraphs))
    matches = match_all(articles, terms, jobs)
    done(MATCHING)
    extra = [nav(articles, bool(terms)), user_dict(terms)]
    slots: list[Placed] = [*layout(articles, terms, matches), *extra]
    plan(slots, root / "docs")
    done("layout + plan (render.py, write.py)")
    writer = Writer(root / "docs", planned=[s.path for s in slots])
    writer.finish(make_site(articles, terms, matches, writer.put, jobs=jobs) + writer.put(extra))
    done("render + write (render.py, templates, write.py; each process writes the pages it renders)")
    return times


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.exit("usage: python -m benchmarks.stages PROJECT")
    print(json.dumps(stage_times(Path(args[0]).resolve())))
    from build_scripts.__main__ import hard_exit

    hard_exit(0)  # as `python -m build_scripts build` ends


if __name__ == "__main__":
    main()
