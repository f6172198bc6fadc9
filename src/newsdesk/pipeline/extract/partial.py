"""Partial pages: consent walls, paywalls that cut the text, pages that are not articles.

These checks only run when the extracted body is short; a full article is never
relabelled because its page also carries a cookie banner or a subscription offer.
"""

from __future__ import annotations

import re

import lxml.html
from cssselect import GenericTranslator, SelectorError
from lxml import etree

_CONSENT = re.compile(
    r"cookie|consent|gdpr|privacy (?:settings|choices)|accept all|reject all|"
    r"zustimm|einwillig|alle akzeptieren|datenschutzeinstellungen|"
    r"consentement|accepter|consentimiento|aceptar|acconsent|accetta",
    re.I,
)
_PAYWALL = re.compile(
    r"subscribe|subscription|subscriber|sign in to (?:read|continue)|already a subscriber|"
    r"abonn|abo\b|plus-artikel|weiterlesen mit|s'abonner|suscr[ií]b|abbonat",
    re.I,
)
_PAYWALL_BOX = re.compile(r"paywall|premium|piano|meter|subscribe|abo-?", re.I)
#: A body shorter than this many words may be all a wall lets through.
SHORT_BODY_WORDS = 120
#: A paywalled page with fewer words than this holds a teaser, not the article.
TRUNCATED_WORDS = 250
_MIN_HITS = 2
#: With (almost) no text extracted, this many consent words on the page mark a wall.
_NEAR_EMPTY = 40
_PAGE_HITS = 3
_PAGE_SAMPLE = 20_000


def consent_wall(tree: lxml.html.HtmlElement, body_text: str) -> bool:
    """True when a short body and the page's text are about cookie consent."""
    words = len(body_text.split())
    if words >= SHORT_BODY_WORDS:
        return False
    if len(_CONSENT.findall(body_text)) >= _MIN_HITS:
        return True  # what was extracted is the banner
    return words < _NEAR_EMPTY and len(_CONSENT.findall(_visible_text(tree))) >= _PAGE_HITS


def wall_on_page(tree: lxml.html.HtmlElement, selector: str) -> bool:
    """True when the part that structured data marks as not free (its ``cssSelector``,
    ".paywall", ".emailwall") is an element of the page as served. One that is not
    (a script adds it later) holds none of the text extracted. A selector that cannot
    be read counts as present."""
    try:
        found = etree.XPath(GenericTranslator().css_to_xpath(selector))(tree)
    except (SelectorError, etree.XPathSyntaxError, etree.XPathEvalError):
        return True
    return bool(found)


def paywall_cut(tree: lxml.html.HtmlElement, body_text: str) -> bool:
    """True when a short body sits under a paywall box or subscription prompt."""
    if len(body_text.split()) >= SHORT_BODY_WORDS:
        return False
    boxes = tree.xpath(
        "//body//*[contains(@class, 'paywall') or contains(@id, 'paywall')"
        " or contains(@class, 'Paywall')]"
    )
    return bool(boxes) or len(_PAYWALL.findall(_visible_text(tree))) >= _MIN_HITS


def truncated(body_text: str) -> bool:
    """True for a body too short to be a whole article behind a paywall marker."""
    return len(body_text.split()) < TRUNCATED_WORDS


def video_page(body_text: str) -> bool:
    """True when a page that calls itself a video has at most a short blurb of text."""
    return len(body_text.split()) < SHORT_BODY_WORDS // 2


def _visible_text(tree: lxml.html.HtmlElement) -> str:
    body = tree.find("body")
    if body is None:
        return ""
    texts = body.xpath(
        ".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
    )
    return " ".join(" ".join(str(t) for t in texts).split())[:_PAGE_SAMPLE]
