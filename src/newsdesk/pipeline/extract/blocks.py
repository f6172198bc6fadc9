"""Our own blocks: the article element's text as paragraphs, headings, lists and quotes.

When the finder (``scorer.py``) is sure which element holds the article, its text is
read straight from that element into the block dialect the rest of the body step uses
(trafilatura's XML names: ``p``, ``head``, ``list``/``item``, ``quote``, ``table``/
``row``/``cell``, ``hi``, ``ref``, ``lb``), skipping the subtrees the finder skips
(navigation, figures and captions, hidden elements, boxes named related/share/...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from newsdesk.pipeline.extract.boilerplate import (
    comments_box,
    is_control,
    is_signup,
    is_summary_heading,
    is_widget_heading,
)
from newsdesk.pipeline.extract.scorer import INLINE_TAGS, has_block, skipped

_HEADINGS = {"h2": "h2", "h3": "h3", "h4": "h4", "h5": "h5", "h6": "h6"}
_EMPHASIS = {"b": "#b", "strong": "#b", "i": "#i", "em": "#i", "code": "#t"}
#: Containers whose children are walked for blocks of their own.
_LISTS = frozenset({"ul", "ol"})
#: Blocks kept as their plain text.
_FLAT = {"blockquote": "quote", "pre": "code"}
_MAX_DEPTH = 400
#: A line of text set apart by ``<br>`` this short, and not ending as a sentence does,
#: is a paragraph of its own (a headline, byline, date or sub-heading line).
_SHORT_LINE = 80
_LINE_ENDS = (".", "!", "?", ":", ",", ";", "\u2026", "\u3002")
_SPACE = re.compile(r"\s+")
#: Stands where the page separates two texts by an element the blocks leave out (a hidden
#: separator, a skipped box); it becomes a space, or nothing before closing punctuation.
_GAP = "\U0010fffd"
_GAP_BEFORE_CLOSING = re.compile(_GAP + r"+(?=[,.;:!?)\]}\u00bb\u201d\u2019])")
_GAP_RUN = re.compile(r"\s*" + _GAP + r"[\s" + _GAP + r"]*")
#: Skipped elements that the page never shows as text or space (no gap for them).
_UNSHOWN = frozenset({"script", "style", "noscript", "template"})
#: Skipped elements that run on with the text around them, as inline text does.
_RUNNING = INLINE_TAGS | {
    "button", "label", "input", "select", "textarea", "svg", "math", "canvas", "picture",
    "video", "audio", "iframe", "object", "embed", "map",
}  # fmt: skip
#: A sentence's end followed at once by a capital (across two elements) runs on in the
#: page's markup only because a style sets the second element apart.
_SENTENCE_END = frozenset(".!?")
#: A box with this share of its text in links is furniture (share bars, link lists).
_LINKED = 0.8
#: A box under a linked heading with at most this much text is a teaser card.
_TEASER_CHARS = 600
#: ... holding at most one paragraph of this many characters (its summary).
_PARAGRAPH_CHARS = 80
#: Pictures and players: a short box holding one is its caption or a card for a video.
_MEDIA_TAGS = frozenset({"img", "picture", "video", "figure", "audio", "iframe"})
#: ... with at most this much text in at most this many blocks.
_MEDIA_TEXT_CHARS = 250
_MEDIA_TEXT_BLOCKS = 2
#: A short box holding a form field is a sign-up, search or comment widget, as is one
#: headed by a furniture line ("Sign up for Island Daily").
_WIDGET_CHARS = 600
#: A box of at most this many blocks and characters ending in a button-styled link
#: with a label this short is a call to action (``_appeal``).
_APPEAL_BLOCKS = 3
_APPEAL_CHARS = 1200
_BUTTON_LABEL = 40
_BUTTON_CLASS = re.compile(r"(?:^|[-_\s])(?:button|btn|cta)(?:$|[-_\s])", re.I)
#: Skipped elements that hold a form field ("<label><input type=radio> Yes</label>").
_FIELD_HOLDERS = frozenset({"label", "fieldset"})
_FIELDS = ("input", "select", "textarea")
#: ... whose heading is a line of at most this many characters.
_WIDGET_HEADING = 120
#: An inline style that shows a picture (a lazy-loaded photo as a box's background).
_BACKGROUND = re.compile(r"background(?:-image)?\s*:[^;]*url\(", re.I)
#: Elements that show a picture besides ``<img>``, and attributes of a picture that a
#: script loads later.
_PICTURE_TAGS = ("picture", "amp-img", "video")
_LAZY_ATTRIBUTES = frozenset(
    {"data-src", "data-srcset", "data-bg", "data-background-image", "data-lazy"}
)
#: A paragraph holding a picture and at most this much text is the picture's caption.
CAPTION_CHARS = 150
#: Images narrower than this are icons.
_ICON_PIXELS = 60
#: A box opened by a toggle of its own (a person or fact box) holds at most this much.
_TOGGLED_CHARS = 1500


@dataclass
class OwnBlocks:
    """The blocks of an element, and how much text the furniture boxes among them held."""

    body: etree._Element
    tables: bool = True
    #: Characters of text in boxes left out as furniture (link lists, teaser cards).
    pruned: int = 0
    #: Boxes left out that held a linked heading (teaser card titles).
    linked_heads: int = 0
    #: Pictures and players reached so far (each box compares the count before and after).
    media: int = 0
    #: Form fields reached so far (likewise).
    controls: int = 0
    chars: int = field(default=0, init=False)
    #: Verdicts on class/id strings (see ``scorer.skipped``).
    boxes: dict[str, bool] = field(default_factory=dict, repr=False)
    #: The page element each block was read from.
    sources: dict[etree._Element, lxml.html.HtmlElement] = field(default_factory=dict)
    _sizes: dict[etree._Element, tuple[int, int]] = field(default_factory=dict, repr=False)

    def size(self, block: etree._Element) -> tuple[int, int]:
        """Characters of text in ``block``, and how many of them are link text."""
        known = self._sizes.get(block)
        if known is None:
            refs = sum(_length(ref) for ref in block.iter("ref"))
            known = self._sizes[block] = (_length(block), refs)
        return known

    def linked_head(self, block: etree._Element) -> bool:
        """True for a heading that is nearly all a link."""
        if block.tag != "head":
            return False
        size, linked = self.size(block)
        return bool(size) and linked >= _LINKED * size


def own_blocks(
    container: lxml.html.HtmlElement,
    *,
    tables: bool = True,
    boxes: dict[str, bool] | None = None,
) -> OwnBlocks:
    """The blocks of ``container`` under one ``<body>`` element (``container`` unchanged).

    ``boxes`` holds verdicts on class/id strings already reached (the finder's).
    """
    found = OwnBlocks(etree.Element("body"), tables, boxes={} if boxes is None else boxes)
    _walk(container, found.body, 0, found)
    for block in found.body:
        _collapse_space(block)
    found.chars = sum(found.size(block)[0] for block in found.body)
    return found


def _walk(
    element: lxml.html.HtmlElement, out: etree._Element, level: int, found: OwnBlocks
) -> None:
    """Append the blocks under ``element`` to ``out`` in page order."""
    if level > _MAX_DEPTH:
        return
    run = etree.Element("p")
    run.text = element.text or ""
    for child in element:
        if skipped(child, boxes=found.boxes):
            found.media += child.tag in _MEDIA_TAGS or _hidden_picture(child)
            found.controls += is_control(child) or (
                child.tag in _FIELD_HOLDERS and any(map(is_control, child.iter(*_FIELDS)))
            )
            _append_text(run, _gap(child))
            _append_text(run, child.tail)
            continue
        tag = child.tag
        if _placeholder(child):
            found.media += 1  # a picture loaded later, or shown as the background
        if tag in INLINE_TAGS and not (len(child) and has_block(child)):
            _inline(child, run, level, found)
        else:
            _flush(run, out, element, found)
            run = etree.Element("p")
            _block(child, out, level, found)
        _append_text(run, child.tail)
    _flush(run, out, element, found)


def _block(child: lxml.html.HtmlElement, out: etree._Element, level: int, found: OwnBlocks) -> None:
    tag = child.tag
    if tag == "p" and not has_block(child):
        media = found.media
        block = _inline_copy(child, "p", level, found)
        if (found.media > media and _caption_paragraph(child, block, found)) or (
            set_as_caption(child) and 0 < found.size(block)[0] <= CAPTION_CHARS
        ):
            found.pruned += found.size(block)[0]
        else:
            _flush(block, out, child, found)
    elif tag in _HEADINGS:
        head = _inline_copy(child, "head", level, found)
        head.set("rend", _HEADINGS[tag])
        _flush(head, out, child, found)
    elif tag in _LISTS:
        _list(child, out, level, found)
    elif tag in _FLAT:
        _flush(_flat(child, _FLAT[tag], found), out, child, found)
    elif tag == "table":
        if found.tables:
            _table(child, out, found)
    elif tag == "dl":
        for item in child:
            if isinstance(item.tag, str) and not skipped(item, boxes=found.boxes):
                _flush(_flat(item, "p", found), out, item, found)
    elif tag not in {"hr", "li"}:
        _box(child, out, level, found)


def _box(child: lxml.html.HtmlElement, out: etree._Element, level: int, found: OwnBlocks) -> None:
    """The blocks of a box (``<div>``, ``<section>``...), unless they are furniture."""
    start, heads, media, controls = len(out), found.linked_heads, found.media, found.controls
    _walk(child, out, level + 1, found)
    if len(out) <= start or child.tag == "p":
        return
    blocks = out[start:]
    # a link around blocks is a card for another page
    kind = "card" if child.tag == "a" else _furniture(blocks, found, found.linked_heads > heads)
    if kind is None and found.media > media and _media_text(blocks, found):
        kind = "media"
    if kind is None and _toggled(child, blocks, found):
        kind = "toggled"
    if kind is None and _widget(blocks, found, found.controls > controls):
        kind = "widget"
    if kind is None and _appeal(child, blocks, found):
        kind = "appeal"
    if kind is None and comments_box(child):
        kind = "comments"
    if kind is None:
        return
    if kind != "comments":  # (the comments are no part of the article's paragraphs)
        found.pruned += sum(found.size(block)[0] for block in blocks)
    if kind == "card":
        found.linked_heads += any(block.tag == "head" for block in blocks)
    elif kind == "links":
        found.linked_heads += any(found.linked_head(block) for block in blocks)
    del out[start:]


def _furniture(blocks: list[etree._Element], found: OwnBlocks, teaser_head: bool) -> str | None:
    """ "links" for a box whose blocks are mostly link text (share bars, link lists),
    "teaser" for a teaser card: a short box under a heading that links elsewhere (the
    heading may have gone already, as a box of links of its own); None for text."""
    sizes = [found.size(block) for block in blocks]
    text = sum(size for size, _ in sizes)
    if not text:
        return None
    if sum(linked for _, linked in sizes) >= _LINKED * text:
        return "links"
    if text > _TEASER_CHARS or sum(size >= _PARAGRAPH_CHARS for size, _ in sizes) > 1:
        return None
    if teaser_head or any(found.linked_head(block) for block in blocks):
        return "teaser"
    return None


def _toggled(box: lxml.html.HtmlElement, blocks: list[etree._Element], found: OwnBlocks) -> bool:
    """True for a short box that the reader opens with a toggle among its first children
    (``role=button``, ``aria-expanded=false``): an expandable person, fact or background box."""
    toggle = any(
        isinstance(part.tag, str)
        and (part.get("role") == "button" or part.get("aria-expanded") == "false")
        for part in box[:2]
    )
    return toggle and sum(found.size(block)[0] for block in blocks) <= _TOGGLED_CHARS


def _widget(blocks: list[etree._Element], found: OwnBlocks, controls: bool) -> bool:
    """True for a short box that is a widget, not text: one holding a form field (a
    newsletter sign-up, a poll, a search or comment form), or headed by a furniture
    line ("Sign up for Island Daily", "About the author") or by a call for a newsletter
    ("Get our free Island Daily newsletter") above its other blocks."""
    if not controls and len(blocks) < 2:
        return False
    if sum(found.size(block)[0] for block in blocks) > _WIDGET_CHARS:
        return False
    if controls:
        return True
    if found.size(blocks[0])[0] > _WIDGET_HEADING:
        return False
    heading = " ".join("".join(blocks[0].itertext()).replace(_GAP, " ").split())
    return is_widget_heading(heading) or is_signup(heading) or is_summary_heading(heading)


def _appeal(box: lxml.html.HtmlElement, blocks: list[etree._Element], found: OwnBlocks) -> bool:
    """True for a short box that ends in a link styled as a button ("Jetzt
    unterstützen", "Subscribe now", "Get the app"): a call to give, subscribe or install
    set beside the article, not its text."""
    if len(blocks) > _APPEAL_BLOCKS or sum(found.size(b)[0] for b in blocks) > _APPEAL_CHARS:
        return False
    links = list(box.iter("a"))
    last = links[-1] if links else None
    if last is None or not (
        last.get("role") == "button" or _BUTTON_CLASS.search(last.get("class") or "")
    ):
        return False
    label = " ".join(last.text_content().split())
    shown = " ".join("".join(blocks[-1].itertext()).replace(_GAP, " ").split())
    return 0 < len(label) <= _BUTTON_LABEL and shown.endswith(label)


def _placeholder(element: lxml.html.HtmlElement) -> bool:
    """True for an element that stands for a picture: an AMP image, a box whose photo
    is loaded by a script (``data-src``, ``data-bg``) or shown as its background."""
    if element.tag in _PICTURE_TAGS:
        return True
    for name in element.attrib:  # most elements have a class or nothing
        if name in _LAZY_ATTRIBUTES:
            return True
        if name == "style" and _BACKGROUND.search(element.get("style") or ""):
            return True
    return False


def _hidden_picture(element: lxml.html.HtmlElement) -> bool:
    """True for a skipped ``<noscript>`` holding a picture: the lazy-loaded photo's
    fallback, which the page shows in place of the script's."""
    return element.tag == "noscript" and element.find(".//img") is not None


def _media_text(blocks: list[etree._Element], found: OwnBlocks) -> bool:
    """True for the little text a box holds beside a picture or player (a caption, a
    video's title): at most two short blocks, no list or table."""
    if len(blocks) > _MEDIA_TEXT_BLOCKS or any(block.tag in {"list", "table"} for block in blocks):
        return False
    return sum(found.size(block)[0] for block in blocks) <= _MEDIA_TEXT_CHARS


#: Inline runs a caption set as a paragraph is written in.
_CAPTION_RUNS = frozenset({"em", "i", "small"})


def _caption_paragraph(
    paragraph: lxml.html.HtmlElement, block: etree._Element, found: OwnBlocks
) -> bool:
    """True for a paragraph that holds a picture and a short line beside it that is no
    sentence: its caption ("<p><img ...><br><em>Jane Doe at the harbour</em></p>");
    emoji and icons are no pictures."""
    size = found.size(block)[0]
    if not 0 < size <= CAPTION_CHARS:
        return False
    if "".join(block.itertext()).rstrip().endswith((".", "!", "?", ":", "\u2026")):
        return False
    return any(_picture(image) for image in paragraph.iter("img"))


def set_as_caption(paragraph: lxml.html.HtmlElement) -> bool:
    """True for a paragraph set all in one italic or small run right below a picture
    (an element holding images and no text): the picture's caption, set as a paragraph
    ("<div><img ...></div><p><em>Walkers on the promenade at dusk.</em></p>")."""
    if len(paragraph) != 1 or (paragraph.text or "").strip():
        return False
    run = paragraph[0]
    if run.tag not in _CAPTION_RUNS or (run.tail or "").strip():
        return False
    before = paragraph.getprevious()
    if before is None or not isinstance(before.tag, str):
        return False
    if before.tag == "img":
        return _picture(before)
    return (
        any(_picture(image) for image in before.iter("img")) and not before.text_content().strip()
    )


def _picture(image: lxml.html.HtmlElement) -> bool:
    """True for an image that is a picture, not an emoji or an icon."""
    names = (image.get("class") or "").lower()
    if "emoji" in names or "icon" in names:
        return False
    width = image.get("width") or ""
    return not (width.isdigit() and int(width) < _ICON_PIXELS)


def _length(element: etree._Element) -> int:
    """Characters of text in ``element`` as shown (a gap is a space at most)."""
    return len(" ".join("".join(element.itertext()).replace(_GAP, " ").split()))


def _list(
    element: lxml.html.HtmlElement, out: etree._Element, level: int, found: OwnBlocks
) -> None:
    block = etree.Element("list")
    if element.tag == "ol":
        block.set("rend", "ol")
    for child in element:
        if child.tag == "li" and not skipped(child, boxes=found.boxes):
            item = _inline_copy(child, "item", level, found)
            if _has_text(item):
                block.append(item)
    if len(block):
        out.append(block)
        found.sources[block] = element


def _table(element: lxml.html.HtmlElement, out: etree._Element, found: OwnBlocks) -> None:
    block = etree.Element("table")
    for row in element.iter("tr"):
        if skipped(row, boxes=found.boxes):
            continue
        line = etree.SubElement(block, "row")
        for cell in row:
            if cell.tag in {"td", "th"} and not skipped(cell, boxes=found.boxes):
                copy = _flat(cell, "cell", found)
                if cell.tag == "th":
                    copy.set("role", "head")
                line.append(copy)
    if any(_has_text(row) for row in block):
        out.append(block)
        found.sources[block] = element


def _inline_copy(
    element: lxml.html.HtmlElement, tag: str, level: int, found: OwnBlocks
) -> etree._Element:
    """``element`` as block ``tag`` with its inline markup (links, emphasis, breaks)."""
    block = etree.Element(tag)
    block.text = element.text or ""
    _children_into(element, block, level, found)
    return block


def _children_into(
    element: lxml.html.HtmlElement, target: etree._Element, level: int, found: OwnBlocks
) -> None:
    """Append the children of ``element`` (and their tails) to ``target``: inline markup
    kept, skipped ones as a gap, a block inside a paragraph or item set apart."""
    for child in element:
        if skipped(child, boxes=found.boxes):
            _append_text(target, _gap(child))
        elif child.tag in INLINE_TAGS:
            _inline(child, target, level, found)
        else:
            _set_apart(child, target, level + 1, found)
        _append_text(target, child.tail)


def _set_apart(
    element: lxml.html.HtmlElement, parent: etree._Element, level: int, found: OwnBlocks
) -> None:
    """Append block ``element`` inside a paragraph or item to ``parent``, its text set
    apart from the texts around it and its links and emphasis kept (a teaser tile in a
    list item, ``<li><article><h3><a href=...>`` another story's title, is a link)."""
    _append_text(parent, _GAP)
    if level > _MAX_DEPTH:
        _append_text(parent, _plain(element, found))
    else:
        _append_text(parent, element.text)
        _children_into(element, parent, level, found)
    _append_text(parent, _GAP)


def _inline(
    child: lxml.html.HtmlElement, parent: etree._Element, level: int, found: OwnBlocks
) -> None:
    """Append inline ``child`` (and what it holds) to ``parent``."""
    tag = child.tag
    if tag == "br":
        etree.SubElement(parent, "lb")
        return
    if tag == "img" or level > _MAX_DEPTH:
        found.media += tag == "img"
        return
    if tag == "a":
        node = etree.SubElement(parent, "ref")
        href = child.get("href")
        if href:
            node.set("target", href)
    elif tag in _EMPHASIS:
        node = etree.SubElement(parent, "hi")
        node.set("rend", _EMPHASIS[tag])
    else:
        _append_text(parent, child.text)
        for grandchild in child:
            if skipped(grandchild, boxes=found.boxes):
                _append_text(parent, _gap(grandchild))
            else:
                _inline(grandchild, parent, level + 1, found)
            _append_text(parent, grandchild.tail)
        return
    node.text = child.text or ""
    for grandchild in child:
        if skipped(grandchild, boxes=found.boxes):
            _append_text(node, _gap(grandchild))
        else:
            _inline(grandchild, node, level + 1, found)
        _append_text(node, grandchild.tail)


def _flat(element: lxml.html.HtmlElement, tag: str, found: OwnBlocks) -> etree._Element:
    block = etree.Element(tag)
    block.text = _plain(element, found)
    return block


def _plain(element: lxml.html.HtmlElement, found: OwnBlocks) -> str:
    """The visible text of ``element``, block children set apart by spaces."""
    parts = [element.text or ""]
    for child in element:
        if skipped(child, boxes=found.boxes):
            parts.append(_gap(child))
        else:
            gap = "" if child.tag in INLINE_TAGS and child.tag != "br" else " "
            parts.extend((gap, _plain(child, found), gap))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _gap(child: lxml.html.HtmlElement) -> str:
    """What a left-out ``child`` leaves between the texts around it: a gap when the page
    shows it as a block of its own or it holds a separator ("<span hidden>: </span>",
    "<span aria-hidden> - </span>"), else nothing (a comment, a script, an inline
    element within a word)."""
    tag = child.tag
    if not isinstance(tag, str) or tag in _UNSHOWN:
        return ""
    if tag not in _RUNNING:
        return _GAP
    text = "".join(child.itertext())
    return _GAP if text and (text[0].isspace() or text[-1].isspace()) else ""


def _collapse_space(block: etree._Element) -> None:
    """Runs of white space in ``block`` as one space, none at its ends (as rendered)."""
    for element in block.iter():
        if element.text:
            element.text = _close_gaps(element.text)
        if element is not block and element.tail:
            element.tail = _close_gaps(element.tail)
    block.text = (block.text or "").lstrip()
    last = block[-1] if len(block) else None
    while last is not None and len(last) and not last.tail:
        last = last[-1]
    if last is None:
        block.text = block.text.rstrip()
    elif last.tail:
        last.tail = last.tail.rstrip()


def _close_gaps(text: str) -> str:
    """``text`` with runs of white space as one space, and each gap as a space (or as
    nothing before closing punctuation)."""
    if _GAP in text:
        text = _GAP_RUN.sub(" ", _GAP_BEFORE_CLOSING.sub("", text))
    return _SPACE.sub(" ", text)


def _append_text(element: etree._Element, text: str | None) -> None:
    """Append ``text`` (the next text node of the page) to ``element``'s text."""
    if not text:
        return
    try:
        # (the last child is found from the end; len() would count every child, which
        # made a run of 100,000 line breaks take minutes)
        last = element[-1]
    except IndexError:
        element.text = _run_on(element.text or "", text)
    else:
        last.tail = _run_on(last.tail or "", text)


def _run_on(before: str, text: str) -> str:
    """``before`` + ``text``, set apart when a sentence ends right before a capital."""
    if before and before[-1] in _SENTENCE_END and text[0].isupper():
        return before + _GAP + text
    return before + text


def _has_text(element: etree._Element) -> bool:
    return any(text.replace(_GAP, "").strip() for text in element.itertext())


def _flush(
    block: etree._Element, out: etree._Element, source: lxml.html.HtmlElement, found: OwnBlocks
) -> None:
    for piece in _at_breaks(block):
        if _has_text(piece):
            out.append(piece)
            found.sources[piece] = source


def _at_breaks(block: etree._Element) -> list[etree._Element]:
    """``block`` cut into paragraphs at its line breaks, as pages without ``<p>``
    elements set them: at each double break (``<br><br>``), and after each short line
    that is no sentence and opens a paragraph (a headline, byline, date or sub-heading
    set on a line of its own). Other single breaks stay line breaks inside their
    paragraph (a poem, an address, lines of a box)."""
    children = list(block)
    if not any(child.tag == "lb" for child in children):
        return [block]
    lines = [etree.Element(block.tag, block.attrib)]
    lines[0].text = block.text
    double: list[bool] = []  # the break before each line after the first
    index = 0
    while index < len(children):
        child = children[index]
        if child.tag != "lb":
            lines[-1].append(child)  # (its tail goes with it)
            index += 1
            continue
        end = index
        while (
            end + 1 < len(children)
            and children[end + 1].tag == "lb"
            and not (children[end].tail or "").strip()
        ):
            end += 1
        double.append(end > index)
        lines.append(etree.Element(block.tag, block.attrib))
        lines[-1].text = children[end].tail
        index = end + 1
    texts = [" ".join("".join(line.itertext()).split()) for line in lines]  # (before merging)
    # a short line is no sentence (or empty); a line that starts in lower case goes on
    # with the sentence above it
    short = [len(text) <= _SHORT_LINE and not text.endswith(_LINE_ENDS) for text in texts]
    pieces = [lines[0]]
    leading = short[0]  # the piece so far is short lines that open a paragraph
    for number, line in enumerate(lines[1:], start=1):
        if double[number - 1] or (leading and not texts[number][:1].islower()):
            pieces.append(line)
            leading = short[number]
            continue
        piece = pieces[-1]
        etree.SubElement(piece, "lb").tail = line.text
        for node in list(line):
            piece.append(node)
    return pieces
