"""Allow-list HTML sanitizer (nh3) for article bodies and anything publisher supplied.

Only structural and inline text markup survives. Links keep an http(s)/mailto
``href`` and get ``rel="nofollow noopener noreferrer"``; images keep an http(s)
``src`` and their size and alt text. Scripts, styles, iframes, SVG, forms, event
handlers and ``javascript:``/``data:`` URLs never pass.
"""

from __future__ import annotations

from functools import partial

import nh3

from newsdesk.pipeline.extract.urls import absolute_url

ALLOWED_TAGS = frozenset(
    {
        "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
        "figure", "figcaption", "img", "a", "em", "strong", "b", "i", "br",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
        "pre", "code",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "th": frozenset({"colspan", "rowspan"}),
    "td": frozenset({"colspan", "rowspan"}),
}
#: Elements removed together with everything inside them.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript",
     "textarea", "select", "button", "form", "frame", "frameset", "noembed", "noframes"}
)  # fmt: skip
LINK_REL = "nofollow noopener noreferrer"
_URL_SCHEMES = frozenset({"http", "https", "mailto"})
_MAX_DIMENSION = 10_000


def sanitize_html(html: str, base_url: str | None = None) -> str:
    """``html`` reduced to the allow-list; relative URLs resolved against ``base_url``."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=partial(_filter_attribute, base_url),
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes=set(_URL_SCHEMES),
    )


def _filter_attribute(base_url: str | None, tag: str, name: str, value: str) -> str | None:
    """Keep an attribute value, rewritten if needed, or drop it (None). Never raises."""
    if name == "src":
        return absolute_url(value, base_url)
    if name == "href":
        if value.strip().lower().startswith("mailto:"):
            return value.strip()
        return absolute_url(value, base_url)
    if name in {"width", "height", "colspan", "rowspan"}:
        return value if value.isdigit() and 0 < int(value) <= _MAX_DIMENSION else None
    return value
