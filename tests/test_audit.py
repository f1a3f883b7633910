from __future__ import annotations

import csv
import io
import subprocess
import sys
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from samskap.core.audit import audit_record, audit_verify
from samskap.core.models import AppendOnlyError, AuditEntry
from tests.conftest import PASSWORD, World


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


# The auditor's search, export and access review


def _auditor(world: World) -> Any:
    client = world.client_for("auditor")
    client.cookies["django_language"] = "en"
    return client


def test_the_auditor_searches_by_action_person_and_date(world: World) -> None:
    client = _auditor(world)
    url = f"/o/{world.organisation.slug}/audit/"
    everything = client.get(url).context["count"]
    joins = client.get(url, {"action": "participant.join"})
    assert 0 < joins.context["count"] < everything
    assert all(entry.action == "participant.join" for entry in joins.context["entries"])
    by_owner = client.get(url, {"who": "owner@test"})
    assert by_owner.context["count"] > 0
    assert all("owner@test" in entry.actor_label for entry in by_owner.context["entries"])
    assert client.get(url, {"until": "2000-01-01"}).context["count"] == 0
    wrong = client.get(url, {"since": "2026-02-01", "until": "2026-01-01"})
    assert wrong.status_code == 400
    assert "The first date must come before the last" in wrong.content.decode()
    searches = [entry.detail["filters"] for entry in AuditEntry.objects.filter(action="audit_log.read")]
    assert {"action": "participant.join"} in searches
    assert {"who": "owner@test"} in searches


def test_the_log_shows_no_other_organisations_entries(world: World) -> None:
    client = _auditor(world)
    response = client.get(f"/o/{world.organisation.slug}/audit/", {"who": "outsider"})
    assert response.context["count"] == 0


def test_the_export_has_every_matching_entry_and_is_logged(world: World) -> None:
    client = _auditor(world)
    response = client.get(f"/o/{world.organisation.slug}/audit/export.csv", {"action": "join"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["seq", "at", "who", "action"]
    assert len(rows) > 1
    assert all("join" in row[3] for row in rows[1:])
    entry = AuditEntry.objects.filter(action="audit_log.export").last()
    assert entry is not None
    assert entry.detail["filters"] == {"action": "join"}


def test_the_export_cannot_carry_a_formula(world: World) -> None:
    audit_record(action="test.entry", actor_label='=HYPERLINK("http://x")', organisation_id=world.organisation.pk)
    response = _auditor(world).get(f"/o/{world.organisation.slug}/audit/export.csv", {"action": "test.entry"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][2].startswith("'=")


def test_the_access_review_lists_every_role_and_its_last_use(world: World) -> None:
    client = _auditor(world)
    response = client.get(f"/o/{world.organisation.slug}/access-review/")
    assert response.status_code == 200
    page = response.content.decode()
    for persona in ("owner", "facilitator", "host", "auditor"):
        assert f"{persona}@test.example" in page
    assert "outsider@test.example" not in page
    assert AuditEntry.objects.filter(action="access_review.read", actor_user=world.auditor).exists()
    exported = client.get(f"/o/{world.organisation.slug}/access-review/?format=csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0] == ["person", "email", "where", "role", "granted_at", "last_used_at"]
    assert {row[1] for row in rows[1:]} >= {"owner@test.example", "auditor@test.example"}


def test_a_login_marks_the_roles_as_used(world: World) -> None:
    Client().post("/login/", {"email": "host@test.example", "password": PASSWORD})
    response = _auditor(world).get(f"/o/{world.organisation.slug}/access-review/?format=csv")
    rows = {row[1]: row for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows["host@test.example"][5] != ""
