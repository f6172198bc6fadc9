"""robots.txt rules (RFC 9309, parsed by protego) and a per-Fetcher cache of them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from protego import Protego

from newsdesk.pipeline.errors import HTTPStatusError

#: RFC 9309: crawlers must parse at least the first 500 KiB.
ROBOTS_MAX_BYTES = 500 * 1024
_PRUNE_AT = 1024


@dataclass(frozen=True)
class RobotsRules:
    """What one origin's robots.txt allows. ``parser`` None means "no rules"."""

    parser: Any = None
    disallow_all: bool = False

    @classmethod
    def parse(cls, content: bytes) -> RobotsRules:
        return cls(parser=Protego.parse(content.decode("utf-8", errors="replace")))

    def allows(self, url: str, user_agent: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None


ALLOW_ALL = RobotsRules()
DISALLOW_ALL = RobotsRules(disallow_all=True)


def robots_url(url: httpx.URL) -> httpx.URL:
    return url.copy_with(raw_path=b"/robots.txt", fragment=None)


def origin_of(url: httpx.URL) -> str:
    return f"{url.scheme}://{url.netloc.decode('ascii')}"


def rules_for_response(status: int, content: bytes, url: str) -> RobotsRules:
    """RFC 9309 status handling.

    2xx: parse. 401/403: disallow all (the common crawler convention). 429 and 5xx:
    "unreachable", raised as a retryable HTTPStatusError so the page is tried later.
    Other statuses (404, 410, unfollowed 3xx, ...): no rules, allow all.
    """
    if 200 <= status < 300:
        return RobotsRules.parse(content)
    if status in (401, 403):
        return DISALLOW_ALL
    if status == 429 or status >= 500:
        raise HTTPStatusError(status, url)
    return ALLOW_ALL


class RobotsCache:
    """Thread-safe origin -> rules cache with a TTL; one lock per origin stops stampedes."""

    def __init__(self, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[RobotsRules, float]] = {}
        self._origin_locks: dict[str, threading.Lock] = {}

    def origin_lock(self, origin: str) -> threading.Lock:
        """Hold this while looking up and loading ``origin`` so it is fetched once."""
        with self._lock:
            return self._origin_locks.setdefault(origin, threading.Lock())

    def get(self, origin: str) -> RobotsRules | None:
        with self._lock:
            entry = self._entries.get(origin)
        if entry is None or entry[1] <= self._clock():
            return None
        return entry[0]

    def put(self, origin: str, rules: RobotsRules) -> None:
        now = self._clock()
        with self._lock:
            if len(self._entries) >= _PRUNE_AT:
                self._entries = {k: v for k, v in self._entries.items() if v[1] > now}
            self._entries[origin] = (rules, now + self._ttl)
