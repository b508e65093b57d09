"""`factcheck build`: validate -> render -> publish (-> offline bundle).

Each stage is another module's job; this one only runs them in order and
derives what they share:

* the docs folder is mkdocs.yml's `docs_dir` (the renderer writes it, MkDocs
  reads it), so the two can never disagree;
* the build date given to MkDocs is the newest date in the published content
  (claims' `updated`), so the same content gives the same bytes whatever the
  day of the build, and the sitemap's `<lastmod>` is a content date, not the
  build machine's clock;
* the offline bundle is `<dist_dir>/<site-name-slug>-offline.zip`.

Validation errors abort before anything is written (`ContentError`); a failed
or interrupted build leaves the previous `site/` and zip in place: both are
built into temporary siblings first and put in place together at the end,
with SIGINT/SIGTERM held for that moment.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError

from generator.corpus.models import Corpus
from generator.errors import OutputPathError, PublishError, describe_exception, display_path
from generator.publish.atomic import (
    SiteBuild,
    Staged,
    commit_all,
    interruptible,
    remove_staging_leftovers,
)
from generator.publish.config import docs_dir_of, offline_zip_path
from generator.publish.offline import stage_offline_bundle
from generator.publish.publisher import DEFAULT_PUBLISHER, use_publisher
from generator.publish.site import stage_site


@dataclass(frozen=True)
class BuildResult:
    """What `build` produced."""

    claims: int
    """Published claims."""
    sources: int
    """Published sources."""
    docs_dir: Path
    """The rendered Markdown (mkdocs.yml's docs_dir)."""
    site: SiteBuild
    """The public site."""
    bundle: SiteBuild | None
    """The offline zip, when asked for."""
    seconds: float
    """Wall-clock time of the whole build."""
    draft_claims: tuple[str, ...] = ()
    """Ids of the claims left out as drafts."""
    draft_sources: tuple[str, ...] = ()
    """Ids of the sources left out as drafts."""


def build(
    content_dir: Path,
    site_dir: Path,
    *,
    offline: bool,
    dist_dir: Path,
    config: Path,
    strict: bool = True,
    docs_dir: Path | None = None,
    jobs: int = 1,
    publisher: str = DEFAULT_PUBLISHER,
) -> BuildResult:
    """Validate `content_dir`, render it into mkdocs.yml's docs_dir, publish to `site_dir`.

    With `offline`, also write `dist_dir/<site-name-slug>-offline.zip`.
    `docs_dir` overrides mkdocs.yml's (tests render into a temporary folder);
    `jobs` processes render the Markdown and, in MkDocs, convert and render the
    pages (the output is the same for any number); `publisher` is MkDocs or ProperDocs.
    Raises `ContentError` (nothing written), `PublishError` or
    `BuildInterrupted` (previous output kept).
    """
    from generator.commands.validate import editions_of
    from generator.corpus.pipeline import check
    from generator.render.settings import load_settings

    start = time.monotonic()
    use_publisher(publisher)
    check_output_paths(
        content_dir=content_dir,
        config=config,
        docs_dir=docs_dir if docs_dir is not None else _unless_unreadable(docs_dir_of, config),
        site_dir=site_dir,
        zip_path=_unless_unreadable(offline_zip_path, config, dist_dir) if offline else None,
    )
    with interruptible():
        # A mistake in mkdocs.yml is a SettingsError, a PublishError that says where it is.
        corpus = check(content_dir, editions=editions_of(load_settings(config)))
        docs_dir = docs_dir if docs_dir is not None else docs_dir_of(config)
        render(corpus, docs_dir, config, jobs=jobs)
        when = content_date(corpus)
        counts = len(corpus.published_claims), len(corpus.published_sources)
        drafts = left_out(corpus)
        del corpus
        _free_rendering_memory()  # MkDocs holds every page; our corpus need not stay beside it
        # Both outputs are built before either is put in place: a failed or
        # interrupted bundle must not leave a new site beside the old zip.
        staged: list[Staged] = []
        zip_path = offline_zip_path(config, dist_dir) if offline else None
        try:
            staged.append(
                stage_site(
                    config,
                    docs_dir,
                    site_dir,
                    strict=strict,
                    build_date=when,
                    jobs=jobs,
                    claim_search=True,
                )
            )
            if zip_path is not None:
                staged.append(
                    stage_offline_bundle(
                        config,
                        docs_dir,
                        zip_path,
                        strict=strict,
                        build_date=when,
                        jobs=jobs,
                        claim_search=True,
                    )
                )
            done = commit_all(staged)
        finally:
            for s in staged:
                s.discard()
            for target in (site_dir, zip_path):
                if target is not None:
                    remove_staging_leftovers(target)
    return BuildResult(
        *counts,
        docs_dir,
        done[0],
        done[1] if offline else None,
        time.monotonic() - start,
        *drafts,
    )


def left_out(corpus: Corpus) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(claim ids, source ids) of the drafts: what a published build leaves out."""
    return (
        tuple(c.id for c in corpus.claims if c.claim.draft),
        tuple(s.id for s in corpus.sources if s.meta.draft),
    )


def check_output_paths(
    *, content_dir: Path, config: Path, docs_dir: Path | None, site_dir: Path, zip_path: Path | None
) -> None:
    """Refuse outputs that would overwrite or delete the inputs, before anything is written.

    The site folder is replaced as a whole, so it must not be (or hold) the content,
    mkdocs.yml or the rendered docs, must not sit inside the content or the docs,
    and, if it exists, must be a site built before (an `index.html`) or empty. The
    rendered docs must stay apart from the content; the zip out of the others.
    `docs_dir` and `zip_path` are None when mkdocs.yml cannot be read (reported later).
    Raises `OutputPathError` listing every problem.
    """
    content, conf, site = _real(content_dir), _real(config), _real(site_dir)
    docs = _real(docs_dir) if docs_dir is not None else None
    inputs = [("the content folder", content), ("the configuration", conf)]
    insides = [("the content folder", content)]
    if docs is not None:
        inputs.append(("mkdocs.yml's docs_dir", docs))
        insides.append(("mkdocs.yml's docs_dir", docs))
    problems: list[str] = []
    for name, place in inputs:
        if _within(place, site):
            where = "is" if place == site else "holds"
            problems.append(
                f"--site-dir {site_dir} {where} {name} ({display_path(place)}), which a build would delete; choose another folder, e.g. site/"
            )
    for name, place in insides:
        if site != place and _within(site, place):
            problems.append(
                f"--site-dir {site_dir} is inside {name} ({display_path(place)}); choose a folder outside it, e.g. site/"
            )
    if site.is_file() or (
        site.is_dir() and not (site / "index.html").is_file() and any(site.iterdir())
    ):
        problems.append(
            f"--site-dir {site_dir} exists and is not a site built before (it has no index.html); "
            "a build replaces the whole folder, so give a new or empty folder, or remove this one"
        )
    if docs is not None and (_within(docs, content) or _within(content, docs)):
        problems.append(
            f"docs_dir {display_path(docs)} and the content folder ({display_path(content)}) overlap; the rendered Markdown needs a folder of its own (in mkdocs.yml)"
        )
    if zip_path is not None:
        for name, place in [*insides, ("the site folder", site)]:
            if _within(_real(zip_path), place):
                problems.append(
                    f"--dist-dir puts the offline bundle ({zip_path}) inside {name} ({display_path(place)}); choose another folder, e.g. dist/"
                )
    if problems:
        raise OutputPathError("\n".join(problems))


def _unless_unreadable(path_from_config: Callable[..., Path], *args: Path) -> Path | None:
    """A path that mkdocs.yml gives, or None when it cannot be read (reported later)."""
    try:
        return path_from_config(*args)
    except PublishError:
        return None


def _real(path: Path) -> Path:
    """`path` made absolute with symbolic links resolved (it need not exist)."""
    return Path(os.path.realpath(path))


def _within(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or lies below it."""
    return path == folder or folder in path.parents


def _free_rendering_memory() -> None:
    from generator.render.docs import forget_remembered

    forget_remembered()
    gc.collect()


def render(corpus: Corpus, docs_dir: Path, config: Path, *, jobs: int = 1) -> None:
    """Write the Markdown for `corpus` into `docs_dir` (generator.render.docs's job)."""
    from generator.render.docs import render_docs
    from generator.render.settings import load_settings

    # A mistake in mkdocs.yml raises SettingsError, a PublishError that says where it is.
    settings = load_settings(config)
    try:
        render_docs(corpus, docs_dir, settings, jobs=jobs)
    except (TemplateError, ValueError) as e:  # a template bug or a value the renderer refuses
        raise PublishError(
            f"rendering failed, nothing was published: {describe_exception(e)}"
        ) from e
    except BrokenProcessPool as e:
        raise PublishError(
            "a rendering process died (out of memory?); nothing was published; try again with --jobs 1"
        ) from e
    except OSError as e:
        raise PublishError(f"cannot write {docs_dir}: {e.strerror}") from e


def content_date(corpus: Corpus) -> dt.date | None:
    """The newest date the published content carries, or None if there is none."""
    dates = [c.claim.updated for c in corpus.published_claims]
    dates += [c.claim.published for c in corpus.published_claims]
    dates += [k.date for c in corpus.published_claims for k in c.claim.corrections]
    dates += [k.date for s in corpus.published_sources for k in s.meta.corrections]
    return max(dates, default=None)


MAX_IDS_NAMED = 10
"""How many drafts a build's report names before it counts the rest."""


def drafts_report(claims: tuple[str, ...], sources: tuple[str, ...], fate: str) -> list[str]:
    """A line for the draft claims and one for the draft sources, naming them, with what
    became of them: "1 draft not published: elm-street-visits-halved"."""
    lines = []
    for ids, noun in ((claims, "draft"), (sources, "draft source")):
        if ids:
            named = ", ".join(ids[:MAX_IDS_NAMED])
            more = len(ids) - MAX_IDS_NAMED
            plural = "s" if len(ids) != 1 else ""
            lines.append(
                f"{len(ids)} {noun}{plural} {fate}: {named}"
                + (f" and {more} more" if more > 0 else "")
            )
    return lines
