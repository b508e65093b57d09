"""Short, honest labels for sources and partial dates, shared by charts, matrix and timeline.

Everything here returns plain `str`; callers escape it for the context they print it in.
"""

from __future__ import annotations

import datetime as dt
import functools

from babel import Locale, UnknownLocaleError

from .models import UNKNOWN, SourceMeta

__all__ = [
    "format_date",
    "format_partial_date",
    "language_name",
    "meta_label",
    "partial_date_precision",
    "shorten",
    "source_label",
]

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
SHORT_TITLE = 48
"""Characters of a title kept when a source without a named outlet is labelled by its title."""


def shorten(text: str, limit: int) -> str:
    """`text` with whitespace collapsed, cut at a word boundary to at most `limit` characters."""
    collapsed = " ".join(text.split())
    if len(collapsed) <= limit:
        return collapsed
    cut = collapsed[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "…"


def source_label(outlet: str, published: dt.date | str | None, title: str) -> str:
    """The outlet and date when known (`CaliToday, 12 December 2025`), else a shortened title.

    Two articles from one outlet are told apart by their dates; an article of
    unknown outlet is named by its headline (or the editor's bracketed description).
    """
    if outlet != UNKNOWN:
        if isinstance(published, dt.date):
            return f"{outlet}, {format_date(published)}"
        return outlet
    return shorten(title, SHORT_TITLE)


def meta_label(meta: SourceMeta) -> str:
    """`source_label` of a source's front matter."""
    return source_label(meta.outlet, meta.published, meta.title)


def format_date(date: dt.date) -> str:
    """`12 December 2025`."""
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"


def partial_date_precision(value: str) -> str:
    """`year`, `month` or `day`: how much a partial ISO date (`2025`, `2025-08`, `2025-08-06`) says."""
    return ("year", "month", "day")[value.count("-")]


def format_partial_date(value: str) -> str:
    """A partial ISO date in words, no more precise than it is: `2025`, `August 2025`, `6 August 2025`."""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


@functools.cache
def language_name(tag: str) -> str:
    """`ru` as `Russian (ru)`, by CLDR's names (Babel, which Material also uses); a tag
    CLDR does not know stays as it is."""
    try:
        name = Locale.parse(tag, sep="-").get_display_name("en")
    except (UnknownLocaleError, ValueError):
        return tag
    return f"{name} ({tag})" if name else tag
