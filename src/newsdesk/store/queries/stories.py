"""Reads of stories: story pages, top stories, related articles, the clustering queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.db.models import QuerySet
from django.db.models.functions import Substr
from numpy.typing import NDArray

from newsdesk.store.models import (
    Article,
    ArticleVector,
    MembershipKind,
    RelatedArticle,
    Story,
    StoryMembership,
    TermStatsSnapshot,
)
from newsdesk.store.queries.articles import EXCERPT_CHARS, VISIBLE_STATES


@dataclass(frozen=True)
class RelatedRow:
    related_id: int
    score: float
    same_story: bool


__all__ = [
    "StoryPage",
    "clustering_queue",
    "live_memberships",
    "live_stories",
    "related_articles",
    "resolve_story",
    "stories_of",
    "story_of_article",
    "story_page",
    "term_stats",
    "top_stories",
]

#: Hops followed from a merged story to the one that absorbed it.
MAX_REDIRECTS = 20


def resolve_story(pk: int) -> Story | None:
    """The story with id ``pk``, or the story it was merged into."""
    story = Story.objects.filter(pk=pk).first()
    hops = 0
    while story is not None and story.merged_into_id is not None and hops < MAX_REDIRECTS:
        story = Story.objects.filter(pk=story.merged_into_id).first()
        hops += 1
    return story


def story_of_article(article: Article) -> Story | None:
    """The live story an article belongs to ("full coverage"), if it covers more than this
    article; a merged story resolves to the one that absorbed it. No query where the
    membership and story were loaded with the article (``article_for_page``)."""
    try:
        member = article.membership
    except StoryMembership.DoesNotExist:
        return None
    if member.kind == MembershipKind.SPAM:
        return None
    story: Story | None = member.story
    if story is not None and story.merged_into_id is not None:
        story = resolve_story(story.pk)
    return story if story is not None and story.article_count > 1 else None


@dataclass(frozen=True)
class StoryPage:
    story: Story
    timeline: list[StoryMembership]  # the story's own coverage, oldest first
    copies: dict[int, list[StoryMembership]]  # original article id -> its folded copies


def story_page(story: Story) -> StoryPage:
    """Everything a story page shows, in one query over the memberships."""
    rows = list(
        StoryMembership.objects.filter(story=story)
        .exclude(kind=MembershipKind.SPAM)
        .select_related("article__source")
        .defer("article__body_html", "article__body_text")
        .order_by("time", "sequence")
    )
    timeline = [r for r in rows if r.kind != MembershipKind.DUPLICATE]
    copies: dict[int, list[StoryMembership]] = {}
    for row in rows:
        if row.kind == MembershipKind.DUPLICATE and row.duplicate_of_id is not None:
            copies.setdefault(row.duplicate_of_id, []).append(row)
    return StoryPage(story=story, timeline=timeline, copies=copies)


def top_stories(limit: int = 30, offset: int = 0) -> QuerySet[Story]:
    """Live stories covered by the most outlets, most recent first among equals."""
    return (
        Story.objects.filter(merged_into__isnull=True, article_count__gt=0)
        .select_related("first_article__source")
        .order_by("-source_count", "-last_seen", "-pk")[offset : offset + limit]
    )


def related_articles(article_id: int) -> QuerySet[RelatedArticle]:
    """An article's precomputed related articles with source and excerpt: one query."""
    return (
        RelatedArticle.objects.filter(article_id=article_id)
        .select_related("related__source")
        .defer("related__body_html", "related__body_text")
        .annotate(body_head=Substr("related__body_text", 1, EXCERPT_CHARS))
        .order_by("rank")
    )


def clustering_queue(limit: int) -> list[Article]:
    """Extracted articles not yet clustered, in arrival order (extraction time, then id)."""
    return list(
        Article.objects.filter(extraction__in=VISIBLE_STATES, membership__isnull=True)
        .select_related("source")
        .order_by("fetched_at", "pk")[:limit]
    )


def stories_of(article_ids: list[int]) -> dict[int, tuple[int | None, int, str]]:
    """article id -> (story id, source id, title) for stored memberships."""
    rows = StoryMembership.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "story_id", "article__source_id", "article__title"
    )
    return {a: (s, src, title) for a, s, src, title in rows}


def live_stories(since: datetime) -> QuerySet[Story]:
    return Story.objects.filter(merged_into__isnull=True, last_seen__gte=since).order_by("pk")


def live_memberships(story_ids: list[int]) -> QuerySet[StoryMembership]:
    return (
        StoryMembership.objects.filter(story_id__in=story_ids)
        .select_related("article")
        .only(
            "article_id",
            "story_id",
            "kind",
            "duplicate_of_id",
            "time",
            "article__body_text",
            "article__source_id",
        )
        .order_by("sequence")
    )


def term_stats() -> TermStatsSnapshot | None:
    return TermStatsSnapshot.objects.filter(pk=1).first()


def last_sequence() -> int:
    row = StoryMembership.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    return int(row or 0)


def vectors_of(article_ids: list[int]) -> dict[int, NDArray[np.float32]]:
    from newsdesk.store.vectors import from_bytes

    rows = ArticleVector.objects.filter(article_id__in=article_ids).values_list(
        "article_id", "vector"
    )
    return {pk: from_bytes(v) for pk, v in rows}


def story_redirects() -> dict[int, int]:
    """Clusterer story key of each merged story -> key of the story that absorbed it."""
    rows = Story.objects.filter(merged_into__isnull=False).values_list("key", "merged_into__key")
    return {k: t for k, t in rows if t is not None}


def story_keys(keys: list[int]) -> dict[int, int]:
    """Clusterer story key -> story row id."""
    return dict(Story.objects.filter(key__in=keys).values_list("key", "pk"))


def similar_related(article_ids: list[int]) -> dict[int, list[RelatedRow]]:
    """The similar-story part (not same-story) of stored related lists."""
    out: dict[int, list[RelatedRow]] = {}
    rows = (
        RelatedArticle.objects.filter(article_id__in=article_ids, same_story=False)
        .order_by("article_id", "rank")
        .values_list("article_id", "related_id", "score")
    )
    for article_id, related_id, score in rows:
        out.setdefault(article_id, []).append(RelatedRow(related_id, score, same_story=False))
    return out


def clustering_queue_exists() -> bool:
    return Article.objects.filter(extraction__in=VISIBLE_STATES, membership__isnull=True).exists()
