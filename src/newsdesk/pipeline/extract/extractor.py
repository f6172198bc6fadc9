"""The one entry point: page in, :class:`ExtractedArticle` out, never an exception."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import lxml.html
from lxml import etree

from newsdesk.pipeline.extract.authors import clean_authors, looks_like_person
from newsdesk.pipeline.extract.body import Body, extract_body
from newsdesk.pipeline.extract.dates import date_of_line
from newsdesk.pipeline.extract.document import load_page
from newsdesk.pipeline.extract.language import guess_language
from newsdesk.pipeline.extract.metadata import PageMetadata, extract_metadata
from newsdesk.pipeline.extract.partial import consent_wall, paywall_cut, truncated, video_page
from newsdesk.pipeline.extract.robots import robots_directives
from newsdesk.pipeline.extract.scripted import scripted_page
from newsdesk.pipeline.types import ExtractedArticle, ExtractionStatus, ExtractOptions

#: Failures of lxml or of the body extractor on hostile markup; reported as FAILED.
_EXTRACTION_ERRORS = (etree.LxmlError, ValueError, TypeError, RecursionError, AssertionError)


def extract(
    html: str | bytes, url: str | None = None, options: ExtractOptions | None = None
) -> ExtractedArticle:
    """Extract the article in ``html`` (fetched from ``url``).

    Never raises for any input: problems come back as a status (``EMPTY``,
    ``NOT_HTML``, ``NOT_ARTICLE``, ``PAYWALLED``, ``TOO_LARGE``, ``FAILED`` with
    ``error``). Pages over ``options.max_bytes`` are cut there, extracted as far as
    they go and marked ``TOO_LARGE``.
    """
    options = options or ExtractOptions()
    page = load_page(html, options.max_bytes)
    if page.status is not None or page.tree is None:
        return ExtractedArticle(status=page.status or ExtractionStatus.FAILED, error=page.error)
    try:
        article = _extract_tree(page.tree, url, options)
    except _EXTRACTION_ERRORS as error:
        return ExtractedArticle(
            status=ExtractionStatus.FAILED, error=f"{type(error).__name__}: {error}"
        )
    if page.truncated:
        return replace(article, status=ExtractionStatus.TOO_LARGE)
    return article


def _extract_tree(
    tree: lxml.html.HtmlElement, url: str | None, options: ExtractOptions
) -> ExtractedArticle:
    metadata = extract_metadata(tree, url, options.now)
    robots = str(robots_directives(metadata.meta))  # read before the body step edits the tree
    base = metadata.canonical_url or url
    body = _body(tree, base, metadata, options)
    if not body.text:
        # the served page may hold the article only in its script data
        scripted = scripted_page(tree)
        if scripted is not None:
            body = _body(scripted, base, metadata, options)
    language = metadata.language
    if language is None and options.detect_language:
        language = guess_language(body.text or metadata.description)
    return ExtractedArticle(
        status=_status(tree, metadata, body),
        title=metadata.title,
        authors=list(metadata.authors) or _credited(body.byline),
        published=metadata.published or date_of_line(body.dateline, options.now),
        modified=metadata.modified,
        image=metadata.image,
        language=language,
        section=metadata.section,
        canonical_url=metadata.canonical_url,
        site_name=metadata.site_name,
        description=metadata.description,
        text=body.text,
        html=body.html,
        images=body.images,
        robots=robots,
    )


def _credited(byline: str) -> list[str]:
    """The people a byline above the text names, for a page whose markup credits no one
    ("By Jane Roe, Staff Writer": Jane Roe)."""
    return [name for name in clean_authors([byline]) if looks_like_person(name)] if byline else []


def _body(
    tree: lxml.html.HtmlElement, base: str | None, metadata: PageMetadata, options: ExtractOptions
) -> Body:
    return extract_body(
        tree,
        base,
        metadata.title,
        options,
        article_body=metadata.article_body,
        author_bios=metadata.author_bios,
        headline=metadata.headline,
        description=metadata.description,
        summaries=metadata.summaries,
        title_variants=metadata.title_variants,
    )


def _status(tree: lxml.html.HtmlElement, metadata: PageMetadata, body: Body) -> ExtractionStatus:
    """OK, or what keeps the page from being a whole article (checked in this order)."""
    checks: tuple[tuple[Callable[[], bool], ExtractionStatus], ...] = (
        # Publishers also mark full texts they serve to search engines as not free.
        (lambda: metadata.paywalled and truncated(body.text), ExtractionStatus.PAYWALLED),
        (
            # a front page lists articles, whatever dates and types its markup gives;
            # og:type website is many CMSs' default, so an article's length of text
            # outweighs it
            lambda: (
                metadata.front_page
                or (
                    not metadata.article_signals
                    and (
                        metadata.listing_signals or (metadata.website_type and truncated(body.text))
                    )
                )
            ),
            ExtractionStatus.NOT_ARTICLE,
        ),
        (lambda: consent_wall(tree, body.text), ExtractionStatus.CONSENT_WALL),
        (lambda: metadata.video_signals and video_page(body.text), ExtractionStatus.NOT_ARTICLE),
        (
            lambda: not body.text,
            ExtractionStatus.EMPTY if metadata.article_signals else ExtractionStatus.NOT_ARTICLE,
        ),
        (
            lambda: metadata.article_signals and paywall_cut(tree, body.text),
            ExtractionStatus.PAYWALLED,
        ),
    )
    return next((status for check, status in checks if check()), ExtractionStatus.OK)
