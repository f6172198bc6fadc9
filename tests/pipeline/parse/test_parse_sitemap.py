"""parse_sitemap: urlset with news/image extensions, sitemap index, gzip."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest
from tests.pipeline.parse.golden import TESTDATA

from newsdesk.pipeline.errors import NotAFeed, ParseError, UnsafeXML
from newsdesk.pipeline.parse import parse_sitemap, sitemap_as_feed
from newsdesk.pipeline.types import Sitemap, SitemapURL

URLSET = Sitemap(
    kind="urlset",
    urls=(
        SitemapURL(
            url="https://news.example/politics/budget-2024",
            lastmod=datetime(2024, 1, 2, 20, 4, 5, tzinfo=UTC),
            news_title="Council approves budget",
            news_published=datetime(2024, 1, 2, 20, 4, 5, tzinfo=UTC),
            news_language="en",
            images=(
                "https://cdn.news.example/img/budget.jpg",
                "https://news.example/img/second.jpg",
            ),
        ),
        SitemapURL(url="https://news.example/about", lastmod=datetime(2023, 12, 1, tzinfo=UTC)),
        SitemapURL(url="https://news.example/local/harbour"),
    ),
)


def test_urlset() -> None:
    content = (TESTDATA / "sitemap.xml").read_bytes()
    assert parse_sitemap(content, "https://news.example/sitemap.xml") == URLSET


def test_gzipped_urlset() -> None:
    content = gzip.compress((TESTDATA / "sitemap.xml").read_bytes())
    assert parse_sitemap(content, "https://news.example/sitemap.xml.gz") == URLSET


def test_sitemap_index() -> None:
    content = (TESTDATA / "sitemap_index.xml").read_bytes()
    assert parse_sitemap(content, "https://news.example/sitemap.xml") == Sitemap(
        kind="sitemapindex",
        sitemaps=(
            SitemapURL(
                "https://news.example/sitemap-2024-01.xml.gz",
                lastmod=datetime(2024, 1, 31, 23, 59, 59, tzinfo=UTC),
            ),
            SitemapURL("https://news.example/sitemap-news.xml"),
        ),
    )


def test_broken_gzip_and_xml() -> None:
    with pytest.raises(ParseError, match="gzip"):
        parse_sitemap(b"\x1f\x8b\x08\x00garbage", "https://a.example/s.xml.gz")
    with pytest.raises(ParseError, match="well-formed"):
        parse_sitemap(b"<urlset><url><loc>", "https://a.example/s.xml")


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (60 * 1024 * 1024) + b"</urlset>")
    with pytest.raises(ParseError, match="larger than"):
        parse_sitemap(bomb, "https://a.example/s.xml.gz")


def test_not_a_sitemap() -> None:
    with pytest.raises(NotAFeed):
        parse_sitemap(b"<rss version='2.0'/>", "https://a.example/s.xml")


def test_entities_are_refused() -> None:
    content = (TESTDATA / "billion_laughs.xml").read_bytes()
    with pytest.raises(UnsafeXML):
        parse_sitemap(content, "https://a.example/s.xml")
    with pytest.raises(UnsafeXML):
        parse_sitemap(gzip.compress(content), "https://a.example/s.xml.gz")


def test_sitemap_read_as_feed_newest_first() -> None:
    old = SitemapURL(
        url="https://e.example/a?utm_source=x", lastmod=datetime(2025, 1, 1, tzinfo=UTC)
    )
    new = SitemapURL(
        url="https://e.example/b",
        news_title="Headline",
        news_published=datetime(2026, 1, 1, tzinfo=UTC),
    )
    undated = SitemapURL(url="https://e.example/c")
    feed = sitemap_as_feed([Sitemap(kind="urlset", urls=(old, undated, new))], max_entries=2)
    assert [e.url for e in feed.entries] == ["https://e.example/b", "https://e.example/a"]
    assert feed.entries[0].title == "Headline"
    assert feed.entries[1].link == "https://e.example/a?utm_source=x"
    assert feed.truncated == 1 and feed.format == "sitemap"
