"""contentkit.SharedBuild: a test that writes into the build the session shares fails loudly."""

from __future__ import annotations

from pathlib import Path

import pytest
from contentkit import SharedBuild, ShippedBuild


def shared_in(root: Path) -> SharedBuild:
    (root / "site" / "claims").mkdir(parents=True)
    (root / "site" / "index.html").write_text("<h1>Home</h1>\n", encoding="utf-8")
    (root / "site" / "claims" / "a.html").write_text("<h1>A</h1>\n", encoding="utf-8")
    return SharedBuild(ShippedBuild(root, root / "site", None))


def test_an_untouched_build_passes(tmp_path: Path) -> None:
    shared = shared_in(tmp_path)
    (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    shared.check_unchanged("tests/test_reader.py")


def test_a_changed_added_or_removed_file_fails_naming_the_writer_and_each_file(
    tmp_path: Path,
) -> None:
    shared = shared_in(tmp_path)
    (tmp_path / "site" / "index.html").write_text("<h1>Home!</h1>\n", encoding="utf-8")
    (tmp_path / "site" / "claims" / "a.html").unlink()
    (tmp_path / "site" / "new.html").write_text("", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception) as failed:
        shared.check_unchanged("tests/test_writer.py")
    assert str(failed.value) == (
        f"tests/test_writer.py wrote into the shared build of the shipped content ({tmp_path}),"
        " which other tests read: give it a build of its own (tmp_path).\n"
        "  site/claims/a.html (removed)\n"
        "  site/index.html (changed)\n"
        "  site/new.html (added)"
    )


def test_the_same_bytes_written_again_pass(tmp_path: Path) -> None:
    """What counts is the bytes, not the file's times."""
    shared = shared_in(tmp_path)
    page = tmp_path / "site" / "index.html"
    page.write_bytes(page.read_bytes())
    shared.check_unchanged("tests/test_reader.py")


def test_each_change_is_told_once(tmp_path: Path) -> None:
    """The module that wrote fails; the modules after it are not blamed for it too."""
    shared = shared_in(tmp_path)
    (tmp_path / "site" / "index.html").write_text("changed", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception):
        shared.check_unchanged("tests/test_writer.py")
    shared.check_unchanged("tests/test_reader.py")
