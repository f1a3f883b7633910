"""Seat people at dialogue tables for the next round, balancing roles and rotating people.

At a dialogue workshop people either seat themselves with a table's code, or the facilitator
asks Samskap for a seating. This module proposes one for the next round from the people (id,
role, in the room or online), the tables (id, in the room or online) and the seatings of the
earlier rounds (person id → table id, oldest first). `score_seating` rescores any seating, so
the app can show how a hand-made move affects the quality.

Rules, in order of weight:

1. Everyone is seated exactly once; online people at online tables and everyone else at tables
   in the room. People of a kind with no table of that kind raise `SeatingInputError`.
2. Table sizes among tables of one kind differ by at most one (settled as people are placed,
   and every later step swaps two people, so sizes never drift).
3. Each role is spread over the tables of a kind as evenly as possible: the cost is the sum over
   tables and roles of the squared count, which is smallest when the counts of each role differ
   by at most one. So with at least as many service users (lived experience) as tables, every
   table has one. A swap that makes the role spread worse is never taken.
4. Rotation, in later rounds: a person back at a table they sat at before costs `_VISIT_WEIGHT`
   per earlier visit, and two people at one table who sat together before cost `_PAIR_WEIGHT`
   per earlier round together (world café: meet new people each round).

The weights (role 100 per unit of squared count, visit 10, pair 1) make a better role spread
outweigh rotation, and one revisit outweigh a few repeated pairs.

Method, per kind (room, online): with n people at t tables, every table gets n // t or one more,
and n % t tables the one more; people are placed greedily, service users first, then the rarest
role first, within a role in seeded order, each at the open table where they add the least cost
(so the costs decide which tables are the larger ones); then a seeded local search tries
swapping two people at different tables and keeps a swap only if the cost falls. It stops
after `_TRIALS_PER_PERSON` trials per person (at most `_MAX_TRIALS`) or after `_PATIENCE`
trials per person without an improvement.

The quality (`SeatingQuality`): `role_spread` is 1 minus the share of people seated above their
role's even share at their table (ceil(role count / tables) per kind), so 1.0 means every role is
spread as evenly as the numbers allow; `lived_experience_tables` counts tables with a service
user and `lived_experience_possible` how many could have one (per kind, the fewer of tables and
service users); `repeated_tables` counts people at a table they sat at before;
`repeated_pairs` counts pairs at one table who sat together in an earlier round.

The result depends only on the input and `seed`, not on the order of `people`, `tables` or the
keys of the history: people and tables are sorted by id, and the only randomness is
`random.Random(seed)`. People in the history who are no longer among `people`, and tables no
longer among `tables`, are ignored. Pure computation: no Django, no database.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "LIVED_EXPERIENCE_ROLE",
    "Person",
    "Seating",
    "SeatingInputError",
    "SeatingQuality",
    "Table",
    "TableSummary",
    "score_seating",
    "seat_round",
]

LIVED_EXPERIENCE_ROLE = "service_user"

_ROLE_WEIGHT = 100
_VISIT_WEIGHT = 10
_PAIR_WEIGHT = 1
# Local search budget per kind. At 1,000 people at 100 tables with three earlier rounds the
# search ends in a local optimum well before the budget (see BENCHMARKS.md).
_TRIALS_PER_PERSON = 60
_MAX_TRIALS = 60_000
_PATIENCE = 15
_NONE: Counter[int] = Counter()  # read only: a person without history


@dataclass(frozen=True)
class Person:
    id: int
    role: str
    online: bool = False


@dataclass(frozen=True)
class Table:
    id: int
    online: bool = False


@dataclass(frozen=True)
class TableSummary:
    """One table in a seating: its size and how many of each role sit there (roles sorted)."""

    id: int
    online: bool
    size: int
    roles: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class SeatingQuality:
    role_spread: float
    lived_experience_tables: int
    lived_experience_possible: int
    repeated_tables: int
    repeated_pairs: int


@dataclass(frozen=True)
class Seating:
    """`seats` maps person id → table id, in order of person id; `tables` follows table id."""

    seats: Mapping[int, int]
    tables: tuple[TableSummary, ...]
    quality: SeatingQuality


class SeatingInputError(ValueError):
    """The people, tables or history cannot be seated; the message says which and why."""


# --- validation -------------------------------------------------------------------------------


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check(people: Sequence[Person], tables: Sequence[Table]) -> tuple[list[Person], list[Table]]:
    seen: set[int] = set()
    for person in people:
        if not _is_id(person.id):
            raise SeatingInputError(f"person ids must be whole numbers, not {person.id!r}")
        if person.id in seen:
            raise SeatingInputError(f"person id {person.id} occurs more than once")
        seen.add(person.id)
        if not isinstance(person.role, str) or not person.role.strip():
            raise SeatingInputError(f"person {person.id}: the role is empty")
    seen = set()
    for table in tables:
        if not _is_id(table.id):
            raise SeatingInputError(f"table ids must be whole numbers, not {table.id!r}")
        if table.id in seen:
            raise SeatingInputError(f"table id {table.id} occurs more than once")
        seen.add(table.id)
    for online in (False, True):
        count = sum(1 for person in people if bool(person.online) is online)
        if count and not any(bool(table.online) is online for table in tables):
            kind = "online" if online else "in the room"
            raise SeatingInputError(f"{count} {'person is' if count == 1 else 'people are'} {kind}, but no table is")
    return sorted(people, key=lambda p: p.id), sorted(tables, key=lambda t: t.id)


def _history(
    history: Sequence[Mapping[int, int]], people: Sequence[Person], tables: Sequence[Table]
) -> tuple[dict[int, Counter[int]], dict[int, Counter[int]]]:
    """Per person, earlier visits per table, and earlier rounds together per other person."""
    person_ids = {person.id for person in people}
    table_ids = {table.id for table in tables}
    visits: dict[int, Counter[int]] = defaultdict(Counter)
    met: dict[int, Counter[int]] = defaultdict(Counter)
    for earlier in history:
        at: defaultdict[int, list[int]] = defaultdict(list)
        for person_id, table_id in sorted(earlier.items()):
            if not _is_id(person_id) or not _is_id(table_id):
                raise SeatingInputError(
                    f"an earlier round seats {person_id!r} at {table_id!r}; ids must be whole numbers"
                )
            if person_id in person_ids:
                at[table_id].append(person_id)
                if table_id in table_ids:
                    visits[person_id][table_id] += 1
        for members in at.values():
            for a in members:
                for b in members:
                    if a != b:
                        met[a][b] += 1
    return visits, met


# --- construction -----------------------------------------------------------------------------


class _Kind:
    """The seating of one kind (room or online) under construction."""

    def __init__(
        self,
        people: list[Person],
        tables: list[Table],
        visits: Mapping[int, Counter[int]],
        met: Mapping[int, Counter[int]],
        rng: random.Random,
    ) -> None:
        self.people = people
        self.table_ids = [table.id for table in tables]
        self.visits = visits
        self.met = met
        self.rng = rng
        self.role = {person.id: person.role for person in people}
        self.table_of: dict[int, int] = {}
        self.size = dict.fromkeys(self.table_ids, 0)
        self.role_count: dict[int, Counter[str]] = {t: Counter() for t in self.table_ids}

    def _met_at(self, person: int) -> Counter[int]:
        """Earlier rounds together with the people now at each table."""
        at: Counter[int] = Counter()
        table_of = self.table_of
        for other, times in self.met.get(person, _NONE).items():
            table = table_of.get(other)
            if table is not None:
                at[table] += times
        return at

    def build(self) -> None:
        n, t = len(self.people), len(self.table_ids)
        if n == 0:
            return
        # Sizes end up base or base + 1, exactly `extra` tables the larger: a table may grow
        # past base only while fewer than `extra` have. Which tables are the larger ones is left
        # to the people's costs, so a round can put the extra seat where it rotates best.
        base, extra = divmod(n, t)
        larger = 0
        # Service users, then the rarest role first, so that scarce roles reach every table
        # before the tables fill up.
        role_total = Counter(self.role.values())
        order = list(self.people)
        self.rng.shuffle(order)
        order.sort(key=lambda p: (p.role != LIVED_EXPERIENCE_ROLE, role_total[p.role], p.role))
        for person in order:
            met_at = self._met_at(person.id)
            visits = self.visits.get(person.id, _NONE)
            best_table, best_key = -1, (0, 0)
            for table in self.table_ids:
                size = self.size[table]
                if size > base or (size == base and larger >= extra):
                    continue
                count = self.role_count[table][person.role]
                cost = (
                    _ROLE_WEIGHT * (2 * count + 1)
                    + _VISIT_WEIGHT * visits.get(table, 0)
                    + _PAIR_WEIGHT * met_at.get(table, 0)
                )
                if best_table < 0 or (cost, size) < best_key:
                    best_table, best_key = table, (cost, size)
            self.table_of[person.id] = best_table
            self.size[best_table] += 1
            larger += self.size[best_table] == base + 1
            self.role_count[best_table][person.role] += 1

    def improve(self) -> None:
        ids = [person.id for person in self.people]
        if len(ids) < 2 or len(self.table_ids) < 2:
            return
        trials = min(_MAX_TRIALS, _TRIALS_PER_PERSON * len(ids))
        patience = _PATIENCE * len(ids)
        idle = 0
        rng, table_of, role, role_count = self.rng, self.table_of, self.role, self.role_count
        visits, met = self.visits, self.met
        for _ in range(trials):
            if idle >= patience:
                break
            idle += 1
            a, b = rng.choice(ids), rng.choice(ids)
            ta, tb = table_of[a], table_of[b]
            if ta == tb:
                continue
            ra, rb = role[a], role[b]
            delta = 0
            if ra != rb:
                ca, cb = role_count[ta], role_count[tb]
                # a (role ra) leaves ta for tb and b (role rb) leaves tb for ta: the change in
                # the sum of squared counts.
                delta += _ROLE_WEIGHT * 2 * (cb[ra] - ca[ra] + 1 + ca[rb] - cb[rb] + 1)
                if delta > 0:  # a worse role spread is never worth a better rotation
                    continue
            va, vb = visits.get(a, _NONE), visits.get(b, _NONE)
            delta += _VISIT_WEIGHT * (va.get(tb, 0) - va.get(ta, 0) + vb.get(ta, 0) - vb.get(tb, 0))
            ma, mb = met.get(a), met.get(b)
            if ma or mb:
                ab = ma.get(b, 0) if ma else 0
                pair = 0
                for frm, to, known in ((ta, tb, ma), (tb, ta, mb)):
                    if not known:
                        continue
                    for other, times in known.items():
                        table = table_of.get(other)
                        if table == to:
                            pair += times
                        elif table == frm:
                            pair -= times
                    pair -= ab  # a and b sit at different tables before and after the swap
                delta += _PAIR_WEIGHT * pair
            if delta >= 0:
                continue
            table_of[a], table_of[b] = tb, ta
            role_count[ta][ra] -= 1
            role_count[ta][rb] += 1
            role_count[tb][rb] -= 1
            role_count[tb][ra] += 1
            idle = 0


def seat_round(
    people: Sequence[Person],
    tables: Sequence[Table],
    history: Sequence[Mapping[int, int]] = (),
    *,
    seed: int = 0,
) -> Seating:
    """A seating for the round after `history` (earlier rounds' person → table, oldest first)."""
    people_sorted, tables_sorted = _check(people, tables)
    visits, met = _history(history, people_sorted, tables_sorted)
    rng = random.Random(seed)  # noqa: S311 - a reproducible search, not a secret
    seats: dict[int, int] = {}
    for online in (False, True):
        kind = _Kind(
            [p for p in people_sorted if bool(p.online) is online],
            [t for t in tables_sorted if bool(t.online) is online],
            visits,
            met,
            rng,
        )
        kind.build()
        kind.improve()
        seats.update(kind.table_of)
    ordered = {person.id: seats[person.id] for person in people_sorted}
    return _score(people_sorted, tables_sorted, visits, met, ordered)


# --- quality ----------------------------------------------------------------------------------


def score_seating(
    people: Sequence[Person],
    tables: Sequence[Table],
    history: Sequence[Mapping[int, int]],
    seats: Mapping[int, int],
) -> Seating:
    """The quality of any seating (one made or moved by hand, say) of everyone in `people`.
    Raises `SeatingInputError` for a person without a seat, a seat at an unknown table, or an
    online person at a table in the room or the other way round."""
    people_sorted, tables_sorted = _check(people, tables)
    online_of = {table.id: bool(table.online) for table in tables_sorted}
    known = {person.id for person in people_sorted}
    for person_id in sorted(set(seats) - known):
        raise SeatingInputError(f"seat for person {person_id}, who is not among the people")
    for person in people_sorted:
        if person.id not in seats:
            raise SeatingInputError(f"person {person.id} has no seat")
        table = seats[person.id]
        if table not in online_of:
            raise SeatingInputError(f"person {person.id} sits at table {table!r}, which is not among the tables")
        if online_of[table] is not bool(person.online):
            raise SeatingInputError(f"person {person.id} sits at a table of the other kind (online or in the room)")
    visits, met = _history(history, people_sorted, tables_sorted)
    ordered = {person.id: seats[person.id] for person in people_sorted}
    return _score(people_sorted, tables_sorted, visits, met, ordered)


def _score(
    people: list[Person],
    tables: list[Table],
    visits: Mapping[int, Counter[int]],
    met: Mapping[int, Counter[int]],
    seats: dict[int, int],
) -> Seating:
    role_of = {person.id: person.role for person in people}
    members: dict[int, list[int]] = {table.id: [] for table in tables}
    for person_id, table_id in seats.items():
        members[table_id].append(person_id)
    summaries = tuple(
        TableSummary(
            table.id,
            bool(table.online),
            len(members[table.id]),
            tuple(sorted(Counter(role_of[p] for p in members[table.id]).items())),
        )
        for table in tables
    )
    excess = 0
    lived_tables = 0
    lived_possible = 0
    for online in (False, True):
        kind_tables = [s for s in summaries if s.online is online]
        if not kind_tables:
            continue
        totals: Counter[str] = Counter()
        for summary in kind_tables:
            totals.update(dict(summary.roles))
        for summary in kind_tables:
            for role, count in summary.roles:
                excess += max(0, count - -(-totals[role] // len(kind_tables)))
            lived_tables += any(role == LIVED_EXPERIENCE_ROLE for role, _ in summary.roles)
        lived_possible += min(len(kind_tables), totals[LIVED_EXPERIENCE_ROLE])
    repeated_tables = sum(1 for person_id, table_id in seats.items() if visits.get(person_id, _NONE)[table_id])
    repeated_pairs = 0
    for person_id, table_id in seats.items():
        for other in met.get(person_id, _NONE):
            if other > person_id and seats.get(other) == table_id:
                repeated_pairs += 1
    quality = SeatingQuality(
        role_spread=1.0 - excess / len(people) if people else 1.0,
        lived_experience_tables=lived_tables,
        lived_experience_possible=lived_possible,
        repeated_tables=repeated_tables,
        repeated_pairs=repeated_pairs,
    )
    return Seating(seats=seats, tables=summaries, quality=quality)
