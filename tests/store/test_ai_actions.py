from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdesk.pipeline.enrich.entities import Entity as FoundEntity
from newsdesk.pipeline.enrich.entities import resolve_surnames
from newsdesk.pipeline.types import EntryDraft
from newsdesk.store.actions.ai import do_set_article_entities
from newsdesk.store.actions.articles import do_upsert_entries
from newsdesk.store.actions.feeds import do_add_feed
from newsdesk.store.models import Article, ArticleEntity

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def test_entities_that_resolve_to_one_key_are_added_up() -> None:
    feed = do_add_feed("https://news.example.com/rss.xml", now=NOW, interval=600).feed
    url = "https://news.example.com/a/1"
    pk = do_upsert_entries(feed, [EntryDraft(guid=url, url=url)], now=NOW).created[0]
    article = Article.objects.get(pk=pk)
    found = [
        FoundEntity("NATO", "organization", 3, ("NATO",)),
        FoundEntity("Nato", "organization", 2, ("Nato",)),
        FoundEntity("Riga", "place", 1, ("Riga",)),
    ]
    assert do_set_article_entities(article, found) == 2
    nato = ArticleEntity.objects.get(article=article, entity__key="organization:nato")
    assert nato.mentions == 5 and sorted(nato.surface_forms) == ["NATO", "Nato"]
    assert do_set_article_entities(article, found[2:]) == 1  # replaced, not appended


def _articles(n: int) -> list[Article]:
    feed = do_add_feed("https://names.example.com/rss.xml", now=NOW, interval=600).feed
    urls = [f"https://names.example.com/a/{i}" for i in range(n)]
    created = do_upsert_entries(feed, [EntryDraft(guid=u, url=u) for u in urls], now=NOW).created
    return list(Article.objects.filter(pk__in=created).order_by("pk"))


def _person(name: str) -> FoundEntity:
    return FoundEntity(name, "person", 1, (name,))


def test_a_bare_surname_joins_the_full_name_that_dominates_it_across_articles() -> None:
    articles = _articles(7)
    # Biden: Joe Biden in 4 articles, Hunter Biden in 1 (0.8 >= 0.75); Harris: two full
    # names equally often, so a bare "Harris" stays itself.
    for article, name in zip(articles[:4], ["Kamala Harris", "Kevin Harris"] * 2, strict=True):
        do_set_article_entities(article, [_person("Joe Biden"), _person(name)])
    do_set_article_entities(articles[6], [_person("Hunter Biden")])
    do_set_article_entities(articles[4], [_person("Biden"), _person("Harris")])
    do_set_article_entities(articles[5], [_person("Rihanna")])  # no full name: itself
    keys = set(
        ArticleEntity.objects.filter(article=articles[4]).values_list("entity__key", flat=True)
    )
    assert keys == {"person:joe biden", "person:harris"}
    link = ArticleEntity.objects.get(article=articles[4], entity__key="person:joe biden")
    assert link.surface_forms == ["Biden"]  # what the article wrote is kept
    assert set(
        ArticleEntity.objects.filter(article=articles[5]).values_list("entity__key", flat=True)
    ) == {"person:rihanna"}


def test_surnames_resolve_only_on_enough_evidence() -> None:
    counts = {"person:joe biden": 73, "person:jill biden": 3, "person:kamala harris": 2}
    assert resolve_surnames(["person:biden", "person:harris", "place:biden"], counts) == {
        "person:biden": "person:joe biden"
    }  # Harris: 2 articles are too few; a place is never a surname
    assert resolve_surnames(["person:biden"], {"person:joe biden": 3, "person:jill biden": 2}) == {}
    # "May" alone is as often the month the model took for a person
    assert resolve_surnames(["person:may"], {"person:theresa may": 9}) == {}
