"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

Never downloads a browser: Chromium comes from Debian's ``chromium`` package at
/usr/bin/chromium (CI installs it); without it these tests are skipped, saying so.
axe-core comes from the npm registry into the git-ignored ``.cache/axe-core`` (CI runs
``npm install``; the fixture does the same when it is missing). Screenshots go to the
git-ignored ``test-artifacts/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
AXE_DIR = ROOT / ".cache" / "axe-core"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
        allow_module_level=True,
    )

# Playwright's sync API runs an asyncio loop in this thread; Django refuses ORM calls from
# such a thread unless told that this (single-threaded test) use is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1000, "height": 900})
    context.set_default_timeout(10_000)
    # The tests run without network: anything not on the live server is refused at once.
    context.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: route.abort(),
    )
    yield context
    context.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed from the npm registry on first use."""
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to install axe-core (apt-get install npm)")
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "axe-core@4"],
            cwd=AXE_DIR,
            check=True,
            timeout=300,
        )
    return AXE_JS.read_text(encoding="utf-8")


def serious_violations(page: Any, axe_source: str) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def screenshot(page: Any, name: str, *, full_page: bool = True) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


PASSWORD = "correct-horse-battery-staple-42"


def make_reader(name: str, *, days_old: int = 30, staff: bool = False) -> Any:
    from django.contrib.auth import get_user_model

    from newsdesk.store.actions.accounts import do_sign_up

    user = do_sign_up(name, f"{name}@example.org", PASSWORD, now=timezone.now())
    get_user_model().objects.filter(pk=user.pk).update(
        date_joined=timezone.now() - timedelta(days=days_old),
        is_staff=staff,
        is_superuser=staff,
    )
    return user


def log_in(page: Any, name: str) -> None:
    page.goto("/account/login/")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def articles(transactional_db: Any) -> dict[str, Any]:
    from tests.serve.conftest import add_feed, minutes_ago, publish

    cnn = add_feed()
    bbc = add_feed("https://www.bbc.co.uk/news/rss.xml", title="BBC News")
    body = (
        "Rescue teams reached the coastal towns overnight after the earthquake.\n\n"
        "Officials said roads were being cleared and shelters opened in schools.\n\n"
        "Aftershocks continued through the morning, and residents were told to stay outside."
    )
    return {
        "quake": publish(
            cnn, "world/quake", title="Earthquake strikes the coast", text=body,
            authors=["Ann Lee"], section="World", published=minutes_ago(24),
            image="https://img.test/quake.jpg", caption="Rescue teams at work.",
        ),
        "budget": publish(
            bbc, "news/budget", title="Parliament passes the budget",
            text="Members voted late on Tuesday on the spending plan.\n\nTaxes stay the same.",
            section="Politics", published=minutes_ago(90),
        ),
        "tech": publish(
            bbc, "news/chips", title="A new chip factory opens",
            text="The plant will employ two thousand people.", section="Technology",
            published=minutes_ago(200),
        ),
    }  # fmt: skip
