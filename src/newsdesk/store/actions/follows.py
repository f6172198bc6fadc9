"""Readers follow sources, topics and entities, and save articles to read later."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from newsdesk.pipeline.errors import UsageError
from newsdesk.store.actions.folders import prune_empty_folders
from newsdesk.store.models import Article, Entity, Follow, SavedArticle, Source

MAX_TOPIC_LENGTH = 200


def _follow(user_id: int, kind: str, *, now: datetime, **target: Any) -> None:
    """Idempotent: following twice keeps one follow (a concurrent follow wins quietly)."""
    with suppress(IntegrityError), transaction.atomic():
        Follow.objects.get_or_create(
            user_id=user_id, kind=kind, **target, defaults={"created_at": now}
        )


def _unfollow(user_id: int, kind: str, **target: Any) -> None:
    with transaction.atomic():
        Follow.objects.filter(user_id=user_id, kind=kind, **target).delete()


def do_follow_source(user_id: int, source: Source, *, now: datetime) -> None:
    _follow(user_id, Follow.Kind.SOURCE, source=source, now=now)


def do_unfollow_source(user_id: int, source: Source) -> None:
    """Unfollow; a folder left empty by it goes too."""
    with transaction.atomic():
        _unfollow(user_id, Follow.Kind.SOURCE, source=source)
        prune_empty_folders(user_id)


def do_follow_sources(user_id: int, sources: list[Source], *, now: datetime) -> None:
    """Follow many sources at once; idempotent (sources already followed stay as they are)."""
    rows = [
        Follow(user_id=user_id, kind=Follow.Kind.SOURCE, source=source, created_at=now)
        for source in sources
    ]
    with transaction.atomic():
        Follow.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)


def do_follow_topic(user_id: int, topic: str, *, now: datetime) -> None:
    topic = topic.strip()
    if not topic or len(topic) > MAX_TOPIC_LENGTH:
        raise UsageError("a topic is a section name of 1 to 200 characters")
    _follow(user_id, Follow.Kind.TOPIC, topic=topic, now=now)


def do_unfollow_topic(user_id: int, topic: str) -> None:
    _unfollow(user_id, Follow.Kind.TOPIC, topic=topic.strip())


def do_follow_entity(user_id: int, entity: Entity, *, now: datetime) -> None:
    _follow(user_id, Follow.Kind.ENTITY, entity=entity, now=now)


def do_unfollow_entity(user_id: int, entity: Entity) -> None:
    _unfollow(user_id, Follow.Kind.ENTITY, entity=entity)


def do_save_article(user_id: int, article: Article, *, now: datetime) -> None:
    """Idempotent: saving twice keeps one saved article."""
    with suppress(IntegrityError), transaction.atomic():
        SavedArticle.objects.get_or_create(
            user_id=user_id, article=article, defaults={"saved_at": now}
        )


def do_unsave_article(user_id: int, article: Article) -> None:
    with transaction.atomic():
        SavedArticle.objects.filter(user_id=user_id, article=article).delete()
