"""`factcheck validate`: the content, and what mkdocs.yml says that the content depends on.

The content folder is judged by the corpus stage (`generator.corpus.judged_apart`, the
claims in forked processes); what it depends on in mkdocs.yml is read here, so that one
run reports every problem:

* a setting the renderer cannot use, at its line (`theme.language` without a catalog
  names the languages there are);
* the site's language editions (`extra.alternate`), which claims' `translations` must name,
  each with its claims when its content folder is in this checkout (`content`).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.corpus.judged_apart import validate_apart
from generator.corpus.read import EditionClaims, edition_claims
from generator.corpus.validate import Editions, Report
from generator.errors import Problem, sorted_problems
from generator.render.settings import PlacedSettingsError, SiteSettings, load_settings

__all__ = ["editions_of", "validate", "validated_settings"]


def editions_of(settings: SiteSettings) -> Editions:
    """The site's language editions as validation reads them: each other edition's claims,
    when its content folder is here."""
    return Editions(
        language=settings.language,
        others={
            edition.language: edition_claims(edition.content)
            if edition.content is not None
            else EditionClaims(Path(), None)
            for edition in settings.other_editions()
        },
    )


def validated_settings(config: Path) -> tuple[SiteSettings | None, list[Problem]]:
    """mkdocs.yml's settings, or the problem that stops them being read, at its line."""
    try:
        return load_settings(config), []
    except PlacedSettingsError as error:
        return None, [Problem(error.path, error.line, error.col, error.problem)]


def validate(content_dir: Path, config: Path | None = None, *, jobs: int = 1) -> Report:
    """Every problem of `content_dir`, and of `config` (mkdocs.yml) when given: its
    settings, and claims' `translations` against its editions. The claims are read and
    judged in `jobs` processes; nothing is rendered from the report (`corpus` is None)."""
    settings, problems = validated_settings(config) if config is not None else (None, [])
    report = validate_apart(
        content_dir, editions=editions_of(settings) if settings is not None else None, jobs=jobs
    )
    if not problems:
        return report
    return dataclasses.replace(
        report, corpus=None, problems=tuple(sorted_problems([*report.problems, *problems]))
    )
