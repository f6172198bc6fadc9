"""The Fever API for reader apps: app passwords, auth, items paging, read and saved
state, marks, sanitized HTML, per-reader state."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.store.actions.follows import do_follow_source, do_save_article
from newsdesk.store.actions.reader_apps import do_set_app_password, fever_key
from newsdesk.store.models import Article, Feed, LoginAttempt, ReadArticle, SavedArticle, Source
from newsdesk.store.queries.accounts import LOGIN_FAILURES_PER_IP
from tests.serve.conftest import add_feed, make_user, minutes_ago

pytestmark = pytest.mark.django_db

APP_PASSWORD = "app-password-for-tests"
BASE_KEYS = {"api_version", "auth", "last_refreshed_on_time"}


def key_for(user: Any) -> str:
    do_set_app_password(user.pk, user.get_username(), APP_PASSWORD, now=timezone.now())
    return fever_key(user.get_username(), APP_PASSWORD)


def fever(client: Client, query: str, key: str, **form: Any) -> dict[str, Any]:
    response = client.post(f"/fever/?api{query}", {"api_key": key, **form})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body: dict[str, Any] = json.loads(response.content)
    return body


def ids(csv: str) -> list[int]:
    return [int(part) for part in csv.split(",") if part]


# --- app passwords and auth ---------------------------------------------------------------


def test_account_page_makes_shows_once_and_revokes_the_app_password(
    client: Client, reader: Any
) -> None:
    assert client.get("/account/apps/").status_code == 302  # log-in required
    client.force_login(reader)
    page = client.get("/account/apps/").content.decode()
    assert "no app password yet" in page and "<code>http://testserver/fever/</code>" in page

    html = client.post("/account/apps/").content.decode()
    password = html.split('<code id="app-password">', 1)[1].split("</code>", 1)[0]
    assert len(password) >= 20
    assert password not in client.get("/account/apps/").content.decode()  # shown once
    key = fever_key("reader", password)
    assert fever(Client(), "", key)["auth"] == 1

    client.post("/account/apps/", {"action": "revoke"})
    assert fever(Client(), "", key)["auth"] == 0


def test_account_page_needs_the_csrf_token(reader: Any) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader)
    assert strict.post("/account/apps/").status_code == 403
    assert "no app password yet" in strict.get("/account/apps/").content.decode()


def test_a_wrong_or_missing_key_gets_auth_0_and_no_data(
    client: Client, reader: Any, make_article: Any
) -> None:
    make_article("one")
    key_for(reader)
    query = "&groups&feeds&items&unread_item_ids&saved_item_ids&links&favicons"

    missing = fever(client, query, "")
    wrong = fever(client, query, "0" * 32)
    account_password = fever(client, query, fever_key("reader", "correct-horse-battery-staple-42"))

    for body in (missing, wrong, account_password):
        assert set(body) == BASE_KEYS
        assert body["auth"] == 0 and body["api_version"] == 3
    assert LoginAttempt.objects.filter(username="(fever)").count() == 2  # the two bad keys


def test_the_endpoint_is_csrf_exempt_json_and_never_cached(reader: Any) -> None:
    key = key_for(reader)
    strict = Client(enforce_csrf_checks=True)
    with_slash = strict.post("/fever/?api", {"api_key": key})
    without_slash = strict.post("/fever?api", {"api_key": key})

    assert json.loads(with_slash.content)["auth"] == 1
    assert json.loads(without_slash.content)["auth"] == 1
    assert "no-store" in with_slash["Cache-Control"]


def test_failed_keys_are_throttled_per_address(client: Client, reader: Any) -> None:
    key = key_for(reader)
    for _ in range(LOGIN_FAILURES_PER_IP):
        fever(client, "", "f" * 32)

    response = client.post("/fever/?api&items", {"api_key": key})

    assert response.status_code == 429
    assert json.loads(response.content) == {
        "api_version": 3,
        "auth": 0,
        "last_refreshed_on_time": 0,
    }


# --- groups and feeds ---------------------------------------------------------------------


def test_feeds_are_the_followed_sources_or_all_of_them(
    client: Client, reader: Any, feed: Feed
) -> None:
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    refreshed = timezone.now().replace(microsecond=0) - timedelta(minutes=3)
    Feed.objects.filter(pk=bbc.pk).update(last_success_at=refreshed)  # a poll's fixture fact
    key = key_for(reader)

    everything = fever(client, "&feeds&groups", key)
    assert [f["title"] for f in everything["feeds"]] == ["BBC News", "CNN"]
    assert everything["groups"] == [{"id": 1, "title": "All sources"}]
    cnn, bbc_source = feed.source_id, bbc.source_id
    assert everything["feeds_groups"] == [{"group_id": 1, "feed_ids": f"{bbc_source},{cnn}"}]
    assert everything["last_refreshed_on_time"] == int(refreshed.timestamp())

    do_follow_source(reader.pk, Source.objects.get(pk=cnn), now=timezone.now())
    followed = fever(client, "&feeds", key)
    assert followed["feeds"] == [
        {
            "id": cnn,
            "favicon_id": 0,
            "title": "CNN",
            "url": "http://testserver/s/edition.cnn.com/feed.rss",
            "site_url": Source.objects.get(pk=cnn).homepage or "https://edition.cnn.com/",
            "is_spark": 0,
            "last_updated_on_time": 0,
        }
    ]
    assert followed["feeds_groups"] == [{"group_id": 1, "feed_ids": str(cnn)}]
    extras = fever(client, "&favicons&links", key)
    assert (extras["favicons"], extras["links"], extras["auth"]) == ([], [], 1)


# --- items --------------------------------------------------------------------------------


def test_items_page_by_since_id_max_id_and_with_ids_50_at_a_time(
    client: Client, reader: Any, make_article: Any
) -> None:
    made = [make_article(f"a{i}", published=minutes_ago(100 - i)).pk for i in range(55)]
    key = key_for(reader)

    def item_ids(query: str) -> list[int]:
        body = fever(client, f"&items{query}", key)
        assert body["total_items"] == 55
        return [item["id"] for item in body["items"]]

    assert item_ids("") == made[:50]
    assert item_ids("&since_id=0") == made[:50]
    assert item_ids(f"&since_id={made[49]}") == made[50:]
    assert item_ids(f"&since_id={made[-1]}") == []
    assert item_ids("&max_id=0") == made[::-1][:50]
    assert item_ids(f"&max_id={made[5]}") == made[4::-1]
    assert item_ids(f"&with_ids={made[3]},{made[1]}") == [made[1], made[3]]
    # At most 50 ids are read from with_ids: the first 50 given (here the newest 50).
    assert item_ids("&with_ids=" + ",".join(map(str, made[::-1]))) == made[5:]


def test_an_item_has_the_protocols_fields(client: Client, reader: Any, make_article: Any) -> None:
    published = timezone.now().replace(microsecond=0) - timedelta(hours=2)
    article = make_article(
        "story", title="A story", authors=["Ann", "Bo"], published=published, text="Body."
    )
    item = fever(client, "&items", key_for(reader))["items"][0]

    assert item == {
        "id": article.pk,
        "feed_id": article.source_id,
        "title": "A story",
        "author": "Ann, Bo",
        "html": "<p>Body.</p>",
        "url": article.url,
        "is_saved": 0,
        "is_read": 0,
        "created_on_time": int(published.timestamp()),
    }


def test_items_cost_a_fixed_number_of_queries(
    client: Client, reader: Any, make_article: Any, django_assert_num_queries: Any
) -> None:
    for i in range(12):
        make_article(f"a{i}")
    key = key_for(reader)

    # throttle, key, sources, items, read, saved, total
    with django_assert_num_queries(7):
        assert len(fever(client, "&items", key)["items"]) == 12


def test_item_html_is_sanitized_and_follows_the_display_policy(
    client: Client, reader: Any, make_article: Any, feed: Feed
) -> None:
    article = make_article(
        "xss",
        html='<p onclick="steal()">Hello <script>alert(1)</script><a href="javascript:x()">'
        "link</a></p><iframe src='https://evil.test'></iframe>",
        text="Hello link",
    )
    key = key_for(reader)

    html = fever(client, "&items", key)["items"][0]["html"]
    assert "Hello" in html
    for bad in ("<script", "alert(1)", "onclick", "javascript:", "<iframe"):
        assert bad not in html

    Source.objects.filter(pk=feed.source_id).update(display_policy=Source.DisplayPolicy.EXCERPT)
    excerpt = fever(client, "&items", key)["items"][0]["html"]
    assert excerpt.startswith("<p>Hello") and "<a" not in excerpt and "alert" not in excerpt

    Source.objects.filter(pk=feed.source_id).update(display_policy=Source.DisplayPolicy.LINK)
    linked = fever(client, "&items", key)["items"][0]
    assert linked["html"] == "" and linked["url"] == article.url


# --- read and saved state -----------------------------------------------------------------


def test_mark_item_read_unread_saved_unsaved_changes_the_id_lists(
    client: Client, reader: Any, make_article: Any
) -> None:
    first, second = make_article("first"), make_article("second")
    old = make_article("old", published=timezone.now() - timedelta(days=40))
    key = key_for(reader)

    lists = fever(client, "&unread_item_ids&saved_item_ids", key)
    assert ids(lists["unread_item_ids"]) == [first.pk, second.pk]  # 40 days old counts as read
    assert lists["saved_item_ids"] == ""

    after_read = fever(client, "", key, mark="item", **{"as": "read"}, id=first.pk)
    assert ids(after_read["unread_item_ids"]) == [second.pk]
    items = {i["id"]: i for i in fever(client, "&items", key)["items"]}
    assert (items[first.pk]["is_read"], items[second.pk]["is_read"], items[old.pk]["is_read"]) == (
        1,
        0,
        1,
    )

    fever(client, "", key, mark="item", **{"as": "unread"}, id=first.pk)
    assert ids(fever(client, "&unread_item_ids", key)["unread_item_ids"]) == [first.pk, second.pk]

    after_save = fever(client, "", key, mark="item", **{"as": "saved"}, id=second.pk)
    assert ids(after_save["saved_item_ids"]) == [second.pk]
    assert SavedArticle.objects.filter(user=reader, article=second).exists()  # the site's Saved
    assert fever(client, f"&items&with_ids={second.pk}", key)["items"][0]["is_saved"] == 1

    fever(client, "", key, mark="item", **{"as": "unsaved"}, id=second.pk)
    assert fever(client, "&saved_item_ids", key)["saved_item_ids"] == ""


def test_saved_on_the_site_shows_in_the_app(client: Client, reader: Any, make_article: Any) -> None:
    article = make_article("kept")
    do_save_article(reader.pk, article, now=timezone.now())
    assert ids(fever(client, "&saved_item_ids", key_for(reader))["saved_item_ids"]) == [article.pk]


def test_mark_feed_and_group_read_before_a_time(
    client: Client, reader: Any, make_article: Any
) -> None:
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    older = make_article("older", published=minutes_ago(60))
    newer = make_article("newer", published=minutes_ago(5))
    bbc_one = make_article("bbc-one", feed=bbc, published=minutes_ago(60))
    key = key_for(reader)
    before = int(minutes_ago(30).timestamp())

    body = fever(client, "", key, mark="feed", **{"as": "read"}, id=older.source_id, before=before)
    assert ids(body["unread_item_ids"]) == [newer.pk, bbc_one.pk]

    fever(client, "", key, mark="group", **{"as": "read"}, id=1, before=before)
    assert ids(fever(client, "&unread_item_ids", key)["unread_item_ids"]) == [newer.pk]

    fever(client, "", key, mark="group", **{"as": "read"}, id=0)  # no "before": up to now
    assert fever(client, "&unread_item_ids", key)["unread_item_ids"] == ""


def test_marks_only_reach_the_readers_own_feeds(
    client: Client, reader: Any, make_article: Any
) -> None:
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    cnn_one = make_article("cnn-one")
    bbc_one = make_article("bbc-one", feed=bbc)
    do_follow_source(reader.pk, Source.objects.get(pk=cnn_one.source_id), now=timezone.now())
    key = key_for(reader)

    fever(client, "", key, mark="item", **{"as": "saved"}, id=bbc_one.pk)
    fever(client, "", key, mark="feed", **{"as": "read"}, id=bbc_one.source_id)

    assert not SavedArticle.objects.filter(user=reader).exists()
    assert not ReadArticle.objects.filter(user=reader).exists()
    assert fever(client, f"&items&with_ids={bbc_one.pk}", key)["items"] == []
    assert ids(fever(client, "&unread_item_ids", key)["unread_item_ids"]) == [cnn_one.pk]


def test_each_reader_has_their_own_state(client: Client, reader: Any, make_article: Any) -> None:
    article = make_article("shared")
    other = make_user("other")
    mine, theirs = key_for(reader), key_for(other)

    fever(client, "", mine, mark="item", **{"as": "read"}, id=article.pk)
    fever(client, "", mine, mark="item", **{"as": "saved"}, id=article.pk)

    assert fever(client, "&unread_item_ids", mine)["unread_item_ids"] == ""
    other_view = fever(client, "&unread_item_ids&saved_item_ids&items", theirs)
    assert ids(other_view["unread_item_ids"]) == [article.pk]
    assert other_view["saved_item_ids"] == ""
    assert (other_view["items"][0]["is_read"], other_view["items"][0]["is_saved"]) == (0, 0)
    assert Article.objects.filter(pk=article.pk).exists()
