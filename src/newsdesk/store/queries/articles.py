from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from newsdesk.store.models import Article, ExtractionState, Source

#: Articles shown to readers: extracted, or partial (paywalled) with some text.
VISIBLE_STATES = (ExtractionState.OK, ExtractionState.PAYWALLED)


def visible_articles() -> QuerySet[Article]:
    return Article.objects.filter(extraction__in=VISIBLE_STATES).select_related("source")


def latest_articles() -> QuerySet[Article]:
    """Newest first: by publication time, then discovery order (undated entries last)."""
    return visible_articles().defer("body_html", "body_text").order_by("-listed_at", "-id")


def article_by_id(pk: int) -> Article | None:
    return visible_articles().filter(pk=pk).first()


def article_for_page(pk: int) -> Article | None:
    """:func:`article_by_id` with its story membership and story joined in (the article
    page's "full coverage" link), in the same query."""
    return visible_articles().select_related("membership__story").filter(pk=pk).first()


def source_articles(source: Source) -> QuerySet[Article]:
    return latest_articles().filter(source=source)


def source_by_domain(domain: str) -> Source | None:
    return Source.objects.filter(domain=domain).first()


def sources_with_counts() -> QuerySet[Source]:
    return Source.objects.annotate(
        article_count=Count("articles", filter=Q(articles__extraction__in=VISIBLE_STATES))
    ).order_by("name")


#: Characters of body text that list pages read (about 40 words) instead of the body.
EXCERPT_CHARS = 400


def article_cards(source: Source | None = None) -> QuerySet[Article]:
    """Visible articles for list pages, newest first, undated ones last on every database.

    The body fields are deferred; ``body_head`` carries the body's first
    :data:`EXCERPT_CHARS` characters for an excerpt where the article has no summary.
    """
    articles = visible_articles() if source is None else visible_articles().filter(source=source)
    return (
        articles.defer("body_html", "body_text")
        .annotate(body_head=Substr("body_text", 1, EXCERPT_CHARS))
        .order_by("-listed_at", "-id")
    )


def count_articles() -> int:
    return Article.objects.count()
