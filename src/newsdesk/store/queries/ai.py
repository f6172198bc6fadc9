"""Reads of AI output: an article's summary and entities, entity pages, the token budget."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Exists, OuterRef, QuerySet

from newsdesk.pipeline.errors import BudgetExhausted
from newsdesk.store.models import AIOutput, AIUsage, Article, ArticleEntity, Entity
from newsdesk.store.queries.articles import visible_articles


def ai_output(kind: str, object_id: int, version: str | None = None) -> AIOutput | None:
    """The output for that version, or the newest one when ``version`` is None."""
    rows = AIOutput.objects.filter(kind=kind, object_id=object_id)
    if version is not None:
        rows = rows.filter(version=version)
    return rows.order_by("-created_at", "-id").first()


def article_summary(article_id: int) -> AIOutput | None:
    return ai_output(AIOutput.Kind.ARTICLE_SUMMARY, article_id)


def article_entities(article_id: int) -> list[ArticleEntity]:
    return list(
        ArticleEntity.objects.filter(article_id=article_id)
        .select_related("entity")
        .order_by("-mentions", "entity__name")
    )


def articles_without_summary() -> QuerySet[Article]:
    """Visible articles that have no summary yet (the enrichment backlog), oldest first."""
    done = AIOutput.objects.filter(kind=AIOutput.Kind.ARTICLE_SUMMARY, object_id=OuterRef("pk"))
    return visible_articles().filter(~Exists(done)).exclude(body_text="").order_by("id")


def entity_by_key(key: str) -> Entity | None:
    return Entity.objects.filter(key=key).first()


def articles_with_entity(entity: Entity) -> QuerySet[Article]:
    """Articles mentioning ``entity``, newest first (for entity pages and search filters)."""
    return (
        visible_articles()
        .filter(entity_links__entity=entity)
        .defer("body_html", "body_text")
        .order_by("-published", "-id")
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


def article_panel(article_id: int) -> AIPanel | None:
    output = article_summary(article_id)
    if output is None:
        return None
    payload = output.payload
    return AIPanel(
        sentences=list(payload.get("sentences", [])),
        key_points=list(payload.get("key_points", [])),
        entities=list(payload.get("entities", [])),
        method=output.method,
        created_at=output.created_at,
    )
