"""Readers' comments: post (with rate limits and spam heuristics), edit, delete, report,
and the moderators' hide, restore and ban.

``check_*`` functions validate and raise :class:`ActionRefused` with a message meant for
the reader; ``do_*`` functions write in ``transaction.atomic``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F

from newsdesk.pipeline.errors import ActionRefused, RateLimited
from newsdesk.pipeline.markdown import count_links, render_comment
from newsdesk.store.models import Article, Comment, CommentReport, CommentStatus
from newsdesk.store.queries.accounts import is_banned

MAX_COMMENT_LENGTH = 5000
#: Authors may edit or delete their comment for this long after posting it.
EDIT_WINDOW = timedelta(minutes=15)
#: Per-user rate limits: (comments, within).
RATE_LIMITS = ((5, timedelta(minutes=10)), (50, timedelta(days=1)))
#: Accounts younger than this whose comment holds a link are held for moderation.
NEW_ACCOUNT_AGE = timedelta(days=2)
#: Any comment with more links than this is held.
MAX_LINKS = 3
#: The same text posted again by the same reader within this time is refused.
REPEAT_WINDOW = timedelta(days=1)
#: Reports that hide a comment until a moderator looks at it.
REPORTS_TO_HIDE = 3
#: Replies nest this deep; deeper replies attach to the deepest allowed ancestor.
MAX_DEPTH = 5


def body_hash(body: str) -> str:
    normalised = " ".join(body.lower().split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ActionRefused("A comment cannot be empty.")
    if len(body) > MAX_COMMENT_LENGTH:
        raise ActionRefused(f"A comment can be at most {MAX_COMMENT_LENGTH} characters long.")
    return body


@dataclass(frozen=True)
class CommentDraft:
    body: str
    body_html: str
    body_hash: str
    status: CommentStatus
    held_reason: str
    parent: Comment | None


def _depth(comment: Comment) -> int:
    depth, node = 1, comment
    while node.parent_id is not None and depth <= MAX_DEPTH:
        node = Comment.objects.only("id", "parent_id").get(pk=node.parent_id)
        depth += 1
    return depth


def check_add_comment(
    user: AbstractBaseUser,
    article: Article,
    body: str,
    *,
    parent: Comment | None,
    now: datetime,
    joined: datetime,
) -> CommentDraft:
    """Validate a new comment; decide whether it is shown at once or held (spam heuristics)."""
    body = _clean_body(body)
    if is_banned(user.pk):
        raise ActionRefused("Your account may not post comments.")
    if parent is not None:
        if parent.article_id != article.pk:
            raise ActionRefused("That comment belongs to another article.")
        if parent.status not in {CommentStatus.VISIBLE, CommentStatus.REMOVED}:
            raise ActionRefused("That comment cannot be replied to.")
        if _depth(parent) >= MAX_DEPTH and parent.parent is not None:
            parent = parent.parent
    own = Comment.objects.filter(author_id=user.pk)
    for limit, within in RATE_LIMITS:
        if own.filter(created_at__gte=now - within).count() >= limit:
            raise RateLimited("You are commenting too fast. Please wait a few minutes.")
    digest = body_hash(body)
    if own.filter(body_hash=digest, created_at__gte=now - REPEAT_WINDOW).exists():
        raise ActionRefused("You have already posted this comment.")
    links = count_links(body)
    status, reason = CommentStatus.VISIBLE, ""
    if links > MAX_LINKS:
        status, reason = CommentStatus.HELD, f"{links} links"
    elif links and now - joined < NEW_ACCOUNT_AGE:
        status, reason = CommentStatus.HELD, "link from a new account"
    return CommentDraft(body, render_comment(body), digest, status, reason, parent)


def do_add_comment(
    user: AbstractBaseUser, article: Article, draft: CommentDraft, *, now: datetime
) -> Comment:
    with transaction.atomic():
        return Comment.objects.create(
            article=article,
            parent=draft.parent,
            author_id=user.pk,
            body=draft.body,
            body_html=draft.body_html,
            body_hash=draft.body_hash,
            status=draft.status,
            held_reason=draft.held_reason,
            created_at=now,
        )


def can_change(comment: Comment, user_id: int | None, now: datetime) -> bool:
    """The author may edit or delete a comment of theirs within :data:`EDIT_WINDOW`."""
    return (
        user_id is not None
        and comment.author_id == user_id
        and comment.status in {CommentStatus.VISIBLE, CommentStatus.HELD}
        and now - comment.created_at <= EDIT_WINDOW
    )


def do_edit_comment(comment: Comment, user_id: int, body: str, *, now: datetime) -> None:
    if not can_change(comment, user_id, now):
        raise ActionRefused("This comment can no longer be edited.")
    body = _clean_body(body)
    with transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(
            body=body, body_html=render_comment(body), body_hash=body_hash(body), edited_at=now
        )


def do_delete_comment(comment: Comment, user_id: int, *, now: datetime) -> None:
    """The author deletes their comment: gone, or a placeholder if it has replies."""
    if not can_change(comment, user_id, now):
        raise ActionRefused("This comment can no longer be deleted.")
    with transaction.atomic():
        if Comment.objects.filter(parent=comment).exists():
            Comment.objects.filter(pk=comment.pk).update(
                body="", body_html="", status=CommentStatus.REMOVED
            )
        else:
            Comment.objects.filter(pk=comment.pk).delete()


def do_report_comment(
    comment: Comment, user_id: int, reason: str, note: str = "", *, now: datetime
) -> bool:
    """Record a report (once per reader); enough reports hide the comment for review.

    Returns False if this reader had already reported the comment.
    """
    if reason not in CommentReport.Reason.values:
        raise ActionRefused("Choose a reason for the report.")
    if comment.author_id == user_id:
        raise ActionRefused("You cannot report your own comment.")
    try:
        with transaction.atomic():
            CommentReport.objects.create(
                comment=comment, reporter_id=user_id, reason=reason, note=note[:500], created_at=now
            )
            Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
            Comment.objects.filter(
                pk=comment.pk, status=CommentStatus.VISIBLE, report_count__gte=REPORTS_TO_HIDE
            ).update(status=CommentStatus.HELD, held_reason="reported by readers")
    except IntegrityError:
        return False
    return True


def do_hide_comments(comment_ids: list[int]) -> int:
    """Moderation: hide comments from readers."""
    with transaction.atomic():
        return (
            Comment.objects.filter(pk__in=comment_ids)
            .exclude(status=CommentStatus.REMOVED)
            .update(status=CommentStatus.HIDDEN)
        )


def do_restore_comments(comment_ids: list[int]) -> int:
    """Moderation: show hidden or held comments again; their reports count as reviewed."""
    with transaction.atomic():
        CommentReport.objects.filter(comment_id__in=comment_ids).delete()
        return (
            Comment.objects.filter(pk__in=comment_ids)
            .exclude(status=CommentStatus.REMOVED)
            .update(status=CommentStatus.VISIBLE, report_count=0, held_reason="")
        )
