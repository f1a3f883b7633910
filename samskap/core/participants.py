"""The signed cookie that remembers, on one device, which participants it joined as."""

from __future__ import annotations

import functools
import time
import uuid
from collections.abc import Mapping, Sequence

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
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
    """The participants this device joined as, from its signed cookie: what
    `request.get_signed_cookie` would say, with the signature of each cookie checked once per
    process (every request from a phone carries the same cookie, and checking it cost more than
    the rest of a vote's reading). The cookie's age is checked on every request."""
    signed = request.COOKIES.get(COOKIE_NAME, "")
    verified = _verified_cookie(signed) if signed else None
    if verified is None:
        return []
    value, signed_at = verified
    if time.time() - signed_at > COOKIE_MAX_AGE:
        return []
    return [part for part in value.split(",") if part]


def public_ids_of(remembered_ids: Sequence[str]) -> list[uuid.UUID]:
    """The remembered participants' public ids that are ids at all, at most MAX_REMEMBERED."""
    public_ids = []
    for raw in remembered_ids[:MAX_REMEMBERED]:
        try:
            public_ids.append(uuid.UUID(raw))
        except ValueError:
            continue
    return public_ids


@functools.lru_cache(maxsize=4096)
def _verified_cookie(signed: str) -> tuple[str, int] | None:
    """The value of a participant cookie and when it was signed, or None when its signature is
    wrong, checked by Django as `get_signed_cookie` checks it: a pure function of the text, so
    caching it changes nothing but the cost."""
    request = HttpRequest()
    request.COOKIES[COOKIE_NAME] = signed
    try:
        value = request.get_signed_cookie(COOKIE_NAME, salt=COOKIE_SALT) or ""
        # A signed value ends "<timestamp>:<signature>" (django.core.signing.TimestampSigner).
        signed_at = signing.b62_decode(signed.rsplit(":", 2)[-2])
    except (signing.BadSignature, ValueError, IndexError):
        return None
    return value, signed_at


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
