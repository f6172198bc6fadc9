"""The logged-in reader behind a request (for views behind ``login_required``)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest


def reader(request: HttpRequest) -> AbstractBaseUser:
    user = request.user
    if not isinstance(user, AbstractBaseUser):  # AnonymousUser: login_required prevents it
        raise PermissionError("this page needs a logged-in reader")
    return user


def reader_id(request: HttpRequest) -> int:
    return int(reader(request).pk)
