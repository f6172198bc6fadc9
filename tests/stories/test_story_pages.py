from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from newsdesk.jobs.cluster_articles import StoryEngine, cluster_pending
from newsdesk.pipeline.cluster.join import LEARNED
from newsdesk.serve.web import links
from newsdesk.store.models import Story, StoryMembership
from tests.stories.factory import FED, KURSK, T0, stored_article

pytestmark = pytest.mark.django_db


def _kursk_story(engine: StoryEngine) -> tuple[Story, list[int]]:
    a = stored_article("bbc.co.uk", 1, "Ukraine pushes deeper into Russia's Kursk region", KURSK)
    b = stored_article(
        "reuters.com",
        2,
        "Ukrainian troops advance in Kursk as Russia sends reserves",
        KURSK.replace("Tuesday", "Wednesday").replace("long queues", "queues"),
        published=T0 + timedelta(hours=3),
    )
    c = stored_article(
        "wirecopy.com", 3, "Ukraine pushes into Kursk", KURSK, published=T0 + timedelta(hours=4)
    )
    stored_article("ft.com", 4, "Fed holds rates steady, still sees cuts this year", FED)
    cluster_pending(engine, T0 + timedelta(days=1))
    story = StoryMembership.objects.get(article=a).story
    assert story is not None
    return Story.objects.get(pk=story.pk), [a.pk, b.pk, c.pk]


def test_story_page_shows_timeline_first_reporter_copies_and_reasons(
    client: Client, engine: StoryEngine, django_assert_max_num_queries: Any
) -> None:
    story, _ = _kursk_story(engine)
    # Session-free page: content version, story, memberships, summary, the entities line.
    with django_assert_max_num_queries(5):
        response = client.get(f"/story/{story.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "First reported by" in html and "bbc.co.uk" in html
    assert "Why grouped" in html and "threshold" in html
    assert "Also published by" in html  # the wire copy is folded, not listed
    assert html.count('class="also"') == 1
    assert "Fed holds rates" not in html


def test_why_grouped_lists_the_learned_models_signals_and_weights(
    client: Client, engine: StoryEngine
) -> None:
    engine.options = replace(engine.options, join_model=LEARNED)
    story, (_, b, _) = _kursk_story(engine)
    reason = StoryMembership.objects.get(article_id=b).reason
    assert reason["kind"] == "joined" and reason["model"] == LEARNED.name
    html = client.get(f"/story/{story.pk}/").content.decode()
    assert f"from the {LEARNED.name} model" in html
    for name in ("nearest", "log_days_latest", "rare_title"):
        assert name in html


def test_merged_story_url_redirects(client: Client, engine: StoryEngine) -> None:
    story, _ = _kursk_story(engine)
    gone = Story.objects.create(key=10**9, first_seen=T0, last_seen=T0, merged_into=story)
    response = client.get(f"/story/{gone.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/story/{story.pk}/"
    assert client.get("/story/999999/").status_code == 404


def test_article_page_lists_same_story_coverage_first(client: Client, engine: StoryEngine) -> None:
    _, (a, _, _) = _kursk_story(engine)
    article = StoryMembership.objects.select_related("article").get(article_id=a).article
    html = client.get(links.article_path(article)).content.decode()
    assert "Related coverage" in html
    related = html.split("Related coverage", 1)[1]
    assert "Ukrainian troops advance in Kursk" in related
    assert 'class="same-story"' in related


def test_top_stories_lists_the_widest_covered_first(client: Client, engine: StoryEngine) -> None:
    _kursk_story(engine)
    html = client.get("/stories/").content.decode()
    assert html.index("Kursk") < html.index("Fed holds")


def test_story_headline_reports_the_event_rather_than_an_opinion(engine: StoryEngine) -> None:
    column = (
        "Ukraine's push into the Kursk region of Russia is a gamble, but the advance near "
        "Sudzha shows Kyiv can still surprise Moscow. Zelensky should keep the troops there "
        "and the West should keep sending what they need."
    )
    a = stored_article("bbc.co.uk", 1, "Ukraine pushes deeper into Russia's Kursk region", KURSK)
    stored_article(
        "bloomberg.com",
        2,
        "Ukraine's Kursk gamble is working. Keep it up.",
        column,
        published=T0 + timedelta(hours=2),
        section="opinion",
    )
    cluster_pending(engine, T0 + timedelta(days=1))
    story = StoryMembership.objects.get(article=a).story
    assert story is not None
    members = StoryMembership.objects.filter(story=story).count()
    assert members == 2, members
    story.refresh_from_db()
    assert story.headline == "Ukraine pushes deeper into Russia's Kursk region"  # not the column


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_top_stories_feed_lists_stories_widest_first(
    client: Client, engine: StoryEngine, fmt: str
) -> None:
    from newsdesk.pipeline.parse import parse_feed

    story, (first, _, _) = _kursk_story(engine)
    response = client.get(f"/feeds/top.{fmt}")

    assert response.status_code == 200
    url = f"http://testserver/feeds/top.{fmt}"
    parsed = parse_feed(response.content, url, response["Content-Type"])
    assert parsed.title == "newsdesk: top stories"
    top = parsed.entries[0]
    assert top.title == story.headline
    assert top.link == f"http://testserver/story/{story.pk}/"
    assert top.published == story.first_seen
    assert "Fed holds" in parsed.entries[1].title
    if fmt == "json":  # the first reporter's own page, as the item's external URL
        item = response.json()["items"][0]
        assert item["external_url"] == StoryMembership.objects.get(article_id=first).article.url
        assert item["_newsdesk"]["source"]["name"] == "bbc.co.uk"


def test_article_page_links_to_its_storys_full_coverage(
    client: Client, engine: StoryEngine, django_assert_num_queries: Any
) -> None:
    story, (a, _, _) = _kursk_story(engine)
    path = links.article_path(StoryMembership.objects.get(article_id=a).article)
    # As for an article with no story: the story comes joined to the article's query.
    with django_assert_num_queries(5):
        page = client.get(path).content.decode()
    assert f'href="/story/{story.pk}/"' in page
    assert f"Full coverage: {story.source_count} outlets" in page

    # An article alone in its story has no coverage to link to.
    lone = StoryMembership.objects.exclude(story=story).get().article
    assert "Full coverage" not in client.get(links.article_path(lone)).content.decode()
