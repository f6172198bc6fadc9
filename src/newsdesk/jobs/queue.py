"""The job queue seam: ``inline`` (run at once; tests, scripts), ``thread`` (an
in-process worker pool; the default, no services needed) and ``dramatiq`` (messages in
Redis, run by ``newsdesk worker`` processes on any number of machines; see
:mod:`newsdesk.jobs.distributed`). Every backend receives a named job and JSON-able
arguments and runs it through the one registry, :func:`newsdesk.jobs.registry.run_job`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Protocol

from django.db import close_old_connections, connections

from newsdesk.jobs.registry import JobArgs, describe, run_job

if TYPE_CHECKING:
    from newsdesk.config import Config
    from newsdesk.jobs.context import JobContext

log = logging.getLogger(__name__)

#: Called once a submitted job has finished: with its result when it ran in this process,
#: None when it crashed, :data:`RAN_ELSEWHERE` when a worker elsewhere ran it (``dramatiq``).
Done = Callable[[object], None]


class RanElsewhere:
    """The result of a job that another process ran: not known here."""


RAN_ELSEWHERE = RanElsewhere()


class Queue(Protocol):
    def submit(
        self, ctx: JobContext, job: str, args: JobArgs = (), on_done: Done | None = None
    ) -> None:
        """Run the named ``job`` with ``args`` now or later (here or on another machine)."""

    def free_slots(self) -> int:
        """How many more jobs the backend takes without queueing them up."""

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every submitted job has finished; False on timeout."""

    def shutdown(self) -> None:
        """Finish running jobs, drop queued ones, release resources."""


def run_logged(ctx: JobContext, job: str, args: JobArgs) -> object:
    """Run a job; a crash is logged (None), as the job's row lease lets it run again."""
    try:
        return run_job(ctx, job, args)
    except Exception:  # a job's own errors are recorded on its row; this is a bug
        log.exception(
            "job %s crashed; its row lease will expire and it will run again",
            describe(job, args),
        )
        return None


class InlineQueue:
    """Runs each job immediately in the caller's thread."""

    def submit(
        self, ctx: JobContext, job: str, args: JobArgs = (), on_done: Done | None = None
    ) -> None:
        result = run_logged(ctx, job, args)
        if on_done:
            on_done(result)

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

    def submit(
        self, ctx: JobContext, job: str, args: JobArgs = (), on_done: Done | None = None
    ) -> None:
        future = self._pool.submit(self._run, ctx, job, args, on_done)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)

    def _run(self, ctx: JobContext, job: str, args: JobArgs, on_done: Done | None) -> None:
        close_old_connections()
        try:
            result = run_logged(ctx, job, args)
            if on_done:
                on_done(result)
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


def make_queue(backend: str, config: Config) -> Queue:
    if backend == "inline":
        return InlineQueue()
    if backend == "dramatiq":
        from newsdesk.jobs.distributed import DramatiqQueue

        return DramatiqQueue.connect(config)
    return ThreadQueue(config.workers)
