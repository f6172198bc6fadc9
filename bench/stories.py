"""Story clustering benchmark: newsdesk's online clusterer vs a TF-IDF single-pass baseline.

    python bench/stories.py [--data DIR] [--scale 10000,100000,1000000] [--grid]

Quality: for each developer set in ``/work/shared/data/stories`` and
``/work/shared/data/clustering`` (never committed, never read by tests) it runs, in the
same process, (a) the clusterer ``newsdesk stories assign`` runs, with the configured
options, and (b) the baseline of the data README: stdlib TF-IDF with the IDF fitted on
the file (sublinear TF, IDF log(N/df)), online single pass, cosine to the cluster centroid,
title counted twice, with the
README's thresholds (0.20 g5w1h/BASIL, 0.30 AllSides, 0.06 headlines). It prints pair
P/R/F1, B-cubed F1 and the number of stories, scored by ``shared/tools/score_clusters.py``.
With ``--halves`` it also scores each half of the gold stories (sha1(story id) mod 2): the
options were tuned on half 0 and only confirmed on half 1.

Cost (``--scale``): milliseconds per article for one clustering step plus one related-
articles computation with N articles already stored (synthetic unit vectors shaped like text
embeddings: topics, stories, articles; see ``SyntheticArchive``; the ANN index of
``newsdesk.store.vectors``), against exact numpy search at the same N, and the ANN index's
recall@10 against the exact top 10 for the same queries.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import itertools
import json
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from newsdesk.cli.stories import StreamRow, assign_rows, embed_rows, read_rows
from newsdesk.config import load_config
from newsdesk.pipeline.cluster import ClusterOptions

SHARED = Path("/work/shared")
SETS = {
    "g5w1h": ("data/stories/g5w1h_news_cluster.dev.jsonl", "story_id", 0.20),
    "basil": ("data/stories/basil.dev.jsonl", "story_id", 0.20),
    "allsides": ("data/stories/allsides_roundups.dev.jsonl", "story_id", 0.30),
    "headlines": ("data/clustering/proxy_uci_dev.jsonl", "cluster", 0.06),
}
CACHE = Path("/tmp/newsdesk-bench-stories")
WORD = re.compile(r"\w+")


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_clusters", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the baseline: stdlib TF-IDF single pass (the data README's sanity baseline) ---------


def _tfidf_vectors(rows: Sequence[StreamRow]) -> list[dict[str, float]]:
    docs = []
    for row in rows:
        counts = Counter(WORD.findall(row.article.text.lower()))
        for word in WORD.findall(row.article.title.lower()):
            counts[word] += 2
        docs.append(counts)
    df: Counter[str] = Counter()
    for counts in docs:
        df.update(counts.keys())
    n = len(docs)
    vectors = []
    for counts in docs:
        vector = {w: (1.0 + math.log(c)) * math.log(n / df[w]) for w, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({w: v / norm for w, v in vector.items()})
    return vectors


def baseline_assign(rows: Sequence[StreamRow], threshold: float) -> list[dict[str, str]]:
    vectors = _tfidf_vectors(rows)
    order = sorted(range(len(rows)), key=lambda i: (rows[i].article.published, i))
    centroids: list[dict[str, float]] = []
    out = []
    for i in order:
        vector, best, best_score = vectors[i], -1, -1.0
        for c, centroid in enumerate(centroids):
            norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
            score = sum(v * centroid.get(w, 0.0) for w, v in vector.items()) / norm
            if score > best_score:
                best, best_score = c, score
        if best < 0 or best_score < threshold:
            centroids.append(dict(vector))
            best = len(centroids) - 1
        else:
            for w, v in vector.items():
                centroids[best][w] = centroids[best].get(w, 0.0) + v
        out.append({"id": rows[i].id, "story": f"b{best}"})
    return out


# --- quality ------------------------------------------------------------------------------


def cached_vectors(name: str, rows: Sequence[StreamRow], lead_words: int) -> np.ndarray:
    digest = hashlib.sha1(
        json.dumps([[r.article.title, r.article.text] for r in rows]).encode()
    ).hexdigest()[:12]
    path = CACHE / f"{name}-{lead_words}-{digest}.npy"
    if path.exists():
        return np.load(path)
    from newsdesk.pipeline.enrich.embed import MiniLMEmbedder

    vectors = embed_rows(rows, MiniLMEmbedder(), lead_words)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def score(scorer: ModuleType, gold: dict[str, str], lines: list[dict[str, str]]) -> dict[str, Any]:
    result: dict[str, Any] = scorer.score(gold, {line["id"]: line["story"] for line in lines})
    return result


def load_set(name: str) -> tuple[list[StreamRow], dict[str, str]]:
    path, key, _ = SETS[name]
    with (SHARED / path).open(encoding="utf-8") as handle:
        raw = [json.loads(line) for line in handle if line.strip()]
    rows = read_rows(json.dumps(r) for r in raw)
    return rows, {str(r["id"]): str(r[key]) for r in raw}


def half_of(story: str) -> int:
    """The half a gold story falls in (0: tuned on, 1: only confirmed on)."""
    return int(hashlib.sha1(story.encode()).hexdigest(), 16) % 2


def subset(
    rows: list[StreamRow], gold: dict[str, str], vectors: np.ndarray, half: int | None
) -> tuple[list[StreamRow], dict[str, str], np.ndarray]:
    if half is None:
        return rows, gold, vectors
    picked = [i for i, r in enumerate(rows) if half_of(gold[r.id]) == half]
    kept = [StreamRow(rows[i].id, replace(rows[i].article, key=k)) for k, i in enumerate(picked)]
    return kept, {r.id: gold[r.id] for r in kept}, vectors[picked]


def quality(
    scorer: ModuleType, options: ClusterOptions, lead_words: int, half: int | None = None
) -> None:
    label = {None: "all stories", 0: "tune half", 1: "confirm half"}[half]
    print(f"\n[{label}]")
    print(
        f"{'set':<10} {'system':<9} {'pair P':>7} {'pair R':>7} {'pair F1':>8} "
        f"{'B3 F1':>6} {'stories':>8} {'gold':>5} {'F1 ratio':>9}"
    )
    for name, (_, _, base_threshold) in SETS.items():
        all_rows, all_gold = load_set(name)
        all_vectors = cached_vectors(name, all_rows, lead_words)
        rows, gold, vectors = subset(all_rows, all_gold, all_vectors, half)
        ours = score(scorer, gold, assign_rows(rows, vectors, options))
        base = score(scorer, gold, baseline_assign(rows, base_threshold))
        for system, s in (("newsdesk", ours), ("tfidf", base)):
            ratio = ours["pair_f1"] / base["pair_f1"] if system == "newsdesk" else 1.0
            print(
                f"{name:<10} {system:<9} {s['pair_p']:7.3f} {s['pair_r']:7.3f} "
                f"{s['pair_f1']:8.3f} {s['b3_f1']:6.3f} {s['predicted_stories']:8d} "
                f"{s['gold_stories']:5d} {ratio:9.2f}"
            )


def grid(scorer: ModuleType, base: ClusterOptions, lead_words: int) -> None:
    data = {}
    for name in SETS:
        rows, gold = load_set(name)
        data[name] = (rows, gold, cached_vectors(name, rows, lead_words))
    weights = [(0.6, 0.3, 0.1)]
    windows = [timedelta(hours=h) for h in (72, 168, 720)]
    for (wd, wk, we), window, wt, threshold in itertools.product(
        weights, windows, [0.0, 0.1, 0.2], [0.35, 0.4, 0.45]
    ):
        options = ClusterOptions(
            **{
                **base.__dict__,
                "w_dense": wd,
                "w_keywords": wk,
                "w_entities": we,
                "threshold": threshold,
                "window": window,
                "w_time": wt,
            }
        )
        cells = []
        for rows, gold, vectors in data.values():
            s = score(scorer, gold, assign_rows(rows, vectors, options))
            cells.append(f"{s['pair_p']:.2f}/{s['pair_r']:.2f}/{s['pair_f1']:.3f}")
        print(
            f"w={wd},{wk},{we} win={window} wt={wt} t={threshold}: " + "  ".join(cells), flush=True
        )


# --- cost at scale -------------------------------------------------------------------------

WORDS = [f"w{i}" for i in range(5000)]


TOPICS = 1_000
STORY_SIZE = 5


def _unit_rows(block: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(block, axis=1, keepdims=True)
    return (block / norms).astype(np.float32)


class SyntheticArchive:
    """Unit vectors shaped like real text embeddings rather than uniform noise: a few
    topics (politics, football, ...), stories around points of their topic, articles
    around their story. Nearest neighbours are then mostly the same story, then the same
    topic, with graded similarities as between real embeddings (cosine about 0.8 within
    a story, 0.5 within a topic, 0 across topics). Queries come from the same process:
    follow-ups of stored stories and new stories of known topics (uniform random queries
    against uniform random vectors have no real neighbours, and an ANN index's recall on
    them says nothing about news)."""

    def __init__(self, dims: int, seed: int) -> None:
        self.dims = dims
        self.rng = np.random.default_rng(seed)
        self.topics = _unit_rows(self.rng.standard_normal((TOPICS, dims)))
        self.centres = np.zeros((0, dims), dtype=np.float32)

    def _noise(self, rows: int) -> np.ndarray:
        return _unit_rows(self.rng.standard_normal((rows, self.dims), dtype=np.float32))

    def _new_centres(self, count: int) -> np.ndarray:
        topic = self.topics[self.rng.integers(0, TOPICS, count)]
        return _unit_rows(topic + 1.0 * self._noise(count))

    def _articles(self, centres: np.ndarray) -> np.ndarray:
        return _unit_rows(centres + 0.5 * self._noise(len(centres)))

    def archive(self, n: int) -> np.ndarray:
        """``n`` stored articles in stories of about ``STORY_SIZE``."""
        self.centres = self._new_centres(max(1, n // STORY_SIZE))
        out = np.empty((n, self.dims), dtype=np.float32)
        for start in range(0, n, 100_000):
            stop = min(n, start + 100_000)
            picks = self.rng.integers(0, len(self.centres), stop - start)
            out[start:stop] = self._articles(self.centres[picks])
        return out

    def queries(self, count: int) -> np.ndarray:
        """New articles: half follow stored stories, half start stories in known topics."""
        old = self.centres[self.rng.integers(0, len(self.centres), count - count // 2)]
        return self._articles(np.concatenate([old, self._new_centres(count // 2)]))


def synthetic_article(key: int, rng: np.random.Generator, when: Any) -> Any:
    from newsdesk.pipeline.cluster import ClusterArticle

    words = rng.choice(WORDS, 120)
    return ClusterArticle(
        key=key,
        title=" ".join(words[:8]),
        text=" ".join(words[8:]),
        published=when,
        source=f"s{key % 50}",
        language="en",
    )


#: Cosine above which two synthetic articles are of one story (0.8 on average; topic
#: neighbours are about 0.4).
SAME_STORY = 0.6


def _recalls(index: Any, vectors: np.ndarray, probe: np.ndarray, depths: list[int]) -> list[float]:
    """recall@10 of the index against the exact top 10 (archive + probes, the query itself
    left out) at each search depth, then the recall of the exact top 10's same-story
    neighbours (cosine >= SAME_STORY). Ranks 5-10 are mostly topic neighbours tied within
    a few thousandths, which int8 storage cannot order, so both are shown."""
    n = len(vectors)
    exact: list[set[int]] = []
    story: list[set[int]] = []
    for j in range(len(probe)):
        cos = np.concatenate([vectors @ probe[j], probe @ probe[j]])
        cos[n + j] = -2.0
        top = np.argpartition(-cos, 10)[:10]
        exact.append(set(top.tolist()))
        story.append({int(k) for k in top if cos[k] >= SAME_STORY})
    strict, same = [], []
    for depth in depths:
        index.set_search_depth(depth)
        hits = story_hits = 0
        for j in range(len(probe)):
            ranked = [k for k, _ in index.search(probe[j], 11) if k != n + j]
            got = set(ranked[:10])
            hits += len(got & exact[j])
            story_hits += len(got & story[j])
        strict.append(hits / (10 * len(probe)))
        same.append(story_hits / max(1, sum(len(s) for s in story)))
    index.set_search_depth(64)
    return strict + same


def cost(sizes: list[int], live: int, probes: int, join: ClusterOptions) -> None:
    """ms per article: one clustering step (live window of ``live`` articles, as in
    production: its size follows the ingest rate, not the archive) + one related-articles
    computation over the whole archive of N articles. Per-article costs are process CPU
    time (robust to other load on the machine); build and load are wall time."""
    from datetime import UTC, datetime

    from newsdesk.pipeline.cluster import ClusterState, assign_article
    from newsdesk.pipeline.cluster.features import terms
    from newsdesk.pipeline.cluster.related import Neighbour, RelatedOptions, rank_related
    from newsdesk.store.vectors import ExactIndex, HnswIndex

    dims, options = 384, replace(ClusterOptions(), join_model=join.join_model)
    rng = np.random.default_rng(7)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    print(
        f"\n{'N stored':>9} {'index':<14} {'build s':>8} {'load s':>7} {'cluster ms':>11} "
        f"{'related ms':>11} {'total ms':>9} {'vs 10k':>7}  recall@10 (depth 64, 256), "
        f"same-story recall (64, 256)"
    )
    first: dict[str, float] = {}
    for n in sizes:
        synthetic = SyntheticArchive(dims, seed=n)
        vectors = synthetic.archive(n)
        probe = synthetic.queries(probes)
        for name in ("usearch-i8", "numpy-exact"):
            if name == "numpy-exact" and n > 1_000_000:
                continue
            started = time.perf_counter()
            if name == "usearch-i8":
                index: Any = HnswIndex(dims)
                index.add_many(np.arange(n, dtype=np.int64), vectors)
            else:
                index = ExactIndex(dims, capacity=n)
                for label in range(n):
                    index.add(label, vectors[label])
            build = time.perf_counter() - started
            restore = ""
            if name == "usearch-i8":  # what a worker start costs with the saved index
                import tempfile

                with tempfile.TemporaryDirectory() as folder:
                    index.save(Path(folder) / "index.usearch")
                    started = time.perf_counter()
                    HnswIndex(dims).load(Path(folder) / "index.usearch")
                    restore = f"{time.perf_counter() - started:.1f}"
            # The live clustering window: the latest `live` articles.
            state = ClusterState(dimensions=dims)
            window = min(n, live)
            for i in range(n - window, n):
                assign_article(state, synthetic_article(i, rng, t0), vectors[i], options)
            cluster_s = related_s = 0.0
            for j in range(probes):
                article = synthetic_article(n + j, rng, t0)
                started = time.process_time()
                assign_article(state, article, probe[j], options)
                cluster_s += time.process_time() - started
                started = time.process_time()
                found = index.search(probe[j], 40)
                index.add(n + j, probe[j])  # the new article joins the archive
                neighbours = [
                    Neighbour(k, c, k // 5, k % 50, frozenset(WORDS[k % 5000 : k % 5000 + 8]))
                    for k, c in found
                ]
                rank_related(
                    n + j,
                    None,
                    source=0,
                    title_terms=frozenset(terms(article.title)),
                    siblings=[],
                    neighbours=neighbours,
                    options=RelatedOptions(),
                )
                related_s += time.process_time() - started
            total = 1000 * (cluster_s + related_s) / probes
            first.setdefault(name, total)
            recall = ""
            if name == "usearch-i8":
                recall = " ".join(f"{r:.3f}" for r in _recalls(index, vectors, probe, [64, 256]))
            print(
                f"{n:>9,} {name:<14} {build:8.1f} {restore:>7} {1000 * cluster_s / probes:11.2f} "
                f"{1000 * related_s / probes:11.2f} {total:9.2f} {total / first[name]:7.2f} "
                f" {recall}",
                flush=True,
            )
            del index


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument(
        "--scale",
        default="10000,100000,1000000",
        help="stored-article counts for the cost table (comma-separated); empty or 0: none",
    )
    parser.add_argument("--grid", action="store_true", help="print a threshold/weight grid")
    parser.add_argument("--window-hours", type=int, default=None)
    parser.add_argument("--no-quality", action="store_true")
    parser.add_argument(
        "--halves", action="store_true", help="also score the tune and confirm halves"
    )
    parser.add_argument(
        "--join",
        choices=["sum", "learned"],
        default=None,
        help="the join decision: the weighted sum or the learned model (join.py); "
        "default: the configured one",
    )
    parser.add_argument("--live", type=int, default=10_000, help="articles in the live window")
    parser.add_argument("--probes", type=int, default=200)
    args = parser.parse_args(argv)
    config = load_config()
    options = config.cluster_options
    if args.window_hours:
        options = ClusterOptions(
            **{**options.__dict__, "window": timedelta(hours=args.window_hours)}
        )
    if args.join is not None:
        from newsdesk.pipeline.cluster.join import LEARNED

        options = replace(options, join_model=LEARNED if args.join == "learned" else None)
    scorer = load_scorer(args.data / "tools" / "score_clusters.py")
    if args.grid:
        grid(scorer, options, config.story_lead_words)
        return 0
    started = time.perf_counter()
    if not args.no_quality:
        quality(scorer, options, config.story_lead_words)
        if args.halves:
            quality(scorer, options, config.story_lead_words, half=0)
            quality(scorer, options, config.story_lead_words, half=1)
        print(f"(quality: {time.perf_counter() - started:.1f} s)")
    sizes = [size for x in args.scale.split(",") if x and (size := int(x)) > 0]
    if sizes:
        cost(sizes, live=args.live, probes=args.probes, join=options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
