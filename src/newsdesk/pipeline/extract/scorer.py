"""Our own fast article finder: the element that holds the article, by paragraph text.

A readability-style pass over the one parse, in three steps:

1. Walk the page once and collect its paragraphs (``<p>``, quotes, and runs of loose
   text inside ``<div>`` s), skipping subtrees that never hold article text
   (navigation, asides, forms, figures, hidden elements, and boxes whose class names
   say related/teaser/comments/...).
2. Weigh every ancestor by the text of the real paragraphs under it (long enough, few
   links); the article's container is the deepest element holding most of that text.
   It is widened a little, to take in the article's header (standfirst, sub-headings).
3. Say how sure that is: the page has enough paragraph text, the container holds
   nearly all of it, and a long structured-data copy (``articleBody``) is covered.

The body extractor then runs trafilatura on the container alone, which is several
times smaller than the page, and on the whole page when this finder is unsure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import islice

import lxml.html

from newsdesk.pipeline.extract.boilerplate import shingles
from newsdesk.pipeline.extract.casefold import CaseBlind
from newsdesk.pipeline.extract.titles import normalise_space

#: Subtrees that never hold article text.
_SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "math", "nav", "footer", "aside",
        "form", "button", "select", "textarea", "input", "iframe", "object", "embed",
        "figure", "figcaption", "picture", "video", "audio", "canvas", "map", "dialog",
        "menu", "label", "h1", "title", "head", "meta", "link",
    }
)  # fmt: skip
#: Class/id words of boxes that are not article text.
_SKIP_MARKER = CaseBlind(
    r"(?:^|[\s_\-])(?:nav|navbar|navigation|menu|sidebar|side-?bar|footer|related|teasers?|"
    r"promo|promotion|newsletter|signup|subscribe|comments?|disqus|share|sharing|social|"
    r"breadcrumbs?|tags|taglist|recommended|recirculation|outbrain|taboola|most-?read|"
    r"popular|trending|ads?|advert|advertisement|banner|sponsor|cookie|consent|modal|popup|"
    r"caption|credits?|byline|author-?bio|bio|infobox|factbox|widget|sr-only|"
    r"visually-?hidden|offscreen|screen-reader-text|read-?more|more-?stories|"
    # the markup of embedded posts (tweets, Instagram, TikTok, WordPress cards)
    r"twitter-tweet|twitter-timeline|instagram-media|tiktok-embed|wp-embedded-content|"
    # the same words run on with the kind of box in one lower-case name ("teaserbox",
    # "relatedlinks", "sharebar", "newsletterbox")
    r"(?:teaser|related|newsletter|recommended|promo|share|social|comment|sidebar|"
    r"breadcrumb|signup)s?(?:box|boxes|list|links?|module|block|widget|bar|container|items?|"
    r"area|section|panel|teasers?|articles?|stories|posts))"
    r"(?:$|[\s_\-])"
)
#: Boxes named in camel case ("imageCaption", "inlineSignup"). Only these words: pages
#: whose broken markup nests the article in a navigation element ("GlobalNav") are common.
_CAMEL_CAPTION = re.compile(
    r"(?:[a-z]|(?<![^\s_\-]))"  # "imageCaption", or a component name ("NewsletterBox")
    r"(?:Caption|Credits?|Signup|Newsletter|Related|Promo|Share|Social|Comments?)(?![a-z])"
)
#: Utility classes that hide an element (display: none).
_HIDDEN_CLASSES = frozenset({"hidden", "d-none", "is-hidden", "hide"})
#: ... and responsive ones that show it again from some screen width on.
_SHOWN_CLASS = re.compile(
    r"^(?:(?:sm|md|lg|xl|2xl):(?:block|flex|grid|inline|inline-block|inline-flex|table|contents)"
    r"|d-(?:sm|md|lg|xl|xxl)-(?:block|flex|grid|inline|inline-block|inline-flex|table))$"
)
#: Class words that describe a state, not a box ("has-sidebar", "comments-enabled").
_MODIFIER = re.compile(
    r"^(?:has|with|is|no|hide|u)[-_]|[-_](?:enabled|disabled|count|open|wrapper)$", re.I
)
#: Elements whose text is one paragraph.
_PARAGRAPH_TAGS = frozenset({"p", "pre", "blockquote"})
#: Other blocks: they end a run of loose text but are not paragraphs.
_BLOCK_TAGS = frozenset({"ul", "ol", "dl", "table", "h2", "h3", "h4", "h5", "h6", "hr", "li"})
#: Lists, walked into only when they are page layout (see ``layout_list``): an item
#: holding an ``<h1>`` and this many paragraphs.
_LIST_TAGS = frozenset({"ul", "ol", "li"})
_LAYOUT_PARAGRAPHS = 3
#: Tables, walked into only when they are page layout: a cell holding this much text.
_LAYOUT_CELL_CHARS = 500
INLINE_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "span", "small", "u", "sup", "sub", "time", "abbr",
        "cite", "mark", "q", "code", "font", "br", "s", "del", "ins", "dfn", "kbd", "var",
        "bdi", "bdo", "wbr", "data", "img",
    }
)  # fmt: skip
_WORD = re.compile(r"\w+")
#: A real paragraph: this many characters, at most this share of them in links.
_PARAGRAPH_CHARS = 80
_PARAGRAPH_LINKS = 0.35
#: The container holds this share of the page's paragraph text.
_CONTAINER_SHARE = 0.72
#: Confidence: the container holds this share, the page this much paragraph text.
_CONFIDENT_SHARE = 0.85
_MIN_TEXT = 500
#: ``articleBody`` (when long) must be this much covered by the container's paragraphs.
_STRUCTURED_RECALL = 0.85
_MIN_STRUCTURED_WORDS = 80
#: Go up from the container while the paragraph text grows by at most this share...
_WIDEN = 0.3
#: ... and its elements by at most this factor,
_WIDEN_ELEMENTS = 1.5
#: ... or by this factor when that takes in the article's headline (and its header).
_HEADER_ELEMENTS = 3.0
#: Pages with more of their paragraph text in teaser cards go to trafilatura whole.
_MAX_TEASER_SHARE = 0.5
_HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")
#: A live post's time stamp alone: "14:05", "9.30am", "14h05", "10:42 Uhr".
_CLOCK = re.compile(r"^\d{1,2}[:.h]\d{2}(?:\s?(?:am|pm|uhr|h))?$", re.I)
_MAX_DEPTH = 400


@dataclass(frozen=True)
class Container:
    """The page element holding the article, and how far to trust that."""

    element: lxml.html.HtmlElement
    confident: bool
    #: Characters of paragraph text in the element.
    paragraph_chars: int
    #: False when boxes had to be weighed whatever their class names said.
    named: bool = True
    #: The finder's verdicts on class/id strings (see ``skipped``), for the next reader.
    boxes: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class _Paragraph:
    #: The page element it came from (the paragraph, or the element holding a text run).
    source: lxml.html.HtmlElement
    text: str
    linked: int


def find_container(
    tree: lxml.html.HtmlElement, article_body: str = "", titles: tuple[str, ...] = ()
) -> Container | None:
    """The element of ``tree`` that holds the article; None when the page has no paragraphs.

    Boxes are skipped by their class names first. When that leaves too little text for
    an article, the names were wrong (a layout wrapper called "sidebar-grid__content" or
    "main widget" around the article), and the page is weighed again without them.
    When the element holds several ``<article>`` s with headlines of their own (the
    next story appended below the first), the one headed by the page's title (one of
    ``titles``) is taken.
    """
    body = tree.find("body")
    if body is None:
        return None
    found: list[_Paragraph] = []
    boxes: dict[str, bool] = {}
    _walk(body, found, 0, names=True, boxes=boxes)
    paragraphs = [p for p in found if _is_real(p)]
    named = sum(len(p.text) for p in paragraphs) >= _MIN_TEXT
    if not named:
        found = []
        _walk(body, found, 0, names=False, boxes=boxes)
        unnamed = [p for p in found if _is_real(p)]
        if sum(len(p.text) for p in unnamed) >= _MIN_TEXT:
            paragraphs = unnamed
        else:
            named = True
    container = _weigh(paragraphs, article_body, named=named)
    if container is None:
        return None
    own = _titled_article(container.element, titles)
    if own is not None:
        held = sum(len(p.text) for p in paragraphs if _within(p.source, own))
        if held >= _MIN_TEXT:
            container = replace(container, element=own, paragraph_chars=held)
    return replace(container, boxes=boxes)


def _titled_article(
    element: lxml.html.HtmlElement, titles: tuple[str, ...]
) -> lxml.html.HtmlElement | None:
    """The one ``<article>`` in ``element`` whose ``<h1>`` is one of ``titles``, when
    ``element`` holds two or more articles with an ``<h1>`` each."""
    keys = {key for title in titles if (key := normalise_space(title).casefold())}
    if not keys:
        return None
    headed = [article for article in element.iter("article") if article.find(".//h1") is not None]
    if len(headed) < 2:
        return None
    titled = [
        article
        for article in headed
        if normalise_space(article.find(".//h1").text_content()).casefold() in keys
    ]
    return titled[0] if len(titled) == 1 and titled[0] is not element else None


def _weigh(paragraphs: list[_Paragraph], article_body: str, *, named: bool) -> Container | None:
    total = sum(len(p.text) for p in paragraphs)
    if not total:
        return None
    held_by = [_holders(paragraph.source) for paragraph in paragraphs]  # found once
    weight: dict[lxml.html.HtmlElement, int] = {}
    for paragraph, holders in zip(paragraphs, held_by, strict=True):
        size = len(paragraph.text)
        for ancestor in holders:
            weight[ancestor] = weight.get(ancestor, 0) + size
    holding = [e for e, held in weight.items() if held >= _CONTAINER_SHARE * total]
    core = max(holding, key=_depth)
    scope = _widen(core, weight)
    inside = [
        p.text
        for p, holders in zip(paragraphs, held_by, strict=True)
        if p.source is scope or any(holder is scope for holder in holders)
    ]
    confident = _teaser_share(paragraphs, held_by) < _MAX_TEASER_SHARE and _confident(
        core, weight.get(core, 0), total, inside, article_body
    )
    return Container(scope, confident, weight.get(scope, 0), named)


def _teaser_share(
    paragraphs: list[_Paragraph], held_by: list[list[lxml.html.HtmlElement]]
) -> float:
    """Share of the paragraph text set as teasers: one paragraph in a box with a heading.

    A grid of such cards (a listing, "more stories") can look like an article to the
    weighing, so a page made mostly of them is never a confident find. A live blog's
    posts (a time stamp, a heading that links nowhere) are no cards.
    """
    boxes: dict[lxml.html.HtmlElement, list[_Paragraph]] = {}
    for paragraph, holders in zip(paragraphs, held_by, strict=True):
        boxes.setdefault(holders[0], []).append(paragraph)
    teasers = sum(
        len(members[0].text)
        for box, members in boxes.items()
        if len(members) == 1 and _teaser_card(box)
    )
    return teasers / max(1, sum(len(p.text) for p in paragraphs))


def _teaser_card(box: lxml.html.HtmlElement) -> bool:
    """True when ``box`` (holding one paragraph) has a heading, unless it is a live
    blog's post: a time stamp and a heading of its own, one that links nowhere (a
    teaser card's title links to its story)."""
    heading = next(box.iter(*_HEADING_TAGS), None)
    if heading is None:
        return False
    if not _stamped(box):
        return True
    if next(heading.iter("a"), None) is not None:
        return True
    for ancestor in heading.iterancestors():
        if ancestor.tag == "a":
            return True  # a link around the card's heading
        if ancestor is box:
            break
    wrapper = box.getparent()
    return wrapper is not None and wrapper.tag == "a"  # a link around the whole card


def _stamped(box: lxml.html.HtmlElement) -> bool:
    """True when ``box`` shows a time stamp: a ``<time>`` or a clock time alone
    ("14:05", "9.30am", "14h05")."""
    return any(
        element.tag == "time" or _CLOCK.match((element.text or "").strip()) is not None
        for element in box.iter()
    )


def _holders(source: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The elements that hold a paragraph: a ``<p>``'s ancestors; a text run's element too."""
    ancestors = list(source.iterancestors())
    return ancestors if source.tag in _PARAGRAPH_TAGS else [source, *ancestors]


def _depth(element: lxml.html.HtmlElement) -> int:
    return sum(1 for _ in element.iterancestors())


def _widen(
    container: lxml.html.HtmlElement, weight: dict[lxml.html.HtmlElement, int]
) -> lxml.html.HtmlElement:
    """The highest ancestor below ``<body>`` that adds little paragraph text and few
    elements (a few more when it takes in the article's headline and header). A table
    cell is not widened: the cells beside it are the page's other columns."""
    held = weight.get(container, 0)
    size = _size(container)
    widest = container
    for ancestor in container.iterancestors():
        if ancestor.tag in {"body", "html", "tr"} or weight.get(ancestor, 0) > (1 + _WIDEN) * held:
            break
        limit = _HEADER_ELEMENTS if _holds_headline(ancestor, widest) else _WIDEN_ELEMENTS
        if _size(ancestor) > limit * size:
            break
        widest = ancestor
    return widest


def _size(element: lxml.html.HtmlElement) -> int:
    return sum(1 for _ in element.iter())


def _holds_headline(element: lxml.html.HtmlElement, inner: lxml.html.HtmlElement) -> bool:
    """True when ``element`` holds an ``<h1>`` that ``inner`` does not."""
    return any(not _within(h1, inner) for h1 in element.iter("h1"))


def _confident(
    core: lxml.html.HtmlElement, held: int, total: int, inside: list[str], article_body: str
) -> bool:
    if core.tag in {"body", "html"} or total < _MIN_TEXT or held < _CONFIDENT_SHARE * total:
        return False
    if len(_WORD.findall(article_body)) >= _MIN_STRUCTURED_WORDS:
        reference = shingles(article_body)
        covered = sum((reference & shingles(" ".join(inside))).values())
        return covered >= _STRUCTURED_RECALL * sum(reference.values())
    return True


def _within(element: lxml.html.HtmlElement, container: lxml.html.HtmlElement) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())


def _is_real(paragraph: _Paragraph) -> bool:
    size = len(paragraph.text)
    return size >= _PARAGRAPH_CHARS and paragraph.linked <= _PARAGRAPH_LINKS * size


# --- walking the page --------------------------------------------------------------------


def skipped(
    element: lxml.html.HtmlElement, *, names: bool = True, boxes: dict[str, bool] | None = None
) -> bool:
    """True for a subtree that never holds article text: code, navigation, figures,
    hidden or screen-reader-only elements, boxes named related/share/caption/...

    ``boxes`` remembers the verdict on each class/id string seen (pages repeat them).
    """
    tag = element.tag
    if not isinstance(tag, str) or tag in _SKIP_TAGS or _hidden(element):
        return True
    classes = element.get("class") or ""
    ident = element.get("id") or ""
    if not classes and not ident:
        return False
    if ("hid" in classes or "none" in classes) and _hidden_class(classes.split()):
        return True
    if not names:
        return False
    raw = f"{classes} {ident}"
    if boxes is None:
        return _named_box(raw)
    known = boxes.get(raw)
    if known is None:
        known = boxes[raw] = _named_box(raw)
    return known


def _named_box(raw: str) -> bool:
    """True when class and id words name a box that is not article text."""
    # "InlineImage-imageCaption", "c-inlineSignup" (only names with capitals can match)
    if raw != raw.lower() and _CAMEL_CAPTION.search(raw):
        return True
    if not _SKIP_MARKER.found(raw):  # dropping state words cannot add a match
        return False
    marker = " ".join(word for word in raw.split() if not _MODIFIER.search(word))
    return _SKIP_MARKER.found(marker)


def _hidden(element: lxml.html.HtmlElement) -> bool:
    """True for an element hidden by its attributes or its inline style."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    if not style:
        return False
    style = style.replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or _clipped(style)


def _hidden_class(classes: list[str]) -> bool:
    """True for a CSS framework's "hidden" utility class ("hidden", "d-none") that no
    responsive class ("md:block", "d-lg-flex") shows again on a larger screen."""
    if not any(word in _HIDDEN_CLASSES for word in classes):
        return False
    return not any(_SHOWN_CLASS.match(word) for word in classes)


def _clipped(style: str) -> bool:
    """True for the screen-reader-only pattern: clipped to nothing ("opens new tab")."""
    return "clip:rect(0" in style or "clip-path:inset(50%)" in style


def _walk(
    element: lxml.html.HtmlElement,
    out: list[_Paragraph],
    level: int,
    *,
    names: bool,
    boxes: dict[str, bool],
) -> None:
    """Collect the paragraphs under ``element`` in page order."""
    if level > _MAX_DEPTH:
        return
    run: list[str] = [element.text or ""]
    linked = 0
    for child in element:
        if skipped(child, names=names, boxes=boxes):
            run.append(child.tail or "")
            continue
        tag = child.tag
        if tag in INLINE_TAGS and not (len(child) and has_block(child)):
            text = _text(child, boxes)
            run.append(text)
            if tag == "a":
                linked += len(normalise_space(text))
        else:
            _add(out, element, run, linked)
            run, linked = [], 0
            if tag in _PARAGRAPH_TAGS:
                _add(out, child, [_text(child, boxes)], _linked(child, boxes))
            elif (
                tag not in _BLOCK_TAGS
                or (tag in _LIST_TAGS and layout_list(child))
                or (tag == "table" and layout_table(child))
            ):
                _walk(child, out, level + 1, names=names, boxes=boxes)
        run.append(child.tail or "")
    _add(out, element, run, linked)


def layout_list(element: lxml.html.HtmlElement) -> bool:
    """True when list ``element`` is page layout: an item of it holds a top headline
    and several paragraphs (a page set out in ``<ul><li>`` cells), no list entry,
    teaser or job ad."""
    if next(element.iter("h1"), None) is None:  # most lists: one pass, no headline
        return False
    items = [element] if element.tag == "li" else [c for c in element if c.tag == "li"]
    return any(
        next(item.iter("h1"), None) is not None
        and next(islice(item.iter("p"), _LAYOUT_PARAGRAPHS - 1, None), None) is not None
        for item in items
    )


def layout_table(element: lxml.html.HtmlElement) -> bool:
    """True when ``element`` is a table used as page layout (older sites set the whole
    page in table cells): a cell of it holds an article's worth of running text."""
    return any(len(cell.text_content()) >= _LAYOUT_CELL_CHARS for cell in element.iter("td"))


def _add(out: list[_Paragraph], source: lxml.html.HtmlElement, run: list[str], linked: int) -> None:
    joined = "".join(run)
    if not joined or joined.isspace():  # most runs between blocks: no text to normalise
        return
    text = normalise_space(joined)
    if text:
        out.append(_Paragraph(source, text, linked))


def has_block(element: lxml.html.HtmlElement) -> bool:
    return any(
        isinstance(d.tag, str)
        and (d.tag in _PARAGRAPH_TAGS or d.tag in _BLOCK_TAGS or d.tag == "div")
        for d in element.iterdescendants()
    )


def _linked(element: lxml.html.HtmlElement, boxes: dict[str, bool]) -> int:
    return sum(len(normalise_space(_text(a, boxes))) for a in element.iter("a"))


def _text(element: lxml.html.HtmlElement, boxes: dict[str, bool]) -> str:
    """The visible text of ``element`` without skipped subtrees (scripts, hidden spans)."""
    parts = [element.text or ""]
    for child in element:
        if not skipped(child, boxes=boxes):
            parts.append(_text(child, boxes))
            if (
                child.tag in _PARAGRAPH_TAGS
                or child.tag in _BLOCK_TAGS
                or child.tag in {"div", "br"}
            ):
                parts.append(" ")
        parts.append(child.tail or "")
    return "".join(parts)
