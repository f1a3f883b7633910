"""The signed cookie that remembers, on one device, which participants it joined as."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from samskap.core.i18n import use_organisation_language
from samskap.core.models import JoinCode, Participant
from samskap.core.selectors import join_code_lookup, participant_for_code

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


def joined_participant(
    request: HttpRequest, code: str, target_types: tuple[type[Model], ...]
) -> tuple[JoinCode, Participant] | HttpResponse:
    """The participant this device joined as in the space `code` opens, or a redirect to the
    join page: when the code is unknown or closed, when this device has not joined yet, and
    when the code opens another kind of space (the join page sends the person there). Pages
    of the space speak its organisation's language."""
    lookup = join_code_lookup(code)
    if lookup.join_code is None or not isinstance(lookup.join_code.target, target_types):
        return redirect("core:join_code", code=code)
    join_code = lookup.join_code
    use_organisation_language(request, join_code.organisation)
    participant = participant_for_code(remembered_participant_ids(request), join_code)
    if participant is None:
        return redirect("core:join_code", code=join_code.code)
    return join_code, participant
