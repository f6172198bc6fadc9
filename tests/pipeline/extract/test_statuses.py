"""``extract`` reports problems as statuses and never raises."""

from __future__ import annotations

import json

import pytest

from newsdesk.pipeline.extract import ExtractionStatus, ExtractOptions, extract

PARAGRAPH = (
    "<p>The harbour master said on Monday that the new ferry would start running in May, "
    "linking the islands to the mainland twice a day throughout the year ({n}).</p>"
)
BODY = "".join(PARAGRAPH.format(n=n) for n in ("one", "two", "three", "four", "five"))
ARTICLE = f"<html><head><title>Ferry</title></head><body><article>{BODY}</article></body></html>"


@pytest.mark.parametrize("page", ["", "   \n\t", b"", b"\xef\xbb\xbf  "])
def test_empty_documents_are_empty(page: str | bytes) -> None:
    assert extract(page).status is ExtractionStatus.EMPTY


@pytest.mark.parametrize(
    "page",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"GIF89a\x01\x00\x01\x00",
        json.dumps({"title": "<b>not html</b>", "items": [1, 2]}).encode(),
        "[1, 2, 3]",
        "just some plain text without any markup",
    ],
)
def test_non_html_is_not_html(page: str | bytes) -> None:
    assert extract(page).status is ExtractionStatus.NOT_HTML


def test_a_normal_article_is_ok() -> None:
    article = extract(ARTICLE, "https://example.test/ferry")
    assert article.ok
    assert article.text.count("\n\n") == 4
    assert article.html.startswith("<p>")


FRONT_PAGE = (
    "<html><head><title>Island News</title></head><body><h1>Island News</h1><ul>"
    + "".join(
        f"<li><a href='/2024/05/story-{n}'>Ferry story number {n} about the harbour and the "
        f"islands</a> <time datetime='2024-05-0{n}'>2024-05-0{n}</time></li>"
        for n in range(1, 9)
    )
    + "</ul></body></html>"
)


@pytest.mark.parametrize(
    "url", ["https://example.test/", "https://example.test", "https://example.test/en/"]
)
def test_a_front_page_is_not_an_article_whatever_dates_it_lists(url: str) -> None:
    assert extract(FRONT_PAGE, url).status is ExtractionStatus.NOT_ARTICLE


@pytest.mark.parametrize(
    "url", ["https://example.test/?p=123", "https://example.test/news/ferry", None]
)
def test_an_article_at_a_query_or_a_path_is_no_front_page(url: str | None) -> None:
    assert extract(ARTICLE, url).ok


def test_a_wire_flash_saying_its_headline_keeps_that_sentence() -> None:
    headline = "Harbour expects a record summer for the new island ferry"
    page = (
        f"<html><head><title>{headline}</title></head><body><article><h1>{headline}</h1>"
        f"<p>PORT ISLAND \u2014 {headline}.</p><p>Copyright 2024 The Associated Press. All "
        "rights reserved. This material may not be published, broadcast, rewritten or "
        "redistributed.</p></article></body></html>"
    )
    article = extract(page, "https://example.test/news/ferry-flash")
    assert article.ok
    assert article.text == f"PORT ISLAND \u2014 {headline}."


def test_og_type_website_is_outweighed_by_an_articles_length_of_text() -> None:
    head = "<meta property='og:type' content='website'>"
    long_text = "".join(PARAGRAPH.format(n=n) for n in range(12))  # ~300 words
    article = f"<html><head>{head}</head><body><article>{long_text}</article></body></html>"
    assert extract(article, "https://example.test/news/ferry").ok
    blurbs = f"<html><head>{head}</head><body><main>{BODY}</main></body></html>"
    assert extract(blurbs, "https://example.test/news/").status is ExtractionStatus.NOT_ARTICLE


def test_pages_over_the_limit_are_cut_and_marked_too_large() -> None:
    page = ARTICLE.replace("</article>", "<p>" + "filler words " * 900_000 + "</p></article>")
    assert len(page) > 10_000_000
    article = extract(page, options=ExtractOptions(max_bytes=5 * 1024 * 1024))
    assert article.status is ExtractionStatus.TOO_LARGE
    assert "harbour master" in article.text


def test_absurdly_deep_documents_do_not_crash() -> None:
    depth = 50_000
    page = "<html><body>" + "<div>" * depth + BODY + "</div>" * depth + "</body></html>"
    article = extract(page)
    assert article.status in set(ExtractionStatus)
    assert "<script" not in article.html


def test_a_hundred_thousand_line_breaks_are_read_whole() -> None:
    # each text is appended after the run's last child, found from the end: counting the
    # children each time made this page take a minute and a half
    page = "<html><body><div>" + "word <br>" * 100_000 + "</div></body></html>"
    article = extract(page, "https://example.test/news/lines")
    assert article.ok
    assert article.text.split() == ["word"] * 100_000


def test_deeply_nested_json_ld_does_not_crash() -> None:
    json_ld = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    article = extract(ARTICLE.replace("<head>", "<head>" + json_ld))
    assert article.ok


def test_undeclared_bad_bytes_decode_as_utf8_with_replacement() -> None:
    page = ARTICLE.replace("harbour", "harb\u00f6ur").encode("utf-8").replace(b"\xc3\xb6", b"\xff")
    article = extract(page)
    assert article.ok
    assert "harb\ufffdur" in article.text


def test_declared_legacy_charset_is_honoured() -> None:
    page = ARTICLE.replace("<head>", '<head><meta charset="iso-8859-1">').replace(
        "May", "Mai \u00e9t\u00e9"
    )
    article = extract(page.encode("cp1252"))
    assert "Mai \u00e9t\u00e9" in article.text


def test_utf16_with_bom_is_decoded() -> None:
    article = extract(ARTICLE.encode("utf-16"))
    assert article.ok


def test_page_without_body_keeps_its_metadata() -> None:
    page = (
        '<html><head><meta property="og:type" content="article">'
        '<meta property="og:title" content="Only a title"></head><body></body></html>'
    )
    article = extract(page)
    assert article.status is ExtractionStatus.EMPTY
    assert article.title == "Only a title"


def test_paywall_flag_keeps_the_teaser_text() -> None:
    json_ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry",'
        ' "isAccessibleForFree": false}</script>'
    )
    article = extract(ARTICLE.replace("<head>", "<head>" + json_ld))
    assert article.status is ExtractionStatus.PAYWALLED
    assert "harbour master" in article.text


def _with_walled_part(part: dict[str, object], page: str = ARTICLE) -> str:
    data = {"@type": "NewsArticle", "headline": "Ferry", "hasPart": part}
    script = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    return page.replace("<head>", "<head>" + script)


def test_a_walled_part_shown_on_the_page_marks_a_short_text_paywalled() -> None:
    walled = {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".wall"}
    page = ARTICLE.replace("</body>", "<div class='wall'>Subscribe to read on</div></body>")
    assert extract(_with_walled_part(walled, page)).status is ExtractionStatus.PAYWALLED


@pytest.mark.parametrize("selector", [None, "", "p[", "body > .wall"])
def test_a_walled_part_without_a_usable_selector_counts(selector: str | None) -> None:
    # no selector, an empty or unreadable one: the part may be anywhere; and a
    # selector that matches the page's wall counts, whatever its form
    walled: dict[str, object] = {"@type": "WebPageElement", "isAccessibleForFree": "False"}
    if selector is not None:
        walled["cssSelector"] = selector
    page = ARTICLE.replace("</body>", "<div class='wall'>Subscribe to read on</div></body>")
    assert extract(_with_walled_part(walled, page)).status is ExtractionStatus.PAYWALLED


def test_a_walled_part_missing_from_the_page_walls_off_nothing() -> None:
    # an e-mail wall a script adds later: the text served is the whole article
    walled = {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".emailwall"}
    article = extract(_with_walled_part(walled))
    assert article.status is ExtractionStatus.OK
    assert "harbour master" in article.text
