"""Broken and hostile feeds and pages: each gets a clear error on its row, nothing crashes,
and nothing else is lost (the healthy feed beside it is crawled as usual)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest
from django.utils import timezone

from newsdesk.jobs.context import JobContext
from newsdesk.jobs.scheduler import crawl_once
from newsdesk.jobs.subscribe import import_outlines, subscribe_url
from newsdesk.pipeline.types import OutlineEntry
from newsdesk.store.actions.feeds import do_add_feed
from newsdesk.store.models import Article, ExtractionState, Feed, FeedStatus
from tests.httpserver import LocalServer, Request, Response
from tests.jobs.site import article_html, make_stories, publish_site, rss

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title>
<link>http://127.0.0.1/x</link></item></channel></rss>"""


def add(job_ctx: JobContext, url: str) -> Feed:
    return do_add_feed(url, now=timezone.now(), interval=job_ctx.config.poll_default_interval).feed


def poll(job_ctx: JobContext, http_server: LocalServer, path: str) -> Feed:
    """Subscribe to a bad feed beside a healthy one, crawl, return the bad feed's row."""
    publish_site(http_server, make_stories(2), feed_path="/good.xml")
    good = add(job_ctx, http_server.url("/good.xml"))
    bad = add(job_ctx, http_server.url(path))
    crawl_once(job_ctx)
    good.refresh_from_db()
    assert good.error_count == 0 and good.articles.count() == 2, "the healthy feed suffered"
    bad.refresh_from_db()
    return bad


def never_ending(chunk: bytes) -> Iterator[bytes]:
    for _ in range(100 * 1024 * 1024 // len(chunk)):
        yield chunk


@pytest.mark.parametrize(
    ("route", "error"),
    [
        ({"body": "<html><body><h1>Not a feed</h1></body></html>"}, "NotAFeed"),
        ({"body": "", "status": 404}, "404"),
        ({"body": "", "status": 500}, "500"),
        (
            {
                "body": b"<?xml version='1.0'?><rss><channel><title>x</ti",
                "content_type": "application/rss+xml",
            },
            "Parse",
        ),
        ({"body": BILLION_LAUGHS, "content_type": "application/rss+xml"}, "UnsafeXML"),
        ({"body": XXE, "content_type": "application/rss+xml"}, "UnsafeXML"),
    ],
    ids=["html-page", "404", "500", "invalid-xml", "billion-laughs", "xxe"],
)
def test_broken_feed_gets_clear_error(
    http_server: LocalServer, job_ctx: JobContext, route: dict[str, object], error: str
) -> None:
    http_server.route("/bad.xml", **route)  # type: ignore[arg-type]
    bad = poll(job_ctx, http_server, "/bad.xml")
    assert bad.status == FeedStatus.ERROR
    assert bad.error_count == 1
    assert error in bad.last_error
    assert bad.next_poll_at > timezone.now()
    assert "root:" not in bad.last_error + bad.title


def test_gone_feed_is_no_longer_polled(http_server: LocalServer, job_ctx: JobContext) -> None:
    http_server.route("/bad.xml", "", status=410)
    bad = poll(job_ctx, http_server, "/bad.xml")
    assert bad.status == FeedStatus.GONE and bad.last_status == 410


def test_timeout_is_recorded(http_server: LocalServer, job_ctx: JobContext) -> None:
    http_server.route("/bad.xml", "<rss/>", delay=4)  # read timeout is 2 s in job_ctx
    bad = poll(job_ctx, http_server, "/bad.xml")
    assert "Timeout" in bad.last_error


def test_redirect_loop_is_recorded(http_server: LocalServer, job_ctx: JobContext) -> None:
    http_server.route("/bad.xml", "", status=302, headers={"Location": "/loop.xml"})
    http_server.route("/loop.xml", "", status=302, headers={"Location": "/bad.xml"})
    bad = poll(job_ctx, http_server, "/bad.xml")
    assert "TooManyRedirects" in bad.last_error


@pytest.mark.parametrize(
    "target",
    ["http://10.0.0.1/feed.xml", "http://169.254.169.254/latest/meta-data/", "http://127.0.0.2/x"],
)
def test_redirect_to_private_address_is_refused(
    http_server: LocalServer, job_ctx: JobContext, target: str
) -> None:
    http_server.route("/bad.xml", "", status=301, headers={"Location": target})
    bad = poll(job_ctx, http_server, "/bad.xml")
    assert "BlockedAddress" in bad.last_error


def test_feed_item_linking_to_private_address_is_not_fetched(
    http_server: LocalServer, job_ctx: JobContext
) -> None:
    story = make_stories(1)[0]
    http_server.route(
        "/bad.xml",
        rss([(story, "http://169.254.169.254/latest/meta-data/")]),
        content_type="application/rss+xml",
    )
    poll(job_ctx, http_server, "/bad.xml")
    article = Article.objects.get(url="http://169.254.169.254/latest/meta-data/")
    assert article.extraction == ExtractionState.BLOCKED
    assert "169.254.169.254" in article.extraction_error


def test_huge_feed_body_is_cut_at_the_limit(http_server: LocalServer, job_ctx: JobContext) -> None:
    def huge(_request: Request) -> Response:
        return (
            200,
            {"Content-Type": "application/rss+xml"},
            never_ending(b"<!-- padding -->" * 4096),
        )

    http_server.handle("/bad.xml", huge)
    bad = poll(job_ctx, http_server, "/bad.xml")
    assert bad.error_count == 1  # cut at NEWSDESK_MAX_BODY_BYTES, then not a usable feed


def test_hostile_article_body_is_sanitized(http_server: LocalServer, job_ctx: JobContext) -> None:
    story = make_stories(1, prefix="evil")[0]
    url = http_server.url("/news/evil-1")
    http_server.route(
        "/news/evil-1",
        article_html(
            story,
            url,
            extra_body='<p>Read <a href="javascript:alert(1)">this</a>'
            '<img src="x" onerror="alert(2)"></p><script>alert(3)</script>'
            "<svg><script>alert(4)</script></svg>",
        ),
    )
    http_server.route("/feed.xml", rss([(story, url)]), content_type="application/rss+xml")
    add(job_ctx, http_server.url("/feed.xml"))
    crawl_once(job_ctx)
    article = Article.objects.get(url=url)
    assert article.extraction == ExtractionState.OK
    lowered = article.body_html.lower()
    for bad in ("<script", "onerror", "javascript:", "<svg", "alert("):
        assert bad not in lowered


def test_legacy_charset_page_is_decoded(http_server: LocalServer, job_ctx: JobContext) -> None:
    story = make_stories(1, prefix="latin")[0]
    url = http_server.url("/news/latin-1")
    html = article_html(story, url, extra_body="<p>Der Bürgermeister sagte: «Ça va très bien».</p>")
    http_server.route(
        "/news/latin-1",
        html.replace('charset="utf-8"', 'charset="iso-8859-1"').encode("iso-8859-1"),
        content_type="text/html; charset=iso-8859-1",
    )
    http_server.route("/feed.xml", rss([(story, url)]), content_type="application/rss+xml")
    add(job_ctx, http_server.url("/feed.xml"))
    crawl_once(job_ctx)
    assert "Der Bürgermeister sagte: «Ça va très bien»." in Article.objects.get(url=url).body_text


def test_entries_without_guid_link_or_date(http_server: LocalServer, job_ctx: JobContext) -> None:
    story = make_stories(1, prefix="plain")[0]
    url = http_server.url("/news/plain-1")
    http_server.route("/news/plain-1", article_html(story, url))
    http_server.route(
        "/feed.xml",
        f"""<?xml version="1.0"?><rss version="2.0"><channel>
<title>Plain</title><link>{http_server.url("/")}</link><description>d</description>
<item><title>No guid, no date</title><link>{url}</link></item>
<item><title>No link at all</title><description>Only text.</description></item>
</channel></rss>""",
        content_type="application/rss+xml",
    )
    feed = add(job_ctx, http_server.url("/feed.xml"))
    crawl_once(job_ctx)
    feed.refresh_from_db()
    assert feed.error_count == 0
    article = Article.objects.get()
    assert article.url == url and article.extraction == ExtractionState.OK
    assert article.published == story.published  # from the page, as the feed had none


def test_corrupt_compressed_page_is_contained(
    http_server: LocalServer, job_ctx: JobContext
) -> None:
    """An article sent as gzip that is not gzip: its row records an error, the rest go on."""
    stories = make_stories(2, prefix="gz")
    items = []
    for story in stories:
        url = http_server.url(f"/news/{story.slug}")
        items.append((story, url))
        http_server.route(f"/news/{story.slug}", article_html(story, url))
    http_server.route(
        f"/news/{stories[0].slug}", b"\x00not gzip at all", headers={"Content-Encoding": "gzip"}
    )
    http_server.route(
        "/feed.xml",
        gzip.compress(rss(items).encode()),
        content_type="application/rss+xml",
        headers={"Content-Encoding": "gzip"},
    )
    add(job_ctx, http_server.url("/feed.xml"))
    crawl_once(job_ctx)
    states = dict(Article.objects.values_list("url", "extraction"))
    assert states[items[1][1]] == ExtractionState.OK
    assert states[items[0][1]] != ExtractionState.OK


def test_opml_import_skips_bad_urls_and_keeps_good_ones(job_ctx: JobContext) -> None:
    report = import_outlines(
        job_ctx.config,
        [
            OutlineEntry(xml_url="https://example.com/feed.xml", title="Example"),
            OutlineEntry(xml_url="javascript:alert(1)"),
            OutlineEntry(xml_url="https://example.com/feed.xml"),
        ],
    )
    assert (report.created, report.existing, len(report.invalid)) == (1, 1, 1)


def test_subscribing_to_a_page_without_feeds_says_so(
    http_server: LocalServer, job_ctx: JobContext
) -> None:
    from newsdesk.pipeline.errors import UsageError

    http_server.route("/", "<html><head><title>No feeds</title></head><body>Hi</body></html>")
    with pytest.raises(UsageError, match="no feed found"):
        subscribe_url(job_ctx, http_server.url("/"))
    assert Feed.objects.count() == 0
