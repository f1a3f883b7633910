from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db.models import Count

from samskap.cli.demo import DEMO_JOIN_CODE, DEMO_LOGINS, run
from samskap.cli.demo_opinions import DEMO_MAP_CODE
from samskap.core.audit import audit_verify
from samskap.core.models import JoinCode, Membership, Organisation, Participant
from samskap.events.models import Contribution, DialogueTable, Event
from samskap.opinions.models import OpinionMap


@pytest.fixture
def demo(db: None) -> None:
    assert run(["--quiet"]) == 0


def test_the_demo_holds_the_five_cases(demo: None) -> None:
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert {"municipality", "region", "health_cluster", "innovation_hub", "learning_network", "agency"} <= kinds
    assert Organisation.objects.filter(parent__slug="gode-pasientforlop-vestland").count() == 11
    assert set(Organisation.objects.values_list("country", flat=True)) == {"NO", "SE"}
    assert Organisation.objects.get(slug="hudiksvall").default_language == "sv"
    assert Organisation.objects.get(slug="gode-pasientforlop-vestland").default_language == "nn"


def test_the_drammen_workshop_has_about_a_hundred_people_at_ten_tables(demo: None) -> None:
    workshop = Event.objects.get(process__organisation__slug="drammen")
    assert workshop.questions.count() == 4
    assert DialogueTable.objects.filter(event=workshop).count() == 10
    at_tables = Participant.objects.filter(organisation__slug="drammen").exclude(join_code__code=DEMO_MAP_CODE)
    assert at_tables.count() == 100
    assert Contribution.objects.filter(table__event=workshop).count() > 200
    assert Event.objects.filter(kind="innovation_camp", mode="hybrid").exists()


def test_the_drammen_workshop_has_rounds_reactions_key_points_summaries_and_four_themes(demo: None) -> None:
    from samskap.events.models import Reaction, Round, Theme

    workshop = Event.objects.get(process__organisation__slug="drammen")
    assert Round.objects.filter(event=workshop, closed_at__isnull=False).count() == 2
    assert Theme.objects.filter(event=workshop).count() == 4
    themed = Contribution.objects.filter(table__event=workshop, theme__isnull=False).count()
    assert 0 < themed < Contribution.objects.filter(table__event=workshop).count()  # some left for suggestions
    assert Reaction.objects.filter(contribution__table__event=workshop, kind="dot").count() > 100
    assert Contribution.objects.filter(table__event=workshop, is_key_point=True).count() == 10
    assert DialogueTable.objects.filter(event=workshop).exclude(summary="").count() == 4
    for participant_id, dots in Reaction.objects.filter(kind="dot").values_list("participant").annotate(n=Count("pk")):
        assert dots <= workshop.dot_budget, participant_id


def test_the_workshop_and_the_camp_have_agendas(demo: None) -> None:
    from samskap.events.models import Event

    camp = Event.objects.get(kind="innovation_camp")
    sessions = list(camp.agenda.all())
    assert len(sessions) == 9
    assert {s.starts_at.date() for s in sessions} == {camp.starts_at.date() + timedelta(days=d) for d in range(3)}
    assert all(camp.starts_at <= s.starts_at <= camp.ends_at for s in sessions)
    workshop = Event.objects.get(title__startswith="Dialogverksted: Har vi truffet")
    assert workshop.agenda.count() == 7


def test_the_drammen_workshop_has_an_open_evaluation_with_forty_answers(demo: None) -> None:
    from samskap.events.models import EvaluationResponse
    from samskap.events.selectors import evaluation_summary

    workshop = Event.objects.get(process__organisation__slug="drammen")
    assert workshop.evaluation_open
    assert EvaluationResponse.objects.filter(event=workshop).count() == 40
    summary = evaluation_summary(workshop)
    assert summary.best and summary.improve
    assert all(role.answers >= 5 for role in summary.roles) and summary.roles


def test_the_camp_has_registrations_with_a_waiting_list(demo: None) -> None:
    from samskap.events.models import Registration

    camp = Event.objects.get(kind="innovation_camp")
    assert camp.registration_open
    assert Registration.objects.filter(event=camp, status="confirmed").count() == camp.capacity == 42
    assert Registration.objects.filter(event=camp, status="waiting").count() == 4
    assert Registration.objects.filter(event=camp, mode="online").exists()


def test_the_camp_has_challenges_and_teams_formed_by_the_matching(demo: None) -> None:
    from samskap.events.models import CampTeam, CampTeamMember
    from samskap.events.services import camp_quality

    camp = Event.objects.get(kind="innovation_camp")
    assert camp.challenges.count() == 4
    members = CampTeamMember.objects.filter(team__event=camp)
    assert members.count() == 42  # everyone with a place, no one on the waiting list
    assert set(members.values_list("registration__status", flat=True)) == {"confirmed"}
    for team in CampTeam.objects.filter(event=camp):
        modes = set(team.members.values_list("registration__mode", flat=True))
        assert modes == {team.mode}
    vaarsol = set(members.filter(registration__team_name="Team Vårsol").values_list("team", flat=True))
    assert len(vaarsol) == 1
    quality = camp_quality(camp)
    assert quality is not None and quality.score > 0.7


def test_the_drammen_workshop_tests_its_challenge_picture_in_an_opinion_map(demo: None) -> None:
    opinion_map = OpinionMap.objects.get(process__organisation__slug="drammen")
    assert opinion_map.event is not None and opinion_map.is_open
    assert opinion_map.result is not None and opinion_map.result["k"] == 2
    assert opinion_map.votes.values("voter").distinct().count() == 90
    assert opinion_map.statements.filter(status="pending").count() == 3


def test_every_persona_has_a_login_and_the_join_code_opens(demo: None) -> None:
    roles = {
        m.user.email: m.role for m in Membership.objects.filter(organisation__slug="drammen").select_related("user")
    }
    assert roles["eier@samskap.demo"] == "owner"
    assert roles["fasilitator@samskap.demo"] == "facilitator"
    assert roles["vert@samskap.demo"] == "table_host"
    assert roles["personvern@samskap.demo"] == "auditor"
    assert len(DEMO_LOGINS) >= 4
    assert JoinCode.objects.get(code=DEMO_JOIN_CODE).is_open()


def test_the_demo_audit_chain_verifies(demo: None) -> None:
    assert audit_verify().ok


def test_the_demo_loads_once(demo: None) -> None:
    assert run(["--quiet"]) == 1
    assert run(["--quiet", "--if-empty"]) == 0


def test_the_learning_network_has_projects_pdsa_chains_and_charts_with_signals(demo: None) -> None:
    from samskap.improvement.models import Network, PdsaCycle
    from samskap.improvement.selectors import network_small_multiples

    network = Network.objects.get(process__organisation__slug="gode-pasientforlop-vestland")
    assert network.teams.count() == 11
    assert network.gatherings.count() == 3
    assert PdsaCycle.objects.filter(project__team__network=network, previous__previous__isnull=False).exists()
    multiples = network_small_multiples(network)
    assert len(multiples) == 3
    charts = [chart for group in multiples for _, chart in group.charts]
    assert all(chart.result is not None for chart in charts)
    assert sum(chart.has_signal for chart in charts) >= 3
    assert network.shared_measures.filter(adoptions__in_operations_since__isnull=False).exists()


def test_each_case_is_a_process_on_its_template_with_phases_linked_to_real_activities(demo: None) -> None:
    from samskap.processes.models import Activity, ChallengePicture, Process

    expected = {
        "drammen": "ks-veikart",
        "impact-hub-bergen": "impact-challenge",
        "gode-pasientforlop-vestland": "forbedringsmodellen",
        "hudiksvall": "triple-diamond",
        "alrek-helseklynge": "double-diamond",
    }
    for slug, key in expected.items():
        process = Process.objects.get(organisation__slug=slug)
        assert process.template is not None and process.template.key == key, slug
        assert process.current_phase is not None, slug
        linked = Activity.objects.filter(phase__process=process, target_id__isnull=False)
        assert linked.exists(), slug
        assert all(a.target is not None for a in linked), slug
    for slug in ("drammen", "hudiksvall"):
        versions = ChallengePicture.objects.filter(process__organisation__slug=slug)
        assert versions.count() == 2, slug
        assert versions.get(number=2).change_note
    assert Process.objects.get(organisation__slug="drammen").is_published


def test_the_demo_has_ideas_from_a_workshop_and_a_camp_a_scored_selection_and_an_incubation(demo: None) -> None:
    from samskap.ideas.models import Idea, Incubation, Score, SelectionRound
    from samskap.ideas.selectors import ranking

    assert Idea.objects.filter(process__organisation__slug="drammen", origin="table_contribution").exists()
    camp_ideas = Idea.objects.filter(process__organisation__slug="impact-hub-bergen", origin="camp_team")
    assert camp_ideas.count() == 5
    assert all(idea.camp_team.event.kind == "innovation_camp" for idea in camp_ideas)
    assert Idea.objects.filter(process__organisation__slug="hudiksvall").count() == 2
    selection = SelectionRound.objects.get()
    assert Score.objects.filter(round=selection).values("panelist").distinct().count() == 2
    assert selection.decisions.filter(selected=True).count() == 1
    assert [row.rank for row in ranking(selection)] == [1, 2, 3, 3, 5]
    incubation = Incubation.objects.get()
    assert incubation.milestones.count() == 3 and incubation.mentor is not None
    assert incubation.resources.filter(kind="funds").exists()


def test_the_pre_study_has_a_steering_group_decisions_and_development_tracks(demo: None) -> None:
    from samskap.processes.models import Process

    prestudy = Process.objects.get(organisation__slug="hudiksvall")
    steering = prestudy.groups.get(kind="steering")
    assert steering.members.count() == 5
    assert prestudy.decisions.count() == 2
    track = prestudy.development_tracks.get()
    assert track.ideas.exists() and track.follow_ups.count() == 2
    assert Process.objects.get(organisation__slug="drammen").benefits.count() == 2


def test_the_demo_interviews_are_pseudonymised_coded_twice_and_behind_the_challenge_picture(demo: None) -> None:
    from samskap.analysis import refiqda
    from samskap.core.models import User
    from samskap.insight.exchange import project_export_qdpx
    from samskap.insight.models import Insight, Source
    from samskap.insight.selectors import agreement_of
    from samskap.processes.models import EvidenceLink

    drammen = Source.objects.filter(process__organisation__slug="drammen", kind="interview", status="released")
    hudiksvall = Source.objects.filter(process__organisation__slug="hudiksvall", status="released")
    assert drammen.count() == 3 and hudiksvall.count() == 2
    assert {s.language for s in [*drammen, *hudiksvall]} == {"nb", "sv"}
    for secret in (
        "Ola Nordmann",
        "15038500047",
        "Bragernes torg 4",
        "913 45 678",
        "per.moen@",
        "Anna Lindqvist",
        "850315-0008",
        "Storgatan 12",
        "070-123 45 67",
    ):
        assert not any(secret in s.released_text for s in [*drammen, *hudiksvall]), secret
    assert "Person A" in drammen.get(title="Intervju 3, bruker").released_text
    assert Source.objects.filter(process__organisation__slug="drammen", status="in_review").exists()
    process = drammen.first().process  # type: ignore[union-attr]
    summary = agreement_of(process)
    assert len(summary.coders) == 2 and summary.alpha is not None and 0.5 < summary.alpha < 1
    assert summary.disagreements
    insights = Insight.objects.filter(process=process)
    assert insights.count() == 3 and all(i.quotes.exists() for i in insights)
    assert EvidenceLink.objects.filter(item__version__process=process, target_type__model="insight").count() == 3
    owner = User.objects.get(email="eier@samskap.demo")
    project = refiqda.read_qdpx(project_export_qdpx(actor=owner, process=process))
    assert len(project.sources) == 3 and [u.name for u in project.users] == ["Coder 1", "Coder 2"]


def test_drammen_compares_itself_with_two_peers_and_notes_it_to_the_committee(demo: None) -> None:
    import io

    import pypdf

    from samskap.comparison.models import Comparison
    from samskap.comparison.selectors import comparison_table
    from samskap.reports.models import Note
    from samskap.reports.render import document_for, document_pdf
    from samskap.reports.selectors import version_of

    comparisons = Comparison.objects.filter(process__organisation__slug="drammen")
    assert comparisons.count() == 2
    for comparison in comparisons:
        table = comparison_table(comparison)
        assert [row.name for row in table.municipalities] == ["Drammen", "Lier", "Øvre Eiker"]
        assert table.national is not None
    note = Note.objects.get(process__organisation__slug="drammen")
    assert note.format == "saksframlegg_nb" and note.versions.count() == 2
    document = document_for(version_of(note))
    assert len([f for part in document.sections for f in part.figures]) == 2
    root: Any = pypdf.PdfReader(io.BytesIO(document_pdf(document))).trailer["/Root"]
    assert root["/Lang"] == "nb" and "/StructTreeRoot" in root
    swedish = Note.objects.get(process__organisation__slug="hudiksvall")
    assert swedish.format == "tjansteskrivelse_sv"
