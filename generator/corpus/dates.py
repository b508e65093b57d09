"""Dates as validation reads them: a day of the calendar, and a date that is not a time."""

from __future__ import annotations

import datetime as dt


def is_calendar_day(text: str) -> bool:
    """Whether `text` (YYYY-MM-DD) names a day that exists (not 2025-02-30)."""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_date(value: object) -> bool:
    """Whether YAML gave a date (`2025-12-12`), not a date and time, text or a number."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


GRACE = dt.timedelta(days=1)
"""How far past today a date may lie: a day, for time zones ahead of the machine's."""


def latest_date(today: dt.date) -> dt.date:
    """The last date content may carry when judged on `today` (dates after it are refused)."""
    return today + GRACE


def future_date_message(field: str, when: dt.date, *, unknown: bool) -> str:
    """Why `field`'s date `when`, after `latest_date`, is refused, and what to write instead
    (`unknown` too, where the field allows it)."""
    instead = ", or `unknown`" if unknown else ""
    return f"{field} date {when} is in the future; use the date it happened{instead}"
