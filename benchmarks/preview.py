"""The real article served by `mkdocs serve`, a sentence saved N times → save-to-served seconds → BENCHMARKS.md."""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from benchmarks.sections import Section
from tests.support.paths import ROOT
from tests.support.projects import make_project

BEGIN = "<!-- bench-preview: begin (written by `make bench-preview`) -->"
END = "<!-- bench-preview: end -->"
SECTION = Section(BEGIN, END)  # kept by `make bench`, rewritten by this command
with_section, replace_section = SECTION.kept, SECTION.replaced
BUILDING = "Building documentation..."  # MkDocs logs it as each (re)build starts
BUILD_DELAY = 0.1  # seconds MkDocs's preview waits for file events to stop before it rebuilds (1.6)
QUIET = 2.5  # seconds without a line from the server: the rebuilds a save started are over


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def page_text(url: str) -> str:
    """A served page's text, spaces removed."""
    with urllib.request.urlopen(url, timeout=120) as answer:
        parser = _Text()
        parser.feed(answer.read().decode("utf-8"))
    return re.sub(r"\s+", "", "".join(parser.parts))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far, and of the children it has waited for (the build
    script's forked workers) (Linux /proc); 0 where there is none."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    mode: str
    latencies: list[float]
    rebuilds: list[int]
    cpu: list[float]  # the server's CPU seconds from a save until it is quiet again
    script: list[float]  # the build script's seconds per run, as the hook prints them
    mkdocs: list[float]  # MkDocs's "Documentation built in" seconds (the build script included)


ARTICLE = "article"  # the real article (make_project: a copy of this project)
COLLECTION = "collection"  # COLLECTION_SIZE synthetic articles (benchmarks/corpus.py), the real glossary
COLLECTION_SIZE = 100
ESTIMATED = {ARTICLE: "the real article", COLLECTION: f"{COLLECTION_SIZE} articles"}


def project_for(mode: str, work: Path) -> Path:
    if mode == ARTICLE:
        return make_project(work / mode)
    from benchmarks.corpus import load_material, synth_articles
    from benchmarks.corpus import make_project as make_corpus

    material = load_material()
    return make_corpus(work / mode, material, synth_articles(material, COLLECTION_SIZE), len(material.glossary))


def article_to_edit(project: Path) -> tuple[Path, int]:
    """The first article (by slug) with sections, and the index of a line after its first heading with a
    `，`: a save reaches one of its pages, the others stay as they were."""
    for article in sorted(p for p in (project / "source" / "articles").glob("*.md") if "." not in p.stem):
        lines = article.read_text(encoding="utf-8").split("\n")
        first = next((i for i, line in enumerate(lines) if line.startswith("## ")), len(lines))
        found = [i for i in range(first, len(lines)) if "，" in lines[i] and not lines[i].startswith("#")]
        if found:
            return article, found[0]
    raise SystemExit("no article has a section heading and a sentence with ， after it")


def measure(mode: str, saves: int, work: Path) -> Run:
    project = project_for(mode, work)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    serve = [sys.executable, "-m", "mkdocs", "serve", "--strict"]
    subprocess.run([sys.executable, "-m", "build_scripts", "build"], cwd=project, env=env, check=True)
    port = free_port()
    log = work / f"{mode}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*serve, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_up(url, proc, log)
        article, index = article_to_edit(project)
        lines = article.read_text(encoding="utf-8").split("\n")
        versions = [lines[index], lines[index].replace("，", "；", 1)]
        pages = [
            f"{url}/{p.relative_to(project / 'docs').with_suffix('.html').as_posix()}"
            for p in sorted((project / "docs" / article.stem).glob("*.md"))
        ]
        where = next(p for p in pages if re.sub(r"\s+", "", versions[0]) in page_text(p))
        run = Run(mode, [], [], [], [], [])
        for n in range(saves):
            quiet(log)
            before_log, before_cpu = log.read_text(encoding="utf-8", errors="replace"), cpu_seconds(proc.pid)
            want = re.sub(r"\s+", "", versions[(n + 1) % 2])
            lines[index] = versions[(n + 1) % 2]
            started = time.perf_counter()
            article.write_text("\n".join(lines), encoding="utf-8")
            while want not in page_text(where):
                if proc.poll() is not None:
                    raise SystemExit(f"{mode}: the server exited:\n{log.read_text(errors='replace')}")
                time.sleep(0.01)
            run.latencies.append(time.perf_counter() - started)
            quiet(log)
            new = log.read_text(encoding="utf-8", errors="replace")[len(before_log) :]
            run.cpu.append(cpu_seconds(proc.pid) - before_cpu)
            run.rebuilds.append(new.count(BUILDING))
            run.script += [float(s) for s in re.findall(r"^built .*\((\d+\.\d+) s\)$", new, re.M)]
            run.mkdocs += [float(s) for s in re.findall(r"Documentation built in (\d+\.\d+) seconds", new)]
            print(f"{mode}: save {n + 1}: {run.latencies[-1]:.2f} s, {run.rebuilds[-1]} rebuild(s)", file=sys.stderr)
        return run
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """End a server started in a session of its own, and every process of its group (the watcher,
    the builds it started): SIGTERM, then SIGKILL after 20 s."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def wait_up(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 300
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            urllib.request.urlopen(url + "/", timeout=5).close()
            return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise SystemExit(f"the server did not answer in 300 s:\n{log.read_text(errors='replace')}") from None
            time.sleep(0.2)


def quiet(log: Path) -> None:
    size, since = -1, time.monotonic()
    while time.monotonic() - since < QUIET:
        now = log.stat().st_size
        if now != size:
            size, since = now, time.monotonic()
        time.sleep(0.05)


def _row(label: str, xs: list[float], unit: str = "s") -> str:
    if not xs:
        return f"| {label} | – | – | – |"
    return f"| {label} | {statistics.median(xs):.2f} {unit} | {min(xs):.2f} {unit} | {max(xs):.2f} {unit} |"


def section(runs: list[Run], load: tuple[float, float]) -> str:
    out = [
        BEGIN,
        "## The live preview: from a save to the page served",
        "",
        "Measured by `make bench-preview` (`python -m benchmarks.preview`), not by `make bench`, which",
        "keeps this section as it is. The real article in a temporary copy of the project, then a",
        f"collection of {COLLECTION_SIZE} synthetic articles (benchmarks/corpus.py) with the real glossary,",
        "each served by `mkdocs serve --strict` (what `make serve` runs after `make site`); one sentence",
        "of the first `source/articles/*.md` changes its first `，` to `；` and back, saved again and again. A save's",
        "latency runs from the write to the first answer of the section's page that shows the new",
        "sentence (the page is asked for every 10 ms; MkDocs answers once a rebuild is over); then the",
        f"server is left until it has logged nothing for {QUIET} s, and its rebuilds and CPU time since the",
        "save are counted (the build script's forked workers included). The build script's time is what",
        "the preview prints after each run; MkDocs's is its `Documentation built in`, which follows it",
        "(publish/serve.py runs the build script first, then MkDocs over the pages it rewrote).",
        "",
    ]
    for run in runs:
        title = {
            ARTICLE: "The real article",
            COLLECTION: f"A collection of {COLLECTION_SIZE} articles (benchmarks/corpus.py, the real glossary)",
        }[run.mode]
        counts = ", ".join(f"{n}×{c}" for c, n in sorted(_tally(run.rebuilds).items()))
        out += [
            f"### {title}",
            "",
            f"{len(run.latencies)} saves; rebuilds per save: {counts} (saves × rebuilds).",
            "",
            "| | median | min | max |",
            "| --- | --- | --- | --- |",
            _row("save → page served", run.latencies),
            _row("server CPU per save", run.cpu),
            _row("build script, per run", run.script),
            _row("MkDocs rebuild, per rebuild", run.mkdocs),
            "",
        ]
    out += [
        f"Load average (1 min) {load[0]:.2f} at the start, {load[1]:.2f} at the end, on {os.cpu_count()} CPUs:",
        "other processes share the machine when it is above 0, and the wall times grow with it; the",
        "server's CPU time much less. Now a save starts one rebuild at once, which runs in one thread: on a",
        "machine where nothing else runs it would be served after about its CPU time plus MkDocs's",
        f"{BUILD_DELAY} s wait for the files to settle"
        + ": "
        + ", ".join(
            f"{ESTIMATED[run.mode]} {statistics.median(run.cpu) + BUILD_DELAY:.2f} s" for run in runs if run.cpu
        )
        + " (estimates, not measurements).",
        END,
    ]
    return "\n".join(out) + "\n"


def _tally(xs: list[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for x in xs:
        found[x] = found.get(x, 0) + 1
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.preview", description=__doc__)
    parser.add_argument("--saves", type=int, default=10, help="saves measured in each mode (default 10)")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md", help="the report (default BENCHMARKS.md)")
    parser.add_argument(
        "--modes",
        nargs="+",
        choices=(ARTICLE, COLLECTION),
        default=[ARTICLE, COLLECTION],
        help=f"what is served: the real article, a collection of {COLLECTION_SIZE} articles (default both)",
    )
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        for mode in args.modes:
            runs.append(measure(mode, args.saves, Path(tmp)))
    text = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    args.out.write_text(SECTION.replaced(text, section(runs, (load, os.getloadavg()[0]))), encoding="utf-8")
    print(f"wrote the preview section of {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
