from __future__ import annotations

from datetime import timedelta

import pytest

from newsdesk.jobs.cluster_articles import StoryEngine, cluster_pending
from newsdesk.store.models import MembershipKind, RelatedArticle, Story, StoryMembership
from newsdesk.store.queries.stories import related_articles, story_page
from tests.stories.factory import FED, KURSK, PROTEST, T0, stored_article

pytestmark = pytest.mark.django_db


def test_outlets_covering_one_event_share_a_story_with_reasons(engine: StoryEngine) -> None:
    a = stored_article("bbc.co.uk", 1, "Ukraine pushes deeper into Russia's Kursk region", KURSK)
    b = stored_article(
        "reuters.com",
        2,
        "Ukrainian troops advance in Kursk as Russia sends reserves",
        KURSK.replace("Tuesday", "Wednesday").replace("long queues", "queues"),
        published=T0 + timedelta(hours=3),
    )
    c = stored_article("ft.com", 3, "Fed holds rates steady, still sees cuts this year", FED)
    d = stored_article("latimes.com", 4, "Protesters march in Los Angeles", PROTEST)
    outcome = cluster_pending(engine, T0 + timedelta(days=1))
    assert outcome.clustered == 4
    kursk = StoryMembership.objects.get(article=a).story
    assert kursk is not None
    assert StoryMembership.objects.get(article=b).story == kursk
    assert StoryMembership.objects.get(article=c).story != kursk
    assert StoryMembership.objects.get(article=d).story not in {kursk, None}
    joined = StoryMembership.objects.get(article=b)
    assert joined.kind in {MembershipKind.JOINED, MembershipKind.DUPLICATE}
    assert joined.reason["score"] >= joined.reason["threshold"] > 0
    kursk.refresh_from_db()
    assert kursk.source_count == 2 or joined.kind == MembershipKind.DUPLICATE
    assert kursk.first_article_id == a.pk
    page = story_page(kursk)
    assert page.timeline[0].article_id == a.pk
    # Related: the same story from the other outlet comes first.
    related = list(related_articles(a.pk))
    assert related and related[0].related_id == b.pk and related[0].same_story
    assert all(r.related_id != a.pk for r in related)
    assert Story.objects.count() == 3
    assert cluster_pending(engine, T0 + timedelta(days=1)).clustered == 0  # nothing left


def test_a_wire_copy_is_folded_under_the_earliest_original(engine: StoryEngine) -> None:
    original = stored_article("apnews.com", 1, "Ukraine pushes into Kursk", KURSK)
    copy = stored_article(
        "localpaper.com",
        2,
        "Ukraine pushes into Kursk (AP)",
        KURSK,
        published=T0 + timedelta(hours=2),
    )
    cluster_pending(engine, T0 + timedelta(days=1))
    membership = StoryMembership.objects.get(article=copy)
    assert membership.kind == MembershipKind.DUPLICATE
    assert membership.duplicate_of_id == original.pk
    story = membership.story
    assert story is not None
    page = story_page(story)
    assert [m.article_id for m in page.timeline] == [original.pk]
    assert [m.article_id for m in page.copies[original.pk]] == [copy.pk]
    assert story.article_count == 1 or Story.objects.get(pk=story.pk).article_count == 1


def test_future_dates_are_clamped_and_empty_text_stands_alone(engine: StoryEngine) -> None:
    now = T0 + timedelta(hours=1)
    future = stored_article(
        "a.com", 1, "Kursk", KURSK, published=T0 + timedelta(days=30), fetched=T0
    )
    empty = stored_article("b.com", 2, "Hi", "")
    cluster_pending(engine, now)
    assert StoryMembership.objects.get(article=future).time == now
    alone = StoryMembership.objects.get(article=empty)
    assert alone.kind == MembershipKind.ALONE
    assert RelatedArticle.objects.filter(article=empty).count() == 0


def test_state_is_rebuilt_from_the_database(engine: StoryEngine, embedder: object) -> None:
    a = stored_article("bbc.co.uk", 1, "Ukraine pushes deeper into Russia's Kursk region", KURSK)
    cluster_pending(engine, T0 + timedelta(hours=1))
    engine.state = None  # a restarted worker
    engine.related_index = None
    b = stored_article(
        "reuters.com",
        2,
        "Ukrainian troops advance in Kursk as Russia sends reserves",
        KURSK.replace("Tuesday", "Wednesday"),
        published=T0 + timedelta(hours=3),
    )
    cluster_pending(engine, T0 + timedelta(hours=4))
    assert (
        StoryMembership.objects.get(article=b).story == StoryMembership.objects.get(article=a).story
    )
