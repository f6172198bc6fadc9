"""Follow sources, topics and entities, For you (with reasons), Saved, topic pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from newsdesk.serve.web.links import article_path
from tests.serve.conftest import add_feed, minutes_ago

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'<h[23] class="card-title"><a href="[^"]+">([^<]+)</a>', html)


def test_for_you_shows_followed_sources_and_topics_with_the_reason(
    client: Client, reader: Any, make_article: Any
) -> None:
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    make_article("cnn-world", title="CNN world", section="World", published=minutes_ago(5))
    make_article("cnn-sport", title="CNN sport", section="Sport", published=minutes_ago(6))
    make_article("bbc-tech", feed=bbc, title="BBC tech", section="Tech", published=minutes_ago(7))
    make_article(
        "bbc-world", feed=bbc, title="BBC world", section="World", published=minutes_ago(8)
    )
    client.force_login(reader)

    assert "Follow sources, topics" in client.get("/for-you/").content.decode()
    client.post("/s/bbc.co.uk/follow")
    client.post("/topics/follow", {"topic": "World"})
    html = client.get("/for-you/").content.decode()

    assert titles(html) == ["CNN world", "BBC tech", "BBC world"]
    reasons = re.findall(r'<p class="reason">([^<]+)</p>', html)
    assert reasons == [
        "Because you follow the topic World",
        "Because you follow BBC News",
        "Because you follow BBC News",
    ]

    client.post("/s/bbc.co.uk/follow", {"action": "unfollow"})
    assert titles(client.get("/for-you/").content.decode()) == ["CNN world", "BBC world"]


def test_for_you_costs_a_fixed_number_of_queries(
    client: Client, reader: Any, make_article: Any, django_assert_num_queries: Any
) -> None:
    for i in range(12):
        make_article(f"a{i}", section=f"S{i % 3}", image=f"https://img.test/{i}.jpg")
    client.force_login(reader)
    client.post("/s/edition.cnn.com/follow")
    for topic in ("S0", "S1"):
        client.post("/topics/follow", {"topic": topic})

    with django_assert_num_queries(4):  # session, user, follows, page
        assert client.get("/for-you/").status_code == 200


def test_save_and_list_saved_articles(
    client: Client, reader: Any, make_article: Any, django_assert_num_queries: Any
) -> None:
    first = make_article("first", title="First")
    second = make_article("second", title="Second")
    client.force_login(reader)

    client.post(f"/a/{first.pk}/save")
    client.post(f"/a/{second.pk}/save", {"next": "/saved/"})
    page = client.get(article_path(first)).content.decode()
    assert 'aria-pressed="true">Saved</button>' in page
    assert f'data-saved-article="{article_path(first)}"' in page

    with django_assert_num_queries(3):  # session, user, saved articles with their sources
        html = client.get("/saved/").content.decode()
    assert titles(html) == ["Second", "First"]
    assert "data-offline-list" in html

    client.post(f"/a/{first.pk}/save", {"action": "unsave"})
    assert titles(client.get("/saved/").content.decode()) == ["Second"]


def test_follow_redirects_only_to_this_site(client: Client, reader: Any, make_article: Any) -> None:
    make_article("x")
    client.force_login(reader)

    response = client.post("/s/edition.cnn.com/follow", {"next": "https://evil.example/"})

    assert response["Location"] == "/s/edition.cnn.com/"


def test_topic_page(client: Client, make_article: Any, django_assert_num_queries: Any) -> None:
    make_article("w1", title="World one", section="World")
    make_article("s1", title="Sport one", section="Sport")

    with django_assert_num_queries(2):  # the content version (page cache), the page
        html = client.get("/t/World/").content.decode()

    assert "<h1>World</h1>" in html
    assert titles(html) == ["World one"]
    assert client.get("/t/Nothing/").status_code == 404


def test_source_page_follow_button(client: Client, reader: Any, make_article: Any) -> None:
    make_article("x")
    client.force_login(reader)

    assert "Follow CNN" in client.get("/s/edition.cnn.com/").content.decode()
    client.post("/s/edition.cnn.com/follow")
    assert "Following CNN" in client.get("/s/edition.cnn.com/").content.decode()


def _names(article: Any, *names: tuple[str, str, int]) -> None:
    """An article's entities, stored through the AI action the enrichment job uses."""
    from newsdesk.pipeline.enrich.entities import Entity as Found
    from newsdesk.store.actions.ai import do_set_article_entities

    do_set_article_entities(
        article, [Found(name=n, kind=k, mentions=m, surface_forms=(n,)) for n, k, m in names]
    )


def test_follow_an_entity_from_an_article_and_see_why_in_for_you(
    client: Client, reader: Any, make_article: Any, django_assert_num_queries: Any
) -> None:
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    first = make_article("summit", title="Summit opens", published=minutes_ago(9))
    _names(first, ("Ada Lovelace", "person", 3), ("Geneva", "place", 1))
    other = make_article("talks", feed=bbc, title="Talks go on", published=minutes_ago(5))
    _names(other, ("Geneva", "place", 2))
    make_article("unrelated", feed=bbc, title="Weather", published=minutes_ago(1))
    client.force_login(reader)

    html = client.get(article_path(first)).content.decode()
    buttons = re.findall(
        r'action="(/entities/\d+/follow)".*?<button[^>]*>([^<]+)</button>', html, re.S
    )
    assert [label for _, label in buttons] == ["Follow Ada Lovelace", "Follow Geneva"]
    client.post(buttons[1][0], {"next": article_path(first)})

    html = client.get("/for-you/").content.decode()
    assert titles(html) == ["Talks go on", "Summit opens"]
    reasons = re.findall(r'<p class="reason">([^<]+)</p>', html)
    assert reasons == ["Because you follow Geneva", "Because you follow Geneva"]
    assert "Following Geneva" in client.get(article_path(first)).content.decode()

    client.post("/s/bbc.co.uk/follow")  # a source follow explains its own articles first
    reasons = re.findall(r'<p class="reason">([^<]+)</p>', client.get("/for-you/").content.decode())
    assert reasons == [
        "Because you follow BBC News",
        "Because you follow BBC News",
        "Because you follow Geneva",
    ]
    with django_assert_num_queries(5):  # session, user, follows, page, entity reasons
        client.get("/for-you/")

    client.post(buttons[1][0], {"action": "unfollow"})
    assert "Follow Geneva" in client.get(article_path(first)).content.decode()
    assert client.post("/entities/999999/follow").status_code == 404
