"""The opinion engine's parts: statistics formulas, k-means, the k buffer, who is clustered."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import silhouette_score

from samskap.analysis.opinion import OpinionInputError, OpinionState, VoteTable, opinion_compute
from samskap.analysis.opinion.engine import early_clustered
from samskap.analysis.opinion.kmeans import _nearest_two_block, cold_start, kmeans, silhouette
from samskap.analysis.opinion.stats import (
    GroupCounts,
    consensus_statements,
    group_informed_consensus,
    prop_test,
    representative_statements,
    two_prop_test,
)


def two_camps(n_per_camp: int = 40, statements: int = 12, seed: int = 1) -> VoteTable:
    """Two camps that disagree on the first half of the statements and agree on the rest."""
    rng = np.random.default_rng(seed)
    rows = []
    for pid in range(2 * n_per_camp):
        camp = 1 if pid % 2 else -1
        for sid in range(statements):
            if rng.random() < 0.15:
                continue
            wanted = camp if sid < statements // 2 else 1
            value = wanted if rng.random() < 0.9 else 0
            rows.append((pid, sid, value))
    return VoteTable.from_rows(rows)


def test_prop_test_by_hand():
    # 2·sqrt(n+1)·((s+1)/(n+1) − 0.5) with s = 8, n = 10: 2·√11·(9/11 − 0.5)
    assert prop_test(np.array([8.0]), np.array([10.0]))[0] == pytest.approx(2 * math.sqrt(11) * (9 / 11 - 0.5))


def test_two_prop_test_by_hand():
    s1, s2, n1, n2 = 9.0, 3.0, 11.0, 21.0  # after adding one to 8, 2, 10, 20
    pooled = (s1 + s2) / (n1 + n2)
    expected = (s1 / n1 - s2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    got = two_prop_test(np.array([8.0]), np.array([2.0]), np.array([10.0]), np.array([20.0]))[0]
    assert got == pytest.approx(expected)
    # A pooled proportion of 1 would divide by zero: Pol.is gives 0.
    assert two_prop_test(np.array([5.0]), np.array([7.0]), np.array([5.0]), np.array([7.0]))[0] == 0.0


def test_group_informed_consensus_is_the_product_over_groups():
    counts = GroupCounts(
        agree=np.array([[3.0, 0.0], [1.0, 2.0]]),
        disagree=np.zeros((2, 2)),
        seen=np.array([[4.0, 1.0], [2.0, 2.0]]),
    )
    got = group_informed_consensus(counts)
    assert got[0] == pytest.approx((4 / 6) * (2 / 4))
    assert got[1] == pytest.approx((1 / 3) * (3 / 4))


def test_representative_statements_set_each_camp_apart():
    result = opinion_compute(two_camps())
    assert result.k == 2
    for reps in result.repness.values():
        assert reps, "every group gets at least one statement"
        assert all(r.statement < 6 for r in reps if not r.best_agree), "the divisive half sets a camp apart"
        assert any(r.statement < 6 for r in reps)
        sides = [r.repful for r in reps]
        assert sides == sorted(sides), "agrees listed before disagrees"
    # The shared half is what everyone agrees on; nothing is broadly disagreed with.
    assert {c.statement for c in result.consensus_agree} <= set(range(6, 12))
    assert len(result.consensus_agree) == 5
    assert result.consensus_disagree == []


def test_consensus_needs_a_majority_and_significance():
    agree, disagree, seen = np.array([9.0, 2.0, 1.0]), np.array([0.0, 0.0, 0.0]), np.array([10.0, 4.0, 2.0])
    chosen, against = consensus_statements(agree, disagree, seen, np.array([10, 11, 12]), np.zeros(3, bool))
    assert [c.statement for c in chosen] == [10]  # 2/4 and 1/2 are no majority
    assert against == []


def test_moderated_out_statements_do_not_move_the_map():
    votes = two_camps()
    noisy = VoteTable(
        np.concatenate([votes.participant, np.arange(80)]),
        np.concatenate([votes.statement, np.full(80, 99)]),
        np.concatenate([votes.value, np.where(np.arange(80) % 3 == 0, 1, -1).astype(np.int8)]),
    )
    clean = opinion_compute(votes)
    moderated = opinion_compute(noisy, moderated_out={99})
    assert moderated.k == clean.k
    assert 99 not in {r.statement for reps in moderated.repness.values() for r in reps}


def test_representative_statements_skip_excluded_columns():
    counts = GroupCounts(
        agree=np.array([[20.0, 10.0], [0.0, 10.0]]),
        disagree=np.array([[0.0, 0.0], [20.0, 0.0]]),
        seen=np.array([[20.0, 20.0], [20.0, 20.0]]),
    )
    reps = representative_statements(counts, np.array([5, 6]), np.array([True, False]))
    assert all(r.statement != 5 for group in reps.values() for r in group)


def test_clustered_participants_need_seven_votes_or_an_early_place():
    rows = [(pid, sid, 1) for pid in range(30) for sid in range(3 if pid % 2 else 9)]
    result = opinion_compute(VoteTable.from_rows(rows), state=OpinionState(clustered=np.array([1], np.int64)))
    clustered = set(result.participants[result.clustered].tolist())
    assert {p for p in range(30) if p % 2 == 0} <= clustered
    assert 1 in clustered  # sticky from the previous update
    assert 3 not in clustered


def test_top_up_to_fifteen_takes_the_most_active():
    rows = [(pid, sid, 1) for pid in range(20) for sid in range(1 + pid % 5)]
    rows += [(99, sid, -1) for sid in range(5)]
    result = opinion_compute(VoteTable.from_rows(rows))
    assert int(result.clustered.sum()) == 15
    clustered = set(result.participants[result.clustered].tolist())
    assert 99 in clustered  # five votes, but among the most active; all statements seen
    assert {4, 9, 14, 19} <= clustered


def test_early_clustered_replays_the_young_conversation():
    participant = np.array([5, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21], dtype=np.int64)
    statement = np.zeros(len(participant), dtype=np.int64)
    early = early_clustered(participant, statement)
    assert early.tolist() == [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]
    # With fewer than 7 statements, seeing all of them is enough to get in.


def test_k_changes_only_after_four_updates_in_a_row():
    votes = two_camps()
    first = opinion_compute(votes)
    assert first.k == 2
    pinned = dataclasses.replace(first.state, smoothed_k=3, last_k=3, last_k_count=9)
    shown = []
    state = pinned
    for _ in range(4):
        result = opinion_compute(votes, state=state)
        shown.append(result.k)
        state = result.state
    assert shown == [3, 3, 3, 2]


def test_state_survives_json():
    result = opinion_compute(two_camps())
    text = json.dumps(result.state.to_json())
    again = OpinionState.from_json(json.loads(text))
    a = opinion_compute(two_camps(seed=2), state=result.state)
    b = opinion_compute(two_camps(seed=2), state=again)
    assert a.to_json() == b.to_json()


def test_unreadable_state_is_a_clear_error():
    with pytest.raises(OpinionInputError, match="state"):
        OpinionState.from_json({"components": [[1, 2]]})


def test_latest_vote_wins():
    votes = VoteTable.from_rows([(1, 1, 1), (1, 2, 0), (1, 1, -1)])
    assert sorted(zip(votes.participant.tolist(), votes.statement.tolist(), votes.value.tolist(), strict=True)) == [
        (1, 1, -1),
        (1, 2, 0),
    ]


def test_vote_values_are_checked():
    with pytest.raises(OpinionInputError):
        VoteTable(np.array([1]), np.array([1]), np.array([2], dtype=np.int8))


@pytest.mark.parametrize("rows", [[], [(1, 1, 1)], [(1, 1, 1), (2, 1, -1)], [(p, 0, 1) for p in range(30)]])
def test_tiny_conversations_do_not_crash(rows):
    result = opinion_compute(VoteTable.from_rows(rows))
    assert result.k in (0, 2)
    assert len(result.groups) == len({r[0] for r in rows})


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(3, 40))
def test_hamerly_kmeans_matches_plain_lloyd(seed, k):
    rng = np.random.default_rng(seed)
    points = np.concatenate([rng.normal(c, 1.0, size=(200, 2)) for c in rng.uniform(-10, 10, size=(4, 2))])
    centres, ids = cold_start(points, k)
    fast = kmeans(points, centres, ids, max_iter=50)
    # Plain Lloyd with every distance, dropping empty clusters.
    c, i = centres.copy(), ids.copy()
    for step in range(50):
        labels = _nearest_two_block(points, c)[0]
        sizes = np.bincount(labels, minlength=len(c))
        new = np.array([points[labels == j].mean(axis=0) for j in range(len(c)) if sizes[j]])
        kept = sizes > 0
        done = kept.all() and (np.sqrt(((new - c) ** 2).sum(axis=1)) < 0.01).all()
        c, i = new, i[kept]
        if done or step == 49:
            break
    assert fast.ids.tolist() == i.tolist()
    np.testing.assert_allclose(fast.centres, c, atol=1e-9)


def test_cold_start_takes_the_first_distinct_points():
    points = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])
    centres, ids = cold_start(points, 2)
    assert centres.tolist() == [[0.0, 0.0], [1.0, 1.0]]
    assert ids.tolist() == [0, 1]


def test_silhouette_matches_scikit_learn():
    rng = np.random.default_rng(3)
    points = np.concatenate([rng.normal(0, 1, (30, 2)), rng.normal(5, 1, (30, 2))])
    labels = np.repeat([0, 1], 30).astype(np.int64)
    assert silhouette(points, labels) == pytest.approx(silhouette_score(points, labels))
