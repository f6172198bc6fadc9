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

Cost (``--scale``): milliseconds per article for one clustering step plus one related-
articles computation with N articles already stored (synthetic unit vectors; the ANN index
of ``newsdesk.store.vectors``), against exact numpy search at the same N.
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


def quality(scorer: ModuleType, options: ClusterOptions, lead_words: int) -> None:
    print(f"{'set':<10} {'system':<9} {'pair P':>7} {'pair R':>7} {'pair F1':>8} "
          f"{'B3 F1':>6} {'stories':>8} {'gold':>5} {'F1 ratio':>9}")
    for name, (_, _, base_threshold) in SETS.items():
        rows, gold = load_set(name)
        vectors = cached_vectors(name, rows, lead_words)
        ours = score(scorer, gold, assign_rows(rows, vectors, options))
        base = score(scorer, gold, baseline_assign(rows, base_threshold))
        for system, s in (("newsdesk", ours), ("tfidf", base)):
            ratio = ours["pair_f1"] / base["pair_f1"] if system == "newsdesk" else 1.0
            print(f"{name:<10} {system:<9} {s['pair_p']:7.3f} {s['pair_r']:7.3f} "
                  f"{s['pair_f1']:8.3f} {s['b3_f1']:6.3f} {s['predicted_stories']:8d} "
                  f"{s['gold_stories']:5d} {ratio:9.2f}")


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
        options = ClusterOptions(**{**base.__dict__, "w_dense": wd, "w_keywords": wk,
                                    "w_entities": we, "threshold": threshold,
                                    "window": window, "w_time": wt})
        cells = []
        for rows, gold, vectors in data.values():
            s = score(scorer, gold, assign_rows(rows, vectors, options))
            cells.append(f"{s['pair_p']:.2f}/{s['pair_r']:.2f}/{s['pair_f1']:.3f}")
        print(f"w={wd},{wk},{we} win={window} wt={wt} t={threshold}: " + "  ".join(cells), flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--scale", default="10000,100000,1000000")
    parser.add_argument("--grid", action="store_true", help="print a threshold/weight grid")
    parser.add_argument("--window-hours", type=int, default=None)
    args = parser.parse_args(argv)
    config = load_config()
    options = config.cluster_options
    if args.window_hours:
        options = ClusterOptions(**{**options.__dict__, "window": timedelta(hours=args.window_hours)})
    scorer = load_scorer(args.data / "tools" / "score_clusters.py")
    if args.grid:
        grid(scorer, options, config.story_lead_words)
        return 0
    started = time.perf_counter()
    quality(scorer, options, config.story_lead_words)
    print(f"(quality: {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
