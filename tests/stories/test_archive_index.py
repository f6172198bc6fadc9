"""The related-articles index is saved beside the data and restored at worker start."""

from __future__ import annotations

from datetime import timedelta

import pytest

from newsdesk.jobs.cluster_articles import StoryEngine, cluster_pending, release_clustering
from newsdesk.pipeline.cluster.index import NeighbourIndex
from newsdesk.pipeline.enrich.embed import MiniLMEmbedder
from newsdesk.store.models import ArticleVector
from newsdesk.store.vectors import (
    HnswIndex,
    load_archive_index,
    save_archive_index,
    sync_archive_index,
)
from tests.stories.factory import FED, KURSK, PROTEST, T0, stored_article

pytestmark = pytest.mark.django_db


def _engine_like(engine: StoryEngine) -> StoryEngine:
    return StoryEngine(
        embedder=engine.embedder,
        options=engine.options,
        related_options=engine.related_options,
        lead_words=engine.lead_words,
        index_kind=engine.index_kind,
        index_path=engine.index_path,
    )


def test_a_restarted_worker_restores_the_saved_index_and_adds_only_new_vectors(
    engine: StoryEngine, embedder: MiniLMEmbedder
) -> None:
    assert engine.index_kind == "hnsw" and engine.index_path is not None
    stored_article("bbc.co.uk", 1, "Ukraine pushes deeper into Russia's Kursk region", KURSK)
    stored_article("ft.com", 2, "Fed holds rates steady, still sees cuts this year", FED)
    cluster_pending(engine, T0 + timedelta(days=1))
    # The first start built the index from the (empty) archive; save what it holds now.
    assert engine.related_index is not None and len(engine.related_index) == 2
    assert save_archive_index(engine.related_index, embedder.model_id, engine.index_path)
    stored_article("latimes.com", 3, "Los Angeles protest over immigration raids", PROTEST)
    cluster_pending(engine, T0 + timedelta(days=1))  # stored, but not saved in the file

    index, added = load_archive_index("hnsw", 384, embedder.model_id, engine.index_path)
    assert added == 1  # only the vector stored after the save was indexed again
    assert isinstance(index, HnswIndex)
    assert sorted(index.labels().tolist()) == sorted(
        ArticleVector.objects.values_list("article_id", flat=True)
    )
    release_clustering(engine)  # a clean shutdown gives the clustering lease up
    restarted = _engine_like(engine)
    cluster_pending(restarted, T0 + timedelta(days=1))
    assert restarted.related_index is not None and len(restarted.related_index) == 3


def test_a_saved_index_from_another_database_or_a_corrupt_file_is_ignored(
    engine: StoryEngine, embedder: MiniLMEmbedder
) -> None:
    stored_article("bbc.co.uk", 1, "Ukraine pushes deeper into Russia's Kursk region", KURSK)
    cluster_pending(engine, T0 + timedelta(days=1))
    assert engine.related_index is not None and engine.index_path is not None
    save_archive_index(engine.related_index, embedder.model_id, engine.index_path)
    ArticleVector.objects.update(vector=bytes(384 * 4))  # same ids, other vectors
    index, added = load_archive_index("hnsw", 384, embedder.model_id, engine.index_path)
    assert added == 1  # rebuilt from the database, not restored
    # A corrupt file is not fatal either.
    save_archive_index(index, embedder.model_id, engine.index_path)
    engine.index_path.write_bytes(b"not an index")
    index, added = load_archive_index("hnsw", 384, embedder.model_id, engine.index_path)
    assert added == 1 and len(index) == 1


class _Killed(Exception):
    pass


def test_a_build_killed_midway_resumes_from_its_last_checkpoint(
    engine: StoryEngine, embedder: MiniLMEmbedder
) -> None:
    for n, (title, text) in enumerate(
        [("Kursk", KURSK), ("Fed", FED), ("Protest", PROTEST)] * 2, start=1
    ):
        stored_article(f"site{n}.example", n, f"{title} {n}", text)
    cluster_pending(engine, T0 + timedelta(days=1))  # stores the six vectors
    path = engine.index_path
    assert path is not None and not path.exists()  # fewer than SAVE_EVERY: no file yet

    def checkpoint_then_die(index: NeighbourIndex, added: int) -> None:
        save_archive_index(index, embedder.model_id, path)
        if added >= 4:
            raise _Killed

    with pytest.raises(_Killed):
        sync_archive_index(HnswIndex(384), embedder.model_id, checkpoint_then_die, chunk=2)
    index, added = load_archive_index("hnsw", 384, embedder.model_id, path)
    assert added == 2  # the four checkpointed vectors were restored, not indexed again
    assert sorted(index.labels().tolist()) == sorted(
        ArticleVector.objects.values_list("article_id", flat=True)
    )


def test_a_new_lease_epoch_keeps_the_archive_index_and_only_brings_it_up_to_date(
    engine: StoryEngine,
) -> None:
    first = stored_article("bbc.co.uk", 1, "Ukraine pushes deeper into Kursk", KURSK)
    stored_article("ft.com", 2, "Fed holds rates steady", FED)
    cluster_pending(engine, T0 + timedelta(days=1))
    held = engine.related_index
    assert held is not None and len(held) == 2
    # Another worker took the lease over meanwhile: it stored one article, one was deleted.
    release_clustering(engine)
    other = _engine_like(engine)
    stored_article("latimes.com", 3, "Los Angeles protest over raids", PROTEST)
    cluster_pending(other, T0 + timedelta(days=1))
    release_clustering(other)
    first.delete()
    cluster_pending(engine, T0 + timedelta(days=1))
    assert engine.related_index is held  # not rebuilt from scratch
    assert sorted(held.labels().tolist()) == sorted(
        ArticleVector.objects.values_list("article_id", flat=True)
    )
    assert first.pk not in held.labels().tolist()
