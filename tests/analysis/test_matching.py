"""Team matching for a hybrid innovation camp: the rules on a realistic 60-person camp, the
quality measure and rescoring hand-made teams, determinism, edge cases, bad input, the command
line, and arbitrary valid camps (hypothesis). No database.

The camp below was written for these tests: 10 service users, 6 relatives, 14 staff, 6 from
specialist services, 8 researchers, 10 entrepreneurs and 6 others; 45 in the room and 15 online;
four challenges, first choices 24, 15, 12 and 6, and 3 without a preference; a pair in the room
and a trio online who registered together. Measured with team size 5 and seed 0: 12 teams of 5,
score 0.968, preference 0.945, lived experience 1.0, diversity 0.950, size balance 1.0. Seeds 0
to 9 give scores of 0.965 to 0.968 and preferences of 0.938 to 0.945 (different local optima;
four or twenty times the search trials find nothing better). The thresholds sit just below.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import random
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samskap.analysis.matching import (
    LIVED_EXPERIENCE_ROLES,
    Matching,
    MatchingInputError,
    Note,
    Person,
    Quality,
    Team,
    match_teams,
    score_teams,
)
from samskap.cli import TOOLS, main
from samskap.cli.matching import parse_people, run

REPO = Path(__file__).resolve().parents[2]
CHALLENGES = (1, 2, 3, 4)
ROLES = ("service_user", "relative", "staff", "specialist_service", "researcher", "entrepreneur", "other")

# (role, people in the room, people online)
ROLE_COUNTS = (
    ("service_user", 7, 3),
    ("relative", 5, 1),
    ("staff", 11, 3),
    ("specialist_service", 4, 2),
    ("researcher", 6, 2),
    ("entrepreneur", 8, 2),
    ("other", 4, 2),
)
# Skewed preferences, cycled over the people: challenge 1 is the first choice of 8 in 20,
# challenge 2 of 5, challenge 3 of 4, challenge 4 of 2, and 1 in 20 has no preference.
PREFERENCE_CYCLE: tuple[tuple[int, ...], ...] = (
    *[(1, 2, 3)] * 5,
    *[(1, 3)] * 3,
    *[(2, 1)] * 3,
    *[(2, 4, 1)] * 2,
    *[(3, 4, 1)] * 3,
    (3, 2),
    (4, 3, 1),
    (4,),
    (),
)
GROUPS = {111: "pair", 131: "pair", 116: "trio", 130: "trio", 144: "trio"}


def camp() -> list[Person]:
    people: list[Person] = []
    for role, room, online in ROLE_COUNTS:
        for mode in ["room"] * room + ["online"] * online:
            person_id = 101 + len(people)
            preferences = PREFERENCE_CYCLE[(7 * len(people)) % len(PREFERENCE_CYCLE)]
            people.append(Person(person_id, role, mode, preferences, GROUPS.get(person_id)))
    return people


CAMP = camp()
BY_ID = {person.id: person for person in CAMP}
RESULT = match_teams(CAMP, CHALLENGES, 5)


def lived(person_ids: Sequence[int], people: dict[int, Person] = BY_ID) -> int:
    return sum(people[p].role in LIVED_EXPERIENCE_ROLES for p in person_ids)


def assert_partition(result: Matching, people: Sequence[Person]) -> None:
    placed = [member for team in result.teams for member in team.members]
    assert sorted(placed + list(result.unplaced)) == sorted(person.id for person in people)
    assert len(placed) == len(set(placed))
    by_id = {person.id: person for person in people}
    for team in result.teams:
        assert team.members and list(team.members) == sorted(team.members)
        assert {by_id[member].mode for member in team.members} == {team.mode}
    team_of = {member: k for k, team in enumerate(result.teams) for member in team.members}
    groups: defaultdict[str, set[int]] = defaultdict(set)
    for person in people:
        if person.group is not None:
            groups[person.group].add(team_of[person.id])
    assert all(len(teams) == 1 for teams in groups.values())


# --- the 60-person camp -----------------------------------------------------------------------


def test_the_camp_fixture_is_what_the_docstring_says():
    assert len(CAMP) == 60
    assert Counter(p.mode for p in CAMP) == {"room": 45, "online": 15}
    assert Counter(p.role for p in CAMP) == {
        "service_user": 10,
        "relative": 6,
        "staff": 14,
        "specialist_service": 6,
        "researcher": 8,
        "entrepreneur": 10,
        "other": 6,
    }
    first = Counter(p.preferences[0] if p.preferences else None for p in CAMP)
    assert first[1] > first[2] > first[3] > first[4] > first[None] > 0
    assert Counter(GROUPS.values()) == {"pair": 2, "trio": 3}
    assert {BY_ID[p].mode for p in GROUPS if GROUPS[p] == "trio"} == {"online"}


def test_camp_places_everyone_once_in_single_mode_teams_with_groups_together():
    assert_partition(RESULT, CAMP)
    assert RESULT.unplaced == ()


def test_camp_team_sizes_are_within_one():
    sizes = Counter(team.mode for team in RESULT.teams)
    assert sizes == {"room": 9, "online": 3}
    assert all(len(team.members) == 5 for team in RESULT.teams)
    assert RESULT.quality.size_balance == 1.0


def test_camp_every_team_has_lived_experience():
    assert all(lived(team.members) >= 1 for team in RESULT.teams)
    assert RESULT.quality.lived_experience == 1.0


def test_camp_teams_work_on_challenges_and_are_ordered():
    assert all(team.challenge in CHALLENGES for team in RESULT.teams)
    keys = [(team.mode, team.challenge or 0, team.members[0]) for team in RESULT.teams]
    assert keys == sorted(keys)


def test_camp_quality_figures():
    quality = RESULT.quality
    assert quality.preference >= 0.94
    assert quality.diversity >= 0.95
    assert quality.score >= 0.965
    assert quality.score == pytest.approx(
        0.4 * quality.preference + 0.3 * quality.lived_experience + 0.2 * quality.diversity + 0.1 * quality.size_balance
    )
    # Each team's challenge is the one its members like best.
    for team in RESULT.teams:
        credit = {c: sum(score_credit(BY_ID[m], c) for m in team.members) for c in CHALLENGES}
        assert credit[team.challenge or 0] == pytest.approx(max(credit.values()))


def score_credit(person: Person, challenge: int) -> float:
    if not person.preferences:
        return 1.0
    ranks = {c: (1.0, 0.6, 0.3)[k] for k, c in enumerate(person.preferences[:3])}
    return ranks.get(challenge, 0.0)


def test_camp_beats_a_naive_split():
    # Ids in order, five at a time per mode, each team on its favourite challenge.
    naive: list[Team] = []
    for mode in ("online", "room"):
        ids = [p.id for p in CAMP if p.mode == mode]
        for k in range(0, len(ids), 5):
            members = tuple(ids[k : k + 5])
            best = max(CHALLENGES, key=lambda c: sum(score_credit(BY_ID[m], c) for m in members))
            naive.append(Team(best, mode, members))
    baseline = score_teams(naive, CAMP, 5, challenges=CHALLENGES)
    assert RESULT.quality.score > baseline.score + 0.05
    assert RESULT.quality.preference > baseline.preference


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_camp_other_seeds_keep_the_rules(seed):
    result = match_teams(CAMP, CHALLENGES, 5, seed=seed)
    assert_partition(result, CAMP)
    assert result.quality.lived_experience == 1.0
    assert result.quality.preference >= 0.93
    assert result.quality.score >= 0.96


def test_same_input_gives_the_same_result_in_any_order():
    again = match_teams(CAMP, CHALLENGES, 5)
    assert again == RESULT
    shuffled = list(CAMP)
    random.Random(4).shuffle(shuffled)
    assert match_teams(shuffled, list(reversed(CHALLENGES)), 5) == RESULT


def test_score_teams_equals_the_matchings_own_quality():
    assert score_teams(RESULT.teams, CAMP, 5, challenges=CHALLENGES) == RESULT.quality
    reordered = list(reversed(RESULT.teams))
    assert score_teams(reordered, list(reversed(CAMP)), 5, challenges=CHALLENGES) == RESULT.quality
    without_challenges = score_teams(RESULT.teams, CAMP, 5)
    assert without_challenges.score == RESULT.quality.score
    assert not any(note.code == "challenge_without_team" for note in without_challenges.codes)


def test_score_drops_when_the_only_lived_experience_person_leaves_a_team():
    teams = list(RESULT.teams)
    a = next(k for k, t in enumerate(teams) if t.mode == "room" and lived(t.members) == 1)
    b = next(k for k, t in enumerate(teams) if t.mode == "room" and k != a)
    person = next(m for m in teams[a].members if BY_ID[m].role in LIVED_EXPERIENCE_ROLES)
    teams[a] = dataclasses.replace(teams[a], members=tuple(m for m in teams[a].members if m != person))
    teams[b] = dataclasses.replace(teams[b], members=tuple(sorted((*teams[b].members, person))))
    quality = score_teams(teams, CAMP, 5, challenges=CHALLENGES)
    assert quality.lived_experience == pytest.approx(11 / 12)
    assert quality.score < RESULT.quality.score
    assert quality.size_balance == 1.0  # 4 and 6 are still within one of 5
    text = "mode room: 1 team without a lived-experience person"
    assert text in quality.notes
    assert Note("without_lived_experience", text, "room", 1) in quality.codes


def test_score_drops_for_a_lopsided_team_and_a_wrong_challenge():
    teams = list(RESULT.teams)
    room = [k for k, t in enumerate(teams) if t.mode == "room"]
    # Empty one room team into another: one team of 10 and the facilitator forgot the other.
    merged = tuple(sorted(teams[room[0]].members + teams[room[1]].members))
    teams[room[0]] = dataclasses.replace(teams[room[0]], members=merged)
    del teams[room[1]]
    quality = score_teams(teams, CAMP, 5, challenges=CHALLENGES)
    assert quality.size_balance < 1.0
    assert "mode room: 1 team more than one away from team size 5" in quality.notes
    wrong = [dataclasses.replace(t, challenge=4) for t in RESULT.teams]
    assert score_teams(wrong, CAMP, 5, challenges=CHALLENGES).preference < RESULT.quality.preference


def test_score_teams_notes_hand_made_problems():
    teams = list(RESULT.teams)
    trio = [p for p, g in GROUPS.items() if g == "trio"]
    online = [k for k, t in enumerate(teams) if t.mode == "online"]
    holder = next(k for k in online if trio[0] in teams[k].members)
    other = next(k for k in online if k != holder)
    # Split the trio, leave one person out, and put a room person in an online team.
    teams[holder] = dataclasses.replace(teams[holder], members=tuple(m for m in teams[holder].members if m != trio[0]))
    teams[other] = dataclasses.replace(teams[other], members=tuple(sorted((*teams[other].members, trio[0]))))
    room = next(k for k, t in enumerate(teams) if t.mode == "room")
    left_out, moved = teams[room].members[0], teams[room].members[1]
    teams[room] = dataclasses.replace(teams[room], members=teams[room].members[2:])
    teams[other] = dataclasses.replace(teams[other], members=tuple(sorted((*teams[other].members, moved))))
    quality = score_teams(teams, CAMP, 5, challenges=CHALLENGES)
    codes = {note.code: note for note in quality.codes}
    assert codes["unplaced"].count == 1 and quality.notes[0] == "1 person not in any team"
    assert codes["group_split"].group == "trio" and "group trio: split over 2 teams" in quality.notes
    assert codes["mode_mismatch"] == Note("mode_mismatch", "mode online: 1 person from the other mode", "online", 1)
    assert quality.preference < RESULT.quality.preference
    assert left_out not in {m for t in teams for m in t.members}
    assert len(quality.notes) == len(quality.codes)
    assert quality.notes == tuple(note.text for note in quality.codes)


@pytest.mark.parametrize(
    ("teams", "message"),
    [
        ([Team(1, "room", (999,))], "member 999, who is not among the people"),
        ([Team(1, "room", (101,)), Team(2, "room", (101,))], "person 101 is in more than one team"),
        ([Team(1, "hybrid", (101,))], "a team's mode must be 'room' or 'online'"),
        ([Team(9, "room", (101,))], "challenge 9, which is not one of the challenges"),
    ],
)
def test_score_teams_rejects_impossible_teams(teams, message):
    with pytest.raises(MatchingInputError, match=message):
        score_teams(teams, CAMP, 5, challenges=CHALLENGES)


def test_score_teams_without_challenges_accepts_any_challenge():
    quality = score_teams([Team(9, "room", (101, 102, 103, 104, 105))], CAMP[:5], 5)
    assert isinstance(quality, Quality) and quality.preference == 0.0


# --- edge cases -------------------------------------------------------------------------------


def test_nobody():
    result = match_teams([], CHALLENGES, 5)
    assert result.teams == () and result.unplaced == ()
    assert result.quality.score == 1.0
    assert result.quality.notes == tuple(f"challenge {c}: no team" for c in CHALLENGES)


def test_fewer_people_than_one_team_make_one_smaller_team():
    people = [
        Person(1, "staff", "online", (1,)),
        Person(2, "service_user", "online"),
        Person(3, "researcher", "online", (2, 1)),
    ]
    result = match_teams(people, [1, 2], 5)
    assert result.teams == (Team(1, "online", (1, 2, 3)),)
    assert result.quality.preference == pytest.approx((1 + 1 + 0.6) / 3)
    assert result.quality.size_balance == 1.0  # the numbers force it
    assert result.quality.notes == ("mode online: 3 people cannot make a full team", "challenge 2: no team")
    assert result.quality.codes[0] == Note(
        "short_team", "mode online: 3 people cannot make a full team", mode="online", count=3
    )


def test_a_mode_of_team_size_minus_one_is_not_short():
    people = [Person(k, ROLES[k], "room") for k in range(4)]
    result = match_teams(people, [], 5)
    assert [len(t.members) for t in result.teams] == [4]
    assert not any(note.code == "short_team" for note in result.quality.codes)


def test_only_online_people():
    people = [p for p in CAMP if p.mode == "online"]
    result = match_teams(people, CHALLENGES, 5)
    assert_partition(result, people)
    assert {t.mode for t in result.teams} == {"online"} and len(result.teams) == 3
    assert result.quality.lived_experience == 1.0


def test_no_lived_experience_people_at_all():
    people = [p for p in CAMP if p.role not in LIVED_EXPERIENCE_ROLES]
    result = match_teams(people, CHALLENGES, 5)
    assert_partition(result, people)
    # No team could have one, so the matching is not blamed: the share is of the possible.
    assert result.quality.lived_experience == 1.0
    codes = [(note.code, note.mode) for note in result.quality.codes]
    assert ("no_lived_experience", "room") in codes and ("no_lived_experience", "online") in codes
    assert "mode room: no lived-experience people" in result.quality.notes


def test_fewer_lived_experience_people_than_teams():
    people = [Person(k, "staff" if k % 2 else "researcher", "room") for k in range(1, 19)]
    people += [Person(100, "relative", "room"), Person(101, "service_user", "room")]
    result = match_teams(people, [], 5)
    assert len(result.teams) == 4
    assert sum(lived(t.members, {p.id: p for p in people}) >= 1 for t in result.teams) == 2
    assert result.quality.lived_experience == 1.0  # 2 of the 2 teams that could have one
    assert "mode room: 2 teams without a lived-experience person" in result.quality.notes


def test_custom_lived_experience_roles():
    people = [Person(k, "staff" if k < 16 else "peer_worker", "room") for k in range(20)]
    plain = match_teams(people, [], 5)
    assert plain.quality.notes == ("mode room: no lived-experience people",)
    peers = match_teams(people, [], 5, lived_experience_roles=frozenset({"peer_worker"}))
    assert all(any(m >= 16 for m in t.members) for t in peers.teams)


def test_everyone_wanting_one_challenge_gives_several_teams_on_it():
    people = [Person(k, ROLES[k % len(ROLES)], "room", (2,)) for k in range(20)]
    result = match_teams(people, [1, 2, 3], 5)
    assert [t.challenge for t in result.teams] == [2, 2, 2, 2]
    assert result.quality.preference == 1.0
    assert result.quality.notes == ("challenge 1: no team", "challenge 3: no team")


def test_indifferent_teams_spread_over_the_challenges():
    people = [Person(k, ROLES[k % len(ROLES)], "room") for k in range(20)]
    result = match_teams(people, [1, 2, 3], 5)
    assert sorted(Counter(t.challenge for t in result.teams).values()) == [1, 1, 2]
    assert result.quality.notes == ()


def test_no_challenges_gives_challenge_none():
    people = [Person(k, ROLES[k % len(ROLES)], "room") for k in range(12)]
    result = match_teams(people, [], 4)
    assert [t.challenge for t in result.teams] == [None, None, None]
    assert result.quality.preference == 1.0


def test_groups_that_do_not_pack_evenly_force_the_sizes():
    people = [Person(k, ROLES[k % len(ROLES)], "room", (), f"g{k // 3}" if k < 9 else None) for k in range(10)]
    result = match_teams(people, [], 5)
    assert_partition(result, people)
    assert sorted(len(t.members) for t in result.teams) == [4, 6]
    assert result.quality.size_balance == 1.0


def test_a_group_of_team_size_plus_one_is_one_team():
    people = [Person(k, ROLES[k % len(ROLES)], "room", (), "six" if k < 6 else None) for k in range(15)]
    result = match_teams(people, [], 5)
    assert_partition(result, people)
    assert sorted(len(t.members) for t in result.teams) == [4, 5, 6]


def test_a_group_without_lived_experience_that_fills_a_team_gets_room_for_one():
    # Five staff from one clinic registered together; with 20 people in teams of 5 they would
    # fill a team on their own, so that team gets a sixth place and another team gives one up.
    clinic = [Person(k, "staff", "room", (), "clinic") for k in range(5)]
    others = [Person(k, ("service_user", "relative", "researcher", "other")[k % 4], "room") for k in range(5, 20)]
    people = clinic + others
    result = match_teams(people, [], 5)
    assert_partition(result, people)
    assert sorted(len(t.members) for t in result.teams) == [4, 5, 5, 6]
    assert all(lived(t.members, {p.id: p for p in people}) for t in result.teams)
    assert result.quality.lived_experience == 1.0 and result.quality.size_balance == 1.0


def test_a_mode_whose_numbers_do_not_allow_sizes_within_one():
    people = [Person(k, ROLES[k % len(ROLES)], "room") for k in range(14)]
    result = match_teams(people, [], 10)
    assert [len(t.members) for t in result.teams] == [7, 7]
    assert result.quality.size_balance == 1.0
    assert "mode room: 2 teams more than one away from team size 10" in result.quality.notes


def test_sizes_differ_by_at_most_one_in_a_mode():
    people = [Person(k, ROLES[k % len(ROLES)], "room" if k % 4 else "online") for k in range(83)]
    result = match_teams(people, [], 6)
    for mode in ("room", "online"):
        sizes = [len(t.members) for t in result.teams if t.mode == mode]
        assert max(sizes) - min(sizes) <= 1 and all(5 <= s <= 7 for s in sizes)


def test_roles_are_mixed():
    people = [Person(k, ROLES[k % 5], "room") for k in range(25)]
    result = match_teams(people, [], 5)
    assert result.quality.diversity == 1.0
    assert all(len({ROLES[m % 5] for m in t.members}) == 5 for t in result.teams)


@pytest.mark.parametrize(
    ("people", "challenges", "team_size", "message"),
    [
        ([], [], 2, "team_size must be a whole number from 3 to 10, not 2"),
        ([], [], 11, "team_size must be a whole number from 3 to 10, not 11"),
        ([], [], True, "team_size must be a whole number from 3 to 10"),
        ([Person(1, "staff", "room"), Person(1, "staff", "online")], [], 5, "person id 1 occurs more than once"),
        ([Person(1, "staff", "hybrid")], [], 5, "person 1: mode must be 'room' or 'online', not 'hybrid'"),
        ([Person(1, "staff", "Room")], [], 5, "mode must be 'room' or 'online'"),
        ([Person(1, " ", "room")], [], 5, "person 1: the role is empty"),
        (
            [Person(1, "staff", "room", (9,))],
            [1, 2],
            5,
            r"person 1: preference 9 is not one of the challenges \(1, 2\)",
        ),
        ([Person(1, "staff", "room", (1,))], [], 5, r"preference 1 is not one of the challenges \(none given\)"),
        ([Person(1, "staff", "room", (1, 1))], [1], 5, "person 1: challenge 1 is listed twice"),
        ([], [1, 2, 1], 5, "challenge 1 occurs more than once"),
        ([Person(1, "staff", "room", (), "")], [], 5, "the group key must be a non-empty text"),
        (
            [Person(k, "staff", "room", (), "family") for k in range(7)],
            [],
            5,
            "group 'family' has 7 people, more than the largest team \\(6\\); split it into smaller groups",
        ),
        (
            [Person(1, "staff", "room", (), "duo"), Person(2, "relative", "online", (), "duo")],
            [],
            5,
            "group 'duo' mixes modes online and room",
        ),
    ],
)
def test_bad_input_raises_a_clear_error(people, challenges, team_size, message):
    with pytest.raises(MatchingInputError, match=message):
        match_teams(people, challenges, team_size)


def test_input_error_is_a_value_error():
    assert issubclass(MatchingInputError, ValueError)


# --- command line -----------------------------------------------------------------------------


def camp_csv(people: Sequence[Person] = CAMP, delimiter: str = ",") -> str:
    rows = [delimiter.join(["id", "role", "mode", "preferences", "group"])]
    for k, p in enumerate(people):
        separator = " " if k % 2 else "|"
        rows.append(delimiter.join([str(p.id), p.role, p.mode, separator.join(map(str, p.preferences)), p.group or ""]))
    return "\n".join(rows) + "\n"


def write(tmp: Path, text: str, name: str = "people.csv") -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def in_process(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = run(argv)
    return status, out.getvalue(), err.getvalue()


def json_output(argv: list[str]) -> dict[str, Any]:
    status, out, err = in_process(argv)
    assert (status, err) == (0, "")
    payload = json.loads(out)
    assert isinstance(payload, dict)
    return payload


def test_cli_is_registered():
    tool, summary = TOOLS["matching"]
    assert callable(tool)
    assert summary == (
        "form camp teams from a CSV of people (id, role, mode, preferences, group): "
        "matching FILE --team-size 5 [--json]"
    )


def test_parse_people_reads_the_columns():
    people = parse_people(camp_csv())
    assert people == CAMP
    semicolons = parse_people(camp_csv(delimiter=";"))
    assert semicolons == CAMP
    loose = parse_people("ID,Mode,Role\n7, ROOM ,staff\n\n8,online,relative\n")
    assert loose == [Person(7, "staff", "room"), Person(8, "relative", "online")]


def test_cli_json_matches_the_library(tmp_path):
    payload = json_output([write(tmp_path, camp_csv()), "--json"])
    assert set(payload) == {"teams", "unplaced", "quality", "seconds"}
    assert isinstance(payload["seconds"], float) and payload["seconds"] >= 0
    assert payload["teams"] == [
        {"challenge": t.challenge, "mode": t.mode, "members": list(t.members)} for t in RESULT.teams
    ]
    assert payload["unplaced"] == []
    quality = payload["quality"]
    assert set(quality) == {"score", "preference", "lived_experience", "diversity", "size_balance", "notes", "codes"}
    assert quality["score"] == round(RESULT.quality.score, 4)
    assert quality["notes"] == list(RESULT.quality.notes)
    for code in quality["codes"]:
        assert set(code) == {"code", "mode", "count", "challenge", "group"}


def test_cli_options(tmp_path):
    path = write(tmp_path, camp_csv())
    payload = json_output([path, "--json", "--team-size", "4", "--seed", "3", "--challenges", "1, 2,3,4,5"])
    expected = match_teams(CAMP, [1, 2, 3, 4, 5], 4, seed=3)
    assert payload["teams"] == [
        {"challenge": t.challenge, "mode": t.mode, "members": list(t.members)} for t in expected.teams
    ]
    assert "challenge 5: no team" in payload["quality"]["notes"]


def test_cli_text_output(tmp_path):
    status, out, err = in_process([write(tmp_path, camp_csv())])
    assert (status, err) == (0, "")
    assert out.startswith("60 people: 12 teams (")
    assert f"quality {RESULT.quality.score:.2f}: preference {RESULT.quality.preference:.2f}, " in out
    first = RESULT.teams[0]
    assert f"\n1. {first.mode}, challenge {first.challenge} (5 people)\n   #{first.members[0]} " in out
    if RESULT.quality.notes:
        assert "\nNotes:\n   " + RESULT.quality.notes[0] in out


def test_cli_without_preferences_has_no_challenges(tmp_path):
    payload = json_output([write(tmp_path, "id,role,mode\n1,staff,room\n2,relative,room\n3,other,room\n"), "--json"])
    assert payload["teams"] == [{"challenge": None, "mode": "room", "members": [1, 2, 3]}]


def test_cli_reads_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(camp_csv().encode())))
    assert len(json_output(["-", "--json"])["teams"]) == 12


def test_cli_through_the_tool_registry(tmp_path, capsys):
    assert main(["matching", write(tmp_path, camp_csv()), "--json"], TOOLS) == 0
    assert len(json.loads(capsys.readouterr().out)["teams"]) == 12


@pytest.mark.parametrize(
    ("content", "argv", "message"),
    [
        (None, [], "cannot read"),
        ("", [], "the CSV input is empty"),
        ("id,role\n1,staff\n", [], "the header needs a column named 'mode'"),
        ("id,role,mode\nen,staff,room\n", [], "line 2: id is not an integer: 'en'"),
        ("id,role,mode,preferences\n1,staff,room,1 x\n", [], "line 2: a preference is not an integer: 'x'"),
        ("id,role,mode\n1,staff,hybrid\n", [], "line 2: mode must be 'room' or 'online', not 'hybrid'"),
        ("id,role,mode\n1,,room\n", [], "line 2: the role is empty"),
        ("id,role,mode\n1,staff,room,x\n", [], "line 2: 4 field(s), but the header has 3"),
        ("id,role,mode,mode\n1,staff,room,room\n", [], "names column 'mode' twice"),
        ('id,role,mode\n1,"staff,room\n', [], "not valid CSV"),
        ("id,role,mode\n1,staff,room\n1,staff,room\n", [], "person id 1 occurs more than once"),
        ("id,role,mode,preferences\n1,staff,room,7\n", ["--challenges", "1,2"], "preference 7 is not one of"),
        ("id,role,mode\n1,staff,room\n", ["--team-size", "12"], "team_size must be a whole number from 3 to 10"),
        (
            "id,role,mode,group\n" + "".join(f"{k},staff,room,g\n" for k in range(5)),
            ["--team-size", "3"],
            "group 'g' has 5 people",
        ),
        (b"id,role,mode\n1,st\xffaff,room\n", [], "is not UTF-8 text"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(tmp_path, content, argv, message):
    path = tmp_path / "people.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    status, out, err = in_process([str(path), "--json", *argv])
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("python -m samskap matching: error: ")
    assert message in err


@pytest.mark.parametrize("argv", [["--challenges", "1,x"], ["--team-size", "five"], ["--unknown"], []])
def test_cli_bad_options_exit_2(tmp_path, argv):
    path = write(tmp_path, camp_csv())
    status, _out, err = in_process([path, *argv] if argv else [])
    assert status == 2 and "usage:" in err


def test_cli_as_a_module_without_django(tmp_path):
    path = write(tmp_path, camp_csv())
    done = subprocess.run(
        [sys.executable, "-m", "samskap", "matching", path, "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["teams"]) == 12
    missing = subprocess.run(
        [sys.executable, "-m", "samskap", "matching", str(tmp_path / "missing.csv")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert missing.returncode == 2
    assert missing.stdout == "" and len(missing.stderr.splitlines()) == 1


# --- arbitrary valid camps --------------------------------------------------------------------


@st.composite
def camps(draw: st.DrawFn) -> tuple[list[Person], list[int], int, int]:
    team_size = draw(st.integers(3, 10))
    challenges = draw(st.lists(st.integers(-5, 20), unique=True, max_size=5))
    ids = draw(st.lists(st.integers(-(2**40), 2**40), unique=True, max_size=45))
    group_mode: dict[str, str] = {}
    group_size: Counter[str] = Counter()
    people: list[Person] = []
    for person_id in ids:
        mode = draw(st.sampled_from(["room", "online"]))
        ranked = draw(st.permutations(challenges))
        preferences = tuple(ranked[: draw(st.integers(0, len(ranked)))])
        group = draw(st.none() | st.sampled_from(["a", "b", "c"]))
        if group is not None:
            mode = group_mode.setdefault(group, mode)
            if group_size[group] > team_size:  # a group may have at most team_size + 1 people
                group = None
            else:
                group_size[group] += 1
        people.append(Person(person_id, draw(st.sampled_from(ROLES)), mode, preferences, group))
    return people, challenges, team_size, draw(st.integers(0, 2**32))


def fits_within_one(n: int, team_size: int) -> bool:
    return any(n // t >= team_size - 1 and -(-n // t) <= team_size + 1 for t in range(1, n + 1))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(camps())
def test_valid_camps_always_place_everybody_in_valid_teams(case):
    people, challenges, team_size, seed = case
    result = match_teams(people, challenges, team_size, seed=seed)
    assert_partition(result, people)
    assert result.unplaced == ()
    for team in result.teams:
        assert team.challenge in challenges if challenges else team.challenge is None
    for mode in ("room", "online"):
        in_mode = [p for p in people if p.mode == mode]
        sizes = [len(t.members) for t in result.teams if t.mode == mode]
        assert sum(sizes) == len(in_mode)
        if in_mode and len(in_mode) < team_size:
            assert len(sizes) == 1
        if not any(p.group for p in in_mode) and in_mode:
            assert max(sizes) - min(sizes) <= 1
            if fits_within_one(len(in_mode), team_size):
                assert all(team_size - 1 <= s <= team_size + 1 for s in sizes)
    quality = result.quality
    for part in (quality.score, quality.preference, quality.lived_experience, quality.diversity, quality.size_balance):
        assert 0.0 <= part <= 1.0
    if not any(p.group for p in people):
        assert quality.lived_experience == 1.0
        assert quality.size_balance == 1.0
    assert score_teams(result.teams, people, team_size, challenges=challenges) == quality
