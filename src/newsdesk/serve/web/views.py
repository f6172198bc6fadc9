"""Server-rendered pages. Thin: read through ``store.queries``, render a template."""

from __future__ import annotations

from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from newsdesk.serve.web import links, pages
from newsdesk.serve.web.display import brief_for_page, display_for, panel_for
from newsdesk.serve.web.forms import CommentForm
from newsdesk.serve.web.stories import related_for
from newsdesk.store.models import ExtractionState
from newsdesk.store.queries import accounts as account_queries
from newsdesk.store.queries import ai as ai_queries
from newsdesk.store.queries import articles as article_queries
from newsdesk.store.queries import comments as comment_queries
from newsdesk.store.queries import feeds as feed_queries
from newsdesk.store.queries import stories as story_queries


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    page = pages.page_of(article_queries.article_cards(), pages.page_number(request))
    return render(request, "web/home.html", {"page": page, "nav": "latest"})


@require_safe
def article_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    article = article_queries.article_for_page(pk)
    if article is None:
        raise Http404("No such article")
    if slug != links.article_slug(article):
        return redirect(links.article_path(article), permanent=True)
    display = display_for(article, article.source.display_policy)
    viewer = request.user.pk if request.user.is_authenticated else None
    context = {
        "article": article,
        "source": article.source,
        "show": display.show,
        "partial": article.extraction == ExtractionState.PAYWALLED,
        "thread": comment_queries.thread_for(article, viewer),
        "comment_form": CommentForm(),
        "saved": viewer is not None and account_queries.is_saved(viewer, article),
        "follows_source": viewer is not None
        and account_queries.follows_source(viewer, article.source),
        "follows_topic": viewer is not None
        and bool(article.section)
        and bool(account_queries.followed_topics_among(viewer, [article.section])),
        "follow_entities": account_queries.entities_to_follow(viewer, article.pk)
        if viewer is not None
        else [],
        "ai": brief_for_page(article, panel_for(article, ai_queries.article_panel(article.pk))),
        "related": related_for(article.pk),
        "story": story_queries.story_of_article(article),
    }
    return render(request, "web/article.html", context)


@require_safe
def source_detail(request: HttpRequest, domain: str) -> HttpResponse:
    source = article_queries.source_by_domain(domain.lower())
    if source is None:
        raise Http404("No such source")
    if domain != source.domain:
        return redirect(links.source_path(source), permanent=True)
    page = pages.page_of(article_queries.article_cards(source), pages.page_number(request))
    context = {
        "source": source,
        "follows_source": request.user.is_authenticated
        and account_queries.follows_source(request.user.pk, source),
        "page": page,
        "feeds": list(feed_queries.feeds_of_source(source)),
        "nav": "sources",
    }
    return render(request, "web/source.html", context)


@require_safe
def source_list(request: HttpRequest) -> HttpResponse:
    sources = list(article_queries.sources_with_counts())
    return render(request, "web/sources.html", {"sources": sources, "nav": "sources"})


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For operators and load balancers: the database answers, with two counts."""
    try:
        counts = {
            "articles": article_queries.count_articles(),
            "feeds": feed_queries.count_feeds(),
        }
    except DatabaseError:
        return JsonResponse({"status": "error", "error": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok", **counts})
