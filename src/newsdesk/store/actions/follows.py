"""Readers follow sources, topics and entities, and save articles to read later."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction

from newsdesk.pipeline.errors import UsageError
from newsdesk.store.models import Article, Entity, Follow, SavedArticle, Source

MAX_TOPIC_LENGTH = 200


def do_follow_source(user_id: int, source: Source, *, now: datetime) -> None:
    """Idempotent: following twice keeps one follow."""
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(
                user_id=user_id,
                kind=Follow.Kind.SOURCE,
                source=source,
                defaults={"created_at": now},
            )
    except IntegrityError:  # followed concurrently
        pass


def do_unfollow_source(user_id: int, source: Source) -> None:
    with transaction.atomic():
        Follow.objects.filter(user_id=user_id, kind=Follow.Kind.SOURCE, source=source).delete()


def do_follow_topic(user_id: int, topic: str, *, now: datetime) -> None:
    topic = topic.strip()
    if not topic or len(topic) > MAX_TOPIC_LENGTH:
        raise UsageError("a topic is a section name of 1 to 200 characters")
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(
                user_id=user_id, kind=Follow.Kind.TOPIC, topic=topic, defaults={"created_at": now}
            )
    except IntegrityError:
        pass


def do_unfollow_topic(user_id: int, topic: str) -> None:
    with transaction.atomic():
        Follow.objects.filter(user_id=user_id, kind=Follow.Kind.TOPIC, topic=topic.strip()).delete()


def do_follow_entity(user_id: int, entity: Entity, *, now: datetime) -> None:
    """Idempotent: following twice keeps one follow."""
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(
                user_id=user_id,
                kind=Follow.Kind.ENTITY,
                entity=entity,
                defaults={"created_at": now},
            )
    except IntegrityError:  # followed concurrently
        pass


def do_unfollow_entity(user_id: int, entity: Entity) -> None:
    with transaction.atomic():
        Follow.objects.filter(user_id=user_id, kind=Follow.Kind.ENTITY, entity=entity).delete()


def do_save_article(user_id: int, article: Article, *, now: datetime) -> None:
    try:
        with transaction.atomic():
            SavedArticle.objects.get_or_create(
                user_id=user_id, article=article, defaults={"saved_at": now}
            )
    except IntegrityError:
        pass


def do_unsave_article(user_id: int, article: Article) -> None:
    with transaction.atomic():
        SavedArticle.objects.filter(user_id=user_id, article=article).delete()
