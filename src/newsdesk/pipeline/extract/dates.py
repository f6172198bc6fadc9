"""Parse publisher date strings into aware UTC datetimes, rejecting impossible ones."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from htmldate.extractors import try_date_expr

#: Nothing we extract was published on the web before this.
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
#: Clock skew and time zones: allow a little of the future, not more.
MAX_AHEAD = timedelta(days=2)

_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(Z|[+-]\d{2}:?\d{2})?$")
_ISO_LIKE = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)\s*"
    r"(Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?)?",
    re.I,
)
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")


def parse_date(value: object, now: datetime | None = None) -> datetime | None:
    """An aware UTC datetime for ``value``, or None when unparseable or implausible.

    Accepts ISO 8601 (also with a space, a comma fraction or a compact form), RFC 2822
    and Unix timestamps (seconds or milliseconds). A date without a time zone is
    taken as UTC.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 80:
        return None
    parsed = _parse_iso(text) or _parse_compact(text) or _parse_rfc2822(text)
    parsed = parsed or _parse_epoch(text)
    if parsed is None:
        return None
    return plausible(parsed, now)


def plausible(moment: datetime, now: datetime | None = None) -> datetime | None:
    """``moment`` in UTC if it lies between 1990 and shortly after ``now``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    latest = (now or datetime.now(UTC)) + MAX_AHEAD
    if not EARLIEST <= moment <= latest:
        return None
    return moment


def _parse_iso(text: str) -> datetime | None:
    match = _ISO_LIKE.search(text)
    if match is None:
        return None
    day, clock, zone = match.groups()
    candidate = day
    if clock:
        clock = clock.replace(",", ".")
        if len(clock.split(":")[0]) == 1:
            clock = "0" + clock
        candidate = f"{day}T{clock}{_zone(zone)}"
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def _zone(zone: str | None) -> str:
    if zone is None or zone.upper() in {"Z", "UTC", "GMT"}:
        return "+00:00" if zone else ""
    if len(zone) == 3:
        return zone + ":00"
    return zone


def _parse_compact(text: str) -> datetime | None:
    match = _COMPACT.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    candidate = f"{year}-{month}-{day}"
    if hour:
        candidate += f"T{hour}:{minute}:{second or '00'}{_zone(zone)}"
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        return None


def _parse_rfc2822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _parse_epoch(text: str) -> datetime | None:
    if _EPOCH.match(text) is None:
        return None
    seconds = int(text[:10])
    return datetime.fromtimestamp(seconds, tz=UTC)


def date_of_line(text: str, now: datetime | None = None) -> datetime | None:
    """The day a written-out date line gives ("Tuesday, March 3, 2009", "3. März 2009",
    "Published: 22:04, 22 Apr 2024"), by htmldate's text patterns; None for other text."""
    latest = (now or datetime.now(UTC)) + MAX_AHEAD
    try:
        found = try_date_expr(
            text, "%Y-%m-%d", True, EARLIEST.replace(tzinfo=None), latest.replace(tzinfo=None)
        )
    except (ValueError, TypeError, OverflowError):
        return None
    return parse_date(found, now) if found else None
