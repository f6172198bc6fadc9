"""The installable app (manifest, icons, service worker, offline page) and the
security headers and cookies every page gets."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.serve.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_manifest_names_the_app_and_its_icons(client: Client) -> None:
    response = client.get("/manifest.webmanifest")

    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_every_page_links_the_manifest(client: Client) -> None:
    html = client.get("/").content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'id="install-app"' in html  # shown by app.js when the browser offers it


def test_service_worker_is_served_from_the_root_scope(client: Client) -> None:
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert '"/offline/"' in body and "caches.open" in body


def test_offline_page(client: Client) -> None:
    assert "You are offline" in client.get("/offline/").content.decode()


def test_csp_forbids_inline_script_and_style(client: Client) -> None:
    csp = client.get("/").headers["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_session_cookie_is_httponly_and_samesite(client: Client, reader: Any) -> None:
    response = client.post("/account/login/", {"username": "reader", "password": PASSWORD})

    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert response.cookies["csrftoken"]["samesite"] == "Lax"
