"""Enrich many articles at once: summaries and key points, and named entities.

One call embeds the candidate sentences of every article of the batch (the embedder sorts
them by length before batching, so padding stays small) and one spaCy ``nlp.pipe`` runs
NER over all of them. The two models are independent, so entity recognition runs in a
second thread while the embedder works: onnxruntime releases the GIL during inference and
the spaCy thread fills what is left of the cores.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from newsdesk.pipeline.enrich.entities import HEADLINE_BREAK, Entity, EntityRecognizer
from newsdesk.pipeline.enrich.summarize import ArticleInput, ArticleSummary, Summarizer


@dataclass(frozen=True)
class Enriched:
    """The enrichment of one article: its summary and (None when off) its entities."""

    summary: ArticleSummary
    entities: list[Entity] | None


def entity_text(article: ArticleInput) -> str:
    return f"{article.title}{HEADLINE_BREAK}{article.text}"


def reads_language(recognizer: EntityRecognizer, language: str) -> bool:
    """Whether the recognizer reads an article in ``language`` (unknown: it tries)."""
    primary = language.partition("-")[0].lower()  # stored tags are normalised: "en-GB"
    return not primary or primary in recognizer.languages


def enrich_batch(
    articles: Sequence[ArticleInput],
    summarizer: Summarizer,
    recognizer: EntityRecognizer | None,
    *,
    overlap: bool = True,
) -> list[Enriched]:
    """Summaries and entities of ``articles``, in their order (batched model calls).
    Articles in a language the recognizer does not read get no entities."""
    if not articles:
        return []
    if recognizer is None:
        return [Enriched(s, None) for s in summarizer.summarize(articles)]
    readable = [i for i, a in enumerate(articles) if reads_language(recognizer, a.language)]
    texts = [entity_text(articles[i]) for i in readable]
    if not overlap:
        summaries = summarizer.summarize(articles)
        found = recognizer.recognize(texts)
    else:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ner") as pool:
            pending = pool.submit(recognizer.recognize, texts)
            summaries = summarizer.summarize(articles)
            found = pending.result()
    entities: list[list[Entity]] = [[] for _ in articles]
    for i, article_entities in zip(readable, found, strict=True):
        entities[i] = article_entities
    return [Enriched(s, e) for s, e in zip(summaries, entities, strict=True)]
