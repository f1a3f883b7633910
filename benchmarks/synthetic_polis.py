"""A seeded synthetic Pol.is open-data export, for benchmarks at sizes no public export has.

`write_synthetic_export(directory)` writes the four files of a compdemocracy/openData folder,
in the exact column layout of the Clojure export (see ../shared/data/polis-open-data/README.md):

- `comments.csv`: `timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body`
  (the older layout, without `is-meta`; bodies are quoted and contain commas);
- `votes.csv`: `timestamp,datetime,comment-id,voter-id,vote`, one row per final vote (no re-votes),
  sorted by comment id then voter id as the export does; epoch-millisecond timestamps and a
  Java `Date.toString()` datetime in UTC (`Sat Mar 01 00:10:00 UTC 2025`); vote 1 agree,
  -1 disagree, 0 pass;
- `participants-votes.csv`: `participant,group-id,n-comments,n-votes,n-agree,n-disagree,` then one
  column per comment id with at least one vote; blank cell = not voted;
- `summary.csv`: the nine key,value rows.

The model behind the data, all drawn from one seeded NumPy generator:

- every participant belongs to one of `groups` latent opinion groups (Dirichlet-drawn sizes);
  `group-id` holds that latent group for participants with at least 7 votes (the in-conversation
  rule) and is blank otherwise, so a clustering can be scored with an adjusted Rand index;
- every statement has per-group agree / disagree / pass probabilities: about 35 % consensual
  (all groups lean the same way), 40 % divisive (groups lean opposite ways), 25 % noise;
- the number of votes per participant is log-normal (heavy-tailed: about a fifth cast fewer
  than 7, a few vote on nearly everything), scaled so the total is exactly `votes`;
- statements are written over the conversation (front-loaded, 1 % seed statements at the start);
  a participant votes only on statements that existed when they arrived, picked with
  per-statement weights (weighted sampling without replacement, Gumbel top-k); vote timestamps
  follow each participant's arrival and come after the statement's;
- about 5 % of the statements are moderated out (`moderated` -1, shown to fewer people), the
  latest 1 % not yet moderated (0), the rest accepted (1).

Same arguments and NumPy version → same bytes. The default shape is the largest conversation in
Pol.is' production database (33,422 participants × 783 statements, about 2.0M votes).

    python benchmarks/synthetic_polis.py DIR [--participants 33422] [--statements 783]
        [--votes 2000000] [--groups 3] [--seed 20261123]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

START_MS = 1_740_787_200_000  # 2025-03-01 00:00:00 UTC
SPAN_MS = 33 * 86_400_000  # a 33-day conversation, as BG2050's
ARRIVAL_SLACK_MS = 10 * 60_000  # statements up to 10 minutes after arrival can be voted on
MIN_VOTES_IN_CONV = 7
VOTES_SIGMA = 1.5  # log-normal spread of votes per participant
MODERATED_OUT_SHARE = 0.05
UNMODERATED_SHARE = 0.01
SEED_SHARE = 0.01
KIND_NAMES = ("consensual", "divisive", "noise")
KIND_WEIGHTS = (0.35, 0.40, 0.25)
CHUNK_ROWS = 2048

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class SyntheticConversation:
    """The generated conversation as arrays; vote arrays are in (statement, participant) order."""

    vote_participant: np.ndarray  # int64
    vote_statement: np.ndarray  # int64
    vote_value: np.ndarray  # int8: 1 agree, -1 disagree, 0 pass
    vote_timestamp: np.ndarray  # int64, epoch ms
    statement_timestamp: np.ndarray  # int64, epoch ms
    statement_author: np.ndarray  # int64
    statement_kind: np.ndarray  # int64 index into KIND_NAMES
    moderated: np.ndarray  # int8: 1, 0 or -1
    participant_group: np.ndarray  # int64 latent group
    participants: int
    statements: int
    groups: int
    seed: int


def make_synthetic(
    *,
    participants: int = 33_422,
    statements: int = 783,
    votes: int = 2_000_000,
    groups: int = 3,
    seed: int = 20261123,
) -> SyntheticConversation:
    """Draw a conversation of exactly `votes` final votes. Raises ValueError for impossible shapes."""
    if participants < 1 or statements < 1 or groups < 1:
        raise ValueError("participants, statements and groups must be at least 1")
    if votes < participants:
        raise ValueError(f"votes ({votes}) must be at least participants ({participants}): everyone votes once")
    rng = np.random.default_rng(seed)
    n_p, n_s = participants, statements

    # Statements: creation times (front-loaded, ids in time order), seeds at the start.
    n_seed = min(n_s, max(1, round(SEED_SHARE * n_s)))
    created = np.sort(rng.beta(0.7, 2.5, n_s)) * (0.9 * SPAN_MS)
    created[:n_seed] = np.arange(n_seed) * 1000.0
    statement_ms = START_MS + 60_000 + created.astype(np.int64)

    # Participants: arrival times in id order; participant 0 (the owner) is there first.
    arrival = np.sort(rng.beta(1.0, 2.0, n_p)) * SPAN_MS
    arrival[0] = 0.0
    arrival_ms = START_MS + arrival.astype(np.int64)
    eligible = np.searchsorted(statement_ms, arrival_ms + ARRIVAL_SLACK_MS, side="right").astype(np.int64)
    eligible = np.maximum(eligible, 1)  # the first seed statement comes 1 min after the start
    if votes > int(eligible.sum()):
        raise ValueError(f"votes ({votes}) exceed the {int(eligible.sum())} (participant, statement) pairs possible")

    # Authors: seeds by the owner, the rest by someone who had arrived.
    arrived = np.searchsorted(arrival_ms, statement_ms, side="right")
    author = np.floor(rng.random(n_s) * arrived).astype(np.int64)
    author[:n_seed] = 0

    # Moderation: ~5 % out (never a seed), the latest ~1 % not yet moderated.
    moderated = np.ones(n_s, dtype=np.int8)
    candidates = np.arange(n_seed, n_s)
    n_out = min(len(candidates), round(MODERATED_OUT_SHARE * n_s))
    moderated[rng.choice(candidates, n_out, replace=False)] = -1
    n_unmod = round(UNMODERATED_SHARE * n_s)
    if n_unmod:
        latest = np.arange(n_s - n_unmod, n_s)
        moderated[latest[moderated[latest] == 1]] = 0

    # Latent groups and per-group answer probabilities.
    sizes = np.sort(rng.dirichlet(np.full(groups, 3.0)))[::-1]
    group = rng.choice(groups, n_p, p=sizes).astype(np.int64)
    kind = rng.choice(len(KIND_NAMES), n_s, p=KIND_WEIGHTS).astype(np.int64)
    pass_p = rng.beta(2.0, 10.0, n_s)
    common = rng.choice((-1.0, 1.0), n_s, p=(0.3, 0.7)) * rng.uniform(0.5, 0.9, n_s)
    consensual = common[:, None] + rng.normal(0.0, 0.08, (n_s, groups))
    signs = rng.choice((-1.0, 1.0), (n_s, groups))
    if groups > 1:  # a divisive statement splits at least two groups
        same = np.all(signs == signs[:, :1], axis=1)
        flip = rng.integers(0, groups, n_s)
        signs[same, flip[same]] *= -1.0
    divisive = signs * rng.uniform(0.5, 0.9, (n_s, groups))
    noise = rng.uniform(-0.3, 0.3, (n_s, groups))
    lean = np.where((kind == 0)[:, None], consensual, np.where((kind == 1)[:, None], divisive, noise))
    lean = np.clip(lean, -0.95, 0.95)
    p_agree = (1.0 - pass_p)[:, None] * (1.0 + lean) / 2.0
    p_disagree = (1.0 - pass_p)[:, None] * (1.0 - lean) / 2.0

    # Votes per participant: log-normal, capped by what they could see, scaled to sum to `votes`.
    raw = rng.lognormal(0.0, VOTES_SIGMA, n_p)
    counts = _scaled_counts(raw, eligible, votes, rng)

    # Which statements: weighted sampling without replacement (Gumbel top-k), row chunk by row chunk.
    weight = rng.lognormal(0.0, 0.6, n_s) * np.where(moderated == -1, 0.25, 1.0)
    log_w = np.log(weight)
    col = np.arange(n_s)
    parts_p: list[np.ndarray] = []
    parts_s: list[np.ndarray] = []
    parts_rank: list[np.ndarray] = []
    for lo in range(0, n_p, CHUNK_ROWS):
        hi = min(n_p, lo + CHUNK_ROWS)
        keys = log_w[None, :] + rng.gumbel(size=(hi - lo, n_s))
        keys[col[None, :] >= eligible[lo:hi, None]] = -np.inf
        order = np.argsort(-keys, axis=1, kind="stable")
        take = col[None, :] < counts[lo:hi, None]
        parts_s.append(order[take].astype(np.int64))
        parts_p.append(np.repeat(np.arange(lo, hi, dtype=np.int64), counts[lo:hi]))
        parts_rank.append(np.broadcast_to(col, (hi - lo, n_s))[take].astype(np.int64))
    vote_p = np.concatenate(parts_p)
    vote_s = np.concatenate(parts_s)

    # Answers from the voter's group's probabilities for the statement.
    u = rng.random(len(vote_p))
    pa = p_agree[vote_s, group[vote_p]]
    pd_ = p_disagree[vote_s, group[vote_p]]
    value = np.where(u < pa, 1, np.where(u < pa + pd_, -1, 0)).astype(np.int8)

    # Timestamps: arrival, then a few seconds per vote; never before the statement existed.
    gaps = rng.exponential(6000.0, len(vote_p)).astype(np.int64) + 800
    cum = np.cumsum(gaps)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    offset = cum - np.repeat(cum[starts] - gaps[starts], counts)
    ts = arrival_ms[vote_p] + offset
    ts = np.maximum(ts, statement_ms[vote_s] + 1000 + (gaps % 997))
    del pa, pd_, u

    order = np.lexsort((vote_p, vote_s))
    return SyntheticConversation(
        vote_participant=vote_p[order],
        vote_statement=vote_s[order],
        vote_value=value[order],
        vote_timestamp=ts[order],
        statement_timestamp=statement_ms,
        statement_author=author,
        statement_kind=kind,
        moderated=moderated,
        participant_group=group,
        participants=n_p,
        statements=n_s,
        groups=groups,
        seed=seed,
    )


def _scaled_counts(raw: np.ndarray, cap: np.ndarray, total: int, rng: np.random.Generator) -> np.ndarray:
    """Integer counts in [1, cap], proportional to `raw` where possible, summing to `total`."""

    def counts_at(scale: float) -> np.ndarray:
        return np.clip(np.ceil(scale * raw), 1, cap).astype(np.int64)

    lo, hi = 0.0, float(cap.max() / raw.min()) + 1.0
    for _ in range(100):
        mid = (lo + hi) / 2.0
        if counts_at(mid).sum() < total:
            lo = mid
        else:
            hi = mid
    counts = counts_at(lo)
    for _ in range(1000):
        diff = total - int(counts.sum())
        if diff == 0:
            return counts
        room = np.flatnonzero(counts < cap) if diff > 0 else np.flatnonzero(counts > 1)
        pick = rng.choice(room, min(abs(diff), len(room)), replace=False)
        counts[pick] += 1 if diff > 0 else -1
    raise RuntimeError("could not reach the requested number of votes")  # pragma: no cover


def _java_datetimes(ms: np.ndarray) -> list[str]:
    """`Date.toString()` in UTC for epoch milliseconds: 'Sat Mar 01 00:10:00 UTC 2025'."""
    secs = ms // 1000
    days = secs // 86_400
    sod = (secs - days * 86_400).tolist()
    first = int(days.min()) if len(days) else 0
    span = (int(days.max()) - first + 1) if len(days) else 0
    heads: list[str] = []
    tails: list[str] = []
    for d in range(first, first + span):
        day = dt.date(1970, 1, 1) + dt.timedelta(days=d)
        heads.append(f"{WEEKDAYS[day.weekday()]} {MONTHS[day.month - 1]} {day.day:02d} ")
        tails.append(f" UTC {day.year}")
    clock = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]
    return [heads[d] + clock[s] + tails[d] for d, s in zip((days - first).tolist(), sod, strict=True)]


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def write_synthetic_export(
    directory: Path,
    *,
    participants: int = 33_422,
    statements: int = 783,
    votes: int = 2_000_000,
    groups: int = 3,
    seed: int = 20261123,
) -> None:
    """Write comments.csv, votes.csv, participants-votes.csv and summary.csv into `directory`."""
    conv = make_synthetic(participants=participants, statements=statements, votes=votes, groups=groups, seed=seed)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    n_p, n_s = conv.participants, conv.statements
    vp, vs, vv = conv.vote_participant, conv.vote_statement, conv.vote_value

    agrees = np.bincount(vs[vv == 1], minlength=n_s)
    disagrees = np.bincount(vs[vv == -1], minlength=n_s)
    n_votes = np.bincount(vp, minlength=n_p)
    n_agree = np.bincount(vp[vv == 1], minlength=n_p)
    n_disagree = np.bincount(vp[vv == -1], minlength=n_p)
    n_comments = np.bincount(conv.statement_author, minlength=n_p)

    # comments.csv
    lines = ["timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body"]
    stamps = _java_datetimes(conv.statement_timestamp)
    group_lean = ", ".join(f"group {g}" for g in range(conv.groups))
    for sid in range(n_s):
        body = _quote(f"Synthetic statement {sid}, {KIND_NAMES[conv.statement_kind[sid]]} across {group_lean}")
        lines.append(
            f"{conv.statement_timestamp[sid]},{stamps[sid]},{sid},{conv.statement_author[sid]},"
            f"{agrees[sid]},{disagrees[sid]},{conv.moderated[sid]},{body}"
        )
    (directory / "comments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    # votes.csv
    header = "timestamp,datetime,comment-id,voter-id,vote"
    rows = [
        f"{t},{d},{s},{p},{v}"
        for t, d, s, p, v in zip(
            conv.vote_timestamp.tolist(),
            _java_datetimes(conv.vote_timestamp),
            vs.tolist(),
            vp.tolist(),
            vv.tolist(),
            strict=True,
        )
    ]
    with open(directory / "votes.csv", "w", encoding="utf-8", newline="") as f:
        f.write(header + "\n")
        f.write("\n".join(rows))
        f.write("\n")
    del rows

    # participants-votes.csv: 0 blank, 1 agree, 2 disagree, 3 pass in a dense code matrix.
    voted = np.flatnonzero(agrees + disagrees + np.bincount(vs[vv == 0], minlength=n_s) > 0)
    column_of = np.full(n_s, -1, dtype=np.int64)
    column_of[voted] = np.arange(len(voted))
    code = np.zeros((n_p, len(voted)), dtype=np.int8)
    code[vp, column_of[vs]] = np.choose(vv + 1, (2, 3, 1)).astype(np.int8)
    cell = np.array(["", "1", "-1", "0"], dtype=object)
    group_id = np.where(n_votes >= MIN_VOTES_IN_CONV, conv.participant_group, -1).tolist()
    head = "participant,group-id,n-comments,n-votes,n-agree,n-disagree," + ",".join(str(c) for c in voted.tolist())
    with open(directory / "participants-votes.csv", "w", encoding="utf-8", newline="") as f:
        f.write(head + "\n")
        for lo in range(0, n_p, CHUNK_ROWS):
            hi = min(n_p, lo + CHUNK_ROWS)
            cells = cell[code[lo:hi]]
            out = []
            for i in range(lo, hi):
                gid = "" if group_id[i] < 0 else str(group_id[i])
                out.append(
                    f"{i},{gid},{n_comments[i]},{n_votes[i]},{n_agree[i]},{n_disagree[i]}," + ",".join(cells[i - lo])
                )
            f.write("\n".join(out))
            f.write("\n")

    # summary.csv
    in_conv = int((n_votes >= MIN_VOTES_IN_CONV).sum())
    description = _quote(
        f"Synthetic conversation (seed {conv.seed}): {n_p} participants, {n_s} statements, {len(vp)} votes, "
        f"{conv.groups} latent opinion groups. Generated by benchmarks/synthetic_polis.py; not real people."
    )
    summary = [
        "topic,Synthetic Pol.is conversation",
        f"url,https://example.invalid/synthetic-{n_p}x{n_s}-{conv.seed}",
        f"views,{n_p}",
        f"voters,{n_p}",
        f"voters-in-conv,{in_conv}",
        f"commenters,{len(np.unique(conv.statement_author))}",
        f"comments,{n_s}",
        f"groups,{conv.groups}",
        f"conversation-description,{description}",
    ]
    (directory / "summary.csv").write_text("\n".join(summary) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("directory", type=Path, help="folder to write the export into (created if missing)")
    parser.add_argument("--participants", type=int, default=33_422)
    parser.add_argument("--statements", type=int, default=783)
    parser.add_argument("--votes", type=int, default=2_000_000)
    parser.add_argument("--groups", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        write_synthetic_export(
            args.directory,
            participants=args.participants,
            statements=args.statements,
            votes=args.votes,
            groups=args.groups,
            seed=args.seed,
        )
    except ValueError as error:
        parser.error(str(error))
    print(
        f"wrote {args.directory}: {args.participants} participants, {args.statements} statements, "
        f"{args.votes} votes, {args.groups} groups, seed {args.seed} in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
