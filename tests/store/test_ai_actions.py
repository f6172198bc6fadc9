from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsdesk.pipeline.enrich.entities import Entity as FoundEntity
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
