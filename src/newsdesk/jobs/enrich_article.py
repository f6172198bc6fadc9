"""Enrich extracted articles: extractive summary and key points, named entities.

The scheduler runs :func:`enrich_pending` as ONE job at a time while extracted articles
wait for it (like clustering), in batches: one embedding call and one spaCy pass per batch
of articles, models loaded once per worker (:class:`Providers`). Output is cached per
article content version, so a re-run or another worker does nothing twice.
:func:`enrich_article` enriches a single article (the CLI and tests).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.db import DatabaseError, transaction

from newsdesk.jobs.context import JobContext
from newsdesk.pipeline.enrich.batch import enrich_batch
from newsdesk.pipeline.enrich.providers import Providers
from newsdesk.pipeline.enrich.summarize import ArticleInput
from newsdesk.pipeline.errors import NewsdeskError
from newsdesk.store.actions.ai import do_set_entities_of_articles, do_store_ai_output
from newsdesk.store.models import AIOutput, Article
from newsdesk.store.queries.ai import PANEL_ENTITIES, articles_without_summary, stored_versions
from newsdesk.store.queries.articles import visible_articles

log = logging.getLogger(__name__)

#: Articles enriched per model call by the scheduler's enrichment job.
BATCH = 64


@dataclass(frozen=True)
class EnrichOutcome:
    enriched: int
    cached: int
    entities: bool


def article_version(article: Article, method: str) -> str:
    """Content version of an article for ``method``: changes when its text does."""
    content = article.content_hash or hashlib.sha256(article.body_text.encode()).hexdigest()
    return hashlib.sha256(f"{content}|{article.title}|{method}".encode()).hexdigest()


def enrich_articles(
    ctx: JobContext, providers: Providers, articles: Sequence[Article]
) -> EnrichOutcome:
    """Enrich the articles whose current version has no output yet: one batched embedder
    call and one spaCy pass for all of them, then one transaction of writes."""
    summarizer = providers.summarizer()
    method = summarizer.method
    kind = AIOutput.Kind.ARTICLE_SUMMARY
    done = stored_versions(kind, [a.pk for a in articles])
    todo = [
        a
        for a in articles
        if a.body_text.strip() and (a.pk, article_version(a, method)) not in done
    ]
    if not todo:
        return EnrichOutcome(0, len(articles), False)
    recognizer = providers.recognizer()
    results = enrich_batch(
        [ArticleInput(str(a.pk), a.title, a.body_text, a.language) for a in todo],
        summarizer,
        recognizer,
    )
    now = ctx.clock()
    with transaction.atomic():
        for article, result in zip(todo, results, strict=True):
            summary, entities = result.summary, result.entities or []
            do_store_ai_output(
                kind,
                article.pk,
                article_version(article, method),
                method=summary.method,
                payload={
                    "sentences": list(summary.sentences),
                    "key_points": list(summary.key_points),
                    "entity_model": recognizer.model_id if recognizer else "",
                    # A display copy for the article page (one query); ArticleEntity rows
                    # serve entity pages and search filters.
                    "entities": [
                        {"name": e.name, "kind": e.kind, "key": e.key, "mentions": e.mentions}
                        for e in entities[:PANEL_ENTITIES]
                    ],
                },
                now=now,
            )
        if recognizer is not None:
            do_set_entities_of_articles(
                [(a, r.entities or []) for a, r in zip(todo, results, strict=True)]
            )
    return EnrichOutcome(len(todo), len(articles) - len(todo), recognizer is not None)


def enrich_article(ctx: JobContext, article_id: int) -> EnrichOutcome | None:
    """Enrich one article after its extraction; None when AI is off or it is not visible.
    A missing model or a failed write is logged, never fails the extraction it follows
    (the article stays in the backlog that :func:`enrich_pending` works through)."""
    if ctx.ai is None:
        return None
    article = visible_articles().filter(pk=article_id).first()
    if article is None:
        return None
    try:
        return enrich_articles(ctx, ctx.ai, [article])
    except (NewsdeskError, DatabaseError) as error:
        log.warning("article %s not enriched: %s: %s", article_id, type(error).__name__, error)
        return None


#: How long the backlog waits after an enrichment run that could enrich nothing.
PAUSE_AFTER_FAILURE = timedelta(minutes=5)


def enrich_next_batch(ctx: JobContext, providers: Providers) -> int:
    """The scheduler's enrichment job: one batch of the backlog. Failures are logged and
    pause the backlog (they never fail the crawl); returns how many were enriched."""
    try:
        done = enrich_pending(ctx, providers, limit=BATCH)
    except (NewsdeskError, DatabaseError) as error:
        log.warning("enrichment failed: %s: %s", type(error).__name__, error)
        done = 0
    ctx.enrich.paused_until = None if done else ctx.clock() + PAUSE_AFTER_FAILURE
    return done


def enrich_pending(
    ctx: JobContext, providers: Providers, batch: int = BATCH, limit: int | None = None
) -> int:
    """Enrich the backlog (visible articles with no summary) in batches; returns the count."""
    done = 0
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        articles = list(articles_without_summary()[:size])
        if not articles:
            break
        outcome = enrich_articles(ctx, providers, articles)
        done += outcome.enriched
        if outcome.enriched == 0:
            break
    return done
