"""Feeds out (RSS, Atom, JSON Feed) and the subscriptions as OPML. Thin: read through
``store.queries``, build a channel (``syndication``), render it. Anonymous GETs of these
URLs go through the page cache like every page (ETag, Last-Modified, 304)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from newsdesk.pipeline.parse import build_opml
from newsdesk.serve.web import links, syndication
from newsdesk.serve.web.syndication import MAX_ITEMS, Channel
from newsdesk.store.queries import articles as article_queries
from newsdesk.store.queries import feeds as feed_queries
from newsdesk.store.queries import stories as story_queries

OPML_TYPE = "text/x-opml; charset=utf-8"


def _respond(channel: Channel, fmt: str) -> HttpResponse:
    if fmt not in syndication.RENDERERS:
        raise Http404("No such feed format")
    render, content_type = syndication.RENDERERS[fmt]
    return HttpResponse(render(channel), content_type=content_type)


@require_safe
def top_feed(request: HttpRequest, fmt: str) -> HttpResponse:
    absolute = request.build_absolute_uri
    items = tuple(
        syndication.story_item(
            story,
            reverse("web:story", args=[story.pk]),
            links.article_path(story.first_article) if story.first_article else "",
            absolute,
        )
        for story in story_queries.top_stories(limit=MAX_ITEMS)
    )
    channel = Channel(
        title="newsdesk: top stories",
        link=absolute(reverse("web:stories")),
        description="The stories covered by the most outlets.",
        feed_path=absolute(reverse("web:top_feed", args=["rss"])).removesuffix("rss"),
        items=items,
    )
    return _respond(channel, fmt)


@require_safe
def source_feed(request: HttpRequest, domain: str, fmt: str) -> HttpResponse:
    source = article_queries.source_by_domain(domain.lower())
    if source is None:
        raise Http404("No such source")
    if domain != source.domain:
        return redirect(reverse("web:source_feed", args=[source.domain, fmt]), permanent=True)
    absolute = request.build_absolute_uri
    articles = article_queries.article_cards(source)[:MAX_ITEMS]
    channel = Channel(
        title=f"{source.name} on newsdesk",
        link=absolute(links.source_path(source)),
        description=f"The latest articles from {source.name} ({source.domain}).",
        feed_path=absolute(syndication.source_feed_path(source)),
        items=tuple(syndication.article_item(a, links.article_path(a), absolute) for a in articles),
    )
    return _respond(channel, fmt)


@require_safe
def topic_feed(request: HttpRequest, topic: str, fmt: str) -> HttpResponse:
    articles = list(article_queries.article_cards().filter(section=topic)[:MAX_ITEMS])
    if not articles:  # as the topic page: a topic exists while it has articles
        raise Http404("No such topic")
    absolute = request.build_absolute_uri
    channel = Channel(
        title=f"{topic} on newsdesk",
        link=absolute(reverse("web:topic", args=[topic])),
        description=f"The latest articles in the topic {topic}.",
        feed_path=absolute(reverse("web:topic_feed", args=[topic, "rss"])).removesuffix("rss"),
        items=tuple(syndication.article_item(a, links.article_path(a), absolute) for a in articles),
    )
    return _respond(channel, fmt)


@require_safe
def sources_opml(request: HttpRequest) -> HttpResponse:
    """Every subscribed feed as OPML 2.0: ``newsdesk feeds import`` reads it back."""
    document = build_opml(feed_queries.subscription_outlines(), title="newsdesk subscriptions")
    response = HttpResponse(document, content_type=OPML_TYPE)
    response["Content-Disposition"] = 'inline; filename="newsdesk-sources.opml"'
    return response
