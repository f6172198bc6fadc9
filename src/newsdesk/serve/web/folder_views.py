"""A reader's folders and OPML: put a followed source in a folder, download the
subscriptions as OPML (folders as nested outlines), import an OPML file. Thin: the work
is in :mod:`.subscriptions` and ``store.actions.folders``; every form posts with a CSRF
token and the pages live under /account/ (never in the page cache)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from newsdesk.pipeline.errors import UsageError
from newsdesk.serve.web import subscriptions
from newsdesk.serve.web.readers import reader, reader_id
from newsdesk.store.actions import folders as folder_actions
from newsdesk.store.queries import reader_apps as app_queries

OPML_TYPE = "text/x-opml; charset=utf-8"
#: Where the forms return to: the account page's list of follows.
FOLLOWS_ANCHOR = "#follows-title"


def _back() -> HttpResponse:
    response = redirect("web:profile")
    response["Location"] += FOLLOWS_ANCHOR
    return response


@login_required
@require_POST
def folder_set(request: HttpRequest) -> HttpResponse:
    """Put the followed ``source`` (an id) in the folder ``folder`` ("" for none)."""
    pk = request.POST.get("source", "")
    source = app_queries.source_by_id(int(pk)) if pk.isdigit() else None
    if source is None:
        messages.error(request, "No such source.")
        return _back()
    name = request.POST.get("folder", "")
    try:
        folder_actions.do_file_source(reader_id(request), source, name, now=timezone.now())
        name = folder_actions.clean_folder_name(name)
    except UsageError as error:
        messages.error(request, f"{source.name}: {error}.")
        return _back()
    if name:
        messages.success(request, f"{source.name} is in the folder {name}.")
    else:
        messages.success(request, f"{source.name} is in no folder.")
    return _back()


@login_required
@require_safe
def subscriptions_opml(request: HttpRequest) -> HttpResponse:
    """The reader's subscriptions as OPML 2.0, a nested outline per folder."""
    user = reader(request)
    document = subscriptions.export_opml(int(user.pk), user.get_username())
    response = HttpResponse(document, content_type=OPML_TYPE)
    response["Content-Disposition"] = 'attachment; filename="newsdesk-subscriptions.opml"'
    response["Cache-Control"] = "private, no-store"
    return response


class CappedUpload(FileUploadHandler):
    """Keeps at most ``limit`` bytes of an uploaded file, in memory; the rest is read and
    dropped, never written to disk. The file's ``size`` stays the size sent."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.kept = bytearray()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.kept = bytearray()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = self.limit - len(self.kept)
        if room > 0:
            self.kept += raw_data[:room]

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        return InMemoryUploadedFile(
            BytesIO(bytes(self.kept)),
            self.field_name,
            self.file_name or "upload.opml",
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )


# The CSRF check runs in `_import`, once the upload handler is set: Django reads the body
# for the token, so the handler must be in place before (its documented pattern).
@csrf_exempt
@login_required
@require_POST
def subscriptions_import(request: HttpRequest) -> HttpResponse:
    """Follow the feeds of an uploaded OPML file, in its folders (all or nothing)."""
    request.upload_handlers = [CappedUpload(request, subscriptions.MAX_OPML_BYTES + 1)]
    return _import(request)


@csrf_protect
def _import(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("opml")
    if upload is None:
        messages.error(request, "Choose an OPML file to import.")
        return _back()
    if upload.size is not None and upload.size > subscriptions.MAX_OPML_BYTES:
        messages.error(
            request, f"The OPML file is larger than {subscriptions.MAX_OPML_BYTES // 1024} KB."
        )
        return _back()
    content = upload.read(subscriptions.MAX_OPML_BYTES + 1)
    try:
        report = subscriptions.import_opml(reader(request), content, now=timezone.now())
    except UsageError as error:
        messages.error(request, f"Nothing was imported: {error}.")
        return _back()
    followed = f"You follow {report.followed} source{'s' if report.followed != 1 else ''}"
    messages.success(request, f"{followed} from the file ({report.filed} moved into folders).")
    if report.skipped:
        shown = "; ".join(f"{url}: {reason}" for url, reason in report.skipped[:5])
        more = f" and {len(report.skipped) - 5} more" if len(report.skipped) > 5 else ""
        messages.warning(
            request, f"{len(report.skipped)} feed(s) were not followed: {shown}{more}."
        )
    return _back()
