"""The opinion engine against Pol.is' own results on real open-data exports (CC BY 4.0,
The Computational Democracy Project; see shared/data/polis-open-data/README.md).

Targets from the brief: adjusted Rand index ≥ 0.95 against Pol.is' `group-id` with the same
number of groups on three conversations, and the exported group-informed consensus of
bg2050-volunteers reproduced within 1e-9. The tests fail, not skip, without the shared data.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from samskap.analysis.opinion import OpinionResult, PolisExport, compute_export, opinion_compute, read_polis_export

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "polis-open-data"
TARGETS = ("bg2050-volunteers", "scoop-hivemind.biodiversity", "austria-climate.5twd2jsnkf.2022-08-08")


@functools.cache
def load(name: str) -> tuple[PolisExport, OpinionResult]:
    assert (DATA / name).is_dir(), f"shared test data missing: {DATA / name}"
    export = read_polis_export(DATA / name)
    return export, compute_export(export)


def ari_against_polis(export: PolisExport, result: OpinionResult) -> tuple[float, int, int]:
    theirs = {p: g for p, g in export.polis_groups.items() if g is not None}
    ours = {p: g for p, g in result.groups.items() if g is not None}
    both = sorted(theirs.keys() & ours.keys())
    return adjusted_rand_score([theirs[p] for p in both], [ours[p] for p in both]), len(set(theirs.values())), len(both)


@pytest.mark.parametrize("name", TARGETS)
def test_groups_match_polis(name):
    export, result = load(name)
    ari, polis_k, compared = ari_against_polis(export, result)
    assert result.k == polis_k
    assert ari >= 0.95, f"{name}: ARI {ari:.3f}"
    # Nearly everyone Pol.is grouped is grouped here too (≥ 7 votes, sticky early top-up).
    assert compared >= 0.99 * sum(1 for g in export.polis_groups.values() if g is not None)


def test_group_informed_consensus_equals_the_bg2050_export():
    export, result = load("bg2050-volunteers")
    ours = dict(zip(result.statements.tolist(), result.group_informed_consensus.tolist(), strict=True))
    assert len(export.exported_gic) == 371
    worst = max(abs(ours[sid] - value) for sid, value in export.exported_gic.items())
    assert worst <= 1e-9


def test_bg2050_groups_are_exactly_polis_groups():
    export, result = load("bg2050-volunteers")
    grouped = {p for p, g in result.groups.items() if g is not None}
    assert grouped == {p for p, g in export.polis_groups.items() if g is not None}


def test_bowling_green_is_the_same_map_split_at_another_local_optimum():
    """Reported, not a target. Here k = 3 against Pol.is' 2: the silhouettes differ by 0.001,
    and Pol.is changes k only after four updates in a row prefer another. Pol.is' own groups
    are still a nearest-centre split of this map for 97 % of participants, so the map is the
    same; Pol.is' warm-started k-means sits in another local optimum (ARI 0.48 with k = 2)."""
    export, result = load("american-assembly.bowling-green")
    assert abs(result.silhouettes[2] - result.silhouettes[result.k]) < 0.01
    theirs = {p: g for p, g in export.polis_groups.items() if g is not None}
    row = {int(p): i for i, p in enumerate(result.participants.tolist())}
    grouped = [p for p in theirs if p in row]
    positions = result.positions[[row[p] for p in grouped]]
    labels = np.array([theirs[p] for p in grouped])
    centres = np.array([positions[labels == g].mean(axis=0) for g in (0, 1)])
    nearest = np.argmin(((positions[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
    assert (nearest == labels).mean() >= 0.95


def test_moderated_out_statements_are_never_representative_or_consensus():
    export, result = load("scoop-hivemind.biodiversity")
    out = export.moderated_out
    chosen = {s.statement for reps in result.repness.values() for s in reps}
    chosen |= {c.statement for c in result.consensus_agree + result.consensus_disagree}
    assert chosen and not chosen & out


def test_same_input_same_output():
    export, first = load("scoop-hivemind.biodiversity")
    second = compute_export(export)
    assert first.to_json() == second.to_json()


def test_an_update_after_new_votes_keeps_the_groups():
    export, _full = load("scoop-hivemind.biodiversity")
    assert export.vote_times_ms is not None
    order = np.argsort(export.vote_times_ms, kind="stable")
    kept = np.sort(order[:-1000])
    votes = export.votes
    from samskap.analysis.opinion import VoteTable

    earlier = VoteTable(votes.participant[kept], votes.statement[kept], votes.value[kept])
    before = opinion_compute(earlier, moderated_out=export.moderated_out)
    after = opinion_compute(votes, moderated_out=export.moderated_out, state=before.state)
    assert after.k == before.k
    both = [p for p, g in before.groups.items() if g is not None]
    ari = adjusted_rand_score([before.groups[p] for p in both], [after.groups[p] for p in both])
    assert ari >= 0.9
    assert after.state.updates == before.state.updates + 1
