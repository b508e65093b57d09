"""A source's text as numbered paragraphs with every quoted passage highlighted.

Each paragraph becomes one Markdown paragraph that starts with its number, a
self-link with id `p<N>`. Quoted passages become `<mark>` elements; each quote's
anchor id (`q-START-END`, see `Anchor.fragment`) is put where the quote starts,
and after each highlight come links to the claims that quote it.

Overlapping quotes never produce overlapping or nested `<mark>`s: within a
paragraph, passages that overlap are merged into one highlight. The first quote
of a merged highlight gives the `<mark>` its id; any other quote starting inside
it gets an empty `<span id=...>` at its first character, so every fragment still
lands on the exact spot. A quote that runs on into the next paragraph is
highlighted there too, without a second id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .markup import SafeMarkdown, escape_text
from .models import Anchor, Paragraph, SourceDoc

__all__ = ["QuoteUse", "highlighted_paragraphs"]


@dataclass(frozen=True, order=True)
class QuoteUse:
    """One claim quoting one passage of a source."""

    start: int
    """Offset of the passage's first character in the source body."""
    end: int
    """Offset just past its last character."""
    claim_id: str
    """The claim that quotes it."""

    @classmethod
    def of(cls, anchor: Anchor, claim_id: str) -> QuoteUse:
        return cls(anchor.start, anchor.end, claim_id)

    @property
    def fragment(self) -> str:
        return Anchor(0, self.start, self.end).fragment


@dataclass(frozen=True)
class _Highlight:
    """A run of text covered by one or more overlapping quotes, within one paragraph."""

    start: int
    end: int
    uses: tuple[QuoteUse, ...]
    ids: tuple[tuple[int, str], ...]
    """(offset, fragment) of each quote whose id is placed in this highlight."""


ClaimLink = Callable[[str], SafeMarkdown]
"""Renders a link to a claim page from the source page, given the claim id."""


def highlighted_paragraphs(
    source: SourceDoc, uses: Iterable[QuoteUse], claim_link: ClaimLink
) -> tuple[SafeMarkdown, ...]:
    """One Markdown paragraph per paragraph of `source`, quotes highlighted."""
    sorted_uses = sorted(set(uses))
    _check_inside_paragraphs(source, sorted_uses)
    placed: set[str] = set()
    return tuple(
        _paragraph(source, paragraph, _highlights(paragraph, sorted_uses, placed), claim_link)
        for paragraph in source.paragraphs
    )


def _check_inside_paragraphs(source: SourceDoc, uses: Sequence[QuoteUse]) -> None:
    for use in uses:
        if not any(_overlap(use, p) for p in source.paragraphs):
            raise ValueError(f"{source.id}: quote {use.fragment} lies outside every paragraph")


def _overlap(use: QuoteUse, paragraph: Paragraph) -> bool:
    return use.start < paragraph.end and use.end > paragraph.start


def _highlights(
    paragraph: Paragraph, uses: Sequence[QuoteUse], placed: set[str]
) -> list[_Highlight]:
    """Merge the quotes overlapping `paragraph` into non-overlapping highlights.

    `placed` collects the fragments that already have an id, so each gets one.
    """
    groups: list[list[QuoteUse]] = []
    group_end = -1
    for use in (u for u in uses if _overlap(u, paragraph)):
        start, end = max(use.start, paragraph.start), min(use.end, paragraph.end)
        if groups and start < group_end:
            groups[-1].append(use)
            group_end = max(group_end, end)
        else:
            groups.append([use])
            group_end = end
    return [_highlight(paragraph, group, placed) for group in groups]


def _highlight(paragraph: Paragraph, group: list[QuoteUse], placed: set[str]) -> _Highlight:
    ids: list[tuple[int, str]] = []
    for use in group:
        if use.fragment not in placed:
            placed.add(use.fragment)
            ids.append((max(use.start, paragraph.start), use.fragment))
    return _Highlight(
        start=max(group[0].start, paragraph.start),
        end=min(max(u.end for u in group), paragraph.end),
        uses=tuple(group),
        ids=tuple(ids),
    )


def _paragraph(
    source: SourceDoc, paragraph: Paragraph, highlights: list[_Highlight], claim_link: ClaimLink
) -> SafeMarkdown:
    number = paragraph.number
    parts = [
        f'<a class="fc-pnum" id="p{number}" href="#p{number}" '
        f'title="Paragraph {number}">{number}</a> '
    ]
    position = paragraph.start
    for highlight in highlights:
        parts.append(_text(source, position, highlight.start))
        parts.append(_mark(source, highlight))
        parts.append(_cited_by(highlight, claim_link))
        position = highlight.end
    parts.append(_text(source, position, paragraph.end))
    return SafeMarkdown("".join(parts).rstrip())


def _text(source: SourceDoc, start: int, end: int) -> str:
    return escape_text(source.body[start:end], strip=False)


def _mark(source: SourceDoc, highlight: _Highlight) -> str:
    mark_id, inner_ids = _mark_id(highlight)
    opening = f'<mark class="fc-quote" id="{mark_id}">' if mark_id else '<mark class="fc-quote">'
    parts = [opening]
    position = highlight.start
    for offset, fragment in inner_ids:
        parts.append(_text(source, position, offset))
        parts.append(f'<span class="fc-anchor" id="{fragment}"></span>')
        position = offset
    parts.append(_text(source, position, highlight.end))
    return "".join(parts) + "</mark>"


def _mark_id(highlight: _Highlight) -> tuple[str | None, tuple[tuple[int, str], ...]]:
    """The id for the `<mark>` itself (a quote starting where it starts) and the rest."""
    if highlight.ids and highlight.ids[0][0] == highlight.start:
        return highlight.ids[0][1], highlight.ids[1:]
    return None, highlight.ids


def _cited_by(highlight: _Highlight, claim_link: ClaimLink) -> str:
    claim_ids = sorted({use.claim_id for use in highlight.uses})
    links = ", ".join(claim_link(claim_id) for claim_id in claim_ids)
    return f'<sup class="fc-cited-by">{links}</sup>'
