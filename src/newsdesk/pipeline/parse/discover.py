"""Feed autodiscovery: ``<link rel="alternate">`` feeds declared by an HTML page."""

from __future__ import annotations

from contextlib import suppress
from html.parser import HTMLParser

from newsdesk.pipeline.dedup.urls import canonicalize_url
from newsdesk.pipeline.parse.entries import http_url
from newsdesk.pipeline.parse.text import collapse_whitespace
from newsdesk.pipeline.types import FeedLink

#: Paths to try on a site whose pages declare no feed, most common first.
COMMON_FEED_PATHS: tuple[str, ...] = (
    "/feed",
    "/rss",
    "/rss.xml",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/feed/",
    "/rss/",
    "/feeds/posts/default",
    "/feed.json",
    "/index.rss",
    "/?feed=rss2",
    "/blog/feed",
    "/news/rss.xml",
)

FEED_LINK_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/x.atom+xml",
        "application/x-atom+xml",
        "text/xml",
        "application/xml",
    }
)


class _LinkCollector(HTMLParser):
    """Collects ``<base href>`` and feed ``<link>`` tags (anywhere: pages misplace them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.links: list[tuple[str, str, str]] = []  # (href, title, type)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "base" and self.base is None and attributes.get("href"):
            self.base = attributes["href"]
        elif tag == "link" and _is_feed_link(attributes):
            href = attributes.get("href", "").strip()
            self.links.append((href, attributes.get("title", ""), _media_type(attributes)))

    handle_startendtag = handle_starttag


def _media_type(attributes: dict[str, str]) -> str:
    return attributes.get("type", "").partition(";")[0].strip().lower()


def _is_feed_link(attributes: dict[str, str]) -> bool:
    rels = attributes.get("rel", "").lower().split()
    return (
        "alternate" in rels
        and _media_type(attributes) in FEED_LINK_TYPES
        and bool(attributes.get("href", "").strip())
    )


def discover_feeds(html: str | bytes, base_url: str) -> list[FeedLink]:
    """Feeds an HTML page links to, resolved against ``<base href>``/``base_url``.

    Duplicates (by canonical URL) are dropped, document order is kept; links that are not
    http(s) after resolving are ignored.
    """
    text = html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html
    collector = _LinkCollector()
    # html.parser asserts on some malformed "<![" sections: keep what was collected.
    with suppress(AssertionError):
        collector.feed(text)
        collector.close()
    base = http_url(collector.base, base_url) or base_url
    found: list[FeedLink] = []
    seen: set[str] = set()
    for href, title, media_type in collector.links:
        url = http_url(href, base)
        if url is None or (key := canonicalize_url(url)) in seen:
            continue
        seen.add(key)
        found.append(FeedLink(url=url, title=collapse_whitespace(title), type=media_type))
    return found
