"""The exchange of `site/` itself: at no moment is the target missing or half deleted.

A mutation spot-check (issue 18) replaced the atomic swap by delete-then-rename and no
test noticed: the slow tests of test_atomic.py compare the site before and after a
build, never during the exchange. These tests watch the exchange:

* every file-system call the swap makes (renames, deletions) is wrapped, and before
  and after each one the target must be a whole tree, the old one or the new one;
* a separate process stats the target in a tight loop during many real swaps and
  must never find it missing;
* afterwards the new tree is at the target and the old one where the staging folder was.

When the kernel lacks renameat2(RENAME_EXCHANGE) the swap falls back to two renames,
and the target is missing between them (only there): that path is checked for that
order, and for deleting nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.publish import atomic
from generator.publish.atomic import Staged, new_staging_folder, swap_into_place

PAGES = ("index.html", "claims/one/index.html", "claims/two/index.html", "assets/site.css")


def make_tree(root: Path, label: str) -> Path:
    """A small site whose every file says which build it is."""
    for page in PAGES:
        path = root / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{label}:{page}", encoding="utf-8")
    return root


def label_of(root: Path) -> str | None:
    """The build a whole tree at `root` comes from; None when missing or not whole."""
    labels = set()
    for page in PAGES:
        try:
            text = (root / page).read_text(encoding="utf-8")
        except OSError:
            return None
        label, _, name = text.partition(":")
        if name != page:
            return None
        labels.add(label)
    if len(labels) != 1 or sorted(_files(root)) != sorted(PAGES):
        return None
    return labels.pop()


def _files(root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]


def exchange_works(where: Path) -> bool:
    a, b = where / "probe-a", where / "probe-b"
    a.mkdir()
    b.mkdir()
    try:
        return atomic._exchange(a, b)
    finally:
        shutil.rmtree(a)
        shutil.rmtree(b)


class Spy:
    """Wraps every call that renames or deletes, recording it and the target's state
    (which build's whole tree it holds, or None) just before and just after it."""

    NAMES = (
        (os, "rename"),
        (os, "replace"),
        (os, "rmdir"),
        (os, "unlink"),
        (os, "remove"),
        (shutil, "rmtree"),
        (shutil, "move"),
    )

    def __init__(self, target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.target = target
        self.calls: list[tuple[str, tuple[str, ...], str | None, str | None]] = []
        self._depth = 0
        for module, name in self.NAMES:
            monkeypatch.setattr(module, name, self._wrap(name, getattr(module, name)))

    def _wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if self._depth:  # inside shutil.rmtree or shutil.move: recorded as one call
                return real(*args, **kwargs)
            self._depth += 1
            before = label_of(self.target)
            try:
                return real(*args, **kwargs)
            finally:
                self._depth -= 1
                paths = tuple(str(a) for a in args if isinstance(a, (str, os.PathLike)))
                self.calls.append((name, paths, before, label_of(self.target)))

        return wrapper

    @property
    def deletions(self) -> list[tuple[str, tuple[str, ...]]]:
        return [
            (name, paths)
            for name, paths, _, _ in self.calls
            if name in ("rmdir", "unlink", "remove", "rmtree")
        ]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_tree(tmp_path / "site", "old")


@pytest.fixture
def staging(site: Path) -> Path:
    return make_tree(new_staging_folder(site), "new")


# -- renameat2(RENAME_EXCHANGE), the path every Linux filesystem here takes ----------------


def test_the_swap_puts_the_new_tree_in_place_and_the_old_one_where_the_new_was(
    tmp_path: Path, site: Path, staging: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not exchange_works(tmp_path):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here; the fallback is tested below")
    spy = Spy(site, monkeypatch)
    swap_into_place(staging, site)
    assert label_of(site) == "new"
    assert label_of(staging) == "old"  # nothing of the old site was deleted
    for name, paths, before, after in spy.calls:
        assert before is not None and after is not None, (name, paths, before, after)
    assert spy.deletions == []


def test_committing_a_staged_site_deletes_the_old_tree_only_once_the_new_is_in_place(
    tmp_path: Path, site: Path, staging: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not exchange_works(tmp_path):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here; the fallback is tested below")
    spy = Spy(site, monkeypatch)
    built = Staged(staging, site, staging, (), 0.0).commit()
    assert built.path == site
    assert label_of(site) == "new"
    assert not staging.exists()  # the old tree, removed after the exchange
    assert spy.calls, "the commit deleted nothing: where did the old tree go?"
    for name, paths, before, after in spy.calls:
        # Every deletion happens with the new tree already at the target, and leaves it.
        assert (before, after) == ("new", "new"), (name, paths, before, after)
    assert [p.name for p in site.parent.iterdir()] == ["site"]


READER = textwrap.dedent(
    """
    import os, sys
    target, stop = sys.argv[1], sys.argv[2]
    looks = misses = 0
    print("ready", flush=True)
    while not os.path.exists(stop):
        for _ in range(200):
            looks += 1
            try:
                if not os.path.isdir(target):
                    misses += 1
            except OSError:
                misses += 1
    print(looks, misses, flush=True)
    """
)


def test_a_reader_never_finds_the_site_missing_during_many_swaps(
    tmp_path: Path, site: Path
) -> None:
    """A separate process (no shared interpreter lock with the swapper) stats the target
    as fast as it can while the site is replaced 150 times."""
    if not exchange_works(tmp_path):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here; the fallback is tested below")
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(site), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None
        assert reader.stdout.readline().strip() == "ready"
        for build in range(150):
            staging = make_tree(new_staging_folder(site), f"build{build}")
            swap_into_place(staging, site)
            assert label_of(site) == f"build{build}"
            assert label_of(staging) == ("old" if build == 0 else f"build{build - 1}")
            shutil.rmtree(staging)
            time.sleep(0.0005)  # let the reader run between swaps too
    finally:
        stop.touch()
        out, _ = reader.communicate(timeout=60)
    looks, misses = (int(n) for n in out.split())
    assert looks > 0
    assert misses == 0, f"the site was missing {misses} times in {looks} looks"


# -- the fallback: two renames --------------------------------------------------------------


@pytest.fixture
def no_exchange(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)
    yield


def test_without_renameat2_the_old_tree_is_moved_aside_never_deleted(
    site: Path, staging: Path, monkeypatch: pytest.MonkeyPatch, no_exchange: None
) -> None:
    spy = Spy(site, monkeypatch)
    swap_into_place(staging, site)
    assert label_of(site) == "new"
    assert label_of(staging) == "old"
    assert spy.deletions == []
    aside = str(staging) + "-old"
    # The target is missing only between the first two renames, as the docstring says.
    assert [(name, paths, before, after) for name, paths, before, after in spy.calls] == [
        ("rename", (str(site), aside), "old", None),
        ("rename", (str(staging), str(site)), None, "new"),
        ("rename", (aside, str(staging)), "new", "new"),
    ]
    assert sorted(p.name for p in site.parent.iterdir()) == sorted(["site", staging.name])


def test_a_first_build_renames_the_staging_folder_into_place(tmp_path: Path) -> None:
    target = tmp_path / "site"
    staging = make_tree(new_staging_folder(target), "first")
    swap_into_place(staging, target)
    assert label_of(target) == "first"
    assert not staging.exists()
