"""Every use of a private part of MkDocs or of Material, in one module.

Checked against MkDocs 1.6.1, ProperDocs 1.6.7 and Material 9.8.1 (`CHECKED_AGAINST`).
A later release may rename or drop any of these; `missing_internals()` names each one
that is gone, and tests/test_mkdocs_internals.py fails with that list, so an upgrade
shows what to mend here instead of failing somewhere in a build.

What we use, and why:

* `mkdocs.commands.build._populate_page` and `_build_page`, MkDocs' work on one page,
  stood in for by `generator.publish.parallel_pages` to share it among processes;
* `Page._title_from_render`, the title a page's first heading gives, carried back from
  those processes;
* Material's `SearchPlugin`, its `search_index.entries` (carried back too) and
  `search_index_prev`, the index a dirty build merges into, and its `config.lang`, set
  before the plugin reads it; the languages its search stems, by the lunr files it ships
  (`templates/assets/javascripts/lunr/min/lunr.<language>.min.js`);
* `mkdocs.livereload._serve_url` and the live-reload server's `_rebuild_cond`,
  `_want_rebuild` and `_watched_paths`, for the preview's own file watching.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

__all__ = [
    "CHECKED_AGAINST",
    "forget_merged_search_index",
    "missing_internals",
    "page_functions",
    "page_functions_replaced",
    "request_rebuild",
    "search_entries",
    "search_plugin_of",
    "search_plugins",
    "searched_languages",
    "serve_url",
    "set_title_from_render",
    "title_from_render",
    "watched_paths",
]

CHECKED_AGAINST = {"mkdocs": "1.6.1", "properdocs": "1.6.7", "mkdocs-material": "9.8.1"}
"""The releases whose private parts this module was read against."""

_PAGE_FUNCTIONS = {
    "_populate_page": ("page", "config", "files", "dirty"),
    "_build_page": ("page", "config", "doc_files", "nav", "env", "dirty", "excluded"),
}
"""MkDocs' per-page functions, with the parameters we call them with."""
_SEARCH_PLUGIN = ("material.plugins.search.plugin", "SearchPlugin")
_SERVER_ATTRIBUTES = ("_rebuild_cond", "_want_rebuild", "_watched_paths")

PageFunction = Callable[..., None]


# -- the work on each page ------------------------------------------------------------


def page_functions() -> tuple[PageFunction, PageFunction] | None:
    """MkDocs' `_populate_page` and `_build_page`, or None when this MkDocs lacks them."""
    import mkdocs.commands.build as build

    found = [getattr(build, name, None) for name in _PAGE_FUNCTIONS]
    if not all(callable(f) for f in found):
        return None
    return found[0], found[1]  # type: ignore[return-value]


@contextlib.contextmanager
def page_functions_replaced(populate: PageFunction, build_page: PageFunction) -> Iterator[None]:
    """MkDocs calls `populate` and `build_page` for each page while active."""
    import mkdocs.commands.build as build

    saved = build._populate_page, build._build_page
    build._populate_page, build._build_page = populate, build_page
    try:
        yield
    finally:
        build._populate_page, build._build_page = saved


def title_from_render(page: Any) -> str | None:
    """The title the page's first heading gave when it was converted."""
    title: str | None = vars(page).get("_title_from_render")
    return title


def set_title_from_render(page: Any, title: str | None) -> None:
    page._title_from_render = title


# -- Material's search index ---------------------------------------------------------------


def search_plugin_of(handler: Callable[..., Any]) -> Any:
    """Material's search plugin, when `handler` is one of its event methods; else None."""
    plugin = getattr(handler, "__self__", None)
    cls = type(plugin)
    if (cls.__module__, cls.__name__) == _SEARCH_PLUGIN:
        return plugin
    return None


def search_plugins(cfg: Any) -> list[Any]:
    """Material's search plugins among a loaded config's."""
    return [
        plugin
        for plugin in cfg.plugins.values()
        if (type(plugin).__module__, type(plugin).__name__) == _SEARCH_PLUGIN
    ]


_LUNR_FILES = Path("templates/assets/javascripts/lunr/min")
"""Where Material keeps lunr's language files, in its package."""


def searched_languages() -> frozenset[str]:
    """The languages Material's search stems and splits words in (besides English, lunr's
    own): those it ships a `lunr.<language>.min.js` for."""
    import material  # type: ignore[import-untyped]

    folder = Path(material.__file__).resolve().parent / _LUNR_FILES
    return frozenset(
        path.name.removeprefix("lunr.").removesuffix(".min.js")
        for path in folder.glob("lunr.*.min.js")
    )


def search_entries(plugin: Any) -> list[Any]:
    """The entries of the index the search plugin is building (appended to in place)."""
    entries: list[Any] = plugin.search_index.entries
    return entries


def forget_merged_search_index(cfg: Any) -> None:
    """Make the next build's search index from its own pages only.

    MkDocs keeps one instance of a plugin with `on_startup` for the whole process, and
    Material's search plugin, once a preview's dirty builds have run, merges each new
    index into the one it kept: a full build later in the same process would publish
    the preview's entries (its drafts too).
    """
    for plugin in cfg.plugins.values():
        if hasattr(plugin, "search_index_prev"):
            plugin.search_index_prev = None


# -- the live-reload server ---------------------------------------------------------------


def serve_url(host: str, port: int, mount_path: str) -> str:
    """The address MkDocs' server prints and its pages use, e.g. `http://127.0.0.1:8000/`."""
    from mkdocs.livereload import _serve_url

    url: str = _serve_url(host, port, mount_path)
    return url


def request_rebuild(server: Any) -> None:
    """Ask the server to rebuild, as its own file watcher does on a change."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def watched_paths(server: Any) -> list[str]:
    """The paths the server watches."""
    return list(server._watched_paths)


# -- the check -------------------------------------------------------------------------------


def missing_internals() -> list[str]:
    """Each private part above that the installed MkDocs or Material lacks, in words."""
    missing = _missing_page_functions() + _missing_page_attribute()
    missing += _missing_search_plugin_parts() + _missing_server_parts()
    return missing


def _missing_page_functions() -> list[str]:
    import mkdocs.commands.build as build

    missing = []
    for name, expected in _PAGE_FUNCTIONS.items():
        function = getattr(build, name, None)
        if not callable(function):
            missing.append(f"mkdocs.commands.build.{name} is gone")
            continue
        parameters = tuple(inspect.signature(function).parameters)
        if parameters != expected:
            missing.append(f"mkdocs.commands.build.{name} takes {parameters}, not {expected}")
    return missing


def _missing_page_attribute() -> list[str]:
    from mkdocs.structure.pages import Page

    source = inspect.getsource(Page)
    if "self._title_from_render" not in source:
        return ["mkdocs.structure.pages.Page no longer sets _title_from_render"]
    return []


def _missing_search_plugin_parts() -> list[str]:
    import importlib

    module_name, class_name = _SEARCH_PLUGIN
    module = importlib.import_module(module_name)
    needed = {
        class_name: ("self.search_index_prev", "self.search_index"),
        "SearchIndex": ("self.entries",),
    }
    missing = []
    for name, attributes in needed.items():
        cls = getattr(module, name, None)
        if cls is None:
            missing.append(f"{module_name}.{name} is gone")
            continue
        source = inspect.getsource(cls)
        missing += [f"{name} no longer uses {a}" for a in attributes if a not in source]
    return missing


def _missing_server_parts() -> list[str]:
    import mkdocs.livereload as livereload

    missing = []
    if not callable(getattr(livereload, "_serve_url", None)):
        missing.append("mkdocs.livereload._serve_url is gone")
    source = inspect.getsource(livereload.LiveReloadServer)
    missing += [
        f"LiveReloadServer no longer has {name}"
        for name in _SERVER_ATTRIBUTES
        if f"self.{name}" not in source
    ]
    return missing
