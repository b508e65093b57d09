"""Quote anchoring: find a quote in its source and say where, or why not.

Each source is normalised once (`normalize.normalise`); every quote is then a
plain substring search in that text, so anchoring many quotes in a long source
costs one pass over the source plus one `str.find` per quote.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from generator.corpus.models import Anchor, Paragraph
from generator.corpus.normalize import NormalisedText, normalise, normalise_quote

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
"""Most character pairs compared to find one missing quote's closest passage: difflib is
pure Python and, on repetitive text, compares every pair, so the search is capped."""


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

    def __init__(
        self,
        body: str,
        paragraphs: tuple[Paragraph, ...],
        budget: ComparisonBudget | None = None,
        *,
        joined: frozenset[int] = frozenset(),
    ) -> None:
        self.body = body
        self.paragraphs = paragraphs
        self.joined = joined
        """Paragraphs whose break to the next one a quote may cross (a transcript's cues
        that run on without a pause); a quote across any other break is not one."""
        self._budget = budget if budget is not None else ComparisonBudget()
        self._starts = [p.start for p in paragraphs]
        self._normalised: NormalisedText = _normalised(body)
        self._words: dict[str, list[int]] | None = None
        """Start of each word of the normalised text, by word (built for long texts only)."""

    def find(self, quote: str) -> Found | Missing:
        """The first occurrence that lies within one paragraph and covers whole characters,
        or else the passage most like the quote.

        An occurrence inside a character's expansion (".." of the "..." that "…"
        became, "f" of "ﬁ") is not one; an occurrence across a paragraph break is
        reported only when there is no other.
        """
        found = self.occurrence(quote)
        return found if found is not None else self.closest(quote)

    def occurrence(self, quote: str) -> Found | None:
        """`find` without the search for the closest passage: None when not found."""
        needle = normalise_quote(quote)
        if not needle:
            return None
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
                if first == last or self._crosses_joined(first, last):
                    count += 1
                    anchor = anchor or Anchor(first, start, end)
                elif crossing is None:
                    crossing = Found(Anchor(first, start, end), 1, (first, last))
        if anchor is not None:
            return Found(anchor, count, None)
        return crossing

    def closest(self, quote: str) -> Missing:
        """The passage most like `quote`, which `occurrence` did not find (as far as the
        budget allows)."""
        return self._closest(normalise_quote(quote))

    def holds(self, quote: str) -> bool:
        """Whether `quote` occurs in the text at all (cheap: no closest passage is sought)."""
        needle = normalise_quote(quote)
        return bool(needle) and next(iter(self._occurrences(needle)), None) is not None

    def _crosses_joined(self, first: int, last: int) -> bool:
        """Whether every break from paragraph `first` to `last` is one a quote may cross."""
        return bool(self.joined) and all(n in self.joined for n in range(first, last))

    def _occurrences(self, needle: str) -> Iterator[int]:
        """Every offset at which `needle` occurs in the normalised text, in order.

        In a long text, through an index of its words, so that a quote does not scan
        the whole text again.
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
        return [
            p - offset for p in positions if p >= offset and haystack.startswith(needle, p - offset)
        ]

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
        # The passage lies in the paragraph of the longest match (it never shows, or
        # names, the end of the paragraph before), around where that match puts the quote.
        number = self.paragraph_at(self._normalised.original_start(match.a + match.size // 2))
        low, high = self._normalised_bounds(number)
        guess = min(high, max(low, match.a - match.b))
        begin, finish = _passage(
            haystack, (low, high), (guess, min(high, guess + len(needle))), needle, self._budget
        )
        passage = self.body[
            self._normalised.original_start(begin) : self._normalised.original_end(finish)
        ]
        return Missing(passage, number, describe_difference(needle, haystack[begin:finish]))

    def _normalised_bounds(self, number: int) -> tuple[int, int]:
        """Where paragraph `number` starts and ends in the normalised text."""
        haystack = self._normalised.text
        if not self.paragraphs:
            return 0, len(haystack)
        paragraph = self.paragraphs[number - 1]
        offsets = range(len(haystack))
        low = bisect_left(offsets, paragraph.start, key=self._normalised.original_start)
        high = bisect_left(offsets, paragraph.end, key=self._normalised.original_start)
        return low, high

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
                windows.append(
                    (max(0, at - len(needle)), min(len(haystack), at + len(word) + len(needle)))
                )
                at = haystack.find(word, at + len(word) + len(needle))
        return windows


@lru_cache(maxsize=512)
def _normalised_short(body: str) -> NormalisedText:
    return normalise(body)


def _normalised(body: str) -> NormalisedText:
    """`normalise(body)`, remembered for texts under 64 KB (`factcheck serve` validates
    again after every edit; most sources have not changed)."""
    return _normalised_short(body) if len(body) < 65_536 else normalise(body)


def _passage(
    text: str,
    paragraph: tuple[int, int],
    guess: tuple[int, int],
    needle: str,
    budget: ComparisonBudget,
) -> tuple[int, int]:
    """The whole words of `text`, inside `paragraph`, that line up with the quote `needle`;
    `guess` is where the longest common run of characters puts the quote.

    Words are lined up by their letters and digits, their outer punctuation aside, so the
    passage starts at the source word matching the quote's first word and ends at the one
    matching its last: a comma after the last word, or a word cut by the edge of a window,
    is not a difference. Where an edge word of the quote matches nothing, the passage takes
    as many source words there as the quote has. Its outer punctuation is kept only where
    the quote has some of its own there to compare with.
    """
    low, high = paragraph
    region = (
        max(low, _word_start(text, max(low, guess[0] - len(needle)))),
        min(high, _word_end(text, min(high, guess[1] + len(needle)))),
    )
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text, *region)]
    if not spans:
        return guess
    quoted = needle.split(" ")
    blocks = []
    if budget.take(len(spans) * len(quoted)):
        matcher = difflib.SequenceMatcher(
            None,
            [_letters(text[s:e]) for s, e in spans],
            [_letters(w) for w in quoted],
            autojunk=False,
        )
        blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if blocks:
        first, last = blocks[0], blocks[-1]
        head, tail = max(0, first.a - first.b), min(len(spans), last.a + len(quoted) - last.b)
    else:  # no whole word in common (misspelt words): the words the guess covers
        covered = [i for i, (s, e) in enumerate(spans) if e > guess[0] and s < guess[1]] or [0]
        head, tail = covered[0], covered[-1] + 1
    begin, finish = spans[head][0], spans[tail - 1][1]
    begin += _unmatched_punctuation(text[begin : spans[head][1]], quoted[0], leading=True)
    finish -= _unmatched_punctuation(text[spans[tail - 1][0] : finish], quoted[-1], leading=False)
    return begin, finish


def _unmatched_punctuation(word: str, quoted: str, *, leading: bool) -> int:
    """How many characters of punctuation before (or after) the passage's edge `word` lie
    outside the quote: all of them when the quote's edge word `quoted` has none there, else
    none (they are compared); none for a word that is all punctuation."""
    if _outer(quoted, leading=leading) or _letters(word) == word:
        return 0
    return len(_outer(word, leading=leading))


def _word_start(text: str, at: int) -> int:
    while at > 0 and text[at - 1] != " ":
        at -= 1
    return at


def _word_end(text: str, at: int) -> int:
    while at < len(text) and text[at] != " ":
        at += 1
    return at


_LEADING = re.compile(r"^\W*")
_TRAILING = re.compile(r"\W*$")


def _outer(word: str, *, leading: bool) -> str:
    """The punctuation before (or after) a word's letters and digits."""
    found = (_LEADING if leading else _TRAILING).search(word)
    return found.group() if found else ""


def _letters(word: str) -> str:
    """A word without its outer punctuation (the word itself if it is all punctuation)."""
    return _TRAILING.sub("", _LEADING.sub("", word)) or word


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


def ellipsis_hint(quote: str) -> str:
    """What to add to "quote not found" when the quote has an ellipsis: a quote that
    leaves words out is two passages, not one."""
    if "…" in quote or "..." in quote:
        return "; if the ellipsis (…) stands for words left out, cite each part as a citation of its own"
    return ""
