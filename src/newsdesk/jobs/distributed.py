"""The ``dramatiq`` queue backend: jobs travel as messages through Redis
(``NEWSDESK_BROKER_URL``) to ``newsdesk worker`` processes on any number of machines.

A message is a job's name and JSON-able arguments, run there through the same registry
as the in-process backends (:func:`newsdesk.jobs.registry.run_job`). Dramatiq's own
retries are off: the database rows are the queue, so a job lost with a killed worker runs
again once its row lease expires (the scheduler leases and submits it anew), and a message
delivered twice finds its row already done or leased. Needs the ``distributed`` extra.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from django.db import close_old_connections, connections

from newsdesk.jobs.queue import RAN_ELSEWHERE, Done, run_logged
from newsdesk.jobs.registry import JobArgs
from newsdesk.pipeline.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Callable

    from dramatiq import Actor, Worker
    from dramatiq.brokers.redis import RedisBroker

    from newsdesk.config import Config
    from newsdesk.jobs.context import JobContext

log = logging.getLogger(__name__)

#: The one generic actor: ``(job, args)``; the registry dispatches by name.
ACTOR = "newsdesk_job"
#: Longest a job may run before Dramatiq interrupts it (ms); jobs time out on their own.
TIME_LIMIT_MS = 6 * 3600 * 1000
_MISSING = (
    "NEWSDESK_QUEUE=dramatiq needs the distributed extra: pip install 'newsdesk[distributed]'"
)


def make_broker(config: Config) -> RedisBroker:
    """A Redis broker for ``config.broker_url``; ConfigError when the extra is missing or
    Redis does not answer."""
    try:
        import redis
        from dramatiq.brokers.redis import RedisBroker
    except ImportError as exc:
        raise ConfigError(f"{_MISSING} ({exc})") from exc
    client = redis.Redis.from_url(config.broker_url, socket_connect_timeout=5)
    broker = RedisBroker(client=client)  # type: ignore[no-untyped-call]
    try:
        broker.client.ping()
    except redis.RedisError as exc:
        broker.close()
        raise ConfigError(
            f"cannot reach the job broker NEWSDESK_BROKER_URL={config.broker_url}: {exc}"
        ) from exc
    return broker


def declare_actor(
    broker: RedisBroker, queue_name: str, perform: Callable[[str, list[Any]], None]
) -> Actor[[str, list[Any]], None]:
    import dramatiq

    return dramatiq.Actor(
        perform,
        broker=broker,
        actor_name=ACTOR,
        queue_name=queue_name,
        priority=0,
        options={"max_retries": 0, "time_limit": TIME_LIMIT_MS},
    )


def _not_here(job: str, args: list[Any]) -> None:
    raise RuntimeError("newsdesk jobs run in `newsdesk worker`, not in the scheduler")


class DramatiqQueue:
    """Sends jobs to Redis. ``free_slots`` is the backlog bound less the messages waiting
    or running (from every scheduler), so the scheduler leases no more rows than the
    workers can take soon. A message this queue sent is outstanding until a worker
    acknowledges it, or until the job lease has passed: then its worker is presumed dead,
    its row is free to lease again, and ``wait_idle`` stops waiting for it. ``on_done``
    callbacks run (with ``RAN_ELSEWHERE``) when a message stops being outstanding."""

    def __init__(self, broker: RedisBroker, queue_name: str, backlog: int, lease: float) -> None:
        self._broker = broker
        self._backlog = backlog
        self._lease = lease
        self._actor = declare_actor(broker, queue_name, _not_here)
        # Every message, waiting or being worked on, until a worker acknowledges it.
        self._messages = f"{broker.namespace}:{queue_name}.msgs"
        self._outstanding: dict[str, tuple[float, Done | None]] = {}
        self._lock = threading.Lock()

    @classmethod
    def connect(cls, config: Config) -> DramatiqQueue:
        broker = make_broker(config)
        return cls(broker, config.broker_queue, config.broker_backlog, config.job_lease)

    def submit(
        self, ctx: JobContext, job: str, args: JobArgs = (), on_done: Done | None = None
    ) -> None:
        message = self._actor.send(job, list(args))
        with self._lock:
            self._outstanding[message.options["redis_message_id"]] = (
                time.monotonic() + self._lease,
                on_done,
            )

    def _settle(self) -> int:
        """Forget acknowledged and expired messages; how many stay outstanding."""
        now = time.monotonic()
        with self._lock:
            ids = list(self._outstanding)
            present = self._broker.client.hmget(self._messages, ids) if ids else []
            gone = [
                self._outstanding.pop(key)[1]
                for key, data in zip(ids, present, strict=True)
                if not data or self._outstanding[key][0] < now
            ]
            left = len(self._outstanding)
        for done in gone:
            if done:
                done(RAN_ELSEWHERE)
        return left

    def free_slots(self) -> int:
        self._settle()
        return max(0, self._backlog - int(self._broker.client.hlen(self._messages)))

    def wait_idle(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._settle():
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
        return True

    def shutdown(self) -> None:
        self._broker.close()


def make_worker(config: Config, ctx: JobContext, threads: int) -> Worker:
    """A Dramatiq worker (not started) running this site's jobs with ``ctx``."""
    from dramatiq import Worker

    def perform(job: str, args: list[Any]) -> None:
        close_old_connections()
        try:
            run_logged(ctx, job, tuple(args))
        finally:
            connections.close_all()

    broker = make_broker(config)
    declare_actor(broker, config.broker_queue, perform)
    return Worker(broker, queues={config.broker_queue}, worker_threads=threads, worker_timeout=200)


def run_worker(config: Config, threads: int, stop: threading.Event) -> None:
    """Run jobs from the broker with ``threads`` threads until ``stop`` is set."""
    from newsdesk.jobs.runtime import job_context

    with job_context(config, queue_backend="inline") as ctx:
        worker = make_worker(config, ctx, threads)
        worker.start()
        log.info("worker: %d threads on queue %s", threads, config.broker_queue)
        try:
            stop.wait()
        finally:
            worker.stop()
            worker.broker.close()
