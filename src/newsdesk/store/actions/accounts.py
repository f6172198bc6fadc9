from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from newsdesk.pipeline.errors import UsageError


def do_create_admin(username: str, email: str, password: str) -> None:
    """Create a superuser for the operator pages; refuse weak passwords clearly."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise UsageError(f"a user named {username!r} already exists")
    try:
        validate_password(password)
    except ValidationError as error:
        raise UsageError("; ".join(error.messages)) from error
    with transaction.atomic():
        user_model.objects.create_superuser(username=username, email=email, password=password)
