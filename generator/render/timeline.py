"""The timeline page (`timeline.md`): the dated events the claims discuss, in order.

Every `timeline` entry of a published claim is one source dating one event.
Entries with the same `event` text (compared with whitespace collapsed and case
folded) form one event, so sources that date it differently stand side by side.
Partial ISO dates sort as strings (`2023` < `2023-08` < `2024`), and each date
is shown as precisely as its source gives it ("2025", "August 2025",
"6 August 2025"), never more. An event is placed at the most precise of its
dates when they agree, and otherwise at the date the most sources give it (the
earliest of those when tied), so one outlier does not move it; every other
date stands beside it, and the sentence under the event's heading names, for each
date, the sources that give it. The same passage dating the same event
for several claims is listed once, with every claim. Drafts appear only in a
preview (`include_drafts`), with the word "Draft" beside them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from babel.lists import format_list

from generator.corpus.models import Anchor, ClaimDoc, Corpus, SourceDoc
from generator.render.i18n import active_language, gettext, gettext_markup, ngettext
from generator.render.kinds import short_place
from generator.render.labels import draft_mark, format_partial_date, meta_label
from generator.render.markup import SafeMarkdown, escape_text, in_language
from generator.render.paths import claim_page, relative_link, source_page

__all__ = [
    "TIMELINE_PAGE",
    "Dating",
    "TimelineEvent",
    "build_timeline",
    "compatible",
    "timeline_markdown",
]

TIMELINE_PAGE = "timeline.md"


@dataclass(frozen=True)
class Dating:
    """One source's date for an event, with the passage that gives it."""

    date: str
    """Partial ISO date: `2025`, `2025-08` or `2025-08-06`."""
    source: SourceDoc
    anchor: Anchor
    note: str | None
    claims: tuple[ClaimDoc, ...]
    """The claims that list this dating (drafts too, in a preview), by id."""

    @property
    def quote(self) -> str:
        return self.source.body[self.anchor.start : self.anchor.end]

    @property
    def label(self) -> str:
        return format_partial_date(self.date)


@dataclass(frozen=True)
class TimelineEvent:
    """One event and every dating of it."""

    event: str
    """The event's text as the first claim (by id) writes it."""
    datings: tuple[Dating, ...]
    """By date, then source id, then position of the passage."""

    @property
    def earliest(self) -> str:
        return self.datings[0].date

    @property
    def placed(self) -> str:
        """Where the event goes in the timeline.

        When the dates agree, the most precise of them (`2024` and `2024-08`
        both hold for August 2024); otherwise the date the most sources give,
        the earliest if tied.
        """
        if self.agree:
            return max(self.dates, key=lambda date: (len(date), date))
        counts: dict[str, set[str]] = {}
        for dating in self.datings:
            counts.setdefault(dating.date, set()).add(dating.source.id)
        return min(counts, key=lambda date: (-len(counts[date]), date))

    @property
    def dates(self) -> tuple[str, ...]:
        """The distinct dates given, in order."""
        return tuple(dict.fromkeys(d.date for d in self.datings))

    @property
    def agree(self) -> bool:
        """Whether the dates can all be true at once (one may be less precise than another)."""
        return compatible(self.dates)


def compatible(dates: Iterable[str]) -> bool:
    """True when every two partial dates agree as far as both go (`2025` and `2025-08` do)."""
    values = list(dates)
    return all(
        a.startswith(b) or b.startswith(a) for i, a in enumerate(values) for b in values[i + 1 :]
    )


def _key(event: str) -> str:
    return " ".join(event.split()).casefold()


def build_timeline(corpus: Corpus, *, include_drafts: bool = False) -> tuple[TimelineEvent, ...]:
    """Every dated event of the published claims (drafts too, if asked), in order of
    `TimelineEvent.placed`."""
    sources = {s.id: s for s in corpus.sources}
    names: dict[str, str] = {}
    found: dict[str, dict[tuple[str, str, int, int, str], tuple[Anchor, list[ClaimDoc]]]] = {}
    for doc in sorted(corpus.shown_claims(include_drafts), key=lambda d: d.id):
        for entry, anchor in zip(doc.claim.timeline, doc.timeline_anchors, strict=True):
            key = _key(entry.event)
            names.setdefault(key, " ".join(entry.event.split()))
            dating = (entry.date, entry.source, anchor.start, anchor.end, entry.note or "")
            _, claims = found.setdefault(key, {}).setdefault(dating, (anchor, []))
            if doc not in claims:
                claims.append(doc)
    events = [
        TimelineEvent(
            event=names[key],
            datings=tuple(
                Dating(
                    date=dating[0],
                    source=sources[dating[1]],
                    anchor=anchor,
                    note=dating[4] or None,
                    claims=tuple(claims),
                )
                for dating, (anchor, claims) in sorted(datings.items())
            ),
        )
        for key, datings in found.items()
    ]
    return tuple(sorted(events, key=lambda e: (e.placed, e.earliest, _key(e.event))))


# --- Markdown ----------------------------------------------------------------------------


def timeline_markdown(
    events: tuple[TimelineEvent, ...], page: str = TIMELINE_PAGE, page_language: str = "en"
) -> SafeMarkdown:
    """One section per event: a heading, how the sources agree, and a table of datings
    (a passage in another language than the page's marked with its own)."""
    if not events:
        return escape_text(gettext("No published claim dates any event yet."))
    return SafeMarkdown("\n\n".join(_event_section(event, page, page_language) for event in events))


def _event_section(event: TimelineEvent, page: str, page_language: str) -> str:
    # Translators: a heading of the timeline: when, then what happened.
    heading = gettext_markup(
        "%(date)s: %(event)s", date=format_partial_date(event.placed), event=event.event
    )
    columns = [gettext("Date"), gettext("Source"), gettext("Passage"), gettext("Claims")]
    lines = [f"## {heading}", "", escape_text(_agreement(event)), ""]
    lines += [
        "| " + " | ".join(escape_text(column) for column in columns) + " |",
        "| --- | --- | --- | --- |",
    ]
    for dating in event.datings:
        source_link = relative_link(page, source_page(dating.source.id))
        quote_link = relative_link(page, source_page(dating.source.id), dating.anchor.fragment)
        quoted = gettext_markup(
            "“%(quote)s”",
            quote=in_language(dating.quote, dating.source.meta.language, page_language),
        )
        passage = f"[{quoted}]({quote_link})"
        if dating.source.cues or dating.source.pages:  # a recording's time, a document's page
            passage += f" ({escape_text(short_place(dating.source, dating.anchor))})"
        if dating.note:
            passage += f" — {escape_text(dating.note)}"
        claims = "<br>".join(
            f"[{in_language(doc.claim.question, doc.claim.language, page_language)}]"
            f"({relative_link(page, claim_page(doc.id))})"
            + (f" {draft_mark()}" if doc.claim.draft else "")
            for doc in dating.claims
        )
        draft_source = f" {draft_mark()}" if dating.source.meta.draft else ""
        lines.append(
            f"| **{escape_text(dating.label)}** "
            f"| [{escape_text(meta_label(dating.source.meta))}]({source_link}){draft_source} "
            f"| {passage} | {claims} |"
        )
    return "\n".join(lines)


def _agreement(event: TimelineEvent) -> str:
    """How the sources agree, naming for each date the sources that give it (by the labels
    of the table below), dates in order and sources by id, so a reader can check each."""
    dated = " ".join(
        _sentence(
            gettext(
                "Dated %(date)s by %(sources)s",
                date=format_partial_date(date),
                sources=_names(labels),
            )
        )
        for date, labels in _sources_by_date(event)
    )
    if len(event.dates) == 1:
        return dated
    if event.agree:
        return gettext("The sources agree, some less precisely. %(dated)s", dated=dated)
    return gettext("The sources disagree. %(dated)s", dated=dated)


def _sentence(text: str) -> str:
    """`text` with a full stop, unless it already ends with a cut label's ellipsis."""
    # Translators: a full stop, after a sentence that names the sources of a date.
    return text if text.endswith("…") else gettext("%(sentence)s.", sentence=text)


def _sources_by_date(event: TimelineEvent) -> list[tuple[str, list[str]]]:
    """Each distinct date with the labels of the sources giving it, each source once.

    Sources whose labels are the same (one outlet, the same or no date) are named once,
    with how many articles share the label: the table below lists each of them.
    """
    by_date: dict[str, dict[str, str]] = {}
    for dating in event.datings:
        by_date.setdefault(dating.date, {}).setdefault(
            dating.source.id, meta_label(dating.source.meta)
        )
    return [(date, _counted(list(labels.values()))) for date, labels in by_date.items()]


def _counted(labels: list[str]) -> list[str]:
    """`labels` with each repeated label once, as `label (N articles)`, in first-seen order."""
    counts = Counter(labels)
    return [
        label
        if counts[label] == 1
        else ngettext(
            "%(label)s (%(count)s article)",
            "%(label)s (%(count)s articles)",
            counts[label],
            label=label,
            count=counts[label],
        )
        for label in dict.fromkeys(labels)
    ]


def _names(labels: list[str]) -> str:
    """`A`, `A and B`, `A, B and C` (CLDR's list in the site's language); with semicolons
    when a label has a comma of its own (`CaliToday, 12 December 2025; Other, 1 May 2025;
    and X`), so each name stays whole."""
    if len(labels) < 3 or not any("," in label for label in labels):
        return format_list(labels, locale=active_language().locale)
    names = labels[0]
    for label in labels[1:-1]:
        # Translators: names of sources, one of which has a comma of its own, one more added.
        names = gettext("%(names)s; %(name)s", names=names, name=label)
    # Translators: the last of three or more names of sources, one with a comma of its own.
    return gettext("%(names)s; and %(last)s", names=names, last=labels[-1])
