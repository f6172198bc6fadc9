"""Reads about readers: log-in throttling, bans, follows and saved articles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.db.models.functions import Substr

from newsdesk.store.models import Article, Follow, LoginAttempt, Profile, SavedArticle, Source
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

    @property
    def empty(self) -> bool:
        return not self.sources and not self.topics


def following(user_id: int) -> Following:
    rows = Follow.objects.filter(user_id=user_id).select_related("source").order_by("created_at")
    sources: dict[int, str] = {}
    topics: list[str] = []
    for row in rows:
        if row.kind == Follow.Kind.SOURCE and row.source is not None:
            sources[row.source.pk] = row.source.name
        elif row.kind == Follow.Kind.TOPIC:
            topics.append(row.topic)
    return Following(sources=sources, topics=tuple(topics))


def follows_source(user_id: int, source: Source) -> bool:
    return Follow.objects.filter(user_id=user_id, kind=Follow.Kind.SOURCE, source=source).exists()


def followed_topics_among(user_id: int, topics: list[str]) -> set[str]:
    return set(
        Follow.objects.filter(
            user_id=user_id, kind=Follow.Kind.TOPIC, topic__in=topics
        ).values_list("topic", flat=True)
    )


def for_you_cards(follows: Following) -> QuerySet[Article]:
    """Articles from followed sources or in followed topics, newest first."""
    return article_cards().filter(
        Q(source_id__in=list(follows.sources)) | Q(section__in=list(follows.topics))
    )


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
