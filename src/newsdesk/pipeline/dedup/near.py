"""Near-duplicate detection: MinHash signatures of word shingles, banded LSH.

A syndicated or wire copy shares almost all of its word 5-shingles with the original
(Jaccard >= ``jaccard``); a truncated copy (a teaser, the first paragraphs) is *contained*
in the original (containment >= ``containment``), which MinHash estimates from the Jaccard
estimate and the two shingle-set sizes. The index is in memory, deterministic (hashes are
blake2b, not Python's salted ``hash``), and bounded: a bucket keeps at most
``bucket_cap`` entries, so 10,000 copies of one text cost the same per article as ten.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

__all__ = ["MinHashIndex", "NearDupMatch", "NearDupOptions", "minhash_signature", "shingles"]

_WORD = re.compile(r"\w+", re.UNICODE)
_PRIME = np.uint64((1 << 61) - 1)
_MASK = np.uint64((1 << 32) - 1)


@dataclass(frozen=True)
class NearDupOptions:
    shingle_words: int = 5
    permutations: int = 128
    bands: int = 32
    #: Estimated Jaccard at or above which two texts are copies.
    jaccard: float = 0.8
    #: Estimated share of the shorter text's shingles found in the longer one (truncation).
    containment: float = 0.9
    #: Texts with fewer shingles than this are not compared (too short to be a copy).
    min_shingles: int = 8
    #: Entries kept per LSH bucket (spam floods stop growing buckets; the first stay).
    bucket_cap: int = 8
    seed: int = 1


@dataclass(frozen=True)
class NearDupMatch:
    key: str
    jaccard: float
    containment: float


def shingles(text: str, size: int) -> set[bytes]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def _permutations(options: NearDupOptions) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    rng = np.random.default_rng(options.seed)
    # a, b < 2**31 and x < 2**32 keep a*x + b below 2**64 (no wrap-around).
    a = rng.integers(1, 1 << 31, size=options.permutations, dtype=np.uint64)
    b = rng.integers(0, 1 << 31, size=options.permutations, dtype=np.uint64)
    return a, b


def minhash_signature(
    items: set[bytes], a: NDArray[np.uint64], b: NDArray[np.uint64]
) -> NDArray[np.uint64]:
    """MinHash over 32-bit item hashes with universal hashing (a*x + b) mod p."""
    if not items:
        return np.full(a.shape, np.iinfo(np.uint64).max, dtype=np.uint64)
    hashes = np.array(
        sorted(int.from_bytes(hashlib.blake2b(i, digest_size=4).digest(), "little") for i in items),
        dtype=np.uint64,
    )
    values = (np.outer(hashes, a) + b) % _PRIME & _MASK
    return np.asarray(values.min(axis=0), dtype=np.uint64)


@dataclass
class _Entry:
    signature: NDArray[np.uint64]
    size: int


@dataclass
class MinHashIndex:
    """Banded LSH over MinHash signatures; the first stored text of a near-duplicate
    group is the one found (arrival order), so copies attach to the earliest original."""

    options: NearDupOptions = field(default_factory=NearDupOptions)
    _entries: dict[str, _Entry] = field(default_factory=dict)
    _buckets: dict[tuple[int, bytes], list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._a, self._b = _permutations(self.options)

    def __len__(self) -> int:
        return len(self._entries)

    def signature(self, text: str) -> tuple[NDArray[np.uint64], int]:
        items = shingles(text, self.options.shingle_words)
        return minhash_signature(items, self._a, self._b), len(items)

    def _bands(self, signature: NDArray[np.uint64]) -> list[tuple[int, bytes]]:
        rows = self.options.permutations // self.options.bands
        return [
            (band, signature[band * rows : (band + 1) * rows].tobytes())
            for band in range(self.options.bands)
        ]

    def query(self, signature: NDArray[np.uint64], size: int) -> NearDupMatch | None:
        """The earliest stored text this one copies, or None."""
        if size < self.options.min_shingles:
            return None
        seen: set[str] = set()
        best: NearDupMatch | None = None
        for bucket in self._bands(signature):
            for key in self._buckets.get(bucket, ()):
                if key in seen:
                    continue
                seen.add(key)
                match = self._compare(key, signature, size)
                if match is not None and (best is None or match.jaccard > best.jaccard):
                    best = match
        return best

    def _compare(self, key: str, signature: NDArray[np.uint64], size: int) -> NearDupMatch | None:
        entry = self._entries[key]
        jaccard = float(np.mean(entry.signature == signature))
        smaller = min(size, entry.size)
        # |A n B| = J (|A| + |B|) / (1 + J); containment of the smaller set in the larger.
        inter = jaccard * (size + entry.size) / (1.0 + jaccard)
        containment = min(1.0, inter / smaller) if smaller else 0.0
        if jaccard >= self.options.jaccard or containment >= self.options.containment:
            return NearDupMatch(key=key, jaccard=jaccard, containment=containment)
        return None

    def add(self, key: str, signature: NDArray[np.uint64], size: int) -> None:
        if size < self.options.min_shingles or key in self._entries:
            return
        self._entries[key] = _Entry(signature, size)
        for bucket in self._bands(signature):
            keys = self._buckets.setdefault(bucket, [])
            if len(keys) < self.options.bucket_cap:
                keys.append(key)

    def remove(self, keys: Sequence[str]) -> None:
        """Forget texts (their buckets keep the key out of later answers)."""
        for key in keys:
            entry = self._entries.pop(key, None)
            if entry is None:
                continue
            for bucket in self._bands(entry.signature):
                members = self._buckets.get(bucket)
                if members and key in members:
                    members.remove(key)
