from __future__ import annotations

from django.db.models import Count, QuerySet

from newsdesk.store.models import Feed, Source


def feeds_with_health() -> QuerySet[Feed]:
    """Every feed with its source and the number of articles it brought."""
    return (
        Feed.objects.select_related("source")
        .annotate(article_count=Count("articles"))
        .order_by("source__name", "url")
    )


def feeds_of_source(source: Source) -> QuerySet[Feed]:
    return feeds_with_health().filter(source=source)


def feed_by_url(url: str) -> Feed | None:
    return Feed.objects.select_related("source").filter(url=url).first()
