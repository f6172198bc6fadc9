"""Feeds out: a source's and a topic's articles as RSS, Atom and JSON Feed, read back with
newsdesk's own feed parser and with feedparser; autodiscovery links; OPML export."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import feedparser
import pytest
from django.test import Client

from newsdesk.jobs.subscribe import import_outlines
from newsdesk.pipeline.parse import discover_feeds, parse_feed, parse_opml
from newsdesk.serve.web.links import article_path
from newsdesk.serve.web.syndication import JSON_FEED_VERSION, MAX_ITEMS
from newsdesk.store.models import Article, Feed
from tests.serve.conftest import add_feed, minutes_ago

pytestmark = pytest.mark.django_db

MakeArticle = Callable[..., Article]
BASE = "http://testserver"
FORMATS = ("rss", "atom", "json")
WHEN = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)


def _two_articles(make_article: MakeArticle) -> tuple[Article, Article]:
    old = make_article(
        "old-one",
        title="Old one",
        published=WHEN,
        authors=["Ann Writer", "Bo Reporter"],
        summary="First <b>summary</b> &amp; more.",
        image="https://edition.cnn.com/img/old.jpg",
        section="world",
    )
    new = make_article(
        "new-one", title="New one", published=minutes_ago(5), section="world", text="Body. " * 30
    )
    return old, new


@pytest.mark.parametrize("fmt", FORMATS)
def test_source_feed_parses_back_with_newsdesks_parser(
    client: Client, make_article: MakeArticle, fmt: str
) -> None:
    old, new = _two_articles(make_article)

    response = client.get(f"/s/edition.cnn.com/feed.{fmt}")

    assert response.status_code == 200
    url = f"{BASE}/s/edition.cnn.com/feed.{fmt}"
    parsed = parse_feed(response.content, url, response["Content-Type"])
    assert parsed.format.startswith({"rss": "rss", "atom": "atom", "json": "json"}[fmt])
    assert parsed.title == "CNN on newsdesk"
    assert [e.title for e in parsed.entries] == ["New one", "Old one"]
    assert [e.link for e in parsed.entries] == [
        BASE + article_path(new),
        BASE + article_path(old),
    ]
    entry = parsed.entries[1]
    assert entry.published == WHEN
    assert entry.authors[:1] in (("Ann Writer, Bo Reporter",), ("Ann Writer",))
    assert "First summary & more." in entry.summary
    assert entry.image == "https://edition.cnn.com/img/old.jpg"


@pytest.mark.parametrize("fmt", ("rss", "atom"))
def test_xml_feeds_carry_publisher_link_source_and_enclosure(
    client: Client, make_article: MakeArticle, fmt: str
) -> None:
    old, _ = _two_articles(make_article)

    parsed = feedparser.parse(client.get(f"/s/edition.cnn.com/feed.{fmt}").content)

    assert not parsed.bozo, parsed.bozo_exception
    entry = parsed.entries[1]
    assert entry.link == BASE + article_path(old)
    assert entry.id == BASE + article_path(old)
    related = [link.href for link in entry.links if link.rel == "related"]
    assert related == [old.url]
    assert entry.source.title == "CNN"
    source_feed = entry.source.links[0].href if fmt == "atom" else entry.source.href
    assert source_feed == f"{BASE}/s/edition.cnn.com/feed.rss"
    assert entry.published_parsed[:5] == (2026, 3, 1, 12, 30)
    assert entry.summary == "First summary &amp; more."  # HTML of the plain text
    enclosures = [link for link in entry.links if link.rel == "enclosure"]
    assert [e.href for e in enclosures] == ["https://edition.cnn.com/img/old.jpg"]
    assert enclosures[0].type == "image/jpeg"


def test_json_feed_has_the_required_fields(client: Client, make_article: MakeArticle) -> None:
    old, new = _two_articles(make_article)

    response = client.get("/s/edition.cnn.com/feed.json")

    assert response["Content-Type"].startswith("application/feed+json")
    document = json.loads(response.content)
    assert document["version"] == JSON_FEED_VERSION
    assert document["title"] == "CNN on newsdesk"
    assert document["home_page_url"] == f"{BASE}/s/edition.cnn.com/"
    assert document["feed_url"] == f"{BASE}/s/edition.cnn.com/feed.json"
    first, second = document["items"]
    assert first["id"] == first["url"] == BASE + article_path(new)
    assert second == {
        "id": BASE + article_path(old),
        "url": BASE + article_path(old),
        "external_url": old.url,
        "title": "Old one",
        "content_text": "First summary & more.",
        "summary": "First summary & more.",
        "image": "https://edition.cnn.com/img/old.jpg",
        "date_published": "2026-03-01T12:30:00+00:00",
        "authors": [{"name": "Ann Writer"}, {"name": "Bo Reporter"}],
        "_newsdesk": {"source": {"name": "CNN", "feed_url": f"{BASE}/s/edition.cnn.com/feed.rss"}},
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_script_reaches_a_feed(client: Client, make_article: MakeArticle, fmt: str) -> None:
    make_article(
        "hostile",
        title="Hostile",
        summary='Hello <script>alert("x")</script><img src=x onerror=alert(1)> world',
    )
    make_article("hostile-body", title="Body", text="Plain start <script>steal()</script> end")

    body = client.get(f"/s/edition.cnn.com/feed.{fmt}").content.decode()

    assert "Hello" in body and "Plain start" in body
    lowered = body.lower()
    assert "<script" not in lowered and "&lt;script" not in lowered
    assert "\\u003cscript" not in lowered and "onerror" not in lowered


def test_feeds_are_bounded(client: Client, make_article: MakeArticle) -> None:
    for i in range(MAX_ITEMS + 3):
        make_article(f"n{i}", title=f"Item {i}", published=minutes_ago(i + 1))

    document = json.loads(client.get("/s/edition.cnn.com/feed.json").content)

    assert len(document["items"]) == MAX_ITEMS
    assert document["items"][0]["title"] == "Item 0"


def test_link_only_sources_publish_no_excerpt(client: Client, make_article: MakeArticle) -> None:
    from newsdesk.store.models import Source

    article = make_article("quiet", title="Quiet", summary="Secret summary words")
    Source.objects.filter(pk=article.source_id).update(display_policy=Source.DisplayPolicy.LINK)

    body = client.get("/s/edition.cnn.com/feed.json").content.decode()

    assert "Quiet" in body
    assert "Secret summary" not in body


@pytest.mark.parametrize("fmt", FORMATS)
def test_topic_feed_lists_only_the_topic(
    client: Client, make_article: MakeArticle, fmt: str
) -> None:
    _two_articles(make_article)
    make_article("elsewhere", title="Sports thing", section="sport")

    response = client.get(f"/t/world/feed.{fmt}")

    assert response.status_code == 200
    parsed = parse_feed(response.content, f"{BASE}/t/world/feed.{fmt}", response["Content-Type"])
    assert parsed.title == "world on newsdesk"
    assert [e.title for e in parsed.entries] == ["New one", "Old one"]


@pytest.mark.parametrize(
    ("missing", "present"),
    [
        ("/s/nowhere.example/feed.rss", "/s/edition.cnn.com/feed.rss"),
        ("/t/no-such-topic/feed.atom", "/t/world/feed.atom"),
        ("/t/no-such-topic/feed.json", "/t/world/feed.json"),
        ("/s/edition.cnn.com/feed.xml", "/s/edition.cnn.com/feed.atom"),
        ("/feeds/top.html", "/feeds/top.json"),
    ],
)
def test_unknown_source_topic_or_format_is_404(
    client: Client, make_article: MakeArticle, missing: str, present: str
) -> None:
    _two_articles(make_article)
    assert client.get(present).status_code == 200
    assert client.get(missing).status_code == 404


def test_source_feed_redirects_to_the_lowercase_domain(
    client: Client, make_article: MakeArticle
) -> None:
    _two_articles(make_article)
    response = client.get("/s/Edition.CNN.com/feed.atom")
    assert response.status_code == 301
    assert response["Location"] == "/s/edition.cnn.com/feed.atom"


def test_feeds_use_the_page_cache_conditional_get(
    client: Client, make_article: MakeArticle
) -> None:
    _two_articles(make_article)

    first = client.get("/t/world/feed.rss")
    again = client.get("/t/world/feed.rss", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert first.has_header("Last-Modified")
    assert again.status_code == 304


def test_feed_queries_are_bounded(
    client: Client, make_article: MakeArticle, django_assert_max_num_queries: Any
) -> None:
    for i in range(6):
        make_article(f"q{i}", section="world", image=f"https://edition.cnn.com/{i}.png")
    # The page cache's content version, the source, its articles: no query per item.
    with django_assert_max_num_queries(3):
        assert client.get("/s/edition.cnn.com/feed.rss").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/t/world/feed.atom").status_code == 200


# --- autodiscovery ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "feed_path"),
    [
        ("/", "/feeds/top."),
        ("/stories/", "/feeds/top."),
        ("/s/edition.cnn.com/", "/s/edition.cnn.com/feed."),
        ("/t/world/", "/t/world/feed."),
    ],
)
def test_pages_announce_their_feeds(
    client: Client, make_article: MakeArticle, page: str, feed_path: str
) -> None:
    _two_articles(make_article)
    html = client.get(page).content

    found = discover_feeds(html, BASE + page)

    assert [(link.url, link.type) for link in found][:3] == [
        (BASE + feed_path + "rss", "application/rss+xml"),
        (BASE + feed_path + "atom", "application/atom+xml"),
        (BASE + feed_path + "json", "application/feed+json"),
    ]
    for link in found:  # each announced feed answers
        assert client.get(link.url.removeprefix(BASE)).status_code == 200


# --- OPML ------------------------------------------------------------------------------


def test_sources_opml_round_trips_through_the_importer(
    client: Client, db: Any, settings: Any
) -> None:
    add_feed("https://edition.cnn.com/rss/world.xml", title="CNN")
    add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC & friends")

    response = client.get("/sources.opml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/x-opml")
    outlines = parse_opml(response.content)
    assert {(o.xml_url, o.title, o.html_url) for o in outlines} == {
        ("https://edition.cnn.com/rss/world.xml", "CNN", "https://edition.cnn.com/"),
        ("https://www.bbc.co.uk/news/rss.xml", "BBC & friends", "https://www.bbc.co.uk/"),
    }
    # Into an empty database and out again: the same subscriptions.
    Feed.objects.all().delete()
    report = import_outlines(settings.NEWSDESK, outlines)
    assert report.created == 2
    assert client.get("/sources.opml").content == response.content


def test_sources_page_links_the_opml_export(client: Client, make_article: MakeArticle) -> None:
    make_article("one")
    html = client.get("/sources/").content.decode()
    assert 'href="/sources.opml"' in html
