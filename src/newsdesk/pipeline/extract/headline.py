"""The visible headline: the page's ``<h1>``, checked against the metadata title.

Publishers often give search engines and social networks a different title from the
headline the reader sees, or append the site's name and section to it. The visible
headline is used where it is the metadata title with such an addition cut off.
"""

from __future__ import annotations

import re

import lxml.html

from newsdesk.pipeline.extract.titles import normalise_space

#: Ancestors that never hold the article's own headline.
_NOT_HEADLINE_AREA = re.compile(
    r"(?:^|[\s_-])(?:nav|navigation|menu|footer|sidebar|teaser|related|promo|logo|brand|"
    r"masthead|modal|newsletter|cookie|consent)(?:$|[\s_-])",
    re.I,
)
_MIN_CHARS = 8
_MAX_CHARS = 400
_WORD = re.compile(r"\w+")


def visible_headline(tree: lxml.html.HtmlElement, meta_title: str) -> str:
    """The article's visible headline, or "" when the page has no clear one."""
    candidates = [text for h1 in tree.iter("h1") if (text := _headline_text(h1))]
    candidates = list(dict.fromkeys(candidates))
    if not candidates:
        return ""
    if len(candidates) == 1:
        return candidates[0]
    # Several <h1>: take the one that agrees best with the metadata title, if any does.
    scored = sorted(candidates, key=lambda text: _overlap(text, meta_title), reverse=True)
    return scored[0] if _overlap(scored[0], meta_title) >= 0.5 else ""


def _headline_text(h1: lxml.html.HtmlElement) -> str:
    if any(_NOT_HEADLINE_AREA.search(_marker(a)) for a in h1.iterancestors()):
        return ""
    text = normalise_space(h1.text_content())
    return text if _MIN_CHARS <= len(text) <= _MAX_CHARS else ""


def _marker(element: lxml.html.HtmlElement) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def _overlap(text: str, other: str) -> float:
    """Share of the shorter text's words that the other text has too."""
    words = {word.casefold() for word in _WORD.findall(text)}
    others = {word.casefold() for word in _WORD.findall(other)}
    if not words or not others:
        return 0.0
    return len(words & others) / min(len(words), len(others))


def choose_title(headline: str, meta_title: str) -> str:
    """The visible headline or the metadata title, whichever is the article's headline.

    The visible headline wins only where it is the metadata title with something cut
    off (a site name, section or date the stripping rules did not know); a metadata
    title that merely words the story differently, or adds a "Kicker:" before the
    headline, is kept.
    """
    if not headline:
        return meta_title
    if not meta_title:
        return headline
    words, meta_words = _words(headline), _words(meta_title)
    if len(words) >= len(meta_words) or _kicker_of(meta_title, headline):
        return meta_title
    if meta_words[: len(words)] == words or meta_words[-len(words) :] == words:
        return headline
    return meta_title


def _kicker_of(meta_title: str, headline: str) -> bool:
    """True for "Kicker: Headline" and "Headline: more" forms of ``headline``."""
    head, _, tail = meta_title.partition(":")
    return bool(tail) and (_words(tail) == _words(headline) or _words(head) == _words(headline))


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]
