"""Resolve page URLs to absolute http(s) URLs."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

_WEB_SCHEMES = frozenset({"http", "https"})
_ABSOLUTE = ("http://", "https://")
#: Any white space (the characters ``str.isspace`` accepts), found in one C-level scan.
_SPACE = re.compile(r"\s")


def absolute_url(value: object, base: str | None) -> str | None:
    """``value`` resolved against ``base`` if the result is an http(s) URL, else None."""
    if not isinstance(value, str):
        return None
    candidate = value.strip()
    if not candidate or _SPACE.search(candidate):
        candidate = candidate.replace(" ", "%20")
        if not candidate or _SPACE.search(candidate):
            return None
    try:
        # an absolute URL needs no joining (most image and link URLs; urljoin is slow)
        absolute = candidate[:8].lower().startswith(_ABSOLUTE)
        resolved = urljoin(base, candidate) if base and not absolute else candidate
        parts = urlsplit(resolved)
    except ValueError:
        return None
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.netloc:
        return None
    return resolved


def host_of(url: str | None) -> str:
    """The lower-case host of ``url`` without ``www.``; empty when there is none."""
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
