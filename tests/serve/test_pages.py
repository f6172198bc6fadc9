"""The server-rendered pages, on the real database with data built through actions."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsdesk.pipeline.types import ExtractionStatus
from newsdesk.serve.web.links import article_path
from newsdesk.store.actions.feeds import do_record_feed_failure
from newsdesk.store.models import Article, Feed
from tests.serve.conftest import FEED_URL, add_feed, minutes_ago, name_entities, publish

pytestmark = pytest.mark.django_db

MakeArticle = Callable[..., Article]


def titles_in(html: str) -> list[str]:
    return re.findall(r'<h[23] class="card-title"><a href="[^"]+">([^<]+)</a>', html)


# --- home ------------------------------------------------------------------------------


def test_home_lists_articles_newest_first(client: Client, make_article: MakeArticle) -> None:
    make_article("older", title="Older story", published=minutes_ago(180))
    newest = make_article(
        "newest", title="Newest story", published=minutes_ago(24), summary="<p>A &amp; B</p>"
    )
    make_article("middle", title="Middle story", published=minutes_ago(60))

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert titles_in(html) == ["Newest story", "Middle story", "Older story"]
    assert f'href="{article_path(newest)}"' in html
    assert '<a href="/s/edition.cnn.com/">CNN</a>' in html
    assert re.search(r'<time datetime="[0-9T:+-]+" title="[^"]+">24 minutes ago</time>', html)
    assert '<p class="excerpt">A &amp; B</p>' in html  # summary as escaped plain text


def test_home_excerpt_falls_back_to_the_first_words_of_the_body(
    client: Client, make_article: MakeArticle
) -> None:
    make_article("long", text=" ".join(f"w{i}" for i in range(200)))

    html = client.get("/").content.decode()

    assert "w0 w1 w2" in html
    assert "w39…" in html
    assert "w40" not in html


def test_home_excerpt_of_a_summary_cut_mid_word_reads_on_in_the_body(
    client: Client, make_article: MakeArticle
) -> None:
    # Publishers cut feed summaries at a character count, often inside a word.
    make_article(
        "cut",
        summary="Missiles were fired overnight. Every night without them resul",
        text="Kicker line.\n\nMissiles were fired overnight.\n\n"
        "Every night without them results in more victims, the president wrote.",
    )
    make_article("whole", summary="A complete line without a full stop", text="Other words.")

    html = client.get("/").content.decode()

    assert "them results in more victims, the president wrote." in html
    assert "resul<" not in html and "Kicker line" not in html
    assert ">A complete line without a full stop</p>" in html  # not found in the body: kept


def test_home_excerpt_does_not_repeat_the_headline(
    client: Client, make_article: MakeArticle
) -> None:
    # Some bodies and feed summaries open with the headline: the card shows it once.
    title = "South Korea Seizes Ship Suspected of Oil Transfer"
    make_article("body", title=title, text=f"{title} Seoul has seized a Hong Kong ship.")
    make_article("summ", title=title + " Again", summary=f"{title} Again - Seoul said more.")

    html = client.get("/").content.decode()
    shown = re.findall(r'<p class="excerpt"[^>]*>([^<]*)</p>', html)

    assert sorted(shown) == ["Seoul has seized a Hong Kong ship.", "Seoul said more."]


def test_home_excerpt_never_ends_in_a_fragment_of_a_long_body(
    client: Client, make_article: MakeArticle
) -> None:
    # Fewer than 40 words in the first EXCERPT_CHARS characters: the list query's head of
    # the body ends inside a word.
    word = "Donaudampfschifffahrtsgesellschaftskapitän"
    make_article("long-words", text=" ".join(f"{word}{i}" for i in range(60)))

    html = client.get("/").content.decode()
    shown = re.search(r'<p class="excerpt"[^>]*>([^<]*)</p>', html)

    assert shown is not None and shown.group(1).endswith("…")
    last = shown.group(1).removesuffix("…").split()[-1]
    assert last.removeprefix(word).isdigit()  # a whole word, number included


def test_home_lead_image_reserves_its_box_and_leaks_no_referrer(
    client: Client, make_article: MakeArticle
) -> None:
    make_article("pic", image="https://cdn.cnn.com/pic.jpg")

    html = client.get("/").content.decode()

    img = re.search(r"<img class=\"thumb\"[^>]*>", html)
    assert img is not None
    for attribute in ('src="https://cdn.cnn.com/pic.jpg"', 'loading="lazy"',
                      'referrerpolicy="no-referrer"', 'width="', 'height="'):  # fmt: skip
        assert attribute in img.group(0)


def test_home_hides_articles_not_yet_extracted(client: Client, make_article: MakeArticle) -> None:
    make_article("shown", title="Shown")
    make_article("cookie", title="Consent wall", status=ExtractionStatus.CONSENT_WALL)

    assert titles_in(client.get("/").content.decode()) == ["Shown"]


def test_home_empty_state_tells_a_new_user_what_to_do(client: Client) -> None:
    html = client.get("/").content.decode()

    assert "No articles yet" in html
    assert "newsdesk feeds add" in html
    assert "newsdesk demo" in html


def test_home_paginates_thirty_per_page(client: Client, make_article: MakeArticle) -> None:
    for i in range(31):
        make_article(f"n{i}", title=f"Story {i:02d}", published=minutes_ago(i + 1))

    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()

    assert len(titles_in(first)) == 30
    assert 'rel="next" href="?page=2"' in first
    assert 'rel="prev"' not in first
    assert titles_in(second) == ["Story 30"]
    assert 'rel="prev" href="?page=1"' in second
    assert 'rel="next"' not in second
    assert client.get("/?page=3").status_code == 404
    assert client.get("/?page=0").status_code == 404
    assert client.get("/?page=x").status_code == 404


def test_home_costs_one_query_however_many_articles(
    client: Client, make_article: MakeArticle, django_assert_num_queries: Any
) -> None:
    other = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    for i in range(30):
        make_article(f"n{i}", feed=other if i % 2 else None, image=f"https://img.test/{i}.jpg")
    for i in range(5):  # a full page, and a next one
        make_article(f"extra{i}", published=minutes_ago(10_000))

    with django_assert_num_queries(2):  # the content version (page cache), the page
        response = client.get("/")

    assert response.status_code == 200
    assert len(titles_in(response.content.decode())) == 30
    assert len(response.content) < 100_000


# --- article ---------------------------------------------------------------------------


def test_article_page_shows_the_article(client: Client, make_article: MakeArticle) -> None:
    article = make_article(
        "world/quake",
        title="Earthquake strikes coast",
        authors=["Ann Lee", "Bo Chan"],
        published=minutes_ago(90),
        text="First paragraph.\n\nSecond paragraph.",
        image="https://cdn.cnn.com/quake.jpg",
        caption="Rescue teams at work.",
    )

    response = client.get(article_path(article))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Earthquake strikes coast</h1>" in html
    assert '<a href="/s/edition.cnn.com/">CNN</a>' in html
    assert "By Ann Lee and Bo Chan" in html
    assert re.search(r'<time datetime="[^"]+" title="[^"]+">1 hour ago</time>', html)
    assert "<p>First paragraph.</p><p>Second paragraph.</p>" in html
    assert "<figcaption>Rescue teams at work.</figcaption>" in html
    assert (
        '<a href="https://edition.cnn.com/world/quake" rel="noopener">Read the original at CNN</a>'
        in html
    )
    assert "No comments yet" in html  # the comments section (issue 6), empty


def test_article_url_redirects_to_the_right_slug(client: Client, make_article: MakeArticle) -> None:
    article = make_article("q", title="Ünïcode title: here!")
    path = article_path(article)
    assert path == f"/a/{article.pk}/%C3%BCn%C3%AFcode-title-here/"

    for wrong in (f"/a/{article.pk}/", f"/a/{article.pk}/old-title/"):
        response = client.get(wrong)
        assert response.status_code == 301
        assert response["Location"] == path
    assert client.get(path).status_code == 200


def test_article_page_costs_a_fixed_number_of_queries(
    client: Client, make_article: MakeArticle, django_assert_num_queries: Any
) -> None:
    path = article_path(make_article("one", authors=["A"], image="https://img.test/a.jpg"))

    # The content version (page cache), the article, its comments, its AI panel, its
    # precomputed related articles; then the same page again from the cache.
    with django_assert_num_queries(5):
        assert client.get(path).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(path).status_code == 200


def test_unknown_or_unextracted_article_is_404(client: Client, make_article: MakeArticle) -> None:
    hidden = make_article("hidden", status=ExtractionStatus.NOT_ARTICLE)

    assert client.get("/a/999999/").status_code == 404
    response = client.get(f"/a/{hidden.pk}/hidden/")
    assert response.status_code == 404
    assert "Not found" in response.content.decode()


def test_paywalled_article_says_it_is_partial(client: Client, make_article: MakeArticle) -> None:
    article = make_article("pw", status=ExtractionStatus.PAYWALLED)

    assert "only part of this article" in client.get(article_path(article)).content.decode()


# --- display policy --------------------------------------------------------------------


def set_display_policy(feed: Feed, policy: str) -> None:
    # No store action sets a display policy yet (operators use the admin); see report.
    type(feed.source).objects.filter(pk=feed.source_id).update(display_policy=policy)


def test_excerpt_policy_hides_the_full_body(
    client: Client, feed: Feed, make_article: MakeArticle
) -> None:
    words = " ".join(f"w{i}" for i in range(300))
    article = make_article("ex", text=words, html=f"<p>{words}</p>", summary="")
    set_display_policy(feed, "excerpt")

    html = client.get(article_path(article)).content.decode()

    assert "w0 w1" in html
    assert "w79…" in html
    assert "w80" not in html
    assert "Read the original at CNN" in html


def test_link_policy_shows_no_text_and_no_image(
    client: Client, feed: Feed, make_article: MakeArticle
) -> None:
    article = make_article("li", text="Secret body text.", image="https://img.test/x.jpg")
    set_display_policy(feed, "link")

    html = client.get(article_path(article)).content.decode()

    assert "Secret body text" not in html
    assert "img.test" not in html
    assert "Read the original at CNN" in html


def test_link_policy_keeps_text_and_image_off_list_cards_too(
    client: Client, feed: Feed, make_article: MakeArticle
) -> None:
    make_article(
        "li",
        title="Linked headline",
        text="Secret body text about the harbour.",
        summary="Secret summary.",
        image="https://img.test/x.jpg",
    )
    set_display_policy(feed, "link")

    for path in ("/", "/s/edition.cnn.com/", "/search/?q=harbour"):
        html = client.get(path).content.decode()
        assert "Linked headline" in html, path  # listed, with its source and time
        assert "Secret" not in html, path
        assert "img.test" not in html, path


# --- sources ---------------------------------------------------------------------------


def test_source_page_lists_its_articles_and_feed_health(
    client: Client, feed: Feed, make_article: MakeArticle, django_assert_num_queries: Any
) -> None:
    make_article("mine", title="Mine")
    publish(add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC"), "theirs", title="Theirs")
    do_record_feed_failure(
        feed, "HTTP 503 from server", now=timezone.now(), retry_in=60, status=503
    )

    with django_assert_num_queries(4):  # version, source, one page of articles, feeds
        response = client.get("/s/edition.cnn.com/")

    html = response.content.decode()
    assert "<h1>CNN</h1>" in html
    assert 'href="https://edition.cnn.com/"' in html
    assert titles_in(html) == ["Mine"]
    assert FEED_URL in html
    assert "Failing" in html
    assert "HTTP 503 from server" in html
    assert "never" in html  # last success


def test_source_page_paginates(client: Client, make_article: MakeArticle) -> None:
    for i in range(31):
        make_article(f"n{i}", published=minutes_ago(i + 1))

    assert 'rel="next" href="?page=2"' in client.get("/s/edition.cnn.com/").content.decode()
    assert len(titles_in(client.get("/s/edition.cnn.com/?page=2").content.decode())) == 1


def test_unknown_source_is_404_and_case_is_normalised(client: Client, feed: Feed) -> None:
    assert client.get("/s/nowhere.example/").status_code == 404
    response = client.get("/s/Edition.CNN.com/")
    assert response.status_code == 301
    assert response["Location"] == "/s/edition.cnn.com/"


def test_sources_list_counts_visible_articles(
    client: Client, make_article: MakeArticle, django_assert_num_queries: Any
) -> None:
    make_article("a")
    make_article("b")
    make_article("c", status=ExtractionStatus.FAILED)
    add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC")

    with django_assert_num_queries(2):  # the content version (page cache), the page
        html = client.get("/sources/").content.decode()

    assert re.search(r'<a href="/s/edition.cnn.com/">CNN</a>\s*<span class="meta">'
                     r"edition.cnn.com · 2 articles</span>", html)  # fmt: skip
    assert "bbc.co.uk · 0 articles" in html


# --- layout, headers, health -----------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/sources/", "/s/edition.cnn.com/", "/nope/"])
def test_every_page_has_the_layout_and_a_strict_csp(
    client: Client, make_article: MakeArticle, path: str
) -> None:
    make_article("x")

    response = client.get(path)

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert '<a class="skip" href="#main">' in html
    assert "<header" in html and '<main id="main"' in html and "<footer" in html
    # The one script is our own static file: no inline code.
    assert re.findall(r"<script[^>]*>[^<]*</script>", html) == [
        '<script src="/static/web/app.js" defer></script>'
    ]
    assert " style=" not in html and "<style" not in html
    assert len(re.findall(r"<h1[ >]", html)) == 1


def test_stylesheet_is_served(client: Client) -> None:
    response = client.get("/static/web/site.css")

    assert response.status_code == 200
    assert b"prefers-color-scheme: dark" in b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_healthz_reports_counts(client: Client, make_article: MakeArticle) -> None:
    make_article("a")
    make_article("b", status=ExtractionStatus.FAILED)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "articles": 2, "feeds": 1}
    assert "no-cache" in response["Cache-Control"]


def test_robots_directives_narrow_what_is_shown(client: Client, make_article: MakeArticle) -> None:
    """The source shows full text; the publisher's robots meta says less, and wins."""

    def text(slug: str) -> str:
        return f"Opening words of {slug} report. " * 30

    plain = make_article("plain", text=text("plain"))
    noarchive = make_article("noarchive", text=text("noarchive"), robots="noarchive")
    nosnippet = make_article("nosnip", text=text("nosnip"), robots="noarchive,nosnippet")
    short = make_article("short", text=text("short"), robots="noarchive,max-snippet:40")

    assert '<div class="body">' in client.get(article_path(plain)).content.decode()
    html = client.get(article_path(noarchive)).content.decode()
    assert '<div class="body">' not in html and 'class="body excerpt"' in html
    html = client.get(article_path(nosnippet)).content.decode()
    assert "body excerpt" not in html and "Opening words of nosnip" not in html
    assert "Read the original" in html
    html = client.get(article_path(short)).content.decode()
    excerpt = re.search(r'<p class="body excerpt">([^<]*)</p>', html)
    assert excerpt is not None and len(excerpt.group(1)) <= 40
    assert excerpt.group(1).endswith("…")
    latest = client.get("/").content.decode()  # list cards honour it too
    assert "Opening words of plain" in latest and "Opening words of nosnip" not in latest
    assert "Opening words of short report. Opening words" not in latest  # 40 chars at most


def test_list_pages_walk_their_order_index_on_sqlite(db: Any) -> None:
    """Latest and top stories read one page along an index, never sort the whole table
    (SQLite's planner is told by migration 0007 that state equalities are not selective)."""
    from django.db import connection

    from newsdesk.store.queries.articles import article_cards
    from newsdesk.store.queries.stories import top_stories

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's planner statistics; PostgreSQL gathers its own")
    for query, index in ((article_cards()[:31], "article_listed"), (top_stories(), "story_top")):
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert f"USING INDEX {index}" in plan, plan


def test_the_ai_panel_shows_no_article_sentences_a_publisher_limits(
    client: Client, make_article: MakeArticle
) -> None:
    """Key points are the article's own sentences: nosnippet hides them, max-snippet:N keeps
    what fits in N characters."""
    from newsdesk.store.actions.ai import do_store_ai_output
    from newsdesk.store.models import AIOutput

    points = ["Tolls rise on the north bridge in May.", "Drivers pay two euros more a day."]
    pages = {}
    for slug, robots in (("open", ""), ("nosnip", "nosnippet"), ("short", "max-snippet:45")):
        article = make_article(slug, text=" ".join(points) * 5, robots=robots)
        do_store_ai_output(
            AIOutput.Kind.ARTICLE_SUMMARY,
            article.pk,
            "v1",
            method="extractive:test",
            payload={"sentences": points, "key_points": points, "entities": []},
            now=timezone.now(),
        )
        pages[slug] = client.get(article_path(article)).content.decode()

    def key_points(html: str) -> list[str]:
        found = re.search(r'<ul class="key-points">(.*?)</ul>', html, re.S)
        return re.findall(r"<li>([^<]*)</li>", found.group(1)) if found else []

    assert key_points(pages["open"]) == points
    assert key_points(pages["nosnip"]) == []
    assert "no summary is shown" in pages["nosnip"] and 'class="ai-panel"' in pages["nosnip"]
    assert key_points(pages["short"]) == points[:1]


def test_the_ai_panel_leaves_out_key_points_that_are_the_whole_article(
    client: Client, make_article: MakeArticle
) -> None:
    """A two-sentence item (or a body of boilerplate) "in brief" is the item again."""
    from newsdesk.store.actions.ai import do_store_ai_output
    from newsdesk.store.models import AIOutput

    points = ["Copyright 2017 The Wire Agency.", "All rights reserved."]
    entity = {"key": "org:the wire agency", "name": "The Wire Agency", "kind": "org"}
    pages = {}
    for slug, text in (("whole", " ".join(points)), ("long", " ".join(points) * 5)):
        article = make_article(slug, text=text)
        do_store_ai_output(
            AIOutput.Kind.ARTICLE_SUMMARY,
            article.pk,
            "v1",
            method="extractive:test",
            payload={"sentences": points, "key_points": points, "entities": [entity]},
            now=timezone.now(),
        )
        pages[slug] = client.get(article_path(article)).content.decode()

    assert 'class="key-points"' not in pages["whole"] and "Sentences picked" not in pages["whole"]
    assert ">The Wire Agency</a>" in pages["whole"]  # entities and "ask" stay
    assert 'class="key-points"' in pages["long"] and "Sentences picked" in pages["long"]


def test_the_ai_panel_lists_the_entities_the_article_is_linked_to_now(
    client: Client, make_article: MakeArticle
) -> None:
    """The panel's entities are the stored links, not the copy the summary was stored with:
    a bare "Biden" the store has since resolved to Joe Biden links to Joe Biden's page."""
    from newsdesk.store.actions.ai import do_store_ai_output
    from newsdesk.store.models import AIOutput

    article = make_article("budget", text="President Biden released his budget. " * 5)
    stale = {"key": "person:biden", "name": "Biden", "kind": "person", "mentions": 3}
    do_store_ai_output(
        AIOutput.Kind.ARTICLE_SUMMARY,
        article.pk,
        "v1",
        method="extractive:test",
        payload={"sentences": [], "key_points": [], "entities": [stale]},
        now=timezone.now(),
    )
    name_entities(article, ("Joe Biden", "person", 3), ("Congress", "organization", 1))

    html = client.get(article_path(article)).content.decode()
    links = re.findall(r'class="entity entity-[a-z]+" title="[a-z]+" href="([^"]+)">([^<]+)<', html)
    assert [name for _, name in links] == ["Joe Biden", "Congress"]
    assert all(client.get(href).status_code == 200 for href, _ in links)
    api = client.get(reverse("api:article", args=[article.pk])).json()
    assert [e["name"] for e in api["ai_summary"]["entities"]] == ["Joe Biden", "Congress"]
