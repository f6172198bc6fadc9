"""Reads for the browse pages: the topics index, "In the news" (people, places and
organisations), top-story cards and a story's entities.

"Recent" is the latest :data:`WINDOW` visible articles by listing time, not a span of days:
on a busy instance that is the last hours, on a small or idle one the last weeks, and the
pages never go empty because nothing arrived today. Every read here is one query over that
window (an index range of ``article_listed``) or over one story's members.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import RowNumber, Substr

from newsdesk.pipeline.extract.metadata import normalise_section
from newsdesk.store.models import (
    AIOutput,
    Article,
    ArticleEntity,
    MembershipKind,
    Story,
    StoryMembership,
)
from newsdesk.store.queries.articles import EXCERPT_CHARS, VISIBLE_STATES

__all__ = [
    "WINDOW",
    "EntityCount",
    "Span",
    "TopicCount",
    "entities_in_the_news",
    "outlets_of_stories",
    "story_cards",
    "story_entities",
    "topic_headlines",
    "topics",
    "window_span",
]

#: The latest this many visible articles are what "recent" counts over.
WINDOW = 2000

#: Memberships that are an outlet's own coverage (a folded copy or spam is not).
OWN_COVERAGE = (MembershipKind.NEW, MembershipKind.JOINED, MembershipKind.ALONE)


def _recent_ids(window: int) -> QuerySet[Article, int]:
    """The ids of the latest ``window`` visible articles (a subquery, not run alone)."""
    return (
        Article.objects.filter(extraction__in=VISIBLE_STATES)
        .order_by("-listed_at", "-id")
        .values_list("pk", flat=True)[:window]
    )


@dataclass(frozen=True)
class Span:
    """What the counts were taken over: this many articles, listed since ``since``."""

    articles: int
    since: datetime | None


def window_span(window: int = WINDOW) -> Span:
    """How many articles the window holds and the oldest one's listing time (one query)."""
    row = Article.objects.filter(pk__in=_recent_ids(window)).aggregate(
        n=Count("pk"), since=Min("listed_at")
    )
    return Span(articles=int(row["n"] or 0), since=row["since"])


@dataclass(frozen=True)
class TopicCount:
    name: str
    articles: int
    latest: datetime | None


def topics(limit: int = 60, window: int = WINDOW) -> tuple[list[TopicCount], Span]:
    """Article sections in the window, most articles first (then most recent, then name),
    with the window's own size and start: one query grouped by section."""
    rows = list(
        Article.objects.filter(pk__in=_recent_ids(window))
        .values("section")
        .annotate(n=Count("pk"), latest=Max("listed_at"), earliest=Min("listed_at"))
        .order_by()
    )
    span = Span(
        articles=sum(r["n"] for r in rows),
        since=min((r["earliest"] for r in rows if r["earliest"] is not None), default=None),
    )
    named = [
        TopicCount(name=r["section"], articles=r["n"], latest=r["latest"])
        for r in rows
        # Sections stored before their name was known to name no topic ("News").
        if r["section"] and normalise_section(r["section"])
    ]
    # Ties by recency, then name; in Python (a few hundred rows) for the same order on
    # every database (NULLs and collations differ).
    named.sort(key=lambda t: t.name)
    named.sort(key=lambda t: t.latest.timestamp() if t.latest else 0.0, reverse=True)
    named.sort(key=lambda t: t.articles, reverse=True)
    return named[:limit], span


def topic_headlines(names: list[str], per_topic: int = 2, window: int = WINDOW) -> list[Article]:
    """The latest ``per_topic`` articles of each of those sections in the window, newest
    first within a section (one query: a row number per section)."""
    if not names:
        return []
    return list(
        Article.objects.filter(pk__in=_recent_ids(window), section__in=names)
        .only("pk", "title", "url", "section", "language", "listed_at")
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("section")],
                order_by=[F("listed_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=per_topic)
        .order_by("section", "rank")
    )


@dataclass(frozen=True)
class EntityCount:
    key: str
    name: str
    kind: str
    #: Live stories and own articles (no folded copies) in the window that name it.
    stories: int
    articles: int


def entities_in_the_news(per_kind: int = 20, window: int = WINDOW) -> dict[str, list[EntityCount]]:
    """Per kind (``person``, ``place``, ``organization``): the entities named by the most
    live stories in the window, then by the most articles, then by name (one query: counts
    grouped by entity, a row number per kind)."""
    own = Q(article__membership__kind__in=OWN_COVERAGE) | Q(article__membership__isnull=True)
    rows = (
        ArticleEntity.objects.filter(article_id__in=_recent_ids(window))
        .filter(own)
        .values("entity_id", "entity__key", "entity__name", "entity__kind")
        .annotate(
            stories=Count("article__membership__story_id", distinct=True),
            articles=Count("article_id", distinct=True),
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("entity__kind")],
                order_by=[F("stories").desc(), F("articles").desc(), F("entity__key").asc()],
            )
        )
        .filter(rank__lte=per_kind)
        .order_by("entity__kind", "rank")
    )
    out: dict[str, list[EntityCount]] = {}
    for r in rows:
        out.setdefault(r["entity__kind"], []).append(
            EntityCount(
                key=r["entity__key"],
                name=r["entity__name"],
                kind=r["entity__kind"],
                stories=r["stories"],
                articles=r["articles"],
            )
        )
    return out


def story_entities(story: Story, limit: int = 12) -> list[EntityCount]:
    """The entities named by a story's own articles (no copies, no spam): the most
    articles first, then the most mentions, then name (one query)."""
    rows = (
        ArticleEntity.objects.filter(
            article__membership__story=story, article__membership__kind__in=OWN_COVERAGE
        )
        .values("entity_id", "entity__key", "entity__name", "entity__kind")
        .annotate(articles=Count("article_id", distinct=True), mentions=Sum("mentions"))
        .order_by("-articles", "-mentions", "entity__key")[:limit]
    )
    return [
        EntityCount(
            key=r["entity__key"],
            name=r["entity__name"],
            kind=r["entity__kind"],
            stories=1,
            articles=r["articles"],
        )
        for r in rows
    ]


def story_cards(limit: int = 30) -> list[Story]:
    """Top stories (:func:`~newsdesk.store.queries.stories.top_stories`'s order) with their
    first reporter's article and source, that article's ``body_head`` for an excerpt, and
    the first sentence of the newest story summary as ``summary_first`` (one query)."""
    summary = (
        AIOutput.objects.filter(kind=AIOutput.Kind.STORY_SUMMARY, object_id=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("payload__sentences__0__text")[:1]
    )
    return list(
        Story.objects.filter(merged_into__isnull=True, article_count__gt=0)
        .select_related("first_article__source")
        .defer(
            "first_article__body_html",
            "first_article__body_text",
            "dense_sum",
            "keywords",
            "names",
            "figures",
        )
        .annotate(
            lead_body_head=Substr("first_article__body_text", 1, EXCERPT_CHARS),
            summary_first=Subquery(summary),
        )
        .order_by("-source_count", "-last_seen", "-pk")[:limit]
    )


def outlets_of_stories(story_ids: list[int]) -> dict[int, list[str]]:
    """story id -> the names of its outlets, first reporter first, each once (one query
    over the stories' own memberships)."""
    rows = (
        StoryMembership.objects.filter(story_id__in=story_ids, kind__in=OWN_COVERAGE)
        .order_by("story_id", "time", "sequence")
        .values_list("story_id", "article__source__name")
    )
    out: dict[int, list[str]] = {}
    for story_id, name in rows:
        names = out.setdefault(story_id, [])
        if name not in names:
            names.append(name)
    return out
