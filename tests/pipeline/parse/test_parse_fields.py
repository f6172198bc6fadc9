"""The small normalisers behind EntryDraft: text, authors, dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsdesk.pipeline.parse.authors import clean_authors, split_author
from newsdesk.pipeline.parse.dates import parse_iso, sane
from newsdesk.pipeline.parse.entries import fallback_guid
from newsdesk.pipeline.parse.text import html_to_text, plain_text, truncate
from newsdesk.pipeline.types import ParseOptions


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Jane Doe", ["Jane Doe"]),
        ("jane@x.com (Jane Doe)", ["Jane Doe"]),
        ("jane@news.example (Jane Doe)", ["Jane Doe"]),
        ("Jane Doe <jane@x.com>", ["Jane Doe"]),
        ("Jane Doe (jane@x.com)", ["Jane Doe"]),
        ("jane@x.com", []),
        ("A and B", ["A", "B"]),
        ("A, B & C", ["A", "B", "C"]),
        ("By Jane Doe; John Roe", ["Jane Doe", "John Roe"]),
        ("Anna Müller und Jonas Weber", ["Anna Müller", "Jonas Weber"]),
        ("Andrea Anderson", ["Andrea Anderson"]),
        ("John Y. Smith", ["John Y. Smith"]),
        ("<b>Jane</b>  Doe", ["Jane Doe"]),
        ("  ", []),
        ("---", []),
    ],
)
def test_split_author(raw: str, names: list[str]) -> None:
    assert split_author(raw) == names


def test_clean_authors_dedupes_case_insensitively_in_order() -> None:
    assert clean_authors(["B", "a and b", "A"]) == ("B", "a")


def test_html_to_text() -> None:
    text, image = html_to_text(
        "<p>One&nbsp;<b>two</b></p><script>x()</script><p>three &amp; four</p>"
        '<img src="/a.png"><img src="/b.png">'
    )
    assert text == "One two three & four"
    assert image == "/a.png"


def test_html_to_text_survives_malformed_markup() -> None:
    assert html_to_text("a <![weird b")[0].startswith("a")


def test_plain_text_keeps_angle_brackets_of_plain_values() -> None:
    assert plain_text("Use &lt;div&gt; wisely", is_html=False) == "Use <div> wisely"
    assert plain_text("Use &lt;div&gt; <b>wisely</b>") == "Use <div> wisely"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short", 10, "short"),
        ("one two three four", 12, "one two …"),
        ("abcdefghijklmnop", 10, "abcdefgh …"),
    ],
)
def test_truncate(text: str, limit: int, expected: str) -> None:
    assert truncate(text, limit) == expected
    assert len(truncate(text, limit)) <= limit


def test_dates() -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    options = ParseOptions()
    assert parse_iso("2024-02-02T08:00:00-05:00") == datetime(2024, 2, 2, 13, tzinfo=UTC)
    assert parse_iso("2024-02-02") == datetime(2024, 2, 2, tzinfo=UTC)
    assert parse_iso("yesterday") is None
    assert parse_iso(20240202) is None
    assert sane(datetime(1989, 12, 31, tzinfo=UTC), options, now) is None
    assert sane(now + timedelta(days=1), options, now) == now + timedelta(days=1)
    assert sane(now + timedelta(days=3), options, now) is None
    aware = datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=2)))
    assert sane(aware, options, now) == aware


def test_fallback_guid_is_stable() -> None:
    published = datetime(2024, 1, 1, tzinfo=UTC)
    first = fallback_guid("t", published, "s")
    assert first == fallback_guid("t", published, "s")
    assert first != fallback_guid("t", None, "s")
    assert first.startswith("sha256:")
