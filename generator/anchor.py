"""Quote anchoring: find a quote in its source and say where, or why not.

Each source is normalised once (`normalize.normalise`); every quote is then a
plain substring search in that text, so anchoring many quotes in a long source
costs one pass over the source plus one `str.find` per quote.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .models import Anchor, Paragraph
from .normalize import NormalisedText, normalise, normalise_quote

_CONTEXT_WORDS = 6
INDEXED_FROM = 100_000
"""Normalised length from which quotes are looked up through a word index."""
_WORD = re.compile("[^ ]+")


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
    """The source passage most like the quote, verbatim; None if nothing is alike (or
    the search was not made: see `ComparisonBudget`)."""
    paragraph: int | None
    """Its paragraph number."""
    difference: str | None
    """How the quote differs from it, in words."""


CLOSEST_PAIRS = 4_000_000
"""Most character pairs compared to find one missing quote's closest passage. difflib is
pure Python and, on repetitive text, compares every pair: about a second at this size."""


@dataclass
class ComparisonBudget:
    """Character pairs left for closest-passage searches, shared by every source of one
    validation, so that crafted content (huge repetitive sources, hundreds of missing
    quotes) cannot make validation take hours. Normal content uses a sliver of it."""

    pairs: int = 25 * CLOSEST_PAIRS

    def take(self, pairs: int) -> bool:
        if pairs > self.pairs:
            return False
        self.pairs -= pairs
        return True


class AnchoredSource:
    """A source body prepared for many quote look-ups."""

    def __init__(self, body: str, paragraphs: tuple[Paragraph, ...], budget: ComparisonBudget | None = None) -> None:
        self.body = body
        self.paragraphs = paragraphs
        self._budget = budget if budget is not None else ComparisonBudget()
        self._starts = [p.start for p in paragraphs]
        self._normalised: NormalisedText = _normalised(body)
        self._words: dict[str, list[int]] | None = None
        """Start of each word of the normalised text, by word (built for long texts only)."""

    def find(self, quote: str) -> Found | Missing:
        """The first occurrence that lies within one paragraph and covers whole characters.

        An occurrence inside a character's expansion (".." of the "..." that "…"
        became, "f" of "ﬁ") is not one; an occurrence across a paragraph break is
        reported only when there is no other.
        """
        needle = normalise_quote(quote)
        if not needle:
            return self._closest(needle)
        norm = self._normalised
        anchor: Anchor | None = None
        crossing: Found | None = None
        count = 0
        for at in self._occurrences(needle):
            if count >= 2:
                break
            finish = at + len(needle)
            if norm.starts_whole(at) and norm.ends_whole(finish):
                start, end = norm.original_start(at), norm.original_end(finish)
                first, last = self.paragraph_at(start), self.paragraph_at(end - 1)
                if first == last:
                    count += 1
                    anchor = anchor or Anchor(first, start, end)
                elif crossing is None:
                    crossing = Found(Anchor(first, start, end), 1, (first, last))
        if anchor is not None:
            return Found(anchor, count, None)
        return crossing if crossing is not None else self._closest(needle)

    def _occurrences(self, needle: str) -> Iterator[int]:
        """Every offset at which `needle` occurs in the normalised text, in order.

        In a long text, through an index of its words: one `str.find` per quote
        would scan the text again for every quote, and a 2 MB source with 2,000
        quotes took a second.
        """
        haystack = self._normalised.text
        found = self._indexed(needle) if len(haystack) >= INDEXED_FROM else None
        if found is not None:
            yield from found
            return
        at = haystack.find(needle)
        while at >= 0:
            yield at
            at = haystack.find(needle, at + 1)

    def _indexed(self, needle: str) -> list[int] | None:
        """Occurrences found through the rarest whole word inside `needle` (None if it has none).

        A word with a space on each side in the needle has one on each side in the
        text wherever the needle occurs, so it starts a word of the text there.
        """
        words = needle.split(" ")
        if self._words is None:
            self._words = {}
            for match in _WORD.finditer(self._normalised.text):
                self._words.setdefault(match.group(), []).append(match.start())
        best: tuple[list[int], int] | None = None
        offset = len(words[0]) + 1
        for word in words[1:-1]:
            if word:
                positions = self._words.get(word, [])
                if best is None or len(positions) < len(best[0]):
                    best = (positions, offset)
            offset += len(word) + 1
        if best is None:
            return None
        positions, offset = best
        haystack = self._normalised.text
        return [p - offset for p in positions if p >= offset and haystack.startswith(needle, p - offset)]

    def paragraph_at(self, offset: int) -> int:
        return max(1, bisect_right(self._starts, offset))

    def _closest(self, needle: str) -> Missing:
        haystack = self._normalised.text
        if not needle or not haystack:
            return Missing(None, None, None)
        match = None
        for low, high in self._windows(haystack, needle):
            if not self._budget.take((high - low) * len(needle)):
                break
            matcher = difflib.SequenceMatcher(None, haystack[low:high], needle, autojunk=False)
            found = matcher.find_longest_match(0, high - low, 0, len(needle))
            if match is None or found.size > match.size:
                match = difflib.Match(low + found.a, found.b, found.size)
        if match is None or match.size < max(4, len(needle) // 5):
            return Missing(None, None, None)
        begin = max(0, match.a - match.b)
        finish = min(len(haystack), begin + len(needle))
        begin, finish = _widen_to_words(haystack, begin, finish)
        start = self._normalised.original_start(begin)
        end = self._normalised.original_end(finish)
        compared = haystack[begin:finish]
        # The window is as long as the quote; kept inside the paragraph of the longest
        # match, it never shows (or names) the end of the paragraph before.
        number = self.paragraph_at(self._normalised.original_start(match.a + match.size // 2))
        if self.paragraphs:
            paragraph = self.paragraphs[number - 1]
            if start < paragraph.start or end > paragraph.end:
                start, end = max(start, paragraph.start), min(end, paragraph.end)
                compared = normalise(self.body[start:end]).text
        return Missing(self.body[start:end], number, describe_difference(needle, compared))


    @staticmethod
    def _windows(haystack: str, needle: str) -> list[tuple[int, int]]:
        """Where to look for the closest passage: the whole text when that is within
        CLOSEST_PAIRS; otherwise around a few occurrences of the quote's longest words
        (as many as that allows; none for a quote too long to compare even once)."""
        if len(haystack) * len(needle) <= CLOSEST_PAIRS:
            return [(0, len(haystack))]
        words = sorted(set(needle.split()), key=lambda word: (-len(word), word))[:3]
        width = 2 * len(needle) + max((len(word) for word in words), default=0)
        allowed = CLOSEST_PAIRS // max(1, width * len(needle))
        windows: list[tuple[int, int]] = []
        for word in words:
            at = haystack.find(word)
            while at >= 0 and len(windows) < allowed:
                windows.append((max(0, at - len(needle)), min(len(haystack), at + len(word) + len(needle))))
                at = haystack.find(word, at + len(word) + len(needle))
        return windows


@lru_cache(maxsize=512)
def _normalised_short(body: str) -> NormalisedText:
    return normalise(body)


def _normalised(body: str) -> NormalisedText:
    """`normalise(body)`, remembered for texts under 64 KB (`factcheck serve` validates
    again after every edit; most sources have not changed)."""
    return _normalised_short(body) if len(body) < 65_536 else normalise(body)


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
