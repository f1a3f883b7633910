"""Form teams at a 48-hour hybrid innovation camp for mental-health and substance-use services.

People register alone or as a small group, say whether they take part in the room or online,
and may rank the camp's challenges. This module sorts them into teams so that a facilitator
starts from a fair proposal and only adjusts it by hand. `score_teams` rescores any assignment,
so the app can show how a hand-made change affects the quality.

Rules, in order of weight:

1. Every person is in exactly one team, and a team is all-room or all-online, never mixed.
2. People who registered together (same `group` key) stay in one team. A group needs one mode,
   and at most `team_size + 1` people, the largest team allowed: a larger group raises
   `MatchingInputError` rather than being left out, because a group silently missing from the
   camp is worse than telling the facilitator to split it. `Matching.unplaced` therefore stays
   empty; it is kept so that callers need not change if that decision is revisited.
3. Teams have `team_size` (3–10) people, sizes in one mode differ by at most one, and every size
   is within one of `team_size`, as far as the numbers allow. The number of teams in a mode is
   the one whose sizes come closest (`_plan`). A mode with fewer people than a team gets one
   smaller team, and groups that do not pack evenly may force a larger spread. So may rule 4: a
   group without lived experience that would fill a team on its own gets one place more (taken
   from another team, both staying within one of `team_size`) when a lived-experience person
   is spare to take it.
4. Every team has at least one lived-experience person (by default a service user or a
   relative) where the numbers in that mode allow it.
5. Roles are mixed.
6. Each team works on one challenge, the one its members prefer most (first choice 1, second
   0.6, third 0.3). Several teams may work on the same challenge, and a challenge nobody wants
   may get no team (a note says so): people come to a camp for the challenge they chose, and a
   facilitator who wants every challenge covered can move a team by hand. Where a team's
   members are indifferent, it takes the challenge with the fewest teams so far. With no
   challenges, every team has challenge None.

The quality measure (`Quality`), each part from 0 to 1, higher is better:

- preference: mean credit per person for the team's challenge (1, 0.6, 0.3 for the first three
  choices, 0 otherwise or when not in a team); people without preferences count as satisfied.
- lived_experience: teams with a lived-experience person, out of the teams that could have one:
  per mode, the fewer of the teams and the lived-experience units (a group counts once, since it
  cannot be split). When no team could have one it is 1.0, and a note says why; the matching
  could not have done better, and the score compares matchings, not camps.
- diversity: mean over teams of distinct roles / min(team size, distinct roles in that mode).
- size_balance: mean over teams of 1 - (distance outside the allowed sizes) / team_size, at 0 or
  more. Sizes within one of `team_size` are allowed, and so are the sizes the numbers force in
  that mode (computed by the same `_plan` as the matching).
- score: the weighted mean, preference 0.4, lived experience 0.3, diversity 0.2, size balance
  0.1. Preferences weigh most because they decide what people work on for 48 hours; lived
  experience next because it is the point of a user-involved camp (and the search never gives it
  up, whatever the weights); size is mostly settled by construction.

What could not be met is reported twice: as short, stable English `Quality.notes`, and as
`Quality.codes` (`Note` objects with a code and its numbers, in the same order) for the web app
to translate. The codes: `unplaced` (count), `short_team` (mode, count of people), `team_size`
(mode, count of teams more than one away from team_size), `mode_mismatch` (mode, count),
`no_lived_experience` (mode), `without_lived_experience` (mode, count of teams),
`unmet_preferences` (mode, count of people with none of their first three choices),
`challenge_without_team` (challenge) and `group_split` (group, count of teams). `unplaced`,
`mode_mismatch` and `group_split` describe hand-made teams and come only from `score_teams`.

Method, per mode. The number of teams and their sizes come from packing the groups, largest
first, into the least-loaded team, and filling up with people who came alone. Each team gets a
target challenge where first-choice demand outstrips the places already given to it. People who
came alone join in order: lived-experience people first, one per team still without one, then
the rest, rarest role first, each into the open team where they gain the most (preference for
the target challenge plus a new role). A seeded local search then tries moving a person or
group to another team of the same mode and swapping two of them. In each trial both teams'
challenges are chosen again as their members' favourite. It keeps a change only if the score
rises and no team loses its lived-experience person, and it stops after a bounded number of
trials. The planned sizes are kept throughout. Last, teams torn between challenges
take the least used one.

The result depends only on the input and `seed`, not on the order of `people`: people are
sorted by id, groups by key, and the only randomness is `random.Random(seed)`. Pure
computation: no Django, no database.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "LIVED_EXPERIENCE_ROLES",
    "MAX_TEAM_SIZE",
    "MIN_TEAM_SIZE",
    "MODES",
    "PREFERENCE_CREDIT",
    "WEIGHTS",
    "Matching",
    "MatchingInputError",
    "Note",
    "Person",
    "Quality",
    "Team",
    "match_teams",
    "score_teams",
]

LIVED_EXPERIENCE_ROLES = frozenset({"service_user", "relative"})
MODES = ("online", "room")
MIN_TEAM_SIZE = 3
MAX_TEAM_SIZE = 10
PREFERENCE_CREDIT = (1.0, 0.6, 0.3)
WEIGHTS = {"preference": 0.4, "lived_experience": 0.3, "diversity": 0.2, "size_balance": 0.1}

# Credit in tenths, so that sums compare exactly and ties between challenges are real ties.
_CREDIT_TENTHS = tuple(round(10 * credit) for credit in PREFERENCE_CREDIT)
# Local search budget per mode: trials per person or group, at most _MAX_TRIALS, and it stops
# early after _PATIENCE_PER_UNIT trials per unit without an improvement. Tuned on the 60-person
# camp in tests/analysis/test_matching.py and on 300-person camps (0.3 to 0.7 s, median 0.4 s,
# on two cores): four or twenty times the trials changed the score by less than 0.003, because
# the search ends in a local optimum, not for want of trials.
_TRIALS_PER_UNIT = 150
_MAX_TRIALS = 60_000
_PATIENCE_PER_UNIT = 40
_EPSILON = 1e-12


@dataclass(frozen=True)
class Person:
    id: int
    role: str
    mode: str
    preferences: tuple[int, ...] = ()
    group: str | None = None


@dataclass(frozen=True)
class Team:
    challenge: int | None
    mode: str
    members: tuple[int, ...]


@dataclass(frozen=True)
class Note:
    """One thing that could not be met, for the app to translate: `code` is stable, and `mode`,
    `count`, `challenge` and `group` are the numbers its message needs (None or 0 when unused).
    `text` is the English note."""

    code: str
    text: str
    mode: str | None = None
    count: int = 0
    challenge: int | None = None
    group: str | None = None


@dataclass(frozen=True)
class Quality:
    score: float
    preference: float
    lived_experience: float
    diversity: float
    size_balance: float
    notes: tuple[str, ...]
    codes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class Matching:
    teams: tuple[Team, ...]
    quality: Quality
    unplaced: tuple[int, ...]


class MatchingInputError(ValueError):
    """The people, challenges or team size cannot be matched; the message says which and why."""


# --- validation -------------------------------------------------------------------------------


def _check_team_size(team_size: int) -> None:
    if isinstance(team_size, bool) or not isinstance(team_size, int) or not MIN_TEAM_SIZE <= team_size <= MAX_TEAM_SIZE:
        raise MatchingInputError(
            f"team_size must be a whole number from {MIN_TEAM_SIZE} to {MAX_TEAM_SIZE}, not {team_size!r}"
        )


def _check_challenges(challenges: Sequence[int]) -> tuple[int, ...]:
    seen: set[int] = set()
    for challenge in challenges:
        if isinstance(challenge, bool) or not isinstance(challenge, int):
            raise MatchingInputError(f"challenge ids must be whole numbers, not {challenge!r}")
        if challenge in seen:
            raise MatchingInputError(f"challenge {challenge} occurs more than once")
        seen.add(challenge)
    return tuple(sorted(seen))


def _check_people(people: Sequence[Person], challenges: tuple[int, ...] | None) -> list[Person]:
    """People sorted by id, after checking ids, roles, modes and (when `challenges` is known)
    preferences."""
    known = set(challenges) if challenges is not None else None
    seen: set[int] = set()
    for person in people:
        if isinstance(person.id, bool) or not isinstance(person.id, int):
            raise MatchingInputError(f"person ids must be whole numbers, not {person.id!r}")
        if person.id in seen:
            raise MatchingInputError(f"person id {person.id} occurs more than once")
        seen.add(person.id)
        if not isinstance(person.role, str) or not person.role.strip():
            raise MatchingInputError(f"person {person.id}: the role is empty")
        if person.mode not in MODES:
            raise MatchingInputError(f"person {person.id}: mode must be 'room' or 'online', not {person.mode!r}")
        if person.group is not None and (not isinstance(person.group, str) or not person.group):
            raise MatchingInputError(f"person {person.id}: the group key must be a non-empty text or None")
        listed: set[int] = set()
        for challenge in person.preferences:
            if known is not None and challenge not in known:
                shown = ", ".join(map(str, sorted(known))) if known else "none given"
                raise MatchingInputError(
                    f"person {person.id}: preference {challenge!r} is not one of the challenges ({shown})"
                )
            if challenge in listed:
                raise MatchingInputError(f"person {person.id}: challenge {challenge} is listed twice")
            listed.add(challenge)
    return sorted(people, key=lambda person: person.id)


def _check_groups(people: Sequence[Person], team_size: int) -> None:
    members: defaultdict[str, list[Person]] = defaultdict(list)
    for person in people:
        if person.group is not None:
            members[person.group].append(person)
    for key in sorted(members):
        group = members[key]
        modes = sorted({person.mode for person in group})
        if len(modes) > 1:
            raise MatchingInputError(
                f"group {key!r} mixes modes {' and '.join(modes)}; a team is all-room or all-online"
            )
        if len(group) > team_size + 1:
            raise MatchingInputError(
                f"group {key!r} has {len(group)} people, more than the largest team ({team_size + 1}); "
                "split it into smaller groups"
            )


# --- sizes ------------------------------------------------------------------------------------


def _pack(
    groups: Sequence[tuple[int, int]], singles: int, lived_singles: int, teams: int, team_size: int
) -> tuple[list[int], list[int], int, int]:
    """Groups, as (size, has lived experience) in placement order, each into the least-loaded
    team, then people who came alone one at a time likewise. Among equally loaded teams a team
    without lived experience comes first, so that lived-experience groups spread out and teams
    without one keep room for a lived-experience person who came alone.

    A group without lived experience that fills its team leaves no room for one, so where
    lived-experience people who came alone are spare, such a team gets one place more, taken
    from the largest team that can give one, as long as both stay within one of team_size.

    Returns each group's team, each team's final size, the number of teams a lived-experience
    group covers, and the number of other teams with room left after the groups."""
    heap = [(0, 0, k) for k in range(teams)]
    placement: list[int] = []
    for size, lived in groups:
        load, has, k = heapq.heappop(heap)
        placement.append(k)
        heapq.heappush(heap, (load + size, max(has, lived), k))
    loads = [0] * teams
    covers = [0] * teams
    for load, has, k in heap:
        loads[k], covers[k] = load, has
    for _ in range(singles):
        load, has, k = heapq.heappop(heap)
        heapq.heappush(heap, (load + 1, has, k))
    sizes = [0] * teams
    for load, _has, k in heap:
        sizes[k] = load
    spare = lived_singles - sum(1 for k in range(teams) if not covers[k] and sizes[k] > loads[k])
    for k in range(teams):
        if spare <= 0:
            break
        if covers[k] or sizes[k] > loads[k] or sizes[k] + 1 > team_size + 1:
            continue
        # A donor keeps a place for a lived-experience person if it has no lived-experience group.
        donors = [
            j for j in range(teams) if j != k and sizes[j] - 1 >= max(team_size - 1, loads[j] + (0 if covers[j] else 1))
        ]
        if donors:
            donor = max(donors, key=lambda j: (sizes[j], -j))
            sizes[k] += 1
            sizes[donor] -= 1
            spare -= 1
    open_bare = sum(1 for k in range(teams) if not covers[k] and sizes[k] > loads[k])
    return placement, sizes, sum(covers), open_bare


def _plan(
    groups: Sequence[tuple[int, int]], singles: int, lived_singles: int, team_size: int
) -> tuple[list[int], list[int]]:
    """The number of teams whose sizes come closest to `team_size`: fewest sizes outside
    team_size ± 1 (by the worst, then the total distance), then the fewest teams that groups
    leave without room for a lived-experience person who is there to be had, then the mean size
    nearest team_size, then the smallest spread, then fewer teams. Returns the groups' teams and
    the teams' sizes for it."""
    total = sum(size for size, _ in groups) + singles
    units = len(groups) + singles
    if total == 0:
        return [], []
    if total < team_size:
        candidates = range(1, 2)
    else:
        low = min(units, max(1, total // (team_size + 1)))
        high = max(low, min(units, -(-total // (team_size - 1))))
        candidates = range(low, high + 1)
    lived_units = sum(lived for _size, lived in groups) + lived_singles
    best: tuple[tuple[int, int, int, float, int, int], list[int], list[int]] | None = None
    for teams in candidates:
        placement, sizes, covered, open_bare = _pack(groups, singles, lived_singles, teams, team_size)
        excess = [max(0, abs(size - team_size) - 1) for size in sizes]
        missed = min(teams, lived_units) - covered - min(lived_singles, open_bare)
        spread = max(sizes) - min(sizes)
        key = (max(excess), sum(excess), missed, abs(total - teams * team_size) / teams, spread, teams)
        if best is None or key < best[0]:
            best = (key, placement, sizes)
    assert best is not None
    return best[1], best[2]


def _units(people: Sequence[Person]) -> list[list[Person]]:
    """Groups (by key) then people who came alone (by id): the pieces that move as one."""
    groups: defaultdict[str, list[Person]] = defaultdict(list)
    singles: list[list[Person]] = []
    for person in people:
        if person.group is None:
            singles.append([person])
        else:
            groups[person.group].append(person)
    return [groups[key] for key in sorted(groups)] + singles


def _group_order(units: Sequence[list[Person]]) -> list[int]:
    """Indices of the group units (those with a key) in packing order: largest first."""
    keyed = [k for k, unit in enumerate(units) if unit[0].group is not None]
    return sorted(keyed, key=lambda k: (-len(units[k]), units[k][0].group or ""))


def _mode_plan(people: Sequence[Person], team_size: int, lived: frozenset[str]) -> tuple[list[int], list[int]]:
    units = _units(people)
    order = _group_order(units)
    groups = [(len(units[k]), int(any(p.role in lived for p in units[k]))) for k in order]
    singles = [unit[0] for unit in units if unit[0].group is None]
    return _plan(groups, len(singles), sum(p.role in lived for p in singles), team_size)


# --- scoring ----------------------------------------------------------------------------------


def _credit(person: Person, challenge: int | None) -> float:
    if not person.preferences:
        return 1.0
    if challenge is None:
        return 0.0
    try:
        rank = person.preferences.index(challenge)
    except ValueError:
        return 0.0
    return PREFERENCE_CREDIT[rank] if rank < len(PREFERENCE_CREDIT) else 0.0


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def score_teams(
    teams: Sequence[Team],
    people: Sequence[Person],
    team_size: int,
    *,
    lived_experience_roles: frozenset[str] = LIVED_EXPERIENCE_ROLES,
    challenges: Sequence[int] | None = None,
) -> Quality:
    """The quality of any assignment of `people` to `teams` (see the module docstring).

    Hand-made assignments may leave people out, split a group or put someone in a team of the
    other mode: those lower the score or get a note. An empty team counts as a team without
    lived experience or diversity. Unknown or repeated members, unknown modes and a team size
    out of range raise `MatchingInputError`. With `challenges` given, the preferences and the
    teams' challenges must be among them (a team may have None), and challenges without a team
    get a note.
    """
    _check_team_size(team_size)
    known = _check_challenges(challenges) if challenges is not None else None
    ordered = _check_people(people, known)
    by_id = {person.id: person for person in ordered}
    placed: dict[int, int] = {}  # person id -> index of the team in `teams`
    for index, team in enumerate(teams):
        if team.mode not in MODES:
            raise MatchingInputError(f"a team's mode must be 'room' or 'online', not {team.mode!r}")
        if known is not None and team.challenge is not None and team.challenge not in known:
            raise MatchingInputError(f"a team works on challenge {team.challenge}, which is not one of the challenges")
        for member in team.members:
            if member not in by_id:
                raise MatchingInputError(f"a team has member {member!r}, who is not among the people")
            if member in placed:
                raise MatchingInputError(f"person {member} is in more than one team")
            placed[member] = index
    # A canonical order, so that float sums do not depend on the order of `teams`.
    canonical = sorted(
        teams, key=lambda t: (t.mode, t.challenge is not None, t.challenge or 0, sorted(t.members), len(t.members))
    )

    notes: list[Note] = []
    unplaced = [person for person in ordered if person.id not in placed]
    if unplaced:
        notes.append(
            Note("unplaced", f"{_plural(len(unplaced), 'person', 'people')} not in any team", None, len(unplaced))
        )

    credit_total = 0.0
    lived_achieved = lived_could = 0
    diversity_total = size_total = 0.0
    for mode in MODES:
        mode_people = [person for person in ordered if person.mode == mode]
        mode_teams = [team for team in canonical if team.mode == mode]
        units = _units(mode_people)
        lived_units = sum(1 for unit in units if any(p.role in lived_experience_roles for p in unit))
        available = len({person.role for person in mode_people})
        _placement, planned = _mode_plan(mode_people, team_size, lived_experience_roles)
        low = min([team_size - 1, *planned])
        high = max([team_size + 1, *planned])

        covered = outside = mismatched = unmet = 0
        for team in mode_teams:
            members = [by_id[member] for member in team.members]
            size = len(members)
            credit_total += sum(_credit(person, team.challenge) for person in members)
            unmet += sum(1 for person in members if person.preferences and _credit(person, team.challenge) == 0)
            mismatched += sum(1 for person in members if person.mode != mode)
            covered += any(person.role in lived_experience_roles for person in members)
            if size:
                roles = len({person.role for person in members})
                diversity_total += min(1.0, roles / max(1, min(size, available or roles)))
            distance = max(0, low - size, size - high)
            size_total += max(0.0, 1.0 - distance / team_size)
            outside += not team_size - 1 <= size <= team_size + 1
        could = min(len(mode_teams), lived_units)
        lived_could += could
        lived_achieved += min(could, covered)

        if len(mode_teams) == 1 and outside and len(mode_people) < team_size - 1:
            count = len(mode_people)
            text = f"mode {mode}: {_plural(count, 'person', 'people')} cannot make a full team"
            notes.append(Note("short_team", text, mode, count))
        elif outside:
            text = f"mode {mode}: {_plural(outside, 'team', 'teams')} more than one away from team size {team_size}"
            notes.append(Note("team_size", text, mode, outside))
        if mismatched:
            text = f"mode {mode}: {_plural(mismatched, 'person', 'people')} from the other mode"
            notes.append(Note("mode_mismatch", text, mode, mismatched))
        lacking = len(mode_teams) - covered
        if mode_teams and lived_units == 0:
            notes.append(Note("no_lived_experience", f"mode {mode}: no lived-experience people", mode, lacking))
        elif lacking > 0:
            text = f"mode {mode}: {_plural(lacking, 'team', 'teams')} without a lived-experience person"
            notes.append(Note("without_lived_experience", text, mode, lacking))
        if unmet:
            text = f"mode {mode}: {_plural(unmet, 'person', 'people')} got none of their first three choices"
            notes.append(Note("unmet_preferences", text, mode, unmet))

    if known:
        used = {team.challenge for team in teams}
        for challenge in known:
            if challenge not in used:
                notes.append(Note("challenge_without_team", f"challenge {challenge}: no team", challenge=challenge))
    groups: defaultdict[str, set[int]] = defaultdict(set)
    for person in ordered:
        if person.group is not None and person.id in placed:
            groups[person.group].add(placed[person.id])
    for key in sorted(groups):
        if len(groups[key]) > 1:
            count = len(groups[key])
            notes.append(Note("group_split", f"group {key}: split over {count} teams", count=count, group=key))

    preference = credit_total / len(ordered) if ordered else 1.0
    lived_share = lived_achieved / lived_could if lived_could else 1.0
    diversity = diversity_total / len(teams) if teams else 1.0
    size_balance = size_total / len(teams) if teams else 1.0
    # fsum, so that perfect parts give exactly 1.0 (0.4 + 0.3 + 0.2 + 0.1 is not 1.0 in floats).
    score = math.fsum(
        (
            WEIGHTS["preference"] * preference,
            WEIGHTS["lived_experience"] * lived_share,
            WEIGHTS["diversity"] * diversity,
            WEIGHTS["size_balance"] * size_balance,
        )
    )
    return Quality(
        score=score,
        preference=preference,
        lived_experience=lived_share,
        diversity=diversity,
        size_balance=size_balance,
        notes=tuple(note.text for note in notes),
        codes=tuple(notes),
    )


# --- matching ---------------------------------------------------------------------------------


class _Mode:
    """The teams of one mode while they are built and improved. Units (a group, or one person
    who came alone) are the pieces that move; all state is kept in plain lists for speed."""

    def __init__(
        self,
        people: Sequence[Person],
        team_size: int,
        challenges: tuple[int, ...],
        lived: frozenset[str],
        weights: tuple[float, float, float],
    ) -> None:
        self.units = _units(people)
        self.challenges = challenges
        roles = sorted({person.role for person in people})
        role_index = {role: k for k, role in enumerate(roles)}
        self.available = len(roles)
        # Objective weights per unit of credit (tenths), of diversity and of a covered team.
        self.w_credit, self.w_diversity, self.w_lived = weights
        column = {challenge: k for k, challenge in enumerate(challenges)}
        n_challenges = len(challenges)

        self.u_size: list[int] = []
        self.u_roles: list[list[tuple[int, int]]] = []
        self.u_lived: list[int] = []
        self.u_credit: list[list[int]] = []
        for unit in self.units:
            credit = [0] * n_challenges
            for person in unit:
                if not person.preferences:
                    credit = [value + _CREDIT_TENTHS[0] for value in credit]
                for rank, challenge in enumerate(person.preferences[: len(_CREDIT_TENTHS)]):
                    credit[column[challenge]] += _CREDIT_TENTHS[rank]
            counts = Counter(role_index[person.role] for person in unit)
            self.u_size.append(len(unit))
            self.u_roles.append(sorted(counts.items()))
            self.u_lived.append(sum(person.role in lived for person in unit))
            self.u_credit.append(credit)

        order = _group_order(self.units)
        groups = [(self.u_size[k], int(self.u_lived[k] > 0)) for k in order]
        singles = [k for k, unit in enumerate(self.units) if unit[0].group is None]
        lived_singles = sum(1 for k in singles if self.u_lived[k])
        placement, self.sizes = _plan(groups, len(singles), lived_singles, team_size)
        n_teams = len(self.sizes)

        self.t_size = [0] * n_teams
        self.t_roles = [[0] * len(roles) for _ in range(n_teams)]
        self.t_distinct = [0] * n_teams
        self.t_lived = [0] * n_teams
        self.t_credit = [[0] * n_challenges for _ in range(n_teams)]
        self.t_units: list[list[int]] = [[] for _ in range(n_teams)]
        self.u_team = [-1] * len(self.units)
        for group, team in zip(order, placement, strict=True):
            self._add(group, team)
        self._fill(singles, people)

    # State changes.

    def _add(self, unit: int, team: int) -> None:
        self.u_team[unit] = team
        self.t_units[team].append(unit)
        self.t_size[team] += self.u_size[unit]
        self.t_lived[team] += self.u_lived[unit]
        counts = self.t_roles[team]
        for role, count in self.u_roles[unit]:
            self.t_distinct[team] += counts[role] == 0
            counts[role] += count
        credit = self.t_credit[team]
        for k, value in enumerate(self.u_credit[unit]):
            credit[k] += value

    def _remove(self, unit: int) -> None:
        team = self.u_team[unit]
        self.t_units[team].remove(unit)
        self.t_size[team] -= self.u_size[unit]
        self.t_lived[team] -= self.u_lived[unit]
        counts = self.t_roles[team]
        for role, count in self.u_roles[unit]:
            counts[role] -= count
            self.t_distinct[team] -= counts[role] == 0
        credit = self.t_credit[team]
        for k, value in enumerate(self.u_credit[unit]):
            credit[k] -= value
        self.u_team[unit] = -1

    # Greedy construction.

    def _fill(self, singles: list[int], people: Sequence[Person]) -> None:
        n_teams = len(self.sizes)
        if not n_teams:
            return
        open_places = [self.sizes[t] - self.t_size[t] for t in range(n_teams)]
        target = self._targets(people)

        def gain(unit: int, team: int) -> float:
            credit = self.u_credit[unit][target[team]] if target[team] >= 0 else 10 * self.u_size[unit]
            new_roles = sum(1 for role, _ in self.u_roles[unit] if self.t_roles[team][role] == 0)
            return self.w_credit * credit + self.w_diversity * new_roles / max(1, min(self.sizes[team], self.available))

        lived = [unit for unit in singles if self.u_lived[unit]]
        rest = [unit for unit in singles if not self.u_lived[unit]]
        for unit in lived:
            bare = [t for t in range(n_teams) if open_places[t] and not self.t_lived[t]]
            if not bare:
                rest.append(unit)
                continue
            team = max(bare, key=lambda t: (gain(unit, t), -t))
            self._add(unit, team)
            open_places[team] -= 1
        # Rarest role first, so that the few of a role spread before the many fill the places.
        frequency = Counter(self.u_roles[unit][0][0] for unit in rest)
        rest.sort(key=lambda unit: (frequency[self.u_roles[unit][0][0]], self.units[unit][0].id))
        for unit in rest:
            team = max(
                (t for t in range(n_teams) if open_places[t]),
                key=lambda t: (gain(unit, t), open_places[t], -t),
            )
            self._add(unit, team)
            open_places[team] -= 1

    def _targets(self, people: Sequence[Person]) -> list[int]:
        """A target challenge (column) per team for the greedy fill, -1 without challenges.
        Teams holding a group take the group's favourite; the others go, largest first, to the
        challenge whose first-choice demand most exceeds the places already given to it."""
        n_teams = len(self.sizes)
        if not self.challenges:
            return [-1] * n_teams
        column = {challenge: k for k, challenge in enumerate(self.challenges)}
        demand = [0] * len(self.challenges)
        for person in people:
            if person.preferences:
                demand[column[person.preferences[0]]] += 1
        target = [-1] * n_teams
        places = [0] * len(self.challenges)
        for team in range(n_teams):
            credit = self.t_credit[team]
            if self.t_size[team] and max(credit) > min(credit):
                target[team] = max(range(len(credit)), key=lambda k: (credit[k], -k))
                places[target[team]] += self.sizes[team]
        for team in sorted(range(n_teams), key=lambda t: (-self.sizes[t], t)):
            if target[team] < 0:
                target[team] = max(range(len(demand)), key=lambda k: (demand[k] - places[k], -k))
                places[target[team]] += self.sizes[team]
        return target

    # Local search.

    def _value(self, team: int, out: int, into: int) -> tuple[float, int]:
        """(objective without lived experience, covered 0/1) of `team` with unit `out` taken out
        and unit `into` put in (-1 for none)."""
        size = self.t_size[team]
        lived = self.t_lived[team]
        counts = self.t_roles[team]
        change: dict[int, int] = {}
        if out >= 0:
            size -= self.u_size[out]
            lived -= self.u_lived[out]
            for role, count in self.u_roles[out]:
                change[role] = change.get(role, 0) - count
        if into >= 0:
            size += self.u_size[into]
            lived += self.u_lived[into]
            for role, count in self.u_roles[into]:
                change[role] = change.get(role, 0) + count
        distinct = self.t_distinct[team]
        for role, delta in change.items():
            distinct += (counts[role] + delta > 0) - (counts[role] > 0)
        credit = self.t_credit[team]
        if not credit:
            best = 10 * size
        elif out >= 0 and into >= 0:
            a, b = self.u_credit[out], self.u_credit[into]
            best = max(credit[k] - a[k] + b[k] for k in range(len(credit)))
        elif out >= 0:
            a = self.u_credit[out]
            best = max(credit[k] - a[k] for k in range(len(credit)))
        elif into >= 0:
            b = self.u_credit[into]
            best = max(credit[k] + b[k] for k in range(len(credit)))
        else:
            best = max(credit)
        diversity = distinct / min(size, self.available) if size else 0.0
        return self.w_credit * best + self.w_diversity * diversity, int(lived > 0)

    def _delta(self, a: int, b: int, from_a: int, from_b: int) -> tuple[float, int]:
        before_a, lived_a = self._value(a, -1, -1)
        before_b, lived_b = self._value(b, -1, -1)
        after_a, now_a = self._value(a, from_a, from_b)
        after_b, now_b = self._value(b, from_b, from_a)
        covered = now_a + now_b - lived_a - lived_b
        return after_a + after_b - before_a - before_b + self.w_lived * covered, covered

    def improve(self, rng: random.Random) -> None:
        n_teams, n_units = len(self.sizes), len(self.units)
        if n_teams < 2:
            return
        budget = min(_MAX_TRIALS, _TRIALS_PER_UNIT * n_units)
        patience = _PATIENCE_PER_UNIT * n_units
        idle = 0
        for _ in range(budget):
            if idle >= patience:
                break
            idle += 1
            unit = rng.randrange(n_units)
            a = self.u_team[unit]
            b = rng.randrange(n_teams - 1)
            b += b >= a
            # Only changes that keep the planned sizes (as a multiset) are tried: a move from a
            # team to one that is smaller by the unit's size, or a swap of units whose size
            # difference equals the teams' (a swap of equal sizes keeps both).
            size = self.u_size[unit]
            if self.t_size[b] == self.t_size[a] - size and rng.random() < 0.5:
                other = -1
            else:
                other = self.t_units[b][rng.randrange(len(self.t_units[b]))]
                shift = self.u_size[other] - size
                if shift and shift != self.t_size[b] - self.t_size[a]:
                    continue
            gain, covered = self._delta(a, b, unit, other)
            if gain > _EPSILON and covered >= 0:
                self._remove(unit)
                if other >= 0:
                    self._remove(other)
                    self._add(other, a)
                self._add(unit, b)
                idle = 0

    def teams(self) -> list[tuple[list[int], list[int]]]:
        """(member ids, credit per challenge) per team."""
        return [
            (sorted(person.id for unit in self.t_units[t] for person in self.units[unit]), self.t_credit[t])
            for t in range(len(self.sizes))
        ]


def match_teams(
    people: Sequence[Person],
    challenges: Sequence[int],
    team_size: int,
    *,
    seed: int = 0,
    lived_experience_roles: frozenset[str] = LIVED_EXPERIENCE_ROLES,
) -> Matching:
    """Teams for `people` (see the module docstring for the rules and the method).

    Raises `MatchingInputError` for a team size outside 3–10, repeated person or challenge ids,
    an unknown mode, an empty role, a preference that is not among `challenges` (with no
    challenges, nobody may have preferences), or a group that mixes modes or is larger than
    team_size + 1.
    """
    _check_team_size(team_size)
    known = _check_challenges(challenges)
    ordered = _check_people(people, known)
    _check_groups(ordered, team_size)
    lived = frozenset(lived_experience_roles)

    modes = {mode: [person for person in ordered if person.mode == mode] for mode in MODES}
    plans = {mode: _mode_plan(modes[mode], team_size, lived)[1] for mode in MODES}
    n_teams = sum(len(sizes) for sizes in plans.values())
    could = 0
    for mode in MODES:
        lived_units = sum(1 for unit in _units(modes[mode]) if any(p.role in lived for p in unit))
        could += min(len(plans[mode]), lived_units)
    # Weights of the score's parts per unit the search counts in: a tenth of credit, one
    # team's diversity, one covered team. Size balance does not change during the search.
    weights = (
        WEIGHTS["preference"] / (10 * max(1, len(ordered))),
        WEIGHTS["diversity"] / max(1, n_teams),
        WEIGHTS["lived_experience"] / max(1, could),
    )

    rng = random.Random(seed)  # noqa: S311 - a reproducible search, not a secret
    formed: list[tuple[str, list[int], list[int]]] = []
    for mode in MODES:
        state = _Mode(modes[mode], team_size, known, lived, weights)
        state.improve(rng)
        formed.extend((mode, members, credit) for members, credit in state.teams())

    teams = [Team(challenge, mode, tuple(members)) for mode, members, challenge in _choose_challenges(formed, known)]
    teams.sort(key=lambda t: (t.mode, t.challenge is not None, t.challenge or 0, t.members[0]))
    quality = score_teams(teams, ordered, team_size, lived_experience_roles=lived, challenges=known)
    return Matching(teams=tuple(teams), quality=quality, unplaced=())


def _choose_challenges(
    formed: Sequence[tuple[str, list[int], list[int]]], challenges: tuple[int, ...]
) -> list[tuple[str, list[int], int | None]]:
    """Each team's favourite challenge. Teams with one favourite take it first; a team torn
    between several then takes the one with the fewest teams so far, so that indifferent teams
    spread over the challenges."""
    if not challenges:
        return [(mode, members, None) for mode, members, _ in formed]
    favourites = []
    for _mode, _members, credit in formed:
        best = max(credit)
        favourites.append([challenges[k] for k, value in enumerate(credit) if value == best])
    used: Counter[int] = Counter(options[0] for options in favourites if len(options) == 1)
    chosen: list[tuple[str, list[int], int | None]] = []
    for (mode, members, _credit), options in zip(formed, favourites, strict=True):
        if len(options) > 1:
            pick = min(options, key=lambda c: (used[c], c))
            used[pick] += 1
        else:
            pick = options[0]
        chosen.append((mode, members, pick))
    return chosen
