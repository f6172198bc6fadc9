"""Writes of AI output: cached summaries, article entities, LLM token usage (and the
answers that spend it)."""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce

from newsdesk.pipeline.enrich.ask import Answer, AskOptions, ask, ask_streamed
from newsdesk.pipeline.enrich.entities import Entity as FoundEntity
from newsdesk.pipeline.enrich.entities import resolve_surnames, surname_of, surnames_touched
from newsdesk.pipeline.enrich.llm import LLM
from newsdesk.pipeline.enrich.providers import Providers
from newsdesk.pipeline.enrich.stories import MemberArticle
from newsdesk.pipeline.errors import BudgetExhausted, LLMError, UsageError
from newsdesk.store.actions.entities import (
    do_fold_kinds,
    do_fold_surnames,
    do_fold_things,
    full_name_articles,
)
from newsdesk.store.models import AIOutput, AIUsage, Article, ArticleEntity, Entity
from newsdesk.store.queries.ai import check_token_budget


def do_store_ai_output(
    kind: str,
    object_id: int,
    version: str,
    *,
    method: str,
    payload: dict[str, Any],
    now: datetime,
    tokens: int = 0,
) -> AIOutput:
    """Keep one output per (kind, object, version); a second writer gets the first's row."""
    if kind not in AIOutput.Kind.values:
        raise UsageError(f"unknown AI output kind {kind!r}")
    try:
        with transaction.atomic():
            return AIOutput.objects.create(
                kind=kind,
                object_id=object_id,
                version=version[:64],
                method=method[:200],
                payload=payload,
                tokens=tokens,
                created_at=now,
            )
    except IntegrityError:
        return AIOutput.objects.get(kind=kind, object_id=object_id, version=version[:64])


def do_refresh_ai_output(output: AIOutput, *, now: datetime) -> AIOutput:
    """Mark an output as current at ``now`` (its content was recomputed unchanged)."""
    with transaction.atomic():
        AIOutput.objects.filter(pk=output.pk).update(created_at=now)
    output.created_at = now
    return output


def do_set_article_entities(article: Article, entities: Sequence[FoundEntity]) -> int:
    """Replace the article's entities; returns how many it has."""
    return do_set_entities_of_articles([(article, entities)])[article.pk]


def do_set_entities_of_articles(
    items: Sequence[tuple[Article, Sequence[FoundEntity]]],
) -> dict[int, int]:
    """Replace the entities of several articles in one transaction and a fixed number of
    queries (the batched enrichment job's write); returns each article's entity count.

    Two found entities can resolve to one stored entity (the same key once cut to the
    column's length, say): their mentions and surface forms are added up. A bare surname
    ("Biden" in an article that never writes the first name) joins the full name that
    dominates it across articles (:func:`~newsdesk.pipeline.enrich.entities.resolve_surnames`),
    and bare surnames stored before their full name dominated are folded into it now, for
    the surnames this write touched (:func:`~newsdesk.store.actions.entities.do_fold_surnames`).
    A one-word "person" of this write that its articles write as a thing ("on Twitter") is
    filed as an organisation or place (:func:`~newsdesk.store.actions.entities.do_fold_things`).
    """
    items = _with_full_names(items)
    names: dict[str, FoundEntity] = {}
    for _, entities in items:
        for found in entities:
            names.setdefault(found.key[:300], found)
    with transaction.atomic():
        replaced = ArticleEntity.objects.filter(article__in=[a for a, _ in items])
        # The person names losing an article can change who dominates a surname too.
        dropped = set(replaced.filter(entity__kind="person").values_list("entity__key", flat=True))
        replaced.delete()
        Entity.objects.bulk_create(
            [Entity(key=k, name=f.name[:300], kind=f.kind) for k, f in names.items()],
            ignore_conflicts=True,
        )
        # A key folded into a full name (``merged_into``) stays folded: its new links go
        # to the full name too.
        stored = dict(
            Entity.objects.filter(key__in=list(names)).values_list(
                "key", Coalesce("merged_into_id", "pk")
            )
        )
        counts: dict[int, int] = {}
        new_rows: list[ArticleEntity] = []
        for article, entities in items:
            rows: dict[int, ArticleEntity] = {}
            for found in entities:
                entity_id = stored[found.key[:300]]
                row = rows.get(entity_id)
                if row is None:
                    rows[entity_id] = ArticleEntity(
                        article=article,
                        entity_id=entity_id,
                        mentions=found.mentions,
                        surface_forms=list(found.surface_forms),
                    )
                else:
                    row.mentions += found.mentions
                    row.surface_forms = sorted({*row.surface_forms, *found.surface_forms})
            counts[article.pk] = len(rows)
            new_rows.extend(rows.values())
        ArticleEntity.objects.bulk_create(new_rows)
        do_fold_surnames(surnames_touched([*names, *dropped]))
        do_fold_things(
            name for kind, _, name in (k.partition(":") for k in names) if kind == "person"
        )
        do_fold_kinds({key.partition(":")[2] for key in names})
    return counts


def _with_full_names(
    items: Sequence[tuple[Article, Sequence[FoundEntity]]],
) -> Sequence[tuple[Article, Sequence[FoundEntity]]]:
    """``items`` with each bare person surname replaced by the full name it stands for: the
    full names come from this batch and from the stored entities (one query per 200
    surnames)."""
    bare = {f.key for _, found in items for f in found if f.kind == "person" and " " not in f.key}
    if not bare:
        return items
    surnames = {key.partition(":")[2] for key in bare}
    articles_of, full_names = full_name_articles(surnames)
    for _, found in items:
        for f in {f.key: f for f in found}.values():
            if surname_of(f.key) in surnames:
                articles_of[f.key] += 1
                full_names.setdefault(f.key, f.name)
    resolved = resolve_surnames(bare, articles_of)
    if not resolved:
        return items
    return [
        (
            article,
            [
                replace(f, name=full_names[resolved[f.key]]) if f.key in resolved else f
                for f in found
            ],
        )
        for article, found in items
    ]


def month_of(now: datetime) -> date:
    return date(now.year, now.month, 1)


def do_record_token_usage(tokens: int, *, now: datetime) -> int:
    """Add ``tokens`` to this month's LLM usage; returns the month's total."""
    if tokens < 0:
        raise UsageError("token counts are never negative")
    with transaction.atomic():
        usage, _ = AIUsage.objects.get_or_create(month=month_of(now))
        AIUsage.objects.filter(pk=usage.pk).update(tokens=F("tokens") + tokens)
        usage.refresh_from_db()
    return usage.tokens


@dataclass(frozen=True)
class BudgetedAnswer:
    answer: Answer
    #: Why the LLM was not used ("" when it was, or none is configured).
    notice: str = ""


def _members(articles: Sequence[Article]) -> list[MemberArticle]:
    return [MemberArticle(str(a.pk), a.source.name, a.title, a.body_text, a.url) for a in articles]


def _budgeted_llm(providers: Providers, budget: int, now: datetime) -> tuple[LLM | None, str]:
    """The LLM while the month's token budget lasts (None, with the reason, once spent)."""
    llm = providers.llm()
    if llm is None:
        return None, ""
    try:
        check_token_budget(budget, now)
    except BudgetExhausted as error:
        return None, str(error)
    return llm, ""


def _unavailable(error: LLMError) -> str:
    return f"the language model is unavailable ({error}); showing passages instead"


def do_answer_question(
    providers: Providers,
    articles: Sequence[Article],
    question: str,
    *,
    budget: int,
    now: datetime,
    options: AskOptions | None = None,
) -> BudgetedAnswer:
    """Ask articles a question within the instance's monthly token budget: the LLM while
    budget is left (its tokens recorded), the best matching passages otherwise, with the
    reason. ``articles`` need their source loaded."""
    members = _members(articles)
    embedder = providers.embedder()
    llm, notice = _budgeted_llm(providers, budget, now)
    try:
        answer = ask(question, members, embedder, llm, options)
    except LLMError as error:
        notice = _unavailable(error)
        answer = ask(question, members, embedder, None, options)
    if answer.tokens:
        do_record_token_usage(answer.tokens, now=now)
    return BudgetedAnswer(answer, notice)


def do_answer_question_streamed(
    providers: Providers,
    articles: Sequence[Article],
    question: str,
    *,
    budget: int,
    now: datetime,
    options: AskOptions | None = None,
) -> Generator[str, None, BudgetedAnswer]:
    """:func:`do_answer_question`, yielding the model's unchecked answer as it arrives and
    returning the checked one. A model that fails part-way gives the passages, with the
    reason, as the final answer."""
    members = _members(articles)
    embedder = providers.embedder()
    llm, notice = _budgeted_llm(providers, budget, now)
    try:
        answer = yield from ask_streamed(question, members, embedder, llm, options)
    except LLMError as error:
        notice = _unavailable(error)
        answer = ask(question, members, embedder, None, options)
    if answer.tokens:
        do_record_token_usage(answer.tokens, now=now)
    return BudgetedAnswer(answer, notice)
