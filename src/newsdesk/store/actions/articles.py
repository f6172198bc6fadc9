from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q

from newsdesk.pipeline.searchquery import ideograph_pairs
from newsdesk.pipeline.types import EntryDraft, ExtractedArticle, ExtractionStatus
from newsdesk.store.actions.sources import do_update_source_name
from newsdesk.store.models import Article, ArticleLink, ExtractionState, Feed

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class UpsertResult:
    created: list[int]
    existing: int
    skipped: int


def _find_existing(feed: Feed, entry: EntryDraft) -> Article | None:
    urls = [entry.url] + ([entry.link] if entry.link else [])
    link = ArticleLink.objects.filter(url__in=urls).select_related("article").first()
    if link is not None:
        return link.article
    if entry.guid and entry.guid != entry.url:
        return Article.objects.filter(source_id=feed.source_id, guid=entry.guid).first()
    return None


def _create_article(feed: Feed, entry: EntryDraft, now: datetime) -> Article | None:
    try:
        with transaction.atomic():
            article = Article.objects.create(
                url=entry.url,
                link=(entry.link or entry.url)[:2000],
                guid=entry.guid[:2000],
                source=feed.source,
                title=entry.title[:1000],
                authors=list(entry.authors),
                published=entry.published,
                listed_at=entry.published or now,
                image=(entry.image or "")[:2000],
                summary=entry.summary,
                search_terms=ideograph_pairs(entry.title, entry.summary) or None,
                next_attempt_at=now,
            )
            ArticleLink.objects.create(url=entry.url, article=article)
            if entry.link and entry.link != entry.url:
                ArticleLink.objects.get_or_create(url=entry.link, defaults={"article": article})
            article.feeds.add(feed)
    except IntegrityError:  # the same URL arrived concurrently through another feed
        return None
    return article


def do_upsert_entries(feed: Feed, entries: Sequence[EntryDraft], *, now: datetime) -> UpsertResult:
    """Store new entries of ``feed`` as pending articles; known ones only gain the feed.

    Idempotent: polling the same feed twice, or the same article through two feeds (or
    two URLs that a guid ties together), stores it once.
    """
    created: list[int] = []
    existing = skipped = 0
    for entry in entries:
        if not entry.url.startswith(("http://", "https://")):
            skipped += 1
            continue
        article = _find_existing(feed, entry)
        if article is None:
            article = _create_article(feed, entry, now)
            if article is not None:
                created.append(article.pk)
                continue
            article = _find_existing(feed, entry)
        if article is not None:
            existing += 1
            article.feeds.add(feed)
    return UpsertResult(created=created, existing=existing, skipped=skipped)


def do_lease_pending_articles(now: datetime, limit: int, lease: timedelta) -> list[int]:
    """Claim up to ``limit`` articles waiting for extraction (expired leases count as free)."""
    due = (
        Article.objects.filter(extraction=ExtractionState.PENDING, next_attempt_at__lte=now)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    claimed: list[int] = []
    for pk in list(due):
        with transaction.atomic():
            won = (
                Article.objects.filter(pk=pk, extraction=ExtractionState.PENDING)
                .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
                .update(leased_until=now + lease)
            )
        if won:
            claimed.append(pk)
    return claimed


def content_hash(text: str) -> str:
    normalised = " ".join(text.lower().split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest() if normalised else ""


def _merge_into(duplicate: Article, original: Article) -> Article:
    """Fold ``duplicate`` (reached by another URL) into ``original``: links and feeds move."""
    ArticleLink.objects.filter(article=duplicate).update(article=original)
    original.feeds.add(*duplicate.feeds.all())
    duplicate.delete()
    return original


def _redirect_target(article: Article, urls: Sequence[str]) -> Article | None:
    """Another stored article that one of ``urls`` (final URL, canonical link) already names."""
    for url in urls:
        link = ArticleLink.objects.filter(url=url).exclude(article=article).first()
        if link is not None:
            return link.article
        other = Article.objects.filter(url=url).exclude(pk=article.pk).first()
        if other is not None:
            return other
    return None


def do_record_extraction(
    article: Article,
    result: ExtractedArticle,
    *,
    now: datetime,
    final_url: str,
    canonical_url: str | None,
) -> Article:
    """Store what extraction found; merge into an existing article if the page is a known one.

    Feed values (title, date, authors) are kept where the page has none.
    """
    urls = [u for u in (final_url, canonical_url) if u and u != article.url]
    with transaction.atomic():
        original = _redirect_target(article, urls)
        if original is not None:
            return _merge_into(article, original)
        for url in urls:
            ArticleLink.objects.get_or_create(url=url, defaults={"article": article})
        status = ExtractionState(result.status.value)
        published = _publication_time(result.published, article.published)
        title = (result.title or article.title)[:1000]
        summary = result.description or article.summary
        Article.objects.filter(pk=article.pk).update(
            title=title,
            authors=result.authors or article.authors,
            published=published,
            listed_at=published or article.discovered_at,
            modified=result.modified,
            image=(result.image or article.image)[:2000],
            image_caption=(result.images[0].caption if result.images else "")[:1000],
            language=(result.language or "")[:20],
            section=(result.section or "")[:200],
            summary=summary,
            body_text=result.text,
            search_terms=ideograph_pairs(title, summary, result.text) or None,
            body_html=result.html,
            word_count=result.word_count,
            content_hash=content_hash(result.text),
            fetched_at=now,
            extraction=status,
            extraction_error=result.error[:2000],
            attempts=article.attempts + 1,
            leased_until=None,
            robots=result.robots[:200],
        )
    if result.site_name and result.status is ExtractionStatus.OK:
        do_update_source_name(article.source, result.site_name)
    article.refresh_from_db()
    return article


def do_record_extraction_failure(
    article: Article, error: str, *, now: datetime, retryable: bool, blocked: bool = False
) -> None:
    """Fetching the page failed: retry later with back-off, or give up after MAX_ATTEMPTS."""
    attempts = article.attempts + 1
    give_up = blocked or not retryable or attempts >= MAX_ATTEMPTS
    if blocked:
        state = ExtractionState.BLOCKED
    elif give_up:
        state = ExtractionState.FAILED
    else:
        state = ExtractionState.PENDING
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            extraction=state,
            extraction_error=error[:2000],
            attempts=attempts,
            next_attempt_at=None if give_up else now + timedelta(minutes=5 * 2**attempts),
            leased_until=None,
        )


def do_retry_extraction(article: Article, *, now: datetime) -> None:
    """Queue an article's page to be fetched and extracted again."""
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            extraction=ExtractionState.PENDING, next_attempt_at=now, leased_until=None, attempts=0
        )


def _publication_time(page: datetime | None, feed: datetime | None) -> datetime | None:
    """The page's publication time, or the feed's where the page gives only that day (a
    date it writes out, stored at midnight UTC) and the feed the time on it."""
    if page is None:
        return feed
    midnight = (page.hour, page.minute, page.second, page.microsecond) == (0, 0, 0, 0)
    if midnight and feed is not None and feed.astimezone(UTC).date() == page.date():
        return feed
    return page
