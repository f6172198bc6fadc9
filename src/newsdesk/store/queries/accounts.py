"""Reads about readers: log-in throttling, bans, follows and saved articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from newsdesk.store.models import (
    Article,
    ArticleEntity,
    Entity,
    Follow,
    LoginAttempt,
    Profile,
    SavedArticle,
    Source,
)
from newsdesk.store.queries.articles import EXCERPT_CHARS, article_cards

#: Failed log-ins allowed per user name, and per address, within LOGIN_WINDOW.
LOGIN_FAILURES_PER_USERNAME = 5
LOGIN_FAILURES_PER_IP = 20
LOGIN_WINDOW = timedelta(minutes=15)


def login_throttled(username: str, ip: str | None, *, now: datetime) -> bool:
    """Too many recent failed log-ins for this user name or from this address."""
    recent = LoginAttempt.objects.filter(at__gte=now - LOGIN_WINDOW)
    if recent.filter(username=username.lower()).count() >= LOGIN_FAILURES_PER_USERNAME:
        return True
    return ip is not None and recent.filter(ip=ip).count() >= LOGIN_FAILURES_PER_IP


def is_banned(user_id: int) -> bool:
    return Profile.objects.filter(user_id=user_id, banned_at__isnull=False).exists()


@dataclass(frozen=True)
class Following:
    """What a reader follows, read in one query."""

    sources: dict[int, str]  # source id -> name
    topics: tuple[str, ...]
    entities: dict[int, str] = field(default_factory=dict)  # entity id -> name

    @property
    def empty(self) -> bool:
        return not self.sources and not self.topics and not self.entities


def following(user_id: int) -> Following:
    rows = (
        Follow.objects.filter(user_id=user_id)
        .select_related("source", "entity")
        .order_by("created_at")
    )
    sources: dict[int, str] = {}
    topics: list[str] = []
    entities: dict[int, str] = {}
    for row in rows:
        if row.kind == Follow.Kind.SOURCE and row.source is not None:
            sources[row.source.pk] = row.source.name
        elif row.kind == Follow.Kind.TOPIC:
            topics.append(row.topic)
        elif row.kind == Follow.Kind.ENTITY and row.entity is not None:
            entities[row.entity.pk] = row.entity.name
    return Following(sources=sources, topics=tuple(topics), entities=entities)


def followed_entities_among(user_id: int, entity_ids: list[int]) -> set[int]:
    return set(
        Follow.objects.filter(
            user_id=user_id, kind=Follow.Kind.ENTITY, entity_id__in=entity_ids
        ).values_list("entity_id", flat=True)
    )


def entity_by_id(pk: int) -> Entity | None:
    """The entity ``pk``, or the full name it was folded into (a folded entity's page
    could still show its follow button; full names are never folded, so one hop)."""
    entity = Entity.objects.filter(pk=pk).first()
    if entity is not None and entity.merged_into_id is not None:
        return Entity.objects.filter(pk=entity.merged_into_id).first()
    return entity


def entities_to_follow(user_id: int, article_id: int, limit: int = 6) -> list[Entity]:
    """The article's most mentioned entities, each with ``followed`` for this reader (one
    query)."""
    followed = Follow.objects.filter(
        user_id=user_id, kind=Follow.Kind.ENTITY, entity=OuterRef("pk")
    )
    return list(
        Entity.objects.filter(article_links__article_id=article_id)
        .annotate(followed=Exists(followed))
        .order_by("-article_links__mentions", "name")[:limit]
    )


def followed_entities_in(article_ids: list[int], entity_ids: list[int]) -> dict[int, int]:
    """Article id -> the most mentioned followed entity in it (the reason in For you)."""
    rows = (
        ArticleEntity.objects.filter(article_id__in=article_ids, entity_id__in=entity_ids)
        .order_by("article_id", "-mentions", "entity_id")
        .values_list("article_id", "entity_id")
    )
    found: dict[int, int] = {}
    for article_id, entity_id in rows:
        found.setdefault(article_id, entity_id)
    return found


def follows_source(user_id: int, source: Source) -> bool:
    return Follow.objects.filter(user_id=user_id, kind=Follow.Kind.SOURCE, source=source).exists()


def followed_topics_among(user_id: int, topics: list[str]) -> set[str]:
    return set(
        Follow.objects.filter(
            user_id=user_id, kind=Follow.Kind.TOPIC, topic__in=topics
        ).values_list("topic", flat=True)
    )


def for_you_cards(follows: Following) -> QuerySet[Article]:
    """Articles from followed sources, in followed topics or naming a followed entity,
    newest first."""
    condition = Q(source_id__in=list(follows.sources)) | Q(section__in=list(follows.topics))
    if follows.entities:
        names = ArticleEntity.objects.filter(
            article_id=OuterRef("pk"), entity_id__in=list(follows.entities)
        )
        condition |= Q(Exists(names))
    return article_cards().filter(condition)


def saved_articles(user_id: int) -> QuerySet[SavedArticle]:
    """A reader's saved articles, last saved first (articles and sources in the same query).

    ``body_head`` (for excerpts) is annotated on each row; :func:`saved_cards` moves it onto
    the article as list pages expect.
    """
    return (
        SavedArticle.objects.filter(user_id=user_id)
        .select_related("article", "article__source")
        .defer("article__body_html", "article__body_text")
        .annotate(body_head=Substr("article__body_text", 1, EXCERPT_CHARS))
        .order_by("-saved_at", "-id")
    )


def saved_cards(rows: list[SavedArticle]) -> list[Article]:
    for row in rows:
        row.article.body_head = row.body_head  # type: ignore[attr-defined]
    return [row.article for row in rows]


def is_saved(user_id: int, article: Article) -> bool:
    return SavedArticle.objects.filter(user_id=user_id, article=article).exists()


@dataclass(frozen=True)
class FolderGroup:
    """A reader's followed sources in one folder (``name`` "" for those in none)."""

    name: str
    sources: list[Source]


def sources_by_folder(user_id: int) -> list[FolderGroup]:
    """The reader's followed sources grouped by folder: folders by name, then the sources
    in no folder; sources by name within each (one query)."""
    rows = Follow.objects.filter(user_id=user_id, kind=Follow.Kind.SOURCE, source__isnull=False)
    grouped: dict[str, list[Source]] = {}
    for row in rows.select_related("source", "folder"):
        if row.source is not None:
            grouped.setdefault(row.folder.name if row.folder else "", []).append(row.source)
    order = sorted(grouped, key=lambda name: (not name, name.casefold(), name))
    return [
        FolderGroup(name, sorted(grouped[name], key=lambda s: (s.name.casefold(), s.pk)))
        for name in order
    ]
