"""The one vector-index seam: article embeddings in, nearest neighbours out.

Vectors are stored in the database (``ArticleVector``, float32 bytes, on SQLite and
PostgreSQL alike: pgvector is not packaged for this machine) and indexed in the worker's
memory by one of:

* ``hnsw``: usearch's HNSW graph with int8-quantised vectors (384 bytes per article, so a
  million articles take about 0.6 GB with the graph) and cosine metric; search cost grows
  with log(n) (measured in ``bench/stories.py``);
* ``exact``: numpy brute force (``newsdesk.pipeline.cluster.index.ExactIndex``); exact, cost
  linear in n: fine for tests and small instances.

Both implement ``NeighbourIndex`` (add, remove, search, len), so the clusterer and the
related-articles step never know which one they use.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from numpy.typing import NDArray

from newsdesk.pipeline.cluster.index import ExactIndex, NeighbourIndex

__all__ = [
    "ExactIndex",
    "HnswIndex",
    "NeighbourIndex",
    "from_bytes",
    "iter_stored_vectors",
    "make_index",
    "to_bytes",
]

Vector = NDArray[np.float32]


class HnswIndex:
    """usearch HNSW, cosine metric, int8 storage. Labels are article ids."""

    def __init__(
        self, dimensions: int, capacity: int = 1024, quantization: str = "i8", expansion: int = 64
    ) -> None:
        from usearch.index import Index

        self._index = Index(
            ndim=dimensions,
            metric="cos",
            dtype=quantization,
            connectivity=16,
            expansion_add=40,
            expansion_search=expansion,
        )
        del capacity  # usearch grows by itself

    def __len__(self) -> int:
        return len(self._index)

    def add(self, label: int, vector: Vector) -> None:
        if label in self._index:
            self._index.remove(label)
        self._index.add(label, vector)

    def add_many(self, labels: NDArray[np.int64], vectors: NDArray[np.float32]) -> None:
        self._index.add(labels, vectors, threads=0)

    def remove(self, labels: Sequence[int]) -> None:
        for label in labels:
            if label in self._index:
                self._index.remove(label)

    def search(self, vector: Vector, k: int) -> list[tuple[int, float]]:
        if not len(self._index) or k <= 0:
            return []
        matches = self._index.search(vector, k)
        keys = np.asarray(matches.keys).tolist()
        distances = np.asarray(matches.distances).tolist()
        found = [(int(key), 1.0 - float(d)) for key, d in zip(keys, distances, strict=True)]
        return sorted(found, key=lambda kv: (-round(kv[1], 6), kv[0]))


def make_index(kind: str, dimensions: int, capacity: int = 1024) -> NeighbourIndex:
    if kind == "exact":
        return ExactIndex(dimensions, capacity)
    return HnswIndex(dimensions, capacity)


def to_bytes(vector: Vector) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes | memoryview) -> Vector:
    return np.frombuffer(bytes(data), dtype="<f4").astype(np.float32)


def iter_stored_vectors(
    model: str, batch: int = 5000
) -> Iterator[tuple[NDArray[np.int64], NDArray[np.float32]]]:
    """Every stored vector of ``model`` in id order, in chunks (for rebuilding an index)."""
    from newsdesk.store.models import ArticleVector

    last = 0
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
