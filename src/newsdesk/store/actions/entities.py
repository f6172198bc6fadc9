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
from django.db.models import Count, F, Q, Window
from django.db.models.functions import Lower, RowNumber, Substr

from newsdesk.pipeline.enrich.entities import (
    KINDS,
    is_thing,
    listed_name,
    resolve_kinds,
    resolve_surnames,
    surname_of,
    thing_cues,
    thing_kind,
)
from newsdesk.store.models import ArticleEntity, Entity, Follow, Source

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
    common) is left alone. Links that still reach a folded entity (written by a worker that
    read the entity just before another folded it) move to the full name too.

    Only the rows to fold are locked, after an unlocked look (most writes fold nothing, and
    an ambiguous surname is never locked), with ``SELECT ... FOR NO KEY UPDATE`` on
    PostgreSQL: two folders of one surname take turns, and the second finds it folded.
    SQLite has one writer at a time."""
    with transaction.atomic():
        bare = _bare_entities(surnames)
        live = {e.key: e for e in bare if e.merged_into_id is None}
        resolved: dict[str, str] = {}
        if live:
            articles_of, _ = full_name_articles({k.partition(":")[2] for k in live})
            resolved = resolve_surnames(live, articles_of)
        folded = [e.pk for e in bare if e.merged_into_id is not None]
        stray = ArticleEntity.objects.filter(entity_id__in=folded).values_list("entity_id")
        todo = {live[k].pk for k in resolved} | {pk for (pk,) in stray.distinct()}
        if not todo:
            return []
        into = {e.key: e for e in Entity.objects.filter(key__in=set(resolved.values()))}
        folds = []
        locked = Entity.objects.select_for_update(no_key=True).filter(pk__in=todo)
        for entity in locked.order_by("key"):
            kept = into.get(resolved.get(entity.key, ""))
            was_live = entity.merged_into_id is None
            if entity.merged_into_id is not None:  # folded before, or by another worker since
                kept = Entity.objects.filter(pk=entity.merged_into_id).first()
            if kept is not None:
                fold = _fold(entity, kept)
                if was_live or fold.links:
                    folds.append(fold)
        return folds


def do_fold_kinds(names: Iterable[str] | None = None) -> list[Fold]:
    """Fold entities of ``names`` (lower-cased names, every stored one when None) that the
    recogniser filed under a minority kind into the main one
    (:func:`~newsdesk.pipeline.enrich.entities.resolve_kinds`): "White House" as a place
    into "White House" the organisation, "Biden" the organisation into Joe Biden. Like
    :func:`do_fold_surnames`: one transaction, links and follows move, the folded entity
    redirects, and a second run folds nothing. Entities stored under another name of a
    country or body (:mod:`~newsdesk.pipeline.enrich.entity_aliases`: "US" before the
    table named it "United States") fold into the listed name too, and companies stored
    with their legal form ("Facebook Inc") into the name without it."""
    with transaction.atomic():
        live = Entity.objects.filter(merged_into__isnull=True)
        if names is not None:
            wanted = {n for n in names if n}
            kinds = sorted(set(KINDS.values()))
            keys = [f"{kind}:{name}" for name in sorted(wanted) for kind in kinds]
            live = live.filter(key__in=keys)
        rows = live.annotate(articles=Count("article_links")).values_list("key", "name", "articles")
        articles_of: Counter[str] = Counter()
        aliased: dict[str, str] = {}
        for key, name, articles in rows:
            articles_of[key] = articles
            listed = listed_name(key.partition(":")[0], name)
            if listed and (to := f"{listed[0]}:{listed[1].lower()}") != key:
                aliased[key] = to
                Entity.objects.get_or_create(
                    key=to, defaults={"name": listed[1], "kind": listed[0]}
                )
        one_word = {
            name
            for kind, _, name in (k.partition(":") for k in articles_of)
            if kind == "organization" and " " not in name
        }
        if one_word:
            people, _ = full_name_articles(one_word)
            articles_of.update(people)
        resolved = aliased | resolve_kinds(
            {k: n for k, n in articles_of.items() if k not in aliased}
        )
        if not resolved:
            return []
        by_key = {
            e.key: e
            for e in Entity.objects.select_for_update(no_key=True)
            .filter(key__in={*resolved, *resolved.values()})
            .order_by("key")
        }
        folds = []
        for gone_key, kept_key in sorted(resolved.items()):
            gone, kept = by_key.get(gone_key), by_key.get(kept_key)
            if gone is None or kept is None or gone.merged_into_id is not None:
                continue
            if kept.merged_into_id is not None:  # folded by another worker since the look
                continue
            folds.append(_fold(gone, kept))
            gone.merged_into_id = kept.pk
        return folds


#: The latest articles of a one-word person read for cues (the recogniser reads each
#: article's first 4,000 letters, and so does this).
THING_ARTICLES = 30
THING_TEXT_CHARS = 4_000
#: Names per full-name query (three ``LIKE`` each, OR-ed; see :data:`SURNAMES_PER_QUERY`).
NAMES_PER_QUERY = 100


def do_fold_things(names: Iterable[str] | None = None) -> list[Fold]:
    """File one-word "persons" of ``names`` (lower-cased, every stored one when None) that
    are really companies, products, teams or places under that kind: "Twitter" and
    "Pfizer", which the small model often tags as people. A live one-word person entity
    moves when no live full-name person has it as one of its words ("Durov" with Pavel
    Durov, "May" with Theresa May stay people) and its latest articles write it after
    "the", "a", "on", "at" or "via" often enough
    (:func:`~newsdesk.pipeline.enrich.entities.is_thing`), or when it is the name of a
    source ("Politico", "Forbes": an outlet, filed as an organisation). Its links and
    follows move to the organisation (or the place, when the name is stored as a place
    more often), the person redirects there, and an organisation of that name that an
    earlier fold filed under the person is itself again. Like the other folds: one
    transaction, idempotent."""
    with transaction.atomic():
        people = Entity.objects.filter(kind="person", merged_into__isnull=True).exclude(
            key__contains=" "
        )
        if names is not None:
            keys = sorted({f"person:{n}" for n in names if n and " " not in n})
            people = people.filter(key__in=keys)
        candidates = {e.key.partition(":")[2]: e for e in people.order_by("key")}
        for name in _words_of_full_names(candidates):
            del candidates[name]
        written = _written_as_things(candidates.values())
        outlets = _named_like_sources(candidates)
        things = {n: e for n, e in candidates.items() if e.pk in written or n in outlets}
        if not things:
            return []
        other_keys = [f"{kind}:{name}" for name in things for kind in ("organization", "place")]
        articles_of = dict(
            Entity.objects.filter(key__in=other_keys)
            .annotate(articles=Count("article_links"))
            .values_list("key", "articles")
        )
        folds = []
        for name, entity in sorted(things.items()):
            kind = "organization" if name in outlets else thing_kind(name, articles_of)
            kept, _ = Entity.objects.get_or_create(
                key=f"{kind}:{name}", defaults={"name": entity.name, "kind": kind}
            )
            gone = Entity.objects.select_for_update(no_key=True).get(pk=entity.pk)
            if gone.merged_into_id is not None:  # folded by another worker since the look
                continue
            if kept.merged_into_id == gone.pk:  # "Pfizer" the organisation, filed under the person
                Entity.objects.filter(pk=kept.pk).update(merged_into=None)
            elif kept.merged_into_id is not None:  # the name's main kind, when folded into it
                kept = Entity.objects.get(pk=kept.merged_into_id)
                if kept.merged_into_id is not None or kept.kind == "person":
                    continue
            folds.append(_fold(gone, kept))
        return folds


def _named_like_sources(names: Collection[str]) -> set[str]:
    """Those of ``names`` (lower-cased) that are the name of a source this instance follows
    ("politico": Politico, "forbes": Forbes): an outlet, not a person (one query)."""
    if not names:
        return set()
    found = (
        Source.objects.annotate(lower=Lower("name"))
        .filter(lower__in=sorted(names))
        .values_list("lower", flat=True)
    )
    return set(found)


def _words_of_full_names(names: Collection[str]) -> set[str]:
    """Those of ``names`` that are a word of a live full-name person ("durov": Pavel Durov)."""
    found: set[str] = set()
    ordered = sorted(names)
    for start in range(0, len(ordered), NAMES_PER_QUERY):
        words = Q()
        for name in ordered[start : start + NAMES_PER_QUERY]:
            words |= Q(key__startswith=f"person:{name} ")
            words |= Q(key__endswith=f" {name}") | Q(key__contains=f" {name} ")
        keys = Entity.objects.filter(words, kind="person", merged_into__isnull=True).values_list(
            "key", flat=True
        )
        found.update(w for key in keys for w in key.partition(":")[2].split())
    return found & set(names)


def _written_as_things(entities: Iterable[Entity]) -> set[int]:
    """The ids of the one-word person ``entities`` whose latest articles write them as things
    (one query: the latest :data:`THING_ARTICLES` links of each, by a window function)."""
    latest = Window(RowNumber(), partition_by=[F("entity_id")], order_by=F("article_id").desc())
    rows = (
        ArticleEntity.objects.filter(entity__in=list(entities))
        .annotate(latest=latest)
        .filter(latest__lte=THING_ARTICLES)
        .values_list(
            "entity_id",
            "entity__name",
            "article__title",
            Substr("article__body_text", 1, THING_TEXT_CHARS),
            "surface_forms",
        )
    )
    counts: dict[int, tuple[int, int]] = {}
    for entity_id, name, title, body, forms in rows:
        c, s = thing_cues(f"{title}\n\n{body}", [name, *forms])
        cued, seen = counts.get(entity_id, (0, 0))
        counts[entity_id] = (cued + c, seen + s)
    return {pk for pk, (cued, seen) in counts.items() if is_thing(cued, seen)}


def _bare_entities(surnames: Iterable[str] | None) -> list[Entity]:
    """The bare person entities of ``surnames`` (every one when None), live or folded."""
    bare = Entity.objects.filter(kind="person")
    if surnames is None:
        return list(bare.exclude(key__contains=" ").order_by("key"))
    keys = sorted({f"person:{s}" for s in surnames if s and " " not in s})
    return list(bare.filter(key__in=keys).order_by("key")) if keys else []


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
