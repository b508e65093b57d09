"""Our copy of each source and the archived copies of the original, as the site publishes them.

* `plain_text` is the one encoding of a source's text that the site publishes:
  `api/sources/<id>.txt` holds exactly these bytes (`exports.source_text_producers`).
* `text_sha256` is the fingerprint of those bytes, SHA-256 in hexadecimal. The source
  page prints it ("Our copy: SHA-256 ..."), and so do `api/sources.json`, the Web
  Annotations (their target's source) and each ClaimReview appearance (`our_copy`), so
  that anyone can check a copy of the text with `sha256sum`.
* `archived_copies` orders a source's captures by the archives for every page and file.
* `source_records` is `api/sources.json`: every published source, with its archived
  copies, its fingerprint and the corrections to its text.

Drafts have no plain text on the site, so no fingerprint either.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from typing import Any

from generator.corpus.archives import archive_name
from generator.corpus.models import ArchivedCopy, Corpus, SourceCorrection, SourceDoc, SourceMeta
from generator.render.i18n import gettext
from generator.render.kinds import kind_record
from generator.render.paths import source_page, source_text
from generator.render.settings import SiteSettings

__all__ = [
    "SOURCES_EXPORT",
    "archive_name",
    "archived_copies",
    "correction_label",
    "forget_fingerprints",
    "our_copy",
    "plain_text",
    "source_records",
    "text_sha256",
]

SOURCES_EXPORT = "api/sources.json"
"""Every published source as data (`source_records`)."""


def plain_text(body: str) -> bytes:
    """A source's text as `api/sources/<id>.txt` holds it: UTF-8, nothing added."""
    return body.encode("utf-8")


@functools.lru_cache(maxsize=20_000)
def text_sha256(body: str) -> str:
    """SHA-256 of `plain_text(body)`, in lowercase hexadecimal (what `sha256sum` prints).

    Remembered: a source quoted by many claims is named in many annotations and pages."""
    return hashlib.sha256(plain_text(body)).hexdigest()


def forget_fingerprints() -> None:
    """Drop the remembered fingerprints, with the other caches between builds."""
    text_sha256.cache_clear()


def correction_label(correction: SourceCorrection) -> str:
    """What a correction of a source's text did, for readers: a typo fixed, or the text corrected."""
    return gettext("Typo fixed in our copy") if correction.typo else gettext("Text corrected")


def archived_copies(meta: SourceMeta) -> tuple[ArchivedCopy, ...]:
    """The source's archived copies, oldest capture first (then by address)."""
    return tuple(sorted(meta.archived, key=lambda copy: (copy.date, copy.url)))


def our_copy(source_id: str, sha256: str, settings: SiteSettings) -> dict[str, Any]:
    """Our copy of a source as schema.org sees it: its page (a `WebPage`), encoded as the
    plain text whose SHA-256 is given (a `MediaObject`)."""
    return {
        "@type": "WebPage",
        "url": settings.page_url(source_page(source_id)),
        "encoding": {
            "@type": "MediaObject",
            "contentUrl": settings.site_url + source_text(source_id),
            "encodingFormat": "text/plain; charset=utf-8",
            "sha256": sha256,
        },
    }


def source_records(corpus: Corpus, settings: SiteSettings) -> list[dict[str, Any]]:
    """`api/sources.json`: one record per published source, by id."""
    sources = sorted(corpus.published_sources, key=lambda source: source.id)
    return [_record(source, settings) for source in sources]


def _record(source: SourceDoc, settings: SiteSettings) -> dict[str, Any]:
    meta = source.meta
    return {
        "id": source.id,
        "url": settings.page_url(source_page(source.id)),
        "title": meta.title,
        "outlet": meta.outlet,
        "author": meta.author,
        "published": _date_or_unknown(meta.published),
        "original_url": meta.url,
        "archived": [
            {"url": copy.url, "date": copy.date.isoformat(), "archive": archive_name(copy.url)}
            for copy in archived_copies(meta)
        ],
        "retrieved": _date_or_unknown(meta.retrieved),
        "language": meta.language,
        "text_url": settings.site_url + source_text(source.id),
        "text_sha256": text_sha256(source.body),
        "corrections": [
            {"date": entry.date.isoformat(), "typo": entry.typo, "note": entry.note}
            for entry in meta.corrections
        ],
    } | kind_record(source, settings.site_url)


def _date_or_unknown(value: dt.date | str) -> str:
    return value.isoformat() if isinstance(value, dt.date) else value
