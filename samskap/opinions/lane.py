"""The vote lane: a phone's vote sent with htmx, answered beside Django's request stack.

In a workshop hundreds of people vote within the same seconds (docs/decisions/0003-live-writes.md).
Under ASGI this lane takes `POST /join/<code>/map/` with `HX-Request: true` before Django does,
checks it as Django would (`samskap.core.lane`) and reads only the values the page sends; votes
arriving together are written together, atomically (`phone_votes_cast`), and a lone vote goes in
at once. A vote is an upsert, so one that reaches Django after the lane stored it changes nothing.
Anything else — a device that has not joined, a closed map, a statement typed by a participant —
goes on to Django, which answers as the page does and says why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.core.handlers.asgi import ASGIRequest

from samskap.core.i18n import language_for
from samskap.core.lane import (
    ASGIApp,
    Batches,
    Handler,
    Lane,
    Scope,
    Send,
    django_would_accept,
    is_htmx,
    masked_token,
    send_html,
)
from samskap.core.participants import remembered_participant_ids
from samskap.opinions import views
from samskap.opinions.services import PhoneVote, VoteAnswer, phone_votes_cast

VOTE_PATH = re.compile(r"/join/([^/]{1,64})/map/")
CANONICAL_STATEMENT_ID = re.compile(r"[1-9][0-9]{0,17}")
CANONICAL_VALUES = ("1", "-1", "0")


class VoteLane(Lane):
    """ASGI middleware in front of Django's application; see the module's docstring."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        self.votes: Batches[PhoneVote, VoteAnswer | None] = Batches(_cast_together, "vote-lane")

    def handler_for(self, scope: Scope) -> Handler | None:
        return self._answer if is_htmx(scope, "POST") and VOTE_PATH.fullmatch(scope.get("path", "")) else None

    async def _answer(self, request: ASGIRequest, send: Send) -> bool:
        """Answer the vote and say True, or say False and leave it to Django."""
        match = VOTE_PATH.fullmatch(request.path_info)
        phone_vote = _phone_vote(request, match.group(1)) if match else None
        if phone_vote is None:
            return False
        answer = await self.votes.submit_or_none(phone_vote, "store a vote")
        if answer is None:
            return False
        language = language_for(request, answer.ballot.language)
        html = views.vote_area_html(answer, language=language, csrf_token=masked_token(request))
        await send_html(send, request, language, html)
        return True


def _cast_together(phone_votes: Sequence[PhoneVote]) -> list[VoteAnswer | None]:
    return phone_votes_cast(phone_votes)


def _phone_vote(request: ASGIRequest, code: str) -> PhoneVote | None:
    """The vote in the request when Django's own checks would let it through, or None."""
    if not django_would_accept(request, views.vote):
        return None
    post = request.POST
    statement, value = post.get("statement", ""), post.get("value", "")
    # Stricter than VoteForm (which costs more than the rest of the lane): only the values the
    # page sends. Anything else goes on to the view and its form.
    if "text" in post or not CANONICAL_STATEMENT_ID.fullmatch(statement) or value not in CANONICAL_VALUES:
        return None
    return PhoneVote(code, remembered_participant_ids(request), int(statement), int(value))
