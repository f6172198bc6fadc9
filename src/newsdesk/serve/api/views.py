"""The read-only JSON API (``/api/v1/``). Thin: read through ``store.queries`` and the
helpers the pages use, shape with ``serialize``, answer with :func:`api_view`'s rules:
JSON errors, page-number pagination, ETag and conditional GET, CORS for any origin."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.urls import reverse

from newsdesk.serve.api import serialize
from newsdesk.serve.api.openapi import document
from newsdesk.serve.web import pages
from newsdesk.serve.web.forms import SearchForm
from newsdesk.serve.web.pagecache import CACHE_CONTROL
from newsdesk.serve.web.search_views import find_hits
from newsdesk.serve.web.stories import related_for
from newsdesk.store.queries import ai as ai_queries
from newsdesk.store.queries import articles as article_queries
from newsdesk.store.queries import stories as story_queries

#: Items per page: ``?per_page=`` from 1 to MAX_PER_PAGE, DEFAULT_PER_PAGE when absent.
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
#: Stories an entity's document lists.
ENTITY_STORIES = 10
ALLOWED_METHODS = "GET, HEAD, OPTIONS"

View = Callable[..., HttpResponse]
T = TypeVar("T")


def error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The page cache's rules: a strong ETag of the body, 304 when the client has it."""
    if response.status_code != 200:
        return response
    etag = '"' + hashlib.blake2b(response.content, digest_size=12).hexdigest() + '"'
    tags = {
        t.strip().removeprefix("W/") for t in request.headers.get("If-None-Match", "").split(",")
    }
    if etag in tags or "*" in tags:
        response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response


def api_view(view: View) -> View:
    """GET and HEAD only (OPTIONS answers a CORS preflight); errors as ``{"error": ...}``."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = "If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
            return _cors(response)
        if request.method not in {"GET", "HEAD"}:
            response = error("method not allowed: this API is read-only", 405)
            response["Allow"] = ALLOWED_METHODS
            return _cors(response)
        try:
            response = view(request, *args, **kwargs)
        except Http404 as missing:
            response = error(str(missing) or "not found", 404)
        except BadRequest as bad:
            response = error(str(bad), 400)
        return _cors(_conditional(request, response))

    return wrapped


@dataclass(frozen=True)
class Paging:
    number: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page


def _bounded(request: HttpRequest, name: str, default: int, highest: int) -> int:
    raw = request.GET.get(name, str(default))
    if not raw.isdigit() or not 1 <= int(raw) <= highest:
        raise BadRequest(f"{name} must be a whole number from 1 to {highest}")
    return int(raw)


def paging(request: HttpRequest) -> Paging:
    """``?page=`` (1..pages.MAX_PAGE) and ``?per_page=`` (1..MAX_PER_PAGE)."""
    return Paging(
        number=_bounded(request, "page", 1, pages.MAX_PAGE),
        per_page=_bounded(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE),
    )


def listing(
    request: HttpRequest, rows: Sequence[T], at: Paging, item: Callable[[T], dict[str, Any]]
) -> dict[str, Any]:
    """A page of ``rows`` (fetched with one extra row, which says a next page exists) with
    links to the next and previous pages; an empty page past the first is a 404."""
    if not rows and at.number > 1:
        raise Http404("no such page")
    params = request.GET.copy()

    def link(number: int) -> str:
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(params.items()))}")

    more = len(rows) > at.per_page
    return {
        "items": [item(row) for row in rows[: at.per_page]],
        "page": at.number,
        "per_page": at.per_page,
        "next": link(at.number + 1) if more else None,
        "previous": link(at.number - 1) if at.number > 1 else None,
    }


@api_view
def openapi(request: HttpRequest) -> HttpResponse:
    return JsonResponse(document())


@api_view
def story_list(request: HttpRequest) -> HttpResponse:
    at = paging(request)
    rows = list(story_queries.top_stories(limit=at.per_page + 1, offset=at.offset))
    absolute = request.build_absolute_uri
    return JsonResponse(listing(request, rows, at, lambda s: serialize.story_item(s, absolute)))


@api_view
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = story_queries.resolve_story(pk)
    if story is None:
        raise Http404("no such story")
    if story.pk != pk:  # merged into another story: its URL stays valid
        return HttpResponsePermanentRedirect(reverse("api:story", args=[story.pk]))
    page = story_queries.story_page(story)
    summary = ai_queries.story_summary(story.pk)
    absolute = request.build_absolute_uri
    return JsonResponse(
        serialize.story_detail(story, page.timeline, page.copies, summary, absolute)
    )


@api_view
def article_list(request: HttpRequest) -> HttpResponse:
    at = paging(request)
    rows = list(article_queries.article_cards()[at.offset : at.offset + at.per_page + 1])
    absolute = request.build_absolute_uri
    return JsonResponse(listing(request, rows, at, lambda a: serialize.article_card(a, absolute)))


@api_view
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = article_queries.article_by_id(pk)
    if article is None:
        raise Http404("no such article")
    panel = ai_queries.article_panel(article.pk)
    body = serialize.article_detail(
        article, request.build_absolute_uri, panel, related_for(article.pk)
    )
    return JsonResponse(body)


@api_view
def source_list(request: HttpRequest) -> HttpResponse:
    at = paging(request)
    rows = list(article_queries.sources_with_counts()[at.offset : at.offset + at.per_page + 1])
    absolute = request.build_absolute_uri
    return JsonResponse(listing(request, rows, at, lambda s: serialize.source_item(s, absolute)))


@api_view
def source_detail(request: HttpRequest, domain: str) -> HttpResponse:
    source = article_queries.sources_with_counts().filter(domain=domain.lower()).first()
    if source is None:
        raise Http404("no such source")
    if domain != source.domain:
        return HttpResponsePermanentRedirect(reverse("api:source", args=[source.domain]))
    at = paging(request)
    cards = article_queries.article_cards(source)
    rows = list(cards[at.offset : at.offset + at.per_page + 1])
    absolute = request.build_absolute_uri
    articles = listing(request, rows, at, lambda a: serialize.article_card(a, absolute))
    return JsonResponse({**serialize.source_item(source, absolute), "articles": articles})


@api_view
def search(request: HttpRequest) -> HttpResponse:
    """Keyword (or ``mode=meaning``) search, the search page's filters and ranking."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        problems = "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items())
        raise BadRequest(problems)
    if not form.cleaned_data["q"].strip():
        raise BadRequest("q: give some words to search for")
    at = paging(request)
    result = find_hits(form.cleaned_data, at.number, at.per_page)
    absolute = request.build_absolute_uri
    body = listing(request, result.hits, at, lambda h: serialize.search_hit(h, absolute))
    return JsonResponse(body)


@api_view
def entity_detail(request: HttpRequest, key: str) -> HttpResponse:
    entity = ai_queries.resolve_entity(key)
    if entity is None:
        raise Http404("no such entity")
    if entity.key != key:  # folded into a full name ("Obama"): its URL stays valid
        return HttpResponsePermanentRedirect(reverse("api:entity", args=[entity.key]))
    stories = ai_queries.stories_with_entity(entity, limit=ENTITY_STORIES)
    at = paging(request)
    cards = ai_queries.articles_with_entity(entity)
    rows = list(cards[at.offset : at.offset + at.per_page + 1])
    absolute = request.build_absolute_uri
    articles = listing(request, rows, at, lambda a: serialize.article_card(a, absolute))
    return JsonResponse(
        {**serialize.entity_detail(entity, stories, absolute), "articles": articles}
    )


@api_view
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/v1/: a JSON 404, not the site's HTML page."""
    raise Http404("no such endpoint; see /api/v1/openapi.json")
