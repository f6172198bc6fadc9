"""Folders in reader apps: Google Reader labels (tag/list, subscription categories, label
streams, unread counts, mark-all-as-read, moves with subscription/edit, rename-tag and
disable-tag) and Fever groups (groups, feeds_groups, marking a group read)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.store.actions.folders import do_file_source
from newsdesk.store.actions.follows import do_follow_source
from newsdesk.store.models import Feed, Folder, Follow, Source
from newsdesk.store.queries.accounts import sources_by_folder
from tests.serve.conftest import add_feed, make_user, minutes_ago, publish
from tests.serve.test_fever import fever, ids, key_for
from tests.serve.test_greader import (
    API,
    APP_PASSWORD,
    LABEL,
    READ,
    READING_LIST,
    STARRED,
    App,
    with_app_password,
)

pytestmark = pytest.mark.django_db

WORLD = "user/-/label/World"
TECH = "user/-/label/Tech"


@pytest.fixture
def app(client: Client, reader: Any) -> App:
    return App(client, with_app_password(reader))


@pytest.fixture
def bbc(db: Any) -> Feed:
    return add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")


@pytest.fixture
def verge(db: Any) -> Feed:
    return add_feed("https://www.theverge.com/rss/index.xml", title="The Verge")


def follow_in(user: Any, feed: Feed, folder: str) -> None:
    do_follow_source(user.pk, feed.source, now=timezone.now())
    if folder:
        do_file_source(user.pk, feed.source, folder, now=timezone.now())


def grouped(user: Any) -> list[tuple[str, list[str]]]:
    return [(g.name, [s.name for s in g.sources]) for g in sources_by_folder(user.pk)]


def categories(app: App) -> dict[str, list[str]]:
    return {
        s["title"]: [c["label"] for c in s["categories"]]
        for s in app.json("/subscription/list")["subscriptions"]
    }


# --- Google Reader: reading ----------------------------------------------------------------


def test_labels_are_the_readers_folders(
    app: App,
    reader: Any,
    feed: Feed,
    bbc: Feed,
    verge: Feed,
    django_assert_num_queries: Any,
) -> None:
    follow_in(reader, bbc, "World")
    follow_in(reader, feed, "World")
    follow_in(reader, verge, "")
    cnn_one = publish(feed, "cnn-one", published=minutes_ago(50))
    bbc_one = publish(bbc, "bbc-one", published=minutes_ago(40))
    verge_one = publish(verge, "verge-one", published=minutes_ago(30))

    assert app.json("/tag/list")["tags"] == [
        {"id": STARRED},
        {"id": WORLD, "label": "World", "type": "folder"},
    ]
    with django_assert_num_queries(3):  # user, sources (with folders), feed URLs
        assert categories(app) == {"BBC News": ["World"], "CNN": ["World"], "The Verge": []}
    subscription = app.json("/subscription/list")["subscriptions"][0]
    assert subscription["categories"] == [{"id": WORLD, "label": "World"}]

    assert app.item_ids(WORLD) == [bbc_one.pk, cnn_one.pk]
    assert app.ids(s=WORLD)[0] == [bbc_one.pk, cnn_one.pk]
    assert app.ids(s="user/1234/label/World")[0] == [bbc_one.pk, cnn_one.pk]  # user/<id>/
    assert app.item_ids("user/-/label/Elsewhere") == []
    assert app.item_ids(LABEL) == [verge_one.pk, bbc_one.pk, cnn_one.pk]  # still everything
    items = {i["origin"]["title"]: i["categories"] for i in app.contents()["items"]}
    assert items["BBC News"] == [READING_LIST, WORLD]
    assert items["The Verge"] == [READING_LIST]

    with django_assert_num_queries(3):  # user, sources, counts
        counts = app.json("/unread-count")
    by_id = {row["id"]: row["count"] for row in counts["unreadcounts"]}
    assert by_id == {
        f"feed/{bbc.source_id}": 1,
        f"feed/{feed.source_id}": 1,
        f"feed/{verge.source_id}": 1,
        WORLD: 2,
        READING_LIST: 3,
    }
    world = next(r for r in counts["unreadcounts"] if r["id"] == WORLD)
    bbc_row = next(r for r in counts["unreadcounts"] if r["id"] == f"feed/{bbc.source_id}")
    assert world["newestItemTimestampUsec"] == bbc_row["newestItemTimestampUsec"] != "0"

    app.ok("/mark-all-as-read", {"s": WORLD})
    assert app.ids(s=READING_LIST, xt=READ)[0] == [verge_one.pk]
    assert app.json("/unread-count")["max"] == 1


def test_without_folders_the_one_label_holds_everything(app: App, feed: Feed, bbc: Feed) -> None:
    assert app.json("/tag/list")["tags"][1:] == [
        {"id": LABEL, "label": "All sources", "type": "folder"}
    ]
    assert categories(app) == {"BBC News": ["All sources"], "CNN": ["All sources"]}


# --- Google Reader: changes ----------------------------------------------------------------


def test_subscription_edit_moves_sources_between_folders(
    app: App, reader: Any, feed: Feed, bbc: Feed, verge: Feed
) -> None:
    follow_in(reader, feed, "")
    follow_in(reader, bbc, "")
    cnn, bbc_stream = f"feed/{feed.source_id}", f"feed/{bbc.source_id}"

    for _ in range(2):  # a repeated move changes nothing more
        app.ok("/subscription/edit", {"ac": "edit", "s": cnn, "a": WORLD})
    app.ok("/subscription/edit", {"ac": "edit", "s": [cnn, bbc_stream], "a": TECH, "r": WORLD})
    assert grouped(reader) == [("Tech", ["BBC News", "CNN"])]
    assert list(Folder.objects.values_list("name", flat=True)) == ["Tech"]  # World emptied
    # Apps send the title along with a move: an unchanged title is no rename.
    app.ok("/subscription/edit", {"ac": "edit", "s": cnn, "t": "CNN", "a": WORLD})
    app.ok("/subscription/edit", {"ac": "edit", "s": bbc_stream, "r": WORLD})  # not in World
    assert grouped(reader) == [("Tech", ["BBC News"]), ("World", ["CNN"])]
    app.ok("/subscription/edit", {"ac": "edit", "s": bbc_stream, "r": TECH})
    assert grouped(reader) == [("World", ["CNN"]), ("", ["BBC News"])]

    app.ok("/subscription/edit", {"ac": "subscribe", "s": f"feed/{verge.url}", "a": TECH})
    assert grouped(reader) == [("Tech", ["The Verge"]), ("World", ["CNN"]), ("", ["BBC News"])]
    bad = app.post("/subscription/edit", {"ac": "edit", "s": cnn, "a": "user/-/label/x\x01"})
    assert bad.status_code == 400
    refused = app.post("/subscription/edit", {"ac": "edit", "s": cnn, "a": TECH}, token=False)
    assert refused.status_code == 401 and refused["X-Reader-Google-Bad-Token"] == "true"
    assert grouped(reader)[1] == ("World", ["CNN"])


def test_moving_a_source_when_following_nothing_follows_every_source(
    app: App, reader: Any, feed: Feed, bbc: Feed
) -> None:
    app.ok("/subscription/edit", {"ac": "edit", "s": f"feed/{bbc.source_id}", "r": WORLD})
    assert not Follow.objects.exists()  # nothing to take out of a folder: no change
    app.ok("/subscription/edit", {"ac": "edit", "s": f"feed/{bbc.source_id}", "a": WORLD})
    assert grouped(reader) == [("World", ["BBC News"]), ("", ["CNN"])]
    assert categories(app) == {"BBC News": ["World"], "CNN": []}


def test_rename_tag_and_disable_tag(app: App, reader: Any, feed: Feed, bbc: Feed) -> None:
    follow_in(reader, feed, "World")
    follow_in(reader, bbc, "News")

    app.ok("/rename-tag", {"s": WORLD, "dest": "user/-/label/Global"})
    assert grouped(reader) == [("Global", ["CNN"]), ("News", ["BBC News"])]
    app.ok("/rename-tag", {"t": "News", "dest": "user/-/label/Global"})  # into one: merged
    assert grouped(reader) == [("Global", ["BBC News", "CNN"])]
    assert Folder.objects.count() == 1
    unknown = app.post("/rename-tag", {"s": WORLD, "dest": TECH})
    assert unknown.status_code == 400 and b"no label World" in unknown.content
    assert app.post("/rename-tag", {"s": "user/-/label/Global"}).status_code == 400
    assert (
        app.post("/rename-tag", {"s": "user/-/label/Global", "dest": TECH}, token=False)[
            "X-Reader-Google-Bad-Token"
        ]
        == "true"
    )

    refused = app.post("/disable-tag", {"s": "user/-/label/Global"}, token=False)
    assert refused.status_code == 401 and Folder.objects.exists()
    app.ok("/disable-tag", {"s": "user/-/label/Global"})
    assert grouped(reader) == [("", ["BBC News", "CNN"])]  # still followed, in no folder
    assert not Folder.objects.exists()
    assert app.post("/disable-tag", {"s": "user/-/label/Global"}).status_code == 400
    assert app.json("/tag/list")["tags"][1]["id"] == LABEL  # no folders: the one label again


def test_folders_are_each_readers_own(client: Client, feed: Feed, bbc: Feed) -> None:
    ann, bob = with_app_password(make_user("ann")), with_app_password(make_user("bob"))
    follow_in(ann, feed, "World")
    follow_in(bob, feed, "Mine")
    bob_app = App(client, bob)
    assert bob_app.post("/rename-tag", {"s": WORLD, "dest": TECH}).status_code == 400
    assert bob_app.post("/disable-tag", {"s": WORLD}).status_code == 400
    assert bob_app.item_ids(WORLD) == []
    assert grouped(ann) == [("World", ["CNN"])] and grouped(bob) == [("Mine", ["CNN"])]


def test_labels_over_http(live_server: Any, transactional_db: Any) -> None:
    """A reader app moves a subscription into a new folder and reads it, over a socket."""
    feed = add_feed()
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    reader = with_app_password(make_user("ann"))
    follow_in(reader, feed, "")
    follow_in(reader, bbc, "")
    made = publish(bbc, "bbc-one").pk
    with httpx.Client(base_url=live_server.url, timeout=10) as http:
        login = http.post("/accounts/ClientLogin", data={"Email": "ann", "Passwd": APP_PASSWORD})
        auth = login.text.splitlines()[2].removeprefix("Auth=")
        http.headers["Authorization"] = f"GoogleLogin auth={auth}"
        token = http.get(f"{API}/token").text.strip()
        moved = http.post(
            f"{API}/subscription/edit",
            data={"ac": "edit", "s": f"feed/{bbc.source_id}", "a": WORLD, "T": token},
        )
        assert moved.text == "OK"
        tags = http.get(f"{API}/tag/list", params={"output": "json"}).json()["tags"]
        assert [t["id"] for t in tags] == [STARRED, WORLD]
        page = http.get(f"{API}/stream/contents/{WORLD}").json()
        assert [i["id"] for i in page["items"]] == [f"tag:google.com,2005:reader/item/{made:016x}"]


# --- Fever groups --------------------------------------------------------------------------


def test_fever_groups_are_the_readers_folders(
    client: Client, reader: Any, feed: Feed, bbc: Feed, verge: Feed
) -> None:
    key = key_for(reader)
    follow_in(reader, feed, "World")
    follow_in(reader, bbc, "World")
    follow_in(reader, verge, "Tech")
    world = Folder.objects.get(name="World").pk
    tech = Folder.objects.get(name="Tech").pk

    body = fever(client, "&groups&feeds", key)
    assert body["groups"] == [{"id": tech, "title": "Tech"}, {"id": world, "title": "World"}]
    assert body["feeds_groups"] == [
        {"group_id": tech, "feed_ids": str(verge.source_id)},
        {"group_id": world, "feed_ids": f"{bbc.source_id},{feed.source_id}"},
    ]
    assert [f["title"] for f in body["feeds"]] == ["BBC News", "CNN", "The Verge"]

    cnn_one = publish(feed, "cnn-one", published=minutes_ago(30))
    verge_one = publish(verge, "verge-one", published=minutes_ago(30))
    fever(client, "", key, mark="group", **{"as": "read"}, id=world)
    assert ids(fever(client, "&unread_item_ids", key)["unread_item_ids"]) == [verge_one.pk]
    other = make_user("other")
    do_follow_source(other.pk, verge.source, now=timezone.now())
    do_file_source(other.pk, verge.source, "Theirs", now=timezone.now())
    theirs = Folder.objects.get(name="Theirs").pk
    fever(client, "", key, mark="group", **{"as": "read"}, id=theirs)  # not this reader's
    fever(
        client, "", key, mark="group", **{"as": "read"}, id=1
    )  # not "every feed" once there are folders
    assert ids(fever(client, "&unread_item_ids", key)["unread_item_ids"]) == [verge_one.pk]
    fever(client, "", key, mark="group", **{"as": "read"}, id=0)  # Kindling: everything
    assert fever(client, "&unread_item_ids", key)["unread_item_ids"] == ""
    assert cnn_one.pk not in ids(fever(client, "&unread_item_ids", key)["unread_item_ids"])


def test_fever_keeps_the_one_group_without_folders(
    client: Client, reader: Any, feed: Feed, bbc: Feed
) -> None:
    key = key_for(reader)
    follow_in(reader, feed, "")
    body = fever(client, "&groups", key)
    assert body["groups"] == [{"id": 1, "title": "All sources"}]
    assert body["feeds_groups"] == [{"group_id": 1, "feed_ids": str(feed.source_id)}]
    assert Source.objects.count() == 2
