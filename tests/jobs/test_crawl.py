"""The walking skeleton end to end: subscribe -> poll -> fetch -> extract -> store,
against a real HTTP server on 127.0.0.1 and the real database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newsdesk.jobs.context import JobContext
from newsdesk.jobs.scheduler import crawl_once
from newsdesk.jobs.subscribe import subscribe_url
from newsdesk.store.models import Article, ExtractionState, Feed
from tests.httpserver import LocalServer, Request, Response
from tests.jobs.site import article_html, make_stories, publish_site

pytestmark = pytest.mark.django_db


def later(ctx: JobContext, **delta: float) -> JobContext:
    """The same context with its clock moved forward."""
    start = ctx.clock()
    return JobContext(ctx.config, ctx.fetcher, ctx.queue, clock=lambda: start + timedelta(**delta))


def test_site_url_to_stored_articles(http_server: LocalServer, job_ctx: JobContext) -> None:
    stories = make_stories(3)
    publish_site(http_server, stories)
    added = subscribe_url(job_ctx, http_server.url("/"))
    assert [a.feed.url for a in added] == [http_server.url("/rss.xml")]

    stats = crawl_once(job_ctx)

    assert (stats.feeds_polled, stats.new_articles, stats.extracted) == (1, 3, 3)
    feed = Feed.objects.get()
    assert (feed.last_status, feed.error_count, feed.etag) == (200, 0, '"v1"')
    assert feed.source.name == "Harbour Times"
    article = Article.objects.get(url=http_server.url("/news/story-1"))
    assert article.extraction == ExtractionState.OK
    assert article.title == stories[0].title
    assert article.authors == ["Maria Jensen"]
    assert article.published == stories[0].published
    assert "public park with a ferry stop" in article.body_text
    assert "Home" not in article.body_text.split("\n\n")[0]


def test_crawling_again_adds_nothing_and_uses_conditional_get(
    http_server: LocalServer, job_ctx: JobContext
) -> None:
    publish_site(http_server, make_stories(3))
    subscribe_url(job_ctx, http_server.url("/rss.xml"))
    crawl_once(job_ctx)
    # Second poll: the server now only answers 304 to a conditional request.

    def conditional(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 500, {}, b"client did not send If-None-Match"

    http_server.handle("/rss.xml", conditional)
    stats = crawl_once(later(job_ctx, days=2))
    assert stats.feeds_polled == 1 and stats.not_modified == 1 and stats.new_articles == 0
    assert Article.objects.count() == 3
    assert Feed.objects.get().last_status == 304


def test_same_entry_in_two_feeds_is_stored_once(
    http_server: LocalServer, job_ctx: JobContext
) -> None:
    stories = make_stories(2)
    publish_site(http_server, stories, feed_path="/rss.xml")
    publish_site(http_server, stories, feed_path="/all.xml")
    subscribe_url(job_ctx, http_server.url("/rss.xml"))
    subscribe_url(job_ctx, http_server.url("/all.xml"))
    stats = crawl_once(job_ctx)
    assert stats.feeds_polled == 2 and stats.new_articles == 2
    assert Article.objects.count() == 2
    assert all(a.feeds.count() == 2 for a in Article.objects.all())


def test_the_x_robots_tag_header_limits_display_like_the_meta_tag(
    http_server: LocalServer, job_ctx: JobContext
) -> None:
    stories = make_stories(2)
    publish_site(http_server, stories)
    page = http_server.url("/news/story-1")
    http_server.route(
        "/news/story-1",
        article_html(stories[0], page),
        headers={"X-Robots-Tag": "noarchive, googlebot: nosnippet"},
    )
    subscribe_url(job_ctx, http_server.url("/rss.xml"))
    crawl_once(job_ctx)
    limited = Article.objects.get(url=page)
    assert limited.extraction == ExtractionState.OK
    assert limited.robots == "noarchive"  # googlebot's own rule is not ours
    assert Article.objects.get(url=http_server.url("/news/story-2")).robots == ""
