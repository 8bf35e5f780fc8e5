"""Real article + glossary → synthetic projects built and timed (build script, mkdocs, plain mkdocs) → BENCHMARKS.md."""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import importlib.metadata
import itertools
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .edition import parse_edition
from .glossary import CATEGORIES, slug

ROOT = Path(__file__).resolve().parent.parent
REAL_ARTICLE = ROOT / "source" / "articles" / "pingan-zhejiang.md"
REAL_GLOSSARY = ROOT / "source" / "glossary.yaml"
HAND_WRITTEN_DOCS = ("stylesheets", "assets")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
SECTIONS = 5  # sections after the introduction, as in the real article
DATELINE = "6月23日讯"
PACKAGES = ("mkdocs", "mkdocs-material", "jieba", "rjieba", "pyahocorasick", "pypinyin", "Jinja2", "PyYAML")
# Built with the default sizes: the grid of the issue. Run counts: 3 up to 100 articles, fewer above.
SCRIPT_ARTICLES = (1, 10, 100, 1000)
SCRIPT_TERMS = (50, 1000, 10000)
SITE_ARTICLES = (1, 10, 100)
TARGET_SHARE = 0.10  # build script / (build script + mkdocs)
TARGET_PAGE_RATIO = 1.25  # MkDocs cost of an annotated page / of a plain page
TARGET_LARGEST_SECONDS = 10.0  # 1,000 articles × 10,000 terms through the build script
START_UP = "Python start-up, imports (rjieba loads jieba's dictionary)"  # names of stages the report refers to
MATCHING = "segmenter, automaton and matching (matcher.py, segment.py; several processes for a large corpus)"
EXIT = "interpreter exit"
TWICE = "the glossary's YAML parsed a second time"  # by the stage table only; left out of it
LAUNCHED = "BENCH_LAUNCHED"  # environment: when the stage-timing process was started (time.time())


# --- the synthetic corpus ---------------------------------------------------------------------


@dataclass(frozen=True)
class Material:
    """What the synthetic corpus is made of: the real article's sentences, headings and glossary."""

    sentences: tuple[str, ...]
    phrases: tuple[str, ...]  # 4-character Han words and phrases, for headings
    glossary: tuple[dict[str, Any], ...]  # the real entries
    candidates: tuple[str, ...]  # Han strings of the text, most plausible terms first
    dictionary: tuple[str, ...]  # glossary-like words of jieba's dictionary, in a fixed random order


TEXT = "text"  # generated terms: Han strings of the text (a worst case for matching)
DICTIONARY = "dictionary"  # generated terms: words of jieba's dictionary (most absent from the text)
# Parts of speech of jieba's dictionary a glossary lists: nouns, proper nouns, organisations, set
# phrases, idioms, verbal nouns.
GLOSSARY_TAGS = {"n", "nz", "nt", "l", "i", "vn"}


def load_material() -> Material:
    article, _ = parse_edition(REAL_ARTICLE, ROOT)
    sentences = tuple(s for sec in article.sections for p in sec.paragraphs for s in p.sentences)
    data = yaml.safe_load(REAL_GLOSSARY.read_text(encoding="utf-8"))
    glossary = tuple(data["terms"])
    real_forms = {str(f) for e in glossary for f in (e["term"], *(e.get("aliases") or []))}
    words, grams = _ngrams(sentences)
    headings = {part for sec in article.sections for part in sec.title.split() if len(part) == 4}
    phrases = tuple(sorted(headings | {w for w in words if len(w) == 4}))
    candidates = tuple(c for c in (*words, *grams) if c not in real_forms)
    return Material(sentences, phrases, glossary, candidates, _dictionary_words(real_forms))


def _dictionary_words(exclude: set[str]) -> tuple[str, ...]:
    """Words of 2–8 Han characters of jieba's dictionary with a glossary's parts of speech, shuffled
    with a fixed seed: a glossary written for a wider corpus than this one article."""
    import jieba

    words = []
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            word, _, tag = line.split()
            if tag in GLOSSARY_TAGS and 2 <= len(word) <= 8 and HAN_RUN.fullmatch(word) and word not in exclude:
                words.append(word)
    random.Random(7).shuffle(words)
    return tuple(words)


def _ngrams(sentences: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Han strings of the text, most frequent first: runs of 1–3 jieba words (2–8 characters), then
    every other substring of 2–12 characters of a run of Han characters (10,000 distinct terms need
    them: the article has 2,956 characters)."""
    from .segment import words as words_of

    runs = [run for s in sentences for run in HAN_RUN.findall(s)]
    words: Counter[str] = Counter()
    grams: Counter[str] = Counter()
    for run in runs:
        seg = words_of(run, False)
        for i in range(len(seg)):
            for k in range(1, 4):
                if i + k <= len(seg) and 2 <= len(w := "".join(seg[i : i + k])) <= 8:
                    words[w] += 1
        for n in range(2, 13):
            for i in range(len(run) - n + 1):
                grams[run[i : i + n]] += 1
    by_words = sorted(words, key=lambda w: (-words[w], -len(w), w))
    by_grams = sorted((g for g in grams if g not in words), key=lambda g: (-grams[g], len(g), g))
    return by_words, by_grams


def glossary_entries(material: Material, terms: int, kind: str = TEXT) -> list[dict[str, Any]]:
    """The real glossary (its first `terms` entries if it is larger), then generated entries up to `terms`:
    Han strings of the text (`kind` TEXT) or words of jieba's dictionary (DICTIONARY)."""
    real = [dict(e) for e in material.glossary[:terms]]
    kept = {e["term"] for e in real}
    for e in real:
        if "see_also" in e:
            e["see_also"] = [s for s in e["see_also"] if s in kept]
            if not e["see_also"]:
                del e["see_also"]
    generated = (material.candidates if kind == TEXT else material.dictionary)[: terms - len(real)]
    if len(real) + len(generated) < terms:
        raise SystemExit(f"only {len(real) + len(generated)} distinct terms can be made from the article")
    ids = {e.get("id") or slug(e["term"]) for e in real}
    cats = list(CATEGORIES)
    for n, term in enumerate(generated):
        entry = {"term": term}
        if (tid := slug(term)) in ids:  # a homophone: the build asks for an explicit id, as an editor would give
            tid = f"{tid}-{n + 1}"
            entry["id"] = tid
        ids.add(tid)
        entry |= {
            "en": f"synthetic term {n + 1}",
            "category": cats[n % len(cats)],
            "def_zh": f"合成术语“{term}”，仅用于性能测试。",
            "def_en": f"Synthetic glossary term {n + 1}; for benchmarking only.",
        }
        real.append(entry)
    return real


def glossary_yaml(entries: list[dict[str, Any]]) -> str:
    """Block-style YAML, one entry after another, as editors write source/glossary.yaml."""
    out = ["# Synthetic glossary for the benchmark (build_scripts/bench.py).\n\nterms:\n"]
    for e in entries:
        out.append("\n")
        for i, (key, value) in enumerate(e.items()):
            lead = "  - " if i == 0 else "    "
            text = (
                "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
                if isinstance(value, list)
                else json.dumps(value, ensure_ascii=False)
            )
            out.append(f"{lead}{key}: {text}\n")
    return "".join(out)


@dataclass(frozen=True)
class SynthArticle:
    slug: str
    title: str
    sections: tuple[tuple[str, str, tuple[tuple[str, ...], ...]], ...]  # (id, title, paragraphs of sentences)


def synth_articles(material: Material, count: int, seed: int = 1) -> list[SynthArticle]:
    """`count` articles, each the real article's sentences reshuffled into paragraphs under other headings."""
    out = []
    for i in range(count):
        rng = random.Random(seed * 1_000_003 + i)
        sentences = list(material.sentences)
        rng.shuffle(sentences)
        cuts = sorted(rng.sample(range(3, len(sentences) - 1), SECTIONS))
        sections = []
        for k, (a, b) in enumerate(zip([0, *cuts], [*cuts, len(sentences)], strict=True)):
            chunk = sentences[a:b]
            paras: list[tuple[str, ...]] = []
            while chunk:
                n = rng.randint(1, 3)
                paras.append(tuple(chunk[:n]))
                chunk = chunk[n:]
            title = "导语" if k == 0 else " ".join(rng.sample(material.phrases, 2))
            sections.append(("intro" if k == 0 else f"s{k}", title, tuple(paras)))
        title = " ".join(rng.sample(material.phrases, 2)) + f" 之{i + 1}"
        out.append(SynthArticle(f"a{i + 1:04d}", title, tuple(sections)))
    return out


def edition_text(a: SynthArticle) -> str:
    lines = ["---", f"title: {a.title}", f"title_en: Synthetic article {a.slug}", f"dateline: {DATELINE}"]
    lines += [f"raw: source/raw/{a.slug}.txt", "---", ""]
    for sid, title, paras in a.sections:
        if sid != "intro":
            lines += [f'## {title} {{#{sid} en="Synthetic section {sid}"}}', ""]
        for p in paras:
            lines += [*p, ""]
    return "\n".join(lines)


def raw_text(a: SynthArticle) -> str:
    """The article as if scraped: title, then everything on one line with punctuation flattened."""
    body = DATELINE + "".join(
        (title if sid != "intro" else "") + "".join(s for p in paras for s in p) for sid, title, paras in a.sections
    )
    return a.title + "\n" + re.sub(r"[，。、；：“”！？]", ".", body) + "\n"


def text_bytes(articles: Sequence[SynthArticle]) -> int:
    """UTF-8 bytes of the articles' sentences: the text a reader reads."""
    return sum(len(sent.encode("utf-8")) for a in articles for _, _, paras in a.sections for p in paras for sent in p)


def make_project(
    dest: Path, material: Material, articles: Sequence[SynthArticle], terms: int, kind: str = TEXT
) -> Path:
    """A project in `dest`: synthetic source/, the real mkdocs.yml, build_scripts, overrides and hand-written docs."""
    (dest / "source" / "articles").mkdir(parents=True)
    (dest / "source" / "raw").mkdir()
    for a in articles:
        (dest / "source" / "articles" / f"{a.slug}.md").write_text(edition_text(a), encoding="utf-8")
        (dest / "source" / "raw" / f"{a.slug}.txt").write_text(raw_text(a), encoding="utf-8")
    glossary = glossary_yaml(glossary_entries(material, terms, kind))
    (dest / "source" / "glossary.yaml").write_text(glossary, encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "build_scripts", dest / "build_scripts", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    reset_docs(dest)
    return dest


TRASH = "trash"  # in the work folder: what the benchmark discards, deleted when it ends


def discard(path: Path) -> None:
    """Set `path` (a project of the work folder, or a folder in one) aside, to be deleted at the end.

    Deleting thousands of files just before a timed build would charge the deletion to the build:
    for a minute or more after, ext4 avoids reusing the freed inodes, and creating each new file
    costs a search (the kernel's `recently_deleted`), which doubled the system time of a large build.
    """
    if not path.exists():
        return
    project = path if (path / "mkdocs.yml").exists() else path.parent
    trash = project.parent / TRASH
    trash.mkdir(exist_ok=True)
    path.rename(Path(tempfile.mkdtemp(prefix=f"{project.name}-", dir=trash)) / path.name)


def reset_docs(project: Path) -> None:
    """docs/ as in a fresh checkout: only the hand-written files (the previous ones set aside: discard())."""
    discard(project / "docs")
    (project / "docs").mkdir()
    for name in HAND_WRITTEN_DOCS:
        if (ROOT / "docs" / name).is_dir():
            shutil.copytree(ROOT / "docs" / name, project / "docs" / name)


PLAIN_CONFIG = """\
# What a user would do without this project: plain Markdown, one page per section, the theme's
# default search, no hooks, no glossary.
site_name: 合成文集 Plain edition
docs_dir: docs
site_dir: site
use_directory_urls: false
theme:
  name: material
  language: zh
plugins:
  - search
"""


def make_plain_project(dest: Path, articles: Sequence[SynthArticle]) -> Path:
    """The same articles as plain, unannotated Markdown pages: an index, then one page per section."""
    docs = dest / "docs"
    docs.mkdir(parents=True)
    index = ["# 合成文集 Plain edition", ""]
    for a in articles:
        index += [f"## {a.title}", ""]
        (docs / a.slug).mkdir()
        for sid, title, paras in a.sections:
            index.append(f"- [{title}]({a.slug}/{sid}.md)")
            body = "\n\n".join("".join(p) for p in paras)
            (docs / a.slug / f"{sid}.md").write_text(f"# {title}\n\n{body}\n", encoding="utf-8")
        index.append("")
    (docs / "index.md").write_text("\n".join(index), encoding="utf-8")
    (dest / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    return dest


# --- measuring one subprocess ------------------------------------------------------------------


class BenchError(Exception):
    """A measured command failed."""


@dataclass(frozen=True)
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process
    rss_mb: float  # peak resident memory
    stdout: str
    stderr: str


# Linux counts in a child's peak memory (ru_maxrss) the memory of the process it was forked from, so
# the commands are started by a small launcher process rather than by this one, which holds the corpus
# and jieba's dictionary: the peaks reported are then the commands' own.
LAUNCHER = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    with open(job["out"], "wb") as out, open(job["err"], "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(job["cmd"], cwd=job["cwd"], env=job["env"], stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    print(json.dumps([wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode]), flush=True)
"""


class Launcher:
    """A small Python process that runs commands for us and reports wall time, CPU time and peak memory."""

    def __init__(self) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, "-S", "-c", LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def run(
        self, cmd: list[str], cwd: Path, env: dict[str, str], out: Path, err: Path
    ) -> tuple[float, float, int, int]:
        """(wall seconds, CPU seconds, peak memory in KB, exit code)."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        job = {"cmd": cmd, "cwd": str(cwd), "env": env, "out": str(out), "err": str(err)}
        self._proc.stdin.write(json.dumps(job) + "\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            raise BenchError("the launcher process stopped")
        wall, cpu, rss, code = json.loads(line)
        return float(wall), float(cpu), int(rss), int(code)

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        if self._proc.stdout:
            self._proc.stdout.close()
        self._proc.wait()


_launcher: Launcher | None = None


def run(cmd: list[str], cwd: Path, **extra_env: str) -> Sample:
    """Run a command the way the Makefile does (pinned build date), through the launcher; measure it."""
    global _launcher
    if _launcher is None:
        _launcher = Launcher()
    # Python's default: bytecode written and reused, even where the environment turns that off
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1498176000", **extra_env}
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
        wall, cpu, rss_kb, code = _launcher.run(cmd, cwd, env, out, err)
        stdout = out.read_text(encoding="utf-8", errors="replace")
        stderr = err.read_text(encoding="utf-8", errors="replace")
    if code != 0:
        raise BenchError(f"{' '.join(cmd)} (in {cwd}) exited {code}\n{stderr[-4000:]}")
    return Sample(wall, cpu, rss_kb / 1024, stdout, stderr)


def stop_launcher() -> None:
    global _launcher
    if _launcher is not None:
        _launcher.close()
        _launcher = None


@dataclass(frozen=True)
class Timing:
    samples: tuple[Sample, ...]

    @property
    def runs(self) -> int:
        return len(self.samples)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss_mb(self) -> float:
        return max(s.rss_mb for s in self.samples)


def repeat(runs: int, once: Callable[[], Sample], label: str) -> Timing:
    samples = []
    for i in range(runs):
        samples.append(once())
        log(f"  {label}: run {i + 1}/{runs} {samples[-1].wall:.2f} s, {samples[-1].rss_mb:.0f} MB")
    return Timing(tuple(samples))


def interleaved(runs: int, commands: dict[str, Callable[[], Sample]]) -> list[Timing]:
    """Each command once per round, `runs` rounds: a machine that slows down or speeds up during the
    measurement weighs on every command alike, so their ratios hold better than with one command's
    runs after the other's. The timings, in the order of `commands`."""
    samples: dict[str, list[Sample]] = {label: [] for label in commands}
    for i in range(runs):
        for label, once in commands.items():
            samples[label].append(once())
            log(f"  {label}: run {i + 1}/{runs} {samples[label][-1].wall:.2f} s, {samples[label][-1].rss_mb:.0f} MB")
    return [Timing(tuple(samples[label])) for label in commands]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


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
class Reader:
    """What a reader downloads, from a built site (bytes, and gzip -6 bytes as a server would send)."""

    largest_page: str
    largest: int
    home: tuple[int, int]  # the home page with the CSS and JS it references
    search: tuple[int, int]  # the home page, then a first search: index, worker, lunr language files
    index: int  # search/search_index.json
    external: int  # references to other hosts on the home page (fonts, scripts)


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


# --- reader-side figures -----------------------------------------------------------------------

REF = re.compile(r"<(?:link|script)\b[^>]*?(?:href|src)=\"([^\"]+)\"[^>]*>")


def reader_figures(site: Path) -> Reader:
    pages = html_pages(site)
    largest = max(pages, key=lambda p: p.stat().st_size)
    home = (site / "index.html").read_text(encoding="utf-8")
    external = 0
    assets: list[Path] = [site / "index.html"]
    for tag in re.finditer(r"<(?:link|script)\b[^>]*>", home):
        ref = REF.match(tag.group(0))
        if not ref:
            continue
        if tag.group(0).startswith("<link") and 'rel="stylesheet"' not in tag.group(0):
            continue
        url = ref.group(1)
        if re.match(r"(https?:)?//", url):
            external += 1
        else:
            assets.append(site / url.split("?")[0].split("#")[0])
    # a first search: the worker named in the page's configuration, lunr's language support, the index
    found = re.search(r'<script id="__config" type="application/json">(.*?)</script>', home, re.S)
    if not found:
        raise BenchError(f"{site / 'index.html'}: no theme configuration (is the theme mkdocs-material?)")
    config = json.loads(found.group(1))
    index_path = site / "search" / "search_index.json"
    langs = json.loads(index_path.read_text(encoding="utf-8"))["config"]["lang"]
    search = [site / config["search"], index_path]
    lunr = site / "assets" / "javascripts" / "lunr"
    if any(lang != "en" for lang in langs):
        search.append(lunr / "min" / "lunr.stemmer.support.min.js")
    for lang in langs:
        search += [lunr / "tinyseg.js"] if lang == "ja" else [lunr / "wordcut.js"] if lang in ("hi", "th") else []
        search += [lunr / "min" / f"lunr.{lang}.min.js"] if lang != "en" else []
    search += [lunr / "min" / "lunr.multi.min.js"] if len(langs) > 1 else []
    return Reader(
        largest.relative_to(site).as_posix(),
        largest.stat().st_size,
        _sizes(assets),
        _sizes(assets + search),
        index_path.stat().st_size,
        external,
    )


def _sizes(paths: list[Path]) -> tuple[int, int]:
    data = [p.read_bytes() for p in dict.fromkeys(paths)]
    return sum(map(len, data)), sum(len(gzip.compress(d, 6)) for d in data)


# --- where the build script's time goes --------------------------------------------------------


def stage_times(root: Path) -> dict[str, float]:
    """build()'s stages one after another in this process, in its order, with each one timed."""
    from .build import gc_paused

    with gc_paused():  # as build() runs them
        return _stage_times(root)


def _stage_times(root: Path) -> dict[str, float]:
    from . import yamlpos
    from .build import match_all, nav, read_article, user_dict
    from .glossary import load_glossary
    from .parallel import fork_map, jobs_for
    from .render import layout, make_site
    from .textio import read_text
    from .write import Placed, Writer, plan

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


def bench_stages(work: Path, material: Material, articles: int, terms: int, kind: str = TEXT) -> dict[str, float]:
    arts = synth_articles(material, articles)
    project = make_project(work / f"stages-{articles}x{terms}-{kind}", material, arts, terms, kind)
    cmd = [sys.executable, "-m", "build_scripts.bench", "--stages-of", "."]
    sample = run(cmd, project, **{LAUNCHED: str(time.time())})
    times: dict[str, float] = json.loads(sample.stdout)
    times[EXIT] = max(0.0, sample.wall - sum(times.values()))
    del times[TWICE]
    log(f"  stages {articles} × {terms} ({kind}): {sample.wall:.2f} s")
    discard(project)
    return times


# --- where MkDocs's time goes ---------------------------------------------------------------------

PROFILED_SITE = 10  # mkdocs is profiled on the largest site size up to this many articles (cProfile is slow)
# Parts of `mkdocs build`, each the cumulative time of functions that never call one another:
# (label, file the function is in, function name; "on_*" for every event handler in that file)
MKDOCS_PARTS = (
    ("Markdown → HTML (Python-Markdown and its extensions)", "markdown/core.py", "convert"),
    ("theme templates (Jinja)", "jinja2/environment.py", "render"),
    ("search index (mkdocs-material's search plugin, jieba)", "material/plugins/search/plugin.py", "on_*"),
    ("this project's hooks: search_hook.py", "build_scripts/search_hook.py", "on_*"),
    ("this project's hooks: searchpatch.py", "build_scripts/searchpatch.py", "on_*"),
    ("this project's hooks: meta_hook.py", "build_scripts/meta_hook.py", "on_*"),
    ("this project's hooks: raw_hook.py", "build_scripts/raw_hook.py", "on_*"),
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


# --- the report --------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    memory = "unknown"
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
        cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), cpu)
        meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
        if m := re.search(r"MemTotal:\s+(\d+) kB", meminfo):
            memory = f"{int(m.group(1)) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "system": platform.platform(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": ", ".join(versions),
    }


def file_cost(folder: Path, count: int = 300) -> float:
    """Seconds to create, write (20 KB) and rename one file in `folder`, as the writer does for each page."""
    probe = Path(tempfile.mkdtemp(dir=folder))
    start = time.perf_counter()
    for i in range(count):
        tmp = probe / f".{i}.tmp"
        tmp.write_bytes(b"x" * 20000)
        os.replace(tmp, probe / f"{i}.md")
    elapsed = time.perf_counter() - start
    shutil.rmtree(probe)
    return elapsed / count


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def _n(n: int) -> str:
    return f"{n:,}"


def _verdict(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def report(r: Results) -> str:
    out: list[str] = []
    w = out.append
    w("# Benchmarks\n")
    w(
        "Generated by `python -m build_scripts.bench` (`make bench`); every number below comes from that run. "
        "Rerun it after a change that could affect speed and commit the new file with the change.\n"
    )
    w("## Machine\n")
    w("| | |\n| --- | --- |")
    for k, v in r.machine.items():
        w(f"| {k} | {v} |")
    w(
        f"| load average (1 min) | {r.load[0]:.2f} at the start, {r.load[1]:.2f} at the end "
        "(other processes share the machine when this is above 0) |"
    )
    w(f"| duration of the run | {r.duration / 60:.1f} min |\n")

    w("## What is measured\n")
    w(
        "A synthetic corpus made from the real article, in a temporary folder: each article is the real "
        "article's 46 sentences shuffled into an introduction and five sections of 1–3-sentence paragraphs, "
        "under headings made of 4-character phrases of the text; each has its own raw file, so the fidelity "
        "check runs as on real input. Glossaries: the real one (its first 50 entries for 50 terms, all "
        f"{r.machine.get('real glossary', '?')} otherwise), then generated terms: Han strings of the text "
        "(runs of 1–3 jieba words first, then other 2–12-character substrings, most frequent first), "
        "so every generated term occurs in the text. A term found inside a longer word is not linked, so "
        "not every term is *used*; the tables say how many are. 10,000 distinct terms from a 2,956-character "
        "article means nearly every substring of 2–10 characters is a term: a worst case for matching. "
        "The largest glossary is measured a second time with its generated terms taken from jieba's "
        "dictionary instead (see below).\n"
    )
    w(
        "Every build is a subprocess; wall time is measured around it, CPU time (user + system) and peak "
        "resident memory come from `os.wait4`. Times are medians of the runs shown in each table (by "
        "default 3 runs at every size for the build script; 5 runs up to 10 articles "
        "and 3 for 100 for MkDocs), memory the largest peak. The four builds of each site size run in "
        "rounds (each once per round), so a machine whose speed drifts during the run weighs on all four "
        "alike. The build script runs from a `docs/` holding "
        "only the hand-written files (a fresh build; an unchanged rebuild is in the edit section). The "
        "previous run's `docs/` is moved aside, and deleted only when the benchmark ends: for a minute "
        "or more after thousands of files are deleted, ext4 avoids reusing their inodes and each new "
        "file costs a search, which would charge the deletion to the next build (it doubled the system "
        "time of a large one). The "
        "work folder's speed at creating files matters for writing thousands of pages: see the machine "
        "table. Python writes and reuses bytecode, as it does by default (the commands run without "
        "`PYTHONDONTWRITEBYTECODE`): a project's first build compiles the build script's modules.\n"
    )
    w("Commands, run in each generated project:\n")
    w("```sh")
    out.extend(r.commands)
    w("```\n")

    if r.scripts:
        w("## The build script alone\n")
        w(
            "| articles | terms | terms used | text | pages | written | runs | wall (median) | CPU | peak memory "
            "| wall per article |"
        )
        w("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for sr in r.scripts:
            t = sr.timing
            w(
                f"| {_n(sr.articles)} | {_n(sr.terms)} | {_n(sr.used)} | {_kb(sr.text_bytes)} | {_n(sr.pages)} "
                f"| {_kb(sr.output)} | {t.runs} | {_s(t.wall)} | {_s(t.cpu)} | {t.rss_mb:,.0f} MB "
                f"| {_ms(t.wall / sr.articles)} |"
            )
        w("")
        w(growth(r.scripts))
        w(per_entry(r))
    if r.dictionary:
        w("### A glossary of dictionary words\n")
        w(
            f"The largest glossary again ({_n(r.dictionary[0].terms)} terms), its generated terms now words of "
            "jieba's dictionary (nouns, proper nouns, organisations, set phrases, idioms, verbal nouns; 2–8 "
            "characters, in a fixed random order) instead of strings of the text: a glossary written for a "
            "wider corpus than this one article, so most of its terms occur nowhere here, as most terms of a "
            "large real glossary occur in few of its articles. Matching costs little for a term that occurs "
            "nowhere; the cost that stays is per entry (reading, validating, the glossary page).\n"
        )
        w(
            "| articles | terms | terms used | pages | written | runs | wall (median) | CPU | peak memory "
            "| against text terms |"
        )
        w("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        dense = {(x.articles, x.terms): x.timing.wall for x in r.scripts}
        for sr in r.dictionary:
            t = sr.timing
            other = dense.get((sr.articles, sr.terms))
            w(
                f"| {_n(sr.articles)} | {_n(sr.terms)} | {_n(sr.used)} | {_n(sr.pages)} | {_kb(sr.output)} "
                f"| {t.runs} | {_s(t.wall)} "
                f"| {_s(t.cpu)} | {t.rss_mb:,.0f} MB | {f'×{t.wall / other:.2f}' if other else '–'} |"
            )
        w("")

    if r.stages:
        w("## Where the build script's time goes\n")
        w(
            "The stages of `build()` run one after another in one process (`python -m build_scripts.bench "
            "--stages-of <project>`, one run each), each timed; exit is the rest of that process's wall time. "
            "(A build with several CPUs reads the glossary in a process of its own while it reads the articles.)\n"
        )
        keys = list(r.stages)
        w("| stage | " + " | ".join(f"{k} (s)" for k in keys) + " |")
        w("| --- | " + " | ".join("---:" for _ in keys) + " |")
        stages = list(dict.fromkeys(s for k in keys for s in r.stages[k]))
        for stage in stages:
            cells = []
            for k in keys:
                total = sum(r.stages[k].values())
                sec = r.stages[k].get(stage, 0.0)
                cells.append(f"{sec:.2f} ({100 * sec / total:.0f}%)" if total else f"{sec:.2f}")
            w(f"| {stage} | " + " | ".join(cells) + " |")
        w("| **total** | " + " | ".join(f"**{sum(r.stages[k].values()):.2f}**" for k in keys) + " |\n")

    if r.sites:
        w("## The whole build: build script + MkDocs, against plain pages\n")
        w(
            "The annotated site is this project's output with the real glossary "
            f"({r.sites[0].terms} terms), built three ways: the build script in a process of its own "
            "(`python -m build_scripts build`), `mkdocs build --strict` alone from its output (mkdocs.yml, "
            "its hooks and plugins), and both in one command (`python -m build_scripts site`, what "
            "`make site` runs, from a fresh docs/). With several CPUs that command runs the build script in "
            "a forked process while it loads what MkDocs loads first (its modules and jieba's dictionary, "
            "about a second), and starts MkDocs once docs/ is written. The build script's share of the "
            "build is what that command takes beyond MkDocs alone, compared round by round (the median of "
            "the rounds' shares: MkDocs alone and `site` run one after the other in each round, so a "
            "slower moment of the machine weighs on both): in wall time (what a user waits), and "
            "in CPU time (user + system, every process added up; what the share would be on one CPU); the "
            "share when the build script runs apart is shown too. The plain site is the same "
            "articles as plain Markdown, one page per section plus an index, built with mkdocs-material's "
            "defaults: the `search` plugin as is, no hooks, no glossary (what a user would do without this "
            "project). Pages are the HTML pages of each site (404 left out); the annotated site also has the "
            "glossary, the about page and a page of every use for each term used more than 20 times.\n"
        )
        w(
            "| articles | pages annotated / plain | runs | build script apart | mkdocs annotated | `site` "
            "| script share: wall, CPU (apart) | mkdocs plain | per page annotated | per page plain "
            "| annotated / plain per page | whole site annotated / plain |"
        )
        w("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for x in r.sites:
            w(
                f"| {_n(x.articles)} | {_n(x.pages)} / {_n(x.plain_pages)} | {x.mkdocs.runs} | {_s(x.script.wall)} "
                f"| {_s(x.mkdocs.wall)} | {_s(x.whole.wall)} "
                f"| {100 * share(x):.0f}%, {100 * share_cpu(x):.0f}% ({100 * share_apart(x):.0f}%) "
                f"| {_s(x.plain.wall)} | {_ms(x.mkdocs.wall / x.pages)} | {_ms(x.plain.wall / x.plain_pages)} "
                f"| {page_ratio(x):.2f}× | {x.mkdocs.wall / x.plain.wall:.2f}× |"
            )
        if len(r.sites) > 1:
            a, b = r.sites[-2], r.sites[-1]
            ann = (b.mkdocs.wall - a.mkdocs.wall) / max(1, b.pages - a.pages)
            pla = (b.plain.wall - a.plain.wall) / max(1, b.plain_pages - a.plain_pages)
            w(
                f"| {_n(a.articles)} → {_n(b.articles)}, per added page | | | | | | | | {_ms(ann)} | {_ms(pla)} "
                f"| {ann / pla:.2f}× | |"
            )
        w("")
        w(
            "Peak memory of `mkdocs build`: "
            + ", ".join(
                f"{_n(x.articles)} article(s) {x.mkdocs.rss_mb:,.0f} MB annotated, {x.plain.rss_mb:,.0f} MB plain"
                for x in r.sites
            )
            + ".\n"
        )

    if r.profile:
        out.extend(profile_table(r))

    if r.edit:
        e = r.edit
        w("## A one-sentence edit\n")
        w(
            f"In the {_n(e.articles)}-article project ({e.terms} terms), after a build: a rebuild with nothing "
            f"changed, then one sentence's punctuation changed ({e.edited}) and rebuilt.\n"
        )
        w("| build | wall | pages rewritten |\n| --- | ---: | --- |")
        w(f"| nothing changed | {_s(e.noop.wall)} | {e.noop_written} |")
        w(f"| one sentence changed | {_s(e.edit.wall)} | {e.written}: {', '.join(f'`{c}`' for c in e.changed)} |\n")
        w(
            "The pages that show the sentence: "
            + ", ".join(f"`{c}`" for c in e.expected)
            + " (the section's page; the glossary when its concordance, which quotes every use of every term "
            "with 15 characters of context, quotes the changed spot). MkDocs itself rebuilds every page on "
            "`mkdocs build`; `mkdocs serve` rebuilds after each change too.\n"
        )

    if r.sites:
        w("## What a reader downloads\n")
        w(
            "From the built sites: the largest HTML page; the home page with the CSS and JavaScript it "
            "references (what the first visit downloads, images and fonts left out); then a first search: "
            "the search worker, lunr's language files and `search/search_index.json`. Raw bytes, then "
            "gzip -6 (what a server that compresses sends). The search index is compared with the bytes of "
            "the articles' text (UTF-8).\n"
        )
        w(
            "| articles | site | largest page | home page (raw / gzip) | + first search (raw / gzip) "
            "| search index | index / text | references to other hosts |"
        )
        w("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for x in r.sites:
            for name, rd in (("annotated", x.reader), ("plain", x.plain_reader)):
                w(
                    f"| {_n(x.articles)} | {name} | `{rd.largest_page}` {_kb(rd.largest)} "
                    f"| {_kb(rd.home[0])} / {_kb(rd.home[1])} | {_kb(rd.search[0])} / {_kb(rd.search[1])} "
                    f"| {_kb(rd.index)} | {rd.index / x.text_bytes:.1f}× | {rd.external} |"
                )
        w("")

    w("## Targets\n")
    out.extend(targets(r))
    return "\n".join(out).rstrip("\n") + "\n"


def per_page(r: Results) -> dict[str, tuple[float, float]] | None:
    """Estimated seconds per page of each part of MkDocs's work: (annotated, plain), from the profile."""
    p = r.profile
    site = next((x for x in r.sites if p and x.articles == p.articles), None)
    if not p or not site:
        return None
    return {
        part: (
            p.annotated[part] * site.mkdocs.wall / site.pages,
            p.plain.get(part, 0.0) * site.plain.wall / site.plain_pages,
        )
        for part in p.annotated
    }


def profile_table(r: Results) -> list[str]:
    parts = per_page(r)
    if not r.profile or parts is None:
        return []
    p = r.profile
    lines = [
        f"### Where MkDocs's time goes ({_n(p.articles)} article(s))\n",
        "One run of each build under cProfile. Shares are of the profiled run; milliseconds per page apply them "
        "to the unprofiled median wall time in the table above (estimates: profiling slows Python code more "
        "than C code).\n",
        "| part of `mkdocs build` | annotated: share | ms per page | plain: share | ms per page |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for part, (ann, pla) in parts.items():
        lines.append(
            f"| {part} | {100 * p.annotated[part]:.0f}% | {ann * 1000:.1f} | {100 * p.plain.get(part, 0.0):.0f}% "
            f"| {pla * 1000:.1f} |"
        )
    lines.append("")
    return lines


def beyond(x: SiteResult) -> float:
    """Seconds `make site` takes beyond MkDocs alone: the median of the rounds' differences."""
    return statistics.median(max(0.0, w.wall - m.wall) for w, m in zip(x.whole.samples, x.mkdocs.samples, strict=True))


def share(x: SiteResult) -> float:
    """The build script's share of `make site` in wall time: what `site` takes beyond MkDocs alone in
    each round (the two run one after the other in every round), the median of the rounds."""
    return statistics.median(
        max(0.0, w.wall - m.wall) / w.wall for w, m in zip(x.whole.samples, x.mkdocs.samples, strict=True)
    )


def share_cpu(x: SiteResult) -> float:
    """The same in CPU time: what the share would be on one CPU, where nothing runs side by side."""
    return statistics.median(
        max(0.0, w.cpu - m.cpu) / w.cpu for w, m in zip(x.whole.samples, x.mkdocs.samples, strict=True)
    )


def share_apart(x: SiteResult) -> float:
    """The build script's share when it runs as a process of its own before `mkdocs build`."""
    return x.script.wall / (x.script.wall + x.mkdocs.wall)


def page_ratio(x: SiteResult) -> float:
    return (x.mkdocs.wall / x.pages) / (x.plain.wall / x.plain_pages)


def growth(scripts: list[ScriptResult]) -> str:
    """Wall times as a grid of articles × terms, with growth along each axis."""
    grid = {(x.articles, x.terms): x.timing.wall for x in scripts}
    arts = sorted({x.articles for x in scripts})
    terms = sorted({x.terms for x in scripts})
    lines = ["### How the cost grows\n", "Wall time (median), articles down, terms across:\n"]
    head = "| articles \\ terms | " + " | ".join(_n(t) for t in terms)
    head += f" | {_n(terms[-1])} / {_n(terms[0])} terms |" if len(terms) > 1 else " |"
    lines += [head, "| ---: |" + " ---: |" * (len(terms) + (len(terms) > 1))]
    for a in arts:
        row = f"| {_n(a)} | " + " | ".join(_s(grid[a, t]) if (a, t) in grid else "" for t in terms)
        if len(terms) > 1 and (a, terms[0]) in grid and (a, terms[-1]) in grid:
            row += f" | ×{grid[a, terms[-1]] / grid[a, terms[0]]:.2f}"
        lines.append(row + " |")
    for lo, hi in itertools.pairwise(arts):
        row = f"| ×{hi // lo} articles ({_n(lo)} → {_n(hi)}) | " + " | ".join(
            f"×{grid[hi, t] / grid[lo, t]:.1f}" if (lo, t) in grid and (hi, t) in grid else "" for t in terms
        )
        lines.append(row + (" | |" if len(terms) > 1 else " |"))
    if len(arts) > 1:
        lo, hi = arts[-2], arts[-1]
        lines.append(
            f"| per added article ({_n(lo)} → {_n(hi)}) | "
            + " | ".join(
                _ms((grid[hi, t] - grid[lo, t]) / (hi - lo)) if (lo, t) in grid and (hi, t) in grid else ""
                for t in terms
            )
            + (" | |" if len(terms) > 1 else " |")
        )
    lines.append("")
    return "\n".join(lines) + "\n"


def per_entry(r: Results) -> str:
    """What a glossary's size costs: per entry, measured at the fewest articles; and, at the most,
    what terms found in the text add (the uses they find make the pages larger)."""
    grid = {(x.articles, x.terms): x for x in r.scripts}
    arts = sorted({x.articles for x in r.scripts})
    terms = sorted({x.terms for x in r.scripts})
    if len(terms) < 2 or (arts[0], terms[0]) not in grid or (arts[0], terms[-1]) not in grid:
        return ""
    few, many = grid[arts[0], terms[0]], grid[arts[0], terms[-1]]
    extra = many.timing.wall - few.timing.wall
    text = (
        f"A glossary costs per entry: from {_n(few.terms)} to {_n(many.terms)} terms, the {_n(arts[0])}-article "
        f"build takes {_s(extra)} more, {_ms(extra / (many.terms - few.terms))} per entry (reading and checking "
        "it, deriving its pinyin, adding it to the matcher, its entry on the glossary page)."
    )
    matching = {
        label: r.stages[key][MATCHING]
        for label, key in (
            (f"{_n(terms[0])} terms", f"{_n(arts[-1])} × {_n(terms[0])}"),
            (f"{_n(terms[-1])} dictionary words", f"{_n(arts[-1])} × {_n(terms[-1])} ({DICTIONARY})"),
            (f"{_n(terms[-1])} terms from the text", f"{_n(arts[-1])} × {_n(terms[-1])}"),
        )
        if MATCHING in r.stages.get(key, {})
    }
    if len(matching) > 1:
        text += (
            f" Matching {_n(arts[-1])} articles (the stage table, its segmenter and automaton included) takes "
            + ", ".join(f"{_s(sec)} with {label}" for label, sec in matching.items())
            + ": one automaton pass per paragraph, and jieba only for paragraphs where a term is found."
        )
    small, big = grid.get((arts[-1], terms[0])), grid.get((arts[-1], terms[-1]))
    words = next((x for x in r.dictionary if (x.articles, x.terms) == (arts[-1], terms[-1])), None)
    if small and big and words and arts[-1] > arts[0]:
        text += (
            f" Terms drawn from the text cost more because they are used more: at {_n(arts[-1])} articles, "
            f"{_n(small.terms)} terms write "
            f"{_kb(small.output)} of pages in {_s(small.timing.wall)}; {_n(big.terms)} terms drawn from the text, "
            f"which find many more uses (a link, a concordance line and a term box for each), write "
            f"{_kb(big.output)} in {_s(big.timing.wall)}; {_n(words.terms)} dictionary words, "
            f"{_n(words.used)} of them used, write {_kb(words.output)} in {_s(words.timing.wall)}."
        )
    return text + "\n"


def targets(r: Results) -> list[str]:
    out: list[str] = []
    largest = max(r.scripts, key=lambda x: (x.articles, x.terms), default=None)
    big = r.stages.get(f"{_n(largest.articles)} × {_n(largest.terms)}", {}) if largest else {}
    if r.sites:
        worst = max(r.sites, key=share)
        ok = all(share(x) <= TARGET_SHARE for x in r.sites)
        line = (
            f"- Build script ≤ {TARGET_SHARE:.0%} of the whole build (`make site`) at every size, in wall time: "
            f"{_verdict(ok)}. Shares: "
            + ", ".join(
                f"{_n(x.articles)} article(s) {100 * share(x):.0f}% ({_s(beyond(x))} "
                f"beyond MkDocs's {_s(x.mkdocs.wall)})"
                for x in r.sites
            )
            + "; run as a process of its own before MkDocs: "
            + ", ".join(f"{100 * share_apart(x):.0f}%" for x in r.sites)
            + "."
        )
        if not ok:
            line += (
                f" Worst at {_n(worst.articles)} article(s): {100 * share(worst):.0f}%, "
                f"{100 * (share(worst) - TARGET_SHARE):.0f} points over."
            )
        cpu_ok = all(share_cpu(x) <= TARGET_SHARE for x in r.sites)
        line += (
            f" In CPU time (what the share would be on one CPU, where the build script cannot run beside "
            f"MkDocs's start-up): {_verdict(cpu_ok)}, "
            + ", ".join(f"{100 * share_cpu(x):.0f}%" for x in r.sites)
            + (
                "."
                if cpu_ok
                else "; what it takes is the build script's imports (pypinyin's phrase dictionary, "
                "jieba's dictionary for the matcher) and its stages (see the stage table)."
            )
        )
        out.append(line)
        ratios = [page_ratio(x) for x in r.sites]
        ok = all(q <= TARGET_PAGE_RATIO for q in ratios)
        line = (
            f"- An annotated page costs MkDocs ≤ {TARGET_PAGE_RATIO}× a plain page: {_verdict(ok)}. "
            + ", ".join(f"{_n(x.articles)} article(s) {page_ratio(x):.2f}×" for x in r.sites)
            + "."
        )
        if len(r.sites) > 1:
            a, b = r.sites[-2], r.sites[-1]
            ann = (b.mkdocs.wall - a.mkdocs.wall) / max(1, b.pages - a.pages)
            pla = (b.plain.wall - a.plain.wall) / max(1, b.plain_pages - a.plain_pages)
            line += f" Per added page from {_n(a.articles)} to {_n(b.articles)} articles: {ann / pla:.2f}×."
        parts = per_page(r)
        if not ok and parts and r.profile:
            extra = sorted(((a - p, part) for part, (a, p) in parts.items()), reverse=True)
            line += (
                f" Where the extra time goes ({_n(r.profile.articles)} article(s), profiled): "
                + "; ".join(
                    f"{part}: {parts[part][0] * 1000:.1f} ms per annotated page against {parts[part][1] * 1000:.1f} ms"
                    for d, part in extra[:3]
                    if d > 0
                )
                + ". An annotated page carries more HTML than a plain one (a link with a tooltip for each term's "
                "first use, a permalink per paragraph, lists of the section's terms and related sections), written "
                "by the build script as raw HTML that Markdown passes through; the search plugin still parses all "
                "of it, and the hooks add paragraph entries and a sub-word field to the search index."
            )
        out.append(line)
    if largest:
        ok = largest.timing.wall < TARGET_LARGEST_SECONDS
        words = next((x for x in r.dictionary if (x.articles, x.terms) == (largest.articles, largest.terms)), None)
        line = (
            f"- {_n(largest.articles)} articles × {_n(largest.terms)} terms through the build script in "
            f"< {TARGET_LARGEST_SECONDS:.0f} s{' with terms from the text (the worst case)' if words else ''}: "
            f"{_verdict(ok)}: {_s(largest.timing.wall)} (CPU {_s(largest.timing.cpu)})."
        )
        if (largest.articles, largest.terms) != (SCRIPT_ARTICLES[-1], SCRIPT_TERMS[-1]):
            line += f" (The target is for {_n(SCRIPT_ARTICLES[-1])} × {_n(SCRIPT_TERMS[-1])}: not measured this run.)"
        if not ok and big:
            top = sorted(big.items(), key=lambda kv: -kv[1])[:4]
            line += (
                f" {_s(largest.timing.wall - TARGET_LARGEST_SECONDS)} over. Largest stages: "
                + ", ".join(f"{k} {v:.1f} s" for k, v in top)
                + " (see the stage table)."
            )
        if words:
            line += (
                f" With a glossary of dictionary words ({_n(words.used)} of them used): "
                f"{_verdict(words.timing.wall < TARGET_LARGEST_SECONDS)}: {_s(words.timing.wall)} "
                f"(CPU {_s(words.timing.cpu)})."
            )
        out.append(line)
    if r.edit:
        e = r.edit
        ok = set(e.changed) <= set(e.expected) and e.written == len(e.changed) and e.noop_written == 0
        out.append(
            f"- A one-sentence edit rewrites only the affected pages: {_verdict(ok)}: {e.written} page(s) "
            f"rewritten ({', '.join(f'`{c}`' for c in e.changed)}) of {_n(built(e.edit)[0])}; an unchanged "
            f"rebuild rewrites {e.noop_written}."
        )
    return out


# --- the command -------------------------------------------------------------------------------


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
            "python -m build_scripts.bench --stages-of .    # the build script's stages, timed in-process",
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
        prog="python -m build_scripts.bench",
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
    parser.add_argument("--stages-of", type=Path, help=argparse.SUPPRESS)  # internal: one project's stages as JSON
    args = parser.parse_args(argv)
    if args.stages_of:
        print(json.dumps(stage_times(args.stages_of.resolve())))
        from .__main__ import hard_exit

        hard_exit(0)  # as `python -m build_scripts build` ends
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
    from .bench_preview import with_section  # the preview's figures are `make bench-preview`'s: kept
    from .bench_sizes import with_sizes  # and the sizes `make bench-sizes`'s

    kept = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    args.out.write_text(with_sizes(with_section(report(results), kept), kept), encoding="utf-8")
    log(f"wrote {args.out} ({results.duration / 60:.1f} min)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
