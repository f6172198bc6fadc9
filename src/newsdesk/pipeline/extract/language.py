"""Language codes: normalise declared ones, guess from text when none is declared."""

from __future__ import annotations

import re

_TAG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}|\d{3}))?\b")
_WORD = re.compile(r"\w+")
#: Frequent short function words; enough to tell the common news languages apart.
_STOPWORDS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "en",
        frozenset(
            [
                "the",
                "and",
                "of",
                "to",
                "in",
                "is",
                "that",
                "for",
                "was",
                "on",
                "with",
                "he",
                "it",
                "as",
                "are",
                "by",
            ]
        ),
    ),
    (
        "de",
        frozenset(
            [
                "der",
                "die",
                "und",
                "das",
                "ist",
                "nicht",
                "ein",
                "eine",
                "den",
                "mit",
                "sich",
                "auch",
                "auf",
                "dem",
                "für",
            ]
        ),
    ),
    (
        "fr",
        frozenset(
            [
                "le",
                "la",
                "les",
                "et",
                "des",
                "est",
                "une",
                "dans",
                "pour",
                "que",
                "qui",
                "pas",
                "sur",
                "au",
                "du",
            ]
        ),
    ),
    (
        "es",
        frozenset(
            [
                "el",
                "la",
                "los",
                "las",
                "y",
                "que",
                "del",
                "en",
                "por",
                "una",
                "con",
                "para",
                "es",
                "se",
            ]
        ),
    ),
    (
        "it",
        frozenset(
            [
                "il",
                "di",
                "che",
                "la",
                "è",
                "per",
                "una",
                "non",
                "sono",
                "gli",
                "della",
                "del",
                "le",
                "con",
            ]
        ),
    ),
    (
        "pt",
        frozenset(
            [
                "o",
                "os",
                "da",
                "do",
                "que",
                "não",
                "uma",
                "em",
                "para",
                "com",
                "se",
                "das",
                "dos",
                "é",
            ]
        ),
    ),
    (
        "nl",
        frozenset(
            [
                "de",
                "het",
                "een",
                "van",
                "en",
                "niet",
                "dat",
                "is",
                "op",
                "te",
                "voor",
                "met",
                "zijn",
            ]
        ),
    ),
    (
        "sv",
        frozenset(
            [
                "och",
                "att",
                "det",
                "som",
                "en",
                "på",
                "är",
                "för",
                "med",
                "till",
                "av",
                "inte",
                "den",
            ]
        ),
    ),
    (
        "da",
        frozenset(
            ["og", "at", "det", "som", "en", "på", "er", "for", "med", "til", "af", "ikke", "den"]
        ),
    ),
    ("pl", frozenset(["i", "w", "na", "nie", "się", "z", "że", "do", "jest", "to", "o", "jak"])),
    (
        "tr",
        frozenset(["ve", "bir", "bu", "da", "de", "için", "ile", "olarak", "çok", "daha", "ama"]),
    ),
)
_SAMPLE_WORDS = 400
_MIN_HITS = 5


def normalise_language(value: object) -> str | None:
    """A BCP 47-style tag ("en", "pt-BR") from "en_US", "EN-us" and the like."""
    if not isinstance(value, str):
        return None
    match = _TAG.match(value.strip())
    if match is None:
        return None
    language, region = match.groups()
    if region is None:
        return language.lower()
    return f"{language.lower()}-{region.upper()}"


def guess_language(text: str) -> str | None:
    """The language whose function words are most frequent in ``text``, if clear enough."""
    words = [word.lower() for word in _WORD.findall(text[: _SAMPLE_WORDS * 12])][:_SAMPLE_WORDS]
    if not words:
        return None
    best, best_hits = None, 0
    for code, stopwords in _STOPWORDS:
        hits = sum(1 for word in words if word in stopwords)
        if hits > best_hits:
            best, best_hits = code, hits
    return best if best_hits >= _MIN_HITS else None
