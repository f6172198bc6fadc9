"""The installed embedding model, run for real on a few sentences."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.pipeline.enrich.embed import EmbedOptions, MiniLMEmbedder


@pytest.fixture(scope="module")
def embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder(EmbedOptions(batch_size=2, threads=1))


def test_vectors_are_normalised_and_in_input_order(embedder: MiniLMEmbedder) -> None:
    texts = [
        "A long sentence about the central bank raising interest rates to fight inflation.",
        "Rates",
        "",
        "The football club signed a new striker before the transfer window closed.",
    ]
    vectors = embedder.embed(texts)
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Batching and sorting by length must not change a text's vector.
    alone = embedder.embed([texts[0]])[0]
    assert float(alone @ vectors[0]) > 0.999


def test_similar_news_is_closer_than_unrelated_news(embedder: MiniLMEmbedder) -> None:
    quake, quake_again, football = embedder.embed(
        [
            "A strong earthquake struck off the coast of Japan on Monday, officials said.",
            "Japan was hit by a powerful offshore quake, according to authorities.",
            "The striker scored twice as the home side won the cup final.",
        ]
    )
    assert float(quake @ quake_again) > float(quake @ football) + 0.3


def test_int8_compute_stays_close_to_the_exact_vectors(embedder: MiniLMEmbedder) -> None:
    fast = MiniLMEmbedder(EmbedOptions(int8_compute=True, threads=1))
    texts = [
        "A strong earthquake struck off the coast of Japan on Monday, officials said.",
        "Japan was hit by a powerful offshore quake, according to authorities.",
        "The striker scored twice as the home side won the cup final.",
        "Lawmakers passed the budget after a late-night session in the capital.",
    ]
    exact, quick = embedder.embed(texts), fast.embed(texts)
    assert fast.model_id != embedder.model_id  # never mixed with stored exact vectors
    assert np.allclose(np.linalg.norm(quick, axis=1), 1.0, atol=1e-5)
    assert float(np.min(np.sum(exact * quick, axis=1))) > 0.97
    # The same neighbours: what the summarizer's scores read.
    assert np.array_equal(
        np.argsort(-(exact @ exact.T), axis=1), np.argsort(-(quick @ quick.T), axis=1)
    )


def test_article_summaries_embed_with_int8_compute_unless_an_embedder_is_given(
    embedder: MiniLMEmbedder,
) -> None:
    from newsdesk.pipeline.enrich.providers import AIOptions, Providers

    loaded = Providers(AIOptions())
    assert loaded.summarizer().method == "extractive:all-MiniLM-L6-v2-int8-dyn"
    assert loaded.summary_embedder() is loaded.summary_embedder()  # loaded once
    given = Providers(AIOptions(), embedder=embedder)
    assert given.summary_embedder() is embedder
