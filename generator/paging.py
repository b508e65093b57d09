"""Long lists split over pages a reader can open: the claims index and the matrix of a
large site.

A page that lists every claim grows with the site: at 10,000 claims the matrix was
10-13 MB of Markdown and the claims index 5 MB, more than a phone's browser can open
and the slowest pages of a build. Above the limits below, each is split into pages of
a bounded size (`numbered_page`: `matrix.md`, `matrix/2.md`, ...), linked to each other
by a pager. A site below them (the first edition) keeps its single pages, byte for byte.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from .markup import SafeMarkdown
from .render_paths import numbered_page, relative_link

__all__ = [
    "MATRIX_ROWS",
    "MOST_LISTED",
    "NEIGHBOURS",
    "PAGER_LABEL",
    "page_count",
    "page_numbers",
    "page_paths",
    "pager",
    "split",
]

MOST_LISTED = 500
"""Most claims a page of claim lists shows (the claims index lists a claim under its
verdict and again under each of its tags: each counts). A site whose index would list
more gets an overview instead, with a page per verdict and per tag, each split into
pages of at most this many claims (about 100 KB of Markdown)."""

MATRIX_ROWS = 100
"""Most claims (rows) on one page of the matrix; a site with more claims gets a matrix
of several pages. A row is heavier than a list's line (every source's cell, or the
sources that speak to the claim): 100 rows are about 120 KB of Markdown."""

NEIGHBOURS = 2
"""Pages linked on either side of the current one by the pager (besides the first and
the last): `1 … 4 5 [6] 7 8 … 100`."""

T = TypeVar("T")


def split(items: Sequence[T], size: int) -> tuple[tuple[T, ...], ...]:
    """`items` in consecutive pages of at most `size` each; at least one (empty) page."""
    if size < 1:
        raise ValueError(f"a page holds at least one item: {size}")
    return tuple(tuple(items[start : start + size]) for start in range(0, len(items), size)) or (
        (),
    )


def page_count(items: int, size: int) -> int:
    """How many pages `split` makes of `items` items."""
    return max(1, -(-items // size))


def page_paths(first_page: str, count: int) -> tuple[str, ...]:
    """The paths of a list's `count` pages, the first being `first_page`."""
    return tuple(numbered_page(first_page, number) for number in range(1, count + 1))


def page_numbers(number: int, count: int, neighbours: int = NEIGHBOURS) -> tuple[int | None, ...]:
    """The pages a pager on page `number` of `count` names, in order, None for each gap
    (an ellipsis): the first, the last, this one and its `neighbours` on either side.
    A gap of a single page names that page instead: `1 2 3 4`, never `1 … 3 4`."""
    if not 1 <= number <= count:
        raise ValueError(f"page {number} of {count}")
    near = range(max(1, number - neighbours), min(count, number + neighbours) + 1)
    named: list[int | None] = []
    previous = 0
    for shown in sorted({1, count, *near}):
        if shown - previous == 2:
            named.append(shown - 1)
        elif shown - previous > 2:
            named.append(None)
        named.append(shown)
        previous = shown
    return tuple(named)


PAGER_LABEL = "Pages"
"""What a screen reader calls the pager (a navigation landmark); the two pagers of a page,
above and below the list, have the same links and so the same name."""


def pager(from_page: str, pages: Sequence[str], number: int) -> SafeMarkdown:
    """A navigation landmark that says which page this is and links the previous and the
    next page, the first and the last, and the pages near this one (`page_numbers`);
    `pages`: every page's path, first to last; `number` is this one's, from 1. A list of
    one page has no pager ("").

    Inline markup (a `<span>` with the landmark's role, not a `<nav>` block), so that
    its links stay Markdown links, which MkDocs rewrites and checks."""
    count = len(pages)
    if not 1 <= number <= count:
        raise ValueError(f"page {number} of {count}")
    if count == 1:
        return SafeMarkdown("")

    def link(to: int, text: str) -> str:
        return f"[{text}]({relative_link(from_page, pages[to - 1])})"

    steps = []
    if number > 1:
        steps.append(link(number - 1, "previous page"))
    if number < count:
        steps.append(link(number + 1, "next page"))
    named = " ".join(
        "…"
        if n is None
        else f'<strong aria-current="page">{n:,}</strong>'
        if n == number
        else link(n, f"{n:,}")
        for n in page_numbers(number, count)
    )
    return SafeMarkdown(
        f'<span role="navigation" aria-label="{PAGER_LABEL}">'
        f"Page {number:,} of {count:,}: {' · '.join(steps)}. Pages: {named}.</span>"
    )
