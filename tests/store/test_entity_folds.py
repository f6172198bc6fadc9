"""Bare surnames stored before their full name was known fold into it later ("Obama" ->
"Barack Obama"), on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from newsdesk.cli import main
from newsdesk.pipeline.enrich.entities import Entity as FoundEntity
from newsdesk.pipeline.enrich.entities import surnames_touched
from newsdesk.pipeline.types import EntryDraft
from newsdesk.store.actions.ai import do_set_article_entities
from newsdesk.store.actions.articles import do_upsert_entries
from newsdesk.store.actions.entities import (
    Fold,
    do_fold_kinds,
    do_fold_surnames,
    do_fold_things,
)
from newsdesk.store.actions.feeds import do_add_feed
from newsdesk.store.actions.follows import do_follow_entity
from newsdesk.store.models import Article, ArticleEntity, Entity, Follow, Source
from tests.workers import run_at_once

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _articles(n: int) -> list[Article]:
    feed = do_add_feed("https://folds.example.com/rss.xml", now=NOW, interval=600).feed
    urls = [f"https://folds.example.com/a/{i}" for i in range(n)]
    created = do_upsert_entries(feed, [EntryDraft(guid=u, url=u) for u in urls], now=NOW).created
    return list(Article.objects.filter(pk__in=created).order_by("pk"))


def _person(name: str, mentions: int = 1) -> FoundEntity:
    return FoundEntity(name, "person", mentions, (name,))


def _keys(article: Article) -> set[str]:
    return set(ArticleEntity.objects.filter(article=article).values_list("entity__key", flat=True))


def _entity(key: str) -> Entity:
    return Entity.objects.get(key=key)


def test_surnames_touched_are_last_words_of_people_and_bare_names() -> None:
    keys = ["person:barack obama", "person:obama", "place:paris", "organization:nato"]
    assert surnames_touched(keys) == {"obama"}


def test_early_bare_surnames_fold_once_the_full_name_dominates() -> None:
    articles = _articles(7)
    for article in articles[:2]:  # "Obama" before anyone wrote the first name
        do_set_article_entities(article, [_person("Obama", 2)])
    do_set_article_entities(articles[2], [_person("Barack Obama")])
    do_set_article_entities(articles[3], [_person("Barack Obama")])
    assert _entity("person:obama").merged_into_id is None  # 2 articles: not evidence yet
    assert _keys(articles[0]) == {"person:obama"}

    do_set_article_entities(articles[4], [_person("Barack Obama")])  # the third

    barack = _entity("person:barack obama")
    assert _entity("person:obama").merged_into_id == barack.pk
    for article in articles[:2]:
        link = ArticleEntity.objects.get(article=article)
        assert link.entity_id == barack.pk
        assert (link.mentions, link.surface_forms) == (2, ["Obama"])  # what it wrote is kept
    assert barack.article_links.count() == 5
    # Later bare mentions join the full name as they are stored (as before).
    do_set_article_entities(articles[5], [_person("Obama")])
    assert _keys(articles[5]) == {"person:barack obama"}


def test_an_article_naming_both_forms_keeps_one_link_with_both_added_up() -> None:
    articles = _articles(3)
    do_set_article_entities(articles[0], [_person("Obama", 2), _person("Barack Obama", 3)])
    assert _keys(articles[0]) == {"person:obama", "person:barack obama"}
    for article in articles[1:]:
        do_set_article_entities(article, [_person("Barack Obama")])

    link = ArticleEntity.objects.get(article=articles[0])
    assert link.entity.key == "person:barack obama"
    assert (link.mentions, link.surface_forms) == (5, ["Barack Obama", "Obama"])


def test_ambiguous_surnames_are_not_folded() -> None:
    articles = _articles(9)
    do_set_article_entities(articles[0], [_person("Biden")])
    for article in articles[1:4]:
        do_set_article_entities(article, [_person("Joe Biden")])
    # Joe Biden had 3 of 3 articles: "Biden" folded. Harris: two full names equally often.
    do_set_article_entities(articles[4], [_person("Harris")])
    for article, name in zip(articles[5:9], ["Kamala Harris", "Kevin Harris"] * 2, strict=True):
        do_set_article_entities(article, [_person(name)])

    assert _entity("person:biden").merged_into == _entity("person:joe biden")
    assert _entity("person:harris").merged_into_id is None
    assert _keys(articles[4]) == {"person:harris"}
    assert do_fold_surnames() == []  # the whole store: nothing more to fold


def test_folding_is_idempotent_and_moves_follows() -> None:
    articles = _articles(4)
    users = get_user_model().objects
    both, bare_only = users.create_user("both"), users.create_user("bare")
    do_set_article_entities(articles[0], [_person("Obama")])
    do_set_article_entities(articles[1], [_person("Barack Obama")])
    obama, barack = _entity("person:obama"), _entity("person:barack obama")
    do_follow_entity(both.pk, obama, now=NOW)
    do_follow_entity(both.pk, barack, now=NOW)
    do_follow_entity(bare_only.pk, obama, now=NOW)
    for article in articles[2:]:
        do_set_article_entities(article, [_person("Barack Obama")])

    follows = Follow.objects.filter(kind=Follow.Kind.ENTITY)
    assert sorted(follows.values_list("user__username", "entity__key")) == [
        ("bare", "person:barack obama"),
        ("both", "person:barack obama"),
    ]
    links = sorted(ArticleEntity.objects.values_list("article_id", "entity_id"))
    assert do_fold_surnames() == [] and do_fold_surnames(["obama"]) == []
    assert sorted(ArticleEntity.objects.values_list("article_id", "entity_id")) == links


def test_a_folded_surname_stays_folded_when_the_full_name_stops_dominating() -> None:
    articles = _articles(9)
    do_set_article_entities(articles[0], [_person("Obama")])
    for article in articles[1:4]:
        do_set_article_entities(article, [_person("Barack Obama")])
    for article in articles[4:8]:  # Michelle Obama now as common: bare "Obama" is ambiguous
        do_set_article_entities(article, [_person("Michelle Obama")])

    do_set_article_entities(articles[8], [_person("Obama")])

    # Its page redirected readers to Barack Obama; it keeps doing so, and so do new links.
    assert _keys(articles[8]) == {"person:barack obama"}
    assert _entity("person:obama").merged_into == _entity("person:barack obama")


def _legacy_links(article: Article, *keys: str) -> None:
    """Links as a version without folding stored them (no action writes unfolded rows)."""
    for key in keys:
        name = key.partition(":")[2].title()
        entity, _ = Entity.objects.get_or_create(key=key, defaults={"name": name, "kind": "person"})
        ArticleEntity.objects.create(article=article, entity=entity, surface_forms=[name])


def test_the_fold_command_folds_stored_data_once(capsys: Any) -> None:
    articles = _articles(8)
    for article in articles[:2]:
        _legacy_links(article, "person:obama")
    for article in articles[2:5]:
        _legacy_links(article, "person:barack obama")
    _legacy_links(articles[5], "person:biden")
    _legacy_links(articles[6], "person:joe biden")
    _legacy_links(articles[7], "person:jill biden")

    assert main(["entities", "fold"]) == 0
    out = capsys.readouterr().out
    assert "person:obama -> person:barack obama: 2 article links moved" in out
    assert (
        "1 surnames, 0 one-word people that are things and 0 other names folded "
        "(kinds, aliases, legal forms), 2 article links moved." in out
    )
    assert _entity("person:biden").merged_into_id is None  # one article each: no evidence
    assert main(["entities", "fold"]) == 0
    assert (
        "0 surnames, 0 one-word people that are things and 0 other names folded "
        "(kinds, aliases, legal forms), 0 article links moved." in capsys.readouterr().out
    )


def test_fold_reports_what_moved() -> None:
    articles = _articles(5)
    for article in articles[:2]:
        _legacy_links(article, "person:obama")
    for article in articles[2:]:
        _legacy_links(article, "person:barack obama")
    assert do_fold_surnames(["obama", "nobody"]) == [Fold("person:obama", "person:barack obama", 2)]


@pytest.mark.django_db(transaction=True)
def test_two_workers_folding_at_once_fold_each_surname_once() -> None:
    articles = _articles(40)
    for i in range(10):  # "name{i}": one bare article, three with the full name
        _legacy_links(articles[4 * i], f"person:name{i}")
        for article in articles[4 * i + 1 : 4 * i + 4]:
            _legacy_links(article, f"person:first name{i}")
    _legacy_links(articles[1], "person:name0")  # an article that names both forms
    links = ArticleEntity.objects.count()
    folds: list[list[Fold]] = [[], []]

    def work(i: int) -> None:
        folds[i] = do_fold_surnames()

    run_at_once(work)
    assert sorted(f.gone for f in folds[0] + folds[1]) == [f"person:name{i}" for i in range(10)]
    assert ArticleEntity.objects.count() == links - 1  # the article naming both: one link
    assert not ArticleEntity.objects.filter(entity__merged_into__isnull=False).exists()
    assert Entity.objects.filter(merged_into__isnull=False).count() == 10


def test_a_link_written_to_a_folded_entity_moves_at_the_next_touch() -> None:
    articles = _articles(6)
    for article in articles[:3]:
        _legacy_links(article, "person:barack obama")
    _legacy_links(articles[3], "person:obama")
    assert len(do_fold_surnames(["obama"])) == 1
    # A worker that read "Obama" as live just before the fold commits its link after it.
    _legacy_links(articles[4], "person:obama")

    do_set_article_entities(articles[5], [_person("Michelle Obama")])  # touches "obama"

    assert _keys(articles[4]) == {"person:barack obama"}
    assert not ArticleEntity.objects.filter(entity__key="person:obama").exists()
    assert do_fold_surnames() == []


@pytest.mark.django_db(transaction=True)
def test_workers_writing_one_ambiguous_surname_at_once_do_not_block_each_other() -> None:
    """Each write looks at "Harris" (live, ambiguous) and folds nothing: two workers that
    link it at once both commit, and it stays apart."""
    articles = _articles(12)
    for article, name in zip(articles[:4], ["Kamala Harris", "Kevin Harris"] * 2, strict=True):
        do_set_article_entities(article, [_person(name)])

    def work(i: int) -> None:
        for article in articles[4 + i :: 2]:
            do_set_article_entities(article, [_person("Harris"), _person("Joe Biden")])

    run_at_once(work)
    assert _entity("person:harris").article_links.count() == 8
    assert _entity("person:harris").merged_into_id is None


def _found(name: str, kind: str) -> FoundEntity:
    return FoundEntity(name, kind, 1, (name,))


def test_a_name_filed_under_a_minority_kind_joins_its_main_kind() -> None:
    *articles, extra = _articles(9)
    for article in articles[:6]:
        do_set_article_entities(article, [_found("White House", "organization")])
    for article in articles[6:]:  # the recogniser's occasional other label
        do_set_article_entities(article, [_found("White House", "place")])
    assert _entity("place:white house").merged_into == _entity("organization:white house")
    assert all(_keys(a) == {"organization:white house"} for a in articles)
    assert do_fold_kinds() == []  # idempotent
    # A later article with the minority label goes to the main kind at once.
    do_set_article_entities(extra, [_found("White House", "place")])
    assert _keys(extra) == {"organization:white house"}


def test_a_one_word_organisation_that_is_a_dominant_surname_joins_the_person() -> None:
    articles = _articles(9)
    for article in articles[:6]:
        do_set_article_entities(article, [_person("Joe Biden")])
    for article in articles[6:8]:  # "the Biden administration", tagged as an organisation
        do_set_article_entities(article, [_found("Biden", "organization")])
    assert _entity("organization:biden").merged_into == _entity("person:joe biden")
    assert _keys(articles[6]) == {"person:joe biden"}
    # Places are never read as surnames; kinds close to even stay apart.
    for article in articles[:6]:
        do_set_article_entities(article, [_person("Denzel Washington")])
    do_set_article_entities(articles[8], [_found("Washington", "place")])
    assert _entity("place:washington").merged_into_id is None
    for n, article in enumerate(articles[:5]):  # never twice the other's articles
        do_set_article_entities(article, [_found("Covid", ("organization", "person")[n % 2])])
    assert _entity("person:covid").merged_into_id is None  # 3 against 2: no clear majority
    assert _entity("organization:covid").merged_into_id is None


def test_entities_stored_under_another_name_of_a_country_fold_into_the_listed_name() -> None:
    articles = _articles(3)
    # Stored before the alias table named "US" and "America" "United States".
    us = Entity.objects.create(key="place:us", name="US", kind="place")
    america = Entity.objects.create(key="place:america", name="America", kind="place")
    for article, entity in zip(articles, (us, us, america), strict=True):
        ArticleEntity.objects.create(article=article, entity=entity, mentions=1, surface_forms=[])
    folds = do_fold_kinds()
    assert {(f.gone, f.kept) for f in folds} == {
        ("place:us", "place:united states"),
        ("place:america", "place:united states"),
    }
    assert all(_keys(a) == {"place:united states"} for a in articles)
    assert _entity("place:united states").name == "United States"
    assert do_fold_kinds() == []
    company = Entity.objects.create(
        key="organization:facebook inc", name="Facebook Inc", kind="organization"
    )
    ArticleEntity.objects.create(article=articles[0], entity=company, mentions=1, surface_forms=[])
    assert [(f.gone, f.kept) for f in do_fold_kinds()] == [
        ("organization:facebook inc", "organization:facebook")
    ]


def _write(article: Article, body: str, title: str = "") -> None:
    Article.objects.filter(pk=article.pk).update(title=title, body_text=body)


def test_a_one_word_person_its_articles_write_as_a_thing_is_filed_as_an_organisation() -> None:
    articles = _articles(3)
    _write(articles[0], "The minister said on Twitter that a Twitter user had lied.")
    do_set_article_entities(articles[0], [_person("Twitter"), _person("Ana Ruiz")])
    twitter = _entity("organization:twitter")
    assert _entity("person:twitter").merged_into == twitter
    assert _keys(articles[0]) == {"organization:twitter", "person:ana ruiz"}
    assert twitter.name == "Twitter"
    # A later article tagging it as a person links the organisation, whatever its text.
    _write(articles[1], "Twitter said nothing.")
    do_set_article_entities(articles[1], [_person("Twitter")])
    assert _keys(articles[1]) == {"organization:twitter"}
    assert do_fold_things() == []


def test_a_one_word_person_named_like_a_source_is_that_outlet() -> None:
    """No cue word before it ("Politico reported"), but newsdesk follows an outlet of that
    name; a full name with the word keeps it a person ("Forbes" with Steve Forbes)."""
    Source.objects.create(name="Politico", domain="politico.example")
    Source.objects.create(name="Forbes", domain="forbes.example")
    articles = _articles(3)
    _write(articles[0], "Politico reported that the bill would pass. Politico said so.")
    do_set_article_entities(articles[0], [_person("Politico")])
    assert _entity("person:politico").merged_into == _entity("organization:politico")
    assert _keys(articles[0]) == {"organization:politico"}
    do_set_article_entities(articles[1], [_person("Steve Forbes")])
    _write(articles[2], "Forbes said taxes were too high.")
    do_set_article_entities(articles[2], [_person("Forbes")])
    assert _entity("person:forbes").merged_into_id is None
    assert do_fold_things() == []


def test_people_stay_people_mononyms_and_words_of_full_names_alike() -> None:
    articles = _articles(3)
    _write(
        articles[0], "Singer Rihanna said her cousin died. Rihanna's fans mourned. Rihanna wrote."
    )
    do_set_article_entities(articles[0], [_person("Rihanna")])
    # "Cutler" after "the" twice, but Jay Cutler is a stored full name: a person's surname.
    do_set_article_entities(articles[1], [_person("Jay Cutler")])
    _write(articles[2], "At the Cutler home, the Cutler family said Cutler was fine.")
    do_set_article_entities(articles[2], [_person("Cutler")])
    assert _entity("person:rihanna").merged_into_id is None
    assert _entity("person:cutler").merged_into_id is None
    assert not Entity.objects.filter(key__in=["organization:rihanna", "organization:cutler"])
    assert do_fold_things() == []


def test_an_organisation_filed_under_the_one_word_person_is_itself_again() -> None:
    articles = _articles(8)
    for article in articles[:6]:  # tagged as a person, in texts with no cue (yet)
        do_set_article_entities(article, [_person("Pfizer")])
    for article in articles[6:]:
        do_set_article_entities(article, [_found("Pfizer", "organization")])
    person, organization = _entity("person:pfizer"), _entity("organization:pfizer")
    assert organization.merged_into == person  # the minority kind joined the majority one
    for article in articles[:3]:
        _write(article, "Doses of the Pfizer vaccine arrived, said Pfizer.", title="Pfizer shots")

    folds = do_fold_things()

    assert [(f.gone, f.kept, f.links) for f in folds] == [
        ("person:pfizer", "organization:pfizer", 8)
    ]
    assert _entity("organization:pfizer").merged_into_id is None
    assert _entity("person:pfizer").merged_into == organization
    assert all(_keys(a) == {"organization:pfizer"} for a in articles)
    assert do_fold_things() == [] and do_fold_kinds() == []
    assert organization.article_links.count() == 8


def test_the_fold_command_files_stored_one_word_things() -> None:
    articles = _articles(2)
    spacex = Entity.objects.create(key="person:spacex", name="SpaceX", kind="person")
    kyiv = Entity.objects.create(key="place:kyiv", name="Kyiv", kind="place")
    for article in articles:  # stored by a version without this fold
        ArticleEntity.objects.create(article=article, entity=spacex, surface_forms=["SpaceX"])
        # a place more often than an organisation, in 2 articles
        ArticleEntity.objects.create(article=article, entity=kyiv, surface_forms=["Kyiv"])
        _write(article, "Engineers at SpaceX launched the SpaceX rocket. SpaceX said so.")
    _legacy_links(articles[0], "person:kyiv")
    _write(articles[0], "He flew to the Kyiv airport, at Kyiv, then SpaceX. " * 2)
    assert main(["entities", "fold"]) == 0
    assert _keys(articles[0]) == {"organization:spacex", "place:kyiv"}
    assert _entity("person:spacex").merged_into == _entity("organization:spacex")
    assert main(["entities", "fold", "spacex", "kyiv"]) == 0
    assert not do_fold_things()


def test_only_the_latest_articles_of_a_name_are_read_for_cues(monkeypatch: Any) -> None:
    from newsdesk.store.actions import entities

    articles = _articles(3)
    _write(articles[0], "Shares of the Acme group fell; at Acme, a spokesman said Acme was fine.")
    for article in articles:
        do_set_article_entities(article, [_person("Acme")])
    assert _entity("person:acme").merged_into_id is not None  # the first article's cues
    Entity.objects.filter(key="person:acme").update(merged_into=None)  # as stored before
    ArticleEntity.objects.filter(article__in=articles).update(entity=_entity("person:acme"))
    monkeypatch.setattr(entities, "THING_ARTICLES", 2)  # the two latest write no cue
    assert do_fold_things() == []
    monkeypatch.setattr(entities, "THING_ARTICLES", 3)
    assert [f.gone for f in do_fold_things()] == ["person:acme"]
