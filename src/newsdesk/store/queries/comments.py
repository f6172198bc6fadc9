"""Reading comments: an article's thread in one query, built into a tree in Python."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from newsdesk.store.models import Article, Comment, CommentStatus


@dataclass
class ThreadNode:
    comment: Comment
    replies: list[ThreadNode] = field(default_factory=list)


@dataclass(frozen=True)
class Thread:
    roots: list[ThreadNode]
    count: int  # comments a reader sees (placeholders of removed ones excluded)


def thread_for(article: Article, viewer_id: int | None) -> Thread:
    """The comments on ``article`` that ``viewer_id`` may see, as a tree, oldest first.

    Visible comments, the viewer's own held ones (so they know they are awaiting
    review), and placeholders of removed comments that still have replies.
    """
    shown = Q(status__in=[CommentStatus.VISIBLE, CommentStatus.REMOVED])
    if viewer_id is not None:
        shown |= Q(status=CommentStatus.HELD, author_id=viewer_id)
    rows = list(
        Comment.objects.filter(shown, article=article)
        .select_related("author")
        .order_by("created_at", "id")
    )
    nodes = {row.pk: ThreadNode(row) for row in rows}
    roots: list[ThreadNode] = []
    for node in nodes.values():
        parent = nodes.get(node.comment.parent_id) if node.comment.parent_id else None
        if parent is not None:
            parent.replies.append(node)
        elif node.comment.parent_id is None:
            roots.append(node)
    roots = [node for node in roots if _keep(node)]
    count = sum(1 for row in rows if row.status != CommentStatus.REMOVED)
    return Thread(roots=roots, count=count)


def _keep(node: ThreadNode) -> bool:
    """Drop removed placeholders whose replies are all gone too."""
    node.replies = [reply for reply in node.replies if _keep(reply)]
    return node.comment.status != CommentStatus.REMOVED or bool(node.replies)


def comment_on(article_id: int, comment_id: int) -> Comment | None:
    return Comment.objects.filter(pk=comment_id, article_id=article_id).first()
