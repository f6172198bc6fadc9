"""Whole-page cache for anonymous readers, with conditional GET (ETag, Last-Modified, 304).

The first middleware: a hit skips sessions, CSRF, authentication and the view. Only GET
requests without a session or messages cookie are looked up, and only plain 200 pages that
set no cookie (so none holds a CSRF token or a message), are not marked private/no-store
and vary on nothing but Cookie are stored. Keys hold the *content version*: a query of a
few indexed aggregates (``store.queries.content``), read at most every
``NEWSDESK_PAGE_CACHE_CHECK`` seconds per process, plus a generation bumped when this
process saves or deletes a row. New content therefore changes every key and the old
entries expire unseen; ``NEWSDESK_PAGE_CACHE_SECONDS`` bounds the life of any entry.

Cached pages are sent ``Cache-Control: public, max-age=0, must-revalidate`` with
``Vary: Cookie``: browsers and proxies keep them but ask again each time, and get a
304 while the page is unchanged.

:class:`CachedPagesApp` wraps the WSGI application and answers hits before Django builds
a request (no request signals, no middleware): a hit then costs about what serving a
static file costs. The middleware stays, so the cache also works without the wrapper.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.types import StartResponse

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.cookie import parse_cookie
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from newsdesk.store.queries.content import content_version

CACHE_ALIAS = "default"
GENERATION_KEY = "newsdesk:pagecache:generation"
#: Paths never cached: operators, accounts, the health check, static files (WhiteNoise),
#: the APIs (reader apps' Google Reader API included).
SKIP_PREFIXES = ("/admin/", "/account/", "/healthz", "/static/", "/api/", "/reader/", "/accounts/")
#: A stored response may vary on these request headers only (Cookie: see the lookup rule).
HEADER_VARY_OK = {"cookie"}
#: Models whose rows readers see: saving or deleting one in this process bumps the
#: generation (sessions, log-in attempts, feeds' poll state and the like do not).
CONTENT_MODELS = {
    "newsdesk.article",
    "newsdesk.source",
    "newsdesk.comment",
    "newsdesk.story",
    "newsdesk.storymembership",
    "newsdesk.relatedarticle",
    "newsdesk.aioutput",
    "newsdesk.entity",
    "newsdesk.articleentity",
}
CACHE_CONTROL = "public, max-age=0, must-revalidate"


class _Version:
    """The content version this process last read, and when (shared by its threads)."""

    def __init__(self) -> None:
        self.value = ""
        self.read_at = 0.0
        self.lock = threading.Lock()

    def current(self, check_every: float) -> str:
        if self.value and time.monotonic() - self.read_at < check_every:
            return self.value
        # One thread reads the new version; the others go on with the last one meanwhile.
        if not self.lock.acquire(blocking=not self.value):
            return self.value
        try:
            if self.value and time.monotonic() - self.read_at < check_every:
                return self.value
            generation = caches[CACHE_ALIAS].get(GENERATION_KEY, 0)
            self.value = f"{content_version()}.{generation}"
            self.read_at = time.monotonic()
            return self.value
        finally:
            self.lock.release()

    def forget(self) -> None:
        self.read_at = 0.0


VERSION = _Version()


def bump_generation(sender: Any, **_: Any) -> None:
    """A content row was saved or deleted in this process: every cached page is stale."""
    if getattr(getattr(sender, "_meta", None), "label_lower", "") not in CONTENT_MODELS:
        return
    cache = caches[CACHE_ALIAS]
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)
    VERSION.forget()


def connect_signals() -> None:
    """Called once from the web app's ``ready()``: in-process writes bump the generation."""
    post_save.connect(bump_generation, dispatch_uid="newsdesk-pagecache-save")
    post_delete.connect(bump_generation, dispatch_uid="newsdesk-pagecache-delete")


Entry = tuple[bytes, list[tuple[str, str]], str, float]


def cache_key(environ: dict[str, Any]) -> str | None:
    """The cache key of an anonymous GET (from the WSGI environ), or None: not cacheable."""
    config = settings.NEWSDESK
    if config.page_cache_seconds <= 0 or environ.get("REQUEST_METHOD") != "GET":
        return None
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    if path.startswith(SKIP_PREFIXES) or environ.get("HTTP_AUTHORIZATION"):
        return None  # an authorized request is never answered from the shared cache
    cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))  # as Django reads them
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    full = f"{path}?{environ.get('QUERY_STRING', '')}"
    try:
        version = VERSION.current(config.page_cache_check)
    except DatabaseError:  # Django answers (and reports) the request itself
        return None
    return (
        "newsdesk:page:"
        + hashlib.blake2b(
            f"{version}|{full}".encode("utf-8", "surrogateescape"), digest_size=16
        ).hexdigest()
    )


def _storable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= HEADER_VARY_OK


def _not_modified(environ: dict[str, Any], etag: str, modified: float) -> bool:
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return etag in tags or "*" in tags
    since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(modified) <= since


class PageCacheMiddleware:
    """Serves and stores anonymous readers' pages (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = cache_key(request.META)
        if key is None:
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        entry = cache.get(key)
        if entry is None:
            response = self.get_response(request)
            if not _storable(response):
                return response
            entry = _entry(response)
            cache.set(key, entry, timeout=settings.NEWSDESK.page_cache_seconds)
        return _respond(request.META, entry)


#: Django's WSGIHandler returns its response object, which iterates over bytes.
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class CachedPagesApp:
    """WSGI wrapper: answers page-cache hits itself, hands everything else to Django."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        key = cache_key(environ)
        entry = caches[CACHE_ALIAS].get(key) if key is not None else None
        if entry is None:
            return self.app(environ, start_response)
        response = _respond(environ, entry)
        headers = list(response.items())
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [response.content]


def _entry(response: HttpResponse) -> Entry:
    body = response.content
    etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in {"cache-control", "etag", "last-modified", "vary", "expires"}
    ]
    return body, headers, etag, time.time()


def _respond(environ: dict[str, Any], entry: Entry) -> HttpResponse:
    body, headers, etag, modified = entry
    response: HttpResponse
    if _not_modified(environ, etag, modified):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body)
        for name, value in headers:
            response[name] = value
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = CACHE_CONTROL
    patch_vary_headers(response, ["Cookie"])
    return response
