"""The Django admin for operators: sources, feeds (with health) and articles."""

from __future__ import annotations

from django.contrib import admin

from newsdesk.store.models import Article, ArticleLink, Feed, Source


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
