"""Keyword search over articles: SQLite FTS5 or PostgreSQL full text, ranked, with
highlighted snippets. The index is kept in sync by the database (migrations 0003, 0013)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from newsdesk.pipeline.searchquery import SearchQuery, ideograph_words, to_fts5, to_websearch
from newsdesk.store.models import Article
from newsdesk.store.queries.articles import VISIBLE_STATES, visible_articles

#: Highlight markers put around matches by the database; the template escapes the
#: snippet and then turns these (which no stored text contains) into <mark>.
MARK_START = "\x02"
MARK_END = "\x03"
SNIPPET_WORDS = 30
#: Characters of a snippet of Chinese or Japanese text.
IDEOGRAPH_SNIPPET_CHARS = 160
#: The FTS5 column of the body text (title, summary, body_text, search_terms).
BODY_COLUMN = 2


@dataclass(frozen=True)
class SearchFilters:
    source_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    #: Only articles that name this entity (``Entity.pk``).
    entity_id: int | None = None


@dataclass(frozen=True)
class SearchHit:
    article: Article
    snippet: str  # plain text with MARK_START/MARK_END around matches


def _filter_sql(filters: SearchFilters, alias: str) -> tuple[str, list[str | int | datetime]]:
    states = ", ".join(["%s"] * len(VISIBLE_STATES))
    sql = f" AND {alias}.extraction IN ({states})"
    params: list[str | int | datetime] = [str(state) for state in VISIBLE_STATES]
    if filters.source_id is not None:
        sql += f" AND {alias}.source_id = %s"
        params.append(filters.source_id)
    if filters.since is not None:
        sql += f" AND {alias}.published >= %s"
        params.append(filters.since)
    if filters.until is not None:
        sql += f" AND {alias}.published < %s"
        params.append(filters.until)
    if filters.entity_id is not None:
        # Only the fixed alias is interpolated; the entity id is a parameter.
        sql += (
            " AND EXISTS (SELECT 1 FROM newsdesk_articleentity ae"  # noqa: S608
            f" WHERE ae.article_id = {alias}.id AND ae.entity_id = %s)"
        )
        params.append(filters.entity_id)
    return sql, params


def _sqlite_ids(
    query: SearchQuery, filters: SearchFilters, limit: int, offset: int
) -> list[tuple[int, str]]:
    where, params = _filter_sql(filters, "a")
    # Only placeholders and fixed column names are interpolated; values are parameters.
    sql = (
        "SELECT a.id, snippet(newsdesk_article_fts, %s, %s, %s, '…', %s) "  # noqa: S608
        "FROM newsdesk_article_fts JOIN newsdesk_article a ON a.id = newsdesk_article_fts.rowid "
        f"WHERE newsdesk_article_fts MATCH %s{where} "
        "ORDER BY bm25(newsdesk_article_fts, 10.0, 4.0, 1.0, 1.0), a.id DESC LIMIT %s OFFSET %s"
    )
    # The best column, except for a query in ideographs: that matches the pairs column
    # (migration 0013), which is no text to show, so the snippet is the body's.
    column = BODY_COLUMN if ideograph_words(query) else -1
    args = [column, MARK_START, MARK_END, SNIPPET_WORDS, to_fts5(query), *params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return [(int(row[0]), str(row[1] or "")) for row in cursor.fetchall()]


def _postgres_ids(
    query: SearchQuery, filters: SearchFilters, limit: int, offset: int
) -> list[tuple[int, str]]:
    where, params = _filter_sql(filters, "a")
    options = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords=12, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    # Rank and page first; build the (costly) headlines only for the page's rows.
    sql = (
        "WITH q AS (SELECT websearch_to_tsquery('english', %s) AS query), "  # noqa: S608
        "page AS (SELECT a.id, a.title, a.summary, a.body_text, q.query, "
        "ts_rank_cd(a.search_vector, q.query, 32) AS rank "
        f"FROM newsdesk_article a, q WHERE a.search_vector @@ q.query{where} "
        "ORDER BY rank DESC, a.id DESC LIMIT %s OFFSET %s) "
        "SELECT id, ts_headline('english', "
        "coalesce(nullif(left(body_text, 20000), ''), summary, title), query, %s) "
        "FROM page ORDER BY rank DESC, id DESC"
    )
    args = [to_websearch(query), *params, limit, offset, options]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return [(int(row[0]), str(row[1] or "")) for row in cursor.fetchall()]


def search_articles(
    query: SearchQuery, filters: SearchFilters, *, limit: int, offset: int = 0
) -> list[SearchHit]:
    """Best matches first; two queries whatever the page size (ids, then the articles)."""
    if query.empty:
        return []
    find = _postgres_ids if connection.vendor == "postgresql" else _sqlite_ids
    ranked = find(query, filters, limit, offset)
    wanted = ideograph_words(query)
    if wanted:
        ranked = [(pk, mark_words(snippet, wanted)) for pk, snippet in ranked]
    articles = visible_articles().defer("body_html", "body_text").in_bulk([pk for pk, _ in ranked])
    return [SearchHit(articles[pk], snippet) for pk, snippet in ranked if pk in articles]


def mark_words(snippet: str, wanted: list[str]) -> str:
    """``snippet`` with the query's words of ideographs marked where they stand: the
    databases match those through their character pairs, so they mark nothing."""
    if MARK_START in snippet:
        return snippet
    pattern = "|".join(re.escape(w) for w in sorted(set(wanted), key=len, reverse=True))
    marked = re.sub(pattern, lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", snippet)
    # A "word" of these scripts is a whole clause, so thirty of them are a long text: keep
    # a window around the first match.
    if len(marked) <= IDEOGRAPH_SNIPPET_CHARS:
        return marked
    first = marked.find(MARK_START)
    start = max(0, first - IDEOGRAPH_SNIPPET_CHARS // 3) if first >= 0 else 0
    end = max(start + IDEOGRAPH_SNIPPET_CHARS, marked.find(MARK_END, first) + 1)
    window = marked[start:end]
    return ("…" if start else "") + window + ("…" if end < len(marked) else "")
