"""Cluster a whole stream on a fresh state: the evaluation entry point (and the tests')."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from newsdesk.pipeline.cluster.index import NeighbourIndex
from newsdesk.pipeline.cluster.online import (
    Assignment,
    ClusterArticle,
    ClusterOptions,
    ClusterState,
    assign_article,
)

__all__ = ["arrival_order", "assign_stream"]


def arrival_order(articles: Sequence[ClusterArticle]) -> list[int]:
    """Positions of ``articles`` sorted by (published, key): the order they arrive in."""
    return sorted(range(len(articles)), key=lambda i: (articles[i].published, articles[i].key))


def assign_stream(
    articles: Sequence[ClusterArticle],
    vectors: NDArray[np.float32],
    options: ClusterOptions,
    index: NeighbourIndex | None = None,
) -> tuple[list[Assignment], dict[int, int | None]]:
    """Every assignment in arrival order, and each article's final story (after merges)."""
    state = ClusterState(dimensions=int(vectors.shape[1]), index=index)
    done: list[Assignment] = []
    final_story: dict[int, int | None] = {}
    for position in arrival_order(articles):
        done.append(assign_article(state, articles[position], vectors[position], options))
    for assignment in done:
        story = assignment.story
        final_story[assignment.key] = None if story is None else state.resolve(story)
    return done, final_story
