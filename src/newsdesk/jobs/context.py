from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from newsdesk.config import Config
from newsdesk.pipeline.enrich.providers import Providers
from newsdesk.pipeline.fetch import Fetcher
from newsdesk.pipeline.schedule import PollBounds

if TYPE_CHECKING:
    from newsdesk.jobs.cluster_articles import StoryEngine
    from newsdesk.jobs.queue import Queue


@dataclass
class EnrichState:
    """The enrichment job's bookkeeping: one run at a time; after a run that enriched
    nothing (a missing model, a failed write) the backlog waits until ``paused_until``."""

    busy: threading.Event = field(default_factory=threading.Event)
    paused_until: datetime | None = None


@dataclass(frozen=True)
class JobContext:
    """Everything a job needs, passed in (no globals): options, the shared HTTP fetcher,
    the queue, a clock (tests move it) and a random source (back-off jitter)."""

    config: Config
    fetcher: Fetcher
    queue: Queue
    clock: Callable[[], datetime] = timezone.now
    rng: random.Random = field(default_factory=random.Random)
    #: The AI providers (loaded on first use); None: no enrichment after extraction.
    ai: Providers | None = None
    #: Story clustering (embedder, clusterer state); None: articles are not clustered.
    stories: StoryEngine | None = None
    #: The batched enrichment job's state (see ``jobs.enrich_article``).
    enrich: EnrichState = field(default_factory=EnrichState)
    #: The story-summary job's state (see ``jobs.summarize_story``).
    story_summaries: EnrichState = field(default_factory=EnrichState)

    @property
    def poll_bounds(self) -> PollBounds:
        return PollBounds(
            minimum=self.config.poll_min_interval,
            maximum=self.config.poll_max_interval,
            default=self.config.poll_default_interval,
        )
