"""Author names: split lists, drop e-mail addresses and bylines' "By"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsdesk.pipeline.parse.text import plain_text

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "jane@x.com (Jane Doe)" -> "Jane Doe"; "Jane Doe <jane@x.com>" -> "Jane Doe"
_PARENTHESISED_NAME = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^)]*)\)\s*$")
_SEPARATORS = re.compile(r"\s*(?:,|;|\s&\s|\band\b|\bund\b|\bet\b|\|)\s*", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|von|par|por|di)\s+", re.IGNORECASE)
_MAX_NAME_CHARS = 100


def clean_authors(raw_names: Iterable[str]) -> tuple[str, ...]:
    """Clean, split and de-duplicate author names, keeping their order."""
    seen: set[str] = set()
    names: list[str] = []
    for raw in raw_names:
        for name in split_author(raw):
            if name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
    return tuple(names)


def split_author(raw: str) -> list[str]:
    """One author field (maybe "A and B, C" or "a@x.com (A)") as clean names."""
    text = plain_text(raw)
    match = _PARENTHESISED_NAME.match(text)
    if match:
        text = match.group("name")
    text = _EMAIL.sub(" ", text).replace("<>", " ").replace("()", " ")
    text = _BYLINE.sub("", text.strip())
    return [name for part in _SEPARATORS.split(text) if (name := _clean_name(part))]


def _clean_name(part: str) -> str:
    name = _BYLINE.sub("", part.strip(" \t\n\"'()<>[]"))
    if len(name) > _MAX_NAME_CHARS or not any(char.isalpha() for char in name):
        return ""
    return name
