"""`factcheck serve`: a live preview that rebuilds itself when content or templates change.

    serve(content_dir, config, dev_addr="127.0.0.1:8000", include_drafts=True)

The preview lives in a private temporary folder (rendered Markdown and built
site), never in `build/docs/` or `site/`, and is removed on exit. MkDocs'
`LiveReloadServer` serves it, on the loopback interface unless told otherwise,
and reloads open pages after each rebuild. Anything changing under the content
folder, `site_templates/` or mkdocs.yml starts a rebuild:

1. **Validate**, reading, parsing and judging only the files that changed
   (`corpus.validation_cache.ValidationCache`; every claim is judged again when a source
   changes). Errors are printed as `path:line:col: error: ...`, and
   the last good preview stays up; nothing below runs.
2. **Render** into the private docs folder; only files whose bytes change are
   written (`render.files.write_tree`), so their mtimes tell MkDocs what changed.
   After an edit, the edited claim's page comes first; the rest of the site is
   rendered by a worker process (which forks renderers as `factcheck build` does,
   in a process group of its own, stopped as a whole when a newer edit arrives).
3. **MkDocs**, as a `dirty` build: only pages whose Markdown is newer than their
   HTML are rebuilt. The first build, and any after a change to mkdocs.yml, the
   theme override or a removed page, is a full build.

The first build runs before the server and its threads start, so it forks
workers as `factcheck build` does (render and MkDocs); later full builds run
in one process.

Dirty builds are for previews only: pages that were not rebuilt keep their old
navigation, and the search index is patched rather than rebuilt (Material's
search plugin merges the changed page's entries into the previous index). Release
and offline builds (`factcheck build`) are always full and byte-identical.

Drafts are shown unless `include_drafts` is False (`--no-drafts`): the renderer is
given `SiteSettings.include_drafts`, so each draft gets its page, opened by a
"Draft — not published" notice, and is marked "Draft" wherever it is listed. A
draft is an ordinary claim to the rebuilds: editing, adding it, or removing or
restoring its `draft: true` changes its file, so its page is rendered first and
the lists follow. `factcheck build` never sets `include_drafts`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import ipaddress
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

import click

from generator.commands.build import drafts_report, left_out
from generator.commands.validate import editions_of
from generator.corpus.models import ClaimDoc, Corpus
from generator.corpus.pipeline import validate_content
from generator.corpus.validate import Editions
from generator.corpus.validation_cache import ValidationCache
from generator.errors import Problem, describe_exception, display_path
from generator.publish.preview import PreviewServer, PreviewSite, preview_url
from generator.publish.publisher import DEFAULT_PUBLISHER, use_publisher
from generator.render.docs import TEMPLATES_DIR, render_docs, render_pages
from generator.render.files import default_jobs
from generator.render.settings import SettingsError, SiteSettings, load_settings

__all__ = ["Preview", "RebuildResult", "parse_dev_addr", "serve"]

SITE_TEMPLATES = TEMPLATES_DIR.parent
"""`site_templates/`: the Markdown templates, the assets and the theme override."""

log = logging.getLogger(__name__)


def parse_dev_addr(value: str) -> tuple[str, int]:
    """`host:port` (or `[v6]:port`) -> (host, port). Raises ValueError."""
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"{value!r} is not an address like 127.0.0.1:8000")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    return host, int(port)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class RebuildResult:
    """What one rebuild did."""

    ok: bool
    """False when validation, rendering or MkDocs failed (the last good preview stays)."""
    problems: tuple[Problem, ...]
    """Validation problems (errors and warnings)."""
    written: tuple[str, ...]
    """Rendered files that changed."""
    mkdocs: str
    """`full`, `dirty` or `skipped` (nothing changed)."""
    seconds: float
    pages_only: bool = False
    """Only the pages of the edited claims and sources were rendered; the rest follows."""
    what: str = ""
    """What was rebuilt, in words: "the page of claim x", "every page"."""
    why: str = ""
    """Why, in words: "content/claims/x.yaml changed" (empty for the first build)."""
    drafts: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    """Ids of the draft claims and draft sources in the content."""

    def log_line(self) -> str:
        """The line `factcheck serve` prints for a rebuild that changed the preview:
        "rebuilt the page of claim x (content/claims/x.yaml changed) in 0.31 s; the lists,
        search and data follow"."""
        why = f" ({self.why})" if self.why else ""
        rest = "; the lists, search and data follow" if self.pages_only else ""
        return f"rebuilt {self.what}{why} in {self.seconds:.2f} s{rest}"


MAX_PAGES_FIRST = 50
"""An edit touching more pages than this is rendered whole at once."""


class Preview:
    """Validates, renders and builds one content folder into a private folder, incrementally.

    An edit to a few claims or sources is shown in two steps: first their own
    pages (and the pages of the sources they quote), then everything (the lists
    of claims, the exports, the matrix), so the edited page does not wait for the
    pages that list every claim. With `background`, the second step renders in a
    separate process (on another core, stopped when a newer edit comes) and calls
    `background_done` when it has finished, after which `rebuild` only runs MkDocs;
    without, the next `rebuild` renders it (and `background_done` is called at once
    to ask for that). With `include_drafts` (the default, as for `factcheck serve`),
    drafts are rendered too, each marked as a draft.
    """

    def __init__(
        self,
        content_dir: Path,
        config: Path,
        work_dir: Path,
        *,
        serve_url: str | None = None,
        background: bool = False,
        background_done: Callable[[], None] | None = None,
        include_drafts: bool = True,
    ) -> None:
        self.content_dir = content_dir
        self.config = Path(os.path.abspath(config))
        self.docs_dir = work_dir / "docs"
        self.site_dir = work_dir / "site"
        self.serve_url = serve_url
        self.background = background
        self.background_done = background_done
        self.include_drafts = include_drafts
        self._worker: subprocess.Popen[str] | None = None
        self._worker_result: tuple[subprocess.Popen[str], int, str, str] | None = None
        self._worker_templates: tuple[object, ...] = ()
        self._lock = threading.Lock()
        self._unpublished = False
        """A worker was started since the last MkDocs build: docs_dir may hold unbuilt changes."""
        self.cache = ValidationCache()
        self._built_inputs: tuple[object, ...] | None = None
        """Fingerprint of mkdocs.yml and the theme override at the last good MkDocs build."""
        self._complete: tuple[Corpus, tuple[object, ...]] | None = None
        """The corpus docs_dir wholly reflects, and the templates it was rendered with."""
        self._pages_first: Corpus | None = None
        """The corpus whose edited pages alone were rendered, waiting for the rest."""
        self.site = PreviewSite(
            self.config, self.docs_dir, self.site_dir, serve_url, claim_search=True
        )
        self._shown_warnings: set[str] = set()
        self._shown: tuple[Corpus, tuple[object, ...], tuple[object, ...]] | None = None
        """The corpus, templates and inputs of the last rebuild that went well."""
        self._following: str = ""
        """Why the pages shown first were rebuilt: the rest of the site follows for that."""

    # -- one rebuild ---------------------------------------------------------------

    def _editions(self) -> Editions | None:
        """The site's language editions, for claims' `translations`; None while mkdocs.yml
        cannot be read (rendering then reports why)."""
        try:
            return editions_of(load_settings(self.config))
        except SettingsError:
            return None

    def rebuild(
        self, echo: Callable[[str], None] = lambda line: click.echo(line, err=True)
    ) -> RebuildResult:
        start = time.monotonic()
        report = validate_content(self.content_dir, cache=self.cache, editions=self._editions())
        self._print_problems(report.problems, echo)
        corpus = report.corpus
        if corpus is None:
            echo(f"{len(report.errors)} error(s); the preview still shows the last good build")
            return RebuildResult(False, report.problems, (), "skipped", time.monotonic() - start)
        templates = self._templates()
        why = self._why(corpus, templates)
        running, finished = self._worker_state(echo)
        # Nothing changed since the edited pages were shown: the rest of the site is due.
        waiting = self._pages_first is not None and corpus == self._pages_first
        rest_done = waiting and finished is not None
        if waiting and not rest_done and running:
            return RebuildResult(
                True, report.problems, (), "skipped", time.monotonic() - start, True
            )
        first = None if waiting else self._edited_pages(corpus, templates)
        if not rest_done:
            self._stop_worker()
        written: tuple[str, ...]
        deleted: tuple[str, ...]
        try:
            settings = preview_settings(self.config, self.include_drafts)
            if finished is not None and rest_done:
                written, deleted = finished
            elif first is not None and not (first[0] or first[1]):
                written, deleted = (), ()  # nothing changed since the last whole render
            elif first is not None:
                written = render_pages(
                    corpus, self.docs_dir, settings, claims=first[0], sources=first[1]
                )
                deleted = ()
            else:
                rendered = render_docs(corpus, self.docs_dir, settings, jobs=_jobs_if_alone())
                written, deleted = rendered.written, rendered.deleted
        except Exception as exc:  # a template being edited, a bad mkdocs.yml: show it, keep serving
            problem = (
                exc.message  # already `mkdocs.yml:line:col: error: ...`
                if isinstance(exc, SettingsError)
                else f"error: rendering failed: {describe_exception(exc)}"
            )
            echo(f"{problem}; the preview still shows the last good build")
            self._complete = self._pages_first = None
            return RebuildResult(False, report.problems, (), "skipped", time.monotonic() - start)
        if first is not None and not (first[0] or first[1]):
            first = None  # nothing to follow up
        elif first is not None:
            self._pages_first = corpus
        elif rest_done:
            self._complete, self._pages_first = (corpus, self._worker_templates), None
        else:
            self._complete, self._pages_first = (corpus, templates), None
        inputs = self._inputs()
        full = self._built_inputs != inputs or bool(deleted)
        mode = "full" if full else "dirty"
        # A worker writes into docs_dir on its own: publish whatever it wrote, even when
        # its report was not the one this rebuild read.
        unpublished = self._unpublished and not self._worker_running()
        if full or written or unpublished:
            try:
                self.site.build(dirty=not full, echo=echo, jobs=_jobs_if_alone())
            except Exception as exc:  # a theme template or plugin failed: show it, keep serving
                self._built_inputs = None  # the site may be half written: next time, a full build
                echo(
                    f"error: MkDocs failed: {describe_exception(exc)}; the preview still shows the last good build"
                )
                return RebuildResult(
                    False,
                    report.problems,
                    written,
                    mode,
                    time.monotonic() - start,
                    first is not None,
                )
            self._built_inputs = inputs
            if unpublished:
                self._unpublished = False
            if first is None:  # the whole site is published: search it too
                self.site.refresh_search(echo)
        else:
            mode = "skipped"
        if first is not None:
            if self.background:
                self._start_worker(templates)
            elif self.background_done is not None:
                self.background_done()
        else:
            _settle_memory()
        what, why = self._what_and_why(corpus, first, waiting, written, why)
        self._shown = (corpus, templates, inputs)
        return RebuildResult(
            True,
            report.problems,
            written,
            mode,
            time.monotonic() - start,
            first is not None,
            what,
            why,
            left_out(corpus),
        )

    def _what_and_why(
        self,
        corpus: Corpus,
        first: tuple[set[str], set[str]] | None,
        following: bool,
        written: tuple[str, ...],
        why: str,
    ) -> tuple[str, str]:
        """What a rebuild rebuilt and why, in words. The pages of an edit shown first are
        named; the rest of the site, which `following` rebuilds, is said to follow that edit."""
        if first is not None:
            self._following = why
            return _pages(*_pages_of(written, first)), why
        if following:
            after, self._following = self._following, ""
            return "the lists, search and data", f"after {after}" if after else ""
        if self._shown is None:
            claims, sources = len(corpus.claims), len(corpus.sources)
            return f"the preview of {_count(claims, 'claim')} and {_count(sources, 'source')}", ""
        return "every page", why

    def _why(self, corpus: Corpus, templates: tuple[object, ...]) -> str:
        """What changed since the last good rebuild, in words: the files of the claims and
        sources that changed, or the templates, the theme or mkdocs.yml."""
        if self._shown is None:
            return ""
        before, old_templates, old_inputs = self._shown
        files = _changed_files(old_inputs, self._inputs()) + _changed_files(
            old_templates, templates
        )
        reasons = [f"{path} changed" for path in dict.fromkeys(files)]
        reasons += content_changes(before, corpus)
        if len(reasons) > MAX_REASONS:
            reasons = [*reasons[:MAX_REASONS], f"{len(reasons) - MAX_REASONS} more changes"]
        return ", ".join(reasons)

    # -- the second step in a separate process -------------------------------------

    def _start_worker(self, templates: tuple[object, ...]) -> None:
        content = Path(os.path.abspath(self.content_dir))
        args = [
            sys.executable,
            "-m",
            "generator.commands.serve",
            str(content),
            str(self.config),
            str(self.docs_dir),
        ]
        args.append(_DRAFTS_ARGUMENT[self.include_drafts])
        # A session of its own, so that stopping it stops the processes it forks too.
        proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        with self._lock:
            self._worker, self._worker_result, self._worker_templates = proc, None, templates
            self._unpublished = True

        def wait() -> None:
            out, err = proc.communicate()
            with self._lock:
                if self._worker is not proc:
                    return  # stopped: a newer edit came
                self._worker, self._worker_result = None, (proc, proc.returncode, out, err)
            if self.background_done is not None:
                self.background_done()

        threading.Thread(target=wait, name="factcheck-serve-worker", daemon=True).start()

    def _worker_state(
        self, echo: Callable[[str], None]
    ) -> tuple[bool, tuple[tuple[str, ...], tuple[str, ...]] | None]:
        """Whether a worker is rendering, and (written, deleted) by one that has rendered
        the whole site (given once), read together."""
        with self._lock:
            running = self._worker is not None
            result, self._worker_result = self._worker_result, None
        if result is None:
            return running, None
        _, code, out, err = result
        if code != 0:
            echo(
                f"error: rendering the whole site failed; rendering it here instead:\n{err.strip()}"
            )
            return running, None
        done = json.loads(out.strip().splitlines()[-1])
        return running, (tuple(done["written"]), tuple(done["deleted"]))

    def _worker_running(self) -> bool:
        with self._lock:
            return self._worker is not None

    def _stop_worker(self) -> None:
        with self._lock:
            proc, self._worker, self._worker_result = self._worker, None, None
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # the worker and the renderers it forked
            proc.wait()

    def close(self) -> None:
        """Stop the worker, if one is rendering, and the search indexing, if it runs."""
        self._stop_worker()
        self.site.stop_indexing()

    def _edited_pages(
        self, corpus: Corpus, templates: tuple[object, ...]
    ) -> tuple[set[str], set[str]] | None:
        """(claim ids, source ids) whose pages show an edit since the last whole render
        (both empty: nothing changed), or None when the whole site must be rendered now
        (templates changed, a claim or source removed, a person, a claimant or about.yaml
        changed, too many pages, nothing rendered yet)."""
        if self._complete is None or self._complete[1] != templates:
            return None
        before = self._complete[0]
        if (before.people, before.claimants, before.about) != (
            corpus.people,
            corpus.claimants,
            corpus.about,
        ):
            return None  # bylines, claimants' and people's pages, the About page: all of it
        old_claims, new_claims = {c.id: c for c in before.claims}, {c.id: c for c in corpus.claims}
        old_sources, new_sources = (
            {s.id: s for s in before.sources},
            {s.id: s for s in corpus.sources},
        )
        if old_claims.keys() - new_claims.keys() or old_sources.keys() - new_sources.keys():
            return None
        sources = {i for i, doc in new_sources.items() if old_sources.get(i) != doc}
        claims = {i for i, doc in new_claims.items() if old_claims.get(i) != doc}
        claims |= {c.id for c in corpus.claims if sources & _cited(c)}
        for claim_id in list(claims):
            for doc in (old_claims.get(claim_id), new_claims[claim_id]):
                if doc is not None:
                    sources |= _cited(doc)
        if len(claims) + len(sources) > MAX_PAGES_FIRST:
            return None
        return claims, sources

    def _templates(self) -> tuple[object, ...]:
        """What pages are rendered with: the Markdown templates, the assets, mkdocs.yml."""
        paths = [
            self.config,
            *sorted(p for p in SITE_TEMPLATES.rglob("*") if "overrides" not in p.parts),
        ]
        return _stamps(paths)

    def _print_problems(self, problems: tuple[Problem, ...], echo: Callable[[str], None]) -> None:
        warnings = set()
        for problem in problems:
            line = problem.format()
            if problem.is_error:
                echo(line)
            else:
                warnings.add(line)
                if line not in self._shown_warnings:
                    echo(line)
        self._shown_warnings = warnings

    def _inputs(self) -> tuple[object, ...]:
        """What a dirty build cannot follow: mkdocs.yml and the theme override."""
        return _stamps([self.config, *sorted((SITE_TEMPLATES / "overrides").rglob("*"))])


MAX_REASONS = 3
"""How many changed files a rebuild's line names before it counts the rest."""


def content_changes(before: Corpus, after: Corpus) -> list[str]:
    """The claim and source files that changed between two versions of the content, in
    words: "content/claims/x.yaml changed", "... is new", "... was removed"."""
    reasons: list[str] = []
    for old_docs, new_docs in (
        ({c.id: c for c in before.claims}, {c.id: c for c in after.claims}),
        ({s.id: s for s in before.sources}, {s.id: s for s in after.sources}),
    ):
        for doc_id in sorted(old_docs.keys() | new_docs.keys()):
            old, new = old_docs.get(doc_id), new_docs.get(doc_id)
            if old is new or old == new:  # the validation cache gives back unchanged docs
                continue
            if old is None and new is not None:
                reasons.append(f"{display_path(new.path)} is new")
            elif new is None and old is not None:
                reasons.append(f"{display_path(old.path)} was removed")
            elif new is not None:
                reasons.append(f"{display_path(new.path)} changed")
    return reasons


def _changed_files(before: tuple[object, ...], after: tuple[object, ...]) -> list[str]:
    """The files whose stamps (`_stamps`) differ between two readings, as shown to people."""
    old = {stamp[0]: stamp for stamp in before if isinstance(stamp, tuple)}
    new = {stamp[0]: stamp for stamp in after if isinstance(stamp, tuple)}
    return [
        display_path(Path(str(path)))
        for path in sorted(old.keys() | new.keys(), key=str)
        if old.get(path) != new.get(path)
    ]


def _pages_of(
    written: tuple[str, ...], rendered: tuple[set[str], set[str]]
) -> tuple[set[str], set[str]]:
    """(claim ids, source ids) whose pages `written` (rendered Markdown, `claims/x.md`)
    changed; those `rendered` when it names none."""
    claims = {page for path in written if (page := _page_id(path, "claims/"))}
    sources = {page for path in written if (page := _page_id(path, "sources/"))}
    return (claims, sources) if claims or sources else rendered


def _page_id(path: str, folder: str) -> str | None:
    """`x` for the page `<folder>x.md` of a claim or source (not the folder's index)."""
    if not (path.startswith(folder) and path.endswith(".md")) or path.count("/") != 1:
        return None
    page_id = path[len(folder) : -len(".md")]
    return None if page_id == "index" else page_id


def _pages(claims: set[str], sources: set[str]) -> str:
    """ "the page of claim x", "the pages of claim x and source y", "the pages of 5 claims"."""
    parts = []
    for ids, noun in ((sorted(claims), "claim"), (sorted(sources), "source")):
        if len(ids) == 1:
            parts.append(f"{noun} {ids[0]}")
        elif 1 < len(ids) <= 3:
            parts.append(f"{noun}s {', '.join(ids)}")
        elif ids:
            parts.append(_count(len(ids), noun))
    pages = "page" if len(claims) + len(sources) == 1 else "pages"
    return f"the {pages} of {' and '.join(parts)}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _settle_memory() -> None:
    """Collect all cyclic garbage now, then exempt what is left from later collections.

    What a preview keeps between edits (the corpus, its views, the caches) is most of
    the heap; Python's occasional full collection walks all of it, and would land in
    the middle of an edit's rebuild. It is done here instead,
    once the whole site is published (nobody waits on that step), and the survivors
    are frozen (`gc.freeze`), so the collections during the next edits only walk
    what those edits made. Unfrozen first, so that garbage frozen last time is freed.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _jobs_if_alone() -> int:
    """Processes for a full render or MkDocs build: forked workers only while this
    process runs a single thread (the first build, before the server starts), as a
    fork copies the locks other threads may hold."""
    return default_jobs() if threading.active_count() == 1 else 1


def _stamps(paths: list[Path]) -> tuple[object, ...]:
    stamps: list[object] = []
    for path in paths:
        with contextlib.suppress(OSError):
            st = path.stat()
            stamps.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(stamps)


def _cited(doc: ClaimDoc) -> set[str]:
    """The sources a claim quotes or is made in (their pages show it)."""
    claim = doc.claim
    return (
        {c.source for c in claim.citations}
        | {r.source for r in claim.reported}
        | {e.source for e in claim.timeline}
        | set(claim.appears_in)
    )


# --------------------------------------------------------------------------- serving


def serve(
    content_dir: Path,
    config: Path,
    dev_addr: str = "127.0.0.1:8000",
    *,
    include_drafts: bool = True,
    publisher: str = DEFAULT_PUBLISHER,
) -> None:
    """Build a preview of `content_dir`, serve it on `dev_addr` and rebuild on every change;
    with `include_drafts`, drafts are shown too, each marked as a draft.

    Runs until interrupted (Ctrl-C or SIGTERM); the temporary folder is removed.
    """
    use_publisher(publisher)
    try:
        host, port = parse_dev_addr(dev_addr)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--dev-addr") from None
    if not is_loopback(host):
        click.echo(
            f"warning: serving on {host}, not only on this machine; the preview is for you only",
            err=True,
        )
    if not Path(config).is_file():
        raise click.BadParameter(f"{config}: MkDocs configuration not found", param_hint="--config")
    mount_path = urlsplit(load_settings(Path(config)).site_url).path
    serve_url = preview_url(host, port, mount_path)
    work = Path(tempfile.mkdtemp(prefix="factcheck-serve-"))
    server: PreviewServer | None = None

    def background_done() -> None:
        if server is not None:
            server.request_rebuild()

    preview = Preview(
        content_dir,
        Path(config),
        work,
        serve_url=serve_url,
        background=True,
        background_done=background_done,
        include_drafts=include_drafts,
    )

    failing = False  # the last rebuild failed: say so once it no longer does
    drafts_said: tuple[tuple[str, ...], tuple[str, ...]] | None = None

    def builder() -> None:
        nonlocal failing, drafts_said
        result = preview.rebuild()
        if result.ok and result.mkdocs != "skipped":
            click.echo(result.log_line(), err=True)
        if result.ok and result.drafts != drafts_said:
            fate = "shown, marked as not published" if include_drafts else "not shown"
            for line in drafts_report(*result.drafts, fate):
                click.echo(line, err=True)
            drafts_said = result.drafts
        if result.ok and failing:
            click.echo("fixed: no errors now; the preview shows the current content", err=True)
        failing = not result.ok

    with _sigterm_interrupts():
        try:
            drafts = "drafts shown, each marked as a draft" if include_drafts else "drafts left out"
            click.echo(f"building the preview of {content_dir} ({drafts}) ...", err=True)
            builder()
            preview.site_dir.mkdir(parents=True, exist_ok=True)
            server = PreviewServer(
                builder,
                host=host,
                port=port,
                root=preview.site_dir,
                mount_path=mount_path,
                error_page=_error_page(preview),
            )
            server.watch((content_dir, SITE_TEMPLATES, Path(config)))
            click.echo(f"serving on {serve_url} (Ctrl-C to stop)", err=True)
            try:
                server.serve_forever()
            except OSError as exc:
                raise click.ClickException(
                    f"cannot serve on {dev_addr}: {exc.strerror or exc}"
                ) from None
        except KeyboardInterrupt:
            click.echo("stopped", err=True)
        finally:
            preview.close()
            shutil.rmtree(work, ignore_errors=True)


def _error_page(preview: Preview) -> Callable[[int], bytes | None]:
    def page(code: int) -> bytes | None:
        if code == 404:
            with contextlib.suppress(OSError):
                return (preview.site_dir / "404.html").read_bytes()
            return b"<h1>No preview yet</h1><p>The content has errors; see the terminal.</p>"
        return None

    return page


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM stops the server like Ctrl-C does, so the temporary folder is removed."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        old = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def preview_settings(config: Path, include_drafts: bool) -> SiteSettings:
    """mkdocs.yml's settings for the renderer, with the preview's choice about drafts."""
    return dataclasses.replace(load_settings(config), include_drafts=include_drafts)


_DRAFTS_ARGUMENT = {True: "--drafts", False: "--no-drafts"}

BACKGROUND_NICENESS = 10
"""How much lower than the server's the rest-of-site renderer's scheduling priority is."""
"""How the worker is told whether to render drafts."""


def _render_whole_site(argv: list[str]) -> None:
    """The worker: validate CONTENT and render it into DOCS, drafts too after `--drafts`;
    print what was written, as JSON."""
    content, config, docs = (Path(arg) for arg in argv[:3])
    include_drafts = argv[3] == _DRAFTS_ARGUMENT[True]
    # Throughput work: the next edit's page, rebuilt in the server's process, must not wait
    # for the cores this process and the renderers it forks would take.
    niceness = os.nice(BACKGROUND_NICENESS)
    report = validate_content(content)
    if report.corpus is None:
        raise SystemExit("the content has errors")
    result = render_docs(
        report.corpus, docs, preview_settings(config, include_drafts), jobs=default_jobs()
    )
    print(json.dumps({"written": result.written, "deleted": result.deleted, "niceness": niceness}))


if __name__ == "__main__":
    _render_whole_site(sys.argv[1:])
