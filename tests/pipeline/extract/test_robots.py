"""The publisher's robots directives that limit display: parsed, combined, extracted."""

from __future__ import annotations

from newsdesk.pipeline.extract import extract
from newsdesk.pipeline.extract.robots import (
    RobotsDirectives,
    combined_robots,
    header_robots,
    parse_robots,
)


def test_directives_are_parsed_and_the_strictest_wins() -> None:
    assert parse_robots([]) == RobotsDirectives()
    assert parse_robots(["index, follow"]) == RobotsDirectives()
    assert parse_robots(["NOARCHIVE"]).noarchive
    assert parse_robots(["noindex, nosnippet"]).nosnippet
    none = parse_robots(["none"])
    assert none.noarchive and none.nosnippet
    assert parse_robots(["max-snippet:120", "max-snippet: 50"]).max_snippet == 50
    assert parse_robots(["max-snippet:-1"]).max_snippet is None  # no limit
    assert parse_robots(["max-snippet:lots"]).max_snippet is None  # malformed: ignored
    zero = parse_robots(["max-snippet:0"])
    assert zero.nosnippet and zero.max_snippet == 0
    assert str(parse_robots(["noarchive,max-snippet:80"])) == "noarchive,max-snippet:80"


def test_extraction_records_the_robots_meta() -> None:
    body = "".join(
        f"<p>Paragraph {i} of a long enough article body to extract.</p>" for i in range(12)
    )
    page = (
        '<html><head><title>A story</title><meta name="robots" content="noarchive, max-snippet:90">'
        '<meta name="googlebot" content="nosnippet"></head>'
        f"<body><article><h1>A story</h1>{body}</article></body></html>"
    )
    result = extract(page, "https://news.example/a-story")
    assert result.robots == "noarchive,max-snippet:90"  # googlebot's rules are for Google
    plain = extract(page.replace("noarchive, max-snippet:90", "index"), "https://news.example/b")
    assert plain.robots == ""


def test_the_x_robots_tag_header_adds_to_the_meta_directives() -> None:
    assert header_robots("noarchive, max-snippet: 40") == ["noarchive,max-snippet: 40"]
    assert header_robots("googlebot: nosnippet") == []  # one crawler's rule
    assert header_robots("otherbot: noarchive, nosnippet") == []  # both are otherbot's
    assert header_robots("nosnippet, otherbot: noarchive") == ["nosnippet"]
    assert combined_robots("", None) == ""
    assert combined_robots("max-snippet:90", "max-snippet:40, noarchive") == (
        "noarchive,max-snippet:40"
    )
    assert combined_robots("noarchive", "googlebot: nosnippet") == "noarchive"
    assert combined_robots("nosnippet", "index, follow") == "nosnippet"
