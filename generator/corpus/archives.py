"""A source's archived copies as validation judges them, and what a capture's address says.

A source may list `archived:` copies of the original article, each a capture's
address and the day it was captured. The schema (`models.ArchivedCopy`) checks their
shape (http(s) addresses, calendar dates, at most `MAX_ARCHIVED`); `archive_problems`
checks what the schema cannot:

* a Wayback Machine address carries a 14-digit timestamp that is a real time, and
  its day is the copy's `date`;
* no capture is dated after tomorrow (a day's grace, as for every date);
* an address is listed once;
* a copy on a host that is not a known web archive is a warning (it may be the
  original page, or a service that does not keep what it shows);
* a Wayback capture of another address than the source's `url` is a warning;
* a published source with a `url` and no archived copy is a warning (`--strict`
  makes it an error): `factcheck archive` asks the Wayback Machine for one.

The checks read the parsed YAML, not the model, so that they also run on a source
whose front matter fails the schema elsewhere; a value the schema refuses is left
to the schema's message.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.corpus.dates import is_calendar_day, is_date
from generator.corpus.models import HTTP_URL_PATTERN, MAX_ARCHIVED
from generator.corpus.read import LoadedFile
from generator.corpus.yamlload import Path_
from generator.errors import Problem, Severity

WAYBACK_HOST = "web.archive.org"
KNOWN_ARCHIVES: dict[str, str] = {
    WAYBACK_HOST: "Wayback Machine",
    "archive.today": "archive.today",
    "archive.ph": "archive.today",
    "archive.is": "archive.today",
    "perma.cc": "Perma.cc",
}
"""The web archives whose captures are accepted without a warning, by host, with the
name readers know them by."""

_HTTP_URL = re.compile(HTTP_URL_PATTERN)
_WAYBACK_PATH = re.compile(r"^/web/(?P<timestamp>\d{14})(?:[a-z]{2}_)?/(?P<original>.+)$")


@dataclass(frozen=True)
class WaybackCapture:
    """What a Wayback Machine capture's address says."""

    timestamp: str
    """`YYYYMMDDhhmmss`, in UTC, as written in the address."""
    original: str
    """The address that was captured, as written after the timestamp."""

    @property
    def day(self) -> dt.date | None:
        """The day of the capture, or None when the timestamp is not a real time."""
        stamp = self.timestamp
        date_text = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"
        hour, minute, second = int(stamp[8:10]), int(stamp[10:12]), int(stamp[12:14])
        if not is_calendar_day(date_text) or hour > 23 or minute > 59 or second > 59:
            return None
        return dt.date.fromisoformat(date_text)


def archive_host(url: str) -> str:
    """The host of an address, lowercase, without port or `www.`."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def archive_name(url: str) -> str:
    """The name of the archive that holds a capture: `Wayback Machine`, `archive.today`,
    `Perma.cc`, or the host itself for another."""
    host = archive_host(url)
    return KNOWN_ARCHIVES.get(host, host)


def wayback_capture(path: str) -> WaybackCapture | None:
    """The timestamp and captured address in a Wayback address's path and query
    (`/web/20251212093000/https://example.org/a?id=1`), or None when it has none."""
    match = _WAYBACK_PATH.match(path)
    if match is None:
        return None
    return WaybackCapture(match["timestamp"], match["original"])


def path_and_query(url: str) -> str:
    """What follows the host in an address, query included (a captured address's own
    query is the query of the capture's address)."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def same_address(one: str, other: str) -> bool:
    """Whether two addresses name the same page, as archives rewrite them: scheme,
    `www.`, default ports, case of the host, percent-encoding and a final `/` aside."""
    return _comparable(one) == _comparable(other)


def _comparable(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host, unquote(parts.path).rstrip("/"), unquote(parts.query)


def archive_problems(file: LoadedFile, today: dt.date) -> list[Problem]:
    """Every problem with the archived copies of the source in `file`."""
    data = file.located.data
    items = data.get("archived")
    problems = _missing_archive(file, data, items)
    if not isinstance(items, list) or len(items) > MAX_ARCHIVED:
        return problems  # not a list, or over the limit: the schema says so, once
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        url, date = item.get("url"), item.get("date")
        if not is_date(date):
            date = None  # the schema says what a capture's date must be
        if date is not None:
            problems += _future_capture(file, index, date, today)
        if not isinstance(url, str) or not _HTTP_URL.match(url) or len(url) > 2000:
            continue  # the schema says what a capture's address must be
        if url in seen:
            problems.append(
                _problem(
                    file,
                    ("archived", index, "url"),
                    f"this archived copy is listed twice (also item {seen[url] + 1}); remove one",
                )
            )
        seen.setdefault(url, index)
        problems += _host_problems(file, index, url, date, data)
    return problems


def _missing_archive(file: LoadedFile, data: dict[str, Any], items: object) -> list[Problem]:
    """A published source with an address and no archived copy: a warning."""
    url = data.get("url")
    if data.get("draft") is True or not isinstance(url, str) or not _HTTP_URL.match(url):
        return []
    if items is not None and items != []:
        return []
    return [
        _problem(
            file,
            ("url",),
            f"no archived copy of this article: run `factcheck archive {file.stem}` to have the "
            "Wayback Machine capture it, or list a capture under `archived:` (its url and date)",
            Severity.WARNING,
        )
    ]


def _future_capture(file: LoadedFile, index: int, date: dt.date, today: dt.date) -> list[Problem]:
    if date <= today + dt.timedelta(days=1):  # a day's grace for time zones ahead of ours
        return []
    return [
        _problem(
            file,
            ("archived", index, "date"),
            f"capture date {date} is in the future; use the day the archive captured the page",
        )
    ]


def _host_problems(
    file: LoadedFile, index: int, url: str, date: dt.date | None, data: dict[str, Any]
) -> list[Problem]:
    """What the address says about the capture: the archive it is on, and for the
    Wayback Machine its timestamp and the address captured."""
    host = archive_host(url)
    at_url: Path_ = ("archived", index, "url")
    if host not in KNOWN_ARCHIVES:
        known = ", ".join(KNOWN_ARCHIVES)
        return [
            _problem(
                file,
                at_url,
                f"{host} is not a known web archive ({known}); check that this address is a "
                "lasting capture of the article, not the article itself",
                Severity.WARNING,
            )
        ]
    if host != WAYBACK_HOST:
        return []
    capture = wayback_capture(path_and_query(url))
    if capture is None:
        return [
            _problem(
                file,
                at_url,
                "a Wayback Machine capture's address has a 14-digit timestamp: "
                "https://web.archive.org/web/YYYYMMDDhhmmss/<the article's address>; "
                "copy the address the Wayback Machine shows for the capture",
            )
        ]
    return _wayback_problems(file, index, capture, date, data.get("url"))


def _wayback_problems(
    file: LoadedFile, index: int, capture: WaybackCapture, date: dt.date | None, original: object
) -> list[Problem]:
    day = capture.day
    if day is None:
        return [
            _problem(
                file,
                ("archived", index, "url"),
                f"the timestamp {capture.timestamp} in this address is not a real time "
                "(YYYYMMDDhhmmss, a day of the calendar); copy the capture's address again",
            )
        ]
    problems = []
    if date is not None and date != day:
        problems.append(
            _problem(
                file,
                ("archived", index, "date"),
                f"date {date} is not the day of this capture: its address's timestamp "
                f"({capture.timestamp}) says {day}; write date: {day}",
            )
        )
    if isinstance(original, str) and not same_address(capture.original, original):
        problems.append(
            _problem(
                file,
                ("archived", index, "url"),
                f"this is a capture of {capture.original}, not of the source's url ({original}); "
                "check that it is the same article",
                Severity.WARNING,
            )
        )
    return problems


def _problem(
    file: LoadedFile, path: Path_, message: str, severity: Severity = Severity.ERROR
) -> Problem:
    pos = file.located.position(path)
    return Problem(file.path, pos.line, pos.col, message, severity)
