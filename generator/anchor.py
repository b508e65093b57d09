"""Quote anchoring: find a quote in its source and say where, or why not.

Each source is normalised once (`normalize.normalise`); every quote is then a
plain substring search in that text, so anchoring many quotes in a long source
costs one pass over the source plus one `str.find` per quote.
"""

from __future__ import annotations

import difflib
from bisect import bisect_right
from dataclasses import dataclass

from .models import Anchor, Paragraph
from .normalize import NormalisedText, normalise, normalise_quote

_CONTEXT_WORDS = 6


@dataclass(frozen=True)
class Found:
    anchor: Anchor
    """Where the first occurrence sits."""
    occurrences: int
    """How many times the quote occurs (1 or 2: counting stops at 2)."""
    spans_paragraphs: tuple[int, int] | None
    """(first, last) paragraph numbers when the quote crosses a paragraph break."""


@dataclass(frozen=True)
class Missing:
    closest: str | None
    """The source passage most like the quote, verbatim; None if nothing is alike."""
    paragraph: int | None
    """Its paragraph number."""
    difference: str | None
    """How the quote differs from it, in words."""


class AnchoredSource:
    """A source body prepared for many quote look-ups."""

    def __init__(self, body: str, paragraphs: tuple[Paragraph, ...]) -> None:
        self.body = body
        self.paragraphs = paragraphs
        self._starts = [p.start for p in paragraphs]
        self._normalised: NormalisedText = normalise(body)

    def find(self, quote: str) -> Found | Missing:
        """The first occurrence that lies within one paragraph and covers whole characters.

        An occurrence inside a character's expansion (".." of the "..." that "…"
        became, "f" of "ﬁ") is not one; an occurrence across a paragraph break is
        reported only when there is no other.
        """
        needle = normalise_quote(quote)
        if not needle:
            return self._closest(needle)
        norm, haystack = self._normalised, self._normalised.text
        anchor: Anchor | None = None
        crossing: Found | None = None
        count = 0
        at = haystack.find(needle)
        while at >= 0 and count < 2:
            finish = at + len(needle)
            if norm.starts_whole(at) and norm.ends_whole(finish):
                start, end = norm.original_start(at), norm.original_end(finish)
                first, last = self.paragraph_at(start), self.paragraph_at(end - 1)
                if first == last:
                    count += 1
                    anchor = anchor or Anchor(first, start, end)
                elif crossing is None:
                    crossing = Found(Anchor(first, start, end), 1, (first, last))
            at = haystack.find(needle, at + 1)
        if anchor is not None:
            return Found(anchor, count, None)
        return crossing if crossing is not None else self._closest(needle)

    def paragraph_at(self, offset: int) -> int:
        return max(1, bisect_right(self._starts, offset))

    def _closest(self, needle: str) -> Missing:
        haystack = self._normalised.text
        if not needle or not haystack:
            return Missing(None, None, None)
        matcher = difflib.SequenceMatcher(None, haystack, needle, autojunk=False)
        match = matcher.find_longest_match(0, len(haystack), 0, len(needle))
        if match.size < max(4, len(needle) // 5):
            return Missing(None, None, None)
        begin = max(0, match.a - match.b)
        finish = min(len(haystack), begin + len(needle))
        begin, finish = _widen_to_words(haystack, begin, finish)
        start = self._normalised.original_start(begin)
        end = self._normalised.original_end(finish)
        passage = self.body[start:end]
        return Missing(passage, self.paragraph_at(start), describe_difference(needle, haystack[begin:finish]))


def _widen_to_words(text: str, begin: int, end: int) -> tuple[int, int]:
    while begin > 0 and text[begin - 1].isalnum():
        begin -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return begin, end


def describe_difference(quote: str, passage: str) -> str:
    """Say in words how `quote` differs from `passage`, word by word."""
    ours, theirs = quote.split(), passage.split()
    matcher = difflib.SequenceMatcher(None, theirs, ours, autojunk=False)
    changes: list[str] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        source_words, quote_words = " ".join(theirs[a1:a2]), " ".join(ours[b1:b2])
        if op == "replace":
            changes.append(f'the source has "{source_words}" where the quote has "{quote_words}"')
        elif op == "delete" and a1 > 0 and a2 < len(theirs):
            changes.append(f'the quote leaves out "{source_words}"')
        elif op == "insert":
            changes.append(f'the quote adds "{quote_words}"')
    if not changes:
        return "the quote runs past the passage; check its beginning and end"
    return "; ".join(changes[:3]) + ("; …" if len(changes) > 3 else "")


def anchor_source(body: str, paragraphs: tuple[Paragraph, ...]) -> AnchoredSource:
    return AnchoredSource(body, paragraphs)
