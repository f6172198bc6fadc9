"""A bare surname folded into its full name, as readers meet it: the old entity URL
redirects, and entity pages, "In the news" and search filters count the merged links."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from newsdesk.store.models import Article, ArticleEntity, Entity, Follow
from tests.serve.conftest import add_feed, make_story, name_entities, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def obama() -> list[Article]:
    """Five articles: two say only "Obama" (stored first), three "Barack Obama"; the
    first of each kind share a story."""
    cnn = add_feed("https://cnn.test/rss/all.xml", title="CNN")
    bbc = add_feed("https://bbc.test/rss/all.xml", title="BBC News")
    articles = [
        publish(cnn if i % 2 else bbc, f"summit-{i}", title=f"Summit report {i}") for i in range(5)
    ]
    make_story([articles[0], articles[2]])
    for article in (articles[1], articles[3], articles[4]):
        make_story([article])
    for article in articles[:2]:
        name_entities(article, ("Obama", "person", 2))
    for article in articles[2:]:
        name_entities(article, ("Barack Obama", "person", 1), ("Geneva", "place", 1))
    return articles


def card_titles(html: str) -> list[str]:
    return sorted(re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', html))


ALL = [f"Summit report {i}" for i in range(5)]


def test_the_bare_surname_page_redirects_to_the_full_name(client: Client, obama: Any) -> None:
    response = client.get("/entity/person:obama/")
    assert response.status_code == 301
    assert response["Location"] == "/entity/person:barack%20obama/"

    api = client.get("/api/v1/entities/person:obama")
    assert api.status_code == 301
    assert api["Location"] == "/api/v1/entities/person:barack%20obama"
    assert client.get("/entity/person:nobody/").status_code == 404


def test_the_full_name_page_lists_every_merged_article_and_story(
    client: Client, obama: list[Article]
) -> None:
    html = client.get("/entity/person:barack%20obama/").content.decode()
    assert card_titles(html) == ALL
    assert "Person · also written Obama · named" in html

    body = client.get("/api/v1/entities/person:barack%20obama").json()
    assert sorted(a["title"] for a in body["articles"]["items"]) == ALL
    first_story = obama[0].membership.story
    assert first_story is not None and [s["id"] for s in body["stories"]] == [first_story.pk]


def test_in_the_news_counts_the_merged_links(client: Client, obama: Any) -> None:
    html = client.get("/entities/").content.decode()
    people = html.split('id="kind-person"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r">([^<]+)</a>", people) == ["Barack Obama"]
    assert "4 stories · 5 articles" in people


@pytest.mark.parametrize("named", ["Obama", "person:obama", "Barack Obama"])
def test_a_search_filter_on_either_form_finds_every_merged_article(
    client: Client, obama: Any, named: str
) -> None:
    html = client.get("/search/", {"q": "body", "entity": named}).content.decode()
    assert card_titles(html) == ALL
    assert 'value="Barack Obama"' in html  # the filter shows the name it resolved to


def test_following_the_bare_surname_follows_the_full_name(
    client: Client, obama: Any, reader: Any
) -> None:
    client.force_login(reader)
    bare = Entity.objects.get(key="person:obama")
    client.post(f"/entities/{bare.pk}/follow", {"next": "/for-you/"})
    followed = Follow.objects.filter(user=reader, kind=Follow.Kind.ENTITY)
    assert list(followed.values_list("entity__key", flat=True)) == ["person:barack obama"]


def test_a_fold_by_the_command_changes_the_content_version(obama: list[Article]) -> None:
    """Cached pages go stale when another process folds: links move, no row is added."""
    from newsdesk.store.actions.entities import do_fold_surnames
    from newsdesk.store.queries.content import content_version

    bare = Entity.objects.create(key="person:kerry", name="Kerry", kind="person")
    full = Entity.objects.create(key="person:john kerry", name="John Kerry", kind="person")
    # Links as a version without folding stored them (no action writes unfolded rows).
    ArticleEntity.objects.create(article=obama[0], entity=bare)
    for article in obama[1:4]:
        ArticleEntity.objects.create(article=article, entity=full)
    before = content_version()
    assert [f.gone for f in do_fold_surnames()] == ["person:kerry"]
    assert content_version() != before


def test_a_one_word_person_written_as_a_company_is_listed_under_organisations(
    client: Client,
) -> None:
    feed = add_feed("https://news.test/rss/all.xml", title="News")
    for i in range(2):
        article = publish(
            feed,
            f"post-{i}",
            title=f"Minister posts {i}",
            text="The minister wrote on Twitter, and a Twitter user answered. Twitter said no.",
        )
        make_story([article])
        name_entities(article, ("Twitter", "person", 3), ("Ana Ruiz", "person", 1))
    html = client.get("/entities/").content.decode()
    people = html.split('id="kind-person"', 1)[1].split("</section>", 1)[0]
    organisations = html.split('id="kind-organization"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r">([^<]+)</a>", people) == ["Ana Ruiz"]
    assert re.findall(r">([^<]+)</a>", organisations) == ["Twitter"]
    assert client.get("/entity/person:twitter/")["Location"] == "/entity/organization:twitter/"
