"""Every URL × every persona → the expected status.

The matrix must name every route the app serves: `test_every_route_is_in_the_matrix`
fails when a view is added without its row here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from samskap.comparison.models import Dataset, Matrix
from samskap.methods.models import Course, MethodGuide
from samskap.processes.models import Activity
from tests.conftest import PERSONAS, World


@pytest.fixture
def world(module_world: World, db: None) -> World:
    """The module's one world; each case's own writes are rolled back after it."""
    return module_world


LOGIN = 302  # anonymous and participants are sent to the staff login
ALL_OK = dict.fromkeys(PERSONAS, 200)
# Staff with a role in the organisation see its learning network; only those who may
# improve (owner, facilitator) or manage the process change it.
VIEW = {
    "owner": 200,
    "facilitator": 200,
    "host": 200,
    "interviewer": 200,
    "auditor": 200,
    "participant": LOGIN,
    "outsider": 403,
    "anonymous": LOGIN,
}
EDIT = {**VIEW, "host": 403, "interviewer": 403, "auditor": 403}
# Interviewers interview, analyse and read personal data, but run no events and change no process.
ANALYSE = {**EDIT, "interviewer": 200}
SOURCES = {**VIEW, "host": 403}
PERSONAL_DATA = {**SOURCES, "facilitator": 403}
ONLY_OWNER = {**PERSONAL_DATA, "interviewer": 403, "auditor": 403}
INTERVIEW = {**ONLY_OWNER, "interviewer": 200}  # record interviews, withdraw consent
POST_ONLY = {**dict.fromkeys(PERSONAS, 405), "participant": LOGIN, "anonymous": LOGIN}  # see test_improvement.py


def _camp_team(world: World) -> int:
    from samskap.events.models import CampTeam

    team, _created = CampTeam.objects.get_or_create(event=world.event, name="Lag 1", defaults={"mode": "room"})
    return team.pk


def _journey(world: World) -> int:
    from samskap.insight.services import journey_create

    return journey_create(
        actor=world.facilitator, process=world.process, title="Veien til hjelp", person_category="service_user"
    ).pk


def _case(world: World) -> int:
    from samskap.insight.services import case_save

    return case_save(actor=world.facilitator, process=world.process, label="Case 1", sources=[world.source]).pk


def _offer(world: World) -> int:
    from samskap.insight.services import offer_save

    return offer_save(
        actor=world.owner,
        organisation=world.organisation,
        name="Selvhjelpsgruppe",
        kind="self_help",
        area="Tromvik",
        target_group="Pårørende",
    ).pk


STATISTICS = Path(__file__).parent / "data" / "statistics"


def _dataset(world: World, name: str = "ssb_personer_long.csv", **kwargs: object) -> Dataset:
    from samskap.comparison.services import dataset_import

    return dataset_import(
        actor=world.owner,
        organisation=world.organisation,
        data=(STATISTICS / name).read_bytes(),
        file_name=name,
        **kwargs,  # type: ignore[arg-type]
    )


def _comparison(world: World, *, published: bool = False) -> int:
    from samskap.comparison.selectors import region_choices, series_choices
    from samskap.comparison.services import comparison_create

    if published:
        world.process.is_published = True
        world.process.save(update_fields=["is_published"])
    dataset = _dataset(world, "ssb_07459_population.jsonstat2.json")
    series = series_choices(dataset)[0][0]
    regions = [key for key, _label in region_choices(dataset, series)]
    return comparison_create(
        actor=world.owner, process=world.process, title="Folketall", dataset=dataset, series=series, regions=regions[:2]
    ).pk


def _matrix(world: World, *, published: bool = False) -> Matrix:
    from samskap.comparison.services import matrix_create

    if published:
        world.process.is_published = True
        world.process.save(update_fields=["is_published"])
    return matrix_create(
        actor=world.owner, process=world.process, title="Organisering", columns=["Tromvik", "Nabo"], rows=["Inntak"]
    )


def _cell_url(world: World) -> str:
    matrix = _matrix(world)
    return f"/matrices/{matrix.pk}/cells/{matrix.rows.get().pk}/{matrix.columns.first().pk}/"  # type: ignore[union-attr]


def _note(world: World) -> int:
    from samskap.reports.services import note_create

    return note_create(actor=world.owner, process=world.process, format_key="saksframlegg_nb").pk


def _attachment(world: World) -> int:
    from samskap.ideas.services import idea_attachment_add

    return idea_attachment_add(actor=world.owner, idea=world.idea, name="skisse.txt", data=b"Skisse").pk


def _builtin_guide() -> int:
    return MethodGuide.objects.get(organisation__isnull=True, key="opinion-map").pk


def _builtin_course() -> int:
    return Course.objects.get(organisation__isnull=True, key="service-design-two-days").pk


# route name → (how to build the URL from the world, expected status per persona)
MATRIX: dict[str, tuple[Callable[[World], str], dict[str, int]]] = {
    "core:home": (lambda w: "/", ALL_OK),
    "core:login": (lambda w: "/login/", ALL_OK),
    # No provider is set up for the organisation, and a callback without a pending sign-in is refused.
    "core:oidc_start": (lambda w: f"/login/sso/{w.organisation.slug}/", dict.fromkeys(PERSONAS, 404)),
    # Without a password just given, the code page sends everyone back to the login.
    "core:login_code": (lambda w: "/login/code/", dict.fromkeys(PERSONAS, 302)),
    # Each staff member's own account, whatever their roles.
    "core:account_two_factor": (
        lambda w: "/account/two-factor/",
        {**dict.fromkeys(PERSONAS, 200), "participant": LOGIN, "anonymous": LOGIN},
    ),
    "core:audit_log_export": (
        lambda w: f"/o/{w.organisation.slug}/audit/export.csv",
        {**VIEW, "owner": 403, "facilitator": 403, "host": 403, "interviewer": 403},
    ),
    "core:access_review": (
        lambda w: f"/o/{w.organisation.slug}/access-review/",
        {**VIEW, "owner": 403, "facilitator": 403, "host": 403, "interviewer": 403},
    ),
    "core:personal_data": (lambda w: f"/o/{w.organisation.slug}/personal-data/", PERSONAL_DATA),
    "core:personal_data_erase": (lambda w: f"/o/{w.organisation.slug}/personal-data/erase/", POST_ONLY),
    "core:oidc_callback": (lambda w: "/login/sso/callback/", dict.fromkeys(PERSONAS, 400)),
    "core:organisation_sign_in": (
        lambda w: f"/o/{w.organisation.slug}/settings/sign-in/",
        {
            "owner": 200,
            "facilitator": 403,
            "host": 403,
            "interviewer": 403,
            "auditor": 403,
            "participant": LOGIN,
            "outsider": 403,
            "anonymous": LOGIN,
        },
    ),
    "core:accessibility": (lambda w: "/accessibility/", ALL_OK),
    "core:help": (lambda w: "/help/", ALL_OK),
    "core:join": (lambda w: "/join/", ALL_OK),
    "core:organisation": (
        lambda w: f"/o/{w.organisation.slug}/",
        {
            "owner": 200,
            "facilitator": 200,
            "host": 200,
            "interviewer": 200,
            "auditor": 200,
            "participant": LOGIN,
            "outsider": 403,
            "anonymous": LOGIN,
        },
    ),
    "core:organisation_settings": (
        lambda w: f"/o/{w.organisation.slug}/settings/",
        {
            "owner": 200,
            "facilitator": 403,
            "host": 403,
            "interviewer": 403,
            "auditor": 403,
            "participant": LOGIN,
            "outsider": 403,
            "anonymous": LOGIN,
        },
    ),
    "core:organisation_people": (
        lambda w: f"/o/{w.organisation.slug}/people/",
        {
            "owner": 200,
            "facilitator": 403,
            "host": 403,
            "interviewer": 403,
            "auditor": 403,
            "participant": LOGIN,
            "outsider": 403,
            "anonymous": LOGIN,
        },
    ),
    "core:membership_revoke": (
        lambda w: f"/o/{w.organisation.slug}/people/{w.organisation.memberships.earliest('pk').pk}/revoke/",
        dict.fromkeys(PERSONAS, 405),  # POST only; see test_organisation_people.py
    ),
    "core:organisation_logo": (lambda w: f"/o/{w.organisation.slug}/logo", dict.fromkeys(PERSONAS, 404)),  # none set
    "core:organisation_theme": (lambda w: f"/o/{w.organisation.slug}/theme.css", ALL_OK),
    "core:audit_log": (
        lambda w: f"/o/{w.organisation.slug}/audit/",
        {
            "owner": 403,
            "facilitator": 403,
            "host": 403,
            "interviewer": 403,
            "auditor": 200,
            "participant": LOGIN,
            "outsider": 403,
            "anonymous": LOGIN,
        },
    ),
    "core:join_code": (
        lambda w: f"/join/{w.join_code.code}/",
        {**ALL_OK, "participant": 302},  # a participant who already joined goes straight in
    ),
    "core:join_qr": (lambda w: f"/join/{w.join_code.code}/qr.svg", ALL_OK),
    "events:event_detail": (
        lambda w: f"/events/{w.event.pk}/",
        {
            "owner": 200,
            "facilitator": 200,
            "host": 200,
            "interviewer": 200,
            "auditor": 200,
            "participant": LOGIN,
            "outsider": 403,
            "anonymous": LOGIN,
        },
    ),
    "events:table_host": (
        lambda w: f"/tables/{w.table.pk}/",
        {
            "owner": 200,
            "facilitator": 200,
            "host": 200,
            "interviewer": 403,
            "auditor": 403,
            "participant": LOGIN,
            "outsider": 403,
            "anonymous": LOGIN,
        },
    ),
    "events:table_live": (
        lambda w: f"/tables/{w.table.pk}/live/",
        {
            "owner": 200,
            "facilitator": 200,
            "host": 200,
            "interviewer": 403,
            "auditor": 403,
            "participant": LOGIN,
            "outsider": 403,
            "anonymous": LOGIN,
        },
    ),
    "events:new": (lambda w: f"/processes/{w.process.pk}/events/new/", EDIT),
    "events:setup": (lambda w: f"/events/{w.event.pk}/setup/", EDIT),
    "events:console": (lambda w: f"/events/{w.event.pk}/console/", EDIT),
    "events:console_live": (lambda w: f"/events/{w.event.pk}/console/live/", EDIT),
    "events:screen": (lambda w: f"/events/{w.event.pk}/screen/", EDIT),
    "events:screen_board": (lambda w: f"/events/{w.event.pk}/screen/board/", EDIT),
    "events:themes": (lambda w: f"/events/{w.event.pk}/themes/", EDIT),
    "events:report": (lambda w: f"/events/{w.event.pk}/report/", EDIT),
    "events:export_csv": (lambda w: f"/events/{w.event.pk}/contributions.csv", EDIT),
    "events:checkin": (lambda w: f"/events/{w.event.pk}/checkin/", EDIT),
    "events:camp": (lambda w: f"/events/{w.event.pk}/camp/", EDIT),
    "events:agenda": (lambda w: f"/events/{w.event.pk}/agenda/", EDIT),
    "events:evaluation": (lambda w: f"/events/{w.event.pk}/evaluation/", EDIT),
    "events:process_evaluations": (lambda w: f"/processes/{w.process.pk}/evaluations/", EDIT),
    # The evaluation is closed in the world (see test_evaluation.py for an open one).
    "events:participant_evaluation": (
        lambda w: f"/join/{w.join_code.code}/evaluation/",
        {**dict.fromkeys(PERSONAS, 302), "participant": 404},  # others are sent to join first
    ),
    "events:registration_evaluation": (
        lambda w: "/registrations/no-such-token/evaluation/",
        dict.fromkeys(PERSONAS, 404),
    ),
    # Registration is closed in the world (see test_events.py for an open one).
    "events:register": (lambda w: f"/events/{w.event.pk}/register/", dict.fromkeys(PERSONAS, 404)),
    "events:registration": (lambda w: "/registrations/no-such-token/", dict.fromkeys(PERSONAS, 404)),
    "events:team_space": (lambda w: "/registrations/no-such-token/team/", dict.fromkeys(PERSONAS, 404)),
    # Coaches are the process's table hosts and facilitators; the auditor reads logs, not teams.
    "events:camp_team": (lambda w: f"/camp/teams/{_camp_team(w)}/", {**VIEW, "interviewer": 403, "auditor": 403}),
    "events:round": (lambda w: f"/events/{w.event.pk}/rounds/", POST_ONLY),  # see test_events.py
    "events:seats": (lambda w: f"/events/{w.event.pk}/seats/", POST_ONLY),  # see test_seating_views.py
    "events:contribution_action": (
        lambda w: f"/contributions/{w.table.contributions.earliest('pk').pk}/",
        POST_ONLY,
    ),
    "events:participant_board": (
        lambda w: f"/join/{w.join_code.code}/here/board/",
        {**dict.fromkeys(PERSONAS, 204), "participant": 200},  # not joined: nothing to redraw
    ),
    "events:participant_react": (lambda w: f"/join/{w.join_code.code}/here/react/", dict.fromkeys(PERSONAS, 405)),
    "events:participant_space": (
        lambda w: f"/join/{w.join_code.code}/here/",
        {**dict.fromkeys(PERSONAS, 302), "participant": 200},  # others are sent to join first
    ),
    "opinions:new": (lambda w: f"/opinions/processes/{w.process.pk}/new/", EDIT),
    "opinions:import": (lambda w: f"/opinions/processes/{w.process.pk}/import/", EDIT),
    "opinions:console": (lambda w: f"/opinions/{w.opinion_map.pk}/", VIEW),
    "opinions:live": (lambda w: f"/opinions/{w.opinion_map.pk}/live/", VIEW),
    "opinions:statement_add": (lambda w: f"/opinions/{w.opinion_map.pk}/statements/", POST_ONLY),
    "opinions:moderate": (
        lambda w: f"/opinions/{w.opinion_map.pk}/statements/{w.opinion_map.statements.earliest('pk').pk}/moderate/",
        POST_ONLY,
    ),
    "opinions:open": (lambda w: f"/opinions/{w.opinion_map.pk}/open/", POST_ONLY),
    "opinions:export": (lambda w: f"/opinions/{w.opinion_map.pk}/export.zip", EDIT),
    # The participant persona joined a dialogue table, not the map: sent to join first.
    "opinions:vote": (lambda w: "/join/MAPK7W/map/", dict.fromkeys(PERSONAS, 302)),
    "opinions:participant_results": (lambda w: "/join/MAPK7W/map/results/", dict.fromkeys(PERSONAS, 302)),
    "improvement:network": (lambda w: f"/improvement/networks/{w.network.pk}/", VIEW),
    "improvement:network_charts": (lambda w: f"/improvement/networks/{w.network.pk}/charts/", VIEW),
    "improvement:network_start": (lambda w: f"/improvement/processes/{w.process.pk}/network/", POST_ONLY),
    "improvement:gathering_add": (lambda w: f"/improvement/networks/{w.network.pk}/gatherings/", POST_ONLY),
    "improvement:team_add": (lambda w: f"/improvement/networks/{w.network.pk}/teams/", POST_ONLY),
    "improvement:shared_measure_add": (lambda w: f"/improvement/networks/{w.network.pk}/measures/", POST_ONLY),
    "improvement:team_member_add": (lambda w: f"/improvement/teams/{w.team.pk}/members/", POST_ONLY),
    "improvement:team": (lambda w: f"/improvement/teams/{w.team.pk}/", VIEW),
    "improvement:project": (lambda w: f"/improvement/projects/{w.project.pk}/", VIEW),
    "improvement:project_edit": (lambda w: f"/improvement/projects/{w.project.pk}/edit/", EDIT),
    "improvement:project_progress": (lambda w: f"/improvement/projects/{w.project.pk}/progress/", POST_ONLY),
    "improvement:project_driver_add": (lambda w: f"/improvement/projects/{w.project.pk}/drivers/", POST_ONLY),
    "improvement:project_change_idea_add": (
        lambda w: f"/improvement/projects/{w.project.pk}/change-ideas/",
        POST_ONLY,
    ),
    "improvement:pdsa_create": (lambda w: f"/improvement/projects/{w.project.pk}/pdsa/new/", EDIT),
    "improvement:measure_create": (lambda w: f"/improvement/projects/{w.project.pk}/measures/new/", EDIT),
    "improvement:pdsa": (lambda w: f"/improvement/pdsa/{w.pdsa.pk}/", VIEW),
    "improvement:measure": (lambda w: f"/improvement/measures/{w.measure.pk}/", VIEW),
    "improvement:measure_settings": (lambda w: f"/improvement/measures/{w.measure.pk}/settings/", POST_ONLY),
    "improvement:observation_add": (lambda w: f"/improvement/measures/{w.measure.pk}/observations/", POST_ONLY),
    "improvement:observations_upload": (lambda w: f"/improvement/measures/{w.measure.pk}/upload/", EDIT),
    "improvement:chart_break_add": (lambda w: f"/improvement/measures/{w.measure.pk}/breaks/", POST_ONLY),
    "improvement:chart_break_remove": (
        lambda w: f"/improvement/measures/{w.measure.pk}/breaks/{w.chart_break.pk}/remove/",
        POST_ONLY,
    ),
    "improvement:annotation_add": (lambda w: f"/improvement/measures/{w.measure.pk}/notes/", POST_ONLY),
    "improvement:measure_to_operations": (
        lambda w: f"/improvement/measures/{w.measure.pk}/operations/",
        POST_ONLY,
    ),
    "processes:new": (lambda w: f"/o/{w.organisation.slug}/processes/new/", EDIT),
    "processes:phase_templates": (lambda w: f"/o/{w.organisation.slug}/phase-templates/", VIEW),
    "processes:phase_template_new": (lambda w: f"/o/{w.organisation.slug}/phase-templates/new/", EDIT),
    "processes:phase_template_edit": (
        # Built-in templates are not the organisation's to edit: 404 even for its owner.
        lambda w: f"/o/{w.organisation.slug}/phase-templates/{w.process.template_id}/",
        {**EDIT, "owner": 404, "facilitator": 404},
    ),
    "processes:phase_template_copy": (
        lambda w: f"/o/{w.organisation.slug}/phase-templates/{w.process.template_id}/copy/",
        POST_ONLY,
    ),
    "processes:detail": (lambda w: f"/processes/{w.process.pk}/", VIEW),
    "processes:edit": (lambda w: f"/processes/{w.process.pk}/edit/", EDIT),
    "processes:phase_move": (lambda w: f"/processes/{w.process.pk}/phase/", POST_ONLY),
    "processes:activity_new": (lambda w: f"/processes/{w.process.pk}/activities/new/", EDIT),
    "processes:activity_remove": (
        lambda w: f"/processes/{w.process.pk}/activities/{Activity.objects.get(phase__process=w.process).pk}/remove/",
        POST_ONLY,
    ),
    "processes:public_settings": (lambda w: f"/processes/{w.process.pk}/public/", EDIT),
    "processes:material_add": (lambda w: f"/processes/{w.process.pk}/materials/", POST_ONLY),
    "processes:material_remove": (
        lambda w: f"/processes/{w.process.pk}/materials/{w.material.pk}/remove/",
        POST_ONLY,
    ),
    "processes:challenge": (lambda w: f"/processes/{w.process.pk}/challenge/", VIEW),
    "processes:challenge_new": (lambda w: f"/processes/{w.process.pk}/challenge/new/", EDIT),
    "processes:challenge_test": (lambda w: f"/processes/{w.process.pk}/challenge/test/", POST_ONLY),
    "processes:evidence_add": (lambda w: f"/challenge-items/{w.challenge_item.pk}/evidence/", POST_ONLY),
    "processes:evidence_remove": (
        lambda w: f"/evidence/{w.challenge_item.evidence.get().pk}/remove/",
        POST_ONLY,
    ),
    # Not published: a preview for people with a role, 404 for everyone else.
    "processes:public": (
        lambda w: f"/p/{w.process.pk}/",
        {**VIEW, "participant": 404, "outsider": 404, "anonymous": 404},
    ),
    "methods:library": (lambda w: f"/o/{w.organisation.slug}/methods/", VIEW),
    "methods:guide_new": (lambda w: f"/o/{w.organisation.slug}/methods/new/", EDIT),
    "methods:guide": (lambda w: f"/o/{w.organisation.slug}/methods/{_builtin_guide()}/", VIEW),
    "methods:guide_edit": (  # built-in guides are copied, not edited: 404 for those who may write
        lambda w: f"/o/{w.organisation.slug}/methods/{_builtin_guide()}/edit/",
        {**EDIT, "owner": 404, "facilitator": 404},
    ),
    "methods:course_new": (lambda w: f"/o/{w.organisation.slug}/courses/new/", EDIT),
    "methods:course": (lambda w: f"/o/{w.organisation.slug}/courses/{_builtin_course()}/", VIEW),
    "ideas:board": (lambda w: f"/processes/{w.process.pk}/ideas/", VIEW),
    "ideas:tracks": (lambda w: f"/processes/{w.process.pk}/tracks/", VIEW),
    "processes:governance": (lambda w: f"/processes/{w.process.pk}/governance/", VIEW),
    "ideas:new": (lambda w: f"/processes/{w.process.pk}/ideas/new/", {**VIEW, "auditor": 403}),
    "ideas:stages": (lambda w: f"/processes/{w.process.pk}/ideas/stages/", EDIT),
    "ideas:selection_new": (lambda w: f"/processes/{w.process.pk}/selection/new/", EDIT),
    "ideas:detail": (lambda w: f"/ideas/{w.idea.pk}/", VIEW),
    "ideas:attachment_add": (lambda w: f"/ideas/{w.idea.pk}/attachments/", POST_ONLY),
    "ideas:attachment": (lambda w: f"/ideas/attachments/{_attachment(w)}/", VIEW),
    "ideas:attachment_delete": (lambda w: f"/ideas/attachments/{_attachment(w)}/delete/", POST_ONLY),
    "ideas:edit": (lambda w: f"/ideas/{w.idea.pk}/edit/", EDIT),  # its authors and those who run the process
    "ideas:move": (lambda w: f"/ideas/{w.idea.pk}/move/", POST_ONLY),
    "ideas:comment": (lambda w: f"/ideas/{w.idea.pk}/comments/", POST_ONLY),
    "ideas:incubation": (lambda w: f"/ideas/{w.idea.pk}/incubation/", POST_ONLY),
    "ideas:end": (lambda w: f"/ideas/{w.idea.pk}/end/", POST_ONLY),
    "ideas:selection": (lambda w: f"/selection/{w.selection.pk}/", VIEW),
    "ideas:decide": (lambda w: f"/selection/{w.selection.pk}/ideas/{w.idea.pk}/decide/", POST_ONLY),
    "ideas:selection_close": (lambda w: f"/selection/{w.selection.pk}/close/", POST_ONLY),
    # Insight: interview texts for those who analyse, interview or read personal data; the
    # original and the review for those who may read personal data; the key for the owner.
    "insight:overview": (lambda w: f"/processes/{w.process.pk}/insight/", VIEW),
    "insight:source_new": (lambda w: f"/processes/{w.process.pk}/insight/sources/new/", INTERVIEW),
    "insight:codebook": (lambda w: f"/processes/{w.process.pk}/insight/codes/", SOURCES),
    "insight:agreement": (lambda w: f"/processes/{w.process.pk}/insight/agreement/", SOURCES),
    "insight:export_project": (lambda w: f"/processes/{w.process.pk}/insight/export.qdpx", ANALYSE),
    "insight:export_codebook": (lambda w: f"/processes/{w.process.pk}/insight/codebook.qdc", ANALYSE),
    "insight:import": (lambda w: f"/processes/{w.process.pk}/insight/import/", ANALYSE),
    "insight:insight_new": (lambda w: f"/processes/{w.process.pk}/insight/insights/new/", ANALYSE),
    "insight:journey_new": (lambda w: f"/processes/{w.process.pk}/insight/journeys/new/", ANALYSE),
    "insight:journey": (lambda w: f"/journeys/{_journey(w)}/", VIEW),
    "insight:cases": (lambda w: f"/processes/{w.process.pk}/insight/cases/", SOURCES),
    "insight:case": (lambda w: f"/cases/{_case(w)}/", SOURCES),
    "insight:legal_hold": (lambda w: f"/processes/{w.process.pk}/insight/legal-hold/", POST_ONLY),
    "insight:key": (lambda w: f"/processes/{w.process.pk}/insight/key/", ONLY_OWNER),
    "insight:guides": (lambda w: f"/o/{w.organisation.slug}/interview-guides/", VIEW),
    "insight:offers": (lambda w: f"/o/{w.organisation.slug}/offers/", VIEW),
    "comparison:library": (lambda w: f"/o/{w.organisation.slug}/statistics/", VIEW),
    "comparison:dataset": (lambda w: f"/statistics/tables/{_dataset(w).pk}/", VIEW),
    "comparison:dataset_delete": (lambda w: f"/statistics/tables/{_dataset(w).pk}/delete/", POST_ONLY),
    "comparison:process": (lambda w: f"/processes/{w.process.pk}/statistics/", VIEW),
    "comparison:comparison_new": (lambda w: f"/processes/{w.process.pk}/statistics/comparisons/new/", EDIT),
    "comparison:matrix_new": (lambda w: f"/processes/{w.process.pk}/statistics/matrices/new/", EDIT),
    "comparison:comparison": (lambda w: f"/comparisons/{_comparison(w)}/", VIEW),
    "comparison:comparison_pin": (lambda w: f"/comparisons/{_comparison(w)}/pin/", POST_ONLY),
    "comparison:comparison_delete": (lambda w: f"/comparisons/{_comparison(w)}/delete/", POST_ONLY),
    "comparison:matrix": (lambda w: f"/matrices/{_matrix(w).pk}/", VIEW),
    "comparison:matrix_cell": (_cell_url, EDIT),
    "comparison:matrix_pin": (lambda w: f"/matrices/{_matrix(w).pk}/pin/", POST_ONLY),
    "comparison:matrix_delete": (lambda w: f"/matrices/{_matrix(w).pk}/delete/", POST_ONLY),
    "reports:notes": (lambda w: f"/processes/{w.process.pk}/notes/", VIEW),
    "reports:note": (lambda w: f"/notes/{_note(w)}/", VIEW),
    "reports:edit": (lambda w: f"/notes/{_note(w)}/edit/", EDIT),
    "reports:delete": (lambda w: f"/notes/{_note(w)}/delete/", POST_ONLY),
    "reports:export_html": (lambda w: f"/notes/{_note(w)}/note.html", VIEW),
    "reports:export_pdf": (lambda w: f"/notes/{_note(w)}/note.pdf", VIEW),
    "reports:export_docx": (lambda w: f"/notes/{_note(w)}/note.docx", VIEW),
    # The open-data API: published processes for anyone, unpublished ones for nobody.
    "comparison:api_openapi": (lambda w: "/api/v1/openapi.json", ALL_OK),
    "comparison:api_processes": (lambda w: "/api/v1/processes/", ALL_OK),
    "comparison:api_process": (lambda w: f"/api/v1/processes/{w.process.pk}/", dict.fromkeys(PERSONAS, 404)),
    "comparison:api_comparison": (lambda w: f"/api/v1/comparisons/{_comparison(w, published=True)}/", ALL_OK),
    "comparison:api_matrix": (lambda w: f"/api/v1/matrices/{_matrix(w, published=True).pk}/", ALL_OK),
    "insight:offer": (lambda w: f"/offers/{_offer(w)}/", VIEW),
    "insight:guide": (lambda w: f"/interview-guides/{w.guide.pk}/", VIEW),
    "insight:source": (lambda w: f"/sources/{w.source.pk}/", SOURCES),
    "insight:original": (lambda w: f"/sources/{w.source.pk}/original/", PERSONAL_DATA),
    "insight:review": (lambda w: f"/sources/{w.source.pk}/review/", PERSONAL_DATA),
    "insight:withdraw": (lambda w: f"/sources/{w.source.pk}/withdraw/", INTERVIEW),
    "insight:coding_add": (lambda w: f"/sources/{w.source.pk}/codings/", POST_ONLY),
    "insight:memo_add": (lambda w: f"/sources/{w.source.pk}/memos/", POST_ONLY),
    "insight:coding_remove": (lambda w: f"/codings/{w.coding.pk}/remove/", POST_ONLY),
    "insight:insight": (lambda w: f"/insights/{w.insight.pk}/", VIEW),
    "core:logout": (lambda w: "/logout/", dict.fromkeys(PERSONAS, 405)),  # POST only
    "set_language": (lambda w: "/i18n/setlang/", dict.fromkeys(PERSONAS, 302)),
}


def _route_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _route_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_route_is_in_the_matrix() -> None:
    assert _route_names(get_resolver()) == set(MATRIX)


@pytest.mark.parametrize("route", sorted(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_gets_expected_status(world: World, route: str, persona: str) -> None:
    build_url, expected = MATRIX[route]
    response = world.client_for(persona).get(build_url(world))
    assert response.status_code == expected[persona], f"{persona} → {route}"


def test_objects_of_another_organisation_cannot_be_reached_by_id(world: World) -> None:
    client = world.client_for("owner")
    other_event = world.other_table.event
    assert client.get(f"/events/{other_event.pk}/").status_code == 403
    assert client.get(f"/tables/{world.other_table.pk}/").status_code == 403
    assert client.get(f"/o/{world.other_organisation.slug}/").status_code == 403
    assert client.post(f"/tables/{world.other_table.pk}/", {"text": "inn"}).status_code == 403
    assert not world.other_table.contributions.exists()


def test_a_host_sees_only_their_own_table(world: World) -> None:
    table2 = world.event.tables.get(number=2)
    assert world.client_for("host").get(f"/tables/{table2.pk}/").status_code == 403


def test_unknown_ids_give_404(world: World) -> None:
    client = world.client_for("owner")
    assert client.get("/events/999999/").status_code == 404
    assert client.get("/tables/999999/").status_code == 404
    assert client.get("/o/no-such-place/").status_code == 404


def test_a_participant_cookie_does_not_open_another_space(world: World) -> None:
    client = world.client_for("participant")
    response = client.get(f"/join/{world.other_join_code.code}/here/")
    assert response.status_code == 302
    assert response["Location"] == f"/join/{world.other_join_code.code}/"
