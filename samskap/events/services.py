from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samskap.analysis import matching, seating
from samskap.core.audit import AuditRecord, audit_chain_lock, audit_record, audit_record_many
from samskap.core.models import JOIN_CODE_ALPHABET, Participant, ParticipantRoleLabel, User
from samskap.core.permissions import Capability, can_in_process
from samskap.core.sql import quoted, rows
from samskap.events.models import (
    CONTRIBUTION_MAX_LENGTH,
    EVALUATION_TEXT_MAX_LENGTH,
    HIDE_REASON_MAX_LENGTH,
    MAX_CHALLENGE_CHOICES,
    ROUND_MAX_MINUTES,
    SUMMARY_MAX_LENGTH,
    THEME_NAME_MAX_LENGTH,
    AgendaSession,
    AttendanceMode,
    CampChallenge,
    CampTeam,
    CampTeamMember,
    CoachCheckIn,
    Contribution,
    DialogueTable,
    EvaluationResponse,
    Event,
    EventKind,
    HelpRequest,
    Reaction,
    ReactionKind,
    Registration,
    RegistrationStatus,
    Round,
    SeatAssignment,
    Theme,
    ThemedQuestion,
)
from samskap.events.selectors import (
    OwnContributions,
    PhoneAsk,
    PhoneBoard,
    PhoneSeat,
    event_join_code,
    own_contributions_of,
    phone_boards,
    phone_seats,
    reaction_rows,
)
from samskap.ideas import services as ideas_services
from samskap.ideas.models import Idea, IdeaOrigin, SelectionRound
from samskap.processes.models import Process


def _audit(action: str, actor: User | None, obj: Any, event: Event, **detail: Any) -> None:
    audit_record(
        action=action,
        actor=actor,
        obj=obj,
        organisation_id=event.process.organisation_id,
        process_id=event.process_id,
        detail=detail or None,
    )


def contribution_create(
    *,
    table: DialogueTable,
    text: str,
    participant: Participant | None = None,
    entered_by: User | None = None,
    role_label: str = "",
    client_key: uuid.UUID | None = None,
) -> Contribution:
    """A contribution from a participant's own device, or typed in by a host
    for someone without one (then `entered_by` is the host). It belongs to the
    round open at the time. A form sent twice with the same `client_key` gives
    back the first contribution instead of a copy."""
    if client_key is not None:
        earlier = _contribution_with_key(client_key, participant, entered_by)
        if earlier is not None:
            return earlier
    text = text.strip()
    if not text:
        raise ValidationError(_("Write something before you send."))
    if len(text) > CONTRIBUTION_MAX_LENGTH:
        raise ValidationError(_("Keep it under %(limit)d characters.") % {"limit": CONTRIBUTION_MAX_LENGTH})
    contribution = Contribution(
        table=table,
        text=text,
        participant=participant,
        entered_by=entered_by,
        role_label=role_label or (participant.role_label if participant else ""),
        round=Round.objects.filter(event_id=table.event_id, closed_at__isnull=True).first(),
        client_key=client_key,
    )
    try:
        with transaction.atomic():
            # The chain's lock first, as the table lane takes it before its batch's inserts, so
            # that a form sent twice at once through both never has each wait for the other.
            audit_chain_lock()
            contribution.save()
            audit_record(
                action="contribution.create",
                actor=entered_by,
                actor_label=participant.pseudonym if participant and not entered_by else "",
                obj=contribution,
                organisation_id=table.event.process.organisation_id,
                process_id=table.event.process_id,
            )
    except IntegrityError:
        # The same form arrived twice at the same moment: the other request won.
        earlier = _contribution_with_key(client_key, participant, entered_by) if client_key else None
        if earlier is None:
            raise
        return earlier
    return contribution


def _contribution_with_key(
    client_key: uuid.UUID, participant: Participant | None, entered_by: User | None
) -> Contribution | None:
    earlier = Contribution.objects.filter(client_key=client_key).first()
    if earlier is None:
        return None
    if earlier.participant_id != (participant.pk if participant else None) or earlier.entered_by_id != (
        entered_by.pk if entered_by else None
    ):
        # A key is only ever reused by the device that made it; anything else is forged.
        raise ValidationError(_("This form was already used. Reload the page and try again."))
    return earlier


def event_create(*, actor: User | None, process: Process, questions: Sequence[str] = (), **fields: Any) -> Event:
    event = Event(process=process, **fields)
    event.full_clean()
    with transaction.atomic():
        event.save()
        ThemedQuestion.objects.bulk_create(
            [ThemedQuestion(event=event, position=i, text=text) for i, text in enumerate(questions, start=1)]
        )
        audit_record(
            action="event.create",
            actor=actor,
            obj=event,
            organisation_id=process.organisation_id,
            process_id=process.pk,
        )
    return event


def agenda_session_add(
    *,
    actor: User,
    event: Event,
    starts_at: datetime,
    title: str,
    ends_at: datetime | None = None,
    description: str = "",
    place: str = "",
) -> AgendaSession:
    """A session on the agenda, inside the event's own time (to the minute, as forms give it)."""
    first, last = event.starts_at.replace(second=0, microsecond=0), event.ends_at
    if not first <= starts_at <= last or (ends_at is not None and not first <= ends_at <= last):
        raise ValidationError(_("A session must lie within the event's start and end."))
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError(_("A session cannot end before it starts."))
    session = AgendaSession(
        event=event,
        starts_at=starts_at,
        ends_at=ends_at,
        title=" ".join(title.split()),
        description=description.strip(),
        place=place.strip(),
    )
    session.full_clean()
    with transaction.atomic():
        session.save()
        _audit("agenda.add", actor, session, event)
    return session


def agenda_session_remove(*, actor: User, session: AgendaSession) -> None:
    with transaction.atomic():
        _audit("agenda.remove", actor, session, session.event, title=session.title)
        session.delete()


def event_create_with_tables(
    *,
    actor: User,
    process: Process,
    questions: Sequence[str],
    tables: int,
    online_tables: int,
    **fields: Any,
) -> Event:
    """An event from the form: its questions, tables in the room and online tables
    (each with a join code), and a join code for the event itself, all or nothing."""
    from samskap.core.services import join_code_create

    if tables + online_tables > 100:
        raise ValidationError(_("At most 100 tables."))
    with transaction.atomic():
        event = event_create(actor=actor, process=process, questions=questions, **fields)
        if tables:
            dialogue_tables_add(actor=actor, event=event, count=tables)
        if online_tables:
            dialogue_tables_add(actor=actor, event=event, count=online_tables, online=True)
        join_code_create(actor=actor, organisation=process.organisation, target=event)
    return event


def dialogue_table_create(
    *, actor: User | None, event: Event, number: int, question: ThemedQuestion | None, host: User | None = None
) -> DialogueTable:
    table = DialogueTable(event=event, number=number, question=question, host=host)
    table.full_clean()
    with transaction.atomic():
        table.save()
        audit_record(
            action="dialogue_table.create",
            actor=actor,
            obj=table,
            organisation_id=event.process.organisation_id,
            process_id=event.process_id,
        )
    return table


def event_settings_update(
    *, actor: User, event: Event, names_shown: bool, contributions_visible: bool, dot_budget: int
) -> Event:
    event.names_shown = names_shown
    event.contributions_visible = contributions_visible
    event.dot_budget = dot_budget
    event.full_clean()
    with transaction.atomic():
        event.save(update_fields=["names_shown", "contributions_visible", "dot_budget"])
        _audit(
            "event.settings",
            actor,
            event,
            event,
            names_shown=names_shown,
            contributions_visible=contributions_visible,
            dot_budget=dot_budget,
        )
    return event


def dialogue_table_update(
    *,
    actor: User,
    table: DialogueTable,
    host: User | None,
    question: ThemedQuestion | None,
    perspective: str,
    is_online: bool,
) -> DialogueTable:
    if question is not None and question.event_id != table.event_id:
        raise ValidationError(_("Choose one of this event's questions."))
    if host is not None and not can_in_process(host, table.event.process, Capability.HOST_TABLE):
        raise ValidationError(_("The host needs a role in this process."))
    table.host = host
    table.question = question
    table.perspective = perspective
    table.is_online = is_online
    table.full_clean()
    with transaction.atomic():
        table.save(update_fields=["host", "question", "perspective", "is_online"])
        _audit("dialogue_table.update", actor, table, table.event)
    return table


def dialogue_tables_add(*, actor: User, event: Event, count: int, online: bool = False) -> list[DialogueTable]:
    """`count` more tables, numbered after the last one, questions shared out in
    turn, each with its own join code."""
    from samskap.core.services import join_code_create

    if not 1 <= count <= 100:
        raise ValidationError(_("Add between 1 and 100 tables at a time."))
    questions = list(event.questions.all())
    with transaction.atomic():
        last = DialogueTable.objects.filter(event=event).order_by("-number").values_list("number", flat=True).first()
        start = (last or 0) + 1
        tables = []
        for number in range(start, start + count):
            question = questions[(number - 1) % len(questions)] if questions else None
            table = dialogue_table_create(actor=actor, event=event, number=number, question=question)
            if online:
                table.is_online = True
                table.save(update_fields=["is_online"])
            join_code_create(actor=actor, organisation=event.process.organisation, target=table)
            tables.append(table)
    return tables


def table_summary_save(*, actor: User, table: DialogueTable, summary: str) -> DialogueTable:
    summary = summary.strip()
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise ValidationError(_("Keep the summary under %(limit)d characters.") % {"limit": SUMMARY_MAX_LENGTH})
    table.summary = summary
    table.summary_updated_at = timezone.now()
    with transaction.atomic():
        table.save(update_fields=["summary", "summary_updated_at"])
        _audit("dialogue_table.summary", actor, table, table.event)
    return table


# Rounds -----------------------------------------------------------------------


def round_open(*, actor: User, event: Event, minutes: int) -> Round:
    """Start the next round; a round still open is closed first."""
    if not 1 <= minutes <= ROUND_MAX_MINUTES:
        raise ValidationError(_("A round lasts between 1 and %(limit)d minutes.") % {"limit": ROUND_MAX_MINUTES})
    now = timezone.now()
    with transaction.atomic():
        # Locks the event row so two consoles opening a round at once get numbers in turn.
        Event.objects.select_for_update().get(pk=event.pk)
        Round.objects.filter(event=event, closed_at__isnull=True).update(closed_at=now)
        last = Round.objects.filter(event=event).order_by("-number").values_list("number", flat=True).first()
        new_round = Round.objects.create(event=event, number=(last or 0) + 1, minutes=minutes, opened_at=now)
        _audit("round.open", actor, new_round, event, minutes=minutes)
    return new_round


def round_close(*, actor: User, event: Event) -> Round:
    with transaction.atomic():
        current = Round.objects.select_for_update().filter(event=event, closed_at__isnull=True).first()
        if current is None:
            raise ValidationError(_("No round is open."))
        current.closed_at = timezone.now()
        current.save(update_fields=["closed_at"])
        _audit("round.close", actor, current, event)
    return current


def round_extend(*, actor: User, event: Event, minutes: int) -> Round:
    with transaction.atomic():
        current = Round.objects.select_for_update().filter(event=event, closed_at__isnull=True).first()
        if current is None:
            raise ValidationError(_("No round is open."))
        if not 1 <= minutes <= ROUND_MAX_MINUTES or current.minutes + minutes > ROUND_MAX_MINUTES:
            raise ValidationError(_("A round lasts between 1 and %(limit)d minutes.") % {"limit": ROUND_MAX_MINUTES})
        current.minutes += minutes
        current.save(update_fields=["minutes"])
        _audit("round.extend", actor, current, event, minutes=minutes)
    return current


# Moderation -------------------------------------------------------------------


def _touch(contribution: Contribution, *fields: str) -> None:
    contribution.updated_at = timezone.now()
    contribution.save(update_fields=[*fields, "updated_at"])


def contribution_move(*, actor: User, contribution: Contribution, table: DialogueTable) -> Contribution:
    if table.event_id != contribution.table.event_id:
        raise ValidationError(_("Choose a table at the same event."))
    if table.pk == contribution.table_id:
        return contribution
    from_number = contribution.table.number
    contribution.table = table
    with transaction.atomic():
        _touch(contribution, "table")
        _audit("contribution.move", actor, contribution, table.event, from_table=from_number, to_table=table.number)
    return contribution


def contribution_set_theme(*, actor: User, contribution: Contribution, theme: Theme | None) -> Contribution:
    event = contribution.table.event
    if theme is not None and theme.event_id != event.pk:
        raise ValidationError(_("Choose one of this event's themes."))
    contribution.theme = theme
    with transaction.atomic():
        _touch(contribution, "theme")
        _audit("contribution.theme", actor, contribution, event, theme=theme.name if theme else None)
    return contribution


def contribution_hide(*, actor: User, contribution: Contribution, reason: str) -> Contribution:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the contribution is hidden."))
    if len(reason) > HIDE_REASON_MAX_LENGTH:
        raise ValidationError(_("Keep the reason under %(limit)d characters.") % {"limit": HIDE_REASON_MAX_LENGTH})
    contribution.hidden_at = timezone.now()
    contribution.hidden_reason = reason
    with transaction.atomic():
        _touch(contribution, "hidden_at", "hidden_reason")
        _audit("contribution.hide", actor, contribution, contribution.table.event, reason=reason)
    return contribution


def contribution_show(*, actor: User, contribution: Contribution) -> Contribution:
    contribution.hidden_at = None
    contribution.hidden_reason = ""
    with transaction.atomic():
        _touch(contribution, "hidden_at", "hidden_reason")
        _audit("contribution.show", actor, contribution, contribution.table.event)
    return contribution


def contribution_mark_key_point(*, actor: User, contribution: Contribution, is_key_point: bool) -> Contribution:
    contribution.is_key_point = is_key_point
    with transaction.atomic():
        _touch(contribution, "is_key_point")
        _audit("contribution.key_point", actor, contribution, contribution.table.event, is_key_point=is_key_point)
    return contribution


# Reactions --------------------------------------------------------------------


def reaction_set(*, participant: Participant, event: Event, contribution: Contribution, kind: str, on: bool) -> bool:
    """Set (not toggle) a reaction, so a request sent twice changes nothing the
    second time. Dots count against the event's budget per person. Returns
    whether the reaction is now there. Reactions are not audited: they carry no
    text and are many."""
    if kind not in ReactionKind.values:
        raise ValidationError(_("Unknown reaction."))
    if (
        contribution.table.event_id != event.pk
        or participant.join_code.organisation_id != event.process.organisation_id
    ):
        raise ValidationError(_("This contribution cannot be reacted to."))
    existing = Reaction.objects.filter(contribution=contribution, participant=participant, kind=kind)
    if not on:
        # Taking a reaction back is always allowed, also from a contribution hidden since.
        existing.delete()
        return False
    if contribution.hidden_at is not None:
        raise ValidationError(reaction_refusal_text("hidden", event.dot_budget))
    # One statement that leaves an existing reaction as it is: the same tap sent twice, or
    # twice at once, stores one reaction (the database's unique constraint decides).
    reaction = Reaction(contribution=contribution, participant=participant, kind=kind)
    if kind != ReactionKind.DOT:
        Reaction.objects.bulk_create([reaction], ignore_conflicts=True)
        return True
    with transaction.atomic():
        # Locks the participant so two dots sent at once cannot both squeeze under the budget.
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
        if existing.exists():
            return True
        if event.dot_budget == 0:
            raise ValidationError(reaction_refusal_text("dots_off", event.dot_budget))
        # Dots on contributions the facilitator has hidden are given back.
        used = Reaction.objects.filter(
            participant=participant,
            kind=ReactionKind.DOT,
            contribution__table__event=event,
            contribution__hidden_at__isnull=True,
        ).count()
        if used >= event.dot_budget:
            raise ValidationError(reaction_refusal_text("budget", event.dot_budget))
        Reaction.objects.bulk_create([reaction], ignore_conflicts=True)
    return True


# Phones at their tables, many at once ----------------------------------------------------------
# The table lane (samskap/events/lane.py) hands over what phones sent within the same moment.
# Each request gets the answer `contribution_create` or `reaction_set` and the view would give,
# or None when the lane should leave it to the view (which then says why): a device that has not
# joined, a closed code, a contribution at another table, a form's key sent by another device.


@dataclass(frozen=True)
class PhoneReaction:
    ask: PhoneAsk
    contribution_id: int
    kind: str
    on: bool


@dataclass(frozen=True)
class ReactionAnswer:
    """A reaction set (or refused: `refusal` names why, for `reaction_refusal_text`), and the
    phone's board after it."""

    seat: PhoneSeat
    board: PhoneBoard
    refusal: str


def reaction_refusal_text(refusal: str, dot_budget: int) -> str:
    """Why a reaction was refused, in the active language ("" when it was not)."""
    if not refusal:
        return ""
    if refusal == "hidden":
        return _("This contribution cannot be reacted to.")
    if refusal == "dots_off":
        return _("Dot voting is off at this event.")
    return _("You have used all your %(budget)d dots. Take one back to give it to something else.") % {
        "budget": dot_budget
    }


def phone_reactions_set(reactions: Sequence[PhoneReaction]) -> list[ReactionAnswer | None]:
    """Set the reactions phones sent together, as `reaction_set` sets each, in the order they
    came, in one transaction; then read each phone's board. About ten round trips, however
    many reactions."""
    seats = phone_seats([reaction.ask for reaction in reactions])
    named = _contributions_named([r.contribution_id for r, seat in zip(reactions, seats, strict=True) if seat])
    refusals: list[str | None] = []
    for reaction, seat in zip(reactions, seats, strict=True):
        found = named.get(reaction.contribution_id)
        takes = seat is not None and found is not None and found[0] == seat.table_id
        refusals.append("" if takes and reaction.kind in ReactionKind.values else None)
    taken = [index for index, refusal in enumerate(refusals) if refusal is not None]
    if not taken:
        return [None] * len(reactions)
    participant_ids = sorted({seats[i].participant_id for i in taken})  # type: ignore[union-attr]
    with transaction.atomic():
        if any(reactions[i].kind == ReactionKind.DOT and reactions[i].on for i in taken):
            # As reaction_set: two dots sent at once cannot both squeeze under the budget.
            list(Participant.objects.select_for_update().filter(pk__in=participant_ids).order_by("pk").values("pk"))
        given = _reactions_given(participant_ids, sorted({seats[i].event.pk for i in taken}))  # type: ignore[union-attr]
        inserts: dict[tuple[int, int, str], None] = {}
        deletes: list[int] = []
        for index in taken:
            reaction, seat = reactions[index], seats[index]
            assert seat is not None
            refusals[index] = _react_in_memory(reaction, seat, named, given, inserts, deletes)
        if deletes:
            Reaction.objects.filter(pk__in=deletes).delete()
        if inserts:
            # Sorted, so that two batches lock the same rows in one order.
            values = [
                (contribution_id, participant_id, kind, timezone.now())
                for contribution_id, participant_id, kind in sorted(inserts)
            ]
            _insert_reactions(values)
    boards = phone_boards([seats[i] for i in taken])  # type: ignore[misc]
    answers: list[ReactionAnswer | None] = [None] * len(reactions)
    for index, board in zip(taken, boards, strict=True):
        answers[index] = ReactionAnswer(seats[index], board, refusals[index] or "")  # type: ignore[arg-type]
    return answers


def _contributions_named(ids: Sequence[int]) -> dict[int, tuple[int, bool]]:
    """Table and whether hidden, of each contribution id that exists."""
    found = Contribution.objects.filter(pk__in=sorted(set(ids))).values_list("pk", "table_id", "hidden_at")
    return {pk: (table_id, hidden_at is not None) for pk, table_id, hidden_at in found}


# (participant, contribution, kind) → (reaction id or None when inserted in this batch, whether
# it counts against the dot budget: a dot on a contribution not hidden).
_Given = dict[tuple[int, int, str], tuple[int | None, bool]]


def _reactions_given(participant_ids: Sequence[int], event_ids: Sequence[int]) -> _Given:
    return {
        (row.participant_id, row.contribution_id, row.kind): (row.pk, row.kind == ReactionKind.DOT and not row.hidden)
        for row in reaction_rows(participant_ids, event_ids)
    }


def _react_in_memory(
    reaction: PhoneReaction,
    seat: PhoneSeat,
    named: dict[int, tuple[int, bool]],
    given: _Given,
    inserts: dict[tuple[int, int, str], None],
    deletes: list[int],
) -> str:
    """`reaction_set` for one reaction against the batch's state so far: why it is refused (see
    `reaction_refusal_text`), or "". Notes the rows to insert and delete."""
    key = (seat.participant_id, reaction.contribution_id, reaction.kind)
    row = (reaction.contribution_id, seat.participant_id, reaction.kind)
    if not reaction.on:
        existing = given.pop(key, None)
        if existing is not None:
            if existing[0] is None:
                inserts.pop(row, None)
            else:
                deletes.append(existing[0])
        return ""
    if named[reaction.contribution_id][1]:
        return _("This contribution cannot be reacted to.")
    if key in given:
        return ""
    if reaction.kind == ReactionKind.DOT:
        budget = seat.event.dot_budget
        if budget == 0:
            return _("Dot voting is off at this event.")
        used = sum(
            counts for (participant, _c, _k), (_pk, counts) in given.items() if participant == seat.participant_id
        )
        if used >= budget:
            return _("You have used all your %(budget)d dots. Take one back to give it to something else.") % {
                "budget": budget
            }
    given[key] = (None, reaction.kind == ReactionKind.DOT)
    inserts[row] = None
    return ""


def _insert_reactions(values: Sequence[tuple[int, int, str, Any]]) -> None:
    reaction = quoted(Reaction._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    source, params = rows([(c, p, k, adapt(at)) for c, p, k, at in values], ("bigint", "bigint", "text", "timestamptz"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {reaction} (contribution_id, participant_id, kind, created_at) {source}"
            " ON CONFLICT (contribution_id, participant_id, kind) DO NOTHING",
            params,
        )


@dataclass(frozen=True)
class PhoneContribution:
    ask: PhoneAsk
    client_key: uuid.UUID
    text: str


@dataclass(frozen=True)
class ContributionAnswer:
    """A contribution stored (or found stored by its key), and what the participant has sent."""

    seat: PhoneSeat
    own: OwnContributions


def phone_contributions_create(contributions: Sequence[PhoneContribution]) -> list[ContributionAnswer | None]:
    """Store the contributions phones sent together, as `contribution_create` stores each: in
    the round open at the time, once per form's key, each with its audit entry, the entries
    chained in the order the contributions came. One transaction and about eight round trips,
    however many contributions."""
    seats = phone_seats([contribution.ask for contribution in contributions])
    answers: list[ContributionAnswer | None] = [None] * len(contributions)
    taken = [
        index
        for index, (contribution, seat) in enumerate(zip(contributions, seats, strict=True))
        if seat is not None and contribution.text == contribution.text.strip()
        and 0 < len(contribution.text) <= CONTRIBUTION_MAX_LENGTH
    ]  # fmt: skip
    if not taken:
        return answers
    stored: dict[uuid.UUID, int | None] = {}  # key → the participant who sent it
    new: list[tuple[int, Contribution]] = []
    with transaction.atomic():
        # Every contribution's insert takes the chain's lock first (contribution_create too), so
        # no other writer adds a key between the lookup below and the insert.
        audit_chain_lock()
        keys = sorted({contributions[i].client_key for i in taken})
        for key, sender in Contribution.objects.filter(client_key__in=keys).values_list("client_key", "participant_id"):
            stored[key] = sender  # type: ignore[index]  # the filter leaves no key None
        event_ids = sorted({seats[i].event.pk for i in taken})  # type: ignore[union-attr]
        open_rounds = {r.event_id: r for r in Round.objects.filter(event_id__in=event_ids, closed_at__isnull=True)}
        now = timezone.now()
        for index in list(taken):
            contribution, seat = contributions[index], seats[index]
            assert seat is not None
            if contribution.client_key in stored:
                if stored[contribution.client_key] != seat.participant_id:
                    taken.remove(index)  # a key sent by another device: the view says it was used
                continue
            stored[contribution.client_key] = seat.participant_id
            new.append(
                (
                    index,
                    Contribution(
                        table_id=seat.table_id,
                        text=contribution.text,
                        participant_id=seat.participant_id,
                        role_label=seat.role_label,
                        round=open_rounds.get(seat.event.pk),
                        client_key=contribution.client_key,
                        created_at=now,
                        updated_at=now,
                    ),
                )
            )
        Contribution.objects.bulk_create([made for _index, made in new])
        audit_record_many(
            [
                AuditRecord(
                    action="contribution.create",
                    actor_label=seats[index].pseudonym,  # type: ignore[union-attr]
                    obj=made,
                    organisation_id=seats[index].event.organisation_id,  # type: ignore[union-attr]
                    process_id=seats[index].event.process_id,  # type: ignore[union-attr]
                )
                for index, made in new
            ]
        )
    own = own_contributions_of([seats[i].participant_id for i in taken])  # type: ignore[union-attr]
    for index in taken:
        seat = seats[index]
        assert seat is not None
        answers[index] = ContributionAnswer(seat, own.get(seat.participant_id, OwnContributions([], 0)))
    return answers


# Themes -----------------------------------------------------------------------


def _clean_theme_name(event: Event, name: str, *, exclude: Theme | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Give the theme a name."))
    if len(name) > THEME_NAME_MAX_LENGTH:
        raise ValidationError(_("Keep the name under %(limit)d characters.") % {"limit": THEME_NAME_MAX_LENGTH})
    taken = Theme.objects.filter(event=event, name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError(_("There is already a theme called “%(name)s”.") % {"name": name})
    return name


def theme_create(*, actor: User, event: Event, name: str) -> Theme:
    with transaction.atomic():
        theme = Theme.objects.create(event=event, name=_clean_theme_name(event, name))
        _audit("theme.create", actor, theme, event, name=theme.name)
    return theme


def theme_rename(*, actor: User, theme: Theme, name: str) -> Theme:
    old = theme.name
    theme.name = _clean_theme_name(theme.event, name, exclude=theme)
    with transaction.atomic():
        theme.save(update_fields=["name"])
        _audit("theme.rename", actor, theme, theme.event, old=old, new=theme.name)
    return theme


def theme_merge(*, actor: User, theme: Theme, into: Theme) -> Theme:
    """Move every contribution of `theme` into `into` and remove `theme`."""
    if theme.event_id != into.event_id or theme.pk == into.pk:
        raise ValidationError(_("Choose another theme at the same event."))
    with transaction.atomic():
        Contribution.objects.filter(theme=theme).update(theme=into, updated_at=timezone.now())
        _audit("theme.merge", actor, into, into.event, merged=theme.name, into=into.name)
        theme.delete()
    return into


def theme_delete(*, actor: User, theme: Theme) -> None:
    with transaction.atomic():
        Contribution.objects.filter(theme=theme).update(theme=None, updated_at=timezone.now())
        _audit("theme.delete", actor, theme, theme.event, name=theme.name)
        theme.delete()


def themes_confirm(*, actor: User, event: Event, chosen: Sequence[tuple[str, Sequence[int]]]) -> list[Theme]:
    """Create the themes a person confirmed from the suggestions, each with the
    contributions it grouped. A contribution that got a theme meanwhile keeps it;
    a name that already exists adds to that theme."""
    themes = []
    with transaction.atomic():
        for name, contribution_ids in chosen:
            clean = " ".join(name.split())
            theme = Theme.objects.filter(event=event, name__iexact=clean).first() if clean else None
            if theme is None:
                theme = Theme.objects.create(event=event, name=_clean_theme_name(event, clean))
            moved = Contribution.objects.filter(pk__in=contribution_ids, table__event=event, theme__isnull=True).update(
                theme=theme, updated_at=timezone.now()
            )
            _audit("theme.confirm", actor, theme, event, name=theme.name, contributions=moved)
            themes.append(theme)
    return themes


# Registration -------------------------------------------------------------------


def _new_checkin_code(event: Event) -> str:
    # Six characters from the join-code alphabet: easy to read aloud and type at the door.
    for _attempt in range(20):
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(6))
        if not Registration.objects.filter(event=event, checkin_code=code).exists():
            return code
    raise RuntimeError("no free check-in code")  # 25^6 codes: practically unreachable


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def _promote_waiting(event: Event) -> list[Registration]:
    """Move people up from the waiting list, first come first served, while there is room.
    Call with the event row locked."""
    promoted = []
    for waiting in Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).order_by(
        "created_at", "pk"
    ):
        if event.capacity is not None and _confirmed_count(event) >= event.capacity:
            break
        waiting.status = RegistrationStatus.CONFIRMED
        waiting.save(update_fields=["status"])
        _audit("registration.promote", None, waiting, event)
        promoted.append(waiting)
    return promoted


def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    role: str = "",
    mode: str = "",
    interpreting: str = "",
    accessibility: str = "",
    dietary: str = "",
    team_name: str = "",
    challenge_choices: Sequence[int] = (),
) -> Registration:
    """Register someone: confirmed within capacity, else on the waiting list. Only what
    the organiser asks for is kept; at a camp also the team one comes with and the
    challenges one wants most."""
    email = email.strip().lower()
    with transaction.atomic():
        # Locks the event so two people taking the last place at once cannot both get it.
        event = Event.objects.select_for_update().select_related("process").get(pk=event.pk)
        if not event.registration_open:
            raise ValidationError(_("Registration for this event is closed."))
        if Registration.objects.filter(event=event, email=email).exclude(status=RegistrationStatus.CANCELLED).exists():
            raise ValidationError(_("This e-mail address is already registered for the event."))
        full = event.capacity is not None and _confirmed_count(event) >= event.capacity
        is_camp = event.kind == EventKind.INNOVATION_CAMP
        registration = Registration(
            event=event,
            name=" ".join(name.split()),
            email=email,
            role=role if event.asks_role else "",
            mode=mode if event.asks_mode else "",
            interpreting=interpreting.strip() if event.asks_interpreting else "",
            accessibility=accessibility.strip() if event.asks_accessibility else "",
            dietary=dietary.strip() if event.asks_dietary else "",
            team_name=" ".join(team_name.split()) if is_camp else "",
            challenge_choices=_clean_challenge_choices(event, challenge_choices) if is_camp else [],
            status=RegistrationStatus.WAITING if full else RegistrationStatus.CONFIRMED,
            token=secrets.token_urlsafe(32),
            checkin_code=_new_checkin_code(event),
        )
        registration.full_clean()
        registration.save()
        # No personal data in the log entry: the registration row holds it, and goes when it goes.
        _audit("registration.create", None, registration, event, status=registration.status)
    return registration


def _clean_challenge_choices(event: Event, choices: Sequence[int]) -> list[int]:
    known = set(CampChallenge.objects.filter(event=event).values_list("pk", flat=True))
    if any(choice not in known for choice in choices):
        raise ValidationError(_("Choose among this camp's challenges."))
    if len(set(choices)) != len(choices):
        raise ValidationError(_("Choose each challenge once."))
    return list(choices)[:MAX_CHALLENGE_CHOICES]


def registration_cancel(*, registration: Registration) -> Registration:
    """Cancel one's place; the first on the waiting list moves up into it."""
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("process").get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        CampTeamMember.objects.filter(registration=registration).delete()  # a place in a team goes too
        _audit("registration.cancel", None, registration, event)
        _promote_waiting(event)
    return registration


def registration_check_in(*, actor: User, event: Event, code: str) -> Registration:
    code = "".join(code.split()).upper()
    registration = Registration.objects.filter(event=event, checkin_code=code).first()
    if registration is None:
        raise ValidationError(_("No registration has the code %(code)s.") % {"code": code})
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration was cancelled."))
    if registration.status == RegistrationStatus.WAITING:
        raise ValidationError(_("This person is still on the waiting list."))
    if registration.checked_in_at is not None:
        return registration
    with transaction.atomic():
        registration.checked_in_at = timezone.now()
        registration.save(update_fields=["checked_in_at"])
        _audit("registration.check_in", actor, registration, event)
    return registration


def event_registration_update(
    *,
    actor: User,
    event: Event,
    registration_open: bool,
    capacity: int | None,
    asks_role: bool,
    asks_mode: bool,
    asks_interpreting: bool,
    asks_accessibility: bool,
    asks_dietary: bool,
) -> Event:
    """Registration settings. A larger capacity moves people up from the waiting list."""
    with transaction.atomic():
        event = Event.objects.select_for_update().select_related("process").get(pk=event.pk)
        event.registration_open = registration_open
        event.capacity = capacity
        event.asks_role = asks_role
        event.asks_mode = asks_mode
        event.asks_interpreting = asks_interpreting
        event.asks_accessibility = asks_accessibility
        event.asks_dietary = asks_dietary
        event.full_clean()
        event.save()
        _audit("event.registration", actor, event, event, registration_open=registration_open, capacity=capacity)
        _promote_waiting(event)
    return event


# Innovation camps -------------------------------------------------------------------


def camp_challenge_create(*, actor: User, event: Event, title: str, brief: str = "") -> CampChallenge:
    challenge = CampChallenge(event=event, title=" ".join(title.split()), brief=brief.strip())
    challenge.full_clean()
    with transaction.atomic():
        challenge.save()
        _audit("camp_challenge.create", actor, challenge, event)
    return challenge


def _people_for_matching(event: Event) -> tuple[list[matching.Person], dict[int, Registration]]:
    registrations = {r.pk: r for r in Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)}
    known = set(CampChallenge.objects.filter(event=event).values_list("pk", flat=True))
    people = [
        matching.Person(
            id=r.pk,
            role=r.role or "other",
            # Online only when the person said so: a camp in the room is the default.
            mode=r.mode or AttendanceMode.ROOM,
            preferences=tuple(c for c in r.challenge_choices if c in known),
            group=r.team_name.strip().casefold() or None,
        )
        for r in registrations.values()
    ]
    return people, registrations


def camp_teams_form(*, actor: User, event: Event, team_size: int) -> matching.Matching:
    """Form the camp's teams from everyone with a confirmed place, replacing any teams
    formed before. People who registered as a team stay together. Once a team has begun
    its canvas, been visited by a coach or asked for help, the teams stay: adjust by hand."""
    if (
        CampTeam.objects.filter(event=event)
        .filter(Q(idea__isnull=False) | Q(check_ins__isnull=False) | Q(help_requests__isnull=False))
        .exists()
    ):
        raise ValidationError(_("The teams have started working, so they cannot be formed again. Move people by hand."))
    people, registrations = _people_for_matching(event)
    challenges = list(CampChallenge.objects.filter(event=event).values_list("pk", flat=True))
    try:
        result = matching.match_teams(people, challenges, team_size)
    except matching.MatchingInputError as exc:
        raise ValidationError(str(exc)) from exc
    with transaction.atomic():
        event.team_size = team_size
        event.save(update_fields=["team_size"])
        CampTeam.objects.filter(event=event).delete()
        for number, planned in enumerate(result.teams, start=1):
            team = CampTeam.objects.create(
                event=event,
                name=_("Team %(number)d") % {"number": number},
                challenge_id=planned.challenge,
                mode=planned.mode,
            )
            CampTeamMember.objects.bulk_create(
                [CampTeamMember(team=team, registration=registrations[member]) for member in planned.members]
            )
        _audit(
            "camp_teams.form",
            actor,
            event,
            event,
            teams=len(result.teams),
            people=len(people),
            score=round(result.quality.score, 3),
        )
    return result


def camp_team_member_move(*, actor: User, member: CampTeamMember, team: CampTeam) -> CampTeamMember:
    """A facilitator's hand adjustment: move someone to another team of the same camp."""
    if team.event_id != member.team.event_id:
        raise ValidationError(_("Choose a team at the same camp."))
    if team.pk == member.team_id:
        return member
    old = member.team.name
    member.team = team
    with transaction.atomic():
        member.save(update_fields=["team"])
        _audit("camp_team.move", actor, member, team.event, from_team=old, to_team=team.name)
    return member


def camp_team_member_add(*, actor: User, registration: Registration, team: CampTeam) -> CampTeamMember:
    """Put someone with a place but no team (registered or moved up late) into a team."""
    if team.event_id != registration.event_id:
        raise ValidationError(_("Choose a team at the same camp."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only people with a place can join a team."))
    existing = CampTeamMember.objects.filter(registration=registration).select_related("team").first()
    if existing is not None:
        return camp_team_member_move(actor=actor, member=existing, team=team)
    with transaction.atomic():
        member = CampTeamMember.objects.create(team=team, registration=registration)
        _audit("camp_team.add", actor, member, team.event, team=team.name)
    return member


def camp_team_update(*, actor: User, team: CampTeam, name: str, challenge: CampChallenge | None) -> CampTeam:
    if challenge is not None and challenge.event_id != team.event_id:
        raise ValidationError(_("Choose one of this camp's challenges."))
    team.name = " ".join(name.split())
    team.challenge = challenge
    team.full_clean()
    with transaction.atomic():
        team.save(update_fields=["name", "challenge"])
        _audit("camp_team.update", actor, team, team.event)
    return team


def camp_quality(event: Event) -> matching.Quality | None:
    """The quality of the teams as they stand now, hand adjustments included."""
    teams = list(CampTeam.objects.filter(event=event).prefetch_related("members"))
    if not teams:
        return None
    people, _registrations = _people_for_matching(event)
    in_teams = {m.registration_id for t in teams for m in t.members.all()}
    planned = [
        matching.Team(
            challenge=t.challenge_id,
            mode=t.mode,
            members=tuple(sorted(m.registration_id for m in t.members.all())),
        )
        for t in teams
    ]
    challenges = list(CampChallenge.objects.filter(event=event).values_list("pk", flat=True))
    return matching.score_teams(
        planned, [p for p in people if p.id in in_teams], event.team_size, challenges=challenges
    )


# Team spaces during the camp --------------------------------------------------------

MAX_OPEN_HELP_REQUESTS = 5


def _member_label(registration: Registration) -> str:
    # The audit log names a team member by their registration, not by name or e-mail.
    return f"registration:{registration.pk}"


def camp_team_canvas_save(
    *, team: CampTeam, fields: dict[str, str], member: Registration | None = None, actor: User | None = None
) -> Idea:
    """Save the team's idea canvas. The canvas is the team's idea in the ideas module,
    made the first time the team saves it, so the jury scores it and selection and
    incubation carry it on. A member writes by their registration link; a coach or
    facilitator as themselves."""
    if member is None and actor is None:
        raise ValueError("a canvas is saved by a team member or a staff user")
    if member is not None and not CampTeamMember.objects.filter(team=team, registration=member).exists():
        raise ValidationError(_("Only the team's members edit its canvas."))
    label = _member_label(member) if member is not None else ""
    with transaction.atomic():
        # Locks the team, so two members saving the first canvas at once make one idea.
        team = CampTeam.objects.select_for_update().select_related("event__process").get(pk=team.pk)
        if team.idea_id is None:
            idea = ideas_services.idea_create(
                actor=actor,
                actor_label=label,
                process=team.event.process,
                origin=IdeaOrigin.CAMP_TEAM,
                source=team,
                # The canvas fields are idea fields, never co_authors.
                **cast(dict[str, Any], fields),
            )
            team.idea = idea
            team.save(update_fields=["idea"])
            return idea
        assert team.idea is not None
        return ideas_services.idea_update(actor=actor, actor_label=label, idea=team.idea, co_authors=None, **fields)


def coach_check_in_add(*, actor: User, team: CampTeam, status: str, note: str = "") -> CoachCheckIn:
    check_in = CoachCheckIn(team=team, coach=actor, status=status, note=note.strip())
    check_in.full_clean()
    with transaction.atomic():
        check_in.save()
        _audit("camp_team.check_in", actor, check_in, team.event, status=status)
    return check_in


def help_request_create(*, team: CampTeam, member: Registration, text: str) -> HelpRequest:
    if not CampTeamMember.objects.filter(team=team, registration=member).exists():
        raise ValidationError(_("Only the team's members ask for help for it."))
    text = text.strip()
    if not text:
        raise ValidationError(_("Say what you need help with."))
    if HelpRequest.objects.filter(team=team, answered_at__isnull=True).count() >= MAX_OPEN_HELP_REQUESTS:
        raise ValidationError(
            _("Your team already has %(limit)d questions waiting. A coach will come to you soon.")
            % {"limit": MAX_OPEN_HELP_REQUESTS}
        )
    help_request = HelpRequest(team=team, asked_by=member, text=text)
    help_request.full_clean()
    with transaction.atomic():
        help_request.save()
        audit_record(
            action="camp_team.help_request",
            actor_label=_member_label(member),
            obj=help_request,
            organisation_id=team.event.process.organisation_id,
            process_id=team.event.process_id,
        )
    return help_request


def help_request_answer(*, actor: User, help_request: HelpRequest, answer: str) -> HelpRequest:
    """A coach or facilitator answers (or says they are on their way); the team sees it."""
    answer = answer.strip()
    if not answer:
        raise ValidationError(_("Write an answer, even a short one such as “On my way”."))
    help_request.answer, help_request.answered_by, help_request.answered_at = answer, actor, timezone.now()
    help_request.full_clean()
    with transaction.atomic():
        help_request.save(update_fields=["answer", "answered_by", "answered_at"])
        _audit("camp_team.help_answer", actor, help_request, help_request.team.event)
    return help_request


# The pitch jury ----------------------------------------------------------------------

PITCH_CRITERIA = [
    (gettext_lazy("Value for service users and relatives"), 3),
    (gettext_lazy("Built on lived experience"), 2),
    (gettext_lazy("Can be done in the municipality"), 2),
    (gettext_lazy("A clear first test"), 1),
    (gettext_lazy("The pitch"), 1),
]


def camp_jury_create(
    *, actor: User, event: Event, criteria: Sequence[tuple[str, int]], panel: Sequence[User]
) -> SelectionRound:
    """The pitch jury is a selection round in the ideas module over the teams' canvases:
    each juror scores each team on the weighted rubric, and the ranking, the decisions
    and incubation follow from there."""
    ideas = [team.idea for team in CampTeam.objects.filter(event=event, idea__isnull=False).select_related("idea")]
    if not ideas:
        raise ValidationError(_("No team has written its canvas yet, so there is nothing for the jury to score."))
    return ideas_services.selection_round_create(
        actor=actor,
        process=event.process,
        title=_("Pitch jury: %(event)s") % {"event": event.title},
        criteria=criteria,
        panel=panel,
        ideas=[idea for idea in ideas if idea is not None],
    )


# The evaluation after an event -------------------------------------------------------

EVALUATION_SCALES = ("useful", "heard", "accessible")


def evaluation_respondent_key(event: Event, respondent_id: str) -> str:
    """A keyed hash of who answered, only to refuse a second answer from the same
    person. With the server's secret key it cannot be turned back into the person."""
    return salted_hmac("samskap.evaluation", f"{event.pk}:{respondent_id}", algorithm="sha256").hexdigest()


def event_evaluation_open(*, actor: User, event: Event, is_open: bool) -> Event:
    event.evaluation_open = is_open
    with transaction.atomic():
        event.save(update_fields=["evaluation_open"])
        _audit("event.evaluation", actor, event, event, is_open=is_open)
    return event


def evaluation_submit(
    *,
    event: Event,
    respondent_id: str,
    role_label: str = "",
    useful: int | None = None,
    heard: int | None = None,
    accessible: int | None = None,
    best: str = "",
    improve: str = "",
) -> EvaluationResponse:
    """One person's anonymous answer. `respondent_id` is something stable for the person
    (a participant's public id, a registration's token); only its keyed hash is kept.
    A second answer from the same person is refused."""
    if not respondent_id:
        raise ValueError("an evaluation answer needs a respondent id")
    if not event.evaluation_open:
        raise ValidationError(_("The evaluation of this event is not open."))
    scales = {"useful": useful, "heard": heard, "accessible": accessible}
    for value in scales.values():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5):
            raise ValidationError(_("Answer on the scale from 1 to 5."))
    best, improve = best.strip(), improve.strip()
    if len(best) > EVALUATION_TEXT_MAX_LENGTH or len(improve) > EVALUATION_TEXT_MAX_LENGTH:
        raise ValidationError(_("Keep each answer under %(limit)d characters.") % {"limit": EVALUATION_TEXT_MAX_LENGTH})
    if all(value is None for value in scales.values()) and not best and not improve:
        raise ValidationError(_("Answer at least one question before you send."))
    key = evaluation_respondent_key(event, respondent_id)
    if EvaluationResponse.objects.filter(event=event, respondent_key=key).exists():
        raise ValidationError(_("You have already answered this evaluation. Thank you!"))
    response = EvaluationResponse(
        event=event, respondent_key=key, role_label=role_label, best=best, improve=improve, **scales
    )
    response.full_clean(exclude=["respondent_key"], validate_constraints=False)
    try:
        with transaction.atomic():
            response.save()
            # Neither the answer nor who gave it is named in the log: only that one came in.
            audit_record(
                action="evaluation.submit",
                obj=event,
                organisation_id=event.process.organisation_id,
                process_id=event.process_id,
            )
    except IntegrityError as exc:
        # The same person sent the form twice at the same moment: the first one counts.
        raise ValidationError(_("You have already answered this evaluation. Thank you!")) from exc
    return response


# Seats at the tables -------------------------------------------------------------

# Who joined by the event's code has no role to show when they did not pick one.
_NO_ROLE = "none"


def seats_round_number(event: Event) -> int:
    """The round seats are for: the open round, or the next one when none is open."""
    rounds = Round.objects.filter(event=event).order_by("-number").values_list("number", "closed_at").first()
    if rounds is None:
        return 1
    number, closed_at = rounds
    return int(number) if closed_at is None else int(number) + 1


def _seating_input(
    event: Event, round_number: int, participants: Sequence[Participant]
) -> tuple[list[seating.Person], list[seating.Table], list[dict[int, int]]]:
    """People, tables and earlier rounds' seats for `analysis.seating`. Participants carry no
    sign of taking part online, so everyone counts as in the room, and the online tables are
    used only when the event has no table in the room (then everyone counts as online)."""
    tables = list(DialogueTable.objects.filter(event=event).order_by("number"))
    all_online = bool(tables) and all(table.is_online for table in tables)
    people = [seating.Person(p.pk, p.role_label or _NO_ROLE, all_online) for p in participants]
    history: dict[int, dict[int, int]] = {}
    earlier = SeatAssignment.objects.filter(event=event, round_number__lt=round_number)
    for number, participant_id, table_id in earlier.values_list("round_number", "participant_id", "table_id"):
        history.setdefault(number, {})[participant_id] = table_id
    return (
        people,
        [seating.Table(table.pk, table.is_online) for table in tables],
        [history[number] for number in sorted(history)],
    )


def seats_assign(*, actor: User, event: Event) -> tuple[int, seating.Seating]:
    """Seat everyone who joined by the event's code at the event's tables for the open round
    (or the next one), spreading roles and rotating people away from earlier rounds' tables
    and tablemates. Replaces that round's seats. Returns the round number and the seating."""
    join_code = event_join_code(event)
    if join_code is None:
        raise ValidationError(_("The event has no open join code, so nobody can be seated by it."))
    if not DialogueTable.objects.filter(event=event).exists():
        raise ValidationError(_("Add tables to the event before you assign seats."))
    with transaction.atomic():
        # Locks the event row so two consoles assigning seats at once take turns.
        Event.objects.select_for_update().get(pk=event.pk)
        round_number = seats_round_number(event)
        participants = list(Participant.objects.filter(join_code=join_code).order_by("pk"))
        if not participants:
            raise ValidationError(_("Nobody has joined by the event's code yet."))
        people, tables, history = _seating_input(event, round_number, participants)
        try:
            result = seating.seat_round(people, tables, history, seed=round_number)
        except seating.SeatingInputError as exc:  # not expected: the input is built above
            raise ValidationError(str(exc)) from exc
        SeatAssignment.objects.filter(event=event, round_number=round_number).delete()
        now = timezone.now()
        SeatAssignment.objects.bulk_create(
            SeatAssignment(
                event=event, round_number=round_number, participant_id=person, table_id=table, created_at=now
            )
            for person, table in result.seats.items()
        )
        quality = result.quality
        _audit(
            "seats.assign",
            actor,
            event,
            event,
            round=round_number,
            people=len(people),
            repeated_tables=quality.repeated_tables,
            repeated_pairs=quality.repeated_pairs,
        )
    return round_number, result


def seat_move(*, actor: User, seat: SeatAssignment, table: DialogueTable) -> SeatAssignment:
    """Move one seated person to another table of the same event, in the same round."""
    if table.event_id != seat.event_id:
        raise ValidationError(_("Choose a table at the same event."))
    if table.pk == seat.table_id:
        return seat
    from_number = DialogueTable.objects.filter(pk=seat.table_id).values_list("number", flat=True).first()
    seat.table = table
    with transaction.atomic():
        seat.save(update_fields=["table"])
        detail = {"round": seat.round_number, "from_table": from_number, "to_table": table.number}
        _audit("seat.move", actor, seat, table.event, **detail)
    return seat


def seats_overview(event: Event) -> dict[str, Any] | None:
    """The latest round with seats: its number, the seats (with participant and table), and
    the seating rescored, so moves by hand show in the quality. None before any seats. For
    the summary a person counts as the kind of table (online or in the room) they sit at."""
    latest = (
        SeatAssignment.objects.filter(event=event).order_by("-round_number").values_list("round_number", flat=True)
    ).first()
    if latest is None:
        return None
    seats = list(
        SeatAssignment.objects.filter(event=event, round_number=latest)
        .select_related("participant", "table")
        .order_by("table__number", "participant__pk")
    )
    tables = list(DialogueTable.objects.filter(event=event).order_by("number"))
    table_online = {table.pk: table.is_online for table in tables}
    people = [
        seating.Person(s.participant_id, s.participant.role_label or _NO_ROLE, table_online[s.table_id]) for s in seats
    ]
    _people, table_input, history = _seating_input(event, latest, [])
    result = seating.score_seating(people, table_input, history, {s.participant_id: s.table_id for s in seats})
    labels = dict(ParticipantRoleLabel.choices)
    summaries = {summary.id: summary for summary in result.tables}
    return {
        "round_number": latest,
        "seats": seats,
        "quality": result.quality,
        "tables": [
            {
                "table": table,
                "size": summaries[table.pk].size,
                "roles": [(labels.get(role, _("No role given")), count) for role, count in summaries[table.pk].roles],
            }
            for table in tables
        ],
    }


# Retention -----------------------------------------------------------------------------

# After an event has ended, who came and what they needed is no longer needed by name:
# registrations keep role, mode and status (for counts by role), participants their pseudonym.
EVENT_PERSONAL_DATA_DAYS = 90


@dataclass
class EventRetentionReport:
    registrations_anonymised: int = 0
    participant_names_removed: int = 0
    held: int = 0  # events whose process is on legal hold
    dry_run: bool = False


def registration_anonymise(registration: Registration) -> None:
    """Keep role, mode and status (counts by role stay right); drop who it was and what they
    needed. Callers hold the transaction and write the audit entry."""
    registration.name = ""
    registration.email = f"anonymised-{registration.pk}@invalid"
    registration.interpreting = registration.accessibility = registration.dietary = ""
    registration.team_name = ""
    registration.challenge_choices = []
    registration.save(
        update_fields=["name", "email", "interpreting", "accessibility", "dietary", "team_name", "challenge_choices"]
    )


def events_retention_apply(*, today: date | None = None, dry_run: bool = False) -> EventRetentionReport:
    """Strip names, addresses and needs from the registrations of events that ended
    `EVENT_PERSONAL_DATA_DAYS` ago, and the shown names of the people who joined them by
    code. Processes on legal hold keep everything."""
    from django.contrib.contenttypes.models import ContentType

    from samskap.core.models import JoinCode

    today = today or timezone.localdate()
    cutoff = timezone.make_aware(datetime.combine(today - timedelta(days=EVENT_PERSONAL_DATA_DAYS), dt_time.min))
    report = EventRetentionReport(dry_run=dry_run)
    event_type = ContentType.objects.get_for_model(Event)
    table_type = ContentType.objects.get_for_model(DialogueTable)
    with transaction.atomic():
        for event in Event.objects.filter(ends_at__lt=cutoff).select_related("process").order_by("pk"):
            registrations = event.registrations.exclude(email__endswith="@invalid")
            codes = JoinCode.objects.filter(
                Q(target_type=event_type, target_id=event.pk)
                | Q(target_type=table_type, target_id__in=event.tables.values("pk"))
            )
            participants = Participant.objects.filter(join_code__in=codes).exclude(display_name="")
            due = registrations.count() + participants.count()
            if not due:
                continue
            if event.process.legal_hold:
                report.held += 1
                continue
            report.participant_names_removed += participants.count()
            report.registrations_anonymised += registrations.count()
            if dry_run:
                continue
            participants.update(display_name="")
            for registration in registrations:
                registration_anonymise(registration)
        if not dry_run and (report.registrations_anonymised or report.participant_names_removed):
            audit_record(
                action="retention.events",
                actor_label="retention",
                detail={
                    "registrations_anonymised": report.registrations_anonymised,
                    "participant_names_removed": report.participant_names_removed,
                },
            )
    return report
