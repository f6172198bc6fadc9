"""A small news site served by the test HTTP server: a home page, a feed, article pages."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

from tests.httpserver import LocalServer, Request, Response

BASE_TIME = datetime(2026, 2, 10, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    author: str
    paragraphs: tuple[str, ...]
    published: datetime


def make_stories(count: int, prefix: str = "story") -> list[Story]:
    return [
        Story(
            slug=f"{prefix}-{n}",
            title=f"Harbour authority approves plan number {n} for the old docks",
            author="Maria Jensen",
            paragraphs=(
                f"The harbour authority on Tuesday approved plan {n}, which turns the old docks "
                "into a public park with a ferry stop and housing for two thousand people.",
                "Construction is due to start next spring and to take four years, officials said, "
                "after a consultation in which residents asked for more green space.",
                "Critics said the budget leaves too little for flood protection, and asked the "
                "council to publish the engineers' report before work begins on the quay walls.",
            ),
            published=BASE_TIME - timedelta(hours=n),
        )
        for n in range(1, count + 1)
    ]


def article_html(story: Story, url: str, extra_body: str = "") -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(story.title)} | Harbour Times</title>
<link rel="canonical" href="{url}">
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="{story.published.isoformat()}">
<meta name="author" content="{escape(story.author)}">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<article><h1>{escape(story.title)}</h1>
<p class="byline">By {escape(story.author)}</p>
{body}
{extra_body}
</article>
<footer>© Harbour Times</footer>
</body></html>"""


def rss(items: Sequence[tuple[Story, str]], title: str = "Harbour Times") -> str:
    entries = "\n".join(
        f"""<item><title>{escape(s.title)}</title><link>{url}</link><guid>{url}</guid>
<pubDate>{format_datetime(s.published)}</pubDate><dc:creator>{escape(s.author)}</dc:creator>
<description>{escape(s.paragraphs[0])}</description></item>"""
        for s, url in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>{escape(title)}</title><link>http://example.invalid/</link><description>News</description>
{entries}
</channel></rss>"""


def publish_site(
    server: LocalServer, stories: Sequence[Story], feed_path: str = "/rss.xml"
) -> None:
    """Serve a home page with feed autodiscovery, the feed and every article page."""
    items = []
    for story in stories:
        url = server.url(f"/news/{story.slug}")
        server.route(f"/news/{story.slug}", article_html(story, url))
        items.append((story, url))
    server.route(
        feed_path,
        rss(items),
        content_type="application/rss+xml; charset=utf-8",
        headers={"ETag": '"v1"', "Last-Modified": "Tue, 10 Feb 2026 08:00:00 GMT"},
    )
    server.route(
        "/",
        f'<html><head><title>Harbour Times</title><link rel="alternate" '
        f'type="application/rss+xml" title="Harbour Times" href="{feed_path}"></head>'
        "<body><h1>Harbour Times</h1></body></html>",
    )


def hang_first_fetch(server: LocalServer, story: Story, seconds: float = 30) -> list[float]:
    """Serve ``story``'s page but hold the first request for ``seconds`` (a worker is
    killed while it waits); returns the request times, appended as requests come."""
    url = server.url(f"/news/{story.slug}")
    calls: list[float] = []

    def first_call_hangs(request: Request) -> Response:
        calls.append(time.monotonic())
        if len(calls) == 1:
            time.sleep(seconds)
        return 200, {"Content-Type": "text/html"}, article_html(story, url).encode()

    server.handle(f"/news/{story.slug}", first_call_hangs)
    return calls


def wait_for_request(calls: list[float], timeout: float = 30) -> None:
    """Block until ``calls`` (from :func:`hang_first_fetch`) holds a request."""
    deadline = time.monotonic() + timeout
    while not calls and time.monotonic() < deadline:
        time.sleep(0.05)
    assert calls, "the worker never requested the slow page"
