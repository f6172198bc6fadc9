from __future__ import annotations

from datetime import datetime

from django.db.models import Count, QuerySet

from newsdesk.pipeline.types import OutlineEntry
from newsdesk.store.models import Feed, Source


def feeds_with_health() -> QuerySet[Feed]:
    """Every feed with its source and the number of articles it brought."""
    return (
        Feed.objects.select_related("source")
        .annotate(article_count=Count("articles"))
        .order_by("source__name", "url")
    )


def subscription_outlines() -> list[OutlineEntry]:
    """Every subscribed feed as an OPML outline (what ``feeds export`` and /sources.opml write)."""
    return [
        OutlineEntry(xml_url=f.url, title=f.title or f.source.name, html_url=f.site_url or None)
        for f in Feed.objects.select_related("source").order_by("source__name", "url")
    ]


def feeds_of_source(source: Source) -> QuerySet[Feed]:
    return feeds_with_health().filter(source=source)


def feed_by_url(url: str) -> Feed | None:
    return Feed.objects.select_related("source").filter(url=url).first()


def due_counts(now: datetime) -> tuple[int, int]:
    """How many feeds are due for a poll and how many articles wait for extraction."""
    from newsdesk.store.models import Article, ExtractionState, FeedStatus

    feeds = Feed.objects.filter(
        status__in=[FeedStatus.ACTIVE, FeedStatus.ERROR], next_poll_at__lte=now
    ).count()
    articles = Article.objects.filter(
        extraction=ExtractionState.PENDING, next_attempt_at__lte=now
    ).count()
    return feeds, articles


def count_feeds() -> int:
    return Feed.objects.count()
