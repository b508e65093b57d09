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

__all__ = ["MATRIX_ROWS", "MOST_LISTED", "page_count", "page_paths", "pager", "split"]

MOST_LISTED = 500
"""Most claims a page of claim lists shows (the claims index lists a claim under its
verdict and again under each of its tags: each counts). A site whose index would list
more gets an overview instead, with a page per verdict and per tag, each split into
pages of at most this many claims (about 100 KB of Markdown)."""

MATRIX_ROWS = 100
"""Most claims (rows) on one page of the matrix; a site with more claims gets a matrix
of several pages. A row is heavier than a list's line (every source's cell, or the
sources that speak to the claim): 100 rows are about 120 KB of Markdown."""

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


def pager(from_page: str, pages: Sequence[str], number: int) -> SafeMarkdown:
    """A paragraph that says which page this is and links the previous, the next and every
    page (`pages`: every page's path, first to last; `number` is this one's, from 1)."""
    if not 1 <= number <= len(pages):
        raise ValueError(f"page {number} of {len(pages)}")

    def link(to: int, text: str) -> str:
        return f"[{text}]({relative_link(from_page, pages[to - 1])})"

    steps = []
    if number > 1:
        steps.append(link(number - 1, "previous page"))
    if number < len(pages):
        steps.append(link(number + 1, "next page"))
    every = ", ".join(
        f'<strong aria-current="page">{n}</strong>' if n == number else link(n, str(n))
        for n in range(1, len(pages) + 1)
    )
    return SafeMarkdown(f"Page {number} of {len(pages)}: {' · '.join(steps)}. Pages: {every}.")
