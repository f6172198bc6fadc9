"""Data for the web pages, built through the real store actions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from newsdesk.pipeline.types import EntryDraft, ExtractedArticle, ExtractionStatus, ImageRef
from newsdesk.store.actions.articles import do_record_extraction, do_upsert_entries
from newsdesk.store.actions.feeds import do_add_feed
from newsdesk.store.models import Article, Feed

FEED_URL = "https://edition.cnn.com/rss/world.xml"


def add_feed(url: str = FEED_URL, title: str = "CNN", now: datetime | None = None) -> Feed:
    return do_add_feed(
        url,
        now=now or timezone.now(),
        interval=1800,
        title=title,
        site_url=url.rsplit("/", 2)[0] + "/",
    ).feed


def publish(
    feed: Feed,
    slug: str,
    *,
    title: str = "",
    published: datetime | None = None,
    authors: Sequence[str] = (),
    summary: str = "",
    text: str = "",
    html: str = "",
    image: str | None = None,
    caption: str = "",
    status: ExtractionStatus = ExtractionStatus.OK,
    section: str | None = None,
    robots: str = "",
) -> Article:
    """One entry through the feed (upsert), then its page through extraction."""
    now = timezone.now()
    url = f"{feed.site_url.rstrip('/')}/{slug}"
    result = do_upsert_entries(
        feed,
        [EntryDraft(guid=url, url=url, title=title or slug, published=published)],
        now=now,
    )
    article = Article.objects.get(pk=result.created[0])
    text = text or f"The body of {slug}. " * 20
    extracted = ExtractedArticle(
        status=status,
        title=title or slug,
        authors=list(authors),
        published=published,
        image=image,
        images=(ImageRef(url=image, caption=caption),) if image else (),
        description=summary,
        text=text,
        html=html or "".join(f"<p>{p}</p>" for p in text.split("\n\n")),
        section=section,
        robots=robots,
    )
    return do_record_extraction(article, extracted, now=now, final_url=url, canonical_url=None)


@pytest.fixture
def feed(db: Any) -> Feed:
    return add_feed()


@pytest.fixture
def make_article(feed: Feed) -> Callable[..., Article]:
    def make(slug: str, **kwargs: Any) -> Article:
        return publish(kwargs.pop("feed", None) or feed, slug, **kwargs)

    return make


def minutes_ago(minutes: float) -> datetime:
    return timezone.now() - timedelta(minutes=minutes)


PASSWORD = "correct-horse-battery-staple-42"


def make_user(name: str = "reader", *, joined: datetime | None = None) -> Any:
    """A reader's account through the sign-up action (optionally an older one)."""
    from django.contrib.auth import get_user_model

    from newsdesk.store.actions.accounts import do_sign_up

    user = do_sign_up(name, f"{name}@example.org", PASSWORD, now=timezone.now())
    if joined is not None:  # an account's age is a fixture fact, not an action
        get_user_model().objects.filter(pk=user.pk).update(date_joined=joined)
        user.refresh_from_db()
    return user


@pytest.fixture
def reader(db: Any) -> Any:
    return make_user("reader", joined=timezone.now() - timedelta(days=30))


def make_story(members: Sequence[Article], *, copies: Sequence[Article] = ()) -> Any:
    """A story of ``members`` (the first founds it) and folded ``copies`` of the first, as the
    clusterer records them (its decisions given, through the real store action)."""
    from newsdesk.store.actions.stories import MembershipRecord, do_record_membership
    from newsdesk.store.models import Story, StoryMembership

    key = members[0].pk
    sequence = StoryMembership.objects.count()
    rows = [(a, "new" if i == 0 else "joined", None) for i, a in enumerate(members)]
    rows += [(c, "duplicate", members[0].pk) for c in copies]
    for article, kind, original in rows:
        sequence += 1
        record = MembershipRecord(
            article_id=article.pk,
            story_key=key,
            kind=kind,
            reason={"kind": kind},
            time=article.listed_at or timezone.now(),
            sequence=sequence,
            duplicate_of=original,
        )
        do_record_membership(record, [], vector=None, model="test")
    return Story.objects.get(key=key)


def name_entities(article: Article, *names: tuple[str, str, int]) -> None:
    """Give ``article`` the entities (name, kind, mentions), as the enrichment job does."""
    from newsdesk.pipeline.enrich.entities import Entity as Found
    from newsdesk.store.actions.ai import do_set_article_entities

    do_set_article_entities(article, [Found(n, k, m, (n,)) for n, k, m in names])
