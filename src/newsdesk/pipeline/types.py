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

    user_agent: str = (
        "newsdesk/0.1 (+https://github.com/newsdesk/newsdesk; self-hosted news reader)"
    )
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
    #: How long a host's robots.txt is cached by one Fetcher (seconds).
    robots_ttl: float = 24 * 3600.0
    #: Upper bound for a robots.txt ``Crawl-delay`` honoured as the host delay (seconds).
    max_crawl_delay: float = 60.0
    #: Wall-clock limit for reading one response body (slow-drip servers), in seconds.
    total_timeout: float = 120.0


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
    #: True when every redirect hop was permanent (301/308): callers may update stored URLs.
    permanently_moved: bool = False

    def text(self) -> str:
        """The body decoded with the detected encoding (replacing undecodable bytes).

        A leading byte order mark is dropped.
        """
        text = self.content.decode(self.encoding or "utf-8", errors="replace")
        return text.removeprefix("\ufeff")


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
    #: The link exactly as the feed gave it (resolved to absolute, not canonicalised):
    #: fetch this one; some publishers (and the replay corpus) only answer their own spelling.
    link: str = ""


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
    #: Entries left out because they have no usable http(s) link (they cannot be fetched).
    skipped: int = 0
    #: Entries left out because the feed had more than ``ParseOptions.max_entries``.
    truncated: int = 0


@dataclass(frozen=True)
class ParseOptions:
    """Limits and clock for :func:`newsdesk.pipeline.parse.parse_feed`."""

    #: Entries kept per feed (in document order); the rest are counted in ``truncated``.
    max_entries: int = 1000
    #: Summaries are plain text cut at a word boundary to at most this many characters.
    max_summary_chars: int = 500
    #: Dates before this year are treated as missing (bogus 1970/0001 timestamps).
    min_year: int = 1990
    #: Dates more than this many days after ``now`` are treated as missing.
    max_future_days: float = 2.0
    #: The clock dates are checked against (aware UTC); None means the current time.
    now: datetime | None = None


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


@dataclass(frozen=True)
class SitemapURL:
    """One ``<url>`` of a urlset, or one ``<sitemap>`` of a sitemap index."""

    url: str
    lastmod: datetime | None = None
    #: Google News extension (``news:news``): headline, publication date and language.
    news_title: str = ""
    news_published: datetime | None = None
    news_language: str | None = None
    #: Image extension (``image:image/image:loc``).
    images: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sitemap:
    """A parsed XML sitemap: a ``urlset`` (pages) or a ``sitemapindex`` (more sitemaps)."""

    kind: str  # "urlset" or "sitemapindex"
    urls: tuple[SitemapURL, ...] = ()
    #: Child sitemaps of a sitemap index (empty for a urlset).
    sitemaps: tuple[SitemapURL, ...] = ()


# --- extraction ------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtractOptions:
    """How :func:`newsdesk.pipeline.extract.extract` treats a page."""

    #: Pages larger than this are cut here, extracted anyway and marked ``TOO_LARGE``.
    max_bytes: int = 5 * 1024 * 1024
    #: Ask the body extractor for less noise at the cost of some missed paragraphs.
    favor_precision: bool = False
    #: Keep tables in the body.
    include_tables: bool = True
    #: Guess the language from the body text when the page declares none.
    detect_language: bool = True
    #: Reference time for rejecting dates in the future (default: the current time).
    now: datetime | None = None
    #: Operator rules per site (selectors to drop or keep), applied after extraction.
    site_rules: tuple[SiteRule, ...] = ()


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
    #: The publisher's robots directives that limit display (``pipeline.extract.robots``),
    #: e.g. "noarchive,max-snippet:120"; empty when there are none.
    robots: str = ""

    @property
    def ok(self) -> bool:
        return self.status is ExtractionStatus.OK

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class SiteRule:
    """Extraction rules for one site, from the operator's rules file.

    ``domains`` match the page's host and its subdomains; ``drop`` and ``keep`` are
    CSS selectors: text inside a ``drop`` element leaves the body, text inside a
    ``keep`` element is put back when the general extractor left it out.
    """

    domains: tuple[str, ...]
    drop: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
