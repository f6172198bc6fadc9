"""Find the article object in a page's schema.org JSON-LD, tolerating broken JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import lxml.html
from lxml import etree

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "liveblogposting",
        "blogposting",
        "socialmediaposting",
        "techarticle",
        "scholarlyarticle",
        "report",
        "satiricalarticle",
        "medicalscholarlyarticle",
        "advertisercontentarticle",
    }
)
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "website"})
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
#: The opening of an HTML comment or CDATA section around the JSON.
_WRAPPER_START = re.compile(r"\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)")
_STRING_FIELD = re.compile(
    r'"(headline|datePublished|dateModified|isAccessibleForFree)"\s*:\s*"?([^",}]*)"?'
)
_MAX_NODES = 5000
_TYPED_SCRIPTS = etree.XPath("descendant-or-self::script[@type]")

JsonObject = dict[str, Any]


def jsonld_objects(tree: lxml.html.HtmlElement) -> list[JsonObject]:
    """Every JSON object (also nested in lists and ``@graph``) in the page's JSON-LD."""
    objects: list[JsonObject] = []
    for script in _TYPED_SCRIPTS(tree):  # scripts without a type are never JSON-LD
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        objects.extend(_walk(_load(script.text or "")))
    return objects


def find_article(objects: list[JsonObject]) -> JsonObject | None:
    """The richest article-typed object, or None."""
    articles = [obj for obj in objects if has_type(obj, ARTICLE_TYPES)]
    if not articles:
        return None
    return max(articles, key=lambda obj: ("headline" in obj, "datePublished" in obj, len(obj)))


def has_type(obj: JsonObject, types: frozenset[str]) -> bool:
    """True if ``obj``'s ``@type`` (a string or list, maybe a full URL) is in ``types``."""
    value = obj.get("@type")
    names = value if isinstance(value, list) else [value]
    return any(isinstance(name, str) and _short_type(name) in types for name in names)


def _short_type(name: str) -> str:
    return name.rstrip("/").rsplit("/", 1)[-1].lower()


def _load(text: str) -> object:
    text = _unwrap(text.strip())
    for candidate in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            return json.loads(candidate, strict=False)
        except (ValueError, RecursionError):
            continue
    return _salvage(text)


def _unwrap(text: str) -> str:
    """``text`` (stripped) without a comment or CDATA wrapper: an opening at its start
    (``<!--``, ``<![CDATA[``, ``//<![CDATA[``) and a closing at its end (``-->``,
    ``]]>``, ``//]]>``). Only the ends are looked at: the JSON between them may be long.
    """
    start = _WRAPPER_START.match(text)
    if start is not None:
        text = text[start.end() :]
    if text.endswith("-->"):
        return text[:-3]
    if text.endswith("]]>"):
        head = text[:-3]
        rest = head.rstrip()
        return rest[:-2] if rest.endswith("//") else head
    return text


def _salvage(text: str) -> object:
    """A few plain fields of JSON too broken to parse (better than nothing)."""
    fields = {key: value.strip() for key, value in _STRING_FIELD.findall(text)}
    if not fields:
        return None
    return {"@type": "Article", **fields}


def _walk(root: object) -> Iterator[JsonObject]:
    """Dicts in ``root``, depth-first without recursion, bounded in size."""
    stack = [root]
    visited = 0
    while stack and visited < _MAX_NODES:
        node = stack.pop()
        visited += 1
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            yield node
            graph = node.get("@graph")
            if isinstance(graph, list):
                stack.extend(reversed(graph))
            main = node.get("mainEntity")
            if isinstance(main, dict | list):
                stack.append(main)
