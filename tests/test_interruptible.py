"""A signal during a build interrupts it, wherever it lands.

Python runs a signal handler in whatever code the main thread is running at that moment,
and MkDocs, Python-Markdown, Jinja2 and `logging` all have `except Exception:` blocks that
carry on. A signal that landed in one of those was swallowed: `factcheck build` went on and
put the new site in place after Ctrl-C (seen in `logging`'s lock handling, about one
signal in ten at some points of the build).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.errors import BuildInterrupted, PublishError
from generator.publish.atomic import interruptible


def _signal_into_code_that_carries_on(sig: signal.Signals) -> bool:
    """Send `sig` to this process inside an `except Exception` block; whether that block
    caught what the handler raised."""
    try:
        os.kill(os.getpid(), sig)
        for _ in range(1_000_000):  # the handler runs at one of these steps
            pass
    except Exception:
        return True
    return False


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_in_code_that_catches_every_exception_still_interrupts(
    sig: signal.Signals,
) -> None:
    before = signal.getsignal(sig)
    with pytest.raises(BuildInterrupted, match=f"interrupted by {sig.name}"), interruptible():
        swallowed = _signal_into_code_that_carries_on(sig)
        pytest.fail(
            f"the build went on after {sig.name} (caught by `except Exception`: {swallowed})"
        )
    assert signal.getsignal(sig) == before


def test_nested_blocks_give_one_build_interrupted() -> None:
    with pytest.raises(BuildInterrupted, match="SIGTERM") as raised, interruptible():
        with interruptible():
            _signal_into_code_that_carries_on(signal.SIGTERM)
        pytest.fail("the inner block did not pass the interruption on")
    assert raised.value.exit_code == 130


def run_script(script: str, *, timeout: float) -> subprocess.CompletedProcess[str]:
    """`script` run by this Python from the repository's root; its output, as text."""
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        timeout=timeout,
    )


_FORK_THEN_SIGNAL = """
import os, signal, sys
from concurrent.futures import ProcessPoolExecutor
from generator.errors import BuildInterrupted, PublishError
from generator.publish.atomic import interruptible
from generator.render.files import forked_map

launch = ProcessPoolExecutor._launch_processes
def launch_then_signal(pool):
    launch(pool)  # the workers are forked; the thread that would stop them is not started
    os.kill(os.getpid(), signal.SIGTERM)
    for _ in range(1_000_000):  # the handler runs at one of these steps
        pass
ProcessPoolExecutor._launch_processes = launch_then_signal
try:
    with interruptible():
        forked_map(abs, range(-50, 0), 2)
except BuildInterrupted as exc:
    print(exc, flush=True)
    sys.exit(exc.exit_code)
print("not interrupted", flush=True)
"""


def test_a_signal_while_the_workers_are_forked_neither_hangs_nor_strands_them() -> None:
    """The interpreter joins the workers at exit: left without their stop, it waited forever."""
    done = run_script(_FORK_THEN_SIGNAL, timeout=120)
    assert (done.returncode, done.stdout.strip()) == (
        130,
        "build interrupted by SIGTERM; the previous output is kept",
    ), done.stderr


_FORK_AND_WAIT = """
import os, sys, time
from generator.corpus.forking import forked_map

def note_and_wait(batch):
    with open(os.path.join(sys.argv[1], str(os.getpid())), "w") as pid:
        pid.write("started")
    time.sleep(120)

forked_map(note_and_wait, [1, 2], 2)
"""


def _ended(pid: int) -> bool:
    """Whether process `pid` is gone or a zombie (its parent, here init, may not reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_workers_end_when_their_parent_is_killed_outright(tmp_path: Path) -> None:
    """SIGKILL (the OOM killer) gives the parent no time to stop its workers: they used to
    wait for work forever."""
    parent = subprocess.Popen(
        [sys.executable, "-c", _FORK_AND_WAIT, str(tmp_path)], cwd=Path(__file__).parents[1]
    )
    try:
        for _ in range(600):
            workers = [int(p.name) for p in tmp_path.iterdir()]
            if len(workers) == 2:
                break
            time.sleep(0.05)
        assert len(workers) == 2, "the workers did not start"
        assert not any(_ended(pid) for pid in workers)
    finally:
        parent.kill()
        parent.wait()
    for _ in range(200):
        if all(_ended(pid) for pid in workers):
            break
        time.sleep(0.05)
    assert all(_ended(pid) for pid in workers), "workers outlived their parent"


class _SignalOnSetName:
    def __init__(self, sig: signal.Signals) -> None:
        self.sig = sig

    def __set_name__(self, owner: type, name: str) -> None:
        _signal_into_code_that_carries_on(self.sig)


def test_a_signal_while_a_class_is_made_still_interrupts() -> None:
    """Python 3.11 wraps an exception from `__set_name__` in a RuntimeError, and the build
    reported that as a failed MkDocs build (exit 1) when a signal landed while MkDocs'
    config classes were imported."""
    with pytest.raises(BuildInterrupted, match="SIGINT"), interruptible():
        try:
            type("Config", (), {"option": _SignalOnSetName(signal.SIGINT)})
        except Exception as exc:  # as _run_mkdocs reports whatever MkDocs raised
            raise PublishError("MkDocs build failed") from exc
        pytest.fail("not interrupted")


_UNPICKLABLE_CALLS = """
from generator.corpus.forking import forked_map

def main():
    def local(batch):  # a local function cannot be pickled
        return batch
    for _ in range(10):
        try:
            forked_map(local, [[1], [2], [3], [4]], 2)
        except (AttributeError, TypeError) as e:
            print(type(e).__name__, flush=True)

main()
"""


def test_a_call_that_cannot_be_pickled_raises_every_time_and_never_hangs() -> None:
    """Python 3.11's pool could hang in `shutdown` once a call had failed to pickle (the
    second call of ten hung, here): `forked_map` checks the calls before it starts one."""
    done = run_script(_UNPICKLABLE_CALLS, timeout=60)
    assert done.stdout.split() == ["AttributeError"] * 10, done.stderr
