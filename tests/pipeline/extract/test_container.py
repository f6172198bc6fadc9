"""Our own article finder (the container trafilatura then reads) and standfirst recovery."""

from __future__ import annotations

import lxml.html
import pytest
from lxml import etree
from tests.pipeline.extract.ferry import PARAGRAPHS, SENTENCES

from newsdesk.pipeline.extract import extract
from newsdesk.pipeline.extract.body import repeated
from newsdesk.pipeline.extract.boilerplate import is_furniture
from newsdesk.pipeline.extract.document import parse_html
from newsdesk.pipeline.extract.scorer import find_container

TEASERS = "".join(
    f"<div class='card'><h3><a href='/s/{n}'>Story {n}</a></h3>"
    f"<p>{SENTENCES[n % 6]} More on this in the full story {n}.</p><a href='/s/{n}'>more</a></div>"
    for n in range(12)
)


def headed_page(body: str) -> str:
    """A whole page titled with the ferry story's headline around ``body``."""
    return f"<html><head><title>Ferry to run all year</title></head><body>{body}</body></html>"


def confident_container(html: str) -> lxml.html.HtmlElement:
    """The element the finder is sure holds the article of ``html``."""
    container = find_container(parse_html(html))
    assert container is not None and container.confident
    return container.element


def tree_of(body: str) -> lxml.html.HtmlElement:
    return parse_html(f"<html><head><title>Ferry</title></head><body>{body}</body></html>")


def test_the_container_is_the_element_holding_the_paragraphs() -> None:
    tree = tree_of(
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<div id='page'><div class='story'><h1>Ferry to run all year</h1>"
        f"<div id='text'>{PARAGRAPHS}</div></div>"
        "<div class='more'><ul><li><a href='/x'>Other news</a></li></ul></div></div>"
    )
    container = find_container(tree)
    assert container is not None
    assert container.confident
    # widened from the text's own element to the story, which also holds the headline
    assert container.element.get("class") == "story"
    assert container.paragraph_chars >= sum(2 * len(s) for s in SENTENCES)


def test_paragraphs_set_as_loose_text_in_divs_count() -> None:
    loose = "".join(f"<div>{s} {s}<br><br></div>" for s in SENTENCES)
    tree = tree_of(f"<main><section class='body'>{loose}</section></main><footer>(c)</footer>")
    container = find_container(tree)
    assert container is not None
    assert container.confident
    assert container.element.tag in {"section", "main"}


def test_a_page_of_teasers_is_not_a_confident_article() -> None:
    tree = tree_of(f"<main><div class='grid'>{TEASERS}</div></main>")
    container = find_container(tree)
    assert container is None or not container.confident or container.element.tag == "body"


def test_an_article_body_the_container_lacks_makes_it_unsure() -> None:
    tree = tree_of(f"<article>{PARAGRAPHS}</article>")
    other = " ".join(f"Quite different words number {n} appear in this copy." for n in range(40))
    container = find_container(tree, article_body=other)
    assert container is not None
    assert not container.confident


def test_finding_the_container_leaves_the_tree_unchanged() -> None:
    tree = tree_of(f"<article><h1>Ferry</h1>{PARAGRAPHS}</article><aside>{TEASERS}</aside>")
    before = etree.tostring(tree)
    find_container(tree)
    extract(etree.tostring(tree, encoding="unicode"))
    assert etree.tostring(tree) == before


def test_text_outside_the_container_stays_out_of_the_body() -> None:
    teasers = TEASERS[: TEASERS.index("<div class='card'><h3><a href='/s/3'>")]
    html = (
        "<html><body><div class='wrap'><article><h1>Ferry to run all year</h1>"
        f"{PARAGRAPHS}</article><div class='also'>{teasers}</div></div></body></html>"
    )
    text = extract(html, "https://example.org/news/ferry").text
    assert SENTENCES[0] in text and SENTENCES[5] in text
    assert "full story 1" not in text


def test_an_article_set_out_in_a_list_cell_is_found() -> None:
    # Older templates lay the page out as <ul><li> cells; the teasers beside the
    # article are long, so a finder that does not look inside lists reads them instead.
    teasers = "".join(
        f"<li><a href='/s/{n}'><div><h1>Other story {n}</h1><p>Teaser {n}: "
        + " ".join(SENTENCES)
        + "</p></div></a></li>"
        for n in range(6)
    )
    html = headed_page(
        "<ul class='layout'><li id='left'><div class='archives'><h1>Ferry to run all year</h1>"
        f"{PARAGRAPHS}</div></li></ul>"
        f"<div class='box'><h1>You might also like</h1><ul>{teasers}</ul></div>"
    )
    confident_container(html)
    text = extract(html, "https://example.org/news/ferry").text
    assert SENTENCES[0] in text and SENTENCES[5] in text
    assert "Teaser" not in text


def test_an_article_set_out_in_a_table_cell_is_found_without_its_neighbour_cells() -> None:
    # Older sites lay the whole page out in a table: navigation in one row, a column of
    # links beside the article's cell, the footer in the last row.
    links = "".join(
        f"<p><a href='/s/{n}'>Other story {n}: {SENTENCES[n]}</a></p>" for n in range(6)
    )
    text = "<br><br>".join(f"{s} {s}" for s in SENTENCES)
    html = headed_page(
        "<table><tr><td colspan=2><a href='/'>Home</a> | <a href='/news'>News</a></td></tr>"
        f"<tr><td id='links'>{links}</td><td id='story'><b>Ferry to run all year</b><br>"
        f"<font size=2>{text}</font></td></tr>"
        "<tr><td colspan=2>About us | Contact | Advertise</td></tr></table>"
    )
    # not widened to the whole row
    assert confident_container(html).get("id") == "story"
    article = extract(html, "https://example.org/news/ferry")
    assert article.text.split("\n\n") == [f"{s} {s}" for s in SENTENCES]


def test_a_table_of_short_cells_is_not_walked_as_layout() -> None:
    rows = "".join(f"<tr><td>{n}</td><td>{SENTENCES[n][:40]}</td></tr>" for n in range(6))
    html = f"<article><h1>Ferry to run all year</h1>{PARAGRAPHS}<table>{rows}</table></article>"
    container = find_container(tree_of(html))
    assert container is not None
    assert container.paragraph_chars == sum(len(f"{s} {s}") for s in SENTENCES)


def test_a_list_of_short_items_is_no_layout_cell() -> None:
    items = "".join(f"<li><p>{s}</p></li>" for s in SENTENCES)
    html = f"<article><h1>Ferry to run all year</h1>{PARAGRAPHS}<ul>{items}</ul></article>"
    container = find_container(tree_of(html))
    assert container is not None
    # the list's paragraphs are not weighed as article paragraphs of their own
    assert container.paragraph_chars == sum(len(f"{s} {s}") for s in SENTENCES)


def test_the_standfirst_shown_above_the_article_leads_the_body() -> None:
    standfirst = "Islanders will get a ferry all year round from May, the harbour master says."
    html = (
        f"<html><head><meta name='description' content='{standfirst}'></head><body>"
        f"<header class='top'><h1>Ferry to run all year</h1><div class='intro'>{standfirst}</div>"
        f"</header><nav><a href='/'>Home</a></nav><div class='x'><div>{PARAGRAPHS}</div></div>"
        "</body></html>"
    )
    text = extract(html, "https://example.org/news/ferry").text
    assert text.startswith(standfirst)
    assert text.count(standfirst) == 1


def test_a_description_the_page_does_not_show_is_not_added() -> None:
    summary = "A summary written only for search engines, never shown on the page itself."
    html = (
        f"<html><head><meta name='description' content='{summary}'></head><body>"
        f"<article><h1>Ferry to run all year</h1>{PARAGRAPHS}</article></body></html>"
    )
    assert summary not in extract(html, "https://example.org/news/ferry").text


def test_a_placeholder_sentence_repeated_in_the_body_is_kept_once() -> None:
    placeholder = (
        "Your privacy settings prevent loading and showing external content such as "
        "graphics, tables and social networks on this page."
    )
    parts = "".join(
        f"<p>{s} {s}</p><div class='embed'><p>{placeholder}</p></div>" for s in SENTENCES
    )
    html = f"<html><body><article><h1>Ferry to run all year</h1>{parts}</article></body></html>"
    text = extract(html, "https://example.org/news/ferry").text
    assert SENTENCES[2] in text
    assert text.count("privacy settings") <= 1


def test_only_sentence_long_repeats_count_as_repeated() -> None:
    sentence = "Your privacy settings prevent loading and showing external content on this page."
    texts = ["Jane Doe", sentence, "Jane Doe", SENTENCES[0], sentence]
    assert repeated(texts) == [False, False, False, False, True]


def test_short_lines_repeated_in_a_list_article_stay() -> None:
    rows = "".join(
        f"<h2>Category {n}</h2><p>{SENTENCES[n]} {SENTENCES[n]}</p><p>Jane Doe</p><p>John Roe</p>"
        for n in range(4)
    )
    html = f"<html><body><article><h1>Ferry awards</h1>{rows}</article></body></html>"
    text = extract(html, "https://example.org/news/awards").text
    assert text.count("Jane Doe") == 4


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("By Jane Doe", True),
        ("Von Anna Schmidt und Peter Meier", True),
        ("By Jane Doe and John Q.", True),
        ("Stand: 22.04.2024, 06:00 Uhr", True),
        ("Updated 10:42 GMT, 3 May 2024", True),
        ("By then the ferry had left.", False),
        ("By Monday, islanders had booked every crossing for the summer.", False),
        ("Updated timetables will be posted in the harbour office.", False),
        ("Door de regen bleef de veerboot in de haven.", False),
    ],
)
def test_a_byline_or_date_line_alone_is_furniture(line: str, furniture: bool) -> None:
    assert is_furniture(line) is furniture


def test_a_social_headline_repeated_at_the_top_is_dropped() -> None:
    social = "After a long wait: Islanders get their winter ferry"
    html = (
        f"<html><head><meta property='og:title' content='{social}'></head><body>"
        f"<article><h1>Ferry to run all year</h1><p>After a long wait Islanders get their "
        f"winter ferry</p>{PARAGRAPHS}</article></body></html>"
    )
    text = extract(html, "https://example.org/news/ferry").text
    assert "long wait" not in text
    assert SENTENCES[0] in text


def test_the_more_stories_section_closing_the_article_is_cut() -> None:
    teasers = "".join(
        f"<p><a href='/s/{n}'>Other story number {n} headline</a></p><p>Short teaser {n}.</p>"
        for n in range(3)
    )
    html = (
        "<html><body><article><h1>Ferry to run all year</h1>"
        f"{PARAGRAPHS}<h2>More from The Island News</h2>{teasers}</article></body></html>"
    )
    text = extract(html, "https://example.org/news/ferry").text
    assert SENTENCES[5] in text
    assert "More from" not in text and "Short teaser" not in text


def test_a_more_from_line_introducing_a_quote_is_not_a_cut() -> None:
    html = (
        "<html><body><article><h1>Ferry to run all year</h1>"
        f"{PARAGRAPHS}<p>More from the harbour master:</p><p>{SENTENCES[0]}</p>"
        "</article></body></html>"
    )
    text = extract(html, "https://example.org/news/ferry").text
    assert text.endswith(SENTENCES[0])


@pytest.mark.parametrize(
    "line",
    [
        "Follow The Island News on Google News and add us as a preferred source.",
        "Folgst du schon der Inselzeitung auf Whatsapp?",
        "Czytaj więcej",
        "Got a story? Get in touch with our news team by emailing us at news@example.org.",
    ],
)
def test_calls_to_follow_or_write_in_are_furniture(line: str) -> None:
    assert is_furniture(line)


def test_prose_mentioning_contact_is_not_furniture() -> None:
    assert not is_furniture("Police asked anyone who saw the crash to get in touch with them.")


def test_relative_links_in_the_body_become_absolute() -> None:
    html = (
        "<html><body><article><h1>Ferry to run all year</h1>"
        f"<p>{SENTENCES[0]} See <a href='/timetable'>the timetable</a> for details.</p>"
        f"{PARAGRAPHS}</article></body></html>"
    )
    article = extract(html, "https://example.org/news/ferry")
    assert 'href="https://example.org/timetable"' in article.html
