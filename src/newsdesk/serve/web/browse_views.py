"""Browse pages: the topics index, "In the news" (people, places, organisations) and the
top stories as cards. Thin: reads through ``store.queries.browse`` in one or two queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from newsdesk.pipeline.extract.robots import parse_robots
from newsdesk.serve.web import text
from newsdesk.serve.web.display import clip, excerpt, http_url, lists_text
from newsdesk.store.models import Article, Story
from newsdesk.store.queries import browse

#: Entity kinds in the order the page lists them, with their headings.
KINDS = (("person", "People"), ("place", "Places"), ("organization", "Organisations"))

#: Outlets named on a story card before "and N more".
OUTLETS_NAMED = 2

#: Characters of a story summary's first sentence shown on a card.
SUMMARY_CHARS = 320


@dataclass(frozen=True)
class TopicRow:
    topic: browse.TopicCount
    headlines: list[Article]


@require_safe
def topic_list(request: HttpRequest) -> HttpResponse:
    counts, span = browse.topics()
    # A section with "/" in it has no topic page (the path takes one segment).
    counts = [t for t in counts if "/" not in t.name]
    latest: dict[str, list[Article]] = {}
    for article in browse.topic_headlines([t.name for t in counts]):
        latest.setdefault(article.section, []).append(article)
    rows = [TopicRow(t, latest.get(t.name, [])) for t in counts]
    return render(request, "web/topics.html", {"rows": rows, "span": span, "nav": "topics"})


@require_safe
def entity_list(request: HttpRequest) -> HttpResponse:
    found = browse.entities_in_the_news()
    groups = [(kind, title, found.get(kind, [])) for kind, title in KINDS]
    span = browse.window_span() if found else None
    context = {"groups": groups, "any": bool(found), "span": span, "nav": "entities"}
    return render(request, "web/entities.html", context)


@dataclass(frozen=True)
class StoryCard:
    story: Story
    outlets: str
    excerpt: str
    #: The excerpt is the story summary's first sentence (made by a model), not a
    #: publisher's text.
    ai: bool
    excerpt_lang: str
    image: str


def outlet_line(names: list[str], named: int = OUTLETS_NAMED) -> str:
    """``["BBC News", "Politico", ...5 more]`` → "BBC News, Politico and 5 more"."""
    if len(names) <= named + 1:
        return text.join_names(names)
    return f"{', '.join(names[:named])} and {len(names) - named} more"


def lead_allows_image(article: Article) -> bool:
    """As the article page: no image where only a link may be shown (the source's policy
    or the publisher's ``nosnippet``)."""
    if not lists_text(article):
        return False
    return not (article.robots and parse_robots([article.robots]).nosnippet)


def story_card(story: Story, outlets: list[str]) -> StoryCard:
    lead = story.first_article
    # Plain text as the story page shows it (escaped there and here, never parsed).
    summary = " ".join(str(getattr(story, "summary_first", None) or "").split())
    line = outlet_line(outlets)
    if summary:
        return StoryCard(
            story, line, clip(summary, SUMMARY_CHARS), True, story.language, _image(lead)
        )
    if lead is None:
        return StoryCard(story, line, "", False, "", "")
    lead.body_head = getattr(story, "lead_body_head", None)  # type: ignore[attr-defined]
    shown = excerpt(lead) if lists_text(lead) else ""
    return StoryCard(story, line, shown, False, lead.language, _image(lead))


def _image(lead: Article | None) -> str:
    return http_url(lead.image) if lead is not None and lead_allows_image(lead) else ""


@require_safe
def story_list(request: HttpRequest) -> HttpResponse:
    stories = browse.story_cards()
    outlets = browse.outlets_of_stories([s.pk for s in stories])
    cards = [story_card(s, outlets.get(s.pk, [])) for s in stories]
    return render(request, "web/stories.html", {"cards": cards, "nav": "stories"})
