"""Reads for reader apps (the Fever and Google Reader APIs): who a key belongs to, their
feeds (sources), articles, and read and saved state. Every function is one query."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery

from newsdesk.pipeline.types import OutlineEntry
from newsdesk.store.models import (
    AppPassword,
    Article,
    Feed,
    Follow,
    LoginAttempt,
    ReadArticle,
    SavedArticle,
    Source,
)
from newsdesk.store.queries.accounts import LOGIN_FAILURES_PER_IP, LOGIN_WINDOW
from newsdesk.store.queries.articles import visible_articles

#: Articles listed longer ago than this count as read: the unread list stays bounded.
UNREAD_WINDOW = timedelta(days=30)


def user_by_key_hash(digest: str) -> AbstractBaseUser | None:
    """The active reader whose app password gives this key hash."""
    return get_user_model().objects.filter(app_password__key_hash=digest, is_active=True).first()


def has_app_password(user_id: int) -> bool:
    return AppPassword.objects.filter(user_id=user_id).exists()


def address_throttled(ip: str | None, *, now: datetime) -> bool:
    """Too many recent failed log-ins (any kind) from this address."""
    if ip is None:
        return False
    recent = LoginAttempt.objects.filter(at__gte=now - LOGIN_WINDOW, ip=ip)
    return recent.count() >= LOGIN_FAILURES_PER_IP


def reader_sources(user_id: int) -> list[Source]:
    """The sources a reader follows, or every source when they follow none (one query);
    each with ``last_success``: its feeds' latest successful fetch, or None, and
    ``folder_id`` and ``folder_name``: the reader's folder for it, or None."""
    follows = Follow.objects.filter(user_id=user_id, kind=Follow.Kind.SOURCE, source=OuterRef("pk"))
    every: list[Source] = [
        *Source.objects.annotate(
            last_success=Max("feeds__last_success_at"),
            followed=Exists(follows),
            folder_id=Subquery(follows.values("folder_id")[:1]),
            folder_name=Subquery(follows.values("folder__name")[:1]),
        ).order_by("name", "id")
    ]
    followed = [source for source in every if getattr(source, "followed", False)]
    return followed or every


def reader_articles(source_ids: Iterable[int]) -> QuerySet[Article]:
    """Visible articles of these sources (with their source), by id."""
    return visible_articles().filter(source_id__in=list(source_ids)).order_by("id")


def unread_ids(user_id: int, source_ids: Iterable[int], *, now: datetime) -> list[int]:
    """Ids of unread articles listed within :data:`UNREAD_WINDOW`, oldest first."""
    read = ReadArticle.objects.filter(user_id=user_id).values("article_id")
    return list(
        reader_articles(source_ids)
        .filter(listed_at__gte=now - UNREAD_WINDOW)
        .exclude(pk__in=read)
        .values_list("pk", flat=True)
    )


def saved_ids(user_id: int, source_ids: Iterable[int]) -> list[int]:
    return list(
        reader_articles(source_ids)
        .filter(pk__in=SavedArticle.objects.filter(user_id=user_id).values("article_id"))
        .values_list("pk", flat=True)
    )


def read_among(user_id: int, article_ids: list[int]) -> set[int]:
    return set(
        ReadArticle.objects.filter(user_id=user_id, article_id__in=article_ids).values_list(
            "article_id", flat=True
        )
    )


def saved_among(user_id: int, article_ids: list[int]) -> set[int]:
    return set(
        SavedArticle.objects.filter(user_id=user_id, article_id__in=article_ids).values_list(
            "article_id", flat=True
        )
    )


def ids_listed_before(source_ids: Iterable[int], before: datetime, *, now: datetime) -> list[int]:
    """Articles of these sources listed at or before ``before`` and within the unread
    window (older ones count as read already)."""
    return list(
        reader_articles(source_ids)
        .filter(listed_at__lte=before, listed_at__gte=now - UNREAD_WINDOW)
        .values_list("pk", flat=True)
    )


# --- the Google Reader API ------------------------------------------------------------


def user_for_login(name: str) -> AbstractBaseUser | None:
    """The active account named ``name`` (a user name, or else an e-mail address), with
    its app password; None when there is none or several share the address."""
    users = list(
        get_user_model()
        .objects.filter(Q(username=name) | Q(email__iexact=name), is_active=True)
        .select_related("app_password")[:3]
    )
    exact = [user for user in users if user.get_username() == name]
    return exact[0] if exact else (users[0] if len(users) == 1 else None)


def user_by_username(name: str) -> AbstractBaseUser | None:
    """The active account named ``name``, with its app password (if any)."""
    return (
        get_user_model()
        .objects.filter(username=name, is_active=True)
        .select_related("app_password")
        .first()
    )


def read_q(user_id: int, *, now: datetime) -> Q:
    """Articles that count as read: marked read, or listed before the unread window."""
    marked = ReadArticle.objects.filter(user_id=user_id).values("article_id")
    return Q(pk__in=marked) | ~Q(listed_at__gte=now - UNREAD_WINDOW)


def saved_q(user_id: int) -> Q:
    return Q(pk__in=SavedArticle.objects.filter(user_id=user_id).values("article_id"))


def unread_counts(
    user_id: int, source_ids: Iterable[int], *, now: datetime
) -> dict[int, tuple[int, datetime | None]]:
    """Per source id: its unread articles' count and latest discovery time."""
    rows = (
        reader_articles(source_ids)
        .exclude(read_q(user_id, now=now))
        .order_by()
        .values_list("source_id")
        .annotate(count=Count("id"), newest=Max("discovered_at"))
    )
    return {source_id: (count, newest) for source_id, count, newest in rows}


def feed_urls(source_ids: Iterable[int]) -> dict[int, str]:
    """Each source's first subscribed feed URL (by URL)."""
    urls: dict[int, str] = {}
    rows = Feed.objects.filter(source_id__in=list(source_ids)).order_by("source_id", "url")
    for source_id, url in rows.values_list("source_id", "url"):
        urls.setdefault(source_id, url)
    return urls


def source_by_id(pk: int) -> Source | None:
    return Source.objects.filter(pk=pk).first()


def source_for_url(url: str) -> Source | None:
    """The source of the feed at ``url``, or the source whose site is ``url``."""
    feed = Feed.objects.filter(url=url).select_related("source").first()
    if feed is not None:
        return feed.source
    site = Feed.objects.filter(site_url=url).values("source_id")
    return Source.objects.filter(Q(homepage=url) | Q(pk__in=site)).order_by("id").first()


def follows_any_source(user_id: int) -> bool:
    return Follow.objects.filter(user_id=user_id, kind=Follow.Kind.SOURCE).exists()


def folder_of(source: Source) -> str | None:
    """The reader's folder for a source from :func:`reader_sources`, or None."""
    name = getattr(source, "folder_name", None)
    return name if isinstance(name, str) else None


def reader_outlines(user_id: int) -> list[OutlineEntry]:
    """The reader's subscriptions (as reader apps see them) as OPML outlines, one per
    source (its first feed by URL), each in its folder: two queries."""
    sources = reader_sources(user_id)
    urls = feed_urls(source.pk for source in sources)
    return [
        OutlineEntry(
            xml_url=urls[source.pk],
            title=source.name,
            html_url=source.homepage or None,
            category=folder_of(source),
        )
        for source in sorted(sources, key=lambda s: (folder_of(s) or "", s.name, s.pk))
        if source.pk in urls
    ]
