"""'Ask this article' in a real browser: with script on, the answer streams into the page
(marked unchecked), then becomes the checked, cited answer; the CSP allows it all."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps

from newsdesk.pipeline.enrich.embed import MiniLMEmbedder
from newsdesk.pipeline.enrich.llm import LLMOptions
from newsdesk.pipeline.enrich.providers import AIOptions, Providers
from tests.browser.conftest import articles, screenshot
from tests.openai_server import OpenAIServer, Reply, RunningOpenAIServer

pytestmark = pytest.mark.slow

ANSWER = "Rescue teams reached the coastal towns overnight after the earthquake [1]."


@pytest.fixture
def llm_server() -> Iterator[OpenAIServer]:
    app = apps.get_app_config("web")
    with RunningOpenAIServer() as server:
        app.ai_providers = Providers(  # type: ignore[attr-defined]
            AIOptions(llm=LLMOptions(base_url=server.base_url, model="m")),
            embedder=MiniLMEmbedder(),
        )
        try:
            yield server
        finally:
            del app.ai_providers  # type: ignore[attr-defined]


def test_the_answer_streams_in_then_becomes_the_cited_answer(
    page: Any, transactional_db: Any, llm_server: OpenAIServer
) -> None:
    quake = articles(transactional_db)["quake"]
    llm_server.queue(Reply(ANSWER, chunk_delay=0.25))
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"/a/{quake.pk}/ask")
    page.get_by_label("Your question").fill("When did rescue teams reach the coastal towns?")
    page.get_by_role("button", name="Ask").click()

    streaming = page.locator(".ask-streaming")
    streaming.wait_for()
    page.locator(".ask-streaming", has_text="Rescue teams").wait_for()  # arriving
    assert "not yet checked" in page.locator(".ask-answer .ai-note").inner_text()
    assert page.locator(".ask-answer").get_attribute("aria-live") == "polite"

    citation = page.locator(".cited-summary a.citation")
    citation.wait_for()
    assert streaming.count() == 0  # the provisional text gave way to the checked answer
    assert "AI-generated" in page.locator(".ask-answer h2").inner_text()
    assert "coastal towns" in page.locator(".cited-summary").inner_text()
    assert citation.get_attribute("href", timeout=1000).startswith(f"/a/{quake.pk}/#:~:text=")
    assert page.url.endswith(f"/a/{quake.pk}/ask")  # no page load: the script did it
    assert [r["stream"] for r in llm_server.requests] == [True]
    assert problems == []  # no CSP violation, no script error
    screenshot(page, "ask-streamed-answer")


def test_without_script_the_form_still_posts(
    browser: Any, live_server: Any, transactional_db: Any, llm_server: OpenAIServer
) -> None:
    quake = articles(transactional_db)["quake"]
    llm_server.queue(Reply(ANSWER))
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"/a/{quake.pk}/ask")
        page.get_by_label("Your question").fill("When did rescue teams reach the coastal towns?")
        page.get_by_role("button", name="Ask").click()
        page.locator(".cited-summary a.citation").wait_for()
        assert [r["stream"] for r in llm_server.requests] == [False]  # the plain POST view
    finally:
        context.close()
