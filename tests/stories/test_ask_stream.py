"""'Ask this story / this article', streamed: the stream endpoints send the model's answer
as server-sent events while it arrives, then the checked, cited answer's HTML. Against a
real OpenAI-compatible server on 127.0.0.1 (tests/openai_server.py) and real MiniLM."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.http import StreamingHttpResponse
from django.test import Client

from newsdesk.jobs.cluster_articles import StoryEngine
from newsdesk.pipeline.enrich.embed import MiniLMEmbedder
from newsdesk.pipeline.enrich.llm import LLMOptions
from newsdesk.pipeline.enrich.providers import AIOptions, Providers
from newsdesk.serve.web.pagecache import _storable
from newsdesk.store.models import AIUsage, Article, StoryMembership
from tests.openai_server import OpenAIServer, Reply, RunningOpenAIServer
from tests.stories.test_ai_stories import kursk_story

pytestmark = pytest.mark.django_db

ANSWER = "Ukrainian troops took several villages near Sudzha [1]."
QUESTION = "What did Ukrainian troops take?"


@pytest.fixture
def llm_server(embedder: MiniLMEmbedder) -> Iterator[OpenAIServer]:
    """The web app's providers: the session's embedder and the canned LLM server, with no
    retries and short timeouts (the error tests)."""
    app = apps.get_app_config("web")
    with RunningOpenAIServer() as server:
        options = LLMOptions(
            base_url=server.base_url, model="m", max_retries=0, read_timeout=0.5, total_timeout=10
        )
        app.ai_providers = Providers(  # type: ignore[attr-defined]
            AIOptions(llm=options), embedder=embedder
        )
        try:
            yield server
        finally:
            del app.ai_providers  # type: ignore[attr-defined]


@pytest.fixture
def article(engine: StoryEngine) -> Article:
    story = kursk_story(engine)
    return StoryMembership.objects.filter(story=story).order_by("sequence")[0].article


def events(response: StreamingHttpResponse) -> list[tuple[str, str]]:
    """The response's server-sent events, as (name, data), read chunk by chunk."""
    out = []
    for chunk in response.streaming_content:
        assert isinstance(chunk, bytes)
        match = re.fullmatch(r"event: (\w+)\ndata: (.*)\n\n", chunk.decode(), re.DOTALL)
        assert match is not None, chunk  # one whole event a chunk: sent as it is ready
        out.append((match[1], json.loads(match[2])))
    return out


def ask(client: Client, path: str, question: str = QUESTION) -> StreamingHttpResponse:
    response = client.post(path, {"question": question})
    assert response.status_code == 200 and isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/event-stream")
    return response


def test_streamed_answer_sends_tokens_in_order_then_the_cited_answer(
    article: Article, llm_server: OpenAIServer, client: Client
) -> None:
    llm_server.queue(Reply(ANSWER, chunk_delay=0.01))
    got = events(ask(client, f"/a/{article.pk}/ask/stream"))
    tokens = [data for name, data in got if name == "token"]
    assert len(tokens) == len(ANSWER.split(" ")) >= 5  # one event per streamed piece
    assert "".join(tokens).strip() == ANSWER  # in order, nothing lost
    assert [name for name, _ in got] == ["token"] * len(tokens) + ["answer"]
    final = got[-1][1]
    assert "AI-generated" in final and "villages near Sudzha" in final
    assert f'href="/a/{article.pk}/#:~:text=' in final  # cited, checked answer
    assert "[1]" not in final  # the model's raw markers become citation links
    assert llm_server.requests[0]["stream"] is True
    assert "Sudzha" in str(llm_server.requests[0]["messages"])
    assert AIUsage.objects.get().tokens > 0  # the streamed answer counts against the budget


def test_story_stream_and_the_articles_dont_say(
    engine: StoryEngine, llm_server: OpenAIServer, client: Client
) -> None:
    story = kursk_story(engine)
    llm_server.queue(Reply(ANSWER))
    got = events(ask(client, f"/story/{story.pk}/ask/stream"))
    assert got[-1][0] == "answer" and "villages near Sudzha" in got[-1][1]
    # Nothing in the articles is about the question: no model call, "the articles don't say".
    got = events(ask(client, f"/story/{story.pk}/ask/stream", "Recipe for banana bread?"))
    assert got == [("answer", got[0][1])] and "The articles don&#x27;t say." in got[0][1]
    assert len(llm_server.requests) == 1


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(status=500), "HTTP 500"),
        (Reply(ANSWER, delay=1.5), "did not answer in time"),
    ],
)
def test_llm_errors_end_with_passages_and_a_clear_message(
    article: Article, llm_server: OpenAIServer, client: Client, reply: Reply, reason: str
) -> None:
    llm_server.queue(reply)
    got = events(ask(client, f"/a/{article.pk}/ask/stream"))
    assert got[-1][0] == "answer"
    final = got[-1][1]
    assert "the language model is unavailable" in final and reason in final
    assert "Best matching passages" in final and "Sudzha" in final


def test_a_stream_that_stalls_part_way_ends_with_the_reason(
    article: Article, llm_server: OpenAIServer, client: Client
) -> None:
    llm_server.queue(Reply(ANSWER, chunk_delay=1.5))
    got = events(ask(client, f"/a/{article.pk}/ask/stream"))
    assert [name for name, _ in got] == ["token", "answer"]  # the first piece, then a stall
    assert "stalled" in got[-1][1] and "Best matching passages" in got[-1][1]


def test_without_an_llm_the_passages_come_at_once(
    article: Article, embedder: MiniLMEmbedder, client: Client
) -> None:
    app = apps.get_app_config("web")
    app.ai_providers = Providers(AIOptions(), embedder=embedder)  # type: ignore[attr-defined]
    try:
        got = events(ask(client, f"/a/{article.pk}/ask/stream"))
    finally:
        del app.ai_providers  # type: ignore[attr-defined]
    assert len(got) == 1 and got[0][0] == "answer"
    assert "no language model is configured" in got[0][1] and "AI-generated" not in got[0][1]


def test_stream_enforces_csrf(article: Article, llm_server: OpenAIServer) -> None:
    client = Client(enforce_csrf_checks=True)
    path = f"/a/{article.pk}/ask/stream"
    assert client.post(path, {"question": QUESTION}).status_code == 403
    page = client.get(f"/a/{article.pk}/ask").content.decode()
    assert f'data-stream="{path}"' in page and "web/ask" in page  # the form's stream URL
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = client.post(path, {"question": QUESTION, "csrfmiddlewaretoken": token[1]})
    assert response.status_code == 200 and events(response)[-1][0] == "answer"
    assert len(llm_server.requests) == 1  # the refused post never reached the model


def test_streams_are_never_cached(
    article: Article, llm_server: OpenAIServer, client: Client
) -> None:
    path = f"/a/{article.pk}/ask/stream"
    assert client.get(path).status_code == 405  # POST only: the page cache looks up GETs
    first = ask(client, path)
    assert first["Cache-Control"] == "no-store" and not _storable(first)
    events(first)
    events(ask(client, path))
    assert len(llm_server.requests) == 2  # each ask reached the model
    assert client.post(path, {"question": ""}).status_code == 400
