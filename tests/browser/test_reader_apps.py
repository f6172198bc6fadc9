"""A reader connects a reader app: makes an app password in a real browser, then a Fever
client (httpx, over real HTTP) syncs, marks, and the site shows what the app saved."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import pytest

from tests.browser.conftest import articles, log_in, make_reader, screenshot

pytestmark = pytest.mark.slow


def test_make_an_app_password_then_sync_like_a_fever_client(
    page: Any, live_server: Any, transactional_db: Any
) -> None:
    data = articles(transactional_db)
    make_reader("ann")
    log_in(page, "ann")
    page.goto("/account/")
    page.get_by_role("link", name="Reader apps (Fever, Google Reader API): app password").click()
    page.get_by_role("button", name="Make an app password").click()
    password = page.locator("#app-password").inner_text()
    screenshot(page, "reader-apps")
    key = hashlib.md5(f"ann:{password}".encode(), usedforsecurity=False).hexdigest()

    with httpx.Client(base_url=live_server.url, timeout=10) as app:

        def call(query: str, **form: Any) -> dict[str, Any]:
            response = app.post(f"/fever/?api{query}", data={"api_key": key, **form})
            response.raise_for_status()
            body: dict[str, Any] = response.json()
            assert body["api_version"] == 3 and body["auth"] == 1
            return body

        assert {f["title"] for f in call("&feeds")["feeds"]} == {"BBC News", "CNN"}
        synced: list[dict[str, Any]] = []
        since = 0
        while batch := call(f"&items&since_id={since}")["items"]:  # a client's first sync
            synced += batch
            since = batch[-1]["id"]
        assert {item["title"] for item in synced} >= {"Earthquake strikes the coast"}
        quake = data["quake"].pk
        unread = call("&unread_item_ids")["unread_item_ids"].split(",")
        assert str(quake) in unread

        call("", mark="item", id=quake, **{"as": "read"})
        call("", mark="item", id=quake, **{"as": "saved"})
        assert str(quake) not in call("&unread_item_ids")["unread_item_ids"].split(",")
        wrong = app.post("/fever/?api&items", data={"api_key": "0" * 32}).json()
        assert wrong == {"api_version": 3, "auth": 0, "last_refreshed_on_time": 0}

    page.goto("/saved/")  # what the app saved is on the site's Saved page
    assert page.locator(".card-title").all_inner_texts() == ["Earthquake strikes the coast"]
