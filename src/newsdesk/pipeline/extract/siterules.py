"""Per-site extraction rules that operators write without code.

A TOML file lists sites and CSS selectors::

    [[site]]
    domains = ["example.com"]          # the host and its subdomains
    drop = [".newsletter-box", "aside.more"]   # never body text
    keep = [".article-summary"]        # body text even where the extractor missed it

Rules apply after the general extractor: blocks whose page element lies inside a
``drop`` match leave the body; text of ``keep`` matches missing from the body is put
back in page order at the end.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from functools import lru_cache

import lxml.html
from cssselect import GenericTranslator, SelectorError
from lxml import etree

from newsdesk.pipeline.extract.urls import host_of
from newsdesk.pipeline.types import SiteRule

_TRANSLATOR = GenericTranslator()


def parse_site_rules(text: str) -> tuple[SiteRule, ...]:
    """Rules from the TOML ``text``; ValueError names the first problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"site rules are not valid TOML: {error}") from error
    sites = data.get("site", [])
    if not isinstance(sites, list):
        raise ValueError("site rules: [[site]] tables expected")
    rules = []
    for number, site in enumerate(sites, start=1):
        if not isinstance(site, dict):
            raise ValueError(f"site rule {number}: a table expected")
        unknown = set(site) - {"domains", "drop", "keep"}
        if unknown:
            raise ValueError(f"site rule {number}: unknown keys {sorted(unknown)}")
        domains = _strings(site.get("domains"), number, "domains")
        if not domains:
            raise ValueError(f"site rule {number}: 'domains' must name at least one domain")
        drop = _strings(site.get("drop", []), number, "drop")
        keep = _strings(site.get("keep", []), number, "keep")
        for selector in (*drop, *keep):
            _compile(selector)  # raises ValueError for a bad selector
        rules.append(
            SiteRule(
                domains=tuple(d.lower().removeprefix("www.") for d in domains),
                drop=drop,
                keep=keep,
            )
        )
    return tuple(rules)


def _strings(value: object, number: int, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"site rule {number}: '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


@lru_cache(maxsize=512)
def _compile(selector: str) -> etree.XPath:
    try:
        return etree.XPath(_TRANSLATOR.css_to_xpath(selector))
    except (SelectorError, etree.XPathSyntaxError) as error:
        raise ValueError(f"bad CSS selector {selector!r}: {error}") from error


def rules_for(rules: Iterable[SiteRule], url: str | None) -> list[SiteRule]:
    """The rules whose domains cover ``url``'s host."""
    host = host_of(url)
    if not host:
        return []
    return [
        rule
        for rule in rules
        if any(host == domain or host.endswith("." + domain) for domain in rule.domains)
    ]


def matches(tree: lxml.html.HtmlElement, selectors: Iterable[str]) -> list[lxml.html.HtmlElement]:
    """Elements of ``tree`` matched by any of ``selectors``, in page order, no repeats."""
    found: dict[lxml.html.HtmlElement, None] = {}
    for selector in selectors:
        result = _compile(selector)(tree)
        if isinstance(result, list):
            found.update((element, None) for element in result if isinstance(element.tag, str))
    order = {element: index for index, element in enumerate(tree.iter())}
    return sorted(found, key=lambda element: order.get(element, 0))


def apply_rules(
    blocks: list[etree._Element],
    tree: lxml.html.HtmlElement,
    rules: list[SiteRule],
    source_of: Callable[[str], lxml.html.HtmlElement | None],
    text_of: Callable[[etree._Element], str],
) -> list[etree._Element]:
    """``blocks`` with ``drop`` matches removed and missing ``keep`` matches added."""
    dropped = set(matches(tree, (s for rule in rules for s in rule.drop)))
    if dropped:
        blocks = [block for block in blocks if not _inside(source_of(text_of(block)), dropped)]
    present = " ".join(" ".join(text_of(block).split()) for block in blocks)
    for element in matches(tree, (s for rule in rules for s in rule.keep)):
        if _inside(element, dropped):
            continue
        text = " ".join(element.text_content().split())
        if text and text not in present:
            block = etree.Element("p")
            block.text = text
            blocks.append(block)
            present += " " + text
    return blocks


def _inside(element: lxml.html.HtmlElement | None, boxes: set[lxml.html.HtmlElement]) -> bool:
    if element is None:
        return False
    return element in boxes or any(ancestor in boxes for ancestor in element.iterancestors())
