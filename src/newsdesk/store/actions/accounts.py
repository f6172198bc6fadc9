from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from newsdesk.pipeline.errors import UsageError
from newsdesk.store.models import Comment, CommentStatus, LoginAttempt, Profile
from newsdesk.store.queries.accounts import LOGIN_WINDOW


def do_create_admin(username: str, email: str, password: str) -> None:
    """Create a superuser for the operator pages; refuse weak passwords clearly."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise UsageError(f"a user named {username!r} already exists")
    try:
        validate_password(password)
    except ValidationError as error:
        raise UsageError("; ".join(error.messages)) from error
    with transaction.atomic():
        user_model.objects.create_superuser(username=username, email=email, password=password)


# --- readers' accounts -------------------------------------------------------------------

#: Failed log-ins are kept this long (throttling reads the last LOGIN_WINDOW of them).
LOGIN_ATTEMPTS_KEPT = 4 * LOGIN_WINDOW


def do_sign_up(username: str, email: str, password: str, *, now: datetime) -> User:
    """A reader's account (the form has validated the password and uniqueness)."""
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.create_user(username=username, email=email, password=password)
        Profile.objects.create(user=user)
    return user


def do_record_login_failure(username: str, ip: str | None, *, now: datetime) -> None:
    with transaction.atomic():
        LoginAttempt.objects.create(username=username.lower()[:150], ip=ip, at=now)
        LoginAttempt.objects.filter(at__lt=now - LOGIN_ATTEMPTS_KEPT).delete()


def do_clear_login_failures(username: str) -> None:
    """A successful log-in forgets the user name's failures."""
    with transaction.atomic():
        LoginAttempt.objects.filter(username=username.lower()).delete()


def do_update_email(user: AbstractBaseUser, email: str) -> None:
    with transaction.atomic():
        get_user_model().objects.filter(pk=user.pk).update(email=email)


class CommentsOnDelete:
    ANONYMISE = "anonymise"
    REMOVE = "remove"


def do_delete_account(user: AbstractBaseUser, *, comments: str) -> None:
    """Delete a reader's account and everything of theirs, their comments as they chose.

    ``anonymise``: the comments stay, with no author. ``remove``: their text is wiped;
    a comment that has replies stays as a "removed" placeholder so the thread holds.
    """
    if comments not in {CommentsOnDelete.ANONYMISE, CommentsOnDelete.REMOVE}:
        raise UsageError(f"unknown choice for comments: {comments!r}")
    with transaction.atomic():
        own = Comment.objects.filter(author_id=user.pk)
        if comments == CommentsOnDelete.REMOVE:
            own.filter(replies__isnull=True).delete()
            own.update(body="", body_html="", body_hash="", status=CommentStatus.REMOVED)
        own.update(author=None)
        get_user_model().objects.filter(pk=user.pk).delete()


def do_ban_user(user_id: int, reason: str, *, now: datetime) -> None:
    """A moderator bans a reader from commenting (reading and logging in still work)."""
    with transaction.atomic():
        Profile.objects.update_or_create(
            user_id=user_id, defaults={"banned_at": now, "ban_reason": reason[:500]}
        )


def do_unban_user(user_id: int) -> None:
    with transaction.atomic():
        Profile.objects.filter(user_id=user_id).update(banned_at=None, ban_reason="")
