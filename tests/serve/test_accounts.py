"""Accounts: sign up, log in (throttled), log out, password reset by e-mail, profile,
delete account."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from newsdesk.store.actions.comments import check_add_comment, do_add_comment
from newsdesk.store.models import Article, Comment, CommentStatus, LoginAttempt
from newsdesk.store.queries.accounts import LOGIN_FAILURES_PER_USERNAME
from tests.serve.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_sign_up_creates_an_account_hashed_with_argon2_and_logs_in(client: Client) -> None:
    response = client.post(
        "/account/signup/",
        {
            "username": "ann",
            "email": "ann@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="ann")
    assert user.password.startswith("argon2")
    assert client.get("/account/").status_code == 200  # logged in


def test_sign_up_refuses_weak_passwords_and_taken_addresses(client: Client, reader: Any) -> None:
    weak = client.post(
        "/account/signup/",
        {"username": "bo", "email": "bo@example.org", "password1": "123", "password2": "123"},
    )
    taken = client.post(
        "/account/signup/",
        {
            "username": "bo",
            "email": "READER@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert weak.status_code == 200 and "too short" in weak.content.decode()
    assert "already exists" in taken.content.decode()
    assert not User.objects.filter(username="bo").exists()


def test_log_in_and_out(client: Client, reader: Any) -> None:
    response = client.post("/account/login/", {"username": "reader", "password": PASSWORD})
    assert response.status_code == 302
    assert "Log out" in client.get("/").content.decode()

    assert client.post("/account/logout/").status_code == 302
    assert "Log in" in client.get("/").content.decode()


def test_log_in_is_throttled_after_repeated_failures(client: Client, reader: Any) -> None:
    for _ in range(LOGIN_FAILURES_PER_USERNAME):
        response = client.post("/account/login/", {"username": "reader", "password": "wrong"})
        assert "Please enter a correct username and password" in response.content.decode()

    # Even the right password is not checked now.
    response = client.post("/account/login/", {"username": "reader", "password": PASSWORD})

    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginAttempt.objects.filter(username="reader").count() == LOGIN_FAILURES_PER_USERNAME


def test_a_successful_log_in_forgets_earlier_failures(client: Client, reader: Any) -> None:
    client.post("/account/login/", {"username": "reader", "password": "wrong"})
    client.post("/account/login/", {"username": "reader", "password": PASSWORD})

    assert not LoginAttempt.objects.filter(username="reader").exists()


def test_password_reset_by_e_mail(client: Client, reader: Any) -> None:
    response = client.post("/account/reset/", {"email": "reader@example.org"})
    assert response.status_code == 302

    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/account/reset/[^/]+/[^/]+/)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form.content.decode()
    new = "another-long-passphrase-77"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert Client().login(username="reader", password=new)


def test_profile_changes_the_e_mail_address(client: Client, reader: Any) -> None:
    client.force_login(reader)

    client.post("/account/", {"email": "new@example.org"})

    reader.refresh_from_db()
    assert reader.email == "new@example.org"


def test_pages_for_readers_ask_anonymous_visitors_to_log_in(client: Client) -> None:
    for path in ("/account/", "/account/delete/", "/for-you/", "/saved/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/?next=")


def _comment(user: Any, article: Article, body: str, parent: Comment | None = None) -> Comment:
    now = timezone.now()
    draft = check_add_comment(user, article, body, parent=parent, now=now, joined=user.date_joined)
    return do_add_comment(user, article, draft, now=now)


@pytest.mark.parametrize("choice", ["anonymise", "remove"])
def test_delete_account_with_comments_anonymised_or_removed(
    client: Client, reader: Any, make_article: Any, choice: str
) -> None:
    article = make_article("a")
    other = make_user("other")
    with_reply = _comment(reader, article, "I have a reply")
    _comment(other, article, "the reply", parent=with_reply)
    alone = _comment(reader, article, "nobody answered")
    client.force_login(reader)

    response = client.post("/account/delete/", {"password": PASSWORD, "comments": choice})

    assert response.status_code == 302
    assert not User.objects.filter(pk=reader.pk).exists()
    with_reply.refresh_from_db()
    assert with_reply.author is None
    if choice == "anonymise":
        alone.refresh_from_db()
        assert alone.author is None and alone.body == "nobody answered"
        assert "[deleted account]" in client.get(f"/a/{article.pk}/a/").content.decode()
    else:
        assert not Comment.objects.filter(pk=alone.pk).exists()
        assert with_reply.status == CommentStatus.REMOVED and with_reply.body == ""
        html = client.get(f"/a/{article.pk}/a/").content.decode()
        assert "[removed]" in html and "the reply" in html and "I have a reply" not in html


def test_delete_account_needs_the_password(client: Client, reader: Any) -> None:
    client.force_login(reader)

    response = client.post("/account/delete/", {"password": "nope", "comments": "anonymise"})

    assert "That is not your password" in response.content.decode()
    assert User.objects.filter(pk=reader.pk).exists()
