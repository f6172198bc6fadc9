"""Outlets that tell one sentence with another name, a negation or an opposite verb."""

from __future__ import annotations

import pytest

from newsdesk.pipeline.enrich.conflicts import Conflict, conflict
from newsdesk.pipeline.enrich.embed import MiniLMEmbedder
from newsdesk.pipeline.enrich.stories import MemberArticle, summarize_story

SUSPECT = "Police identified the suspect as {}, a 34-year-old local resident."


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (
            SUSPECT.format("John Smith"),
            SUSPECT.format("Robert Brown"),
            Conflict("a name", "John Smith", "Robert Brown"),
        ),
        (
            "The company confirmed the layoffs on Monday, a spokesman said.",
            "The company denied the layoffs on Monday, a spokesman said.",
            Conflict(
                "what happened",
                "The company confirmed the layoffs on Monday, a spokesman said.",
                "The company denied the layoffs on Monday, a spokesman said.",
            ),
        ),
        (
            "The senator said he would support the bill next week.",
            "The senator said he would not support the bill next week.",
            Conflict(
                "what happened",
                "The senator said he would support the bill next week.",
                "The senator said he would not support the bill next week.",
            ),
        ),
    ],
)
def test_one_change_that_contradicts(first: str, second: str, expected: Conflict) -> None:
    assert conflict(first, second) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # One name spelled two ways, or shortened: one person.
        (SUSPECT.format("John Smith"), SUSPECT.format("Jon Smith")),
        (
            "President Volodymyr Zelensky said the attack killed civilians.",
            "President Volodymyr Zelenskyy said the attack killed civilians.",
        ),
        (SUSPECT.format("John Smith"), SUSPECT.format("Smith")),
        # A title for a title, a day for a day (a dateline or a time zone).
        ("Senator Jones said the vote was a mistake.", "Sen. Jones said the vote was a mistake."),
        (
            "The minister said on Monday that talks would resume.",
            "The minister said on Tuesday that talks would resume.",
        ),
        # More than one change: two facts, not one told two ways.
        (
            "Biden met Macron in Paris to discuss the war in Ukraine.",
            "Biden met Scholz in Berlin to discuss the war in Ukraine.",
        ),
        # Apostrophes and a full stop are no change; a sentence's first word is no name.
        (
            "It wasn't a planned visit, officials said.",
            "It wasn\u2019t a planned visit, officials said",
        ),
        ("Smith won the race in record time.", "Jones won the race in record time."),
        ("Too short to say.", "Too long to say."),
    ],
)
def test_no_contradiction(first: str, second: str) -> None:
    assert conflict(first, second) is None


def test_a_story_summary_says_where_outlets_name_different_people(minilm: MiniLMEmbedder) -> None:
    lead = "A gunman opened fire at a shopping centre in Leeds on Saturday, police said."
    reuters = MemberArticle(
        "r1", "Reuters", "Shooting in Leeds", f"{lead}\n\n{SUSPECT.format('John Smith')}"
    )
    ap = MemberArticle("a1", "AP", "Leeds shooting", f"{lead}\n\n{SUSPECT.format('Robert Brown')}")

    story = summarize_story([reuters, ap], minilm)

    names = [d for d in story.disagreements if d.about == "a name"]
    assert len(names) == 1
    assert {(c.source, c.value) for c in names[0].claims} == {
        ("Reuters", "John Smith"),
        ("AP", "Robert Brown"),
    }
    assert (
        names[0].text == "Outlets differ on a name: Reuters says John Smith; AP says Robert Brown."
    )
    assert all(c.passage.startswith("Police identified") for c in names[0].claims)


def test_a_claim_told_both_ways_is_quoted_whole(minilm: MiniLMEmbedder) -> None:
    confirmed = "The club confirmed the manager's departure on Friday, a spokesman said."
    denied = "The club denied the manager's departure on Friday, a spokesman said."
    lead = "The club's board met for six hours on Friday to discuss the season."
    story = summarize_story(
        [
            MemberArticle("b1", "BBC", "Board meets", f"{lead}\n\n{confirmed}"),
            MemberArticle("s1", "Sky", "Board meeting", f"{lead}\n\n{denied}"),
        ],
        minilm,
    )

    claims = [d for d in story.disagreements if d.about == "what happened"]
    assert len(claims) == 1
    assert claims[0].text == (
        f"Outlets differ on what happened: BBC says \u201c{confirmed}\u201d; "
        f"Sky says \u201c{denied}\u201d"
    )
