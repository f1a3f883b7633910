"""The vote lane: a phone's vote sent with htmx, answered beside Django's request stack.

In a workshop hundreds of people vote within the same seconds. A vote through Django's whole
stack costs several milliseconds of CPU and one transaction of its own, so two cores answer
about 180 votes a second (docs/decisions/0003-live-writes.md). Under ASGI (production runs
uvicorn with `samskap.asgi`) this lane takes `POST /join/<code>/map/` with `HX-Request: true`
before Django does: it makes the same checks with Django's own pieces — ALLOWED_HOSTS, the SSL
redirect, the CSRF middleware's check, the signed participant cookie, the vote form — and
hands the vote to a per-process queue. While one batch is in the database the next one
gathers, so a burst is written a few hundred votes at a time, atomically (`phone_votes_cast`), and
a lone vote goes in at once, as before.

Anything the lane does not answer goes on to Django unchanged, with the body it read: a
device that has not joined, a closed map, a bad token, a statement typed by a participant, a
database error. Django then answers as the page does and says why. A vote is an upsert, so
one that reaches Django after the lane stored it changes nothing. Under WSGI (`make run`, the
tests' live server) there is no lane, and the view answers the same request the same way.
"""

from __future__ import annotations

import asyncio
import functools
import io
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware
from django.middleware.security import SecurityMiddleware
from django.utils.cache import patch_vary_headers

from samskap.core.i18n import language_for
from samskap.core.middleware import add_security_headers
from samskap.core.participants import remembered_participant_ids
from samskap.opinions import views
from samskap.opinions.services import PhoneVote, VoteAnswer, phone_votes_cast

logger = logging.getLogger(__name__)

Scope = dict[str, Any]
Message = Mapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

VOTE_PATH = re.compile(r"/join/([^/]{1,64})/map/")
CANONICAL_STATEMENT_ID = re.compile(r"[1-9][0-9]{0,17}")
CANONICAL_VALUES = ("1", "-1", "0")
# A vote's form is three short fields and a token; anything longer is not one.
MAX_BODY_BYTES = 4096
# Votes written together at most; a burst larger than this waits for the next batch.
MAX_BATCH = 500


class VoteLane:
    """ASGI middleware in front of Django's application; see the module's docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._waiting: list[tuple[PhoneVote, asyncio.Future[VoteAnswer | None]]] = []
        self._writer: asyncio.Task[None] | None = None
        # One thread writes: batches go in one after another, each atomically,
        # on that thread's database connection.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vote-lane")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = VOTE_PATH.fullmatch(scope.get("path", "")) if _is_htmx_post(scope) else None
        if match is None:
            await self.app(scope, receive, send)
            return
        body, complete, disconnected = await _read_body(receive)
        if disconnected:
            return
        if not (complete and await self._answer(scope, match.group(1), body, send)):
            await self.app(scope, _replaying(body, complete, receive), send)

    async def _answer(self, scope: Scope, code: str, body: bytes, send: Send) -> bool:
        """Answer the vote and say True, or say False and leave it to Django."""
        request = ASGIRequest(scope, io.BytesIO(body))
        phone_vote = _phone_vote(request, code)
        if phone_vote is None:
            return False
        try:
            answer = await self._cast(phone_vote)
        except Exception:
            logger.exception("the vote lane could not store a vote; Django tries again")
            return False
        if answer is None:
            return False
        language = language_for(request, answer.ballot.language)
        html = views.vote_area_html(answer, language=language, csrf_token=_masked_token(request.META["CSRF_COOKIE"]))
        body = html.encode()
        headers = [*_answer_headers(request.is_secure(), language), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return True

    async def _cast(self, phone_vote: PhoneVote) -> VoteAnswer | None:
        future: asyncio.Future[VoteAnswer | None] = asyncio.get_running_loop().create_future()
        self._waiting.append((phone_vote, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_waiting())
        return await future

    async def _write_waiting(self) -> None:
        loop = asyncio.get_running_loop()
        while self._waiting:
            batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
            try:
                answers = await loop.run_in_executor(self._executor, _cast_together, [v for v, _f in batch])
            except Exception as exc:
                for _vote, future in batch:
                    if not future.done():
                        future.set_exception(exc)
            else:
                for (_vote, future), answer in zip(batch, answers, strict=True):
                    if not future.done():
                        future.set_result(answer)


def _cast_together(phone_votes: Sequence[PhoneVote]) -> list[VoteAnswer | None]:
    # Django closes stale connections around each request; the lane's thread does it around
    # each batch, so a restarted database costs one failed batch, not every batch after it.
    close_old_connections()
    try:
        return phone_votes_cast(phone_votes)
    finally:
        close_old_connections()


def _is_htmx_post(scope: Scope) -> bool:
    if scope["type"] != "http" or scope.get("method") != "POST":
        return False
    return any(name == b"hx-request" and value == b"true" for name, value in scope.get("headers", ()))


async def _read_body(receive: Receive) -> tuple[bytes, bool, bool]:
    """The request body up to MAX_BODY_BYTES: (body, whether that is all of it, whether the
    client went away)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"", False, True
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        more = bool(message.get("more_body", False))
        if not more or size > MAX_BODY_BYTES:
            return b"".join(chunks), not more and size <= MAX_BODY_BYTES, False


def _replaying(body: bytes, complete: bool, receive: Receive) -> Receive:
    """`receive` for Django: the part of the body already read, then the rest."""
    replayed = False

    async def receive_again() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": not complete}
        return await receive()

    return receive_again


def _phone_vote(request: HttpRequest, code: str) -> PhoneVote | None:
    """The vote in the request when Django's own checks would let it through, or None."""
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None
    try:
        request.get_host()
    except DisallowedHost:
        return None
    _CSRF.process_request(request)
    if _CSRF.process_view(request, views.vote, (), {}) is not None:
        return None
    post = request.POST
    statement, value = post.get("statement", ""), post.get("value", "")
    # Stricter than VoteForm (which costs more than the rest of the lane): only the values the
    # page sends. Anything else goes on to the view and its form.
    if "text" in post or not CANONICAL_STATEMENT_ID.fullmatch(statement) or value not in CANONICAL_VALUES:
        return None
    return PhoneVote(code, remembered_participant_ids(request), int(statement), int(value))


def _no_view(request: HttpRequest) -> HttpResponse:
    raise AssertionError("the vote lane's middleware instances only check")


# Made once: they read their settings when made (the CSRF check its trusted origins, on first
# use), and keep nothing of a request but on the request itself.
_CSRF = CsrfViewMiddleware(_no_view)
_SECURITY = SecurityMiddleware(_no_view)
_FRAME_OPTIONS = XFrameOptionsMiddleware(_no_view)


@functools.cache
def _answer_headers(is_secure: bool, language: str) -> tuple[tuple[bytes, bytes], ...]:
    """The headers of a vote area in `language`: those Django's middleware puts on every answer
    (security, frame options, Samskap's policies, Vary), made once per process. They depend on
    the settings and on whether the request came over HTTPS, and on nothing else."""
    request = HttpRequest()
    request.is_secure = lambda: is_secure  # type: ignore[method-assign]
    response = HttpResponse()
    response["Content-Language"] = language
    _SECURITY.process_response(request, response)
    _FRAME_OPTIONS.process_response(request, response)
    add_security_headers(response)
    patch_vary_headers(response, ("HX-Request", "Cookie", "Accept-Language"))
    return tuple((name.encode("latin-1"), value.encode("latin-1")) for name, value in response.items())


_TOKEN_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
# Random bytes below this are used, the rest dropped, so that each character is equally likely.
_UNBIASED_BELOW = 256 - 256 % len(CSRF_ALLOWED_CHARS)


def _masked_token(secret: str) -> str:
    """What `django.middleware.csrf.get_token` returns for this CSRF secret: the secret under a
    fresh random mask, so that no two answers carry the same token (the defence against
    BREACH), in Django's format (mask, then each secret character shifted by the mask's).
    Django draws the mask one character and one read of the OS's randomness at a time, which
    cost the lane more than the rest of an answer; this draws it from one read."""
    mask: list[str] = []
    while len(mask) < CSRF_SECRET_LENGTH:
        mask += [
            CSRF_ALLOWED_CHARS[b % len(CSRF_ALLOWED_CHARS)] for b in secrets.token_bytes(48) if b < _UNBIASED_BELOW
        ]
    del mask[CSRF_SECRET_LENGTH:]
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_TOKEN_INDEX[s] + _TOKEN_INDEX[m]) % size] for s, m in zip(secret, mask, strict=True)
    )
    return "".join(mask) + cipher
