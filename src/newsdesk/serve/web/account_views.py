"""Accounts: sign up, log in and out (Django's views), profile, delete account."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from newsdesk.serve.web.forms import DeleteAccountForm, EmailForm, SignUpForm, ThrottledLoginForm
from newsdesk.serve.web.readers import reader_id
from newsdesk.store.actions.accounts import (
    do_clear_login_failures,
    do_delete_account,
    do_sign_up,
    do_update_email,
)
from newsdesk.store.queries.accounts import following, sources_by_folder


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("web:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = do_sign_up(
            form.cleaned_data["username"],
            form.cleaned_data["email"],
            form.cleaned_data["password1"],
            now=timezone.now(),
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome to newsdesk! Your account is ready.")
        return redirect("web:home")
    return render(request, "web/accounts/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    template_name = "web/accounts/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        do_clear_login_failures(form.get_user().get_username())
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    template_name = "web/accounts/logged_out.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "web/accounts/password_reset.html"
    email_template_name = "web/accounts/password_reset_email.txt"
    subject_template_name = "web/accounts/password_reset_subject.txt"
    success_url = reverse_lazy("web:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "web/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "web/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("web:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "web/accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "web/accounts/password_change.html"
    success_url = reverse_lazy("web:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = EmailForm(request.POST or None, initial={"email": getattr(user, "email", "")})
    if request.method == "POST" and form.is_valid():
        do_update_email(user, form.cleaned_data["email"])  # type: ignore[arg-type]
        messages.success(request, "Your e-mail address has been saved.")
        return redirect("web:profile")
    context = {
        "form": form,
        "follows": following(reader_id(request)),
        "folder_groups": sources_by_folder(reader_id(request)),
        "nav": "account",
    }
    return render(request, "web/accounts/profile.html", context)


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        do_delete_account(user, comments=form.cleaned_data["comments"])  # type: ignore[arg-type]
        messages.success(request, "Your account has been deleted.")
        return redirect("web:home")
    return render(request, "web/accounts/delete.html", {"form": form, "nav": "account"})
