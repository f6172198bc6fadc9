"""discover_feeds: <link rel="alternate"> autodiscovery."""

from __future__ import annotations

from tests.pipeline.parse.golden import TESTDATA

from newsdesk.pipeline.parse import COMMON_FEED_PATHS, discover_feeds
from newsdesk.pipeline.types import FeedLink


def test_discovers_feeds_resolved_against_base_href_deduped_in_order() -> None:
    html = (TESTDATA / "page.html").read_bytes()
    assert discover_feeds(html, "https://www.page.example/") == [
        FeedLink("https://www.page.example/rss.xml", "Top stories", "application/rss+xml"),
        FeedLink(
            "https://www.page.example/sub/atom.xml", "Top stories (Atom)", "application/atom+xml"
        ),
        FeedLink("https://www.page.example/feed.json", "JSON", "application/feed+json"),
    ]


def test_relative_href_resolves_against_page_url_without_base() -> None:
    html = '<link rel="alternate" type="application/rss+xml" href="/newsdesk/rss.xml">'
    assert discover_feeds(html, "https://site.example/news/page") == [
        FeedLink("https://site.example/newsdesk/rss.xml", "", "application/rss+xml")
    ]


def test_type_parameters_and_case_are_ignored() -> None:
    html = '<LINK REL="Alternate" TYPE="Application/RSS+XML; charset=utf-8" HREF="f.xml">'
    assert [f.url for f in discover_feeds(html, "https://a.example/")] == [
        "https://a.example/f.xml"
    ]


def test_no_feeds_and_broken_html() -> None:
    assert discover_feeds("", "https://a.example/") == []
    assert discover_feeds("<html><head><![weird <link", "https://a.example/") == []
    assert discover_feeds(b"\xff\xfe<link rel=alternate>", "https://a.example/") == []


def test_common_paths() -> None:
    assert COMMON_FEED_PATHS[:3] == ("/feed", "/rss", "/rss.xml")
    assert all(path.startswith("/") for path in COMMON_FEED_PATHS)
    assert len(set(COMMON_FEED_PATHS)) == len(COMMON_FEED_PATHS)
    for path in ("/atom.xml", "/feed.xml", "/index.xml", "/feeds/posts/default"):
        assert path in COMMON_FEED_PATHS
