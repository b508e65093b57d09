"""Language tags and scripts: what validation needs to tell which language a text is in.

Render uses `same_language` too (to mark text in another language than the page's),
so it lives here, below both.
"""

from __future__ import annotations


def same_language(tag: str, other: str) -> bool:
    """Whether two tags name the same language (`en-GB` and `en` do: a page in `en`
    need not mark British English)."""
    return tag.split("-", 1)[0].lower() == other.split("-", 1)[0].lower()
