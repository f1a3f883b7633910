"""Representative statements, consensus and group-informed consensus, as Pol.is computes them.

Behaviour reproduced from compdemocracy/polis `math/repness.clj` and `math/stats.clj` (read for
behaviour only; see shared/reference/polis.md §1.9–1.10):

- counts per group and statement: agrees `na`, disagrees `nd`, all votes with passes `ns`;
- add-one estimates pa = (na+1)/(ns+2), pd = (nd+1)/(ns+2) and one-sample tests
  2·sqrt(n+1)·((s+1)/(n+1) − 0.5);
- against the other groups' members: ratios ra, rd and a two-proportion z-test with one added
  to every count;
- a statement represents a group when both its tests pass the one-sided 90 % level (z > 1.2816)
  for agreement or for disagreement; ranked by ratio × test × estimate × test, five kept, the
  "best agree" statement first, agrees before disagrees;
- consensus over every participant: estimate > 0.5 and test significant, five per side;
- group-informed consensus: the product over groups of (agrees + 1)/(votes + 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

Z_90 = 1.2816
REPRESENTATIVE_COUNT = 5
CONSENSUS_COUNT = 5

Repful = Literal["agree", "disagree"]


@dataclass(frozen=True, slots=True)
class RepresentativeStatement:
    """A statement that sets a group apart, with the figures behind the choice."""

    statement: int
    repful: Repful
    n_agree: int
    n_disagree: int
    n_seen: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "statement": self.statement,
            "repful": self.repful,
            "n_agree": self.n_agree,
            "n_disagree": self.n_disagree,
            "n_seen": self.n_seen,
            "p_success": self.p_success,
            "p_test": self.p_test,
            "repness": self.repness,
            "repness_test": self.repness_test,
            "best_agree": self.best_agree,
        }


@dataclass(frozen=True, slots=True)
class ConsensusStatement:
    statement: int
    n_success: int
    n_seen: int
    p_success: float
    p_test: float

    def as_dict(self) -> dict[str, object]:
        return {
            "statement": self.statement,
            "n_success": self.n_success,
            "n_seen": self.n_seen,
            "p_success": self.p_success,
            "p_test": self.p_test,
        }


@dataclass(frozen=True, slots=True)
class GroupCounts:
    """Vote counts per group (rows) and statement (columns)."""

    agree: FloatArray
    disagree: FloatArray
    seen: FloatArray


def count_votes(
    group_of_row: IntArray, rows: IntArray, columns: IntArray, values: npt.NDArray[np.int8], k: int, m: int
) -> GroupCounts:
    """Tally agrees, disagrees and all votes per group; rows with group -1 are left out."""
    in_group = group_of_row[rows] >= 0
    key = group_of_row[rows[in_group]] * m + columns[in_group]
    vals = values[in_group]
    size = k * m
    agree = np.bincount(key[vals == 1], minlength=size).reshape(k, m).astype(np.float64)
    disagree = np.bincount(key[vals == -1], minlength=size).reshape(k, m).astype(np.float64)
    seen = np.bincount(key, minlength=size).reshape(k, m).astype(np.float64)
    return GroupCounts(agree, disagree, seen)


def prop_test(successes: FloatArray, n: FloatArray) -> FloatArray:
    """One-sample test of a proportion against one half, with one added to both counts."""
    return 2.0 * np.sqrt(n + 1.0) * ((successes + 1.0) / (n + 1.0) - 0.5)


def two_prop_test(s_in: FloatArray, s_out: FloatArray, n_in: FloatArray, n_out: FloatArray) -> FloatArray:
    """Two-proportion z-test, one added to each of the four counts; 0 where the pooled p is 1."""
    s1, s2, n1, n2 = s_in + 1.0, s_out + 1.0, n_in + 1.0, n_out + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (s1 / n1 - s2 / n2) / np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    return np.where(pooled >= 1.0, 0.0, z)


def representative_statements(
    counts: GroupCounts, statement_ids: IntArray, excluded: BoolArray
) -> dict[int, list[RepresentativeStatement]]:
    """Representative statements per group index; `excluded` marks moderated-out columns."""
    k = counts.agree.shape[0]
    na, nd, ns = counts.agree, counts.disagree, counts.seen
    rest_na = na.sum(axis=0)[None, :] - na
    rest_nd = nd.sum(axis=0)[None, :] - nd
    rest_ns = ns.sum(axis=0)[None, :] - ns
    pa = (na + 1.0) / (ns + 2.0)
    pd = (nd + 1.0) / (ns + 2.0)
    pat = prop_test(na, ns)
    pdt = prop_test(nd, ns)
    ra = pa / ((1.0 + rest_na) / (2.0 + rest_ns))
    rd = pd / ((1.0 + rest_nd) / (2.0 + rest_ns))
    rat = two_prop_test(na, rest_na, ns, rest_ns)
    rdt = two_prop_test(nd, rest_nd, ns, rest_ns)
    passes = ((rat > Z_90) & (pat > Z_90)) | ((rdt > Z_90) & (pdt > Z_90))
    agree_side = rat > rdt
    metric = np.where(agree_side, ra * rat * pa * pat, rd * rdt * pd * pdt)
    result: dict[int, list[RepresentativeStatement]] = {}
    for g in range(k):

        def stat(j: int, repful: Repful | None = None, best: bool = False, g: int = g) -> RepresentativeStatement:
            side: Repful = repful or ("agree" if agree_side[g, j] else "disagree")
            is_agree = side == "agree"
            return RepresentativeStatement(
                statement=int(statement_ids[j]),
                repful=side,
                n_agree=int(na[g, j]),
                n_disagree=int(nd[g, j]),
                n_seen=int(ns[g, j]),
                p_success=float(pa[g, j] if is_agree else pd[g, j]),
                p_test=float(pat[g, j] if is_agree else pdt[g, j]),
                repness=float(ra[g, j] if is_agree else rd[g, j]),
                repness_test=float(rat[g, j] if is_agree else rdt[g, j]),
                best_agree=best,
            )

        best = _best_agree(g, na, nd, pa, pat, ra, rat, excluded)
        candidates = np.flatnonzero(passes[g] & ~excluded)
        if len(candidates) == 0:
            if best is not None:
                result[g] = [stat(best, "agree", best=True)]
                continue
            usable = np.flatnonzero(~excluded)
            if len(usable) == 0:
                result[g] = []
                continue
            strongest = usable[np.argmax(np.maximum(rat[g, usable], rdt[g, usable]))]
            result[g] = [stat(int(strongest))]
            continue
        ranked = candidates[np.argsort(-metric[g, candidates], kind="stable")]
        chosen: list[RepresentativeStatement] = []
        if best is not None:
            chosen.append(stat(best, "agree", best=True))
        chosen.extend(stat(int(j)) for j in ranked if best is None or j != best)
        chosen = chosen[:REPRESENTATIVE_COUNT]
        result[g] = [s for s in chosen if s.repful == "agree"] + [s for s in chosen if s.repful == "disagree"]
    return result


def _best_agree(
    g: int,
    na: FloatArray,
    nd: FloatArray,
    pa: FloatArray,
    pat: FloatArray,
    ra: FloatArray,
    rat: FloatArray,
    excluded: BoolArray,
) -> int | None:
    """Pol.is' running "best agree" statement for a group, scanning statements in order."""
    best: int | None = None
    for j in np.flatnonzero((na[g] + nd[g] > 0) & ~excluded):
        if best is None:
            wins = pat[g, j] > Z_90 or (ra[g, j] > 1.0 and pa[g, j] > 0.5)
        elif ra[g, best] > 1.0:
            wins = ra[g, j] * rat[g, j] * pa[g, j] * pat[g, j] > ra[g, best] * rat[g, best] * pa[g, best] * pat[g, best]
        else:
            wins = pa[g, j] * pat[g, j] > pa[g, best] * pat[g, best]
        if wins:
            best = int(j)
    return best


def consensus_statements(
    n_agree: FloatArray, n_disagree: FloatArray, n_seen: FloatArray, statement_ids: IntArray, excluded: BoolArray
) -> tuple[list[ConsensusStatement], list[ConsensusStatement]]:
    """Statements most participants agree with, and those most disagree with (five each)."""

    def side(successes: FloatArray) -> list[ConsensusStatement]:
        p = (successes + 1.0) / (n_seen + 2.0)
        test = prop_test(successes, n_seen)
        keep = np.flatnonzero((p > 0.5) & (test > Z_90) & ~excluded)
        ranked = keep[np.argsort(-(p[keep] * test[keep]), kind="stable")][:CONSENSUS_COUNT]
        return [
            ConsensusStatement(
                statement=int(statement_ids[j]),
                n_success=int(successes[j]),
                n_seen=int(n_seen[j]),
                p_success=float(p[j]),
                p_test=float(test[j]),
            )
            for j in ranked
        ]

    return side(n_agree), side(n_disagree)


def group_informed_consensus(counts: GroupCounts) -> FloatArray:
    """Per statement, the product over groups of (agrees + 1) / (votes + 2)."""
    if counts.agree.shape[0] == 0:
        return np.zeros(counts.agree.shape[1])
    return np.prod((counts.agree + 1.0) / (counts.seen + 2.0), axis=0)  # type: ignore[no-any-return]
