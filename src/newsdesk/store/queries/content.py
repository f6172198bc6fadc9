"""The content version: a few indexed aggregates that change whenever what readers see
changes (new or extracted articles, comments written, edited, hidden or removed, stories
grown or merged, AI output, entities found or folded, related articles). Page caches put
it in their keys."""

from __future__ import annotations

from django.db import connection

from newsdesk.store.models import (
    AIOutput,
    Article,
    ArticleEntity,
    Comment,
    CommentStatus,
    Entity,
    ExtractionState,
    RelatedArticle,
    Story,
    StoryMembership,
)


#: (table, aggregate, condition): every name comes from the models, no value from outside.
def _parts() -> list[tuple[str, str, str]]:
    article = Article._meta.db_table
    comment = Comment._meta.db_table
    story = Story._meta.db_table
    return [
        (article, "max(id)", ""),
        (article, "count(*)", f"extraction = '{ExtractionState.OK.value}'"),
        (comment, "max(id)", ""),
        (comment, "count(*)", f"status = '{CommentStatus.VISIBLE.value}'"),
        (comment, "max(edited_at)", ""),
        (story, "max(id)", ""),
        (story, "count(*)", "merged_into_id IS NOT NULL"),
        (StoryMembership._meta.db_table, "max(sequence)", ""),
        (AIOutput._meta.db_table, "max(id)", ""),
        (ArticleEntity._meta.db_table, "max(id)", ""),
        # A fold moves links without new rows (``newsdesk entities fold`` in another process).
        (Entity._meta.db_table, "count(*)", "merged_into_id IS NOT NULL"),
        (RelatedArticle._meta.db_table, "max(id)", ""),
    ]


def _sql() -> str:
    selects = [
        " ".join(["(SELECT", aggregate, "FROM", table] + (["WHERE", where] if where else [])) + ")"
        for table, aggregate, where in _parts()
    ]
    return "SELECT " + ", ".join(selects)


def content_version() -> str:
    """One query; the same text as long as nothing readers see has changed."""
    with connection.cursor() as cursor:
        cursor.execute(_sql())
        row = cursor.fetchone()
    return ".".join("" if value is None else str(value) for value in row)
