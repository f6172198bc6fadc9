"""Cluster extracted articles into stories: embed -> near-dup check -> choose story ->
store membership and reasons -> related articles (this one's, and its story siblings').

Story assignment must happen in one order for the result to be deterministic, so it is
serialised: the queue is the set of extracted articles without a membership row, taken in
(extraction time, id) order by ONE job at a time per process (the scheduler submits it only
while no other runs; a lock guards the in-memory state as well) and by ONE worker process
at a time across processes: the job holds the database lease ``story-clustering`` (renewed
each batch, ``NEWSDESK_JOB_LEASE`` seconds). Each membership is written in a transaction
that first renews the lease in the epoch it was taken in, so a worker that lost the lease
(stalled past its expiry, another took over) writes nothing more; and a worker that takes
the lease in a new epoch rebuilds its state from the database, since others wrote since.
A worker killed mid-batch leaves the articles it had not written in the queue; the next
holder takes them after the lease expires. Several worker threads
still extract in parallel; only this step is sequential, and it works in batches so the
embedder sees many texts per call.

The clusterer's state lives in memory (the same pure ``ClusterState`` that ``newsdesk
stories assign`` uses) and is rebuilt from the database when a worker starts: live stories'
centroids, their members' vectors and texts, and the saved term statistics. The related-
articles index over the whole archive is saved to ``<data_dir>/vectors/`` every
``SAVE_EVERY`` new vectors and restored at start (only the vectors stored since are added).
Without a usable file a worker builds it from every stored vector (about 20 minutes for a
million on two cores): it saves a checkpoint every fifth of the lease time, so a worker
killed mid-build resumes from there, and renews the clustering lease as it goes, so no
other worker takes over and starts the same build. A worker that must rebuild its
clustering state (new lease epoch, failed write) keeps its archive index and only brings it
up to date.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from django.db import transaction

from newsdesk.config import Config
from newsdesk.pipeline.cluster import ClusterArticle, ClusterOptions, ClusterState, assign_article
from newsdesk.pipeline.cluster.features import TermStats, lead, terms
from newsdesk.pipeline.cluster.index import NeighbourIndex
from newsdesk.pipeline.cluster.online import Assignment, StoryState
from newsdesk.pipeline.cluster.related import Neighbour, RelatedOptions, Sibling, rank_related
from newsdesk.pipeline.dedup.near import MinHashIndex
from newsdesk.pipeline.enrich.embed import Embedder
from newsdesk.store.actions.leases import do_acquire_lease, do_hold_lease, do_release_lease
from newsdesk.store.actions.stories import (
    MembershipRecord,
    StoryCentroid,
    do_record_membership,
    do_replace_related,
    do_save_term_stats,
)
from newsdesk.store.models import Article
from newsdesk.store.queries import stories as story_queries
from newsdesk.store.queries.stories import RelatedRow
from newsdesk.store.vectors import (
    from_bytes,
    load_archive_index,
    save_archive_index,
    sync_archive_index,
    to_bytes,
)

log = logging.getLogger(__name__)

#: Articles clustered per job run (one embedder call).
BATCH = 32
#: Story siblings whose related lists are refreshed when a story grows.
REFRESH_SIBLINGS = 10
#: Nearest articles looked at for related stories.
RELATED_NEIGHBOURS = 40
#: Terms kept in the saved term statistics (the most frequent).
SAVED_TERMS = 200_000
#: New vectors after which the related-articles index is saved again.
SAVE_EVERY = 10_000
#: The database lease that lets one worker process at a time assign stories.
LEASE = "story-clustering"


def _holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class StoryEngine:
    """A worker's clustering collaborators: the embedder (loaded once), the clusterer's
    state, the related-articles index, and the lock that serialises assignment."""

    embedder: Embedder
    options: ClusterOptions
    related_options: RelatedOptions
    lead_words: int
    index_kind: str
    state: ClusterState | None = None
    related_index: NeighbourIndex | None = None
    sequence: int = 0
    #: Where the related-articles index is saved between runs (None: rebuilt at start).
    index_path: Path | None = None
    unsaved: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    busy: threading.Event = field(default_factory=threading.Event)
    #: This engine's name on the clustering lease, how long a lease lasts, and the lease
    #: epoch its in-memory state belongs to (None: no state it may trust).
    holder: str = field(default_factory=_holder_id)
    lease_ttl: timedelta = timedelta(minutes=5)
    lease_epoch: int | None = None


def make_story_engine(config: Config, embedder: Embedder | None = None) -> StoryEngine:
    if embedder is None:
        from newsdesk.pipeline.enrich.embed import MiniLMEmbedder

        embedder = MiniLMEmbedder()
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", embedder.model_id)
    return StoryEngine(
        embedder=embedder,
        options=config.cluster_options,
        related_options=RelatedOptions(count=config.related_count),
        lead_words=config.story_lead_words,
        index_kind=config.vector_index,
        index_path=config.data_dir / "vectors" / f"related-{name}.usearch",
        lease_ttl=timedelta(seconds=config.job_lease),
    )


class LeaseLost(Exception):
    """Another worker took the clustering lease over while this one was working."""


@dataclass(frozen=True)
class ClusterOutcome:
    clustered: int = 0
    flagged: int = 0
    #: Another worker process holds the clustering lease: nothing was done.
    waiting: bool = False


def _archive_index(engine: StoryEngine, now: datetime, epoch: int) -> None:
    """Load (or bring up to date) the related-articles index over the whole archive."""
    model = engine.embedder.model_id
    started = last = time.monotonic()
    every = engine.lease_ttl.total_seconds() / 5

    def checkpoint(index: NeighbourIndex, added: int) -> None:
        nonlocal last
        if time.monotonic() - last < every:
            return
        last = time.monotonic()
        log.info("related-articles index: %d vectors added so far", added)
        if engine.index_path is not None:
            save_archive_index(index, model, engine.index_path)
        elapsed = timedelta(seconds=last - started)
        do_hold_lease(LEASE, engine.holder, epoch, now + elapsed, engine.lease_ttl)

    if engine.related_index is None:
        related, added = load_archive_index(
            engine.index_kind, engine.embedder.dimensions, model, engine.index_path, checkpoint
        )
    else:
        related = engine.related_index
        added = sync_archive_index(related, model, checkpoint)
    if added and engine.index_path is not None:
        save_archive_index(related, model, engine.index_path)
    engine.related_index = related


def _load_state(engine: StoryEngine, now: datetime) -> None:
    """Rebuild the in-memory clusterer state from the database."""
    dims = engine.embedder.dimensions
    # The live-window index is exact, as in `newsdesk stories assign`: its size follows the
    # ingest rate over the window, not the archive (the related index holds the archive).
    state = ClusterState(dimensions=dims)
    snapshot = story_queries.term_stats()
    if snapshot is not None:
        state.stats = TermStats(documents=snapshot.documents, df=Counter(snapshot.df))
    state.near = MinHashIndex(engine.options.near_dup)
    stories = list(story_queries.live_stories(now - engine.options.reach))
    by_pk = {s.pk: s for s in stories}
    for story in stories:
        dense = from_bytes(story.dense_sum) if story.dense_sum else np.zeros(dims, np.float32)
        state.stories[story.key] = StoryState(
            id=story.key,
            language=story.language,
            dense_sum=dense,
            keywords=dict(story.keywords),
            names=Counter(story.names),
            figures=Counter(story.figures or {}),
            first_seen=story.first_seen,
            last_seen=story.last_seen,
            size=story.article_count,
        )
    members = list(story_queries.live_memberships(list(by_pk)))
    vectors = story_queries.vectors_of([m.article_id for m in members])
    for m in members:
        key = by_pk[m.story_id].key if m.story_id in by_pk else None
        if key is None:
            continue
        state.story_of[m.article_id] = key
        state.stories[key].members.append(m.article_id)
        if m.duplicate_of_id is None:
            state.stories[key].sources[str(m.article.source_id)] += 1
        else:
            state.original_of[m.article_id] = m.duplicate_of_id
            state.copies[m.duplicate_of_id] += 1
            continue
        if m.article_id in vectors:
            assert state.index is not None
            state.index.add(m.article_id, vectors[m.article_id])
        signature, size = state.near.signature(m.article.body_text)
        state.near.add(str(m.article_id), signature, size)
    state.redirects = story_queries.story_redirects()
    state.clock = max((s.last_seen for s in stories), default=None)
    engine.state = state
    engine.sequence = story_queries.last_sequence()


def cluster_pending(engine: StoryEngine, now: datetime) -> ClusterOutcome:
    """Cluster the next batch of extracted articles in arrival order (the lock makes
    concurrent calls wait, so assignments never interleave)."""
    with engine.lock:
        epoch = do_acquire_lease(LEASE, engine.holder, now, engine.lease_ttl)
        if epoch is None:
            return ClusterOutcome(waiting=True)
        if epoch != engine.lease_epoch:
            engine.state = None  # others may have clustered since: rebuild from the database
        if engine.state is None:
            started = time.monotonic()
            _archive_index(engine, now, epoch)
            _load_state(engine, now)
            engine.lease_epoch = epoch
            if time.monotonic() - started > engine.lease_ttl.total_seconds() / 4:
                # A long (re)build: ``now`` is stale, so leave the batch to the next call,
                # which renews the lease at the current time.
                return ClusterOutcome()
        batch = story_queries.clustering_queue(BATCH)
        if not batch:
            return ClusterOutcome()
        texts = [lead(a.title, a.body_text, engine.lead_words) for a in batch]
        vectors = engine.embedder.embed(texts)
        flagged = done = 0
        try:
            for article, vector in zip(batch, vectors, strict=True):
                flagged += _cluster_one(engine, article, vector, now) is None
                done += 1
        except LeaseLost:
            log.warning("story clustering lease lost after %d articles; state dropped", done)
            engine.state, engine.lease_epoch = None, None
            return ClusterOutcome(clustered=done, flagged=flagged)
        except BaseException:
            # The state may hold an article whose write failed: rebuild it next time.
            engine.state, engine.lease_epoch = None, None
            raise
        engine.unsaved += len(batch) - flagged
        if engine.unsaved >= SAVE_EVERY and engine.index_path is not None:
            assert engine.related_index is not None
            save_archive_index(engine.related_index, engine.embedder.model_id, engine.index_path)
            engine.unsaved = 0
        assert engine.state is not None
        df = dict(engine.state.stats.df.most_common(SAVED_TERMS))
        do_save_term_stats(engine.state.stats.documents, df, engine.sequence)
        return ClusterOutcome(clustered=len(batch), flagged=flagged)


def release_clustering(engine: StoryEngine) -> None:
    """Give the clustering lease up (clean shutdown), so another worker need not wait."""
    with engine.lock:
        do_release_lease(LEASE, engine.holder)
        engine.lease_epoch = None


def _cluster_one(
    engine: StoryEngine, article: Article, vector: np.ndarray, now: datetime
) -> int | None:
    state, related = engine.state, engine.related_index
    assert state is not None and related is not None
    when = min(article.published or article.fetched_at or now, now)  # future dates clamp
    item = ClusterArticle(
        key=article.pk,
        title=article.title,
        text=article.body_text,
        published=when,
        source=str(article.source_id),
        language=article.language.split("-")[0].lower(),
    )
    assignment = assign_article(state, item, vector, engine.options)
    engine.sequence += 1
    record = MembershipRecord(
        article_id=article.pk,
        story_key=assignment.story,
        kind=assignment.reason.kind,
        reason=assignment.reason.as_dict(),
        time=when,
        sequence=engine.sequence,
        duplicate_of=assignment.duplicate_of,
        merged=assignment.merged,
    )
    keys = {assignment.story} | {kept for _, kept in assignment.merged}
    centroids = [_centroid(state.stories[k]) for k in keys if k is not None and k in state.stories]
    with transaction.atomic():
        held = do_hold_lease(LEASE, engine.holder, engine.lease_epoch or 0, now, engine.lease_ttl)
        if not held:
            raise LeaseLost(LEASE)
        do_record_membership(
            record, centroids, vector=to_bytes(vector), model=engine.embedder.model_id
        )
    if assignment.story is None:
        return None
    _update_related(engine, article, vector, assignment)
    if assignment.duplicate_of is None:
        related.add(article.pk, vector)
    return assignment.story


def _centroid(story: StoryState) -> StoryCentroid:
    return StoryCentroid(
        key=story.id,
        language=story.language,
        dense_sum=to_bytes(story.dense_sum),
        keywords={t: round(w, 5) for t, w in story.keywords.items()},
        names=dict(story.names),
        figures=dict(story.figures),
    )


def _update_related(
    engine: StoryEngine, article: Article, vector: np.ndarray, assignment: Assignment
) -> None:
    """This article's related list, and the same-story part of its siblings' lists."""
    state, index = engine.state, engine.related_index
    assert state is not None and index is not None and assignment.story is not None
    story = state.resolve(assignment.story)
    members = state.stories[story].members if story in state.stories else []
    originals = [m for m in members if m not in state.original_of]
    found = index.search(vector, RELATED_NEIGHBOURS)
    known = story_queries.stories_of([k for k, _ in found] + originals[-50:])
    story_pk = story_queries.story_keys([story]).get(story)
    siblings = [
        Sibling(m, known[m][1], float(m)) for m in originals[-50:] if m in known and m != article.pk
    ]
    neighbours = [
        Neighbour(k, cos, known[k][0], known[k][1], frozenset(terms(known[k][2])))
        for k, cos in found
        if k in known
    ]
    own_terms = frozenset(terms(article.title))
    lists = {
        article.pk: _rows(
            rank_related(
                article.pk,
                story_pk,
                source=article.source_id,
                title_terms=own_terms,
                siblings=siblings,
                neighbours=neighbours,
                options=engine.related_options,
            )
        )
    }
    if assignment.duplicate_of is None:
        kept = story_queries.similar_related([s.key for s in siblings[-REFRESH_SIBLINGS:]])
        everyone = [*siblings, Sibling(article.pk, article.source_id, float(article.pk))]
        for sibling in siblings[-REFRESH_SIBLINGS:]:
            same = rank_related(
                sibling.key,
                story_pk,
                source=sibling.source,
                title_terms=frozenset(),
                siblings=everyone,
                neighbours=[],
                options=engine.related_options,
            )
            rows = _rows(same) + kept.get(sibling.key, [])
            lists[sibling.key] = rows[: engine.related_options.count]
    do_replace_related(lists)


def _rows(ranked: list[tuple[int, float, bool]]) -> list[RelatedRow]:
    return [RelatedRow(related_id=k, score=s, same_story=same) for k, s, same in ranked]
