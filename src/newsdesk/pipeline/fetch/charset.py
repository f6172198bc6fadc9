"""Which character encoding a fetched text body uses.

Order (as browsers do it, WHATWG "encoding sniffing"): a byte order mark, then the HTTP
``charset`` parameter, then an XML declaration or ``<meta charset>`` / ``http-equiv`` in
the first bytes, then statistical detection (charset-normalizer). A BOM is unambiguous,
so it outranks even the header; the header outranks a conflicting ``<meta>`` tag (pages
that declare ISO-8859-1 in ``<meta>`` while the server correctly says UTF-8 are common).

Labels are normalised to Python codec names with the WHATWG substitutions (ISO-8859-1 and
ASCII mean windows-1252 on the web, GB2312 means GB18030, ...).
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_PRESCAN_BYTES = 4096
_DETECT_BYTES = 64 * 1024
_TEXTUAL_TYPES = frozenset(
    {
        "application/xml",
        "application/json",
        "application/javascript",
        "application/x-javascript",
        "application/ecmascript",
    }
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Python codec name -> what browsers decode that label as.
_WHATWG = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "utf-16": "utf-16-le",
}
#: Labels that are never honoured (UTF-7 enables script injection past sanitizers).
_REFUSED = frozenset({"utf-7"})
_XML_DECL = re.compile(rb"""^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_META = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def parse_content_type(header: str | None) -> tuple[str, str | None]:
    """``"text/html; charset=UTF-8"`` -> ``("text/html", "UTF-8")``."""
    if not header:
        return "", None
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").strip() or None
    return media_type.strip().lower(), charset


def is_textual(media_type: str) -> bool:
    """Text types get an encoding; an empty (missing) type is sniffed as text too."""
    return (
        not media_type
        or media_type.startswith("text/")
        or media_type in _TEXTUAL_TYPES
        or media_type.endswith(("+xml", "+json"))
    )


def normalize_encoding(label: str | None) -> str | None:
    """A Python text codec name for ``label``, or None when unknown, unsafe or not text."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip()).name
        b"x".decode(name, "ignore")  # rejects bytes-to-bytes codecs ("base64", "zlib")
    except LookupError:
        return None
    if name in _REFUSED:
        return None
    return _WHATWG.get(name, name)


def detect_encoding(content: bytes, content_type: str | None) -> str | None:
    """The encoding of ``content`` served as ``content_type``; None for binary types."""
    media_type, header_charset = parse_content_type(content_type)
    if not is_textual(media_type):
        return None
    return (
        bom_encoding(content)
        or normalize_encoding(header_charset)
        or declared_encoding(content)
        or guess_encoding(content)
    )


def bom_encoding(content: bytes) -> str | None:
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    return None


def declared_encoding(content: bytes) -> str | None:
    """The XML declaration's or ``<meta>``'s charset in the first few KiB, if any."""
    head = content[:_PRESCAN_BYTES]
    match = _XML_DECL.match(head) or _META.search(head)
    if match is None:
        return None
    name = normalize_encoding(match.group(1).decode("ascii"))
    if name is not None and name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # the declaration was readable as ASCII, so it is not UTF-16/32
    return name


def guess_encoding(content: bytes) -> str:
    """UTF-8 when the bytes are valid UTF-8, else charset-normalizer's best guess."""
    sample = content[:_DETECT_BYTES]
    if _is_utf8(sample):
        return "utf-8"
    best = charset_normalizer.from_bytes(sample).best()
    guessed = normalize_encoding(best.encoding) if best is not None else None
    return guessed or "utf-8"


def _is_utf8(sample: bytes) -> bool:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        return error.reason == "unexpected end of data" and error.start >= len(sample) - 3
    return True
