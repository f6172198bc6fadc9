"""Keyword search (SQLite FTS5 or PostgreSQL full text), with filters and snippets."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from newsdesk.pipeline.searchquery import parse_query
from newsdesk.serve.web import pages
from newsdesk.serve.web.forms import SearchForm
from newsdesk.serve.web.semantic import semantic_search, semantic_unavailable
from newsdesk.store.queries import ai as ai_queries
from newsdesk.store.queries import articles as article_queries
from newsdesk.store.queries.search import SearchFilters, SearchHit, search_articles

PER_PAGE = 20


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, object] = {"form": form, "nav": "search", "searched": False}
    if form.is_valid() and form.cleaned_data["q"]:
        number = pages.page_number(request)
        query = parse_query(form.cleaned_data["q"])
        source = None
        if form.cleaned_data["source"]:
            source = article_queries.source_by_domain(form.cleaned_data["source"].lower())
        entity = None
        if form.cleaned_data["entity"]:
            entity = ai_queries.entity_for_filter(form.cleaned_data["entity"])
        filters = SearchFilters(
            source_id=source.pk if source else None,
            since=SearchForm.day_start(form.cleaned_data["since"]),
            until=SearchForm.day_start(form.cleaned_data["until"], after=True),
            entity_id=entity.pk if entity else None,
        )
        unknown_source = bool(form.cleaned_data["source"]) and source is None
        unknown_entity = bool(form.cleaned_data["entity"]) and entity is None
        by_meaning = form.cleaned_data.get("mode") == "meaning"
        hits: list[SearchHit] | None = None
        if unknown_source or unknown_entity:
            hits = []
        elif by_meaning:
            hits = semantic_search(
                form.cleaned_data["q"],
                filters,
                limit=PER_PAGE + 1,
                offset=(number - 1) * PER_PAGE,
                index_kind=settings.NEWSDESK.vector_index,
            )
        if hits is None:  # words, or meaning without a model or vectors
            hits = search_articles(
                query, filters, limit=PER_PAGE + 1, offset=(number - 1) * PER_PAGE
            )
        hits = [_publisher_snippet(hit) for hit in hits]
        params = request.GET.copy()
        params.pop("page", None)
        context.update(
            searched=True,
            query_text=form.cleaned_data["q"],
            hits=hits[:PER_PAGE],
            number=number,
            has_older=len(hits) > PER_PAGE,
            has_newer=number > 1,
            params=params.urlencode(),
            source=source,
            unknown_source=unknown_source,
            entity=entity,
            unknown_entity=unknown_entity,
            by_meaning=by_meaning,
            meaning_unavailable=by_meaning and semantic_unavailable(),
        )
    return render(request, "web/search.html", context)


def _publisher_snippet(hit: SearchHit) -> SearchHit:
    """A publisher that limits snippets gets no search snippet; the card's excerpt, which
    honours the limit, shows instead."""
    if hit.article.robots and "snippet" in hit.article.robots:
        return SearchHit(hit.article, "")
    return hit
