"""Structured boxes inside the article markup that are not its running text: a summary
box under its heading ("Story highlights", "Key points") and a byline joined to a date
line by a bar (the golden page ``summary_boxes`` shows them in a whole page; these
tests pin the rules, with the article sentences that use the same words)."""

from __future__ import annotations

import pytest
from tests.pipeline.extract.ferry import SENTENCES, body_of, story

from newsdesk.pipeline.extract.boilerplate import is_furniture, is_summary_heading

REST = "".join(f"<p>{sentence} {sentence}</p>" for sentence in SENTENCES)


@pytest.mark.parametrize(
    "heading", ["<h2>Story highlights</h2>", "<h3>Key points</h3>", "<p><b>In short:</b></p>"]
)
def test_a_summary_box_above_the_article_goes_with_its_heading(heading: str) -> None:
    box = (
        f"<div class='q7'>{heading}<ul><li>The ferry will run in winter for the first "
        "time</li><li>Tickets cost the same as in summer</li></ul></div>"
    )
    assert body_of(box + REST) == story()


def test_a_summary_box_in_a_section_of_its_own_goes() -> None:
    box = (
        "<section class='a9'><h2>What you need to know</h2><p>The ferry runs all year "
        "from May, twice a day.</p></section>"
    )
    assert body_of(box + REST) == story()


def test_a_sentence_opening_with_a_summary_word_stays() -> None:
    line = "In short, the islanders got what they asked for, the harbour master said."
    assert line in body_of(REST + f"<p>{line}</p>")


def test_a_summary_heading_over_the_whole_text_keeps_the_text() -> None:
    # the heading opens a box too long to be a summary box: the article is no widget
    assert body_of("<h2>Key points</h2>" + REST) == story()


@pytest.mark.parametrize(
    "line",
    [
        "Story highlights",
        "Key takeaways:",
        "What you need to know",
        "At a glance",
        "In brief",
    ],
)
def test_summary_headings(line: str) -> None:
    assert is_summary_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "In short, the ferry will run all year.",
        "Highlights of the season included the new ferry",
        "Das Wichtigste in Kürze",  # German developer pages keep their summary boxes
        "What you need to know about the new ferry timetable before you travel",
    ],
)
def test_not_summary_headings(line: str) -> None:
    assert not is_summary_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Doe, Reporter | Updated 3 hours ago",
        "By Jane Doe and John Roe \u00b7 5 min read",
        "By Jane Doe, Harbour Reporter | Updated: 3 May 2026, 10:15",
    ],
)
def test_a_byline_joined_to_a_date_line_is_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "The harbour vote passed without a debate | Updated 3 hours ago",
        "By the harbour | a poem by Jane Doe",
        "The vote passed 12 | 3, with Jane Doe absent.",
    ],
)
def test_a_barred_line_with_a_part_that_is_no_meta_line_is_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_a_byline_with_a_date_line_in_the_body_goes() -> None:
    assert body_of("<p>By Jane Doe, Reporter | Updated 3 hours ago</p>" + REST) == story()
