"""Keyword search (SQLite FTS5 or PostgreSQL full text), with filters and snippets."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from newsdesk.pipeline.searchquery import parse_query
from newsdesk.serve.web import pages
from newsdesk.serve.web.forms import SearchForm
from newsdesk.store.queries import ai as ai_queries
from newsdesk.store.queries import articles as article_queries
from newsdesk.store.queries.search import SearchFilters, search_articles

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
        hits = (
            []
            if unknown_source or unknown_entity
            else search_articles(query, filters, limit=PER_PAGE + 1, offset=(number - 1) * PER_PAGE)
        )
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
        )
    return render(request, "web/search.html", context)
