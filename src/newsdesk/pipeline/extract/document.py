"""Turn raw page input into one parsed lxml tree: decode, sniff, size-limit, parse.

Every later step shares the tree built here; nothing else parses the page again.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from newsdesk.pipeline.types import ExtractionStatus

#: Magic numbers of formats that are certainly not HTML.
_BINARY_MAGIC = (
    b"%PDF-",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BM",
    b"OggS",
    b"ID3",
    b"\x00\x00\x01\x00",
)
_RIFF_KINDS = (b"WEBP", b"WAVE", b"AVI ")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
#: Labels browsers decode differently from Python's codec of the same name (WHATWG).
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "shift_jis",
    # A page that reached us without a BOM is not really UTF-16 (browsers do the same).
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}
#: Never decode with these: they are XSS vectors or not text at all.
_REFUSED_CHARSETS = frozenset({"utf-7", "utf7", "x-user-defined", "replacement"})
_SNIFF_BYTES = 4096
#: Empty elements that a style sheet shows as a line break (``<span class="br"></span>``,
#: ``<span class="line-break"></span>``): the page's words on either side are apart.
_BREAK_TAGS = ("span", "i")
_BREAK_CLASS = re.compile(r"(?:^|[\s_-])(?:br|break|line-?break|newline)(?:$|[\s_-])", re.I)
_HTML_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


@dataclass(frozen=True)
class LoadedPage:
    """A decoded page and its parsed tree; ``status`` is set when loading stopped early."""

    status: ExtractionStatus | None
    tree: lxml.html.HtmlElement | None = None
    truncated: bool = False
    error: str = ""


def load_page(raw: str | bytes, max_bytes: int) -> LoadedPage:
    """Decode, check and parse ``raw``; never raises for bad input."""
    truncated = len(raw) > max_bytes
    raw = raw[:max_bytes]
    if isinstance(raw, bytes):
        if looks_binary(raw):
            return LoadedPage(ExtractionStatus.NOT_HTML)
        text = decode_html(raw)
    else:
        text = raw
    if not text.strip():
        return LoadedPage(ExtractionStatus.EMPTY)
    if looks_binary(text[:16].encode("utf-8", "replace")) or not looks_like_markup(text):
        return LoadedPage(ExtractionStatus.NOT_HTML)
    return _parse(text, truncated)


def _parse(text: str, truncated: bool) -> LoadedPage:
    try:
        tree = parse_html(text)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        if "empty" in str(error).lower():
            return LoadedPage(ExtractionStatus.EMPTY)
        return LoadedPage(ExtractionStatus.FAILED, error=f"HTML parse error: {error}")
    return LoadedPage(None, tree=tree, truncated=truncated)


def parse_html(text: str) -> lxml.html.HtmlElement:
    """Parse HTML text into a document tree.

    The text is re-encoded to UTF-8 (lone surrogates replaced) and parsed with an
    explicit encoding, so meta charsets and XML declarations cannot confuse lxml.
    ``huge_tree`` stays off: libxml2 then caps the nesting depth, which keeps absurdly
    deep documents cheap for every later step. Every element is a plain ``HtmlElement``
    chosen by lxml's C-level lookup (lxml.html's own lookup is Python code run for each
    element touched, a tenth of the time spent walking a tree; its form-field classes
    are not needed here).
    """
    text = _XML_DECLARATION.sub("", text, count=1)
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=False
    )
    parser.set_element_class_lookup(_HTML_CLASSES)
    tree: lxml.html.HtmlElement = lxml.html.document_fromstring(
        text.encode("utf-8", "replace"), parser=parser
    )
    _show_css_breaks(tree)
    return tree


def _show_css_breaks(tree: lxml.html.HtmlElement) -> None:
    """Make the empty elements a style sheet shows as line breaks ``<br>``s, as the page
    shows them: "warm<span class="br"></span>white" reads as two words, not "warmwhite"."""
    # (a filtered walk: a third of the time of an XPath predicate on every element)
    breaks = [
        element
        for element in tree.iter(*_BREAK_TAGS)
        if not len(element)
        and not element.text
        and _BREAK_CLASS.search(element.get("class") or "") is not None
    ]
    for element in breaks:
        element.tag = "br"
        element.attrib.clear()


def looks_binary(head: bytes) -> bool:
    """True for PDF, images, archives and other formats identified by magic bytes."""
    if head.startswith(_BINARY_MAGIC):
        return True
    return head.startswith(b"RIFF") and head[8:12] in _RIFF_KINDS


def looks_like_markup(text: str) -> bool:
    """False for JSON documents and for plain text without a single tag."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in {"{", "["} and _is_json(stripped):
        return False
    return "<" in text


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return "<" not in text[:_SNIFF_BYTES]
    return True


def decode_html(raw: bytes) -> str:
    """Decode page bytes: BOM, then ``<meta charset>``, then UTF-8 with replacement."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace")
    declared = declared_charset(raw[:_SNIFF_BYTES])
    if declared is not None:
        return raw.decode(declared, errors="replace")
    return raw.decode("utf-8", errors="replace")


def declared_charset(head: bytes) -> str | None:
    """The usable Python codec named by a ``<meta>`` charset in ``head``, if any."""
    match = _META_CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii", "replace").strip().lower()
    if label in _REFUSED_CHARSETS:
        return None
    label = _CHARSET_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
        b"".decode(name)  # refuses codecs that are not text encodings (rot13, base64)
    except LookupError:
        return None
    return name
