"""Headline cleanup: drop a site-name suffix or prefix only when it names the site."""

from __future__ import annotations

import re
import unicodedata

#: Separators between a headline and a site name: spaced dashes, bars, dots and quotes,
#: and unspaced bars, including the Hangul letter "\u3163" Korean sites set as one.
_SEPARATORS = re.compile(r"\s+[|\-\u2013\u2014·•:»«/]\s+|\s*[|\u3163]\s*")
_NON_WORD = re.compile(r"[\W_]+")
_THE = re.compile(r"^\s*the\s+", re.I)
#: A host label this long is a brand name ("ntv" in n-tv.de), not a generic prefix.
_MIN_LABEL = 3


def strip_site_name(title: str, site_name: str | None, host: str) -> str:
    """``title`` without a trailing (or leading) " | Site" part that names the site.

    The part must equal the site name, or match the host ("CNN" on cnn.com); a
    headline that merely contains a separator is left alone.
    """
    title = normalise_space(title)
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    names = _site_keys(site_name, host)
    if not names:
        return title
    for cut in (_cut_suffix, _cut_prefix):
        shorter = cut(title, names)
        if shorter != title:
            return shorter
    return title


def names_site(name: str, site_name: str | None, host: str) -> bool:
    """True if ``name`` is the site itself: its name, its host, or a host label plus words.

    "mdr.de", "Krautreporter" (on krautreporter.de) and "n-tv NACHRICHTEN" (on n-tv.de)
    name the site; "Associated Press" on another site's page does not.
    """
    key = _key(name)
    keys = _site_keys(site_name, host)
    labels = {_key(label) for label in host.split(".")[:-1]}
    return bool(key) and (
        key in keys or any(len(label) >= _MIN_LABEL and key.startswith(label) for label in labels)
    )


def normalise_space(text: str) -> str:
    """NFC-normalised text with runs of whitespace collapsed to one space.

    NFC, not NFKC: a publisher's full-width "\uff01", its "\u2026" and Korean "\u3163" stay
    as written; comparisons that should ignore those differences use :func:`_key` (NFKC).
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def _cut_suffix(title: str, names: frozenset[str]) -> str:
    matches = list(_SEPARATORS.finditer(title))
    for match in matches:
        tail = title[match.end() :]
        if _named(tail, names) and match.start() > 0:
            return title[: match.start()].strip()
    return title


def _cut_prefix(title: str, names: frozenset[str]) -> str:
    match = _SEPARATORS.search(title)
    if match and _named(title[: match.start()], names) and title[match.end() :].strip():
        return title[match.end() :].strip()
    return title


def _named(part: str, names: frozenset[str]) -> bool:
    """True when ``part`` of a title is one of the site's ``names`` ("The Daily Bugle"
    on dailybugle.com too)."""
    return _key(part) in names or _key(_THE.sub("", part, count=1)) in names


def _site_keys(site_name: str | None, host: str) -> frozenset[str]:
    keys = set()
    if site_name:
        keys.add(_key(site_name))
        keys.add(_key(site_name.removeprefix("The ").removeprefix("the ")))
    if host:
        labels = host.split(".")
        keys.add(_key(host))
        keys.add(_key(labels[0]))
        if len(labels) >= 2 and len(labels[-2]) > 3:
            keys.add(_key(labels[-2]))
    keys.discard("")
    return frozenset(keys)


def _key(text: str) -> str:
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())
