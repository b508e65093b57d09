"""Writing the generated tree into docs_dir incrementally.

MkDocs' `serve` and any file-watching tool rebuild what changed, so a render
that changes nothing must touch nothing:

* a file is written only when its bytes differ (unchanged files keep their
  bytes and mtime), atomically (temporary sibling + `os.replace`);
* files this renderer generated last time and does not generate now are
  deleted, with directories they leave empty. What was generated is recorded in
  a manifest, `docs_dir/.factcheck-render.json` (MkDocs skips dot files), so
  files someone else put in docs_dir are never deleted. The manifest is updated
  to cover new files *before* they are written, so an interrupted render can
  always clean up after itself next time.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.corpus.forking import default_jobs, forked_map

__all__ = [
    "MANIFEST_NAME",
    "Producer",
    "RenderResult",
    "default_jobs",
    "forked_map",
    "write_tree",
]

MANIFEST_NAME = ".factcheck-render.json"

Producer = Callable[[], bytes]
"""Makes one generated file's bytes when called."""


@dataclass(frozen=True)
class RenderResult:
    """What a render did to docs_dir; paths are POSIX, relative to docs_dir, sorted."""

    written: tuple[str, ...]
    """Files created or changed."""
    unchanged: tuple[str, ...]
    """Generated files whose bytes were already right (not touched)."""
    deleted: tuple[str, ...]
    """Files generated before that are no longer generated."""

    @property
    def generated(self) -> tuple[str, ...]:
        """Every file this render generated."""
        return tuple(sorted(self.written + self.unchanged))


def write_tree(
    docs_dir: Path, files: Mapping[str, bytes | Producer], *, jobs: int = 1
) -> RenderResult:
    """Make docs_dir hold exactly `files` among the files we generate.

    A file's content is its bytes, or a function that makes them (called once, and
    the bytes dropped once written). With `jobs` > 1, that work is shared among
    as many forked processes, each making and writing its own files.
    """
    for path in files:
        _check_relative(path)
    docs_dir.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(docs_dir)
    _write_manifest(docs_dir, previous | set(files))
    written = sorted(_write_files(docs_dir, files, jobs))
    stale = sorted(previous - set(files))
    for path in stale:
        _delete(docs_dir, path)
    _write_manifest(docs_dir, set(files))
    return RenderResult(
        written=tuple(written),
        unchanged=tuple(sorted(set(files) - set(written))),
        deleted=tuple(stale),
    )


def _write_files(docs_dir: Path, files: Mapping[str, bytes | Producer], jobs: int) -> list[str]:
    """Paths written (in no particular order)."""
    paths = sorted(files)
    if (
        jobs <= 1
        or len(paths) < PARALLEL_MINIMUM
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return _write_some(docs_dir, files, paths)
    global _FORKED_WORK
    _FORKED_WORK = (docs_dir, files)
    try:
        # fork, not spawn: the workers inherit the files' functions and the corpus
        # they close over, which neither could nor should be pickled. A worker that
        # dies (killed, out of memory) fails the render instead of hanging it.
        batches = forked_map(_write_forked, _batches(paths, jobs), jobs)
        return [path for batch in batches for path in batch]
    finally:
        _FORKED_WORK = None


PARALLEL_MINIMUM = 200
"""Fewer files than this are written in-process: forking costs more than it saves."""

_FORKED_WORK: tuple[Path, Mapping[str, bytes | Producer]] | None = None
"""What the forked workers write: set just before they fork."""


def _batches(paths: list[str], jobs: int) -> list[list[str]]:
    """Small batches, so that a worker that drew slow files takes fewer of them."""
    size = max(1, min(64, len(paths) // (jobs * 16)))
    return [paths[start : start + size] for start in range(0, len(paths), size)]


def _write_forked(paths: list[str]) -> list[str]:
    assert _FORKED_WORK is not None, "only called in a worker forked by _write_files"
    docs_dir, files = _FORKED_WORK
    return _write_some(docs_dir, files, paths)


def _write_some(
    docs_dir: Path, files: Mapping[str, bytes | Producer], paths: Iterable[str]
) -> list[str]:
    written = []
    for path in paths:
        content = files[path]
        if write_if_changed(docs_dir / path, content if isinstance(content, bytes) else content()):
            written.append(path)
    return written


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically unless it already holds exactly that; True if written."""
    with contextlib.suppress(FileNotFoundError, IsADirectoryError):
        if path.read_bytes() == data:
            return False
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        try:
            handle = open(temporary, "wb")  # noqa: SIM115 - closed below, before the rename
        except FileNotFoundError:  # the folder is new: checked only then, not before every file
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(temporary, "wb")  # noqa: SIM115
        with handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


def _check_relative(path: str) -> None:
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or str(pure) != path:
        raise ValueError(f"not a plain relative path: {path!r}")


def _read_manifest(docs_dir: Path) -> set[str]:
    """Paths generated last time; unreadable or odd entries are ignored, never deleted."""
    try:
        entries = json.loads((docs_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return set()
    if not isinstance(entries, list):
        return set()
    return {entry for entry in entries if isinstance(entry, str) and _is_relative(entry)}


def _is_relative(path: str) -> bool:
    try:
        _check_relative(path)
    except ValueError:
        return False
    return path != MANIFEST_NAME


def _write_manifest(docs_dir: Path, paths: Iterable[str]) -> None:
    data = json.dumps(sorted(paths), indent=0) + "\n"
    write_if_changed(docs_dir / MANIFEST_NAME, data.encode("utf-8"))


def _delete(docs_dir: Path, path: str) -> None:
    target = docs_dir / path
    if target.is_file() or target.is_symlink():
        target.unlink()
    parent = target.parent
    while parent != docs_dir and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
