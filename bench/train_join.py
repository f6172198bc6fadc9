"""Train and evaluate the learned join decision (``newsdesk.pipeline.cluster.join``).

    python bench/train_join.py [--data DIR] [--print-model] [--cold-gate] [--pool]

Training is teacher-forced on gold: each developer set is replayed in arrival order with
the *gold* stories as the clusterer's state (same IDF learning, neighbour search,
near-duplicate check and story updates as ``assign_article``); every article that is not a
near-copy gives one example per candidate story (the live stories among its 30 nearest
articles): positive for its gold story, negative for the others. A logistic regression
(pure numpy, Newton steps, L2 on standardised features, each training set weighing the
same, or with ``--pool`` each example) is fitted; its probability threshold is the one of
``THRESHOLDS`` that gives the best mean pair F1 when the online clusterer runs on the
*training* sets. With ``--cold-gate`` the weighted sum's cold-story rule (long threshold,
figures) still filters the candidates, in training and online.

Evaluation, next to today's default (the weighted sum) in the same run:

* full sets: the model trained on all four sets (in-sample: not a check, for reference);
* leave-one-set-out: trained (and its threshold picked) on three sets, scored on the fourth;
* halves: trained on the gold stories of one half (sha1(story id) mod 2, as
  ``bench/stories.py --halves``) of every set, scored on the other half.

``--print-model`` prints the all-sets model as the Python constant to paste into
``join.py``. The data stay in ``../shared``; nothing of them is written here.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stories as bench
from newsdesk.cli.stories import StreamRow, assign_rows
from newsdesk.config import load_config
from newsdesk.pipeline.cluster import ClusterOptions, ClusterState
from newsdesk.pipeline.cluster.join import FEATURES, JoinModel, features
from newsdesk.pipeline.cluster.online import (
    _add_to_story,
    _candidates,
    _cold_refuses,
    _compatible,
    _new_story,
    _score,
    article_features,
    expire,
    pair_signals,
)
from newsdesk.pipeline.cluster.stream import arrival_order
from newsdesk.pipeline.dedup.near import MinHashIndex

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)
L2 = 1e-3

Data = tuple[list[StreamRow], dict[str, str], np.ndarray]


def examples(
    rows: Sequence[StreamRow],
    gold: dict[str, str],
    vectors: np.ndarray,
    options: ClusterOptions,
    cold_gate: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Teacher-forced (features, label) pairs of one set (with ``cold_gate``, only of the
    candidates the weighted sum's cold-story rule lets through, as online)."""
    probe = replace(options, join_model=JoinModel((0.0,) * len(FEATURES), 0.0))
    state = ClusterState(dimensions=int(vectors.shape[1]))
    state.near = MinHashIndex(options.near_dup)
    story_of_gold: dict[str, int] = {}
    xs: list[tuple[float, ...]] = []
    ys: list[int] = []
    articles = [r.article for r in rows]
    for position in arrival_order(articles):
        article, vector = articles[position], vectors[position]
        if state.clock is None or article.published > state.clock + options.reach:
            expire(state, article.published, options)
            state.clock = article.published
        found = article_features(state, article, probe)
        signature, size = state.near.signature(article.text)
        copy = state.near.query(signature, size)
        gold_id = gold[rows[position].id]
        target = story_of_gold.get(gold_id)
        if target is not None and target not in state.stories:
            target = None  # the gold story went cold and was evicted: it starts again
        if copy is None and len(found.unique) >= options.min_terms:
            for story_id, (_, nearest) in _candidates(state, article, vector, options).items():
                story = state.stories[story_id]
                signals = pair_signals(story, article, found, vector, nearest)
                if not _compatible(story, article.language, signals.keywords, options):
                    continue
                raw = _score(options, signals.dense, signals.keywords, signals.names_in_story)
                if cold_gate and _cold_refuses(story, article, raw, found.figures, options):
                    continue
                xs.append(features(signals))
                ys.append(int(story_id == target))
        if target is None:
            story = _new_story(state, article, vector=vector, found=found, options=probe)
            story_of_gold[gold_id] = story.id
        else:
            story = state.stories[target]
            _add_to_story(story, article, vector=vector, found=found, options=probe)
        state.story_of[article.key] = story.id
        state.near.add(str(article.key), signature, size)
        assert state.index is not None
        state.index.add(article.key, vector)
    x = np.array(xs, dtype=np.float64).reshape(-1, len(FEATURES))
    return x, np.array(ys, dtype=np.float64)


def fit(
    parts: Sequence[tuple[np.ndarray, np.ndarray]], pool: bool = False
) -> tuple[np.ndarray, float]:
    """Logistic regression by Newton steps; each part (set) weighs the same in the loss
    (with ``pool``, each example does)."""
    x = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    sizes = [1.0 if pool else 1.0 / max(1, len(p[1])) for p in parts]
    weight = np.concatenate([np.full(len(p[1]), w) for w, p in zip(sizes, parts, strict=True)])
    weight /= weight.sum()
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std < 1e-9] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / std])
    beta = np.zeros(z.shape[1])
    ridge = np.full(z.shape[1], L2)
    ridge[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(z @ beta)))
        gradient = z.T @ (weight * (p - y)) + ridge * beta
        hessian = (z * (weight * p * (1 - p))[:, None]).T @ z + np.diag(ridge)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-10:
            break
    coef = beta[1:] / std
    return coef, float(beta[0] - (coef * mean).sum())


def pair_f1(scorer: object, data: Data, options: ClusterOptions) -> float:
    rows, gold, vectors = data
    return float(bench.score(scorer, gold, assign_rows(rows, vectors, options))["pair_f1"])  # type: ignore[arg-type]


def train(
    scorer: object,
    train_sets: dict[str, Data],
    train_parts: dict[str, tuple[np.ndarray, np.ndarray]],
    base: ClusterOptions,
    cold_gate: bool = False,
    pool: bool = False,
) -> JoinModel:
    coef, bias = fit([train_parts[name] for name in train_sets], pool)
    best: tuple[float, float] | None = None
    for threshold in THRESHOLDS:
        model = JoinModel(tuple(float(c) for c in coef), bias, threshold, cold_gate=cold_gate)
        options = replace(base, join_model=model)
        mean = float(np.mean([pair_f1(scorer, d, options) for d in train_sets.values()]))
        if best is None or mean > best[0]:
            best = (mean, threshold)
    assert best is not None
    weights = tuple(round(float(c), 4) for c in coef)
    return JoinModel(weights, round(bias, 4), best[1], cold_gate=cold_gate)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=bench.SHARED)
    parser.add_argument("--print-model", action="store_true")
    parser.add_argument("--no-halves", action="store_true")
    parser.add_argument(
        "--cold-gate",
        action="store_true",
        help="keep the weighted sum's cold-story rule (long threshold, figures) as a gate",
    )
    parser.add_argument(
        "--pool", action="store_true", help="each example weighs the same (not each set)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    config = load_config()
    base = replace(config.cluster_options, join_model=None)
    scorer = bench.load_scorer(args.data / "tools" / "score_clusters.py")
    full: dict[str, Data] = {}
    for name in bench.SETS:
        rows, gold = bench.load_set(name)
        full[name] = (rows, gold, bench.cached_vectors(name, rows, config.story_lead_words))
    halves = {h: {n: bench.subset(*d, half=h) for n, d in full.items()} for h in (0, 1)}
    gate = args.cold_gate
    parts = {n: examples(*d, base, gate) for n, d in full.items()}
    for name, (_, y) in parts.items():
        print(f"{name}: {len(y)} examples, {int(y.sum())} positive", flush=True)

    table: dict[str, dict[str, str]] = {n: {} for n in full}
    models: dict[str, JoinModel] = {}
    everything = train(scorer, full, parts, base, gate, args.pool)
    models["all sets"] = everything
    for name, data in full.items():
        table[name]["default"] = f"{pair_f1(scorer, data, base):.3f}"
        table[name]["learned (in-sample)"] = (
            f"{pair_f1(scorer, data, replace(base, join_model=everything)):.3f}"
        )
    for held, held_data in full.items():
        rest = {n: d for n, d in full.items() if n != held}
        model = train(scorer, rest, parts, base, gate, args.pool)
        models[f"without {held}"] = model
        table[held]["learned LOSO"] = (
            f"{pair_f1(scorer, held_data, replace(base, join_model=model)):.3f}"
        )
        print(f"LOSO {held}: {table[held]['learned LOSO']} (t={model.threshold})", flush=True)
    if not args.no_halves:
        for h in (0, 1):
            other = 1 - h
            half_parts = {n: examples(*d, base, gate) for n, d in halves[h].items()}
            model = train(scorer, halves[h], half_parts, base, gate, args.pool)
            models[f"half {h}"] = model
            for name in full:
                test = halves[other][name]
                table[name][f"default half {other}"] = f"{pair_f1(scorer, test, base):.3f}"
                table[name][f"learned {h}->{other}"] = (
                    f"{pair_f1(scorer, test, replace(base, join_model=model)):.3f}"
                )
    columns = list(next(iter(table.values())))
    print("\npair F1 | " + " | ".join(columns))
    for name, cells in table.items():
        print(f"{name} | " + " | ".join(cells.get(c, "") for c in columns))
    print()
    for label, model in models.items():
        weights = ", ".join(f"{n} {w:+.2f}" for n, w in zip(FEATURES, model.weights, strict=True))
        print(f"{label}: bias {model.bias:+.2f}, threshold {model.threshold}; {weights}")
    if args.print_model:
        print("\nLEARNED = JoinModel(")
        print(f"    weights=({', '.join(repr(w) for w in everything.weights)}),")
        print(f"    bias={everything.bias!r},")
        print(f"    threshold={everything.threshold!r},")
        print(f"    cold_gate={everything.cold_gate!r},")
        print(")")
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
