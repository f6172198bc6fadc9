from __future__ import annotations

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


def do_update_source_name(source: Source, name: str) -> None:
    """Give a source found by its domain a proper name once one is known."""
    name = name.strip()[:200]
    if name and source.name == source.domain and name != source.name:
        with transaction.atomic():
            Source.objects.filter(pk=source.pk, name=source.domain).update(name=name)
        source.name = name


def do_rename_source(source: Source, name: str) -> None:
    """An operator's new name for a source (shown everywhere); blank names are refused."""
    name = name.strip()[:200]
    if not name:
        raise ValueError("a source needs a name")
    with transaction.atomic():
        Source.objects.filter(pk=source.pk).update(name=name)
    source.name = name
