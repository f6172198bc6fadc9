"""Enrichment after extraction: summaries, key points and entities stored per article
version through the real actions, shown in the article page's AI panel; the token budget."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client

from newsdesk.jobs.context import JobContext
from newsdesk.jobs.enrich_article import enrich_pending
from newsdesk.jobs.scheduler import crawl_once
from newsdesk.jobs.subscribe import subscribe_url
from newsdesk.pipeline.enrich.embed import MiniLMEmbedder
from newsdesk.pipeline.enrich.providers import AIOptions, Providers
from newsdesk.pipeline.errors import BudgetExhausted
from newsdesk.serve.web.links import article_path
from newsdesk.store.actions.ai import do_record_token_usage
from newsdesk.store.models import AIOutput, Article, ArticleEntity
from newsdesk.store.queries.ai import (
    article_entities,
    articles_with_entity,
    articles_without_summary,
    check_token_budget,
    entity_by_key,
    tokens_used,
)
from tests.httpserver import LocalServer
from tests.jobs.site import make_stories, publish_site
from tests.openai_server import OpenAIServer, Reply, RunningOpenAIServer
from tests.serve.conftest import add_feed, publish

pytestmark = pytest.mark.django_db

TEXT = (
    "Finance minister Rachel Reeves told Parliament in London on Wednesday that the "
    "government would raise the minimum wage by 6 percent next April.\n\n"
    "Reeves said the increase would help two million workers.\n\n"
    "The Confederation of British Industry warned that small firms could cut jobs as a result.\n\n"
    "Labour MPs welcomed the plan, while the Conservatives called it reckless.\n\n"
    "The Bank of England is expected to keep interest rates unchanged next week."
)


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    with RunningOpenAIServer() as server:
        yield server


@pytest.fixture
def ai_ctx(job_ctx: JobContext, minilm: MiniLMEmbedder) -> JobContext:
    providers = Providers(AIOptions(), embedder=minilm)
    return JobContext(job_ctx.config, job_ctx.fetcher, job_ctx.queue, ai=providers)


def test_crawl_enriches_each_extracted_article(
    http_server: LocalServer, ai_ctx: JobContext, client: Client
) -> None:
    publish_site(http_server, make_stories(2))
    subscribe_url(ai_ctx, http_server.url("/rss.xml"))

    crawl_once(ai_ctx)

    assert AIOutput.objects.filter(kind=AIOutput.Kind.ARTICLE_SUMMARY).count() == 2
    article = Article.objects.get(url=http_server.url("/news/story-1"))
    output = AIOutput.objects.get(object_id=article.pk)
    assert output.payload["sentences"][0].startswith("The harbour authority on Tuesday approved")
    assert 1 <= len(output.payload["key_points"]) <= 5
    assert output.method == "extractive:all-MiniLM-L6-v2-int8"
    assert articles_without_summary().count() == 0

    html = client.get(article_path(article)).content.decode()
    assert "AI-generated" in html and 'class="ai-panel"' in html
    assert "The harbour authority on Tuesday approved plan 1" in html


def test_backlog_is_enriched_once_per_version_with_entities(
    minilm: MiniLMEmbedder, ai_ctx: JobContext
) -> None:
    feed = add_feed()
    article = publish(feed, "wage", title="Minimum wage to rise by 6 percent", text=TEXT)
    publish(feed, "empty-ish", title="Short", text="Too short to say much.")
    assert ai_ctx.ai is not None

    assert enrich_pending(ai_ctx, ai_ctx.ai) == 2
    assert enrich_pending(ai_ctx, ai_ctx.ai) == 0  # cached: nothing to do

    names = {link.entity.name: link for link in article_entities(article.pk)}
    assert names["Rachel Reeves"].entity.kind == "person"
    assert set(names["Rachel Reeves"].surface_forms) == {"Rachel Reeves", "Reeves"}
    assert names["Rachel Reeves"].mentions == 2
    assert names["London"].entity.kind == "place"
    assert "Bank of England" in names
    entity = entity_by_key("person:rachel reeves")
    assert entity is not None and list(articles_with_entity(entity)) == [article]
    panel = AIOutput.objects.get(object_id=article.pk).payload
    assert panel["entities"][0]["name"] == "Rachel Reeves"

    # A new version of the text is a new cache entry, and its entities replace the old ones.
    publish_again = Article.objects.get(pk=article.pk)
    publish_again.content_hash = "changed"
    Article.objects.filter(pk=article.pk).update(content_hash="changed")
    from newsdesk.jobs.enrich_article import enrich_articles

    outcome = enrich_articles(ai_ctx, ai_ctx.ai, [publish_again])
    assert (outcome.enriched, outcome.cached) == (1, 0)
    assert AIOutput.objects.filter(object_id=article.pk).count() == 2
    assert ArticleEntity.objects.filter(article=article).count() == len(names)


def test_articles_in_a_language_the_entity_model_does_not_read_get_none(
    ai_ctx: JobContext,
) -> None:
    """The English NER model would tag German phrases as names: a German article gets a
    summary but no entities; a regional English tag ("en-GB") and an unknown one do get them."""
    feed = add_feed()
    german = publish(
        feed,
        "mindestlohn",
        title="Mindestlohn steigt um sechs Prozent",
        text=(
            "Finanzministerin Rachel Reeves sagte am Mittwoch in London, die Regierung werde "
            "den Mindestlohn im April um sechs Prozent erhöhen.\n\n"
            "Grundsätzlich müssen kleine Firmen die Werbung zu akzeptieren lernen, sagte sie."
        ),
    )
    british = publish(feed, "wage", title="Minimum wage to rise by 6 percent", text=TEXT)
    unknown = publish(feed, "wage-2", title="Wage rise for two million workers", text=TEXT)
    Article.objects.filter(pk=german.pk).update(language="de")
    Article.objects.filter(pk=british.pk).update(language="en-GB")
    Article.objects.filter(pk=unknown.pk).update(language="")
    assert ai_ctx.ai is not None

    assert enrich_pending(ai_ctx, ai_ctx.ai) == 3

    assert list(article_entities(german.pk)) == []
    assert AIOutput.objects.get(object_id=german.pk).payload["sentences"]  # still summarised
    assert "Rachel Reeves" in {link.entity.name for link in article_entities(british.pk)}
    assert "Rachel Reeves" in {link.entity.name for link in article_entities(unknown.pk)}


def test_token_budget_says_when_it_is_spent(db: Any) -> None:
    now = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)
    assert check_token_budget(1000, now) == 1000
    assert do_record_token_usage(600, now=now) == 600
    assert check_token_budget(1000, now) == 400
    do_record_token_usage(400, now=now)
    with pytest.raises(BudgetExhausted, match=r"1,000 tokens for March 2026.*01 April 2026"):
        check_token_budget(1000, now)
    assert check_token_budget(1000, datetime(2026, 4, 1, tzinfo=UTC)) == 1000


def test_answers_spend_the_budget_then_fall_back_to_passages(
    minilm: MiniLMEmbedder, openai_server: OpenAIServer
) -> None:
    from newsdesk.jobs.ask_story import answer_question
    from newsdesk.pipeline.enrich.llm import LLMOptions

    article = publish(add_feed(), "wage", title="Minimum wage to rise", text=TEXT)
    providers = Providers(
        AIOptions(llm=LLMOptions(base_url=openai_server.base_url, model="m")), embedder=minilm
    )
    openai_server.queue(
        Reply("The government will raise the minimum wage by 6 percent next April [1].")
    )
    now = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)
    question = "By how much will the minimum wage rise?"

    first = answer_question(providers, [article], question, budget=100, now=now)
    assert first.answer.mode == "llm" and first.notice == ""
    assert first.answer.sentences[0].citations[0].article_id == str(article.pk)
    assert tokens_used(date(2026, 3, 1)) == first.answer.tokens > 0  # recorded

    second = answer_question(providers, [article], question, budget=100, now=now)
    assert second.answer.mode == "passages"
    assert "used its AI budget of 100 tokens" in second.notice
    assert "6 percent" in second.answer.passages[0].text
    assert len(openai_server.requests) == 1  # the spent budget stopped the second call
