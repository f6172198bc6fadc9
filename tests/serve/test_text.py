"""The pure helpers behind the template filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.serve.web.text import (
    continuation,
    describe_age,
    first_words,
    join_names,
    plain_text,
    without_call_to_read,
    without_headline,
)

NOW = datetime(2025, 6, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (timedelta(seconds=-30), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=24, seconds=50), "24 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=3, minutes=59), "3 hours ago"),
        (timedelta(hours=30), "yesterday"),
        (timedelta(days=3), "12 June"),
        (timedelta(days=400), "11 May 2024"),
    ],
)
def test_describe_age(age: timedelta, expected: str) -> None:
    assert describe_age(NOW - age, NOW) == expected


def test_plain_text_drops_tags_and_decodes_entities() -> None:
    assert (
        plain_text("<p>Fish &amp; chips</p>\n<p>today <b>only</b></p>") == "Fish & chips today only"
    )


def test_first_words_cuts_with_an_ellipsis() -> None:
    assert first_words("one two three", 3) == "one two three"
    assert first_words("one, two, three", 2) == "one, two…"


def test_join_names() -> None:
    assert join_names([]) == ""
    assert join_names(["Ann"]) == "Ann"
    assert join_names(["Ann", " ", "Bo", "Cy"]) == "Ann, Bo and Cy"


def test_first_words_of_a_clipped_head_drops_its_last_fragment() -> None:
    assert first_words("one two thr", 40, clipped=True) == "one two…"
    assert first_words("one two thr", 40) == "one two thr"


@pytest.mark.parametrize(
    ("summary", "body", "expected"),
    [
        ("Fired overnight. Every night resul", "K. Fired overnight. Every night results in X.",
         "Fired overnight. Every night results in X."),
        ("A finished sentence.", "A finished sentence. More.", None),  # ends as a sentence
        ("Not in the body", "Other words entirely.", None),
        ("Whole body", "Whole body", None),  # nothing more to read on
        ("", "Anything.", None),
    ],
)  # fmt: skip
def test_continuation(summary: str, body: str, expected: str | None) -> None:
    assert continuation(summary, body) == expected


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("What economists said about the data. Read on", "What economists said about the data."),
        ("A passionate commitment to law. With a [...]", "A passionate commitment to law. With a"),
        ("Across platforms. For example, [\u2026]", "Across platforms. For example,"),
        ("Ten died. Continue reading\u2026", "Ten died."),
        ("Ten died. Read more \u00bb", "Ten died."),
        (
            "Ten died. The post Ten die in storm appeared first on Example News.",
            "Ten died.",
        ),
        ("Readers read more books in winter.", "Readers read more books in winter."),
        ("Read on", ""),
        ("He said he wanted to read more", "He said he wanted to read more"),
    ],
)
def test_feed_summaries_lose_their_call_to_read(summary: str, expected: str) -> None:
    assert without_call_to_read(summary) == expected


HEADLINE = "South Korea Seizes Ship Suspected of Oil Transfer"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEADLINE + " Seoul has seized a ship.", "Seoul has seized a ship."),
        (HEADLINE + " - Seoul has seized a ship.", "Seoul has seized a ship."),
        (HEADLINE + ": Seoul has seized a ship.", "Seoul has seized a ship."),
        ("south korea seizes ship suspected of oil  transfer. Seoul...", "Seoul..."),
        (HEADLINE, ""),  # the headline alone: nothing of it is an excerpt
        (HEADLINE + "s in its waters. More.", HEADLINE + "s in its waters. More."),  # word goes on
        ("Seoul has seized a ship. " + HEADLINE, "Seoul has seized a ship. " + HEADLINE),
    ],
)
def test_an_excerpt_does_not_open_with_the_headline(text: str, expected: str) -> None:
    assert without_headline(text, HEADLINE) == expected


def test_curly_quotes_match_plain_ones_and_short_headlines_stay() -> None:
    title = "Trump \u2018congratulates\u2019 China"
    assert without_headline("Trump 'congratulates' China in a post.", title) == "in a post."
    assert without_headline("Sport news today.", "Sport news") == "Sport news today."
