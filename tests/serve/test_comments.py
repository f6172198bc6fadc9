"""Threaded comments: posting, replies, edit/delete window, reports, moderation, limits,
spam heuristics, and hostile markdown rendered inert."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.admin.sites import site
from django.test import Client
from django.utils import timezone

from newsdesk.pipeline.errors import ActionRefused, RateLimited
from newsdesk.serve.web.links import article_path
from newsdesk.store.actions.comments import (
    EDIT_WINDOW,
    REPORTS_TO_HIDE,
    check_add_comment,
    do_add_comment,
    do_report_comment,
)
from newsdesk.store.models import Article, Comment, CommentStatus
from tests.serve.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(make_article: Any) -> Article:
    return make_article("story", title="A story")


def post(client: Client, article: Article, body: str, parent: int | None = None) -> Any:
    data = {"body": body} | ({"parent": str(parent)} if parent else {})
    return client.post(f"/a/{article.pk}/comments/", data, follow=True)


def add(
    user: Any, article: Article, body: str, *, parent: Comment | None = None, ago: float = 0
) -> Comment:
    now = timezone.now() - timedelta(minutes=ago)
    draft = check_add_comment(user, article, body, parent=parent, now=now, joined=user.date_joined)
    return do_add_comment(user, article, draft, now=now)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def elements_in(html: str) -> list[tuple[str, dict[str, str]]]:
    """The real elements and attributes of ``html`` (escaped text is not markup)."""
    parser = _Elements()
    parser.feed(html)
    return parser.found


def test_no_comments_yet(client: Client, article: Article) -> None:
    html = client.get(article_path(article)).content.decode()

    assert "No comments yet" in html
    assert "Log in" in html and 'id="comment-form"' not in html


def test_post_and_reply_make_a_thread_with_counts(
    client: Client, reader: Any, article: Article
) -> None:
    client.force_login(reader)

    html = post(client, article, "First **thoughts**").content.decode()
    first = Comment.objects.get()
    html = post(client, article, "A reply", parent=first.pk).content.decode()

    assert 'Comments <span class="count">(2)</span>' in html
    assert "<strong>thoughts</strong>" in html
    reply = Comment.objects.get(parent=first)
    # The reply is nested inside the first comment's list item.
    outer = html.split(f'id="c{first.pk}"', 1)[1]
    assert (
        f'id="c{reply.pk}"' in outer.split("</li>\n  </ol>", 1)[0] or f'id="c{reply.pk}"' in outer
    )
    assert html.index(f'id="c{first.pk}"') < html.index(f'id="c{reply.pk}"')


def test_every_comment_form_has_a_csrf_token_and_posting_without_one_fails(
    reader: Any, article: Article
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    add(make_user("other"), article, "hello")

    html = client.get(article_path(article)).content.decode()
    forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", html, re.S)
    assert len(forms) >= 5  # log out, save, follow, reply, comment, report...
    for form in forms:
        assert 'name="csrfmiddlewaretoken"' in form
    assert client.post(f"/a/{article.pk}/comments/", {"body": "x"}).status_code == 403


def test_edit_and_delete_own_within_the_window(
    client: Client, reader: Any, article: Article
) -> None:
    client.force_login(reader)
    mine = add(reader, article, "typo")
    old = add(reader, article, "old one", ago=EDIT_WINDOW.total_seconds() / 60 + 1)

    client.post(f"/a/{article.pk}/comments/{mine.pk}/edit", {"body": "fixed"})
    mine.refresh_from_db()
    assert mine.body == "fixed" and mine.edited_at is not None

    client.post(f"/a/{article.pk}/comments/{old.pk}/edit", {"body": "changed"})
    old.refresh_from_db()
    assert old.body == "old one"

    client.post(f"/a/{article.pk}/comments/{mine.pk}/delete")
    assert not Comment.objects.filter(pk=mine.pk).exists()
    client.post(f"/a/{article.pk}/comments/{old.pk}/delete")
    assert Comment.objects.filter(pk=old.pk).exists()


def test_nobody_edits_another_readers_comment(
    client: Client, reader: Any, article: Article
) -> None:
    theirs = add(make_user("other"), article, "theirs")
    client.force_login(reader)

    client.post(f"/a/{article.pk}/comments/{theirs.pk}/edit", {"body": "mine now"})
    client.post(f"/a/{article.pk}/comments/{theirs.pk}/delete")

    theirs.refresh_from_db()
    assert theirs.body == "theirs"


def test_reports_hide_a_comment_for_review_once_enough_readers_report_it(
    client: Client, article: Article
) -> None:
    bad = add(make_user("troll"), article, "rude words")
    reporters = [make_user(f"r{i}") for i in range(REPORTS_TO_HIDE)]
    client.force_login(reporters[0])

    response = client.post(
        f"/a/{article.pk}/comments/{bad.pk}/report", {"reason": "abuse"}, follow=True
    )
    assert "A moderator will look at this comment" in response.content.decode()
    again = client.post(
        f"/a/{article.pk}/comments/{bad.pk}/report", {"reason": "abuse"}, follow=True
    )
    assert "already reported" in again.content.decode()
    for user in reporters[1:]:
        do_report_comment(bad, user.pk, "spam", now=timezone.now())

    bad.refresh_from_db()
    assert bad.report_count == REPORTS_TO_HIDE
    assert bad.status == CommentStatus.HELD
    assert "rude words" not in Client().get(article_path(article)).content.decode()


def test_moderation_in_the_admin_hides_restores_and_bans(article: Article) -> None:
    admin_client = Client()
    admin = make_user("mod")
    type(admin).objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    admin_client.force_login(admin)
    troll = make_user("troll", joined=timezone.now() - timedelta(days=10))
    bad = add(troll, article, "spam spam")
    do_report_comment(bad, admin.pk, "spam", now=timezone.now())

    queue = admin_client.get("/admin/newsdesk/comment/?review=queue").content.decode()
    assert "spam spam" in queue

    url = "/admin/newsdesk/comment/"
    admin_client.post(url, {"action": "hide", "_selected_action": [bad.pk]})
    bad.refresh_from_db()
    assert bad.status == CommentStatus.HIDDEN
    admin_client.post(url, {"action": "restore", "_selected_action": [bad.pk]})
    bad.refresh_from_db()
    assert bad.status == CommentStatus.VISIBLE and bad.report_count == 0
    admin_client.post(url, {"action": "ban_authors", "_selected_action": [bad.pk]})
    bad.refresh_from_db()
    assert bad.status == CommentStatus.HIDDEN
    with pytest.raises(ActionRefused, match="may not post"):
        add(troll, article, "I am back")
    assert Comment in site._registry


def test_rate_limit_per_reader(reader: Any, article: Article) -> None:
    for i in range(5):
        add(reader, article, f"comment number {i}")

    with pytest.raises(RateLimited):
        add(reader, article, "one too many")


def test_repeated_comment_is_refused(client: Client, reader: Any, article: Article) -> None:
    client.force_login(reader)
    post(client, article, "Buy now")

    html = post(client, article, "buy   NOW").content.decode()

    assert "You have already posted this comment" in html
    assert Comment.objects.count() == 1


def test_links_from_new_accounts_are_held_for_moderation(client: Client, article: Article) -> None:
    newcomer = make_user("newcomer")  # joined just now
    client.force_login(newcomer)

    html = post(client, article, "Great deals at https://spam.example/").content.decode()

    comment = Comment.objects.get()
    assert comment.status == CommentStatus.HELD
    assert comment.held_reason == "link from a new account"
    assert "awaiting moderation" in html  # the author sees it, marked
    assert "spam.example" not in Client().get(article_path(article)).content.decode()


def test_many_links_are_held_even_from_old_accounts(reader: Any, article: Article) -> None:
    body = " ".join(f"https://site{i}.example/" for i in range(4))

    assert add(reader, article, body).status == CommentStatus.HELD


def test_plain_links_from_old_accounts_are_shown(reader: Any, article: Article) -> None:
    assert add(reader, article, "see https://example.org/").status == CommentStatus.VISIBLE


HOSTILE_COMMENTS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<svg><script>alert(1)</script></svg>",
    '<p style="background:url(javascript:alert(1));width:expression(alert(1))">x</p>',
    '<a href="https://ok.example/" onclick="alert(1)">x</a>',
    "![img](javascript:alert(1))",
    "<iframe src=https://evil.example/></iframe>",
]


@pytest.mark.parametrize("body", HOSTILE_COMMENTS)
def test_hostile_comments_are_rendered_inert(
    client: Client, reader: Any, article: Article, body: str
) -> None:
    add(reader, article, body)

    html = client.get(article_path(article)).content.decode()
    rendered = html.split('<div class="comment-body">', 1)[1].split("</div>", 1)[0]

    elements = elements_in(rendered)
    assert {tag for tag, _ in elements} <= {"p", "a", "em", "strong", "code", "br"}
    for tag, attributes in elements:
        assert set(attributes) <= ({"href", "rel"} if tag == "a" else set())
        if tag == "a":
            assert attributes["href"].startswith(("https://", "http://"))


def test_comment_links_are_marked_ugc_nofollow(
    reader: Any, article: Article, client: Client
) -> None:
    add(reader, article, "[docs](https://docs.example/)")

    html = client.get(article_path(article)).content.decode()

    assert '<a href="https://docs.example/" rel="nofollow ugc noopener noreferrer">docs</a>' in html


def test_article_page_query_count_is_fixed_however_many_comments(
    client: Client, reader: Any, make_article: Any, django_assert_num_queries: Any
) -> None:
    article = make_article("busy", section="World")
    users = [make_user(f"u{i}", joined=timezone.now() - timedelta(days=9)) for i in range(4)]
    parent = None
    for i, user in enumerate(users * 2):
        parent = add(user, article, f"comment {i}", parent=parent if i % 2 else None)
    client.force_login(reader)
    path = article_path(article)
    client.get(path)

    # session, user, article, comments (with authors), saved?, follows source?, follows
    # topic?, entities to follow (with followed?), AI panel, related articles.
    with django_assert_num_queries(10):
        response = client.get(path)
    assert response.status_code == 200
    assert response.content.decode().count('class="comment') >= 8
