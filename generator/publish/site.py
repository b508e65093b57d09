"""Publish rendered Markdown with MkDocs + Material: the public site and the offline bundle.

Everything the publisher needs to know lives in `mkdocs.yml` and in the Markdown
that `generator.render.docs` writes; this module only runs the publisher and makes its
output safe to deploy:

* **All or nothing.** Each build goes into a temporary sibling of its target and
  is swapped into place at the very end (`renameat2(RENAME_EXCHANGE)` where the
  kernel has it, two renames otherwise). A failed build, or one stopped by
  SIGINT/SIGTERM, leaves the previous `site/` and zip untouched.
* **Strict.** Every warning MkDocs or a plugin logs (broken links and anchors,
  pages missing from the nav, config problems) fails the build with a
  `PublishError` that lists them.
* **Reproducible.** Same content, same bytes: MkDocs' build date comes from
  `build_date` (content-derived, see `generator.commands.build`) through
  `SOURCE_DATE_EPOCH`; without one, the sitemap carries no `<lastmod>` rather than
  an invented date; gzip and zip timestamps are fixed.
* **Offline.** `build_offline_bundle` builds a second time with Material's
  `offline` plugin and `use_directory_urls: false`, adds the vendored
  `iframe-worker` shim (so search works from `file://` without the CDN copy the
  plugin would otherwise reference) and zips the result reproducibly.

MkDocs runs in-process through its Python API (`load_config` + `build`) rather
than as a `mkdocs build` subprocess, because (1) the overrides we need (docs_dir,
site_dir, plugins and extra for the offline build) are applied to the real
mkdocs.yml with relative paths still resolved against it, whereas the CLI has no
`--docs-dir` and an `INHERIT`ed temporary config would resolve `custom_dir`
against the temporary file; (2) warnings arrive as log records, not scraped
text; (3) no interpreter start-up per build. The publisher is isolated in
`_run_mkdocs`: swapping MkDocs for a drop-in fork, or for a subprocess, touches
that one function and the plugin it adds to every build (`generator.publish.theme_plugin`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import datetime as dt
import errno
import gzip
import hashlib
import io
import json
import logging
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from generator.errors import BuildInterrupted, PublishError, describe_exception
from generator.publish.parallel_pages import parallel_pages

__all__ = [
    "IFRAME_WORKER_SHA256",
    "IFRAME_WORKER_VERSION",
    "SiteBuild",
    "Staged",
    "build_offline_bundle",
    "build_site",
    "commit_all",
    "default_shim_path",
    "interruptible",
    "offline_zip_path",
    "read_config",
    "site_slug",
    "stage_offline_bundle",
    "stage_site",
]

# The iframe-worker shim (npm `iframe-worker`, MIT, by Material's author) makes Web
# Workers work from file://, which Material's search needs. `make vendor`
# (scripts/vendor.py) fetches it with `npm pack`, checks the tarball's integrity
# and unpacks `shim/index.js` to `default_shim_path()`. Pinned in both places; a
# test checks that they agree.
IFRAME_WORKER_VERSION = "1.0.4"
IFRAME_WORKER_SHA256 = "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"
SHIM_DEST = "assets/javascripts/vendor/iframe-worker-shim.js"
"""Where the shim goes in the offline build; the name must contain `iframe-worker`
so that Material's offline plugin does not add its CDN copy (see its on_config)."""

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Zip entries' timestamp when there is no build date (the earliest zip can store)."""

_MKDOCS_LOCK = threading.Lock()
"""MkDocs' logging and SOURCE_DATE_EPOCH are process-wide: one build at a time."""

_EPOCH_DATE = "1970-01-01"
_LASTMOD_EPOCH = re.compile(r"[ \t]*<lastmod>" + _EPOCH_DATE + r"</lastmod>[ \t]*\n?")
_STALE_PREFIX = ".{name}.tmp-"

log = logging.getLogger(__name__)


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
        with _signals_deferred():
            if self.output.is_dir():
                swap_into_place(self.output, self.target)
            else:
                os.replace(self.output, self.target)
            self.done = True
        self.discard()
        return SiteBuild(self.target, self.warnings, self.seconds)

    def discard(self) -> None:
        self.done = True
        _rmtree_quiet(self.work)


def commit_all(staged: list[Staged]) -> list[SiteBuild]:
    """Put every staged output in place, with SIGINT/SIGTERM held until all are."""
    try:
        with _signals_deferred():
            return [s.commit() for s in staged]
    finally:
        for s in staged:
            s.discard()


# --------------------------------------------------------------------------- API


def build_site(
    config: Path,
    docs_dir: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    dirty: bool = False,
    build_date: dt.date | None = None,
    jobs: int = 1,
) -> SiteBuild:
    """Build the public site from `docs_dir` into `site_dir` with MkDocs.

    `config` is mkdocs.yml; its `docs_dir`/`site_dir` are overridden by the
    arguments. `strict` turns every MkDocs warning into a `PublishError`.
    `dirty` starts from a copy of the current site and lets MkDocs rebuild only
    pages whose Markdown is newer (development only: navigation on unchanged
    pages may be stale). `build_date` is the date MkDocs stamps into the sitemap
    (`<lastmod>`) and the gzip header; pass the newest content date, or None for
    no `<lastmod>` at all. `jobs` processes convert and render the pages of a
    full build (`publish_pages`; the site is the same for any number).

    Raises `PublishError` (build failed; `site_dir` untouched) or
    `BuildInterrupted` (SIGINT/SIGTERM; `site_dir` untouched unless the swap had
    already happened, in which case it holds the complete new site).
    """
    with interruptible():
        staged = stage_site(
            config, docs_dir, site_dir, strict=strict, dirty=dirty, build_date=build_date, jobs=jobs
        )
        try:
            return staged.commit()
        finally:
            staged.discard()


def build_offline_bundle(
    config: Path,
    docs_dir: Path,
    zip_path: Path,
    *,
    shim: Path | None = None,
    strict: bool = True,
    build_date: dt.date | None = None,
    folder: str | None = None,
    jobs: int = 1,
) -> SiteBuild:
    """Build the offline HTML bundle of `docs_dir` and zip it to `zip_path`.

    A second MkDocs build with Material's `offline` plugin and
    `use_directory_urls: false` (pages are `claims/<id>.html`, so links work
    from `file://`), the iframe-worker `shim` in `extra.polyfills` (search from
    `file://`), then a reproducible zip: entries sorted, timestamps from
    `build_date` (or 1980-01-01), permissions 0644, all under one top-level
    `folder` (default: the zip's name without `.zip`), swapped into place
    atomically. `shim` defaults to `default_shim_path(config)` (`make vendor`).

    Raises `PublishError` or `BuildInterrupted`; `zip_path` is then untouched.
    """
    with interruptible():
        staged = stage_offline_bundle(
            config,
            docs_dir,
            zip_path,
            shim=shim,
            strict=strict,
            build_date=build_date,
            folder=folder,
            jobs=jobs,
        )
        try:
            return staged.commit()
        finally:
            staged.discard()


def stage_site(
    config: Path,
    docs_dir: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    dirty: bool = False,
    build_date: dt.date | None = None,
    jobs: int = 1,
) -> Staged:
    """`build_site` up to, not including, putting the site in place."""
    start = time.monotonic()
    config, docs_dir, site_dir = _absolute(config), _absolute(docs_dir), _absolute(site_dir)
    _check_inputs(config, docs_dir)
    parent = site_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(parent, site_dir.name)
    tmp = Path(tempfile.mkdtemp(prefix=_STALE_PREFIX.format(name=site_dir.name), dir=parent))
    os.chmod(tmp, _default_dir_mode())  # mkdtemp's 0700 would hide the site from a web server
    try:
        with interruptible():
            if dirty and site_dir.is_dir():
                shutil.rmtree(tmp)
                shutil.copytree(site_dir, tmp, symlinks=True)
            warnings = _run_mkdocs(
                config,
                {"docs_dir": str(docs_dir), "site_dir": str(tmp)},
                strict=strict,
                dirty=dirty,
                build_date=build_date,
                jobs=jobs,
            )
            _finish_sitemap(tmp, build_date)
    except BaseException:
        _rmtree_quiet(tmp)
        raise
    return Staged(tmp, site_dir, tmp, warnings, time.monotonic() - start)


def stage_offline_bundle(
    config: Path,
    docs_dir: Path,
    zip_path: Path,
    *,
    shim: Path | None = None,
    strict: bool = True,
    build_date: dt.date | None = None,
    folder: str | None = None,
    jobs: int = 1,
) -> Staged:
    """`build_offline_bundle` up to, not including, putting the zip in place."""
    start = time.monotonic()
    config, docs_dir, zip_path = _absolute(config), _absolute(docs_dir), _absolute(zip_path)
    _check_inputs(config, docs_dir)
    shim = _absolute(shim) if shim is not None else default_shim_path(config)
    shim_bytes = _read_shim(shim)
    raw = read_config(config)
    _check_offline_safe(raw, config)
    folder = folder or zip_path.name.removesuffix(".zip")

    zip_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(zip_path.parent, zip_path.name)
    work = Path(
        tempfile.mkdtemp(prefix=_STALE_PREFIX.format(name=zip_path.name), dir=zip_path.parent)
    )
    try:
        with interruptible():
            stage_docs = work / "docs"
            shutil.copytree(docs_dir, stage_docs, symlinks=False)
            shim_target = stage_docs / SHIM_DEST
            if shim_target.exists():
                raise PublishError(
                    f"{docs_dir}: {SHIM_DEST} is reserved for the iframe-worker shim"
                )
            shim_target.parent.mkdir(parents=True, exist_ok=True)
            shim_target.write_bytes(shim_bytes)

            extra = dict(raw.get("extra") or {})
            polyfills = [p for p in (extra.get("polyfills") or []) if "iframe-worker" not in str(p)]
            extra["polyfills"] = [*polyfills, SHIM_DEST]
            site = work / "site"
            warnings = _run_mkdocs(
                config,
                {
                    "docs_dir": str(stage_docs),
                    "site_dir": str(site),
                    "use_directory_urls": False,
                    # No site_url offline: Material would print canonical links to
                    # public URLs ending in .html, which do not exist.
                    "site_url": "",
                    "plugins": _with_offline_plugin(raw.get("plugins")),
                    "extra": extra,
                },
                strict=strict,
                dirty=False,
                build_date=build_date,
                jobs=jobs,
            )
            _drop_server_only_files(site)
            _drop_feed_links(site)
            _check_offline_output(site)
            tmp_zip = work / zip_path.name
            _write_zip(site, tmp_zip, folder, _zip_time(build_date))
            shutil.rmtree(stage_docs)
            shutil.rmtree(site)
    except BaseException:
        _rmtree_quiet(work)
        raise
    return Staged(tmp_zip, zip_path, work, warnings, time.monotonic() - start)


def read_config(config: Path) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it (with `INHERIT` and `!ENV`), before validation."""
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(config, "rb") as fd:
            raw = yaml_load(fd)
    except OSError as e:
        raise PublishError(f"{config}: cannot read the MkDocs configuration: {e.strerror}") from e
    except ConfigurationError as e:
        raise PublishError(f"{config}: {e}") from e
    if not isinstance(raw, dict):
        raise PublishError(f"{config}: the MkDocs configuration must be a mapping")
    return raw


def site_slug(config: Path) -> str:
    """The config's `site_name` as a file-name slug, e.g. `kursk-claims-fact-check`."""
    name = str(read_config(config).get("site_name") or "site")
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug or "site"


def offline_zip_path(config: Path, dist_dir: Path) -> Path:
    """`dist/<site-name-slug>-offline.zip`."""
    return dist_dir / f"{site_slug(config)}-offline.zip"


def default_shim_path(config: Path) -> Path:
    """Where `make vendor` puts the iframe-worker shim, next to mkdocs.yml."""
    return (
        _absolute(config).parent
        / ".cache"
        / "vendor"
        / f"iframe-worker-{IFRAME_WORKER_VERSION}"
        / "shim.js"
    )


# ----------------------------------------------------------------------- MkDocs


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            msg = record.getMessage()
        except Exception:  # a plugin's bad format string must not hide the warning
            msg = str(record.msg)
        self.messages.append(f"{record.levelname}: {msg}")


_DIRTY_WARNING = "A 'dirty' build is being performed"


def start_fresh_search_index(cfg: Any) -> None:
    """Make the next build's search index from its own pages only.

    MkDocs keeps one instance of a plugin with `on_startup` for the whole process,
    and Material's search plugin, once a preview's dirty builds have run
    (`factcheck serve`), merges each new index into the one it kept: a full build
    later in the same process would publish the preview's entries (its drafts too).
    """
    for plugin in cfg.plugins.values():
        if hasattr(plugin, "search_index_prev"):
            plugin.search_index_prev = None


def _run_mkdocs(
    config: Path,
    overrides: dict[str, Any],
    *,
    strict: bool,
    dirty: bool,
    build_date: dt.date | None,
    jobs: int = 1,
) -> tuple[str, ...]:
    """Run one MkDocs build; the only place (with `publish_pages`) that knows the publisher's API.

    MkDocs runs with its own `strict` off: we collect every warning (config
    validation included, which `mkdocs build --strict` does not count) and
    decide here, so the build directory is judged before it is swapped in.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.publish.theme_plugin import add_theme_adjustments

    epoch = _epoch(build_date)
    with _MKDOCS_LOCK, _mkdocs_logging() as collected, _env("SOURCE_DATE_EPOCH", str(epoch)):
        try:
            cfg = load_config(config_file=str(config), strict=False, **overrides)
            add_theme_adjustments(cfg)
            _cache_theme_bytecode(cfg.theme, config)
            cfg.plugins.on_startup(command="build", dirty=dirty)
            if not dirty:
                start_fresh_search_index(cfg)
            try:
                with parallel_pages(1 if dirty else jobs):
                    mkdocs_build(cfg, dirty=dirty)
            finally:
                cfg.plugins.on_shutdown()
        except (BuildInterrupted, KeyboardInterrupt):
            raise
        except MkDocsException as e:
            raise PublishError(
                _failure("MkDocs build failed", [*collected.messages, str(e)])
            ) from e
        except BrokenProcessPool as e:
            message = "a process building pages died (out of memory?); try again with --jobs 1"
            raise PublishError(
                _failure("MkDocs build failed", [*collected.messages, message])
            ) from e
        except Exception as e:  # a theme template or plugin crashed
            raise PublishError(
                _failure("MkDocs build failed", [*collected.messages, describe_exception(e)])
            ) from e
    warnings = tuple(m for m in collected.messages if _DIRTY_WARNING not in m)
    if strict and warnings:
        raise PublishError(
            _failure(f"MkDocs reported {len(warnings)} warning(s) in strict mode", warnings)
        )
    for w in warnings:
        log.warning("%s", w)
    return warnings


THEME_BYTECODE_DIR = Path(".cache") / "jinja-bytecode"
"""Next to mkdocs.yml: the theme's compiled templates, kept between builds."""


def _cache_theme_bytecode(theme: Any, config: Path) -> None:
    """Let the theme's Jinja environment keep compiled templates on disk.

    Compiling Material's templates is about 0.1 s of every build. Jinja checks each
    cached entry against its template's source, so an edited template (an update
    of Material, our override) is compiled again; the HTML is the same either way.
    """
    import jinja2

    directory = config.resolve().parent / THEME_BYTECODE_DIR
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return  # a read-only checkout builds as well, only slower

    class BestEffortCache(jinja2.FileSystemBytecodeCache):
        """A cache never fails a build: a full disk or a read-only folder only costs time."""

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    cache = BestEffortCache(str(directory))
    get_env = theme.get_env

    def cached_env() -> jinja2.Environment:
        env: jinja2.Environment = get_env()
        env.bytecode_cache = cache
        return env

    theme.get_env = cached_env


def _failure(headline: str, messages: list[str] | tuple[str, ...]) -> str:
    lines = [headline + "; the previous output is kept:"]
    lines += [f"  {m}" for m in dict.fromkeys(m for m in messages if m)]
    return "\n".join(lines)


@contextlib.contextmanager
def _mkdocs_logging() -> Iterator[_Collect]:
    """Collect MkDocs' warnings (and its plugins': `mkdocs.*`) instead of printing them."""
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    old_level, old_propagate = logger.level, logger.propagate
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


@contextlib.contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def _epoch(build_date: dt.date | None) -> int:
    if build_date is None:
        return 0
    return int(dt.datetime.combine(build_date, dt.time(), dt.UTC).timestamp())


def _with_offline_plugin(plugins: Any) -> list[Any]:
    """The config's plugin list plus Material's `offline` (list or mapping form)."""
    if plugins is None:
        items: list[Any] = ["search"]  # MkDocs' default
    elif isinstance(plugins, dict):
        items = [{k: v} if v else k for k, v in plugins.items()]
    elif isinstance(plugins, list):
        items = list(plugins)
    else:
        raise PublishError(f"mkdocs.yml: `plugins` must be a list or a mapping, not {plugins!r}")
    names = {_plugin_name(p) for p in items}
    if "offline" not in names and "material/offline" not in names:
        items.append("offline")
    return items


def _plugin_name(entry: Any) -> str:
    if isinstance(entry, dict) and len(entry) == 1:
        return str(next(iter(entry)))
    return str(entry)


def _check_offline_safe(raw: dict[str, Any], config: Path) -> None:
    """Refuse configurations that would make the bundle (or the build) go online."""
    plugins = raw.get("plugins") or []
    if isinstance(plugins, dict):
        names = {str(k) for k in plugins}
    else:
        names = {_plugin_name(p) for p in plugins}
    if names & {"privacy", "material/privacy", "social", "material/social"}:
        raise PublishError(
            f"{config}: the `privacy` and `social` plugins download at build time; remove them"
        )
    theme = raw.get("theme") or {}
    if isinstance(theme, dict) and theme.get("font", None) is not False:
        raise PublishError(f"{config}: set `theme.font: false` (web fonts would be requested)")


# ----------------------------------------------------------------- output files


def _finish_sitemap(site: Path, build_date: dt.date | None) -> None:
    """No invented `<lastmod>`; sitemap.xml.gz rewritten with a fixed gzip mtime."""
    xml = site / "sitemap.xml"
    if not xml.is_file():
        return
    text = xml.read_text(encoding="utf-8")
    if build_date is None:
        text = _LASTMOD_EPOCH.sub("", text)
        xml.write_text(text, encoding="utf-8")
    gz = site / "sitemap.xml.gz"
    buf = io.BytesIO()
    with gzip.GzipFile(
        filename="sitemap.xml", mode="wb", fileobj=buf, mtime=_epoch(build_date)
    ) as f:
        f.write(text.encode("utf-8"))
    gz.write_bytes(buf.getvalue())


OFFLINE_DROPPED = ("404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json")
"""Meaningless from file://: the 404 page needs a server (and links from the site root),
the sitemap lists public URLs, and search reads the inlined search_index.js instead."""


def _drop_server_only_files(site: Path) -> None:
    """Also source maps (only DevTools reads them) and, for an English-only search,
    lunr's language files (Material's search worker imports none for `en`): they
    were 60% of a small bundle."""
    index = site / "search" / "search_index.json"
    langs: Any = None
    if index.is_file():
        langs = json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang")
    if langs == ["en"]:
        shutil.rmtree(site / "assets" / "javascripts" / "lunr", ignore_errors=True)
    for name in OFFLINE_DROPPED:
        (site / name).unlink(missing_ok=True)
    for path in site.rglob("*.map"):
        path.unlink()


_FEED_LINK = re.compile(
    rb"""[ \t]*<link\b(?=[^>]*\brel\s*=\s*["']?(?:[^"'>]*\s)?alternate(?=[\s"'>]))"""
    rb"""(?=[^>]*\btype\s*=\s*["']?application/(?:atom|rss)\+xml)[^>]*>[ \t]*\n?""",
    re.IGNORECASE,
)
"""A feed autodiscovery link: `alternate` among its rel tokens, a feed's type."""


def _drop_feed_links(site: Path) -> None:
    """Remove feed autodiscovery links from the offline pages.

    No feed reader can subscribe to a file on a USB stick (`feed.xml` itself stays
    in the bundle). Also, should a link be written `rel="alternate"` exactly,
    Material would take it for a translation of the site and fetch `sitemap.xml`
    next to it on each page load, which file:// blocks (the theme's link is
    written so that Material does not: site_templates/overrides/main.html).
    A no-op when the theme prints no feed link.
    """
    for path in site.rglob("*.html"):
        data = path.read_bytes()
        cleaned = _FEED_LINK.sub(b"", data)
        if cleaned != data:
            path.write_bytes(cleaned)


_REMOTE_REF = re.compile(
    rb"""<(?:script|link|img|iframe|source|audio|video)\b[^>]*?\s(?:src|href)\s*=\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)


_METADATA_REL = re.compile(r"""\srel\s*=\s*["']?(canonical|alternate)\b""", re.IGNORECASE)


def _check_offline_output(site: Path) -> None:
    """The bundle must load nothing from outside itself: no remote script/style/img/frame.

    Links a reader follows (`<a href>`: another site, a `mailto:` to report an error) load
    nothing and are kept: a reader offline may still write, or open them later."""
    offenders: list[str] = []
    for path in sorted(site.rglob("*.html")):
        data = path.read_bytes()
        for m in _REMOTE_REF.finditer(data):
            tag = data[m.start() : data.find(b">", m.start()) + 1].decode("utf-8", "replace")
            if tag.lower().startswith("<link") and _METADATA_REL.search(tag):
                continue  # canonical/alternate links are metadata, never fetched
            offenders.append(f"{path.relative_to(site)}: {tag[:200]}")
    if offenders:
        raise PublishError(
            _failure("the offline bundle would load remote resources", offenders[:20])
        )


def _zip_time(build_date: dt.date | None) -> tuple[int, int, int, int, int, int]:
    if build_date is None or build_date.year < 1980:
        return FIXED_ZIP_TIME
    return (build_date.year, build_date.month, build_date.day, 0, 0, 0)


def _write_zip(
    site: Path, zip_path: Path, folder: str, when: tuple[int, int, int, int, int, int]
) -> None:
    """Sorted entries, fixed times and modes, no extra attributes: same input, same bytes."""
    files = sorted(
        (p for p in site.rglob("*") if p.is_file() and not p.is_symlink()),
        key=lambda p: p.relative_to(site).as_posix(),
    )
    with zipfile.ZipFile(zip_path, "w") as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(site).as_posix()}", date_time=when)
            info.create_system = 3  # Unix, so external_attr's mode is honoured
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(
                info, path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9
            )


def _read_shim(shim: Path) -> bytes:
    try:
        data = shim.read_bytes()
    except FileNotFoundError:
        raise PublishError(
            f"{shim}: the iframe-worker shim is missing; run `make vendor` "
            "(it fetches iframe-worker from the npm registry once)"
        ) from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != IFRAME_WORKER_SHA256:
        raise PublishError(
            f"{shim}: sha256 {digest} is not the pinned iframe-worker "
            f"{IFRAME_WORKER_VERSION} ({IFRAME_WORKER_SHA256}); run `make vendor` again"
        )
    if b"IFrameWorker" not in data:  # pragma: no cover - implied by the hash
        raise PublishError(f"{shim}: not the iframe-worker shim")
    return data


# ----------------------------------------------------------- atomic replacement


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _check_inputs(config: Path, docs_dir: Path) -> None:
    if not config.is_file():
        raise PublishError(f"{config}: MkDocs configuration not found")
    if not docs_dir.is_dir():
        raise PublishError(f"{docs_dir}: rendered docs folder not found (render first)")


def _default_dir_mode() -> int:
    """What `mkdir` would give: 0777 less the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask


def remove_staging_leftovers(target: Path) -> None:
    """Remove every temporary sibling a build of `target` may have left: a signal can land
    between a temporary folder's creation and the code that would remove it."""
    target = _absolute(target)
    _remove_stale(target.parent, target.name)


def _remove_stale(parent: Path, name: str) -> None:
    """Temporary folders left by a build that was killed (SIGKILL, power loss)."""
    prefix = _STALE_PREFIX.format(name=name)
    for old in parent.glob(prefix + "*"):
        _rmtree_quiet(old)


def _rmtree_quiet(path: Path) -> None:
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
    RuntimeError, which `_run_mkdocs` reports as a failed build."""
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
def _signals_deferred() -> Iterator[None]:
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
