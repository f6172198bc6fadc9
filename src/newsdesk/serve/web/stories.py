"""Story pages: one story's coverage (timeline, first reporter, folded copies, why grouped)
(the top stories list is in ``browse_views``). Thin: reads through ``store.queries.stories``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from newsdesk.serve.web.ai_views import story_summary_context
from newsdesk.store.models import RelatedArticle
from newsdesk.store.queries import browse as browse_queries
from newsdesk.store.queries import stories as story_queries


@require_safe
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = story_queries.resolve_story(pk)
    if story is None:
        raise Http404("No such story")
    if story.pk != pk:  # merged into another story: its URL stays valid
        return redirect(reverse("web:story", args=[story.pk]), permanent=True)
    page = story_queries.story_page(story)
    first = page.timeline[0] if page.timeline else None
    rows = [{"member": m, "copies": page.copies.get(m.article_id, [])} for m in page.timeline]
    context = {"story": story, "rows": rows, "first": first, "nav": "stories"}
    context["story_summary"] = story_summary_context(story.pk)
    context["entities"] = browse_queries.story_entities(story)
    return render(request, "web/story.html", context)


def related_for(article_id: int) -> list[RelatedArticle]:
    """For the article page: precomputed related articles, excerpts ready (one query)."""
    rows = list(story_queries.related_articles(article_id))
    for row in rows:
        row.related.body_head = row.body_head  # type: ignore[attr-defined]
    return rows
