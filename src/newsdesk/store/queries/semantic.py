"""Reads for search by meaning: stored article vectors and the filtered candidates."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from django.db.models import Max
from numpy.typing import NDArray

from newsdesk.store.models import Article, ArticleVector
from newsdesk.store.queries.articles import visible_articles
from newsdesk.store.queries.search import SearchFilters
from newsdesk.store.vectors import from_bytes


def newest_vector_id(model: str) -> int | None:
    """The highest article id with a stored vector of ``model`` (None: there is none)."""
    newest = ArticleVector.objects.filter(model=model).aggregate(newest=Max("article_id"))["newest"]
    return None if newest is None else int(newest)


def vectors_after(
    model: str, after: int, batch: int = 5000
) -> Iterator[tuple[NDArray[np.int64], NDArray[np.float32]]]:
    """Stored vectors of ``model`` for article ids above ``after``, in id order, in chunks."""
    last = after
    while True:
        rows = list(
            ArticleVector.objects.filter(model=model, article_id__gt=last)
            .order_by("article_id")
            .values_list("article_id", "vector")[:batch]
        )
        if not rows:
            return
        labels = np.array([pk for pk, _ in rows], dtype=np.int64)
        yield labels, np.stack([from_bytes(v) for _, v in rows])
        last = int(labels[-1])


def filtered_articles(ids: list[int], filters: SearchFilters) -> dict[int, Article]:
    """The visible articles among ``ids`` that pass ``filters``, by id (one query)."""
    query = visible_articles().defer("body_html", "body_text").filter(pk__in=ids)
    if filters.source_id is not None:
        query = query.filter(source_id=filters.source_id)
    if filters.since is not None:
        query = query.filter(published__gte=filters.since)
    if filters.until is not None:
        query = query.filter(published__lt=filters.until)
    if filters.entity_id is not None:
        query = query.filter(entity_links__entity_id=filters.entity_id)
    return {article.pk: article for article in query}
