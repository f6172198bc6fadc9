"""Readers' comments: a small, safe Markdown subset rendered to sanitized HTML.

Markdown-it renders paragraphs, line breaks, emphasis, links (autolinked too), lists,
block quotes and code; raw HTML in the source is escaped, never passed through. The
result then goes through an nh3 allow-list of exactly those elements, so whatever a
renderer bug lets through, no script, event handler, style or non-http(s) URL survives.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

COMMENT_TAGS = frozenset(
    {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
)
COMMENT_ATTRIBUTES: dict[str, frozenset[str]] = {"a": frozenset({"href"})}
COMMENT_LINK_REL = "nofollow ugc noopener noreferrer"
_URL_SCHEMES = frozenset({"http", "https", "mailto"})
_DROPPED_WITH_CONTENT = frozenset({"script", "style", "svg", "math", "iframe", "template"})
#: Markdown rules beyond the ``zero`` preset's plain paragraphs and text.
_RULES = [
    "emphasis", "link", "linkify", "list", "blockquote", "backticks", "fence", "code", "newline"
]  # fmt: skip


def _renderer() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": True, "breaks": True, "typographer": False})
    md.enable(_RULES)
    return md


def sanitize_comment_html(html: str) -> str:
    """The comment allow-list: only what :func:`render_comment` produces can pass."""
    return nh3.clean(
        html,
        tags=set(COMMENT_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in COMMENT_ATTRIBUTES.items()},
        link_rel=COMMENT_LINK_REL,
        url_schemes=set(_URL_SCHEMES),
        strip_comments=True,
    )


def render_comment(source: str) -> str:
    """Markdown ``source`` as safe HTML (no images, headings, tables or raw HTML)."""
    return sanitize_comment_html(_renderer().render(source))


def count_links(source: str) -> int:
    """How many links a comment holds once rendered (explicit and bare URLs alike)."""
    return render_comment(source).count("<a ")
