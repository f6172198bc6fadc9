"""Story summaries across outlets, where every sentence names the articles that support it.

Pure function over the member articles of a story (no database): :func:`summarize_story`
picks sentences from the pool of all members (scored like article summaries, plus
corroboration: a fact several outlets report counts for more), then :func:`attribute`
cites, for each sentence, every member article holding a passage that supports it above
``support_threshold`` (cosine of sentence embeddings, halved when the sentence states a
number the passage lacks, halved when it quotes words the passage does not carry). A
sentence no member supports is dropped, never shown: this is the same check an LLM-written
summary goes through. :func:`find_disagreements` flags
passages about the same thing that give different numbers, names or claims.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from newsdesk.pipeline.enrich.conflicts import conflict
from newsdesk.pipeline.enrich.embed import Embedder, Vectors
from newsdesk.pipeline.enrich.sentences import (
    Sentence,
    body_sentences,
    can_stand_alone,
    is_question,
    speaks_as_writer,
    words,
)
from newsdesk.pipeline.enrich.summarize import (
    FUNCTION_WORDS,
    SummaryOptions,
    content_words,
    lead_bias,
    length_prior,
    select,
)


@dataclass(frozen=True)
class MemberArticle:
    id: str
    #: The outlet's display name, shown in citations ("Reuters").
    source: str
    title: str
    text: str
    url: str = ""
    #: False when the publisher allows no snippets (robots ``nosnippet``): the article can
    #: support and be cited by a sentence, but none of its sentences is shown.
    quotable: bool = True


@dataclass(frozen=True)
class StoryOptions:
    # Lead bias, corroboration and diversity picked on the tune half of the AllSides dev
    # stories (bench/summaries.py; a grid over lead 0-0.6, corroboration 0-0.6, diversity
    # 0/0.3, centrality and headline weights, a length prior): position matters little
    # across outlets, agreement between them a lot. Outlets retell one fact in different
    # words, which the embeddings do not always see as redundant: a candidate half of
    # whose content words are already in the summary is skipped (session 9).
    summary: SummaryOptions = field(
        default_factory=lambda: SummaryOptions(
            sentences=4, lead_weight=0.1, diversity=0.0, lexical_redundancy=0.5
        )
    )
    #: Minimum support (see module doc) for a passage to be cited.
    support_threshold: float = 0.76
    #: Weight of corroboration (share of other outlets that support a sentence).
    corroboration_weight: float = 0.6
    #: Two passages this similar may state the same fact (for disagreements); the words
    #: around the two figures must also share a word ("killed 12 people" / "killing 14").
    same_fact: float = 0.6
    max_disagreements: int = 3

    def with_sentences(self, sentences: int) -> StoryOptions:
        """The same options with another summary length."""
        return replace(self, summary=replace(self.summary, sentences=sentences))


@dataclass(frozen=True)
class Citation:
    article_id: str
    source: str
    url: str
    #: The supporting passage and its character offsets in the article's text.
    passage: str
    start: int
    end: int
    support: float


@dataclass(frozen=True)
class CitedSentence:
    text: str
    citations: tuple[Citation, ...]

    @property
    def cited_text(self) -> str:
        marks = "".join(f"[{name}]" for name in dict.fromkeys(c.source for c in self.citations))
        return f"{self.text} {marks}"


@dataclass(frozen=True)
class Claim:
    article_id: str
    source: str
    value: str
    passage: str


@dataclass(frozen=True)
class Disagreement:
    #: What the claims are about: the unit after the numbers ("people", "%").
    about: str
    claims: tuple[Claim, ...]

    @property
    def text(self) -> str:
        # A claim that is a whole passage is quoted: "CNN says “The company denied ...”".
        said = "; ".join(
            f"{c.source} says \u201c{c.value}\u201d"
            if c.value == c.passage
            else f"{c.source} says {c.value}"
            for c in self.claims
        )
        return f"Outlets differ on {self.about}: {said}" + (
            "" if said.endswith((".", "\u201d")) else "."
        )


@dataclass(frozen=True)
class StorySummary:
    sentences: tuple[CitedSentence, ...]
    disagreements: tuple[Disagreement, ...]
    #: Candidate sentences dropped for lack of support.
    dropped: int
    method: str

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.sentences)

    @property
    def cited_text(self) -> str:
        return "\n".join(s.cited_text for s in self.sentences)


@dataclass(frozen=True)
class _Pool:
    """Every candidate sentence of a story, with its article and vector."""

    members: tuple[MemberArticle, ...]
    sentences: tuple[Sentence, ...]
    owner: tuple[int, ...]
    vectors: Vectors
    title_vector: Vectors


_NUMBER = re.compile(
    r"(?<![\w.\-])(\d[\d,]*(?:\.\d+)?)"
    r"(\s*%|\s+percent\b|(?:\s+(?:thousand|million|billion|trillion)\b)?\s+[a-z]+)?"
)
_QUOTE = re.compile(r"[\u201c\"]([^\u201c\u201d\"]+)[\u201d\"]")
_WORD = re.compile(r"\w+")
#: Two passages compared word by word for a name or claim told two ways share at least
#: this share of the shorter one's words (a filter: the alignment decides).
_SHARED_WORDS = 0.6
#: Shorter quotations ("so-called" phrases, titles) are not checked.
_QUOTE_MIN_WORDS = 4
#: Share of a quotation's word 3-grams a passage must hold to carry it.
_QUOTE_COVERED = 0.6
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
#: Two figures this close are one figure rounded ("331 million" and "331.5 million").
_ROUNDING = 0.02
_UNIT_STOP = frozenset(
    [
        "and",
        "or",
        "to",
        "of",
        "in",
        "the",
        "a",
        "an",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "was",
        "were",
        "is",
        "are",
        "per",
        "than",
        *_SCALES,
    ]
)
#: Words that say nothing about what a figure counts.
_CONTEXT_STOP = (
    _UNIT_STOP
    | FUNCTION_WORDS
    | {"nearly", "almost", "less", "under", "around", "roughly", "least", "most"}
)
#: A four-digit integer in this range is read as a year ("the 2022 budget"), not a figure.
_YEARS = range(1900, 2101)


def numbers(text: str) -> set[str]:
    return {m.group(1).replace(",", "") for m in _NUMBER.finditer(text)}


@dataclass(frozen=True)
class Figure:
    #: What is counted ("people", "%").
    unit: str
    #: The number, commas removed, with its scale word ("1.5 million").
    value: str
    #: Stems of the words around it (three before, two after): what the figure is *of*.
    context: frozenset[str]


def figures(text: str) -> dict[str, Figure]:
    """``{unit: figure}`` for "12 people", "50%", "3 percent", "1.5 million doses"; units that
    are bare function words are skipped, and so is a unit the text gives two figures for
    ("1,626,042 signatures, more than the 1.5 million signatures required"): which of them
    another outlet's figure should be compared with is unknowable. Years ("the 2022
    budget"), rates ("55.8 births per 1,000 women"), numbers inside names ("COVID-19") and
    amounts with no noun ("$1 trillion") are not figures."""
    out: dict[str, Figure] = {}
    ambiguous: set[str] = set()
    for match in _NUMBER.finditer(text):
        words = (match.group(2) or "").strip().lower().split()
        unit = "%" if words and words[-1] in {"%", "percent"} else (words[-1] if words else "")
        if not unit or unit in _UNIT_STOP or unit.isdigit():
            continue
        year = unit != "%" and len(words) == 1 and match.group(1).isdigit()
        if year and int(match.group(1)) in _YEARS:
            continue
        before, after = text[: match.start()].lower(), text[match.end() :].lower()
        if after.lstrip().startswith("per ") or before.rstrip().endswith(" per"):
            continue  # a rate ("55.8 births per 1,000 women") counts neither births nor women
        value = " ".join([match.group(1).replace(",", ""), *words[:-1]])
        context = _stems(_WORD.findall(before)[-3:] + _WORD.findall(after)[:2])
        if out.setdefault(unit, Figure(unit, value, context)).value != value:
            ambiguous.add(unit)
    return {unit: figure for unit, figure in out.items() if unit not in ambiguous}


def quantities(text: str) -> dict[str, str]:
    """``{unit: number}`` of :func:`figures`."""
    return {unit: figure.value for unit, figure in figures(text).items()}


def _stems(words: Sequence[str]) -> frozenset[str]:
    """Content words cut to four letters ("killed" and "killing" are one word)."""
    return frozenset(
        w[:4] for w in words if len(w) > 2 and not w.isdigit() and w not in _CONTEXT_STOP
    )


def _value(figure: str) -> float:
    number, _, scale = figure.partition(" ")
    return float(number) * _SCALES.get(scale, 1.0)


def figures_differ(a: str, b: str) -> bool:
    """Whether two figures for one unit disagree, rounding aside."""
    x, y = _value(a), _value(b)
    return abs(x - y) > _ROUNDING * max(abs(x), abs(y))


def quoted_words(text: str) -> list[list[str]]:
    """The words of each direct quotation of at least ``_QUOTE_MIN_WORDS`` words in
    ``text`` (between curly or straight double quotes), lower-cased."""
    out = []
    for match in _QUOTE.finditer(text):
        words = _WORD.findall(match.group(1).lower())
        if len(words) >= _QUOTE_MIN_WORDS:
            out.append(words)
    return out


def carries_quotes(sentence: str, passage: str) -> bool:
    """Whether ``passage`` carries the sentence's direct quotations: most of each quote's
    word 3-grams appear in it. Someone's words are only supported by a passage that
    reports those words, not by another outlet's account of the same event."""
    quotes = quoted_words(sentence)
    if not quotes:
        return True
    words = _WORD.findall(passage.lower())
    grams = set(zip(words, words[1:], words[2:], strict=False))
    for quote in quotes:
        own = list(zip(quote, quote[1:], quote[2:], strict=False))
        if sum(gram in grams for gram in own) < _QUOTE_COVERED * len(own):
            return False
    return True


def support(sentence: str, passage: str, cosine: float) -> float:
    """How well ``passage`` supports ``sentence``: the cosine, halved when the sentence
    states a number that the passage does not, and halved when it quotes words the
    passage does not carry."""
    missing = numbers(sentence) - numbers(passage)
    value = cosine * (0.5 if missing else 1.0)
    return value if carries_quotes(sentence, passage) else value * 0.5


def _pool(members: Sequence[MemberArticle], embedder: Embedder, options: StoryOptions) -> _Pool:
    sentences: list[Sentence] = []
    owner: list[int] = []
    for number, member in enumerate(members):
        own = body_sentences(member.title, member.text)[: options.summary.max_candidates]
        sentences.extend(own)
        owner.extend([number] * len(own))
    vectors = embedder.embed([m.title or " " for m in members] + [s.text for s in sentences])
    titles = vectors[: len(members)].mean(axis=0)
    title_vector = titles / max(float(np.linalg.norm(titles)), 1e-12)
    return _Pool(
        tuple(members), tuple(sentences), tuple(owner), vectors[len(members) :], title_vector
    )


def attribute(
    texts: Sequence[str], vectors: Vectors, pool: _Pool, threshold: float
) -> list[tuple[Citation, ...]]:
    """For each text, one citation per member article whose best passage supports it."""
    similarity = vectors @ pool.vectors.T if len(pool.sentences) else np.zeros((len(texts), 0))
    out: list[tuple[Citation, ...]] = []
    for row, text in enumerate(texts):
        best: dict[int, Citation] = {}
        for col in np.argsort(-similarity[row]):
            value = support(text, pool.sentences[col].text, float(similarity[row, col]))
            if float(similarity[row, col]) < threshold:
                break
            member_index = pool.owner[col]
            if value < threshold or member_index in best:
                continue
            member, sentence = pool.members[member_index], pool.sentences[col]
            best[member_index] = Citation(
                member.id,
                member.source,
                member.url,
                sentence.text if member.quotable else "",
                sentence.start,
                sentence.end,
                round(value, 3),
            )
        out.append(tuple(sorted(best.values(), key=lambda c: -c.support)))
    return out


def _corroboration(pool: _Pool, threshold: float) -> np.ndarray:
    """Share of the other member articles holding a passage this similar to each sentence."""
    others = len(pool.members) - 1
    if others <= 0 or not len(pool.sentences):
        return np.zeros(len(pool.sentences), dtype=np.float32)
    similarity = pool.vectors @ pool.vectors.T
    owner = np.asarray(pool.owner)
    counts = np.zeros(len(pool.sentences), dtype=np.float32)
    for member in range(len(pool.members)):
        columns = owner == member
        if columns.any():
            supported = similarity[:, columns].max(axis=1) >= threshold
            counts += supported & (owner != member)
    return counts / others


def _score(pool: _Pool, options: StoryOptions) -> np.ndarray:
    owner = np.asarray(pool.owner)
    # Each article's centroid counts once, however long the article is.
    centroids = np.stack([pool.vectors[owner == m].mean(axis=0) for m in sorted(set(pool.owner))])
    story = centroids.mean(axis=0)
    story /= max(float(np.linalg.norm(story)), 1e-12)
    weights = options.summary
    scores = weights.centrality_weight * (pool.vectors @ story)
    scores += weights.title_weight * (pool.vectors @ pool.title_vector)
    scores += weights.lead_weight * lead_bias([s.index for s in pool.sentences], weights.lead_decay)
    if weights.length_weight:
        scores += weights.length_weight * length_prior(pool.sentences, weights.length_cap)
    scores += options.corroboration_weight * _corroboration(pool, options.support_threshold)
    return np.asarray(scores, dtype=np.float32)


def summarize_story(
    members: Sequence[MemberArticle], embedder: Embedder, options: StoryOptions | None = None
) -> StorySummary:
    """An extractive summary of a story whose every sentence cites its sources."""
    options = options or StoryOptions()
    method = f"extractive:{embedder.model_id}"
    pool = _pool(members, embedder, options)
    if not pool.sentences:
        return StorySummary((), (), 0, method)
    scores = _score(pool, options)
    # A question is no statement of what happened ("Did a Chinese ship deliver oil ...?"),
    # as in article summaries.
    allowed = [
        can_stand_alone(s) and not is_question(s.text) and pool.members[owner].quotable
        for s, owner in zip(pool.sentences, pool.owner, strict=True)
    ]
    # A columnist's "I" and "we" would read as the summary's own voice; such sentences
    # are used only when the story has too few others (a story of columns alone).
    reported = [
        a and not speaks_as_writer(s.text) for a, s in zip(allowed, pool.sentences, strict=True)
    ]
    if sum(reported) >= options.summary.sentences:
        allowed = reported
    content = [content_words(s.text) for s in pool.sentences]
    chosen = select(
        pool.vectors, scores, allowed, options.summary.sentences, options.summary, content=content
    )
    chosen.sort(key=lambda i: (pool.sentences[i].index, -float(scores[i])))
    texts = [pool.sentences[i].text for i in chosen]
    citations = attribute(texts, pool.vectors[chosen], pool, options.support_threshold)
    kept = tuple(
        CitedSentence(text, cited) for text, cited in zip(texts, citations, strict=True) if cited
    )
    return StorySummary(kept, find_disagreements(pool, options), len(texts) - len(kept), method)


def check_sentences(
    texts: Sequence[str],
    members: Sequence[MemberArticle],
    embedder: Embedder,
    options: StoryOptions | None = None,
    method: str = "llm",
) -> StorySummary:
    """Cite sentences written elsewhere (by an LLM) against the members; drop unsupported."""
    options = options or StoryOptions()
    pool = _pool(members, embedder, options)
    vectors = embedder.embed(list(texts)) if texts else np.zeros((0, embedder.dimensions))
    citations = attribute(
        texts, np.asarray(vectors, dtype=np.float32), pool, options.support_threshold
    )
    kept = tuple(CitedSentence(t, c) for t, c in zip(texts, citations, strict=True) if c)
    return StorySummary(kept, find_disagreements(pool, options), len(texts) - len(kept), method)


def find_disagreements(pool: _Pool, options: StoryOptions) -> tuple[Disagreement, ...]:
    """Passages of different outlets about the same thing that give different numbers for
    the same unit ("12 people" against "14 people"), or that are one sentence but for a
    name, a negation or an opposite verb (:mod:`newsdesk.pipeline.enrich.conflicts`)."""
    if len(pool.members) < 2 or not len(pool.sentences):
        return ()
    similarity = pool.vectors @ pool.vectors.T
    found: dict[tuple[str, frozenset[str]], Disagreement] = {}
    amounts = [figures(s.text) for s in pool.sentences]
    stated = [numbers(s.text) for s in pool.sentences]
    for i, j in zip(*np.nonzero(np.triu(similarity >= options.same_fact, k=1)), strict=True):
        a, b = pool.owner[i], pool.owner[j]
        if pool.members[a].source == pool.members[b].source:
            continue
        if not (pool.members[a].quotable and pool.members[b].quotable):
            continue  # a claim quotes the sentence
        for unit in amounts[i].keys() & amounts[j].keys():
            first, second = amounts[i][unit].value, amounts[j][unit].value
            values = frozenset({first, second})
            if not figures_differ(first, second) or (unit, values) in found:
                continue
            if first.split()[0] in stated[j] or second.split()[0] in stated[i]:
                continue  # a passage stating the other's figure too does not contradict it
            if not amounts[i][unit].context & amounts[j][unit].context:
                continue  # nothing says the two figures count the same thing
            claims = tuple(
                Claim(
                    pool.members[m].id,
                    pool.members[m].source,
                    f"{amounts[s][unit].value}{'%' if unit == '%' else ' ' + unit}",
                    pool.sentences[s].text,
                )
                for m, s in ((a, i), (b, j))
            )
            found[(unit, values)] = Disagreement(unit, claims)
    for disagreement in _conflicts(pool):
        key = (disagreement.about, frozenset(c.value for c in disagreement.claims))
        found.setdefault(key, disagreement)
    return tuple(found.values())[: options.max_disagreements]


def _conflicts(pool: _Pool) -> list[Disagreement]:
    """Passages of two quotable outlets that are one sentence but for a name, a negation or
    an opposite verb. Not gated by embedding similarity: a sentence embedder reads a
    changed name as a changed sentence (the two suspect sentences of the tests are at
    cosine 0.60); the word alignment is the same-fact test, after a cheap filter on
    shared words."""
    keys = [frozenset(w.lower() for w in words(s.text)) for s in pool.sentences]
    found = []
    for i, j in itertools.combinations(range(len(pool.sentences)), 2):
        a, b = pool.owner[i], pool.owner[j]
        first, second = pool.members[a], pool.members[b]
        if first.source == second.source or not (first.quotable and second.quotable):
            continue
        if len(keys[i] & keys[j]) < _SHARED_WORDS * min(len(keys[i]), len(keys[j])):
            continue
        other = conflict(pool.sentences[i].text, pool.sentences[j].text)
        if other is not None:
            found.append(
                Disagreement(
                    other.about,
                    (
                        Claim(first.id, first.source, other.first, pool.sentences[i].text),
                        Claim(second.id, second.source, other.second, pool.sentences[j].text),
                    ),
                )
            )
    return found
