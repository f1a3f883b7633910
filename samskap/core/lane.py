"""Lanes: a few hot requests from participants' phones, answered beside Django's request stack.

At a workshop hundreds of phones send votes, reactions and contributions within the same
seconds. Through Django's whole stack each costs several milliseconds of CPU and a transaction
of its own, which two cores cannot give a thousand people (docs/decisions/0003-live-writes.md).
Under ASGI (production runs uvicorn with `samskap.asgi`) a lane takes its requests before
Django does: it makes the same checks with Django's own pieces — ALLOWED_HOSTS, the SSL
redirect, the CSRF middleware's check, the signed participant cookie — and hands the request to
a per-process queue. One thread per lane and process works the queue: while one batch is in
the database the next one gathers, so a burst is written and read a few hundred at a time, and
a lone request goes in at once.

Anything a lane does not answer goes on to Django unchanged, with the body the lane read: a
device that has not joined, a closed space, a bad token, a form the page never sends, a
database error. Django then answers as the page does and says why. Under WSGI (`make run`, the
tests' live server) there are no lanes, and the views answer the same requests the same way.

This module holds what the lanes share; `samskap.opinions.lane` (votes) and
`samskap.events.lane` (a table's reactions and contributions) are the lanes.
"""

from __future__ import annotations

import asyncio
import functools
import io
import logging
import secrets
import threading
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.asgi import ASGIRequest
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, CsrfViewMiddleware
from django.middleware.security import SecurityMiddleware
from django.utils.cache import patch_vary_headers

from samskap.core.middleware import add_security_headers

logger = logging.getLogger(__name__)

Scope = dict[str, Any]
Message = Mapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
# Answers the request and says True, or says False and leaves it to Django.
Handler = Callable[[ASGIRequest, Send], Awaitable[bool]]

# The forms the lanes take are a few short fields and a token, or a contribution of at most a
# couple of thousand characters; anything longer is not one of them.
MAX_BODY_BYTES = 16_384
# Requests worked together at most; a burst larger than this waits for the next batch.
MAX_BATCH = 500

Item = TypeVar("Item")
Result = TypeVar("Result")


class Lane:
    """ASGI middleware in front of Django's application: the requests `handler_for` names are
    offered to their handler with the whole body read; the rest, and those a handler declines,
    reach the application unchanged."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    def handler_for(self, scope: Scope) -> Handler | None:
        raise NotImplementedError

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        handler = self.handler_for(scope) if scope["type"] == "http" else None
        if handler is None:
            await self.app(scope, receive, send)
            return
        body, complete, disconnected = await _read_body(receive)
        if disconnected:
            return
        if not (complete and await handler(ASGIRequest(scope, io.BytesIO(body)), send)):
            await self.app(scope, _replaying(body, complete, receive), send)


class Batches(Generic[Item, Result]):
    """A per-process queue worked by one thread: `work` gets what arrived together, in order,
    and returns one result for each. What arrives while a batch is in the database is the next
    batch. An exception in `work` is raised to every request of its batch."""

    def __init__(self, work: Callable[[Sequence[Item]], Sequence[Result]], name: str) -> None:
        self.work = work
        self._waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self._worker: asyncio.Task[None] | None = None
        # One thread: batches go in one after another, each on that thread's connection.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    async def submit(self, item: Item) -> Result:
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._work_waiting())
        return await future

    async def submit_or_none(self, item: Item, what: str) -> Result | None:
        """`submit`, with a failure logged and answered None: the request then goes on to Django,
        which tries again (`what` says what failed, for the log)."""
        try:
            return await self.submit(item)
        except Exception:
            logger.exception("a lane could not %s; Django tries again", what)
            return None

    async def _work_waiting(self) -> None:
        loop = asyncio.get_running_loop()
        while self._waiting:
            batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
            try:
                results = await loop.run_in_executor(self._executor, self._work, [item for item, _f in batch])
            except Exception as exc:
                for _item, future in batch:
                    if not future.done():
                        future.set_exception(exc)
            else:
                for (_item, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)

    def _work(self, items: Sequence[Item]) -> Sequence[Result]:
        # Django closes stale connections around each request; the lane's thread does it around
        # each batch, so a restarted database costs one failed batch, not every batch after it.
        close_old_connections()
        try:
            return self.work(items)
        finally:
            close_old_connections()


def is_htmx(scope: Scope, method: str) -> bool:
    if scope.get("method") != method:
        return False
    return any(name == b"hx-request" and value == b"true" for name, value in scope.get("headers", ()))


def django_would_accept(request: HttpRequest, view: Callable[..., HttpResponse]) -> bool:
    """Whether Django's own checks would let `request` through to `view`: the SSL redirect,
    ALLOWED_HOSTS and, for a POST, the CSRF check. Sets `request.META["CSRF_COOKIE"]`."""
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return False
    try:
        request.get_host()
    except DisallowedHost:
        return False
    _CSRF.process_request(request)
    if "CSRF_COOKIE" not in request.META or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # Django would set a new CSRF cookie with its answer; a lane sets none
    return _CSRF.process_view(request, view, (), {}) is None


async def send_html(send: Send, request: HttpRequest, language: str, html: str, status: int = 200) -> None:
    body = html.encode()
    headers = [*_answer_headers(request.is_secure(), language), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def send_no_content(send: Send, request: HttpRequest, language: str) -> None:
    """204, as a live block's poll is answered when nothing changed."""
    await send(
        {"type": "http.response.start", "status": 204, "headers": list(_answer_headers(request.is_secure(), language))}
    )
    await send({"type": "http.response.body", "body": b""})


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


def _no_view(request: HttpRequest) -> HttpResponse:
    raise AssertionError("the lanes' middleware instances only check")


# Made once: they read their settings when made (the CSRF check its trusted origins, on first
# use), and keep nothing of a request but on the request itself.
_CSRF = CsrfViewMiddleware(_no_view)
_SECURITY = SecurityMiddleware(_no_view)
_FRAME_OPTIONS = XFrameOptionsMiddleware(_no_view)


@functools.cache
def _answer_headers(is_secure: bool, language: str) -> tuple[tuple[bytes, bytes], ...]:
    """The headers of an answer in `language`: those Django's middleware puts on every answer
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
# The OS's randomness is read this many bytes at a time: each read gives up the GIL, and under
# load a thread waits a switch interval to get it back, which a read per answer made the lanes'
# largest cost. A read serves some hundred masks.
_RANDOM_POOL_BYTES = 8192
_random_pool = bytearray()
_random_pool_lock = threading.Lock()


def _random_bytes(size: int) -> bytes:
    """`size` bytes from the OS's randomness (as `secrets.token_bytes`), read ahead in blocks;
    no byte is given out twice."""
    global _random_pool
    with _random_pool_lock:
        if len(_random_pool) < size:
            _random_pool = bytearray(secrets.token_bytes(_RANDOM_POOL_BYTES))
        taken = bytes(_random_pool[-size:])
        del _random_pool[-size:]
    return taken


def masked_token(request: HttpRequest) -> str:
    """What `django.middleware.csrf.get_token` returns for the request's CSRF secret (read by
    `django_would_accept`): the secret under a fresh random mask, so that no two answers carry
    the same token (the defence against BREACH), in Django's format (mask, then each secret
    character shifted by the mask's). Django draws the mask one character and one read of the
    OS's randomness at a time, which cost a lane more than the rest of an answer; this draws it
    from the OS's randomness read ahead."""
    secret = request.META["CSRF_COOKIE"]
    mask: list[str] = []
    while len(mask) < CSRF_SECRET_LENGTH:
        mask += [CSRF_ALLOWED_CHARS[b % len(CSRF_ALLOWED_CHARS)] for b in _random_bytes(48) if b < _UNBIASED_BELOW]
    del mask[CSRF_SECRET_LENGTH:]
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_TOKEN_INDEX[s] + _TOKEN_INDEX[m]) % size] for s, m in zip(secret, mask, strict=True)
    )
    return "".join(mask) + cipher
