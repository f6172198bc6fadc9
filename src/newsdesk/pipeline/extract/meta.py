"""The page's ``<meta>`` tags as a read-only lookup (property, name, itemprop, http-equiv)."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

import lxml.html

from newsdesk.pipeline.extract.titles import normalise_space

_KEY_ATTRIBUTES = ("property", "name", "itemprop", "http-equiv")
_MAX_VALUE = 2000


@dataclass(frozen=True)
class MetaTags:
    """Meta values by lower-case key, in document order."""

    values: Mapping[str, tuple[str, ...]]

    def first(self, *keys: str) -> str:
        """The first non-empty value of the first key that has one."""
        return next(iter(self.all(*keys)), "")

    def all(self, *keys: str) -> list[str]:
        """All non-empty values of ``keys``, in key order."""
        return [value for key in keys for value in self.values.get(key, ())]


def collect_meta(tree: lxml.html.HtmlElement) -> MetaTags:
    """Collect every ``<meta>`` with a key and a non-empty ``content``."""
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        if element.get("itemprop") and _in_media_item(element):
            continue  # an image's or video's own author, caption, date
        content = normalise_space(html.unescape(element.get("content") or ""))[:_MAX_VALUE]
        if not content:
            continue
        for attribute in _KEY_ATTRIBUTES:
            key = (element.get(attribute) or "").strip().lower()
            if key:
                found.setdefault(key, []).append(content)
    return MetaTags({key: tuple(values) for key, values in found.items()})


def _in_media_item(element: lxml.html.HtmlElement) -> bool:
    """True inside a ``<figure>`` or an ``itemscope`` typed as an image or video."""
    for ancestor in element.iterancestors():
        if ancestor.tag == "figure":
            return True
        kind = (ancestor.get("itemtype") or "").lower()
        if kind.endswith(("imageobject", "videoobject", "mediaobject")):
            return True
        if kind:
            return False
    return False
