"""parse_feed on hand-written fixtures of every supported format (golden files)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.pipeline.parse.golden import TESTDATA, check_golden

from newsdesk.pipeline.parse import parse_feed
from newsdesk.pipeline.types import ParsedFeed, ParseOptions

NOW = datetime(2025, 1, 1, tzinfo=UTC)
OPTIONS = ParseOptions(now=NOW)

FEED_CASES = [
    ("rss091.xml", "rss091n"),
    ("rss10_rdf.xml", "rss10"),
    ("rss20_media.xml", "rss20"),
    ("atom10.xml", "atom10"),
    ("atom03.xml", "atom03"),
    ("jsonfeed11.json", "json11"),
    ("cp1252.xml", "rss20"),
    ("latin1.xml", "rss20"),
    ("truncated.xml", "rss20"),
]


def parse_case(name: str) -> ParsedFeed:
    content = (TESTDATA / name).read_bytes()
    return parse_feed(content, f"https://feeds.example/{name}", options=OPTIONS)


@pytest.mark.parametrize(("case", "fmt"), FEED_CASES)
def test_golden(case: str, fmt: str, request: pytest.FixtureRequest) -> None:
    parsed = parse_case(case)
    assert parsed.format == fmt
    check_golden(case, parsed, request.config)


def test_rss20_entries_are_normalised() -> None:
    feed = parse_case("rss20_media.xml")
    first, harbour, essay, future = feed.entries
    assert first.guid == "news-example-42"
    assert first.url == "https://news.example/politics/budget-2024?id=42"
    assert first.link.startswith("https://News.Example:443/politics/budget-2024?utm_source=rss")
    assert first.title == "Council approves budget & tax plan"
    assert first.published == datetime(2024, 1, 2, 20, 4, 5, tzinfo=UTC)
    assert first.authors == ("Jane Roe", "John Doe")
    assert first.summary == "The city council approved the budget on Tuesday."
    assert first.image == "https://cdn.news.example/img/budget.jpg"
    # A relative RSS link resolves against the channel's site URL; no guid -> canonical link.
    assert harbour.url == harbour.guid == "https://news.example/local/harbour"
    assert harbour.authors == ("Sam Smith",)
    assert harbour.image == "https://cdn.news.example/img/harbour.png"
    # Permalink guid as the link; 1970 is absurd; image from content; "By" dropped.
    assert essay.url == "https://news.example/photos/winter-market"
    assert essay.published is None
    assert essay.image == "https://news.example/img/market.jpg"
    assert essay.authors == ("Alex Kim", "Priya Natarajan")
    assert future.published is None
    assert feed.skipped == 1  # the announcement without a link
    assert feed.next_url == "https://news.example/feed.xml?page=2"
    assert feed.icon == "https://news.example/icon.png"
    assert feed.language == "en-us"


def test_atom_resolves_xml_base_and_falls_back_to_updated() -> None:
    feed = parse_case("atom10.xml")
    elections, weather = feed.entries
    assert feed.title == "Le Journal"
    assert feed.next_url == "https://atom.example/blog/feed.atom?page=2"
    assert elections.url == "https://atom.example/blog/2024/05/elections"
    assert elections.published == datetime(2024, 5, 6, 6, 0, tzinfo=UTC)
    assert elections.authors == ("Camille Martin", "Luc Bernard")
    assert weather.title == "Météo du jour"
    assert weather.published == datetime(2024, 5, 5, 7, 0, tzinfo=UTC)
    assert weather.url == "https://atom.example/blog/2024/05/meteo"


def test_json_feed() -> None:
    feed = parse_case("jsonfeed11.json")
    assert (feed.title, feed.site_url, feed.language) == (
        "JSON Times",
        "https://json.example/",
        "en",
    )
    first, second = feed.entries
    assert first.url == "https://json.example/2024/001?amp=1"
    assert first.authors == ("Maria Garcia",)  # the bare e-mail address is dropped
    assert first.image == "https://json.example/img/bank.jpg"
    assert second.guid == "2"
    assert second.summary == "Stocks <rose> today."
    assert second.published == datetime(2024, 2, 2, 13, 0, tzinfo=UTC)
    assert second.image == "https://json.example/img/markets.png"
    assert feed.skipped == 1


@pytest.mark.parametrize(
    ("case", "title"),
    [
        ("cp1252.xml", "\u201cQuoted\u201d headline \u2013 with dash \u20ac"),
        ("latin1.xml", "Été à Paris"),
    ],
)
def test_legacy_charset_from_xml_prolog(case: str, title: str) -> None:
    assert parse_case(case).entries[0].title == title


def test_http_charset_outranks_the_prolog() -> None:
    content = (TESTDATA / "latin1.xml").read_bytes().replace(b"iso-8859-1", b"utf-8")
    feed = parse_feed(content, "https://x.example/f", "application/rss+xml; charset=iso-8859-1")
    assert feed.entries[0].title == "Été à Paris"


def test_truncated_feed_returns_what_is_recoverable() -> None:
    feed = parse_case("truncated.xml")
    assert [e.url for e in feed.entries][:2] == [
        "https://news.example/politics/budget-2024?id=42",
        "https://news.example/local/harbour",
    ]


def test_entries_are_capped() -> None:
    items = "".join(f"<item><link>https://cap.example/{n}</link></item>" for n in range(30))
    content = f'<rss version="2.0"><channel><title>c</title>{items}</channel></rss>'.encode()
    feed = parse_feed(content, "https://cap.example/feed", options=ParseOptions(max_entries=10))
    assert len(feed.entries) == 10
    assert feed.truncated == 20
    assert feed.entries[-1].url == "https://cap.example/9"


def test_summary_is_trimmed_at_a_word_boundary() -> None:
    body = "word " * 300
    content = (
        '<rss version="2.0"><channel><item><link>https://s.example/1</link>'
        f"<description>{body}</description></item></channel></rss>"
    ).encode()
    summary = parse_feed(content, "https://s.example/f").entries[0].summary
    assert len(summary) <= 500
    assert summary.endswith("word …")
