"""Stored objects as the JSON API's dicts (the shapes ``openapi.py`` describes).

Publisher rules apply as on the pages: the source's display policy and the article's
robots directives decide whether the body, an excerpt or only a link is given, and how
much of the AI summary. Fields named ``*_html`` hold HTML sanitized by nh3 at output;
every other text field is plain text (tags stripped), to be escaped by the client.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.urls import reverse

from newsdesk.pipeline.extract.sanitize import sanitize_html
from newsdesk.serve.web import links, text
from newsdesk.serve.web.ai_views import one_per_outlet
from newsdesk.serve.web.display import EXCERPT_WORDS, display_for, excerpt, http_url, panel_for
from newsdesk.store.models import (
    Article,
    Entity,
    ExtractionState,
    RelatedArticle,
    Source,
    Story,
    StoryMembership,
)
from newsdesk.store.queries.ai import AIPanel, StorySummaryView
from newsdesk.store.queries.search import MARK_END, MARK_START, SearchHit

#: request.build_absolute_uri: a path on this site -> an absolute URL.
Absolute = Callable[[str], str]
JSON = dict[str, Any]


def when(value: datetime | None) -> str | None:
    """An aware time as ISO 8601 in UTC (the database stores UTC)."""
    return value.isoformat() if value is not None else None


def plain(value: str) -> str:
    """Plain text: publisher or model text with any tags dropped and entities decoded."""
    return text.plain_text(value or "")


def source_ref(source: Source, absolute: Absolute) -> JSON:
    return {
        "name": source.name,
        "domain": source.domain,
        "url": absolute(links.source_path(source)),
        "api_url": absolute(reverse("api:source", args=[source.domain])),
    }


def source_item(source: Source, absolute: Absolute) -> JSON:
    """A source in the sources list (``article_count`` from ``sources_with_counts``)."""
    return {
        **source_ref(source, absolute),
        "homepage": http_url(source.homepage) or None,
        "icon": http_url(source.icon) or None,
        "article_count": int(getattr(source, "article_count", 0)),
        "feeds": {
            fmt: absolute(reverse("web:source_feed", args=[source.domain, fmt]))
            for fmt in ("rss", "atom", "json")
        },
    }


def _image(article: Article, show: str) -> JSON | None:
    url = http_url(article.image)
    if not url or show == Source.DisplayPolicy.LINK:
        return None
    return {"url": url, "caption": plain(article.image_caption)}


def article_ref(article: Article, absolute: Absolute) -> JSON:
    """An article named in a story's timeline or a search hit: no text, no image (reads
    nothing the list queries defer)."""
    return {
        "id": article.pk,
        "title": article.title or article.url,
        "url": http_url(article.url) or None,
        "page_url": absolute(links.article_path(article)),
        "api_url": absolute(reverse("api:article", args=[article.pk])),
        "source": source_ref(article.source, absolute),
        "published": when(article.published),
        "discovered": when(article.discovered_at),
        "section": article.section or None,
    }


def article_card(article: Article, absolute: Absolute, words: int | None = None) -> JSON:
    """An article in a list: an excerpt as the publisher allows (from the summary or the
    ``body_head`` the list queries annotate) and the lead image."""
    policy = article.source.display_policy  # as list pages and feeds: the body is not read
    shown = "" if policy == Source.DisplayPolicy.LINK else excerpt(article, words or 40)
    return {**article_ref(article, absolute), "excerpt": shown, "image": _image(article, policy)}


def article_detail(
    article: Article,
    absolute: Absolute,
    panel: AIPanel | None,
    related: list[RelatedArticle],
) -> JSON:
    """One article: the card's fields plus authors, the body as the publisher allows, the
    AI summary and key points, and related articles."""
    display = display_for(article, article.source.display_policy)
    full = display.show == Source.DisplayPolicy.FULL
    shown = "" if display.show == Source.DisplayPolicy.LINK else excerpt(article, EXCERPT_WORDS)
    return {
        **article_ref(article, absolute),
        "excerpt": shown,
        "image": _image(article, display.show),
        "authors": [plain(a) for a in article.authors or [] if isinstance(a, str)],
        "modified": when(article.modified),
        "language": article.language or None,
        "display": str(display.show),
        "partial": article.extraction == ExtractionState.PAYWALLED,
        "body_html": sanitize_html(article.body_html) if full else None,
        "word_count": article.word_count,
        "ai_summary": _panel(panel_for(article, panel), absolute),
        "related": [
            {**article_card(r.related, absolute), "score": r.score, "same_story": r.same_story}
            for r in related
        ],
    }


def _panel(panel: AIPanel | None, absolute: Absolute) -> JSON | None:
    if panel is None:
        return None
    return {
        "sentences": [plain(s) for s in panel.sentences],
        "key_points": [plain(p) for p in panel.key_points],
        "entities": [
            {
                "name": plain(str(e.get("name", ""))),
                "kind": str(e.get("kind", "")),
                "api_url": absolute(reverse("api:entity", args=[str(e.get("key", ""))])),
            }
            for e in panel.entities
            if isinstance(e, dict) and e.get("key")
        ],
        "method": panel.method,
        "created": when(panel.created_at),
    }


def story_item(story: Story, absolute: Absolute) -> JSON:
    """A story in a list: headline, counts, who reported it first."""
    first = story.first_article
    return {
        "id": story.pk,
        "headline": story.headline or None,
        "page_url": absolute(reverse("web:story", args=[story.pk])),
        "api_url": absolute(reverse("api:story", args=[story.pk])),
        "first_seen": when(story.first_seen),
        "last_seen": when(story.last_seen),
        "article_count": story.article_count,
        "outlets": story.source_count,
        "first_reported_by": source_ref(first.source, absolute) if first else None,
    }


def story_detail(
    story: Story,
    timeline: list[StoryMembership],
    copies: dict[int, list[StoryMembership]],
    summary: StorySummaryView | None,
    absolute: Absolute,
) -> JSON:
    """One story: its timeline (oldest first, folded copies under their original) and the
    AI summary with citations."""
    first = timeline[0].article.source if timeline else None
    return {
        **story_item(story, absolute),
        "first_reported_by": source_ref(first, absolute) if first else None,
        "timeline": [
            {
                "time": when(m.time),
                "kind": str(m.kind),
                "article": article_ref(m.article, absolute),
                "copies": [article_ref(c.article, absolute) for c in copies.get(m.article_id, [])],
            }
            for m in timeline
        ],
        "summary": _story_summary(summary, absolute),
    }


def _story_summary(summary: StorySummaryView | None, absolute: Absolute) -> JSON | None:
    if summary is None or not summary.sentences:
        return None
    return {
        "sentences": [
            {
                "text": plain(str(s.get("text", ""))),
                "citations": [_citation(c, absolute) for c in one_per_outlet(_dicts(s))],
            }
            for s in summary.sentences
        ],
        "disagreements": [plain(str(d.get("text", ""))) for d in summary.disagreements],
        "method": summary.method,
        "created": when(summary.created_at),
        "articles": summary.articles,
    }


def _dicts(sentence: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in sentence.get("citations", []) if isinstance(c, dict)]


def _citation(citation: dict[str, Any], absolute: Absolute) -> JSON:
    article_id = int(str(citation.get("article_id", 0)))
    return {
        "article_id": article_id,
        "source": plain(str(citation.get("source", ""))),
        "passage": plain(str(citation.get("passage", ""))),
        "api_url": absolute(reverse("api:article", args=[article_id])),
    }


def search_hit(hit: SearchHit, absolute: Absolute) -> JSON:
    """A hit: the article's card, the matched passage as plain text and the words the
    database matched in it."""
    snippet = plain(hit.snippet)
    return {
        **article_ref(hit.article, absolute),
        "snippet": snippet.replace(MARK_START, "").replace(MARK_END, ""),
        "matches": _marked(snippet),
    }


def _marked(snippet: str) -> list[str]:
    """The words the database marked as matches, in order, each once."""
    found: list[str] = []
    for part in snippet.split(MARK_START)[1:]:
        word = part.split(MARK_END, 1)[0].strip()
        if word and word not in found:
            found.append(word)
    return found


def entity_detail(entity: Entity, stories: list[Story], absolute: Absolute) -> JSON:
    return {
        "name": entity.name,
        "kind": entity.kind,
        "key": entity.key,
        "page_url": absolute(reverse("web:entity", args=[entity.key])),
        "api_url": absolute(reverse("api:entity", args=[entity.key])),
        "stories": [story_item(s, absolute) for s in stories],
    }
