from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q

from newsdesk.pipeline.types import ParsedFeed, Validators
from newsdesk.store.actions.sources import do_get_or_create_source, do_update_source_name
from newsdesk.store.models import Feed, FeedStatus

MAX_ERROR_LENGTH = 2000


@dataclass(frozen=True)
class FeedAdded:
    feed: Feed
    created: bool


def do_add_feed(
    url: str,
    *,
    now: datetime,
    interval: int,
    title: str = "",
    site_url: str = "",
    source_name: str = "",
) -> FeedAdded:
    """Subscribe to ``url`` (idempotent: an existing subscription is returned unchanged)."""
    existing = Feed.objects.filter(url=url).first()
    if existing is not None:
        return FeedAdded(existing, created=False)
    source = do_get_or_create_source(site_url or url, name=source_name or title)
    try:
        with transaction.atomic():
            feed = Feed.objects.create(
                url=url,
                source=source,
                title=title[:500],
                site_url=site_url,
                interval=interval,
                next_poll_at=now,
            )
    except IntegrityError:
        return FeedAdded(Feed.objects.get(url=url), created=False)
    return FeedAdded(feed, created=True)


def do_remove_feed(feed: Feed) -> None:
    with transaction.atomic():
        Feed.objects.filter(pk=feed.pk).delete()


def do_lease_due_feeds(now: datetime, limit: int, lease: timedelta) -> list[Feed]:
    """Claim up to ``limit`` due feeds for ``lease`` so that no other worker polls them.

    A worker that dies mid-job leaves its lease to expire; the feed is then due again.
    """
    due = (
        Feed.objects.filter(status__in=[FeedStatus.ACTIVE, FeedStatus.ERROR], next_poll_at__lte=now)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .order_by("next_poll_at")
        .values_list("pk", flat=True)[:limit]
    )
    claimed: list[int] = []
    for pk in list(due):
        with transaction.atomic():
            won = (
                Feed.objects.filter(pk=pk)
                .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
                .update(leased_until=now + lease)
            )
        if won:
            claimed.append(pk)
    return list(Feed.objects.filter(pk__in=claimed).select_related("source"))


def do_record_feed_success(
    feed: Feed,
    parsed: ParsedFeed,
    validators: Validators,
    *,
    status: int,
    now: datetime,
    interval: int,
) -> None:
    """A poll worked: store validators and metadata, reset errors, schedule the next poll."""
    latest = max((e.published for e in parsed.entries if e.published), default=None)
    with transaction.atomic():
        Feed.objects.filter(pk=feed.pk).update(
            title=(parsed.title or feed.title)[:500],
            site_url=parsed.site_url or feed.site_url,
            format=parsed.format,
            etag=validators.etag or "",
            last_modified=validators.last_modified or "",
            status=FeedStatus.ACTIVE,
            last_status=status,
            last_checked_at=now,
            last_success_at=now,
            last_entry_at=latest or feed.last_entry_at,
            error_count=0,
            last_error="",
            interval=interval,
            next_poll_at=now + timedelta(seconds=interval),
            leased_until=None,
        )
    if parsed.title:
        do_update_source_name(feed.source, parsed.title)


def do_record_feed_not_modified(feed: Feed, *, now: datetime) -> None:
    """304 Not Modified: nothing new; poll again after the current interval."""
    with transaction.atomic():
        Feed.objects.filter(pk=feed.pk).update(
            status=FeedStatus.ACTIVE,
            last_status=304,
            last_checked_at=now,
            last_success_at=now,
            error_count=0,
            last_error="",
            next_poll_at=now + timedelta(seconds=feed.interval),
            leased_until=None,
        )


def do_record_feed_failure(
    feed: Feed,
    error: str,
    *,
    now: datetime,
    retry_in: int,
    status: int | None = None,
    gone: bool = False,
) -> None:
    """A poll failed: count it, keep the message, back off (or stop for 410 Gone)."""
    with transaction.atomic():
        Feed.objects.filter(pk=feed.pk).update(
            status=FeedStatus.GONE if gone else FeedStatus.ERROR,
            last_status=status,
            last_checked_at=now,
            error_count=feed.error_count + 1,
            last_error=error[:MAX_ERROR_LENGTH],
            next_poll_at=now + timedelta(seconds=retry_in),
            leased_until=None,
        )


def do_set_feed_status(feed: Feed, status: FeedStatus, *, now: datetime) -> None:
    """Pause or resume a feed by hand (resuming makes it due at once)."""
    with transaction.atomic():
        Feed.objects.filter(pk=feed.pk).update(status=status, next_poll_at=now, error_count=0)
