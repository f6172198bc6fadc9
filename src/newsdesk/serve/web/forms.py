"""Forms for readers: accounts, comments, reports and search."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from newsdesk.store.actions.accounts import CommentsOnDelete, do_record_login_failure
from newsdesk.store.actions.comments import MAX_COMMENT_LENGTH
from newsdesk.store.models import CommentReport
from newsdesk.store.queries.accounts import login_throttled


def client_ip(request: HttpRequest | None) -> str | None:
    """The peer address (newsdesk does not trust X-Forwarded-For by default)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


class SignUpForm(UserCreationForm):  # type: ignore[type-arg]
    email = forms.EmailField(
        required=True, help_text="Used only to reset your password.", max_length=254
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError("An account with this e-mail address already exists.")
        return email


class ThrottledLoginForm(AuthenticationForm):
    """Django's log-in form, refusing to check passwords after too many failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": "Too many failed log-ins. Please wait 15 minutes and try again.",
    }

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username", ""))
        ip = client_ip(self.request)
        now = timezone.now()
        if username and login_throttled(username, ip, now=now):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except ValidationError:
            if username:
                do_record_login_failure(username, ip, now=now)
            raise


class EmailForm(forms.Form):
    email = forms.EmailField(label="E-mail address", max_length=254)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    comments = forms.ChoiceField(
        label="Your comments",
        choices=[
            (CommentsOnDelete.ANONYMISE, "Keep them, without my name (anonymise)"),
            (CommentsOnDelete.REMOVE, "Remove their text"),
        ],
        widget=forms.RadioSelect,
        initial=CommentsOnDelete.ANONYMISE,
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data["password"])
        if not self.user.check_password(password):
            raise ValidationError("That is not your password.")
        return password


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown: *emphasis*, **strong**, [links](https://…), lists, > quotes, `code`.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why are you reporting this comment?",
        choices=CommentReport.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Anything to add (optional)", max_length=500, required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", max_length=500, required=False)
    source = forms.CharField(label="Source", max_length=253, required=False)
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    #: An entity key ("person:rachel reeves"), as linked from entity pages.
    entity = forms.CharField(label="Entity", max_length=300, required=False)
    #: "words": keyword search (the default); "meaning": nearest article embeddings.
    mode = forms.ChoiceField(
        label="Match",
        choices=[("words", "Words"), ("meaning", "Meaning")],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise ValidationError("The start date is after the end date.")
        return data

    @staticmethod
    def day_start(day: Any, *, after: bool = False) -> datetime | None:
        if day is None:
            return None
        start = datetime.combine(day, time.min, tzinfo=UTC)
        return start + timedelta(days=1) if after else start
