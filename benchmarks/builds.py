"""Synthetic projects → timed builds: the build script alone, the whole site against plain pages, an edit."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.paths import ROOT
from tests.support.projects import HAND_WRITTEN_DOCS

from .corpus import TEXT, Material, discard, make_plain_project, make_project, reset_docs, synth_articles, text_bytes
from .downloads import Reader, html_pages, reader_figures
from .mkdocs_profile import Profile
from .stages import EXIT, LAUNCHED, TWICE
from .timing import BenchError, Sample, Timing, interleaved, log, repeat, run

# Built with the default sizes: the grid of the issue. Run counts: 3 up to 100 articles, fewer above.
SCRIPT_ARTICLES = (1, 10, 100, 1000)
SCRIPT_TERMS = (50, 1000, 10000)
SITE_ARTICLES = (1, 10, 100)
BUILT = re.compile(r"built (\d+) pages: (\d+) written, (\d+) unchanged, (\d+) deleted")
UNUSED = "is found nowhere in the articles"


def script(project: Path, fresh: bool = True) -> Sample:
    """`python -m build_scripts build` in the project; from a docs/ with only hand-written files if `fresh`."""
    if fresh:
        reset_docs(project)
    return run([sys.executable, "-m", "build_scripts", "build"], project)


def mkdocs(project: Path) -> Sample:
    return run([sys.executable, "-m", "mkdocs", "build", "--strict"], project)


def whole(project: Path) -> Sample:
    """`python -m build_scripts site` (what `make site` runs): both steps in one command, from a fresh docs/."""
    reset_docs(project)
    return run([sys.executable, "-m", "build_scripts", "site"], project)


def built(sample: Sample) -> tuple[int, int]:
    """(pages, written) from the build script's last line."""
    m = BUILT.search(sample.stderr)
    if not m:
        raise BenchError(f"no build report in:\n{sample.stderr[-2000:]}")
    return int(m.group(1)), int(m.group(2))


# --- the measurements --------------------------------------------------------------------------


@dataclass(frozen=True)
class ScriptResult:
    articles: int
    terms: int
    text_bytes: int
    pages: int
    used: int  # terms found in the articles
    timing: Timing
    kind: str = TEXT  # of the generated terms
    output: int = 0  # bytes of the pages the build wrote


@dataclass(frozen=True)
class SiteResult:
    articles: int
    terms: int
    text_bytes: int
    script: Timing
    mkdocs: Timing
    whole: Timing  # `python -m build_scripts site`: the build script and mkdocs in one command
    plain: Timing
    pages: int  # HTML pages of the annotated site
    plain_pages: int
    reader: Reader
    plain_reader: Reader


@dataclass(frozen=True)
class EditResult:
    articles: int
    terms: int
    edited: str  # what was changed, for the report
    noop: Sample
    noop_written: int
    edit: Sample
    written: int  # as the build script reports
    changed: tuple[str, ...]  # files under docs/ whose bytes changed (the manifest left out)
    expected: tuple[
        str, ...
    ]  # pages that show the edited spot: its section; the glossary and pages of every use quoting it


@dataclass
class Results:
    machine: dict[str, str]
    commands: list[str]
    scripts: list[ScriptResult] = field(default_factory=list)  # generated terms from the text
    dictionary: list[ScriptResult] = field(default_factory=list)  # generated terms from jieba's dictionary
    sites: list[SiteResult] = field(default_factory=list)
    edit: EditResult | None = None
    stages: dict[str, dict[str, float]] = field(default_factory=dict)  # "articles × terms" → stage → s
    profile: Profile | None = None
    duration: float = 0.0
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average at the start and at the end


def script_runs(articles: int) -> int:
    return 3  # a median of three at every size, the largest included


def site_runs(articles: int) -> int:
    return 5 if articles <= 10 else 3


def bench_script(
    work: Path, material: Material, articles: int, terms: int, runs: int | None, kind: str = TEXT
) -> ScriptResult:
    arts = synth_articles(material, articles)
    project = make_project(work / f"script-{articles}x{terms}-{kind}", material, arts, terms, kind)
    label = f"build script {articles} × {terms} ({kind})"
    timing = repeat(runs or script_runs(articles), lambda: script(project), label)
    pages, _ = built(timing.samples[-1])
    used = terms - timing.samples[-1].stderr.count(UNUSED)
    output = generated_bytes(project / "docs")
    discard(project)
    return ScriptResult(articles, terms, text_bytes(arts), pages, used, timing, kind, output)


def generated_bytes(docs: Path) -> int:
    """Bytes of the files the build script wrote in `docs` (the hand-written folders left out)."""
    return sum(
        p.stat().st_size
        for p in docs.rglob("*")
        if p.is_file() and p.relative_to(docs).parts[0] not in HAND_WRITTEN_DOCS
    )


def bench_site(work: Path, material: Material, articles: int, terms: int, runs: int | None) -> SiteResult:
    arts = synth_articles(material, articles)
    project = make_project(work / f"site-{articles}", material, arts, terms)
    plain = make_plain_project(work / f"plain-{articles}", arts)
    n = runs or site_runs(articles)
    script_t, mkdocs_t, whole_t, plain_t = interleaved(
        n,
        {
            f"build script {articles} × {terms} (site)": lambda: script(project),
            f"mkdocs annotated {articles}": lambda: mkdocs(project),
            f"build script + mkdocs in one command {articles}": lambda: whole(project),
            f"mkdocs plain {articles}": lambda: mkdocs(plain),
        },
    )
    size = text_bytes(arts)
    return SiteResult(
        articles,
        terms,
        size,
        script_t,
        mkdocs_t,
        whole_t,
        plain_t,
        len(html_pages(project / "site")),
        len(html_pages(plain / "site")),
        reader_figures(project / "site"),
        reader_figures(plain / "site"),
    )


def bench_edit(work: Path, material: Material, articles: int, terms: int) -> EditResult:
    """Build, rebuild unchanged, then change one sentence's punctuation and rebuild: what is rewritten?"""
    project = work / f"site-{articles}"
    if not project.is_dir():
        project = make_project(project, material, synth_articles(material, articles), terms)
    script(project)
    noop = script(project, fresh=False)
    a = synth_articles(material, articles)[(articles - 1) // 2]
    sid, _, paras = a.sections[2]
    sentence = next(s for p in paras for s in p if "，" in s)
    edited = sentence.replace("，", "；", 1)
    path = project / "source" / "articles" / f"{a.slug}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"\n{sentence}\n", f"\n{edited}\n", 1), encoding="utf-8")
    docs = project / "docs"

    def quotes() -> dict[str, int]:
        """How often the glossary and each page of every use quote a `；`: the edit adds one where quoted."""
        pages = [docs / "glossary.md", *sorted((docs / "concordance").glob("*.md"))]
        return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8").count("；") for p in pages if p.is_file()}

    quoted_before = quotes()
    before = snapshot(docs)
    edit = script(project, fresh=False)
    after = snapshot(docs)
    quoted = [page for page, n in quotes().items() if n > quoted_before.get(page, 0)]
    changed = tuple(sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k)))
    return EditResult(
        articles,
        terms,
        f"`source/articles/{a.slug}.md`, section `{sid}`: “{sentence}” → “{edited}”",
        noop,
        built(noop)[1],
        edit,
        built(edit)[1],
        tuple(c for c in changed if c != ".generated.json"),
        (f"{a.slug}/{sid}.md", *quoted),
    )


def snapshot(docs: Path) -> dict[str, str]:
    return {
        p.relative_to(docs).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in docs.rglob("*")
        if p.is_file()
    }


def bench_stages(work: Path, material: Material, articles: int, terms: int, kind: str = TEXT) -> dict[str, float]:
    arts = synth_articles(material, articles)
    project = make_project(work / f"stages-{articles}x{terms}-{kind}", material, arts, terms, kind)
    cmd = [sys.executable, "-m", "benchmarks.stages", "."]
    # benchmarks/ from this repository; build_scripts from the project (the current folder comes first)
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    sample = run(cmd, project, PYTHONPATH=path, **{LAUNCHED: str(time.time())})
    times: dict[str, float] = json.loads(sample.stdout)
    times[EXIT] = max(0.0, sample.wall - sum(times.values()))
    del times[TWICE]
    log(f"  stages {articles} × {terms} ({kind}): {sample.wall:.2f} s")
    discard(project)
    return times
