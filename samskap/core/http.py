"""Small helpers for views."""

from __future__ import annotations

from django.http import HttpRequest

from samskap.core.models import User


def staff_user(request: HttpRequest) -> User:
    """The logged-in staff user of a view behind `login_required`."""
    assert isinstance(request.user, User)
    return request.user
