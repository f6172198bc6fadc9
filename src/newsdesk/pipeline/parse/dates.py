"""Publication dates: aware UTC datetimes, with absurd values treated as missing."""

from __future__ import annotations

import calendar
import time
from datetime import UTC, datetime, timedelta

from newsdesk.pipeline.types import ParseOptions


def now_utc(options: ParseOptions) -> datetime:
    """The clock of ``options`` (as aware UTC), or the current time."""
    if options.now is None:
        return datetime.now(UTC)
    return as_utc(options.now)


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime; naive values are taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def from_struct_time(value: time.struct_time | None) -> datetime | None:
    """feedparser's UTC ``struct_time`` as an aware datetime (None when unusable)."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, OSError, ValueError):
        return None


def parse_iso(value: object) -> datetime | None:
    """An RFC 3339 / ISO 8601 timestamp (``Z`` allowed; date-only means midnight UTC)."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return as_utc(datetime.fromisoformat(value.strip()))
    except ValueError:
        return None


def sane(value: datetime | None, options: ParseOptions, now: datetime) -> datetime | None:
    """``value`` unless it is before ``options.min_year`` or too far in the future."""
    if value is None or value.year < options.min_year:
        return None
    if value > now + timedelta(days=options.max_future_days):
        return None
    return value
