"""The signed cookie that remembers, on one device, which participants it joined as."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from samskap.core.i18n import use_organisation_language
from samskap.core.models import JoinCode, Participant
from samskap.core.selectors import join_code_lookup, participant_joined_by

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
    request: HttpRequest, code: str, targets: Mapping[type[Model], Sequence[str]]
) -> tuple[JoinCode, Participant] | HttpResponse:
    """The participant this device joined as in the space `code` opens, or a redirect to the
    join page: when the code is unknown or closed, when this device has not joined yet, and
    when the code opens another kind of space (the join page sends the person there). Pages
    of the space speak its organisation's language.

    `targets` names the kinds of space this page serves, each with the relations to fetch with
    it (`select_related`): every phone request asks this, and one query for the space and what
    the page reads of it costs less than one for each."""
    public_ids = remembered_participant_ids(request)
    participant = participant_joined_by(public_ids, code)
    if participant is None:
        # Not joined here (or the code is wrong or closed): the join page says which.
        open_code = join_code_lookup(code).join_code
        return redirect("core:join_code", code=open_code.code if open_code is not None else code)
    join_code = participant.join_code
    if not join_code.is_open(timezone.now()):
        return redirect("core:join_code", code=code)
    model = ContentType.objects.get_for_id(join_code.target_type_id).model_class()
    target = (
        model._default_manager.select_related(*targets[model]).filter(pk=join_code.target_id).first()
        if model in targets and model is not None
        else None
    )
    if target is None:
        return redirect("core:join_code", code=code)
    join_code.target = target
    use_organisation_language(request, join_code.organisation)
    return join_code, participant
