"""A command → its wall time, CPU time and peak memory, measured in a small launcher process; the machine."""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("mkdocs", "mkdocs-material", "jieba", "rjieba", "pyahocorasick", "pypinyin", "Jinja2", "PyYAML")


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
