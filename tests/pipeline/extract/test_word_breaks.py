"""Words of adjacent elements stay apart in the body: the page's separators are kept
when the element holding them is left out, and trafilatura's dropped spaces come back."""

from __future__ import annotations

import lxml.html

from newsdesk.pipeline.extract import extract
from newsdesk.pipeline.extract.blocks import own_blocks
from newsdesk.pipeline.extract.body import run_trafilatura
from newsdesk.pipeline.extract.document import parse_html
from newsdesk.pipeline.types import ExtractOptions

SENTENCES = [
    "The harbour master said on Monday that the new ferry would start running in May.",
    "It will link the islands to the mainland twice a day throughout the whole year.",
    "Islanders have waited for a winter service since the old boat was retired in 2019.",
    "The council expects the crossing to take forty minutes in calm weather conditions.",
    "Tickets will cost the same as in summer, and children under twelve will travel free.",
    "Fishermen welcomed the news but asked for a later departure on Saturday evenings.",
    "The boat was built in a yard on the mainland and arrived in the harbour last week.",
]


def element_of(markup: str) -> lxml.html.HtmlElement:
    tree = parse_html(f"<html><body><div id='story'>{markup}</div></body></html>")
    found = tree.find(".//div[@id='story']")
    assert found is not None
    return found


def texts(markup: str) -> list[str]:
    return ["".join(block.itertext()) for block in own_blocks(element_of(markup)).body]


def test_a_hidden_separator_between_kicker_and_headline_leaves_a_space() -> None:
    blocks = texts(
        "<h2><span>Harbour authority<span class='visually-hidden' aria-hidden='true'>: "
        "</span></span>Ferry: islands get a winter service</h2>"
        "<h3><span>Ferries</span><span aria-hidden='true'> \u2013 </span>"
        "<span>Winter timetable</span></h3>"
        f"<p>{SENTENCES[0]}</p>"
    )
    assert blocks[0] == "Harbour authority Ferry: islands get a winter service"
    assert blocks[1] == "Ferries Winter timetable"


def test_a_left_out_box_between_two_sentences_sets_them_apart() -> None:
    blocks = texts(
        f"<div>{SENTENCES[0]}<div id='poll-widget' class='widget'><span>Vote</span></div>"
        f"{SENTENCES[1]}</div>"
    )
    assert blocks == [f"{SENTENCES[0]} {SENTENCES[1]}"]


def test_a_sentence_end_before_a_capital_in_the_next_element_is_set_apart() -> None:
    # an empty element the publisher's style sets apart (a break class is a <br>, see
    # test_leftover_classes.py)
    blocks = texts(f"<div>{SENTENCES[0]}<span class='r spacer'></span>{SENTENCES[1]}</div>")
    assert blocks == [f"{SENTENCES[0]} {SENTENCES[1]}"]


def test_words_split_by_markup_and_punctuation_after_hidden_text_stay_as_written() -> None:
    blocks = texts(
        "<p>The ferry<!-- -->man said the <b>sea</b>son had begun and the "
        "<a href='/x'>port</a><span class='sr-only'>(opens in a new tab)</span>, "
        "he added, was <a href='/y'>ready</a><span class='sr-only'> (link)</span>. "
        "Costs rose to 3.<span>5</span> million.</p>"
    )
    assert blocks == [
        "The ferryman said the season had begun and the port, he added, was ready. "
        "Costs rose to 3.5 million."
    ]


def test_trafilatura_keeps_the_space_after_a_link_or_emphasis() -> None:
    paragraphs = "".join(
        f"<p>{sentence} Only <a href='/tariff'>Crash tariffs</a> include roaming, "
        f"<strong>count it through:</strong> Bei twelve months; see the "
        f"<a href='/l'>Link</a>s page.</p>"
        for sentence in SENTENCES
    )
    tree = parse_html(f"<html><body><article>{paragraphs}</article></body></html>")
    body = run_trafilatura(tree, ExtractOptions())
    assert body is not None
    text = " ".join("".join(body.itertext()).split())
    assert "Crash tariffs include roaming" in text
    assert "count it through: Bei twelve" in text
    assert "the Links page" in text


def test_an_extracted_article_reads_kicker_and_sentences_apart() -> None:
    paragraphs = "".join(f"<p>{sentence}</p>" for sentence in SENTENCES[2:])
    page = (
        "<html><head><title>Islands get a winter ferry</title></head><body><article>"
        "<h1>Islands get a winter ferry</h1>"
        "<h2><span>Harbour<span class='visually-hidden'>: </span></span>"
        "Timetable for the winter</h2>"
        f"{paragraphs}<div>{SENTENCES[0]}<span class='br'></span>{SENTENCES[1]}</div>"
        "</article></body></html>"
    )
    text = extract(page, "https://news.example/ferry").text
    assert "Harbour Timetable for the winter" in text
    assert f"{SENTENCES[0]} {SENTENCES[1]}" in text
    assert "HarbourTimetable" not in text and "May.It" not in text


def test_trafilatura_sets_apart_sentences_of_two_elements_not_of_one_text() -> None:
    paragraphs = "".join(
        f"<div>{sentence}<span class='spacer'></span>{SENTENCES[3]} The Table.Briefings "
        "newsletter and the Node.Js meetup stay as written.</div>"
        for sentence in SENTENCES[:3]
    )
    tree = parse_html(f"<html><body><article>{paragraphs}</article></body></html>")
    body = run_trafilatura(tree, ExtractOptions())
    assert body is not None
    text = " ".join("".join(body.itertext()).split())
    assert f"{SENTENCES[0]} {SENTENCES[3]}" in text
    assert "Table.Briefings" in text and "Node.Js" in text


def test_bare_text_after_a_subheading_stays_in_trafilaturas_body() -> None:
    # trafilatura leaves text that is no element's own (between a <h2> and a link) as
    # the heading's tail; the body keeps it, joined to the link's paragraph
    section = (
        f"<h2>Winter timetable</h2>{SENTENCES[0]} The new boat <a href='/ferry'>runs "
        f"twice a day</a> all year. {SENTENCES[1]}<br/><br/>"
    )
    paragraphs = "".join(f"<p>{sentence}</p>" for sentence in SENTENCES[2:])
    tree = parse_html(
        f"<html><body><article><div class='text'>{section * 2}{paragraphs}</div>"
        "</article></body></html>"
    )
    body = run_trafilatura(tree, ExtractOptions())
    assert body is not None
    assert all(not (block.tail or "").strip() for block in body)
    blocks = [" ".join("".join(block.itertext()).split()) for block in body]
    assert f"{SENTENCES[0]} The new boat runs twice a day all year. {SENTENCES[1]}" in blocks
