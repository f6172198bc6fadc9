"""What a reader does, in a real browser: sign up, log in, comment, reply, edit, report,
moderate; search; follow and For you; save and read offline; keyboard only; axe-core."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import newsdesk.serve.web as web_package
from newsdesk.serve.web.links import article_path, source_path
from newsdesk.store.models import Comment, CommentStatus
from tests.browser.conftest import (
    PASSWORD,
    articles,
    log_in,
    make_reader,
    screenshot,
    serious_violations,
)

pytestmark = pytest.mark.slow


def test_sign_up_comment_reply_edit_then_report_and_moderate(
    browser: Any, page: Any, context: Any, live_server: Any, transactional_db: Any
) -> None:
    quake = articles(transactional_db)["quake"]
    make_reader("bo")
    make_reader("mod", staff=True)

    # Sign up.
    page.goto("/account/signup/")
    screenshot(page, "signup")
    page.get_by_label("Username").fill("ann")
    page.get_by_label("Email").fill("ann@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("status").inner_text().startswith("Welcome to newsdesk")

    # Comment on an article.
    page.goto(article_path(quake))
    assert page.get_by_text("No comments yet").is_visible()
    page.get_by_label("Add a comment").fill("Stay **safe**, everyone.")
    page.get_by_role("button", name="Post comment").click()
    first = page.locator(".comment").first
    assert first.locator("strong").inner_text() == "safe"
    assert page.locator("#comments-title").inner_text() == "Comments (1)"

    # Edit it within the window.
    first.get_by_role("link", name="Edit").click()
    page.get_by_label("Your comment").fill("Stay **safe**, everyone. Shelters are open.")
    page.get_by_role("button", name="Save changes").click()
    assert "Shelters are open." in page.locator(".comment-body").first.inner_text()
    assert "edited" in page.locator(".comment .meta").first.inner_text()

    # Another reader logs in and replies, then reports.
    page.get_by_role("button", name="Log out").click()
    log_in(page, "bo")
    page.goto(article_path(quake))
    page.get_by_text("Reply", exact=True).click()
    page.get_by_label("Reply to ann").fill("Thank you, stay safe too.")
    page.get_by_role("button", name="Post reply").click()
    reply = page.locator(".thread .thread .comment")
    assert reply.locator(".comment-body").inner_text() == "Thank you, stay safe too."
    screenshot(page, "article-with-comments")
    page.locator(".comment").first.get_by_role("link", name="Report").first.click()
    page.get_by_label("Spam or advertising").check()
    page.get_by_role("button", name="Send report").click()
    assert "A moderator will look at this comment" in page.get_by_role("status").inner_text()
    reported = Comment.objects.get(parent=None)
    assert reported.report_count == 1

    # A moderator hides it in the admin's moderation queue, then restores it.
    page.get_by_role("button", name="Log out").click()
    log_in(page, "mod")
    page.goto("/admin/newsdesk/comment/?review=queue")
    screenshot(page, "admin-moderation-queue")
    page.locator(f'input[name="_selected_action"][value="{reported.pk}"]').check()
    page.locator('select[name="action"]').select_option("hide")
    page.get_by_role("button", name="Go").click()
    reported.refresh_from_db()
    assert reported.status == CommentStatus.HIDDEN
    page.goto(article_path(quake))
    assert page.get_by_text("Shelters are open.").count() == 0


def test_search_with_highlights_and_filters(page: Any, transactional_db: Any) -> None:
    articles(transactional_db)

    page.goto("/")
    page.get_by_label("Search articles").fill("earthquake")
    page.get_by_label("Search articles").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=earthquake"))

    assert page.locator(".card-title").all_inner_texts() == ["Earthquake strikes the coast"]
    assert page.locator(".excerpt mark").first.inner_text().lower() == "earthquake"
    screenshot(page, "search")
    page.get_by_label("Words to find").fill("budget OR chip")
    page.get_by_label("Source (domain)").fill("bbc.co.uk")
    page.get_by_role("button", name="Search", exact=True).last.click()
    assert sorted(page.locator(".card-title").all_inner_texts()) == [
        "A new chip factory opens",
        "Parliament passes the budget",
    ]


def test_follow_a_source_and_a_topic_then_for_you(page: Any, transactional_db: Any) -> None:
    data = articles(transactional_db)
    make_reader("ann")
    log_in(page, "ann")

    page.goto("/s/bbc.co.uk/")
    page.get_by_role("button", name="Follow BBC News").click()
    assert page.get_by_role("button", name="Following BBC News").is_visible()
    page.goto(article_path(data["quake"]))
    page.get_by_role("button", name="Follow topic World").click()
    page.get_by_role("link", name="For you").click()

    assert page.locator(".card-title").all_inner_texts() == [
        "Earthquake strikes the coast",
        "Parliament passes the budget",
        "A new chip factory opens",
    ]
    assert page.locator(".reason").all_inner_texts() == [
        "Because you follow the topic World",
        "Because you follow BBC News",
        "Because you follow BBC News",
    ]
    screenshot(page, "for-you")


def test_save_then_read_offline_through_the_service_worker(
    page: Any, context: Any, transactional_db: Any
) -> None:
    quake = articles(transactional_db)["quake"]
    make_reader("ann")
    log_in(page, "ann")
    page.wait_for_function("navigator.serviceWorker.controller !== null")

    page.goto(article_path(quake))
    page.get_by_role("button", name="Save", exact=True).click()
    assert page.get_by_role("button", name="Saved").is_visible()
    page.goto("/saved/")
    assert page.locator(".card-title").all_inner_texts() == ["Earthquake strikes the coast"]
    # The worker has stored the saved article and the Saved page.
    page.wait_for_function(
        "caches.open('newsdesk-saved').then(c => c.keys()).then(k => k.length >= 2)"
    )

    context.set_offline(True)
    page.goto(article_path(quake))
    assert page.locator("h1").inner_text() == "Earthquake strikes the coast"
    assert "Rescue teams reached the coastal towns" in page.locator(".body").inner_text()
    screenshot(page, "offline-saved-article")
    page.goto("/sources/")  # never visited: the offline page
    assert page.locator("h1").inner_text() == "You are offline"
    context.set_offline(False)


def test_keyboard_only_reading_of_an_article(page: Any, transactional_db: Any) -> None:
    quake = articles(transactional_db)["quake"]
    page.goto(article_path(quake))

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # a visible focus ring
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('main') !== null")
    assert focused  # focus moved into the content, past the site navigation
    names = []
    for _ in range(12):
        names.append(page.evaluate("document.activeElement.textContent.trim()"))
        page.keyboard.press("Tab")
    assert "Read the original at CNN" in names
    assert "Log in" in names  # the comments' call to action
    screenshot(page, "keyboard-focus", full_page=False)


PAGES = [
    "/", "/sources/", "/s/bbc.co.uk/", "/search/?q=earthquake", "/account/login/",
    "/account/signup/", "/t/World/", "ARTICLE", "/for-you/", "/saved/", "/account/",
    "/account/apps/", "/stories/", "STORY", "/topics/", "/entities/",
]  # fmt: skip


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(
    browser: Any, live_server: Any, transactional_db: Any, axe_source: str, scheme: str
) -> None:
    # axe-core is injected as a script, which our CSP rightly refuses: this context only
    # lets the test's own script in.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    data = articles(transactional_db)
    reader = make_reader("ann")
    from django.utils import timezone

    from newsdesk.store.actions.comments import check_add_comment, do_add_comment

    draft = check_add_comment(
        reader, data["quake"], "A *first* comment", parent=None, now=timezone.now(),
        joined=reader.date_joined,
    )  # fmt: skip
    do_add_comment(reader, data["quake"], draft, now=timezone.now())
    story = browse_data(data)
    page.emulate_media(color_scheme=scheme)
    problems: dict[str, list[str]] = {}
    for path in PAGES:
        if path == "/for-you/":
            log_in(page, "ann")
        url = {"ARTICLE": article_path(data["quake"]), "STORY": f"/story/{story.pk}/"}.get(
            path, path
        )
        page.goto(url)
        serious = serious_violations(page, axe_source)
        if serious:
            problems[url] = serious
        name = "home" if path == "/" else re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-")
        screenshot(page, f"{scheme}-{name}")
    context.close()
    assert problems == {}


def browse_data(data: dict[str, Any]) -> Any:
    """A story of two of the articles, and the people, places and organisations they name
    (for the browse pages: top-story cards, "In the news", the story's entities line)."""
    from tests.serve.conftest import make_story, name_entities

    name_entities(data["quake"], ("Ann Lee", "person", 2), ("Lisbon", "place", 1))
    name_entities(data["budget"], ("Parliament", "organization", 3), ("Lisbon", "place", 1))
    return make_story([data["quake"], data["budget"]])


def test_small_screen_has_no_horizontal_scroll(
    browser: Any, live_server: Any, transactional_db: Any
) -> None:
    data = articles(transactional_db)
    quake = data["quake"]
    browse_data(data)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page = context.new_page()
    try:
        for path, name in (
            ("/", "home"),
            (article_path(quake), "article"),
            ("/search/?q=coast", "search"),
            ("/stories/", "stories"),
            ("/topics/", "topics"),
            ("/entities/", "entities"),
        ):
            page.goto(path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
            screenshot(page, f"360-{name}")
    finally:
        context.close()


def test_a_long_word_in_a_title_wraps_on_a_small_screen(
    browser: Any, live_server: Any, transactional_db: Any
) -> None:
    from tests.serve.conftest import add_feed, minutes_ago, publish

    feed = add_feed("https://www.faktencheck.test/news/rss.xml", title="Faktencheck")
    word = "Verschwörungserzählungsverbreitungsnetzwerke"  # one word, wider than a phone
    long = publish(
        feed, "hanta", title=f"Angst vor dem Hantavirus lässt {word} wachsen",
        text=f"Die {word} wachsen. " * 30, image="https://img.test/hanta.jpg",
        section="Faktencheck", published=minutes_ago(10),
    )  # fmt: skip
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    # The thumbnail loads (one that does not is removed, which would hide the layout).
    icon = (Path(web_package.__file__).parent / "static" / "web" / "icon-192.png").read_bytes()
    context.route(
        "https://img.test/**", lambda route: route.fulfill(body=icon, content_type="image/png")
    )
    page = context.new_page()
    try:
        for path, name in (
            ("/", "home"),
            (source_path(long.source), "source"),
            ("/t/Faktencheck/", "topic"),
            (article_path(long), "article"),
        ):
            page.goto(path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
            screenshot(page, f"360-long-word-{name}")
        # The card's thumbnail stays beside the title, inside the screen.
        page.goto("/")
        right = page.evaluate(
            "document.querySelector('.card .thumb').getBoundingClientRect().right"
        )
        assert right <= 360
    finally:
        context.close()


def test_account_pages_fit_a_small_screen(
    browser: Any, live_server: Any, transactional_db: Any
) -> None:
    make_reader("pocket")
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        log_in(page, "pocket")
        page.goto("/account/apps/")
        page.get_by_role("button", name="Make an app password").click()
        page.wait_for_selector("#app-password")
        for path in ("/account/apps/", "/account/"):
            if path != "/account/apps/":
                page.goto(path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
            # Each menu item on one line ("Top stories", not "Top" over "stories").
            broken = page.evaluate(
                "[...document.querySelectorAll('header.site nav a')]"
                ".filter(a => a.getClientRects().length > 1).map(a => a.textContent)"
            )
            assert broken == [], f"menu items broken over lines at 360px: {broken}"
            screenshot(page, "360-" + path.strip("/").replace("/", "-"))
    finally:
        context.close()


def test_a_publishers_image_that_fails_to_load_leaves_no_broken_box(
    browser: Any, live_server: Any, transactional_db: Any
) -> None:
    quake = articles(transactional_db)["quake"]  # its image is on img.test
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1000, "height": 900})
    context.route("https://img.test/**", lambda route: route.fulfill(status=404, body=""))
    page = context.new_page()
    try:
        page.goto("/")
        card = page.locator(".card", has_text="Earthquake strikes the coast")
        card.locator(".card-title").wait_for()
        page.locator(".card .thumb").wait_for(state="detached")
        assert "has-image" not in (card.get_attribute("class") or "")
        page.goto(article_path(quake))
        page.locator("figure.lead").wait_for(state="detached")
        assert page.locator(".story h1").inner_text() == "Earthquake strikes the coast"
    finally:
        context.close()
