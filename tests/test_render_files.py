"""`render_files.write_tree` with forked workers: who writes, and how failures surface."""

from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from generator.corpus import forking
from generator.render import files as render_files
from generator.render.files import PARALLEL_MINIMUM, Producer, default_jobs, write_tree


def _pid() -> bytes:
    return str(os.getpid()).encode()


def _fail() -> bytes:
    raise ValueError("this page cannot be rendered")


def _die() -> bytes:
    os._exit(3)


def test_workers_make_and_write_the_files(tmp_path: Path) -> None:
    files: dict[str, bytes | Producer] = {
        f"pages/{i:04d}.md": _pid for i in range(PARALLEL_MINIMUM * 2)
    }
    files["fixed.txt"] = b"as given"
    result = write_tree(tmp_path, files, jobs=2)
    assert result.written == tuple(sorted(files))
    writers = {(tmp_path / path).read_bytes() for path in files if path != "fixed.txt"}
    assert str(os.getpid()).encode() not in writers  # made in forked workers, not here
    assert 1 <= len(writers) <= 2
    assert (tmp_path / "fixed.txt").read_bytes() == b"as given"


def test_a_small_tree_is_written_in_process(tmp_path: Path) -> None:
    files: dict[str, bytes | Producer] = {f"{i}.md": _pid for i in range(PARALLEL_MINIMUM - 1)}
    write_tree(tmp_path, files, jobs=2)
    assert {(tmp_path / path).read_bytes() for path in files} == {str(os.getpid()).encode()}


def test_an_error_in_a_worker_is_raised_here(tmp_path: Path) -> None:
    files: dict[str, bytes | Producer] = {f"{i:04d}.md": b"x" for i in range(PARALLEL_MINIMUM)}
    files["0100.md"] = _fail
    with pytest.raises(ValueError, match="this page cannot be rendered"):
        write_tree(tmp_path, files, jobs=2)
    assert render_files._FORKED_WORK is None


def test_a_worker_that_dies_fails_the_render_instead_of_hanging_it(tmp_path: Path) -> None:
    files: dict[str, bytes | Producer] = {f"{i:04d}.md": b"x" for i in range(PARALLEL_MINIMUM)}
    files["0100.md"] = _die
    with pytest.raises(BrokenProcessPool):
        write_tree(tmp_path, files, jobs=2)


def test_default_jobs_is_the_cpus_available_capped() -> None:
    assert default_jobs() == min(8, len(os.sched_getaffinity(0)))


def test_outside_linux_one_process_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking.sys, "platform", "darwin")
    assert default_jobs() == 1


def test_without_fork_the_files_are_written_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render_files.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    files: dict[str, bytes | Producer] = {f"{i:04d}.md": _pid for i in range(PARALLEL_MINIMUM)}
    write_tree(tmp_path, files, jobs=2)
    assert {(tmp_path / path).read_bytes() for path in files} == {str(os.getpid()).encode()}
