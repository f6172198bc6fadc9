"""The Django admin for operators: sources, feeds (with health) and articles."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from newsdesk.store.actions.accounts import do_ban_user, do_unban_user
from newsdesk.store.actions.comments import do_hide_comments, do_restore_comments
from newsdesk.store.models import (
    Article,
    ArticleLink,
    Comment,
    CommentReport,
    CommentStatus,
    Feed,
    Profile,
    Source,
)


class FeedInline(admin.TabularInline[Feed, Source]):
    model = Feed
    fields = ("url", "status", "last_status", "error_count", "next_poll_at")
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin[Source]):
    list_display = ("name", "domain", "display_policy", "created_at")
    list_filter = ("display_policy",)
    search_fields = ("name", "domain")
    inlines = (FeedInline,)


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin[Feed]):
    list_display = (
        "url",
        "source",
        "status",
        "last_status",
        "error_count",
        "last_success_at",
        "next_poll_at",
    )
    list_filter = ("status",)
    search_fields = ("url", "title", "source__name")
    readonly_fields = (
        "etag",
        "last_modified",
        "last_status",
        "last_checked_at",
        "last_success_at",
        "error_count",
        "last_error",
        "leased_until",
    )
    list_select_related = ("source",)


class ArticleLinkInline(admin.TabularInline[ArticleLink, Article]):
    model = ArticleLink
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    list_display = ("title", "source", "published", "extraction", "word_count")
    list_filter = ("extraction", "language")
    search_fields = ("title", "url")
    list_select_related = ("source",)
    raw_id_fields = ("source",)
    filter_horizontal = ("feeds",)
    inlines = (ArticleLinkInline,)
    date_hierarchy = "published"


# --- readers: moderation queue, reports, bans (issue 6) ---------------------------------


class NeedsReviewFilter(admin.SimpleListFilter):
    """The moderation queue: held comments and visible ones that readers reported."""

    title = "moderation"
    parameter_name = "review"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Comment]
    ) -> list[tuple[str, str]]:
        return [("queue", "Needs review"), ("reported", "Reported")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Comment]) -> QuerySet[Comment]:
        if self.value() == "queue":
            return queryset.filter(
                Q(status=CommentStatus.HELD) | Q(status=CommentStatus.VISIBLE, report_count__gt=0)
            )
        if self.value() == "reported":
            return queryset.filter(report_count__gt=0)
        return queryset


class CommentReportInline(admin.TabularInline[CommentReport, Comment]):
    model = CommentReport
    fields = ("reporter", "reason", "note", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin[Comment]):
    list_display = (
        "short_body",
        "author",
        "article",
        "status",
        "report_count",
        "held_reason",
        "created_at",
    )
    list_filter = (NeedsReviewFilter, "status")
    search_fields = ("body", "author__username")
    list_select_related = ("author", "article")
    raw_id_fields = ("article", "parent", "author")
    readonly_fields = ("body_html", "body_hash", "report_count", "created_at", "edited_at")
    inlines = (CommentReportInline,)
    actions = ("hide", "restore", "ban_authors")
    ordering = ("-created_at",)

    @admin.display(description="comment")
    def short_body(self, comment: Comment) -> str:
        return comment.body[:80] or "[removed]"

    @admin.action(description="Hide the selected comments")
    def hide(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        count = do_hide_comments(list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} comment(s) hidden.", messages.SUCCESS)

    @admin.action(description="Restore (show) the selected comments; clears their reports")
    def restore(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        count = do_restore_comments(list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} comment(s) restored.", messages.SUCCESS)

    @admin.action(description="Ban the authors from commenting, and hide these comments")
    def ban_authors(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        authors = set(queryset.exclude(author=None).values_list("author_id", flat=True))
        for author_id in authors:
            do_ban_user(
                author_id, f"banned by {request.user} from the moderation queue", now=timezone.now()
            )
        do_hide_comments(ids)
        self.message_user(request, f"{len(authors)} author(s) banned.", messages.SUCCESS)

    def save_model(self, request: HttpRequest, obj: Comment, form: Any, change: bool) -> None:
        """Status changes from the edit page go through the same actions."""
        if obj.status == CommentStatus.HIDDEN:
            do_hide_comments([obj.pk])
        elif obj.status == CommentStatus.VISIBLE:
            do_restore_comments([obj.pk])


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ("user", "banned_at", "ban_reason")
    list_filter = (("banned_at", admin.EmptyFieldListFilter),)
    search_fields = ("user__username", "user__email")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    actions = ("unban",)

    @admin.action(description="Lift the ban of the selected readers")
    def unban(self, request: HttpRequest, queryset: QuerySet[Profile]) -> None:
        for user_id in queryset.values_list("user_id", flat=True):
            do_unban_user(user_id)
        self.message_user(request, "Ban lifted.", messages.SUCCESS)
