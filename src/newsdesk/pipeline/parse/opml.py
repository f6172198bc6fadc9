"""OPML subscription lists: read nested outlines (categories), write OPML 2.0."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime

from newsdesk.pipeline.errors import InvalidOPML, UnsafeOPML, UnsafeXML
from newsdesk.pipeline.parse.prolog import check_safe, read_prolog
from newsdesk.pipeline.parse.safexml import local_name, parse_xml
from newsdesk.pipeline.parse.text import collapse_whitespace
from newsdesk.pipeline.types import OutlineEntry

#: Outlines nested deeper than this are ignored (hostile files nest thousands deep).
MAX_DEPTH = 32
MAX_OUTLINES = 100_000


def parse_opml(content: bytes) -> list[OutlineEntry]:
    """Subscriptions of an OPML file, in document order.

    Nested outlines are flattened; a subscription's ``category`` is the title of the
    outline(s) it sits in (joined with " / " when nested deeper). Outlines without
    ``xmlUrl`` are categories only. Raises :class:`InvalidOPML` (:class:`UnsafeOPML`, also
    an UnsafeXML, for entity declarations).
    """
    try:
        check_safe(read_prolog(content))
        root = parse_xml(content, InvalidOPML)
    except UnsafeXML as error:
        raise UnsafeOPML(str(error)) from error
    if local_name(root.tag) != "opml":
        raise InvalidOPML(f"the root element is <{local_name(root.tag)}>, not <opml>")
    body = next((child for child in root if local_name(child.tag) == "body"), None)
    if body is None:
        raise InvalidOPML("the OPML file has no <body>")
    entries = list(_walk(body, (), 0))
    return entries[:MAX_OUTLINES]


def _walk(element: ET.Element, path: tuple[str, ...], depth: int) -> Iterator[OutlineEntry]:
    if depth > MAX_DEPTH:
        return
    for outline in element:
        if local_name(outline.tag) != "outline":
            continue
        title = _title(outline)
        xml_url = _attribute(outline, "xmlurl")
        if xml_url:
            yield OutlineEntry(
                xml_url=xml_url,
                title=title,
                html_url=_attribute(outline, "htmlurl") or None,
                category=" / ".join(path) or _attribute(outline, "category") or None,
            )
        yield from _walk(outline, (*path, title) if title else path, depth + 1)


def _attribute(element: ET.Element, name: str) -> str:
    """An attribute by case-insensitive name (``xmlUrl``, ``xmlurl``, ``XMLURL`` all occur)."""
    for key, value in element.attrib.items():
        if key.lower() == name:
            return collapse_whitespace(value)
    return ""


def _title(outline: ET.Element) -> str:
    return _attribute(outline, "title") or _attribute(outline, "text")


def build_opml(
    entries: Sequence[OutlineEntry], title: str, *, created: datetime | None = None
) -> bytes:
    """An OPML 2.0 document with one outline per category holding its subscriptions.

    ``created`` (aware) becomes ``<dateCreated>``; without it the output is reproducible.
    """
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    if created is not None:
        ET.SubElement(head, "dateCreated").text = format_datetime(
            created.astimezone(UTC), usegmt=True
        )
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for entry in entries:
        parent = body
        if entry.category:
            if entry.category not in folders:
                name = entry.category
                folders[name] = ET.SubElement(body, "outline", text=name, title=name)
            parent = folders[entry.category]
        ET.SubElement(parent, "outline", _outline_attributes(entry))
    ET.indent(root)
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _outline_attributes(entry: OutlineEntry) -> dict[str, str]:
    attributes = {"type": "rss", "text": entry.title or entry.xml_url, "xmlUrl": entry.xml_url}
    if entry.title:
        attributes["title"] = entry.title
    if entry.html_url:
        attributes["htmlUrl"] = entry.html_url
    return attributes
