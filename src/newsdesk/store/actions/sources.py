from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction

from newsdesk.store.models import Source


def domain_of(url: str) -> str:
    """The outlet key of a URL: its host name in lower case, without ``www.``."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def do_get_or_create_source(url: str, name: str = "", homepage: str = "") -> Source:
    """The source (publisher) for ``url``'s domain, created on first sight."""
    domain = domain_of(url)
    if not domain:
        raise ValueError(f"no host name in {url!r}")
    existing = Source.objects.filter(domain=domain).first()
    if existing is not None:
        return existing
    parts = urlsplit(url)
    try:
        with transaction.atomic():
            return Source.objects.create(
                domain=domain,
                name=(name.strip() or domain)[:200],
                homepage=homepage or f"{parts.scheme}://{parts.netloc}/",
            )
    except IntegrityError:  # created concurrently by another worker
        return Source.objects.get(domain=domain)


_NAME_WORD = re.compile(r"\S+")
_NAME_TAIL = " \t-\u2013\u2014|:>/\u00b7\u2022,(["


def shared_name(first: str, second: str) -> str:
    """The words two feed titles of one publisher begin with, separators trimmed.

    ``"NYT > World News"`` and ``"NYT > Technology"`` give ``"NYT"``; ``"The New York
    Times"`` and ``"The New York Times (page 2)"`` give ``"The New York Times"``. The titles
    must part at a separator, where one of them ends, or after two shared words: two
    spellings of one name (``"El Pais"`` and the site's ``"El País"``, ``"Le Monde"`` and
    ``"Le Monde.fr"``) share a first word, not a name. Titles that share no name give
    ``""``. Words are compared case-insensitively (``"Rest Of World"``).
    """
    first_words, second_words = _NAME_WORD.findall(first), _NAME_WORD.findall(second)
    shared = 0
    for a, b in zip(first_words, second_words, strict=False):
        if a.casefold() != b.casefold():
            break
        shared += 1
    words = first_words[:shared]
    rests = (first_words[shared:], second_words[shared:])
    parted = (
        not all(rests)
        or shared >= 2
        or bool(words and words[-1][-1] in _NAME_TAIL)
        or all(rest[0][0] in _NAME_TAIL for rest in rests)
    )
    name = " ".join(words).rstrip(_NAME_TAIL) if parted else ""
    return name if any(ch.isalnum() for ch in name) else ""


def do_update_source_name(source: Source, name: str) -> None:
    """Give a source a proper name once one is known.

    A source still named by its domain takes ``name``. A source named after one of its
    feeds' titles (not by an operator) takes the words that title shares with another
    feed's title, so a publisher's feeds "Outlet > World" and "Outlet > Sport" (or
    "Outlet" and "Outlet (page 2)") name it "Outlet", whichever feed was polled first.
    """
    name = name.strip()[:200]
    if not name or name == source.name:
        return
    current = Source.objects.filter(pk=source.pk).values_list("name", flat=True).first()
    if current is None:
        return
    if current == source.domain:
        better = name
    elif source.feeds.filter(title=current).exists():
        better = shared_name(current, name)
    else:
        better = ""
    if better and better != current:
        with transaction.atomic():
            Source.objects.filter(pk=source.pk, name=current).update(name=better)
        current = better
    source.name = current


def do_rename_source(source: Source, name: str) -> None:
    """An operator's new name for a source (shown everywhere); blank names are refused."""
    name = name.strip()[:200]
    if not name:
        raise ValueError("a source needs a name")
    with transaction.atomic():
        Source.objects.filter(pk=source.pk).update(name=name)
    source.name = name
