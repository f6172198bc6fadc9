"""Subscribing: a feed or site URL (with autodiscovery), OPML import and export."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.utils import timezone

from newsdesk.config import Config
from newsdesk.jobs.context import JobContext
from newsdesk.jobs.refresh_feed import FEED_ACCEPT, read_feed
from newsdesk.pipeline.errors import FetchError, InvalidOPML, ParseError, UsageError
from newsdesk.pipeline.parse import (
    COMMON_FEED_PATHS,
    build_opml,
    discover_feeds,
    looks_like_feed,
    looks_like_sitemap,
    parse_opml,
)
from newsdesk.pipeline.types import FeedLink, FetchResult, OutlineEntry, ParsedFeed
from newsdesk.store.actions.feeds import FeedAdded, do_add_feed
from newsdesk.store.queries.feeds import subscription_outlines

log = logging.getLogger(__name__)


def normalise_input_url(url: str) -> str:
    """What a user typed, as an absolute http(s) URL (``example.com`` -> ``https://example.com``)."""
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - raises for "javascript:alert(1)" read as host:port
    except ValueError:
        raise UsageError(f"not a web address: {url!r}") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UsageError(f"not a web address: {url!r}")
    return url


def _is_feed(result: FetchResult) -> bool:
    return looks_like_feed(result.content, result.content_type) or looks_like_sitemap(
        result.content
    )


def _try_feed(ctx: JobContext, url: str) -> tuple[str, ParsedFeed] | None:
    try:
        result = ctx.fetcher.get(url, accept=FEED_ACCEPT)
        if not _is_feed(result):
            return None
        return result.final_url, read_feed(ctx, result)
    except (FetchError, ParseError) as error:
        log.debug("no feed at %s: %s", url, error)
        return None


def find_feeds(ctx: JobContext, url: str) -> list[tuple[str, ParsedFeed]]:
    """The feeds behind ``url``: itself if it is a feed, else the page's feed links, else
    the first common feed path that answers with a feed."""
    result = ctx.fetcher.get(url, accept=FEED_ACCEPT + ", text/html;q=0.8")
    if _is_feed(result):
        return [(result.final_url, read_feed(ctx, result))]
    found: list[tuple[str, ParsedFeed]] = []
    page = result.text() if result.encoding else result.content
    links: list[FeedLink] = discover_feeds(page, result.final_url)
    for link in links:
        feed = _try_feed(ctx, link.url)
        if feed:
            found.append(feed)
    if found:
        return found
    origin = urljoin(result.final_url, "/")
    for path in COMMON_FEED_PATHS:
        feed = _try_feed(ctx, urljoin(origin, path.lstrip("/")))
        if feed:
            return [feed]
    return []


def subscribe_url(ctx: JobContext, url: str, *, every: bool = False) -> list[FeedAdded]:
    """Follow ``url`` (a feed, or a site whose feeds are discovered); idempotent."""
    url = normalise_input_url(url)
    try:
        feeds = find_feeds(ctx, url)
    except FetchError as error:
        raise UsageError(f"cannot fetch {url}: {error}") from error
    except ParseError as error:
        raise UsageError(f"{url} is not a readable feed: {error}") from error
    if not feeds:
        raise UsageError(
            f'no feed found at {url}: the page has no <link rel="alternate"> feed links and '
            "none of the common feed paths answered with a feed"
        )
    now = timezone.now()
    added = []
    for feed_url, parsed in feeds if every else feeds[:1]:
        added.append(
            do_add_feed(
                feed_url,
                now=now,
                interval=ctx.config.poll_default_interval,
                title=parsed.title,
                site_url=parsed.site_url or "",
            )
        )
    return added


@dataclass
class ImportReport:
    created: int = 0
    existing: int = 0
    invalid: list[tuple[str, str]] = field(default_factory=list)


def import_opml(config: Config, content: bytes) -> ImportReport:
    """Subscribe to every outline of an OPML file (no network: feeds are polled later)."""
    try:
        outlines = parse_opml(content)
    except InvalidOPML as error:
        raise UsageError(f"not a readable OPML file: {error}") from error
    return import_outlines(config, outlines)


def import_outlines(config: Config, outlines: list[OutlineEntry]) -> ImportReport:
    report = ImportReport()
    now = timezone.now()
    for outline in outlines:
        try:
            url = normalise_input_url(outline.xml_url)
        except UsageError as error:
            report.invalid.append((outline.xml_url, str(error)))
            continue
        added = do_add_feed(
            url,
            now=now,
            interval=config.poll_default_interval,
            title=outline.title,
            site_url=outline.html_url or "",
            source_name=outline.title,
        )
        if added.created:
            report.created += 1
        else:
            report.existing += 1
    return report


def export_opml() -> bytes:
    return build_opml(subscription_outlines(), title="newsdesk subscriptions")
