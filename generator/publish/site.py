"""The public site: MkDocs builds the rendered Markdown into a temporary sibling of `site/`,
which replaces the old site in one step once the build has passed.

* **Strict.** Every warning MkDocs or a plugin logs (broken links and anchors, pages
  missing from the nav, config problems) fails the build with a `PublishError` that
  lists them.
* **Reproducible.** Same content, same bytes: MkDocs' build date is `build_date`
  (content-derived, see `generator.commands.build`); without one, the sitemap carries
  no `<lastmod>` rather than an invented date, and gzip timestamps are fixed.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import os
import re
import shutil
import time
from pathlib import Path

from generator.publish.atomic import (
    SiteBuild,
    Staged,
    absolute,
    default_dir_mode,
    interruptible,
    new_staging_folder,
    rmtree_quiet,
)
from generator.publish.config import check_inputs, read_config
from generator.publish.publisher import epoch_of, run_build
from generator.publish.search import index_site

__all__ = ["build_site", "stage_site"]

_LASTMOD_EPOCH = re.compile(r"[ \t]*<lastmod>1970-01-01</lastmod>[ \t]*\n?")
"""The `<lastmod>` MkDocs writes for SOURCE_DATE_EPOCH=0, which we give it for no date."""


def build_site(
    config: Path,
    docs_dir: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    dirty: bool = False,
    build_date: dt.date | None = None,
    jobs: int = 1,
    claim_search: bool = False,
) -> SiteBuild:
    """Build the public site from `docs_dir` into `site_dir` with MkDocs.

    `config` is mkdocs.yml; its `docs_dir`/`site_dir` are overridden by the
    arguments. `strict` turns every MkDocs warning into a `PublishError`.
    `dirty` starts from a copy of the current site and lets MkDocs rebuild only
    pages whose Markdown is newer (development only: navigation on unchanged
    pages may be stale). `build_date` is the date MkDocs stamps into the sitemap
    (`<lastmod>`) and the gzip header; pass the newest content date, or None for
    no `<lastmod>` at all. `jobs` processes convert and render the pages of a
    full build (`parallel_pages`; the site is the same for any number).
    `claim_search` (the fact-check site) makes search Pagefind's index of the
    published claims (`generator.publish.search`), built in the staged site;
    without (the manual), Material's own search indexes every page.

    Raises `PublishError` (build failed; `site_dir` untouched) or
    `BuildInterrupted` (SIGINT/SIGTERM; `site_dir` untouched unless the swap had
    already happened, in which case it holds the complete new site).
    """
    with interruptible():
        staged = stage_site(
            config,
            docs_dir,
            site_dir,
            strict=strict,
            dirty=dirty,
            build_date=build_date,
            jobs=jobs,
            claim_search=claim_search,
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
    claim_search: bool = False,
) -> Staged:
    """`build_site` up to, not including, putting the site in place."""
    start = time.monotonic()
    config, docs_dir, site_dir = absolute(config), absolute(docs_dir), absolute(site_dir)
    check_inputs(config, docs_dir)
    tmp = new_staging_folder(site_dir)
    os.chmod(tmp, default_dir_mode())  # mkdtemp's 0700 would hide the site from a web server
    try:
        with interruptible():
            if dirty and site_dir.is_dir():
                shutil.rmtree(tmp)
                shutil.copytree(site_dir, tmp, symlinks=True)
            warnings = run_build(
                config,
                {"docs_dir": str(docs_dir), "site_dir": str(tmp)},
                strict=strict,
                dirty=dirty,
                build_date=build_date,
                jobs=jobs,
                claim_search=claim_search,
            )
            _finish_sitemap(tmp, build_date)
            if claim_search:
                index_site(tmp, read_config(config), offline=False)
    except BaseException:
        rmtree_quiet(tmp)
        raise
    return Staged(tmp, site_dir, tmp, warnings, time.monotonic() - start)


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
        filename="sitemap.xml", mode="wb", fileobj=buf, mtime=epoch_of(build_date)
    ) as f:
        f.write(text.encode("utf-8"))
    gz.write_bytes(buf.getvalue())
