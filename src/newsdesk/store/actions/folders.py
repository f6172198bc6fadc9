"""A reader's folders (labels, in reader apps): file a followed source in a folder, rename
and delete folders. A folder exists while it holds a followed source: moving the last one
out (or unfollowing it) removes the folder."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction

from newsdesk.pipeline.errors import UsageError
from newsdesk.pipeline.parse.text import collapse_whitespace
from newsdesk.store.models import Folder, Follow, Source

MAX_FOLDER_NAME = 100


def clean_folder_name(name: str) -> str:
    """The folder name as stored: whitespace collapsed; "" means no folder. UsageError for
    a name that is too long or holds control characters."""
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        raise UsageError("a folder name cannot hold control characters")
    name = collapse_whitespace(name)
    if len(name) > MAX_FOLDER_NAME:
        raise UsageError(f"a folder name has at most {MAX_FOLDER_NAME} characters")
    return name


def _folder(user_id: int, name: str, *, now: datetime) -> Folder:
    folder, _ = Folder.objects.get_or_create(
        user_id=user_id, name=name, defaults={"created_at": now}
    )
    return folder


def prune_empty_folders(user_id: int) -> None:
    """Remove the reader's folders that hold no source (call inside a transaction)."""
    Folder.objects.filter(user_id=user_id, follows__isnull=True).delete()


def do_file_sources(user_id: int, placements: Mapping[int, str], *, now: datetime) -> int:
    """Put followed sources (by id) in folders by name ("" takes a source out of its
    folder). Sources the reader does not follow are left alone. Returns how many follows
    were changed. Names are checked first: a bad one changes nothing."""
    cleaned = {source_id: clean_folder_name(name) for source_id, name in placements.items()}
    changed = 0
    with transaction.atomic():
        folders = {name: _folder(user_id, name, now=now) for name in set(cleaned.values()) if name}
        follows = Follow.objects.filter(
            user_id=user_id, kind=Follow.Kind.SOURCE, source_id__in=list(cleaned)
        )
        for follow in follows.select_for_update():
            name = cleaned.get(follow.source_id or 0, "")
            folder = folders.get(name) if name else None
            if follow.folder_id != (folder.pk if folder else None):
                follow.folder = folder
                follow.save(update_fields=["folder"])
                changed += 1
        prune_empty_folders(user_id)
    return changed


def do_file_source(user_id: int, source: Source, name: str, *, now: datetime) -> None:
    """Put one followed source in the folder ``name`` (created when new), or in none ("").
    UsageError when the reader does not follow the source."""
    if not Follow.objects.filter(user_id=user_id, kind=Follow.Kind.SOURCE, source=source).exists():
        raise UsageError(f"you do not follow {source.name}")
    do_file_sources(user_id, {source.pk: name}, now=now)


def do_rename_folder(user_id: int, old: str, new: str, *, now: datetime) -> bool:
    """Rename the folder ``old``; into an existing folder ``new``, the two merge. False when
    the reader has no folder ``old``; renaming to "" takes its sources out of any folder."""
    new = clean_folder_name(new)
    with transaction.atomic():
        folder = Folder.objects.select_for_update().filter(user_id=user_id, name=old).first()
        if folder is None:
            return False
        if new == folder.name:
            return True
        target = Folder.objects.filter(user_id=user_id, name=new).first() if new else None
        if new and target is None:
            folder.name = new
            folder.save(update_fields=["name"])
            return True
        Follow.objects.filter(folder=folder).update(folder=target)
        folder.delete()
    return True


def do_delete_folder(user_id: int, name: str) -> bool:
    """Delete the folder ``name``; its sources stay followed, in no folder. False when the
    reader has no such folder."""
    with transaction.atomic():
        deleted, _ = Folder.objects.filter(user_id=user_id, name=name).delete()
    return deleted > 0
