"""Builds the long-lived collaborators of a worker process from the configuration."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from newsdesk.config import Config
from newsdesk.jobs.context import JobContext
from newsdesk.jobs.queue import make_queue
from newsdesk.pipeline.enrich.providers import Providers
from newsdesk.pipeline.fetch import Fetcher, make_transport


@contextmanager
def job_context(config: Config, queue_backend: str | None = None) -> Iterator[JobContext]:
    """A :class:`JobContext` whose fetcher and queue are closed on exit."""
    options = config.fetch_options
    fetcher = Fetcher(options, transport=make_transport(config.replay, options))
    queue = make_queue(queue_backend or config.queue, config.workers)
    try:
        ai = Providers(config.ai_options) if config.ai_enrich else None
        yield JobContext(config=config, fetcher=fetcher, queue=queue, ai=ai)
    finally:
        queue.shutdown()
        fetcher.close()
