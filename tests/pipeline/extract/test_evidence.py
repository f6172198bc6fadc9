"""Body boilerplate by structure, structured-data evidence, headline, lead image, rules."""

from __future__ import annotations

import json

import pytest
from tests.pipeline.extract.ferry import PARAGRAPHS, SENTENCES

from newsdesk.pipeline.extract import ExtractionStatus, ExtractOptions, extract
from newsdesk.pipeline.extract.headline import choose_title
from newsdesk.pipeline.extract.siterules import parse_site_rules


def page(article: str, head: str = "", outside: str = "") -> str:
    return (
        f"<html><head><title>Ferry to run all year</title>{head}</head><body>"
        f"<header><nav><a href='/'>Home</a></nav></header>"
        f"<article><h1>Ferry to run all year</h1>{article}</article>{outside}"
        "</body></html>"
    )


def test_a_caption_in_a_figure_is_not_body_text() -> None:
    caption = "The new ferry in the harbour on Monday. Photo: Jane Doe for the Island News"
    html = page(
        "<p>" + SENTENCES[0] * 2 + "</p>"
        f"<figure><img src='https://example.org/ferry.jpg'><figcaption>{caption}"
        "</figcaption></figure>" + PARAGRAPHS
    )
    article = extract(html, "https://example.org/news/ferry")
    assert article.ok
    assert "Photo: Jane Doe" not in article.text
    assert SENTENCES[3] in article.text


@pytest.mark.parametrize(
    "box",
    [
        "<div class='newsletter-signup'><p>Get the morning briefing in your inbox every "
        "day, with the stories that matter on the islands and beyond.</p></div>",
        "<div class='author-bio'><p>Jane Doe has covered the islands for the Island News "
        "since 2011 and writes about transport, fishing and local politics.</p></div>",
        "<div class='factbox'><p>The old ferry carried two hundred passengers and forty "
        "cars and made its last crossing in the autumn of 2019 after thirty years.</p></div>",
    ],
)
def test_boxes_that_are_not_article_text_are_dropped(box: str) -> None:
    html = page(PARAGRAPHS[: len(PARAGRAPHS) // 2] + box + PARAGRAPHS[len(PARAGRAPHS) // 2 :])
    article = extract(html, "https://example.org/news/ferry")
    assert article.ok
    box_text = box.split("<p>")[1][:40]
    assert box_text not in article.text
    assert SENTENCES[0] in article.text and SENTENCES[-1] in article.text


def test_furniture_lines_are_dropped() -> None:
    lines = [
        "Advertisement",
        "Read more: Council approves new harbour wall after long debate",
        "Download the app for the latest island news",
        "© Island News Agency 2025",
    ]
    body = "".join(
        f"<p>{s} {s}</p><p>{line}</p>" for s, line in zip(SENTENCES[:4], lines, strict=True)
    )
    article = extract(page(body + PARAGRAPHS), "https://example.org/news/ferry")
    for line in lines:
        assert line not in article.text
    assert SENTENCES[1] in article.text


def test_a_headline_repeated_after_a_kicker_is_dropped_from_the_top() -> None:
    html = page("<p>Transport Ferry to run all year</p>" + PARAGRAPHS)
    article = extract(html, "https://example.org/news/ferry")
    assert not article.text.startswith("Transport")
    assert article.text.startswith(SENTENCES[0])


def test_structured_article_body_vouches_against_stray_short_blocks() -> None:
    stray = "Our reporters will follow the story as it develops this week"
    body = "".join(f"<p>{s} {s}</p>" for s in SENTENCES[:3])
    body += f"<p>{stray}</p>" + "".join(f"<p>{s} {s}</p>" for s in SENTENCES[3:])
    article_body = " ".join(f"{s} {s}" for s in SENTENCES)
    ld = json.dumps(
        {"@type": "NewsArticle", "headline": "Ferry to run all year", "articleBody": article_body}
    )
    head = f"<script type='application/ld+json'>{ld}</script>"
    with_ld = extract(page(body, head), "https://example.org/news/ferry")
    without_ld = extract(page(body), "https://example.org/news/ferry")
    assert stray in without_ld.text
    assert stray not in with_ld.text
    assert SENTENCES[4] in with_ld.text


def test_a_short_structured_copy_does_not_cut_the_body() -> None:
    ld = json.dumps({"@type": "NewsArticle", "articleBody": SENTENCES[0]})
    head = f"<script type='application/ld+json'>{ld}</script>"
    article = extract(page(PARAGRAPHS, head), "https://example.org/news/ferry")
    assert all(sentence in article.text for sentence in SENTENCES)


@pytest.mark.parametrize(
    ("headline", "meta", "expected"),
    [
        (
            "Ferry to run all year",
            "Ferry to run all year | Sport | Island News",
            "Ferry to run all year",
        ),
        (
            "Ferry to run all year",
            "Transport: Ferry to run all year",
            "Transport: Ferry to run all year",
        ),
        ("Islands get a winter ferry", "Ferry to run all year", "Ferry to run all year"),
        ("", "Ferry to run all year", "Ferry to run all year"),
        ("Ferry to run all year", "", "Ferry to run all year"),
    ],
)
def test_title_choice(headline: str, meta: str, expected: str) -> None:
    assert choose_title(headline, meta) == expected


def test_lead_image_is_the_articles_own_variant_of_the_social_image() -> None:
    head = (
        "<meta property='og:image' content='https://cdn.example.org/social/ferry-harbour-1234.jpg'>"
    )
    figure = (
        "<figure><picture><source srcset="
        "'https://cdn.example.org/w400/ferry-harbour-1234.webp 400w, "
        "https://cdn.example.org/w1200/ferry-harbour-1234.webp 1200w'>"
        "<img src='https://cdn.example.org/w400/ferry-harbour-1234.jpg' alt=''></picture></figure>"
    )
    article = extract(page(figure + PARAGRAPHS, head), "https://example.org/news/ferry")
    assert article.image in {
        "https://cdn.example.org/w1200/ferry-harbour-1234.webp",
        "https://cdn.example.org/w400/ferry-harbour-1234.webp",
        "https://cdn.example.org/w400/ferry-harbour-1234.jpg",
    }


def test_lead_image_prefers_the_largest_srcset_variant() -> None:
    head = (
        "<meta property='og:image' content='https://cdn.example.org/social/ferry-harbour-1234.jpg'>"
    )
    figure = (
        "<figure><img src='https://cdn.example.org/w400/ferry-harbour-1234.jpg' "
        "srcset='https://cdn.example.org/w400/ferry-harbour-1234.jpg 400w, "
        "https://cdn.example.org/w1600/ferry-harbour-1234.jpg 1600w'></figure>"
    )
    article = extract(page(figure + PARAGRAPHS, head), "https://example.org/news/ferry")
    assert article.image == "https://cdn.example.org/w1600/ferry-harbour-1234.jpg"


def test_lead_image_falls_back_to_metadata_for_an_unrelated_picture() -> None:
    head = (
        "<meta property='og:image' content='https://cdn.example.org/social/ferry-harbour-1234.jpg'>"
    )
    figure = "<figure><img src='https://cdn.example.org/ads/summer-sale-banner-99.jpg'></figure>"
    article = extract(page(figure + PARAGRAPHS, head), "https://example.org/news/ferry")
    assert article.image == "https://cdn.example.org/social/ferry-harbour-1234.jpg"


def test_lead_image_found_outside_the_article_area_when_it_is_the_same_file() -> None:
    head = (
        "<meta property='og:image' content='https://cdn.example.org/og/HB_2024120345-f7f0_99.jpg'>"
    )
    hero = (
        "<header class='sidebar-header'><figure><img width='120' src="
        "'https://cdn.example.org/w2000/HB_2024120345-f7f0.jpg'></figure></header>"
    )
    body = f"<body>{hero}<article><h1>Ferry</h1>{PARAGRAPHS}</article></body>"
    article = extract(f"<html><head>{head}</head>{body}</html>", "https://example.org/news/f")
    assert article.image == "https://cdn.example.org/w2000/HB_2024120345-f7f0.jpg"


def test_lead_image_is_not_a_small_picture_that_only_shares_a_word() -> None:
    head = "<meta property='og:image' content='https://cdn.example.org/collage-28-apr-5541.jpg'>"
    thumb = "<aside><img src='https://cdn.example.org/collage-27-apr-63-400x300.jpg'></aside>"
    body = f"<body>{thumb}<article><h1>Ferry</h1>{PARAGRAPHS}</article></body>"
    article = extract(f"<html><head>{head}</head>{body}</html>", "https://example.org/news/f")
    assert article.image == "https://cdn.example.org/collage-28-apr-5541.jpg"


RULES = """
[[site]]
domains = ["example.org"]
drop = [".editor-note"]
keep = [".standfirst"]
"""


def test_a_site_rule_file_changes_the_result() -> None:
    note = "This article was updated to add comments from the ferry operator on Tuesday."
    standfirst = "Islanders celebrate the end of a long wait for a winter service to the mainland."
    html = page(
        f"<div class='editor-note'><p>{note}</p></div>" + PARAGRAPHS,
        outside=f"<div class='standfirst'><span>{standfirst}</span></div>",
    )
    plain = extract(html, "https://example.org/news/ferry")
    ruled = extract(
        html,
        "https://news.example.org/news/ferry",
        ExtractOptions(site_rules=parse_site_rules(RULES)),
    )
    other_site = extract(
        html, "https://example.com/news/ferry", ExtractOptions(site_rules=parse_site_rules(RULES))
    )
    assert note in plain.text and standfirst not in plain.text
    assert note not in ruled.text and standfirst in ruled.text
    assert other_site.text == plain.text


@pytest.mark.parametrize(
    "rules",
    [
        "[[site]]\ndrop = ['.x']",
        "[[site]]\ndomains = ['example.org']\ndrop = ['p[']",
        "[[site]]\ndomains = ['example.org']\nremove = ['.x']",
        "site = 'example.org'",
        "not toml at all [",
    ],
)
def test_bad_rule_files_are_refused(rules: str) -> None:
    with pytest.raises(ValueError, match=r"site rule|CSS selector|TOML"):
        parse_site_rules(rules)


def test_a_consent_wall_is_labelled() -> None:
    html = (
        "<html><head><title>Before you continue</title>"
        "<meta property='og:type' content='article'></head><body>"
        "<div id='consent'><p>We use cookies and similar technologies. Accept all cookies "
        "or manage your consent in the privacy settings.</p>"
        "<button>Accept all</button><button>Reject all</button></div></body></html>"
    )
    assert extract(html, "https://example.org/news/ferry").status is ExtractionStatus.CONSENT_WALL


def test_a_video_page_is_not_an_article() -> None:
    html = (
        "<html><head><title>Watch: the new ferry</title>"
        "<meta property='og:type' content='video.other'></head><body>"
        "<h1>Watch: the new ferry</h1><video src='https://example.org/ferry.mp4'></video>"
        "<p>The new ferry arrives in the harbour for the first time.</p></body></html>"
    )
    assert extract(html, "https://example.org/video/ferry").status is ExtractionStatus.NOT_ARTICLE


def test_a_full_text_marked_not_free_is_ok_but_a_teaser_is_paywalled() -> None:
    ld = json.dumps({"@type": "NewsArticle", "isAccessibleForFree": False})
    head = f"<script type='application/ld+json'>{ld}</script>"
    long_body = "".join(f"<p>{s} {s} {s}</p>" for s in SENTENCES * 2)
    assert extract(page(long_body, head), "https://example.org/a").status is ExtractionStatus.OK
    teaser = f"<p>{SENTENCES[0]} {SENTENCES[1]}</p><p>Subscribe to continue reading.</p>"
    assert extract(page(teaser, head), "https://example.org/a").status is ExtractionStatus.PAYWALLED


def test_short_blocks_after_the_article_container_are_dropped() -> None:
    stray = "Harbour wall repairs to start next spring, the council says"
    html = (
        "<html><head><title>Ferry</title></head><body>"
        f"<div><div><div>{PARAGRAPHS}</div></div><p>{stray}</p></div></body></html>"
    )
    article = extract(html, "https://example.org/news/ferry")
    assert SENTENCES[0] in article.text and SENTENCES[-1] in article.text
    assert stray not in article.text


def test_an_author_box_that_the_structured_data_describes_is_left_out() -> None:
    bio = (
        "A harbour reporter for twenty years, Jane has covered ferries since the old boat "
        "was new. She also writes a weekly column about the islands."
    )
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Ferry to run all year",
        "author": {"@type": "Person", "name": "Jane Doe", "description": bio},
    }
    head = f"<script type='application/ld+json'>{json.dumps(data)}</script>"
    html = page(PARAGRAPHS + f"<div><p>{bio}</p></div>", head)
    article = extract(html, "https://example.org/news/ferry")
    assert "harbour reporter for twenty years" not in article.text
    assert SENTENCES[-1] in article.text
