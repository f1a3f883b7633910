"""Every change to an opinion map goes through here: validation, transaction, audit entry.

Votes are not audited one by one: the vote row itself (voter, statement, time) is the record,
and a map can hold millions of them.
"""

from __future__ import annotations

import contextlib
import io
import logging
import tempfile
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samskap.analysis.opinion import (
    OpinionInputError,
    OpinionResult,
    OpinionState,
    PolisFormatError,
    PolisStatement,
    VoteTable,
    opinion_compute,
    polis_export_files,
    read_polis_export,
)
from samskap.analysis.opinion.engine import early_clustered
from samskap.core.audit import audit_record
from samskap.core.models import Participant, User
from samskap.core.services import join_code_create
from samskap.core.sql import in_list, quoted, rows
from samskap.events.models import Event
from samskap.opinions.models import (
    LANGUAGES,
    STATEMENT_MAX_LENGTH,
    OpinionMap,
    Statement,
    StatementStatus,
    Vote,
    Voter,
)
from samskap.opinions.selectors import Ballot, BallotAsk, NextStatement, ballots_and_statements, next_statements_for
from samskap.processes.models import Process

logger = logging.getLogger(__name__)

MAX_SEED_STATEMENTS = 200
MAX_PENDING_PER_PARTICIPANT = 10
MAX_STATEMENTS_PER_MAP = 2000
MAX_IMPORT_BYTES = 64 * 1024 * 1024
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
IMPORT_BATCH = 5000
POLIS_ATTRIBUTION = (
    "Data was gathered using the Polis software (compdemocracy.org/polis) and is sub-licensed under "
    "CC BY 4.0 with Attribution to The Computational Democracy Project."
)


def _clean_statement(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValidationError(_("Write the statement before you send it."))
    if len(text) > STATEMENT_MAX_LENGTH:
        raise ValidationError(_("Keep a statement under %(limit)d characters.") % {"limit": STATEMENT_MAX_LENGTH})
    return text


def opinion_map_create(
    *,
    actor: User,
    process: Process,
    title: str,
    question: str,
    seed_statements: Sequence[str] = (),
    languages: Sequence[str] = ("nb",),
    allow_statements: bool = True,
    event: Event | None = None,
    code: str | None = None,
) -> OpinionMap:
    """A new map with its seed statements (accepted) and a join code."""
    if event is not None and event.process_id != process.pk:
        raise ValidationError(_("The event belongs to another process."))
    seeds = [_clean_statement(text) for text in seed_statements if text.strip()]
    if len(seeds) > MAX_SEED_STATEMENTS:
        raise ValidationError(_("At most %(limit)d seed statements.") % {"limit": MAX_SEED_STATEMENTS})
    known = {code for code, _name in LANGUAGES}
    if not languages or any(lang not in known for lang in languages):
        raise ValidationError(_("Choose at least one of the offered languages."))
    opinion_map = OpinionMap(
        process=process,
        event=event,
        title=title.strip(),
        question=question.strip(),
        languages=list(languages),
        allow_statements=allow_statements,
    )
    opinion_map.full_clean(exclude=["math_state", "result"])
    with transaction.atomic():
        opinion_map.save()
        Statement.objects.bulk_create(
            [
                Statement(
                    opinion_map=opinion_map, text=text, status=StatementStatus.ACCEPTED, is_seed=True, added_by=actor
                )
                for text in dict.fromkeys(seeds)
            ]
        )
        join_code_create(
            actor=actor, organisation=process.organisation, target=opinion_map, code=code, allow_names=False
        )
        audit_record(
            action="opinion_map.create",
            actor=actor,
            obj=opinion_map,
            organisation_id=process.organisation_id,
            process_id=process.pk,
            detail={"seed_statements": len(seeds)},
        )
    return opinion_map


def opinion_map_set_open(*, actor: User, opinion_map: OpinionMap, is_open: bool) -> None:
    with transaction.atomic():
        OpinionMap.objects.filter(pk=opinion_map.pk).update(is_open=is_open)
        opinion_map.is_open = is_open
        if not is_open:
            opinion_map_request_recompute(opinion_map)
        audit_record(
            action="opinion_map.open" if is_open else "opinion_map.close",
            actor=actor,
            obj=opinion_map,
            organisation_id=opinion_map.process.organisation_id,
            process_id=opinion_map.process_id,
        )


def statement_add(
    *, opinion_map: OpinionMap, text: str, participant: Participant | None = None, actor: User | None = None
) -> Statement:
    """A facilitator's statement is shown at once; a participant's waits for moderation."""
    if participant is not None and not opinion_map.allow_statements:
        raise ValidationError(_("This opinion map does not take new statements."))
    if participant is not None and not opinion_map.is_open:
        raise ValidationError(_("The opinion map is closed."))
    text = _clean_statement(text)
    if opinion_map.statements.count() >= MAX_STATEMENTS_PER_MAP:
        raise ValidationError(_("This opinion map has as many statements as it can take."))
    if (
        participant is not None
        and opinion_map.statements.filter(author=participant, status=StatementStatus.PENDING).count()
        >= MAX_PENDING_PER_PARTICIPANT
    ):
        raise ValidationError(_("Your earlier statements are still waiting to be read. Try again later."))
    if opinion_map.statements.filter(text__iexact=text).exists():
        raise ValidationError(_("That statement is already on the map."))
    by_staff = actor is not None
    statement = Statement(
        opinion_map=opinion_map,
        text=text,
        status=StatementStatus.ACCEPTED if by_staff else StatementStatus.PENDING,
        author=participant,
        added_by=actor,
        moderated_by=actor,
        moderated_at=timezone.now() if by_staff else None,
    )
    with transaction.atomic():
        statement.save()
        audit_record(
            action="statement.add",
            actor=actor,
            actor_label=participant.pseudonym if participant and not actor else "",
            obj=statement,
            organisation_id=opinion_map.process.organisation_id,
            process_id=opinion_map.process_id,
        )
    return statement


def statement_moderate(*, actor: User, statement: Statement, accept: bool, reason: str = "") -> Statement:
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError(_("Give a reason when you reject a statement."))
    if len(reason) > 300:
        raise ValidationError(_("Keep the reason under 300 characters."))
    was_accepted = statement.status == StatementStatus.ACCEPTED
    statement.status = StatementStatus.ACCEPTED if accept else StatementStatus.REJECTED
    statement.moderation_reason = reason
    statement.moderated_by = actor
    statement.moderated_at = timezone.now()
    with transaction.atomic():
        statement.save(update_fields=["status", "moderation_reason", "moderated_by", "moderated_at"])
        audit_record(
            action="statement.accept" if accept else "statement.reject",
            actor=actor,
            obj=statement,
            organisation_id=statement.opinion_map.process.organisation_id,
            process_id=statement.opinion_map.process_id,
            detail={"reason": reason} if reason else None,
        )
        if was_accepted != accept:
            opinion_map_request_recompute(statement.opinion_map)
    return statement


def vote_refusal(ballot: Ballot, value: int) -> str | None:
    """Why this vote cannot be cast, in the reader's language, or None when it can."""
    if value not in (-1, 0, 1):
        return _("Choose agree, disagree or pass.")
    if not ballot.map_is_open:
        return _("The opinion map is closed.")
    if ballot.statement_id is None:
        return _("That statement is not on this map.")
    return None


def vote_cast(*, ballot: Ballot, value: int) -> int:
    """Record a participant's vote, replacing their earlier one on the same statement, and
    return their voter id. The ballot comes from `ballots_and_statements` (a phone's vote) or `ballot_of`
    (callers that hold the models)."""
    return votes_cast([(ballot, value)])[0]


def votes_cast(casts: Sequence[tuple[Ballot, int]]) -> list[int]:
    """Record votes, each replacing that voter's earlier one on the same statement, and return
    each one's voter id. All or nothing: one refused vote refuses them all, before anything is
    written.

    Upserts against the unique constraints, however many votes: votes arriving together (a
    burst in a workshop) are written together, in one statement once every voter has voted
    before (a statement is atomic of itself, and a transaction around it would cost two round
    trips more), with the new voters' rows in one transaction otherwise. Two submissions at
    once leave exactly one current vote, and neither fails; of two for the same statement and
    voter in `casts`, the later one counts.
    """
    for ballot, value in casts:
        if refusal := vote_refusal(ballot, value):
            raise ValidationError(refusal)
    if not casts:
        return []
    new_voters = {(b.opinion_map_id, b.participant_id) for b, _v in casts if b.voter_id is None}
    with transaction.atomic() if new_voters else contextlib.nullcontext():
        voter_ids = _voter_ids_for(new_voters)
        votes: dict[tuple[int, int], tuple[int, int]] = {}
        cast_voter_ids = []
        for ballot, value in casts:
            voter_id = ballot.voter_id or voter_ids[(ballot.opinion_map_id, ballot.participant_id)]
            cast_voter_ids.append(voter_id)
            assert ballot.statement_id is not None  # vote_refusal said so
            votes[(ballot.statement_id, voter_id)] = (ballot.opinion_map_id, value)
        _votes_upsert(votes)
        for map_id in sorted({ballot.opinion_map_id for ballot, _value in casts}):
            _request_recompute(map_id)
    return cast_voter_ids


def _votes_upsert(votes: dict[tuple[int, int], tuple[int, int]]) -> None:
    """Insert or replace each (statement, voter) → (map, value) vote, in one statement.

    In SQL rather than `bulk_create`: in a burst the ORM's work per row cost more than the
    database's. Rows go in the order of the unique constraint, so two transactions upserting
    overlapping votes lock them in the same order and cannot deadlock."""
    cast_at = connection.ops.adapt_datetimefield_value(timezone.now())
    new_rows, params = rows(
        [
            (map_id, statement_id, voter_id, value, cast_at)
            for (statement_id, voter_id), (map_id, value) in sorted(votes.items())
        ],
        ["bigint", "bigint", "bigint", "smallint", "timestamptz"],
    )
    table = quoted(Vote._meta.db_table)
    sql = (
        f"INSERT INTO {table} (opinion_map_id, statement_id, voter_id, value, cast_at) {new_rows}"
        " ON CONFLICT (statement_id, voter_id) DO UPDATE SET value = excluded.value, cast_at = excluded.cast_at"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _voter_ids_for(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """The voter id of each (map, participant), made on a participant's first vote there.
    In SQL for the same reason as `_votes_upsert`."""
    if not pairs:
        return {}
    table = quoted(Voter._meta.db_table)
    created_at = connection.ops.adapt_datetimefield_value(timezone.now())
    pairs_in_order = sorted(pairs)
    new_rows, params = rows(
        [(map_id, participant_id, created_at) for map_id, participant_id in pairs_in_order],
        ["bigint", "bigint", "timestamptz"],
    )
    found: dict[tuple[int, int], int] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (opinion_map_id, participant_id, created_at) {new_rows}"
            " ON CONFLICT (opinion_map_id, participant_id) DO NOTHING",
            params,
        )
        for map_id in sorted({map_id for map_id, _participant in pairs_in_order}):
            among, params = in_list("participant_id", [participant for m, participant in pairs_in_order if m == map_id])
            sql = f"SELECT participant_id, id FROM {table} WHERE opinion_map_id = %s AND {among}"  # noqa: S608 (as above)
            cursor.execute(sql, [map_id, *params])
            for participant_id, voter_id in cursor:
                found[(map_id, participant_id)] = voter_id
    return found


@dataclass(frozen=True)
class PhoneVote:
    """A vote from a participant's phone, before it is known to be valid."""

    code: str
    remembered_ids: Sequence[str]
    statement_id: int
    value: int


@dataclass(frozen=True)
class VoteAnswer:
    """A stored phone vote: its ballot, and what the voter sees next."""

    ballot: Ballot
    after: NextStatement


def phone_votes_cast(phone_votes: Sequence[PhoneVote]) -> list[VoteAnswer | None]:
    """Store the votes that phones sent together, and say what each voter sees next.

    None for a vote that cannot be stored (a device that has not joined, a closed map or code,
    a statement not on the map, a bad value): nothing is stored for it, and its caller answers
    with the page, which says why. The others are stored together (`votes_cast`). However
    many votes, six round trips to the database when every voter has voted before, ten when
    some vote for the first time (three more for each further join code).
    """
    read = ballots_and_statements([BallotAsk(v.code, v.remembered_ids, v.statement_id) for v in phone_votes])
    ballots = read.ballots
    castable = [
        (index, ballot, vote.value)
        for index, (ballot, vote) in enumerate(zip(ballots, phone_votes, strict=True))
        if ballot is not None and vote_refusal(ballot, vote.value) is None
    ]
    answers: list[VoteAnswer | None] = [None] * len(phone_votes)
    if not castable:
        return answers
    voter_ids = votes_cast([(ballot, value) for _index, ballot, value in castable])
    ballots_cast = [ballot for _index, ballot, _value in castable]
    after = next_statements_for(list(zip(ballots_cast, voter_ids, strict=True)), read.statements)
    for (index, ballot, _value), next_statement in zip(castable, after, strict=True):
        answers[index] = VoteAnswer(ballot, next_statement)
    return answers


# A queued recomputation older than this is presumed lost (a worker died, an enqueue failed)
# and the next vote queues a new one.
RECOMPUTE_STALE_AFTER = timedelta(minutes=2)


def opinion_map_request_recompute(opinion_map: OpinionMap) -> None:
    _request_recompute(opinion_map.pk)


def _request_recompute(map_id: int) -> None:
    """Queue one recomputation once the current transaction has committed, unless one is queued.

    The flag makes this a debounce: a burst of votes queues a single task. The claim happens
    after commit, so the vote is visible to any task that clears the flag afterwards; the task
    clears the flag before it reads the votes. A vote whose claim finds the flag still set was
    therefore committed before that task reads, and is counted.
    """

    def claim_and_enqueue() -> None:
        now = timezone.now()
        claimed = (
            OpinionMap.objects.filter(pk=map_id)
            .filter(Q(recompute_requested_at__isnull=True) | Q(recompute_requested_at__lt=now - RECOMPUTE_STALE_AFTER))
            .update(recompute_requested_at=now)
        )
        if claimed:
            from samskap.opinions.tasks import opinion_map_recompute_task

            try:
                opinion_map_recompute_task.enqueue(map_id)
            except Exception:
                # The vote is saved; the map catches up when the stale flag is reclaimed.
                logger.exception("could not queue the recomputation of opinion map %s", map_id)

    transaction.on_commit(claim_and_enqueue)


def opinion_map_recompute(map_id: int) -> OpinionResult | None:
    """Compute the map from its current votes, starting from the last stored state."""
    started = timezone.now()
    OpinionMap.objects.filter(pk=map_id).update(recompute_requested_at=None)
    opinion_map = OpinionMap.objects.filter(pk=map_id).first()
    if opinion_map is None:
        return None
    rows = np.array(
        list(
            Vote.objects.filter(opinion_map_id=map_id)
            .order_by("cast_at", "pk")
            .values_list("voter_id", "statement_id", "value")
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    votes = VoteTable(rows[:, 0], rows[:, 1], rows[:, 2].astype(np.int8))
    moderated_out = frozenset(
        Statement.objects.filter(opinion_map_id=map_id)
        .exclude(status=StatementStatus.ACCEPTED)
        .values_list("pk", flat=True)
    )
    state = None
    if opinion_map.math_state:
        try:
            state = OpinionState.from_json(opinion_map.math_state)
        except OpinionInputError:
            state = None  # an unreadable state only costs the warm start
    if state is None and len(votes):
        state = OpinionState(clustered=early_clustered(votes.participant, votes.statement))
    result = opinion_compute(votes, moderated_out=moderated_out, state=state)
    _statement_counts_store(map_id, votes.statement)
    # Two workers may race: a result computed from an older read never replaces a newer one.
    OpinionMap.objects.filter(pk=map_id).filter(Q(computed_at__isnull=True) | Q(computed_at__lt=started)).update(
        math_state=result.state.to_json(),
        result=result_summary(result),
        computed_at=started,
        votes_computed=len(votes),
    )
    return result


def _statement_counts_store(map_id: int, voted_statements: np.ndarray) -> None:
    """Each statement's number of votes, written only where it changed."""
    ids, counts = np.unique(voted_statements, return_counts=True)
    counted = dict(zip(ids.tolist(), counts.tolist(), strict=True))
    changed = []
    for statement in Statement.objects.filter(opinion_map_id=map_id).only("pk", "votes_counted"):
        if statement.votes_counted != counted.get(statement.pk, 0):
            statement.votes_counted = counted.get(statement.pk, 0)
            changed.append(statement)
    Statement.objects.bulk_update(changed, ["votes_counted"], batch_size=500)


def result_summary(result: OpinionResult) -> dict[str, object]:
    """What the pages show, stored with the map so that reading never computes."""
    return {
        "k": result.k,
        "participants": len(result.participants),
        "clustered": int(result.clustered.sum()),
        "group_sizes": result.group_sizes,
        "repness": {str(g): [r.as_dict() for r in reps] for g, reps in result.repness.items()},
        "consensus": {
            "agree": [c.as_dict() for c in result.consensus_agree],
            "disagree": [c.as_dict() for c in result.consensus_disagree],
        },
        "base": [
            [round(float(x), 4), round(float(y), 4), int(size), int(group)]
            for (x, y), size, group in zip(result.base_centres, result.base_sizes, result.base_groups, strict=True)
        ],
        "group_informed_consensus": {
            str(int(sid)): round(float(v), 6)
            for sid, v in zip(result.statements, result.group_informed_consensus, strict=True)
        },
    }


def opinion_map_import(*, actor: User, process: Process, title: str, upload: bytes) -> OpinionMap:
    """A new map from a Pol.is open-data export (a .zip of its CSV files), computed at once."""
    if len(upload) > MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is larger than %(limit)d MB.") % {"limit": MAX_IMPORT_BYTES // 2**20})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        try:
            _unpack_export(upload, folder)
            export = read_polis_export(folder)
        except PolisFormatError as error:
            raise ValidationError(_("The export cannot be read: %(problem)s") % {"problem": error}) from error
    texts = [s for s in export.statements if s.text.strip()]
    if not texts:
        raise ValidationError(_("The export holds no statements."))
    with transaction.atomic():
        opinion_map = OpinionMap.objects.create(
            process=process,
            title=title.strip() or export.summary.get("topic", "")[:200] or _("Imported opinion map"),
            question=export.summary.get("conversation-description", "")[:1000],
            languages=["en"],
            allow_statements=False,
            is_open=False,
            attribution=POLIS_ATTRIBUTION if "pol.is" in export.summary.get("url", "") else "",
        )
        statements = Statement.objects.bulk_create(
            [
                Statement(
                    opinion_map=opinion_map,
                    text=s.text[:STATEMENT_MAX_LENGTH],
                    status=StatementStatus.REJECTED if s.moderated_out else StatementStatus.ACCEPTED,
                    is_seed=s.is_seed,
                    polis_id=s.id,
                    moderation_reason="Pol.is" if s.moderated_out else "",
                )
                for s in texts
            ]
        )
        statement_pk = {s.polis_id: s.pk for s in statements}
        voter_ids = np.unique(export.votes.participant).tolist()
        voters = Voter.objects.bulk_create([Voter(opinion_map=opinion_map, polis_id=pid) for pid in voter_ids])
        voter_pk = {v.polis_id: v.pk for v in voters}
        now = timezone.now()
        times = export.vote_times_ms
        participants = export.votes.participant.tolist()
        statement_ids = export.votes.statement.tolist()
        values = export.votes.value.tolist()
        imported = 0
        # Built and written a slice at a time, so a large conversation never sits in memory
        # as millions of model instances.
        for start in range(0, len(values), IMPORT_BATCH):
            batch = [
                Vote(
                    opinion_map=opinion_map,
                    statement_id=statement_pk[statement_ids[i]],
                    voter_id=voter_pk[participants[i]],
                    value=values[i],
                    cast_at=now if times is None else datetime.fromtimestamp(int(times[i]) / 1000, tz=UTC),
                )
                for i in range(start, min(start + IMPORT_BATCH, len(values)))
                if statement_ids[i] in statement_pk
            ]
            Vote.objects.bulk_create(batch)
            imported += len(batch)
        join_code_create(actor=actor, organisation=process.organisation, target=opinion_map, allow_names=False)
        audit_record(
            action="opinion_map.import",
            actor=actor,
            obj=opinion_map,
            organisation_id=process.organisation_id,
            process_id=process.pk,
            detail={"statements": len(statements), "voters": len(voters), "votes": imported},
        )
    try:
        opinion_map_recompute(opinion_map.pk)
    except Exception:
        # The import itself is saved; the worker computes the map instead.
        logger.exception("computing imported opinion map %s failed", opinion_map.pk)
        opinion_map_request_recompute(opinion_map)
    opinion_map.refresh_from_db()
    return opinion_map


def opinion_map_export(*, actor: User, opinion_map: OpinionMap) -> bytes:
    """The map as a Pol.is open-data export (.zip), logged.

    Voters are numbered 0, 1, 2 … within this map only; statements still waiting for
    moderation or rejected go out without their text, which may be why they were held back;
    groups are those the map shows now (from the stored state, nothing is recomputed); texts a
    spreadsheet would run as formulas are neutralised.
    """
    rows = list(
        Vote.objects.filter(opinion_map=opinion_map)
        .order_by("cast_at", "pk")
        .values_list("cast_at", "statement_id", "voter_id", "value")
    )
    number: dict[int, int] = {}
    for _at, _sid, voter_id, _value in rows:
        number.setdefault(voter_id, len(number))
    events = [(int(at.timestamp() * 1000), sid, number[vid], value) for at, sid, vid, value in rows]
    moderation = {StatementStatus.ACCEPTED: 1, StatementStatus.PENDING: 0, StatementStatus.REJECTED: -1}
    statements = [
        PolisStatement(
            id=s.pk,
            text=s.text if s.status == StatementStatus.ACCEPTED else "",
            author=None,
            moderated=moderation[StatementStatus(s.status)],
            is_meta=False,
            is_seed=s.is_seed,
            created_ms=int(s.created_at.timestamp() * 1000),
        )
        for s in opinion_map.statements.all()
    ]
    groups: dict[int, int | None] = {}
    gic: dict[int, float] = {}
    if opinion_map.math_state:
        with contextlib.suppress(OpinionInputError):
            shown = OpinionState.from_json(opinion_map.math_state).group_of_participants()
            groups = {number[vid]: g for vid, g in shown.items() if vid in number}
    if opinion_map.result:
        gic = {int(sid): float(v) for sid, v in opinion_map.result.get("group_informed_consensus", {}).items()}
    files = polis_export_files(
        statements,
        events,
        groups=groups,
        group_informed_consensus=gic,
        summary={"topic": opinion_map.title, "conversation-description": opinion_map.question},
        spreadsheet_safe=True,
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    audit_record(
        action="opinion_map.export",
        actor=actor,
        obj=opinion_map,
        organisation_id=opinion_map.process.organisation_id,
        process_id=opinion_map.process_id,
        detail={"votes": len(rows)},
    )
    return buffer.getvalue()


EXPORT_FILES = ("comments.csv", "participants-votes.csv", "votes.csv", "summary.csv")


def _unpack_export(upload: bytes, folder: Path) -> None:
    """Extract only the known CSV files, by their base name, streaming with a size budget."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload))
    except (zipfile.BadZipFile, ValueError) as error:
        raise PolisFormatError(_("not a .zip file")) from error
    budget = MAX_UNPACKED_BYTES
    found = False
    with archive:
        for info in archive.infolist():
            name = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
            if info.is_dir() or name not in EXPORT_FILES:
                continue
            try:
                with archive.open(info) as source, (folder / name).open("wb") as target:
                    while chunk := source.read(1 << 20):
                        budget -= len(chunk)
                        if budget < 0:
                            raise PolisFormatError(_("the unpacked files are too large"))
                        target.write(chunk)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError, OSError, zlib.error) as error:
                # Damaged, encrypted or oddly compressed members.
                raise PolisFormatError(_("%(name)s cannot be unpacked") % {"name": name}) from error
            found = True
    if not found:
        raise PolisFormatError(_("no comments.csv or participants-votes.csv in the archive"))
