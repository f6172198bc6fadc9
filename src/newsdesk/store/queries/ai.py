"""Reads of AI output: an article's summary and entities, entity pages, the token budget."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet

from newsdesk.pipeline.errors import BudgetExhausted
from newsdesk.store.models import (
    AIOutput,
    AIUsage,
    Article,
    ArticleEntity,
    Entity,
    MembershipKind,
    Story,
    StoryMembership,
)
from newsdesk.store.queries.articles import VISIBLE_STATES as VISIBLE
from newsdesk.store.queries.articles import article_cards, visible_articles


def ai_output(kind: str, object_id: int, version: str | None = None) -> AIOutput | None:
    """The output for that version, or the newest one when ``version`` is None."""
    rows = AIOutput.objects.filter(kind=kind, object_id=object_id)
    if version is not None:
        rows = rows.filter(version=version)
    return rows.order_by("-created_at", "-id").first()


def stored_versions(kind: str, object_ids: list[int]) -> set[tuple[int, str]]:
    """(object id, version) of every stored output of ``kind`` for those objects (one query)."""
    rows = AIOutput.objects.filter(kind=kind, object_id__in=object_ids)
    return set(rows.values_list("object_id", "version"))


def article_summary(article_id: int) -> AIOutput | None:
    return ai_output(AIOutput.Kind.ARTICLE_SUMMARY, article_id)


def article_entities(article_id: int, limit: int | None = None) -> list[ArticleEntity]:
    """The article's entity links with their entities, most mentioned first."""
    return list(
        ArticleEntity.objects.filter(article_id=article_id)
        .select_related("entity")
        .order_by("-mentions", "entity__name")[:limit]
    )


def articles_without_summary() -> QuerySet[Article]:
    """Visible articles that have no summary yet (the enrichment backlog), oldest first."""
    done = AIOutput.objects.filter(kind=AIOutput.Kind.ARTICLE_SUMMARY, object_id=OuterRef("pk"))
    return visible_articles().filter(~Exists(done)).exclude(body_text="").order_by("id")


def entity_by_key(key: str) -> Entity | None:
    return Entity.objects.filter(key=key).first()


#: Hops followed from a folded entity to the one it was folded into.
MAX_REDIRECTS = 20


def resolve_entity(key: str) -> Entity | None:
    """The entity with ``key``, or the one it was folded into ("person:obama" -> Barack
    Obama): one query, and one more per fold followed."""
    entity = entity_by_key(key)
    return _live(entity)


def folded_names(entity: Entity) -> list[str]:
    """The names folded into ``entity`` ("Obama" for Barack Obama), A to Z (one query)."""
    return list(entity.folded.order_by("name").values_list("name", flat=True))


def _live(entity: Entity | None) -> Entity | None:
    hops = 0
    while entity is not None and entity.merged_into_id is not None and hops < MAX_REDIRECTS:
        entity = Entity.objects.filter(pk=entity.merged_into_id).first()
        hops += 1
    return entity


def entity_for_filter(text: str) -> Entity | None:
    """The entity a search filter names: its key ("person:rachel reeves") or its name
    ("Rachel Reeves"; the most mentioned when several kinds share it); a folded entity
    ("Obama") gives the one it was folded into ("Barack Obama")."""
    text = " ".join(text.split())
    found = entity_by_key(text.lower())
    if found is None:
        found = (
            Entity.objects.filter(name__iexact=text)
            .annotate(links=Count("article_links"))
            .order_by("-links", "pk")
            .first()
        )
    return _live(found)


def articles_with_entity(entity: Entity) -> QuerySet[Article]:
    """Articles mentioning ``entity``, newest first, as list-page cards (for entity pages
    and search filters)."""
    return article_cards().filter(entity_links__entity=entity)


def stories_with_entity(entity: Entity, limit: int = 10) -> list[Story]:
    """Live stories of more than one article with an article that mentions ``entity``, most
    recent first (a story of one article is that article, listed on the page already)."""
    ids = (
        StoryMembership.objects.filter(
            article__entity_links__entity=entity, story__merged_into__isnull=True
        )
        .values_list("story_id", flat=True)
        .distinct()
    )
    return list(
        Story.objects.filter(pk__in=ids, article_count__gt=1)
        .select_related("first_article__source")
        .order_by("-last_seen", "-pk")[:limit]
    )


def tokens_used(month: date) -> int:
    usage = AIUsage.objects.filter(month=month).first()
    return usage.tokens if usage else 0


def check_token_budget(budget: int, now: datetime) -> int:
    """Tokens left this month; raises :class:`BudgetExhausted` when none are."""
    month = date(now.year, now.month, 1)
    left = budget - tokens_used(month)
    if left <= 0:
        renews = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        raise BudgetExhausted(
            f"this instance has used its AI budget of {budget:,} tokens for {month:%B %Y}; "
            f"AI answers resume on {renews:%d %B %Y} (offline summaries still work)"
        )
    return left


@dataclass(frozen=True)
class AIPanel:
    """What the article page's AI panel shows (one query)."""

    sentences: list[str]
    key_points: list[str]
    entities: list[dict[str, object]]
    method: str
    created_at: datetime


#: Entities the article page's panel lists.
PANEL_ENTITIES = 12


def article_panel(article_id: int) -> AIPanel | None:
    """The panel's summary and its entities (two queries). The entities are the article's
    stored links, so a name folded since enrichment ("Biden" into Joe Biden, "US" into
    United States) shows as the entity it now is; the summary's copy is used only for
    outputs stored without links."""
    output = article_summary(article_id)
    if output is None:
        return None
    payload = output.payload
    linked: list[dict[str, object]] = [
        {"name": link.entity.name, "kind": link.entity.kind, "key": link.entity.key}
        for link in article_entities(article_id, PANEL_ENTITIES)
    ]
    return AIPanel(
        sentences=list(payload.get("sentences", [])),
        key_points=list(payload.get("key_points", [])),
        entities=linked or list(payload.get("entities", [])),
        method=output.method,
        created_at=output.created_at,
    )


#: Stories need this many member articles (copies excluded) for a story summary.
STORY_SUMMARY_MIN_ARTICLES = 2


def stories_needing_summary(limit: int) -> list[Story]:
    """Live stories of two or more articles changed since their last summary (or with
    none), most recently changed first: the story-summary job's queue."""
    fresh = AIOutput.objects.filter(
        kind=AIOutput.Kind.STORY_SUMMARY,
        object_id=OuterRef("pk"),
        created_at__gte=OuterRef("updated_at"),
    )
    return list(
        Story.objects.filter(
            merged_into__isnull=True, article_count__gte=STORY_SUMMARY_MIN_ARTICLES
        )
        .filter(~Exists(fresh))
        .order_by("-updated_at", "-pk")[:limit]
    )


def story_summary_members(story: Story, limit: int) -> list[Article]:
    """The story's own articles (no folded copies, no spam), first reported first, with
    their source (one query)."""
    rows = (
        StoryMembership.objects.filter(story=story, article__extraction__in=VISIBLE)
        .exclude(kind__in=[MembershipKind.DUPLICATE, MembershipKind.SPAM])
        .exclude(article__body_text="")
        .select_related("article__source")
        .order_by("time", "sequence")[:limit]
    )
    return [row.article for row in rows]


@dataclass(frozen=True)
class StorySummaryView:
    """What the story page's AI summary shows."""

    sentences: list[dict[str, Any]]
    disagreements: list[dict[str, Any]]
    method: str
    created_at: datetime
    #: The summary was made from fewer articles than the story has now.
    articles: int


def story_summary(story_id: int) -> StorySummaryView | None:
    """The newest summary of a story (one query); None before the first is made."""
    output = ai_output(AIOutput.Kind.STORY_SUMMARY, story_id)
    if output is None:
        return None
    payload = output.payload
    return StorySummaryView(
        sentences=list(payload.get("sentences", [])),
        disagreements=list(payload.get("disagreements", [])),
        method=output.method,
        created_at=output.created_at,
        articles=int(payload.get("articles", 0)),
    )
