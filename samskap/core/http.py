"""Small helpers for views."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict

from samskap.core.models import User


def staff_user(request: HttpRequest) -> User:
    """The logged-in staff user of a view behind `login_required`."""
    assert isinstance(request.user, User)
    return request.user


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, or None on GET: binds a form only when it was sent."""
    return request.POST if request.method == "POST" else None


def spreadsheet_safe(value: str) -> str:
    """A cell starting with =, +, - or @ would run as a formula when the CSV is opened in a
    spreadsheet (OWASP: CSV injection); a leading apostrophe makes it text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_download(filename: str, header: list[str]) -> tuple[HttpResponse, Any]:
    """A CSV file to download and its writer, header row written. It starts with a byte-order
    mark: spreadsheet programs read æ, ø, å, ä and ö right in UTF-8 only with one. Cells from
    people's text go through `spreadsheet_safe`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    return response, writer
