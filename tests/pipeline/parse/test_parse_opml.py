"""parse_opml / build_opml."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.pipeline.parse.golden import TESTDATA

from newsdesk.pipeline.errors import InvalidOPML, UnsafeXML
from newsdesk.pipeline.parse import build_opml, parse_opml
from newsdesk.pipeline.types import OutlineEntry

NESTED = [
    OutlineEntry("https://news.example/feed.xml", "The Daily", "https://news.example/", "News"),
    OutlineEntry("https://rdf.example/index.rdf", "RDF Gazette", None, "News / Europe"),
    OutlineEntry("https://atom.example/feed.atom", "Le Journal", "https://atom.example/", "Tech"),
    OutlineEntry("https://json.example/feed.json", "Uncategorised", None, "/Misc"),
]


def test_nested_outlines_are_flattened_with_their_category() -> None:
    assert parse_opml((TESTDATA / "nested.opml").read_bytes()) == NESTED


def test_build_then_parse_round_trips() -> None:
    document = build_opml(NESTED, "Subscriptions & more")
    assert document.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<opml version=\"2.0\">")
    assert b"<title>Subscriptions &amp; more</title>" in document
    assert parse_opml(document) == NESTED


def test_build_is_reproducible_unless_a_date_is_given() -> None:
    entries = [OutlineEntry("https://a.example/feed", "A <&> B")]
    assert build_opml(entries, "t") == build_opml(entries, "t")
    dated = build_opml(entries, "t", created=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert b"<dateCreated>Tue, 02 Jan 2024 03:04:05 GMT</dateCreated>" in dated
    assert parse_opml(dated) == [OutlineEntry("https://a.example/feed", "A <&> B")]


@pytest.mark.parametrize(
    "content",
    [b"", b"not xml", b"<opml><body><outline", b"<rss version='2.0'/>", b"<opml version='2.0'/>"],
)
def test_invalid_opml(content: bytes) -> None:
    with pytest.raises(InvalidOPML):
        parse_opml(content)


def test_entities_are_refused() -> None:
    content = (
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<opml><body><outline text="&x;" xmlUrl="https://a/"/></body></opml>'
    )
    with pytest.raises(UnsafeXML) as caught:
        parse_opml(content)
    assert isinstance(caught.value, InvalidOPML)


def test_hostile_nesting_is_bounded() -> None:
    depth = 2000
    content = (
        b"<opml><body>"
        + b'<outline text="f">' * depth
        + b'<outline xmlUrl="https://deep.example/"/>'
        + b"</outline>" * depth
        + b"</body></opml>"
    )
    assert parse_opml(content) == []


def test_unknown_encoding_is_invalid_opml() -> None:
    with pytest.raises(InvalidOPML, match="unreadable"):
        parse_opml(b"<?xml version='1.0' encoding='bogus'?><opml/>")
