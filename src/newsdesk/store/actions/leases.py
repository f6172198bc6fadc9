"""Named job leases: one worker process at a time runs a job that must not interleave
(story clustering keeps its state in memory and assigns in one order).

Every step is one conditional UPDATE, atomic on SQLite (the database write lock) and on
PostgreSQL (the row lock; a waiting UPDATE re-checks its condition once the first commits),
so two workers never both see success. A worker that dies stops renewing; the lease is
free once ``expires_at`` has passed, and the next holder gets a new ``epoch``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from newsdesk.store.models import JobLease

__all__ = ["do_acquire_lease", "do_hold_lease", "do_release_lease"]


def do_acquire_lease(name: str, holder: str, now: datetime, ttl: timedelta) -> int | None:
    """Take or renew the lease ``name`` for ``ttl``: its epoch, or None while another
    holder's lease runs. The epoch changes whenever the holder does."""
    if not JobLease.objects.filter(name=name).exists():
        try:
            with transaction.atomic():
                JobLease.objects.create(name=name, holder="", expires_at=now, epoch=0)
        except IntegrityError:
            pass  # another worker created it first
    until = now + ttl
    renewed = JobLease.objects.filter(name=name, holder=holder, expires_at__gte=now).update(
        expires_at=until
    )
    if not renewed:
        free = Q(expires_at__lt=now) | Q(holder="")
        taken = JobLease.objects.filter(free, name=name).update(
            holder=holder, expires_at=until, epoch=F("epoch") + 1
        )
        if not taken:
            return None
    return int(JobLease.objects.values_list("epoch", flat=True).get(name=name))


def do_hold_lease(name: str, holder: str, epoch: int, now: datetime, ttl: timedelta) -> bool:
    """Renew the lease only if ``holder`` still holds it in ``epoch``. Called inside the
    transaction of a write, it fences that write: once another worker has taken the lease
    over, the old holder's writes are refused (on PostgreSQL the row stays locked until
    the write commits, so no takeover slips in between)."""
    updated = JobLease.objects.filter(
        name=name, holder=holder, epoch=epoch, expires_at__gte=now
    ).update(expires_at=now + ttl)
    return updated == 1


def do_release_lease(name: str, holder: str) -> None:
    """Give the lease up (a clean shutdown): the next worker need not wait for expiry."""
    JobLease.objects.filter(name=name, holder=holder).update(holder="")
