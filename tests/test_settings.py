"""Production settings fail loudly when incomplete, and pass `check --deploy` when complete."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SAMSKAP_SECRET_KEY": "x" * 64 + "-production-test-key-with-enough-entropy-1234567890",
    "SAMSKAP_ALLOWED_HOSTS": "samskap.kommune.example",
    "DATABASE_URL": "postgres://samskap:secret@db.internal:5432/samskap",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SAMSKAP_", "DATABASE_URL", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SAMSKAP_SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SAMSKAP_SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SAMSKAP_ALLOWED_HOSTS"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SAMSKAP_ALLOWED_HOSTS is not set" in result.stderr


def test_a_malformed_boolean_is_named() -> None:
    result = run_manage("check", env={**PRODUCTION_ENV, "SAMSKAP_DEBUG": "yes"})
    assert result.returncode != 0
    assert "SAMSKAP_DEBUG must be True or False" in result.stderr


def test_check_deploy_passes_with_production_settings() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_database_url_is_parsed() -> None:
    from samskap.settings import database_from_url

    db = database_from_url("postgres://u:p%40ss@/samskap?host=/tmp/sock&sslmode=require")
    assert db["NAME"] == "samskap"
    assert db["PASSWORD"] == "p@ss"
    assert db["HOST"] == "/tmp/sock"
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_the_live_server_threads_get_connections_of_their_own(db: None) -> None:
    # With SQLite's shared in-memory test database, Django hands the live server's request
    # threads the test's own connection, and concurrent requests in the browser tests then
    # share one transaction state: intermittent 500s (a QR code next to a vote, say).
    from django.db import connection

    assert connection.vendor != "sqlite" or not connection.is_in_memory_db()  # type: ignore[attr-defined]
