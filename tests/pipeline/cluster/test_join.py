"""The learned join decision: its features (pure) and the model's decision."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from newsdesk.pipeline.cluster import ClusterArticle, ClusterOptions, ClusterState, assign_stream
from newsdesk.pipeline.cluster.join import (
    FEATURES,
    LEARNED,
    JoinModel,
    PairSignals,
    features,
    rare_shared,
    top_names,
)
from newsdesk.pipeline.cluster.online import StoryState, article_features, pair_signals

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def _signals(**changes: object) -> PairSignals:
    values: dict[str, object] = {
        "dense": 0.8,
        "nearest": 0.9,
        "latest": 0.7,
        "keywords": 0.4,
        "title": 0.3,
        "names_in_story": 0.5,
        "story_names": 0.25,
        "days_latest": 1.0,
        "days_first": 3.0,
        "size": 4,
        "same_source": True,
        "other_figures": False,
        "rare_title": 0.6,
    }
    values.update(changes)
    return PairSignals(**values)  # type: ignore[arg-type]


def test_features_are_the_signals_in_order_with_logs_and_flags() -> None:
    x = features(_signals())
    assert len(x) == len(FEATURES)
    named = dict(zip(FEATURES, x, strict=True))
    assert named["dense"] == 0.8 and named["nearest"] == 0.9 and named["latest"] == 0.7
    assert named["log_days_latest"] == pytest.approx(math.log(2.0))
    assert named["log_days_first"] == pytest.approx(math.log(4.0))
    assert named["log_size"] == pytest.approx(math.log(5.0))
    assert named["same_source"] == 1.0 and named["other_figures"] == 0.0
    # A clock that runs backwards (an article dated before the story) is no negative gap.
    assert features(_signals(days_latest=-2.0))[FEATURES.index("log_days_latest")] == 0.0


def test_top_names_and_rare_title_terms() -> None:
    names = Counter({"kyiv": 3, "kursk": 3, "moscow": 1, "sudzha": 2})
    assert top_names(names, 3) == ["kursk", "kyiv", "sudzha"]  # ties by name
    idf = {"sudzha": 5.0, "russia": 2.0, "": 10.0}
    assert rare_shared(["sudzha", "russia"], {"sudzha": 0.4, "russia": 0.2}, idf) == 0.5
    assert rare_shared(["russia"], {"russia": 0.2}, idf) == 0.2
    assert rare_shared(["sudzha"], {"kursk": 1.0}, idf) == 0.0


def test_model_probability_and_decision() -> None:
    model = JoinModel(weights=(1.0,) + (0.0,) * (len(FEATURES) - 1), bias=-0.5, threshold=0.6)
    x_low = features(_signals(dense=0.5))
    x_high = features(_signals(dense=1.0))
    assert model.probability(x_low) == pytest.approx(0.5)
    assert model.probability(x_high) == pytest.approx(1 / (1 + math.exp(-0.5)))
    assert not model.joins(x_low) and model.joins(x_high)
    # Far logits neither overflow nor leave [0, 1].
    assert JoinModel((-1000.0,) * len(FEATURES), 0.0).probability(x_high) == 0.0
    assert JoinModel((1000.0,) * len(FEATURES), 0.0).probability(x_high) == 1.0
    described = model.describe()
    assert described["threshold"] == 0.6 and set(described["weights"]) == set(FEATURES)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        JoinModel(weights=(1.0,), bias=0.0)


def test_the_shipped_model_prefers_the_same_event_to_another_one() -> None:
    same = features(_signals(dense=0.85, nearest=0.9, keywords=0.5, title=0.5, days_latest=0.1))
    other = features(
        _signals(
            dense=0.3,
            nearest=0.35,
            latest=0.3,
            keywords=0.02,
            title=0.0,
            names_in_story=0.0,
            story_names=0.0,
            rare_title=0.0,
            days_latest=0.1,
        )
    )
    assert LEARNED.joins(same) and not LEARNED.joins(other)
    assert LEARNED.probability(same) > LEARNED.probability(other)


def test_pair_signals_read_the_story_state() -> None:
    options = ClusterOptions(join_model=LEARNED)
    state = ClusterState(dimensions=4)
    e = np.eye(4, dtype=np.float32)
    story = StoryState(
        id=0,
        language="en",
        dense_sum=e[0] * 2,
        keywords={},
        names=Counter({"kursk": 2, "kyiv": 1}),
        first_seen=T0,
        last_seen=T0 + timedelta(days=1),
        size=2,
        sources=Counter({"bbc": 2}),
        figures=Counter({"498000": 1}),
        titles={"kursk": 0.7, "advance": 0.7},
        latest=e[1],
    )
    article = ClusterArticle(
        5,
        "Troops advance in Kursk",
        "Officials in Kyiv and Moscow said 473,000 left. " * 3,
        T0 + timedelta(days=3),
        "bbc",
        "en",
    )
    found = article_features(state, article, options)
    vector = ((e[0] + e[1]) / np.sqrt(2)).astype(np.float32)
    s = pair_signals(story, article, found, vector, nearest=0.75)
    assert s.dense == pytest.approx(1 / np.sqrt(2), abs=1e-6)
    assert s.latest == pytest.approx(1 / np.sqrt(2), abs=1e-6) and s.nearest == 0.75
    assert s.story_names == 1.0  # both of the story's names are in the article
    assert 0.0 < s.names_in_story < 1.0  # moscow is new to the story
    assert s.days_latest == pytest.approx(2.0) and s.days_first == pytest.approx(3.0)
    assert s.same_source and s.other_figures and s.size == 2
    assert s.title > 0.0 and s.rare_title > 0.0


def test_a_learned_join_groups_one_event_and_explains_itself() -> None:
    def art(key: int, title: str, body: str, hours: float) -> ClusterArticle:
        return ClusterArticle(key, title, body, T0 + timedelta(hours=hours), f"s{key}", "en")

    quake = "A strong earthquake struck Tokyo Bay, and Japan issued a tsunami warning for Chiba."
    rates = "The Federal Reserve held interest rates steady and Jerome Powell said cuts may come."
    articles = [
        art(0, "Earthquake strikes Tokyo Bay", quake, 0),
        art(1, "Fed holds rates steady", rates, 1),
        art(2, "Tokyo Bay earthquake triggers tsunami warning", quake.replace("strong", "big"), 2),
        art(3, "Powell: Fed keeps interest rates on hold", rates.replace("steady", "unchanged"), 3),
    ]
    rng = np.random.default_rng(3)
    topics = rng.standard_normal((2, 32))
    vectors = np.stack([topics[i % 2] + 0.2 * rng.standard_normal(32) for i in range(4)])
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    options = ClusterOptions(join_model=LEARNED)
    done, final = assign_stream(articles, vectors, options)
    assert final[0] == final[2] != final[1] == final[3]
    joined = done[2].reason.as_dict()
    assert joined["kind"] == "joined" and joined["model"] == LEARNED.name
    assert float(joined["score"]) >= float(joined["threshold"])  # type: ignore[arg-type]
    signals = joined["signals"]
    assert isinstance(signals, list) and [s["name"] for s in signals] == list(FEATURES)
    assert all("value" in s and "weight" in s for s in signals)
    assert assign_stream(articles, vectors, options)[1] == final  # deterministic


def test_the_model_decides_alone_unless_the_cold_gate_is_kept() -> None:
    # A model that always joins, and a weak match 20 days later (disjoint words: the
    # weighted score before the time penalty is 0.6 * 0.5, under the long threshold).
    always = JoinModel((0.0,) * len(FEATURES), bias=10.0, threshold=0.5)
    never = JoinModel((0.0,) * len(FEATURES), bias=-10.0, threshold=0.5)
    first = ClusterArticle(0, "alpha beta gamma", "alpha beta gamma delta", T0, "a", "en")
    later = ClusterArticle(
        1, "kappa lambda sigma", "kappa lambda sigma omega", T0 + timedelta(days=20), "b", "en"
    )
    e = np.eye(4, dtype=np.float32)
    vectors = np.stack([e[0], (0.5 * e[0] + np.sqrt(0.75) * e[1]).astype(np.float32)])
    run = {
        name: assign_stream([first, later], vectors, ClusterOptions(join_model=model))
        for name, model in (
            ("always", always),
            ("gated", replace(always, cold_gate=True)),
            ("never", never),
        )
    }
    assert run["always"][1][1] == 0 and run["always"][0][1].reason.kind == "joined"
    assert run["gated"][1][1] == 1 and run["gated"][0][1].reason.kind == "new"
    assert run["never"][1][1] == 1
    assert run["never"][0][1].reason.score < run["never"][0][1].reason.threshold
