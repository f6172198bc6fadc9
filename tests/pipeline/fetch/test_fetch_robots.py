"""robots.txt: fetched once per origin, 404 allows all, 401/403 deny all, 5xx retry later."""

from __future__ import annotations

import pytest
from tests.httpserver import LocalServer
from tests.pipeline.fetch.conftest import MakeFetcher

from newsdesk.pipeline.errors import FetchError, HTTPStatusError, RobotsDisallowed
from newsdesk.pipeline.fetch import Fetcher
from newsdesk.pipeline.fetch.robots import RobotsRules
from newsdesk.pipeline.types import FetchOptions

UA = FetchOptions().user_agent
ROBOTS = b"""User-agent: newsdesk
Disallow: /private/
Crawl-delay: 0.3

User-agent: *
Disallow: /
"""


def test_disallowed_and_allowed_paths(http_server: LocalServer, fetcher: Fetcher) -> None:
    http_server.route("/robots.txt", ROBOTS, content_type="text/plain")
    http_server.route("/news/1", "article")
    http_server.route("/private/x", "secret")

    assert fetcher.get(http_server.url("/news/1"), robots=True).content == b"article"
    with pytest.raises(RobotsDisallowed, match="/private/x"):
        fetcher.get(http_server.url("/private/x"), robots=True)
    fetcher.get(http_server.url("/news/1"), robots=True)

    assert len(http_server.hits("/robots.txt")) == 1  # cached on the Fetcher
    assert http_server.hits("/private/x") == []
    assert http_server.hits("/robots.txt")[0].headers["User-Agent"] == UA


def test_robots_are_ignored_unless_asked(http_server: LocalServer, fetcher: Fetcher) -> None:
    http_server.route("/robots.txt", b"User-agent: *\nDisallow: /\n", content_type="text/plain")
    http_server.route("/feed", "<rss/>")

    assert fetcher.get(http_server.url("/feed")).status == 200
    assert http_server.hits("/robots.txt") == []


def test_missing_robots_allows_all(http_server: LocalServer, fetcher: Fetcher) -> None:
    http_server.route("/page", "ok")

    assert fetcher.get(http_server.url("/page"), robots=True).status == 200
    assert len(http_server.hits("/robots.txt")) == 1


@pytest.mark.parametrize("status", [401, 403])
def test_forbidden_robots_disallows_all(
    http_server: LocalServer, fetcher: Fetcher, status: int
) -> None:
    http_server.route("/robots.txt", "no", status=status)
    http_server.route("/page", "ok")

    with pytest.raises(RobotsDisallowed):
        fetcher.get(http_server.url("/page"), robots=True)


def test_unavailable_robots_is_a_retryable_error(
    http_server: LocalServer, fetcher: Fetcher
) -> None:
    http_server.route("/robots.txt", "oops", status=500)
    http_server.route("/page", "ok")

    with pytest.raises(HTTPStatusError) as caught:
        fetcher.get(http_server.url("/page"), robots=True)

    assert isinstance(caught.value, FetchError) and caught.value.retryable
    assert http_server.hits("/page") == []
    http_server.route("/robots.txt", "")  # recovered: not cached while failing
    assert fetcher.get(http_server.url("/page"), robots=True).status == 200


def test_crawl_delay_is_exposed_and_honoured(
    http_server: LocalServer, make_fetcher: MakeFetcher
) -> None:
    http_server.route("/robots.txt", ROBOTS, content_type="text/plain")
    http_server.route("/a", "a")
    fetcher = make_fetcher(host_delay=0.0)

    assert fetcher.crawl_delay(http_server.url("/a")) == 0.3
    fetcher.get(http_server.url("/a"), robots=True)
    fetcher.get(http_server.url("/a"), robots=True)

    assert fetcher._throttle.delay("127.0.0.1") == 0.3


def test_rules_match_our_product_token() -> None:
    rules = RobotsRules.parse(ROBOTS)
    assert rules.allows("https://example.com/news", UA)
    assert not rules.allows("https://example.com/private/1", UA)
    assert not rules.allows("https://example.com/news", "OtherBot/1.0")
    assert rules.crawl_delay(UA) == 0.3
