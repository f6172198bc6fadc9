"""Metadata helpers: dates, authors, titles, languages and JSON-LD."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.pipeline.extract import extract
from newsdesk.pipeline.extract.authors import clean_authors
from newsdesk.pipeline.extract.dates import parse_date
from newsdesk.pipeline.extract.language import guess_language, normalise_language
from newsdesk.pipeline.extract.metadata import normalise_section
from newsdesk.pipeline.extract.titles import strip_site_name

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-03T15:47:42.389000+00:00", datetime(2024, 5, 3, 15, 47, 42, 389000, tzinfo=UTC)),
        ("2024-05-03T17:47:42+02:00", datetime(2024, 5, 3, 15, 47, 42, tzinfo=UTC)),
        ("2024-05-03 15:47", datetime(2024, 5, 3, 15, 47, tzinfo=UTC)),
        ("2024-05-03T15:47:00Z", datetime(2024, 5, 3, 15, 47, tzinfo=UTC)),
        ("2024-05-03T17:47:00+0200", datetime(2024, 5, 3, 15, 47, tzinfo=UTC)),
        ("Fri, 03 May 2024 15:47:00 GMT", datetime(2024, 5, 3, 15, 47, tzinfo=UTC)),
        ("20240503", datetime(2024, 5, 3, tzinfo=UTC)),
        ("1714751220", datetime(2024, 5, 3, 15, 47, tzinfo=UTC)),
    ],
)
def test_dates_parse_to_aware_utc(value: str, expected: datetime) -> None:
    assert parse_date(value, NOW) == expected


@pytest.mark.parametrize(
    "value", ["1970-01-01", "1989-12-31T23:00:00Z", "2099-01-01", "2024-13-45", "yesterday", ""]
)
def test_impossible_dates_are_rejected(value: str) -> None:
    assert parse_date(value, NOW) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["By Jane Doe and John Roe"], ["Jane Doe", "John Roe"]),
        (["Jane Doe, Reporter"], ["Jane Doe"]),
        (["By: Jane Doe | Senior Correspondent"], ["Jane Doe"]),
        (["Jane Doe (jane@example.test)"], ["Jane Doe"]),
        (["Jane Doe @janedoe"], ["Jane Doe"]),
        (["https://facebook.com/janedoe"], []),
        (["Jane Doe", "jane doe"], ["Jane Doe"]),
        (["Von Anna Schmidt und Peter Meier"], ["Anna Schmidt", "Peter Meier"]),
        (["jane-doe"], []),
        (["By February 5"], []),
        (["Jane Doe", "Updated 10:42 GMT"], ["Jane Doe"]),
        (["Jane Doe (jd.)"], ["Jane Doe"]),
        (["Von, Jane Doe"], ["Jane Doe"]),
        # A kicker or genre before the credit, a date and a reading time after the name.
        (["capital von Jane Doe 05. November 2024 15:36 Uhr 3 Min"], ["Jane Doe"]),
        (["Analysis by Jane Doe and John Roe"], ["Jane Doe", "John Roe"]),
        (["Jane Doe February 5, 2024"], ["Jane Doe"]),
        # ... but a particle in a name is no credit word, and a month name may be a name.
        (["Ursula von der Leyen"], ["Ursula von der Leyen"]),
        (["By April Ryan"], ["April Ryan"]),
    ],
)
def test_authors_are_cleaned(raw: list[str], expected: list[str]) -> None:
    assert clean_authors(raw) == expected


@pytest.mark.parametrize(
    ("title", "site", "host", "expected"),
    [
        ("Big news | CNN", "CNN", "edition.cnn.com", "Big news"),
        ("Big news - The Guardian", "The Guardian", "theguardian.com", "Big news"),
        ("Big news \u2013 BBC News", None, "bbc.co.uk", "Big news \u2013 BBC News"),
        ("BBC - Big news", "BBC", "bbc.com", "Big news"),
        ("Left - right: a debate", "Daily", "daily.test", "Left - right: a debate"),
        ("Big news | Example", None, "example.test", "Big news"),
        # Korean sites set the Hangul letter "\u3163" as their bar
        (
            "\ub300\ud1b5\ub839 \ubc1c\ud45c\u3163\ud55c\uad6d\uc77c\ubcf4",
            "\ud55c\uad6d\uc77c\ubcf4",
            "hankookilbo.com",
            "\ub300\ud1b5\ub839 \ubc1c\ud45c",
        ),
    ],
)
def test_site_name_is_stripped_only_when_it_matches(
    title: str, site: str | None, host: str, expected: str
) -> None:
    assert strip_site_name(title, site, host) == expected


@pytest.mark.parametrize(
    "headline",
    [
        "大激震\uff01協賛企業“総スカン”で崩壊へ",  # full-width "\uff01" as published
        "尹大統領「野党が反国家行為」…「従北勢力を清算」",  # "…", not "..."
        "Cafe\u0301 owners ﬁght back",  # combining accent composed (NFC); the ligature kept
    ],
)
def test_headline_keeps_the_publishers_characters(headline: str) -> None:
    body = "Text of the article. " * 20
    page = f"""<html><head><meta property="og:title" content="{headline}"></head>
    <body><article><h1>{headline}</h1><p>{body}</p></article></body></html>"""
    assert extract(page, "https://news.example/a").title == unicodedata.normalize("NFC", headline)


def test_languages_are_normalised_and_guessed() -> None:
    assert normalise_language("en_us") == "en-US"
    assert normalise_language("DE") == "de"
    assert normalise_language("") is None
    text = (
        "Die Regierung hat am Montag beschlossen, dass die Steuer nicht erhöht wird und auch sonst"
    )
    assert guess_language(text * 3) == "de"


def test_json_ld_person_and_organisation_authors() -> None:
    page = """<html><head><script type="application/ld+json">
    [{"@type": "WebPage"}, {"@type": ["NewsArticle"], "headline": "H",
      "author": {"@type": "Organization", "name": "Associated Press"}}]
    </script></head><body><p>x</p></body></html>"""
    assert extract(page).authors == ["Associated Press"]


def test_broken_json_ld_is_tolerated() -> None:
    page = """<html><head><script type="application/ld+json">
    {"@type": "NewsArticle", "headline": "Broken but readable", "datePublished": "2024-02-02",}
    </script></head><body><p>x</p></body></html>"""
    article = extract(page)
    assert article.title == "Broken but readable"
    assert article.published == datetime(2024, 2, 2, tzinfo=UTC)


def test_html_entities_in_metadata_are_decoded() -> None:
    title = "Caf&amp;eacute; &amp;#8216;quoted&amp;#8217;"
    page = f"""<html><head><meta property="og:title" content="{title}">
    </head><body><p>x</p></body></html>"""
    assert extract(page).title == "Café \u2018quoted\u2019"


def test_relative_image_and_canonical_become_absolute() -> None:
    page = """<html><head><meta property="og:image" content="/i.jpg">
    <link rel="canonical" href="/story"></head><body><p>x</p></body></html>"""
    article = extract(page, "https://example.test/a/b?x=1")
    assert article.image == "https://example.test/i.jpg"
    assert article.canonical_url == "https://example.test/story"


def test_written_by_label_pairs_name_the_author() -> None:
    page = """<html><head><meta name="author" content="desk@example.test">
    <meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Jane Doe">
    <meta name="twitter:label2" content="Est. reading time"><meta name="twitter:data2" content="3">
    </head><body><p>x</p></body></html>"""
    assert extract(page).authors == ["Jane Doe"]


def test_a_photo_credit_in_image_microdata_is_not_an_author() -> None:
    page = """<html><head><meta name="author" content="Jane Doe"></head><body>
    <figure itemscope itemtype="https://schema.org/ImageObject">
    <meta itemprop="author" content="(Image: Picture Agency)"></figure>
    <div itemscope itemtype="https://schema.org/ImageObject">
    <meta itemprop="author" content="Photo Desk"></div><p>x</p></body></html>"""
    assert extract(page).authors == ["Jane Doe"]


def test_byline_names_in_sibling_elements_are_split() -> None:
    page = """<html><body><div class="article-byline"><div class="origins">
    <span>Jane Doe</span> <span>John Roe</span> <span>Ann Lee Smith</span></div></div>
    <p>x</p></body></html>"""
    assert extract(page).authors == ["Jane Doe", "John Roe", "Ann Lee Smith"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("politics", "Politics"),  # one topic, not "Politics" and "politics"
        ("wirtschaft", "Wirtschaft"),
        ("Politics", "Politics"),
        ("News", ""),  # names no topic, in any language or spelling
        ("nyheter", ""),
        ("Top stories", ""),
        ("ニュース", ""),
        ("news_news", ""),  # a slug whose parent repeats in its child
        ("culture_culture-lifestyle", "Culture lifestyle"),
        ("deutschland-welt", "Deutschland welt"),
        ("Baden-Württemberg", "Baden-Württemberg"),  # a hyphenated name is not a slug
        ("iPhone", "iPhone"),  # mixed case is the publisher's own
        ("Edendale,Msunduzi,Msunduzi News,News", "Edendale"),  # a list of tags
        ("Crime, Law and Justice", "Crime, Law and Justice"),  # a name with commas
        ("world_news", "World news"),
        ("国際", "国際"),
    ],
)
def test_sections_are_topic_names(raw: str, expected: str) -> None:
    assert normalise_section(raw) == expected


@given(st.text(max_size=60))
def test_section_normalising_is_idempotent(raw: str) -> None:
    once = normalise_section(raw)
    assert normalise_section(once) == once
    assert once == once.strip()
