"""What of an article the page may show: the source's display policy, narrowed by the
publisher's robots directives (``noarchive``: no full text; ``nosnippet`` or
``max-snippet:0``: no excerpt; ``max-snippet:N``: an excerpt of at most N characters)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from newsdesk.pipeline.extract.robots import parse_robots
from newsdesk.serve.web import text
from newsdesk.store.models import Article, Source
from newsdesk.store.queries.ai import AIPanel
from newsdesk.store.queries.articles import EXCERPT_CHARS

Policy = Source.DisplayPolicy

#: Words in a list page's excerpt, and in an article page's (or a feed item's) excerpt.
CARD_WORDS = 40
EXCERPT_WORDS = 80


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


def lists_text(article: Article) -> bool:
    """False where the operator set the article's source to "Link only": lists (cards,
    related articles, search results, story cards) then show its title and source but none
    of its text, as the article page, the API and the feeds do. List queries select the
    source."""
    return bool(article.source.display_policy != Policy.LINK)


def excerpt(article: Article, words: int = CARD_WORDS) -> str:
    """The summary, else the start of the body, as plain text of at most ``words`` words
    (or less: the publisher's ``nosnippet`` / ``max-snippet``). A summary the publisher cut
    mid-sentence gives way to the body's same words, cut at a word with an ellipsis. Either
    loses the headline when it opens with it (the card shows the headline above).

    List queries defer the body and annotate ``body_head``; reading that avoids a query
    per article.
    """
    title = article.title or ""
    summary = text.without_call_to_read(text.text_only(article.summary))
    summary = text.without_headline(summary, title)
    head = getattr(article, "body_head", None)
    if summary and summary[-1] in text.CLOSERS:
        return snippet(article, text.first_words(summary, words))
    body = text.text_only(article.body_text if head is None else head)
    body = text.without_headline(body, title)
    if summary:
        body = text.continuation(summary, body) or ""
        if not body:
            return snippet(article, text.first_words(summary, words))
    # A head of exactly EXCERPT_CHARS was cut there, maybe inside a word.
    clipped = head is not None and len(head) >= EXCERPT_CHARS
    return snippet(article, text.first_words(body, words, clipped=clipped))


def http_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL, else "" (never a ``javascript:`` link)."""
    url = (url or "").strip()
    parts = urlsplit(url)
    return url if parts.scheme in {"http", "https"} and parts.netloc else ""


def clip(value: str, limit: int | None) -> str:
    """``value`` cut to at most ``limit`` characters at a word boundary, with an ellipsis."""
    if limit is None or len(value) <= limit:
        return value
    if limit <= 1:
        return ""
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,.;:") + "…"


def panel_for(article: Article, panel: AIPanel | None) -> AIPanel | None:
    """The AI panel as the publisher allows: its summary sentences and key points are the
    article's own sentences, so ``nosnippet`` removes them and ``max-snippet:N`` keeps as
    many as fit in N characters (entities and "ask" stay)."""
    if panel is None or not article.robots:
        return panel
    robots = parse_robots([article.robots])
    if robots.nosnippet:
        return replace(panel, sentences=[], key_points=[])
    if robots.max_snippet is None:
        return panel
    return replace(
        panel,
        sentences=_within(panel.sentences, robots.max_snippet),
        key_points=_within(panel.key_points, robots.max_snippet),
    )


#: Key points that hold this share of the article's text or more tell the reader nothing
#: the article does not (a short item, or a body of boilerplate such as a copyright line).
BRIEF_SHARE = 0.8


def brief_for_page(article: Article, panel: AIPanel | None) -> AIPanel | None:
    """The panel for the article page: key points dropped where they are (nearly) the
    whole article, as in a two-sentence item; entities and "ask" stay."""
    if panel is None or not panel.key_points:
        return panel
    body = len(text.text_only(article.body_text))
    points = sum(len(p) for p in panel.key_points)
    if body and points < BRIEF_SHARE * body:
        return panel
    return replace(panel, sentences=[], key_points=[])


def _within(texts: list[str], limit: int) -> list[str]:
    kept: list[str] = []
    used = 0
    for sentence in texts:
        if used + len(sentence) > limit:
            break
        kept.append(sentence)
        used += len(sentence)
    return kept
