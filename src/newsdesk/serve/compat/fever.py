"""The Fever API (version 3), so reader apps (Reeder, Unread, ReadKit, Fiery Feeds) connect.

A client posts ``api_key`` = md5("username:app password") to ``/fever/?api`` and names
what it wants in the query string (``groups``, ``feeds``, ``favicons``, ``items``,
``links``, ``unread_item_ids``, ``saved_item_ids``) or posts a change (``mark``, ``as``,
``id``, ``before``). Every answer is JSON with ``api_version``, ``auth`` and
``last_refreshed_on_time``; a wrong or missing key gets ``auth: 0`` and nothing else.

Mapping: a Fever *feed* is a newsdesk source (the sources the reader follows, or all of
them when they follow none); a *group* is one of the reader's folders (its id the
folder's), or, while the reader has none, the one group "All sources" (id 1) holding every
feed; an *item* is a
visible article, its ``html`` what the article page may show (sanitized with nh3, or a
plain excerpt, or nothing, as the source's display policy and robots directives allow).
Saved items are the reader's saved articles; articles listed more than
``UNREAD_WINDOW`` ago count as read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsdesk.pipeline.extract.sanitize import sanitize_html
from newsdesk.serve.web.display import EXCERPT_WORDS, display_for, excerpt
from newsdesk.serve.web.forms import client_ip
from newsdesk.serve.web.syndication import source_feed_path
from newsdesk.store.actions import follows as follow_actions
from newsdesk.store.actions import reader_apps as app_actions
from newsdesk.store.actions.accounts import do_record_login_failure
from newsdesk.store.models import Article, Source
from newsdesk.store.queries import reader_apps as app_queries
from newsdesk.store.queries.reader_apps import folder_of

API_VERSION = 3
#: Items in one answer (the protocol's page size, and the cap on ``with_ids``).
MAX_ITEMS = 50
#: The one group: every feed belongs to it.
GROUP_ID = 1
GROUP_TITLE = "All sources"
#: Failed keys are recorded as log-in failures under this name (never a valid user name),
#: so the per-address throttle counts them with failed log-ins.
FAILED_KEY_USERNAME = "(fever)"

Json = dict[str, Any]


@dataclass(frozen=True)
class Call:
    """One authenticated call: the reader, their feeds (sources) and the request."""

    user_id: int
    sources: list[Source]
    request: HttpRequest
    now: datetime

    @property
    def source_ids(self) -> list[int]:
        return [source.pk for source in self.sources]

    @cached_property
    def folders(self) -> dict[int, tuple[str, list[int]]]:
        """The reader's folders: id -> (name, source ids), by name."""
        found: dict[int, tuple[str, list[int]]] = {}
        for source in self.sources:
            folder_id, name = getattr(source, "folder_id", None), folder_of(source)
            if isinstance(folder_id, int) and name is not None:
                found.setdefault(folder_id, (name, []))[1].append(source.pk)
        return dict(sorted(found.items(), key=lambda item: (item[1][0], item[0])))

    def param(self, name: str) -> str:
        return self.request.POST.get(name) or self.request.GET.get(name) or ""

    def has(self, name: str) -> bool:
        return name in self.request.GET or name in self.request.POST


def unix(value: datetime | None) -> int:
    return int(value.timestamp()) if value is not None else 0


def to_int(value: str) -> int | None:
    try:
        return int(value.strip())
    except ValueError:
        return None


def id_list(value: str) -> list[int]:
    """``"3, 1,x,2"`` → ``[3, 1, 2]``: positive integers, at most :data:`MAX_ITEMS`."""
    found = [to_int(part) for part in value.split(",")]
    return [pk for pk in found if pk is not None and pk > 0][:MAX_ITEMS]


def joined(ids: list[int]) -> str:
    return ",".join(str(pk) for pk in ids)


def to_time(value: str, default: datetime) -> datetime:
    seconds = to_int(value)
    if seconds is None:
        return default
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return default


def base(*, auth: bool, last_refreshed: int = 0) -> Json:
    return {"api_version": API_VERSION, "auth": int(auth), "last_refreshed_on_time": last_refreshed}


# --- items -----------------------------------------------------------------------------


def item_html(article: Article) -> str:
    """What the article page may show, as HTML: the sanitized body, an escaped plain
    excerpt, or nothing (link only)."""
    show = display_for(article, article.source.display_policy).show
    if show == Source.DisplayPolicy.FULL:
        return sanitize_html(article.body_html)
    if show == Source.DisplayPolicy.EXCERPT:
        shown = excerpt(article, EXCERPT_WORDS)
        return f"<p>{escape(shown)}</p>" if shown else ""
    return ""


def listed(article: Article) -> datetime:
    return article.listed_at or article.published or article.discovered_at


def item_json(article: Article, *, is_read: bool, is_saved: bool) -> Json:
    authors = [a for a in article.authors if isinstance(a, str) and a.strip()]
    return {
        "id": article.pk,
        "feed_id": article.source_id,
        "title": article.title or article.url,
        "author": ", ".join(authors),
        "html": item_html(article),
        "url": article.url,
        "is_saved": int(is_saved),
        "is_read": int(is_read),
        "created_on_time": unix(listed(article)),
    }


def items(call: Call) -> Json:
    """50 items: after ``since_id`` (ascending), before ``max_id`` (descending; 0 is the
    newest), the ones in ``with_ids``, or else the oldest."""
    articles = app_queries.reader_articles(call.source_ids)
    chosen = articles
    if call.has("since_id"):
        chosen = articles.filter(pk__gt=to_int(call.param("since_id")) or 0)
    elif call.has("max_id"):
        max_id = to_int(call.param("max_id")) or 0
        chosen = articles.order_by("-id")
        if max_id > 0:
            chosen = chosen.filter(pk__lt=max_id)
    elif call.has("with_ids"):
        chosen = articles.filter(pk__in=id_list(call.param("with_ids")))
    rows = list(chosen[:MAX_ITEMS])
    pks = [article.pk for article in rows]
    read = app_queries.read_among(call.user_id, pks)
    saved = app_queries.saved_among(call.user_id, pks)
    horizon = call.now - app_queries.UNREAD_WINDOW
    return {
        "items": [
            item_json(a, is_read=a.pk in read or listed(a) < horizon, is_saved=a.pk in saved)
            for a in rows
        ],
        "total_items": articles.count(),
    }


# --- feeds and groups --------------------------------------------------------------------


def feeds_groups(call: Call) -> list[Json]:
    """Each folder's feeds (a feed outside every folder is in no group), or the one group."""
    folders = call.folders
    if not folders:
        return [{"group_id": GROUP_ID, "feed_ids": joined(call.source_ids)}]
    return [{"group_id": pk, "feed_ids": joined(ids)} for pk, (_, ids) in folders.items()]


def groups(call: Call) -> Json:
    folders = call.folders
    found = [{"id": pk, "title": name} for pk, (name, _) in folders.items()]
    return {
        "groups": found or [{"id": GROUP_ID, "title": GROUP_TITLE}],
        "feeds_groups": feeds_groups(call),
    }


def feed_json(source: Source, absolute: Callable[[str], str]) -> Json:
    return {
        "id": source.pk,
        "favicon_id": 0,
        "title": source.name,
        "url": absolute(source_feed_path(source) + "rss"),
        "site_url": source.homepage or f"https://{source.domain}/",
        "is_spark": 0,
        "last_updated_on_time": unix(getattr(source, "last_success", None)),
    }


def feeds(call: Call) -> Json:
    absolute = call.request.build_absolute_uri
    return {
        "feeds": [feed_json(source, absolute) for source in call.sources],
        "feeds_groups": feeds_groups(call),
    }


def favicons(call: Call) -> Json:
    """newsdesk keeps icon URLs, not images: no favicons (clients show their default)."""
    return {"favicons": []}


def links(call: Call) -> Json:
    """Fever's "hot links" have no newsdesk counterpart."""
    return {"links": []}


def unread_item_ids(call: Call) -> Json:
    ids = app_queries.unread_ids(call.user_id, call.source_ids, now=call.now)
    return {"unread_item_ids": joined(ids)}


def saved_item_ids(call: Call) -> Json:
    return {"saved_item_ids": joined(app_queries.saved_ids(call.user_id, call.source_ids))}


#: What a client may ask for, in the order the answer is built.
SECTIONS: dict[str, Callable[[Call], Json]] = {
    "groups": groups,
    "feeds": feeds,
    "favicons": favicons,
    "items": items,
    "links": links,
    "unread_item_ids": unread_item_ids,
    "saved_item_ids": saved_item_ids,
}


# --- marks ------------------------------------------------------------------------------


def mark_item(call: Call) -> Json:
    """``as`` = read | unread | saved | unsaved; answers with the changed id list."""
    pk = to_int(call.param("id")) or 0
    article = app_queries.reader_articles(call.source_ids).filter(pk=pk).first()
    if article is None:
        return {}
    action = call.param("as")
    if action == "read":
        app_actions.do_mark_read(call.user_id, [article.pk], now=call.now)
    elif action == "unread":
        app_actions.do_mark_unread(call.user_id, [article.pk])
    elif action == "saved":
        follow_actions.do_save_article(call.user_id, article, now=call.now)
    elif action == "unsaved":
        follow_actions.do_unsave_article(call.user_id, article)
    else:
        return {}
    return saved_item_ids(call) if action.endswith("saved") else unread_item_ids(call)


def mark_sources_read(call: Call, source_ids: list[int]) -> Json:
    """Everything in these sources listed up to ``before`` (a Unix time; now if absent)."""
    if call.param("as") != "read" or not source_ids:
        return {}
    before = to_time(call.param("before"), call.now)
    ids = app_queries.ids_listed_before(source_ids, before, now=call.now)
    app_actions.do_mark_read(call.user_id, ids, now=call.now)
    return unread_item_ids(call)


def mark_feed(call: Call) -> Json:
    pk = to_int(call.param("id"))
    return mark_sources_read(call, [pk] if pk in call.source_ids else [])


def mark_group(call: Call) -> Json:
    """Group 0 (Fever's "Kindling") is every feed; a folder's id, its feeds; the one group
    (id 1, while the reader has no folders), every feed."""
    pk = to_int(call.param("id"))
    folders = call.folders
    if pk == 0 or (pk == GROUP_ID and not folders):
        return mark_sources_read(call, call.source_ids)
    chosen = folders.get(pk) if pk is not None else None
    return mark_sources_read(call, chosen[1] if chosen else [])


MARKS: dict[str, Callable[[Call], Json]] = {
    "item": mark_item,
    "feed": mark_feed,
    "group": mark_group,
}


# --- the endpoint -----------------------------------------------------------------------


def authenticate(request: HttpRequest, *, now: datetime) -> int | None:
    """The reader's id for a valid ``api_key``; a wrong key is recorded as a failed log-in."""
    api_key = (request.POST.get("api_key") or request.GET.get("api_key") or "").strip()
    if not api_key:
        return None
    user = app_queries.user_by_key_hash(app_actions.key_hash(api_key))
    if user is None:
        do_record_login_failure(FAILED_KEY_USERNAME, client_ip(request), now=now)
        return None
    return int(user.pk)


@csrf_exempt  # clients post a key, not a session cookie: nothing to forge
@never_cache
@require_http_methods(["GET", "POST"])
def endpoint(request: HttpRequest) -> JsonResponse:
    now = timezone.now()
    if app_queries.address_throttled(client_ip(request), now=now):
        return JsonResponse(base(auth=False), status=429)
    user_id = authenticate(request, now=now)
    if user_id is None:
        return JsonResponse(base(auth=False))
    sources = app_queries.reader_sources(user_id)
    refreshed = max((unix(getattr(s, "last_success", None)) for s in sources), default=0)
    call = Call(user_id=user_id, sources=sources, request=request, now=now)
    body = base(auth=True, last_refreshed=refreshed)
    mark = MARKS.get(call.param("mark"))
    if mark is not None:
        body.update(mark(call))
    for name, section in SECTIONS.items():
        if call.has(name):
            body.update(section(call))
    return JsonResponse(body)
