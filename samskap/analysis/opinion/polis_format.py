"""Pol.is open-data export folders: read them into votes and statements, and write them.

The format is the one compdemocracy/openData publishes (shared/data/polis-open-data/README.md):

- `comments.csv`: `timestamp,[datetime,]comment-id,author-id,agrees,disagrees,moderated,
  [is-meta,is-seed,group-informed-consensus,]comment-body`; moderated 1 accepted, 0 not yet,
  −1 rejected; bodies may hold commas and line breaks (quoted);
- `votes.csv`: `timestamp,datetime,comment-id,voter-id,vote`, one row per vote event
  including re-votes (the latest wins); optional;
- `participants-votes.csv`: `participant,[xid,]group-id,n-comments,n-votes,n-agree,n-disagree,
  <comment id>...`, the final vote per cell (blank = not voted) and Pol.is' group;
- `summary.csv`: key,value rows.

Votes are 1 agree, −1 disagree, 0 pass. Statements rejected by moderation or marked meta are
left out of the math. Reading checks every row and raises `PolisFormatError` naming the file
and line of the first problem.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt

from samskap.analysis.opinion.engine import (
    OpinionResult,
    OpinionState,
    VoteTable,
    early_clustered,
    latest_indices,
    opinion_compute,
)

MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_STATEMENT_CHARS = 10_000
# Pol.is' own caps on a conversation, and a vote count above its largest (2.0 million).
MAX_STATEMENTS = 10_000
MAX_PARTICIPANTS = 100_000
MAX_VOTES = 5_000_000
# Epoch milliseconds up to the year 3000.
MAX_TIMESTAMP_MS = 32_503_680_000_000
_PARTICIPANT_FIXED = ("participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")
_TRUE = {"true", "1", "t", "yes"}
_FALSE = {"false", "0", "f", "no", ""}


class PolisFormatError(ValueError):
    """The folder is not a readable Pol.is export; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class PolisStatement:
    id: int
    text: str
    author: int | None
    moderated: int  # 1 accepted, 0 not yet moderated, −1 rejected
    is_meta: bool
    is_seed: bool
    created_ms: int | None

    @property
    def moderated_out(self) -> bool:
        return self.moderated == -1 or self.is_meta


@dataclass(frozen=True, slots=True)
class PolisExport:
    statements: tuple[PolisStatement, ...]
    votes: VoteTable
    vote_times_ms: npt.NDArray[np.int64] | None  # per final vote, when votes.csv was read
    polis_groups: dict[int, int | None]
    summary: dict[str, str]
    exported_gic: dict[int, float]

    @property
    def moderated_out(self) -> frozenset[int]:
        return frozenset(s.id for s in self.statements if s.moderated_out)


def _open_rows(path: Path) -> Iterator[list[str]]:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise PolisFormatError(f"{path.name}: cannot be read ({error.strerror})") from error
    if size > MAX_FILE_BYTES:
        raise PolisFormatError(f"{path.name}: larger than {MAX_FILE_BYTES // 2**20} MiB")
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from csv.reader(handle, strict=True)
    except UnicodeDecodeError as error:
        raise PolisFormatError(f"{path.name}: not UTF-8 text") from error
    except csv.Error as error:
        raise PolisFormatError(f"{path.name}: not a readable CSV file ({error})") from error


def _int(value: str, file: str, line: int, column: str) -> int:
    text = value.strip()
    if not text or len(text) > 20 or not (text.isdigit() or (text[0] in "+-" and text[1:].isdigit())):
        raise PolisFormatError(f"{file} line {line}: {column} is {value[:40]!r}, not a whole number")
    return int(text)


def _header(rows: Iterator[list[str]], file: str, required: Sequence[str]) -> dict[str, int]:
    try:
        header = next(rows)
    except StopIteration:
        raise PolisFormatError(f"{file}: the file is empty") from None
    index = {name.strip(): i for i, name in enumerate(header)}
    missing = [name for name in required if name not in index]
    if missing:
        raise PolisFormatError(f"{file}: missing column(s) {', '.join(missing)}")
    return index


def _read_comments(path: Path) -> tuple[list[PolisStatement], dict[int, float]]:
    file = "comments.csv"
    rows = _open_rows(path)
    col = _header(rows, file, ("comment-id", "moderated", "comment-body"))
    statements: list[PolisStatement] = []
    exported: dict[int, float] = {}
    seen: set[int] = set()
    for line, row in enumerate(rows, start=2):
        if not row:
            continue
        if len(row) < len(col):
            raise PolisFormatError(f"{file} line {line}: {len(row)} fields, the header has {len(col)}")
        sid = _int(row[col["comment-id"]], file, line, "comment-id")
        if sid < 0:
            raise PolisFormatError(f"{file} line {line}: comment-id {sid} is negative")
        if sid in seen:
            raise PolisFormatError(f"{file} line {line}: comment-id {sid} appears twice")
        seen.add(sid)
        moderated = _int(row[col["moderated"]], file, line, "moderated")
        if moderated not in (-1, 0, 1):
            raise PolisFormatError(f"{file} line {line}: moderated is {moderated}, not 1, 0 or -1")
        text = row[col["comment-body"]]
        if len(text) > MAX_STATEMENT_CHARS:
            raise PolisFormatError(f"{file} line {line}: the statement is longer than {MAX_STATEMENT_CHARS} characters")
        author = None
        if "author-id" in col and row[col["author-id"]].strip():
            author = _int(row[col["author-id"]], file, line, "author-id")
        created = None
        if "timestamp" in col and row[col["timestamp"]].strip():
            created = _int(row[col["timestamp"]], file, line, "timestamp")
        flags = {}
        for name in ("is-meta", "is-seed"):
            value = row[col[name]].strip().lower() if name in col else ""
            if value not in _TRUE | _FALSE:
                raise PolisFormatError(f"{file} line {line}: {name} is {value[:20]!r}, not true or false")
            flags[name] = value in _TRUE
        if "group-informed-consensus" in col and row[col["group-informed-consensus"]].strip():
            try:
                exported[sid] = float(row[col["group-informed-consensus"]])
            except ValueError:
                raise PolisFormatError(f"{file} line {line}: group-informed-consensus is not a number") from None
        statements.append(PolisStatement(sid, text, author, moderated, flags["is-meta"], flags["is-seed"], created))
        if len(statements) > MAX_STATEMENTS:
            raise PolisFormatError(f"{file}: more than {MAX_STATEMENTS} statements")
    return statements, exported


_VOTE_VALUES = {"1": 1, "-1": -1, "0": 0}


def _read_participants(
    path: Path, known: set[int], with_votes: bool
) -> tuple[dict[int, int | None], list[int], list[int], list[int]]:
    file = "participants-votes.csv"
    rows = _open_rows(path)
    col = _header(rows, file, ("participant", "group-id"))
    statement_columns: list[tuple[int, int]] = []
    for name, i in col.items():
        if name in _PARTICIPANT_FIXED:
            continue
        sid = _int(name, file, 1, "a statement column")
        if sid not in known:
            raise PolisFormatError(f"{file}: statement column {sid} is not in comments.csv")
        statement_columns.append((i, sid))
    first_vote_col = min((i for i, _ in statement_columns), default=len(col))
    groups: dict[int, int | None] = {}
    pids: list[int] = []
    sids: list[int] = []
    values: list[int] = []
    p_col, g_col = col["participant"], col["group-id"]
    sid_of_offset = {i - first_vote_col: sid for i, sid in statement_columns}
    for line, row in enumerate(rows, start=2):
        if not row:
            continue
        if len(row) != len(col):
            raise PolisFormatError(f"{file} line {line}: {len(row)} fields, the header has {len(col)}")
        pid = _int(row[p_col], file, line, "participant")
        if len(groups) >= MAX_PARTICIPANTS:
            raise PolisFormatError(f"{file}: more than {MAX_PARTICIPANTS} participants")
        if pid in groups:
            raise PolisFormatError(f"{file} line {line}: participant {pid} appears twice")
        group = row[g_col].strip()
        groups[pid] = _int(group, file, line, "group-id") if group else None
        if not with_votes:
            continue
        cells = row[first_vote_col:]
        for offset, cell in enumerate(cells):
            if not cell:
                continue
            value = _VOTE_VALUES.get(cell.strip())
            if value is None:
                raise PolisFormatError(f"{file} line {line}: vote {cell[:20]!r} is not 1, -1, 0 or blank")
            pids.append(pid)
            sids.append(sid_of_offset[offset])
            values.append(value)
        if len(values) > MAX_VOTES:
            raise PolisFormatError(f"{file}: more than {MAX_VOTES} votes")
    return groups, pids, sids, values


def _groups_quickly(path: Path) -> dict[int, int | None] | None:
    """Pol.is' group per participant without parsing the vote cells, or None to read it fully.

    Only for plain files (no quoted fields, the usual header); anything else goes the careful
    way through `_read_participants`, which names the line of a problem.
    """
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if b'"' in data or b"\r" in data:
        return None
    lines = data.split(b"\n")
    header = lines[0].decode("utf-8-sig", errors="replace").split(",")
    if header[:1] != ["participant"] or "group-id" not in header:
        return None
    g_col = header.index("group-id")
    groups: dict[int, int | None] = {}
    for line in lines[1:]:
        if not line:
            continue
        fields = line.split(b",", g_col + 1)
        if len(fields) <= g_col or not fields[0].isdigit():
            return None
        group = fields[g_col]
        if group and not group.isdigit():
            return None
        pid = int(fields[0])
        if pid in groups or len(groups) >= MAX_PARTICIPANTS:
            return None
        groups[pid] = int(group) if group else None
    return groups


def _read_votes(path: Path, known: set[int]) -> tuple[VoteTable, npt.NDArray[np.int64]]:
    """Final votes and the time each was cast, from `votes.csv` (latest vote per pair wins)."""
    file = "votes.csv"
    rows = _open_rows(path)
    col = _header(rows, file, ("timestamp", "comment-id", "voter-id", "vote"))
    del rows  # the header is all this pass needs; closing the generator closes the file
    wanted = (col["timestamp"], col["comment-id"], col["voter-id"], col["vote"])
    try:
        # Fast path for well-formed files; any surprise falls back to the line-by-line check.
        data = np.loadtxt(
            path, delimiter=",", usecols=wanted, dtype=np.int64, skiprows=1, comments=None, quotechar='"', ndmin=2
        )
    except (ValueError, OverflowError, UnicodeDecodeError):
        data = _votes_checked(path, col, wanted)
    if len(data) > MAX_VOTES:
        raise PolisFormatError(f"{file}: more than {MAX_VOTES} votes")
    times, statement, voter, vote = data[:, 0], data[:, 1], data[:, 2], data[:, 3]
    odd_time = np.flatnonzero((times < 0) | (times > MAX_TIMESTAMP_MS))
    if len(odd_time):
        line = odd_time[0] + 2
        raise PolisFormatError(f"{file} line {line}: timestamp {times[odd_time[0]]} is not a time in milliseconds")
    bad = np.flatnonzero(~np.isin(vote, (-1, 0, 1)))
    if len(bad):
        raise PolisFormatError(f"{file} line {bad[0] + 2}: vote is {vote[bad[0]]}, not 1, -1 or 0")
    unknown = np.flatnonzero(~np.isin(statement, np.fromiter(known, dtype=np.int64, count=len(known))))
    if len(unknown):
        line = unknown[0] + 2
        raise PolisFormatError(f"{file} line {line}: comment-id {statement[unknown[0]]} is not in comments.csv")
    if (voter < 0).any():
        raise PolisFormatError(f"{file} line {np.flatnonzero(voter < 0)[0] + 2}: voter-id is negative")
    order = np.argsort(times, kind="stable")  # equal times keep file order
    keep = order[latest_indices(voter[order], statement[order])]
    keep.sort()
    return VoteTable(voter[keep], statement[keep], vote[keep].astype(np.int8)), times[keep]


def _votes_checked(path: Path, col: Mapping[str, int], wanted: Sequence[int]) -> npt.NDArray[np.int64]:
    """Slow path: read every row and name the first line that is not four whole numbers."""
    names = ("timestamp", "comment-id", "voter-id", "vote")
    values: list[tuple[int, int, int, int]] = []
    rows = _open_rows(path)
    next(rows)
    for line, row in enumerate(rows, start=2):
        if not row:
            continue
        if len(row) != len(col):
            raise PolisFormatError(f"votes.csv line {line}: {len(row)} fields, the header has {len(col)}")
        a, b, c, d = (_int(row[i], "votes.csv", line, name) for i, name in zip(wanted, names, strict=True))
        values.append((a, b, c, d))
    return np.array(values, dtype=np.int64).reshape(-1, 4)


def read_polis_export(directory: Path) -> PolisExport:
    """Read a Pol.is open-data export folder (see the module docstring)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise PolisFormatError(f"{directory}: not a folder")
    for required in ("comments.csv", "participants-votes.csv"):
        if not (directory / required).is_file():
            raise PolisFormatError(f"{required} is missing from {directory}")
    statements, exported = _read_comments(directory / "comments.csv")
    known = {s.id for s in statements}
    votes_path = directory / "votes.csv"
    has_votes = votes_path.is_file()
    participants_path = directory / "participants-votes.csv"
    quick = _groups_quickly(participants_path) if has_votes else None
    if quick is not None:
        groups = quick
        pids: list[int] = []
        sids: list[int] = []
        values: list[int] = []
    else:
        groups, pids, sids, values = _read_participants(participants_path, known, not has_votes)
    times: npt.NDArray[np.int64] | None = None
    if has_votes:
        votes, times = _read_votes(votes_path, known)
    else:
        votes = VoteTable(
            np.array(pids, dtype=np.int64), np.array(sids, dtype=np.int64), np.array(values, dtype=np.int8)
        )
    summary: dict[str, str] = {}
    summary_path = directory / "summary.csv"
    if summary_path.is_file():
        for row in _open_rows(summary_path):
            if len(row) >= 2:
                summary[row[0]] = row[1][:MAX_STATEMENT_CHARS]
    return PolisExport(tuple(statements), votes, times, groups, summary, exported)


# --- writing ---------------------------------------------------------------------------------


def _java_date(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%a %b %d %H:%M:%S UTC %Y")


def _csv_text(rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _neutralised(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def polis_export_files(
    statements: Sequence[PolisStatement],
    vote_events: Sequence[tuple[int, int, int, int]],
    *,
    groups: Mapping[int, int | None],
    group_informed_consensus: Mapping[int, float],
    summary: Mapping[str, str],
    spreadsheet_safe: bool = False,
) -> dict[str, str]:
    """The text of each file of an export folder.

    `vote_events` are (time in ms, statement id, participant id, vote), in time order, re-votes
    included. Statement text goes out as written, so a round trip is exact; with
    `spreadsheet_safe`, a text that a spreadsheet would run as a formula (starting with = + - @
    or a tab or carriage return) gets a leading apostrophe instead.
    """
    final: dict[tuple[int, int], int] = {}
    for _ms, sid, pid, value in vote_events:
        final[(pid, sid)] = value
    agrees: dict[int, int] = {}
    disagrees: dict[int, int] = {}
    for (_pid, sid), value in final.items():
        if value == 1:
            agrees[sid] = agrees.get(sid, 0) + 1
        elif value == -1:
            disagrees[sid] = disagrees.get(sid, 0) + 1
    comments = [
        (
            "timestamp",
            "comment-id",
            "author-id",
            "agrees",
            "disagrees",
            "moderated",
            "is-meta",
            "is-seed",
            "group-informed-consensus",
            "comment-body",
        )
    ]
    for s in statements:
        gic = group_informed_consensus.get(s.id)
        comments.append(
            (
                "" if s.created_ms is None else str(s.created_ms),
                str(s.id),
                "" if s.author is None else str(s.author),
                str(agrees.get(s.id, 0)),
                str(disagrees.get(s.id, 0)),
                str(s.moderated),
                "true" if s.is_meta else "false",
                "true" if s.is_seed else "false",
                "" if gic is None else repr(float(gic)),
                _neutralised(s.text) if spreadsheet_safe else s.text,
            )
        )
    votes = [("timestamp", "datetime", "comment-id", "voter-id", "vote")]
    votes.extend((str(ms), _java_date(ms), str(sid), str(pid), str(value)) for ms, sid, pid, value in vote_events)
    voted_statements = sorted({sid for _pid, sid in final})
    per_participant: dict[int, dict[int, int]] = {}
    for (pid, sid), value in final.items():
        per_participant.setdefault(pid, {})[sid] = value
    authored: dict[int, int] = {}
    for s in statements:
        if s.author is not None:
            authored[s.author] = authored.get(s.author, 0) + 1
    participants: list[Sequence[object]] = [
        ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", *map(str, voted_statements))
    ]
    for pid in sorted(set(per_participant) | set(groups)):
        cast = per_participant.get(pid, {})
        group = groups.get(pid)
        participants.append(
            (
                str(pid),
                "" if group is None else str(group),
                str(authored.get(pid, 0)),
                str(len(cast)),
                str(sum(1 for v in cast.values() if v == 1)),
                str(sum(1 for v in cast.values() if v == -1)),
                *("" if sid not in cast else str(cast[sid]) for sid in voted_statements),
            )
        )
    summary_rows = [(key, value) for key, value in summary.items()]
    return {
        "comments.csv": _csv_text(comments),
        "votes.csv": _csv_text(votes),
        "participants-votes.csv": _csv_text(participants),
        "summary.csv": _csv_text(summary_rows),
    }


def compute_export(export: PolisExport, *, seed: int = 0) -> OpinionResult:
    """The opinion map of an export, with the clustered set Pol.is built as it grew.

    Pol.is lets early participants into the clustering (top-up to 15, fewer than 7
    statements) and keeps them there; `early_clustered` replays that over the votes in the
    order they were cast (vote times when `votes.csv` was read, else participant order).
    """
    votes = export.votes
    if export.vote_times_ms is not None:
        order = np.argsort(export.vote_times_ms, kind="stable")
    else:
        order = np.lexsort((votes.statement, votes.participant))
    early = early_clustered(votes.participant[order], votes.statement[order])
    return opinion_compute(votes, moderated_out=export.moderated_out, state=OpinionState(clustered=early), seed=seed)
