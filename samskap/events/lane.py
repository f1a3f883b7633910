"""The table lane: what phones at a dialogue table send most, answered beside Django.

At a workshop of a thousand people, the phones' reactions (agree, a dot), contributions and
board polls are hundreds of requests a second (docs/decisions/0003-live-writes.md). Under ASGI
this lane takes, with `HX-Request: true` as the table's page sends them:

* `POST /join/<code>/here/react/` — answered with the phone's board, as `participant_react`;
* `POST /join/<code>/here/` — a contribution, answered with an empty form, the thanks and the
  participant's own list, as `participant_space`;
* `GET /join/<code>/here/board/?v=<fingerprint>` — 204 when nothing changed, else the board, as
  `participant_board`.

It checks each as Django would (`samskap.core.lane`) and reads only the values the page sends;
requests arriving together are worked together (`phone_reactions_set`,
`phone_contributions_create`, `phone_board_polls`). Anything else — a device that has not
joined, a closed code, an event's own code, a text that is empty or too long, a form's key used
by another device — goes on to Django, which answers as the page does and says why. A reaction
sets rather than toggles and a contribution is stored once per form's key, so one that reaches
Django after the lane stored it changes nothing.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence

from django.core.handlers.asgi import ASGIRequest
from django.utils import translation

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
    send_no_content,
)
from samskap.core.participants import remembered_participant_ids
from samskap.events import views
from samskap.events.board import contribution_sent_html, phone_board_html
from samskap.events.models import CONTRIBUTION_MAX_LENGTH, ReactionKind
from samskap.events.selectors import BoardPoll, PhoneAsk, PhoneBoard, PhoneSeat, phone_board_polls
from samskap.events.services import (
    ContributionAnswer,
    PhoneContribution,
    PhoneReaction,
    ReactionAnswer,
    phone_contributions_create,
    phone_reactions_set,
    reaction_refusal_text,
)

SPACE_PATH = re.compile(r"/join/([^/]{1,64})/here/")
REACT_PATH = re.compile(r"/join/([^/]{1,64})/here/react/")
BOARD_PATH = re.compile(r"/join/([^/]{1,64})/here/board/")
CANONICAL_ID = re.compile(r"[1-9][0-9]{0,17}")
CANONICAL_KEY = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
FINGERPRINT = re.compile(r"[0-9a-f]{16}")
CONTRIBUTION_FIELDS = {"csrfmiddlewaretoken", "client_key", "text"}


class TableLane(Lane):
    """ASGI middleware in front of Django's application; see the module's docstring."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        # A thread each, so that a batch of contributions waiting for the audit chain's lock
        # does not hold up the reactions and polls behind it.
        self.reactions: Batches[PhoneReaction, ReactionAnswer | None] = Batches(_set_together, "reaction-lane")
        self.contributions: Batches[PhoneContribution, ContributionAnswer | None] = Batches(
            _create_together, "contribution-lane"
        )
        self.polls: Batches[tuple[PhoneAsk, str], BoardPoll | None] = Batches(_read_together, "board-lane")

    def handler_for(self, scope: Scope) -> Handler | None:
        path = scope.get("path", "")
        if is_htmx(scope, "POST"):
            if REACT_PATH.fullmatch(path):
                return self._react
            if SPACE_PATH.fullmatch(path):
                return self._contribute
        elif is_htmx(scope, "GET") and BOARD_PATH.fullmatch(path):
            return self._poll
        return None

    async def _react(self, request: ASGIRequest, send: Send) -> bool:
        match = REACT_PATH.fullmatch(request.path_info)
        if match is None or not django_would_accept(request, views.participant_react):
            return False
        post = request.POST
        contribution, kind, on = post.get("contribution", ""), post.get("kind", ""), post.get("on", "")
        if not CANONICAL_ID.fullmatch(contribution) or kind not in ReactionKind.values or on not in ("0", "1"):
            return False
        reaction = PhoneReaction(_ask(request, match.group(1)), int(contribution), kind, on == "1")
        answer = await self.reactions.submit_or_none(reaction, "set a reaction")
        if answer is None:
            return False
        await _send_board(send, request, answer.seat, answer.board, answer.refusal)
        return True

    async def _contribute(self, request: ASGIRequest, send: Send) -> bool:
        match = SPACE_PATH.fullmatch(request.path_info)
        if match is None or not django_would_accept(request, views.participant_space):
            return False
        post = request.POST
        key, text = post.get("client_key", ""), post.get("text", "").strip()
        # Only what the page sends; the form's other answers (a text with a NUL, a key of
        # another shape) come from the view.
        if not set(post) <= CONTRIBUTION_FIELDS or not CANONICAL_KEY.fullmatch(key) or "\x00" in text:
            return False
        if not 0 < len(text) <= CONTRIBUTION_MAX_LENGTH:
            return False  # the form's message, from the view
        contribution = PhoneContribution(_ask(request, match.group(1)), uuid.UUID(key), text)
        answer = await self.contributions.submit_or_none(contribution, "store a contribution")
        if answer is None:
            return False
        language = language_for(request, answer.seat.language)
        with translation.override(language):
            html = contribution_sent_html(
                code=answer.seat.code,
                own=answer.own,
                client_key=str(uuid.uuid4()),
                csrf_token=masked_token(request),
            )
        await send_html(send, request, language, html)
        return True

    async def _poll(self, request: ASGIRequest, send: Send) -> bool:
        match = BOARD_PATH.fullmatch(request.path_info)
        shown = request.GET.get("v", "")
        if (
            match is None
            or not FINGERPRINT.fullmatch(shown)
            or not django_would_accept(request, views.participant_board)
        ):
            return False
        answer = await self.polls.submit_or_none((_ask(request, match.group(1)), shown), "read a board")
        if answer is None:
            return False
        if answer.board is None:
            await send_no_content(send, request, language_for(request, answer.seat.language))
        else:
            await _send_board(send, request, answer.seat, answer.board, "")
        return True


def _ask(request: ASGIRequest, code: str) -> PhoneAsk:
    return PhoneAsk(code, remembered_participant_ids(request))


async def _send_board(send: Send, request: ASGIRequest, seat: PhoneSeat, board: PhoneBoard, refusal: str) -> None:
    language = language_for(request, seat.language)
    with translation.override(language):
        error = reaction_refusal_text(refusal, seat.event.dot_budget)
        html = phone_board_html(
            code=seat.code,
            event=seat.event,
            board=board,
            participant_id=seat.participant_id,
            csrf_token=masked_token(request),
            error=error,
        )
    await send_html(send, request, language, html)


# Looked up when called, so that tests can count the batches.
def _set_together(reactions: Sequence[PhoneReaction]) -> list[ReactionAnswer | None]:
    return phone_reactions_set(reactions)


def _create_together(contributions: Sequence[PhoneContribution]) -> list[ContributionAnswer | None]:
    return phone_contributions_create(contributions)


def _read_together(polls: Sequence[tuple[PhoneAsk, str]]) -> list[BoardPoll | None]:
    return phone_board_polls(polls)
