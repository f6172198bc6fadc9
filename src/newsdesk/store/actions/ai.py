"""Writes of AI output: cached summaries, article entities, LLM token usage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from newsdesk.pipeline.enrich.entities import Entity as FoundEntity
from newsdesk.pipeline.errors import UsageError
from newsdesk.store.models import AIOutput, AIUsage, Article, ArticleEntity, Entity


def do_store_ai_output(
    kind: str,
    object_id: int,
    version: str,
    *,
    method: str,
    payload: dict[str, Any],
    now: datetime,
    tokens: int = 0,
) -> AIOutput:
    """Keep one output per (kind, object, version); a second writer gets the first's row."""
    if kind not in AIOutput.Kind.values:
        raise UsageError(f"unknown AI output kind {kind!r}")
    try:
        with transaction.atomic():
            return AIOutput.objects.create(
                kind=kind,
                object_id=object_id,
                version=version[:64],
                method=method[:200],
                payload=payload,
                tokens=tokens,
                created_at=now,
            )
    except IntegrityError:
        return AIOutput.objects.get(kind=kind, object_id=object_id, version=version[:64])


def do_set_article_entities(article: Article, entities: Sequence[FoundEntity]) -> int:
    """Replace the article's entities; returns how many it has.

    Two found entities can resolve to one stored entity (the same key once cut to the
    column's length, say): their mentions and surface forms are added up.
    """
    with transaction.atomic():
        ArticleEntity.objects.filter(article=article).delete()
        rows: dict[int, ArticleEntity] = {}
        for found in entities:
            entity, _ = Entity.objects.get_or_create(
                key=found.key[:300], defaults={"name": found.name[:300], "kind": found.kind}
            )
            row = rows.get(entity.pk)
            if row is None:
                rows[entity.pk] = ArticleEntity(
                    article=article,
                    entity=entity,
                    mentions=found.mentions,
                    surface_forms=list(found.surface_forms),
                )
            else:
                row.mentions += found.mentions
                row.surface_forms = sorted({*row.surface_forms, *found.surface_forms})
        ArticleEntity.objects.bulk_create(rows.values())
    return len(rows)


def month_of(now: datetime) -> date:
    return date(now.year, now.month, 1)


def do_record_token_usage(tokens: int, *, now: datetime) -> int:
    """Add ``tokens`` to this month's LLM usage; returns the month's total."""
    if tokens < 0:
        raise UsageError("token counts are never negative")
    with transaction.atomic():
        usage, _ = AIUsage.objects.get_or_create(month=month_of(now))
        AIUsage.objects.filter(pk=usage.pk).update(tokens=F("tokens") + tokens)
        usage.refresh_from_db()
    return usage.tokens
