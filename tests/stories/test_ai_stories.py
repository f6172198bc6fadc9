"""Story summaries with citations (one per story version, shown on the story page), "ask
this story / this article" in the web app (passages without an LLM, a cited answer with
the canned OpenAI-compatible server), and entity pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.test import Client

from newsdesk.config import load_config
from newsdesk.jobs.cluster_articles import StoryEngine, cluster_pending
from newsdesk.jobs.context import JobContext
from newsdesk.jobs.enrich_article import enrich_pending
from newsdesk.jobs.queue import InlineQueue
from newsdesk.jobs.summarize_story import summarize_next_stories
from newsdesk.pipeline.enrich.embed import MiniLMEmbedder
from newsdesk.pipeline.enrich.llm import LLMOptions
from newsdesk.pipeline.enrich.providers import AIOptions, Providers
from newsdesk.pipeline.fetch import Fetcher
from newsdesk.serve.web import links
from newsdesk.store.models import AIOutput, Story, StoryMembership
from tests.openai_server import OpenAIServer, Reply, RunningOpenAIServer
from tests.stories.factory import FED, KURSK, T0, stored_article

pytestmark = pytest.mark.django_db

KURSK_2 = KURSK.replace("Tuesday", "Wednesday").replace("long queues", "queues")
KURSK_3 = (
    "Russia rushed reserves to its Kursk border region after Ukrainian forces pushed deeper "
    "into Russian territory, the defence ministry in Moscow said. Ukrainian troops had "
    "taken control of several villages near Sudzha, home to a gas transit station, "
    "according to officials in Kyiv. Evacuations were ordered from districts along the "
    "frontier as air raid sirens sounded through the night."
)


@pytest.fixture
def ai_ctx(tmp_path: Path, embedder: MiniLMEmbedder, engine: StoryEngine) -> Iterator[JobContext]:
    config = load_config({"NEWSDESK_DATA_DIR": str(tmp_path), "NEWSDESK_SECRET_KEY": "x" * 50})
    providers = Providers(AIOptions(), embedder=embedder)
    with Fetcher(config.fetch_options) as fetcher:
        yield JobContext(config, fetcher, InlineQueue(), ai=providers, stories=engine)


@pytest.fixture
def web_ai(embedder: MiniLMEmbedder) -> Iterator[OpenAIServer]:
    """The web app's providers: the session's embedder and the canned LLM server."""
    app = apps.get_app_config("web")
    with RunningOpenAIServer() as server:
        app.ai_providers = Providers(  # type: ignore[attr-defined]
            AIOptions(llm=LLMOptions(base_url=server.base_url, model="m")), embedder=embedder
        )
        try:
            yield server
        finally:
            del app.ai_providers  # type: ignore[attr-defined]


def kursk_story(engine: StoryEngine) -> Story:
    stored_article("bbc.co.uk", 1, "Ukraine pushes deeper into Russia's Kursk region", KURSK)
    stored_article(
        "reuters.com",
        2,
        "Ukrainian troops advance in Kursk as Russia sends reserves",
        KURSK_2,
        published=T0 + timedelta(hours=3),
    )
    cluster_pending(engine, T0 + timedelta(days=1))
    story = StoryMembership.objects.get(article__url="https://bbc.co.uk/news/1").story
    assert story is not None and story.article_count == 2
    return story


def test_story_summary_is_cited_stored_per_version_and_shown(
    ai_ctx: JobContext, engine: StoryEngine, client: Client
) -> None:
    assert ai_ctx.ai is not None
    story = kursk_story(engine)
    assert summarize_next_stories(ai_ctx, ai_ctx.ai) == 1
    assert summarize_next_stories(ai_ctx, ai_ctx.ai) == 0  # nothing changed: shared, cached
    output = AIOutput.objects.get(kind=AIOutput.Kind.STORY_SUMMARY, object_id=story.pk)
    members = set(StoryMembership.objects.filter(story=story).values_list("article_id", flat=True))
    sentences = output.payload["sentences"]
    assert sentences and all(s["citations"] for s in sentences)
    cited = {int(c["article_id"]) for s in sentences for c in s["citations"]}
    assert cited and cited <= members
    first = sentences[0]["citations"][0]
    assert first["passage"] in KURSK + KURSK_2  # the cited passage is the article's own text

    html = client.get(f"/story/{story.pk}/").content.decode()
    assert "AI-generated" in html and 'class="citation"' in html
    words = " ".join(first["passage"].split()[:8])
    assert f'href="/a/{first["article_id"]}/#:~:text={quote(words, safe="")}"' in html
    assert sentences[0]["text"] in html.replace("&#x27;", "'")

    # A third outlet joins: the story changed, so it gets a new summary version.
    stored_article(
        "ft.com",
        3,
        "Russia sends reserves to Kursk as Ukraine advances",
        KURSK_3,
        published=T0 + timedelta(hours=5),
    )
    cluster_pending(engine, T0 + timedelta(days=1))
    story.refresh_from_db()
    assert story.article_count == 3
    assert summarize_next_stories(ai_ctx, ai_ctx.ai) == 1
    outputs = AIOutput.objects.filter(kind=AIOutput.Kind.STORY_SUMMARY, object_id=story.pk)
    assert outputs.count() == 2
    assert outputs.order_by("-created_at", "-id")[0].payload["articles"] == 3


def test_ask_story_without_an_llm_shows_labelled_passages(
    engine: StoryEngine, embedder: MiniLMEmbedder, client: Client
) -> None:
    story = kursk_story(engine)
    app = apps.get_app_config("web")
    app.ai_providers = Providers(AIOptions(), embedder=embedder)  # type: ignore[attr-defined]
    try:
        form = client.get(f"/story/{story.pk}/ask")
        assert form.status_code == 200 and 'name="question"' in form.content.decode()
        html = client.post(
            f"/story/{story.pk}/ask", {"question": "Which town has a gas transit station?"}
        ).content.decode()
    finally:
        del app.ai_providers  # type: ignore[attr-defined]
    assert "Best matching passages" in html and "no language model is configured" in html
    assert "Sudzha" in html and 'class="citation"' in html
    assert "AI-generated" not in html  # passages are the articles' words, not AI output


def test_ask_article_with_an_llm_answers_with_citations(
    engine: StoryEngine, web_ai: OpenAIServer, client: Client
) -> None:
    story = kursk_story(engine)
    article = StoryMembership.objects.filter(story=story).order_by("sequence")[0].article
    web_ai.queue(Reply("Ukrainian troops took several villages near Sudzha [1]."))
    response = client.post(f"/a/{article.pk}/ask", {"question": "What did Ukrainian troops take?"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "AI-generated" in html and "villages near Sudzha" in html
    assert f'href="/a/{article.pk}/#:~:text=' in html
    prompt = web_ai.requests[0]["messages"]
    assert "Sudzha" in str(prompt)  # the passages went to the model, delimited as data

    # The article's text says nothing about the question: the model is not asked.
    html = client.post(
        f"/a/{article.pk}/ask", {"question": "What is the recipe for banana bread?"}
    ).content.decode()
    assert "The articles don&#x27;t say." in html and len(web_ai.requests) == 1


def test_entity_pages_list_articles_and_stories(
    ai_ctx: JobContext, engine: StoryEngine, client: Client
) -> None:
    assert ai_ctx.ai is not None
    story = kursk_story(engine)
    rates = "Russia's central bank raised its key interest rate to 21 percent on Friday. " * 3
    lone = stored_article("rbc.ru", 5, "Russia raises rates", rates, published=T0 + timedelta(5))
    cluster_pending(engine, T0 + timedelta(days=6))
    alone = StoryMembership.objects.get(article=lone).story
    assert alone is not None and alone.article_count == 1
    assert enrich_pending(ai_ctx, ai_ctx.ai) == 3
    article = StoryMembership.objects.filter(story=story).order_by("sequence")[0].article
    html = client.get(links.article_path(article)).content.decode()
    assert 'href="/entity/place:russia/"' in html  # the AI panel links its entities

    page = client.get("/entity/place:russia/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<h1>Russia</h1>" in body and links.article_path(article) in body
    assert f'href="/story/{story.pk}/"' in body
    # A story of one article is that article, listed under Articles, not again as a story.
    assert links.article_path(lone) in body and f'href="/story/{alone.pk}/"' not in body
    assert client.get("/entity/person:nobody at all/").status_code == 404


def test_search_filters_by_entity(ai_ctx: JobContext, engine: StoryEngine, client: Client) -> None:
    assert ai_ctx.ai is not None
    kursk_story(engine)
    fed = stored_article("ft.com", 9, "Fed holds rates steady", FED)
    assert enrich_pending(ai_ctx, ai_ctx.ai) == 3
    words = "Russia OR Federal"
    every = client.get("/search/", {"q": words}).content.decode()
    assert every.count('class="card-title"') == 3
    powell = client.get("/search/", {"q": words, "entity": "Jerome Powell"}).content.decode()
    assert powell.count('class="card-title"') == 1 and links.article_path(fed) in powell
    assert 'naming <a href="/entity/person:jerome%20powell/">Jerome Powell</a>' in powell
    russia = client.get("/search/", {"q": words, "entity": "place:russia"}).content.decode()
    assert russia.count('class="card-title"') == 2 and links.article_path(fed) not in russia
    # The key an entity page links with shows as the entity's name in the form.
    assert 'name="entity" value="Russia"' in russia and 'value="place:russia"' not in russia
    unknown = client.get("/search/", {"q": words, "entity": "Nobody Known"}).content.decode()
    assert "No person, place or organisation" in unknown


def test_an_outlet_is_cited_once_per_sentence() -> None:
    from newsdesk.serve.web.ai_views import one_per_outlet

    citations = [
        {"source": "BBC News", "article_id": 1, "passage": "first"},
        {"source": "Reuters", "article_id": 2, "passage": "second"},
        {"source": "BBC News", "article_id": 3, "passage": "third"},
    ]
    kept = one_per_outlet(citations)
    assert [(c["source"], c["article_id"]) for c in kept] == [("BBC News", 1), ("Reuters", 2)]
