"""The Google Reader API, as FreshRSS and Miniflux serve it, so reader apps connect
(Reeder, NetNewsWire, Read You, FeedMe, News+).

A client posts ``Email`` (the user name) and ``Passwd`` (the reader's app password, the
same one the Fever API uses) to ``/accounts/ClientLogin`` and gets ``Auth=<token>``; it
then sends ``Authorization: GoogleLogin auth=<token>`` to ``/reader/api/0/...``. Changes
(``edit-tag``, ``mark-all-as-read``, ``subscription/*``) also need the ``T`` form field
from ``/reader/api/0/token``. Both tokens are HMACs of the stored app password hash under
the site's secret key: nothing new is stored, and a new or revoked app password ends them.

Mapping (as for Fever): a *subscription* is a newsdesk source, ``feed/<source id>``; the
reader's subscriptions are the sources they follow, or all of them when they follow none;
a *label* (folder) is one of the reader's folders, ``user/-/label/<name>`` (while the
reader has none, every subscription is in the one label ``user/-/label/All sources``,
whose stream stays every subscription). An *item* is a visible article, its
id the article id; read and starred state are the reader's read and Saved articles (shared
with Fever and the site). The streams and item JSON live in :mod:`.greader_streams`.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from newsdesk.pipeline.errors import UsageError
from newsdesk.serve.compat import greader_streams as streams
from newsdesk.serve.compat.greader_streams import Reader
from newsdesk.serve.web import subscriptions
from newsdesk.serve.web.forms import client_ip
from newsdesk.store.actions import folders as folder_actions
from newsdesk.store.actions import follows as follow_actions
from newsdesk.store.actions import reader_apps as app_actions
from newsdesk.store.actions.accounts import do_record_login_failure
from newsdesk.store.actions.sources import do_rename_source
from newsdesk.store.models import Source
from newsdesk.store.queries import reader_apps as app_queries

#: Failed ClientLogins are recorded as log-in failures under this name (never a valid
#: user name), so the per-address throttle counts them with the site's failed log-ins.
FAILED_LOGIN_USERNAME = "(greader)"
#: Google's action tokens were 57 characters; clients check nothing but some expect it.
TOKEN_LENGTH = 57

View = Callable[[HttpRequest], HttpResponse]
ReaderView = Callable[..., HttpResponse]


# --- tokens -----------------------------------------------------------------------------


def _mac(purpose: str, user: AbstractBaseUser) -> str:
    secret = settings.SECRET_KEY.encode()
    message = f"greader:{purpose}:{user.pk}:{user.app_password.key_hash}"  # type: ignore[attr-defined]
    return hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()[:40]


def auth_token(user: AbstractBaseUser) -> str:
    """``<user name>/<40 hex>``: what ClientLogin answers and clients send back."""
    return f"{user.get_username()}/{_mac('auth', user)}"


def action_token(user: AbstractBaseUser) -> str:
    """The ``T`` token that changes need (57 characters, as Google's were)."""
    return _mac("action", user).ljust(TOKEN_LENGTH, "Z")


def same(given: str, expected: str) -> bool:
    """A constant-time comparison that also takes non-ASCII input (as bytes)."""
    return hmac.compare_digest(given.encode(), expected.encode())


def has_app_password(user: AbstractBaseUser) -> bool:
    return hasattr(user, "app_password")


def user_for_token(header: str) -> AbstractBaseUser | None:
    """The reader an ``Authorization: GoogleLogin auth=<token>`` header names, if valid."""
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "googlelogin" or not value.strip().lower().startswith("auth="):
        return None
    token = value.strip()[len("auth=") :]
    name, _, mac = token.rpartition("/")
    if not name or not mac:
        return None
    user = app_queries.user_by_username(name)
    if user is None or not has_app_password(user):
        return None
    return user if same(mac, _mac("auth", user)) else None


# --- answers ----------------------------------------------------------------------------


def text(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")


def unauthorized() -> HttpResponse:
    return text("Unauthorized!", status=401)


def bad_token() -> HttpResponse:
    response = text("Unauthorized!", status=401)
    response["X-Reader-Google-Bad-Token"] = "true"
    return response


def bad_request(reason: str = "Bad Request!") -> HttpResponse:
    return text(reason, status=400)


def reader_api(*, write: bool = False) -> Callable[[ReaderView], View]:
    """A ``/reader/api/0/`` view: authenticated by the header, CSRF-exempt (no cookies),
    never cached; ``write`` views also need a valid ``T`` token."""

    def decorate(view: ReaderView) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs: str) -> HttpResponse:
            user = user_for_token(request.headers.get("Authorization", ""))
            if user is None:
                return unauthorized()
            given = request.POST.get("T") or request.GET.get("T") or ""
            if write and not same(given, action_token(user)):
                return bad_token()
            return view(request, Reader.load(user, now=timezone.now()), **kwargs)

        return csrf_exempt(never_cache(wrapper))

    return decorate


# --- log-in and account -------------------------------------------------------------------


@csrf_exempt  # clients post a password, not a session cookie: nothing to forge
@never_cache
@require_http_methods(["GET", "POST"])
def client_login(request: HttpRequest) -> HttpResponse:
    """``Email`` + ``Passwd`` (user name + app password) → ``SID``/``LSID``/``Auth``."""
    now = timezone.now()
    ip = client_ip(request)
    if app_queries.address_throttled(ip, now=now):
        return text("Error=TooManyAttempts\n", status=429)
    name = (request.POST.get("Email") or request.GET.get("Email") or "").strip()
    password = request.POST.get("Passwd") or request.GET.get("Passwd") or ""
    user = app_queries.user_for_login(name) if name and password else None
    if user is None or not has_app_password(user):
        do_record_login_failure(FAILED_LOGIN_USERNAME, ip, now=now)
        return text("Error=BadAuthentication\n", status=401)
    given = app_actions.key_hash(app_actions.fever_key(user.get_username(), password))
    if not same(given, user.app_password.key_hash):  # type: ignore[attr-defined]
        do_record_login_failure(FAILED_LOGIN_USERNAME, ip, now=now)
        return text("Error=BadAuthentication\n", status=401)
    token = auth_token(user)
    if (request.POST.get("output") or request.GET.get("output")) == "json":
        return JsonResponse({"SID": token, "LSID": token, "Auth": token})
    return text(f"SID={token}\nLSID=null\nAuth={token}\n")


@require_GET
@reader_api()
def token(request: HttpRequest, reader: Reader) -> HttpResponse:
    return text(action_token(reader.user) + "\n")


@require_GET
@reader_api()
def user_info(request: HttpRequest, reader: Reader) -> HttpResponse:
    user = reader.user
    joined = getattr(user, "date_joined", None)
    return JsonResponse(
        {
            "userId": str(user.pk),
            "userName": user.get_username(),
            "userProfileId": str(user.pk),
            "userEmail": getattr(user, "email", ""),
            "isBloggerUser": False,
            "signupTimeSec": int(joined.timestamp()) if joined else 0,
            "isMultiLoginEnabled": False,
        }
    )


# --- subscriptions and tags -----------------------------------------------------------------


@require_GET
@reader_api()
def subscription_list(request: HttpRequest, reader: Reader) -> HttpResponse:
    urls = app_queries.feed_urls(reader.source_ids)
    return JsonResponse(
        {
            "subscriptions": [
                streams.subscription_json(s, urls.get(s.pk), reader.labels_of(s))
                for s in reader.sources
            ]
        }
    )


@require_GET
@reader_api()
def tag_list(request: HttpRequest, reader: Reader) -> HttpResponse:
    labels = [
        {"id": streams.label_id(name), "label": name, "type": "folder"} for name in reader.labels()
    ]
    return JsonResponse({"tags": [{"id": streams.STARRED}, *labels]})


def find_or_add_source(reader: Reader, stream: str, title: str = "") -> Source:
    """The source a ``feed/<id>``, ``feed/<url>`` or plain URL names; an operator (staff)
    may subscribe the site to a new feed URL (polled by the workers, like an OPML import).
    Raises ValueError with the reason a reader app shows."""
    target = stream.removeprefix("feed/").strip()
    if target.isdigit():
        source = app_queries.source_by_id(int(target))
        if source is None:
            raise ValueError(f"no subscription {stream}")
        return source
    return subscriptions.find_or_add_source(reader.user, target, now=reader.now, title=title)


def subscribe(reader: Reader, source: Source) -> None:
    """Follow; a reader who follows nothing sees every source already (new ones too), so
    following one would hide the rest: nothing changes for them."""
    if app_queries.follows_any_source(reader.user_id):
        follow_actions.do_follow_source(reader.user_id, source, now=reader.now)


def unsubscribe(reader: Reader, source: Source) -> None:
    """Unfollow; a reader who followed nothing (so saw every source) now follows the rest."""
    if not app_queries.follows_any_source(reader.user_id):
        others = [s for s in reader.sources if s.pk != source.pk]
        follow_actions.do_follow_sources(reader.user_id, others, now=reader.now)
    follow_actions.do_unfollow_source(reader.user_id, source)


def file_in_folder(reader: Reader, source: Source, name: str) -> None:
    """Put a subscription in the folder ``name`` ("" for none). A reader who follows
    nothing (and so has every source) first follows every source, as on unsubscribing.
    Raises ValueError for a bad folder name."""
    if not app_queries.follows_any_source(reader.user_id):
        if not name:
            return  # no follows, so no folders: nothing to take it out of
        everything = [*reader.sources, *([] if source.pk in reader.source_ids else [source])]
        follow_actions.do_follow_sources(reader.user_id, everything, now=reader.now)
    try:
        folder_actions.do_file_source(reader.user_id, source, name, now=reader.now)
    except UsageError as error:
        raise ValueError(str(error)) from error


def label_change(request: HttpRequest, source: Source) -> str | None:
    """The folder ``a`` / ``r`` (``user/-/label/<name>``) move a subscription to: the added
    label's name, "" when only its current label is removed, None for no change."""
    added = [n for n in map(streams.label_name, request.POST.getlist("a")) if n is not None]
    if added:
        return added[-1]
    removed = [n for n in map(streams.label_name, request.POST.getlist("r")) if n is not None]
    current = app_queries.folder_of(source)
    return "" if current is not None and current in removed else None


def rename(reader: Reader, source: Source, title: str) -> None:
    """Renaming a source renames it for everyone: operators (staff) only."""
    if not getattr(reader.user, "is_staff", False):
        raise PermissionError("only the site's operator can rename a source")
    do_rename_source(source, title)


@require_POST
@reader_api(write=True)
def subscription_edit(request: HttpRequest, reader: Reader) -> HttpResponse:
    """``ac`` = subscribe | unsubscribe | edit, for each ``s`` (with its ``t`` title);
    ``a`` / ``r`` = ``user/-/label/<name>`` move it into / out of the reader's folder."""
    action = request.POST.get("ac", "")
    stream_ids = request.POST.getlist("s")
    titles = request.POST.getlist("t")
    if action not in {"subscribe", "unsubscribe", "edit"} or not stream_ids:
        return bad_request()
    for index, stream in enumerate(stream_ids):
        title = titles[index].strip() if index < len(titles) else ""
        try:
            if action == "subscribe":
                added = find_or_add_source(reader, stream, title)
                subscribe(reader, added)
                folder = label_change(request, added)
                if folder:
                    file_in_folder(reader, added, folder)
                continue
            source = streams.source_of(stream, reader)
            if source is None and action == "unsubscribe":
                continue  # not (or no longer) subscribed: a repeated unsubscribe is fine
            if source is None:
                return bad_request(f"not one of your subscriptions: {stream}")
            if action == "unsubscribe":
                unsubscribe(reader, source)
                continue
            if title and title != source.name:
                rename(reader, source, title)
            folder = label_change(request, source)
            if folder is not None:
                file_in_folder(reader, source, folder)
        except ValueError as error:
            return bad_request(str(error))
        except PermissionError as error:
            return text(str(error), status=403)
    return text("OK")


def named_label(request: HttpRequest, name: str) -> str:
    """The label a form field names, as a stream (``user/-/label/<name>``) or a name."""
    value = request.POST.get(name) or request.GET.get(name) or ""
    found = streams.label_name(value)
    return found if found is not None else value.strip()


@require_POST
@reader_api(write=True)
def rename_tag(request: HttpRequest, reader: Reader) -> HttpResponse:
    """Rename the folder ``s`` (or ``t``) to ``dest``; into an existing folder, they merge."""
    old = named_label(request, "s") or named_label(request, "t")
    new = named_label(request, "dest")
    if not old or not new:
        return bad_request()
    try:
        renamed = folder_actions.do_rename_folder(reader.user_id, old, new, now=reader.now)
    except UsageError as error:
        return bad_request(str(error))
    return text("OK") if renamed else bad_request(f"no label {old}")


@require_POST
@reader_api(write=True)
def disable_tag(request: HttpRequest, reader: Reader) -> HttpResponse:
    """Delete the folder ``s`` (or ``t``); its subscriptions stay, in no folder."""
    name = named_label(request, "s") or named_label(request, "t")
    if not name:
        return bad_request()
    deleted = folder_actions.do_delete_folder(reader.user_id, name)
    return text("OK") if deleted else bad_request(f"no label {name}")


@require_POST
@reader_api(write=True)
def quickadd(request: HttpRequest, reader: Reader) -> HttpResponse:
    url = (request.POST.get("quickadd") or request.GET.get("quickadd") or "").strip()
    try:
        source = find_or_add_source(reader, url)
    except ValueError as error:
        return JsonResponse({"query": url, "numResults": 0, "error": str(error)})
    subscribe(reader, source)
    return JsonResponse(
        {
            "query": url,
            "numResults": 1,
            "streamId": streams.feed_stream_id(source),
            "streamName": source.name,
        }
    )


# --- counts, streams and items ------------------------------------------------------------


@require_GET
@reader_api()
def unread_count(request: HttpRequest, reader: Reader) -> HttpResponse:
    return JsonResponse(streams.unread_counts(reader))


@require_GET
@reader_api()
def stream_item_ids(request: HttpRequest, reader: Reader) -> HttpResponse:
    try:
        query = streams.StreamQuery.parse(request, reader, request.GET.get("s", ""))
    except ValueError as error:
        return bad_request(str(error))
    return JsonResponse(streams.item_ids(query, reader))


@require_GET
@reader_api()
def stream_contents(request: HttpRequest, reader: Reader, stream_id: str = "") -> HttpResponse:
    try:
        query = streams.StreamQuery.parse(request, reader, stream_id or request.GET.get("s", ""))
    except ValueError as error:
        return bad_request(str(error))
    return JsonResponse(streams.contents(query, reader))


@require_http_methods(["GET", "POST"])
@reader_api()
def stream_items_contents(request: HttpRequest, reader: Reader) -> HttpResponse:
    """The items ``i`` names (repeated; long or short ids), POSTed by most clients. A read:
    no ``T`` token needed (FreshRSS and Miniflux ask none either)."""
    given = request.POST.getlist("i") or request.GET.getlist("i")
    ids = [pk for pk in map(streams.parse_item_id, given) if pk is not None]
    return JsonResponse(streams.items_by_id(ids[: streams.MAX_CONTENTS], reader))


@require_POST
@reader_api(write=True)
def edit_tag(request: HttpRequest, reader: Reader) -> HttpResponse:
    """Add (``a``) or remove (``r``) the read or starred state of the items ``i``."""
    ids = [pk for pk in map(streams.parse_item_id, request.POST.getlist("i")) if pk is not None]
    ids = list(streams.own_ids(reader, ids[: streams.MAX_IDS]))
    added, removed = request.POST.getlist("a"), request.POST.getlist("r")
    if streams.READ in added or streams.KEPT_UNREAD in removed:
        app_actions.do_mark_read(reader.user_id, ids, now=reader.now)
    if streams.READ in removed or streams.KEPT_UNREAD in added:
        app_actions.do_mark_unread(reader.user_id, ids)
    if streams.STARRED in added:
        app_actions.do_save_articles(reader.user_id, ids, now=reader.now)
    if streams.STARRED in removed:
        app_actions.do_unsave_articles(reader.user_id, ids)
    return text("OK")


@require_POST
@reader_api(write=True)
def mark_all_as_read(request: HttpRequest, reader: Reader) -> HttpResponse:
    """Everything unread in stream ``s`` discovered up to ``ts`` (microseconds; now when
    absent) becomes read."""
    try:
        query = streams.StreamQuery.parse(request, reader, request.POST.get("s", ""))
    except ValueError as error:
        return bad_request(str(error))
    before = streams.from_usec(request.POST.get("ts", ""), default=reader.now)
    ids = streams.unread_ids_up_to(query, reader, before)
    app_actions.do_mark_read(reader.user_id, ids, now=reader.now)
    return text("OK")
