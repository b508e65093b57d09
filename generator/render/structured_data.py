"""Machine-readable output: schema.org ClaimReview per claim, and `api/claims.json`.

Both use absolute URLs built from mkdocs.yml's `site_url` (`SiteSettings.page_url`)
and keep their keys in a fixed, documented order, so the bytes are stable.

ClaimReview's `author` is the claim's authors, each a Person who `worksFor` the
publisher, and its `editor` the claim's editor; a placeholder person is never given as a
Person, and a desk that sets `extra.claimreview_author: organization` (or a claim whose
authors are all placeholders) gets the publishing Organization as the author instead.
`itemReviewed.author` takes its `url` and `sameAs` from the claimant's file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from generator.corpus.models import UNKNOWN, ClaimantType, SourceKind
from generator.corpus.scale import BEST_RATING, WORST_RATING
from generator.render.kinds import SCHEMA_TYPES
from generator.render.labels import verdict_label
from generator.render.newsroom import ClaimantRef, NewsroomView, PersonRef
from generator.render.settings import ORGANIZATION_AUTHOR, SiteSettings
from generator.render.source_copies import our_copy
from generator.render.views import ClaimView, QuoteView, SourceRef

__all__ = [
    "ITEMS_PLACEHOLDER",
    "claim_review",
    "claims_export",
    "pretty_json",
    "pretty_json_filled",
    "script_safe_json",
]

_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_safe_json(data: object) -> str:
    """Compact JSON that cannot end a `<script>` element or open a comment in it.

    `<`, `>` and `&` (and the JavaScript line separators) are written as `\\uXXXX`
    escapes, which JSON parsers decode back to the same characters.
    """
    text = orjson.dumps(data).decode("utf-8")
    for char, escape in _SCRIPT_UNSAFE.items():
        text = text.replace(char, escape)
    return text


def pretty_json(value: object) -> bytes:
    """UTF-8 JSON indented by two spaces, with a final newline, keys in insertion order.

    orjson writes what `json.dumps(value, ensure_ascii=False, indent=2)` does, at a
    fraction of the cost, except where `json` would write invalid JSON: NaN and infinities become
    `null`, and non-string keys are refused. (Validation admits neither.)
    """
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


ITEMS_PLACEHOLDER = "\x1f(items)\x1f"
"""Stands for the items of the one list that `pretty_json_filled` fills in."""


def pretty_json_filled(outline: object, items: Iterable[object]) -> bytes:
    """`pretty_json` of `outline` with `[ITEMS_PLACEHOLDER]` replaced by `items`.

    Each item is encoded as it comes and let go, so a long list never exists as
    Python objects all at once; the bytes are exactly `pretty_json`'s. An empty
    list is written as `[ITEMS_PLACEHOLDER] * 0`, i.e. `[]`, by the caller.
    """
    text = pretty_json(outline)
    marker = orjson.dumps(ITEMS_PLACEHOLDER)
    at = text.find(marker)
    if at < 0:
        return text  # the outline's list is empty
    line_start = text.rindex(b"\n", 0, at) + 1
    indent = b" " * (at - line_start)
    newline = b"\n" + indent
    encoded = (
        indent + orjson.dumps(item, option=orjson.OPT_INDENT_2).replace(b"\n", newline)
        for item in items
    )
    return text[:line_start] + b",\n".join(encoded) + text[at + len(marker) :]


def claim_review(
    view: ClaimView, settings: SiteSettings, newsroom: NewsroomView | None = None
) -> dict[str, Any]:
    """The schema.org ClaimReview of one claim page (`newsroom` gives its people and its
    claimant's file; without it, the publisher is the author and the claimant a name)."""
    claim = view.claim
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": settings.page_url(view.summary.page),
        "claimReviewed": claim.claim,
        "datePublished": claim.published.isoformat(),
        "author": _publisher(settings),
    }
    if newsroom is not None and settings.claimreview_author != ORGANIZATION_AUTHOR:
        credits = newsroom.credits_of(view.summary.id)
        authors = [_person(p, settings) for p in credits.authors if not p.placeholder]
        if authors:
            review["author"] = authors[0] if len(authors) == 1 else authors
            editor = credits.editor
            if editor is not None and not editor.placeholder:
                review["editor"] = _person(editor, settings)
    claimant = newsroom.claimant_of(view.summary.id) if newsroom is not None else None
    review["reviewRating"] = _rating(view)
    review["itemReviewed"] = _item_reviewed(view, settings, claimant)
    if claim.language:
        review["inLanguage"] = claim.language  # else the page's own, `<html lang>`
    return review


def _publisher(settings: SiteSettings) -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": settings.publisher_name,
        "url": settings.publisher_url,
    }


def _person(person: PersonRef, settings: SiteSettings) -> dict[str, Any]:
    """A person of the desk, with their page, who works for the publisher."""
    record: dict[str, Any] = {
        "@type": "Person",
        "name": person.name,
        "url": settings.page_url(person.page),
    }
    if person.same_as:
        record["sameAs"] = list(person.same_as)
    record["worksFor"] = _publisher(settings)
    return record


def _rating(view: ClaimView) -> dict[str, Any]:
    verdict = view.summary.verdict
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict_label(verdict)}
    if verdict.rating is not None:
        rating |= {
            "ratingValue": verdict.rating,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
        }
    return rating


def _item_reviewed(
    view: ClaimView, settings: SiteSettings, claimant: ClaimantRef | None
) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim", "author": _claimant(view, claimant)}
    if view.appearances:
        item["appearance"] = [_appearance(source, settings) for source in view.appearances]
    dates = [source.published for source in view.appearances if source.published]
    if dates:
        item["datePublished"] = min(dates).isoformat()
    return item


def _claimant(view: ClaimView, claimant: ClaimantRef | None) -> dict[str, Any]:
    """Who made the claim: a Person when the claimant's file (or the claim) says so,
    otherwise an Organization (Google reads only those two types); with the `url` and
    `sameAs` of the claimant's file, when it gives them."""
    if claimant is None:
        claimant = ClaimantRef(view.claim.claimant, type=view.claim.claimant_type)
    kind = "Person" if claimant.type == ClaimantType.PERSON else "Organization"
    author: dict[str, Any] = {"@type": kind, "name": claimant.name}
    if claimant.url:
        author["url"] = claimant.url
    if claimant.same_as:
        author["sameAs"] = list(claimant.same_as)
    return author


def _appearance(source: SourceRef, settings: SiteSettings) -> dict[str, Any]:
    """The source the claim appears in, typed by its kind (`kinds.SCHEMA_TYPES`: a
    CreativeWork for an article, a SocialMediaPosting, an ImageObject, ...). `url` is the
    original's, when the source has one; our copy of its text (its page, and the plain text
    with its SHA-256) and the web archives' captures are `archivedAt`, never passed off as
    the original itself; our copy of an image's picture is its `contentUrl`, of a document's
    PDF its `encoding`.
    `author` is the outlet, when known (its address is not in the content)."""
    work: dict[str, Any] = {"@type": SCHEMA_TYPES[source.kind]}
    if source.url:
        work["url"] = source.url
    work[_title_property(source.title)] = source.title
    if source.published:
        work["datePublished"] = source.published.isoformat()
    if source.outlet != UNKNOWN:
        work["author"] = {"@type": "Organization", "name": source.outlet}
    copies: list[Any] = [copy.url for copy in source.archived]
    if source.text_sha256 is not None:  # a published claim appears in published sources only
        copies.insert(0, our_copy(source.id, source.text_sha256, settings))
    work["archivedAt"] = copies
    if source.media is not None:  # our copy of an image's picture, of a document's PDF
        file_url = settings.site_url + source.media
        if source.kind is SourceKind.IMAGE:
            work["contentUrl"] = file_url
        else:
            work["encoding"] = {
                "@type": "MediaObject",
                "contentUrl": file_url,
                "encodingFormat": "application/pdf",
            }
    return work


def _title_property(title: str) -> str:
    """`headline` for a headline as printed; `name` for an editor's description of an
    article that has none (written in [square brackets])."""
    return "name" if title.startswith("[") and title.endswith("]") else "headline"


def claims_export(
    claims: tuple[ClaimView, ...], settings: SiteSettings, newsroom: NewsroomView | None = None
) -> bytes:
    """`api/claims.json`: every published claim, by id; indent 2, trailing newline."""
    records = [
        _claim_record(view, settings, newsroom)
        for view in sorted(claims, key=lambda v: v.summary.id)
    ]
    return pretty_json(records)


def _claim_record(
    view: ClaimView, settings: SiteSettings, newsroom: NewsroomView | None
) -> dict[str, Any]:
    claim, verdict = view.claim, view.summary.verdict
    claimant = newsroom.claimant_of(view.summary.id) if newsroom is not None else None
    credits = newsroom.credits_of(view.summary.id) if newsroom is not None else None
    related = newsroom.related_to(view.summary.id) if newsroom is not None else ()
    return {
        "id": view.summary.id,
        "url": settings.page_url(view.summary.page),
        "question": claim.question,
        "claim": claim.claim,
        "claimant": claimant.name if claimant is not None else claim.claimant,
        "claimant_id": claimant.id if claimant is not None else None,
        "status": verdict.status.value,
        "status_label": verdict_label(verdict),
        "rating": verdict.rating,
        "summary": claim.summary,
        "tags": list(claim.tags),
        "published": claim.published.isoformat(),
        "updated": claim.updated.isoformat(),
        "authors": [_person_record(p, settings) for p in credits.authors] if credits else [],
        "editor": _person_record(credits.editor, settings)
        if credits is not None and credits.editor is not None
        else None,
        "related": [summary.id for summary in related if not summary.draft],
        "citations": [_citation_record(quote, settings) for quote in view.citations],
    }


def _person_record(person: PersonRef, settings: SiteSettings) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "url": settings.page_url(person.page),
        "placeholder": person.placeholder,
    }


def _citation_record(quote: QuoteView, settings: SiteSettings) -> dict[str, Any]:
    record: dict[str, Any] = {
        "source": quote.source.id,
        "quote": quote.text,
        "stance": quote.stance.value if quote.stance else None,
        "paragraph": quote.anchor.paragraph,
        "url": f"{settings.page_url(quote.source.page)}#{quote.anchor.fragment}",
    }
    if quote.page is not None:
        record["page"] = quote.page
    if quote.source.kind.timed:
        record["at"] = quote.place.removeprefix("at ")
    if quote.original_at:
        record["original_url"] = quote.original_at
    return record
