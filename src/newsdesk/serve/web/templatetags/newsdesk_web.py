"""Template filters and tags for newsdesk's pages: ``{% load newsdesk_web %}``."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django import template
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from newsdesk.pipeline.extract.sanitize import sanitize_html
from newsdesk.pipeline.markdown import sanitize_comment_html
from newsdesk.serve.web import links, text
from newsdesk.serve.web.display import excerpt, http_url, lists_text
from newsdesk.store.actions.comments import can_change
from newsdesk.store.models import Article, Comment, Source
from newsdesk.store.queries.search import MARK_END, MARK_START

register = template.Library()
register.filter("excerpt", excerpt)
register.filter("http_url", http_url)
register.filter("shows_excerpt", lists_text)


@register.filter
def ago(value: datetime | None) -> str:
    """``{{ article.published|ago }}`` → "24 minutes ago", computed at render time."""
    if value is None:
        return ""
    return text.describe_age(timezone.localtime(value), timezone.localtime())


@register.simple_tag
def time_tag(value: datetime | None) -> SafeString:
    """``<time datetime="ISO" title="full date">24 minutes ago</time>``."""
    if value is None:
        return mark_safe("")
    local = timezone.localtime(value)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        local.isoformat(timespec="seconds"),
        f"{local:%A} {local.day} {local:%B %Y, %H:%M %Z}",
        ago(value),
    )


@register.filter
def sanitized(markup: str) -> SafeString:
    """Stored bodies were sanitized at extraction; sanitize again at output (defence in depth)."""
    # mark_safe only on the nh3 allow-list's output.
    return mark_safe(sanitize_html(markup or ""))


@register.filter
def names(values: list[str] | None) -> str:
    return text.join_names(list(values or []))


@register.filter
def article_url(article: Article) -> str:
    return links.article_path(article)


@register.filter
def source_url(source: Source) -> str:
    return links.source_path(source)


@register.filter
def host(url: str) -> str:
    """The host name shown next to outbound links."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


@register.filter
def comment_html(markup: str) -> SafeString:
    """Comment HTML was rendered and sanitized when written; sanitize again at output."""
    # mark_safe only on the comment allow-list's output.
    return mark_safe(sanitize_comment_html(markup or ""))


@register.filter
def editable_by(comment: Comment, user: object) -> bool:
    """The viewer wrote this comment and may still edit or delete it."""
    return can_change(comment, getattr(user, "pk", None), timezone.now())


@register.filter
def highlight(snippet: str) -> SafeString:
    """A search snippet: plain text escaped, the database's match markers as ``<mark>``."""
    escaped = escape(text.plain_text(snippet))
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))
