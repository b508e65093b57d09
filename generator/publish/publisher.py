"""The one door to MkDocs: choosing the publisher, loading its configuration, running a build.

The publisher is MkDocs by default. ProperDocs, the maintained fork of MkDocs 1.6, can take
its place (`factcheck build --publisher properdocs`, with `pip install 'factcheck[properdocs]'`):
once `properdocs.replacement` is imported, every `mkdocs.*` import, Material's included, gets
ProperDocs' module instead. The choice is made once per process, before MkDocs is loaded.

The site, the offline bundle and the preview all load and build through this module; the
private parts of MkDocs that the parallel page work and the preview need are in
`generator.publish.mkdocs_internals`. A move to another MkDocs-compatible publisher touches
these two modules.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.errors import BuildInterrupted, PublishError, describe_exception

__all__ = [
    "DEFAULT_PUBLISHER",
    "PUBLISHERS",
    "THEME_BYTECODE_DIR",
    "active_publisher",
    "build_loaded",
    "echoed_warnings",
    "epoch_of",
    "failure_message",
    "load_site_config",
    "logger_names",
    "publisher_version",
    "run_build",
    "use_publisher",
]

PUBLISHERS = ("mkdocs", "properdocs")
"""What `--publisher` accepts."""
DEFAULT_PUBLISHER = "mkdocs"
_REDIRECTING_MODULE = "properdocs.replacement"
"""Importing it makes every `mkdocs.*` import load ProperDocs."""
_DIRTY_WARNING = "A 'dirty' build is being performed"
"""Logged by every dirty build (the preview's): not a problem of the content."""
THEME_BYTECODE_DIR = Path(".cache") / "jinja-bytecode"
"""Next to mkdocs.yml: the theme's compiled templates, kept between builds."""

_LOCK = threading.Lock()
"""MkDocs' logging and SOURCE_DATE_EPOCH are process-wide: one build at a time."""

log = logging.getLogger(__name__)


# -- which publisher ----------------------------------------------------------------


def use_publisher(name: str) -> None:
    """Make `name` the publisher of this process (before anything loads MkDocs).

    Raises `PublishError` for an unknown name, for ProperDocs when it is not installed,
    and when MkDocs is already loaded under the other name.
    """
    if name not in PUBLISHERS:
        raise PublishError(f"unknown publisher {name!r}; use one of: {', '.join(PUBLISHERS)}")
    if name == active_publisher():
        return
    if name == DEFAULT_PUBLISHER or _mkdocs_loaded():
        raise PublishError(
            f"the publisher is already {active_publisher()} in this process; "
            f"choose {name} before anything is built"
        )
    try:
        importlib.import_module(_REDIRECTING_MODULE)
    except ImportError:
        raise PublishError(
            "ProperDocs is not installed; install it with "
            "`.venv/bin/pip install 'factcheck[properdocs]'`, or leave out --publisher"
        ) from None


def active_publisher() -> str:
    """`properdocs` once ProperDocs has taken MkDocs' place, else `mkdocs`."""
    return "properdocs" if sys.modules.get(_REDIRECTING_MODULE) else DEFAULT_PUBLISHER


def publisher_version() -> str:
    """The installed version of the active publisher's package, e.g. `1.6.1`."""
    return metadata.version(active_publisher())


def logger_names() -> tuple[str, ...]:
    """The loggers the publisher and its plugins log to.

    Material logs to `mkdocs.*` whichever publisher runs; ProperDocs' own modules log
    under their real name, `properdocs.*`.
    """
    return ("mkdocs", "properdocs") if active_publisher() == "properdocs" else ("mkdocs",)


def _mkdocs_loaded() -> bool:
    return any(name == "mkdocs" or name.startswith("mkdocs.") for name in sys.modules)


# -- loading and building ------------------------------------------------------------


def load_site_config(config: Path, overrides: dict[str, Any], *, claim_search: bool = False) -> Any:
    """mkdocs.yml loaded and validated with `overrides`, with our theme plugin added.

    With `claim_search` (the fact-check site), Material's search plugin indexes no page
    and the theme points its search box at our worker: Pagefind indexes the published
    claims once the site is built (`generator.publish.search`). Without (the manual),
    Material's search is left as it is.
    """
    from mkdocs.config import load_config

    from generator.publish.search import WORKER, unindex_pages
    from generator.publish.theme_plugin import add_theme_adjustments

    cfg = load_config(config_file=str(config), **overrides)
    add_theme_adjustments(cfg, search_worker=WORKER if claim_search else None)
    if claim_search:
        unindex_pages(cfg)
    return cfg


def build_loaded(cfg: Any, *, dirty: bool, serve_url: str | None = None) -> None:
    """Run MkDocs' build on a loaded configuration (its plugins already started)."""
    from mkdocs.commands.build import build

    build(cfg, serve_url=serve_url, dirty=dirty)


def run_build(
    config: Path,
    overrides: dict[str, Any],
    *,
    strict: bool,
    dirty: bool,
    build_date: dt.date | None,
    jobs: int = 1,
    claim_search: bool = False,
) -> tuple[str, ...]:
    """Run one whole MkDocs build (plugins started and shut down); return its warnings.

    MkDocs runs with its own `strict` off: every warning is collected (config
    validation included, which `mkdocs build --strict` does not count) and judged
    here, so the build is refused before it is put in place. The build date is
    given to MkDocs as SOURCE_DATE_EPOCH. `claim_search`: see `load_site_config`.
    """
    from mkdocs.exceptions import MkDocsException

    from generator.publish.mkdocs_internals import forget_merged_search_index
    from generator.publish.parallel_pages import parallel_pages

    with (
        _LOCK,
        _warnings_collected() as collected,
        _env("SOURCE_DATE_EPOCH", str(epoch_of(build_date))),
    ):
        try:
            cfg = load_site_config(
                config, {"strict": False, **overrides}, claim_search=claim_search
            )
            _cache_theme_bytecode(cfg.theme, config)
            cfg.plugins.on_startup(command="build", dirty=dirty)
            if not dirty:
                forget_merged_search_index(cfg)
            try:
                with parallel_pages(1 if dirty else jobs):
                    build_loaded(cfg, dirty=dirty)
            finally:
                cfg.plugins.on_shutdown()
        except (BuildInterrupted, KeyboardInterrupt):
            raise
        except MkDocsException as e:
            raise PublishError(_build_failed([*collected.messages, str(e)])) from e
        except BrokenProcessPool as e:
            message = "a process building pages died (out of memory?); try again with --jobs 1"
            raise PublishError(_build_failed([*collected.messages, message])) from e
        except Exception as e:  # a theme template or plugin crashed
            raise PublishError(_build_failed([*collected.messages, describe_exception(e)])) from e
    warnings = tuple(m for m in collected.messages if _DIRTY_WARNING not in m)
    if strict and warnings:
        raise PublishError(
            failure_message(f"MkDocs reported {len(warnings)} warning(s) in strict mode", warnings)
        )
    for w in warnings:
        log.warning("%s", w)
    return warnings


def failure_message(headline: str, messages: list[str] | tuple[str, ...]) -> str:
    """`headline`, that the previous output is kept, then each distinct message indented."""
    lines = [headline + "; the previous output is kept:"]
    lines += [f"  {m}" for m in dict.fromkeys(m for m in messages if m)]
    return "\n".join(lines)


def _build_failed(messages: list[str]) -> str:
    return failure_message("MkDocs build failed", messages)


def _cache_theme_bytecode(theme: Any, config: Path) -> None:
    """Let the theme's Jinja environment keep compiled templates on disk, next to mkdocs.yml.

    Jinja checks each cached entry against its template's source, so an edited
    template (an update of Material, our override) is compiled again; the HTML is the
    same either way.
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


@contextlib.contextmanager
def _warnings_collected() -> Iterator[_Collect]:
    """Collect the publisher's warnings (and its plugins') instead of printing them."""
    handler = _Collect()
    with contextlib.ExitStack() as stack:
        for name in logger_names():
            stack.enter_context(_diverted(logging.getLogger(name), handler, lower_to_warning=False))
        yield handler


@contextlib.contextmanager
def echoed_warnings(echo: Callable[[str], None]) -> Iterator[None]:
    """The publisher's warnings (but the one every dirty build logs) given to `echo` as
    `mkdocs: warning: ...` lines, for the preview."""
    handler = _Echo(echo)
    with contextlib.ExitStack() as stack:
        for name in logger_names():
            stack.enter_context(_diverted(logging.getLogger(name), handler, lower_to_warning=True))
        yield


class _Echo(logging.Handler):
    def __init__(self, echo: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self.echo = echo

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if _DIRTY_WARNING not in message:
            self.echo(f"mkdocs: {record.levelname.lower()}: {message}")


@contextlib.contextmanager
def _diverted(
    logger: logging.Logger, handler: logging.Handler, *, lower_to_warning: bool
) -> Iterator[None]:
    """`logger`'s records go to `handler` alone, warnings at least, while active."""
    old_level, old_propagate = logger.level, logger.propagate
    if lower_to_warning or logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        yield
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


def epoch_of(build_date: dt.date | None) -> int:
    """The build date as Unix time at midnight UTC (0 without one), as MkDocs is given it."""
    if build_date is None:
        return 0
    return int(dt.datetime.combine(build_date, dt.time(), dt.UTC).timestamp())
