"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from newsdesk.pipeline.errors import NotAFeed, ParseError
from newsdesk.pipeline.parse.dates import now_utc, parse_iso, sane
from newsdesk.pipeline.parse.entries import http_url, make_entry
from newsdesk.pipeline.parse.text import plain_text
from newsdesk.pipeline.types import EntryDraft, ParsedFeed, ParseOptions

VERSION_PREFIX = "https://jsonfeed.org/version/"


def is_json_feed_head(head: str) -> bool:
    """Cheap check of a document's start for the JSON Feed version URL."""
    return "jsonfeed.org/version/" in head.replace("\\/", "/")


def parse_json_feed(content: bytes, url: str, options: ParseOptions) -> ParsedFeed:
    """Parse a JSON Feed; raise :class:`NotAFeed` for other JSON, ParseError for bad JSON."""
    data = _load(content, url)
    version = data.get("version")
    if not isinstance(version, str) or not version.startswith(VERSION_PREFIX):
        raise NotAFeed(f"{url}: JSON without a JSON Feed version, not a feed")
    items = data.get("items")
    items = items if isinstance(items, list) else []
    base = http_url(url, url) or ""
    now = now_utc(options)
    entries: list[EntryDraft] = []
    for item in items[: options.max_entries]:
        entry = _entry(item, base, options, now) if isinstance(item, Mapping) else None
        if entry is not None:
            entries.append(entry)
    kept = min(len(items), options.max_entries)
    return ParsedFeed(
        format="json" + version.removeprefix(VERSION_PREFIX).replace(".", "")[:4],
        title=plain_text(_str(data, "title"), is_html=False),
        site_url=http_url(data.get("home_page_url"), base),
        description=plain_text(_str(data, "description"), is_html=False),
        icon=http_url(data.get("icon"), base) or http_url(data.get("favicon"), base),
        language=_str(data, "language") or None,
        entries=tuple(entries),
        next_url=http_url(data.get("next_url"), base),
        skipped=kept - len(entries),
        truncated=len(items) - kept,
    )


def _load(content: bytes, url: str) -> Mapping[str, Any]:
    try:
        data = json.loads(content)
    except (ValueError, RecursionError) as error:  # includes JSONDecodeError, bad UTF
        raise ParseError(f"{url}: invalid JSON: {error}"[:300]) from error
    if not isinstance(data, Mapping):
        raise NotAFeed(f"{url}: JSON that is not an object, not a feed")
    return data


def _entry(
    item: Mapping[str, Any], base: str, options: ParseOptions, now: datetime
) -> EntryDraft | None:
    link = http_url(item.get("url"), base) or http_url(item.get("external_url"), base)
    published = parse_iso(item.get("date_published")) or parse_iso(item.get("date_modified"))
    summary_html = _str(item, "summary") or _str(item, "content_html")
    if not summary_html and (text := _str(item, "content_text")):
        summary_html = text.replace("&", "&amp;").replace("<", "&lt;")
    return make_entry(
        guid=_id(item.get("id")),
        link=link,
        title=plain_text(_str(item, "title"), is_html=False),
        published=sane(published, options, now),
        authors=_authors(item),
        summary_html=summary_html,
        image=http_url(item.get("image"), link or base) or http_url(item.get("banner_image"), base),
        options=options,
    )


def _authors(item: Mapping[str, Any]) -> list[str]:
    authors = item.get("authors")
    if not isinstance(authors, list):  # JSON Feed 1.0 had one "author" object
        authors = [item.get("author")]
    return [str(a["name"]) for a in authors if isinstance(a, Mapping) and a.get("name")]


def _id(value: object) -> str:
    # The spec says string; some feeds write numbers.
    if isinstance(value, bool):
        return ""
    return str(value) if isinstance(value, str | int) else ""


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""
