"""A source's text as numbered paragraphs with every quoted passage highlighted.

Each paragraph becomes one Markdown paragraph that starts with its number, a
self-link with id `p<N>`. Quoted passages become `<mark class="fc-quote">`
elements, each followed by links to the claims that quote it.

Quotes may overlap in any way: nested, starting at the same character, crossing
(each runs past the other's end), or running on into the next paragraph. Their
highlights are flat, so that every quote lights up exactly its own words:

* Within a paragraph, quotes that overlap share one `<mark>` (never nested or
  overlapping `<mark>`s), followed by the links to every claim quoting any of them.
* The mark is cut into segments at every start and end of a quote in it; each
  segment is a `<span class="fc-in-q-START-END ...">` naming every quote that
  covers it. The text is in the page once, so a screen reader reads it once.
* Each quote's anchor id (`q-START-END`, see `Anchor.fragment`) is an empty
  `<span class="fc-anchor" id=...>` just before its first character, once per
  page: two quotes that start at the same character each have their own.
* `landing_style` gives the page's CSS: one rule per quote,
  `body:has(#q-S-E:target) .fc-in-q-S-E`, so the quote a link lands on (`:target`)
  lights up all of its segments and nothing else, with no JavaScript. The rules
  are made from offsets only (never from content); the colours are variables of
  `site_templates/assets/factcheck.css`. render.py puts the rules in the page's
  front matter and `site_templates/overrides/main.html` prints them in `<head>`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from generator.corpus.models import Anchor, Paragraph, SourceDoc
from generator.render.i18n import gettext
from generator.render.markup import SafeMarkdown, escape_text, lang_attribute

__all__ = ["QuoteUse", "highlighted_paragraphs", "landing_style"]


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


def segment_class(fragment: str) -> str:
    """The class of every segment of the passage with anchor id `fragment`."""
    return f"fc-in-{fragment}"


@dataclass(frozen=True)
class _Passage:
    """One quoted passage, clipped to one paragraph."""

    start: int
    """Its first character in this paragraph (a body offset)."""
    end: int
    """Just past its last character in this paragraph."""
    fragment: str
    """Its anchor id, `q-START-END` of the whole quote."""


@dataclass(frozen=True)
class _Highlight:
    """A run of text covered by one or more overlapping quotes, within one paragraph."""

    start: int
    end: int
    uses: tuple[QuoteUse, ...]
    """Every use (claim, passage) in it, for the 'cited by' links."""
    passages: tuple[_Passage, ...]
    """Each passage once, by start, longest first."""
    anchored: frozenset[str]
    """The fragments whose anchor id goes here (the first paragraph each quote is in)."""


ClaimLink = Callable[[str], SafeMarkdown]
"""Renders a link to a claim page from the source page, given the claim id."""
ParagraphLabel = Callable[[Paragraph], SafeMarkdown]
"""Renders the self-link (id `p<N>`) that starts a paragraph on the source page."""


def highlighted_paragraphs(
    source: SourceDoc,
    uses: Iterable[QuoteUse],
    claim_link: ClaimLink,
    page_language: str | None = None,
    label: ParagraphLabel | None = None,
) -> tuple[SafeMarkdown, ...]:
    """One Markdown paragraph per paragraph of `source`, quotes highlighted.

    Each starts with `label` of the paragraph (a transcript's cue time), or with its
    number, a self-link with id `p<N>`; `label` is made from the source alone.

    With `page_language`, a text in another language is put in a `<span lang>`
    (the links to the claims that quote it say they are in the page's).

    The last result for each source is remembered with what it was made from (the
    source, the uses, the claim links, the language), so `factcheck serve` redoes only
    the sources an edit touched.
    """
    sorted_uses = tuple(sorted(set(uses)))
    links = {
        claim_id: claim_link(claim_id) for claim_id in sorted({use.claim_id for use in sorted_uses})
    }
    remembered = _LAST.get(source.id)
    if remembered is not None and remembered[:4] == (source, sorted_uses, links, page_language):
        return remembered[4]
    languages = _Languages.of(source, page_language)
    per_paragraph = _uses_per_paragraph(source, sorted_uses)
    placed: set[str] = set()
    result = tuple(
        _paragraph(
            source,
            paragraph,
            _highlights(paragraph, overlapping, placed),
            links.__getitem__,
            languages,
            label or _number,
        )
        for paragraph, overlapping in zip(source.paragraphs, per_paragraph, strict=True)
    )
    _LAST[source.id] = (source, sorted_uses, links, page_language, result)
    return result


_LAST: dict[
    str,
    tuple[
        SourceDoc,
        tuple[QuoteUse, ...],
        dict[str, SafeMarkdown],
        str | None,
        tuple[SafeMarkdown, ...],
    ],
] = {}


def landing_style(uses: Iterable[QuoteUse]) -> str:
    """The CSS that lights up, of all the quotes in `uses`, the one the page's address
    points at (`#q-START-END`): every segment of it, and only those ("" for no quotes).

    Made of offsets only, so it cannot carry anything of the content.
    """
    fragments = sorted(
        {use.fragment for use in uses}, key=lambda f: tuple(map(int, f[2:].split("-")))
    )
    if not fragments:
        return ""
    selectors = ",".join(f"body:has(#{f}:target) .{segment_class(f)}" for f in fragments)
    style = f"{selectors}{{background-color:var(--fc-landed-background);box-shadow:var(--fc-landed-edge)}}"
    if not _LANDING_STYLE.fullmatch(style):  # a guard: it is printed unescaped in <style>
        raise ValueError(f"unexpected characters in the landing style: {style!r}")
    return style


_LANDING_STYLE = re.compile(r"[a-z0-9 #:(),.{}\-;]*")


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
        return cls(
            text, lang_attribute(page_language, source.meta.language) if text else SafeMarkdown("")
        )


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

    `placed` collects the fragments that already have an anchor, so each gets one.
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
    """One `<mark>` for the group; each quote's anchor where the quote starts (once per page)."""
    clipped = {
        use.fragment: _Passage(
            max(use.start, paragraph.start), min(use.end, paragraph.end), use.fragment
        )
        for use in group
    }
    passages = sorted(clipped.values(), key=lambda p: (p.start, -p.end, p.fragment))
    anchored = frozenset(fragment for fragment in clipped if fragment not in placed)
    placed.update(anchored)
    start, end = passages[0].start, max(p.end for p in passages)
    return _Highlight(start, end, tuple(group), tuple(passages), anchored)


def _paragraph(
    source: SourceDoc,
    paragraph: Paragraph,
    highlights: list[_Highlight],
    claim_link: ClaimLink,
    languages: _Languages,
    label: ParagraphLabel,
) -> SafeMarkdown:
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
    return SafeMarkdown(f"{label(paragraph)} {text}")


def _number(paragraph: Paragraph) -> SafeMarkdown:
    """A paragraph's number, linking to itself."""
    number = paragraph.number
    title = escape_text(gettext("Paragraph %(number)s", number=number))
    return SafeMarkdown(
        f'<a class="fc-pnum" id="p{number}" href="#p{number}" title="{title}">{number}</a>'
    )


def _text(source: SourceDoc, start: int, end: int) -> str:
    return escape_text(source.body[start:end], strip=False)


def _mark(source: SourceDoc, highlight: _Highlight) -> str:
    """The `<mark>`: the anchors, and one segment between each two quote boundaries.

    One sweep over the boundaries; each segment names the quotes covering it, in
    the order they started.
    """
    starting: dict[int, list[_Passage]] = {}
    ending: dict[int, list[_Passage]] = {}
    for passage in highlight.passages:
        starting.setdefault(passage.start, []).append(passage)
        ending.setdefault(passage.end, []).append(passage)
    covering: dict[str, None] = {}  # an ordered set
    parts = ['<mark class="fc-quote">']
    for here, following in pairwise(sorted(starting.keys() | ending.keys())):
        for passage in ending.get(here, ()):
            del covering[passage.fragment]
        for passage in starting.get(here, ()):
            covering[passage.fragment] = None
            if passage.fragment in highlight.anchored:
                parts.append(f'<span class="fc-anchor" id="{passage.fragment}"></span>')
        classes = " ".join(segment_class(fragment) for fragment in covering)
        parts.append(f'<span class="{classes}">{_text(source, here, following)}</span>')
    return "".join(parts) + "</mark>"


def _cited_by(highlight: _Highlight, claim_link: ClaimLink, lang: str) -> str:
    claim_ids = sorted({use.claim_id for use in highlight.uses})
    links = ", ".join(claim_link(claim_id) for claim_id in claim_ids)
    return f'<sup class="fc-cited-by"{lang}>{links}</sup>'
