"""Feeds in: RSS/Atom/JSON Feed parsing, feed discovery, OPML and sitemaps.

Pure functions over bytes: nothing here fetches, stores or reads global state. Hostile
input is expected: XML entity declarations are refused before any parser runs
(:class:`~newsdesk.pipeline.errors.UnsafeXML`) and every failure is a
:class:`~newsdesk.pipeline.errors.ParseError`.
"""

from newsdesk.pipeline.parse.discover import COMMON_FEED_PATHS, discover_feeds
from newsdesk.pipeline.parse.feed import looks_like_feed, parse_feed
from newsdesk.pipeline.parse.opml import build_opml, parse_opml
from newsdesk.pipeline.parse.sitemap import (
    looks_like_sitemap,
    newest_sitemaps,
    parse_sitemap,
    sitemap_as_feed,
)

__all__ = [
    "COMMON_FEED_PATHS",
    "build_opml",
    "discover_feeds",
    "looks_like_feed",
    "looks_like_sitemap",
    "newest_sitemaps",
    "parse_feed",
    "parse_opml",
    "parse_sitemap",
    "sitemap_as_feed",
]
