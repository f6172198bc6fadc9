"""Extractive article summaries and key points over sentence embeddings.

A sentence's score mixes three signals: its centrality (how much of the article it
speaks for: cosine to the article's centroid), its closeness to the headline, and a lead
bias (news puts what matters first). Sentences are then picked greedily by score, skipping
any that repeats one already picked (maximal marginal relevance) and any that cannot stand
alone (a quote fragment, boilerplate, a question; a dangling "He said" only right after
the sentence it leans on). The summary keeps the article's order. The weights are tuned on
the developer split of the story data (``bench/summaries.py``) and checked on stories kept
aside.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from newsdesk.pipeline.enrich.embed import Embedder, Vectors
from newsdesk.pipeline.enrich.sentences import (
    Sentence,
    body_sentences,
    can_stand_alone,
    has_photo_credit,
    is_question,
    split_sentences,
    word_count,
)
from newsdesk.pipeline.scripts import IDEOGRAPHS, RUN, pairs


@dataclass(frozen=True)
class SummaryOptions:
    #: Sentences in the summary.
    sentences: int = 3
    #: Key points (fewer for short articles, never under ``min_key_points`` when possible).
    key_points: int = 5
    min_key_points: int = 3
    #: Only the first sentences are candidates (news is front-loaded; keeps it fast).
    max_candidates: int = 10
    #: Words of a candidate sentence that its embedding reads. The scores need what a
    #: sentence is about, which its opening says; the long tail of a long sentence only
    #: costs time (embedding time grows with length). 0: the whole sentence.
    embed_words: int = 36
    centrality_weight: float = 1.0
    title_weight: float = 0.5
    #: Lead bias of article summaries (2.0, session 10: was 0.6; picked on the tune half of
    #: the dev stories with full-length articles in the bench). Stories set their own.
    lead_weight: float = 2.0
    #: Lead bias decays as ``1 / (1 + rank) ** lead_decay``; an article sentence's rank is
    #: its position among the candidates (the sentences that can be picked).
    lead_decay: float = 1.0
    #: Weight of a sentence's length (words, capped at ``length_cap``, over the cap): a
    #: longer sentence carries more of the story's facts.
    length_weight: float = 0.0
    length_cap: int = 40
    #: A sentence this close (cosine) to one already chosen is redundant.
    redundancy: float = 0.8
    #: How strongly similarity to chosen sentences lowers a candidate's score.
    diversity: float = 0.3
    #: A candidate whose content words (:func:`content_words`) are this share or more
    #: already in the chosen sentences is redundant too: it repeats their facts in other
    #: words. 1.0: off.
    lexical_redundancy: float = 1.0
    #: Article summaries may pick a sentence that leans on the one before it ("He said
    #: ...", "But ...") when that one is picked too: the summary keeps text order, so it
    #: is read right after what it leans on.
    follow_on: bool = True


@dataclass(frozen=True)
class ArticleInput:
    """What a summarizer reads: an id, a headline and a plain-text body."""

    id: str
    title: str
    text: str
    #: ISO 639 code when known ("en", "de-CH"); empty when not.
    language: str = ""


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    #: Summary sentences in article order.
    sentences: tuple[str, ...]
    key_points: tuple[str, ...]
    #: ``extractive:<embedding model>`` or ``llm:<model>``.
    method: str

    @property
    def text(self) -> str:
        return "\n".join(self.sentences)


class Summarizer(Protocol):
    """Summarizes articles; implementations batch their model calls."""

    method: str

    def summarize(self, articles: Sequence[ArticleInput]) -> list[ArticleSummary]: ...


@dataclass(frozen=True)
class Scored:
    """The first sentences of one text, and the candidates among them (those that can
    stand alone, or follow the sentence before them: only they are embedded) with their
    vectors and scores."""

    sentences: tuple[Sentence, ...]
    #: Indices in ``sentences`` of the candidates, in text order.
    candidates: tuple[int, ...]
    vectors: Vectors
    scores: np.ndarray


def centrality(vectors: Vectors) -> np.ndarray:
    """Cosine of each (normalised) vector to the normalised mean of all of them."""
    if len(vectors) == 0:
        return np.zeros(0, dtype=np.float32)
    centroid = vectors.mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    return np.asarray(vectors @ (centroid / max(norm, 1e-12)), dtype=np.float32)


def lead_bias(positions: Sequence[int], decay: float) -> np.ndarray:
    return np.asarray([1.0 / (1.0 + p) ** decay for p in positions], dtype=np.float32)


def length_prior(sentences: Sequence[Sentence], cap: int) -> np.ndarray:
    return np.asarray([min(word_count(s.text), cap) / cap for s in sentences], dtype=np.float32)


def embedding_text(sentence: Sentence, max_words: int) -> str:
    """What the embedder reads of ``sentence``: its first ``max_words`` words."""
    if max_words <= 0:
        return sentence.text
    parts = sentence.text.split()
    return sentence.text if len(parts) <= max_words else " ".join(parts[:max_words])


def score_sentences(
    sentences: Sequence[Sentence],
    vectors: Vectors,
    title_vector: Vectors | None,
    options: SummaryOptions,
) -> np.ndarray:
    scores = options.centrality_weight * centrality(vectors)
    # Position among the candidates: a caption, a credit or the headline repeated above
    # the lede does not push the lede down.
    scores += options.lead_weight * lead_bias(range(len(sentences)), options.lead_decay)
    if options.length_weight:
        scores += options.length_weight * length_prior(sentences, options.length_cap)
    if title_vector is not None and len(vectors):
        scores += options.title_weight * (vectors @ title_vector)
    return np.asarray(scores, dtype=np.float32)


#: A run of ideographs and kana, or a word of any other script.
_TOKEN = re.compile(rf"[{IDEOGRAPHS}]+|[^\W_{IDEOGRAPHS}]+")
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "but",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "his",
        "her",
        "their",
        "him",
        "them",
        "i",
        "we",
        "you",
        "our",
        "my",
        "your",
        "who",
        "which",
        "what",
        "when",
        "there",
        "then",
        "than",
        "so",
        "if",
        "not",
        "no",
        "can",
        "could",
        "also",
        "more",
        "about",
        "over",
        "into",
        "out",
        "up",
        "one",
        "two",
        "new",
        "after",
        "all",
        "some",
        "while",
        "will",
        "would",
        "said",
        "says",
        "say",
        "told",
    ]
)
#: Letters of a content word kept: a crude stem ("governor", "government" -> "govern").
_STEM = 6


def content_words(text: str) -> frozenset[str]:
    """The words of ``text`` that carry its facts: lowercased, function words and words
    under three letters dropped, each cut to its first six letters. Text written without
    spaces (ideographs, kana) gives its character pairs instead, as search engines index
    it."""
    found: set[str] = set()
    for word in _TOKEN.findall(text.lower()):
        if RUN.fullmatch(word):
            found.update(pairs(word))
        elif len(word) > 2 and word not in FUNCTION_WORDS:
            found.add(word[:_STEM])
    return frozenset(found)


def covered_share(words: frozenset[str], covered: frozenset[str]) -> float:
    """Share of ``words`` already in ``covered`` (0 for a text without content words)."""
    return len(words & covered) / len(words) if words else 0.0


def _best(
    vectors: Vectors,
    scores: np.ndarray,
    pool: Sequence[int],
    chosen: Sequence[int],
    *,
    options: SummaryOptions,
    repeats: Sequence[float] | None,
) -> int:
    """The best candidate in ``pool`` that is not redundant with ``chosen``; -1 if none."""
    best, best_value = -1, -np.inf
    for i in pool:
        overlap = max((float(vectors[i] @ vectors[j]) for j in chosen), default=0.0)
        if overlap >= options.redundancy:
            continue
        if repeats is not None and repeats[i] >= options.lexical_redundancy:
            continue
        value = float(scores[i]) - options.diversity * overlap
        if value > best_value:
            best, best_value = i, value
    return best


def select(
    vectors: Vectors,
    scores: np.ndarray,
    allowed: Sequence[bool],
    k: int,
    options: SummaryOptions,
    *,
    content: Sequence[frozenset[str]] | None = None,
    requires: Sequence[int] | None = None,
) -> list[int]:
    """Greedy maximal-marginal-relevance pick of ``k`` indices among ``allowed`` ones.

    With ``content`` (each candidate's :func:`content_words`), a candidate that repeats
    ``options.lexical_redundancy`` or more of its content words from the chosen ones is
    skipped as well, unless only such candidates are left. With ``requires`` (for each
    index, the index that must be chosen before it may be, or -1), an index waits for
    the one it requires."""
    chosen: list[int] = []
    covered: frozenset[str] = frozenset()
    lexical = content is not None and options.lexical_redundancy < 1.0
    waiting = [i for i, ok in enumerate(allowed) if ok]
    while len(chosen) < k:
        pool = [i for i in waiting if requires is None or requires[i] < 0 or requires[i] in chosen]
        if not pool:
            break
        best = -1
        if lexical and content is not None:
            repeats = [covered_share(words, covered) for words in content]
            best = _best(vectors, scores, pool, chosen, options=options, repeats=repeats)
        if best < 0:
            best = _best(vectors, scores, pool, chosen, options=options, repeats=None)
        if best < 0:
            break
        chosen.append(best)
        waiting.remove(best)
        if content is not None:
            covered |= content[best]
    return chosen


def _fallback(sentences: Sequence[Sentence], k: int) -> list[int]:
    """When too few sentences can stand alone, fill with the earliest others."""
    return list(range(min(k, len(sentences))))


def article_candidate(
    sentence: Sentence, *, after_previous: bool = False, previous: str = ""
) -> bool:
    """Whether an article summary may pick ``sentence``: it can stand alone (or, with
    ``after_previous``, right after the sentence before it, whose text is ``previous``),
    it tells rather than asks, and it carries no photo credit left over from a caption."""
    return (
        can_stand_alone(sentence, after_previous=after_previous, previous=previous)
        and not is_question(sentence.text)
        and not has_photo_credit(sentence.text)
    )


def follows(sentences: Sequence[Sentence], candidates: Sequence[int]) -> list[int]:
    """For each candidate, the candidate (position in ``candidates``) that must be picked
    before it: the sentence right before it when it cannot stand alone, else -1."""
    position = {index: n for n, index in enumerate(candidates)}
    return [
        -1 if article_candidate(sentences[i]) else position.get(i - 1, len(candidates))
        for i in candidates
    ]


def candidate_texts(
    articles: Sequence[ArticleInput], options: SummaryOptions
) -> tuple[list[tuple[Sentence, ...]], list[tuple[int, ...]], list[str]]:
    """Each article's first sentences, the indices of its candidates (those that can stand
    alone, or with ``options.follow_on`` right after the sentence before them; see
    :func:`follows`) and the texts to embed: every headline, then every candidate's
    opening words."""
    # Never fewer sentences than the summary asks for (``--sentences 12``).
    first = max(options.max_candidates, options.sentences)
    # A headline repeated at the top of the text is not a sentence of the article.
    split = [tuple(body_sentences(a.title, a.text)[:first]) for a in articles]
    candidates = [
        tuple(
            i
            for i, s in enumerate(sentences)
            if article_candidate(
                s,
                after_previous=options.follow_on and i > 0,
                previous=sentences[i - 1].text if i > 0 else "",
            )
        )
        for sentences in split
    ]
    texts = [a.title or " " for a in articles]
    for sentences, chosen in zip(split, candidates, strict=True):
        texts.extend(embedding_text(sentences[i], options.embed_words) for i in chosen)
    return split, candidates, texts


class ExtractiveSummarizer:
    """The offline default: picks sentences; never writes a word the article did not."""

    def __init__(self, embedder: Embedder, options: SummaryOptions | None = None) -> None:
        self.embedder = embedder
        self.options = options or SummaryOptions()
        self.method = f"extractive:{embedder.model_id}"

    def score(self, articles: Sequence[ArticleInput]) -> list[Scored]:
        """Split, embed (one batched call for all articles) and score the candidates.

        Sentences that can never be picked (a quote fragment, boilerplate, a question) are
        not embedded: the centrality is that of the candidates."""
        options = self.options
        split, candidates, texts = candidate_texts(articles, options)
        vectors = self.embedder.embed(texts)
        titles, offset, out = vectors[: len(articles)], len(articles), []
        for article, sentences, chosen, title in zip(
            articles, split, candidates, titles, strict=True
        ):
            own = vectors[offset : offset + len(chosen)]
            offset += len(chosen)
            title_vector = title if article.title.strip() else None
            picked = [sentences[i] for i in chosen]
            scores = score_sentences(picked, own, title_vector, options)
            out.append(Scored(sentences, chosen, own, scores))
        return out

    def pick(self, scored: Scored, k: int, *, follow_on: bool = True) -> list[int]:
        """Indices in ``scored.sentences`` of the ``k`` best, in text order; without
        ``follow_on``, only sentences that stand alone (key points are read one by one)."""
        requires = follows(scored.sentences, scored.candidates)
        allowed = [follow_on or r < 0 for r in requires]
        picked = select(scored.vectors, scored.scores, allowed, k, self.options, requires=requires)
        chosen = [scored.candidates[i] for i in picked]
        if len(chosen) < min(k, len(scored.sentences)):
            extra = [i for i in _fallback(scored.sentences, k) if i not in chosen]
            chosen.extend(extra[: k - len(chosen)])
        return sorted(chosen)

    def summarize(self, articles: Sequence[ArticleInput]) -> list[ArticleSummary]:
        out = []
        for article, scored in zip(articles, self.score(articles), strict=True):
            summary = self.pick(scored, self.options.sentences)
            wanted = max(
                self.options.min_key_points,
                min(self.options.key_points, len(scored.sentences) // 4),
            )
            points = self.pick(scored, wanted, follow_on=False)
            out.append(
                ArticleSummary(
                    id=article.id,
                    sentences=tuple(scored.sentences[i].text for i in summary),
                    key_points=tuple(scored.sentences[i].text for i in points),
                    method=self.method,
                )
            )
        return out


def lead_summary(article: ArticleInput, k: int = 3) -> ArticleSummary:
    """LEAD-k: the first ``k`` sentences (the baseline every news summarizer must beat)."""
    sentences = split_sentences(article.text)[:k]
    return ArticleSummary(article.id, tuple(s.text for s in sentences), (), f"lead-{k}")
