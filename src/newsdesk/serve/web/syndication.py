"""Feeds out: top stories, a source's and a topic's articles as RSS 2.0, Atom 1.0 and
JSON Feed 1.1.

One function per kind of page builds a :class:`Channel` of :class:`FeedItem` records; three
renderers write it. RSS and Atom come from ``django.utils.feedgenerator``; JSON Feed is a
plain dict. Excerpts are plain text (tags dropped, the publisher's snippet limits kept), so
no markup from a stored article reaches a feed reader.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.utils import feedgenerator
from django.utils.html import escape

from newsdesk.serve.web.display import EXCERPT_WORDS, excerpt, http_url
from newsdesk.store.models import Article, Source, Story

#: Items in one feed: what a reader polls, not an archive.
MAX_ITEMS = 50
#: Words in an item's excerpt.
ITEM_WORDS = EXCERPT_WORDS
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
JSON_FEED_TYPE = "application/feed+json; charset=utf-8"
#: The formats, by URL suffix.
FORMATS = ("rss", "atom", "json")

#: Absolute URL of a path on this site (``request.build_absolute_uri``).
Absolute = Callable[[str], str]


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str  # newsdesk's page for the article or story (absolute): also the item's id
    original_url: str  # the publisher's page
    source_name: str
    source_feed: str  # newsdesk's feed of that source (absolute)
    published: datetime | None
    updated: datetime | None
    excerpt: str  # plain text
    authors: tuple[str, ...]
    image: str  # an http(s) URL or ""


@dataclass(frozen=True)
class Channel:
    title: str
    link: str  # the page the feed mirrors (absolute)
    description: str
    feed_path: str  # without the format suffix, e.g. "/feeds/top." (absolute)
    items: tuple[FeedItem, ...]


def feed_url(channel: Channel, fmt: str) -> str:
    return channel.feed_path + fmt


def article_item(article: Article, page: str, absolute: Absolute) -> FeedItem:
    """An item for one article; ``page`` is newsdesk's path for it."""
    source = article.source
    show_excerpt = source.display_policy != Source.DisplayPolicy.LINK
    return FeedItem(
        title=article.title or article.url,
        link=absolute(page),
        original_url=article.url,
        source_name=source.name,
        source_feed=absolute(source_feed_path(source) + "rss"),
        published=article.published or article.discovered_at,
        updated=article.modified,
        excerpt=excerpt(article, ITEM_WORDS) if show_excerpt else "",
        authors=tuple(a for a in article.authors if isinstance(a, str) and a.strip()),
        image=http_url(article.image),
    )


def story_item(story: Story, page: str, article_page: str, absolute: Absolute) -> FeedItem:
    """An item for one story, told through its first article (``article_page``'s path)."""
    first = story.first_article
    if first is None:  # top_stories only lists stories with members; keep it total
        return FeedItem(
            title=story.headline or f"Story {story.pk}",
            link=absolute(page),
            original_url=absolute(page),
            source_name="",
            source_feed="",
            published=story.first_seen,
            updated=story.last_seen,
            excerpt="",
            authors=(),
            image="",
        )
    item = article_item(first, article_page, absolute)
    outlets = f"{story.source_count} outlet{'s' if story.source_count != 1 else ''}"
    return FeedItem(
        title=story.headline or item.title,
        link=absolute(page),
        original_url=item.original_url,
        source_name=item.source_name,
        source_feed=item.source_feed,
        published=story.first_seen,
        updated=story.last_seen,
        excerpt=f"{item.excerpt} ({outlets})".strip() if item.excerpt else outlets,
        authors=item.authors,
        image=item.image,
    )


def source_feed_path(source: Source) -> str:
    return f"/s/{source.domain}/feed."


# --- renderers -----------------------------------------------------------------------


class _Rss(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 plus each item's ``<source>`` and the publisher's page as an Atom
    ``rel="related"`` link (RSS has no element for it)."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        if item.get("source_name"):
            handler.addQuickElement("source", item["source_name"], {"url": item["source_feed"]})
        handler.addQuickElement("atom:link", None, {"rel": "related", "href": item["original"]})


class _Atom(feedgenerator.Atom1Feed):
    """Atom 1.0 plus each item's ``rel="related"`` publisher link and ``<source>``."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("link", None, {"rel": "related", "href": item["original"]})
        if item.get("source_name"):
            handler.startElement("source", {})
            handler.addQuickElement("title", item["source_name"])
            handler.addQuickElement("link", None, {"rel": "self", "href": item["source_feed"]})
            handler.endElement("source")


def _enclosure(image: str) -> list[feedgenerator.Enclosure]:
    if not image:
        return []
    mime = mimetypes.guess_type(image.split("?", 1)[0])[0] or "image/jpeg"
    return [feedgenerator.Enclosure(image, "0", mime)]  # length unknown: 0, as is usual


def _xml_feed(channel: Channel, generator: type[feedgenerator.SyndicationFeed], fmt: str) -> str:
    feed = generator(
        title=channel.title,
        link=channel.link,
        description=channel.description,
        feed_url=feed_url(channel, fmt),
        feed_guid=feed_url(channel, fmt),
    )
    for item in channel.items:
        feed.add_item(
            title=item.title,
            link=item.link,
            description=escape(item.excerpt),  # read as HTML: plain text stays text
            unique_id=item.link,
            unique_id_is_permalink=True,
            pubdate=item.published,
            updateddate=item.updated or item.published,
            author_name=", ".join(item.authors) or None,
            enclosures=_enclosure(item.image),
            original=item.original_url,
            source_name=item.source_name,
            source_feed=item.source_feed,
        )
    return feed.writeString("utf-8")


def render_rss(channel: Channel) -> str:
    return _xml_feed(channel, _Rss, "rss")


def render_atom(channel: Channel) -> str:
    return _xml_feed(channel, _Atom, "atom")


def render_json(channel: Channel) -> str:
    document = {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": channel.link,
        "feed_url": feed_url(channel, "json"),
        "description": channel.description,
        "items": [_json_item(item) for item in channel.items],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def _json_item(item: FeedItem) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": item.link,
        "url": item.link,
        "external_url": item.original_url,
        "title": item.title,
        "content_text": item.excerpt,
    }
    if item.excerpt:
        out["summary"] = item.excerpt
    if item.image:
        out["image"] = item.image
    if item.published is not None:
        out["date_published"] = item.published.astimezone(UTC).isoformat()
    if item.updated is not None:
        out["date_modified"] = item.updated.astimezone(UTC).isoformat()
    if item.authors:
        out["authors"] = [{"name": name} for name in item.authors]
    if item.source_name:  # JSON Feed extensions start with an underscore
        out["_newsdesk"] = {"source": {"name": item.source_name, "feed_url": item.source_feed}}
    return out


#: Format -> (renderer, content type).
RENDERERS: dict[str, tuple[Callable[[Channel], str], str]] = {
    "rss": (render_rss, "application/rss+xml; charset=utf-8"),
    "atom": (render_atom, "application/atom+xml; charset=utf-8"),
    "json": (render_json, JSON_FEED_TYPE),
}
