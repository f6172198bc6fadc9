"""Search by meaning: the query is embedded with the model that embedded the articles
(MiniLM, the vectors story clustering stores), and the nearest stored vectors answer.

One index per server process, built on the first semantic search from every stored vector
(``store.queries.semantic``) and topped up with newer vectors before each search
(one indexed query). The model loads once, on first use; without the model package or
without stored vectors, semantic search says it is unavailable and keyword search stays.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

import numpy as np

from newsdesk.pipeline.enrich.embed import MiniLMEmbedder
from newsdesk.pipeline.errors import NewsdeskError
from newsdesk.store import vectors
from newsdesk.store.queries.search import SearchFilters, SearchHit
from newsdesk.store.queries.semantic import filtered_articles, newest_vector_id, vectors_after

log = logging.getLogger(__name__)

#: Neighbours fetched per wanted result, so that filters still leave a full page.
OVERFETCH = 4


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    embedder: MiniLMEmbedder | None = None
    index: vectors.NeighbourIndex | None = None
    last_id: int = 0
    unavailable: str = ""


_STATE = _State()


def _embedder() -> MiniLMEmbedder:
    if _STATE.embedder is None:
        from newsdesk.pipeline.enrich.embed import EmbedOptions

        _STATE.embedder = MiniLMEmbedder(EmbedOptions(threads=1))
    return _STATE.embedder


def _refresh(kind: str) -> vectors.NeighbourIndex | None:
    """Add vectors stored since the last search (all of them the first time)."""
    model = MiniLMEmbedder.model_id
    newest = newest_vector_id(model)
    if newest is None:
        return _STATE.index
    if _STATE.index is None:
        _STATE.index = vectors.make_index(kind, MiniLMEmbedder.dimensions)
    if newest > _STATE.last_id:
        for labels, batch in vectors_after(model, _STATE.last_id):
            add_many = getattr(_STATE.index, "add_many", None)
            if add_many is not None:  # usearch adds a batch in native code
                add_many(labels, batch)
            else:
                for label, vector in zip(labels.tolist(), batch, strict=True):
                    _STATE.index.add(int(label), vector)
            _STATE.last_id = int(labels[-1])
    return _STATE.index


def semantic_search(
    text: str, filters: SearchFilters, *, limit: int, offset: int = 0, index_kind: str = "hnsw"
) -> list[SearchHit] | None:
    """Best matches by meaning (no snippets); None when semantic search is unavailable."""
    if not text.strip() or _STATE.unavailable:
        return None if _STATE.unavailable else []
    with _STATE.lock:
        try:
            index = _refresh(index_kind)
            if index is None or len(index) == 0:
                return None
            query = _embedder().embed([text])[0]
        except NewsdeskError as error:  # the model package is missing or damaged
            log.warning("semantic search unavailable: %s", error)
            _STATE.unavailable = str(error)
            return None
        wanted = (offset + limit) * OVERFETCH
        neighbours = index.search(np.asarray(query, dtype=np.float32), min(wanted, len(index)))
    ranked = [label for label, _distance in neighbours]
    articles = filtered_articles(ranked, filters)
    hits = [SearchHit(articles[pk], "") for pk in ranked if pk in articles]
    return hits[offset : offset + limit]


def semantic_unavailable() -> bool:
    """Whether the last semantic search fell back (no model, or no stored vectors)."""
    return bool(_STATE.unavailable) or _STATE.index is None or len(_STATE.index) == 0


def reset() -> None:
    """Forget the index (tests: each test database starts empty)."""
    with _STATE.lock:
        _STATE.index = None
        _STATE.last_id = 0
