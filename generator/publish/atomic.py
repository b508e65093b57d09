"""All or nothing: a build goes into a temporary sibling of its target and is put in place
in one step at the end.

A failed build, or one stopped by SIGINT/SIGTERM, leaves the previous `site/` and zip as
they were. The exchange uses Linux's `renameat2(RENAME_EXCHANGE)` where the kernel has it,
two renames otherwise; the signals are held while it happens, so it is never half done.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from generator.errors import BuildInterrupted, PublishError

__all__ = [
    "SiteBuild",
    "Staged",
    "absolute",
    "commit_all",
    "default_dir_mode",
    "interruptible",
    "new_staging_folder",
    "remove_staging_leftovers",
    "remove_stale",
    "rmtree_quiet",
    "swap_into_place",
]

_STALE_PREFIX = ".{name}.tmp-"


@dataclass(frozen=True)
class SiteBuild:
    """What a successful build produced."""

    path: Path
    """The site folder (`build_site`) or the zip (`build_offline_bundle`)."""
    warnings: tuple[str, ...]
    """Warnings MkDocs logged; empty unless `strict=False`."""
    seconds: float
    """Wall-clock time of the whole step."""


@dataclass
class Staged:
    """A finished build waiting in a temporary sibling of its target.

    `commit` puts it in place in one atomic step; `discard` removes it. Both are
    idempotent, so `finally: staged.discard()` is always safe. `commit_all` puts
    several in place with SIGINT/SIGTERM held, so the public site and the
    offline bundle are replaced together or not at all.
    """

    output: Path
    """The built site folder or zip, inside `work`."""
    target: Path
    """Where it goes: `site/` or `dist/<name>-offline.zip`."""
    work: Path
    """The temporary folder to remove afterwards (may equal `output`)."""
    warnings: tuple[str, ...]
    seconds: float
    done: bool = False

    def commit(self) -> SiteBuild:
        if self.done:
            raise RuntimeError(f"{self.target}: already committed or discarded")
        with signals_deferred():
            if self.output.is_dir():
                swap_into_place(self.output, self.target)
            else:
                os.replace(self.output, self.target)
            self.done = True
        self.discard()
        return SiteBuild(self.target, self.warnings, self.seconds)

    def discard(self) -> None:
        self.done = True
        rmtree_quiet(self.work)


def commit_all(staged: list[Staged]) -> list[SiteBuild]:
    """Put every staged output in place, with SIGINT/SIGTERM held until all are."""
    try:
        with signals_deferred():
            return [s.commit() for s in staged]
    finally:
        for s in staged:
            s.discard()


def absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def default_dir_mode() -> int:
    """What `mkdir` would give: 0777 less the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask


def new_staging_folder(target: Path) -> Path:
    """An empty temporary sibling of `target` to build into, after removing any that a
    killed build left (SIGKILL, power loss)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target.parent, target.name)
    return Path(tempfile.mkdtemp(prefix=_STALE_PREFIX.format(name=target.name), dir=target.parent))


def remove_staging_leftovers(target: Path) -> None:
    """Remove every temporary sibling a build of `target` may have left: a signal can land
    between a temporary folder's creation and the code that would remove it."""
    target = absolute(target)
    remove_stale(target.parent, target.name)


def remove_stale(parent: Path, name: str) -> None:
    """Temporary folders left by a build that was killed (SIGKILL, power loss)."""
    prefix = _STALE_PREFIX.format(name=name)
    for old in parent.glob(prefix + "*"):
        rmtree_quiet(old)


def rmtree_quiet(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        with contextlib.suppress(OSError):
            path.unlink()


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2). False when unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_into_place(new: Path, target: Path) -> None:
    """Make `new` appear at `target` in one step; the old tree ends up at `new`."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise PublishError(f"{target}: exists and is not a folder; not replacing it")
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        return
    # Fallback: two renames; `target` is missing only between them.
    old = new.with_name(new.name + "-old")
    os.rename(target, old)
    os.rename(new, target)
    os.rename(old, new)


class _Signalled(KeyboardInterrupt):
    """What the handler raises: not an `Exception`, so the `except Exception:` blocks of
    MkDocs, Markdown, Jinja2 or `logging` that a signal lands in cannot swallow it."""


def _signalled_in(exc: BaseException | None) -> _Signalled | None:
    """The handler's exception, if `exc` is it or came from it: Python 3.11 wraps one that
    lands in a class's creation (MkDocs' config classes, imported mid-build) in a
    RuntimeError, which `publisher.run_build` reports as a failed build."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, _Signalled):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """SIGINT and SIGTERM raise `BuildInterrupted`, so `finally` blocks clean up.

    Use it around a whole build (generator.commands.build does); nesting is harmless.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise _Signalled(
            f"build interrupted by {signal.Signals(signum).name}; the previous output is kept"
        )

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    except BaseException as exc:
        signalled = _signalled_in(exc)
        if signalled is None:
            raise
        raise BuildInterrupted(str(signalled)) from None
    finally:
        for s, h in old.items():
            signal.signal(s, h)


_deferring = False


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM while the output is swapped, so the swap is never half done.

    Python runs signal handlers in the main thread whichever thread the kernel
    picked, so swapping the handlers (not the thread's mask) is what defers them.
    A signal that came in meanwhile is raised afterwards: the new output is then
    complete and in place.
    """
    global _deferring
    if threading.current_thread() is not threading.main_thread() or _deferring:
        yield  # nested: the outermost deferral holds and re-raises
        return
    pending: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        pending.append(signum)

    old = {s: signal.signal(s, hold) for s in (signal.SIGINT, signal.SIGTERM)}
    _deferring = True
    try:
        yield
    finally:
        _deferring = False
        for s, h in old.items():
            signal.signal(s, h)
    if pending:
        raise BuildInterrupted(
            f"build interrupted by {signal.Signals(pending[0]).name} "
            "after the new output was put in place"
        )
