"""The MkDocs side of `factcheck serve`: incremental builds of a private site, and the
live-reload server that shows it.

`PreviewSite` builds the rendered Markdown of a preview: a dirty build (only pages
whose Markdown is newer than their HTML) after an edit, a full one into a sibling
folder that replaces the preview once complete. `serve_preview` serves it with MkDocs'
`LiveReloadServer`, which reloads open pages after each rebuild, watching the given
folders with inotify where the system has it.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator.errors import PublishError
from generator.publish.atomic import swap_into_place
from generator.publish.config import read_config
from generator.publish.mkdocs_internals import (
    forget_merged_search_index,
    request_rebuild,
    serve_url,
    watched_paths,
)
from generator.publish.parallel_pages import parallel_pages
from generator.publish.publisher import build_loaded, echoed_warnings, load_site_config
from generator.publish.search import SearchStopped, index_site

__all__ = ["CHANGE_EVENTS", "PreviewServer", "PreviewSite", "changes_only", "preview_url"]

Echo = Callable[[str], None]


class PreviewSite:
    """Builds one preview's Markdown (`docs_dir`) into its site folder, again and again."""

    def __init__(
        self,
        config: Path,
        docs_dir: Path,
        site_dir: Path,
        serve_url: str | None = None,
        *,
        claim_search: bool = False,
    ) -> None:
        self.config = config
        self.docs_dir = docs_dir
        self.site_dir = site_dir
        self.serve_url = serve_url
        self.claim_search = claim_search
        """Search is Pagefind's index of the published claims (`refresh_search`)."""
        self._plugins_started = False
        self._bytecode: dict[str, bytes] = {}
        """The theme's compiled templates, kept between builds."""
        self._indexing: tuple[threading.Thread, threading.Event] | None = None
        """The search index being made in the background, and what stops it."""

    def mkdocs_config(self) -> Any:
        """mkdocs.yml loaded for this preview (its folders, its address, not strict)."""
        overrides: dict[str, Any] = {
            "docs_dir": str(self.docs_dir),
            "site_dir": str(self.site_dir),
            "strict": False,
        }
        if self.serve_url:
            overrides["site_url"] = self.serve_url
        cfg = load_site_config(self.config, overrides, claim_search=self.claim_search)
        self._cache_theme_templates(cfg)
        return cfg

    def build(self, *, dirty: bool, echo: Echo, jobs: int = 1) -> None:
        """A dirty build in place, or a full one (in `jobs` processes) that replaces the
        preview only once it is complete, so a failing one leaves the last good preview up.
        MkDocs' warnings go to `echo`; an error raises."""
        self.stop_indexing()  # it reads the pages this build replaces
        cfg = self.mkdocs_config()
        if not self._plugins_started:
            # Plugins that define on_startup live for the whole session (MkDocs keeps
            # them across config loads); Material's search keeps its index between
            # dirty builds this way.
            cfg.plugins.on_startup(command="serve", dirty=True)
            self._plugins_started = True
        if dirty:
            with echoed_warnings(echo), parallel_pages(1):
                build_loaded(cfg, dirty=True, serve_url=self.serve_url)
            return
        forget_merged_search_index(cfg)
        staging = self.site_dir.with_name(self.site_dir.name + "-next")
        shutil.rmtree(staging, ignore_errors=True)
        cfg["site_dir"] = str(staging)
        try:
            with echoed_warnings(echo), parallel_pages(jobs):
                build_loaded(cfg, dirty=False, serve_url=self.serve_url)
            self.site_dir.mkdir(parents=True, exist_ok=True)
            swap_into_place(staging, self.site_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def refresh_search(self, echo: Echo) -> None:
        """Index the preview's published claims again, in the background, at a lower
        priority than the edits' rebuilds; the next `build` stops it. A failure goes to
        `echo`; search then keeps the last index. A no-op without `claim_search`."""
        self.stop_indexing()
        if not self.claim_search:
            return
        stop = threading.Event()

        def index() -> None:
            try:
                raw = read_config(self.config)
                index_site(self.site_dir, raw, offline=False, stop=stop, niceness=10)
            except SearchStopped:
                pass
            except PublishError as e:
                echo(f"warning: the preview's search was not updated: {e}")

        thread = threading.Thread(target=index, name="factcheck-serve-search", daemon=True)
        self._indexing = thread, stop
        thread.start()

    def finish_indexing(self) -> None:
        """Wait until the background indexing, if any, has finished."""
        if self._indexing is not None:
            self._indexing[0].join()

    def stop_indexing(self) -> None:
        """Stop the background indexing, if any, and wait until it has."""
        if self._indexing is not None:
            thread, stop = self._indexing
            stop.set()
            thread.join()
            self._indexing = None

    def _cache_theme_templates(self, cfg: Any) -> None:
        """Keep the theme's compiled Jinja templates in memory between builds.

        Jinja checks each template's source against the cached bytecode, so an
        edited template is compiled again.
        """
        import jinja2

        store = self._bytecode

        class _MemoryBytecodeCache(jinja2.BytecodeCache):
            def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                if bucket.key in store:
                    bucket.bytecode_from_string(store[bucket.key])

            def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                store[bucket.key] = bucket.bytecode_to_string()

        theme = cfg.theme
        get_env = theme.get_env

        def cached_env() -> jinja2.Environment:
            env: jinja2.Environment = get_env()
            env.bytecode_cache = _MemoryBytecodeCache()
            return env

        theme.get_env = cached_env


def preview_url(host: str, port: int, mount_path: str) -> str:
    """The preview's address, as the server prints it and its pages use it."""
    return serve_url(host, port, mount_path)


class PreviewServer:
    """MkDocs' live-reload server over a preview's site folder.

    `rebuild` is called (in the server's build thread) after every change under the
    watched paths, and whenever `request_rebuild` asks for it.
    """

    def __init__(
        self,
        rebuild: Callable[[], None],
        *,
        host: str,
        port: int,
        root: Path,
        mount_path: str,
        error_page: Callable[[int], bytes | None],
    ) -> None:
        from mkdocs.livereload import LiveReloadServer

        self._server = LiveReloadServer(
            builder=rebuild, host=host, port=port, root=str(root), mount_path=mount_path
        )
        self._server.build_delay = 0.05  # the events of one save come together
        self._server.error_handler = error_page

    def watch(self, paths: tuple[Path, ...]) -> None:
        """Watch `paths` with inotify where the system has it (a change is seen at once;
        MkDocs' own server polls every half second), else by polling."""
        import watchdog.observers

        server = self._server
        polling = changes_only(server.observer)
        server.observer = changes_only(watchdog.observers.Observer())
        try:
            for path in paths:
                server.watch(str(path))
        except OSError as exc:  # e.g. out of inotify watches
            click.echo(
                f"warning: cannot watch for changes with inotify ({exc}); polling instead",
                err=True,
            )
            for watched in watched_paths(server):
                server.unwatch(watched)
            server.observer = polling
            for path in paths:
                server.watch(str(path))

    def request_rebuild(self) -> None:
        request_rebuild(self._server)

    def serve_forever(self) -> None:
        """Serve until interrupted; raises OSError when the address cannot be bound."""
        try:
            self._server.serve()  # type: ignore[no-untyped-call]  # MkDocs leaves it untyped
        finally:
            self._server.shutdown()


CHANGE_EVENTS = frozenset({"created", "modified", "deleted", "moved", "closed"})
"""The watchdog events that mean a file changed. inotify also reports a file opened, or
closed unwritten; every rebuild reads mkdocs.yml, the templates and the content, so
reacting to those would rebuild (and reload the browser) forever."""


def changes_only(observer: Any) -> Any:
    """`observer`, with every handler scheduled on it called for changes only."""
    schedule = observer.schedule

    def schedule_changes(handler: Any, path: str, **options: Any) -> Any:
        react = handler.on_any_event

        def on_change(event: Any) -> None:
            if event.event_type in CHANGE_EVENTS:
                react(event)

        handler.on_any_event = on_change
        return schedule(handler, path, **options)

    observer.schedule = schedule_changes
    return observer
