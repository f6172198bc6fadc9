"""Following a publisher through its news sitemap instead of a feed."""

from __future__ import annotations

import gzip

import pytest

from newsdesk.jobs.context import JobContext
from newsdesk.jobs.scheduler import crawl_once
from newsdesk.jobs.subscribe import subscribe_url
from newsdesk.store.models import Article, ExtractionState
from tests.httpserver import LocalServer
from tests.jobs.site import article_html, make_stories

pytestmark = pytest.mark.django_db

NS = (
    'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
)


def test_sitemap_index_is_followed_like_a_feed(
    http_server: LocalServer, job_ctx: JobContext
) -> None:
    stories = make_stories(3, prefix="map")
    urls = []
    for story in stories:
        url = http_server.url(f"/news/{story.slug}")
        http_server.route(f"/news/{story.slug}", article_html(story, url))
        urls.append(
            f"<url><loc>{url}</loc><news:news><news:title>{story.title}</news:title>"
            f"<news:publication_date>{story.published.isoformat()}</news:publication_date>"
            "</news:news></url>"
        )
    news = f'<?xml version="1.0"?><urlset {NS}>{"".join(urls)}</urlset>'
    http_server.route("/news.xml.gz", gzip.compress(news.encode()), content_type="application/gzip")
    http_server.route(
        "/old.xml", f'<?xml version="1.0"?><urlset {NS}></urlset>', content_type="application/xml"
    )
    index = (
        f'<?xml version="1.0"?><sitemapindex {NS}>'
        f"<sitemap><loc>{http_server.url('/old.xml')}</loc><lastmod>2020-01-01</lastmod></sitemap>"
        f"<sitemap><loc>{http_server.url('/news.xml.gz')}</loc><lastmod>2026-02-10</lastmod></sitemap>"
        "</sitemapindex>"
    )
    http_server.route("/sitemap.xml", index, content_type="application/xml")

    added = subscribe_url(job_ctx, http_server.url("/sitemap.xml"))
    stats = crawl_once(job_ctx)

    assert added[0].feed.url == http_server.url("/sitemap.xml")
    assert stats.new_articles == 3 and stats.extracted == 3
    article = Article.objects.get(url=http_server.url(f"/news/{stories[0].slug}"))
    assert article.extraction == ExtractionState.OK
    assert article.title == stories[0].title
    assert article.published == stories[0].published
