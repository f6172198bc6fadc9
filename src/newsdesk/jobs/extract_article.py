"""Fetch one article page and extract it: fetch (robots.txt) -> extract -> store."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import urlsplit

from newsdesk.config import read_site_rules
from newsdesk.jobs.context import JobContext
from newsdesk.pipeline.dedup.urls import canonicalize_url
from newsdesk.pipeline.errors import BlockedAddress, FetchError, RobotsDisallowed
from newsdesk.pipeline.extract import extract
from newsdesk.pipeline.extract.robots import combined_robots
from newsdesk.pipeline.types import ExtractOptions, FetchResult, SiteRule
from newsdesk.store.actions.articles import do_record_extraction, do_record_extraction_failure
from newsdesk.store.models import Article, ExtractionState

log = logging.getLogger(__name__)

HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class ExtractOutcome:
    article_id: int
    status: str
    error: str = ""


def extract_article(ctx: JobContext, article_id: int) -> ExtractOutcome:
    """Fetch and extract a pending article; failures are recorded on the row with back-off."""
    article = Article.objects.select_related("source").filter(pk=article_id).first()
    if article is None:
        return ExtractOutcome(article_id, "missing")
    if article.extraction != ExtractionState.PENDING:
        return ExtractOutcome(article_id, article.extraction)  # already done: idempotent
    now = ctx.clock()
    try:
        page = ctx.fetcher.get(
            article.link or article.url, robots=ctx.config.respect_robots, accept=HTML_ACCEPT
        )
    except (RobotsDisallowed, BlockedAddress) as error:
        do_record_extraction_failure(article, str(error), now=now, retryable=False, blocked=True)
        return ExtractOutcome(article_id, ExtractionState.BLOCKED, str(error))
    except FetchError as error:
        message = f"{type(error).__name__}: {error}"
        do_record_extraction_failure(article, message, now=now, retryable=error.retryable)
        return ExtractOutcome(article_id, ExtractionState.FAILED, message)
    options = ExtractOptions(site_rules=_site_rules(ctx.config.extract_rules))
    result = extract(_page_input(page), url=page.final_url, options=options)
    robots = combined_robots(result.robots, _header(page, "x-robots-tag"))
    if robots != result.robots:
        result = replace(result, robots=robots)
    stored = do_record_extraction(
        article,
        result,
        now=now,
        final_url=canonicalize_url(page.final_url),
        canonical_url=_trusted_canonical(result.canonical_url, page.final_url),
    )
    # Enrichment (summary, entities) follows in batches: the scheduler's enrichment job.
    return ExtractOutcome(stored.pk, result.status.value, result.error)


@lru_cache(maxsize=4)
def _site_rules(path: str) -> tuple[SiteRule, ...]:
    """The operator's site rules (validated at start-up; read once per path)."""
    return read_site_rules(path) if path else ()


def _header(page: FetchResult, name: str) -> str | None:
    return next((value for key, value in page.headers.items() if key.lower() == name), None)


def _page_input(page: FetchResult) -> str | bytes:
    """Decoded text when the fetcher knows the charset (the HTTP header wins over a
    contradicting ``<meta>``), raw bytes otherwise (extract sniffs them)."""
    return page.text() if page.encoding else page.content


def _trusted_canonical(canonical: str | None, final_url: str) -> str | None:
    """The page's canonical link, if it can be trusted to identify this article.

    Ignored when it points to another host (syndication is near-duplicate detection's job)
    or to a bare home page (a common template bug that would merge every article).
    """
    if not canonical:
        return None
    try:
        url = canonicalize_url(canonical, base=final_url)
    except ValueError:
        return None
    parts, final = urlsplit(url), urlsplit(final_url)
    if parts.hostname != final.hostname or parts.path in {"", "/"}:
        return None
    return url
