"""A source's text as numbered paragraphs with every quoted passage highlighted.

Each paragraph becomes one Markdown paragraph that starts with its number, a
self-link with id `p<N>`. Quoted passages become `<mark>` elements; each quote's
anchor id (`q-START-END`, see `Anchor.fragment`) is put where the quote starts,
and after each highlight come links to the claims that quote it.

Overlapping quotes never produce overlapping or nested `<mark>`s: within a
paragraph, passages that overlap are merged into one highlight. The longest
quote starting where the highlight starts gives the `<mark>` its id; every other
quote in it gets a `<span class="fc-passage" id=...>` around its own words,
inside the mark. Spans nest properly: a quote that starts inside another span
and runs past its end is cut at that end (its id still sits on its first
character). So every fragment lands on the exact spot, on an element holding
the quote's words. A quote that runs on into the next paragraph is highlighted
there too, without a second id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .markup import SafeMarkdown, escape_text, lang_attribute
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
class _Passage:
    """The element that carries one quote's id: where it starts, and the text it wraps."""

    start: int
    end: int
    fragment: str


@dataclass(frozen=True)
class _Highlight:
    """A run of text covered by one or more overlapping quotes, within one paragraph."""

    start: int
    end: int
    uses: tuple[QuoteUse, ...]
    mark_id: str | None
    """The id of the `<mark>` itself: the longest new quote starting where it starts."""
    passages: tuple[_Passage, ...]
    """`<span>`s for the other new quotes, properly nested, in document order."""


ClaimLink = Callable[[str], SafeMarkdown]
"""Renders a link to a claim page from the source page, given the claim id."""


def highlighted_paragraphs(
    source: SourceDoc, uses: Iterable[QuoteUse], claim_link: ClaimLink, page_language: str | None = None
) -> tuple[SafeMarkdown, ...]:
    """One Markdown paragraph per paragraph of `source`, quotes highlighted.

    With `page_language`, a text in another language is put in a `<span lang>`
    (the links to the claims that quote it say they are in the page's).

    The last result for each source is remembered with what it was made from (the
    source, the uses, the claim links, the language), so `factcheck serve` redoes only
    the sources an edit touched.
    """
    sorted_uses = tuple(sorted(set(uses)))
    links = {claim_id: claim_link(claim_id) for claim_id in sorted({use.claim_id for use in sorted_uses})}
    remembered = _LAST.get(source.id)
    if remembered is not None and remembered[:4] == (source, sorted_uses, links, page_language):
        return remembered[4]
    languages = _Languages.of(source, page_language)
    per_paragraph = _uses_per_paragraph(source, sorted_uses)
    placed: set[str] = set()
    result = tuple(
        _paragraph(source, paragraph, _highlights(paragraph, overlapping, placed), links.__getitem__, languages)
        for paragraph, overlapping in zip(source.paragraphs, per_paragraph, strict=True)
    )
    _LAST[source.id] = (source, sorted_uses, links, page_language, result)
    return result


_LAST: dict[
    str, tuple[SourceDoc, tuple[QuoteUse, ...], dict[str, SafeMarkdown], str | None, tuple[SafeMarkdown, ...]]
] = {}


@dataclass(frozen=True)
class _Languages:
    """What a paragraph's text and its 'cited by' links are marked with (`lang` attributes)."""

    text: SafeMarkdown
    links: SafeMarkdown

    @classmethod
    def of(cls, source: SourceDoc, page_language: str | None) -> _Languages:
        if page_language is None:
            return cls(SafeMarkdown(""), SafeMarkdown(""))
        text = lang_attribute(source.meta.language, page_language)
        return cls(text, lang_attribute(page_language, source.meta.language) if text else SafeMarkdown(""))


def forget_highlights() -> None:
    _LAST.clear()


def _uses_per_paragraph(source: SourceDoc, uses: Sequence[QuoteUse]) -> list[list[QuoteUse]]:
    """For each paragraph, the uses overlapping it, in `uses` order (sorted by start).

    One sweep over paragraphs and uses together, so a long source with many
    quotes costs paragraphs + uses steps, not paragraphs x uses.
    """
    per_paragraph: list[list[QuoteUse]] = []
    active: list[QuoteUse] = []
    seen: set[QuoteUse] = set()
    following = 0
    for paragraph in source.paragraphs:
        while following < len(uses) and uses[following].start < paragraph.end:
            active.append(uses[following])
            following += 1
        active = [use for use in active if use.end > paragraph.start]
        overlapping = [use for use in active if _overlap(use, paragraph)]
        seen.update(overlapping)
        per_paragraph.append(overlapping)
    for use in uses:
        if use not in seen:
            raise ValueError(f"{source.id}: quote {use.fragment} lies outside every paragraph")
    return per_paragraph


def _overlap(use: QuoteUse, paragraph: Paragraph) -> bool:
    return use.start < paragraph.end and use.end > paragraph.start


def _highlights(
    paragraph: Paragraph, uses: Sequence[QuoteUse], placed: set[str]
) -> list[_Highlight]:
    """Merge the quotes overlapping `paragraph` (`uses`, sorted) into non-overlapping highlights.

    `placed` collects the fragments that already have an id, so each gets one.
    """
    groups: list[list[QuoteUse]] = []
    group_end = -1
    for use in uses:
        start, end = max(use.start, paragraph.start), min(use.end, paragraph.end)
        if groups and start < group_end:
            groups[-1].append(use)
            group_end = max(group_end, end)
        else:
            groups.append([use])
            group_end = end
    return [_highlight(paragraph, group, placed) for group in groups]


def _highlight(paragraph: Paragraph, group: list[QuoteUse], placed: set[str]) -> _Highlight:
    """One `<mark>` for the group; each quote's id where the quote starts (once per page)."""
    clipped = sorted(
        (_Passage(max(u.start, paragraph.start), min(u.end, paragraph.end), u.fragment) for u in group),
        key=lambda p: (p.start, -p.end, p.fragment),
    )
    new = []
    for passage in clipped:
        if passage.fragment not in placed:
            placed.add(passage.fragment)
            new.append(passage)
    start, end = clipped[0].start, max(p.end for p in clipped)
    mark_id = None
    if new and new[0].start == start:
        mark_id, new = new[0].fragment, new[1:]
    return _Highlight(start, end, tuple(group), mark_id, _properly_nested(new))


def _properly_nested(passages: list[_Passage]) -> tuple[_Passage, ...]:
    """Cut each passage at the end of the one it starts in, so none overlaps another.

    `passages` are sorted by start, longest first; a passage that starts inside
    another and runs past it keeps its start (where its id goes) and is cut short.
    """
    open_passages: list[_Passage] = []
    nested = []
    for passage in passages:
        while open_passages and open_passages[-1].end <= passage.start:
            open_passages.pop()
        if open_passages:
            passage = _Passage(passage.start, min(passage.end, open_passages[-1].end), passage.fragment)
        nested.append(passage)
        open_passages.append(passage)
    return tuple(nested)


def _paragraph(
    source: SourceDoc,
    paragraph: Paragraph,
    highlights: list[_Highlight],
    claim_link: ClaimLink,
    languages: _Languages,
) -> SafeMarkdown:
    number = paragraph.number
    parts = []
    position = paragraph.start
    for highlight in highlights:
        parts.append(_text(source, position, highlight.start))
        parts.append(_mark(source, highlight))
        parts.append(_cited_by(highlight, claim_link, languages.links))
        position = highlight.end
    parts.append(_text(source, position, paragraph.end))
    text = "".join(parts).rstrip()
    if languages.text:
        text = f"<span{languages.text}>{text}</span>"
    return SafeMarkdown(
        f'<a class="fc-pnum" id="p{number}" href="#p{number}" title="Paragraph {number}">{number}</a> {text}'
    )


def _text(source: SourceDoc, start: int, end: int) -> str:
    return escape_text(source.body[start:end], strip=False)


def _mark(source: SourceDoc, highlight: _Highlight) -> str:
    mark_id = f' id="{highlight.mark_id}"' if highlight.mark_id else ""
    parts = [f'<mark class="fc-quote"{mark_id}>']
    position = highlight.start
    open_passages: list[_Passage] = []

    def close_until(offset: int) -> None:
        nonlocal position
        while open_passages and open_passages[-1].end <= offset:
            ending = open_passages.pop()
            parts.append(_text(source, position, ending.end) + "</span>")
            position = ending.end

    for passage in highlight.passages:
        close_until(passage.start)
        parts.append(_text(source, position, passage.start))
        parts.append(f'<span class="fc-passage" id="{passage.fragment}">')
        position = passage.start
        open_passages.append(passage)
    close_until(highlight.end)
    parts.append(_text(source, position, highlight.end))
    return "".join(parts) + "</mark>"


def _cited_by(highlight: _Highlight, claim_link: ClaimLink, lang: str) -> str:
    claim_ids = sorted({use.claim_id for use in highlight.uses})
    links = ", ".join(claim_link(claim_id) for claim_id in claim_ids)
    return f'<sup class="fc-cited-by"{lang}>{links}</sup>'
