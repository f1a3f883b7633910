"""A camp team's space during the camp (canvas, coach check-ins, help requests) and the
pitch jury, through the pages members, coaches and facilitators use."""

from __future__ import annotations

from django.test import Client

from samskap.core.models import AuditEntry
from samskap.events.models import CampTeam, CampTeamMember, CoachCheckIn, Event, HelpRequest, Registration
from samskap.events.services import MAX_OPEN_HELP_REQUESTS
from samskap.ideas.models import Idea, IdeaOrigin, SelectionRound
from tests.conftest import World
from tests.test_events import _camp, _client

CANVAS = {
    "canvas-title": "Ung inn",
    "canvas-problem": "Unge voksne faller mellom tjenestene.",
    "canvas-for_whom": "Unge voksne med rusproblemer",
    "canvas-description": "En fast kontakt som følger personen på tvers av tjenester.",
    "canvas-value_for_person": "Jeg slipper å fortelle historien min på nytt.",
    "canvas-what_it_takes": "To stillinger, avtale med DPS.",
    "canvas-first_small_test": "Prøve med fem unge i fire uker.",
}


def _teams(world: World) -> Event:
    event = _camp(world)
    response = _client(world, "facilitator").post(
        f"/events/{event.pk}/camp/", {"action": "form_teams", "teams-team_size": "4"}
    )
    assert response.status_code == 302
    return event


def _member(event: Event, number: int = 0) -> tuple[Registration, CampTeam]:
    membership = CampTeamMember.objects.select_related("team", "registration").filter(team__event=event)[number]
    return membership.registration, membership.team


def _member_client() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def test_a_member_finds_the_team_space_from_the_registration_and_writes_the_canvas(world: World) -> None:
    event = _teams(world)
    registration, team = _member(event)
    client = _member_client()
    page = client.get(f"/registrations/{registration.token}/").content.decode()
    assert f"/registrations/{registration.token}/team/" in page
    space = client.get(f"/registrations/{registration.token}/team/")
    assert space.status_code == 200
    assert space["Referrer-Policy"] == "same-origin"
    text = space.content.decode()
    assert team.name in text and "Your idea canvas" in text
    for member in team.members.all():
        assert member.registration.name in text

    response = client.post(f"/registrations/{registration.token}/team/", {"action": "canvas", **CANVAS})
    assert response.status_code == 302
    team.refresh_from_db()
    idea = team.idea
    assert idea is not None
    assert (idea.origin, idea.source, idea.process_id) == (IdeaOrigin.CAMP_TEAM, team, event.process_id)
    assert idea.created_by is None
    idea_page = _client(world, "facilitator").get(f"/ideas/{idea.pk}/").content.decode()
    assert f"{team.name} ({event.title})</a> (camp team)" in idea_page
    entry = AuditEntry.objects.filter(action="idea.create").latest("seq")
    assert entry.actor_label == f"registration:{registration.pk}"

    # Another member of the same team edits the same canvas: still one idea.
    teammate = team.members.exclude(registration=registration).first()
    assert teammate is not None
    response = client.post(
        f"/registrations/{teammate.registration.token}/team/",
        {"action": "canvas", **CANVAS, "canvas-title": "Ung inn – fast kontakt"},
    )
    assert response.status_code == 302
    assert Idea.objects.filter(origin=IdeaOrigin.CAMP_TEAM).count() == 1
    idea.refresh_from_db()
    assert idea.title == "Ung inn – fast kontakt"


def test_a_canvas_with_bad_input_is_refused_and_nothing_is_saved(world: World) -> None:
    event = _teams(world)
    registration, team = _member(event)
    client = _member_client()
    url = f"/registrations/{registration.token}/team/"
    response = client.post(url, {"action": "canvas", **CANVAS, "canvas-description": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = client.post(url, {"action": "canvas", **CANVAS, "canvas-title": "x" * 201})
    assert response.status_code == 400
    assert not Idea.objects.filter(origin=IdeaOrigin.CAMP_TEAM).exists()
    team.refresh_from_db()
    assert team.idea_id is None
    assert client.post(url, {"action": "delete"}).status_code == 404


def test_only_confirmed_members_of_a_team_have_a_team_space(world: World) -> None:
    from samskap.events.services import registration_cancel

    event = _teams(world)
    registration, _team = _member(event)
    client = _member_client()
    assert client.get("/registrations/not-a-token/team/").status_code == 404
    registration_cancel(registration=registration)
    assert client.get(f"/registrations/{registration.token}/team/").status_code == 404
    outside = Registration.objects.create(
        event=event, name="Utenfor", email="u@example.no", status="confirmed", token="t" * 43, checkin_code="ZZZZ"
    )
    assert client.get(f"/registrations/{outside.token}/team/").status_code == 404


def test_a_team_asks_for_help_and_a_coach_answers(world: World) -> None:
    event = _teams(world)
    registration, team = _member(event)
    member = _member_client()
    url = f"/registrations/{registration.token}/team/"
    response = member.post(url, {"action": "help", "help-text": "Vi trenger noen som kjenner NAV-reglene."})
    assert response.status_code == 302
    assert member.post(url, {"action": "help", "help-text": "   "}).status_code == 400
    assert member.post(url, {"action": "help", "help-text": "x" * 501}).status_code == 400
    assert HelpRequest.objects.filter(team=team).count() == 1

    camp_page = _client(world, "facilitator").get(f"/events/{event.pk}/camp/").content.decode()
    assert "1 question from a team is waiting" in camp_page
    assert f"/camp/teams/{team.pk}/" in camp_page

    host = _client(world, "host")
    team_page = host.get(f"/camp/teams/{team.pk}/")
    assert team_page.status_code == 200
    assert "NAV-reglene" in team_page.content.decode()
    help_request = HelpRequest.objects.get(team=team)
    assert (
        host.post(f"/camp/teams/{team.pk}/", {"action": "answer", "help_request": help_request.pk}).status_code == 400
    )
    response = host.post(
        f"/camp/teams/{team.pk}/",
        {"action": "answer", "help_request": help_request.pk, "answer-answer": "Jeg kommer om fem minutter."},
    )
    assert response.status_code == 302
    help_request.refresh_from_db()
    assert help_request.answered_by == world.host and help_request.answered_at is not None
    assert "Jeg kommer om fem minutter." in member.get(url).content.decode()
    assert (
        "question from a team is waiting"
        not in _client(world, "facilitator").get(f"/events/{event.pk}/camp/").content.decode()
    )

    # A request of another team cannot be answered through this team's page.
    other_team = CampTeam.objects.filter(event=event).exclude(pk=team.pk).first()
    assert other_team is not None
    response = host.post(
        f"/camp/teams/{other_team.pk}/",
        {"action": "answer", "help_request": help_request.pk, "answer-answer": "Feil lag"},
    )
    assert response.status_code == 404


def test_a_team_cannot_flood_the_coaches_with_open_questions(world: World) -> None:
    event = _teams(world)
    registration, team = _member(event)
    member = _member_client()
    url = f"/registrations/{registration.token}/team/"
    for number in range(MAX_OPEN_HELP_REQUESTS):
        assert member.post(url, {"action": "help", "help-text": f"Spørsmål {number}"}).status_code == 302
    response = member.post(url, {"action": "help", "help-text": "Ett til"})
    assert response.status_code == 400
    assert "questions waiting" in response.content.decode()
    assert HelpRequest.objects.filter(team=team).count() == MAX_OPEN_HELP_REQUESTS


def test_a_coach_checks_in_and_the_team_and_the_facilitator_see_how_it_goes(world: World) -> None:
    event = _teams(world)
    registration, team = _member(event)
    host = _client(world, "host")
    url = f"/camp/teams/{team.pk}/"
    assert host.post(url, {"action": "check_in", "check_in-status": "sleeping"}).status_code == 400
    assert not CoachCheckIn.objects.exists()
    response = host.post(
        url, {"action": "check_in", "check_in-status": "stuck", "check_in-note": "Snakk med brukerrådet om lunsj."}
    )
    assert response.status_code == 302
    check_in = CoachCheckIn.objects.get()
    assert (check_in.team, check_in.coach, check_in.status) == (team, world.host, "stuck")
    space = _member_client().get(f"/registrations/{registration.token}/team/").content.decode()
    assert "Snakk med brukerrådet om lunsj." in space and "Stuck" in space
    camp_page = _client(world, "facilitator").get(f"/events/{event.pk}/camp/").content.decode()
    assert "Stuck" in camp_page


def test_only_the_process_hosts_and_facilitators_coach_a_team(world: World) -> None:
    event = _teams(world)
    _registration, team = _member(event)
    url = f"/camp/teams/{team.pk}/"
    for persona, status in (("owner", 200), ("facilitator", 200), ("host", 200), ("auditor", 403), ("outsider", 403)):
        assert _client(world, persona).get(url).status_code == status, persona
        if status == 403:
            response = _client(world, persona).post(url, {"action": "check_in", "check_in-status": "on_track"})
            assert response.status_code == 403
    assert _client(world, "anonymous").get(url).status_code == 302
    assert _client(world, "participant").get(url).status_code == 302
    assert _client(world, "facilitator").get("/camp/teams/999999/").status_code == 404
    assert not CoachCheckIn.objects.exists()


def test_teams_that_have_started_working_are_not_formed_again(world: World) -> None:
    event = _teams(world)
    registration, team = _member(event)
    _member_client().post(f"/registrations/{registration.token}/team/", {"action": "canvas", **CANVAS})
    facilitator = _client(world, "facilitator")
    response = facilitator.post(f"/events/{event.pk}/camp/", {"action": "form_teams", "teams-team_size": "4"})
    assert response.status_code == 200
    assert "cannot be formed again" in response.content.decode()
    assert CampTeam.objects.filter(pk=team.pk).exists()


def _write_canvases(event: Event, count: int) -> list[CampTeam]:
    teams = list(CampTeam.objects.filter(event=event).order_by("pk"))[:count]
    for number, team in enumerate(teams):
        member = team.members.select_related("registration").first()
        assert member is not None
        Client().post(
            f"/registrations/{member.registration.token}/team/",
            {"action": "canvas", **CANVAS, "canvas-title": f"Idé {number}"},
        )
        team.refresh_from_db()
        assert team.idea_id is not None
    return teams


def test_the_jury_scores_the_teams_canvases_and_the_ranking_shows_ties(world: World) -> None:
    event = _teams(world)
    facilitator = _client(world, "facilitator")
    camp_url = f"/events/{event.pk}/camp/"
    response = facilitator.post(
        camp_url, {"action": "jury", "jury-criteria": "Verdi; 3", "jury-panel": [world.owner.pk]}
    )
    assert response.status_code == 200
    assert "nothing for the jury to score" in response.content.decode()

    teams = _write_canvases(event, 3)
    page = facilitator.get(camp_url).content.decode()
    assert "Set up the jury" in page and "Value for service users and relatives; 3" in page
    bad = facilitator.post(camp_url, {"action": "jury", "jury-criteria": "Verdi", "jury-panel": [world.owner.pk]})
    assert bad.status_code == 400
    outsider_panel = facilitator.post(
        camp_url, {"action": "jury", "jury-criteria": "Verdi; 3", "jury-panel": [world.outsider.pk]}
    )
    assert outsider_panel.status_code == 400
    assert not SelectionRound.objects.filter(title__startswith="Pitch jury").exists()

    response = facilitator.post(
        camp_url,
        {
            "action": "jury",
            "jury-criteria": "Verdi for brukerne; 3\nGjennomførbart; 1",
            "jury-panel": [world.owner.pk, world.facilitator.pk],
        },
    )
    assert response.status_code == 302
    jury = SelectionRound.objects.get(title__startswith="Pitch jury")
    assert response["Location"] == f"/selection/{jury.pk}/"
    ideas = {team.idea_id for team in teams}
    assert set(jury.ideas.values_list("pk", flat=True)) == ideas
    assert f"/selection/{jury.pk}/" in facilitator.get(camp_url).content.decode()

    # Two jurors: the first two teams get the same scores, the third less.
    criteria = list(jury.criteria.all())
    values = {teams[0].idea_id: 5, teams[1].idea_id: 5, teams[2].idea_id: 2}
    sheet = {f"score_{idea}_{c.pk}": str(values[idea]) for idea in ideas for c in criteria}
    for persona in ("owner", "facilitator"):
        assert _client(world, persona).post(response["Location"], sheet).status_code == 302
    ranking = _client(world, "owner").get(response["Location"]).content.decode()
    assert ranking.count("(tie)") == 2
    assert "<td>3</td>" in ranking
