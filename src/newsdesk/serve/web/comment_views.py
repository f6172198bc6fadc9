"""Comments on article pages: post, reply, edit, delete, report. Writes go through actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from newsdesk.pipeline.errors import ActionRefused
from newsdesk.serve.web import links
from newsdesk.serve.web.forms import CommentForm, ReportForm
from newsdesk.serve.web.readers import reader_id
from newsdesk.store.actions.comments import (
    can_change,
    check_add_comment,
    do_add_comment,
    do_delete_comment,
    do_edit_comment,
    do_report_comment,
)
from newsdesk.store.models import Article, Comment, CommentStatus
from newsdesk.store.queries import articles as article_queries
from newsdesk.store.queries import comments as comment_queries


def _article(pk: int) -> Article:
    article = article_queries.article_by_id(pk)
    if article is None:
        raise Http404("No such article")
    return article


def _comment(article: Article, comment_id: int) -> Comment:
    comment = comment_queries.comment_on(article.pk, comment_id)
    if comment is None:
        raise Http404("No such comment")
    return comment


def _back(article: Article, anchor: str = "comments") -> HttpResponse:
    return redirect(f"{links.article_path(article)}#{anchor}")


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Your comment could not be posted: " + form.errors.as_text())
        return _back(article, "comment-form")
    parent_id = form.cleaned_data["parent"]
    parent = _comment(article, parent_id) if parent_id else None
    now = timezone.now()
    try:
        draft = check_add_comment(
            request.user,  # type: ignore[arg-type]
            article,
            form.cleaned_data["body"],
            parent=parent,
            now=now,
            joined=request.user.date_joined,  # type: ignore[union-attr]
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return _back(article, "comment-form")
    comment = do_add_comment(request.user, article, draft, now=now)  # type: ignore[arg-type]
    if comment.status == CommentStatus.HELD:
        messages.info(request, "Thanks! Your comment will appear once a moderator has seen it.")
    return _back(article, f"c{comment.pk}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_edit(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    article = _article(pk)
    comment = _comment(article, comment_id)
    now = timezone.now()
    if not can_change(comment, reader_id(request), now):
        messages.error(request, "This comment can no longer be edited.")
        return _back(article, f"c{comment.pk}")
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            do_edit_comment(comment, reader_id(request), form.cleaned_data["body"], now=now)
        except ActionRefused as refusal:
            messages.error(request, str(refusal))
        return _back(article, f"c{comment.pk}")
    context = {"article": article, "comment": comment, "form": form}
    return render(request, "web/comments/edit.html", context)


@login_required
@require_POST
def comment_delete(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    article = _article(pk)
    comment = _comment(article, comment_id)
    try:
        do_delete_comment(comment, reader_id(request), now=timezone.now())
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Your comment has been deleted.")
    return _back(article)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_report(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    article = _article(pk)
    comment = _comment(article, comment_id)
    if comment.status != CommentStatus.VISIBLE:
        raise Http404("No such comment")
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = do_report_comment(
                comment,
                reader_id(request),
                form.cleaned_data["reason"],
                form.cleaned_data["note"],
                now=timezone.now(),
            )
        except ActionRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                "Thank you. A moderator will look at this comment."
                if new
                else "You have already reported this comment.",
            )
        return _back(article, f"c{comment.pk}")
    context = {"article": article, "comment": comment, "form": form}
    return render(request, "web/comments/report.html", context)
