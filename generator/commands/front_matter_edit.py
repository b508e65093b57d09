"""Adding an archived copy to a source's front matter, every other byte of the file kept.

The YAML is never dumped again: that would lose comments, quoting and key order. The
new lines are inserted into the text at the place libyaml's parser gives:

* after the end of `url:`'s value (its last line, for a value written over several), as

      archived:
        - url: <the capture's address>
          date: YYYY-MM-DD

* or, when the file says `archived: []`, in place of the `[]`, below its key.

The file's line endings are kept (CRLF stays CRLF). The result is read back and must
hold the very same data plus the new copy, or nothing is written: a layout this does
not handle (front matter in flow style, a line break libyaml counts that editors do
not) is refused with the lines to add by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from generator.corpus.yamlload import load_yaml
from generator.errors import FactcheckError

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml missing
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9\-._~/?#@!$&'()*+,;=%:\[\]]*[^:\s]")
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")


class EditError(FactcheckError):
    """The front matter cannot be edited safely; the file was left as it was."""


@dataclass(frozen=True)
class _Place:
    """Where the new lines go, in the file's lines (0-based)."""

    line: int
    """The new lines are inserted before this line."""
    with_key: bool
    """Whether they start with `archived:` (False: the key is there, as `archived: []`)."""
    emptied: tuple[int, int, int] | None = None
    """(line, start, end) of a `[]` to remove from the key's line."""


def by_hand(url: str, date: dt.date) -> str:
    """The lines a person adds below `url:` when the file cannot be edited safely."""
    return f"archived:\n  - url: {_scalar(url)}\n    date: {date.isoformat()}"


def with_archived_copy(text: str, url: str, date: dt.date) -> str:
    """`text` (a source file, as read) with a first archived copy listed in its front matter."""
    lines = text.split("\n")
    end = _front_matter_end(lines)
    front = "\n".join(line.removesuffix("\r") for line in lines[1:end])
    if "\r" in front or _ODD_BREAKS.search(front):
        raise EditError("its front matter has line breaks other than LF or CRLF")
    place = _place(front)
    newline = "\r\n" if lines[0].endswith("\r") else "\n"
    added = [f"  - url: {_scalar(url)}", f"    date: {date.isoformat()}"]
    if place.with_key:
        added.insert(0, "archived:")
    edited = list(lines)
    if place.emptied is not None:
        line, start, stop = place.emptied
        edited[line] = edited[line][:start].rstrip(" ") + edited[line][stop:]
    edited[place.line : place.line] = [entry + newline.removesuffix("\n") for entry in added]
    result = "\n".join(edited)
    _check_same_data(front, result, url, date)
    return result


def _front_matter_end(lines: list[str]) -> int:
    """The index of the line that closes the front matter."""
    if not lines or not _FENCE.match(lines[0].removesuffix("\r")):
        raise EditError("it does not start with front matter")
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index].removesuffix("\r")):
            return index
    raise EditError("its front matter is never closed")


def _place(front: str) -> _Place:
    """Where the archived copy goes, from the parser's marks (lines of the file: the front
    matter starts on the file's second line)."""
    events = list(yaml.parse(front, Loader=_Loader))
    mapping = next((e for e in events if isinstance(e, MappingStartEvent)), None)
    if mapping is None or mapping.flow_style:
        raise EditError("its front matter is not a block of `key: value` lines")
    values = _top_level_values(events)
    archived = values.get("archived")
    if archived is not None:
        return _in_place_of_empty_list(archived)
    url = values.get("url")
    if url is None:
        raise EditError("it has no `url:`")
    end = _mark(url[-1], "end_mark")
    # A block scalar (`url: >-`) ends at the start of the line after it.
    after = end.line if end.column == 0 else end.line + 1
    return _Place(after + 1, with_key=True)


def _top_level_values(events: list[Any]) -> dict[str, list[Any]]:
    """The events of each top-level key's value, by key."""
    values: dict[str, list[Any]] = {}
    depth = 0
    key: str | None = None
    current: list[Any] | None = None
    for event in events:
        if depth == 1 and current is None and isinstance(event, ScalarEvent):
            key = event.value
            current = []
            continue
        if current is not None:
            current.append(event)
        if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            depth += 1
        elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            depth -= 1
        if current is not None and depth == 1 and key is not None:
            values[key] = current
            key, current = None, None
    return values


def _in_place_of_empty_list(value: list[Any]) -> _Place:
    """`archived: []`: the list's brackets go, and the copy goes below the key."""
    start, end = value[0], value[-1]
    is_empty_list = (
        len(value) == 2
        and isinstance(start, SequenceStartEvent)
        and isinstance(end, SequenceEndEvent)
        and bool(start.flow_style)
    )
    opened, closed = _mark(start, "start_mark"), _mark(end, "end_mark")
    if not is_empty_list or opened.line != closed.line:
        raise EditError("it already lists archived copies, or writes `archived:` oddly")
    line = opened.line + 1
    return _Place(line + 1, with_key=False, emptied=(line, opened.column, closed.column))


def _mark(event: Any, which: str) -> Any:
    mark = getattr(event, which)
    if mark is None:  # pragma: no cover - libyaml gives every event its marks
        raise EditError("the parser gave no position")
    return mark


def _scalar(url: str) -> str:
    """`url` as a YAML scalar: plain when that reads back as the same text, else quoted."""
    return url if _PLAIN_URL.fullmatch(url) else json.dumps(url)


def _check_same_data(front: str, result: str, url: str, date: dt.date) -> None:
    """The edited file must hold the same data plus the copy, and the same text."""
    lines = result.split("\n")
    end = _front_matter_end(lines)
    edited_front = "\n".join(line.removesuffix("\r") for line in lines[1:end])
    before, problems_before = load_yaml(front)
    after, problems_after = load_yaml(edited_front)
    expected = {
        **(before.data or {}),
        "archived": [{"url": url, "date": date}],
    }
    if problems_before or problems_after or after.data != expected:
        raise EditError("the edit would change more than the archived copies")


def write_in_place(path: Path, original: bytes, text: str) -> None:
    """Replace `path`'s bytes with `text` (UTF-8) at once, keeping its permissions; refuse
    if the file changed since `original` was read."""
    if path.read_bytes() != original:
        raise EditError("the file changed while the archive was asked; run the command again")
    mode = os.stat(path).st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
