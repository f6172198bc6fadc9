"""Enrich extracted articles: extractive summary and key points, named entities.

Runs after extraction (``extract_article`` calls it) and as a backlog pass
(:func:`enrich_pending`, batched: one embedding call and one spaCy pass per batch). Output
is cached per article content version, so a re-run or another worker does nothing twice.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import DatabaseError

from newsdesk.jobs.context import JobContext
from newsdesk.pipeline.enrich.providers import Providers
from newsdesk.pipeline.enrich.summarize import ArticleInput
from newsdesk.pipeline.errors import NewsdeskError
from newsdesk.store.actions.ai import do_set_article_entities, do_store_ai_output
from newsdesk.store.models import AIOutput, Article
from newsdesk.store.queries.ai import ai_output, articles_without_summary
from newsdesk.store.queries.articles import visible_articles

log = logging.getLogger(__name__)

#: Entities listed in an article's AI panel.
PANEL_ENTITIES = 12


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
    summarizer = providers.summarizer()
    todo = [
        a
        for a in articles
        if a.body_text.strip()
        and ai_output(AIOutput.Kind.ARTICLE_SUMMARY, a.pk, article_version(a, summarizer.method))
        is None
    ]
    if not todo:
        return EnrichOutcome(0, len(articles), False)
    summaries = summarizer.summarize([ArticleInput(str(a.pk), a.title, a.body_text) for a in todo])
    recognizer = providers.recognizer()
    entities = (
        recognizer.recognize([f"{a.title}\n\n{a.body_text}" for a in todo]) if recognizer else None
    )
    now = ctx.clock()
    for index, (article, summary) in enumerate(zip(todo, summaries, strict=True)):
        do_store_ai_output(
            AIOutput.Kind.ARTICLE_SUMMARY,
            article.pk,
            article_version(article, summarizer.method),
            method=summary.method,
            payload={
                "sentences": list(summary.sentences),
                "key_points": list(summary.key_points),
                "entity_model": recognizer.model_id if recognizer else "",
                # A display copy for the article page (one query); ArticleEntity rows
                # serve entity pages and search filters.
                "entities": [
                    {"name": e.name, "kind": e.kind, "key": e.key, "mentions": e.mentions}
                    for e in (entities[index][:PANEL_ENTITIES] if entities is not None else [])
                ],
            },
            now=now,
        )
        if entities is not None:
            do_set_article_entities(article, entities[index])
    return EnrichOutcome(len(todo), len(articles) - len(todo), entities is not None)


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


def enrich_pending(
    ctx: JobContext, providers: Providers, batch: int = 32, limit: int | None = None
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
