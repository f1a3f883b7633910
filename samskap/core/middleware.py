from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def security_headers(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Content-Security-Policy (no inline script or style anywhere) and a
    Permissions-Policy that turns off what Samskap never uses."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        add_security_headers(response)
        return response

    return middleware


def add_security_headers(response: HttpResponse) -> None:
    """The headers above, for answers made beside the middleware (`samskap.opinions.lane`)."""
    response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
