"""Metadata sources weighed against each other: author credits and lead-image candidates."""

from __future__ import annotations

import json

import pytest

from newsdesk.pipeline.extract import extract
from newsdesk.pipeline.extract.authors import clean_authors, looks_like_person
from newsdesk.pipeline.extract.titles import names_site

URL = "https://www.harbour-news.test/2024/ferry"
SITE = "<meta property='og:site_name' content='Harbour News'>"
TEXT = "<p>The harbour master said on Monday that the new ferry would run all year.</p>" * 4


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head>{SITE}{head}</head><body>{body}{TEXT}</body></html>"


def _jsonld(author: object) -> str:
    data = {"@type": "NewsArticle", "headline": "Ferry to run all year", "author": author}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


# --- authors ---------------------------------------------------------------------------


def test_a_desk_name_with_digits_is_a_name_but_a_time_is_not() -> None:
    assert clean_authors(["BR24 Desk", "Updated 10:42", "By February 5"]) == ["BR24 Desk"]


def test_json_ld_keeps_an_agency_credited_next_to_a_reporter() -> None:
    author = [
        {"@type": "Person", "name": "Jane Doe"},
        {"@type": "Organization", "name": "Nordic Press Agency"},
    ]
    assert extract(_page(_jsonld(author)), URL).authors == ["Jane Doe", "Nordic Press Agency"]


def test_json_ld_author_lists_nested_in_lists_are_read() -> None:
    author = [{"@type": "Person", "name": "Jane Doe"}, [{"@type": "Person", "name": "John Roe"}]]
    assert extract(_page(_jsonld(author)), URL).authors == ["Jane Doe", "John Roe"]


def test_site_named_as_json_ld_author_gives_way_to_a_person_in_meta_tags() -> None:
    head = _jsonld({"@type": "Person", "name": "Harbour News"})
    head += "<meta name='author' content='Jane Doe'>"
    assert extract(_page(head), URL).authors == ["Jane Doe"]


def test_site_named_as_author_gives_way_to_a_person_in_the_visible_byline() -> None:
    head = "<meta name='author' content='harbour-news.test'>"
    body = "<div class='byline'>By Jane Doe, Harbour News</div>"
    assert extract(_page(head, body), URL).authors == ["Jane Doe"]


def test_site_stays_the_author_when_the_byline_names_no_person() -> None:
    head = "<meta name='author' content='Harbour News'>"
    body = "<div class='byline'>red</div>"
    assert extract(_page(head, body), URL).authors == ["Harbour News"]


LONG = (
    "<p>The harbour master said on Monday that the new ferry would run all year, linking "
    "the islands to the mainland twice a day from May onwards. Islanders have waited "
    "for a winter service for years.</p>"
)


@pytest.mark.parametrize(
    ("body", "authors"),
    [
        # a byline above the text, two names in one bold line
        (f"<p><strong>Jane Doe/John Roe</strong></p>{LONG}{LONG}", ["Jane Doe", "John Roe"]),
        # a signature below the text
        (f"{LONG}{LONG}<p style='text-align:right'><b>Jane Doe</b></p>", ["Jane Doe"]),
        # a bold sub-heading has text on both sides: no author
        (f"{LONG}<p><strong>Harbour Plans</strong></p>{LONG}", ["Harbour News"]),
        # a bold sentence is no name
        (f"<p><strong>Jane Doe was there.</strong></p>{LONG}", ["Harbour News"]),
    ],
)
def test_names_in_bold_beside_the_text_credit_a_page_that_credits_only_the_site(
    body: str, authors: list[str]
) -> None:
    head = "<meta name='author' content='Harbour News'>"
    page = f"<html><head>{SITE}{head}</head><body><article>{body}</article></body></html>"
    assert extract(page, URL).authors == authors


def test_names_in_bold_do_not_override_a_credited_person() -> None:
    head = "<meta name='author' content='Jane Doe'>"
    body = f"<p><strong>John Roe</strong></p>{LONG}{LONG}"
    page = f"<html><head>{SITE}{head}</head><body><article>{body}</article></body></html>"
    assert extract(page, URL).authors == ["Jane Doe"]


def test_an_agency_is_not_mistaken_for_the_site() -> None:
    head = _jsonld({"@type": "Organization", "name": "Nordic Press Agency"})
    body = "<div class='byline'>Jane Doe</div>"
    assert extract(_page(head, body), URL).authors == ["Nordic Press Agency"]


def test_bylines_of_other_stories_further_down_are_not_authors() -> None:
    body = (
        "<header><p class='byline'>By <a rel='author' href='/a/jd'>Jane Doe</a>"
        " 5 March 2024, 10:42</p></header>"
        f"{TEXT}<section><ul><li><div class='card'><div class='meta'>"
        "<span class='byline'>By John Roe</span></div></div></li></ul></section>"
    )
    assert extract(_page(body=body), URL).authors == ["Jane Doe"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("harbour-news.test", True),
        ("Harbour News", True),
        ("HARBOUR-NEWS Online", True),
        ("Nordic Press Agency", False),
        ("Jane Doe", False),
    ],
)
def test_names_site(name: str, expected: bool) -> None:
    assert names_site(name, "Harbour News", "harbour-news.test") is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jane Doe", True),
        ("Anna van der Berg", True),
        ("松岡大地", True),
        ("red", False),
        ("Themen bearbeiten", False),
        ("APA", False),
        ("News Reporter", False),  # a job title
        ("Senior Political Correspondent", False),
    ],
)
def test_looks_like_person(name: str, expected: bool) -> None:
    assert looks_like_person(name) is expected


def test_a_link_to_an_authors_page_is_a_byline() -> None:
    body = "<p class='meta-info'>von <a href='/autoren/name/jane-doe'>Jane Doe</a></p>"
    assert extract(_page(body=body), URL).authors == ["Jane Doe"]


def test_a_link_to_the_list_of_authors_names_no_one() -> None:
    body = "<p class='meta-info'><a href='/autoren/'>Unsere Autoren</a></p>"
    assert extract(_page(body=body), URL).authors == []


# --- lead image ------------------------------------------------------------------------


def _article(head: str, figures: str, outside: str = "") -> str:
    return (
        f"<html><head>{head}</head><body>{outside}<article><h1>Ferry to run all year</h1>"
        f"{figures}{TEXT}</article></body></html>"
    )


def test_srcset_entries_split_on_newlines_give_the_largest_variant() -> None:
    head = "<meta property='og:image' content='https://cdn.test/social/ferry-harbour-1234.jpg'>"
    figure = (
        "<figure><img src='https://cdn.test/w400/ferry-harbour-1234.jpg' srcset='\n"
        "  https://cdn.test/w400/ferry-harbour-1234.jpg 400w,\n"
        "  https://cdn.test/w1600/ferry-harbour-1234.jpg 1600w,\n"
        "  https://cdn.test/w800/ferry-harbour-1234.jpg 800w\n'></figure>"
    )
    assert extract(_article(head, figure), URL).image == (
        "https://cdn.test/w1600/ferry-harbour-1234.jpg"
    )


def test_an_image_proxy_is_compared_by_the_original_it_carries() -> None:
    original = "https://cdn.test/photos/2024/ferry-harbour-5521.jpg"
    proxy = (
        "https://img.test/resize?width=1200"
        "&url=https%3A%2F%2Fcdn.test%2Fphotos%2F2024%2Fferry-harbour-5521.jpg"
    )
    head = f"<meta property='og:image' content='{proxy}'>"
    figures = (
        "<figure><img src='https://cdn.test/photos/2024/council-vote-7781.jpg'></figure>"
        f"<figure><img src='https://img.test/fit/1600/{original}'></figure>"
    )
    assert extract(_article(head, figures), URL).image == f"https://img.test/fit/1600/{original}"


def test_the_metadata_picture_the_article_shows_wins_over_a_social_only_one() -> None:
    head = (
        "<meta property='og:image' content='https://cdn.test/social/brand-card-9911.jpg'>"
        + _jsonld(None).replace(
            '"author": null', '"image": "https://cdn.test/photos/ferry-harbour-1234.jpg"'
        )
    )
    figure = "<figure><img src='https://cdn.test/w1200/ferry-harbour-1234.jpg'></figure>"
    assert extract(_article(head, figure), URL).image == (
        "https://cdn.test/w1200/ferry-harbour-1234.jpg"
    )


def test_a_short_file_name_matches_its_own_size_variant() -> None:
    head = "<meta property='og:image' content='https://cdn.test/uploads/IMG_0234.jpg'>"
    outside = "<div class='hero'><img src='https://cdn.test/uploads/IMG_0234-585x439.jpg'></div>"
    assert extract(_article(head, "", outside), URL).image == (
        "https://cdn.test/uploads/IMG_0234-585x439.jpg"
    )


def test_a_thumbnail_named_by_its_size_gives_way_to_a_larger_variant() -> None:
    """A gallery strip's "...-150x84.jpg" first in the article is no lead picture; the
    article's own larger variant of the same photo is."""
    head = "<meta property='og:image' content='https://cdn.test/img/1736701-5638-1287x836.jpg'>"
    figures = (
        "<ul class='strip'><li><img src='https://cdn.test/img/1736701-5638-150x84.jpg'></li></ul>"
        "<figure><img src='https://cdn.test/img/1736701-5638-756x425.jpg'></figure>"
    )
    assert extract(_article(head, figures), URL).image == (
        "https://cdn.test/img/1736701-5638-756x425.jpg"
    )


def test_class_names_of_wrappers_around_the_article_do_not_hide_its_picture() -> None:
    head = "<meta property='og:image' content='https://cdn.test/social/ferry-harbour-card.jpg'>"
    figure = "<figure><img src='https://cdn.test/photos/ferry-harbour-wide.jpg'></figure>"
    page = _article(head, figure).replace("<body>", "<body class='cookie-banner-shown has-ads'>")
    assert extract(page, URL).image == "https://cdn.test/photos/ferry-harbour-wide.jpg"


def test_a_picture_named_by_id_in_the_metadata_wins_even_in_a_box_named_teaser() -> None:
    head = "<meta property='og:image' content='https://cdn.test/4417093_ferry_social_Xa9.jpg'>"
    figure = (
        "<div class='header-teaser__image'><img src='https://cdn.test/4417093_ferry_detail_Qb7.jpg'>"
        "</div><div class='related-teaser'><img src='https://cdn.test/5521877_vote.jpg'></div>"
    )
    assert extract(_article(head, figure), URL).image == (
        "https://cdn.test/4417093_ferry_detail_Qb7.jpg"
    )


def test_a_date_folder_shared_with_the_metadata_picture_does_not_pull_in_a_teaser() -> None:
    head = "<meta property='og:image' content='https://cdn.test/20240503/ferry-9911.jpg'>"
    figure = "<div class='related-teaser'><img src='https://cdn.test/20240503/vote-7781.jpg'></div>"
    assert extract(_article(head, figure), URL).image == "https://cdn.test/20240503/ferry-9911.jpg"


def test_of_two_largest_srcset_entries_the_image_source_wins() -> None:
    head = "<meta property='og:image' content='https://cdn.test/social/ferry-harbour-1234.jpg'>"
    original = "https://cdn.test/uploads/ferry-harbour-1234.jpg"
    figure = (
        f"<figure><img src='{original}' srcset='"
        "https://cdn.test/i/400x0/uploads/ferry-harbour-1234.jpg 400w, "
        "https://cdn.test/i/1600x0/uploads/ferry-harbour-1234.jpg 1600w, "
        f"{original} 1600w'></figure>"
    )
    assert extract(_article(head, figure), URL).image == original


def test_the_articles_captioned_lead_picture_wins_over_a_social_card_it_never_shows() -> None:
    head = "<meta property='og:image' content='https://cdn.test/social/brand-card.jpg'>"
    figure = (
        "<p>Islanders win a long fight for a winter service.</p>"
        "<figure><img src='https://cdn.test/photos/quay-at-dawn.jpg'>"
        "<figcaption>The ferry at the quay at dawn.</figcaption></figure>"
    )
    assert extract(_article(head, figure), URL).image == "https://cdn.test/photos/quay-at-dawn.jpg"


def test_a_captioned_picture_far_down_the_article_is_no_lead_picture() -> None:
    head = "<meta property='og:image' content='https://cdn.test/social/brand-card.jpg'>"
    figure = (
        TEXT * 3 + "<figure><img src='https://cdn.test/photos/timetable-chart.png'>"
        "<figcaption>The winter timetable.</figcaption></figure>"
    )
    assert extract(_article(head, figure), URL).image == "https://cdn.test/social/brand-card.jpg"


# --- title -----------------------------------------------------------------------------


def _titled(headline: str, name: str, og_title: str) -> str:
    data = {"@type": "NewsArticle", "headline": headline, "name": name}
    head = f"<script type='application/ld+json'>{json.dumps(data)}</script>"
    head += f"<meta property='og:title' content='{og_title}'>"
    return _page(head)


def test_json_ld_name_wins_when_open_graph_agrees_with_it() -> None:
    full = "Ferry to run all year as islanders win a long fight for a winter service"
    page = _titled("Ferry to run all year", full, full)
    assert extract(page, URL).title == full


def test_json_ld_headline_stays_first_without_agreement() -> None:
    page = _titled("Ferry to run all year", "ferry-story-1234", "Islands get a winter ferry")
    assert extract(page, URL).title == "Ferry to run all year"


# --- dates -----------------------------------------------------------------------------


def test_a_date_the_page_only_writes_out_is_the_publication_day() -> None:
    from datetime import UTC, date, datetime

    from newsdesk.pipeline.types import ExtractOptions

    stamp = "<span class='meta_date'>erstellt: 01. April 2025, 15:25</span>"
    meta = f"<div class='article_meta'>{stamp}</div>"
    page = _page(body=meta)
    now = datetime(2025, 6, 1, tzinfo=UTC)
    published = extract(page, URL, ExtractOptions(now=now)).published
    assert published is not None and published.date() == date(2025, 4, 1)
    # Metadata still comes first, and a date after "now" is no publication date.
    head = "<meta property='article:published_time' content='2025-03-30T08:00:00Z'>"
    assert extract(_page(head, meta), URL, ExtractOptions(now=now)).published == datetime(
        2025, 3, 30, 8, tzinfo=UTC
    )
    before = datetime(2025, 3, 1, tzinfo=UTC)
    assert extract(page, URL, ExtractOptions(now=before)).published is None


def test_a_date_ending_the_title_beats_a_caption_date() -> None:
    from datetime import UTC, date, datetime

    from newsdesk.pipeline.types import ExtractOptions

    caption = "<figure><img src='/p.jpg'><figcaption>The old ferry, 24. April 2023</figcaption>"
    page = (
        "<html><head><title>Ferry to run all year | Island News | 28.04.2023</title></head>"
        f"<body><article>{caption}</figure>{TEXT}</article></body></html>"
    )
    now = datetime(2025, 6, 1, tzinfo=UTC)
    published = extract(page, URL, ExtractOptions(now=now)).published
    assert published is not None and published.date() == date(2023, 4, 28)

    from newsdesk.pipeline.extract.metadata import _title_date

    # only a whole date as the title's last part, a real day, counts
    assert _title_date("Ferry to run from 28.04.2023 | Island News", now) is None
    assert _title_date("Ferry timetable | 2023-02-30", now) is None
    assert _title_date("Ferry timetable | 2023-02-03", now) == datetime(2023, 2, 3, tzinfo=UTC)
