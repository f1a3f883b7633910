from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Footer links for every page. A view that shows one organisation puts it in
    the context as `organisation`; the footer then uses that organisation's own
    accessibility statement and feedback address (see base.html)."""
    return {
        "site_name": settings.SAMSKAP_SITE_NAME,
        "site_accessibility_statement_url": settings.SAMSKAP_ACCESSIBILITY_STATEMENT_URL,
        "site_feedback_email": settings.SAMSKAP_FEEDBACK_EMAIL,
        "languages": settings.LANGUAGES,
    }
