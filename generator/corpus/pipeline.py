"""The corpus stage from a content folder: read every file, then validate what was read.

`factcheck validate`, `build` and `serve` start here. Reading (`read.load_content`)
and judging (`validate.validate_loaded`) stay apart: validation works from what
reading produced and never reads a file itself.
"""

from __future__ import annotations

from pathlib import Path

from generator.corpus.gc_pause import gc_paused
from generator.corpus.models import Corpus
from generator.corpus.read import load_content
from generator.corpus.validate import Editions, Report, validate_loaded
from generator.corpus.validation_cache import ValidationCache
from generator.errors import ContentError


def validate_content(
    content_dir: Path, *, cache: ValidationCache | None = None, editions: Editions | None = None
) -> Report:
    """Read and validate `content_dir`; `cache` (`factcheck serve`) skips reading unchanged
    files again, and judging again what they hold; `editions` (from mkdocs.yml) are what
    claims' `translations` are checked against."""
    with gc_paused():
        loaded = load_content(content_dir, cache=cache.files if cache is not None else None)
        return validate_loaded(loaded, cache=cache, editions=editions)


def check(content_dir: Path, *, editions: Editions | None = None) -> Corpus:
    """Validate `content_dir`; return the corpus or raise ContentError with every problem."""
    report = validate_content(content_dir, editions=editions)
    if report.corpus is None:
        raise ContentError(report.problems)
    return report.corpus
