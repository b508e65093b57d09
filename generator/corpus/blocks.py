"""A structured source body (a transcript's cues, a document's pages) as blocks and text.

The body of a video, an audio or a document is not the text quotes anchor in: it
carries timing lines or page markers between the words. `transcripts` and `pages`
read those from the blocks here (runs of lines between blank lines), and
`StructuredText` builds the text that is left, one paragraph per block of words,
with every paragraph's line in the file, so that a quote's anchor and a problem's
position are both exact.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from generator.corpus.models import Paragraph

MAX_BODY_PROBLEMS = 50
"""Most problems reported for one structured body (a reversed 8-hour transcript would
otherwise print one per cue); one more line says how many were left out."""


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines of the body."""

    line: int
    """The line of the file on which it starts."""
    lines: tuple[str, ...]
    """Its lines, verbatim."""


@dataclass(frozen=True)
class BodyProblem:
    """Something wrong with a structured body, at a line and column of the file."""

    line: int
    col: int
    message: str


def blocks(body: str, first_line: int) -> Iterator[Block]:
    """The body's blocks: runs of lines that are not blank, each with its file line."""
    current: list[str] = []
    start = first_line
    for index, line in enumerate(body.split("\n")):
        if line.strip():
            if not current:
                start = first_line + index
            current.append(line)
        elif current:
            yield Block(start, tuple(current))
            current = []
    if current:
        yield Block(start, tuple(current))


@dataclass
class StructuredText:
    """The words of a structured body, gathered a paragraph at a time."""

    parts: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    length: int = 0

    def add(self, text: str, line: int) -> int:
        """Add one paragraph (its words, verbatim), which starts on `line`; its number."""
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        self.paragraphs.append(Paragraph(len(self.paragraphs) + 1, start, self.length, line))
        return len(self.paragraphs)

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class ProblemList:
    """A body's problems, at most `MAX_BODY_PROBLEMS` of them (then one line counting the rest)."""

    found: list[BodyProblem] = field(default_factory=list)
    left_out: int = 0

    def add(self, line: int, col: int, message: str) -> None:
        if len(self.found) < MAX_BODY_PROBLEMS:
            self.found.append(BodyProblem(line, col, message))
        else:
            self.left_out += 1

    def all(self, first_line: int) -> tuple[BodyProblem, ...]:
        """The problems found, and a last one counting those left out (if any)."""
        if not self.left_out:
            return tuple(self.found)
        more = BodyProblem(
            first_line,
            1,
            f"and {self.left_out:,} more problems like those below in this text; fix those first",
        )
        return (*self.found, more)
