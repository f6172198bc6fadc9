"""Writes of story clustering: memberships (with their reasons), stories, merges,
article vectors, related articles and the learnt term statistics."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Case, Count, Q, When
from django.utils import timezone

from newsdesk.store.models import (
    ArticleVector,
    MembershipKind,
    RelatedArticle,
    Story,
    StoryMembership,
    TermStatsSnapshot,
)
from newsdesk.store.queries.stories import RelatedRow

#: Membership kinds that count as a story's own coverage (copies and spam are folded).
COUNTED_KINDS = (MembershipKind.NEW, MembershipKind.JOINED, MembershipKind.ALONE)


@dataclass(frozen=True)
class StoryCentroid:
    """The clusterer's state of one story, saved so a restarted worker can resume."""

    key: int
    language: str
    dense_sum: bytes
    keywords: dict[str, float]
    names: dict[str, int]
    figures: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class MembershipRecord:
    article_id: int
    story_key: int | None
    kind: str
    reason: dict[str, object]
    time: datetime
    sequence: int
    duplicate_of: int | None = None
    merged: tuple[tuple[int, int], ...] = ()


def _story_for(key: int, record: MembershipRecord, centroid: StoryCentroid | None) -> Story:
    story = Story.objects.filter(key=key).first()
    if story is None:
        story = Story.objects.create(
            key=key,
            language=centroid.language if centroid else "",
            first_seen=record.time,
            last_seen=record.time,
            first_article_id=record.article_id,
        )
    return story


def _refresh_story(story: Story, centroid: StoryCentroid | None) -> None:
    """Recount a story from its memberships; pick its headline and first reporter."""
    counted = StoryMembership.objects.filter(story=story, kind__in=COUNTED_KINDS)
    every = StoryMembership.objects.filter(story=story)
    first = every.order_by("time", "sequence").select_related("article").first()
    stats = counted.aggregate(
        articles=Count("article_id"), sources=Count("article__source_id", distinct=True)
    )
    last = every.order_by("-time").values_list("time", flat=True).first()
    fields: dict[str, object] = {
        "article_count": stats["articles"],
        "source_count": stats["sources"],
        "first_seen": first.time if first else story.first_seen,
        "last_seen": last or story.last_seen,
        "first_article_id": first.article_id if first else None,
        "headline": _headline(story, first),
        # ``update()`` skips auto_now: story summaries use it to notice a changed story.
        "updated_at": timezone.now(),
    }
    if centroid is not None:
        fields |= {
            "dense_sum": centroid.dense_sum,
            "keywords": centroid.keywords,
            "names": centroid.names,
            "figures": centroid.figures,
        }
    Story.objects.filter(pk=story.pk).update(**fields)


#: URL path segments under which publishers file opinion, columns and blogs: a story's
#: headline should report the event, so these titles are chosen only when nothing else is.
OPINION_SEGMENTS = (
    "opinion",
    "opinions",
    "commentary",
    "comment",
    "editorial",
    "editorials",
    "op-ed",
    "oped",
    "columns",
    "columnists",
    "blogs",
)


def _opinion_url() -> Q:
    query = Q()
    for segment in OPINION_SEGMENTS:
        query |= Q(article__url__icontains=f"/{segment}/")
    return query


def _headline(story: Story, first: StoryMembership | None) -> str:
    """The title of the news report closest to the story (highest embedding score when it
    joined; opinion pieces only when no report is there); the first article's title while
    nobody has joined."""
    best = (
        StoryMembership.objects.filter(story=story, kind=MembershipKind.JOINED)
        .exclude(article__title="")
        .annotate(opinion=Case(When(_opinion_url(), then=1), default=0))
        .order_by("opinion", "-reason__dense", "sequence")
        .values_list("article__title", "opinion")
        .first()
    )
    if best and (not best[1] or first is None or _is_opinion(first)):
        return best[0][:1000]
    return (first.article.title if first else "")[:1000]


def _is_opinion(membership: StoryMembership) -> bool:
    path = membership.article.url.lower()
    return any(f"/{segment}/" in path for segment in OPINION_SEGMENTS)


def _apply_merges(merged: Iterable[tuple[int, int]], centroids: dict[int, StoryCentroid]) -> None:
    for gone_key, kept_key in merged:
        gone = Story.objects.filter(key=gone_key).first()
        kept = Story.objects.filter(key=kept_key).first()
        if gone is None or kept is None:
            continue
        StoryMembership.objects.filter(story=gone).update(story=kept)
        Story.objects.filter(merged_into=gone).update(merged_into=kept)
        Story.objects.filter(pk=gone.pk).update(merged_into=kept, article_count=0, source_count=0)
        _refresh_story(kept, centroids.get(kept_key))


def do_record_membership(
    record: MembershipRecord,
    centroids: Sequence[StoryCentroid],
    *,
    vector: bytes | None,
    model: str,
) -> StoryMembership:
    """Store where the clusterer put one article (idempotent per article)."""
    by_key = {c.key: c for c in centroids}
    with transaction.atomic():
        existing = StoryMembership.objects.filter(article_id=record.article_id).first()
        if existing is not None:
            return existing
        story = None
        if record.story_key is not None:
            story = _story_for(record.story_key, record, by_key.get(record.story_key))
        membership = StoryMembership.objects.create(
            article_id=record.article_id,
            story=story,
            kind=record.kind,
            duplicate_of_id=record.duplicate_of,
            reason=record.reason,
            time=record.time,
            sequence=record.sequence,
        )
        if vector is not None:
            ArticleVector.objects.update_or_create(
                article_id=record.article_id, defaults={"model": model, "vector": vector}
            )
        if story is not None:
            _refresh_story(story, by_key.get(record.story_key or 0))
        _apply_merges(record.merged, by_key)
    return membership


def do_replace_related(related: Mapping[int, Sequence[RelatedRow]]) -> None:
    """Replace the related-article lists of several articles at once."""
    with transaction.atomic():
        RelatedArticle.objects.filter(article_id__in=list(related)).delete()
        RelatedArticle.objects.bulk_create(
            RelatedArticle(
                article_id=article_id,
                related_id=row.related_id,
                rank=rank,
                score=row.score,
                same_story=row.same_story,
            )
            for article_id, rows in related.items()
            for rank, row in enumerate(rows)
        )


def do_save_term_stats(documents: int, df: dict[str, int], sequence: int) -> None:
    """Save the learnt document frequencies (one row, replaced)."""
    with transaction.atomic():
        TermStatsSnapshot.objects.update_or_create(
            pk=1, defaults={"documents": documents, "df": df, "sequence": sequence}
        )
