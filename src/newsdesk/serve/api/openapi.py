"""The OpenAPI 3.1 document of the JSON API, written by hand (served at
``/api/v1/openapi.json``; ``tests/serve/test_api.py`` checks every route is in it and
every response matches its schema)."""

from __future__ import annotations

from typing import Any

JSON = dict[str, Any]

STRING: JSON = {"type": "string"}
INTEGER: JSON = {"type": "integer"}
URL: JSON = {"type": "string", "format": "uri"}
TIME: JSON = {"type": ["string", "null"], "format": "date-time"}
NULLABLE_STRING: JSON = {"type": ["string", "null"]}
NULLABLE_URL: JSON = {"type": ["string", "null"], "format": "uri"}


def ref(name: str) -> JSON:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(name: str) -> JSON:
    return {"oneOf": [ref(name), {"type": "null"}]}


def array(items: JSON) -> JSON:
    return {"type": "array", "items": items}


def obj(properties: JSON, description: str = "") -> JSON:
    """An object with exactly these properties, all of them present."""
    schema: JSON = {
        "type": "object",
        "properties": properties,
        "required": sorted(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def page_of(item: str) -> JSON:
    return obj(
        {
            "items": array(ref(item)),
            "page": INTEGER,
            "per_page": INTEGER,
            "next": NULLABLE_URL,
            "previous": NULLABLE_URL,
        },
        f"One page of {item} items; `next` is null on the last page.",
    )


SOURCE_REF = {"name": STRING, "domain": STRING, "url": URL, "api_url": URL}
REF = {
    "id": INTEGER,
    "title": STRING,
    "url": {**NULLABLE_URL, "description": "The publisher's page."},
    "page_url": {**URL, "description": "The article's page on this site."},
    "api_url": URL,
    "source": ref("SourceRef"),
    "published": TIME,
    "discovered": TIME,
    "section": NULLABLE_STRING,
}
CARD = {
    **REF,
    "excerpt": {**STRING, "description": "Plain text, empty where the publisher allows none."},
    "image": nullable("Image"),
}
STORY_ITEM = {
    "id": INTEGER,
    "headline": NULLABLE_STRING,
    "page_url": URL,
    "api_url": URL,
    "first_seen": TIME,
    "last_seen": TIME,
    "article_count": INTEGER,
    "outlets": {**INTEGER, "description": "Distinct sources covering the story."},
    "first_reported_by": nullable("SourceRef"),
}


def schemas() -> JSON:
    return {
        "Error": obj({"error": STRING}),
        "SourceRef": obj(SOURCE_REF),
        "Source": obj(
            {
                **SOURCE_REF,
                "homepage": NULLABLE_URL,
                "icon": NULLABLE_URL,
                "article_count": INTEGER,
                "feeds": obj({"rss": URL, "atom": URL, "json": URL}),
            }
        ),
        "SourceDetail": obj(
            {
                **SOURCE_REF,
                "homepage": NULLABLE_URL,
                "icon": NULLABLE_URL,
                "article_count": INTEGER,
                "feeds": obj({"rss": URL, "atom": URL, "json": URL}),
                "articles": ref("ArticlePage"),
            }
        ),
        "Image": obj({"url": URL, "caption": STRING}),
        "ArticleRef": obj(REF),
        "ArticleCard": obj(CARD),
        "RelatedArticle": obj(
            {**CARD, "score": {"type": "number"}, "same_story": {"type": "boolean"}}
        ),
        "EntityRef": obj({"name": STRING, "kind": STRING, "api_url": URL}),
        "ArticleSummary": obj(
            {
                "sentences": array(STRING),
                "key_points": array(STRING),
                "entities": array(ref("EntityRef")),
                "method": STRING,
                "created": TIME,
            },
            "AI-generated (extractive) summary; sentences are the article's own, trimmed to "
            "what the publisher's robots directives allow.",
        ),
        "Article": obj(
            {
                **CARD,
                "authors": array(STRING),
                "modified": TIME,
                "language": NULLABLE_STRING,
                "display": {"type": "string", "enum": ["full", "excerpt", "link"]},
                "partial": {"type": "boolean", "description": "Paywalled: only part of it."},
                "body_html": {
                    **NULLABLE_STRING,
                    "description": "Sanitized HTML (nh3 allow-list); null unless display is full.",
                },
                "word_count": INTEGER,
                "ai_summary": nullable("ArticleSummary"),
                "related": array(ref("RelatedArticle")),
            }
        ),
        "StoryItem": obj(STORY_ITEM),
        "Citation": obj(
            {"article_id": INTEGER, "source": STRING, "passage": STRING, "api_url": URL}
        ),
        "StorySummary": obj(
            {
                "sentences": array(obj({"text": STRING, "citations": array(ref("Citation"))})),
                "disagreements": array(STRING),
                "method": STRING,
                "created": TIME,
                "articles": {**INTEGER, "description": "Articles it was made from."},
            }
        ),
        "TimelineEntry": obj(
            {
                "time": TIME,
                "kind": STRING,
                "article": ref("ArticleRef"),
                "copies": array(ref("ArticleRef")),
            }
        ),
        "Story": obj(
            {
                **STORY_ITEM,
                "timeline": array(ref("TimelineEntry")),
                "summary": nullable("StorySummary"),
            }
        ),
        "SearchHit": obj(
            {**REF, "snippet": STRING, "matches": array(STRING)},
        ),
        "Entity": obj(
            {
                "name": STRING,
                "kind": STRING,
                "key": STRING,
                "page_url": URL,
                "api_url": URL,
                "stories": array(ref("StoryItem")),
                "articles": ref("ArticlePage"),
            }
        ),
        "StoryPage": page_of("StoryItem"),
        "ArticlePage": page_of("ArticleCard"),
        "SourcePage": page_of("Source"),
        "SearchPage": page_of("SearchHit"),
        "OpenAPI": {"type": "object", "required": ["openapi", "paths"]},
    }


def _parameter(name: str, where: str, schema: JSON, description: str) -> JSON:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": schema,
        "description": description,
    }


PAGING = [
    _parameter("page", "query", {"type": "integer", "minimum": 1, "maximum": 300}, "Page, from 1."),
    _parameter(
        "per_page", "query", {"type": "integer", "minimum": 1, "maximum": 100}, "Default 20."
    ),
]


def _error(description: str) -> JSON:
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}}}


def _get(summary: str, schema: str, parameters: list[JSON], *, redirects: bool = False) -> JSON:
    responses: JSON = {
        "200": {
            "description": "OK",
            "headers": {"ETag": {"schema": STRING}},
            "content": {"application/json": {"schema": ref(schema)}},
        },
        "304": {"description": "Not modified (If-None-Match matched the ETag)."},
    }
    if parameters:
        responses["400"] = _error("A parameter is out of range.")
        responses["404"] = _error("No such object, or a page past the last.")
    if redirects:
        responses["301"] = {
            "description": "Moved to the canonical URL (merged story, domain case)."
        }
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


def paths() -> JSON:
    story_id = _parameter("id", "path", INTEGER, "Story id.")
    article_id = _parameter("id", "path", INTEGER, "Article id.")
    domain = _parameter("domain", "path", STRING, "The source's domain.")
    key = _parameter("key", "path", STRING, 'Entity key, e.g. "person:rachel reeves".')
    search_params = [
        _parameter("q", "query", STRING, "Words; quotes, OR and -word as on the search page."),
        _parameter("source", "query", STRING, "Only this source's domain."),
        _parameter("since", "query", {"type": "string", "format": "date"}, "From this day."),
        _parameter("until", "query", {"type": "string", "format": "date"}, "To this day."),
        _parameter("entity", "query", STRING, "Only articles naming this entity (key or name)."),
        _parameter(
            "mode", "query", {"type": "string", "enum": ["words", "meaning"]}, "Default words."
        ),
    ]
    search_params[0]["required"] = True
    return {
        "/api/v1/openapi.json": _get("This document.", "OpenAPI", []),
        "/api/v1/stories": _get("Top stories: most outlets first.", "StoryPage", PAGING),
        "/api/v1/stories/{id}": _get(
            "One story: timeline, first reporter, AI summary with citations.",
            "Story",
            [story_id],
            redirects=True,
        ),
        "/api/v1/articles": _get("Latest articles, newest first.", "ArticlePage", PAGING),
        "/api/v1/articles/{id}": _get("One article.", "Article", [article_id]),
        "/api/v1/sources": _get("Sources by name, with article counts.", "SourcePage", PAGING),
        "/api/v1/sources/{domain}": _get(
            "One source and a page of its latest articles.",
            "SourceDetail",
            [domain, *PAGING],
            redirects=True,
        ),
        "/api/v1/search": _get(
            "Search articles, best match first.", "SearchPage", [*search_params, *PAGING]
        ),
        "/api/v1/entities/{key}": _get(
            "One person, place or organisation: its recent stories and a page of articles.",
            "Entity",
            [key, *PAGING],
        ),
    }


def document() -> JSON:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "newsdesk API",
            "version": "1.0.0",
            "description": "Read-only JSON API of this newsdesk instance (docs/api.md).",
        },
        "paths": paths(),
        "components": {"schemas": schemas()},
    }
