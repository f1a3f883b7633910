"""Agreement between coders who coded the same texts: Cohen's kappa, Krippendorff's alpha, and
the spans where they differ.

Input: coded segments (`Segment`: coder, code, source, start, end) as 0-based code-point offsets
into a source's released text, end exclusive (as REFI-QDA and `samskap.analysis.pii`), and the
sources in scope (`Source`: id, length in code points, and which coders coded it).

The unit is the character (code point), per code: for every code and every character of every
source in scope, each coder either applied the code there (the character lies in one of the
coder's segments with that code) or did not. This is the per-character presence/absence
comparison that QDA software uses for its coder comparisons (NVivo's coding comparison, for
example). It needs no agreement on where segments start and end, rewards
overlap in proportion to its length, and counts text that both coders left uncoded as agreement
on absence. Overlapping segments of one coder with one code count once. A coder who did not
code a source (not in `Source.coders`) is missing data for its characters, not a "no".

- `cohen_kappa` compares two coders on the sources both coded. Per code it is Cohen's (1960)
  kappa on the 2×2 table of characters (both applied, only the first, only the second,
  neither); `overall` is kappa on the tables of all codes added together (every code ×
  character is one yes/no decision); `mean_kappa` is the plain mean of the defined per-code
  kappas.
- `krippendorff_alpha` compares any number of coders, with missing data, per code and overall
  in the same way, using nominal alpha (Krippendorff 2011, "Computing Krippendorff's
  Alpha-Reliability"). `alpha_nominal` computes alpha for any reliability data (units × coders,
  None where a coder gave no value) and is the building block.
- `disagreements` lists, per source and code, the maximal spans where some but not all of the
  coders of that source applied the code, with who did and who did not, so a team can go
  through them one by one.

A statistic is None where it is undefined: kappa when chance agreement is 1 (both coders said
the same thing for every unit, e.g. nobody used the code), alpha when there is no variation or
no pairable value. Nothing is computed character by character: coverage is merged into
intervals, so the cost grows with the number of segments, not with the length of the texts.
The results depend only on the input, not on its order. Pure computation: no Django, no
database.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

__all__ = [
    "AgreementInputError",
    "AlphaReport",
    "Disagreement",
    "KappaReport",
    "KappaTable",
    "Segment",
    "Source",
    "alpha_nominal",
    "coder_pairs",
    "cohen_kappa",
    "cohen_kappa_nominal",
    "disagreements",
    "krippendorff_alpha",
]

Intervals = list[tuple[int, int]]


class AgreementInputError(ValueError):
    """The segments or sources cannot be compared; the message says which and why."""


@dataclass(frozen=True)
class Segment:
    """One coder's coding of `source[start:end]` with `code` (code points, end exclusive)."""

    coder: str
    code: str
    source: str
    start: int
    end: int


@dataclass(frozen=True)
class Source:
    """A text in scope: its length in code points and the coders who coded it.

    An empty `coders` means every coder who appears in the segments coded it."""

    id: str
    length: int
    coders: tuple[str, ...] = ()


@dataclass(frozen=True)
class KappaTable:
    """Characters counted by what two coders did with one code (or all codes, pooled)."""

    both: int
    first_only: int
    second_only: int
    neither: int

    @property
    def units(self) -> int:
        return self.both + self.first_only + self.second_only + self.neither

    @property
    def observed(self) -> float | None:
        """Share of units where the coders agree (percent agreement / 100)."""
        return (self.both + self.neither) / self.units if self.units else None

    @property
    def expected(self) -> float | None:
        """Agreement expected by chance from each coder's own rate of applying the code."""
        n = self.units
        if not n:
            return None
        first_yes = (self.both + self.first_only) / n
        second_yes = (self.both + self.second_only) / n
        return first_yes * second_yes + (1 - first_yes) * (1 - second_yes)

    @property
    def kappa(self) -> float | None:
        """(observed − expected) / (1 − expected); None when expected is 1 or there are no units."""
        n = self.units
        if not n:
            return None
        # Integer arithmetic up to the last step, so that long texts lose no precision:
        # kappa = (n·agree − Σ marginal products) / (n² − Σ marginal products).
        first_yes, second_yes = self.both + self.first_only, self.both + self.second_only
        chance = first_yes * second_yes + (n - first_yes) * (n - second_yes)
        if chance == n * n:
            return None
        return (n * (self.both + self.neither) - chance) / (n * n - chance)

    def __add__(self, other: KappaTable) -> KappaTable:
        return KappaTable(
            self.both + other.both,
            self.first_only + other.first_only,
            self.second_only + other.second_only,
            self.neither + other.neither,
        )


_EMPTY_TABLE = KappaTable(0, 0, 0, 0)


@dataclass(frozen=True)
class KappaReport:
    """Cohen's kappa of two coders: per code, pooled over codes, and the mean over codes."""

    first: str
    second: str
    sources: tuple[str, ...]
    per_code: Mapping[str, KappaTable]
    overall: KappaTable
    mean_kappa: float | None


@dataclass(frozen=True)
class AlphaReport:
    """Krippendorff's nominal alpha of any number of coders: per code and pooled over codes."""

    coders: tuple[str, ...]
    per_code: Mapping[str, float | None]
    overall: float | None
    pairable_units: Mapping[str, int]


@dataclass(frozen=True)
class Disagreement:
    """A maximal span of one source where the coders of that source differ about one code."""

    source: str
    code: str
    start: int
    end: int
    applied_by: tuple[str, ...]
    not_applied_by: tuple[str, ...]


# ----- general statistics ------------------------------------------------------------------


def cohen_kappa_nominal(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two coders' nominal ratings of the same units (any categories).

    >>> cohen_kappa_nominal(["yes", "yes", "no", "no"], ["yes", "no", "no", "no"])
    0.5
    """
    if len(first) != len(second):
        raise AgreementInputError(f"the two coders rated {len(first)} and {len(second)} units; expected as many")
    n = len(first)
    if not n:
        return None
    agree = sum(1 for a, b in zip(first, second, strict=True) if a == b)
    first_counts, second_counts = Counter(first), Counter(second)
    chance = sum(count * second_counts[value] for value, count in first_counts.items())
    if chance == n * n:
        return None
    return (n * agree - chance) / (n * n - chance)


def _alpha_from_units(units: Iterable[tuple[Mapping[Hashable, int], int]]) -> tuple[float | None, int]:
    """Nominal alpha from units given as (count of each value, how many such units).

    Returns alpha and the number of pairable units (units with at least two values)."""
    # Coincidence matrix, kept as exact fractions of a common denominator per unit: a unit with
    # m values adds, for each ordered pair of values from different coders, 1 / (m − 1).
    observed_disagreement = 0.0
    totals: Counter[Hashable] = Counter()
    pairable = 0
    for counts, weight in units:
        m = sum(counts.values())
        if m < 2 or weight <= 0:
            continue
        pairable += weight
        same_pairs = sum(c * (c - 1) for c in counts.values())
        observed_disagreement += weight * (m * (m - 1) - same_pairs) / (m - 1)
        for value, c in counts.items():
            totals[value] += weight * c
    n = sum(totals.values())
    if n < 2:
        return None, pairable
    expected_disagreement = (n * n - sum(c * c for c in totals.values())) / (n - 1)
    if expected_disagreement == 0:
        return None, pairable
    return 1 - observed_disagreement / expected_disagreement, pairable


def alpha_nominal(data: Sequence[Sequence[Hashable | None]]) -> float | None:
    """Krippendorff's alpha for nominal data: rows are units, columns coders, None is missing.

    Units with fewer than two values are not pairable and are left out. None when no unit is
    pairable or all values are the same (no variation to explain).

    >>> round(alpha_nominal([[1, 1], [1, 2], [2, 2], [2, 2]]), 3)
    0.533
    """
    units: list[tuple[Mapping[Hashable, int], int]] = []
    for row in data:
        counts: Counter[Hashable] = Counter(value for value in row if value is not None)
        units.append((counts, 1))
    return _alpha_from_units(units)[0]


# ----- coverage of texts -------------------------------------------------------------------


def _merge(intervals: Iterable[tuple[int, int]]) -> Intervals:
    merged: Intervals = []
    for start, end in sorted(intervals):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _length(intervals: Intervals) -> int:
    return sum(end - start for start, end in intervals)


def _intersection_length(first: Intervals, second: Intervals) -> int:
    total, i, j = 0, 0, 0
    while i < len(first) and j < len(second):
        start, end = max(first[i][0], second[j][0]), min(first[i][1], second[j][1])
        if start < end:
            total += end - start
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return total


@dataclass(frozen=True)
class _Coverage:
    sources: dict[str, Source]
    coders_of: dict[str, tuple[str, ...]]
    codes: tuple[str, ...]
    coders: tuple[str, ...]
    # (source, code, coder) → merged intervals; absent key means no coverage.
    cover: dict[tuple[str, str, str], Intervals]


def _coverage(segments: Iterable[Segment], sources: Iterable[Source], codes: Iterable[str] | None) -> _Coverage:
    by_id: dict[str, Source] = {}
    for item in sources:
        if item.id in by_id:
            raise AgreementInputError(f"source {item.id!r} is listed twice")
        if item.length < 0:
            raise AgreementInputError(f"source {item.id!r} has a negative length")
        by_id[item.id] = item
    raw: dict[tuple[str, str, str], list[tuple[int, int]]] = defaultdict(list)
    all_coders: set[str] = set()
    used_codes: set[str] = set()
    for segment in segments:
        source = by_id.get(segment.source)
        if source is None:
            raise AgreementInputError(f"a segment refers to the unknown source {segment.source!r}")
        if not 0 <= segment.start <= segment.end <= source.length:
            raise AgreementInputError(
                f"segment {segment.start}–{segment.end} by {segment.coder!r} lies outside source "
                f"{source.id!r} (length {source.length})"
            )
        if source.coders and segment.coder not in source.coders:
            raise AgreementInputError(f"{segment.coder!r} has segments in {source.id!r} but is not one of its coders")
        raw[(segment.source, segment.code, segment.coder)].append((segment.start, segment.end))
        all_coders.add(segment.coder)
        used_codes.add(segment.code)
    for source in by_id.values():
        all_coders.update(source.coders)
    coders = tuple(sorted(all_coders))
    coders_of = {sid: tuple(sorted(s.coders)) if s.coders else coders for sid, s in by_id.items()}
    cover = {key: _merge(spans) for key, spans in raw.items()}
    code_list = tuple(sorted(used_codes if codes is None else set(codes) | used_codes))
    return _Coverage(by_id, coders_of, code_list, coders, cover)


def _boundaries(coverage: _Coverage, source: str, code: str, coders: Sequence[str]) -> list[int]:
    points = {0, coverage.sources[source].length}
    for coder in coders:
        for start, end in coverage.cover.get((source, code, coder), ()):
            points.update((start, end))
    return sorted(points)


def _pieces(
    coverage: _Coverage, source: str, code: str, coders: Sequence[str]
) -> Iterable[tuple[int, int, frozenset[str]]]:
    """Elementary spans of `source` on which the set of coders applying `code` is constant."""
    points = _boundaries(coverage, source, code, coders)
    cursors = dict.fromkeys(coders, 0)
    for start, end in pairwise(points):
        if start == end:
            continue
        applying: set[str] = set()
        for coder in coders:
            spans = coverage.cover.get((source, code, coder), [])
            k = cursors[coder]
            while k < len(spans) and spans[k][1] <= start:
                k += 1
            cursors[coder] = k
            if k < len(spans) and spans[k][0] <= start:
                applying.add(coder)
        yield start, end, frozenset(applying)


# ----- agreement over coded texts ------------------------------------------------------------


def cohen_kappa(
    segments: Iterable[Segment],
    sources: Iterable[Source],
    first: str,
    second: str,
    *,
    codes: Iterable[str] | None = None,
) -> KappaReport:
    """Cohen's kappa of coders `first` and `second`, per code and pooled, on the sources both
    coded. `codes` adds codes that nobody used (their kappa is None); by default the codes in
    the segments."""
    if first == second:
        raise AgreementInputError("kappa compares two different coders")
    coverage = _coverage(segments, sources, codes)
    shared = tuple(sid for sid in sorted(coverage.sources) if {first, second} <= set(coverage.coders_of[sid]))
    per_code: dict[str, KappaTable] = {}
    for code in coverage.codes:
        table = _EMPTY_TABLE
        for sid in shared:
            a = coverage.cover.get((sid, code, first), [])
            b = coverage.cover.get((sid, code, second), [])
            both = _intersection_length(a, b)
            len_a, len_b = _length(a), _length(b)
            neither = coverage.sources[sid].length - len_a - len_b + both
            table = table + KappaTable(both, len_a - both, len_b - both, neither)
        per_code[code] = table
    overall = sum(per_code.values(), _EMPTY_TABLE)
    kappas = [k for k in (t.kappa for t in per_code.values()) if k is not None]
    mean = sum(kappas) / len(kappas) if kappas else None
    return KappaReport(first, second, shared, per_code, overall, mean)


def krippendorff_alpha(
    segments: Iterable[Segment], sources: Iterable[Source], *, codes: Iterable[str] | None = None
) -> AlphaReport:
    """Krippendorff's nominal alpha of all coders, per code and pooled over codes.

    Each character of a source is a unit; each coder of that source gives it the value
    "applied" or "not applied" for the code; other coders are missing for it."""
    coverage = _coverage(segments, sources, codes)
    per_code: dict[str, float | None] = {}
    pairable: dict[str, int] = {}
    pooled: list[tuple[Mapping[Hashable, int], int]] = []
    for code in coverage.codes:
        units: list[tuple[Mapping[Hashable, int], int]] = []
        for sid in sorted(coverage.sources):
            coders = coverage.coders_of[sid]
            for start, end, applying in _pieces(coverage, sid, code, coders):
                yes = len(applying)
                units.append(({True: yes, False: len(coders) - yes}, end - start))
        per_code[code], pairable[code] = _alpha_from_units(units)
        pooled.extend(units)
    overall, _ = _alpha_from_units(pooled)
    return AlphaReport(coverage.coders, per_code, overall, pairable)


def disagreements(
    segments: Iterable[Segment], sources: Iterable[Source], *, codes: Iterable[str] | None = None
) -> list[Disagreement]:
    """Maximal spans where some but not all coders of a source applied a code, in the order of
    source, start and code. Adjacent spans with the same coders applying are joined."""
    coverage = _coverage(segments, sources, codes)
    found: list[Disagreement] = []
    for sid in sorted(coverage.sources):
        coders = coverage.coders_of[sid]
        if len(coders) < 2:
            continue
        for code in coverage.codes:
            current: Disagreement | None = None
            for start, end, applying in _pieces(coverage, sid, code, coders):
                if not applying or len(applying) == len(coders):
                    if current is not None:
                        found.append(current)
                        current = None
                    continue
                applied = tuple(c for c in coders if c in applying)
                if current is not None and current.applied_by == applied and current.end == start:
                    current = Disagreement(sid, code, current.start, end, applied, current.not_applied_by)
                    continue
                if current is not None:
                    found.append(current)
                not_applied = tuple(c for c in coders if c not in applying)
                current = Disagreement(sid, code, start, end, applied, not_applied)
            if current is not None:
                found.append(current)
    found.sort(key=lambda d: (d.source, d.start, d.code, d.end))
    return found


def coder_pairs(coders: Iterable[str]) -> list[tuple[str, str]]:
    """Every pair of distinct coders, sorted: the pairs `cohen_kappa` can compare."""
    return list(combinations(sorted(set(coders)), 2))
