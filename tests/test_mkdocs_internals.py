"""generator.publish.mkdocs_internals: the private parts of MkDocs and Material we use are there."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from generator.publish import mkdocs_internals
from generator.publish.mkdocs_internals import (
    CHECKED_AGAINST,
    missing_internals,
    request_rebuild,
    serve_url,
    watched_paths,
)


def test_every_private_part_we_use_is_there() -> None:
    missing = missing_internals()
    assert not missing, (
        "MkDocs or Material changed what generator/publish/mkdocs_internals.py relies on "
        f"(checked against {CHECKED_AGAINST}); mend that module:\n  " + "\n  ".join(missing)
    )


def test_the_installed_releases_are_the_ones_checked() -> None:
    """A new release may keep the names and change what they do: read it, then update
    CHECKED_AGAINST (and the pins) together."""
    for package in ("mkdocs", "mkdocs-material"):
        assert metadata.version(package) == CHECKED_AGAINST[package], (
            f"{package} {metadata.version(package)} is installed, but "
            f"generator/publish/mkdocs_internals.py was checked against "
            f"{CHECKED_AGAINST[package]}: read its private parts again"
        )


def test_the_check_names_a_page_function_that_is_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    import mkdocs.commands.build as build

    monkeypatch.delattr(build, "_build_page")
    assert "mkdocs.commands.build._build_page is gone" in missing_internals()


def test_the_check_names_a_page_function_whose_parameters_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import mkdocs.commands.build as build

    def renamed(page: object, config: object, files: object, incremental: bool = False) -> None:
        """What a release that renamed `dirty` would have."""

    monkeypatch.setattr(build, "_populate_page", renamed)
    assert missing_internals() == [
        "mkdocs.commands.build._populate_page takes "
        "('page', 'config', 'files', 'incremental'), not ('page', 'config', 'files', 'dirty')"
    ]


def test_the_check_names_a_server_attribute_that_is_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mkdocs_internals, "_SERVER_ATTRIBUTES", ("_rebuild_cond", "_no_such"))
    assert missing_internals() == ["LiveReloadServer no longer has _no_such"]


def test_the_live_reload_parts_work_on_a_real_server(tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    rebuilt: list[int] = []
    server = LiveReloadServer(
        builder=lambda: rebuilt.append(1), host="127.0.0.1", port=0, root=str(tmp_path)
    )
    try:
        server.watch(str(tmp_path))
        assert watched_paths(server) == [str(tmp_path)]
        request_rebuild(server)
        assert server._want_rebuild
    finally:
        server.server_close()
    assert serve_url("127.0.0.1", 8000, "/sub/") == "http://127.0.0.1:8000/sub/"
