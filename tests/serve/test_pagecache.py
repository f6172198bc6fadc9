"""The page cache for anonymous readers: hits, conditional GET, invalidation by new
content, and never a cached page for a signed-in reader or one that sets a cookie."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone
from django.utils.http import http_date

from newsdesk.serve.web.links import article_path
from newsdesk.serve.web.pagecache import PageCacheMiddleware
from newsdesk.store.actions.comments import (
    check_add_comment,
    do_add_comment,
    do_edit_comment,
    do_hide_comments,
)
from newsdesk.store.queries.content import content_version
from tests.serve.conftest import PASSWORD


def test_second_anonymous_request_is_a_hit_with_validators(
    client: Client, make_article: Any, django_assert_num_queries: Any
) -> None:
    path = article_path(make_article("cached", title="Cached page"))
    first = client.get(path)
    with django_assert_num_queries(1):  # the content version only
        second = client.get(path)

    assert first.content == second.content
    assert "Cached page" in second.content.decode()
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert "Cookie" in second["Vary"]
    assert second["ETag"].startswith('"') and second["ETag"] == first["ETag"]
    assert second["Last-Modified"]
    assert "Content-Security-Policy" in second  # stored with the page


def test_conditional_get_answers_304_while_unchanged(client: Client, make_article: Any) -> None:
    path = article_path(make_article("cond"))
    etag = client.get(path)["ETag"]

    same = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert same.status_code == 304 and same.content == b""
    other = client.get(path, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200
    later = client.get(path, HTTP_IF_MODIFIED_SINCE=http_date(timezone.now().timestamp() + 60))
    assert later.status_code == 304
    earlier = client.get(path, HTTP_IF_MODIFIED_SINCE=http_date(0))
    assert earlier.status_code == 200


def test_new_article_and_comments_replace_cached_pages(
    client: Client, make_article: Any, reader: Any
) -> None:
    article = make_article("first", title="First story")
    assert "First story" in client.get("/").content.decode()

    make_article("second", title="Second story")
    assert "Second story" in client.get("/").content.decode()

    path = article_path(article)
    assert "No comments yet" in client.get(path).content.decode()
    now = timezone.now()
    comment = do_add_comment(
        reader,
        article,
        check_add_comment(
            reader, article, "Sharp *reporting*", parent=None, now=now, joined=reader.date_joined
        ),
        now=now,
    )
    assert "Sharp <em>reporting</em>" in client.get(path).content.decode()

    do_edit_comment(comment, reader.pk, "Sharp and fair", now=now)  # an UPDATE: no signal
    assert "Sharp and fair" in client.get(path).content.decode()

    do_hide_comments([comment.pk])  # moderation: an UPDATE, no signal
    assert "Sharp and fair" not in client.get(path).content.decode()


def test_content_version_changes_without_signals(make_article: Any, reader: Any) -> None:
    """Another process (the crawler, the admin) writes: only the query can tell."""
    article = make_article("v")
    before = content_version()
    assert content_version() == before
    now = timezone.now()
    comment = do_add_comment(
        reader,
        article,
        check_add_comment(
            reader, article, "A comment", parent=None, now=now, joined=reader.date_joined
        ),
        now=now,
    )
    after_add = content_version()
    assert after_add != before
    do_hide_comments([comment.pk])
    assert content_version() != after_add


def test_signed_in_reader_never_gets_the_anonymous_page(
    client: Client, make_article: Any, reader: Any
) -> None:
    path = article_path(make_article("mine"))
    anonymous = client.get(path)
    assert "Log in" in anonymous.content.decode()

    assert client.login(username=reader.username, password=PASSWORD)
    signed_in = client.get(path)
    html = signed_in.content.decode()
    assert reader.username in html
    assert signed_in.get("Cache-Control", "") != "public, max-age=0, must-revalidate"
    assert "ETag" not in signed_in or signed_in["ETag"] != anonymous["ETag"]


def _middleware(view: Any) -> PageCacheMiddleware:
    return PageCacheMiddleware(view)


def test_responses_that_set_cookies_or_are_private_are_not_stored(db: Any) -> None:
    calls: list[str] = []

    def with_cookie(request: HttpRequest) -> HttpResponse:
        calls.append("cookie")
        response = HttpResponse("form with a token")
        response.set_cookie("csrftoken", "x")
        return response

    def private(request: HttpRequest) -> HttpResponse:
        calls.append("private")
        response = HttpResponse("yours")
        response["Cache-Control"] = "private"
        return response

    factory = RequestFactory()
    for view in (with_cookie, private):
        middleware = _middleware(view)
        middleware(factory.get("/x/"))
        again = middleware(factory.get("/x/"))
        assert "ETag" not in again
    assert calls == ["cookie", "cookie", "private", "private"]

    def plain(request: HttpRequest) -> HttpResponse:
        calls.append("plain")
        return HttpResponse("same for everyone")

    middleware = _middleware(plain)
    middleware(factory.get("/y/"))
    middleware(factory.get("/y/"))
    assert calls.count("plain") == 1
    # A session cookie, a POST or an operator's path is never looked up.
    factory.cookies[settings.SESSION_COOKIE_NAME] = "abc"
    middleware(factory.get("/y/"))
    del factory.cookies[settings.SESSION_COOKIE_NAME]
    middleware(factory.post("/y/"))
    middleware(factory.get("/admin/y/"))
    middleware(factory.get("/admin/y/"))
    assert calls.count("plain") == 5


def test_page_cache_can_be_turned_off(
    client: Client, make_article: Any, django_assert_num_queries: Any, settings: Any
) -> None:
    settings.NEWSDESK = dataclasses.replace(settings.NEWSDESK, page_cache_seconds=0)
    path = article_path(make_article("off"))
    client.get(path)
    with django_assert_num_queries(4):  # rendered again: article, comments, AI, related
        response = client.get(path)
    assert "ETag" not in response


@contextmanager
def connection_kept() -> Iterator[None]:
    """As Django's test client does: the real handler must not close the test's
    connection (it holds the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_wsgi_front_answers_hits_before_django(
    make_article: Any, django_assert_num_queries: Any
) -> None:
    from newsdesk.serve.wsgi import application

    path = article_path(make_article("front", title="Front page story"))
    replies: list[tuple[str, dict[str, str]]] = []

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        replies.append((status, dict(headers)))

    def get(**extra: str) -> bytes:
        environ = RequestFactory().get(path, **extra).environ
        return b"".join(application(environ, start_response))

    with connection_kept():
        first = get()
        with django_assert_num_queries(1):  # the content version; no view, no session
            second = get()
    assert first == second and b"Front page story" in second
    assert replies[1][0] == "200 OK"
    assert replies[1][1]["Content-Type"].startswith("text/html")
    assert replies[1][1]["Content-Length"] == str(len(second))
    assert get(HTTP_IF_NONE_MATCH=replies[1][1]["ETag"]) == b""  # answered by the front
    assert replies[2][0] == "304 Not Modified"
    # A signed-in reader's request goes to Django, whatever the cache holds.
    with connection_kept():
        get(HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=not-a-session")
    assert "ETag" not in replies[3][1]


def test_only_content_writes_bump_the_generation(reader: Any, make_article: Any) -> None:
    from django.core.cache import caches

    from newsdesk.serve.web.pagecache import GENERATION_KEY

    cache = caches["default"]
    before = cache.get(GENERATION_KEY, 0)
    Client().force_login(reader)  # a session row is saved: not content
    assert cache.get(GENERATION_KEY, 0) == before
    make_article("bump")
    assert cache.get(GENERATION_KEY, 0) > before
