"""A live event under load: participants join tables by code, write and react from their phones
while the plenary screens and the hosts' table pages stay live, on loopback, bounded in time.

The production shape, as `scripts/serve-prod.sh` runs it (DEBUG off, whitenoise, uvicorn with at
least two worker processes on 127.0.0.1), on PostgreSQL (a throwaway cluster from
`scripts/with-postgres.sh`) or, with `--sqlite`, on the SQLite default in a temporary file. The
script migrates, then builds through the services an organisation, a process, an event with one
table per ten participants (at most 100), table hosts, a facilitator, and opens a round. None of
that is timed.

Then, through the real URLs, with one cookie jar per device, each device keeping its connection
between requests as a browser does (`--server gunicorn`, the earlier shape, takes a new connection
per request):

* the screens: `--plenary` plenary screens (one by table, one by theme, …) logged in as the
  facilitator, and the rest of `--screens` as table hosts each on their own table's page, each
  logged in through the login form. Each loads its page, then asks for its live block every three
  seconds with the fingerprint it shows, as htmx does (`HX-Request: true`; 204 when nothing
  changed, the block when something did).
* the participants join during `--join-seconds` (open loop, each at its own random moment): the
  join form, the form sent (consent ticked, sometimes a name and a role), the redirect followed
  to the table's page. Timed and reported apart, as the "join" phase.
* then, in the `--window` seconds that follow, each participant's `--contributions` contributions
  and `--reactions` reactions, each at its own planned moment (open loop: a slow answer does not
  slow the plan, only the participant's next tap, which waits for the page as a person would).
  A contribution is the page's form sent as htmx sends it, with its `client_key` and CSRF token,
  answered with an empty form carrying a new key, the thanks and the phone's own list
  (`--plain-contributions`: the form posted without htmx, answered by a redirect that the phone
  follows, a GET of the whole page, as a browser without JavaScript does). Now and
  then (`--resubmit-share`) the same form is sent twice: right after the first answer, or twice
  at once (a double tap); both must answer as the first did, and only one contribution may come
  of it. A reaction is one of the page's buttons (agree, or a dot), sent as htmx sends it; the
  board comes back and the next tap uses it. Dots beyond the event's budget are refused in the
  board ("answered, refused"), which is not an error.
* with `--phone-polls`, each phone's page also asks for its board every three seconds from the
  moment it joined, as htmx does (a board swapped in by a tap starts its own three seconds).
  The issue's plan does not name it; it is the load a thousand open pages add.

Afterwards, in the database: every contribution whose POST was answered with the thanks (or the
redirect) is there
exactly once (counted by client_key, with the text that was sent), none is missing, none is
doubled, nothing was stored that no POST sent, each has exactly one audit entry, the audit chain
verifies, and no participant holds more dots than the budget.

Production cookies are `Secure` and settings.py has no switch for that, so the client keeps its
own cookie jar per device and sends the cookies over plain http on loopback.

Readable lines, then one JSON object on the last line of stdout.

    scripts/with-postgres.sh .venv/bin/python benchmarks/live_event.py     # PostgreSQL
    .venv/bin/python benchmarks/live_event.py --sqlite                     # the SQLite default
    .venv/bin/python benchmarks/live_event.py --participants 50            # small, while developing
    make bench-live BENCH_ARGS="--sqlite"
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import math
import os
import random
import re
import resource
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import uvloop
from opinion_votes import (
    busy_seconds,
    cpu_by_role,
    cpu_split,
    cpu_times,
    free_port,
    machine,
    percentile,
    print_tail,
    process_table,
    production_environment,
    start,
    stop,
)

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
BUDGET_P95_MS = 300.0
REQUEST_TIMEOUT_SECONDS = 30.0
SERVER_START_TIMEOUT_SECONDS = 60.0
POLL_SECONDS = 3.0  # what the live blocks ask with (events.views.LIVE_POLL_SECONDS)
PEOPLE_PER_TABLE = 10
MAX_TABLES = 100  # event_create_with_tables allows no more

CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CLIENT_KEY_FIELD = re.compile(rb'name="client_key" value="([0-9a-f-]{36})"')
CONSENT_FIELD = re.compile(rb'name="consent_(\w+)"')
DISPLAY_NAME_FIELD = re.compile(rb'name="display_name"')
REACTION_FORM = re.compile(
    rb'name="contribution" value="(\d+)">\s*<input type="hidden" name="kind" value="(\w+)">\s*'
    rb'<input type="hidden" name="on" value="([01])">'
)
ALERT = re.compile(rb'role="alert"')
THANKED = re.compile(rb'id="contribution-status" hx-swap-oob')
FINGERPRINT = re.compile(rb'hx-get="[^"]*\?v=([0-9a-f]+)')

OPENINGS = [
    "Det viktigste for meg er",
    "Jeg savner",
    "Vi burde snakke mer om",
    "Kommunen kan bli bedre på",
    "Et godt eksempel er",
    "Det som fungerer i dag er",
    "Det vanskeligste er",
    "Jeg ønsker meg",
]
SUBJECTS = [
    "at hjemmetjenesten har faste ansatte",
    "kortere ventetid på avlastning",
    "bedre informasjon på nettsidene",
    "møteplasser for unge på kveldstid",
    "at pårørende blir spurt tidlig",
    "tolk når det trengs, også på telefon",
    "kollektivtilbud til bygdene",
    "at frivillige får bruke skolene",
    "en fast kontaktperson i NAV",
    "universell utforming av nye bygg",
]
ENDINGS = [
    ".",
    ", særlig for de eldste.",
    ", og det må ikke koste mye.",
    " – det har vi sagt før.",
    ", slik at folk slipper å fortelle alt på nytt.",
    ". Det gjelder hele kommunen.",
]
NAMES = ["Kari", "Ola", "Aisha", "Jonas", "Ingrid", "Mohammed", "Sigrid", "Emil", "Nora", "Lars"]


# --- the client: asyncio streams, one cookie jar per device, kept-alive connections ----------


@dataclass
class Response:
    status: int
    headers: dict[str, list[str]]
    body: bytes

    def header(self, name: str) -> str:
        values = self.headers.get(name.lower())
        return values[0] if values else ""


def _dechunk(body: bytes) -> bytes:
    out, rest = bytearray(), body
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";", 1)[0] or b"0", 16)
        if size == 0:
            break
        out += rest[:size]
        rest = rest[size + 2 :]
    return bytes(out)


async def http_request(port: int, method: str, path: str, headers: dict[str, str], body: bytes | None) -> Response:
    """One HTTP/1.1 request on a new connection, read to the end (Connection: close)."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(_request_bytes(port, method, path, {"Connection": "close", **headers}, body))
        raw = await reader.read()
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    head, _, content = raw.partition(b"\r\n\r\n")
    status, parsed = _parse_head(head, len(raw))
    if "chunked" in ",".join(parsed.get("transfer-encoding", [])).lower():
        content = _dechunk(content)
    return Response(status, parsed, content)


def _request_bytes(port: int, method: str, path: str, headers: dict[str, str], body: bytes | None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body is not None:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


def _parse_head(head: bytes, size: int) -> tuple[int, dict[str, list[str]]]:
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise ConnectionError(f"no HTTP answer ({size} bytes)")
    parsed: dict[str, list[str]] = defaultdict(list)
    for line in header_lines:
        name, _, value = line.partition(":")
        parsed[name.strip().lower()].append(value.strip())
    return int(parts[1]), dict(parsed)


class KeptAlive:
    """A browser's connections to the server, kept open between requests as a browser keeps
    them (HTTP/1.1 keep-alive). A request takes an idle connection or opens one (a double tap
    sends two at once, over two). When a connection the server has closed meanwhile fails before
    any answer came, the request goes again on a new one, as browsers do."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def request(self, method: str, path: str, headers: dict[str, str], body: bytes | None) -> Response:
        request = _request_bytes(self.port, method, path, headers, body)
        while self.idle:
            reader, writer = self.idle.pop()
            if reader.at_eof() or writer.is_closing():
                writer.close()
                continue
            try:
                return await self._exchange(reader, writer, request)
            except _NothingAnswered:
                writer.close()
        reader, writer = await asyncio.open_connection(HOST, self.port)
        try:
            return await self._exchange(reader, writer, request)
        except _NothingAnswered as exc:
            writer.close()
            raise ConnectionError("the server closed the connection without an answer") from exc

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> Response:
        try:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
        except (OSError, asyncio.IncompleteReadError) as exc:
            raise _NothingAnswered from exc
        except BaseException:
            writer.close()
            raise
        try:
            status, parsed = _parse_head(head[:-4], len(head))
            if "chunked" in ",".join(parsed.get("transfer-encoding", [])).lower():
                chunks = []
                while size := int((await reader.readuntil(b"\r\n")).split(b";", 1)[0].strip() or b"0", 16):
                    chunks.append(await reader.readexactly(size))
                    await reader.readexactly(2)
                await reader.readuntil(b"\r\n")
                content = b"".join(chunks)
            else:
                content = await reader.readexactly(int(parsed.get("content-length", ["0"])[0]))
        except BaseException:
            writer.close()
            raise
        if "close" in ",".join(parsed.get("connection", [])).lower():
            writer.close()
        else:
            self.idle.append((reader, writer))
        return Response(status, parsed, content)

    def close(self) -> None:
        for _reader, writer in self.idle:
            writer.close()
        self.idle = []


class _NothingAnswered(Exception):
    pass


@dataclass
class Sample:
    kind: str
    phase: str
    started: float  # loop time
    ms: float
    status: int
    outcome: str  # "ok", "refused" (an answered refusal: dots over budget) or "error"
    problem: str = ""


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)
    phase: str = "setup"

    def add(self, kind: str, started: float, status: int, outcome: str, problem: str = "") -> None:
        ms = (asyncio.get_running_loop().time() - started) * 1000
        self.samples.append(Sample(kind, self.phase, started, ms, status, outcome, problem))


class Device:
    """A browser: its own cookies, forms sent as a browser sends them."""

    def __init__(self, port: int, recorder: Recorder, keep_alive: bool = False) -> None:
        self.port = port
        self.recorder = recorder
        self.cookies: dict[str, str] = {}
        # Under uvicorn a browser keeps its connection between requests; gunicorn's sync
        # workers close each one, so there every request opens a new connection.
        self.connections = KeptAlive(port) if keep_alive else None

    async def request(
        self,
        kind: str,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        expect: tuple[int, ...] = (200,),
        location: str | None = None,
        refused: re.Pattern[bytes] | None = None,
        must_match: re.Pattern[bytes] | None = None,
    ) -> Response | None:
        """One timed request; None (and an error recorded) when it failed or answered unexpectedly:
        another status than `expect`, or a redirect elsewhere than `location`. An answer whose body
        matches `refused` counts as answered and refused, not as an error."""
        all_headers = {"Accept": "text/html", "Accept-Language": "nb", "User-Agent": "samskap-live-bench"}
        all_headers.update(headers or {})
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers["Origin"] = f"http://{HOST}:{self.port}"
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            exchange = (
                self.connections.request(method, path, all_headers, body)
                if self.connections is not None
                else http_request(self.port, method, path, all_headers, body)
            )
            response = await asyncio.wait_for(exchange, REQUEST_TIMEOUT_SECONDS)
        except (OSError, ConnectionError, TimeoutError, ValueError) as exc:
            self.recorder.add(kind, started, 0, "error", f"{type(exc).__name__}: {exc}"[:200])
            return None
        except asyncio.CancelledError:
            self.recorder.add(kind, started, 0, "error", "still waiting at the drain limit")
            raise
        for header in response.headers.get("set-cookie", []):
            # The Secure attribute is ignored on purpose: this is plain http on loopback.
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value
        went_to = response.header("location")
        if response.status not in expect or (location is not None and went_to != location):
            self.recorder.add(kind, started, response.status, "error", f"{method} {path} → {response.status} {went_to}")
            return None
        if must_match is not None and not must_match.search(response.body):
            problem = f"{method} {path} → {response.status} without {must_match.pattern!r}: {response.body[:120]!r}"
            self.recorder.add(kind, started, response.status, "error", problem)
            return None
        outcome = "refused" if refused is not None and refused.search(response.body) else "ok"
        self.recorder.add(kind, started, response.status, outcome)
        return response

    async def log_in(self, email: str, password: str) -> None:
        page = await self.request("login_form", "GET", "/login/")
        token = CSRF_FIELD.search(page.body) if page else None
        if token is None:
            raise RuntimeError("the login form did not come")
        form = {"csrfmiddlewaretoken": token.group(1).decode(), "email": email, "password": password, "next": ""}
        answer = await self.request("login", "POST", "/login/", form, expect=(302,), location="/")
        if answer is None or "sessionid" not in self.cookies:
            raise RuntimeError(f"{email} could not log in")


# --- participants ------------------------------------------------------------------------------


@dataclass
class Accepted:
    participant: int
    text: str
    answers: int = 1


@dataclass
class Ledger:
    """Every contribution sent (key → text), and those the server accepted (answered with the
    redirect). One sent but never answered (cut off, timed out) may or may not be stored."""

    sent: dict[str, str] = field(default_factory=dict)
    accepted: dict[str, Accepted] = field(default_factory=dict)


class Phone(Device):
    def __init__(self, index: int, port: int, recorder: Recorder, code: str, seed: int, keep_alive: bool) -> None:
        super().__init__(port, recorder, keep_alive)
        self.index = index
        self.code = code
        self.rng = random.Random(seed * 1_000_003 + index)
        self.csrf = ""
        self.client_key = ""
        self.fingerprint = ""
        self.buttons: dict[tuple[int, str], str] = {}  # (contribution, kind) → the "on" value its button sends
        self.joined = False
        # When the board was last swapped in or asked for: its poll is due three seconds later.
        self.board_since = 0.0

    @property
    def space(self) -> str:
        return f"/join/{self.code}/here/"

    def read_page(self, body: bytes, *, whole_page: bool) -> None:
        """What the page (or the board block) holds: the CSRF token, the contribution form's
        key, the reaction buttons and the fingerprint the board polls with."""
        if token := CSRF_FIELD.search(body):
            self.csrf = token.group(1).decode()
        if whole_page:
            key = CLIENT_KEY_FIELD.search(body)
            self.client_key = key.group(1).decode() if key else ""
        if fingerprint := FINGERPRINT.search(body):
            self.fingerprint = fingerprint.group(1).decode()
        if b'id="table-board"' in body:  # an answer to a contribution carries no board
            self.buttons = {(int(c), kind.decode()): on.decode() for c, kind, on in REACTION_FORM.findall(body)}
            self.board_since = asyncio.get_running_loop().time()

    async def join(self, role_labels: list[str], required_consents: set[str]) -> None:
        page = await self.request("join_form", "GET", f"/join/{self.code}/")
        token = CSRF_FIELD.search(page.body) if page else None
        if page is None or token is None:
            return
        form = {"csrfmiddlewaretoken": token.group(1).decode(), "role_label": self.rng.choice(["", *role_labels])}
        if DISPLAY_NAME_FIELD.search(page.body):
            form["display_name"] = self.rng.choice(NAMES) if self.rng.random() < 0.5 else ""
        for purpose in dict.fromkeys(p.decode() for p in CONSENT_FIELD.findall(page.body)):
            if purpose in required_consents or self.rng.random() < 0.5:
                form[f"consent_{purpose}"] = "on"
        answer = await self.request("join", "POST", f"/join/{self.code}/", form, expect=(302,), location=self.space)
        if answer is None:
            return
        await self.load_space("space")
        self.joined = bool(self.csrf and self.client_key)

    async def load_space(self, kind: str) -> bool:
        page = await self.request(kind, "GET", self.space)
        if page is None:
            return False
        self.read_page(page.body, whole_page=True)
        return True

    def contribution_text(self, number: int) -> str:
        rng = self.rng
        return f"{rng.choice(OPENINGS)} {rng.choice(SUBJECTS)}{rng.choice(ENDINGS)} ({self.index}.{number})"

    async def keep_board_live(self, stop_at: asyncio.Event) -> Counter[str]:
        """The page's own poll (`--phone-polls`): htmx asks for the board every three seconds,
        and a board swapped in by a tap starts its own three seconds."""
        loop = asyncio.get_running_loop()
        seen: Counter[str] = Counter()
        headers = {"HX-Request": "true", "HX-Target": "table-board", "HX-Current-URL": f"http://{HOST}{self.space}"}
        while not stop_at.is_set():
            due = self.board_since + POLL_SECONDS
            if due > loop.time():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop_at.wait(), due - loop.time())
                continue  # a tap may have swapped the board in meanwhile
            self.board_since = loop.time()
            answer = await self.request(
                "board_poll", "GET", f"{self.space}board/?v={self.fingerprint}", headers=headers, expect=(200, 204)
            )
            if answer is not None:
                seen[str(answer.status)] += 1
                if answer.status == 200:
                    self.read_page(answer.body, whole_page=False)
        return seen

    async def contribute(self, number: int, resubmit: str, ledger: Ledger, plain: bool) -> None:
        """The page's form, sent as htmx sends it (`plain`: without htmx, the redirect followed).
        `resubmit`: "", "after" (sent again after the answer, as a retry) or "together" (sent
        twice at once, as a double tap)."""
        if not self.client_key and not await self.load_space("space"):
            return
        key, text = self.client_key, self.contribution_text(number)
        form = {"csrfmiddlewaretoken": self.csrf, "client_key": key, "text": text}
        ledger.sent[key] = text
        accepted = ledger.accepted
        headers = {
            "HX-Request": "true",
            "HX-Target": "contribution-form",
            "HX-Current-URL": f"http://{HOST}{self.space}",
        }

        def post(kind: str) -> Coroutine[Any, Any, Response | None]:
            if plain:
                return self.request(kind, "POST", self.space, form, expect=(302,), location=self.space)
            return self.request(kind, "POST", self.space, form, headers=headers, must_match=THANKED)

        if resubmit == "together":
            answers = list(await asyncio.gather(post("contribute"), post("contribute_again")))
        else:
            answers = [await post("contribute")]
            if resubmit == "after" and answers[0] is not None:
                answers.append(await post("contribute_again"))
        for answer in answers:
            if answer is None:
                continue
            if key in accepted:
                accepted[key].answers += 1
            else:
                accepted[key] = Accepted(self.index, text)
        self.client_key = ""
        if plain:
            await self.load_space("space_after_post")
            return
        # The form comes back empty with a new key (the last answer's, as htmx swaps each in).
        for answer in answers:
            if answer is not None:
                self.read_page(answer.body, whole_page=True)

    async def react(self) -> bool:
        """Tap one of the board's buttons, as htmx sends it. False when there was nothing to tap."""
        if not self.buttons:
            # Nothing on the board yet: ask as the page's poll would, then look again.
            headers = {"HX-Request": "true", "HX-Target": "table-board", "HX-Current-URL": f"http://{HOST}{self.space}"}
            board = await self.request(
                "board", "GET", f"{self.space}board/?v={self.fingerprint}", headers=headers, expect=(200, 204)
            )
            if board is not None and board.status == 200:
                self.read_page(board.body, whole_page=False)
            if not self.buttons:
                return False
        choice = self.choose_button()
        contribution, kind = choice
        form = {
            "csrfmiddlewaretoken": self.csrf,
            "contribution": str(contribution),
            "kind": kind,
            "on": self.buttons[choice],
        }
        headers = {"HX-Request": "true", "HX-Target": "table-board", "HX-Current-URL": f"http://{HOST}{self.space}"}
        # A dot over the budget is answered with the reason inside the board: refused, not an error.
        answer = await self.request("react", "POST", f"{self.space}react/", form, headers=headers, refused=ALERT)
        if answer is not None:
            self.read_page(answer.body, whole_page=False)
        return True

    def choose_button(self) -> tuple[int, str]:
        """Mostly agree with something not agreed with yet; about a third dots; now and then a
        reaction taken back."""
        rng = self.rng
        kind = "dot" if rng.random() < 0.3 else "agree"
        fresh = [b for b, on in self.buttons.items() if b[1] == kind and on == "1"]
        given = [b for b, on in self.buttons.items() if on == "0"]
        if given and (rng.random() < 0.1 or not fresh):
            return rng.choice(given)
        if fresh:
            return rng.choice(fresh)
        return rng.choice(list(self.buttons))


@dataclass
class Plan:
    join_at: float
    actions: list[tuple[float, str, int, str]]  # (seconds into the window, "contribute"/"react", number, resubmit)


def make_plan(index: int, args: argparse.Namespace) -> Plan:
    """Open loop: when each participant joins, and when in the window each of their actions
    starts. Contributions fall one in each equal slice of the window's first 90 %; reactions
    anywhere after the first 10 s (by then the table has something to react to)."""
    rng = random.Random(args.seed * 7919 + index)
    window = args.window
    actions: list[tuple[float, str, int, str]] = []
    slice_ = 0.9 * window / max(1, args.contributions)
    for number in range(args.contributions):
        roll = rng.random()
        resubmit = "together" if roll < args.resubmit_share / 2 else "after" if roll < args.resubmit_share else ""
        actions.append((rng.uniform(number * slice_, (number + 0.8) * slice_), "contribute", number + 1, resubmit))
    earliest = min(10.0, 0.2 * window)
    actions += [(rng.uniform(earliest, 0.98 * window), "react", number, "") for number in range(args.reactions)]
    actions.sort()
    return Plan(rng.uniform(0, args.join_seconds), actions)


@dataclass
class Slips:
    """How late actions started against the plan: the participant's own previous action still
    waiting for its answer (as a person waits for the page), or the client's event loop."""

    behind_own_previous: list[float] = field(default_factory=list)
    loop: list[float] = field(default_factory=list)


async def run_participant(
    phone: Phone,
    plan: Plan,
    join_started: float,
    window_started: float,
    data: dict[str, Any],
    ledger: Ledger,
    slips: Slips,
    counters: Counter[str],
    plain: bool,
    board_polls: list[asyncio.Task[Counter[str]]] | None,
    stop_polls: asyncio.Event,
) -> None:
    loop = asyncio.get_running_loop()
    await asyncio.sleep(max(0.0, join_started + plan.join_at - loop.time()))
    await phone.join(data["role_labels"], set(data["required_consents"]))
    if not phone.joined:
        counters["participants_not_joined"] += 1
        return
    counters["participants_joined"] += 1
    if board_polls is not None:
        board_polls.append(asyncio.create_task(phone.keep_board_live(stop_polls)))
    for at, what, number, resubmit in plan.actions:
        due = window_started + at
        now = loop.time()
        if now > due:
            slips.behind_own_previous.append((now - due) * 1000)
        else:
            await asyncio.sleep(due - now)
            slips.loop.append((loop.time() - due) * 1000)
        if what == "contribute":
            if resubmit:
                counters[f"resubmits_{resubmit}"] += 1
            await phone.contribute(number, resubmit, ledger, plain)
        elif not await phone.react():
            counters["reactions_skipped_nothing_to_react_to"] += 1


# --- screens -----------------------------------------------------------------------------------


async def run_screen(
    device: Device, page: str, block: str, extra: str, target: str, stop_at: asyncio.Event, kind: str
) -> Counter[str]:
    """Load the page, then ask for its live block every POLL_SECONDS with the fingerprint it
    shows. The next ask is due POLL_SECONDS after the last one started, as htmx's `every 3s`."""
    loop = asyncio.get_running_loop()
    seen: Counter[str] = Counter()
    answer = await device.request(f"{kind}_page", "GET", page)
    match = FINGERPRINT.search(answer.body) if answer else None
    fingerprint = match.group(1).decode() if match else ""
    next_at = loop.time() + POLL_SECONDS
    headers = {"HX-Request": "true", "HX-Target": target, "HX-Current-URL": f"http://{HOST}{page}"}
    while not stop_at.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop_at.wait(), max(0.0, next_at - loop.time()))
        if stop_at.is_set():
            break
        next_at = loop.time() + POLL_SECONDS
        answer = await device.request(
            f"{kind}_poll", "GET", f"{block}?v={fingerprint}{extra}", headers=headers, expect=(200, 204)
        )
        if answer is None:
            continue
        seen[str(answer.status)] += 1
        if answer.status == 200 and (match := FINGERPRINT.search(answer.body)):
            fingerprint = match.group(1).decode()
    return seen


# --- the server side ---------------------------------------------------------------------------


def prepare_database(args: argparse.Namespace, password: str) -> dict[str, Any]:
    """check --deploy, migrate, collectstatic, and a fresh event through the services."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from samskap.core.models import ConsentText, ParticipantRoleLabel, Role
    from samskap.core.services import membership_grant, organisation_create, user_create
    from samskap.events import services as events
    from samskap.events.models import DialogueTable
    from samskap.events.selectors import join_codes_for
    from samskap.processes.services import process_create

    quiet = io.StringIO()
    call_command("check", deploy=True, fail_level="ERROR", stdout=quiet, stderr=quiet)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    suffix = secrets.token_hex(4)
    facilitator = user_create(email=f"fasilitator-{suffix}@samskap.example", full_name="Fasilitator", password=password)
    organisation = organisation_create(
        actor=None, slug=f"live-{suffix}", name="Benkmerk kommune", kind="municipality", country="NO",
        default_language="nb",
    )  # fmt: skip
    membership_grant(actor=None, organisation=organisation, user=facilitator, role=Role.FACILITATOR)
    process = process_create(
        actor=facilitator, organisation=organisation, title="Helse og omsorg 2030", kind="strategy"
    )
    tables = max(1, min(MAX_TABLES, math.ceil(args.participants / PEOPLE_PER_TABLE)))
    now = timezone.now()
    event = events.event_create_with_tables(
        actor=facilitator,
        process=process,
        questions=[
            "Hva fungerer godt i tjenestene i dag?",
            "Hva bør kommunen gjøre annerledes?",
            "Hva kan vi gjøre sammen med frivillige?",
            "Hvordan når vi dem vi sjelden hører fra?",
        ],
        tables=tables,
        online_tables=0,
        title="Dialogmøte om helse og omsorg",
        kind="workshop",
        mode="physical",
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=3),
        place="Kulturhuset",
    )
    table_list = list(DialogueTable.objects.filter(event=event).select_related("question").order_by("number"))
    hosts_wanted = max(0, min(args.screens - args.plenary, len(table_list)))
    hosts = []
    for table in table_list[:hosts_wanted]:
        host = user_create(
            email=f"vert-{table.number}-{suffix}@samskap.example", full_name=f"Vert {table.number}", password=password
        )
        membership_grant(actor=facilitator, organisation=organisation, user=host, role=Role.TABLE_HOST)
        events.dialogue_table_update(
            actor=facilitator, table=table, host=host, question=table.question, perspective="", is_online=False
        )
        hosts.append({"email": host.email, "table_id": table.pk})
    events.round_open(actor=facilitator, event=event, minutes=30)
    codes = join_codes_for(table_list)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version} (WAL, {connection.settings_dict['NAME']})"
    return {
        "event_id": event.pk,
        "process_id": process.pk,
        "dot_budget": event.dot_budget,
        "facilitator": facilitator.email,
        "hosts": hosts,
        "table_codes": [codes[t.pk].code for t in table_list],
        "role_labels": list(ParticipantRoleLabel.values),
        "required_consents": sorted(set(ConsentText.objects.filter(required=True).values_list("purpose", flat=True))),
        "database": database,
    }


def server_name(args: argparse.Namespace) -> str:
    if args.server == "uvicorn":
        return f"uvicorn {args.workers} workers"
    return f"gunicorn {args.workers} workers × {args.threads} thread(s)"


def server_command(args: argparse.Namespace, port: int, access_log: Path | None) -> list[str]:
    if args.server == "uvicorn":
        # The production shape (scripts/serve-prod.sh): uvicorn's worker processes on
        # samskap.asgi, a connection pool in each on PostgreSQL.
        return [
            sys.executable, "-m", "uvicorn", "samskap.asgi:application",
            "--workers", str(args.workers), "--host", HOST, "--port", str(port), "--backlog", "2048",
            "--proxy-headers", "--forwarded-allow-ips", HOST, "--timeout-keep-alive", "75",
            *(() if access_log else ("--no-access-log",)),
        ]  # fmt: skip
    command = [
        sys.executable, "-m", "gunicorn", "samskap.wsgi:application",
        "--workers", str(args.workers), "--bind", f"{HOST}:{port}", "--forwarded-allow-ips", HOST,
        "--backlog", "2048", "--timeout", "60",
    ]  # fmt: skip
    if args.threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(args.threads)]
    if access_log is not None:
        command += ["--access-logfile", str(access_log)]
    return command


async def wait_until_serving(port: int, server: subprocess.Popen[bytes], workers: int, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        text = log.read_text(errors="replace")
        if text.count("Booting worker") + text.count("Started server process") >= workers:
            try:
                response = await http_request(port, "GET", "/login/", {}, None)
                if response.status == 200:
                    return
            except OSError:
                pass
        await asyncio.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {SERVER_START_TIMEOUT_SECONDS:.0f} s")


# --- the run -----------------------------------------------------------------------------------


async def loop_lag(stop_at: asyncio.Event, lags: list[float]) -> None:
    """How late the client's event loop wakes: when it lags, the client, not the server, is slow."""
    loop = asyncio.get_running_loop()
    while not stop_at.is_set():
        due = loop.time() + 0.1
        await asyncio.sleep(0.1)
        lags.append((loop.time() - due) * 1000)


async def drive(args: argparse.Namespace, data: dict[str, Any], port: int, password: str) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    recorder = Recorder()
    stop_screens = asyncio.Event()
    lags: list[float] = []
    lag_task = asyncio.create_task(loop_lag(stop_screens, lags))

    # The screens log in (not timed) and stay live from the first join to the window's end.
    screens: list[tuple[Device, str, str, str, str, str]] = []
    event_id = data["event_id"]
    keep_alive = args.server == "uvicorn"
    for number in range(args.plenary):
        device = Device(port, recorder, keep_alive)
        await device.log_in(data["facilitator"], password)
        by = "&by=theme" if number % 2 else ""
        page = f"/events/{event_id}/screen/" + ("?by=theme" if by else "")
        screens.append((device, page, f"/events/{event_id}/screen/board/", by, "plenary-board", "plenary"))
    for host in data["hosts"]:
        device = Device(port, recorder, keep_alive)
        await device.log_in(host["email"], password)
        table_id = host["table_id"]
        screens.append((device, f"/tables/{table_id}/", f"/tables/{table_id}/live/", "", "table-live", "host"))
    print(f"{len(screens)} screens logged in ({args.plenary} plenary, {len(data['hosts'])} hosts)", flush=True)

    codes = data["table_codes"]
    phones = [Phone(i, port, recorder, codes[i % len(codes)], args.seed, keep_alive) for i in range(args.participants)]
    plans = [make_plan(i, args) for i in range(args.participants)]
    ledger = Ledger()
    slips = Slips()
    counters: Counter[str] = Counter()

    recorder.phase = "join"
    join_started = loop.time()
    window_started = join_started + args.join_seconds + 2.0
    screen_tasks = [
        asyncio.create_task(run_screen(device, page, block, extra, target, stop_screens, kind))
        for device, page, block, extra, target, kind in screens
    ]
    board_polls: list[asyncio.Task[Counter[str]]] | None = [] if args.phone_polls else None
    participant_tasks = [
        asyncio.create_task(
            run_participant(
                phone,
                plan,
                join_started,
                window_started,
                data,
                ledger,
                slips,
                counters,
                args.plain_contributions,
                board_polls,
                stop_screens,
            )
        )
        for phone, plan in zip(phones, plans, strict=True)
    ]
    await asyncio.sleep(max(0.0, window_started - loop.time()))
    recorder.phase = "live"
    print(f"Joined: {counters['participants_joined']} of {args.participants}; the window opens", flush=True)
    _done, pending = await asyncio.wait(participant_tasks, timeout=args.window + args.drain_seconds)
    counters["participants_cut_off_by_the_drain_limit"] = len(pending)
    for task in pending:
        task.cancel()
    await asyncio.gather(*participant_tasks, return_exceptions=True)
    last_answer = loop.time()
    await asyncio.sleep(max(0.0, window_started + args.window - loop.time()))
    stop_screens.set()
    polls = await asyncio.gather(*screen_tasks)
    phone_polls = await asyncio.gather(*(board_polls or []))
    await lag_task
    window_seconds = max(last_answer, window_started + args.window) - window_started
    return {
        "recorder": recorder,
        "ledger": ledger,
        "slips": slips,
        "counters": counters,
        "lags": lags,
        "window_started": window_started,
        "window_seconds": window_seconds,
        "screen_answers": sum(polls, Counter()),
        "phone_poll_answers": sum(phone_polls, Counter()),
    }


def figures(samples: list[Sample]) -> dict[str, Any]:
    latencies = sorted(s.ms for s in samples)
    if not latencies:
        return {"requests": 0}
    return {
        "requests": len(latencies),
        "errors": sum(s.outcome == "error" for s in samples),
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "max_ms": round(latencies[-1], 1),
    }


def verify(data: dict[str, Any], ledger: Ledger) -> dict[str, Any]:
    """Every accepted contribution stored exactly once, with its text, and audited once; nothing
    stored that was never sent."""
    from django.db.models import Count

    from samskap.core.audit import audit_verify
    from samskap.core.models import AuditEntry
    from samskap.events.models import Contribution, Reaction, ReactionKind

    rows = list(Contribution.objects.filter(table__event_id=data["event_id"]).values_list("pk", "client_key", "text"))
    per_key = Counter(str(key) for _pk, key, _text in rows)
    text_of = {str(key): text for _pk, key, text in rows}
    duplicated = sum(1 for n in per_key.values() if n > 1)
    accepted = ledger.accepted
    missing = [key for key in accepted if key not in per_key]
    unexpected = [key for key in per_key if key not in ledger.sent]
    unanswered_stored = [key for key in per_key if key in ledger.sent and key not in accepted]
    wrong_text = [key for key, a in accepted.items() if key in text_of and text_of[key] != a.text]
    audited = Counter(
        AuditEntry.objects.filter(
            action="contribution.create", object_type="events.contribution", process_id_ref=data["process_id"]
        ).values_list("object_id", flat=True)
    )
    not_audited_once = sum(1 for pk, _key, _text in rows if audited.get(str(pk), 0) != 1)
    dots = (
        Reaction.objects.filter(contribution__table__event_id=data["event_id"], kind=ReactionKind.DOT)
        .values("participant")
        .annotate(n=Count("pk"))
    )
    over_budget = sum(1 for row in dots if row["n"] > data["dot_budget"])
    reactions = Reaction.objects.filter(contribution__table__event_id=data["event_id"]).count()
    chain = audit_verify()
    return {
        "accepted": len(accepted),
        "answered_more_than_once": sum(1 for a in accepted.values() if a.answers > 1),
        "stored": len(rows),
        "distinct_keys_stored": len(per_key),
        "duplicated": duplicated,
        "lost": len(missing),
        "stored_never_sent": len(unexpected),
        "stored_but_unanswered": len(unanswered_stored),
        "wrong_text": len(wrong_text),
        "not_audited_exactly_once": not_audited_once,
        "reactions_stored": reactions,
        "participants_over_dot_budget": over_budget,
        "audit_chain_ok": chain.ok,
        "audit_entries": chain.checked,
        "ok": (
            duplicated == 0 and not missing and not unexpected and not wrong_text and not_audited_once == 0
            and over_budget == 0 and chain.ok
        ),
    }  # fmt: skip


def run(args: argparse.Namespace, workdir: Path) -> tuple[dict[str, Any], bool]:
    env_vars = production_environment(workdir / "static")
    if args.sqlite:
        # Out of both: env_vars copies the environment, and goes back into it below.
        for name in ("DATABASE_URL", "DATABASE_URL_FILE"):  # settings read either
            os.environ.pop(name, None)
            env_vars.pop(name, None)
        env_vars["SAMSKAP_SQLITE_PATH"] = str(workdir / "samskap.sqlite3")
    # serve-prod.sh's connection pool per worker process (PostgreSQL only; SQLite ignores it).
    env_vars["SAMSKAP_DB_POOL"] = "20"
    if args.conn_max_age is not None:
        env_vars["SAMSKAP_DB_CONN_MAX_AGE"] = str(args.conn_max_age)
    os.environ.update(env_vars)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    password = secrets.token_urlsafe(18)
    print("Preparing the database (migrate, collectstatic, the event through the services) …", flush=True)
    data = prepare_database(args, password)
    connection.close()
    print(
        f"{data['database']}: event {data['event_id']} with {len(data['table_codes'])} tables, "
        f"{len(data['hosts'])} hosts, a round open, dot budget {data['dot_budget']}",
        flush=True,
    )
    port = free_port()
    server_log = workdir / "server.log"
    server = None
    try:
        server = start(
            server_command(args, port, workdir / "access.log" if args.access_log else None),
            dict(os.environ),
            server_log,
        )
        asyncio.run(wait_until_serving(port, server, args.workers, server_log))
        print(
            f"{server_name(args)} on http://{HOST}:{port}/, DEBUG off",
            flush=True,
        )
        processes_before, machine_before = process_table(), cpu_times()
        started = time.perf_counter()
        # The devices on uvloop, as the server is: one client loop runs every phone and screen.
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            outcome = runner.run(asyncio.wait_for(drive(args, data, port, password), args.timeout))
        wall = time.perf_counter() - started
        processes_after, machine_after = process_table(), cpu_times()
        cpu = cpu_by_role(
            processes_before, processes_after, busy_seconds(machine_before, machine_after), {args.server: server.pid}
        )
        split = cpu_split(machine_before, machine_after)
        server_errors = server_log.read_text(errors="replace").count("Traceback")
    finally:
        stop(server)

    recorder: Recorder = outcome["recorder"]
    check = verify(data, outcome["ledger"])
    connection.close()
    live = [s for s in recorder.samples if s.phase == "live"]
    joins = [s for s in recorder.samples if s.phase == "join"]
    participant_kinds = ("contribute", "contribute_again", "space_after_post", "space", "react", "board", "board_poll")
    screen_kinds = ("plenary_poll", "host_poll", "plenary_page", "host_page")
    by_kind = {
        kind: figures([s for s in live if s.kind == kind])
        for kind in (*participant_kinds, *screen_kinds)
        if any(s.kind == kind for s in live)
    }
    join_by_kind = {
        kind: figures([s for s in joins if s.kind == kind])
        for kind in ("join_form", "join", "space", "board_poll", *screen_kinds)
        if any(s.kind == kind for s in joins)
    }
    overall = figures(live)
    errors = [s for s in recorder.samples if s.outcome == "error"]
    refused = sum(s.outcome == "refused" for s in live)
    slips: Slips = outcome["slips"]
    counters: Counter[str] = outcome["counters"]
    window_seconds = outcome["window_seconds"]
    p95 = overall.get("p95_ms", math.inf)
    ok = not errors and check["ok"] and p95 < BUDGET_P95_MS and counters["participants_not_joined"] == 0
    result = {
        "benchmark": "live_event",
        "database": data["database"],
        "server": f"{server_name(args)}, DEBUG off",
        "workers": args.workers,
        "threads": args.threads,
        "participants": args.participants,
        "tables": len(data["table_codes"]),
        "screens": {"plenary": args.plenary, "hosts": len(data["hosts"])},
        "contributions_each": args.contributions,
        "contributions_sent": "plain form, redirect and page" if args.plain_contributions else "htmx",
        "phones_poll_their_boards": args.phone_polls,
        "reactions_each": args.reactions,
        "window_seconds": args.window,
        "live": {
            **overall,
            "refused_answered": refused,
            "duration_seconds": round(window_seconds, 2),
            "throughput_rps": round(len(live) / window_seconds, 1) if window_seconds else None,
        },
        "live_by_kind": by_kind,
        "join_phase": {**figures(joins), "seconds": args.join_seconds, "by_kind": join_by_kind},
        "errors": len(errors),
        "error_examples": sorted({f"{s.kind}: {s.problem}" for s in errors})[:8],
        "server_tracebacks": server_errors,
        "check": check,
        "counters": dict(
            sorted(
                {
                    **counters,
                    "contributions_sent": len(outcome["ledger"].sent),
                    "reactions_sent": sum(s.kind == "react" for s in recorder.samples),
                }.items()
            )
        ),
        "screen_answers": dict(outcome["screen_answers"]),
        "phone_poll_answers": dict(outcome["phone_poll_answers"]),
        "schedule_slip_ms": {
            "behind_own_previous_count": len(slips.behind_own_previous),
            "behind_own_previous_p95": round(percentile(sorted(slips.behind_own_previous), 0.95), 1)
            if slips.behind_own_previous
            else 0.0,
            "client_loop_p99": round(percentile(sorted(outcome["lags"]), 0.99), 1) if outcome["lags"] else 0.0,
            "client_loop_max": round(max(outcome["lags"]), 1) if outcome["lags"] else 0.0,
        },
        "wall_seconds": round(wall, 1),
        "cpu_seconds": {role: round(seconds, 1) for role, seconds in cpu.items()},
        "cpu_seconds_available": round(wall * (os.cpu_count() or 1), 1),
        "machine_cpu_percent": split,
        "load_average_before": data.get("load_before"),
        "machine": machine(),
        "budget_p95_ms": BUDGET_P95_MS,
        "within_budget": p95 < BUDGET_P95_MS,
        "ok": ok,
    }

    print(
        f"Live window: {overall.get('requests', 0)} requests in {window_seconds:.1f} s "
        f"({result['live']['throughput_rps']} req/s), p50 {overall.get('p50_ms')} ms, p95 {overall.get('p95_ms')} ms, "
        f"p99 {overall.get('p99_ms')} ms, max {overall.get('max_ms')} ms "
        f"(budget p95 < {BUDGET_P95_MS:.0f} ms: {'within' if p95 < BUDGET_P95_MS else 'OVER'})"
    )
    for kind, row in by_kind.items():
        print(
            f"  {kind:17} {row['requests']:6} requests, p50 {row['p50_ms']:7.1f}  p95 {row['p95_ms']:7.1f}  "
            f"p99 {row['p99_ms']:7.1f}  max {row['max_ms']:7.1f} ms, {row['errors']} errors"
        )
    join_figures = result["join_phase"]
    print(
        f"Join phase ({args.join_seconds:.0f} s): {join_figures.get('requests', 0)} requests, "
        f"p95 {join_figures.get('p95_ms')} ms, {join_figures.get('errors', 0)} errors"
    )
    print(f"Errors: {len(errors)}; refused and answered (dots over budget): {refused}")
    for example in result["error_examples"]:
        print(f"  {example}")
    print(
        f"Database: {check['accepted']} contributions accepted, {check['stored']} stored, {check['lost']} lost, "
        f"{check['duplicated']} doubled, {check['stored_never_sent']} stored that were never sent, "
        f"{check['stored_but_unanswered']} stored whose POST got no answer (cut off or timed out), "
        f"{check['not_audited_exactly_once']} not audited exactly once; audit chain "
        f"{'verifies' if check['audit_chain_ok'] else 'BROKEN'} ({check['audit_entries']} entries); "
        f"{check['reactions_stored']} reactions"
    )
    available = wall * (os.cpu_count() or 1)
    print(
        f"CPU ({available:.0f} CPU-seconds in {wall:.0f} s): "
        + ", ".join(f"{role} {seconds:.1f} s" for role, seconds in cpu.items())
    )
    if cpu["everything else"] > 0.05 * available:
        print(
            f"WARNING: other work took {100 * cpu['everything else'] / available:.0f} % of the machine; "
            "the figures are not from a quiet machine."
        )
    return result, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sqlite", action="store_true", help="run on the SQLite default instead of PostgreSQL")
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--contributions", type=int, default=5, help="contributions per participant")
    parser.add_argument("--reactions", type=int, default=20, help="reactions per participant")
    parser.add_argument("--window", type=float, default=60.0, help="seconds the actions are spread over")
    parser.add_argument("--join-seconds", type=float, default=30.0, help="seconds the joins are spread over")
    parser.add_argument("--screens", type=int, default=30, help="live screens: plenary screens + host pages")
    parser.add_argument("--plenary", type=int, default=2, help="how many of the screens are plenary screens")
    parser.add_argument(
        "--workers", type=int, default=2, help="server worker processes, at least 2 (2 measured best on 2 cores)"
    )
    parser.add_argument(
        "--server",
        choices=("uvicorn", "gunicorn"),
        default="uvicorn",
        help="uvicorn: the production shape (samskap.asgi, phones keep their connections); "
        "gunicorn: sync workers on samskap.wsgi, a new connection per request",
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (more than 1: gthread)")
    parser.add_argument("--conn-max-age", type=int, default=None, help="SAMSKAP_DB_CONN_MAX_AGE for the server")
    parser.add_argument(
        "--plain-contributions",
        action="store_true",
        help="send contributions without htmx, as a browser without JavaScript: a redirect and the whole page",
    )
    parser.add_argument(
        "--phone-polls",
        action="store_true",
        help="each phone's page also asks for its board every three seconds, as htmx does",
    )
    parser.add_argument("--resubmit-share", type=float, default=0.04, help="share of contributions sent twice")
    parser.add_argument("--drain-seconds", type=float, default=60.0, help="how long past the window to wait")
    parser.add_argument("--timeout", type=float, default=600.0, help="hard limit on the timed part, in seconds")
    parser.add_argument("--access-log", action="store_true", help="keep the server's access log (costs CPU)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.workers < 2:
        parser.error("--workers must be at least 2: app servers keep no state, so the benchmark runs several")
    if args.participants < 1 or args.window <= 0 or not 0 <= args.plenary <= args.screens:
        parser.error("--participants and --window must be positive, and --plenary at most --screens")

    if not args.sqlite and not os.environ.get("DATABASE_URL"):
        # PostgreSQL: a throwaway cluster, removed afterwards.
        wrapper = str(ROOT / "scripts" / "with-postgres.sh")
        return subprocess.run([wrapper, sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]]).returncode

    # Stop the server on SIGTERM too, and on the hard limit, not only on Ctrl+C or an error.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    signal.signal(signal.SIGALRM, lambda _signum, _frame: sys.exit(124))
    signal.alarm(int(args.timeout + 300))  # setup and checks included
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * args.participants + 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(hard, wanted)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="samskap-live-") as tmp:
        workdir = Path(tmp)
        try:
            result, ok = run(args, workdir)
        except BaseException:
            print_tail(workdir / "server.log")
            raise
    result["load_average_before"] = [round(x, 2) for x in load_before]
    print(json.dumps(result, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
