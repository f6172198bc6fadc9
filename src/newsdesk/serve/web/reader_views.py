"""Follow sources, topics and entities, save articles, and the pages built on them: For you, Saved,
Topic. Writes go through actions; every form posts with a CSRF token."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from newsdesk.pipeline.errors import UsageError
from newsdesk.serve.web import links, pages
from newsdesk.serve.web.readers import reader_id
from newsdesk.store.actions import follows as follow_actions
from newsdesk.store.models import Article
from newsdesk.store.queries import accounts as account_queries
from newsdesk.store.queries import articles as article_queries


def _next(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_POST
def follow_source(request: HttpRequest, domain: str) -> HttpResponse:
    source = article_queries.source_by_domain(domain)
    if source is None:
        raise Http404("No such source")
    if request.POST.get("action") == "unfollow":
        follow_actions.do_unfollow_source(reader_id(request), source)
        messages.success(request, f"You no longer follow {source.name}.")
    else:
        follow_actions.do_follow_source(reader_id(request), source, now=timezone.now())
        messages.success(request, f"You follow {source.name}. Its articles appear in For you.")
    return _next(request, links.source_path(source))


@login_required
@require_POST
def follow_topic(request: HttpRequest) -> HttpResponse:
    topic = request.POST.get("topic", "").strip()
    try:
        if request.POST.get("action") == "unfollow":
            follow_actions.do_unfollow_topic(reader_id(request), topic)
            messages.success(request, f"You no longer follow the topic {topic}.")
        else:
            follow_actions.do_follow_topic(reader_id(request), topic, now=timezone.now())
            messages.success(request, f"You follow the topic {topic}.")
    except UsageError as error:
        messages.error(request, str(error))
    return _next(request, "/for-you/")


@login_required
@require_POST
def follow_entity(request: HttpRequest, pk: int) -> HttpResponse:
    entity = account_queries.entity_by_id(pk)
    if entity is None:
        raise Http404("No such entity")
    if request.POST.get("action") == "unfollow":
        follow_actions.do_unfollow_entity(reader_id(request), entity)
        messages.success(request, f"You no longer follow {entity.name}.")
    else:
        follow_actions.do_follow_entity(reader_id(request), entity, now=timezone.now())
        messages.success(
            request, f"You follow {entity.name}. Articles naming it appear in For you."
        )
    return _next(request, "/for-you/")


@login_required
@require_POST
def save_article(request: HttpRequest, pk: int) -> HttpResponse:
    article = article_queries.article_by_id(pk)
    if article is None:
        raise Http404("No such article")
    if request.POST.get("action") == "unsave":
        follow_actions.do_unsave_article(reader_id(request), article)
        messages.success(request, "Removed from your saved articles.")
    else:
        follow_actions.do_save_article(reader_id(request), article, now=timezone.now())
        messages.success(request, "Saved. It is also kept for reading offline.")
    return _next(request, links.article_path(article))


@dataclass(frozen=True)
class Reasoned:
    article: Article
    reason: str


@login_required
@require_safe
def for_you(request: HttpRequest) -> HttpResponse:
    follows = account_queries.following(reader_id(request))
    items: list[Reasoned] = []
    page = None
    if not follows.empty:
        page = pages.page_of(account_queries.for_you_cards(follows), pages.page_number(request))
        named: dict[int, int] = {}
        if follows.entities:  # which followed entity each article names: one more query
            named = account_queries.followed_entities_in(
                [a.pk for a in page.items], list(follows.entities)
            )
        for article in page.items:
            if article.source_id in follows.sources:
                reason = f"Because you follow {follows.sources[article.source_id]}"
            elif article.section in follows.topics:
                reason = f"Because you follow the topic {article.section}"
            else:
                reason = f"Because you follow {follows.entities[named[article.pk]]}"
            items.append(Reasoned(article, reason))
    context = {"follows": follows, "page": page, "items": items, "nav": "for-you"}
    return render(request, "web/for_you.html", context)


@login_required
@require_safe
def saved(request: HttpRequest) -> HttpResponse:
    page = pages.page_of(
        account_queries.saved_articles(reader_id(request)), pages.page_number(request)
    )
    cards = account_queries.saved_cards(page.items)
    return render(request, "web/saved.html", {"page": page, "cards": cards, "nav": "saved"})


@require_safe
def topic_detail(request: HttpRequest, topic: str) -> HttpResponse:
    page = pages.page_of(
        article_queries.article_cards().filter(section=topic), pages.page_number(request)
    )
    if not page.items:
        raise Http404("No such topic")
    followed = request.user.is_authenticated and bool(
        account_queries.followed_topics_among(reader_id(request), [topic])
    )
    context = {"topic": topic, "page": page, "followed": followed, "nav": "topics"}
    return render(request, "web/topic.html", context)
