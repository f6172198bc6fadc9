"""Folding bare surnames into full names after the fact.

A bare surname ("Obama" in an article that never writes the first name) is stored as
the full name it stands for when that full name already dominates the surname
(:func:`~newsdesk.pipeline.enrich.entities.resolve_surnames`). Articles stored before
that kept a separate "Obama" entity; :func:`do_fold_surnames` moves their links to the
full name once it dominates, and the bare entity stays as a redirect (``merged_into``),
the way a merged story does, so pages that linked it keep working.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q

from newsdesk.pipeline.enrich.entities import resolve_surnames, surname_of
from newsdesk.store.models import ArticleEntity, Entity, Follow

#: Surnames per full-name query (one ``LIKE`` each, OR-ed: SQLite nests an OR chain, and
#: limits the depth of an expression to 1,000).
SURNAMES_PER_QUERY = 200


@dataclass(frozen=True)
class Fold:
    """One bare surname folded into a full name."""

    gone: str
    kept: str
    #: Article links moved (an article that named both keeps one link, added up).
    links: int


def full_name_articles(surnames: Collection[str]) -> tuple[Counter[str], dict[str, str]]:
    """For live full-name person entities with one of ``surnames``: the articles that name
    each (by key), and each one's display name (one query per 200 surnames)."""
    articles_of: Counter[str] = Counter()
    names: dict[str, str] = {}
    ordered = sorted(set(surnames))
    for start in range(0, len(ordered), SURNAMES_PER_QUERY):
        suffixes = Q()
        for surname in ordered[start : start + SURNAMES_PER_QUERY]:
            suffixes |= Q(key__endswith=f" {surname}")
        rows = (
            Entity.objects.filter(suffixes, kind="person", merged_into__isnull=True)
            .annotate(articles=Count("article_links"))
            .values_list("key", "name", "articles")
        )
        for key, name, articles in rows:
            if surname_of(key) in surnames:
                articles_of[key] += articles
                names.setdefault(key, name)
    return articles_of, names


def do_fold_surnames(surnames: Iterable[str] | None = None) -> list[Fold]:
    """Fold each live bare person entity of ``surnames`` (every one when None) into the
    full name that now dominates its surname, in one transaction. Idempotent: a folded
    entity is no longer live, and a surname no full name dominates (two Bidens about as
    common) is left alone. The bare rows are locked first (``SELECT ... FOR UPDATE`` on
    PostgreSQL; SQLite has one writer), so two workers never fold one twice."""
    with transaction.atomic():
        bare = Entity.objects.select_for_update().filter(kind="person", merged_into__isnull=True)
        if surnames is None:
            bare = bare.exclude(key__contains=" ")
        else:
            keys = sorted({f"person:{s}" for s in surnames if s and " " not in s})
            if not keys:
                return []
            bare = bare.filter(key__in=keys)
        live = {e.key: e for e in bare.order_by("key")}
        if not live:
            return []
        articles_of, _ = full_name_articles({k.partition(":")[2] for k in live})
        resolved = resolve_surnames(live, articles_of)
        if not resolved:
            return []
        kept = {e.key: e for e in Entity.objects.filter(key__in=set(resolved.values()))}
        return [_fold(live[gone], kept[key]) for gone, key in sorted(resolved.items())]


def _fold(gone: Entity, kept: Entity) -> Fold:
    """Move ``gone``'s article links and follows to ``kept`` and point ``gone`` at it."""
    gone_links = ArticleEntity.objects.filter(entity=gone)
    both = {
        row.article_id: row
        for row in ArticleEntity.objects.filter(
            entity=kept, article_id__in=gone_links.values("article_id")
        )
    }
    for row in gone_links.filter(article_id__in=list(both)):
        into = both[row.article_id]
        into.mentions += row.mentions
        into.surface_forms = sorted({*into.surface_forms, *row.surface_forms})
    ArticleEntity.objects.bulk_update(list(both.values()), ["mentions", "surface_forms"])
    gone_links.filter(article_id__in=list(both)).delete()
    moved = gone_links.update(entity=kept)
    followers = Follow.objects.filter(kind=Follow.Kind.ENTITY, entity=kept).values("user_id")
    gone_follows = Follow.objects.filter(kind=Follow.Kind.ENTITY, entity=gone)
    gone_follows.filter(user_id__in=followers).delete()
    gone_follows.update(entity=kept)
    Entity.objects.filter(merged_into=gone).update(merged_into=kept)
    Entity.objects.filter(pk=gone.pk).update(merged_into=kept)
    return Fold(gone.key, kept.key, moved + len(both))
