"""The account page for reader apps: create or revoke the app password the Fever and
Google Reader APIs check. newsdesk makes the password and shows it once; only a hash of
the Fever key is stored."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from newsdesk.serve.web.readers import reader, reader_id
from newsdesk.store.actions import reader_apps as app_actions
from newsdesk.store.queries import reader_apps as app_queries

#: Random bytes in a generated app password (24 URL-safe characters).
APP_PASSWORD_BYTES = 18


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def app_password(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    created = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            app_actions.do_revoke_app_password(reader_id(request))
            messages.success(request, "Your app password is revoked: reader apps are signed out.")
            return redirect("web:app_password")
        created = secrets.token_urlsafe(APP_PASSWORD_BYTES)
        app_actions.do_set_app_password(
            reader_id(request), user.get_username(), created, now=timezone.now()
        )
    context = {
        "created": created,
        "active": bool(created) or app_queries.has_app_password(reader_id(request)),
        "server_url": request.build_absolute_uri(reverse("compat:fever")),
        "greader_url": request.build_absolute_uri("/"),
        "nav": "account",
    }
    return render(request, "web/accounts/app_password.html", context)
