"""The AI parts of the web app: story summaries with citations, entity pages, and "ask
this story / this article". Thin: reads through ``store.queries.ai``, answers through
``store.actions.ai.do_answer_question`` (the token budget), models from the web
process's :class:`Providers`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from newsdesk.pipeline.enrich.providers import Providers
from newsdesk.pipeline.errors import ModelUnavailable
from newsdesk.serve.web import pages
from newsdesk.store.actions.ai import (
    BudgetedAnswer,
    do_answer_question,
    do_answer_question_streamed,
)
from newsdesk.store.models import Article
from newsdesk.store.queries import ai as ai_queries
from newsdesk.store.queries import articles as article_queries
from newsdesk.store.queries import stories as story_queries

#: Member articles an answer about a story reads.
ASK_MEMBERS = 12
#: Words of a cited passage used for its text-fragment link (``#:~:text=``).
FRAGMENT_WORDS = 8

_providers_lock = threading.Lock()


def web_providers() -> Providers:
    """The web process's AI providers, loaded once on first use (kept on the app config,
    where a test may put its own)."""
    app = _web_app()
    with _providers_lock:
        providers: Providers | None = getattr(app, "ai_providers", None)
        if providers is None:
            providers = Providers(settings.NEWSDESK.ai_options)
            app.ai_providers = providers
        return providers


def _web_app() -> Any:
    from django.apps import apps

    return apps.get_app_config("web")


def passage_href(article_id: object, passage: str) -> str:
    """The article page, scrolled to the passage by a text fragment where browsers can."""
    path = reverse("web:article", kwargs={"pk": int(str(article_id))})
    head = " ".join(str(passage).split()[:FRAGMENT_WORDS])
    return f"{path}#:~:text={quote(head, safe='')}" if head else path


def one_per_outlet(citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One citation per outlet name: two articles of one outlet that both support a sentence
    read "[BBC News]" once (the first, best supporting one is linked)."""
    seen: set[str] = set()
    kept = []
    for citation in citations:
        name = str(citation.get("source", ""))
        if name not in seen:
            seen.add(name)
            kept.append(citation)
    return kept


def story_summary_context(story_id: int) -> dict[str, Any] | None:
    """The story page's AI summary: sentences with citation links (one query)."""
    summary = ai_queries.story_summary(story_id)
    if summary is None or not summary.sentences:
        return None
    sentences = []
    for sentence in summary.sentences:
        citations = [
            {**c, "href": passage_href(c["article_id"], str(c["passage"]))}
            for c in one_per_outlet(
                [c for c in sentence.get("citations", []) if isinstance(c, dict)]
            )
        ]
        sentences.append({"text": sentence.get("text", ""), "citations": citations})
    return {
        "sentences": sentences,
        "disagreements": summary.disagreements,
        "method": summary.method,
        "created_at": summary.created_at,
        "articles": summary.articles,
    }


@require_safe
def entity_detail(request: HttpRequest, key: str) -> HttpResponse:
    entity = ai_queries.resolve_entity(key)
    if entity is None:
        raise Http404("No such entity")
    if entity.key != key:  # folded into a full name ("Obama"): its URL stays valid
        return HttpResponsePermanentRedirect(reverse("web:entity", args=[entity.key]))
    page = pages.page_of(ai_queries.articles_with_entity(entity), pages.page_number(request))
    context = {
        "entity": entity,
        "folded": ai_queries.folded_names(entity),
        "page": page,
        "stories": ai_queries.stories_with_entity(entity) if page.number == 1 else [],
        "nav": "entities",
    }
    return render(request, "web/entity.html", context)


class AskForm(forms.Form):
    question = forms.CharField(label="Your question", max_length=500, strip=True)


def _answer(
    request: HttpRequest, articles: list[Article], form: AskForm
) -> tuple[BudgetedAnswer | None, str]:
    if not form.is_valid() or not articles:
        return None, ""
    try:
        providers = web_providers()
        result = do_answer_question(
            providers,
            articles,
            form.cleaned_data["question"],
            budget=settings.NEWSDESK.ai_token_budget,
            now=timezone.now(),
        )
    except ModelUnavailable as error:
        return None, f"Answers are unavailable on this instance: {error}"
    return result, ""


def _answer_context(answer: BudgetedAnswer) -> dict[str, Any]:
    return {
        "result": answer,
        "sentences": [
            {
                "text": s.text,
                "citations": [
                    {"source": c["source"], "href": passage_href(c["article_id"], c["passage"])}
                    for c in one_per_outlet(
                        [
                            {"source": c.source, "article_id": c.article_id, "passage": c.passage}
                            for c in s.citations
                        ]
                    )
                ],
            }
            for s in answer.answer.sentences
        ],
        "passages": [
            {"p": p, "href": passage_href(p.article_id, p.text)} for p in answer.answer.passages
        ],
    }


def _render_ask(
    request: HttpRequest, subject: dict[str, Any], articles: list[Article]
) -> HttpResponse:
    form = AskForm(request.POST if request.method == "POST" else None)
    answer, error = _answer(request, articles, form) if request.method == "POST" else (None, "")
    context = {"subject": subject, "form": form, "result": answer, "error": error}
    if answer is not None:
        context.update(_answer_context(answer))
    template = "web/_ask_answer.html" if request.headers.get("X-Partial") else "web/ask.html"
    return render(request, template, context)


def _event(name: str, data: str) -> bytes:
    """One server-sent event; the data is a JSON string, so it is one line."""
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()


def _answer_events(articles: list[Article], question: str) -> Iterator[bytes]:
    """``token`` events with the model's unchecked answer as it arrives, then one
    ``answer`` event with the checked, cited answer's HTML (or the error's)."""
    try:
        stream = do_answer_question_streamed(
            web_providers(),
            articles,
            question,
            budget=settings.NEWSDESK.ai_token_budget,
            now=timezone.now(),
        )
        while True:
            try:
                piece = next(stream)
            except StopIteration as done:
                context: dict[str, Any] = _answer_context(done.value)
                break
            yield _event("token", piece)
    except ModelUnavailable as error:
        context = {"error": f"Answers are unavailable on this instance: {error}"}
    yield _event("answer", render_to_string("web/_ask_answer.html", context))


def _stream_ask(request: HttpRequest, articles: list[Article]) -> HttpResponseBase:
    """The ask form's answer as server-sent events (the page's script reads them; without
    script the form posts to the plain view). Never cached: POST, streaming, no-store."""
    form = AskForm(request.POST)
    if not form.is_valid() or not articles:
        return HttpResponse("Ask a question (up to 500 characters).", status=400)
    response = StreamingHttpResponse(
        _answer_events(articles, form.cleaned_data["question"]),
        content_type="text/event-stream; charset=utf-8",
    )
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def ask_article(request: HttpRequest, pk: int) -> HttpResponse:
    article = article_queries.article_by_id(pk)
    if article is None:
        raise Http404("No such article")
    subject = {
        "kind": "article",
        "title": article.title or article.url,
        "back": reverse("web:article", kwargs={"pk": pk}),
        "action": reverse("web:ask_article", kwargs={"pk": pk}),
        "stream": reverse("web:ask_article_stream", kwargs={"pk": pk}),
    }
    return _render_ask(request, subject, [article])


@require_http_methods(["GET", "HEAD", "POST"])
def ask_story(request: HttpRequest, pk: int) -> HttpResponse:
    story = story_queries.resolve_story(pk)
    if story is None:
        raise Http404("No such story")
    subject = {
        "kind": "story",
        "title": story.headline or "this story",
        "back": reverse("web:story", kwargs={"pk": story.pk}),
        "action": reverse("web:ask_story", kwargs={"pk": story.pk}),
        "stream": reverse("web:ask_story_stream", kwargs={"pk": story.pk}),
    }
    members = ai_queries.story_summary_members(story, ASK_MEMBERS)
    return _render_ask(request, subject, members)


@require_POST
def ask_article_stream(request: HttpRequest, pk: int) -> HttpResponseBase:
    article = article_queries.article_by_id(pk)
    if article is None:
        raise Http404("No such article")
    return _stream_ask(request, [article])


@require_POST
def ask_story_stream(request: HttpRequest, pk: int) -> HttpResponseBase:
    story = story_queries.resolve_story(pk)
    if story is None:
        raise Http404("No such story")
    return _stream_ask(request, ai_queries.story_summary_members(story, ASK_MEMBERS))
