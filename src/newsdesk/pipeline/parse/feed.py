"""``parse_feed``: RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 (via feedparser) and JSON Feed."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import feedparser

from newsdesk.pipeline.errors import NotAFeed, ParseError
from newsdesk.pipeline.parse import jsonfeed
from newsdesk.pipeline.parse.dates import now_utc
from newsdesk.pipeline.parse.entries import from_feedparser, http_url
from newsdesk.pipeline.parse.prolog import Prolog, check_safe, decode_head, read_prolog
from newsdesk.pipeline.parse.text import plain_text
from newsdesk.pipeline.types import EntryDraft, ParsedFeed, ParseOptions

#: Root elements of the XML feed formats (local names, lower-case).
FEED_ROOTS = frozenset({"rss", "feed", "rdf", "channel"})
FEED_CONTENT_TYPES = frozenset(
    {
        "application/rss+xml", "application/atom+xml", "application/rdf+xml",
        "application/feed+json", "application/json", "application/xml", "text/xml",
        "application/x-rss+xml", "application/rss", "text/rss+xml",
    }
)  # fmt: skip
_DEFAULT_OPTIONS = ParseOptions()


def looks_like_feed(content: bytes, content_type: str | None) -> bool:
    """A cheap guess whether ``content`` is a feed (no full parse; for discovery)."""
    prolog = read_prolog(content)
    if prolog.json:
        return jsonfeed.is_json_feed_head(decode_head(content))
    if prolog.root:
        return prolog.root in FEED_ROOTS
    return _media_type(content_type) in FEED_CONTENT_TYPES - {"application/json"}


def parse_feed(
    content: bytes,
    url: str,
    content_type: str | None = None,
    options: ParseOptions = _DEFAULT_OPTIONS,
) -> ParsedFeed:
    """Parse a feed document fetched from ``url`` into a :class:`ParsedFeed`.

    Raises :class:`UnsafeXML` for entity declarations (before any parser runs),
    :class:`NotAFeed` for HTML pages and other documents, :class:`ParseError` for
    feeds too broken to recover anything from. Entries without a link are counted in
    ``skipped``; entries beyond ``options.max_entries`` in ``truncated``.
    """
    if not content.strip():
        raise NotAFeed(f"{url}: the document is empty")
    prolog = read_prolog(content)
    if prolog.json:
        return jsonfeed.parse_json_feed(content, url, options)
    check_safe(prolog)
    if prolog.root == "html":
        raise NotAFeed(f"{url}: this is an HTML page, not a feed; try feed discovery on it")
    if prolog.root and prolog.root not in FEED_ROOTS:
        raise NotAFeed(f"{url}: the document is <{prolog.root}>, not RSS, Atom or JSON Feed")
    parsed = _run_feedparser(content, url, content_type)
    if not parsed.get("entries") and (parsed.get("bozo") or not parsed.get("version")):
        # Malformed XML that yields no entry at all is an error worth reporting; a broken
        # feed from which entries could be recovered is read as far as it goes.
        raise _unparseable(parsed, content, url, prolog)
    return _to_parsed_feed(parsed, url, options)


def _media_type(content_type: str | None) -> str:
    return (content_type or "").partition(";")[0].strip().lower()


def _run_feedparser(content: bytes, url: str, content_type: str | None) -> Mapping[str, Any]:
    # No content-location: relative RSS links stay relative, and we resolve them against
    # the site URL (as readers do) instead of the feed URL; xml:base is still honoured.
    headers: dict[str, str] = {}
    if content_type and "charset=" in content_type.lower():
        headers["content-type"] = content_type  # an HTTP charset outranks the XML prolog
    try:
        # A stream, never bytes: feedparser would open bytes that name a local file.
        result: Mapping[str, Any] = feedparser.parse(
            io.BytesIO(content),
            response_headers=headers,
            resolve_relative_uris=False,
            sanitize_html=False,
        )
    except Exception as error:  # third-party boundary: any crash on hostile input is ours
        raise ParseError(f"{url}: the feed parser failed: {error!r}"[:300]) from error
    return result


def _to_parsed_feed(parsed: Mapping[str, Any], url: str, options: ParseOptions) -> ParsedFeed:
    version = str(parsed.get("version") or "")
    raw_entries = parsed.get("entries") or []
    feed: Mapping[str, Any] = parsed.get("feed") or {}
    base = http_url(url, url) or ""
    site_url = http_url(feed.get("link"), base)
    entries, skipped = _entries(raw_entries[: options.max_entries], site_url or base, options)
    return ParsedFeed(
        format=version or "unknown",
        title=plain_text(str(feed.get("title", "")), is_html=_is_html(feed, "title")),
        site_url=site_url,
        description=plain_text(str(feed.get("subtitle", "")), is_html=_is_html(feed, "subtitle")),
        icon=_icon(feed, base),
        language=str(feed.get("language") or "").strip() or None,
        entries=entries,
        next_url=_link_with_rel(feed, "next", base),
        skipped=skipped,
        truncated=max(0, len(raw_entries) - options.max_entries),
    )


def _unparseable(parsed: Mapping[str, Any], content: bytes, url: str, prolog: Prolog) -> ParseError:
    reason = parsed.get("bozo_exception") or "no feed elements found"
    if prolog.root in FEED_ROOTS:
        return ParseError(f"{url}: the <{prolog.root}> feed is too broken to read: {reason}")
    if "<html" in decode_head(content).lower():
        return NotAFeed(
            f"{url}: this looks like an HTML page, not a feed; try feed discovery on it"
        )
    return NotAFeed(f"{url}: not RSS, Atom or JSON Feed ({reason})")


def _entries(
    raw_entries: list[Any], base: str, options: ParseOptions
) -> tuple[tuple[EntryDraft, ...], int]:
    now = now_utc(options)
    entries: list[EntryDraft] = []
    skipped = 0
    for raw in raw_entries:
        entry = from_feedparser(_plain(raw), base, options, now) if isinstance(raw, dict) else None
        if entry is None:
            skipped += 1
        else:
            entries.append(entry)
    return tuple(entries), skipped


def _plain(raw: dict[str, Any]) -> dict[str, Any]:
    # FeedParserDict maps missing keys to others ("updated_parsed" -> "published_parsed")
    # with a DeprecationWarning; read only the keys the document really had.
    return dict(dict.items(raw))


def _is_html(feed: Mapping[str, Any], key: str) -> bool:
    detail = feed.get(f"{key}_detail")
    return isinstance(detail, Mapping) and "html" in str(detail.get("type", ""))


def _icon(feed: Mapping[str, Any], base: str) -> str | None:
    image = feed.get("image")
    candidates = [feed.get("icon"), feed.get("logo")]
    if isinstance(image, Mapping):
        candidates.append(image.get("href") or image.get("url"))
    for candidate in candidates:
        if url := http_url(candidate, base):
            return url
    return None


def _link_with_rel(feed: Mapping[str, Any], rel: str, base: str) -> str | None:
    links = feed.get("links")
    for link in links if isinstance(links, list) else ():
        if isinstance(link, Mapping) and link.get("rel") == rel:
            return http_url(link.get("href"), base)
    return None
