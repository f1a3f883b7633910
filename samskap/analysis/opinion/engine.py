"""The opinion-map pipeline: votes in, opinion groups and their statements out.

Pol.is' behaviour (compdemocracy/polis `math/conversation.clj`, `pca.clj`; read for behaviour
only, see shared/reference/polis.md §1.3–1.8), step by step:

1. Vote matrix: one row per participant, one column per statement that has a vote; agree 1,
   disagree −1, pass 0, blank where unseen. Moderated-out columns are set to 0 for every row.
2. Blanks are filled with the column mean; two principal components of the centred matrix.
   Pol.is finds them by power iteration from a random start; we compute the same leading
   eigenvectors by seeded subspace iteration, warm-started from the previous update.
3. Each participant is projected using only the statements they saw, then scaled by
   sqrt(statements / votes), where votes count the moderated-out columns too.
4. Participants with at least min(7, statements) votes, passes included, are clustered; once
   in they stay in; if fewer than 15 are in, the most active others are added up to 15.
5. 100 base clusters by k-means (≤ 100 steps); then groups by k-means over the base-cluster
   centres weighted by size (20 steps, as Pol.is in effect runs) for every k from 2 to
   min(5, 2 + base clusters // 12); the k with the best silhouette over base-cluster centres
   wins, but the shown k changes only after the same new k has won 4 updates in a row.
6. Representative statements, consensus and group-informed consensus (`stats`).

Everything from step 2 on starts from the previous update's `OpinionState` when one is given:
components, base clusters and each k's group clustering, as Pol.is does, so groups stay put
while votes arrive. With no state the run is a deterministic cold start.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from samskap.analysis.opinion.kmeans import Clustering, clean_start, cold_start, kmeans, silhouette
from samskap.analysis.opinion.stats import (
    ConsensusStatement,
    GroupCounts,
    RepresentativeStatement,
    consensus_statements,
    count_votes,
    group_informed_consensus,
    representative_statements,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
VoteArray = npt.NDArray[np.int8]

MIN_VOTES = 7
MIN_CLUSTERED = 15
BASE_K = 100
BASE_ITERATIONS = 100
GROUP_ITERATIONS = 20
MAX_GROUPS = 5
K_BUFFER = 4
PCA_BLOCK = 8
PCA_BLOCK_WARM = 4  # the last components are already close: a thinner block converges as fast
PCA_MAX_ITERATIONS = 500
PCA_TOLERANCE = 1e-9


class OpinionInputError(ValueError):
    """Votes that cannot be computed on; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class VoteTable:
    """Final votes, one per participant and statement: 1 agree, −1 disagree, 0 pass."""

    participant: IntArray
    statement: IntArray
    value: VoteArray

    def __post_init__(self) -> None:
        n = len(self.participant)
        if len(self.statement) != n or len(self.value) != n:
            raise OpinionInputError("participant, statement and value columns differ in length")
        if n and not np.isin(self.value, (-1, 0, 1)).all():
            raise OpinionInputError("a vote is not 1 (agree), -1 (disagree) or 0 (pass)")

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, int, int]]) -> VoteTable:
        """Votes in the order they were cast; a later vote on the same pair replaces the earlier."""
        data = np.array(list(rows), dtype=np.int64).reshape(-1, 3)
        return cls.latest(data[:, 0], data[:, 1], data[:, 2].astype(np.int8))

    @classmethod
    def latest(cls, participant: IntArray, statement: IntArray, value: VoteArray) -> VoteTable:
        """Keep the last vote of each participant on each statement (input in time order)."""
        keep = latest_indices(np.asarray(participant, dtype=np.int64), np.asarray(statement, dtype=np.int64))
        return cls(
            np.asarray(participant, dtype=np.int64)[keep],
            np.asarray(statement, dtype=np.int64)[keep],
            np.asarray(value, dtype=np.int8)[keep],
        )

    def __len__(self) -> int:
        return len(self.participant)


def latest_indices(participant: IntArray, statement: IntArray) -> IntArray:
    """Indices of the last entry of each (participant, statement) pair, in input order."""
    if len(participant) == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((np.arange(len(participant)), statement, participant))
    p, s = participant[order], statement[order]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = (p[1:] != p[:-1]) | (s[1:] != s[:-1])
    return np.sort(order[last]).astype(np.int64)


@dataclass(frozen=True, slots=True)
class OpinionState:
    """What an update hands to the next: components, clusters and the k buffer."""

    statement_ids: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    components: FloatArray = field(default_factory=lambda: np.zeros((2, 0)))
    clustered: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))  # participant ids
    base_participants: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    base_labels: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))  # base id per participant
    next_base_id: int = 0
    group_clusterings: Mapping[int, tuple[IntArray, IntArray]] = field(default_factory=dict)
    last_k: int | None = None
    last_k_count: int = 0
    smoothed_k: int | None = None
    updates: int = 0

    def group_of_participants(self) -> dict[int, int]:
        """Each clustered participant's group index in the shown clustering, as the last
        update left it (the same numbering as `OpinionResult.groups`)."""
        if self.smoothed_k is None or self.smoothed_k not in self.group_clusterings:
            return {}
        base_ids, group_ids = self.group_clusterings[self.smoothed_k]
        rank = {int(g): i for i, g in enumerate(np.unique(group_ids).tolist())}
        group_of_base = {int(b): rank[int(g)] for b, g in zip(base_ids.tolist(), group_ids.tolist(), strict=True)}
        return {
            int(p): group_of_base[int(b)]
            for p, b in zip(self.base_participants.tolist(), self.base_labels.tolist(), strict=True)
            if int(b) in group_of_base
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "statement_ids": self.statement_ids.tolist(),
            "components": self.components.tolist(),
            "clustered": self.clustered.tolist(),
            "base_participants": self.base_participants.tolist(),
            "base_labels": self.base_labels.tolist(),
            "next_base_id": self.next_base_id,
            "group_clusterings": {
                str(k): [bases.tolist(), groups.tolist()] for k, (bases, groups) in self.group_clusterings.items()
            },
            "last_k": self.last_k,
            "last_k_count": self.last_k_count,
            "smoothed_k": self.smoothed_k,
            "updates": self.updates,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OpinionState:
        try:
            components = np.array(data["components"], dtype=np.float64).reshape(2, -1)
            statement_ids = np.array(data["statement_ids"], dtype=np.int64)
            if components.shape[1] != len(statement_ids):
                raise OpinionInputError("stored components do not match the stored statements")
            return cls(
                statement_ids=statement_ids,
                components=components,
                clustered=np.array(data["clustered"], dtype=np.int64),
                base_participants=np.array(data["base_participants"], dtype=np.int64),
                base_labels=np.array(data["base_labels"], dtype=np.int64),
                next_base_id=int(data["next_base_id"]),
                group_clusterings={
                    int(k): (np.array(v[0], dtype=np.int64), np.array(v[1], dtype=np.int64))
                    for k, v in data["group_clusterings"].items()
                },
                last_k=None if data["last_k"] is None else int(data["last_k"]),
                last_k_count=int(data["last_k_count"]),
                smoothed_k=None if data["smoothed_k"] is None else int(data["smoothed_k"]),
                updates=int(data["updates"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            if isinstance(error, OpinionInputError):
                raise
            raise OpinionInputError(f"the stored opinion-map state cannot be read: {error}") from error


@dataclass(frozen=True, slots=True)
class OpinionResult:
    """One update's outcome. Row i of the arrays is participant `participants[i]`."""

    participants: IntArray
    statements: IntArray
    positions: FloatArray  # (n, 2)
    clustered: npt.NDArray[np.bool_]
    group_of_row: IntArray  # group index, −1 when not clustered
    k: int
    base_centres: FloatArray
    base_sizes: FloatArray
    base_groups: IntArray  # group index per base cluster
    components: FloatArray  # (2, m)
    center: FloatArray  # (m,)
    statement_positions: FloatArray  # (m, 2)
    moderated_out: npt.NDArray[np.bool_]
    group_counts: GroupCounts
    repness: dict[int, list[RepresentativeStatement]]
    consensus_agree: list[ConsensusStatement]
    consensus_disagree: list[ConsensusStatement]
    group_informed_consensus: FloatArray
    silhouettes: dict[int, float]
    state: OpinionState

    @property
    def groups(self) -> dict[int, int | None]:
        return {
            int(pid): (None if g < 0 else int(g)) for pid, g in zip(self.participants, self.group_of_row, strict=True)
        }

    @property
    def group_sizes(self) -> list[int]:
        return [int((self.group_of_row == g).sum()) for g in range(self.k)]

    def to_json(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "groups": {str(pid): g for pid, g in self.groups.items()},
            "repness": {str(g): [s.as_dict() for s in stats] for g, stats in self.repness.items()},
            "consensus": {
                "agree": [s.as_dict() for s in self.consensus_agree],
                "disagree": [s.as_dict() for s in self.consensus_disagree],
            },
            "group_informed_consensus": {
                str(int(sid)): float(v) for sid, v in zip(self.statements, self.group_informed_consensus, strict=True)
            },
        }


def _leading_components(matrix: sp.csr_matrix, start: FloatArray | None, seed: int) -> tuple[FloatArray, FloatArray]:
    """The two leading eigenvectors of matrixᵀ·matrix (rows of the result) and their eigenvalues.

    Subspace iteration with Rayleigh–Ritz on a block of vectors: converges to the same vectors
    as Pol.is' power iteration, to a fixed tolerance instead of a fixed count, and
    deterministically. `start` (2, m), when given, seeds the block with the last components.
    """
    m = matrix.shape[1]
    if m == 0:
        return np.zeros((2, 0)), np.zeros(2)
    transposed = matrix.T.tocsr()
    if m <= 2 * PCA_BLOCK:
        gram = (transposed @ matrix).toarray()
        values, vectors = np.linalg.eigh(gram)
        order = np.argsort(values)[::-1][:2]
        components = np.zeros((2, m))
        components[: len(order)] = vectors[:, order].T
        top = np.zeros(2)
        top[: len(order)] = values[order]
        return components, top
    block = min(PCA_BLOCK if start is None else PCA_BLOCK_WARM, m)
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((m, block))
    if start is not None:
        q[:, :2] = start.T
    q, _ = np.linalg.qr(q)
    values = np.zeros(block)
    for _ in range(PCA_MAX_ITERATIONS):
        z = transposed @ (matrix @ q)
        h = q.T @ z
        h = 0.5 * (h + h.T)
        values, w = np.linalg.eigh(h)
        order = np.argsort(values)[::-1]
        values, w = values[order], w[:, order]
        ritz = q @ w
        residual = z @ w[:, :2] - ritz[:, :2] * values[:2]
        scale = max(float(values[0]), 1e-300)
        q, _ = np.linalg.qr(z @ w)
        if np.linalg.norm(residual, axis=0).max() <= PCA_TOLERANCE * scale:
            return ritz[:, :2].T.copy(), values[:2]
    return ritz[:, :2].T.copy(), values[:2]


def _orient(components: FloatArray, previous: FloatArray | None) -> FloatArray:
    """Fix each component's sign: like the previous update's, or else largest loading positive."""
    oriented = components.copy()
    for i in range(oriented.shape[0]):
        if previous is not None and np.any(previous[i]):
            flip = float(oriented[i] @ previous[i]) < 0
        else:
            biggest = int(np.argmax(np.abs(oriented[i]))) if oriented.shape[1] else 0
            flip = oriented.shape[1] > 0 and oriented[i, biggest] < 0
        if flip:
            oriented[i] = -oriented[i]
    return oriented


def _clustered_rows(
    votes_per_row: IntArray, participants: IntArray, previous: IntArray, n_statements: int
) -> npt.NDArray[np.bool_]:
    threshold = min(MIN_VOTES, n_statements)
    clustered = votes_per_row >= threshold
    if len(previous):
        clustered |= np.isin(participants, previous)
    missing = MIN_CLUSTERED - int(clustered.sum())
    if missing > 0:
        others = np.flatnonzero(~clustered)
        most_active = others[np.argsort(-votes_per_row[others], kind="stable")][:missing]
        clustered[most_active] = True
    return clustered


def early_clustered(participant: IntArray, statement: IntArray) -> IntArray:
    """Participants Pol.is let into the clustering while the conversation was young.

    Votes in the order they were cast. Pol.is tops the clustered set up to 15 with whoever is
    most active, and lets in anyone with as many votes as there are statements while there are
    fewer than 7; both stick. Replaying those two rules over the vote history gives the
    clustered set Pol.is had built when the conversation grew past them; `opinion_compute`
    takes it as `OpinionState(clustered=...)`. Without vote times, participant ids (given in
    order of arrival) stand in for them.
    """
    clustered: list[int] = []
    members: set[int] = set()
    statements_seen: set[int] = set()
    votes_by: dict[int, set[int]] = {}
    for pid, sid in zip(participant.tolist(), statement.tolist(), strict=True):
        statements_seen.add(sid)
        cast = votes_by.setdefault(pid, set())
        cast.add(sid)
        if pid not in members and (len(members) < MIN_CLUSTERED or len(cast) >= len(statements_seen)):
            members.add(pid)
            clustered.append(pid)
        if len(members) >= MIN_CLUSTERED and len(statements_seen) >= MIN_VOTES:
            break
    return np.array(clustered, dtype=np.int64)


def _group_candidates(n_base: int) -> range:
    return range(2, min(MAX_GROUPS, 2 + n_base // 12) + 1)


def opinion_compute(
    votes: VoteTable,
    *,
    moderated_out: Collection[int] = frozenset(),
    state: OpinionState | None = None,
    seed: int = 0,
) -> OpinionResult:
    """Run one update of the opinion map; pass `result.state` to the next call."""
    previous = state or OpinionState()
    participants, rows = _dense_index(votes.participant)
    statements, columns = _dense_index(votes.statement)
    n, m = len(participants), len(statements)
    excluded = np.isin(statements, np.fromiter(moderated_out, dtype=np.int64, count=len(moderated_out)))

    # Step 1–2: centred matrix with blanks at the column mean (so zero after centring).
    rated = np.where(excluded[columns], 0.0, votes.value.astype(np.float64))
    per_column = np.bincount(columns, minlength=m).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        center = np.where(per_column > 0, np.bincount(columns, weights=rated, minlength=m) / per_column, 0.0)
    # One vote per cell (VoteTable guarantees it), so the COO → CSR conversion sums nothing.
    centred = sp.csr_matrix((rated - center[columns], (rows, columns)), shape=(n, m))

    start = None
    if previous.components.shape[1]:
        start = np.ones((2, m))
        known = np.isin(statements, previous.statement_ids)
        where = np.searchsorted(previous.statement_ids, statements[known])
        start[:, known] = previous.components[:, where]
    components, _eigenvalues = _leading_components(centred, start, seed)
    old = None
    if start is not None:
        old = start
    components = _orient(components, old)

    # Step 3: sparsity-aware projection.
    votes_per_row = np.bincount(rows, minlength=n).astype(np.int64)
    excluded_votes = np.bincount(rows[excluded[columns]], minlength=n)
    counted = votes_per_row - excluded_votes + int(excluded.sum())
    scale = np.sqrt(m / np.maximum(counted, 1))
    positions = np.asarray(centred @ components.T) * scale[:, None]
    statement_positions = _statement_positions(components, center, m)

    # Step 4: who is clustered.
    clustered = _clustered_rows(votes_per_row, participants, previous.clustered, m)
    clustered_rows = np.flatnonzero(clustered)
    points = positions[clustered_rows]
    clustered_ids = participants[clustered_rows]

    # Step 5a: base clusters.
    if len(previous.base_participants):
        prior = np.full(len(clustered_rows), -1, dtype=np.int64)
        order = np.argsort(previous.base_participants)
        known_ids = previous.base_participants[order]
        where = np.searchsorted(known_ids, clustered_ids)
        where = np.minimum(where, max(len(known_ids) - 1, 0))
        hit = known_ids[where] == clustered_ids if len(known_ids) else np.zeros(len(clustered_ids), bool)
        prior[hit] = previous.base_labels[order][where[hit]]
        prior_ids = np.unique(prior[prior >= 0])
        centres, ids, next_id = clean_start(points, prior, prior_ids, BASE_K, previous.next_base_id)
    else:
        centres, ids = cold_start(points, BASE_K)
        next_id = len(ids)
    base = kmeans(points, centres, ids, max_iter=BASE_ITERATIONS)
    next_id = max(next_id, int(base.ids.max()) + 1 if len(base.ids) else 0)

    # Step 5b: groups for each k over base-cluster centres, chosen by silhouette, smoothed.
    clusterings: dict[int, Clustering] = {}
    silhouettes: dict[int, float] = {}
    n_base = len(base.ids)
    for k in _group_candidates(n_base):
        if n_base < k:
            break
        prior_groups = previous.group_clusterings.get(k)
        if prior_groups is not None:
            prior_labels = np.full(n_base, -1, dtype=np.int64)
            base_ids, group_ids = prior_groups
            lookup = dict(zip(base_ids.tolist(), group_ids.tolist(), strict=True))
            for i, bid in enumerate(base.ids.tolist()):
                prior_labels[i] = lookup.get(bid, -1)
            group_prior_ids = np.unique(prior_labels[prior_labels >= 0])
            g_centres, g_ids, _ = clean_start(
                base.centres, prior_labels, group_prior_ids, k, int(group_ids.max()) + 1, weights=base.sizes
            )
        else:
            g_centres, g_ids = cold_start(base.centres, k)
        clustering = kmeans(base.centres, g_centres, g_ids, weights=base.sizes, max_iter=GROUP_ITERATIONS)
        if len(clustering.ids) < 2:
            continue
        clusterings[k] = clustering
        silhouettes[k] = silhouette(base.centres, clustering.labels)

    last_k, last_k_count, smoothed_k = previous.last_k, previous.last_k_count, previous.smoothed_k
    chosen: Clustering | None = None
    if silhouettes:
        best = max(silhouettes.values())
        this_k = [k for k, s in silhouettes.items() if s == best][-1]  # ties: the larger k
        last_k_count = last_k_count + 1 if this_k == last_k else 1
        last_k = this_k
        if last_k_count >= K_BUFFER or smoothed_k is None or smoothed_k not in clusterings:
            smoothed_k = this_k
        chosen = clusterings[smoothed_k]

    group_of_row = np.full(n, -1, dtype=np.int64)
    base_groups = np.full(n_base, -1, dtype=np.int64)
    k_shown = 0
    if chosen is not None:
        # Group index = rank of the group's id, so indices are stable while ids are.
        rank = np.argsort(np.argsort(chosen.ids))
        base_groups = rank[chosen.labels].astype(np.int64)
        group_of_row[clustered_rows] = base_groups[base.labels]
        k_shown = len(chosen.ids)

    # Step 6: statistics.
    counts = count_votes(group_of_row, rows, columns, votes.value, k_shown, m)
    repness = representative_statements(counts, statements, excluded)
    agree_side, disagree_side = consensus_statements(
        np.bincount(columns[votes.value == 1], minlength=m).astype(np.float64),
        np.bincount(columns[votes.value == -1], minlength=m).astype(np.float64),
        per_column,
        statements,
        excluded,
    )
    gic = group_informed_consensus(counts)

    new_state = OpinionState(
        statement_ids=statements,
        components=components,
        clustered=clustered_ids,
        base_participants=clustered_ids,
        base_labels=base.ids[base.labels] if n_base else np.zeros(len(clustered_ids), np.int64),
        next_base_id=next_id,
        group_clusterings={k: (base.ids.copy(), c.ids[c.labels]) for k, c in clusterings.items()},
        last_k=last_k,
        last_k_count=last_k_count,
        smoothed_k=smoothed_k,
        updates=previous.updates + 1,
    )
    return OpinionResult(
        participants=participants,
        statements=statements,
        positions=positions,
        clustered=clustered,
        group_of_row=group_of_row,
        k=k_shown,
        base_centres=base.centres,
        base_sizes=base.sizes,
        base_groups=base_groups,
        components=components,
        center=center,
        statement_positions=statement_positions,
        moderated_out=excluded,
        group_counts=counts,
        repness=repness,
        consensus_agree=agree_side,
        consensus_disagree=disagree_side,
        group_informed_consensus=gic,
        silhouettes=silhouettes,
        state=new_state,
    )


def _dense_index(ids: IntArray) -> tuple[IntArray, IntArray]:
    """Sorted distinct ids and each entry's index into them (np.unique without the sort when
    ids are small non-negative integers, as database keys and Pol.is ids are)."""
    if len(ids) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    low, high = int(ids.min()), int(ids.max())
    if low >= 0 and high < 4 * len(ids) + 1_000_000:
        present = np.bincount(ids, minlength=high + 1) > 0
        distinct = np.flatnonzero(present).astype(np.int64)
        position = np.cumsum(present) - 1
        return distinct, position[ids].astype(np.int64)
    distinct, inverse = np.unique(ids, return_inverse=True)
    return distinct.astype(np.int64), inverse.astype(np.int64).ravel()


def _statement_positions(components: FloatArray, center: FloatArray, m: int) -> FloatArray:
    """Where a participant who agreed with only that statement would sit (Pol.is' comment map)."""
    if m == 0:
        return np.zeros((0, 2))
    # One vote (agree = 1) in column j: (1 − centre_j) · pc[:, j], scaled by sqrt(m / 1).
    return ((1.0 - center)[:, None] * components.T) * math.sqrt(m)
