"""Widgets and furniture lines that recur inside articles whatever the publisher names
them: sign-up boxes (a form field, or a sign-up heading), author boxes and footers,
share bars as text, ad breaks, picture and player labels (the golden pages
``signup_widgets``, ``author_footer`` and ``gallery_embeds`` show them in whole pages;
these tests pin the rules one by one, with the article sentences that look alike)."""

from __future__ import annotations

import pytest
from tests.pipeline.extract.ferry import PARAGRAPHS, SENTENCES, body_of, story

from newsdesk.pipeline.extract.boilerplate import in_widget, is_furniture, mark_widget
from newsdesk.pipeline.extract.document import parse_html

FIRST = "".join(f"<p>{sentence} {sentence}</p>" for sentence in SENTENCES[:3])
REST = "".join(f"<p>{sentence} {sentence}</p>" for sentence in SENTENCES[3:])


def test_a_short_box_holding_an_email_field_is_a_sign_up_widget() -> None:
    box = (
        "<div class='css-9xk2'><h3>Get the Morning Briefing</h3><p>Our editors' pick of the "
        "day's stories, in your inbox every weekday.</p><form><input type='email'>"
        "<button>Go</button></form><p>By signing up you agree to our terms.</p></div>"
    )
    assert body_of(FIRST + box + REST) == story()


def test_a_short_box_headed_by_a_sign_up_line_is_a_widget() -> None:
    box = (
        "<div class='sc-aXZVg'><h4>Sign up for Island Daily</h4><p>The news you need to "
        "start your day, free.</p><a href='/newsletters'>Sign me up</a></div>"
    )
    assert body_of(FIRST + box + REST) == story()


def test_a_box_headed_by_a_byline_keeps_its_text() -> None:
    box = f"<div class='x'><p>By Jane Doe</p><p>{SENTENCES[0]}</p></div>"
    assert SENTENCES[0] in body_of(box + REST)


def test_the_answers_of_a_css_accordion_are_text() -> None:
    answer = "The ferry will run twice a day, also in winter, the harbour master said."
    box = (
        "<div class='faq'><input type='checkbox' id='q1'><label for='q1'>When?</label>"
        f"<div><p>{answer}</p></div></div>"
    )
    assert answer in body_of(FIRST + box + REST)


def test_on_any_path_a_traced_text_in_a_short_box_with_a_form_field_is_a_widget() -> None:
    tree = parse_html(
        f"<html><body><article><div>{PARAGRAPHS}<div><p>Island Daily, every morning.</p>"
        "<input type='email'></div></div></article></body></html>"
    )
    call = tree.xpath("//p[starts-with(., 'Island Daily')]")[0]
    text = tree.xpath("//p")[0]
    widgets: dict = {}
    assert in_widget(call, widgets)
    assert not in_widget(text, widgets)


def test_a_widget_heading_takes_the_rest_of_its_short_box_along() -> None:
    tree = parse_html(
        "<html><body><article><div><div><p>Photo 1 of 12</p><p>Sandbags at the market.</p>"
        f"</div>{PARAGRAPHS}</div></article></body></html>"
    )
    counter, caption, text = tree.xpath("//p")[:3]
    widgets: dict = {}
    mark_widget(counter, widgets)
    assert in_widget(caption, widgets)
    assert not in_widget(text, widgets)


def test_a_caption_beside_a_picture_loaded_by_a_script_goes_with_it() -> None:
    box = (
        "<div class='m'><div class='lazy' data-src='/ferry.jpg'></div>"
        "<div>The new ferry at the mainland pier on Monday.</div></div>"
    )
    assert body_of(FIRST + box + REST) == story()


@pytest.mark.parametrize(
    "line",
    [
        "- Advertisement -",
        "Story continues below",
        "The article continues below the ad",
        "Continue reading the main story",
        "Weiterlesen nach der Anzeige",
    ],
)
def test_ad_breaks_in_the_middle_of_the_article_go(line: str) -> None:
    ad = f"<div class='x1'><div class='x2' id='slot-7'></div><p class='x3'>{line}</p></div>"
    assert body_of(FIRST + ad + REST) == story()


@pytest.mark.parametrize(
    "line",
    [
        "Share 45 Tweet 12",
        "Facebook Twitter LinkedIn Email",
        "Share on Facebook Share on Twitter Share via Email",
        "1.2K shares",
        "Photo 3 of 12",
        "View gallery (12 photos)",
        "WATCH | The new ferry on its first test run",
        "(Image credit: Getty Images)",
        "AP Photo/Jane Doe",
        "hide caption",
        "Enlarge this image",
        "About the author",
        "Contact her at jane.doe@islandnews.test or on X @janedoe.",
        "Log in or register to join the conversation.",
        "What do you think? Leave a comment below.",
        "Want more news like this? Sign up for our weekly newsletter.",
        "Newsletter: Get the Island Daily in your inbox every morning.",
        "This content is provided by VideoTube, which may be using cookies. To show you "
        "this content, we need your permission to use cookies.",
        "The ferry at the pier. Jane Roe/NPR",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices of the ferry operator rose three percent.",
        "Facebook and Twitter removed the post on Monday.",
        "Sign up for the consultation at the town hall before Friday.",
        "Reuters/Ipsos poll shows the mayor ahead",
        "He said it was 2/3 of the cost.",
        "Sites must ask for consent before they set cookies, the regulator said.",
        "Correction: An earlier version of this article misstated the price.",
        "Why trust matters on the islands",
        "Video games are popular on the islands",
    ],
)
def test_sentences_like_furniture_are_text(sentence: str) -> None:
    assert not is_furniture(sentence)


@pytest.mark.parametrize(
    "footer",
    [
        "<p>Jane Doe covers transport and the islands for the Island News.</p>",
        "<p>Jane Doe is The Island News's transport reporter.</p>",
        "<p><em>This article was originally published on The Harbour Review.</em></p>",
        "<p>Dieser Artikel ist zuerst bei der Inselzeitung erschienen.</p>",
        "<h3>About the author</h3><p>Jane Doe has covered the islands for twelve years.</p>",
        "<h3>Comments</h3><p>Jane: Great news for the islands!</p>",
    ],
)
def test_author_notes_and_footers_below_the_article_go(footer: str) -> None:
    assert body_of(PARAGRAPHS + footer) == story()


@pytest.mark.parametrize(
    "ending",
    [
        "The report on the ferry was first published by the council in March.",
        "Island Ferries covers the cost of the winter service, the council said.",
    ],
)
def test_last_sentences_like_footers_stay(ending: str) -> None:
    assert body_of(PARAGRAPHS + f"<p>{ending}</p>")[-1] == ending


def test_a_poll_whose_options_are_labelled_radio_buttons_is_a_widget() -> None:
    poll = (
        "<div class='poll'><div><p>Should the ferry also run at night?</p></div><div>"
        "<label><input type='radio' name='q'><span>Yes</span></label>"
        "<label><input type='radio' name='q'><span>No</span></label></div></div>"
    )
    assert body_of(FIRST + poll + REST) == story()


@pytest.mark.parametrize(
    "quote",
    [
        f"<div class='css-pq'><p>\u201c{SENTENCES[2][:-1]}\u201d</p></div>",
        "<div class='css-pq'><p>\u201cIslanders have waited for a winter service\u201d "
        "\u2014 Harbour master</p></div>",
    ],
)
def test_a_quotation_repeating_a_nearby_paragraph_is_a_pull_quote(quote: str) -> None:
    assert body_of(FIRST + quote + REST) == story()


def test_a_quoting_sub_heading_in_bold_stays() -> None:
    heading = "\u201cIslanders have waited for a winter service\u201d"
    cut = FIRST.index("<p>Islanders")  # the paragraph that says it follows the heading
    body = body_of(FIRST[:cut] + f"<p><strong>{heading}</strong></p>" + FIRST[cut:] + REST)
    assert heading in body
    assert len(body) == len(SENTENCES) + 1
