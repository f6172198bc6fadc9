"""Turn one parsed entry (from feedparser or JSON Feed) into an :class:`EntryDraft`."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsdesk.pipeline.dedup.urls import canonicalize_url
from newsdesk.pipeline.parse.authors import clean_authors
from newsdesk.pipeline.parse.dates import from_struct_time, sane
from newsdesk.pipeline.parse.text import html_to_text, plain_text, truncate
from newsdesk.pipeline.types import EntryDraft, ParseOptions

_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")


def http_url(value: object, base: str) -> str | None:
    """``value`` resolved against ``base`` if it is a usable absolute http(s) URL."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        absolute = urljoin(base, value.strip())
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return absolute


def fallback_guid(title: str, published: datetime | None, summary: str) -> str:
    """A stable id for an entry that has neither an id nor a link.

    :func:`make_entry` skips such entries (there is nothing to fetch); callers that keep
    them anyway (e.g. to show link-less announcements) use this as their guid.
    """
    stamp = published.isoformat() if published else ""
    digest = hashlib.sha256(f"{title}\x1f{stamp}\x1f{summary}".encode()).hexdigest()
    return f"sha256:{digest[:40]}"


def make_entry(
    *,
    guid: str,
    link: str | None,
    title: str,
    published: datetime | None,
    authors: Iterable[str],
    summary_html: str,
    image: str | None,
    options: ParseOptions,
) -> EntryDraft | None:
    """An :class:`EntryDraft`, or None when the entry has no link to fetch."""
    if link is None:
        return None
    summary, first_image = html_to_text(summary_html)
    url = canonicalize_url(link)
    return EntryDraft(
        guid=guid.strip() or url,
        url=url,
        title=title,
        published=published,
        authors=clean_authors(authors),
        summary=truncate(summary, options.max_summary_chars),
        image=image or http_url(first_image, link),
        link=link,
    )


# --- feedparser entries ----------------------------------------------------------------


def from_feedparser(
    raw: Mapping[str, Any], base: str, options: ParseOptions, now: datetime
) -> EntryDraft | None:
    """Normalise one ``feedparser`` entry (None: no usable link)."""
    link = _feedparser_link(raw, base)
    title = _detail_text(raw, "title")
    published = sane(_feedparser_date(raw), options, now)
    summary_html = _feedparser_summary(raw)
    return make_entry(
        guid=_text(raw.get("id")),
        link=link,
        title=title,
        published=published,
        authors=_feedparser_authors(raw),
        summary_html=summary_html,
        image=_feedparser_image(raw, link or base),
        options=options,
    )


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _detail_text(raw: Mapping[str, Any], key: str) -> str:
    detail = raw.get(f"{key}_detail")
    kind = detail.get("type", "") if isinstance(detail, Mapping) else ""
    return plain_text(_text(raw.get(key)), is_html="html" in str(kind))


def _feedparser_link(raw: Mapping[str, Any], base: str) -> str | None:
    link = http_url(raw.get("link"), base)
    if link:
        return link
    for item in _dicts(raw.get("links")):
        if item.get("rel", "alternate") == "alternate" and (
            found := http_url(item.get("href"), base)
        ):
            return found
    if raw.get("guidislink"):
        return http_url(raw.get("id"), base)
    return None


def _feedparser_date(raw: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = from_struct_time(raw.get(key))
        if value is not None:
            return value
    return None


def _feedparser_summary(raw: Mapping[str, Any]) -> str:
    summary = _text(raw.get("summary"))
    if summary:
        return summary
    for content in _dicts(raw.get("content")):
        if value := _text(content.get("value")):
            return value
    return ""


def _feedparser_authors(raw: Mapping[str, Any]) -> list[str]:
    # feedparser splits RSS's "jane@x.example (Jane Doe)" with a regex that cuts long
    # TLDs, leaving names like "ple (Jane Doe": clean the raw "author" string instead.
    author = _text(raw.get("author"))
    names: list[str] = []
    for detail in _dicts(raw.get("authors")):
        name = _text(detail.get("name"))
        if any(char in name for char in "()<>@"):
            name = author if "@" in author else ""
        if name:
            names.append(name)
    if not names and author:
        names.append(author)
    return names


def _feedparser_image(raw: Mapping[str, Any], base: str) -> str | None:
    for item in _dicts(raw.get("media_content")):
        medium = str(item.get("medium", "")).lower()
        kind = str(item.get("type", "")).lower()
        url = http_url(item.get("url"), base)
        if url and (medium == "image" or kind.startswith("image/") or _is_image_path(url)):
            return url
    for item in _dicts(raw.get("media_thumbnail")):
        if url := http_url(item.get("url"), base):
            return url
    for item in _dicts(raw.get("links")):
        is_image = str(item.get("type", "")).lower().startswith("image/")
        if (
            item.get("rel") == "enclosure"
            and is_image
            and (url := http_url(item.get("href"), base))
        ):
            return url
    image = raw.get("image")
    if isinstance(image, Mapping):
        return http_url(image.get("href"), base)
    return None


def _is_image_path(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(_IMAGE_EXTENSIONS)


def _dicts(value: object) -> Sequence[Mapping[str, Any]]:
    if not isinstance(value, list):
        return ()
    return [item for item in value if isinstance(item, Mapping)]
