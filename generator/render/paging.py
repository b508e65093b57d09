"""Long lists split over pages a reader can open: the claims index, the matrix and the
sources index of a large site.

A page that lists every claim grows with the site, past what a phone's browser can
open (benchmarks/RESULTS.md, "Figures behind the code"). Above the limits below, each
is split into pages of
a bounded size (`numbered_page`: `matrix.md`, `matrix/2.md`, ...), linked to each other
by a pager. A site below them (the first edition) keeps its single pages, byte for byte.

The limits count what the release publishes. In a preview (`factcheck serve`) the drafts
are listed too, each on the page of the published item before it (`split`'s `counted`),
so the preview has the release's pages, addresses and links, drafts added: a draft never
splits a list the release keeps whole, nor moves a published claim to another page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from generator.render.i18n import format_number, gettext, gettext_markup
from generator.render.markup import SafeMarkdown, escape_text
from generator.render.paths import numbered_page, relative_link

__all__ = [
    "MATRIX_ROWS",
    "MOST_LISTED",
    "NEIGHBOURS",
    "SOURCES_LISTED",
    "Page",
    "page_count",
    "page_numbers",
    "page_paths",
    "pager",
    "paginate",
    "split",
]

MOST_LISTED = 500
"""Most claims a page of claim lists shows (the claims index lists a claim under its
verdict and again under each of its tags: each counts). A site whose index would list
more gets an overview instead, with a page per verdict and per tag, each split into
pages of at most this many claims."""

MATRIX_ROWS = 100
"""Most claims (rows) on one page of the matrix; a site with more claims gets a matrix
of several pages. A row is heavier than a list's line (every source's cell, or the
sources that speak to the claim), hence fewer rows than `MOST_LISTED`."""

SOURCES_LISTED = 500
"""Most sources (rows) on one page of the sources index; a site with more gets an index
of several pages (`sources/index.md`, `sources/index/2.md`, ...: a source's id has no
`/` and is never `index`, so no source's page takes one of these paths or addresses).
A row is light (a headline, an outlet, a date, a count): a page of them stays below a
page of a claims list."""

NEIGHBOURS = 2
"""Pages linked on either side of the current one by the pager (besides the first and
the last): `1 … 4 5 [6] 7 8 … 100`."""

T = TypeVar("T")


def split(
    items: Iterable[T], size: int, counted: Callable[[T], bool] | None = None
) -> tuple[tuple[T, ...], ...]:
    """`items` in consecutive pages of at most `size` counted items each (every item
    counts when `counted` is None); an item that does not count goes on the page of the
    counted one before it (the first page, if none is). At least one (empty) page."""
    if size < 1:
        raise ValueError(f"a page holds at least one item: {size}")
    chunks: list[list[T]] = [[]]
    filled = 0
    for item in items:
        if counted is None or counted(item):
            if filled == size:
                chunks.append([])
                filled = 0
            filled += 1
        chunks[-1].append(item)
    return tuple(tuple(chunk) for chunk in chunks)


def page_count(items: int, size: int) -> int:
    """How many pages `split` makes of `items` counted items."""
    return max(1, -(-items // size))


def page_paths(first_page: str, count: int) -> tuple[str, ...]:
    """The paths of a list's `count` pages, the first being `first_page`."""
    return tuple(numbered_page(first_page, number) for number in range(1, count + 1))


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list split over pages."""

    number: int
    """From 1."""
    paths: tuple[str, ...]
    """Every page of the list, first to last."""
    items: tuple[T, ...]
    """The items on this page, in the list's order."""
    first: int
    """Where its first item is in the whole list, from 1."""
    total: int
    """How many items the whole list has."""

    @property
    def path(self) -> str:
        return self.paths[self.number - 1]

    @property
    def last(self) -> int:
        """Where its last item is in the whole list, from 1."""
        return self.first + len(self.items) - 1

    @property
    def several(self) -> bool:
        """The list has more pages than this one."""
        return len(self.paths) > 1

    def pager(self) -> SafeMarkdown:
        """`pager` for this page ("" when it is the list's only one)."""
        return pager(self.path, self.paths, self.number)


def paginate(
    items: Sequence[T], first_page: str, size: int, counted: Callable[[T], bool] | None = None
) -> tuple[Page[T], ...]:
    """`items` on pages of at most `size` counted items (`split`), the first page being
    `first_page` and the others numbered after it (`page_paths`)."""
    chunks = split(items, size, counted)
    paths = page_paths(first_page, len(chunks))
    made, first = [], 1
    for number, chunk in enumerate(chunks, start=1):
        made.append(Page(number, paths, chunk, first, len(items)))
        first += len(chunk)
    return tuple(made)


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


def pager_label() -> str:
    """What a screen reader calls the pager (a navigation landmark); the two pagers of a
    page, above and below the list, have the same links and so the same name."""
    return gettext("Pages")


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
        return f"[{escape_text(text)}]({relative_link(from_page, pages[to - 1])})"

    steps = []
    if number > 1:
        steps.append(link(number - 1, gettext("previous page")))
    if number < count:
        steps.append(link(number + 1, gettext("next page")))
    named = " ".join(
        "…"
        if n is None
        else f'<strong aria-current="page">{escape_text(format_number(n))}</strong>'
        if n == number
        else link(n, format_number(n))
        for n in page_numbers(number, count)
    )
    said = gettext_markup(
        "Page %(number)s of %(count)s: %(steps)s. Pages: %(pages)s.",
        number=number,
        count=count,
        steps=SafeMarkdown(" · ".join(steps)),
        pages=SafeMarkdown(named),
    )
    return SafeMarkdown(
        f'<span role="navigation" aria-label="{escape_text(pager_label())}">{said}</span>'
    )
