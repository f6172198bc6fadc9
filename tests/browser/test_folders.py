"""Folders in a real browser: follow two sources, put one in a folder from the account
page, see the follows grouped by folder; the page has no serious axe-core violations (light
and dark) and fits a small screen with folders on it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import articles, log_in, make_reader, screenshot, serious_violations

pytestmark = pytest.mark.slow


def test_put_a_followed_source_in_a_folder(
    browser: Any, live_server: Any, transactional_db: Any, axe_source: str
) -> None:
    articles(transactional_db)
    make_reader("ann")
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    try:
        log_in(page, "ann")
        for domain, name in [("bbc.co.uk", "BBC News"), ("edition.cnn.com", "CNN")]:
            page.goto(f"/s/{domain}/")
            page.get_by_role("button", name=f"Follow {name}").click()
        page.goto("/account/")
        assert page.get_by_role("heading", name="Sources in no folder").is_visible()

        page.get_by_label("Folder for BBC News").fill("World")
        page.get_by_role("button", name="Move BBC News").click()
        assert page.get_by_role("heading", name="World (folder)").is_visible()
        assert page.get_by_label("Folder for BBC News").input_value() == "World"
        assert page.get_by_text("BBC News is in the folder World.").is_visible()
        link = page.get_by_role("link", name="Download your subscriptions as OPML")
        assert link.get_attribute("href") == "/account/subscriptions.opml"

        problems: dict[str, list[str]] = {}
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            serious = serious_violations(page, axe_source)
            if serious:
                problems[scheme] = serious
            screenshot(page, f"{scheme}-account-folders")
        assert problems == {}

        page.set_viewport_size({"width": 360, "height": 740})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"/account/ scrolls sideways by {overflow}px at 360px"
        screenshot(page, "360-account-folders")
    finally:
        context.close()
