"""A function over many items in forked worker processes, for the stages of a large build
(fork_map); and one stage run by a forked process of its own while the build goes on (Background).

Workers are forked, so they inherit the function and everything it refers to (the parsed
articles, the matcher, compiled templates) without pickling; only the items and the results
travel. Results come back in the items' order, so the output is the same as one process gives.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this much text (characters), starting worker processes costs more than they save.
PARALLEL_MIN_CHARS = 300_000

_task: Callable[[Any], Any] | None = None  # the function of fork_map's workers, inherited through fork


def _run(item: Any) -> Any:
    assert _task is not None
    return _task(item)


def workers() -> int:
    """How many processes may work at once: the CPUs this process may use, if it can fork safely."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1  # forking a process that runs threads (mkdocs serve) is unsafe
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def jobs_for(amount: int, minimum: int = PARALLEL_MIN_CHARS) -> int:
    """Processes for `amount` of work (by default, characters of text): one below `minimum`."""
    return workers() if amount >= minimum else 1


def fork_map(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """[fn(x) for x in items], by `jobs` forked processes when jobs > 1."""
    global _task
    if jobs <= 1 or len(items) < 2:
        return [fn(x) for x in items]
    _task = fn
    # The workers' garbage collector must not walk the objects they inherit: touching each one
    # would copy every page of the parent's memory into every worker.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return pool.map(_run, items, chunksize=max(1, len(items) // (jobs * 8)))
    finally:
        gc.unfreeze()
        _task = None


def chunks(n: int, jobs: int) -> list[range]:
    """0..n-1 cut into about 8 ranges per process: items for fork_map when each item is small."""
    size = max(1, -(-n // (jobs * 8)))
    return [range(i, min(n, i + size)) for i in range(0, n, size)]


class Background(Generic[R]):
    """fn() started now in a forked process, when this process may fork (workers() > 1); where it may
    not, fn runs in this process when its result is asked for.

    The process inherits what fn refers to; only the result travels back (pickled). An exception
    in it is raised by result() as a RuntimeError carrying its traceback: fn should return the
    problems it expects (a BuildError's) rather than raise them. Use it in a `with` block: leaving
    the block without the result (this process failed meanwhile) ends the process, which would
    otherwise wait for ever to hand over a result larger than a pipe holds.
    """

    def __init__(self, fn: Callable[[], R]) -> None:
        self._fn = fn
        self._process: multiprocessing.process.BaseProcess | None = None
        if workers() < 2:
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_deliver, args=(fn, send))  # not a daemon: fn may start workers
        gc.freeze()  # as in fork_map: the process's collector leaves what it inherits alone
        try:
            self._process.start()
        finally:
            gc.unfreeze()
        send.close()  # this process's copy: receiving then ends if the process dies without sending

    def result(self) -> R:
        if self._process is None:
            return self._fn()
        process, self._process = self._process, None
        try:
            ok, value = self._receive.recv()
        except EOFError:
            process.join()
            raise RuntimeError(f"a background process ended with exit code {process.exitcode} and no result") from None
        finally:
            self._receive.close()
        process.join()
        if not ok:
            raise RuntimeError(f"a background process failed:\n{value}")
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """End the process if its result was not taken."""
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._receive.close()
            self._process = None

    def __enter__(self) -> Background[R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _deliver(fn: Callable[[], Any], send: Connection) -> None:
    try:
        outcome = (True, fn())
    except BaseException:
        outcome = (False, traceback.format_exc())
    send.send(outcome)
    send.close()
