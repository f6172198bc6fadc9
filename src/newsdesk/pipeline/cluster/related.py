"""Related articles: the same story from other outlets first, then similar stories.

Similar stories are ranked by a hybrid score, ``w_dense * embedding cosine + (1 - w_dense) *
title-keyword overlap``, keeping one article per story, none from the article's own story
and none that is a folded copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Neighbour", "RelatedOptions", "Sibling", "rank_related"]


@dataclass(frozen=True)
class RelatedOptions:
    count: int = 8
    same_story: int = 5
    w_dense: float = 0.7
    #: Similar-story articles scoring below this are not shown.
    floor: float = 0.45


@dataclass(frozen=True)
class Sibling:
    """Another article of the same story."""

    key: int
    source: int
    time: float  # a timestamp, to order siblings


@dataclass(frozen=True)
class Neighbour:
    """A nearest article by embedding, with what ranking needs to know about it."""

    key: int
    cosine: float
    story: int | None
    source: int
    title_terms: frozenset[str]
    copy: bool = False


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def rank_related(
    key: int,
    story: int | None,
    *,
    source: int,
    title_terms: frozenset[str],
    siblings: Sequence[Sibling],
    neighbours: Sequence[Neighbour],
    options: RelatedOptions,
) -> list[tuple[int, float, bool]]:
    """(article, score, same story) in display order."""
    out: list[tuple[int, float, bool]] = []
    seen_sources = {source}
    for sibling in sorted(siblings, key=lambda s: (s.time, s.key)):
        if sibling.key == key or sibling.source in seen_sources:
            continue
        seen_sources.add(sibling.source)
        out.append((sibling.key, 1.0, True))
        if len(out) >= options.same_story:
            break
    scored: list[tuple[float, int, int | None]] = []
    for n in neighbours:
        if n.key == key or n.copy or (story is not None and n.story == story):
            continue
        score = options.w_dense * n.cosine + (1 - options.w_dense) * _overlap(
            title_terms, n.title_terms
        )
        if score >= options.floor:
            scored.append((score, n.key, n.story))
    seen_stories: set[int] = set()
    for score, other, other_story in sorted(scored, key=lambda s: (-s[0], s[1])):
        if len(out) >= options.count:
            break
        if other_story is not None:
            if other_story in seen_stories:
                continue
            seen_stories.add(other_story)
        out.append((other, round(score, 4), False))
    return out
