"""What the templates print: the corpus rearranged per page, links and dates precomputed.

Views hold content as plain `str` (the templates' `finalize` hook escapes it)
and hold markup only as `SafeMarkdown` built here from checked ids, dates and
sanitised HTML. Everything is sorted, so the same corpus gives the same pages.
A view holds no word of the interface and no formatted number or date: one view serves
every language (`generator.render.i18n`); what it says in words is said when asked.
Drafts (claims and sources) reach a view only when it is asked for them
(`include_drafts`: `factcheck serve`'s preview), and then say that they are drafts.
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.corpus.analysis import ConvertedAnalysis
from generator.corpus.models import (
    UNKNOWN,
    Anchor,
    ArchivedCopy,
    Claim,
    ClaimDoc,
    Conversion,
    Corpus,
    SourceDoc,
    SourceKind,
    SourceMeta,
)
from generator.corpus.scale import SCALE, Stance, Verdict, verdict
from generator.render.highlight import QuoteUse, highlighted_paragraphs, landing_style
from generator.render.i18n import N_, active_language, format_number, gettext, ngettext
from generator.render.kinds import (
    long_place,
    paragraph_label,
    short_place,
    time_link,
    with_page_headings,
)
from generator.render.labels import outlet_label, stance_label
from generator.render.markup import SafeMarkdown, escape_text, sanitise_analysis
from generator.render.paths import (
    checked_id,
    claim_page,
    media_path,
    relative_link,
    source_page,
    tag_page,
    verdict_page,
)
from generator.render.source_copies import archived_copies, text_sha256

__all__ = [
    "ClaimSummary",
    "ClaimView",
    "ConvertedFigure",
    "EventView",
    "FigureView",
    "Group",
    "QuoteView",
    "SiteView",
    "SourceRef",
    "SourceView",
    "format_figure",
    "site_view",
]

LATEST_CLAIMS = 10
"""How many claims the home page lists."""


@dataclass(frozen=True)
class SourceRef:
    """How pages refer to a source."""

    id: str
    title: str
    outlet: str
    published: dt.date | None
    """None when the article's date is unknown."""
    url: str | None
    """The original article, if known."""
    page: str
    """Its page, relative to docs_dir."""
    language: str
    """The language of its title and text (BCP 47)."""
    draft: bool
    """A draft source: only a preview shows it."""
    kind: SourceKind = SourceKind.ARTICLE
    """What it is: an article, a post, an image, a recording, a document."""
    media: str | None = None
    """Its image's or its document's file (a post's screenshot aside), relative to docs_dir."""
    archived: tuple[ArchivedCopy, ...] = ()
    """Captures of the original by web archives, oldest first."""
    text_sha256: str | None = None
    """SHA-256 of our copy's plain text (`api/sources/<id>.txt`); None for a draft, which has none."""

    @property
    def outlet_label(self) -> str:
        """The outlet for lists and attributions; `unknown` written out as such."""
        return outlet_label(self.outlet)


@dataclass(frozen=True)
class QuoteView:
    """A quoted passage: the text exactly as the source has it, and where it is."""

    source: SourceRef
    text: str
    """The passage as it stands in the source body (verbatim)."""
    anchor: Anchor
    stance: Stance | None
    """None for the quote of a reported figure."""
    note: str | None
    place: str = ""
    """Where it is, in words: `paragraph 4`, `at 1:15` (a recording), `page 3, paragraph 7`."""
    short_place: str = ""
    """The same for a table cell: `¶4`, `1:15`, `p. 3`."""
    original_at: str | None = None
    """The original recording at the quote's second, where its platform allows (`kinds.time_link`)."""
    page: int | None = None
    """A document's page the quote stands on."""

    @property
    def stance_label(self) -> str:
        return stance_label(self.stance) if self.stance else ""

    @property
    def original_label(self) -> str:
        """The words of the link to the original: `original article`, `the original at 1:15`."""
        if self.original_at:
            return gettext("the original %(place)s", place=self.place)
        return gettext(ORIGINAL_LINKS[self.source.kind])


ORIGINAL_LINKS = {
    SourceKind.ARTICLE: N_("original article"),
    SourceKind.POST: N_("original post"),
    SourceKind.IMAGE: N_("original image"),
    SourceKind.VIDEO: N_("original video"),
    SourceKind.AUDIO: N_("original recording"),
    SourceKind.DOCUMENT: N_("original document"),
}
"""The words of a citation's link to the original of a source of each kind."""


@dataclass(frozen=True)
class ConvertedFigure:
    """A reported figure expressed in another unit, by one of the claim's conversions."""

    value: float
    """The converted number, rounded to three significant digits."""
    unit: str


@dataclass(frozen=True)
class FigureView:
    """A reported figure with the passage that gives it."""

    value: float
    """The number as the source gives it (`format_figure` writes it for reading)."""
    unit: str
    quote: QuoteView
    converted: tuple[ConvertedFigure, ...]
    """The same figure in the units the claim's `conversions` give for its unit."""


@dataclass(frozen=True)
class EventView:
    """A dated event of the claim's timeline, with the passage that dates it."""

    date: str
    """As precise as the source is: `2025`, `2025-08` or `2025-08-06`."""
    event: str
    quote: QuoteView


@dataclass(frozen=True)
class ClaimSummary:
    """How lists refer to a claim."""

    id: str
    question: str
    verdict: Verdict
    published: dt.date
    updated: dt.date
    page: str
    draft: bool
    """A draft claim: only a preview shows it."""
    language: str | None = None
    """The language of the claim's text (`language`), when it says; else the site's."""


@dataclass(frozen=True)
class ClaimView:
    """Everything a claim page shows."""

    summary: ClaimSummary
    claim: Claim
    citations: tuple[QuoteView, ...]
    figures: tuple[FigureView, ...]
    timeline: tuple[EventView, ...]
    """Dated events, in date order (events with equal dates keep their order)."""
    appearances: tuple[SourceRef, ...]
    """The sources in which the claim is made (`appears_in`)."""
    converted_analysis: ConvertedAnalysis = field(repr=False)
    """The analysis as validation converted it (`ClaimDoc.converted_analysis`), not
    sanitised."""

    @property
    def analysis(self) -> SafeMarkdown:
        """The analysis as a sanitised HTML block: sanitised when a page first asks
        for it (which may be in a worker process), then remembered."""
        return _sanitised_analysis(self.converted_analysis.html)


@dataclass(frozen=True)
class SourceView:
    """Everything a source page shows."""

    ref: SourceRef
    meta: SourceMeta
    retrieved: dt.date | None
    citing_claims: tuple[ClaimSummary, ...]
    """Published claims that quote this source, by id."""
    claims_made_here: tuple[ClaimSummary, ...]
    """Published claims that list this source in `appears_in`, by id."""
    source: SourceDoc = field(repr=False, compare=False)
    """The source itself, for `paragraphs`."""
    uses: tuple[QuoteUse, ...] = field(repr=False, compare=False)
    """Every passage the published claims quote, for `paragraphs`."""

    @property
    def last_modified(self) -> dt.date | None:
        """When the page last changed, as far as the content says: the newest `updated`
        of the claims it lists, when the text was retrieved or corrected, or the newest
        archived copy (None if none is known)."""
        dates = [claim.updated for claim in (*self.citing_claims, *self.claims_made_here)]
        if self.retrieved is not None:
            dates.append(self.retrieved)
        dates += [entry.date for entry in self.meta.corrections]
        dates += [copy.date for copy in self.ref.archived]
        return max(dates, default=None)

    def paragraphs(self, page_language: str) -> tuple[SafeMarkdown, ...]:
        """The text, one Markdown paragraph each, quoted passages highlighted and
        linked to the claims that quote them (built when the page is rendered); text
        in another language than the page's is marked with its own."""
        page = self.ref.page
        numbers = {claim.id: n for n, claim in enumerate(self.citing_claims, start=1)}
        questions = {
            claim.id: gettext("Draft: %(title)s", title=claim.question)
            if claim.draft
            else claim.question
            for claim in self.citing_claims
        }

        def claim_link(claim_id: str) -> SafeMarkdown:
            # A short numbered marker (the list below the text is numbered alike); the
            # question is the link's tooltip.
            link = relative_link(page, claim_page(claim_id))
            return SafeMarkdown(
                f'[{numbers[claim_id]}]({link} "{escape_text(questions[claim_id])}")'
            )

        return highlighted_paragraphs(
            self.source, self.uses, claim_link, page_language, paragraph_label(self.source)
        )

    def blocks(self, page_language: str) -> tuple[SafeMarkdown, ...]:
        """The text as the page shows it: `paragraphs`, with a heading before each of a
        document's pages."""
        return with_page_headings(self.source, self.paragraphs(page_language))

    def media_link(self, name: str | None) -> str | None:
        """A file beside the source (its screenshot, image or PDF), relative to docs_dir."""
        return media_path(self.ref.id, name) if name and self.source.media_file(name) else None

    def landing_style(self) -> str:
        """The page's CSS that lights up the quote a link lands on ("" for no quotes)."""
        return landing_style(self.uses)


@dataclass(frozen=True)
class Group:
    """A titled list of claims on the claims index (one status or one tag)."""

    anchor: SafeMarkdown
    """HTML id of the group's heading (a checked slug)."""
    title: str
    verdict: Verdict | None
    claims: tuple[ClaimSummary, ...]
    page: str
    """The first page of its own list, on a site whose claims index is only an overview
    (`generator.render.claim_lists`)."""


@dataclass(frozen=True)
class SiteView:
    """The whole published site (and, in a preview, the drafts)."""

    claims: tuple[ClaimView, ...]
    """Published claims (and drafts, in a preview), by id."""
    sources: tuple[SourceView, ...]
    """Published sources (and drafts, in a preview), by id."""

    @property
    def published_claims(self) -> tuple[ClaimView, ...]:
        """The claims that are not drafts, by id: what the exports publish, in a preview too."""
        return tuple(view for view in self.claims if not view.summary.draft)

    @property
    def published_sources(self) -> tuple[SourceView, ...]:
        """The sources that are not drafts, by id."""
        return tuple(view for view in self.sources if not view.ref.draft)

    def drafts_shown(self) -> str:
        """The drafts the view shows, counted in words ("1 draft claim and 2 draft
        sources"), or "" when it shows none (always, but in a preview)."""
        claims = sum(1 for view in self.claims if view.summary.draft)
        sources = sum(1 for view in self.sources if view.ref.draft)
        claims_counted = ngettext(
            "%(count)s draft claim", "%(count)s draft claims", claims, count=claims
        )
        sources_counted = ngettext(
            "%(count)s draft source", "%(count)s draft sources", sources, count=sources
        )
        if claims and sources:
            return gettext(
                "%(claims)s and %(sources)s", claims=claims_counted, sources=sources_counted
            )
        return claims_counted if claims else sources_counted if sources else ""

    def status_counts(self) -> tuple[tuple[Verdict, int], ...]:
        """Every status of the scale, in scale order, with its number of claims."""
        counts = {status: 0 for status in SCALE}
        for view in self.claims:
            counts[view.summary.verdict.status] += 1
        return tuple((SCALE[status], count) for status, count in counts.items())

    def latest(self, limit: int = LATEST_CLAIMS) -> tuple[ClaimSummary, ...]:
        """The most recently published claims: newest first, then by id."""
        ordered = sorted(
            (view.summary for view in self.claims), key=lambda s: (-s.published.toordinal(), s.id)
        )
        return tuple(ordered[:limit])

    def by_status(self) -> tuple[Group, ...]:
        """Claims grouped by verdict, in scale order; statuses without claims left out."""
        groups = []
        for status, entry in SCALE.items():
            members = tuple(v.summary for v in self.claims if v.summary.verdict.status == status)
            if members:
                anchor = _anchor("status", status.value)
                page = verdict_page(status.value)
                groups.append(Group(anchor, entry.label, entry, members, page))
        return tuple(groups)

    def by_tag(self) -> tuple[Group, ...]:
        """Claims grouped by tag, tags in alphabetical order."""
        members: dict[str, list[ClaimSummary]] = defaultdict(list)
        for view in self.claims:
            for tag in sorted(set(view.claim.tags)):
                members[tag].append(view.summary)
        return tuple(
            Group(_anchor("tag", tag), tag, None, tuple(members[tag]), tag_page(tag))
            for tag in sorted(members)
        )


def _anchor(kind: str, value: str) -> SafeMarkdown:
    return SafeMarkdown(checked_id(f"{kind}-{value}"))


def site_view(corpus: Corpus, *, include_drafts: bool = False) -> SiteView:
    """The published part of `corpus` (with its drafts too, if `include_drafts`),
    arranged for the templates.

    A corpus is immutable, so the view of the last one asked for is kept and given
    again (the page renderer and the exports both need it; it is the costliest step);
    one with drafts and one without are kept apart.
    """
    last = _last_views.get(include_drafts)
    if last is not None and last[0]() is corpus:
        return last[1]
    view = _site_view(corpus, include_drafts)
    _last_views[include_drafts] = (weakref.ref(corpus), view)
    return view


_last_views: dict[bool, tuple[weakref.ref[Corpus], SiteView]] = {}
"""The last view asked for, with drafts (True) and without (False)."""


def forget_last_view() -> None:
    _last_views.clear()
    _claim_views.clear()


def forget_analyses() -> None:
    _sanitised_analysis.cache_clear()


@functools.lru_cache(maxsize=20_000)
def _sanitised_analysis(converted: str) -> SafeMarkdown:
    """`sanitise_analysis`, remembered: a rebuild (`factcheck serve`) sanitises only the
    analyses that changed."""
    return sanitise_analysis(converted)


def _site_view(corpus: Corpus, include_drafts: bool) -> SiteView:
    sources = {s.id: s for s in corpus.shown_sources(include_drafts)}
    claims = sorted(corpus.shown_claims(include_drafts), key=lambda c: c.id)
    claim_views = _claim_views_reused(claims, sources)
    by_source = _by_source(claim_views)
    source_views = tuple(
        _source_view(sources[i], by_source.get(i, _SourceUses())) for i in sorted(sources)
    )
    return SiteView(claims=claim_views, sources=source_views)


_claim_views: dict[str, tuple[ClaimDoc, tuple[SourceDoc, ...], ClaimView, str]] = {}
"""The claim views of the last site view, by claim id, with what each was made from and
the language it was made in."""


def _claim_views_reused(
    claims: list[ClaimDoc], sources: dict[str, SourceDoc]
) -> tuple[ClaimView, ...]:
    """A view for each claim, reusing the last site view's where the claim and the sources
    it quotes or names are the very same objects (`factcheck serve` validates through a
    cache that gives back the same ones for unchanged files): after an edit, only the
    edited claims are arranged again."""
    previous = dict(_claim_views)
    _claim_views.clear()
    views = []
    language = active_language().tag  # a view's words (a quote's place) are in it
    for doc in claims:
        used = tuple(sources[i] for i in _sources_used(doc))
        hit = previous.get(doc.id)
        reusable = (
            hit is not None and hit[0] is doc and _same_objects(hit[1], used) and hit[3] == language
        )
        view = hit[2] if hit is not None and reusable else _claim_view(doc, sources)
        _claim_views[doc.id] = (doc, used, view, language)
        views.append(view)
    return tuple(views)


def _same_objects(these: tuple[object, ...], those: tuple[object, ...]) -> bool:
    return len(these) == len(those) and all(a is b for a, b in zip(these, those, strict=True))


def _sources_used(doc: ClaimDoc) -> Iterable[str]:
    claim = doc.claim
    yield from (c.source for c in claim.citations)
    yield from (r.source for r in claim.reported)
    yield from (e.source for e in claim.timeline)
    yield from claim.appears_in


@dataclass
class _SourceUses:
    """What the claims of the view do with one source."""

    uses: list[QuoteUse] = field(default_factory=list)
    citing: dict[str, ClaimSummary] = field(default_factory=dict)
    """Claims quoting it, by id, in id order."""
    made_here: list[ClaimSummary] = field(default_factory=list)
    """Claims listing it in `appears_in`, in id order."""


def _by_source(claims: tuple[ClaimView, ...]) -> dict[str, _SourceUses]:
    """Every source's uses, in one pass over the claims (a pass per source would be
    claims x sources)."""
    found: dict[str, _SourceUses] = defaultdict(_SourceUses)
    for view in claims:  # in id order
        for use_source, use in _quote_uses(view):
            entry = found[use_source]
            entry.uses.append(use)
            entry.citing.setdefault(view.summary.id, view.summary)
        for source_id in dict.fromkeys(view.claim.appears_in):
            found[source_id].made_here.append(view.summary)
    return found


def _source_ref(source: SourceDoc) -> SourceRef:
    return SourceRef(
        id=source.id,
        title=source.meta.title,
        outlet=source.meta.outlet,
        published=_known(source.meta.published),
        url=source.meta.url,
        page=source_page(source.id),
        language=source.meta.language,
        draft=source.meta.draft,
        kind=source.meta.kind,
        media=media_path(source.id, source.meta.file) if source.meta.file else None,
        archived=archived_copies(source.meta),
        text_sha256=None if source.meta.draft else text_sha256(source.body),
    )


def _known(value: dt.date | str) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if value == UNKNOWN:
        return None
    return dt.date.fromisoformat(value)


def _quote(source: SourceDoc, anchor: Anchor, stance: Stance | None, note: str | None) -> QuoteView:
    cue, page = source.cue(anchor.paragraph), source.page_of(anchor.paragraph)
    return QuoteView(
        source=_source_ref(source),
        text=source.body[anchor.start : anchor.end],
        anchor=anchor,
        stance=stance,
        note=note,
        place=long_place(source, anchor),
        short_place=short_place(source, anchor),
        original_at=time_link(source.meta.url, cue.start_seconds) if cue else None,
        page=page.number if page else None,
    )


def _claim_summary(doc: ClaimDoc) -> ClaimSummary:
    return ClaimSummary(
        id=doc.id,
        question=doc.claim.question,
        verdict=verdict(doc.claim.status),
        published=doc.claim.published,
        updated=doc.claim.updated,
        page=claim_page(doc.id),
        draft=doc.claim.draft,
        language=doc.claim.language,
    )


def _claim_view(doc: ClaimDoc, sources: dict[str, SourceDoc]) -> ClaimView:
    claim = doc.claim
    citations = tuple(
        _quote(sources[c.source], anchor, c.stance, c.note)
        for c, anchor in zip(claim.citations, doc.citation_anchors, strict=True)
    )
    figures = tuple(
        FigureView(
            value=r.value,
            unit=r.unit,
            quote=_quote(sources[r.source], anchor, None, r.note),
            converted=_converted(r.value, r.unit, claim.conversions),
        )
        for r, anchor in zip(claim.reported, doc.reported_anchors, strict=True)
    )
    events = tuple(
        EventView(e.date, e.event, _quote(sources[e.source], anchor, None, e.note))
        for e, anchor in zip(claim.timeline, doc.timeline_anchors, strict=True)
    )
    return ClaimView(
        summary=_claim_summary(doc),
        claim=claim,
        citations=citations,
        figures=figures,
        timeline=tuple(sorted(events, key=lambda e: e.date)),
        appearances=tuple(_source_ref(sources[i]) for i in claim.appears_in),
        converted_analysis=doc.converted_analysis,
    )


def _converted(
    value: float, unit: str, conversions: Iterable[Conversion]
) -> tuple[ConvertedFigure, ...]:
    return tuple(
        ConvertedFigure(_three_significant_digits(value * c.factor), c.to)
        for c in conversions
        if c.unit == unit
    )


def _three_significant_digits(value: float) -> float:
    return float(f"{value:.3g}")


def format_figure(value: float) -> str:
    """A reported number for reading, in the site's language: `100`, `1,500`, `2.5`
    (`1 500`, `2,5` on a Russian site)."""
    return format_number(value)


def _source_view(source: SourceDoc, used: _SourceUses) -> SourceView:
    return SourceView(
        ref=_source_ref(source),
        meta=source.meta,
        retrieved=_known(source.meta.retrieved),
        citing_claims=tuple(used.citing.values()),
        claims_made_here=tuple(used.made_here),
        source=source,
        uses=tuple(used.uses),
    )


def _quote_uses(view: ClaimView) -> Iterable[tuple[str, QuoteUse]]:
    """(source id, use) for every quote of the claim: citations, figures, timeline."""
    quotes = [*view.citations, *(figure.quote for figure in view.figures)]
    quotes += [event.quote for event in view.timeline]
    for quote in quotes:
        yield quote.source.id, QuoteUse.of(quote.anchor, view.summary.id)
