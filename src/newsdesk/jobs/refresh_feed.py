"""Poll one feed: fetch (conditional GET) -> parse -> upsert entries -> schedule next poll."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from newsdesk.jobs.context import JobContext
from newsdesk.pipeline.errors import FetchError, HTTPStatusError, ParseError
from newsdesk.pipeline.parse import (
    looks_like_sitemap,
    newest_sitemaps,
    parse_feed,
    parse_sitemap,
    sitemap_as_feed,
)
from newsdesk.pipeline.schedule import error_backoff, publishing_interval
from newsdesk.pipeline.types import EntryDraft, FetchResult, ParsedFeed, Validators
from newsdesk.store.actions.articles import do_upsert_entries
from newsdesk.store.actions.feeds import (
    do_record_feed_failure,
    do_record_feed_not_modified,
    do_record_feed_success,
)
from newsdesk.store.models import Feed

log = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
#: On a feed's first poll, follow RFC 5005 "next" links this far back into its archive.
MAX_ARCHIVE_PAGES = 10
#: Of a sitemap index, read this many of the most recently modified sitemaps.
MAX_CHILD_SITEMAPS = 3


@dataclass(frozen=True)
class RefreshOutcome:
    feed_id: int
    ok: bool
    new_articles: int = 0
    not_modified: bool = False
    error: str = ""


def refresh_feed(ctx: JobContext, feed_id: int) -> RefreshOutcome:
    """Poll ``feed_id`` once; every outcome, good or bad, is recorded on the feed row."""
    feed = Feed.objects.select_related("source").filter(pk=feed_id).first()
    if feed is None:
        return RefreshOutcome(feed_id, ok=False, error="feed was removed")
    now = ctx.clock()
    try:
        result = ctx.fetcher.get(
            feed.url, Validators(feed.etag or None, feed.last_modified or None), accept=FEED_ACCEPT
        )
        if result.not_modified:
            do_record_feed_not_modified(feed, now=now)
            return RefreshOutcome(feed_id, ok=True, not_modified=True)
        parsed = read_feed(ctx, result)
        entries = list(parsed.entries)
        if feed.last_success_at is None:
            entries += _archive_entries(ctx, parsed)
    except HTTPStatusError as error:
        return _failed(
            ctx, feed, error, status=error.status, gone=error.gone, retry_after=error.retry_after
        )
    except (FetchError, ParseError) as error:
        return _failed(ctx, feed, error)
    upserted = do_upsert_entries(feed, entries, now=now)
    interval = publishing_interval([e.published for e in entries if e.published], ctx.poll_bounds)
    do_record_feed_success(
        feed, parsed, result.validators, status=result.status, now=now, interval=interval
    )
    log.debug("polled %s: %d new of %d entries", feed.url, len(upserted.created), len(entries))
    return RefreshOutcome(feed_id, ok=True, new_articles=len(upserted.created))


def read_feed(ctx: JobContext, result: FetchResult) -> ParsedFeed:
    """A feed, or a news sitemap read as one (of a sitemap index, its newest sitemaps)."""
    if not looks_like_sitemap(result.content):
        return parse_feed(result.content, result.final_url, result.content_type)
    sitemap = parse_sitemap(result.content, result.final_url)
    if sitemap.kind == "urlset":
        return sitemap_as_feed([sitemap])
    children = []
    for url in newest_sitemaps(sitemap, MAX_CHILD_SITEMAPS):
        page = ctx.fetcher.get(url, accept=FEED_ACCEPT)
        children.append(parse_sitemap(page.content, page.final_url))
    return sitemap_as_feed(children)


def _archive_entries(ctx: JobContext, first: ParsedFeed) -> list[EntryDraft]:
    """Older pages of a paged feed (RFC 5005), fetched once when a feed is new."""
    entries: list[EntryDraft] = []
    seen: set[str] = set()
    next_url = first.next_url
    for _ in range(MAX_ARCHIVE_PAGES):
        if not next_url or next_url in seen:
            break
        seen.add(next_url)
        try:
            page = ctx.fetcher.get(next_url, accept=FEED_ACCEPT)
            parsed = parse_feed(page.content, page.final_url, page.content_type)
        except (FetchError, ParseError) as error:
            log.info("archive page %s skipped: %s", next_url, error)
            break
        entries.extend(parsed.entries)
        next_url = parsed.next_url
    return entries


def _failed(
    ctx: JobContext,
    feed: Feed,
    error: Exception,
    *,
    status: int | None = None,
    gone: bool = False,
    retry_after: float | None = None,
) -> RefreshOutcome:
    retry_in = error_backoff(feed.error_count + 1, feed.interval, ctx.poll_bounds, ctx.rng)
    if retry_after:
        retry_in = max(retry_in, int(retry_after))
    message = f"{type(error).__name__}: {error}"
    do_record_feed_failure(
        feed, message, now=ctx.clock(), retry_in=retry_in, status=status, gone=gone
    )
    log.warning("feed %s failed: %s", feed.url, message)
    return RefreshOutcome(feed.pk, ok=False, error=message)
