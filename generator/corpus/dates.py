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
