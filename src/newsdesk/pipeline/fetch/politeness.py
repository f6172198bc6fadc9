"""Per-host politeness: a concurrency limit and a minimum delay between request starts."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class _Host:
    semaphore: threading.BoundedSemaphore
    delay: float
    next_start: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


class HostThrottle:
    """Spaces requests to one host ``delay`` seconds apart, at most ``concurrency`` at once.

    State lives on the instance (one per Fetcher) and is shared by its worker threads.
    """

    def __init__(
        self,
        delay: float,
        concurrency: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._delay = max(0.0, delay)
        self._concurrency = max(1, concurrency)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}

    def _host(self, host: str) -> _Host:
        with self._lock:
            state = self._hosts.get(host)
            if state is None:
                semaphore = threading.BoundedSemaphore(self._concurrency)
                state = self._hosts[host] = _Host(semaphore, self._delay)
            return state

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Wait for a free slot and this host's next start time; hold it while inside."""
        state = self._host(host)
        with state.semaphore:
            with state.lock:
                now = self._clock()
                start = max(now, state.next_start)
                state.next_start = start + state.delay
            if start > now:
                self._sleep(start - now)
            yield

    def set_min_delay(self, host: str, delay: float) -> None:
        """Raise this host's delay to ``delay`` (e.g. a robots.txt Crawl-delay)."""
        state = self._host(host)
        with state.lock:
            state.delay = max(state.delay, delay)

    def defer(self, host: str, seconds: float) -> None:
        """Start no request to ``host`` for ``seconds`` (429/503 back-off), in any thread."""
        state = self._host(host)
        with state.lock:
            state.next_start = max(state.next_start, self._clock() + seconds)

    def delay(self, host: str) -> float:
        state = self._host(host)
        with state.lock:
            return state.delay
