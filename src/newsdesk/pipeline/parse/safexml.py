"""Safe XML for OPML and sitemaps: defusedxml, with entity declarations refused."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import defusedxml
import defusedxml.ElementTree

from newsdesk.pipeline.errors import ParseError, UnsafeXML


def parse_xml(content: bytes, error: type[ParseError] = ParseError) -> ET.Element:
    """The root element of ``content``; UnsafeXML for entities/DTDs off the web, else ``error``."""
    try:
        return defusedxml.ElementTree.fromstring(
            content, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeXML(f"refused XML: {exc}") from exc
    except ET.ParseError as exc:
        raise error(f"not well-formed XML: {exc}") from exc
    except (LookupError, ValueError) as exc:  # unknown or lying encoding declaration
        raise error(f"unreadable XML: {exc}") from exc


def local_name(tag: object) -> str:
    """``{namespace}name`` -> ``name`` (lower-case); comments and PIs give ""."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].lower()


def child_text(element: ET.Element, name: str) -> str:
    """Stripped text of the first child with local name ``name`` ("" if none)."""
    for child in element:
        if local_name(child.tag) == name:
            return (child.text or "").strip()
    return ""
