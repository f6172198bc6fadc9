"""Adaptive poll intervals and error back-off for feeds (pure functions)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PollBounds:
    minimum: int = 300
    maximum: int = 86400
    default: int = 1800


def publishing_interval(entry_times: Sequence[datetime], bounds: PollBounds) -> int:
    """Poll about twice per typical gap between the feed's recent entries.

    The gap is the median distance between consecutive entry times (the newest 20), so one
    burst or one old item does not dominate. With fewer than two dated entries the default
    is kept. The result is clamped to ``bounds``.
    """
    times = sorted(set(entry_times), reverse=True)[:20]
    if len(times) < 2:
        return bounds.default
    gaps = sorted((a - b).total_seconds() for a, b in itertools.pairwise(times))
    median = gaps[len(gaps) // 2]
    return clamp(int(median / 2), bounds)


def error_backoff(error_count: int, interval: int, bounds: PollBounds, rng: random.Random) -> int:
    """Exponential back-off after consecutive errors, with +-10% jitter, capped at the maximum."""
    base = interval * (2 ** min(error_count, 10))
    jitter = 1 + rng.uniform(-0.1, 0.1)
    return clamp(int(base * jitter), bounds)


def clamp(seconds: int, bounds: PollBounds) -> int:
    return max(bounds.minimum, min(bounds.maximum, seconds))
