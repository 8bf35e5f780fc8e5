"""parallel.Background: a stage run by a process of its own while the build goes on."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from build_scripts.pipeline import parallel
from build_scripts.pipeline.parallel import Background
from tests.support.paths import ROOT


@pytest.fixture
def two_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "workers", lambda: 2)


@pytest.mark.usefixtures("two_cpus")
def test_a_background_result_comes_from_another_process() -> None:
    text = "平安浙江" * 50_000  # more than a pipe holds at once: the process waits until it is read
    with Background(lambda: (os.getpid(), text, [len(text)])) as job:
        pid, got, size = job.result()
    assert pid != os.getpid() and got == text and size == [200_000]


def test_with_one_cpu_the_function_runs_when_its_result_is_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    calls: list[int] = []

    def fn() -> str:
        calls.append(os.getpid())
        return "结果"

    with Background(fn) as job:
        assert calls == []
        assert job.result() == "结果" and calls == [os.getpid()]


@pytest.mark.usefixtures("two_cpus")
def test_an_exception_in_the_background_is_raised_with_its_traceback() -> None:
    def fails() -> None:
        raise ValueError("术语表坏了")

    with (
        Background(fails) as job,
        pytest.raises(RuntimeError, match=r"(?s)process failed.*fails.*ValueError: 术语表坏了"),
    ):
        job.result()


@pytest.mark.usefixtures("two_cpus")
def test_a_background_process_that_dies_is_an_error() -> None:
    with Background(lambda: os._exit(3)) as job, pytest.raises(RuntimeError, match="exit code 3 and no result"):
        job.result()


def test_a_failure_before_the_result_is_taken_ends_the_process_instead_of_hanging() -> None:
    # a result larger than a pipe holds, never taken: the process would wait for ever to send it,
    # and Python, exiting, would wait for the process
    script = (
        "from build_scripts.pipeline import parallel\n"
        "parallel.workers = lambda: 2\n"
        "with parallel.Background(lambda: '平' * 1_000_000):\n"
        "    raise ValueError('读文章时出错')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 1 and "ValueError: 读文章时出错" in proc.stderr
