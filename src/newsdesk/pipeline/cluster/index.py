"""The nearest-neighbour seam the clusterer searches, and an exact in-memory index.

Approximate indexes (HNSW) live in ``newsdesk.store.vectors`` behind the same protocol.
Vectors are L2-normalised float32, so the inner product is the cosine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

__all__ = ["ExactIndex", "NeighbourIndex"]

Vector = NDArray[np.float32]


class NeighbourIndex(Protocol):
    def add(self, label: int, vector: Vector) -> None: ...

    def remove(self, labels: Sequence[int]) -> None: ...

    def labels(self) -> NDArray[np.int64]:
        """Every label held."""
        ...

    def search(self, vector: Vector, k: int) -> list[tuple[int, float]]:
        """Up to ``k`` (label, cosine) pairs, most similar first."""
        ...

    def __len__(self) -> int: ...


class ExactIndex:
    """Brute-force inner product over a growable matrix (removal leaves a hole reused later)."""

    def __init__(self, dimensions: int, capacity: int = 1024) -> None:
        self._matrix = np.zeros((capacity, dimensions), dtype=np.float32)
        self._labels = np.full(capacity, -1, dtype=np.int64)
        self._rows: dict[int, int] = {}
        self._free: list[int] = []
        self._used = 0

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, label: int, vector: Vector) -> None:
        if label in self._rows:
            self._matrix[self._rows[label]] = vector
            return
        if self._free:
            row = self._free.pop()
        else:
            if self._used == len(self._labels):
                self._matrix = np.concatenate([self._matrix, np.zeros_like(self._matrix)])
                self._labels = np.concatenate([self._labels, np.full_like(self._labels, -1)])
            row = self._used
            self._used += 1
        self._matrix[row] = vector
        self._labels[row] = label
        self._rows[label] = row

    def labels(self) -> NDArray[np.int64]:
        return np.fromiter(self._rows, dtype=np.int64, count=len(self._rows))

    def remove(self, labels: Sequence[int]) -> None:
        for label in labels:
            row = self._rows.pop(label, None)
            if row is not None:
                self._matrix[row] = 0.0
                self._labels[row] = -1
                self._free.append(row)

    def search(self, vector: Vector, k: int) -> list[tuple[int, float]]:
        if not self._rows or k <= 0:
            return []
        scores = self._matrix[: self._used] @ vector
        scores[self._labels[: self._used] < 0] = -2.0
        k = min(k, len(self._rows))
        top = np.argpartition(-scores, k - 1)[:k]
        # Ties broken by label so results do not depend on row reuse.
        order = sorted(top.tolist(), key=lambda r: (-float(scores[r]), int(self._labels[r])))
        return [(int(self._labels[r]), float(scores[r])) for r in order]
