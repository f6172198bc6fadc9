"""Article markup that a page carries only in its script data.

Pages rendered by React Server Components (Next.js's App Router) may stream the
article's HTML as text rows of their payload, ``self.__next_f.push([1, "<p>..."])``,
and build the visible page from it in the browser: the served DOM then holds no
article text at all. When the body step finds nothing, these rows are read as a page
of their own.
"""

from __future__ import annotations

import json
import re

import lxml.html
from lxml import etree

_PUSH = "self.__next_f.push("
#: A payload row of article markup: it starts with a tag and holds paragraphs or breaks.
_MARKUP = re.compile(r"<(?:p|br|h[2-4])\b", re.I)


def scripted_page(tree: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """A page built from the markup rows of ``tree``'s streamed payload, or None."""
    rows = []
    for script in tree.iter("script"):
        text = (script.text or "").strip().removesuffix(";")
        if not text.startswith(_PUSH) or not text.endswith(")"):
            continue
        try:
            payload = json.loads(text[len(_PUSH) : -1])
        except (ValueError, RecursionError):
            continue
        if isinstance(payload, list) and len(payload) == 2 and isinstance(payload[1], str):
            row = payload[1].strip()
            if row.startswith("<") and _MARKUP.search(row):
                rows.append(row)
    if not rows:
        return None
    try:
        page = lxml.html.document_fromstring(
            f"<html><body><article>{''.join(rows)}</article></body></html>"
        )
    except (etree.LxmlError, ValueError):
        return None
    if tree.get("lang"):
        page.set("lang", tree.get("lang") or "")
    return page
