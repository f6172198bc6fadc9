"""The Google Reader API for reader apps: ClientLogin with the app password, tokens, the
subscription, tag and unread lists, streams with continuation, item contents (sanitized),
read and starred state shared with Fever and the site, mark-all-as-read and subscribing."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.test import Client
from django.utils import timezone

from newsdesk.jobs.context import JobContext
from newsdesk.jobs.queue import InlineQueue
from newsdesk.jobs.scheduler import crawl_once
from newsdesk.pipeline.fetch import Fetcher
from newsdesk.store.actions.follows import do_follow_source, do_save_article
from newsdesk.store.actions.reader_apps import do_revoke_app_password, do_set_app_password
from newsdesk.store.models import (
    Article,
    Feed,
    Follow,
    LoginAttempt,
    ReadArticle,
    SavedArticle,
    Source,
)
from newsdesk.store.queries.accounts import LOGIN_FAILURES_PER_IP
from tests.httpserver import LocalServer
from tests.jobs.conftest import make_config
from tests.jobs.site import make_stories, publish_site
from tests.serve.conftest import PASSWORD, add_feed, make_user, minutes_ago, publish

pytestmark = pytest.mark.django_db

APP_PASSWORD = "app-password-for-tests"
API = "/reader/api/0"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
READING_LIST = "user/-/state/com.google/reading-list"
LABEL = "user/-/label/All sources"


def long_id(pk: int) -> str:
    return f"tag:google.com,2005:reader/item/{pk:016x}"


class App:
    """A Google Reader client: logs in with the app password, then sends the header."""

    def __init__(self, client: Client, user: Any, password: str = APP_PASSWORD) -> None:
        self.client = client
        response = client.post(
            "/accounts/ClientLogin", {"Email": user.get_username(), "Passwd": password}
        )
        assert response.status_code == 200, response.content
        lines = dict(line.split("=", 1) for line in response.content.decode().splitlines())
        self.auth = lines["Auth"]
        self.headers = {"Authorization": f"GoogleLogin auth={self.auth}"}
        self.token = self.get("/token").content.decode().strip()

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"{API}{path}", params, headers=self.headers)

    def json(self, path: str, **params: Any) -> dict[str, Any]:
        response = self.get(path, output="json", **params)
        assert response.status_code == 200, response.content
        assert response["Content-Type"] == "application/json"
        body: dict[str, Any] = json.loads(response.content)
        return body

    def post(self, path: str, data: dict[str, Any] | None = None, *, token: bool = True) -> Any:
        form = {**(data or {}), **({"T": self.token} if token else {})}
        return self.client.post(f"{API}{path}", form, headers=self.headers)

    def ok(self, path: str, data: dict[str, Any]) -> None:
        response = self.post(path, data)
        assert (response.status_code, response.content) == (200, b"OK")

    def ids(self, **params: Any) -> tuple[list[int], str | None]:
        body = self.json("/stream/items/ids", **params)
        return [int(ref["id"]) for ref in body["itemRefs"]], body.get("continuation")

    def contents(self, stream: str = "", **params: Any) -> dict[str, Any]:
        return self.json(f"/stream/contents/{stream}" if stream else "/stream/contents", **params)

    def item_ids(self, stream: str = "", **params: Any) -> list[int]:
        return [
            int(i["id"].rsplit("/", 1)[1], 16) for i in self.contents(stream, **params)["items"]
        ]


def with_app_password(user: Any) -> Any:
    do_set_app_password(user.pk, user.get_username(), APP_PASSWORD, now=timezone.now())
    return user


@pytest.fixture
def app(client: Client, reader: Any) -> App:
    return App(client, with_app_password(reader))


# --- log-in and tokens ---------------------------------------------------------------------


def test_client_login_takes_the_app_password_not_the_account_password(
    client: Client, reader: Any
) -> None:
    with_app_password(reader)

    good = client.post("/accounts/ClientLogin", {"Email": "reader", "Passwd": APP_PASSWORD})
    lines = good.content.decode().splitlines()
    assert good.status_code == 200 and good["Content-Type"].startswith("text/plain")
    assert [line.split("=", 1)[0] for line in lines] == ["SID", "LSID", "Auth"]
    auth = lines[2].removeprefix("Auth=")
    assert auth.startswith("reader/") and lines[0] == f"SID={auth}"
    as_json = client.post(
        "/accounts/ClientLogin", {"Email": "reader", "Passwd": APP_PASSWORD, "output": "json"}
    )
    assert json.loads(as_json.content)["Auth"] == auth
    by_email = client.post(
        "/accounts/ClientLogin", {"Email": "reader@example.org", "Passwd": APP_PASSWORD}
    )
    assert by_email.content.decode().splitlines()[2] == f"Auth={auth}"

    for email, password in [("reader", PASSWORD), ("reader", "wrong"), ("nobody", APP_PASSWORD)]:
        bad = client.post("/accounts/ClientLogin", {"Email": email, "Passwd": password})
        assert (bad.status_code, bad.content) == (401, b"Error=BadAuthentication\n")
    assert LoginAttempt.objects.filter(username="(greader)").count() == 3


def test_failed_logins_are_throttled_per_address(client: Client, reader: Any) -> None:
    with_app_password(reader)
    for _ in range(LOGIN_FAILURES_PER_IP):
        client.post("/accounts/ClientLogin", {"Email": "reader", "Passwd": "guess"})

    response = client.post("/accounts/ClientLogin", {"Email": "reader", "Passwd": APP_PASSWORD})

    assert response.status_code == 429


def test_calls_need_a_valid_auth_token_which_ends_with_the_app_password(
    client: Client, app: App, reader: Any
) -> None:
    assert client.get(f"{API}/subscription/list").status_code == 401
    for header in (
        f"GoogleLogin auth=reader/{'0' * 40}",
        f"GoogleLogin auth=other/{app.auth.split('/')[1]}",
        f"Bearer {app.auth}",
        "GoogleLogin auth=reader/\u00e9t\u00e9",
    ):
        wrong = client.get(f"{API}/subscription/list", headers={"Authorization": header})
        assert (wrong.status_code, wrong.content) == (401, b"Unauthorized!")
    info = app.json("/user-info")
    assert (info["userName"], info["userEmail"], info["userId"]) == (
        "reader",
        "reader@example.org",
        str(reader.pk),
    )

    do_set_app_password(reader.pk, "reader", "a-new-app-password", now=timezone.now())
    assert app.get("/user-info").status_code == 401  # a new app password ends old tokens
    renewed = App(client, reader, "a-new-app-password")
    do_revoke_app_password(reader.pk)
    assert renewed.get("/user-info").status_code == 401


def test_changes_need_the_t_token(app: App, make_article: Any) -> None:
    article = make_article("one")
    assert len(app.token) == 57

    for token in (None, "x", app.token[:-1] + "Y", "\u00e9" * 57):
        data = {"i": article.pk, "a": READ, **({"T": token} if token else {})}
        response = app.post("/edit-tag", data, token=False)
        assert response.status_code == 401
        assert response["X-Reader-Google-Bad-Token"] == "true"
    assert not ReadArticle.objects.exists()
    assert app.post("/mark-all-as-read", {"s": READING_LIST}, token=False).status_code == 401
    assert app.post("/subscription/quickadd", {"quickadd": "x"}, token=False).status_code == 401

    app.ok("/edit-tag", {"i": article.pk, "a": READ})
    assert ReadArticle.objects.filter(article=article).exists()


def test_the_api_is_csrf_exempt_and_never_cached(reader: Any, make_article: Any) -> None:
    strict = Client(enforce_csrf_checks=True)
    app = App(strict, with_app_password(reader))
    article = make_article("one")

    app.ok("/edit-tag", {"i": article.pk, "a": STARRED})
    assert "no-store" in app.get("/stream/items/ids").headers["Cache-Control"]


def test_the_freshrss_path_serves_the_same_api(client: Client, reader: Any) -> None:
    with_app_password(reader)
    login = client.post(
        "/api/greader.php/accounts/ClientLogin", {"Email": "reader", "Passwd": APP_PASSWORD}
    )
    auth = login.content.decode().splitlines()[2].removeprefix("Auth=")
    response = client.get(
        "/api/greader.php/reader/api/0/tag/list",
        headers={"Authorization": f"GoogleLogin auth={auth}"},
    )
    assert json.loads(response.content)["tags"][0] == {"id": STARRED}


# --- subscriptions, tags and counts -----------------------------------------------------------


def test_subscriptions_tags_and_unread_counts(
    app: App, reader: Any, feed: Feed, make_article: Any, django_assert_num_queries: Any
) -> None:
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    cnn_one, cnn_two = make_article("cnn-one"), make_article("cnn-two")
    make_article("cnn-old", published=timezone.now() - timedelta(days=40))  # counts as read
    make_article("bbc-one", feed=bbc)
    app.ok("/edit-tag", {"i": cnn_one.pk, "a": READ})

    with django_assert_num_queries(3):  # user, sources, feed URLs
        subscriptions = app.json("/subscription/list")["subscriptions"]
    assert subscriptions == [
        {
            "id": f"feed/{bbc.source_id}",
            "title": "BBC News",
            "categories": [{"id": LABEL, "label": "All sources"}],
            "url": "https://www.bbc.co.uk/news/rss.xml",
            "htmlUrl": bbc.source.homepage,
            "iconUrl": "",
        },
        {
            "id": f"feed/{feed.source_id}",
            "title": "CNN",
            "categories": [{"id": LABEL, "label": "All sources"}],
            "url": feed.url,
            "htmlUrl": feed.source.homepage,
            "iconUrl": "",
        },
    ]
    assert app.json("/tag/list")["tags"] == [
        {"id": STARRED},
        {"id": LABEL, "label": "All sources", "type": "folder"},
    ]

    with django_assert_num_queries(3):  # user, sources, counts
        counts = app.json("/unread-count")
    by_id = {row["id"]: row["count"] for row in counts["unreadcounts"]}
    assert by_id == {
        f"feed/{bbc.source_id}": 1,
        f"feed/{feed.source_id}": 1,
        LABEL: 2,
        READING_LIST: 2,
    }
    newest = Article.objects.get(pk=cnn_two.pk).discovered_at
    cnn_row = next(r for r in counts["unreadcounts"] if r["id"] == f"feed/{feed.source_id}")
    assert cnn_row["newestItemTimestampUsec"] == str(int(newest.timestamp() * 1_000_000))
    assert counts["max"] == 2

    do_follow_source(reader.pk, Source.objects.get(pk=feed.source_id), now=timezone.now())
    assert [s["title"] for s in app.json("/subscription/list")["subscriptions"]] == ["CNN"]


# --- streams ----------------------------------------------------------------------------------


def test_item_ids_page_with_continuation_order_and_filters(
    app: App, make_article: Any, django_assert_num_queries: Any
) -> None:
    made = [make_article(f"a{i}").pk for i in range(7)]
    newest_first = made[::-1]
    with django_assert_num_queries(3):  # user, sources, ids
        assert app.ids(n=100) == (newest_first, None)

    first, more = app.ids(n=3)
    assert (first, more) == (newest_first[:3], str(newest_first[2]))
    second, more = app.ids(n=3, c=more)
    third, end = app.ids(n=3, c=more)
    assert (second, third, end) == (newest_first[3:6], newest_first[6:], None)
    assert app.ids(n=100, r="o") == (made, None)
    assert app.ids(n=4, r="o", c=str(made[3]))[0] == made[4:]

    app.ok("/edit-tag", {"i": [made[0], made[1]], "a": READ})
    app.ok("/edit-tag", {"i": made[2], "a": STARRED})
    assert app.ids(n=100, xt=READ)[0] == newest_first[:5]
    assert app.ids(n=100, s=READ)[0] == [made[1], made[0]]
    assert app.ids(n=100, it=STARRED)[0] == [made[2]]
    assert app.ids(n=100, s=STARRED, xt=READ)[0] == [made[2]]
    assert app.ids(n=100, s="user/1234/state/com.google/starred")[0] == [made[2]]

    Article.objects.filter(pk__in=made[:3]).update(  # discovery time is a crawl's fixture fact
        discovered_at=timezone.now() - timedelta(hours=2)
    )
    hour_ago = str(int(minutes_ago(60).timestamp()))
    assert app.ids(n=100, ot=hour_ago)[0] == newest_first[:4]
    assert app.ids(n=100, nt=hour_ago)[0] == newest_first[4:]
    assert app.get("/stream/items/ids", s="user/-/state/com.google/broadcast").status_code == 400


def test_stream_contents_of_feeds_labels_and_states(
    app: App, feed: Feed, make_article: Any
) -> None:
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    cnn = [make_article(f"cnn-{i}").pk for i in range(3)]
    bbc_one = make_article("bbc-one", feed=bbc).pk
    app.ok("/edit-tag", {"i": cnn[1], "a": STARRED})

    assert app.item_ids() == [bbc_one, *cnn[::-1]]
    assert app.item_ids(READING_LIST) == [bbc_one, *cnn[::-1]]
    assert app.item_ids(LABEL) == [bbc_one, *cnn[::-1]]
    assert app.item_ids("user/-/label/Elsewhere") == []
    assert app.item_ids(f"feed/{feed.source_id}") == cnn[::-1]
    assert app.item_ids(f"feed/{bbc.url}") == [bbc_one]
    assert app.item_ids("feed/https:/www.bbc.co.uk/news/rss.xml") == [bbc_one]  # merged slashes
    assert app.item_ids("feed/https://unknown.example/rss") == []
    assert app.item_ids(STARRED) == [cnn[1]]
    assert app.item_ids(s=f"feed/{bbc.source_id}") == [bbc_one]

    page = app.contents(f"feed/{feed.source_id}", n=2)
    assert page["continuation"] == str(cnn[1]) and page["id"] == f"feed/{feed.source_id}"
    rest = app.contents(f"feed/{feed.source_id}", n=2, c=page["continuation"])
    assert [i["id"] for i in rest["items"]] == [long_id(cnn[0])] and "continuation" not in rest


def test_an_item_has_the_protocols_fields(app: App, make_article: Any, feed: Feed) -> None:
    published = timezone.now().replace(microsecond=0) - timedelta(hours=2)
    article = make_article(
        "story", title="A story", authors=["Ann", "Bo"], published=published, text="Body."
    )
    app.ok("/edit-tag", {"i": article.pk, "a": STARRED})
    crawled = int(Article.objects.get(pk=article.pk).discovered_at.timestamp() * 1_000_000)

    body = app.contents()
    assert {k: body[k] for k in ("direction", "id", "author")} == {
        "direction": "ltr",
        "id": READING_LIST,
        "author": "reader",
    }
    assert body["items"] == [
        {
            "id": long_id(article.pk),
            "crawlTimeMsec": str(crawled // 1000),
            "timestampUsec": str(crawled),
            "published": int(published.timestamp()),
            "updated": int(published.timestamp()),
            "title": "A story",
            "canonical": [{"href": article.url}],
            "alternate": [{"href": article.url, "type": "text/html"}],
            "summary": {"direction": "ltr", "content": "<p>Body.</p>"},
            "author": "Ann, Bo",
            "origin": {
                "streamId": f"feed/{feed.source_id}",
                "title": "CNN",
                "htmlUrl": feed.source.homepage,
            },
            "categories": [READING_LIST, LABEL, STARRED],
        }
    ]


def test_items_contents_by_long_and_short_ids_in_fixed_queries(
    app: App, make_article: Any, django_assert_num_queries: Any
) -> None:
    made = [make_article(f"a{i}").pk for i in range(12)]
    given = [long_id(pk) for pk in made[:6]] + [str(pk) for pk in made[6:]] + ["junk", "99999"]

    # user, sources, articles, read, saved
    with django_assert_num_queries(5):
        response = app.post("/stream/items/contents", {"i": given}, token=False)
    items = json.loads(response.content)["items"]
    assert [i["id"] for i in items] == [long_id(pk) for pk in made[::-1]]
    for pk in made:  # the 16 hex digits alone (all digits for some ids: still hex)
        bare = app.post("/stream/items/contents", {"i": f"{pk:016x}"}, token=False)
        assert [i["id"] for i in json.loads(bare.content)["items"]] == [long_id(pk)]

    with django_assert_num_queries(5):
        assert len(app.contents(n=50)["items"]) == 12


def test_summary_content_is_sanitized_and_follows_the_display_policy(
    app: App, make_article: Any, feed: Feed
) -> None:
    article = make_article(
        "xss",
        html='<p onclick="steal()">Hello <script>alert(1)</script><a href="javascript:x()">'
        "link</a></p><iframe src='https://evil.test'></iframe><style>p{}</style>",
        text="Hello link",
    )

    html = app.contents()["items"][0]["summary"]["content"]
    assert "Hello" in html
    for bad in ("<script", "alert(1)", "onclick", "javascript:", "<iframe", "<style"):
        assert bad not in html

    Source.objects.filter(pk=feed.source_id).update(display_policy=Source.DisplayPolicy.LINK)
    item = app.contents()["items"][0]
    assert item["summary"]["content"] == "" and item["canonical"] == [{"href": article.url}]


# --- state --------------------------------------------------------------------------------------


def test_edit_tag_read_unread_star_shared_with_the_site_and_idempotent(
    app: App, reader: Any, make_article: Any
) -> None:
    one, two = make_article("one"), make_article("two")
    both = [long_id(one.pk), str(two.pk)]

    for _ in range(2):  # a client retrying the same change changes nothing more
        app.ok("/edit-tag", {"i": both, "a": [READ, STARRED]})
    assert ReadArticle.objects.filter(user=reader).count() == 2
    assert SavedArticle.objects.filter(user=reader).count() == 2  # the site's Saved page
    assert app.ids(xt=READ) == ([], None)

    for _ in range(2):
        app.ok("/edit-tag", {"i": long_id(one.pk), "r": [READ, STARRED]})
    assert app.ids(xt=READ)[0] == [one.pk]
    assert app.ids(s=STARRED)[0] == [two.pk]
    app.ok("/edit-tag", {"i": two.pk, "a": "user/-/state/com.google/kept-unread"})
    assert app.ids(xt=READ)[0] == [two.pk, one.pk]

    do_save_article(reader.pk, one, now=timezone.now())  # saved on the site
    assert "user/-/state/com.google/starred" in app.contents()["items"][1]["categories"]


def test_changes_only_reach_the_readers_own_subscriptions(
    app: App, reader: Any, make_article: Any
) -> None:
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    cnn_one = make_article("cnn-one")
    bbc_one = make_article("bbc-one", feed=bbc)
    do_follow_source(reader.pk, Source.objects.get(pk=cnn_one.source_id), now=timezone.now())

    app.ok("/edit-tag", {"i": bbc_one.pk, "a": [READ, STARRED]})
    app.ok("/mark-all-as-read", {"s": f"feed/{bbc_one.source_id}"})

    assert not ReadArticle.objects.exists() and not SavedArticle.objects.exists()
    assert app.post("/stream/items/contents", {"i": bbc_one.pk}).json()["items"] == []


def test_each_reader_has_their_own_state(client: Client, app: App, make_article: Any) -> None:
    article = make_article("shared")
    app.ok("/edit-tag", {"i": article.pk, "a": [READ, STARRED]})

    other = App(Client(), with_app_password(make_user("other")))
    assert other.ids(xt=READ)[0] == [article.pk]
    assert other.ids(s=STARRED)[0] == []


def test_mark_all_as_read_up_to_a_time(app: App, feed: Feed, make_article: Any) -> None:
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    older, newer = make_article("older"), make_article("newer")
    bbc_one = make_article("bbc-one", feed=bbc)
    Article.objects.filter(pk__in=[older.pk, bbc_one.pk]).update(  # a crawl's fixture fact
        discovered_at=timezone.now() - timedelta(hours=2)
    )
    hour_ago = str(int(minutes_ago(60).timestamp() * 1_000_000))

    for _ in range(2):  # repeated: the same outcome
        app.ok("/mark-all-as-read", {"s": f"feed/{feed.source_id}", "ts": hour_ago})
    assert app.ids(xt=READ)[0] == [bbc_one.pk, newer.pk]

    app.ok("/mark-all-as-read", {"s": LABEL, "ts": hour_ago})
    assert app.ids(xt=READ)[0] == [newer.pk]
    app.ok("/mark-all-as-read", {"s": READING_LIST})  # no ts: up to now
    assert app.ids(xt=READ)[0] == []
    assert app.post("/mark-all-as-read", {"s": "nonsense"}).status_code == 400


# --- subscribing ----------------------------------------------------------------------------


def test_a_reader_subscribes_to_the_sites_feeds_and_unsubscribes(
    app: App, reader: Any, feed: Feed
) -> None:
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")

    def titles() -> list[str]:
        return [s["title"] for s in app.json("/subscription/list")["subscriptions"]]

    for _ in range(2):  # following nothing, the reader has every source: nothing to add
        added = app.post("/subscription/quickadd", {"quickadd": bbc.url}).json()
        assert added == {
            "query": bbc.url,
            "numResults": 1,
            "streamId": f"feed/{bbc.source_id}",
            "streamName": "BBC News",
        }
    assert titles() == ["BBC News", "CNN"] and not Follow.objects.filter(user=reader).exists()

    for _ in range(2):  # twice: the same outcome
        app.ok("/subscription/edit", {"ac": "unsubscribe", "s": f"feed/{feed.source_id}"})
    assert titles() == ["BBC News"]
    for _ in range(2):
        app.ok("/subscription/edit", {"ac": "subscribe", "s": f"feed/{feed.url}"})
    assert titles() == ["BBC News", "CNN"]
    assert Follow.objects.filter(user=reader, kind=Follow.Kind.SOURCE).count() == 2
    app.ok("/subscription/edit", {"ac": "unsubscribe", "s": f"feed/{bbc.source_id}"})
    assert titles() == ["CNN"]
    assert app.post("/subscription/quickadd", {"quickadd": bbc.url}).json()["numResults"] == 1
    assert titles() == ["BBC News", "CNN"]
    assert Feed.objects.filter(pk=bbc.pk).exists()  # the site keeps its feeds throughout

    new = app.post("/subscription/quickadd", {"quickadd": "https://new.example/rss"}).json()
    assert new["numResults"] == 0 and "operator" in new["error"]
    renamed = app.post(
        "/subscription/edit", {"ac": "edit", "s": f"feed/{feed.source_id}", "t": "X"}
    )
    assert renamed.status_code == 403
    assert not Feed.objects.filter(url="https://new.example/rss").exists()
    assert Source.objects.get(pk=feed.source_id).name == "CNN"
    unknown = app.post("/subscription/edit", {"ac": "edit", "s": "feed/999999", "t": "X"})
    assert unknown.status_code == 400


def test_unsubscribing_from_all_sources_follows_the_others(
    app: App, reader: Any, feed: Feed
) -> None:
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    assert len(app.json("/subscription/list")["subscriptions"]) == 2  # follows none: all

    app.ok("/subscription/edit", {"ac": "unsubscribe", "s": f"feed/{bbc.url}"})

    assert [s["title"] for s in app.json("/subscription/list")["subscriptions"]] == ["CNN"]
    assert list(Follow.objects.filter(user=reader).values_list("source_id", flat=True)) == [
        feed.source_id
    ]


@pytest.fixture
def operator(client: Client) -> App:
    user = make_user("operator")
    type(user).objects.filter(pk=user.pk).update(is_staff=True)  # the operator's flag
    return App(client, with_app_password(user))


def test_an_operator_adds_a_new_feed_which_the_crawl_fills(
    operator: App, http_server: LocalServer, settings: Any, tmp_path: Path
) -> None:
    publish_site(http_server, make_stories(3))
    feed_url = http_server.url("/rss.xml")

    blocked = operator.post("/subscription/quickadd", {"quickadd": feed_url}).json()
    assert blocked["numResults"] == 0 and "not a public address" in blocked["error"]
    for bad in ("javascript:alert(1)", "file:///etc/passwd"):
        refused = operator.post("/subscription/quickadd", {"quickadd": bad}).json()
        assert refused["numResults"] == 0
    assert not Feed.objects.exists()

    config = make_config(tmp_path)  # allows 127.0.0.1, as an operator may
    settings.NEWSDESK = dataclasses.replace(settings.NEWSDESK, allow_networks=config.allow_networks)
    added = operator.post("/subscription/quickadd", {"quickadd": feed_url}).json()
    again = operator.post("/subscription/quickadd", {"quickadd": feed_url}).json()
    assert added["numResults"] == 1 and again["streamId"] == added["streamId"]
    assert Feed.objects.get().url == feed_url

    with Fetcher(config.fetch_options) as fetcher:
        crawl_once(JobContext(config=config, fetcher=fetcher, queue=InlineQueue()))

    items = operator.contents(added["streamId"])["items"]
    assert len(items) == 3 and "harbour authority" in items[0]["summary"]["content"]
    renamed = {"ac": "edit", "s": added["streamId"], "t": "The Harbour Times"}
    operator.ok("/subscription/edit", renamed)
    titles = [s["title"] for s in operator.json("/subscription/list")["subscriptions"]]
    assert titles == ["The Harbour Times"]


# --- over real HTTP -------------------------------------------------------------------------


def test_a_reader_app_syncs_over_http(live_server: Any, transactional_db: Any) -> None:
    """What Reeder or NetNewsWire do on a first sync, over a real socket."""
    feed = add_feed()
    reader = with_app_password(make_user("ann"))
    made = [publish(feed, f"story-{i}").pk for i in range(5)]
    with httpx.Client(base_url=live_server.url, timeout=10) as http:
        login = http.post("/accounts/ClientLogin", data={"Email": "ann", "Passwd": APP_PASSWORD})
        auth = login.text.splitlines()[2].removeprefix("Auth=")
        http.headers["Authorization"] = f"GoogleLogin auth={auth}"
        token = http.get(f"{API}/token").text.strip()
        assert http.get(f"{API}/user-info").json()["userName"] == reader.get_username()
        assert len(http.get(f"{API}/subscription/list").json()["subscriptions"]) == 1

        unread: list[str] = []
        params = {"s": READING_LIST, "xt": READ, "n": 2}
        while True:
            page = http.get(f"{API}/stream/items/ids", params=params).json()
            unread += [ref["id"] for ref in page["itemRefs"]]
            if "continuation" not in page:
                break
            params["c"] = page["continuation"]
        assert unread == [str(pk) for pk in made[::-1]]

        items = http.post(f"{API}/stream/items/contents", data={"i": unread}).json()["items"]
        assert [i["id"] for i in items] == [long_id(pk) for pk in made[::-1]]
        done = http.post(f"{API}/edit-tag", data={"i": unread[:2], "a": READ, "T": token})
        assert done.text == "OK"
        refused = http.post(f"{API}/mark-all-as-read", data={"s": READING_LIST})
        assert refused.status_code == 401 and refused.headers["X-Reader-Google-Bad-Token"] == "true"
        counts = http.get(f"{API}/unread-count").json()
        assert counts["max"] == 3


def test_the_account_page_shows_the_google_reader_server(client: Client, reader: Any) -> None:
    client.force_login(reader)
    page = client.get("/account/apps/").content.decode()
    assert "<code>http://testserver/</code>" in page
    assert "<code>http://testserver/api/greader.php</code>" in page  # FreshRSS's address
    assert "Google Reader API" in page
