"""K-means on 2-D points as Pol.is runs it, with Hamerly's bounds to skip needless distances.

Behaviour reproduced (from compdemocracy/polis `math/clusters.clj`, read for behaviour only):

- a step assigns every point to its nearest centre, then moves each centre to the (weighted)
  mean of its members; a centre left without members is dropped, not re-seeded;
- iteration stops when every centre moved less than `threshold` (0.01) in one step, or after
  `max_iter` steps;
- a cold start takes the first k distinct points, in row order, as centres;
- a warm start ("clean start") re-centres the previous clusters on their members' current
  positions, merges clusters whose centres coincide, then adds the point farthest from every
  centre as a new cluster until there are k (or as many as there are distinct points).

Cluster ids are kept through a run so that the next update can start from this one. The
assignment step uses Hamerly's upper and lower bounds (Hamerly 2010, "Making k-means even
faster"), which return the same nearest centres as computing every distance; ties go to the
centre listed first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

CONVERGENCE_THRESHOLD = 0.01
# Below this many point × centre pairs, computing every distance is cheaper than the bounds.
_BRUTE_FORCE_PAIRS = 50_000
# Rows per block of the distance matrix: small enough for its temporaries to stay in cache.
_CHUNK_ROWS = 2048


@dataclass(frozen=True, slots=True)
class Clustering:
    """Centres with stable ids, and each point's index into them."""

    centres: FloatArray  # (k, 2)
    ids: IntArray  # (k,), ascending is not required
    labels: IntArray  # (n,), index into centres/ids
    sizes: FloatArray  # (k,), summed weights of members
    iterations: int


def first_distinct(points: FloatArray, k: int) -> IntArray:
    """Row indices of the first `k` distinct points, in row order."""
    if len(points) == 0:
        return np.zeros(0, dtype=np.int64)
    _unique, first = np.unique(points, axis=0, return_index=True)
    return np.sort(first)[:k].astype(np.int64)


def _all_distances(points: FloatArray, centres: FloatArray) -> FloatArray:
    dx = points[:, 0, None] - centres[None, :, 0]
    dy = points[:, 1, None] - centres[None, :, 1]
    return np.sqrt(dx * dx + dy * dy)


def _nearest_two(points: FloatArray, centres: FloatArray) -> tuple[IntArray, FloatArray, FloatArray]:
    """Nearest centre (first on ties), its distance, and the distance to the second nearest."""
    if len(points) <= _CHUNK_ROWS:
        return _nearest_two_block(points, centres)
    parts = [_nearest_two_block(points[i : i + _CHUNK_ROWS], centres) for i in range(0, len(points), _CHUNK_ROWS)]
    labels, upper, lower = zip(*parts, strict=True)
    return np.concatenate(labels), np.concatenate(upper), np.concatenate(lower)


def _nearest_two_block(points: FloatArray, centres: FloatArray) -> tuple[IntArray, FloatArray, FloatArray]:
    dx = points[:, 0, None] - centres[None, :, 0]
    squared = dx * dx
    dy = points[:, 1, None] - centres[None, :, 1]
    squared += dy * dy
    labels = squared.argmin(axis=1).astype(np.int64)
    rows = np.arange(len(points))
    upper = np.sqrt(squared[rows, labels])
    if centres.shape[0] > 1:
        squared[rows, labels] = np.inf
        lower = np.sqrt(squared.min(axis=1))
    else:
        lower = np.full(len(points), np.inf)
    return labels, upper, lower


def _weighted_means(points: FloatArray, weights: FloatArray, labels: IntArray, k: int) -> tuple[FloatArray, FloatArray]:
    sizes = np.bincount(labels, weights=weights, minlength=k)
    sx = np.bincount(labels, weights=weights * points[:, 0], minlength=k)
    sy = np.bincount(labels, weights=weights * points[:, 1], minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        centres = np.column_stack((sx / sizes, sy / sizes))
    return centres, sizes.astype(np.float64)


def kmeans(
    points: FloatArray,
    centres: FloatArray,
    ids: IntArray,
    *,
    weights: FloatArray | None = None,
    max_iter: int,
    threshold: float = CONVERGENCE_THRESHOLD,
) -> Clustering:
    """Pol.is' k-means from the given starting centres (see the module docstring)."""
    n = len(points)
    w = np.ones(n) if weights is None else weights
    centres = np.array(centres, dtype=np.float64)
    ids = np.array(ids, dtype=np.int64)
    if n == 0 or len(centres) == 0:
        return Clustering(np.zeros((0, 2)), np.zeros(0, np.int64), np.zeros(n, np.int64), np.zeros(0), 0)
    brute = n * len(centres) <= _BRUTE_FORCE_PAIRS
    labels, upper, lower = _nearest_two(points, centres)
    iterations = 0
    while True:
        iterations += 1
        new_centres, sizes = _weighted_means(points, w, labels, len(centres))
        kept = sizes > 0
        moved = np.sqrt(((new_centres[kept] - centres[kept]) ** 2).sum(axis=1))
        converged = bool(kept.all()) and bool((moved < threshold).all())
        if not kept.all():
            # Dropped centres: renumber labels onto the survivors. Bounds stay valid, because
            # fewer centres can only push the second nearest farther away.
            remap = np.cumsum(kept) - 1
            labels = remap[labels]
            ids = ids[kept]
        shifts = moved
        centres = new_centres[kept]
        sizes = sizes[kept]
        if converged or iterations >= max_iter:
            return Clustering(centres, ids, labels, sizes, iterations)
        if brute or len(centres) < 2:
            labels, upper, lower = _nearest_two(points, centres)
            continue
        # Hamerly: grow each upper bound by its own centre's shift, shrink each lower bound by
        # the largest shift of any other centre, and recompute only where they may cross.
        upper = upper + shifts[labels]
        order = np.argsort(shifts)
        largest, second = shifts[order[-1]], shifts[order[-2]]
        other_shift = np.where(labels == order[-1], second, largest)
        lower = lower - other_shift
        between = _all_distances(centres, centres)
        np.fill_diagonal(between, np.inf)
        half_gap = 0.5 * between.min(axis=1)
        bound = np.maximum(half_gap[labels], lower)
        check = np.flatnonzero(upper > bound)
        if len(check):
            tight = np.sqrt(((points[check] - centres[labels[check]]) ** 2).sum(axis=1))
            upper[check] = tight
            still = check[tight > bound[check]]
            if len(still):
                new_labels, new_upper, new_lower = _nearest_two(points[still], centres)
                labels[still] = new_labels
                upper[still] = new_upper
                lower[still] = new_lower


def cold_start(points: FloatArray, k: int, first_id: int = 0) -> tuple[FloatArray, IntArray]:
    """The first k distinct points as centres, numbered from `first_id`."""
    rows = first_distinct(points, k)
    return points[rows].copy(), np.arange(first_id, first_id + len(rows), dtype=np.int64)


def clean_start(
    points: FloatArray,
    previous_labels: IntArray,
    previous_ids: IntArray,
    k: int,
    next_id: int,
    *,
    weights: FloatArray | None = None,
) -> tuple[FloatArray, IntArray, int]:
    """Warm start from the previous clusters (see the module docstring).

    `previous_labels[i]` is the previous cluster id of point i, or -1 for a point that was in no
    cluster. Returns the starting centres, their ids and the next free id.
    """
    w = np.ones(len(points)) if weights is None else weights
    member = previous_labels >= 0
    centres_list: list[FloatArray] = []
    ids_list: list[int] = []
    if member.any():
        unique_ids, inverse = np.unique(previous_labels[member], return_inverse=True)
        centres, _sizes = _weighted_means(points[member], w[member], inverse.astype(np.int64), len(unique_ids))
        # Keep the previous order of ids; merge clusters whose centres now coincide.
        order = np.argsort(np.searchsorted(previous_ids, unique_ids), kind="stable").tolist()
        seen: set[tuple[float, float]] = set()
        for i in order:
            key = (float(centres[i, 0]), float(centres[i, 1]))
            if key in seen:
                continue
            seen.add(key)
            centres_list.append(centres[i])
            ids_list.append(int(unique_ids[i]))
    distinct = len(np.unique(points, axis=0)) if len(points) else 0
    target = min(k, distinct)
    if len(centres_list) > target:
        centres_list, ids_list = centres_list[:target], ids_list[:target]
    nearest = _nearest_two(points, np.array(centres_list))[1] if centres_list else np.full(len(points), np.inf)
    while len(centres_list) < target:
        far = int(np.argmax(nearest))
        if nearest[far] == 0.0:
            break
        centres_list.append(points[far].copy())
        ids_list.append(next_id)
        next_id += 1
        gap = np.sqrt(((points - points[far]) ** 2).sum(axis=1))
        nearest = np.minimum(nearest, gap)
    if not centres_list:
        return np.zeros((0, 2)), np.zeros(0, np.int64), next_id
    return np.array(centres_list), np.array(ids_list, dtype=np.int64), next_id


def silhouette(points: FloatArray, labels: IntArray) -> float:
    """Mean silhouette over points (unweighted); a point alone in its cluster scores 0."""
    groups = np.unique(labels)
    if len(groups) < 2:
        return -1.0
    distances = _all_distances(points, points)
    members = labels[None, :] == groups[:, None]  # (g, n)
    counts = members.sum(axis=1).astype(np.float64)
    sums = distances @ members.T.astype(np.float64)  # (n, g): summed distance to each cluster
    own = np.searchsorted(groups, labels)
    rows = np.arange(len(points))
    own_count = counts[own]
    with np.errstate(invalid="ignore", divide="ignore"):
        a = sums[rows, own] / (own_count - 1)
        means = sums / counts[None, :]
    means[rows, own] = np.inf
    b = means.min(axis=1)
    top = np.maximum(a, b)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where((own_count > 1) & (top > 0), (b - a) / top, 0.0)
    return float(scores.mean())
