"""A video's or an audio's transcript: WebVTT cues below the front matter.

The body of a `kind: video` or `kind: audio` source is written as the cues of a
WebVTT file (https://www.w3.org/TR/webvtt1/), so a `.vtt` file from a platform can
be pasted in (or imported with `factcheck new source --kind video --from FILE.vtt`):

    00:01:15.000 --> 00:01:19.500
    The words spoken in that time.

Each cue is one paragraph of the source's text, and quotes anchor in the words only
(`blocks.StructuredText`). A `WEBVTT` header, `NOTE` comments and cue identifiers
may stand where WebVTT allows them; cue settings after the timing are ignored, and
`STYLE` and `REGION` blocks and tags in the words (`<v Name>`, `<c>`, timing tags)
are refused: nothing of them would be shown. Hours are two digits (at most 99). The parser is strict and
small, and every problem it finds has the line and column of the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.corpus.blocks import BodyProblem, ProblemList, StructuredText, blocks
from generator.corpus.models import Cue, Paragraph

__all__ = ["Transcript", "format_time", "parse_transcript"]

_TIME = r"(?:(\d{2}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^({_TIME})[ \t]+-->[ \t]+({_TIME})(?:[ \t]+(.*))?$")
_TAG = re.compile(r"<(?:[a-zA-Z/]|\d{2}:)[^>]*>")


@dataclass(frozen=True)
class Transcript:
    """What a transcript body holds: its words as paragraphs, and their cues."""

    text: str
    """The cues' words, one paragraph per cue, separated by a blank line."""
    paragraphs: tuple[Paragraph, ...]
    cues: tuple[Cue, ...]
    problems: tuple[BodyProblem, ...]


def parse_transcript(body: str, first_line: int) -> Transcript:
    """Read WebVTT cues from a source body that starts on line `first_line` of its file."""
    text = StructuredText()
    cues: list[Cue] = []
    problems = ProblemList()
    previous: Cue | None = None
    for index, block in enumerate(blocks(body, first_line)):
        head = block.lines[0].strip()
        if index == 0 and (head == "WEBVTT" or head.startswith(("WEBVTT ", "WEBVTT\t"))):
            continue
        if head == "NOTE" or head.startswith(("NOTE ", "NOTE\t")):
            continue
        if head in ("STYLE", "REGION"):
            problems.add(
                block.line,
                1,
                f"a WebVTT {head} block: the site shows only the words; delete the block",
            )
            continue
        timing_at = next((i for i, line in enumerate(block.lines[:2]) if "-->" in line), None)
        if timing_at is None:
            problems.add(
                block.line,
                1,
                "expected a cue's timing line, like `00:01:15.000 --> 00:01:19.500`, above its words",
            )
            continue
        line = block.line + timing_at
        timing = _TIMING.match(block.lines[timing_at].strip())
        if timing is None:
            problems.add(line, 1, _timing_problem(block.lines[timing_at]))
            continue
        start, end = _milliseconds(timing.group(1)), _milliseconds(timing.group(6))
        words = block.lines[timing_at + 1 :]
        if not words:
            problems.add(line, 1, "this cue has no words; give them below its timing line")
            continue
        if not _cue_checked(line, start, end, previous, timing, problems):
            continue
        tag = next((m for m in map(_TAG.search, words) if m), None)
        if tag is not None:
            at = words.index(tag.string)
            problems.add(
                line + 1 + at,
                tag.start() + 1,
                f"WebVTT tag {tag.group()!r} in the words; delete the tags and keep only the words",
            )
            continue
        number = text.add("\n".join(words), line + 1)
        previous = Cue(number, start, end)
        cues.append(previous)
    return Transcript(text.text, tuple(text.paragraphs), tuple(cues), problems.all(first_line))


def _cue_checked(
    line: int,
    start: int,
    end: int,
    previous: Cue | None,
    timing: re.Match[str],
    problems: ProblemList,
) -> bool:
    """Whether the cue's times can stand: it ends after it starts, not before the cue above
    (each mistake reported, both when it makes both)."""
    ends_after = end > start
    in_order = previous is None or start >= previous.start_ms
    if not in_order:
        assert previous is not None
        problems.add(
            line,
            1,
            f"timestamps out of order: this cue starts at {format_time(start)}, before the cue above it ({format_time(previous.start_ms)}); put the cues in the order of the recording",
        )
    if not ends_after:
        problems.add(
            line,
            timing.start(6) + 1,
            f"this cue ends ({format_time(end)}) before it starts ({format_time(start)}); check its timing",
        )
    return ends_after and in_order


def _timing_problem(line: str) -> str:
    if "," in line:
        return "a timing line with commas (SubRip's `00:01:15,000`); WebVTT writes a dot: `00:01:15.000 --> 00:01:19.500`"
    return f"not a timing line: {line.strip()!r}; write `HH:MM:SS.mmm --> HH:MM:SS.mmm`, e.g. `00:01:15.000 --> 00:01:19.500`"


def _milliseconds(stamp: str) -> int:
    match = re.fullmatch(_TIME, stamp)
    assert match is not None, "called on a timestamp the timing pattern matched"
    hours, minutes, seconds, millis = match.groups()
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)


def format_time(milliseconds: int, *, exact: bool = True) -> str:
    """A time as a transcript writes it, `01:02:03.450` (`exact`), or as a reader reads it,
    `1:02:03` or `2:03` (the whole seconds)."""
    seconds, millis = divmod(milliseconds, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if exact:
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
