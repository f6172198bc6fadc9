"""Reader apps (the Fever and Google Reader APIs): a reader's app password, and read and
saved state."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from newsdesk.pipeline.errors import UsageError
from newsdesk.store.models import AppPassword, ReadArticle, SavedArticle

#: Shortest app password accepted (newsdesk generates longer ones).
MIN_APP_PASSWORD = 12


def fever_key(username: str, password: str) -> str:
    """The key a Fever client sends: md5 of "username:password", in hex."""
    return hashlib.md5(f"{username}:{password}".encode(), usedforsecurity=False).hexdigest()


def key_hash(api_key: str) -> str:
    """What is stored of a Fever key: its SHA-256 (the key is a password equivalent)."""
    return hashlib.sha256(api_key.strip().lower().encode()).hexdigest()


def do_set_app_password(user_id: int, username: str, password: str, *, now: datetime) -> None:
    """Set (or replace) the reader's app password; the old one stops working at once."""
    if len(password) < MIN_APP_PASSWORD:
        raise UsageError(f"an app password has at least {MIN_APP_PASSWORD} characters")
    with transaction.atomic():
        AppPassword.objects.update_or_create(
            user_id=user_id,
            defaults={"key_hash": key_hash(fever_key(username, password)), "created_at": now},
        )


def do_revoke_app_password(user_id: int) -> None:
    with transaction.atomic():
        AppPassword.objects.filter(user_id=user_id).delete()


def do_mark_read(user_id: int, article_ids: Iterable[int], *, now: datetime) -> None:
    """Idempotent: articles already read keep their first read time."""
    rows = [ReadArticle(user_id=user_id, article_id=pk, read_at=now) for pk in article_ids]
    with transaction.atomic():
        ReadArticle.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)


def do_mark_unread(user_id: int, article_ids: Iterable[int]) -> None:
    with transaction.atomic():
        ReadArticle.objects.filter(user_id=user_id, article_id__in=list(article_ids)).delete()


def do_save_articles(user_id: int, article_ids: Iterable[int], *, now: datetime) -> None:
    """Save many at once; idempotent: articles already saved keep their first save time."""
    rows = [SavedArticle(user_id=user_id, article_id=pk, saved_at=now) for pk in article_ids]
    with transaction.atomic():
        SavedArticle.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)


def do_unsave_articles(user_id: int, article_ids: Iterable[int]) -> None:
    with transaction.atomic():
        SavedArticle.objects.filter(user_id=user_id, article_id__in=list(article_ids)).delete()
