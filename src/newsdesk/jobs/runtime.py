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
    queue = make_queue(queue_backend or config.queue, config)
    ai = Providers(config.ai_options) if config.ai_enrich else None
    stories = None
    if config.stories:
        from newsdesk.jobs.cluster_articles import make_story_engine

        # One embedding model per worker, shared by clustering and summaries.
        stories = make_story_engine(config, embedder=ai.embedder() if ai else None)
    try:
        yield JobContext(config=config, fetcher=fetcher, queue=queue, ai=ai, stories=stories)
    finally:
        queue.shutdown()
        fetcher.close()
        if stories is not None:
            from newsdesk.jobs.cluster_articles import release_clustering

            release_clustering(stories)  # the next worker need not wait for the lease
