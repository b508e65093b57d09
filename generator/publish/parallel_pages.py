"""MkDocs' work on each page, shared among forked processes.

MkDocs handles one page at a time in one process. In a site of 2,000 claims,
nearly all of a build is two loops over the pages: `_populate_page` (read the
Markdown, convert it to HTML) and `_build_page` (render the theme's template,
which Material's search plugin indexes, and write the HTML). Once every page
is known, each page's work in either loop depends on no other page's, so
`parallel_pages(jobs)` runs both loops in `jobs` forked processes:

* converting: the first call converts every page in the workers; then each
  call, in MkDocs' order, puts one page's results in place (its Markdown,
  metadata, HTML, table of contents, anchors and links to anchors);
* building: the workers render and write the pages' HTML and hand back the
  search-index entries each page made; each call, in MkDocs' order, adds one
  page's entries to the index.

What a worker logs is sent back and logged again by the parent when the page's
turn comes, so warnings are the same and in the same order as in one process;
the site is byte-identical (tests compare). A page a worker could not handle
is done again by MkDocs itself in its turn, which raises and reports as usual.

It applies only where it is safe: a full (not dirty) build, `fork` available,
and no plugin that acts on single pages except Material's search indexing
(our `search`, and `offline` for the bundle). Anything else runs MkDocs as it is.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from generator.publish.mkdocs_internals import (
    page_functions,
    page_functions_replaced,
    search_entries,
    search_plugin_of,
    set_title_from_render,
    title_from_render,
)
from generator.publish.publisher import logger_names
from generator.render.files import forked_map

__all__ = ["parallel_pages", "runs_in_parallel"]

PER_PAGE_EVENTS = (
    "pre_page",
    "page_read_source",
    "page_markdown",
    "page_content",
    "page_context",
    "post_page",
)
"""Plugin events that MkDocs fires for each page, inside the two loops."""

MINIMUM_MARKDOWN = 128 * 1024
"""Less Markdown than this, all pages together, is built in one process: forking the
workers and handing their results back costs more than they save (the measurements are
in benchmarks/RESULTS.md, "Figures behind the code")."""

LogEntry = tuple[str, int, str]
"""A record a worker logged: logger name, level, message."""


@contextlib.contextmanager
def parallel_pages(jobs: int) -> Iterator[None]:
    """While active, MkDocs' full builds share their page work among `jobs` forked processes.

    Callers hold their own lock around MkDocs builds: this swaps two functions of
    `mkdocs.commands.build` for the duration. A MkDocs without them builds as it is
    (in one process; the tests that count the workers then fail).
    """
    single = jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods()
    originals = None if single else page_functions()
    if originals is None:
        yield
        return
    run = _Run(jobs, *originals)
    with page_functions_replaced(run.populate_page, run.build_page):
        yield


def runs_in_parallel(config: Any) -> bool:
    """Whether a full build with this loaded MkDocs config may share its page work.

    Every per-page plugin event must be empty, except `page_context`, which may
    hold Material's search indexing (its entries are handed back to the parent).
    """
    events = config.plugins.events
    if any(events[name] for name in PER_PAGE_EVENTS if name != "page_context"):
        return False
    return all(search_plugin_of(handler) is not None for handler in events["page_context"])


@dataclass(frozen=True)
class _Converted:
    """What `_populate_page` left on one page, as sent back by a worker."""

    markdown: str | None
    """The page's Markdown, front matter removed."""
    meta: dict[str, Any]
    """Its front matter."""
    content: str | None
    """Its HTML."""
    toc: Any
    """Its table of contents (`mkdocs.structure.toc.TableOfContents`)."""
    title_from_render: str | None
    """The title its first heading gave."""
    present_anchor_ids: set[str] | None
    """Anchors the page has."""
    links_to_anchors: dict[str, dict[str, str]] | None
    """Its links to anchors of pages, by the linked file's `src_uri`."""
    logged: list[LogEntry]
    """What was logged while converting it."""

    @classmethod
    def of(cls, page: Any, logged: list[LogEntry]) -> _Converted:
        links = vars(page).get("links_to_anchors")
        return cls(
            markdown=page.markdown,
            meta=page.meta,
            content=page.content,
            toc=page.toc,
            title_from_render=title_from_render(page),
            present_anchor_ids=page.present_anchor_ids,
            links_to_anchors=None
            if links is None
            else {file.src_uri: anchors for file, anchors in links.items()},
            logged=logged,
        )

    def put_on(self, page: Any, files: Any) -> None:
        page.markdown, page.meta, page.content, page.toc = (
            self.markdown,
            self.meta,
            self.content,
            self.toc,
        )
        set_title_from_render(page, self.title_from_render)
        page.present_anchor_ids = self.present_anchor_ids
        if self.links_to_anchors is not None:
            page.links_to_anchors = {
                files.src_uris[uri]: anchors for uri, anchors in self.links_to_anchors.items()
            }
        _log_again(self.logged)


@dataclass(frozen=True)
class _Built:
    """What `_build_page` did for one page that the parent must know."""

    search_entries: list[list[Any]]
    """The entries this page added to each search index (one list per index)."""
    logged: list[LogEntry]
    """What was logged while building it."""


class _Run:
    """One `parallel_pages` block: stands in for MkDocs' two per-page functions."""

    def __init__(
        self, jobs: int, original_populate: Callable[..., None], original_build: Callable[..., None]
    ) -> None:
        self.jobs = jobs
        self.original_populate = original_populate
        self.original_build = original_build
        self._converted: dict[str, _Converted] | None = None
        self._built: dict[str, _Built] | None = None
        self._search_entries: list[list[Any]] = []
        """The entry list of each search index being built."""

    def populate_page(self, page: Any, config: Any, files: Any, dirty: bool = False) -> None:
        if self._converted is None:  # the first page of a build: convert them all
            self._built = None
            self._converted = (
                {} if dirty or not runs_in_parallel(config) else self._convert_all(config, files)
            )
        done = self._converted.pop(page.file.src_uri, None)
        if done is None:
            self.original_populate(page, config, files, dirty)
        else:
            done.put_on(page, files)

    def build_page(
        self,
        page: Any,
        config: Any,
        doc_files: Sequence[Any],
        nav: Any,
        env: Any,
        dirty: bool = False,
        excluded: bool = False,
    ) -> None:
        if self._built is None:  # the first page of the second loop: build them all
            self._converted = None
            eligible = not dirty and runs_in_parallel(config)
            self._built = self._build_all(config, doc_files, nav, env) if eligible else {}
        done = self._built.pop(page.file.src_uri, None)
        if done is None:
            self.original_build(page, config, doc_files, nav, env, dirty, excluded)
            return
        for index, entries in zip(self._search_entries, done.search_entries, strict=True):
            index.extend(entries)
        _log_again(done.logged)

    def _convert_all(self, config: Any, files: Any) -> dict[str, _Converted]:
        from mkdocs.structure.files import InclusionLevel
        from mkdocs.structure.pages import Page

        pages = []
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)  # as MkDocs' loop would, just before converting it
            if file.page is not None:
                pages.append(file.page)
        if sum(_source_size(page.file) for page in pages) < MINIMUM_MARKDOWN:
            return {}
        work = _Work(pages, lambda page: self.original_populate(page, config, files, False))
        return _done_by_uri(pages, work.run(self.jobs, _convert))

    def _build_all(
        self, config: Any, doc_files: Sequence[Any], nav: Any, env: Any
    ) -> dict[str, _Built]:
        pages = [file.page for file in doc_files if file.page is not None]
        if sum(len(page.markdown or "") for page in pages) < MINIMUM_MARKDOWN:
            return {}
        for template in sorted({str(page.meta.get("template", "main.html")) for page in pages}):
            # Compiled once, here, and inherited by every worker. One that fails
            # fails its pages in the workers; MkDocs then reports it in their turn.
            with contextlib.suppress(Exception):
                env.get_template(template)
        self._search_entries = [
            search_entries(search_plugin_of(h)) for h in config.plugins.events["page_context"]
        ]

        def build(page: Any) -> None:
            self.original_build(
                page, config, doc_files, nav, env, False, page.file.inclusion.is_excluded()
            )

        work = _Work(pages, build, self._search_entries)
        return _done_by_uri(pages, work.run(self.jobs, _build))


def _done_by_uri(pages: list[Any], results: list[Any]) -> dict[str, Any]:
    """Each page's result by its `src_uri`; pages without one (not done) are left out."""
    return {page.file.src_uri: done for page, done in zip(pages, results, strict=True) if done}


def _source_size(file: Any) -> int:
    """Bytes of a page's Markdown file (0 for a page a plugin made in memory)."""
    try:
        return os.path.getsize(file.abs_src_path)
    except (TypeError, OSError):
        return 0


_FORKED: _Work | None = None
"""The work the forked processes share: set just before they fork."""


class _Work:
    """Pages and what to do with each, shared with forked workers."""

    def __init__(
        self,
        pages: list[Any],
        handle: Callable[[Any], None],
        search_entries: Sequence[list[Any]] = (),
    ) -> None:
        self.pages = pages
        self.handle = handle
        self.search_entries = search_entries

    def run(self, jobs: int, worker: Callable[[range], list[Any]]) -> list[Any]:
        """One result per page, in order; None for a page not done (from the first failure in a batch)."""
        global _FORKED
        _FORKED = self
        try:
            batches = forked_map(worker, _batches(len(self.pages), jobs), jobs)
            return [result for batch in batches for result in batch]
        finally:
            _FORKED = None


def _batches(count: int, jobs: int) -> list[range]:
    """Small batches, so that a worker that drew slow pages takes fewer of them."""
    size = max(1, min(32, count // (jobs * 16)))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def _convert(indexes: range) -> list[_Converted | None]:
    work = _forked()
    results: list[_Converted | None] = [None] * len(indexes)
    with _captured_logs() as logged:
        for n, index in enumerate(indexes):
            page = work.pages[index]
            try:
                work.handle(page)
            except Exception:  # MkDocs does this page again in its turn, and reports it
                break
            results[n] = _Converted.of(page, logged.take())
    return results


def _build(indexes: range) -> list[_Built | None]:
    work = _forked()
    results: list[_Built | None] = [None] * len(indexes)
    with _captured_logs() as logged:
        for n, index in enumerate(indexes):
            before = [len(entries) for entries in work.search_entries]
            try:
                work.handle(work.pages[index])
            except Exception:  # MkDocs builds this page again in its turn, and reports it
                break
            entries: list[list[Any]] = []
            for index_entries, start in zip(work.search_entries, before, strict=True):
                entries.append(index_entries[start:])
                del index_entries[start:]  # the parent keeps them; this process need not
            results[n] = _Built(entries, logged.take())
    return results


def _forked() -> _Work:
    assert _FORKED is not None, "only called in a worker forked by _Work.run"
    return _FORKED


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.entries: list[LogEntry] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.entries.append((record.name, record.levelno, record.getMessage()))

    def take(self) -> list[LogEntry]:
        taken, self.entries = self.entries, []
        return taken


@contextlib.contextmanager
def _captured_logs() -> Iterator[_Capture]:
    """In a worker: keep what is logged, for the parent to log, instead of emitting it here."""
    capture = _Capture()
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in logger_names())]
    saved = [logger.handlers for logger in loggers]
    for logger in loggers:
        logger.handlers = [capture]
    try:
        yield capture
    finally:
        for logger, handlers in zip(loggers, saved, strict=True):
            logger.handlers = handlers


def _log_again(entries: list[LogEntry]) -> None:
    for name, level, message in entries:
        logging.getLogger(name).log(level, "%s", message)
