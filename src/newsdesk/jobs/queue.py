"""The job queue seam: ``inline`` (run at once; tests, scripts) and ``thread`` (an
in-process worker pool; the default, no services needed). A distributed backend plugs in
behind the same :class:`Queue` protocol."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from django.db import close_old_connections, connections

log = logging.getLogger(__name__)

Job = Callable[[], object]


class Queue(Protocol):
    def submit(self, name: str, job: Job) -> None:
        """Run ``job`` (named ``name`` in logs) now or later."""

    def free_slots(self) -> int:
        """How many more jobs the backend takes without queueing them up."""

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every submitted job has finished; False on timeout."""

    def shutdown(self) -> None:
        """Finish running jobs, drop queued ones, release resources."""


def _run_logged(name: str, job: Job) -> None:
    try:
        job()
    except Exception:  # a job's own errors are recorded on its row; this is a bug
        log.exception("job %s crashed; its row lease will expire and it will run again", name)


class InlineQueue:
    """Runs each job immediately in the caller's thread."""

    def submit(self, name: str, job: Job) -> None:
        _run_logged(name, job)

    def free_slots(self) -> int:
        return 1_000_000

    def wait_idle(self, timeout: float | None = None) -> bool:
        return True

    def shutdown(self) -> None:
        return None


class ThreadQueue:
    """A small pool of worker threads, each with its own database connection."""

    def __init__(self, workers: int) -> None:
        self._workers = workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newsdesk-job")
        self._pending: set[Future[None]] = set()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)

    def submit(self, name: str, job: Job) -> None:
        future = self._pool.submit(self._run, name, job)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)

    def _run(self, name: str, job: Job) -> None:
        close_old_connections()
        try:
            _run_logged(name, job)
        finally:
            connections.close_all()

    def _done(self, future: Future[None]) -> None:
        with self._idle:
            self._pending.discard(future)
            self._idle.notify_all()

    def free_slots(self) -> int:
        with self._lock:
            return max(0, self._workers - len(self._pending))

    def wait_idle(self, timeout: float | None = None) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: not self._pending, timeout=timeout)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def make_queue(backend: str, workers: int) -> Queue:
    if backend == "inline":
        return InlineQueue()
    return ThreadQueue(workers)
