"""Lexical features of an article: keywords weighted by an IDF that keeps learning from
every ingested text, and named entities (capitalised names, found without a model)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["TermStats", "cosine", "entities", "keyword_vector", "lead", "quantities", "terms"]

_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$")

#: English function words and newsroom boilerplate; they say nothing about the event.
_STOPWORD_TEXT = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves said says say saying told tells according new news year years
    day days week weeks month months time one two three first last get got make made may
    might must including like just many much well back even still way since around per via
    mr mrs ms dr monday tuesday wednesday thursday friday saturday sunday today yesterday
    tomorrow people report reports reported reuters ap afp update updated read more image
    photo video getty images copyright click here subscribe newsletter advertisement
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def lead(title: str, text: str, words: int) -> str:
    """The title and the first ``words`` words of the body: what the embedder sees."""
    body = text.split()
    return f"{title}. {' '.join(body[:words])}".strip(". ") if body else title


def terms(text: str) -> list[str]:
    """Lower-cased content words (no stopwords, no single letters, no bare numbers)."""
    out: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group().lower().replace("\u2019", "'").removesuffix("'s")
        if len(word) < 2 or word in STOPWORDS or (word.isdigit() and len(word) != 4):
            continue
        out.append(word)
    return out


_QUANTITY = re.compile(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?")


def quantities(text: str) -> set[str]:
    """Figures of three or more digits ("473,000", "$928 billion" -> "928"), not years."""
    found: set[str] = set()
    for match in _QUANTITY.finditer(text):
        digits = match.group().rstrip(".,").replace(",", "")
        whole = digits.split(".")[0]
        if len(whole) < 3 or (len(whole) == 4 and whole[:2] in {"19", "20"} and "." not in digits):
            continue
        found.add(digits)
    return found


def entities(text: str) -> set[str]:
    """Capitalised word runs that do not start a sentence ("Joe Biden", "Kursk")."""
    found: set[str] = set()
    run: list[str] = []
    previous_end = 0
    for match in _WORD.finditer(text):
        word = match.group()
        gap = text[previous_end : match.start()]
        sentence_start = previous_end == 0 or bool(_SENTENCE_END.search(gap)) or "\n" in gap
        previous_end = match.end()
        capital = word[0].isupper() and word.lower() not in STOPWORDS and len(word) > 1
        if capital and not sentence_start and (not run or gap.strip() == ""):
            run.append(word.lower())
            continue
        if run:
            found.add(" ".join(run))
        run = [word.lower()] if capital and not sentence_start else []
    if run:
        found.add(" ".join(run))
    return found


@dataclass
class TermStats:
    """Document frequencies learnt online: every text adds its terms before it is weighed."""

    documents: int = 0
    df: Counter[str] = field(default_factory=Counter)

    def add(self, unique_terms: Iterable[str]) -> None:
        self.documents += 1
        self.df.update(unique_terms)

    def idf(self, term: str) -> float:
        return math.log((1 + self.documents) / (1 + self.df.get(term, 0))) + 1.0


def keyword_vector(
    title_terms: list[str], body_terms: list[str], stats: TermStats, title_weight: float = 2.0
) -> dict[str, float]:
    """Sublinear TF x IDF, the title counted ``title_weight`` times; L2-normalised."""
    counts: dict[str, float] = dict(Counter(body_terms))
    for term in title_terms:
        counts[term] = counts.get(term, 0.0) + title_weight
    vector = {t: (1.0 + math.log(c)) * stats.idf(t) for t, c in counts.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / norm for t, v in vector.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    if not dot:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0
