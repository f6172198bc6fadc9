"""XML sitemaps (sitemaps.org): urlset with news/image extensions, sitemap index, gzip."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime

from newsdesk.pipeline.dedup.urls import canonicalize_url
from newsdesk.pipeline.errors import NotAFeed, ParseError
from newsdesk.pipeline.parse.dates import parse_iso
from newsdesk.pipeline.parse.entries import http_url
from newsdesk.pipeline.parse.prolog import check_safe, read_prolog
from newsdesk.pipeline.parse.safexml import child_text, local_name, parse_xml
from newsdesk.pipeline.types import EntryDraft, ParsedFeed, Sitemap, SitemapURL

#: The sitemaps.org limits: 50,000 URLs and 50 MB (uncompressed) per file.
MAX_URLS = 50_000
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def parse_sitemap(content: bytes, url: str) -> Sitemap:
    """Parse a sitemap (gzip-compressed or not) fetched from ``url``.

    URLs are resolved against ``url``; non-http(s) ones are dropped; at most
    :data:`MAX_URLS` are kept. Raises NotAFeed when the root is neither ``urlset`` nor
    ``sitemapindex``, UnsafeXML for entity declarations, ParseError for broken XML or gzip.
    """
    xml = gunzip(content, url) if content.startswith(_GZIP_MAGIC) else content
    check_safe(read_prolog(xml))
    root = parse_xml(xml)
    kind = local_name(root.tag)
    base = http_url(url, url) or ""
    if kind == "urlset":
        return Sitemap(kind=kind, urls=_items(root, "url", base))
    if kind == "sitemapindex":
        return Sitemap(kind=kind, sitemaps=_items(root, "sitemap", base))
    raise NotAFeed(f"{url}: <{kind}> is not a sitemap (urlset or sitemapindex)")


def gunzip(content: bytes, url: str) -> bytes:
    """Decompress gzip data, refusing more than :data:`MAX_UNCOMPRESSED_BYTES` (gzip bombs)."""
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = decompressor.decompress(content, MAX_UNCOMPRESSED_BYTES)
    except zlib.error as error:
        raise ParseError(f"{url}: broken gzip data: {error}") from error
    if decompressor.unconsumed_tail:
        raise ParseError(f"{url}: the sitemap is larger than {MAX_UNCOMPRESSED_BYTES} bytes")
    if not decompressor.eof:
        raise ParseError(f"{url}: truncated gzip data")
    return data


def _items(root: ET.Element, name: str, base: str) -> tuple[SitemapURL, ...]:
    items: list[SitemapURL] = []
    for element in root:
        if local_name(element.tag) != name:
            continue
        item = _item(element, base)
        if item is not None:
            items.append(item)
            if len(items) >= MAX_URLS:
                break
    return tuple(items)


def _item(element: ET.Element, base: str) -> SitemapURL | None:
    loc = http_url(child_text(element, "loc"), base)
    if loc is None:
        return None
    news = _first(element, "news")
    publication = _first(news, "publication") if news is not None else None
    return SitemapURL(
        url=loc,
        lastmod=parse_iso(child_text(element, "lastmod")),
        news_title=child_text(news, "title") if news is not None else "",
        news_published=parse_iso(child_text(news, "publication_date"))
        if news is not None
        else None,
        news_language=(child_text(publication, "language") or None)
        if publication is not None
        else None,
        images=_images(element, base),
    )


def _first(element: ET.Element, name: str) -> ET.Element | None:
    return next((child for child in element if local_name(child.tag) == name), None)


def _images(element: ET.Element, base: str) -> tuple[str, ...]:
    images = (
        http_url(child_text(child, "loc"), base)
        for child in element
        if local_name(child.tag) == "image"
    )
    return tuple(image for image in images if image)


def looks_like_sitemap(content: bytes) -> bool:
    """A cheap guess whether ``content`` is an XML sitemap (possibly gzip-compressed)."""
    if content.startswith(_GZIP_MAGIC):
        try:
            content = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(content[:8192], 8192)
        except zlib.error:
            return False
    return read_prolog(content).root in {"urlset", "sitemapindex"}


def newest_sitemaps(index: Sitemap, limit: int) -> list[str]:
    """The child sitemaps of an index most likely to hold new articles (newest first)."""
    dated = sorted(index.sitemaps, key=lambda s: (s.lastmod is not None, s.lastmod), reverse=True)
    return [s.url for s in dated[:limit]]


def sitemap_as_feed(sitemaps: Sequence[Sitemap], max_entries: int = 1000) -> ParsedFeed:
    """Read news sitemaps like a feed: each page URL becomes an entry, newest first.

    Google News sitemaps carry a headline and publication date; plain ones only ``lastmod``.
    """
    pages = [u for sitemap in sitemaps for u in sitemap.urls]
    pages.sort(key=lambda u: u.news_published or u.lastmod or _EPOCH, reverse=True)
    entries = tuple(
        EntryDraft(
            guid=canonicalize_url(page.url),
            url=canonicalize_url(page.url),
            link=page.url,
            title=page.news_title,
            published=page.news_published or page.lastmod,
            image=page.images[0] if page.images else None,
        )
        for page in pages[:max_entries]
    )
    return ParsedFeed(format="sitemap", entries=entries, truncated=max(0, len(pages) - max_entries))
