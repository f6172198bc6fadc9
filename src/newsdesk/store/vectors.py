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

The archive index (related articles) is saved to a file beside the data (HNSW only) by
``save_archive_index``; ``load_archive_index`` restores it at worker start and adds only the
vectors stored since (and drops the ones deleted since), instead of re-indexing the whole
archive. A fingerprint of a few saved vectors guards against a file from another database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from newsdesk.pipeline.cluster.index import ExactIndex, NeighbourIndex

__all__ = [
    "ExactIndex",
    "HnswIndex",
    "NeighbourIndex",
    "from_bytes",
    "iter_stored_vectors",
    "load_archive_index",
    "make_index",
    "save_archive_index",
    "sync_archive_index",
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
            # Measured on clustered synthetic vectors at 1M (bench/stories.py, ADR 0004):
            # 16 / 40 found 0.48 of the same-story neighbours at depth 64, 32 / 128 0.96,
            # for a 1.4x longer build.
            connectivity=32,
            expansion_add=128,
            expansion_search=expansion,
        )
        del capacity  # usearch grows by itself
        self.dimensions = dimensions

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

    def labels(self) -> NDArray[np.int64]:
        return np.asarray(self._index.keys, dtype=np.int64)

    def save(self, path: Path) -> None:
        self._index.save(str(path))

    def load(self, path: Path) -> None:
        self._index.load(str(path))

    def set_search_depth(self, expansion: int) -> None:
        """Candidates kept while searching (more: better recall, slower)."""
        # usearch's stubs type the property read-only; the binding has a setter.
        self._index.expansion_search = expansion  # type: ignore[misc]

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
    model: str, batch: int = 5000, only: set[int] | None = None
) -> Iterator[tuple[NDArray[np.int64], NDArray[np.float32]]]:
    """Every stored vector of ``model`` (or those of the ``only`` ids) in id order, in chunks."""
    from newsdesk.store.models import ArticleVector

    if only is not None:
        wanted = sorted(only)
        for start in range(0, len(wanted), batch):
            rows = list(
                ArticleVector.objects.filter(
                    model=model, article_id__in=wanted[start : start + batch]
                )
                .order_by("article_id")
                .values_list("article_id", "vector")
            )
            if rows:
                labels = np.array([pk for pk, _ in rows], dtype=np.int64)
                yield labels, np.stack([from_bytes(v) for _, v in rows])
        return
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


_PROBES = 8


def _digest(data: bytes | memoryview) -> str:
    return hashlib.blake2b(bytes(data), digest_size=16).hexdigest()


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def save_archive_index(index: NeighbourIndex, model: str, path: Path) -> bool:
    """Save an HNSW archive index to ``path`` (atomically, with its fingerprint); False for
    an index kind that is not saved."""
    from newsdesk.store.models import ArticleVector

    if not isinstance(index, HnswIndex):
        return False
    labels = index.labels()
    probes = sorted(int(x) for x in np.unique(labels)[:: max(1, len(labels) // _PROBES)][:_PROBES])
    rows = dict(
        ArticleVector.objects.filter(model=model, article_id__in=probes).values_list(
            "article_id", "vector"
        )
    )
    meta = {
        "model": model,
        "dimensions": int(index.dimensions),
        "probes": {str(k): _digest(rows[k]) for k in probes if k in rows},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    index.save(partial)
    partial.replace(path)
    _meta_path(path).write_text(json.dumps(meta), encoding="utf-8")
    return True


def _restore(path: Path | None, model: str, dimensions: int) -> HnswIndex | None:
    from newsdesk.store.models import ArticleVector

    if path is None or not path.exists() or not _meta_path(path).exists():
        return None
    try:
        meta = json.loads(_meta_path(path).read_text(encoding="utf-8"))
        if meta.get("model") != model or meta.get("dimensions") != dimensions:
            return None
        probes = {int(k): v for k, v in meta.get("probes", {}).items()}
        rows = dict(
            ArticleVector.objects.filter(model=model, article_id__in=list(probes)).values_list(
                "article_id", "vector"
            )
        )
        if any(k not in rows or _digest(rows[k]) != v for k, v in probes.items()):
            return None  # a file from another database (or the vectors changed)
        index = HnswIndex(dimensions)
        index.load(path)
    except (OSError, ValueError, RuntimeError):
        return None
    return index


#: Called after each chunk a (re)build adds, with the index and how many it added so far.
Progress = Callable[[NeighbourIndex, int], None]


def _add_block(index: NeighbourIndex, labels: NDArray[np.int64], block: Vector) -> None:
    if isinstance(index, HnswIndex):
        index.add_many(labels, block)
        return
    for label, vector in zip(labels.tolist(), block, strict=True):
        index.add(int(label), vector)


def sync_archive_index(
    index: NeighbourIndex, model: str, progress: Progress | None = None, chunk: int = 5000
) -> int:
    """Bring ``index`` up to date with the stored vectors of ``model``: drop the labels no
    longer stored, add the vectors it lacks (in chunks, calling ``progress`` after each).
    How many it added."""
    from newsdesk.store.models import ArticleVector

    stored = set(
        ArticleVector.objects.filter(model=model).values_list("article_id", flat=True).iterator()
    )
    held = set(index.labels().tolist())
    index.remove(sorted(held - stored))
    # An empty index takes every vector in id order (keyset pages); else only the missing.
    chunks = iter_stored_vectors(model, chunk, only=None if not held else stored - held)
    added = 0
    for labels, block in chunks:
        _add_block(index, labels, block)
        added += len(labels)
        if progress is not None:
            progress(index, added)
    return added


def load_archive_index(
    kind: str, dimensions: int, model: str, path: Path | None, progress: Progress | None = None
) -> tuple[NeighbourIndex, int]:
    """The archive index and how many vectors were added to it now: restored from ``path``
    and brought up to date when it can be, else built from every stored vector (a million
    take minutes: ``progress`` lets the caller save checkpoints and renew its lease)."""
    restored = _restore(path, model, dimensions) if kind == "hnsw" else None
    index = restored if restored is not None else make_index(kind, dimensions)
    return index, sync_archive_index(index, model, progress)
