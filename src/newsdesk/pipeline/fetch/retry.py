"""When to try again: Retry-After parsing and exponential back-off with jitter."""

from __future__ import annotations

import math
import random
from contextlib import suppress
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({429, 503})
BACKOFF_BASE = 0.5


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or HTTP date).

    None when missing or unreadable; never negative.
    """
    if not value:
        return None
    value = value.strip()
    with suppress(ValueError):  # delta-seconds; else an HTTP date below
        seconds = float(value)
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(attempt: int, cap: float, rng: random.Random) -> float:
    """Exponential back-off (0.5 s, 1 s, 2 s, ...) capped at ``cap``, with jitter."""
    ceiling = min(cap, BACKOFF_BASE * 2**attempt)
    return rng.uniform(ceiling / 2, ceiling)
