from __future__ import annotations

import subprocess
import sys

import pytest
from django.db import connection

from samskap.core.audit import audit_record, audit_verify
from samskap.core.models import AppendOnlyError, AuditEntry
from tests.conftest import World


def test_the_chain_of_a_fresh_world_verifies(world: World) -> None:
    result = audit_verify()
    assert result.ok
    assert result.checked == AuditEntry.objects.count() > 10


def test_the_orm_refuses_to_change_or_remove_entries(world: World) -> None:
    entry = AuditEntry.objects.first()
    assert entry is not None
    entry.action = "something.else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert audit_verify().ok


def _raw(sql: str, params: list[int | str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_changed_row_is_found_and_named(world: World) -> None:
    victim = AuditEntry.objects.order_by("seq")[5]
    _raw("UPDATE core_auditentry SET actor_label = %s WHERE id = %s", ["mallory", victim.pk])
    result = audit_verify()
    assert not result.ok
    assert result.broken_seq == victim.seq
    assert "changed" in result.reason


def test_a_removed_row_is_found_and_named(world: World) -> None:
    victim = AuditEntry.objects.order_by("seq")[3]
    _raw("DELETE FROM core_auditentry WHERE id = %s", [victim.pk])
    result = audit_verify()
    assert not result.ok
    assert result.broken_seq == victim.seq
    assert "missing" in result.reason


def test_a_removed_last_row_is_found(world: World) -> None:
    last = AuditEntry.objects.order_by("-seq").first()
    assert last is not None
    _raw("DELETE FROM core_auditentry WHERE id = %s", [last.pk])
    result = audit_verify()
    assert not result.ok
    assert result.broken_seq == last.seq


def test_a_recomputed_row_breaks_the_link_to_the_next(world: World) -> None:
    """Rewriting one row and its own hash still breaks the next row's prev_hash."""
    victim = AuditEntry.objects.order_by("seq")[2]
    _raw("UPDATE core_auditentry SET hash = %s WHERE id = %s", ["f" * 64, victim.pk])
    result = audit_verify()
    assert not result.ok
    assert result.broken_seq == victim.seq


def test_entries_carry_the_organisation_and_actor(world: World) -> None:
    entry = audit_record(action="test.read", actor=world.auditor, organisation_id=world.organisation.pk)
    assert entry.actor_label == world.auditor.email
    assert entry.prev_hash == AuditEntry.objects.get(seq=entry.seq - 1).hash


def test_participant_joins_are_logged_by_pseudonym(world: World) -> None:
    entry = AuditEntry.objects.filter(action="participant.join").last()
    assert entry is not None
    assert entry.actor_label == world.participant.pseudonym
    assert "Mona" not in str(entry.detail)


@pytest.mark.django_db(transaction=True)
def test_the_command_line_verifies_and_fails_on_tampering(tmp_path: object, settings: object) -> None:
    """`python -m samskap audit verify` against a real SQLite file."""
    import os
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    env = {**os.environ, "SAMSKAP_TESTING": "True", "SAMSKAP_SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    env.pop("DATABASE_URL", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, check=False)

    assert run("manage.py", "migrate", "-v", "0").returncode == 0
    assert run("-m", "samskap", "demo", "--quiet").returncode == 0
    ok = run("-m", "samskap", "audit", "verify")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "intact" in ok.stdout

    import sqlite3

    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        db.execute("UPDATE core_auditentry SET action = 'tampered' WHERE seq = 42")
    broken = run("-m", "samskap", "audit", "verify")
    assert broken.returncode == 1
    assert "entry 42" in broken.stdout


def test_reading_a_tables_contributions_is_logged(world: World) -> None:
    world.client_for("host").get(f"/tables/{world.table.pk}/")
    entry = AuditEntry.objects.filter(action="table.contributions.read").last()
    assert entry is not None
    assert entry.actor_user == world.host
    assert entry.object_id == str(world.table.pk)
