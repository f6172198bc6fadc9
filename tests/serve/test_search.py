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


def reextract(article: Any, title: str, text: str) -> None:
    """The article's page extracted again, now with this title and text."""
    from newsdesk.pipeline.types import ExtractedArticle, ExtractionStatus

    do_record_extraction(
        article,
        ExtractedArticle(status=ExtractionStatus.OK, title=title, text=text),
        now=timezone.now(),
        final_url=article.url,
        canonical_url=None,
    )


def test_index_follows_extraction_updates_and_deletes(corpus: Any) -> None:
    article = corpus["other"]
    reextract(article, "Budget passes", "Now about volcanoes.")
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


def test_search_by_meaning_uses_the_stored_embeddings(
    client: Client, make_article: Any, tmp_path: Any, minilm: Any
) -> None:
    """Vectors come from the real clustering job (MiniLM); the query is embedded by the
    same model, so an article about a football match answers "soccer game" with none of
    its words."""
    from django.utils import timezone

    from newsdesk.config import load_config
    from newsdesk.jobs.cluster_articles import cluster_pending, make_story_engine
    from newsdesk.serve.web import semantic

    semantic.reset()
    texts = {
        "match": ("Late goal wins the derby", "The striker scored in the last minute of the "
                  "football match as the home team beat their rivals in the league."),
        "budget": ("Parliament passes the budget", "Lawmakers approved the spending plan and "
                   "tax changes after a long debate in the chamber."),
        "storm": ("Storm cuts power to thousands", "Heavy winds and rain brought down lines "
                  "across the coast, and crews worked overnight to restore electricity."),
    }  # fmt: skip
    for slug, (title, body) in texts.items():
        make_article(slug, title=title, text=" ".join([body] * 4))

    html = client.get("/search/", {"q": "soccer game", "mode": "meaning"}).content.decode()
    assert "needs article embeddings" in html  # none stored yet: word matches instead

    config = load_config({"NEWSDESK_DATA_DIR": str(tmp_path), "NEWSDESK_SECRET_KEY": "x" * 50})
    cluster_pending(make_story_engine(config, minilm), timezone.now())
    html = client.get("/search/", {"q": "soccer game", "mode": "meaning"}).content.decode()
    found = re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', html)
    assert found[0] == "Late goal wins the derby"
    assert "Closest in meaning first" in html
    words = client.get("/search/", {"q": "soccer game"}).content.decode()
    assert "Late goal wins the derby" not in words  # keyword search has no such words
    filtered = client.get(
        "/search/", {"q": "electricity outage", "mode": "meaning", "source": "edition.cnn.com"}
    ).content.decode()
    assert "Storm cuts power" in filtered
    semantic.reset()


# --- Chinese and Japanese: words without spaces -----------------------------------------


@pytest.fixture
def japanese(make_article: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "quake": make_article(
            "jishin", title="宮崎県で震度5弱",
            text="13日午後9時19分ごろ、宮崎県で震度5弱の地震があった。津波の心配はない。",
            published=now - timedelta(days=1),
        ),
        "fire": make_article(
            "kaji", title="東京都内で火事",
            text="東京都内の住宅で火事があり、地震の影響は確認されていない。",
            published=now - timedelta(days=2),
        ),
        "english": make_article(
            "quake-en", title="Earthquake in Miyazaki", text="A strong earthquake hit.",
            published=now - timedelta(days=3),
        ),
    }  # fmt: skip


def test_chinese_and_japanese_words_are_found_inside_unspaced_text(
    client: Client, japanese: Any
) -> None:
    def found(text: str) -> set[str]:
        return {
            h.article.title for h in search_articles(parse_query(text), SearchFilters(), limit=10)
        }

    # Both tokenizers read "宮崎県で震度5弱の地震があった" as one word: before the
    # character pairs, none of these found anything.
    assert found("地震") == {"宮崎県で震度5弱", "東京都内で火事"}
    assert found("東京都") == {"東京都内で火事"}  # the phrase 東京 京都
    assert found("地震 -火事") == {"宮崎県で震度5弱"}
    assert found("津波 OR 住宅") == {"宮崎県で震度5弱", "東京都内で火事"}
    assert found("宮崎 earthquake") == set()  # words are ANDed across scripts too
    assert found("earthquake") == {"Earthquake in Miyazaki"}

    html = client.get("/search/", {"q": "津波"}).content.decode()
    assert titles(html) == ["宮崎県で震度5弱"]
    assert "<mark>津波</mark>" in html


def test_the_pairs_follow_extraction_updates(japanese: Any) -> None:
    article = japanese["fire"]
    reextract(article, "大阪で火事", "大阪市で火事があった。")
    hits = search_articles(parse_query("大阪"), SearchFilters(), limit=5)
    assert [h.article.pk for h in hits] == [article.pk]
    assert search_articles(parse_query("東京"), SearchFilters(), limit=5) == []


def test_ideograph_pairs_and_their_queries() -> None:
    from newsdesk.pipeline.searchquery import ideograph_pairs

    assert ideograph_pairs("東京で地震", "Tokyo 震") == "東京 京で で地 地震 震"
    assert ideograph_pairs("No ideographs here.") == ""
    assert to_fts5(parse_query("東京都 地震 -火事")) == '("東京 京都" "地震") NOT ("火事")'
    assert to_websearch(parse_query("東京都 quake")) == '"東京 京都" quake'
