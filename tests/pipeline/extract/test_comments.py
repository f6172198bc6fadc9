"""Readers' comments below an article are not its text, whatever their class names say.

WordPress and many small sites head the comments with "3 Responses to “…”", "12
thoughts on “…”" or "Leave a Reply". With class names that name the box ("comments")
the box goes by its name; these pages name nothing, as CSS-in-JS and obfuscated
templates write them.
"""

from __future__ import annotations

import pytest
from tests.pipeline.extract.ferry import PARAGRAPHS, body_of, story

from newsdesk.pipeline.extract import extract
from newsdesk.pipeline.extract.boilerplate import is_comments_heading

COMMENTS = [
    "About time! We have waited for years for a decent winter link to the mainland and "
    "this is great news for every one of us on the island.",
    "Forty minutes seems optimistic to me, given the state of the north pier and the "
    "weather we get here every single winter.",
    "Will the fares really stay the same in winter? The operator said the same last time "
    "and then the prices went up by a third.",
]


def thread(heading: str) -> str:
    """A comment thread under ``heading``: names, dates, comments, a reply form."""
    items = "".join(
        f"<li><div><b>Reader {n}</b> says:</div><div>March {n}, 2024 at 10:12 am</div>"
        f"<p>{comment}</p><a href='#r{n}'>Reply</a></li>"
        for n, comment in enumerate(COMMENTS, start=1)
    )
    return (
        f"<h3>{heading}</h3><ol>{items}</ol><h3>Leave a Reply</h3>"
        "<p>Your email address will not be published. Required fields are marked *</p>"
        "<form><textarea name='comment'></textarea></form>"
    )


@pytest.mark.parametrize(
    "heading",
    [
        "3 Responses to &ldquo;Ferry to run all year&rdquo;",
        "3 thoughts on &ldquo;Ferry to run all year&rdquo;",
        "3 Comments",
        "Kommentare",
    ],
)
def test_a_comment_box_after_the_article_goes(heading: str) -> None:
    assert body_of(PARAGRAPHS + f"<div class='q9'>{thread(heading)}</div>") == story()


def test_comments_set_straight_after_the_paragraphs_go() -> None:
    # no box of their own: the heading is a sibling of the article's paragraphs
    flat = (
        "<h3>2 Responses to &ldquo;Ferry to run all year&rdquo;</h3>"
        + "".join(
            f"<p><b>Reader {n}</b> says:<br>March {n}, 2024</p><p>{comment}</p>"
            for n, comment in enumerate(COMMENTS[:2], start=1)
        )
        + "<h3>Leave a Reply</h3>"
    )
    assert body_of(PARAGRAPHS + flat) == story()


def test_a_comments_link_above_the_article_cuts_nothing() -> None:
    # "3 Comments" as a heading link at the top of the article's own box: what follows
    # is the whole article, not a comments box
    top = "<h3><a href='#comments'>3 Comments</a></h3>"
    assert body_of(top + PARAGRAPHS) == story()
    assert body_of(top + PARAGRAPHS, box=None) == story()


def test_an_opinion_label_is_no_comments_heading() -> None:
    # "Comment" / "Kommentar" alone label an opinion piece: the text under it stays
    column = "<div class='k2'><h3>Comment</h3>" + PARAGRAPHS + "</div>"
    assert body_of(column) == story()
    assert is_comments_heading("Kommentare") and not is_comments_heading("Kommentar")


def test_comments_that_are_articles_of_their_own_go() -> None:
    # each comment an <article>, the thread beside the article's box on a page with no
    # <main> and no class name that says anything: trafilatura reads this page
    items = "".join(
        f"<article class='c{n}'><header><b>Reader {n}</b><time>March {n}, 2024</time>"
        f"</header><p>{comment}</p></article>"
        for n, comment in enumerate(COMMENTS, start=1)
    )
    html = (
        "<html><head><title>Ferry to run all year</title></head><body><div class='w'>"
        f"<h1>Ferry to run all year</h1><div class='a1'>{PARAGRAPHS}</div>"
        f"<div class='s9'><h4>Join the discussion</h4>{items}</div></div></body></html>"
    )
    assert extract(html, "https://example.org/news/ferry").text.split("\n\n") == story()
