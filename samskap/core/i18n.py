"""Which language a page speaks.

Order: the language the person chose (the language cookie, set by the switcher
or at login) → the default language of the organisation the page belongs to →
the browser's Accept-Language (Django's LocaleMiddleware). A Norwegian
municipality's workshop opens in Norwegian even on a phone set to English; the
switcher is on every page for anyone who prefers another language.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from samskap.core.models import Organisation


def use_organisation_language(request: HttpRequest, organisation: Organisation) -> None:
    use_language(request, organisation.default_language)


def use_language(request: HttpRequest, language: str) -> None:
    """Speak `language` (an organisation's) unless the person chose a language themselves."""
    if _chose_a_language(request):
        return
    translation.activate(language)
    request.LANGUAGE_CODE = language


def language_for(request: HttpRequest, language: str) -> str:
    """The language `use_language` would speak, without activating it: for answers made beside
    Django's middleware (`samskap.opinions.lane`)."""
    return translation.get_language_from_request(request) if _chose_a_language(request) else language


def _chose_a_language(request: HttpRequest) -> bool:
    return bool(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
