"""A cheap look at the start of a document: what it is, and whether it is safe to parse.

Feeds are hostile input. Before any XML parser sees a document we read its prolog
(XML declaration, comments, processing instructions, DOCTYPE) and refuse entity
declarations (billion laughs, XXE) and DTDs that point outside the web.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from newsdesk.pipeline.errors import UnsafeXML

#: How much of the document is searched for the prolog and the root element.
SNIFF_BYTES = 64 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NAME = re.compile(r"[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?")
_EXTERNAL_ID = re.compile(r"""(?:SYSTEM|PUBLIC\s+(?:"[^"]*"|'[^']*'))\s+(["'])(.*?)\1""", re.S)


@dataclass(frozen=True)
class Prolog:
    """What the start of a document says about it."""

    #: The root element's local name, lower-cased ("rss", "feed", "rdf", "html", ...);
    #: "" when none was found (empty, not markup, or cut before the root).
    root: str = ""
    #: The DOCTYPE declaration as written, if any.
    doctype: str = ""
    #: The document starts like JSON (``{`` after optional whitespace).
    json: bool = False
    #: The prolog did not end within :data:`SNIFF_BYTES` (so it could not be checked).
    overlong: bool = False


def decode_head(content: bytes) -> str:
    """The first :data:`SNIFF_BYTES` as text, honouring a UTF-16/32 BOM or NUL-padded text."""
    head = content[:SNIFF_BYTES]
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="replace")
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", errors="replace")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", errors="replace")
    # Latin-1 maps every byte to one character: markup in any ASCII-compatible
    # encoding reads correctly, and nothing can fail.
    return head.decode("latin-1")


def read_prolog(content: bytes) -> Prolog:
    """Find the DOCTYPE and root element of an XML/HTML document, or JSON's ``{``."""
    text = decode_head(content)
    index = _skip_space(text, 0)
    if text.startswith(("{", "["), index):
        return Prolog(json=text.startswith("{", index))
    doctype = ""
    while index < len(text):
        if text.startswith("<?", index):
            index = _after(text, "?>", index)
        elif text.startswith("<!--", index):
            index = _after(text, "-->", index)
        elif text[index : index + 9].upper() == "<!DOCTYPE":
            end = _doctype_end(text, index)
            doctype = text[index:end]
            index = end
        elif text.startswith("<", index):
            match = _NAME.match(text, index + 1)
            root = match.group(0).rpartition(":")[2].lower() if match else ""
            return Prolog(root=root, doctype=doctype)
        else:
            break
        index = _skip_space(text, index)
    return Prolog(doctype=doctype, overlong=index >= len(text) and len(content) > SNIFF_BYTES)


def check_safe(prolog: Prolog) -> None:
    """Raise :class:`UnsafeXML` for entity declarations or a DTD off the web."""
    if prolog.overlong:
        raise UnsafeXML(f"the XML prolog is longer than {SNIFF_BYTES} bytes; refused")
    doctype = prolog.doctype
    if not doctype:
        return
    if "<!ENTITY" in doctype.upper():
        raise UnsafeXML("the document declares XML entities in its DTD; refused (XML bomb/XXE)")
    match = _EXTERNAL_ID.search(doctype)
    if match and not match.group(2).lower().startswith(("http://", "https://")):
        raise UnsafeXML(f"the DTD points at {match.group(2)[:80]!r}; refused (XXE)")


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n\ufeff\x00":
        index += 1
    return index


def _after(text: str, marker: str, index: int) -> int:
    end = text.find(marker, index)
    return len(text) if end < 0 else end + len(marker)


def _doctype_end(text: str, index: int) -> int:
    """Index after the DOCTYPE's closing ``>``, skipping quotes and an internal subset."""
    quote = ""
    depth = 0
    for position in range(index + 9, len(text)):
        char = text[position]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == ">" and depth == 0:
            return position + 1
    return len(text)
