"""Story clustering across worker processes: one database lease, one writer at a time.

Each StoryEngine stands for one worker process (its own holder id and in-memory state);
the threads below use their own database connections, as processes would.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from newsdesk.jobs.cluster_articles import (
    LEASE,
    ClusterOutcome,
    LeaseLost,
    StoryEngine,
    _cluster_one,
    cluster_pending,
    release_clustering,
)
from newsdesk.store.actions.leases import do_acquire_lease, do_hold_lease, do_release_lease
from newsdesk.store.models import (
    Article,
    ArticleVector,
    JobLease,
    RelatedArticle,
    Story,
    StoryMembership,
    TermStatsSnapshot,
)
from tests.stories.factory import FED, KURSK, PROTEST, T0, stored_article
from tests.workers import run_at_once

TTL = timedelta(minutes=5)
NOW = T0 + timedelta(days=1)


def _worker(engine: StoryEngine) -> StoryEngine:
    """Another worker process: same configuration, its own holder id and state."""
    return StoryEngine(
        embedder=engine.embedder,
        options=engine.options,
        related_options=engine.related_options,
        lead_words=engine.lead_words,
        index_kind="exact",
        lease_ttl=TTL,
    )


def _store(first: int, count: int) -> None:
    texts = [KURSK, FED, PROTEST]
    titles = ["Ukraine pushes into Kursk", "Fed holds rates steady", "Los Angeles protest"]
    for n in range(first, first + count):
        k = n % 3
        stored_article(f"outlet{n}.example", n, f"{titles[k]} ({n})", texts[k])


def _partition() -> set[frozenset[int]]:
    groups: dict[int | None, set[int]] = {}
    for article, story in StoryMembership.objects.values_list("article_id", "story_id"):
        groups.setdefault(story, set()).add(article)
    return {frozenset(g) for g in groups.values()}


def _start_over() -> None:
    """Forget every clustering result (the articles stay): the single-worker reference."""
    RelatedArticle.objects.all().delete()
    StoryMembership.objects.all().delete()
    Story.objects.all().delete()
    ArticleVector.objects.all().delete()
    TermStatsSnapshot.objects.all().delete()
    JobLease.objects.all().delete()


def _alone(engine: StoryEngine, now: datetime) -> set[frozenset[int]]:
    _start_over()
    single = _worker(engine)
    while cluster_pending(single, now).clustered:
        pass
    return _partition()


@pytest.mark.django_db
def test_the_lease_goes_to_one_holder_until_it_expires_or_is_released() -> None:
    assert do_acquire_lease("job", "a", T0, TTL) == 1
    assert do_acquire_lease("job", "b", T0 + timedelta(minutes=1), TTL) is None
    assert do_acquire_lease("job", "a", T0 + timedelta(minutes=4), TTL) == 1  # renewed
    assert do_acquire_lease("job", "b", T0 + timedelta(minutes=8), TTL) is None
    # a stops renewing (killed): b takes over after expiry, in a new epoch
    late = T0 + timedelta(minutes=10)
    assert do_acquire_lease("job", "b", late, TTL) == 2
    assert not do_hold_lease("job", "a", 1, late, TTL)  # a's late writes are refused
    assert do_hold_lease("job", "b", 2, late, TTL)
    do_release_lease("job", "b")
    assert do_acquire_lease("job", "a", late, TTL) == 3  # no wait after a clean release


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_cluster_each_article_once_as_one_worker_would(
    engine: StoryEngine,
) -> None:
    _store(0, 9)
    workers = [_worker(engine), _worker(engine)]
    outcomes: list[list[ClusterOutcome]] = [[], []]

    def work(i: int) -> None:
        for _ in range(5):
            outcomes[i].append(cluster_pending(workers[i], NOW))

    run_at_once(work)
    clustered = [sum(o.clustered for o in runs) for runs in outcomes]
    waited = [all(o.waiting for o in runs) for runs in outcomes]
    assert sorted(clustered) == [0, 9] and sorted(waited) == [False, True]
    assert StoryMembership.objects.count() == Article.objects.count() == 9
    sequences = list(StoryMembership.objects.values_list("sequence", flat=True))
    assert sorted(sequences) == list(range(1, 10))
    together = _partition()
    assert len(together) == 3
    assert together == _alone(engine, NOW)


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_is_taken_over_after_expiry_and_its_late_writes_are_refused(
    engine: StoryEngine,
) -> None:
    _store(0, 3)
    killed, survivor = _worker(engine), _worker(engine)
    assert cluster_pending(killed, NOW).clustered == 3  # then it dies holding the lease
    _store(3, 3)
    assert cluster_pending(survivor, NOW + timedelta(minutes=1)).waiting
    later = NOW + TTL + timedelta(seconds=1)
    assert cluster_pending(survivor, later).clustered == 3  # took over, state rebuilt
    assert survivor.lease_epoch == 2
    # The stalled worker wakes up mid-batch: its write is refused, its state dropped.
    _store(6, 1)
    pending = Article.objects.get(membership__isnull=True)
    vector = killed.embedder.embed([pending.title])[0]
    with pytest.raises(LeaseLost):
        _cluster_one(killed, pending, vector, later)
    assert not StoryMembership.objects.filter(article=pending).exists()
    assert cluster_pending(killed, later).waiting
    assert cluster_pending(survivor, later).clustered == 1
    release_clustering(survivor)
    handed_over = _partition()
    assert handed_over == _alone(engine, later)


@pytest.mark.django_db
def test_an_engine_rebuilds_its_state_when_it_takes_the_lease_in_a_new_epoch(
    engine: StoryEngine,
) -> None:
    _store(0, 2)
    worker = _worker(engine)
    cluster_pending(worker, NOW)
    state = worker.state
    assert state is not None and worker.lease_epoch == 1
    cluster_pending(worker, NOW + timedelta(minutes=1))
    assert worker.state is state  # renewed in the same epoch: the state is kept
    release_clustering(worker)
    cluster_pending(worker, NOW + timedelta(minutes=2))
    assert worker.state is not state and worker.lease_epoch == 2
    assert JobLease.objects.get(name=LEASE).holder == worker.holder
    # The rebuilt state has what the clusterer checks, figures included.
    rebuilt = worker.state
    assert rebuilt is not None and rebuilt.stories.keys() == state.stories.keys()
    for key, story in state.stories.items():
        assert rebuilt.stories[key].figures == story.figures
        assert rebuilt.stories[key].names == story.names


@pytest.mark.django_db
def test_story_figures_are_saved_for_a_restarted_worker(engine: StoryEngine) -> None:
    stored_article("wire.example", 1, "Jobless claims fall to 473,000", "Claims 473,000. " + FED)
    worker = _worker(engine)
    cluster_pending(worker, NOW)
    assert list(Story.objects.values_list("figures", flat=True)) == [{"473000": 1}]
