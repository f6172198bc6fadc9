"""Readers' comments on articles: threaded, moderated, reportable."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from newsdesk.store.models.articles import Article


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", "Visible"
    HELD = "held", "Held for moderation"
    HIDDEN = "hidden", "Hidden by a moderator"
    REMOVED = "removed", "Removed by its author"


class Comment(models.Model):
    """One comment. ``author`` is empty once its account is deleted (anonymised)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    body = models.TextField(help_text="Markdown as written.")
    body_html = models.TextField(help_text="Rendered and sanitized (nh3) when written.")
    body_hash = models.CharField(max_length=64, db_index=True)
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.VISIBLE
    )
    held_reason = models.CharField(max_length=200, blank=True)
    report_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "created_at"], name="comment_article"),
            models.Index(fields=["author", "-created_at"], name="comment_author_latest"),
            models.Index(fields=["status", "-report_count"], name="comment_queue"),
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on article {self.article_id}"


class CommentReport(models.Model):
    """A reader's report of a comment, for the moderation queue."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        ABUSE = "abuse", "Abusive or hateful"
        OFF_TOPIC = "off_topic", "Off topic"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_comment_once"),
        ]

    def __str__(self) -> str:
        return f"report of comment {self.comment_id}: {self.reason}"
