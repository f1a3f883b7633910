"""The signed cookie that remembers, on one device, which participants it joined as."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from samskap.core.models import Participant

COOKIE_NAME = "samskap_participant"
COOKIE_SALT = "samskap.participant"
COOKIE_MAX_AGE = 7 * 24 * 60 * 60
MAX_REMEMBERED = 10


def remembered_participant_ids(request: HttpRequest) -> list[str]:
    value = request.get_signed_cookie(COOKIE_NAME, default="", salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE) or ""
    return [part for part in value.split(",") if part]


def remember_participant(request: HttpRequest, response: HttpResponse, participant: Participant) -> None:
    ids = [str(participant.public_id), *remembered_participant_ids(request)][:MAX_REMEMBERED]
    response.set_signed_cookie(
        COOKIE_NAME,
        ",".join(dict.fromkeys(ids)),
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
