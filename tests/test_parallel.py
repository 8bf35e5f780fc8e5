"""parallel.background: a stage run by a process of its own while the build goes on."""

from __future__ import annotations

import os

import pytest

from build_scripts import parallel
from build_scripts.parallel import background


def test_a_background_result_comes_from_another_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    text = "平安浙江" * 50_000  # more than a pipe holds at once: the process waits until it is read
    result = background(lambda: (os.getpid(), text, [len(text)]))
    pid, got, size = result()
    assert pid != os.getpid() and got == text and size == [200_000]


def test_with_one_cpu_the_function_runs_when_its_result_is_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    calls: list[int] = []

    def fn() -> str:
        calls.append(os.getpid())
        return "结果"

    result = background(fn)
    assert calls == []
    assert result() == "结果" and calls == [os.getpid()]


def test_an_exception_in_the_background_is_raised_with_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "workers", lambda: 2)

    def fails() -> None:
        raise ValueError("术语表坏了")

    result = background(fails)
    with pytest.raises(RuntimeError, match=r"(?s)background process failed.*fails.*ValueError: 术语表坏了"):
        result()


def test_a_background_process_that_dies_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    result = background(lambda: os._exit(3))
    with pytest.raises(RuntimeError, match="exit code 3 and no result"):
        result()
