"""What of an article the page may show: the source's display policy, narrowed by the
publisher's robots directives (``noarchive``: no full text; ``nosnippet`` or
``max-snippet:0``: no excerpt; ``max-snippet:N``: an excerpt of at most N characters)."""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.pipeline.extract.robots import parse_robots
from newsdesk.store.models import Article, Source

Policy = Source.DisplayPolicy


@dataclass(frozen=True)
class Display:
    show: str


def display_for(article: Article, policy: str) -> Display:
    """The article page's mode; excerpts everywhere go through :func:`snippet`."""
    robots = parse_robots([article.robots or ""])
    show = policy
    if show == Policy.FULL and (robots.noarchive or not article.body_html):
        show = Policy.EXCERPT
    if show == Policy.EXCERPT and robots.nosnippet:
        show = Policy.LINK
    return Display(show=str(show))


def snippet(article: Article, text: str) -> str:
    """An excerpt of ``article`` as its publisher allows: none, or clipped to max-snippet."""
    if not article.robots:
        return text
    robots = parse_robots([article.robots])
    if robots.nosnippet:
        return ""
    return clip(text, robots.max_snippet)


def clip(value: str, limit: int | None) -> str:
    """``value`` cut to at most ``limit`` characters at a word boundary, with an ellipsis."""
    if limit is None or len(value) <= limit:
        return value
    if limit <= 1:
        return ""
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,.;:") + "…"
