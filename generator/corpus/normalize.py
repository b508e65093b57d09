"""Quote normalisation that remembers where every character came from.

Both a source text and a quote are normalised the same way so that typography
does not decide whether a quote is found: compatibility forms (NFKC
equivalence, computed per character as NFKD so offsets can be mapped back),
curly and straight quotes, dashes, ellipses, runs of whitespace, soft hyphens
and zero-width characters. Case is kept: a quote must keep the source's case.

ASCII text outside whitespace passes through in whole runs, so a source is
normalised in one pass and a megabyte costs a few hundred milliseconds at most.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

_SPECIAL = re.compile(r"\s{2,}|[^\S ]|[^\x00-\x7f]")
"""What normalising may change: whitespace runs (a lone ASCII space already is one
space, so it stays in the plain run around it) and non-ASCII characters."""

_REPLACEMENTS = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u00b4\u0060", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    "\u2026": "...",
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
}


@lru_cache(maxsize=4096)
def _normalise_char(char: str) -> str:
    if char in _REPLACEMENTS:
        return _REPLACEMENTS[char]
    decomposed = unicodedata.normalize("NFKD", char)
    if decomposed.isspace():
        return " "
    # A decomposition may itself produce a quote or dash (e.g. fullwidth forms).
    return "".join(_REPLACEMENTS.get(c, c) for c in decomposed)


@dataclass(frozen=True)
class NormalisedText:
    """A normalised string plus the map back to the original's offsets."""

    text: str
    """The normalised text."""
    _seg_norm: tuple[int, ...]
    """Start of each segment in `text`."""
    _seg_orig: tuple[int, ...]
    """Start of each segment in the original."""
    _seg_orig_len: tuple[int, ...]
    """Length of each segment in the original."""
    _seg_plain: tuple[bool, ...]
    """True when the segment was copied unchanged (offsets map one to one)."""

    def original_start(self, index: int) -> int:
        """Offset in the original of the character at `index` of the normalised text."""
        k = bisect_right(self._seg_norm, index) - 1
        if self._seg_plain[k]:
            return self._seg_orig[k] + (index - self._seg_norm[k])
        return self._seg_orig[k]

    def starts_whole(self, index: int) -> bool:
        """Whether a match may start at `index`: not inside one character's expansion
        (e.g. the second "." of the "..." that "…" became), past its leading spaces aside."""
        if index <= 0 or index >= len(self.text):
            return True
        k = bisect_right(self._seg_norm, index) - 1
        return self._seg_plain[k] or not self.text[self._seg_norm[k] : index].strip()

    def ends_whole(self, end: int) -> bool:
        """Whether a match may end just before `end` (the mirror of `starts_whole`)."""
        if end <= 0 or end >= len(self.text):
            return True
        k = bisect_right(self._seg_norm, end - 1) - 1
        if self._seg_plain[k]:
            return True
        segment_end = self._seg_norm[k + 1] if k + 1 < len(self._seg_norm) else len(self.text)
        return not self.text[end:segment_end].strip()

    def original_end(self, end: int) -> int:
        """Offset in the original just past the character before `end`."""
        last = end - 1
        k = bisect_right(self._seg_norm, last) - 1
        if self._seg_plain[k]:
            return self._seg_orig[k] + (last - self._seg_norm[k]) + 1
        return self._seg_orig[k] + self._seg_orig_len[k]


def normalise(text: str) -> NormalisedText:
    """Normalise `text`, keeping a map from normalised to original offsets."""
    out: list[str] = []
    seg_norm: list[int] = []
    seg_orig: list[int] = []
    seg_len: list[int] = []
    seg_plain: list[bool] = []
    size = 0
    last_space = False

    def emit(piece: str, orig_start: int, orig_len: int, plain: bool) -> None:
        nonlocal size, last_space
        seg_norm.append(size)
        seg_orig.append(orig_start)
        seg_len.append(orig_len)
        seg_plain.append(plain)
        out.append(piece)
        size += len(piece)
        last_space = piece.endswith(" ")

    def plain(start: int, end: int) -> None:
        if last_space and text[start] == " ":
            start += 1  # a lone space after a space (e.g. past a zero-width character) joins it
        if end > start:
            emit(text[start:end], start, end - start, True)

    pos = 0
    for match in _SPECIAL.finditer(text):
        if match.start() > pos:
            plain(pos, match.start())
        token = match.group()
        piece = " " if token.isspace() else _normalise_char(token)
        if last_space and piece.startswith(" "):
            piece = piece[1:]  # e.g. "¨" is " \u0308": its space joins the run before it
        if piece:
            emit(piece, match.start(), len(token), False)
        pos = match.end()
    if pos < len(text):
        plain(pos, len(text))
    return NormalisedText(
        "".join(out), tuple(seg_norm), tuple(seg_orig), tuple(seg_len), tuple(seg_plain)
    )


@lru_cache(maxsize=1 << 16)
def normalise_quote(quote: str) -> str:
    """A quote normalised for searching: the same rules, outer spaces trimmed.

    Remembered: `factcheck serve` validates every quote again after each edit."""
    if _SPECIAL.search(quote) is None:
        return quote.strip()  # nothing to normalise (most quotes): skip the offset map
    return normalise(quote).text.strip()
