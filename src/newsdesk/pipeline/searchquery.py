"""What a reader types into the search box, parsed into terms both databases understand.

Words are ANDed; ``"quoted words"`` are phrases; ``-word`` excludes; ``OR`` between two
terms makes either do. Everything else (FTS5 operators, brackets, colons, stars) is
treated as plain text, so no input can be a syntax error or reach a column filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # a phrase when more than one
    exclude: bool = False
    or_before: bool = False  # joined to the previous term by OR


@dataclass(frozen=True)
class SearchQuery:
    terms: tuple[Term, ...]

    @property
    def empty(self) -> bool:
        return not any(not term.exclude for term in self.terms)


def parse_query(text: str) -> SearchQuery:
    terms: list[Term] = []
    pending_or = False
    for match in _TOKEN.finditer(text[:500]):
        minus, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare == "OR":
            pending_or = bool(terms)
            continue
        exclude = bool(minus) or (bare is not None and bare.startswith("-"))
        words = tuple(_WORD.findall(phrase if phrase is not None else bare or ""))
        if not words:
            continue
        terms.append(Term(words, exclude=exclude, or_before=pending_or and not exclude))
        pending_or = False
        if len(terms) >= MAX_TERMS:
            break
    return SearchQuery(tuple(terms))


def _fts5_term(term: Term) -> str:
    return '"' + " ".join(term.words).replace('"', "") + '"'


def to_fts5(query: SearchQuery) -> str:
    """An FTS5 MATCH expression (every word quoted, so it is always valid)."""
    parts: list[str] = []
    for term in query.terms:
        if term.exclude:
            continue
        if term.or_before and parts:
            parts.append("OR")
        parts.append(_fts5_term(term))
    expression = " ".join(parts)
    excluded = [_fts5_term(term) for term in query.terms if term.exclude]
    if expression and excluded:
        expression = f"({expression}) NOT ({' OR '.join(excluded)})"
    return expression


def to_websearch(query: SearchQuery) -> str:
    """The same query in PostgreSQL's ``websearch_to_tsquery`` syntax."""
    parts: list[str] = []
    for term in query.terms:
        text = " ".join(term.words)
        text = f'"{text}"' if len(term.words) > 1 else text
        if term.exclude:
            parts.append(f"-{text}")
        else:
            if term.or_before and parts:
                parts.append("or")
            parts.append(text)
    return " ".join(parts)
