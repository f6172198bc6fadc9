"""Hostile and broken input: XML bombs, XXE, HTML pages, garbage, local file names."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.pipeline.parse.golden import TESTDATA

from newsdesk.pipeline.errors import NotAFeed, ParseError, UnsafeXML
from newsdesk.pipeline.parse import looks_like_feed, parse_feed


@pytest.mark.parametrize(
    "case", ["billion_laughs.xml", "xxe.xml", "xxe_parameter.xml", "xxe_system_dtd.xml"]
)
def test_entity_declarations_are_refused(case: str) -> None:
    with pytest.raises(UnsafeXML):
        parse_feed((TESTDATA / case).read_bytes(), "https://evil.example/feed")


def test_entities_are_refused_in_utf16_too() -> None:
    content = (TESTDATA / "xxe.xml").read_text().replace('encoding="utf-8"', 'encoding="utf-16"')
    with pytest.raises(UnsafeXML):
        parse_feed(content.encode("utf-16"), "https://evil.example/feed")


def test_an_overlong_prolog_is_refused() -> None:
    content = b"<?xml version='1.0'?>" + b"<!-- padding -->" * 5000 + b"<rss version='2.0'/>"
    with pytest.raises(UnsafeXML):
        parse_feed(content, "https://evil.example/feed")


def test_a_public_dtd_on_the_web_is_fine() -> None:
    feed = parse_feed((TESTDATA / "rss091.xml").read_bytes(), "http://oldschool.example/rss")
    assert len(feed.entries) == 2


def test_entity_text_inside_the_document_is_just_text() -> None:
    content = (
        b'<rss version="2.0"><channel><item><title>About &lt;!ENTITY x SYSTEM&gt;</title>'
        b"<link>https://ok.example/1</link></item></channel></rss>"
    )
    assert parse_feed(content, "https://ok.example/f").entries[0].title == (
        "About <!ENTITY x SYSTEM>"
    )


def test_html_page_suggests_discovery() -> None:
    with pytest.raises(NotAFeed, match="discovery"):
        parse_feed((TESTDATA / "page.html").read_bytes(), "https://www.page.example/")


def test_html_fragment_without_doctype_is_not_a_feed() -> None:
    with pytest.raises(NotAFeed, match="discovery"):
        parse_feed(b"hello <html><body>hi</body></html>", "https://x.example/")


@pytest.mark.parametrize(
    "content",
    [b"", b"   ", b"just some text", b"\x00\x01\x02\xff", b"<urlset/>", b'{"a": 1}', b"[1, 2]"],
)
def test_other_documents_are_not_feeds(content: bytes) -> None:
    with pytest.raises(NotAFeed):
        parse_feed(content, "https://x.example/")


def test_broken_json_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="invalid JSON"):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "https://x/")


def test_deeply_nested_json_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_feed(b"{" + b'"a":[' * 100_000, "https://x.example/")


def test_a_feed_root_with_nothing_readable_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_feed(b"<rss", "https://x.example/")


def test_bytes_naming_a_local_file_are_never_opened(tmp_path: object) -> None:
    # feedparser.parse(b"/etc/passwd") would read the file; parse_feed hands it a stream.
    with pytest.raises(NotAFeed):
        parse_feed(b"/etc/passwd", "https://x.example/")


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("rss20_media.xml", True),
        ("rss10_rdf.xml", True),
        ("atom10.xml", True),
        ("jsonfeed11.json", True),
        ("page.html", False),
        ("sitemap.xml", False),
        ("nested.opml", False),
    ],
)
def test_looks_like_feed(case: str, expected: bool) -> None:
    assert looks_like_feed((TESTDATA / case).read_bytes(), None) is expected


def test_looks_like_feed_falls_back_to_content_type() -> None:
    assert looks_like_feed(b"", "application/rss+xml; charset=utf-8")
    assert not looks_like_feed(b"", "text/html")
    assert not looks_like_feed(b"<!doctype html><html></html>", "application/rss+xml")


FEEDISH = st.sampled_from(
    [
        b"",
        b'<?xml version="1.0"?>',
        b'<rss version="2.0"><channel><item><link>https://a.example/1</link>',
        b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><link href='/x'/>",
        b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"url": "https://a/"}',
        b"<!DOCTYPE x [",
        b"<![CDATA[",
        b"<![if",
        b"&#xD800;",
    ]
)


@settings(max_examples=300, deadline=None)
@given(prefix=FEEDISH, body=st.binary(max_size=400), suffix=FEEDISH)
def test_arbitrary_bytes_raise_only_parse_errors(prefix: bytes, body: bytes, suffix: bytes) -> None:
    with contextlib.suppress(ParseError):
        parse_feed(prefix + body + suffix, "https://fuzz.example/feed")


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_arbitrary_text_in_a_feed_raises_only_parse_errors(text: str) -> None:
    content = (
        f'<rss version="2.0"><channel><title>{text}</title><item><title>{text}</title>'
        f"<link>https://a.example/{text}</link><author>{text}</author>"
        f"<description>{text}</description><pubDate>{text}</pubDate></item></channel></rss>"
    ).encode("utf-8", "surrogatepass")
    with contextlib.suppress(ParseError):
        parse_feed(content, "https://fuzz.example/feed")
