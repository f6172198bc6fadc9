"""Boilerplate classes that recur across publishers: captions and credits set as plain
lines, CSS line breaks, series navigation, live blogs' furniture, and related stories
listed inside the article (the golden pages in ``tests/golden/extract`` show each class
in a whole page; these tests pin the rules one by one)."""

from __future__ import annotations

import pytest
from lxml import etree
from tests.pipeline.extract import ferry
from tests.pipeline.extract.ferry import PARAGRAPHS, SENTENCES

from newsdesk.pipeline.extract import ExtractOptions
from newsdesk.pipeline.extract.body import captions_picture, run_trafilatura
from newsdesk.pipeline.extract.boilerplate import is_furniture
from newsdesk.pipeline.extract.document import parse_html
from newsdesk.pipeline.extract.scorer import find_container


def page(article: str) -> str:
    return ferry.page(article, box=None)


def body_of(article: str) -> list[str]:
    return ferry.body_of(article, box=None)


@pytest.mark.parametrize(
    "caption",
    [
        "The ferry at the pier on Monday. Photo by Jane Doe",
        "The ferry at the pier on Monday. Photograph: Island Ferries",
        "The ferry at the pier on Monday. Jane Roe/Getty Images",
        "Passengers boarding the old boat in 2019 Jane Roe / AFP",
    ],
)
def test_a_caption_ending_in_its_photo_credit_is_not_body_text(caption: str) -> None:
    body = body_of(
        f"<p>{SENTENCES[0]} {SENTENCES[1]}</p><div><img src='/ferry.jpg' width='900'></div>"
        f"<p><span>{caption}</span></p>"
        + "".join(f"<p>{sentence} {sentence}</p>" for sentence in SENTENCES[2:])
    )
    assert caption not in body
    assert f"{SENTENCES[0]} {SENTENCES[1]}" in body


def test_an_italic_line_right_below_a_picture_is_its_caption() -> None:
    caption = "Passengers waiting for the first winter crossing on Monday morning."
    body = body_of(
        f"<p>{SENTENCES[0]} {SENTENCES[1]}</p>"
        "<div class='wp-block-image'><img src='/ferry.jpg' width='900'></div>"
        f"<p><em>{caption}</em></p>"
        + "".join(f"<p>{sentence} {sentence}</p>" for sentence in SENTENCES[2:])
    )
    assert caption not in body
    assert len(body) == 5


def test_a_traced_italic_line_below_a_picture_is_a_caption_on_any_path() -> None:
    tree = parse_html(
        "<div><img src='/a.jpg' width='900'></div><p><em>Passengers at the pier.</em></p>"
        "<p>Text</p><p><em>Not below a picture.</em></p>"
    )
    first, second = tree.findall(".//em")
    assert captions_picture(first)
    assert not captions_picture(second)


def test_an_italic_paragraph_after_text_is_kept() -> None:
    note = "Additional reporting by the Island News desk in the harbour office."
    body = body_of(PARAGRAPHS + f"<p><em>{note}</em></p>")
    assert body[-1] == note


def test_a_sentence_naming_an_agency_mid_text_is_kept() -> None:
    text = "Reporters from AFP and Reuters were on board when the ferry left the pier."
    assert not is_furniture(text)
    assert not is_furniture("Photos by readers show the queue at the pier on Monday morning.")


@pytest.mark.parametrize("css_class", ["br", "line-break", "linebreak", "u-br mobile"])
def test_an_empty_element_styled_as_a_line_break_parts_the_words(css_class: str) -> None:
    body = body_of(
        f"<p>The boat will use warm<span class='{css_class}'></span>white lamps on deck.</p>"
        + PARAGRAPHS
    )
    assert "The boat will use warm white lamps on deck." in body


def test_trafilatura_reads_a_css_line_break_as_a_break() -> None:
    tree = parse_html(
        f"<html><body><article>{PARAGRAPHS}<p>The boat will use warm<span class='br'></span>"
        "white lamps on deck, the captain said.</p></article></body></html>"
    )
    body = run_trafilatura(tree, ExtractOptions())
    assert body is not None
    assert b"warm<lb/>white" in etree.tostring(body)


def test_an_empty_icon_element_is_no_line_break() -> None:
    tree = parse_html("<p>Ferry<i class='icon icon-arrow'></i>Times</p>")
    assert tree.find(".//i") is not None
    assert tree.find(".//br") is None


@pytest.mark.parametrize(
    "line",
    [
        "Part 2 of 5",
        "The Island Ferries series, part 3 of 4",
        "Teil 2 von 3",
        "Next in this series: Who pays for the pier",
        "More in this series",
    ],
)
def test_series_navigation_lines_are_furniture(line: str) -> None:
    assert is_furniture(line)


def test_a_sentence_about_parts_of_a_plan_is_text() -> None:
    assert not is_furniture("Part 2 of the plan, a new pier, is due in 2027.")
    assert not is_furniture("All of the series' episodes are free to stream until May")
    assert not is_furniture("The council approved part of the money on Tuesday.")


def test_related_titles_below_a_read_more_label_mid_article_go() -> None:
    body = body_of(
        f"<p>{SENTENCES[0]} {SENTENCES[1]}</p>"
        "<p><strong>Read more:</strong></p>"
        "<p><a href='/news/old-boat-retired'>Old boat retired after forty years</a></p>"
        "<p><a href='/news/pier-repairs'>Pier repairs start in March</a></p>"
        f"<p>{SENTENCES[2]} {SENTENCES[3]}</p>"
        "<p><strong>RELATED |</strong> <a href='/news/fares'>Island fares frozen for 2027</a></p>"
        + "".join(f"<p>{sentence} {sentence}</p>" for sentence in SENTENCES[4:])
    )
    assert body == [
        f"{SENTENCES[0]} {SENTENCES[1]}",
        f"{SENTENCES[2]} {SENTENCES[3]}",
        *(f"{sentence} {sentence}" for sentence in SENTENCES[4:]),
    ]


def test_a_linked_sentence_without_a_label_above_it_stays() -> None:
    linked = "<p><a href='/timetable'>The winter timetable</a></p>"
    body = body_of(
        "".join(f"<p>{sentence} {sentence}</p>" for sentence in SENTENCES[:3])
        + linked
        + "".join(f"<p>{sentence} {sentence}</p>" for sentence in SENTENCES[3:])
    )
    assert "The winter timetable" in body


def live_post(stamp: str, heading: str, text: str, linked: bool = False, tag: str = "time") -> str:
    title = f"<a href='/news/{stamp}'>{heading}</a>" if linked else heading
    return (
        f"<article class='post'><header><{tag} class='stamp'>{stamp}</{tag}>"
        f"</header><h2>{title}</h2><p>{text}</p></article>"
    )


@pytest.mark.parametrize("tag", ["time", "span"])
def test_a_live_blog_is_read_post_by_post(tag: str) -> None:
    names = ["first", "second", "third", "fourth", "fifth", "sixth"]
    posts = "".join(
        live_post(f"1{n}:00", f"The {name} news from the pier", f"{sentence} {sentence}", tag=tag)
        for n, (name, sentence) in enumerate(zip(names, SENTENCES, strict=True))
    )
    tree = parse_html(page(f"<div class='feed'>{posts}</div>"))
    container = find_container(tree, "", ())
    assert container is not None and container.confident
    body = body_of(f"<div class='feed'>{posts}<button>Load more posts</button></div>")
    assert body[:2] == ["The first news from the pier", f"{SENTENCES[0]} {SENTENCES[0]}"]
    assert "Load more posts" not in body
    assert not any(line.startswith("1") and ":00" in line for line in body)


def test_cards_with_linked_headings_stay_teasers_even_with_a_time_stamp() -> None:
    cards = "".join(
        live_post(f"1{n}:00", f"Story {n}", f"{sentence} {sentence}", linked=True)
        for n, sentence in enumerate(SENTENCES)
    )
    container = find_container(parse_html(page(f"<div class='grid'>{cards}</div>")), "", ())
    assert container is not None and not container.confident


def test_cards_inside_a_link_stay_teasers_even_with_a_time_stamp() -> None:
    cards = "".join(
        f"<a href='/news/{n}'>{live_post(f'1{n}:00', f'Story {n}', f'{sentence} {sentence}')}</a>"
        for n, sentence in enumerate(SENTENCES)
    )
    container = find_container(parse_html(page(f"<div class='grid'>{cards}</div>")), "", ())
    assert container is not None and not container.confident


@pytest.mark.parametrize(
    "line",
    [
        "Pinned post",
        "Key events",
        "Show key events only",
        "Load more posts",
        "Copy link",
        "Follow along with the latest updates below.",
        "This is a breaking new story - more to follow",
    ],
)
def test_live_blog_controls_are_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", ["12m ago", "Updated 2h ago", "Jane Doe 5m ago", "vor 5 Min."])
def test_a_live_posts_relative_stamp_is_a_meta_line(line: str) -> None:
    assert is_furniture(line)


def test_a_sentence_with_a_relative_time_is_text() -> None:
    assert not is_furniture("The storm hit 2h ago and left the pier under water.")


def test_a_call_to_follow_a_topic_in_a_sentence_is_text() -> None:
    assert not is_furniture("Follow the latest news on the ferry strike in our live blog.")
    assert not is_furniture("Key events in the strike so far include two walkouts in May.")


@pytest.mark.parametrize("line", ["$$ARTICLEAD$$", "{{ ad_slot }}", "%%inline-promo%%"])
def test_an_unfilled_template_placeholder_is_furniture(line: str) -> None:
    assert is_furniture(line)
