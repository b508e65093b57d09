"""Work shared among forked processes, for the stages that use both cores.

`factcheck validate` (`judged_apart`), the render and MkDocs' page work hand batches to
`forked_map`; `default_jobs` says how many processes a machine gets.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

__all__ = ["default_jobs", "forked_map", "forking_available"]


_Batch = TypeVar("_Batch")
_Result = TypeVar("_Result")


def forked_map(
    function: Callable[[_Batch], _Result], batches: Sequence[_Batch], jobs: int
) -> list[_Result]:
    """`function` of each batch, in order, done by `jobs` forked processes.

    A signal handler that raises (a build's SIGINT/SIGTERM, Ctrl-C's KeyboardInterrupt)
    could run while ProcessPoolExecutor's first `submit` forked the workers, before the
    thread that stops them existed: they waited for work forever, and the interpreter,
    which joins them at exit, hung. So the batches are submitted with both signals held
    (the workers inherit that and leave stopping to this process), and a signal that
    came meanwhile is raised right after. On the way out, batches not started are dropped.
    Each worker then ends with this process (`_end_with_parent`).

    A function or batch that cannot be pickled raises here, before any worker starts:
    when a call could not be pickled, Python 3.11's pool could hang in `shutdown` with
    `cancel_futures` (CPython issue 116685).
    """
    _check_picklable(function, batches)
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_end_with_parent,
        initargs=(os.getpid(),),
    )
    try:
        with _signals_held():
            futures = [pool.submit(function, batch) for batch in batches]
        return [future.result() for future in futures]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _check_picklable(function: Callable[[_Batch], object], batches: Sequence[_Batch]) -> None:
    """Raise what pickling the calls raises (a programming error, never the content's)."""
    for batch in batches:
        pickle.dumps((function, batch))


_PR_SET_PDEATHSIG = 1
"""prctl(2): the signal a process gets when the thread that forked it ends."""


def _end_with_parent(parent: int) -> None:
    """In a worker: SIGTERM ends it again (it inherited the held signals), and on Linux so
    does its parent's end. A build killed outright (the OOM killer, SIGKILL) left its idle
    workers waiting for work forever, each holding its share of the corpus."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent stops
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it ended before prctl took effect
        os._exit(1)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM during the block, then raise the first that came."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []

    def hold(signum: int, frame: object) -> None:
        pending.append(signum)

    old = {s: signal.signal(s, hold) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)
        if pending:
            signal.raise_signal(pending[0])


def default_jobs() -> int:
    """The CPUs this process may run on (at most 8: beyond that, writing dominates).

    1 outside Linux: the workers are forked, and macOS's system libraries do not
    survive a fork reliably (Windows has none).
    """
    if not sys.platform.startswith("linux"):
        return 1
    return max(1, min(8, len(os.sched_getaffinity(0))))


def forking_available() -> bool:
    """Whether this system can fork worker processes."""
    return "fork" in multiprocessing.get_all_start_methods()
