"""The public surface other stages code against."""

from __future__ import annotations

import newsdesk.pipeline.dedup as dedup
import newsdesk.pipeline.parse as parse


def test_parse_exports() -> None:
    assert sorted(parse.__all__) == [
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
    for name in parse.__all__:
        assert getattr(parse, name) is not None


def test_dedup_exports() -> None:
    assert sorted(dedup.__all__) == ["canonicalize_url", "url_hash"]
