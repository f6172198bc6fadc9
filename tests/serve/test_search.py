"""Keyword search on SQLite FTS5 and PostgreSQL full text: ranked, highlighted, filtered,
kept in sync with every write, and safe with any input."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from newsdesk.pipeline.searchquery import parse_query, to_fts5, to_websearch
from newsdesk.store.actions.articles import do_record_extraction
from newsdesk.store.queries.search import SearchFilters, search_articles
from tests.serve.conftest import add_feed

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def corpus(make_article: Any) -> dict[str, Any]:
    now = timezone.now()
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    return {
        "title": make_article(
            "quake", title="Earthquake strikes the coast", text="Rescue teams arrived.",
            published=now - timedelta(days=1),
        ),
        "body": make_article(
            "rescue", title="Rescue work goes on",
            text="Days after the earthquake, volunteers keep digging.\n\nMore text here.",
            published=now - timedelta(days=3),
        ),
        "other": make_article(
            "budget", title="Budget passes", text="Parliament voted on taxes.",
            published=now - timedelta(days=2),
        ),
        "bbc": make_article(
            "bbc-quake", feed=bbc, title="Aftershocks follow", text="Another earthquake hit.",
            published=now - timedelta(days=10),
        ),
    }  # fmt: skip


def test_ranked_with_title_matches_first_and_highlighted(client: Client, corpus: Any) -> None:
    html = client.get("/search/", {"q": "earthquake"}).content.decode()

    found = titles(html)
    assert found[0] == "Earthquake strikes the coast"
    assert set(found) == {
        "Earthquake strikes the coast",
        "Rescue work goes on",
        "Aftershocks follow",
    }
    assert "<mark>earthquake</mark>" in html.lower()


def test_stemming_phrases_exclusion_and_or(corpus: Any) -> None:
    def found(text: str) -> set[str]:
        hits = search_articles(parse_query(text), SearchFilters(), limit=10)
        return {hit.article.title for hit in hits}

    assert found("volunteer dig") == {"Rescue work goes on"}  # stems: volunteers, digging
    assert found('"rescue teams"') == {"Earthquake strikes the coast"}
    assert found("earthquake -volunteers") == {"Earthquake strikes the coast", "Aftershocks follow"}
    assert found("taxes OR aftershocks") == {"Budget passes", "Aftershocks follow"}


def test_filters_by_source_and_date(client: Client, corpus: Any) -> None:
    by_source = client.get("/search/", {"q": "earthquake", "source": "bbc.co.uk"}).content.decode()
    assert titles(by_source) == ["Aftershocks follow"]

    since = (timezone.now() - timedelta(days=5)).date().isoformat()
    recent = client.get("/search/", {"q": "earthquake", "since": since}).content.decode()
    assert "Aftershocks follow" not in titles(recent)
    assert len(titles(recent)) == 2

    until = (timezone.now() - timedelta(days=5)).date().isoformat()
    old = client.get("/search/", {"q": "earthquake", "until": until}).content.decode()
    assert titles(old) == ["Aftershocks follow"]

    unknown = client.get("/search/", {"q": "earthquake", "source": "nope.example"}).content.decode()
    assert "No source with the domain" in unknown


def test_index_follows_extraction_updates_and_deletes(corpus: Any) -> None:
    from newsdesk.pipeline.types import ExtractedArticle, ExtractionStatus

    article = corpus["other"]
    do_record_extraction(
        article,
        ExtractedArticle(
            status=ExtractionStatus.OK, title="Budget passes", text="Now about volcanoes."
        ),
        now=timezone.now(),
        final_url=article.url,
        canonical_url=None,
    )
    assert [
        h.article.pk for h in search_articles(parse_query("volcano"), SearchFilters(), limit=5)
    ] == [article.pk]
    assert search_articles(parse_query("taxes"), SearchFilters(), limit=5) == []

    article.delete()  # a fixture fact: the row leaves, the index must follow
    assert search_articles(parse_query("volcano"), SearchFilters(), limit=5) == []


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "NEAR(a b)",
        "title:x",
        "a AND",
        "*",
        "(((",
        "-",
        "OR OR",
        "'; DROP TABLE x; --",
        "ü ß 日本",
    ],
)
def test_any_input_is_a_valid_query(client: Client, corpus: Any, text: str) -> None:
    assert client.get("/search/", {"q": text}).status_code == 200


def test_query_translation() -> None:
    query = parse_query('quake "rescue teams" -budget OR x')
    # OR after an excluded term joins the term before it.
    assert to_fts5(query) == '("quake" "rescue teams" OR "x") NOT ("budget")'
    assert to_websearch(parse_query('a "b c" -d')) == 'a "b c" -d'
    assert parse_query("-only").empty


def test_search_page_costs_a_fixed_number_of_queries(
    client: Client, corpus: Any, django_assert_num_queries: Any
) -> None:
    # The content version (page cache), ranked ids and snippets, then the articles.
    with django_assert_num_queries(3):
        client.get("/search/", {"q": "earthquake"})
    with django_assert_num_queries(4):  # plus the source filter
        client.get("/search/", {"q": "earthquake", "source": "bbc.co.uk"})


def test_search_runs_on_this_database(corpus: Any) -> None:
    assert connection.vendor in {"sqlite", "postgresql"}
    assert (
        search_articles(parse_query("parliament"), SearchFilters(), limit=5)[0].article.title
        == "Budget passes"
    )
