"""The offline bundle: the whole site as a zip that works from `file://` (a USB stick).

A second MkDocs build of the same Markdown, with Material's `offline` plugin and
`use_directory_urls: false` (pages are `claims/<id>.html`, so links work from
`file://`), the vendored iframe-worker shim in `extra.polyfills` (so search works
from `file://` without the CDN copy the plugin would otherwise reference), files that
mean nothing offline dropped, a check that nothing loads from outside the bundle, and
a reproducible zip: entries sorted, fixed times and modes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import stat
import time
import zipfile
from pathlib import Path
from typing import Any

from generator.errors import PublishError
from generator.publish.atomic import (
    SiteBuild,
    Staged,
    absolute,
    interruptible,
    new_staging_folder,
    rmtree_quiet,
)
from generator.publish.config import check_inputs, read_config
from generator.publish.publisher import failure_message, run_build
from generator.publish.search import index_site

__all__ = [
    "FIXED_ZIP_TIME",
    "IFRAME_WORKER_SHA256",
    "IFRAME_WORKER_VERSION",
    "OFFLINE_DROPPED",
    "SHIM_DEST",
    "build_offline_bundle",
    "default_shim_path",
    "stage_offline_bundle",
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
    claim_search: bool = False,
) -> SiteBuild:
    """Build the offline HTML bundle of `docs_dir` and zip it to `zip_path`.

    A second MkDocs build with Material's `offline` plugin and
    `use_directory_urls: false` (pages are `claims/<id>.html`, so links work
    from `file://`), the iframe-worker `shim` in `extra.polyfills` (search from
    `file://`), then a reproducible zip: entries sorted, timestamps from
    `build_date` (or 1980-01-01), permissions 0644, all under one top-level
    `folder` (default: the zip's name without `.zip`), swapped into place
    atomically. `shim` defaults to `default_shim_path(config)` (`make vendor`).
    `claim_search`: as `site.build_site`'s, with the index's files as scripts.

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
            claim_search=claim_search,
        )
        try:
            return staged.commit()
        finally:
            staged.discard()


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
    claim_search: bool = False,
) -> Staged:
    """`build_offline_bundle` up to, not including, putting the zip in place."""
    start = time.monotonic()
    config, docs_dir, zip_path = absolute(config), absolute(docs_dir), absolute(zip_path)
    check_inputs(config, docs_dir)
    shim = absolute(shim) if shim is not None else default_shim_path(config)
    shim_bytes = _read_shim(shim)
    raw = read_config(config)
    _check_offline_safe(raw, config)
    folder = folder or zip_path.name.removesuffix(".zip")

    work = new_staging_folder(zip_path)
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
            warnings = run_build(
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
                claim_search=claim_search,
            )
            if claim_search:
                index_site(site, raw, offline=True)
            _drop_server_only_files(site)
            _drop_feed_links(site)
            _check_offline_output(site)
            tmp_zip = work / zip_path.name
            _write_zip(site, tmp_zip, folder, _zip_time(build_date))
            shutil.rmtree(stage_docs)
            shutil.rmtree(site)
    except BaseException:
        rmtree_quiet(work)
        raise
    return Staged(tmp_zip, zip_path, work, warnings, time.monotonic() - start)


def default_shim_path(config: Path) -> Path:
    """Where `make vendor` puts the iframe-worker shim, next to mkdocs.yml."""
    return (
        absolute(config).parent
        / ".cache"
        / "vendor"
        / f"iframe-worker-{IFRAME_WORKER_VERSION}"
        / "shim.js"
    )


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
    rb"""<(?:script|link|img|iframe|source|audio|video|track|embed|object|input)\b[^>]*?"""
    rb"""\s(?:src|href|poster|data)\s*=\s*["']?(?:https?:)?//""",
    re.IGNORECASE,
)
_SRCSET_TAG = re.compile(
    rb"""<(?:img|source)\b[^>]*?\ssrcset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
    re.IGNORECASE,
)
"""A tag with a `srcset`, whose value lists candidates (`a.png 1x, b.png 2x`)."""
_REMOTE_ADDRESS = re.compile(rb"(?:https?:)?//", re.IGNORECASE)
_REMOTE_CSS = re.compile(
    rb"""(?:url\(\s*["']?|@import\s+["'])\s*(?:https?:)?//[^\s"')]*""", re.IGNORECASE
)
"""A stylesheet's `url(...)` or `@import "..."` of a remote address."""
_STYLE_IN_HTML = re.compile(
    rb"""<style\b[^>]*>(.*?)</style>|\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE | re.DOTALL,
)


_REL = re.compile(r"""\srel\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_METADATA_RELS = frozenset({"canonical", "alternate"})
"""Link types that only describe the page (its public address, a feed, a translation)."""


def _is_metadata_link(tag: str) -> bool:
    """Whether `tag` is a `<link>` whose every rel token is metadata that nothing fetches.

    `rel="alternate stylesheet"` or `rel="alternate icon"` is fetched all the same."""
    if not tag.lower().startswith("<link"):
        return False
    found = _REL.search(tag)
    if found is None:
        return False
    tokens = {t.lower() for t in (found[1] or found[2] or found[3] or "").split()}
    return bool(tokens) and tokens <= _METADATA_RELS


def _check_offline_output(site: Path) -> None:
    """The bundle must load nothing from outside itself: no remote script, stylesheet,
    image (`src`, `srcset`, a video's `poster`), frame, media or embedded object, and no
    remote `url(...)` or `@import` in a stylesheet, a `<style>` or a `style` attribute.

    Links a reader follows (`<a href>`: another site, a `mailto:` to report an error) load
    nothing and are kept: a reader offline may still write, or open them later."""
    offenders: list[str] = []
    for path in sorted(p for p in site.rglob("*") if p.suffix in (".html", ".css")):
        data = path.read_bytes()
        where = path.relative_to(site)
        if path.suffix == ".css":
            offenders += [f"{where}: {snippet}" for snippet in _remote_in_css(data)]
            continue
        for start in sorted(_remote_tag_starts(data)):
            tag = data[start : data.find(b">", start) + 1].decode("utf-8", "replace")
            if _is_metadata_link(tag):
                continue  # canonical/alternate links are metadata, never fetched
            offenders.append(f"{where}: {tag[:200]}")
        for style in _STYLE_IN_HTML.finditer(data):
            css = style[1] or style[2] or style[3] or b""
            offenders += [f"{where}: {snippet}" for snippet in _remote_in_css(css)]
    if offenders:
        raise PublishError(
            failure_message("the offline bundle would load remote resources", offenders[:20])
        )


def _remote_tag_starts(data: bytes) -> set[int]:
    """Where each tag starts that loads something from another site: by its address, or by
    one of its `srcset` candidates."""
    starts = {m.start() for m in _REMOTE_REF.finditer(data)}
    for m in _SRCSET_TAG.finditer(data):
        value = m[1] or m[2] or m[3] or b""
        candidates = (c.split()[0] for c in value.split(b",") if c.strip())
        if any(_REMOTE_ADDRESS.match(address) for address in candidates):
            starts.add(m.start())
    return starts


def _remote_in_css(css: bytes) -> list[str]:
    """Each `url(...)` or `@import` of a remote address in a stylesheet."""
    return [m[0].decode("utf-8", "replace")[:200] for m in _REMOTE_CSS.finditer(css)]


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
