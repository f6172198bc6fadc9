"""A learned join decision: logistic regression over signals of (article, candidate story).

The hand-weighted sum of ``online.py`` (``w_dense * dense + w_keywords * keywords +
w_entities * names - w_time * log1p(days)``) can be replaced by a small logistic model
(``ClusterOptions.join_model``), as in Miranda et al. 2018 ("Multilingual clustering of
streaming news"). Its weights are constants below, written by ``bench/train_join.py``
(teacher-forced on the gold stories of the developer sets: each article's candidate
stories, positive = its gold story). Everything here is pure: the features of one pair,
and the model's probability for them.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "FEATURES",
    "LEARNED",
    "JoinModel",
    "PairSignals",
    "features",
    "rare_shared",
    "top_names",
]

#: The model's inputs, in order (each a float; the Reason lists them by these names).
FEATURES: tuple[str, ...] = (
    "dense",  # cosine of the article's embedding to the story's mean embedding
    "nearest",  # cosine to the story's nearest member
    "latest",  # cosine to the story's latest member
    "keywords",  # TF-IDF cosine of title + lead terms to the story's summed vector
    "title",  # TF-IDF cosine of the title terms to the story's summed title terms
    "names_in_story",  # share of the article's names (up to 8) seen in the story
    "story_names",  # share of the story's 8 most frequent names found in the article
    "log_days_latest",  # log1p(days between the article and the story's latest one)
    "log_days_first",  # log1p(days between the article and the story's first one)
    "log_size",  # log1p(articles in the story)
    "same_source",  # 1 if the story already has an article of this source
    "other_figures",  # 1 if the article reports figures the story does not (and it has others)
    "rare_title",  # IDF of the rarest shared title term / the largest possible IDF
)


@dataclass(frozen=True)
class PairSignals:
    """The raw signals of one (article, story) pair, before they become features."""

    dense: float
    nearest: float
    latest: float
    keywords: float
    title: float
    names_in_story: float
    story_names: float
    days_latest: float
    days_first: float
    size: int
    same_source: bool
    other_figures: bool
    rare_title: float


def top_names(names: Counter[str], count: int = 8) -> list[str]:
    """The story's most frequent names (ties by name, so the order is deterministic)."""
    return [n for n, _ in heapq.nsmallest(count, names.items(), key=lambda kv: (-kv[1], kv[0]))]


def rare_shared(
    title_terms: Sequence[str], story_titles: Mapping[str, float], idf: Mapping[str, float]
) -> float:
    """The largest IDF among the title terms the story's titles share, over ``idf['']``,
    the largest possible IDF (a term never seen before); 0 when none is shared."""
    best = max((idf[t] for t in set(title_terms) if t in story_titles and t in idf), default=0.0)
    top = idf.get("", 0.0)
    return min(1.0, best / top) if top else 0.0


def features(signals: PairSignals) -> tuple[float, ...]:
    """The model's input vector, in ``FEATURES`` order."""
    return (
        signals.dense,
        signals.nearest,
        signals.latest,
        signals.keywords,
        signals.title,
        signals.names_in_story,
        signals.story_names,
        math.log1p(max(0.0, signals.days_latest)),
        math.log1p(max(0.0, signals.days_first)),
        math.log1p(max(0, signals.size)),
        1.0 if signals.same_source else 0.0,
        1.0 if signals.other_figures else 0.0,
        signals.rare_title,
    )


@dataclass(frozen=True)
class JoinModel:
    """``p = sigmoid(bias + sum(weights * features))``; join the best story with
    ``p >= threshold``, else start a story."""

    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5
    name: str = "learned"
    #: Keep the weighted sum's cold-story gate (after ``window`` a candidate needs the
    #: weighted score ``long_threshold`` and no other figures) before the model decides.
    cold_gate: bool = False

    def __post_init__(self) -> None:
        if len(self.weights) != len(FEATURES):
            raise ValueError(f"a join model needs {len(FEATURES)} weights, got {len(self.weights)}")

    def logit(self, x: Sequence[float]) -> float:
        return self.bias + math.fsum(w * v for w, v in zip(self.weights, x, strict=True))

    def probability(self, x: Sequence[float]) -> float:
        z = self.logit(x)
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    def joins(self, x: Sequence[float]) -> bool:
        return self.probability(x) >= self.threshold

    def describe(self) -> dict[str, object]:
        """The weights and threshold, for the "why grouped" record."""
        return {
            "model": self.name,
            "bias": round(self.bias, 4),
            "weights": {n: round(w, 4) for n, w in zip(FEATURES, self.weights, strict=True)},
            "threshold": self.threshold,
        }


#: Trained on all four developer sets by ``python bench/train_join.py --print-model``
#: (g5w1h, BASIL, AllSides, headlines; each set weighing the same; the threshold is the
#: one of 0.3-0.7 with the best mean pair F1 on them). Not the default: held out, it did
#: not beat the weighted sum (docs/adr/0004-stories.md, "Measured and not taken");
#: ``bench/stories.py --join learned`` runs it.
LEARNED = JoinModel(
    weights=(
        2.4725,  # dense
        4.2557,  # nearest
        1.7497,  # latest
        4.3246,  # keywords
        2.5252,  # title
        0.3288,  # names_in_story
        1.5182,  # story_names
        -1.6772,  # log_days_latest
        -0.8428,  # log_days_first
        -0.478,  # log_size
        -0.0418,  # same_source
        -0.7652,  # other_figures
        1.8208,  # rare_title
    ),
    bias=-4.7106,
    threshold=0.3,
)
