"""Opinion-map votes under load: N participants voting at once on loopback, in the production shape.

The production shape is what `scripts/serve-prod.sh` runs: PostgreSQL, uvicorn with one worker
process per CPU serving `samskap.asgi` (phones' votes take the vote lane, `samskap/opinions/lane.py`),
whitenoise and the database task worker (`manage.py db_worker`), with DEBUG off. `--server
gunicorn` runs the earlier shape, gunicorn sync workers on `samskap.wsgi`, for comparison.
The script migrates, builds its own opinion map (20 statements) through the services, starts
the server on a free loopback port and the task worker, and joins every participant through the
real join form (consent checkbox, CSRF token, signed participant cookie); one more phone then votes
on every statement, so that the server is warm as it is in a workshop. None of that is timed.

Then, timed: all participants pass a barrier together and each posts `--votes-each` votes in a
row on different statements (back to back, or with `--think-ms` a random pause before each, as
people reading statements make), as the vote page sends them with JavaScript (htmx, answered with
the next statement) or with `--as form` as a plain form (answered with a redirect, not followed).
Under uvicorn each phone keeps its connection open between votes, as a browser does (one asyncio
client for all); under gunicorn, whose sync workers do not keep connections alive, each vote
opens a new one (a thread per participant).
Every POST's latency is recorded. Afterwards the database must hold exactly participants ×
votes-each votes, every POST must have been answered, and the task worker must bring the map up
to date; the time from the last vote's answer until the map is recomputed is reported.

Production cookies are `Secure` and settings.py has no switch to turn that off, so the client
keeps its own cookie jar per participant and sends the cookies over plain http on loopback.

Without DATABASE_URL the script runs itself inside `scripts/with-postgres.sh` (a throwaway
cluster). With DATABASE_URL set it writes a new organisation and map into that database.
Prints readable lines, then one JSON object on its last line.

    python benchmarks/opinion_votes.py [--participants 500] [--votes-each 5] [--workers 4] [--think-ms 0]
        [--as htmx|form]
    make bench-votes BENCH_ARGS="--workers 2"
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import http.client
import io
import json
import os
import platform
import random
import re
import resource
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlencode

import uvloop

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
BUDGET_P95_MS = 200.0
REQUEST_TIMEOUT_SECONDS = 120.0
SERVER_START_TIMEOUT_SECONDS = 60.0
JOIN_CONCURRENCY = 32
CONNECT_SPACING_SECONDS = 0.002
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

STATEMENTS = [
    "Biblioteket bør ha lengre åpningstider på kveldstid.",
    "Kommunen bør prioritere gang- og sykkelveier framfor nye parkeringsplasser.",
    "Skolebygningene bør pusses opp før det bygges nye idrettsanlegg.",
    "Eldre bør få tilbud om digital opplæring på servicekontoret.",
    "Sentrum trenger flere benker og grøntarealer.",
    "Kollektivtilbudet til bygdene bør styrkes, også om det koster mer.",
    "Kommunen bør bruke mer penger på forebyggende helsearbeid.",
    "Ungdom bør få et eget budsjett de selv bestemmer over.",
    "Nye boligfelt bør planlegges nær skole og butikk.",
    "Kommunen bør samarbeide tettere med nabokommunene om helsetjenester.",
    "Frivillige lag bør få gratis lokaler i kommunale bygg.",
    "Det er viktigere å bevare dyrket mark enn å få nye næringsarealer.",
    "Hjemmetjenesten bør ha faste ansatte hos hver bruker.",
    "Kommunen bør publisere alle møtedokumenter i et enklere språk.",
    "Turstier og lysløyper bør vedlikeholdes bedre.",
    "Barnehagene bør ha åpent lenger for foreldre som pendler.",
    "Kommunen bør satse på solceller på egne bygg.",
    "Innbyggerne bør spørres oftere før store vedtak.",
    "Kulturhuset bør brukes mer av lokale lag og foreninger.",
    "Kommunen bør gjøre det enklere å starte egen bedrift.",
]


# --- the client: one cookie jar per participant, a new connection per request ----------------


@dataclass
class Participant:
    index: int
    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    csrf_token: str = ""

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, extra: dict[str, str] | None = None
    ) -> tuple[int, str, bytes]:
        """One request; returns status, Location and body, and keeps the cookies it was given."""
        headers = {"Accept": "text/html", "Accept-Language": "nb", **(extra or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT_SECONDS)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                # The Secure attribute is ignored on purpose: this is plain http on loopback.
                jar: SimpleCookie = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    if morsel["max-age"] == "0":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.coded_value
            return response.status, response.getheader("Location") or "", content
        finally:
            connection.close()

    def join(self, code: str) -> None:
        """The join form as a browser fills it in: consent ticked, no name, no role."""
        status, _location, content = self.request("GET", f"/join/{code}/")
        token = CSRF_FIELD.search(content)
        if status != 200 or token is None:
            raise RuntimeError(f"participant {self.index}: join form answered {status}")
        form = {"csrfmiddlewaretoken": token.group(1).decode(), "role_label": "", "consent_participation": "on"}
        status, location, _content = self.request("POST", f"/join/{code}/", form)
        if status != 302 or not location.endswith(f"/join/{code}/map/"):
            raise RuntimeError(f"participant {self.index}: joining answered {status} {location!r}")
        if "samskap_participant" not in self.cookies:
            raise RuntimeError(f"participant {self.index}: no participant cookie after joining")
        status, _location, content = self.request("GET", f"/join/{code}/map/")
        token = CSRF_FIELD.search(content)
        if status != 200 or token is None:
            raise RuntimeError(f"participant {self.index}: the vote page answered {status}")
        self.csrf_token = token.group(1).decode()


@dataclass
class Attempt:
    started: float
    ended: float
    status: int
    problem: str = ""
    position: int = 0  # which of the participant's votes: 0 for the first

    @property
    def ms(self) -> float:
        return (self.ended - self.started) * 1000


def vote_plan(participants: int, statement_ids: list[int], votes_each: int, seed: int) -> list[list[tuple[int, int]]]:
    """Distinct statements per participant; three opinion groups so the map has something to find."""
    rng = random.Random(seed)
    leaning = [{sid: rng.choice((-1, 0, 1)) for sid in statement_ids} for _group in range(3)]
    plans = []
    for index in range(participants):
        chosen = rng.sample(statement_ids, votes_each)
        lean = leaning[index % 3]
        plans.append([(sid, lean[sid] if rng.random() < 0.75 else rng.choice((-1, 0, 1))) for sid in chosen])
    return plans


def cast_votes(
    participant: Participant,
    code: str,
    plan: list[tuple[int, int]],
    barrier: threading.Barrier,
    think_ms: float,
    cancelled: threading.Event,
    sent_as: str = "htmx",
) -> list[Attempt]:
    """The votes in a row; with think time, a random pause (0 to twice the mean) before each.

    `htmx` sends a vote as the page does with JavaScript on (the answer is the next statement,
    rendered); `form` as a plain form post (the answer is a redirect, not followed here)."""
    rng = random.Random(participant.index)
    barrier.wait()
    attempts = []
    for statement_id, value in plan:
        if cancelled.wait(rng.uniform(0, 2 * think_ms) / 1000 if think_ms > 0 else 0):
            break
        form = {"csrfmiddlewaretoken": participant.csrf_token, "statement": str(statement_id), "value": str(value)}
        started = time.perf_counter()
        htmx = {"HX-Request": "true", "X-CSRFToken": participant.csrf_token} if sent_as == "htmx" else None
        try:
            status, location, content = participant.request("POST", f"/join/{code}/map/", form, htmx)
        except OSError as exc:
            attempts.append(Attempt(started, time.perf_counter(), 0, f"{type(exc).__name__}: {exc}", len(attempts)))
            continue
        ended = time.perf_counter()
        if sent_as == "htmx":
            answered = status == 200 and b'id="vote-announcement"' in content
        else:
            answered = status == 302 and location.endswith(f"/join/{code}/map/")
        problem = "" if answered else f"{status} {location!r}"
        attempts.append(Attempt(started, ended, status, problem, len(attempts)))
    return attempts


async def cast_votes_kept_alive(
    participant: Participant,
    code: str,
    plan: list[tuple[int, int]],
    start: asyncio.Event,
    think_ms: float,
    connected_before: bool,
    spacing: float,
) -> list[Attempt]:
    """The votes in a row as a phone's browser sends them with htmx over HTTP/1.1, keeping its
    connection open between votes (and opening a new one when the server has closed it). With
    `connected_before` the connection is open before the start, as after loading the vote page;
    otherwise the first vote opens it."""
    rng = random.Random(participant.index)
    cookie = "; ".join(f"{name}={value}" for name, value in participant.cookies.items())
    requests = []
    # Each request made before the start, as a page has its form ready: the client's one event
    # loop runs every phone, and what it does between votes delays the others.
    for statement_id, value in plan:
        form = {"csrfmiddlewaretoken": participant.csrf_token, "statement": str(statement_id), "value": str(value)}
        body = urlencode(form).encode()
        head = (
            f"POST /join/{code}/map/ HTTP/1.1\r\nHost: {HOST}:{participant.port}\r\nAccept: text/html\r\n"
            f"Accept-Language: nb\r\nHX-Request: true\r\nX-CSRFToken: {participant.csrf_token}\r\n"
            f"Cookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        requests.append(head.encode() + body)
    loop = asyncio.get_running_loop()
    phone: PhoneConnection | None = None
    if connected_before:
        # The connection the vote page came over, kept alive by the browser (not timed). People
        # open the page one after another, not within the same millisecond: a pause per phone
        # lets each worker process take its share of the connections, as it does in a room.
        await asyncio.sleep(participant.index * spacing)
        with contextlib.suppress(OSError):  # then the first vote opens one, and is timed with it
            _transport, phone = await loop.create_connection(PhoneConnection, HOST, participant.port)
    await start.wait()
    attempts = []
    for request in requests:
        if think_ms > 0:
            await asyncio.sleep(rng.uniform(0, 2 * think_ms) / 1000)
        started = time.perf_counter()
        try:
            if phone is None or phone.closed:
                _transport, phone = await loop.create_connection(PhoneConnection, HOST, participant.port)
            status, content = await asyncio.wait_for(phone.exchange(request), REQUEST_TIMEOUT_SECONDS)
        except (OSError, TimeoutError, ValueError) as exc:
            attempts.append(Attempt(started, time.perf_counter(), 0, f"{type(exc).__name__}: {exc}", len(attempts)))
            if phone is not None:
                phone.close()
            phone = None
            continue
        ended = time.perf_counter()
        answered = status == 200 and b'id="vote-announcement"' in content
        problem = "" if answered else f"{status} {content[:80]!r}"
        attempts.append(Attempt(started, ended, status, problem, len(attempts)))
    if phone is not None:
        phone.close()
    return attempts


class PhoneConnection(asyncio.Protocol):
    """One phone's HTTP/1.1 connection: a request written, its response collected as the bytes
    arrive, with no stream objects or tasks per read. The client's one event loop runs every
    phone on the two cores the server uses; the less it does per answer, the less of the
    measured time is the client's own (asyncio's streams cost the client about as much CPU per
    vote as the server spent)."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.answer: asyncio.Future[tuple[int, bytes]] | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, though they behave as one.
        self.transport = cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.answer is not None and not self.answer.done():
            try:
                response = take_response(self.buffer)
            except ValueError as exc:
                self.answer.set_exception(exc)
                return
            if response is not None:
                self.answer.set_result(response)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(ConnectionResetError("the server closed the connection"))

    def exchange(self, request: bytes) -> asyncio.Future[tuple[int, bytes]]:
        assert self.transport is not None
        # Bytes nobody asked for would be taken for this answer, and every later one shifted.
        assert not self.buffer, "the server sent more than was asked for"
        self.answer = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return self.answer

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*([0-9]+)", re.IGNORECASE)
CHUNKED = re.compile(rb"\r\ntransfer-encoding:[^\r]*chunked", re.IGNORECASE)


def take_response(buffer: bytearray) -> tuple[int, bytes] | None:
    """Status and body of the HTTP/1.1 response at the start of `buffer`, removed from it, or
    None while it is incomplete (Content-Length or chunked; a 1xx, 204 or 304 has no body).
    Any other response cannot be framed on a kept-alive connection, and raises."""
    head_end = buffer.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    head = bytes(buffer[: head_end + 2])
    status = int(head.split(b" ", 2)[1])
    body_start = head_end + 4
    if status < 200 or status in (204, 304):
        del buffer[:body_start]
        return status, b""
    length = CONTENT_LENGTH.search(head)
    if length is not None:
        end = body_start + int(length.group(1))
        if len(buffer) < end:
            return None
        body = bytes(buffer[body_start:end])
        del buffer[:end]
        return status, body
    if not CHUNKED.search(head):
        raise ValueError(f"a {status} answer with neither Content-Length nor chunked encoding")
    chunks, position = [], body_start
    while True:
        line_end = buffer.find(b"\r\n", position)
        if line_end < 0:
            return None
        size = int(bytes(buffer[position:line_end]).split(b";")[0], 16)
        if size == 0:
            end = buffer.find(b"\r\n\r\n", line_end)
            if end < 0:
                return None
            del buffer[: end + 4]
            return status, b"".join(chunks)
        if len(buffer) < line_end + 2 + size + 2:
            return None
        chunks.append(bytes(buffer[line_end + 2 : line_end + 2 + size]))
        position = line_end + 2 + size + 2


async def burst_kept_alive(
    participants: list[Participant],
    code: str,
    plans: list[list[tuple[int, int]]],
    think_ms: float,
    connected_before: bool,
) -> tuple[float, list[Attempt], tuple[dict[int, tuple[int, int, float]], list[int]]]:
    start = asyncio.Event()
    # Spread over at most three seconds: uvicorn closes a connection idle for five.
    spacing = min(CONNECT_SPACING_SECONDS, 3.0 / len(participants))
    tasks = [
        asyncio.create_task(cast_votes_kept_alive(participant, code, plan, start, think_ms, connected_before, spacing))
        for participant, plan in zip(participants, plans, strict=True)
    ]
    # Every participant waits at the start line (connected, unless new_connections).
    await asyncio.sleep(0.5 + (len(participants) * spacing if connected_before else 0))
    # CPU is counted from here: opening the connections is not part of the burst.
    at_start = process_table(), cpu_times()
    started = time.perf_counter()
    start.set()
    results = await asyncio.gather(*tasks)
    return started, [attempt for attempts in results for attempt in attempts], at_start


def warm_up(port: int, code: str, statement_ids: list[int]) -> int:
    """A server in a workshop has answered votes before the burst: one more phone votes on
    every statement, eight at a time over new connections, so that each worker process has
    drawn the vote area, read its translations and opened its database connections. Returns
    the votes it stored (they are left out of the burst's counts)."""
    from samskap.opinions.models import Vote

    phone = Participant(-1, port)
    phone.join(code)

    def vote(statement_id: int) -> int:
        form = {"csrfmiddlewaretoken": phone.csrf_token, "statement": str(statement_id), "value": "0"}
        htmx = {"HX-Request": "true", "X-CSRFToken": phone.csrf_token}
        status, _location, _content = phone.request("POST", f"/join/{code}/map/", form, htmx)
        return status

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(vote, statement_ids))
    if any(status != 200 for status in statuses):
        raise RuntimeError(f"warming up: votes answered {sorted(set(statuses))}")
    return Vote.objects.filter(statement_id__in=statement_ids).count()


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, round(fraction * len(sorted_values) + 0.4999))
    return sorted_values[min(rank, len(sorted_values)) - 1]


# --- the server side: production settings, data, gunicorn and the task worker ----------------


def production_environment(static_root: Path) -> dict[str, str]:
    """What serve-prod.sh exports; every other SAMSKAP_* variable is dropped (no DEBUG, no testing)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("SAMSKAP_")}
    env.update(
        DJANGO_SETTINGS_MODULE="samskap.settings",
        SAMSKAP_SECRET_KEY=secrets.token_urlsafe(50),
        SAMSKAP_ALLOWED_HOSTS="localhost,127.0.0.1",
        SAMSKAP_SSL_REDIRECT="False",
        SAMSKAP_HSTS_SECONDS="0",
        SAMSKAP_STATIC_ROOT=str(static_root),
        PYTHONUNBUFFERED="1",
    )
    return env


def prepare_database() -> dict[str, Any]:
    """check --deploy, migrate, collectstatic, and a fresh map with 20 statements."""
    from django.core.management import call_command
    from django.db import connection

    from samskap.core.services import organisation_create, user_create
    from samskap.opinions.selectors import join_code_of
    from samskap.opinions.services import opinion_map_create
    from samskap.processes.services import process_create

    quiet = io.StringIO()
    call_command("check", deploy=True, fail_level="ERROR", stdout=quiet, stderr=quiet)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    suffix = secrets.token_hex(4)
    user = user_create(email=f"bench-{suffix}@samskap.example", full_name="Benchmark", password=None)
    organisation = organisation_create(
        actor=None,
        slug=f"bench-{suffix}",
        name="Benkmerk kommune",
        kind="municipality",
        country="NO",
        default_language="nb",
    )
    process = process_create(actor=user, organisation=organisation, title="Kommuneplan 2030", kind="strategy")
    opinion_map = opinion_map_create(
        actor=user,
        process=process,
        title="Hva er viktigst for kommunen?",
        question="Hva bør kommunen prioritere de neste ti årene?",
        seed_statements=STATEMENTS,
    )
    join_code = join_code_of(opinion_map)
    assert join_code is not None
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    return {
        "map_id": opinion_map.pk,
        "code": join_code.code,
        "statement_ids": list(opinion_map.statements.values_list("pk", flat=True)),
        "postgresql": server_version,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip


def stop(process: subprocess.Popen[bytes] | None) -> None:
    """SIGTERM to the process group (gunicorn's workers too), SIGKILL if it lingers."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_until_serving(port: int, code: str, server: subprocess.Popen[bytes], workers: int, log: Path) -> None:
    """Until every worker has started (as the server's log says) and the join page answers."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        text = log.read_text(errors="replace")
        booted = text.count("Booting worker") + text.count("Started server process")
        if booted >= workers:
            try:
                status, _location, _content = Participant(-1, port).request("GET", f"/join/{code}/")
                if status == 200:
                    return
            except OSError:
                pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {SERVER_START_TIMEOUT_SECONDS:.0f} s")


def wait_for_recompute(map_id: int, votes: int, timeout: float) -> tuple[float | None, dict[str, Any]]:
    """Poll until the worker has computed the map from every vote and nothing more is queued."""
    from samskap.opinions.models import OpinionMap

    deadline = time.perf_counter() + timeout
    row: dict[str, Any] = {}
    while time.perf_counter() < deadline:
        row = OpinionMap.objects.filter(pk=map_id).values("recompute_requested_at", "votes_computed").get()
        if row["recompute_requested_at"] is None and row["votes_computed"] == votes:
            return time.perf_counter(), row
        time.sleep(0.05)
    return None, row


def recompute_tasks(map_id: int, since: datetime.datetime) -> dict[str, Any]:
    """The recomputations of the map queued from `since` on (the warm-up's are left out)."""
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(
        task_path__endswith="opinion_map_recompute_task", args_kwargs__args=[map_id], enqueued_at__gte=since
    )
    finished = [
        (t.finished_at - t.started_at).total_seconds() * 1000
        for t in tasks.exclude(started_at=None).exclude(finished_at=None)
    ]
    return {
        "tasks": tasks.count(),
        "failed": tasks.filter(status="FAILED").count(),
        "median_ms": round(statistics.median(finished)) if finished else None,
        "max_ms": round(max(finished)) if finished else None,
    }


def process_table() -> dict[int, tuple[int, int, float]]:
    """pid → (parent pid, session id, CPU seconds so far) for every process on the machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        # After "pid (comm)": state ppid pgrp session … utime (12th) stime (13th).
        table[int(entry.name)] = (int(fields[1]), int(fields[3]), (int(fields[11]) + int(fields[12])) / ticks)
    return table


def cpu_times() -> list[int]:
    """The machine's CPU time so far: user nice system idle iowait irq softirq steal (jiffies)."""
    return [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]


def cpu_split(before: list[int], after: list[int]) -> dict[str, float]:
    """Shares of the machine's CPU time between two readings: busy, idle, waiting for disk, stolen."""
    delta = [b - a for a, b in zip(before, after, strict=True)]
    total = sum(delta) or 1
    user, nice, system, idle, iowait, irq, softirq, steal = delta
    return {
        "busy": round(100 * (user + nice + system + irq + softirq) / total, 1),
        "idle": round(100 * idle / total, 1),
        "iowait": round(100 * iowait / total, 1),
        "steal": round(100 * steal / total, 1),
    }


def cpu_by_role(
    before: dict[int, tuple[int, int, float]],
    after: dict[int, tuple[int, int, float]],
    machine_busy_seconds: float,
    roles: dict[str, int],
) -> dict[str, float]:
    """CPU seconds spent between two process tables, by role: the session leaders in `roles`
    (gunicorn, task worker), PostgreSQL (the postmaster of DATABASE_URL's cluster and its
    backends) and this client. The rest of the machine's busy time is "everything else":
    other programs, the kernel, and what processes that ended meanwhile had spent."""
    url = os.environ.get("DATABASE_URL", "")
    socket_dir = url.rsplit("host=", 1)[1] if "host=" in url else ""
    postmasters = set()
    for pid in after:
        with contextlib.suppress(OSError):
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if command[0].endswith(b"postgres") and socket_dir and socket_dir.encode() in b" ".join(command):
                postmasters.add(pid)
    session_role = {pid: role for role, pid in roles.items()}
    spent = dict.fromkeys([*roles, "postgresql", "client"], 0.0)
    for pid, (ppid, session, cpu) in after.items():
        if pid == os.getpid():
            role = "client"
        elif session in session_role:
            role = session_role[session]
        elif pid in postmasters or ppid in postmasters:
            role = "postgresql"
        else:
            continue
        spent[role] += cpu - before[pid][2] if pid in before else cpu
    spent["everything else"] = max(0.0, machine_busy_seconds - sum(spent.values()))
    return spent


def busy_seconds(before: list[int], after: list[int]) -> float:
    user, nice, system, _idle, _iowait, irq, softirq, _steal = (b - a for a, b in zip(before, after, strict=True))
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def print_tail(log: Path, lines: int = 20) -> None:
    """The end of a server log, on stderr: the logs live in a folder removed afterwards."""
    if log.exists():
        tail = log.read_text(errors="replace").splitlines()[-lines:]
        print(f"--- last lines of {log.name} ---", *tail, sep="\n", file=sys.stderr)


def machine() -> dict[str, Any]:
    cpu_model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model,
        "python": platform.python_version(),
    }


# --- the run ----------------------------------------------------------------------------------


def burst_in_threads(
    args: argparse.Namespace, participants: list[Participant], code: str, plans: list[list[tuple[int, int]]]
) -> tuple[float, list[Attempt]]:
    """Each participant in a thread of its own, one new connection per request (gunicorn's sync
    workers do not keep connections alive)."""
    barrier, cancelled = threading.Barrier(args.participants + 1), threading.Event()
    with ThreadPoolExecutor(args.participants) as pool:
        futures = [
            pool.submit(cast_votes, participant, code, plan, barrier, args.think_ms, cancelled, args.sent_as)
            for participant, plan in zip(participants, plans, strict=True)
        ]
        try:
            barrier.wait()
            burst_started = time.perf_counter()
            return burst_started, [attempt for future in futures for attempt in future.result()]
        except BaseException:
            # An interrupted run: release the participants still waiting, stop the others.
            cancelled.set()
            barrier.abort()
            raise


def run(args: argparse.Namespace, workdir: Path) -> tuple[dict[str, Any], bool]:
    os.environ.update(production_environment(workdir / "static"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    print(f"Preparing PostgreSQL (migrate, collectstatic, a map with {len(STATEMENTS)} statements) …", flush=True)
    data = prepare_database()
    code, map_id, statement_ids = data["code"], data["map_id"], data["statement_ids"]
    env = dict(os.environ)
    port = free_port()
    gunicorn_log, worker_log, access_log = workdir / "gunicorn.log", workdir / "worker.log", workdir / "access.log"
    server = worker = None
    try:
        if args.server == "uvicorn":
            # The production shape (scripts/serve-prod.sh): uvicorn's worker processes serving
            # samskap.asgi, where phones' votes take the vote lane, with a connection pool each.
            env["SAMSKAP_DB_POOL"] = env.get("SAMSKAP_DB_POOL", "20")
            command = [
                sys.executable, "-m", "uvicorn", "samskap.asgi:application",
                "--workers", str(args.workers), "--host", HOST, "--port", str(port),
                "--proxy-headers", "--forwarded-allow-ips", HOST, "--no-access-log", "--timeout-keep-alive", "75",
            ]  # fmt: skip
        else:
            command = [
                sys.executable, "-m", "gunicorn", "samskap.wsgi:application",
                "--workers", str(args.workers), "--bind", f"{HOST}:{port}",
                "--access-logfile", str(access_log), "--forwarded-allow-ips", HOST,
            ]  # fmt: skip
        server = start(command, env, gunicorn_log)
        worker = start([sys.executable, "manage.py", "db_worker"], env, worker_log)
        wait_until_serving(port, code, server, args.workers, gunicorn_log)
        print(f"{args.server}: {args.workers} workers on http://{HOST}:{port}/, task worker running", flush=True)

        participants = [Participant(i, port) for i in range(args.participants)]
        started = time.perf_counter()
        with ThreadPoolExecutor(JOIN_CONCURRENCY) as pool:
            list(pool.map(lambda p: p.join(code), participants))
        print(f"Joined {len(participants)} participants in {time.perf_counter() - started:.1f} s (not timed)")
        warm_votes = warm_up(port, code, statement_ids)
        print(f"Warmed up: {warm_votes} votes from one more phone, over new connections (not timed)")
        # The joins queued no work; let the worker and the database settle before the burst.
        time.sleep(1.0)

        plans = vote_plan(args.participants, statement_ids, args.votes_each, args.seed)
        processes_before, machine_before = process_table(), cpu_times()
        burst_wall_clock = datetime.datetime.now(datetime.UTC)
        if args.server == "uvicorn" and args.sent_as == "htmx":
            # The phones on uvloop, as the server is: one client loop runs every phone, and on
            # asyncio's own loop it spent as much CPU per vote as the server did.
            with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
                burst_started, attempts, (processes_before, machine_before) = runner.run(
                    burst_kept_alive(participants, code, plans, args.think_ms, not args.new_connections)
                )
        else:
            burst_started, attempts = burst_in_threads(args, participants, code, plans)
        processes_after, machine_after = process_table(), cpu_times()
        last_answer = max(a.ended for a in attempts)
        burst_seconds = last_answer - burst_started
        cpu = cpu_by_role(
            processes_before,
            processes_after,
            busy_seconds(machine_before, machine_after),
            {args.server: server.pid, "task worker": worker.pid},
        )
        split = cpu_split(machine_before, machine_after)

        from samskap.opinions.models import Vote, Voter

        expected = args.participants * args.votes_each
        stored_in_all = Vote.objects.filter(opinion_map_id=map_id).count()
        stored = stored_in_all - warm_votes
        voters = Voter.objects.filter(opinion_map_id=map_id).count() - 1
        failed = [a for a in attempts if a.problem]
        latencies = sorted(a.ms for a in attempts)
        p50, p95, p99 = (percentile(latencies, f) for f in (0.50, 0.95, 0.99))
        # The first vote also opens the phone's connection; the later ones reuse it.
        p95_by_position = [
            round(percentile(sorted(a.ms for a in attempts if a.position == position), 0.95), 1)
            for position in range(args.votes_each)
            if any(a.position == position for a in attempts)
        ]
        lost = expected - stored
        throughput = len(attempts) / burst_seconds
        print(
            f"Burst: {args.participants} participants × {args.votes_each} votes = {len(attempts)} POSTs "
            f"in {burst_seconds:.2f} s ({throughput:.1f} votes/s)"
            + (f", mean think time {args.think_ms:.0f} ms before each vote" if args.think_ms else ", back to back")
        )
        print(
            f"  latency p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms, max {latencies[-1]:.0f} ms "
            f"(budget p95 < {BUDGET_P95_MS:.0f} ms: {'within' if p95 < BUDGET_P95_MS else 'OVER'})"
        )
        print("  p95 of each participant's 1st, 2nd, … vote: " + ", ".join(f"{ms:.0f} ms" for ms in p95_by_position))
        answer = "200 with the next statement" if args.sent_as == "htmx" else "302"
        print(f"  answers: {len(attempts) - len(failed)} × {answer}, {len(failed)} failed")
        for attempt in failed[:5]:
            print(f"    failed after {attempt.ms:.0f} ms: {attempt.problem}")
        print(f"  database: {stored} of {expected} votes stored ({lost} lost), {voters} voters", flush=True)
        done_at, map_row = wait_for_recompute(map_id, stored_in_all, args.recompute_timeout)
        tasks = recompute_tasks(map_id, burst_wall_clock)
    finally:
        stop(server)
        stop(worker)

    recompute_seconds = None if done_at is None else round(done_at - last_answer, 2)
    result = {
        "benchmark": "opinion_votes",
        "database": f"PostgreSQL {data['postgresql']}",
        "server": f"{args.server} + db_worker, DEBUG off"
        + (", keep-alive client" if args.server == "uvicorn" and args.sent_as == "htmx" else "")
        + (", connections opened in the burst" if args.new_connections else ""),
        "participants": args.participants,
        "votes_each": args.votes_each,
        "votes": len(attempts),
        "workers": args.workers,
        "think_ms": args.think_ms,
        "sent_as": args.sent_as,
        "p50_ms": round(p50, 1),
        "p95_ms": round(p95, 1),
        "p99_ms": round(p99, 1),
        "max_ms": round(latencies[-1], 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "p95_ms_by_position": p95_by_position,
        "burst_seconds": round(burst_seconds, 2),
        "throughput_votes_per_s": round(throughput, 1),
        "stored_votes": stored,
        "voters": voters,
        "lost": lost,
        "errors": len(failed),
        "recomputed_seconds_after_last_vote": recompute_seconds,
        "recompute_tasks": tasks["tasks"],
        "recompute_task_median_ms": tasks["median_ms"],
        "recompute_task_max_ms": tasks["max_ms"],
        "cpu_seconds_during_burst": {role: round(seconds, 2) for role, seconds in cpu.items()},
        "cpu_seconds_available": round(burst_seconds * (os.cpu_count() or 1), 2),
        "machine_cpu_percent": split,
        "machine": machine(),
        "budget_p95_ms": BUDGET_P95_MS,
        "within_budget": p95 < BUDGET_P95_MS,
    }

    if recompute_seconds is None:
        print(
            f"  map NOT recomputed within {args.recompute_timeout:.0f} s: votes_computed "
            f"{map_row.get('votes_computed')}, queued {map_row.get('recompute_requested_at')}"
        )
        print_tail(worker_log)
    else:
        print(
            f"  map recomputed from all {stored_in_all} votes {recompute_seconds:.2f} s after the last answer "
            f"({tasks['tasks']} recompute tasks ran, median {tasks['median_ms']} ms, {tasks['failed']} failed)"
        )
    available = burst_seconds * (os.cpu_count() or 1)
    print(
        f"  CPU during the burst ({available:.0f} CPU-seconds available): "
        + ", ".join(f"{role} {seconds:.1f} s" for role, seconds in cpu.items())
    )
    print(
        f"  the machine's CPUs were {split['busy']:.0f} % busy, {split['idle']:.0f} % idle, "
        f"{split['iowait']:.0f} % waiting for disk, {split['steal']:.0f} % stolen by the hypervisor"
    )
    if cpu["everything else"] > 0.05 * available:
        print(
            f"  WARNING: other work took {100 * cpu['everything else'] / available:.0f} % of the machine "
            "during the burst; the figures above are not from a quiet machine."
        )
    ok = lost == 0 and not failed and recompute_seconds is not None and tasks["failed"] == 0
    return result, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--votes-each", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (serve-prod.sh: one per CPU)")
    parser.add_argument(
        "--server",
        choices=("uvicorn", "gunicorn"),
        default="uvicorn",
        help="uvicorn: the production shape (samskap.asgi, with the vote lane); gunicorn: sync workers on samskap.wsgi",
    )
    parser.add_argument(
        "--think-ms",
        type=float,
        default=0.0,
        help="mean pause before each vote (0: every participant posts back to back from the start, the worst case)",
    )
    parser.add_argument(
        "--as",
        dest="sent_as",
        choices=("htmx", "form"),
        default="htmx",
        help="htmx: as the page sends a vote with JavaScript, answered with the next statement; "
        "form: a plain form post, answered with a redirect that is not followed",
    )
    parser.add_argument(
        "--new-connections",
        action="store_true",
        help="under uvicorn, each phone's first vote opens its connection inside the burst "
        "(default: open before the start, as the vote page's own connection kept alive by the browser)",
    )
    parser.add_argument("--seed", type=int, default=500)
    parser.add_argument("--recompute-timeout", type=float, default=120.0, help="seconds to wait for the worker")
    args = parser.parse_args()
    if not 1 <= args.votes_each <= len(STATEMENTS):
        parser.error(f"--votes-each must be between 1 and {len(STATEMENTS)} (the map has {len(STATEMENTS)} statements)")
    if args.participants < 1 or args.workers < 1:
        parser.error("--participants and --workers must be at least 1")

    if not os.environ.get("DATABASE_URL"):
        # The production database: a throwaway PostgreSQL cluster, removed afterwards.
        wrapper = str(ROOT / "scripts" / "with-postgres.sh")
        return subprocess.run([wrapper, sys.executable, str(Path(__file__).resolve()), *sys.argv[1:]]).returncode

    # Stop gunicorn and the worker on SIGTERM too, not only on Ctrl+C or an error.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, 4 * args.participants + 256))
    if hard == resource.RLIM_INFINITY:
        wanted = max(soft, 4 * args.participants + 256)
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))

    with tempfile.TemporaryDirectory(prefix="samskap-votes-") as tmp:
        workdir = Path(tmp)
        try:
            result, ok = run(args, workdir)
        except Exception:
            print_tail(workdir / "gunicorn.log")
            print_tail(workdir / "worker.log")
            raise
    print(json.dumps(result, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
