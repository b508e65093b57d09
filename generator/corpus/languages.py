"""Language tags and scripts: what validation needs to tell which language a text is in.

Render uses `same_language` too (to mark text in another language than the page's),
so it lives here, below both.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter


def same_language(tag: str, other: str) -> bool:
    """Whether two tags name the same language (`en-GB` and `en` do: a page in `en`
    need not mark British English)."""
    return tag.split("-", 1)[0].lower() == other.split("-", 1)[0].lower()


SCRIPT_SAMPLE = 600
"""Characters of a text enough to tell its script."""
_SCRIPT_NAMES = {"CJK": "Chinese (CJK)"}


@functools.lru_cache(maxsize=4096)  # a desk cites the same titles in many claims
def non_latin_script(text: str) -> str | None:
    """The script most of the letters of `text` are in (`Cyrillic`, `Hangul`), if not Latin."""
    sample = text[:SCRIPT_SAMPLE]
    if sample.isascii():
        return None
    letters = [ch for ch in sample if ch.isalpha()]
    others = [ch for ch in letters if not ch.isascii()]
    if len(others) * 2 <= len(letters):
        return None
    script = Counter(unicodedata.name(ch, "").split(" ")[0] for ch in others).most_common(1)[0][0]
    if script in ("LATIN", ""):
        return None
    return _SCRIPT_NAMES.get(script, script.title())
