"""Keyword search (SQLite FTS5 or PostgreSQL full text), with filters and snippets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from newsdesk.pipeline.searchquery import parse_query
from newsdesk.serve.web import pages
from newsdesk.serve.web.forms import SearchForm
from newsdesk.serve.web.semantic import semantic_search, semantic_unavailable
from newsdesk.store.models import Entity, Source
from newsdesk.store.queries import ai as ai_queries
from newsdesk.store.queries import articles as article_queries
from newsdesk.store.queries.search import SearchFilters, SearchHit, search_articles

PER_PAGE = 20


@dataclass(frozen=True)
class SearchResult:
    """One page of hits (up to ``per_page + 1``: one more says an older page exists) and
    the filters the query named."""

    hits: list[SearchHit]
    source: Source | None
    entity: Entity | None
    unknown_source: bool
    unknown_entity: bool
    by_meaning: bool


def find_hits(cleaned: dict[str, Any], number: int, per_page: int = PER_PAGE) -> SearchResult:
    """Page ``number`` of the hits for a valid :class:`SearchForm`'s data (the search page
    and the JSON API both ask this)."""
    query = parse_query(cleaned["q"])
    source = None
    if cleaned["source"]:
        source = article_queries.source_by_domain(cleaned["source"].lower())
    entity = None
    if cleaned["entity"]:
        entity = ai_queries.entity_for_filter(cleaned["entity"])
    filters = SearchFilters(
        source_id=source.pk if source else None,
        since=SearchForm.day_start(cleaned["since"]),
        until=SearchForm.day_start(cleaned["until"], after=True),
        entity_id=entity.pk if entity else None,
    )
    unknown_source = bool(cleaned["source"]) and source is None
    unknown_entity = bool(cleaned["entity"]) and entity is None
    by_meaning = cleaned.get("mode") == "meaning"
    hits: list[SearchHit] | None = None
    if unknown_source or unknown_entity:
        hits = []
    elif by_meaning:
        hits = semantic_search(
            cleaned["q"],
            filters,
            limit=per_page + 1,
            offset=(number - 1) * per_page,
            index_kind=settings.NEWSDESK.vector_index,
        )
    if hits is None:  # words, or meaning without a model or vectors
        hits = search_articles(query, filters, limit=per_page + 1, offset=(number - 1) * per_page)
    return SearchResult(
        hits=[_publisher_snippet(hit) for hit in hits],
        source=source,
        entity=entity,
        unknown_source=unknown_source,
        unknown_entity=unknown_entity,
        by_meaning=by_meaning,
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, object] = {"form": form, "nav": "search", "searched": False}
    if form.is_valid() and form.cleaned_data["q"]:
        number = pages.page_number(request)
        result = find_hits(form.cleaned_data, number)
        params = request.GET.copy()
        params.pop("page", None)
        context.update(
            searched=True,
            query_text=form.cleaned_data["q"],
            hits=result.hits[:PER_PAGE],
            number=number,
            has_older=len(result.hits) > PER_PAGE,
            has_newer=number > 1,
            params=params.urlencode(),
            source=result.source,
            unknown_source=result.unknown_source,
            entity=result.entity,
            unknown_entity=result.unknown_entity,
            by_meaning=result.by_meaning,
            meaning_unavailable=result.by_meaning and semantic_unavailable(),
        )
        shown = _entity_as_named(form, result.entity)
        if shown is not None:
            context["form"] = shown
    return render(request, "web/search.html", context)


def _entity_as_named(form: SearchForm, entity: Entity | None) -> SearchForm | None:
    """The form again with the entity filter shown as its name ("Donald Trump") instead
    of the key an entity page links with ("person:donald trump"), when the name finds the
    same entity; None when nothing changes."""
    given = form.cleaned_data["entity"]
    if entity is None or given == entity.name:
        return None
    if ai_queries.entity_for_filter(entity.name) != entity:
        return None  # another kind shares the name: the key stays
    shown = SearchForm({**form.data, "entity": entity.name})
    shown.is_valid()
    return shown


def _publisher_snippet(hit: SearchHit) -> SearchHit:
    """A publisher that limits snippets gets no search snippet; the card's excerpt, which
    honours the limit, shows instead."""
    if hit.article.robots and "snippet" in hit.article.robots:
        return SearchHit(hit.article, "")
    return hit
