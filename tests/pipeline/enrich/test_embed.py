"""The installed embedding model, run for real on a few sentences."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import pytest

from newsdesk.pipeline.enrich.embed import (
    MODEL_PACKAGE,
    EmbedOptions,
    MiniLMEmbedder,
    _package_file,
    int8_compute_model,
)


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


def test_int8_model_without_nan_guards_gives_the_same_vectors_bit_for_bit(
    tmp_path: Path,
) -> None:
    stored = _package_file(MODEL_PACKAGE, "model.onnx")
    (tmp_path / "guarded").mkdir()
    (tmp_path / "lean").mkdir()
    guarded = int8_compute_model(stored, tmp_path / "guarded", nan_guards=True)
    lean = int8_compute_model(stored, tmp_path / "lean")
    ops = [[node.op_type for node in onnx.load(str(p)).graph.node] for p in (guarded, lean)]
    assert ops[0].count("IsNaN") == 6 and "IsNaN" not in ops[1]  # one per layer
    assert len(ops[0]) - len(ops[1]) == 12  # each IsNaN and its Where, nothing else
    fast = MiniLMEmbedder(EmbedOptions(int8_compute=True, threads=1))
    texts = ["", "Rates", "The central bank raised interest rates again on Thursday."]
    ids = np.zeros((3, 16), dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, text in enumerate(texts):
        encoding = fast._tokenizer.encode(text or " ")
        ids[row, : len(encoding.ids)] = encoding.ids
        mask[row, : len(encoding.ids)] = 1
    feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    hidden = [
        onnxruntime.InferenceSession(str(p), providers=["CPUExecutionProvider"]).run(None, feeds)[0]
        for p in (guarded, lean)
    ]
    assert np.array_equal(hidden[0], hidden[1])


def test_batches_group_texts_by_word_pieces_not_characters(embedder: MiniLMEmbedder) -> None:
    # Short in characters, long in word pieces (numbers and rare words split into many),
    # and the other way round: a batch of two per length, in input order back.
    texts = [
        "Q3 2024: 1,234,567 (+8.9%) vs 1,133,452",
        "Lawmakers passed the budget on Monday.",
        "Interest rates rose.",
        "Xylophonists' zwitterionic quinquennial",
    ]
    together = embedder.embed(texts)
    alone = np.vstack([embedder.embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
