"""Retention outside insight: event registrations and shown names 90 days after the event,
and the audit log after its own period — with legal hold, and a chain that still verifies."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from samskap.cli import TOOLS
from samskap.core.audit import audit_prune, audit_record, audit_verify
from samskap.core.models import AuditChainHead, AuditEntry, Participant
from samskap.events.models import Event, Registration
from samskap.events.services import EVENT_PERSONAL_DATA_DAYS, events_retention_apply, registration_create
from samskap.processes.models import Process
from tests.conftest import World


def _ended_event_with_registration(world: World) -> Registration:
    Event.objects.filter(pk=world.event.pk).update(registration_open=True)
    registration = registration_create(event=world.event, name="Mona Hansen", email="mona@example.no", role="relative")
    Registration.objects.filter(pk=registration.pk).update(dietary="Glutenfri")
    # Noon, local time, the day before the period's last day. Not "91 × 24 hours ago": late in
    # the evening, across a change to or from summer time, that lands on the period's last
    # local day, which the rule still keeps.
    day = timezone.localdate() - timedelta(days=EVENT_PERSONAL_DATA_DAYS + 1)
    ended = timezone.make_aware(datetime.combine(day, time(12)))
    Event.objects.filter(pk=world.event.pk).update(starts_at=ended - timedelta(hours=3), ends_at=ended)
    return registration


def test_names_and_needs_go_90_days_after_the_event(world: World) -> None:
    registration = _ended_event_with_registration(world)
    assert Participant.objects.get(pk=world.participant.pk).display_name == "Mona"
    dry = events_retention_apply(dry_run=True)
    assert (dry.registrations_anonymised, dry.participant_names_removed) == (1, 1)
    assert Registration.objects.get(pk=registration.pk).name == "Mona Hansen"

    report = events_retention_apply()
    assert (report.registrations_anonymised, report.participant_names_removed) == (1, 1)
    kept = Registration.objects.get(pk=registration.pk)
    assert (kept.name, kept.dietary, kept.role) == ("", "", "relative")  # counts by role stay right
    assert kept.email.endswith("@invalid")
    assert Participant.objects.get(pk=world.participant.pk).display_name == ""
    entry = AuditEntry.objects.filter(action="retention.events").last()
    assert entry is not None
    assert entry.detail == {"registrations_anonymised": 1, "participant_names_removed": 1}
    # A second run finds nothing more to do.
    assert events_retention_apply().registrations_anonymised == 0


def test_an_event_not_yet_past_its_period_keeps_its_names(world: World) -> None:
    registration = _ended_event_with_registration(world)
    Event.objects.filter(pk=world.event.pk).update(ends_at=timezone.now() - timedelta(days=10))
    assert events_retention_apply().registrations_anonymised == 0
    assert Registration.objects.get(pk=registration.pk).name == "Mona Hansen"


def test_a_legal_hold_keeps_the_names(world: World) -> None:
    registration = _ended_event_with_registration(world)
    Process.objects.filter(pk=world.process.pk).update(legal_hold=True, legal_hold_reason="Tilsynssak")
    report = events_retention_apply()
    assert (report.registrations_anonymised, report.held) == (0, 1)
    assert Registration.objects.get(pk=registration.pk).name == "Mona Hansen"


def test_only_a_run_from_the_start_of_the_chain_is_pruned(world: World, time_machine: Any) -> None:
    """An entry written under a clock set years back sits at the end of the chain; pruning
    must not punch a hole there."""
    now = timezone.now()
    time_machine.move_to(now - timedelta(days=6 * 365))
    audit_record(action="test.wrong_clock", actor_label="system")
    time_machine.move_to(now)
    total = AuditEntry.objects.count()
    assert audit_prune(before=now - timedelta(days=5 * 365)) == 0
    assert AuditEntry.objects.count() == total
    assert audit_verify().ok


def test_pruning_removes_a_run_from_the_start_and_logs_it(world: World, time_machine: Any) -> None:
    first_total = AuditEntry.objects.count()
    time_machine.move_to(timezone.now() + timedelta(days=6 * 365))
    audit_record(action="test.later", actor_label="system")
    deleted = audit_prune(before=timezone.now() - timedelta(days=5 * 365))
    assert deleted == first_total
    assert not AuditEntry.objects.filter(seq__lte=first_total).exists()
    head = AuditChainHead.objects.get(pk=1)
    assert head.pruned_through_seq == first_total
    prune = AuditEntry.objects.get(action="audit_log.prune")
    assert prune.detail["deleted"] == first_total
    result = audit_verify()
    assert result.ok, result.reason
    assert result.checked == 2  # the later entry and the pruning's own


def test_a_tampered_entry_after_pruning_is_still_found(world: World, time_machine: Any) -> None:
    time_machine.move_to(timezone.now() + timedelta(days=6 * 365))
    audit_record(action="test.later", actor_label="system")
    audit_record(action="test.later2", actor_label="system")
    audit_prune(before=timezone.now() - timedelta(days=5 * 365))
    from django.db import connection

    later = AuditEntry.objects.get(action="test.later")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET actor_label = %s WHERE seq = %s", ["someone", later.seq])
    result = audit_verify()
    assert not result.ok
    assert result.broken_seq == later.seq


def test_the_retention_command_reports_every_module(world: World, capsys: Any) -> None:
    _ended_event_with_registration(world)
    tool, _help = TOOLS["retention"]
    assert tool([]) == 0
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["events"]["registrations_anonymised"] == 1
    assert printed["audit_log"]["entries_deleted"] == 0
    assert "retention" in printed
