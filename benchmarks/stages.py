"""A project → the time of each stage of its build, run one after another in this process (JSON on stdout).

`python -m benchmarks.stages PROJECT`, run in PROJECT so that its own copy of build_scripts is the one
timed. The stages follow build_scripts.pipeline.build.build(): a change to its stages is mirrored here.
"""

from __future__ import annotations

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
    from build_scripts.pipeline.build import gc_paused

    with gc_paused():  # as build() runs them
        return _stage_times(root)


def _stage_times(root: Path) -> dict[str, float]:
    from build_scripts.pages.render import layout
    from build_scripts.pipeline.build import STAGES, Run, Stage, State, run_stages
    from build_scripts.pipeline.write import Placed, Writer, plan
    from build_scripts.read.sources import read_sources

    times: dict[str, float] = {}
    if launched := os.environ.get(LAUNCHED):
        times[START_UP] = time.time() - float(launched)
    mark = time.perf_counter()

    def done(stage: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        times[stage] = now - mark
        mark = now

    sources = read_sources(root)
    done("read source/ (sources.py)")

    def timed(stage: Stage) -> None:
        done(MATCHING if stage.name.startswith("match") else stage.name)

    state = run_stages(State(sources), STAGES[:-1], Run(), timed)
    slots: list[Placed] = [*layout(list(state.articles), list(state.terms), dict(state.matches)), *state.extra]
    plan(slots, root / "docs")
    done("layout + plan (render.py, write.py)")
    writer = Writer(root / "docs", planned=[s.path for s in slots])
    state = run_stages(state, STAGES[-1:], Run(put=writer.put), timed)
    writer.finish(list(state.kept))
    done("write: the manifest (write.py)")
    times[TWICE] = 0.0
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
