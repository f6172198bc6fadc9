"""The read-only JSON API: every route in the OpenAPI document, every response matching its
schema, stories built by the real clusterer and enriched by the real jobs, pagination,
JSON errors, conditional GET, CORS, publisher rules and sanitized output."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern
from django.utils import timezone

from newsdesk.config import load_config
from newsdesk.jobs.cluster_articles import StoryEngine, cluster_pending, make_story_engine
from newsdesk.jobs.context import JobContext
from newsdesk.jobs.enrich_article import enrich_pending
from newsdesk.jobs.queue import InlineQueue
from newsdesk.jobs.summarize_story import summarize_next_stories
from newsdesk.pipeline.enrich.embed import MiniLMEmbedder
from newsdesk.pipeline.enrich.providers import AIOptions, Providers
from newsdesk.pipeline.fetch import Fetcher
from newsdesk.serve.api import urls as api_urls
from newsdesk.serve.api.openapi import document
from newsdesk.store.actions.ai import do_store_ai_output
from newsdesk.store.models import AIOutput, Article, Feed, Source, Story, StoryMembership
from tests.serve.conftest import add_feed, minutes_ago
from tests.serve.schema_check import problems
from tests.stories.factory import FED, KURSK, T0, stored_article

pytestmark = pytest.mark.django_db

MakeArticle = Callable[..., Article]
BASE = "http://testserver"
KURSK_2 = KURSK.replace("Tuesday", "Wednesday").replace("long queues", "queues")


@pytest.fixture
def ai_ctx(tmp_path: Path, minilm: MiniLMEmbedder) -> Iterator[JobContext]:
    """The real story engine and offline AI providers, as the worker has them."""
    config = load_config({"NEWSDESK_DATA_DIR": str(tmp_path), "NEWSDESK_SECRET_KEY": "x" * 50})
    engine = make_story_engine(config, minilm)
    providers = Providers(AIOptions(), embedder=minilm)
    with Fetcher(config.fetch_options) as fetcher:
        yield JobContext(config, fetcher, InlineQueue(), ai=providers, stories=engine)


def kursk_story(ctx: JobContext) -> Story:
    """Three outlets on one event (one a wire copy), one on another; clustered, enriched
    (summaries, entities) and summarized by the real jobs."""
    assert isinstance(ctx.stories, StoryEngine) and ctx.ai is not None
    stored_article("bbc.co.uk", 1, "Ukraine pushes deeper into Russia's Kursk region", KURSK)
    stored_article(
        "reuters.com",
        2,
        "Ukrainian troops advance in Kursk as Russia sends reserves",
        KURSK_2,
        published=T0 + timedelta(hours=3),
    )
    stored_article(
        "wirecopy.com", 3, "Ukraine pushes into Kursk", KURSK, published=T0 + timedelta(hours=4)
    )
    stored_article("ft.com", 4, "Fed holds rates steady, still sees cuts this year", FED)
    cluster_pending(ctx.stories, T0 + timedelta(days=1))
    enrich_pending(ctx, ctx.ai)
    summarize_next_stories(ctx, ctx.ai)
    story = StoryMembership.objects.get(article__url="https://bbc.co.uk/news/1").story
    assert story is not None
    return story


def get_json(client: Client, url: str, status: int = 200, **params: Any) -> Any:
    response = client.get(url, params)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def openapi_path(route: str) -> str:
    """``stories/<int:pk>`` -> ``/api/v1/stories/{id}`` (the document's parameter names)."""
    names = {"pk": "id"}
    return "/api/v1/" + re.sub(
        r"<(?:\w+:)?(\w+)>", lambda m: "{" + names.get(m.group(1), m.group(1)) + "}", route
    )


def documented_schema(path: str) -> dict[str, Any]:
    return document()["paths"][path]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]


def assert_matches(body: Any, path: str) -> None:
    found = problems(body, documented_schema(path), document())
    assert not found, (path, found[:10])


# -- the document ---------------------------------------------------------------------------


def test_every_route_is_in_the_openapi_document(client: Client) -> None:
    routes = [
        openapi_path(str(p.pattern))
        for p in api_urls.urlpatterns
        if isinstance(p, URLPattern) and p.name != "not_found"
    ]
    served = get_json(client, "/api/v1/openapi.json")

    assert served == document()
    assert served["openapi"].startswith("3.1")
    assert sorted(served["paths"]) == sorted(routes)
    assert len(routes) == 9
    for path, item in served["paths"].items():  # path parameters are declared
        declared = {p["name"] for p in item["get"]["parameters"] if p["in"] == "path"}
        assert declared == set(re.findall(r"{(\w+)}", path)), path


def test_every_endpoint_answers_what_the_document_says(
    client: Client, ai_ctx: JobContext, django_assert_max_num_queries: Any
) -> None:
    story = kursk_story(ai_ctx)
    bbc = StoryMembership.objects.get(article__url="https://bbc.co.uk/news/1").article
    assert AIOutput.objects.filter(kind=AIOutput.Kind.STORY_SUMMARY).exists()
    assert bbc.entity_links.exists()  # the enrich job found entities
    checks = {
        "/api/v1/stories": "/api/v1/stories",
        f"/api/v1/stories/{story.pk}": "/api/v1/stories/{id}",
        "/api/v1/articles": "/api/v1/articles",
        f"/api/v1/articles/{bbc.pk}": "/api/v1/articles/{id}",
        "/api/v1/sources": "/api/v1/sources",
        "/api/v1/sources/bbc.co.uk": "/api/v1/sources/{domain}",
        "/api/v1/search?q=Kursk": "/api/v1/search",
        "/api/v1/entities/place:russia": "/api/v1/entities/{key}",
        "/api/v1/openapi.json": "/api/v1/openapi.json",
    }
    assert sorted(checks.values()) == sorted(document()["paths"])
    for url, path in checks.items():
        with django_assert_max_num_queries(8, info=url):  # bounded, whatever the data
            body = get_json(client, url)
        assert_matches(body, path)
    # The schema check is not vacuous: the data really has the optional parts.
    detail = get_json(client, f"/api/v1/stories/{story.pk}")
    assert detail["summary"]["sentences"][0]["citations"]
    article = get_json(client, f"/api/v1/articles/{bbc.pk}")
    assert article["ai_summary"]["key_points"] and article["ai_summary"]["entities"]
    assert article["related"]
    assert problems({**detail, "extra": 1}, documented_schema("/api/v1/stories/{id}"), document())


# -- stories --------------------------------------------------------------------------------


def test_story_has_its_timeline_first_reporter_outlets_and_cited_summary(
    client: Client, ai_ctx: JobContext
) -> None:
    story = kursk_story(ai_ctx)

    body = get_json(client, f"/api/v1/stories/{story.pk}")

    assert body["id"] == story.pk
    assert body["first_reported_by"]["domain"] == "bbc.co.uk"
    assert body["outlets"] == story.source_count == 2  # the wire copy is folded, not counted
    timeline = [
        (e["article"]["source"]["domain"], [c["source"]["domain"] for c in e["copies"]])
        for e in body["timeline"]
    ]
    assert timeline == [("bbc.co.uk", ["wirecopy.com"]), ("reuters.com", [])]
    members = set(StoryMembership.objects.filter(story=story).values_list("article_id", flat=True))
    cited = {c["article_id"] for s in body["summary"]["sentences"] for c in s["citations"]}
    assert cited and cited <= members
    assert all(
        c["passage"] in KURSK + KURSK_2
        for s in body["summary"]["sentences"]
        for c in s["citations"]
    )

    top = get_json(client, "/api/v1/stories")
    assert top["items"][0]["id"] == story.pk  # most outlets first
    assert top["items"][0]["api_url"] == f"{BASE}/api/v1/stories/{story.pk}"


def test_a_merged_story_redirects_and_an_unknown_one_is_a_json_404(
    client: Client, ai_ctx: JobContext
) -> None:
    story = kursk_story(ai_ctx)
    gone = Story.objects.create(key=10**9, first_seen=T0, last_seen=T0, merged_into=story)

    response = client.get(f"/api/v1/stories/{gone.pk}")

    assert response.status_code == 301
    assert response["Location"] == f"/api/v1/stories/{story.pk}"
    assert get_json(client, "/api/v1/stories/999999", 404) == {"error": "no such story"}


# -- articles, sanitizing and publisher rules -------------------------------------------------


def test_article_detail_has_the_fields(client: Client, make_article: MakeArticle) -> None:
    article = make_article(
        "tolls",
        title="Tolls rise",
        published=minutes_ago(30),
        authors=["Ann Writer", "Bo Reporter"],
        image="https://edition.cnn.com/img/tolls.jpg",
        caption="The north bridge",
        html="<p>Tolls rise on the <em>north</em> bridge.</p>",
        text="Tolls rise on the north bridge.",
    )

    body = get_json(client, f"/api/v1/articles/{article.pk}")

    assert body["title"] == "Tolls rise"
    assert body["url"] == "https://edition.cnn.com/tolls"
    assert body["source"]["name"] == "CNN" and body["source"]["domain"] == "edition.cnn.com"
    assert body["authors"] == ["Ann Writer", "Bo Reporter"]
    assert body["image"] == {
        "url": "https://edition.cnn.com/img/tolls.jpg",
        "caption": "The north bridge",
    }
    assert body["body_html"] == "<p>Tolls rise on the <em>north</em> bridge.</p>"
    assert body["display"] == "full" and body["partial"] is False
    assert body["ai_summary"] is None and body["related"] == []
    assert body["published"] == article.published.isoformat()
    assert_matches(body, "/api/v1/articles/{id}")


def test_no_script_comes_out_of_a_body_or_a_summary(
    client: Client, make_article: MakeArticle
) -> None:
    script = "<script>alert('x')</script>"
    article = make_article(
        "xss",
        title="Harmless title",
        summary=f"Feed summary {script}<img src=x onerror=alert(1)>",
        html=f'<p>Body one.</p>{script}<p onclick="alert(2)">Body two.</p>',
        text="Body one. Body two.",
    )
    # Bodies are sanitized at extraction; put a raw one in as an older version could have.
    Article.objects.filter(pk=article.pk).update(body_html=f"<p>Body one.</p>{script}")
    do_store_ai_output(
        AIOutput.Kind.ARTICLE_SUMMARY,
        article.pk,
        "v1",
        method="extractive:test",
        payload={
            "sentences": [f"Sentence {script}"],
            "key_points": [f"Point {script}"],
            "entities": [],
        },
        now=timezone.now(),
    )

    detail = client.get(f"/api/v1/articles/{article.pk}").content.decode()
    body = json.loads(detail)
    lists = [client.get(u).content.decode() for u in ("/api/v1/articles", "/api/v1/search?q=body")]

    for raw in (detail, *lists):
        assert "<script" not in raw.lower() and "onerror" not in raw and "onclick" not in raw
    assert body["body_html"] == "<p>Body one.</p>"
    assert body["ai_summary"]["key_points"] == ["Point alert('x')"]
    assert "Feed summary" in body["excerpt"]
    assert json.loads(lists[1])["items"][0]["id"] == article.pk  # the search found it


def set_policy(feed: Feed, policy: str) -> None:
    Source.objects.filter(pk=feed.source_id).update(display_policy=policy)


def test_publisher_rules_apply_as_on_the_pages(
    client: Client, make_article: MakeArticle, feed: Feed
) -> None:
    points = ["Tolls rise on the north bridge in May.", "Drivers pay two euros more a day."]
    image = "https://edition.cnn.com/img/a.jpg"
    full = make_article("full", text=" ".join(points) * 5, image=image)
    nosnip = make_article("nosnip", text=" ".join(points) * 5, robots="nosnippet")
    for article in (full, nosnip):
        do_store_ai_output(
            AIOutput.Kind.ARTICLE_SUMMARY,
            article.pk,
            "v1",
            method="extractive:test",
            payload={"sentences": points, "key_points": points, "entities": []},
            now=timezone.now(),
        )

    assert get_json(client, f"/api/v1/articles/{nosnip.pk}")["ai_summary"]["key_points"] == []
    assert get_json(client, f"/api/v1/articles/{nosnip.pk}")["excerpt"] == ""
    assert get_json(client, f"/api/v1/articles/{full.pk}")["ai_summary"]["key_points"] == points

    set_policy(feed, Source.DisplayPolicy.EXCERPT)
    excerpt = get_json(client, f"/api/v1/articles/{full.pk}")
    assert excerpt["display"] == "excerpt" and excerpt["body_html"] is None
    assert excerpt["excerpt"].startswith("Tolls rise") and excerpt["image"]["url"] == image

    set_policy(feed, Source.DisplayPolicy.LINK)
    link = get_json(client, f"/api/v1/articles/{full.pk}")
    assert link["display"] == "link" and link["body_html"] is None
    assert link["excerpt"] == "" and link["image"] is None
    assert get_json(client, "/api/v1/articles")["items"][0]["excerpt"] == ""


# -- pagination, errors, caching, CORS --------------------------------------------------------


def test_lists_paginate_with_a_bounded_page_size(
    client: Client, make_article: MakeArticle, django_assert_max_num_queries: Any
) -> None:
    for i in range(25):
        make_article(f"n{i}", title=f"Story {i:02d}", published=minutes_ago(i + 1))

    with django_assert_max_num_queries(1):
        first = get_json(client, "/api/v1/articles", per_page=10)
    third = get_json(client, "/api/v1/articles", per_page=10, page=3)

    assert [a["title"] for a in first["items"]] == [f"Story {i:02d}" for i in range(10)]
    assert first["previous"] is None
    assert first["next"] == f"{BASE}/api/v1/articles?page=2&per_page=10"
    second = get_json(client, first["next"].removeprefix(BASE))
    assert second["items"][0]["title"] == "Story 10"
    assert second["previous"] == f"{BASE}/api/v1/articles?page=1&per_page=10"
    assert [a["title"] for a in third["items"]] == [f"Story {i:02d}" for i in range(20, 25)]
    assert third["next"] is None
    assert len(get_json(client, "/api/v1/articles")["items"]) == 20  # the default size
    assert get_json(client, "/api/v1/articles", 404, per_page=10, page=4) == {
        "error": "no such page"
    }
    for bad in ({"per_page": 101}, {"per_page": 0}, {"page": "x"}, {"page": 301}):
        assert "must be a whole number" in get_json(client, "/api/v1/articles", 400, **bad)["error"]

    source = get_json(client, "/api/v1/sources/edition.cnn.com", per_page=5)
    assert source["article_count"] == 25 and len(source["articles"]["items"]) == 5
    assert source["articles"]["next"] == f"{BASE}/api/v1/sources/edition.cnn.com?page=2&per_page=5"


def test_errors_are_json_never_html(client: Client, make_article: MakeArticle) -> None:
    article = make_article("one")

    for url in ("/api/v1/articles/999999", "/api/v1/sources/nowhere.example", "/api/v1/nope",
                "/api/v1/entities/person:nobody", "/api/v1/stories/"):  # fmt: skip
        body = get_json(client, url, 404)
        assert list(body) == ["error"] and "<" not in body["error"]
    assert "q:" in get_json(client, "/api/v1/search", 400)["error"]
    assert "since" in get_json(client, "/api/v1/search", 400, q="x", since="soon")["error"]
    posted = client.post(f"/api/v1/articles/{article.pk}")
    assert posted.status_code == 405 and posted["Allow"] == "GET, HEAD, OPTIONS"
    assert json.loads(posted.content) == {"error": "method not allowed: this API is read-only"}


def test_conditional_get_and_cors(client: Client, make_article: MakeArticle) -> None:
    article = make_article("one")
    url = f"/api/v1/articles/{article.pk}"

    first = client.get(url)

    etag = first["ETag"]
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert first["Access-Control-Allow-Origin"] == "*"
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    make_article("two")
    assert client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=etag).status_code == 200
    changed = client.get("/api/v1/articles")
    Article.objects.filter(pk=article.pk).update(title="A new title")
    assert client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 200
    preflight = client.options(url, HTTP_ORIGIN="https://app.example")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.get("/api/v1/nope")["Access-Control-Allow-Origin"] == "*"


# -- sources, search, entities --------------------------------------------------------------


def test_sources_list_counts_and_links_feeds(client: Client, make_article: MakeArticle) -> None:
    make_article("one")
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    make_article("two", feed=bbc)
    make_article("three", feed=bbc)

    body = get_json(client, "/api/v1/sources")

    assert [(s["name"], s["article_count"]) for s in body["items"]] == [
        ("BBC News", 2),
        ("CNN", 1),
    ]
    assert body["items"][1]["feeds"]["json"] == f"{BASE}/s/edition.cnn.com/feed.json"
    assert client.get("/api/v1/sources/EDITION.cnn.com")["Location"] == (
        "/api/v1/sources/edition.cnn.com"
    )


def test_search_gives_the_search_pages_hits_in_order(
    client: Client, make_article: MakeArticle
) -> None:
    now = timezone.now()
    make_article("quake", title="Earthquake strikes the coast", text="Rescue teams arrived.",
                 published=now - timedelta(days=1))  # fmt: skip
    make_article("rescue", title="Rescue work goes on",
                 text="Days after the earthquake, volunteers dig.",
                 published=now - timedelta(days=3))  # fmt: skip
    make_article("budget", title="Budget passes", text="Parliament voted on taxes.")
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    make_article("aftershock", feed=bbc, title="Aftershocks follow", text="Another earthquake.")

    body = get_json(client, "/api/v1/search", q="earthquake")
    page = client.get("/search/", {"q": "earthquake"}).content.decode()

    titles = [hit["title"] for hit in body["items"]]
    assert titles == re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', page)
    assert titles[0] == "Earthquake strikes the coast" and len(titles) == 3
    rescue = next(hit for hit in body["items"] if hit["title"] == "Rescue work goes on")
    assert rescue["matches"] == ["earthquake"]  # the body's match, marked by the database
    assert "Days after the earthquake" in rescue["snippet"]
    assert "\x02" not in json.dumps(body)
    only_bbc = get_json(client, "/api/v1/search", q="earthquake", source="bbc.co.uk")
    assert [h["title"] for h in only_bbc["items"]] == ["Aftershocks follow"]
    assert (
        get_json(client, "/api/v1/search", q="earthquake", source="nowhere.example")["items"] == []
    )
    one = get_json(client, "/api/v1/search", q="earthquake", per_page=1)
    assert one["next"] is not None and len(one["items"]) == 1


def test_entity_lists_its_stories_and_articles(client: Client, ai_ctx: JobContext) -> None:
    story = kursk_story(ai_ctx)

    body = get_json(client, "/api/v1/entities/place:russia")

    assert body["name"] == "Russia" and body["kind"] == "place"
    assert [s["id"] for s in body["stories"]] == [story.pk]
    domains = {a["source"]["domain"] for a in body["articles"]["items"]}
    assert "bbc.co.uk" in domains and "ft.com" not in domains
    linked = get_json(client, body["articles"]["items"][0]["api_url"].removeprefix(BASE))
    entity_urls = [e["api_url"] for e in linked["ai_summary"]["entities"]]
    assert f"{BASE}/api/v1/entities/place:russia" in entity_urls
