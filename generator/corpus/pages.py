"""A document's text, page by page: paragraphs below `[page N]` markers.

The body of a `kind: document` source gives the text of its PDF's pages, each
after a marker line naming the page's number in the PDF:

    [page 1]
    First paragraph of page 1.

    Second paragraph of page 1.

    [page 3]
    Page 2 had nothing worth quoting; pages may be left out.

Markers go up page by page, every page given has text, and text stands only after
a marker. Quotes anchor in the paragraphs only (`blocks.StructuredText`), so a
citation names its page; that the pages exist in the PDF is checked against the
file (`validate`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.corpus.blocks import BodyProblem, ProblemList, StructuredText, blocks
from generator.corpus.models import Page, Paragraph

__all__ = ["PAGE_MARKER", "DocumentText", "page_marker", "parse_pages"]

PAGE_MARKER = re.compile(r"^\[page (\d{1,6})\][ \t]*$")
_LOOSE_MARKER = re.compile(r"^\s*\[\s*page\b", re.IGNORECASE)


@dataclass(frozen=True)
class DocumentText:
    """What a document's body holds: its paragraphs, and the pages they stand on."""

    text: str
    """The paragraphs' words, separated by a blank line (no markers)."""
    paragraphs: tuple[Paragraph, ...]
    pages: tuple[Page, ...]
    problems: tuple[BodyProblem, ...]


def page_marker(number: int) -> str:
    """The marker line that starts page `number`."""
    return f"[page {number}]"


def parse_pages(body: str, first_line: int) -> DocumentText:
    """Read the pages of a document body that starts on line `first_line` of its file."""
    text = StructuredText()
    pages: list[Page] = []
    problems = ProblemList()
    page: int | None = None
    page_line = first_line
    first: int | None = None
    for block in blocks(body, first_line):
        lines = list(block.lines)
        line = block.line
        while lines and _LOOSE_MARKER.match(lines[0]):
            marker = PAGE_MARKER.match(lines[0])
            if marker is None:
                problems.add(line, 1, f"write a page marker as `[page 3]`, not {lines[0]!r}")
            else:
                number = int(marker.group(1))
                _close(page, first, text, pages, page_line, problems)
                _check_order(number, page, line, problems)
                page, page_line, first = number, line, None
            lines.pop(0)
            line += 1
        if not lines:
            continue
        if page is None:
            problems.add(line, 1, "text before the first page marker; start with a line `[page 1]`")
            continue
        number = text.add("\n".join(lines), line)
        first = number if first is None else first
    _close(page, first, text, pages, page_line, problems)
    return DocumentText(text.text, tuple(text.paragraphs), tuple(pages), problems.all(first_line))


def _check_order(number: int, previous: int | None, line: int, problems: ProblemList) -> None:
    if number < 1:
        problems.add(line, 2, "pages are numbered from 1, as in the PDF")
    elif previous is not None and number <= previous:
        problems.add(
            line,
            2,
            f"page {number} comes after page {previous}; give the pages in order, each once",
        )


def _close(
    page: int | None,
    first: int | None,
    text: StructuredText,
    pages: list[Page],
    line: int,
    problems: ProblemList,
) -> None:
    """End the page begun on `line`: it is a page of the text if it has paragraphs."""
    if page is None:
        return
    if first is None:
        problems.add(
            line, 1, f"page {page} has no text; give its text below the marker, or leave it out"
        )
        return
    pages.append(Page(page, first, len(text.paragraphs)))
