"""Hands due work to the queue: feeds whose poll time has come, articles waiting for
extraction. The database rows are the queue; leases keep two workers off one row."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from newsdesk.jobs.context import JobContext
from newsdesk.jobs.extract_article import ExtractOutcome
from newsdesk.jobs.queue import Done, RanElsewhere
from newsdesk.jobs.refresh_feed import RefreshOutcome
from newsdesk.store.actions.articles import do_lease_pending_articles
from newsdesk.store.actions.feeds import do_lease_due_feeds
from newsdesk.store.queries import stories as story_queries
from newsdesk.store.queries.ai import articles_without_summary, stories_needing_summary

log = logging.getLogger(__name__)


@dataclass
class CrawlStats:
    """Running totals, updated from worker threads (guarded by a lock)."""

    feeds_polled: int = 0
    feed_errors: int = 0
    not_modified: int = 0
    new_articles: int = 0
    extracted: int = 0
    extract_failed: int = 0
    clustered: int = 0
    enriched: int = 0
    #: Feed and article jobs that workers elsewhere ran (the ``dramatiq`` backend).
    ran_elsewhere: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add_feed(self, outcome: RefreshOutcome) -> None:
        with self._lock:
            self.feeds_polled += 1
            self.feed_errors += not outcome.ok
            self.not_modified += outcome.not_modified
            self.new_articles += outcome.new_articles

    def add_article(self, outcome: ExtractOutcome) -> None:
        with self._lock:
            if outcome.status == "ok":
                self.extracted += 1
            else:
                self.extract_failed += 1

    def add_ran_elsewhere(self) -> None:
        with self._lock:
            self.ran_elsewhere += 1

    def add_clustered(self, count: int) -> None:
        with self._lock:
            self.clustered += count

    def add_enriched(self, count: int) -> None:
        with self._lock:
            self.enriched += count

    def summary(self) -> str:
        return (
            f"polled {self.feeds_polled} feeds ({self.feed_errors} failed, "
            f"{self.not_modified} unchanged), {self.new_articles} new articles, "
            f"{self.extracted} extracted, {self.extract_failed} not extracted"
            + (f", {self.clustered} clustered into stories" if self.clustered else "")
            + (f", {self.enriched} enriched" if self.enriched else "")
            + (f"; {self.ran_elsewhere} jobs run by workers" if self.ran_elsewhere else "")
        )


Listener = Callable[[str], None]


def schedule_due(ctx: JobContext, stats: CrawlStats, on_done: Listener | None = None) -> int:
    """Lease what is due and submit it; returns how many jobs were submitted."""
    now = ctx.clock()
    lease = timedelta(seconds=ctx.config.job_lease)
    submitted = 0
    slots = ctx.queue.free_slots()
    if not slots:
        return 0
    for feed in do_lease_due_feeds(now, limit=slots, lease=lease):
        ctx.queue.submit(ctx, "refresh_feed", (feed.pk,), _feed_done(stats, on_done))
        submitted += 1
    slots = ctx.queue.free_slots()
    if slots:
        for pk in do_lease_pending_articles(now, limit=slots, lease=lease):
            ctx.queue.submit(ctx, "extract_article", (pk,), _article_done(stats, on_done))
            submitted += 1
    return (
        submitted
        + _schedule_stories(ctx, stats)
        + _schedule_enrichment(ctx, stats)
        + _schedule_story_summaries(ctx)
    )


def _schedule_enrichment(ctx: JobContext, stats: CrawlStats) -> int:
    """One enrichment job at a time (a batch per model call), while the backlog waits."""
    state = ctx.enrich
    if ctx.ai is None or state.busy.is_set() or not ctx.queue.free_slots():
        return 0
    if state.paused_until is not None and ctx.clock() < state.paused_until:
        return 0
    if not articles_without_summary().exists():
        return 0
    state.busy.set()

    def done(result: object) -> None:
        if isinstance(result, int):
            stats.add_enriched(result)
        state.busy.clear()

    ctx.queue.submit(ctx, "enrich_articles", (), done)
    return 1


def _schedule_stories(ctx: JobContext, stats: CrawlStats) -> int:
    """One clustering job at a time, while extracted articles wait (arrival order)."""
    engine = ctx.stories
    if engine is None or engine.busy.is_set() or not ctx.queue.free_slots():
        return 0
    if not story_queries.clustering_queue_exists():
        return 0
    engine.busy.set()

    def done(result: object) -> None:
        if isinstance(result, int):
            stats.add_clustered(result)
        engine.busy.clear()

    ctx.queue.submit(ctx, "cluster_articles", (), done)
    return 1


def _schedule_story_summaries(ctx: JobContext) -> int:
    """One story-summary job at a time, once clustering has caught up, while stories
    changed since their last summary."""
    state = ctx.story_summaries
    if ctx.ai is None or ctx.stories is None or state.busy.is_set():
        return 0
    if not ctx.queue.free_slots() or ctx.stories.busy.is_set():
        return 0
    if state.paused_until is not None and ctx.clock() < state.paused_until:
        return 0
    if not stories_needing_summary(1):
        return 0
    state.busy.set()
    ctx.queue.submit(ctx, "summarize_stories", (), lambda _result: state.busy.clear())
    return 1


def _feed_done(stats: CrawlStats, on_done: Listener | None) -> Done:
    def done(result: object) -> None:
        if isinstance(result, RefreshOutcome):
            stats.add_feed(result)
        elif isinstance(result, RanElsewhere):
            stats.add_ran_elsewhere()
        if on_done:
            on_done("feed")

    return done


def _article_done(stats: CrawlStats, on_done: Listener | None) -> Done:
    def done(result: object) -> None:
        if isinstance(result, ExtractOutcome):
            stats.add_article(result)
        elif isinstance(result, RanElsewhere):
            stats.add_ran_elsewhere()
        if on_done:
            on_done("article")

    return done


def crawl_once(ctx: JobContext, on_done: Listener | None = None) -> CrawlStats:
    """Poll every due feed and extract every pending article, until nothing is due."""
    stats = CrawlStats()
    while True:
        if not ctx.queue.free_slots():
            ctx.queue.wait_idle(timeout=0.05)
            continue
        if schedule_due(ctx, stats, on_done):
            continue
        # Nothing due right now: done once running jobs finished without adding work.
        if ctx.queue.wait_idle(timeout=0.05) and not schedule_due(ctx, stats, on_done):
            return stats


def crawl_forever(ctx: JobContext, stop: threading.Event, tick: float = 2.0) -> CrawlStats:
    """The background crawler of ``newsdesk serve``: schedule due work until ``stop``."""
    stats = CrawlStats()
    while not stop.is_set():
        try:
            submitted = schedule_due(ctx, stats)
        except Exception:  # the database may be briefly unavailable; keep the loop alive
            log.exception("scheduler tick failed; retrying")
            submitted = 0
        if not submitted:
            stop.wait(tick)
        else:
            stop.wait(0.05)
    ctx.queue.wait_idle(timeout=30)
    return stats
