"""Machine-readable exports written into docs_dir, which MkDocs copies into the site as is.

* `feed.xml` — an Atom 1.0 feed of the published claims, newest change first;
  entries carry the claim's own dates, so corrected claims come back to the top; a
  published source whose text was corrected has an entry too, with its corrections log.
* `api/claimreview.json` — a list of schema.org ClaimReview objects.
* `api/fever.jsonl` — one FEVER line per published claim: its verdict mapped to
  SUPPORTS / REFUTES / NOT ENOUGH INFO (`FEVER_LABELS`), with the quoted passages
  that support (or refute) it as evidence sets (naming, for a recording, the cue,
  and for a document, the page).
* `api/sources/<id>.txt` — each published source's text, exactly the body whose
  characters the quotes' anchors count; its SHA-256 is published with it.
* `api/sources.json` — every published source: its details, archived copies, the
  fingerprint of its text and the corrections to it (`generator.render.source_copies`).
* `api/annotations.jsonld` — a W3C Web Annotation collection with one
  `assessing` annotation per citation, targeting the quoted passage in that
  plain-text copy with a TextQuoteSelector and a TextPositionSelector; a passage of
  a recording also targets the original at its time (a FragmentSelector `t=`), and
  one of a document its page of the PDF (`page=`).

Every date comes from the content, never from the clock, and everything is
sorted, so the same content gives the same bytes. What the feed and the annotations say
in words is in the site's language (`generator.render.i18n`), which they declare
(`xml:lang`, `language`); a claim in another language (`language`) declares its own. Drafts are left out, in the
preview too (`SiteSettings.include_drafts` only chooses which remembered site view
to take the published claims from): a feed reader or a data user cannot see a
page's "Draft" notice, so the preview's exports are exactly what publishing would give.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import orjson

from generator.corpus.models import Anchor, Citation, ClaimDoc, Corpus, SourceDoc
from generator.corpus.scale import Stance, Status, verdict
from generator.corpus.transcripts import format_time
from generator.render.i18n import active_language, gettext
from generator.render.kinds import media_fragment
from generator.render.labels import meta_label, verdict_label
from generator.render.newsroom import newsroom_view
from generator.render.paths import claim_page, media_path, source_page, source_text
from generator.render.settings import SiteSettings
from generator.render.source_copies import (
    SOURCES_EXPORT,
    correction_label,
    plain_text,
    source_records,
    text_sha256,
)
from generator.render.structured_data import (
    ITEMS_PLACEHOLDER,
    claim_review,
    pretty_json,
    pretty_json_filled,
)
from generator.render.views import site_view

__all__ = [
    "ANNOTATIONS",
    "CLAIMREVIEW",
    "EXPORTS",
    "FEED",
    "FEVER",
    "SOURCES",
    "annotations_jsonld",
    "atom_feed",
    "claimreview_json",
    "claimreview_list",
    "content_date",
    "export_files",
    "export_producers",
    "fever_jsonl",
    "fever_records",
    "source_text_producers",
    "sources_json",
]

FEED = "feed.xml"
CLAIMREVIEW = "api/claimreview.json"
FEVER = "api/fever.jsonl"
ANNOTATIONS = "api/annotations.jsonld"
SOURCES = SOURCES_EXPORT
EXPORTS = (FEED, CLAIMREVIEW, FEVER, ANNOTATIONS, SOURCES)
"""The fixed files `export_files` gives, relative to docs_dir (it also gives one
`source_text` file per published source)."""

ATOM_NS = "http://www.w3.org/2005/Atom"
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SHA256_CONTEXT = {"sha256": "https://schema.org/sha256"}
"""The one term the annotations use beyond the Web Annotation vocabulary: the SHA-256 of
each target's plain text (schema.org's `sha256`)."""
FEED_LIMIT = 50
"""Entries in the feed: the most recently updated claims and corrected sources."""
SELECTOR_CONTEXT = 32
"""Characters of prefix and suffix in a TextQuoteSelector."""
SUPPORTS, REFUTES, NOT_ENOUGH_INFO = "SUPPORTS", "REFUTES", "NOT ENOUGH INFO"
FEVER_LABELS: dict[Status, str] = {
    Status.TRUE: SUPPORTS,
    Status.MOSTLY_TRUE: SUPPORTS,  # accurate, needs clarification: the claim as stated holds
    Status.MIXED: NOT_ENOUGH_INFO,  # partly accurate, partly not: neither label fits the whole
    Status.MOSTLY_FALSE: REFUTES,  # an element of truth, but the claim as stated does not hold
    Status.FALSE: REFUTES,
    Status.MISLEADING: NOT_ENOUGH_INFO,  # FEVER has no label for accurate words, false impression
    Status.UNPROVEN: NOT_ENOUGH_INFO,
}
"""The FEVER label of each verdict (the manual's "The data exports" gives the reasons)."""
EVIDENCE_STANCE: dict[str, Stance] = {SUPPORTS: Stance.SUPPORTS, REFUTES: Stance.REFUTES}
"""The stance of the passages that are a label's evidence; NOT ENOUGH INFO has none."""


def _assessment(stance: Stance, claim: str, rating: str, question: str) -> str:
    """What an annotation says of its passage, in words."""
    values = {"claim": claim, "verdict": rating, "question": question}
    if stance is Stance.SUPPORTS:
        return gettext(
            "Supports the claim “%(claim)s” (fact-check verdict: %(verdict)s). %(question)s",
            **values,
        )
    if stance is Stance.REFUTES:
        return gettext(
            "Refutes the claim “%(claim)s” (fact-check verdict: %(verdict)s). %(question)s",
            **values,
        )
    return gettext(
        "Gives context to the claim “%(claim)s” (fact-check verdict: %(verdict)s). %(question)s",
        **values,
    )


_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class _Cited:
    """A citation of a published claim, with its anchor and source."""

    doc: ClaimDoc
    citation: Citation
    anchor: Anchor
    source: SourceDoc
    id: str
    """Unique and stable: `<claim>/<source>/q-<start>-<end>` (a suffix if cited twice)."""

    @property
    def quote(self) -> str:
        return self.source.body[self.anchor.start : self.anchor.end]


def _published(corpus: Corpus) -> list[ClaimDoc]:
    return sorted(corpus.published_claims, key=lambda d: d.id)


def _citations(corpus: Corpus) -> list[_Cited]:
    """Every citation of every published claim, by claim id, source id and place in the text."""
    sources = {s.id: s for s in corpus.sources}
    found = []
    for doc in _published(corpus):
        for citation, anchor in zip(doc.claim.citations, doc.citation_anchors, strict=True):
            found.append((doc, citation, anchor))
    found.sort(key=lambda f: (f[0].id, f[1].source, f[2].start, f[2].end, f[1].stance.value))
    result: list[_Cited] = []
    seen: dict[str, int] = {}
    for doc, citation, anchor in found:
        base = f"{doc.id}/{citation.source}/{anchor.fragment}"
        seen[base] = seen.get(base, 0) + 1
        cited_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        result.append(_Cited(doc, citation, anchor, sources[citation.source], cited_id))
    return result


def _timestamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def content_date(corpus: Corpus) -> dt.date:
    """The newest date the published claims, and the corrections of the published
    sources' texts, carry (the epoch when there are none)."""
    dates = [d for doc in corpus.published_claims for d in _claim_dates(doc)]
    dates += [c.date for source in corpus.published_sources for c in source.meta.corrections]
    return max(dates, default=_EPOCH)


def _claim_dates(doc: ClaimDoc) -> Iterable[dt.date]:
    yield doc.claim.published
    yield doc.claim.updated
    yield from (c.date for c in doc.claim.corrections)


# --- Atom ----------------------------------------------------------------------------------


def _tag_uri(settings: SiteSettings, date: dt.date, specific: str) -> str:
    host = urlsplit(settings.site_url).hostname or "localhost"
    return f"tag:{host},{date.isoformat()}:{specific}"


def atom_feed(corpus: Corpus, settings: SiteSettings) -> str:
    """The Atom feed: the published claims and the sources whose text was corrected, most
    recently updated first, at most FEED_LIMIT entries."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {_XML_LANG: active_language().tag})
    _sub(feed, "id", settings.site_url + FEED)
    _sub(feed, "title", settings.site_name)
    if settings.description:
        _sub(feed, "subtitle", settings.description)
    _sub(feed, "updated", _timestamp(content_date(corpus)))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=settings.site_url + FEED)
    _sub(feed, "link", rel="alternate", type="text/html", href=settings.site_url)
    author = _sub(feed, "author")
    _sub(author, "name", settings.publisher_name)
    _sub(author, "uri", settings.publisher_url)
    entries: list[tuple[dt.date, str, Callable[[], None]]] = [
        (doc.claim.updated, f"claim:{doc.id}", functools.partial(_claim_entry, feed, doc, settings))
        for doc in _published(corpus)
    ]
    entries += [
        (
            max(c.date for c in source.meta.corrections),
            f"source:{source.id}",
            functools.partial(_source_entry, feed, source, settings),
        )
        for source in _corrected_sources(corpus)
    ]
    entries.sort(key=lambda entry: (-entry[0].toordinal(), entry[1]))
    for _updated, _key, write_entry in entries[:FEED_LIMIT]:
        write_entry()
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _claim_entry(feed: ET.Element, doc: ClaimDoc, settings: SiteSettings) -> None:
    claim = doc.claim
    entry = _sub(feed, "entry", **({_XML_LANG: claim.language} if claim.language else {}))
    _sub(entry, "id", _tag_uri(settings, claim.published, f"claim:{doc.id}"))
    _sub(entry, "title", claim.question)
    _sub(
        entry, "link", rel="alternate", type="text/html", href=settings.page_url(claim_page(doc.id))
    )
    _sub(entry, "published", _timestamp(claim.published))
    _sub(entry, "updated", _timestamp(claim.updated))
    label = verdict_label(verdict(claim.status))
    _sub(
        entry,
        "category",
        term=claim.status.value,
        label=label,
        scheme=settings.page_url("methodology.md"),
    )
    for tag in sorted(set(claim.tags)):
        _sub(entry, "category", term=tag)
    _sub(
        entry,
        "summary",
        gettext("%(verdict)s: %(summary)s", verdict=label, summary=claim.summary),
        type="text",
    )
    _sub(entry, "content", _entry_html(doc), type="html")


def _corrected_sources(corpus: Corpus) -> list[SourceDoc]:
    """The published sources whose text has a corrections log."""
    return [source for source in corpus.published_sources if source.meta.corrections]


SOURCE_CORRECTION_TERM = "source-correction"
"""The feed category of an entry that tells of corrections to a source's text."""


def _source_entry(feed: ET.Element, source: SourceDoc, settings: SiteSettings) -> None:
    """A source whose text was corrected: its log, dated by its first and newest entries
    (the log is append-only, so the first date, and the entry's id, never change)."""
    corrections = source.meta.corrections
    first, newest = corrections[0].date, max(c.date for c in corrections)
    entry = _sub(feed, "entry")
    _sub(entry, "id", _tag_uri(settings, first, f"source:{source.id}"))
    _sub(entry, "title", gettext("Source text corrected: %(title)s", title=source.meta.title))
    _sub(
        entry,
        "link",
        rel="alternate",
        type="text/html",
        href=settings.page_url(source_page(source.id)),
    )
    _sub(entry, "published", _timestamp(first))
    _sub(entry, "updated", _timestamp(newest))
    _sub(entry, "category", term=SOURCE_CORRECTION_TERM, label=gettext("Source text corrected"))
    _sub(
        entry,
        "summary",
        gettext(
            "%(correction)s: %(note)s",
            correction=correction_label(corrections[-1]),
            note=corrections[-1].note,
        ),
        type="text",
    )
    items = "".join(
        "<li>"
        + html.escape(
            gettext(
                "%(date)s, %(correction)s: %(note)s",
                date=c.date.isoformat(),
                correction=correction_label(c).lower(),
                note=c.note,
            )
        )
        + "</li>"
        for c in corrections
    )
    _sub(
        entry,
        "content",
        "<p>"
        + html.escape(gettext("Our copy of this source's text was corrected:"), quote=False)
        + f"</p><ul>{items}</ul>",
        type="html",
    )


def _entry_html(doc: ClaimDoc) -> str:
    claim = doc.claim
    e = html.escape
    said = gettext("%(claim)s (%(claimant)s)", claim=claim.claim, claimant=claim.claimant)
    claim_heading, verdict_heading = e(gettext("Claim:")), e(gettext("Verdict:"))
    parts = [
        f"<p><strong>{claim_heading}</strong> {e(said)}</p>",
        f"<p><strong>{verdict_heading}</strong> {e(verdict_label(verdict(claim.status)))}</p>",
        f"<p>{e(claim.summary)}</p>",
    ]
    if claim.corrections:
        items = "".join(f"<li>{c.date.isoformat()}: {e(c.note)}</li>" for c in claim.corrections)
        corrections_heading = e(gettext("Corrections:"))
        parts.append(f"<p><strong>{corrections_heading}</strong></p><ul>{items}</ul>")
    return "".join(parts)


# --- ClaimReview ---------------------------------------------------------------------------


def claimreview_list(corpus: Corpus, settings: SiteSettings) -> list[dict[str, Any]]:
    """One schema.org ClaimReview per published claim, by claim id: the claim pages' JSON-LD.

    Taken from the site view the pages are rendered from (in a preview, the one with
    drafts, whose published claims' views are the same: they quote and appear in
    published sources only), rather than from a second view built for this file alone.
    """
    site = site_view(corpus, include_drafts=settings.include_drafts)
    newsroom = newsroom_view(corpus, site)
    return [claim_review(view, settings, newsroom) for view in site.published_claims]


def claimreview_json(corpus: Corpus, settings: SiteSettings) -> bytes:
    return pretty_json(claimreview_list(corpus, settings))


# --- FEVER ------------------------------------------------------------------------------------


def fever_records(corpus: Corpus, settings: SiteSettings) -> list[dict[str, Any]]:
    """One FEVER record per published claim, by claim id.

    FEVER's own fields come first: `evidence` is a list of evidence sets, each a list
    of `[annotation_id, evidence_id, page, line]`; here each set is one quoted passage,
    `[null, null, <source id>, <paragraph number>]`, and NOT ENOUGH INFO has FEVER's
    `[[[null, null, null, null]]]`. `evidence_passages` gives the same sets with the
    passages' text and place (offsets into `api/sources/<id>.txt`).
    """
    by_claim: dict[str, list[_Cited]] = {}
    for cited in _citations(corpus):
        by_claim.setdefault(cited.doc.id, []).append(cited)
    return [_fever_record(doc, by_claim.get(doc.id, []), settings) for doc in _published(corpus)]


def _fever_record(doc: ClaimDoc, citations: list[_Cited], settings: SiteSettings) -> dict[str, Any]:
    claim = doc.claim
    label = FEVER_LABELS[claim.status]
    stance = EVIDENCE_STANCE.get(label)
    evidence = [
        cited for cited in citations if stance is not None and cited.citation.stance == stance
    ]
    return {
        "id": doc.id,
        "verifiable": "NOT VERIFIABLE" if label == NOT_ENOUGH_INFO else "VERIFIABLE",
        "label": label,
        "claim": claim.claim,
        "evidence": (
            [[[None, None, None, None]]]
            if stance is None
            else [[[None, None, cited.source.id, cited.anchor.paragraph]] for cited in evidence]
        ),
        "verdict": claim.status.value,
        "claim_url": settings.page_url(claim_page(doc.id)),
        "evidence_passages": [[_passage(cited, settings)] for cited in evidence],
        "references": [reference.url for reference in claim.references],
    }


def _passage(cited: _Cited, settings: SiteSettings) -> dict[str, Any]:
    passage = {
        "source": cited.source.id,
        "paragraph": cited.anchor.paragraph,
        "start": cited.anchor.start,
        "end": cited.anchor.end,
        "text": cited.quote,
        "stance": cited.citation.stance.value,
        "url": f"{settings.page_url(source_page(cited.source.id))}#{cited.anchor.fragment}",
    }
    return passage | evidence_place(cited.source, cited.anchor)


def evidence_place(source: SourceDoc, anchor: Anchor) -> dict[str, Any]:
    """Where a passage of a recording or a document is, beyond its paragraph: its cue
    (number and times) or its page; nothing for the other kinds."""
    cue = source.cue(anchor.paragraph)
    if cue is not None:
        return {
            "cue": cue.paragraph,
            "cue_start": format_time(cue.start_ms),
            "cue_end": format_time(cue.end_ms),
        }
    page = source.page_of(anchor.paragraph)
    return {"page": page.number} if page is not None else {}


def fever_jsonl(corpus: Corpus, settings: SiteSettings) -> bytes:
    return b"".join(orjson.dumps(record) + b"\n" for record in fever_records(corpus, settings))


# --- source texts -----------------------------------------------------------------------------


def source_text_producers(corpus: Corpus) -> dict[str, Callable[[], bytes]]:
    """`api/sources/<id>.txt` for every published source: its body, exactly (UTF-8), the
    bytes whose SHA-256 the site publishes (`source_copies.text_sha256`)."""
    return {
        source_text(s.id): functools.partial(plain_text, s.body) for s in corpus.published_sources
    }


def sources_json(corpus: Corpus, settings: SiteSettings) -> bytes:
    """`api/sources.json` (`source_copies.source_records`)."""
    return pretty_json(source_records(corpus, settings))


# --- Web Annotation ---------------------------------------------------------------------------


def _collection_outline(settings: SiteSettings, total: int) -> dict[str, Any]:
    """The W3C AnnotationCollection around the annotations: its one list holds
    `ITEMS_PLACEHOLDER` (or nothing, when there are none), for `pretty_json_filled`."""
    collection_id = settings.site_url + ANNOTATIONS
    return {
        "@context": [ANNO_CONTEXT, SHA256_CONTEXT],
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": gettext("%(site)s: assessed passages", site=settings.site_name),
        "total": total,
        "first": {
            "id": f"{collection_id}#page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [ITEMS_PLACEHOLDER] * min(1, total),
        },
    }


def _annotation(cited: _Cited, settings: SiteSettings, collection_id: str) -> dict[str, Any]:
    claim = cited.doc.claim
    stance = cited.citation.stance
    rating = verdict_label(verdict(claim.status))
    comment = _assessment(stance, claim.claim, rating, claim.question)
    if cited.citation.note:
        comment += " " + gettext("Note: %(note)s", note=cited.citation.note)
    return {
        "id": f"{collection_id}#{cited.id.replace('/', '.')}",
        "type": "Annotation",
        "motivation": "assessing",
        "created": _timestamp(claim.published),
        "modified": _timestamp(claim.updated),
        "creator": {
            "type": "Organization",
            "name": settings.publisher_name,
            "homepage": settings.publisher_url,
        },
        "body": [
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "value": stance.value,
                "format": "text/plain",
            },
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": comment,
                "format": "text/plain",
                "language": claim.language or active_language().tag,
            },
            {
                "type": "SpecificResource",
                "purpose": "linking",
                "source": settings.page_url(claim_page(cited.doc.id)),
            },
        ],
        "target": _targets(cited, settings),
    }


def _targets(cited: _Cited, settings: SiteSettings) -> dict[str, Any] | list[dict[str, Any]]:
    """The quoted passage in the source's text (`_target`); for a recording also its time in
    the original, and for a document its page of the PDF, each by a FragmentSelector."""
    text = _target(cited, settings)
    fragment = media_fragment(cited.source, cited.anchor)
    if fragment is None:
        return text
    source = cited.source
    if source.cues:
        where = source.meta.url or settings.page_url(source_page(source.id))
        conforms = MEDIA_FRAGMENTS
    else:
        pdf = source.media_file(source.meta.file)
        assert pdf is not None, "a validated document publishes its PDF"
        where = settings.site_url + media_path(source.id, pdf.name)
        conforms = PDF_FRAGMENTS
    original = {
        "type": "SpecificResource",
        "source": where,
        "selector": {"type": "FragmentSelector", "conformsTo": conforms, "value": fragment},
    }
    return [text, original]


MEDIA_FRAGMENTS = "http://www.w3.org/TR/media-frags/"
"""What a FragmentSelector's `t=START,END` conforms to (W3C Media Fragments)."""
PDF_FRAGMENTS = "http://tools.ietf.org/rfc/rfc3778"
"""What a FragmentSelector's `page=N` conforms to (the PDF fragment of RFC 3778)."""


def _target(cited: _Cited, settings: SiteSettings) -> dict[str, Any]:
    """The quoted passage in the source's plain-text copy, whose characters (code points)
    the selectors count; the source's page, which shows that text, is its `scope`."""
    source, text = cited.source, cited.source.body
    start, end = cited.anchor.start, cited.anchor.end
    text_resource: dict[str, Any] = {
        "id": settings.site_url + source_text(source.id),
        "type": "Text",
        "format": "text/plain",
        "language": source.meta.language,
        "sha256": text_sha256(source.body),
    }
    if source.meta.url:
        text_resource["via"] = source.meta.url
    return {
        "type": "SpecificResource",
        "source": text_resource,
        "scope": settings.page_url(source_page(source.id)),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - SELECTOR_CONTEXT) : start],
                "suffix": text[end : end + SELECTOR_CONTEXT],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
        "label": meta_label(source.meta),
    }


def annotations_jsonld(corpus: Corpus, settings: SiteSettings) -> bytes:
    """A W3C AnnotationCollection with one `assessing` annotation per citation, each
    built and encoded in turn: the whole collection as Python objects was the peak of
    a 10,000-claim render."""
    collection_id = settings.site_url + ANNOTATIONS
    citations = _citations(corpus)
    annotations = (_annotation(cited, settings, collection_id) for cited in citations)
    return pretty_json_filled(_collection_outline(settings, len(citations)), annotations)


# --- writing ----------------------------------------------------------------------------------


def export_files(corpus: Corpus, settings: SiteSettings) -> dict[str, bytes]:
    """Every export, by path relative to docs_dir (EXPORTS and the source texts)."""
    return {name: make() for name, make in export_producers(corpus, settings).items()}


def export_producers(corpus: Corpus, settings: SiteSettings) -> dict[str, Callable[[], bytes]]:
    """Every export by path, as a function that makes its bytes when called."""
    producers: dict[str, Callable[[], bytes]] = {
        FEED: lambda: atom_feed(corpus, settings).encode("utf-8"),
        CLAIMREVIEW: functools.partial(claimreview_json, corpus, settings),
        FEVER: functools.partial(fever_jsonl, corpus, settings),
        ANNOTATIONS: functools.partial(annotations_jsonld, corpus, settings),
        SOURCES: functools.partial(sources_json, corpus, settings),
    }
    return {name: producers[name] for name in EXPORTS} | source_text_producers(corpus)
