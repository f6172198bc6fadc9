"""Plain text from the HTML fragments feeds put in titles, summaries and content."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>?")
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
     "tr", "td", "th", "table", "section", "article", "figure", "figcaption", "hr", "pre"}
)  # fmt: skip
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg"})


class _TextCollector(HTMLParser):
    """Collects visible text and the first ``<img src>`` of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.first_image: str | None = None
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")
        elif tag == "img" and self.first_image is None:
            self.first_image = dict(attrs).get("src") or None

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace (including non-breaking spaces) become one space; ends trimmed."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def html_to_text(fragment: str) -> tuple[str, str | None]:
    """Visible text of an HTML fragment (entities decoded, whitespace collapsed), first image."""
    if "<" not in fragment and "&" not in fragment:
        return collapse_whitespace(fragment), None
    collector = _TextCollector()
    try:
        collector.feed(fragment)
        collector.close()
    except AssertionError:  # html.parser asserts on some malformed "<![" sections
        return collapse_whitespace(html.unescape(_TAG.sub(" ", fragment))), None
    return collapse_whitespace("".join(collector.parts)), collector.first_image


def plain_text(fragment: str, *, is_html: bool = True) -> str:
    """Text of a title-like value: tags stripped when it is HTML, entities always decoded."""
    if is_html:
        return html_to_text(fragment)[0]
    return collapse_whitespace(html.unescape(fragment))


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary so that it (with " …") fits ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 2)]
    head, space, _ = cut.rpartition(" ")
    return (head if space and len(head) > limit // 2 else cut).rstrip(" ,;:.-") + " …"
