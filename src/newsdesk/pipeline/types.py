"""Frozen records passed between pipeline stages.

These are the seams of the pipeline: ``fetch`` produces :class:`FetchResult`,
``parse`` turns feeds into :class:`ParsedFeed` / :class:`EntryDraft`,
``extract`` turns pages into :class:`ExtractedArticle`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

# --- fetching --------------------------------------------------------------------------


@dataclass(frozen=True)
class FetchOptions:
    """How politely and defensively to fetch."""

    user_agent: str = "newsdesk/0.1 (+https://github.com/newsdesk/newsdesk; self-hosted news reader)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    #: Bodies are streamed and cut at this many bytes (the result says ``truncated``).
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    #: CIDR networks that may be fetched although private (e.g. "127.0.0.0/8" for local use).
    allow_networks: tuple[str, ...] = ()
    #: Minimum seconds between two requests to the same host.
    host_delay: float = 1.0
    #: Requests in flight at once to the same host.
    host_concurrency: int = 2
    #: Honour robots.txt for article pages.
    respect_robots: bool = True
    #: Retries for 429/503/timeouts inside one fetch (each waits Retry-After or back-off).
    retries: int = 2
    #: Upper bound for one back-off sleep inside a fetch; longer Retry-After values are
    #: returned to the caller as an error (the scheduler reschedules instead of sleeping).
    max_backoff: float = 30.0


@dataclass(frozen=True)
class Validators:
    """HTTP cache validators stored verbatim for conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """A fetched resource. ``not_modified`` results carry no content."""

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    content_type: str
    #: Charset from the HTTP header, BOM or meta, else detected; None for binary types.
    encoding: str | None
    validators: Validators
    not_modified: bool = False
    truncated: bool = False
    redirects: tuple[str, ...] = ()

    def text(self) -> str:
        """The body decoded with the detected encoding (replacing undecodable bytes)."""
        return self.content.decode(self.encoding or "utf-8", errors="replace")


# --- feeds -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryDraft:
    """One feed entry, normalised. ``url`` is canonical (tracking parameters removed)."""

    guid: str
    url: str
    title: str = ""
    published: datetime | None = None
    authors: tuple[str, ...] = ()
    summary: str = ""
    image: str | None = None


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed RSS/Atom/JSON Feed document."""

    format: str  # e.g. "rss20", "atom10", "json11"
    title: str = ""
    site_url: str | None = None
    description: str = ""
    icon: str | None = None
    language: str | None = None
    entries: tuple[EntryDraft, ...] = ()
    #: RFC 5005 paging: the next (older) page of the feed, if any.
    next_url: str | None = None


@dataclass(frozen=True)
class FeedLink:
    """A feed found by autodiscovery on a web page."""

    url: str
    title: str = ""
    type: str = ""


@dataclass(frozen=True)
class OutlineEntry:
    """One subscription in an OPML file."""

    xml_url: str
    title: str = ""
    html_url: str | None = None
    category: str | None = None


# --- extraction ------------------------------------------------------------------------


class ExtractionStatus(enum.StrEnum):
    """What extraction made of a page."""

    OK = "ok"
    PAYWALLED = "paywalled"
    CONSENT_WALL = "consent_wall"
    NOT_ARTICLE = "not_article"
    EMPTY = "empty"
    NOT_HTML = "not_html"
    TOO_LARGE = "too_large"
    FAILED = "failed"


@dataclass(frozen=True)
class ImageRef:
    url: str
    caption: str = ""
    credit: str = ""
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class ExtractedArticle:
    """The result of :func:`newsdesk.pipeline.extract.extract`."""

    status: ExtractionStatus
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    image: str | None = None
    language: str | None = None
    section: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    description: str = ""
    #: The body as plain text, paragraphs separated by blank lines.
    text: str = ""
    #: The body as sanitized HTML (allow-list; no script, style, handlers or js: URLs).
    html: str = ""
    images: tuple[ImageRef, ...] = ()
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is ExtractionStatus.OK

    @property
    def word_count(self) -> int:
        return len(self.text.split())
