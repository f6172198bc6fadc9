"""The installable app: the service worker (served from the site root so that it may
control every page), the web app manifest and the offline page."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

STATIC = Path(__file__).resolve().parent / "static" / "web"


def _read(name: str) -> bytes:
    """A static file shipped in the package (small; the OS page cache keeps it warm)."""
    return (STATIC / name).read_bytes()


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_read("sw.js"), content_type="text/javascript; charset=utf-8")
    # Browsers check for a new worker on navigation; let them revalidate each time.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_read("manifest.webmanifest"), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "web/offline.html", {})
