"""Visible bylines and ``<time>`` elements, for pages without structured metadata."""

from __future__ import annotations

import re
from itertools import islice
from urllib.parse import urlsplit

import lxml.html

from newsdesk.pipeline.extract.titles import normalise_space

#: A link to an author's page ("/autoren/name/max-kolter", "/author/jane-doe/") names them.
_AUTHOR_PATH = re.compile(
    r"/(?:authors?|autor(?:en|in)?|auteurs?|autore|autori|journalists?|reporters?)/[^/]+", re.I
)
_MAX_BYLINE = 100
_MAX_CANDIDATES = 3
#: ASCII upper- to lower-case letters: a case-blind ``@itemprop`` match, as XPath's
#: ``translate()`` made it (``str.lower`` would also fold other scripts' letters).
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_MAX_NAME_WORDS = 4
#: A bold line naming the authors (``signed_lines``): this short, beside a paragraph this long.
_BOLD = frozenset({"strong", "b"})
_MAX_SIGNED = 60
_LONG_PARAGRAPH = 150
_SENTENCE_END = frozenset(".!?:;")
#: Bylines that share an ancestor this many levels up belong to the same credit line.
_NEAR_LEVELS = 3


def byline_texts(tree: lxml.html.HtmlElement) -> list[str]:
    """Short texts that name the author: ``rel=author``, ``itemprop=author``, byline classes,
    links to an author's page.

    Only the first byline and bylines near it count: one further down the page (in a
    teaser card, a list of other articles) credits another story.
    """
    texts: list[str] = []
    taken: list[lxml.html.HtmlElement] = []
    #: The first byline's ancestor :data:`_NEAR_LEVELS` up: an element past its subtree
    #: shares none of the first byline's near ancestors, so the search ends there.
    around: lxml.html.HtmlElement | None = None
    for element in tree.iter("a", "span", "div", "p", "address", "li"):
        if around is not None and around not in element.iterancestors():
            break
        if not _is_byline(element) or any(a in taken for a in element.iterancestors()):
            continue
        if taken and not _near(element, taken[0]):
            continue
        if not taken:
            around = next(reversed(_near_ancestors(element)), None)
        taken.append(element)
        text = _name_text(element)
        if text and len(text) <= _MAX_BYLINE and text not in texts:
            texts.append(text)
        if len(texts) >= _MAX_CANDIDATES:
            break
    return texts


def _is_byline(element: lxml.html.HtmlElement) -> bool:
    rel = element.get("rel")
    if rel and rel.lower() == "author":
        return True
    itemprop = element.get("itemprop")
    if itemprop and itemprop.lower() == "author":
        return True
    if element.tag == "a" and _author_link(element.get("href") or ""):
        return True
    names, ident = element.get("class"), element.get("id")
    if not names and not ident:  # most elements: nothing more to read
        return False
    # class or id words of a byline: "byline", "author" (also "author-name", "article-author")
    marker = f"{names or ''} {ident or ''}".lower()
    return ("author" in marker or "byline" in marker) and "authors-list" not in marker


def _author_link(href: str) -> bool:
    """True for a link to an author's page. Its path is a part of the link (once the tabs
    and line breaks that ``urlsplit`` drops are gone), so a link that does not match as
    a whole is not taken apart."""
    whole = href.replace("\t", "").replace("\r", "").replace("\n", "")
    return _AUTHOR_PATH.search(whole) is not None and _AUTHOR_PATH.search(_path(href)) is not None


def _path(href: str) -> str:
    try:
        return urlsplit(href).path
    except ValueError:
        return ""


def _near_ancestors(element: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The element's ancestors up to :data:`_NEAR_LEVELS`, nearest first."""
    return list(islice(element.iterancestors(), _NEAR_LEVELS))


def _near(element: lxml.html.HtmlElement, first: lxml.html.HtmlElement) -> bool:
    """True if ``element`` and ``first`` share an ancestor a few levels up."""
    ancestors = _near_ancestors(first)
    return any(a in ancestors for a in _near_ancestors(element))


def _name_text(element: lxml.html.HtmlElement) -> str:
    for child in element.iter():
        if (child.get("itemprop") or "").lower() == "name":
            return normalise_space(child.text_content())
    # "By <a rel=author>Jane Doe</a> June 19, 2024": the marked names, not the date
    marked = [
        normalise_space(child.text_content())
        for child in element.iterdescendants()
        if _marked_author(child)
    ]
    if any(marked):
        return ", ".join(name for name in dict.fromkeys(marked) if name)
    return ", ".join(_name_parts(element)) or normalise_space(element.text_content())


def _marked_author(element: lxml.html.HtmlElement) -> bool:
    return (element.get("rel") or "").lower() == "author" or (
        element.get("itemprop") or ""
    ).lower() == "author"


def _name_parts(element: lxml.html.HtmlElement) -> list[str]:
    """Names set as sibling elements with nothing between them ("<span>A</span><span>B</span>").

    Descends through single wrappers; returns [] unless the element's whole text is two or
    more such short parts.
    """
    while len(element) == 1 and not (element.text or "").strip():
        element = element[0]
    parts = [normalise_space(child.text_content()) for child in element]
    loose = (element.text or "") + "".join(child.tail or "" for child in element)
    if len(parts) < 2 or loose.strip() or not all(parts):
        return []
    if any(len(part.split()) > _MAX_NAME_WORDS for part in parts):
        return []
    return parts


def signed_lines(tree: lxml.html.HtmlElement) -> list[str]:
    """Names set as a paragraph of their own, all in bold, next to the article's text:
    "<p><strong>Jane Doe/John Roe</strong></p>" above the first paragraph (a byline) or
    below the last (a signature).

    Smaller sites write the byline so and credit only the site in their metadata. A bold
    line counts when a long paragraph follows it within two paragraphs and none comes
    before it among its siblings, or when it is the last paragraph after a long one (a
    bold sub-heading has text on both sides).
    """
    for paragraph in tree.iter("p"):
        if len(paragraph) != 1 or paragraph[0].tag not in _BOLD:
            continue
        if (paragraph.text or "").strip() or (paragraph[0].tail or "").strip():
            continue
        text = normalise_space(paragraph.text_content())
        if not text or len(text) > _MAX_SIGNED or text[-1] in _SENTENCE_END:
            continue
        above = [e for e in paragraph.itersiblings(preceding=True) if e.tag == "p"]
        below = [e for e in paragraph.itersiblings() if e.tag == "p"]
        if any(map(_long, below[:2])) and not any(map(_long, above)):
            return [text]  # above the text
        if not below and any(map(_long, above[:1])):
            return [text]  # below it
    return []


def _long(paragraph: lxml.html.HtmlElement) -> bool:
    return len(normalise_space(paragraph.text_content())) >= _LONG_PARAGRAPH


def time_values(tree: lxml.html.HtmlElement, itemprop: str) -> list[str]:
    """``datetime``/``content`` of ``itemprop`` elements, then of the first ``<time>``."""
    name = itemprop.lower()
    # the attribute test in XPath, the case folding here: a translate() in the XPath
    # itself costs a string per element of the page
    values: list[str] = [
        element.get("datetime") or element.get("content") or ""
        for element in tree.xpath("//*[@itemprop]")
        if (element.get("itemprop") or "").translate(_ASCII_LOWER) == name
    ]
    if itemprop == "datepublished":
        values.extend(time.get("datetime") or "" for time in tree.iter("time"))
    return [value for value in values if value]
