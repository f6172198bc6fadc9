"""Google Reader API streams: stream ids, the stream query (``s``, ``xt``, ``it``, ``n``,
``r``, ``ot``, ``nt``, ``c``), item ids and the item JSON (as FreshRSS and Miniflux shape it).

Items are ordered by id, which is discovery (crawl) order: ``crawlTimeMsec`` and
``timestampUsec`` are the discovery time, so ``ot``/``nt`` and ``mark-all-as-read``'s ``ts``
compare with it; ``published`` is the publication time. A continuation ``c`` is the last
item id sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from newsdesk.serve.compat.fever import item_html, listed
from newsdesk.serve.web.display import http_url
from newsdesk.store.models import Article, Source
from newsdesk.store.queries import reader_apps as app_queries

Json = dict[str, Any]

READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
UNREAD = "user/-/state/com.google/unread"
STARRED = "user/-/state/com.google/starred"
KEPT_UNREAD = "user/-/state/com.google/kept-unread"
LABEL_PREFIX = "user/-/label/"
#: The one label (folder) every subscription is in while the reader has no folders of
#: their own, as Fever's one group; its stream stays every subscription after that.
LABEL = "All sources"
LABEL_ID = f"{LABEL_PREFIX}{LABEL}"
ITEM_PREFIX = "tag:google.com,2005:reader/item/"
#: Page sizes: ids are cheap, contents carry HTML.
DEFAULT_COUNT = 20
MAX_IDS = 10_000
MAX_CONTENTS = 1_000

_USER_PREFIX = re.compile(r"^user/[^/]+/")
_SLASH_LOST = re.compile(r"^(https?):/(?!/)")


@dataclass(frozen=True)
class Reader:
    """One authenticated call: the reader and their subscriptions (sources)."""

    user: AbstractBaseUser
    sources: list[Source]
    now: datetime

    @classmethod
    def load(cls, user: AbstractBaseUser, *, now: datetime) -> Reader:
        return cls(user=user, sources=app_queries.reader_sources(int(user.pk)), now=now)

    @property
    def user_id(self) -> int:
        return int(self.user.pk)

    @property
    def source_ids(self) -> list[int]:
        return [source.pk for source in self.sources]

    @cached_property
    def folders(self) -> dict[str, list[int]]:
        """The reader's folders (by name, sorted) and the source ids in each."""
        found: dict[str, list[int]] = {}
        for source in self.sources:
            name = app_queries.folder_of(source)
            if name is not None:
                found.setdefault(name, []).append(source.pk)
        return dict(sorted(found.items()))

    def labels(self) -> list[str]:
        """The labels ``tag/list`` shows: the reader's folders, or the one label."""
        return list(self.folders) or [LABEL]

    def labels_of(self, source: Source) -> list[str]:
        """A subscription's labels: its folder; the one label while there are no folders;
        none for a source outside every folder."""
        name = app_queries.folder_of(source)
        if name is not None:
            return [name]
        return [] if self.folders else [LABEL]

    def label_source_ids(self, name: str) -> list[int]:
        """The subscriptions in label ``name``: a folder's, or every one for the one label
        (when no folder has that name); none for another name."""
        folders = self.folders
        if name in folders:
            return folders[name]
        return self.source_ids if name == LABEL else []


# --- ids and times --------------------------------------------------------------------------


def long_id(pk: int) -> str:
    return f"{ITEM_PREFIX}{pk:016x}"


def parse_item_id(value: str) -> int | None:
    """An item id in any form clients send: ``tag:google.com,2005:reader/item/<16 hex>``,
    the decimal short form, or the 16 hex digits alone (zero-padded, so never read as a
    decimal id, which has no leading zero)."""
    value = value.strip()
    try:
        if "/" in value:
            return int(value.rsplit("/", 1)[1], 16)
        if len(value) == 16 and (value.startswith("0") or not value.isdigit()):
            return int(value, 16)
        return int(value) if value.isdigit() else None
    except ValueError:
        return None


def usec(value: datetime) -> int:
    return int(value.timestamp() * 1_000_000)


def from_seconds(value: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC) if value.strip() else None
    except (OverflowError, OSError, ValueError):
        return None


def from_usec(value: str, *, default: datetime) -> datetime:
    try:
        return datetime.fromtimestamp(int(value) / 1_000_000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return default


def normalise_stream(stream_id: str) -> str:
    """``user/<id>/…`` → ``user/-/…``; ``feed/https:/x`` (a proxy merged the slashes) →
    ``feed/https://x``."""
    stream_id = _USER_PREFIX.sub("user/-/", stream_id.strip())
    if stream_id.startswith("feed/"):
        return "feed/" + _SLASH_LOST.sub(r"\1://", stream_id[len("feed/") :])
    return stream_id


def feed_stream_id(source: Source) -> str:
    return f"feed/{source.pk}"


def label_id(name: str) -> str:
    return f"{LABEL_PREFIX}{name}"


def label_name(stream_id: str) -> str | None:
    """The label a ``user/-/label/<name>`` (or ``user/<id>/label/<name>``) stream names."""
    stream_id = normalise_stream(stream_id)
    return stream_id.removeprefix(LABEL_PREFIX) if stream_id.startswith(LABEL_PREFIX) else None


def source_of(stream_id: str, reader: Reader) -> Source | None:
    """The reader's subscription ``feed/<source id>`` or ``feed/<feed URL>`` names."""
    target = normalise_stream(stream_id).removeprefix("feed/")
    if target.isdigit():
        return next((s for s in reader.sources if s.pk == int(target)), None)
    found = app_queries.source_for_url(target)
    return next((s for s in reader.sources if found is not None and s.pk == found.pk), None)


# --- the stream query -----------------------------------------------------------------------


def state_q(state: str, user_id: int, now: datetime) -> Q | None:
    if state == READ:
        return app_queries.read_q(user_id, now=now)
    if state == UNREAD:
        return ~app_queries.read_q(user_id, now=now)
    if state == STARRED:
        return app_queries.saved_q(user_id)
    return None


@dataclass(frozen=True)
class StreamQuery:
    stream_id: str
    source_ids: list[int]
    include: list[Q] = field(default_factory=list)
    exclude: list[Q] = field(default_factory=list)
    count: int = DEFAULT_COUNT
    oldest_first: bool = False
    newer_than: datetime | None = None
    older_than: datetime | None = None
    after_id: int | None = None

    @classmethod
    def parse(cls, request: HttpRequest, reader: Reader, stream_id: str) -> StreamQuery:
        """The query a request asks for; ValueError for a stream that is not one."""
        stream_id = normalise_stream(stream_id) or READING_LIST
        params = request.GET
        include = [state_q(s, reader.user_id, reader.now) for s in params.getlist("it")]
        exclude = [state_q(s, reader.user_id, reader.now) for s in params.getlist("xt")]
        source_ids = reader.source_ids
        if stream_id.startswith("feed/"):
            source = source_of(stream_id, reader)
            source_ids = [source.pk] if source is not None else []
        elif stream_id.startswith(LABEL_PREFIX):
            source_ids = reader.label_source_ids(stream_id.removeprefix(LABEL_PREFIX))
        elif stream_id in (READ, UNREAD, STARRED):
            include.append(state_q(stream_id, reader.user_id, reader.now))
        elif stream_id != READING_LIST:
            raise ValueError(f"unknown stream {stream_id!r}")
        count = params.get("n", "")
        continuation = params.get("c", "").strip()
        return cls(
            stream_id=stream_id,
            source_ids=source_ids,
            include=[q for q in include if q is not None],
            exclude=[q for q in exclude if q is not None],
            count=int(count) if count.isdigit() and int(count) > 0 else DEFAULT_COUNT,
            oldest_first=params.get("r") == "o",
            newer_than=from_seconds(params.get("ot", "")),
            older_than=from_seconds(params.get("nt", "")),
            after_id=int(continuation) if continuation.isdigit() else None,
        )

    def articles(self) -> QuerySet[Article]:
        """The stream's articles in order, from the continuation on (not yet cut)."""
        found = app_queries.reader_articles(self.source_ids)
        for q in self.include:
            found = found.filter(q)
        for q in self.exclude:
            found = found.exclude(q)
        if self.newer_than is not None:
            found = found.filter(discovered_at__gte=self.newer_than)
        if self.older_than is not None:
            found = found.filter(discovered_at__lt=self.older_than)
        return found.order_by("id" if self.oldest_first else "-id")

    def page(self, limit: int) -> QuerySet[Article]:
        """One page from the continuation on, plus one row to tell whether more follow."""
        found = self.articles()
        if self.after_id is not None:
            after = Q(pk__gt=self.after_id) if self.oldest_first else Q(pk__lt=self.after_id)
            found = found.filter(after)
        return found[: min(self.count, limit) + 1]


def cut(rows: list[Any], query: StreamQuery, limit: int) -> tuple[list[Any], Json]:
    """The page and its ``continuation`` (the last id sent) when more follow."""
    size = min(query.count, limit)
    if len(rows) <= size:
        return rows, {}
    rows = rows[:size]
    last = rows[-1] if isinstance(rows[-1], int) else rows[-1].pk
    return rows, {"continuation": str(last)}


def item_ids(query: StreamQuery, reader: Reader) -> Json:
    rows: list[int] = list(query.page(MAX_IDS).values_list("pk", flat=True))
    rows, more = cut(rows, query, MAX_IDS)
    return {"itemRefs": [{"id": str(pk)} for pk in rows], **more}


def unread_ids_up_to(query: StreamQuery, reader: Reader, before: datetime) -> list[int]:
    unread = ~app_queries.read_q(reader.user_id, now=reader.now)
    found = query.articles().filter(unread, discovered_at__lte=before)
    return list(found.values_list("pk", flat=True))


def own_ids(reader: Reader, ids: list[int]) -> list[int]:
    """Those of ``ids`` that are visible articles of the reader's subscriptions."""
    found = app_queries.reader_articles(reader.source_ids).filter(pk__in=ids)
    return list(found.values_list("pk", flat=True))


# --- JSON -------------------------------------------------------------------------------------


def homepage(source: Source) -> str:
    return http_url(source.homepage) or f"https://{source.domain}/"


def subscription_json(source: Source, feed_url: str | None, labels: list[str]) -> Json:
    return {
        "id": feed_stream_id(source),
        "title": source.name,
        "categories": [{"id": label_id(name), "label": name} for name in labels],
        "url": feed_url or homepage(source),
        "htmlUrl": homepage(source),
        "iconUrl": http_url(source.icon),
    }


def item_json(
    article: Article, *, is_read: bool, is_saved: bool, labels: list[str] | None = None
) -> Json:
    crawled = article.discovered_at
    published = listed(article)
    authors = [a for a in article.authors if isinstance(a, str) and a.strip()]
    categories = [READING_LIST, *map(label_id, [LABEL] if labels is None else labels)]
    if is_read:
        categories.append(READ)
    if is_saved:
        categories.append(STARRED)
    source = article.source
    url = http_url(article.url)
    return {
        "id": long_id(article.pk),
        "crawlTimeMsec": str(usec(crawled) // 1000),
        "timestampUsec": str(usec(crawled)),
        "published": int(published.timestamp()),
        "updated": int((article.modified or published).timestamp()),
        "title": article.title or article.url,
        "canonical": [{"href": url}],
        "alternate": [{"href": url, "type": "text/html"}],
        "summary": {"direction": "ltr", "content": item_html(article)},
        "author": ", ".join(authors),
        "origin": {
            "streamId": feed_stream_id(source),
            "title": source.name,
            "htmlUrl": homepage(source),
        },
        "categories": categories,
    }


def items_json(articles: list[Article], reader: Reader) -> list[Json]:
    """Items with the reader's state: two queries, however many articles."""
    pks = [article.pk for article in articles]
    read = app_queries.read_among(reader.user_id, pks)
    saved = app_queries.saved_among(reader.user_id, pks)
    horizon = reader.now - app_queries.UNREAD_WINDOW
    labels = {source.pk: reader.labels_of(source) for source in reader.sources}
    return [
        item_json(
            a,
            is_read=a.pk in read or listed(a) < horizon,
            is_saved=a.pk in saved,
            labels=labels.get(a.source_id, []),
        )
        for a in articles
    ]


def stream_json(stream_id: str, reader: Reader, items: list[Json]) -> Json:
    return {
        "direction": "ltr",
        "id": stream_id,
        "title": "Reading list" if stream_id == READING_LIST else stream_id,
        "author": reader.user.get_username(),
        "updated": int(reader.now.timestamp()),
        "items": items,
    }


def contents(query: StreamQuery, reader: Reader) -> Json:
    rows, more = cut(list(query.page(MAX_CONTENTS)), query, MAX_CONTENTS)
    return {**stream_json(query.stream_id, reader, items_json(rows, reader)), **more}


def items_by_id(ids: list[int], reader: Reader) -> Json:
    found = app_queries.reader_articles(reader.source_ids).filter(pk__in=ids).order_by("-id")
    return stream_json(READING_LIST, reader, items_json(list(found), reader))


def unread_counts(reader: Reader) -> Json:
    """Per subscription, per label (the reader's folders, or the one label) and for the
    reading list (one query)."""
    found = app_queries.unread_counts(reader.user_id, reader.source_ids, now=reader.now)
    per_source: dict[int, tuple[int, int]] = {}
    for source in reader.sources:
        count, latest_time = found.get(source.pk, (0, None))
        per_source[source.pk] = (count, usec(latest_time) if latest_time is not None else 0)
    counts = [
        count_json(feed_stream_id(source), [per_source[source.pk]]) for source in reader.sources
    ]
    for name in reader.labels():
        rows = [per_source[pk] for pk in reader.label_source_ids(name)]
        counts.append(count_json(label_id(name), rows))
    counts.append(count_json(READING_LIST, list(per_source.values())))
    return {"max": counts[-1]["count"], "unreadcounts": counts}


def count_json(stream_id: str, rows: list[tuple[int, int]]) -> Json:
    """One ``unreadcounts`` row from (count, newest usec) rows."""
    count = sum(row[0] for row in rows)
    newest = max((row[1] for row in rows), default=0)
    return {"id": stream_id, "count": count, "newestItemTimestampUsec": str(newest)}
