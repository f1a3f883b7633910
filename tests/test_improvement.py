"""Improvement work through the pages: who may change what, and what a facilitator
sees when adding a measure, uploading observations and setting a baseline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from samskap.core.models import AuditEntry, Membership, Role
from samskap.core.services import membership_grant
from samskap.improvement import services
from samskap.improvement.csv_import import ParsedRow
from samskap.improvement.models import (
    ChartBreak,
    Driver,
    Measure,
    Observation,
    PdsaCycle,
    ProgressScore,
    ProjectPhase,
    TeamMember,
)
from samskap.processes.models import Process
from tests.conftest import PERSONAS, WEEKS, World, make_organisation, make_user

PostCase = tuple[Callable[[World], str], Callable[[World], dict[str, Any]]]

# Every POST route of the module with a valid body.
POSTS: dict[str, PostCase] = {
    "network_start": (lambda w: f"/improvement/processes/{w.process.pk}/network/", lambda w: {}),
    "gathering": (
        lambda w: f"/improvement/networks/{w.network.pk}/gatherings/",
        lambda w: {"gathering-number": "2", "gathering-title": "Samling 2", "gathering-held_on": "2026-05-12"},
    ),
    "team_add": (
        lambda w: f"/improvement/networks/{w.network.pk}/teams/",
        lambda w: {"team-organisation": w.organisation.pk, "team-name": "Team to"},
    ),
    "shared_measure": (
        lambda w: f"/improvement/networks/{w.network.pk}/measures/",
        lambda w: {
            "measure-title": "Andel med plan",
            "measure-kind": "process",
            "measure-value_kind": "proportion",
            "measure-frequency": "monthly",
        },
    ),
    "team_member": (
        lambda w: f"/improvement/teams/{w.team.pk}/members/",
        lambda w: {"member-name": "Kari", "member-role": "measurement_lead"},
    ),
    "project": (
        lambda w: f"/improvement/teams/{w.team.pk}/",
        lambda w: {"project-title": "Nytt", "project-aim": "Bedre", "project-phase": "plan"},
    ),
    "project_edit": (
        lambda w: f"/improvement/projects/{w.project.pk}/edit/",
        lambda w: {"project-title": "Endret", "project-aim": "Bedre", "project-phase": "do"},
    ),
    "progress": (
        lambda w: f"/improvement/projects/{w.project.pk}/progress/",
        lambda w: {"progress-score": "2.5", "progress-recorded_on": "2026-03-01"},
    ),
    "driver": (lambda w: f"/improvement/projects/{w.project.pk}/drivers/", lambda w: {"driver-text": "Kompetanse"}),
    "idea": (lambda w: f"/improvement/projects/{w.project.pk}/change-ideas/", lambda w: {"idea-text": "Guide"}),
    "pdsa_create": (
        lambda w: f"/improvement/projects/{w.project.pk}/pdsa/new/",
        lambda w: {"title": "Test", "question": "Q", "prediction": "P", "started_on": "2026-03-01"},
    ),
    "pdsa_update": (
        lambda w: f"/improvement/pdsa/{w.pdsa.pk}/",
        lambda w: {"title": "Test", "question": "Q", "prediction": "P", "started_on": "2026-03-01", "act": "adopt"},
    ),
    "measure_create": (
        lambda w: f"/improvement/projects/{w.project.pk}/measures/new/",
        lambda w: {
            "measure-title": "Ventetid",
            "measure-kind": "outcome",
            "measure-value_kind": "measurement",
            "measure-frequency": "weekly",
        },
    ),
    "settings": (
        lambda w: f"/improvement/measures/{w.measure.pk}/settings/",
        lambda w: {"settings-chart": "pp", "settings-rules": "anhoej", "settings-multiply": "100"},
    ),
    "observation": (
        lambda w: f"/improvement/measures/{w.measure.pk}/observations/",
        lambda w: {"obs-period": "2026-06-01", "obs-value": "10", "obs-denominator": "20"},
    ),
    "upload": (
        lambda w: f"/improvement/measures/{w.measure.pk}/upload/",
        lambda w: {"file": _csv("periode;teller;nevner\n2026-06-01;10;20\n")},
    ),
    "break": (
        lambda w: f"/improvement/measures/{w.measure.pk}/breaks/",
        lambda w: {"break-kind": "baseline", "break-period": WEEKS[14].isoformat(), "break-reason": "Ny praksis"},
    ),
    "break_remove": (
        lambda w: f"/improvement/measures/{w.measure.pk}/breaks/{w.chart_break.pk}/remove/",
        lambda w: {},
    ),
    "note": (
        lambda w: f"/improvement/measures/{w.measure.pk}/notes/",
        lambda w: {"note-period": "2026-02-02", "note-text": "Ferie"},
    ),
    "operations": (lambda w: f"/improvement/measures/{w.measure.pk}/operations/", lambda w: {}),
}
EXPECTED_POST = {
    "owner": "ok",
    "facilitator": "ok",
    "host": 403,
    "interviewer": 403,
    "auditor": 403,
    "participant": "login",
    "outsider": 403,
    "anonymous": "login",
}


def _client(world: World, persona: str) -> Client:
    """The persona's client, reading pages in English (pages otherwise speak the organisation's language)."""
    client = world.client_for(persona)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _csv(text: str, name: str = "data.csv") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _audit_count() -> int:
    return AuditEntry.objects.count()


@pytest.mark.parametrize("case", sorted(POSTS))
@pytest.mark.parametrize("persona", PERSONAS)
def test_post_routes_allow_only_those_who_may_change(world: World, case: str, persona: str) -> None:
    url_of, data_of = POSTS[case]
    before = _audit_count()
    response = _client(world, persona).post(url_of(world), data_of(world))
    expected = EXPECTED_POST[persona]
    if expected == "ok":
        assert response.status_code in (200, 302), response.content[:2000]
        if case != "upload":  # the upload's first step is a preview: nothing saved yet
            assert _audit_count() > before
    elif expected == "login":
        assert response.status_code == 302 and response["Location"].startswith("/login/")
        assert _audit_count() == before
    else:
        assert response.status_code == expected
        assert _audit_count() == before


def test_another_organisations_objects_are_out_of_reach(world: World) -> None:
    client = _client(world, "outsider")
    for url in [
        f"/improvement/networks/{world.network.pk}/",
        f"/improvement/measures/{world.measure.pk}/",
        f"/improvement/pdsa/{world.pdsa.pk}/",
    ]:
        assert client.get(url).status_code == 403
    assert client.get("/improvement/measures/999999/").status_code == 404


def test_a_partner_sees_the_network_but_changes_only_its_own_team(world: World) -> None:
    partner = make_organisation("nabo", "Nabo kommune")
    world.network.process.partners.add(partner)
    staff = make_user("staff@nabo.example", "Nina Nabo")
    membership_grant(actor=None, organisation=partner, user=staff, role=Role.FACILITATOR)
    client = _client(world, "anonymous")
    client.force_login(staff)
    assert client.get(f"/improvement/measures/{world.measure.pk}/").status_code == 200
    body = {"obs-period": "2026-06-01", "obs-value": "1", "obs-denominator": "2"}
    assert client.post(f"/improvement/measures/{world.measure.pk}/observations/", body).status_code == 403
    own_team = services.team_create(actor=None, network=world.network, organisation=partner, name="Team Nabo")
    assert (
        client.post(
            f"/improvement/teams/{own_team.pk}/",
            {"project-title": "Vårt", "project-aim": "Mål", "project-phase": "plan"},
        ).status_code
        == 302
    )


def test_a_team_member_with_an_account_records_work_without_an_organisation_role(world: World) -> None:
    viewer = make_user("viewer@test.example", "Vera Viewer")
    membership_grant(actor=None, organisation=world.organisation, user=viewer, role=Role.VIEWER)
    client = _client(world, "anonymous")
    client.force_login(viewer)
    url = f"/improvement/projects/{world.project.pk}/progress/"
    body = {"progress-score": "3.0", "progress-recorded_on": "2026-05-01"}
    assert client.post(url, body).status_code == 403
    TeamMember.objects.create(team=world.team, user=viewer, name="Vera Viewer", role="measurement_lead")
    assert client.post(url, body).status_code == 302
    Membership.objects.filter(user=viewer).delete()  # left the organisation: the team role alone is not enough
    assert client.post(url, body).status_code == 403


def test_a_team_outside_the_network_cannot_be_created(world: World) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.team_create(actor=None, network=world.network, organisation=world.other_organisation, name="X")


# --- The facilitator's path: measure → CSV → baseline → chart changes ---------------------


def test_facilitator_adds_a_measure_uploads_a_csv_and_sets_a_baseline(world: World) -> None:
    client = _client(world, "facilitator")
    response = client.post(
        f"/improvement/projects/{world.project.pk}/measures/new/",
        {
            "measure-title": "Dager til første samtale",
            "measure-kind": "outcome",
            "measure-value_kind": "measurement",
            "measure-improvement": "decrease",
            "measure-target": "14",
            "measure-frequency": "weekly",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(title="Dager til første samtale")
    assert response["Location"] == f"/improvement/measures/{measure.pk}/"

    days = [WEEKS[0] + timedelta(weeks=k) for k in range(24)]
    rows = "\n".join(f"{day.strftime('%d.%m.%Y')};{30 - (k >= 12) * 12},5" for k, day in enumerate(days))
    preview = client.post(f"/improvement/measures/{measure.pk}/upload/", {"file": _csv("dato;verdi\n" + rows)})
    assert preview.status_code == 200
    assert "24 observations are ready to be saved" in preview.content.decode()
    assert not measure.observations.exists()  # a preview saves nothing

    token = preview.context["token"]
    saved = client.post(f"/improvement/measures/{measure.pk}/upload/", {"confirm": "1", "rows": token})
    assert saved.status_code == 302
    assert measure.observations.count() == 24
    assert measure.observations.first().value == 30.5  # type: ignore[union-attr]

    page = client.get(f"/improvement/measures/{measure.pk}/")
    chart = page.context["chart"]
    assert chart.chart == "i"  # 24 measured values: the helper suggests an I chart
    assert chart.has_signal  # the drop after week 12 is a shift
    centre_before = float(chart.result.cl[0])
    assert "<svg" in page.content.decode() and "<table" in page.content.decode()

    response = client.post(
        f"/improvement/measures/{measure.pk}/breaks/",
        {"break-kind": "baseline", "break-period": WEEKS[0] + timedelta(weeks=11), "break-reason": "Før endringen"},
    )
    assert response.status_code == 302
    chart = client.get(f"/improvement/measures/{measure.pk}/").context["chart"]
    assert float(chart.result.cl[0]) == pytest.approx(30.5)  # the baseline's own mean
    assert float(chart.result.cl[0]) != pytest.approx(centre_before)
    assert chart.result.sigma_signal[12:].all()  # every point after the change is below the frozen limits


def test_an_upload_with_bad_rows_shows_every_problem_and_saves_nothing(world: World) -> None:
    client = _client(world, "facilitator")
    count = world.measure.observations.count()
    text = (
        "periode;teller;nevner\n2026-06-01;12;10\n31.02.2026;3;10\n2026-06-15;tre;10\n"
        "2026-06-08;1;10\n2026-06-08;2;10\n2026-06-22;1;0\n"
    )
    response = client.post(f"/improvement/measures/{world.measure.pk}/upload/", {"file": _csv(text)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page
    for line in (2, 3, 4, 6, 7):
        assert f"Line {line}:" in page
    assert "Line 5:" not in page
    assert "already on line 5" in page
    assert world.measure.observations.count() == count


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "does not look like a CSV file"),
        (b"", "The submitted file is empty"),
        (b"a;b\n1;2\n", "The first line must name the columns"),
        (b"periode;teller\n2026-01-05;3\n", "needs a denominator column"),
    ],
)
def test_hostile_or_malformed_files_get_a_clear_message(world: World, content: bytes, message: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _client(world, "facilitator")
    upload = SimpleUploadedFile("x.csv", content, content_type="text/csv")
    response = client.post(f"/improvement/measures/{world.measure.pk}/upload/", {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_tampered_preview_is_refused(world: World) -> None:
    client = _client(world, "facilitator")
    forged = signing.dumps({"measure": world.measure.pk, "rows": [[2, "2026-06-01", 1, 2]]}, salt="other")
    response = client.post(f"/improvement/measures/{world.measure.pk}/upload/", {"confirm": "1", "rows": forged})
    assert response.status_code == 302
    assert not world.measure.observations.filter(period=date(2026, 6, 1)).exists()
    # A valid token for another measure is refused too.
    other = services.measure_create(
        actor=None, project=world.project, title="Annet", kind="process", value_kind="proportion"
    )
    token = signing.dumps(
        {"measure": other.pk, "rows": [[2, "2026-06-01", 1.0, 2.0]]}, salt="samskap.improvement.upload", compress=True
    )
    client.post(f"/improvement/measures/{world.measure.pk}/upload/", {"confirm": "1", "rows": token})
    assert not Observation.objects.filter(period=date(2026, 6, 1)).exists()


def test_the_import_is_all_or_nothing(world: World) -> None:
    from django.core.exceptions import ValidationError

    rows = [ParsedRow(2, date(2026, 6, 1), 5.0, 10.0), ParsedRow(3, date(2026, 6, 8), 50.0, 10.0)]
    with translation.override("en"), pytest.raises(ValidationError, match="Line 3"):
        services.observations_import(actor=None, measure=world.measure, rows=rows)
    assert not world.measure.observations.filter(period=date(2026, 6, 1)).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"obs-period": "2026-06-01", "obs-value": "30", "obs-denominator": "20"}, "value"),
        ({"obs-period": "2026-06-01", "obs-value": "3"}, "denominator"),
        (
            {"obs-period": "2026-06-01", "obs-value": "3", "obs-denominator": "20", "obs-excluded": "on"},
            "exclude_reason",
        ),
        ({"obs-period": "01.06", "obs-value": "3", "obs-denominator": "20"}, "period"),
        ({"obs-period": "2099-06-01", "obs-value": "3", "obs-denominator": "20"}, "period"),
    ],
)
def test_a_wrong_observation_is_explained_and_not_saved(world: World, body: dict[str, str], field: str) -> None:
    count = Observation.objects.count()
    response = _client(world, "facilitator").post(f"/improvement/measures/{world.measure.pk}/observations/", body)
    assert response.status_code == 400
    assert response.context["observation_form"].errors.get(field)
    assert Observation.objects.count() == count


def test_an_excluded_point_stays_on_the_plot_and_leaves_the_calculation(world: World) -> None:
    client = _client(world, "facilitator")
    body = {
        "obs-period": WEEKS[3].isoformat(),
        "obs-value": "20",
        "obs-denominator": "20",
        "obs-excluded": "on",
        "obs-exclude_reason": "Registreringsfeil",
    }
    assert client.post(f"/improvement/measures/{world.measure.pk}/observations/", body).status_code == 302
    chart = client.get(f"/improvement/measures/{world.measure.pk}/").context["chart"]
    assert not chart.result.include[3]
    assert len(chart.result) == 20


def test_a_phase_splits_the_chart_and_a_baseline_before_it_is_explained(world: World) -> None:
    client = _client(world, "facilitator")
    chart = client.get(f"/improvement/measures/{world.measure.pk}/").context["chart"]
    assert [p.start for p in chart.result.parts] == [0, 10]
    services.chart_break_add(actor=None, measure=world.measure, kind="baseline", period=WEEKS[5], reason="Tidlig")
    page = client.get(f"/improvement/measures/{world.measure.pk}/")
    assert page.context["chart"].problem == "baseline_before_phase"
    assert "The baseline lies before the last phase" in page.content.decode()


def test_a_break_needs_a_reason_and_only_one_baseline(world: World) -> None:
    client = _client(world, "facilitator")
    url = f"/improvement/measures/{world.measure.pk}/breaks/"
    response = client.post(url, {"break-kind": "phase", "break-period": "2026-03-02", "break-reason": " "})
    assert response.status_code == 400
    services.chart_break_add(actor=None, measure=world.measure, kind="baseline", period=WEEKS[15], reason="A")
    response = client.post(url, {"break-kind": "baseline", "break-period": "2026-03-02", "break-reason": "B"})
    assert response.status_code == 400
    assert "already has a baseline" in response.content.decode()
    assert ChartBreak.objects.filter(measure=world.measure, kind="baseline").count() == 1


def test_removing_a_break_recalculates(world: World) -> None:
    client = _client(world, "facilitator")
    client.post(f"/improvement/measures/{world.measure.pk}/breaks/{world.chart_break.pk}/remove/")
    chart = client.get(f"/improvement/measures/{world.measure.pk}/").context["chart"]
    assert len(chart.result.parts) == 1
    assert chart.result.runs_signal.any()  # one centre line over before and after: a shift


def test_a_break_of_another_measure_cannot_be_removed_through_this_one(world: World) -> None:
    other = services.measure_create(
        actor=None, project=world.project, title="Annet", kind="process", value_kind="measurement"
    )
    response = _client(world, "owner").post(f"/improvement/measures/{other.pk}/breaks/{world.chart_break.pk}/remove/")
    assert response.status_code == 404
    assert ChartBreak.objects.filter(pk=world.chart_break.pk).exists()


def test_chart_settings_are_checked_against_the_kind_of_value(world: World) -> None:
    client = _client(world, "facilitator")
    url = f"/improvement/measures/{world.measure.pk}/settings/"
    response = client.post(url, {"settings-chart": "c", "settings-rules": "anhoej", "settings-multiply": "100"})
    assert response.status_code == 400
    response = client.post(url, {"settings-chart": "run", "settings-rules": "mdc", "settings-multiply": "100"})
    assert response.status_code == 400
    response = client.post(url, {"settings-chart": "p", "settings-rules": "mdc", "settings-multiply": "100"})
    assert response.status_code == 302
    chart = client.get(f"/improvement/measures/{world.measure.pk}/").context["chart"]
    assert chart.result.mdc is not None
    assert chart.variation in {"common_cause", "improvement_high", "concern_low"}


def test_moving_to_operations_freezes_the_limits_and_follows_up_the_project(world: World) -> None:
    client = _client(world, "facilitator")
    assert client.post(f"/improvement/measures/{world.measure.pk}/operations/").status_code == 302
    world.measure.refresh_from_db()
    world.project.refresh_from_db()
    assert world.measure.in_operations_since is not None
    assert world.project.phase == ProjectPhase.FOLLOW_UP
    baseline = world.measure.breaks.get(kind="baseline")
    assert baseline.period == WEEKS[-1]
    # A new low point is judged against the frozen limits of the improved phase.
    services.observation_record(actor=None, measure=world.measure, period=date(2026, 6, 1), value=2, denominator=20)
    page = client.get(f"/improvement/measures/{world.measure.pk}/")
    chart = page.context["chart"]
    assert chart.result.sigma_signal[-1]
    assert chart.assurance in {"consistent_fail", "inconsistent"}
    assert client.post(f"/improvement/measures/{world.measure.pk}/operations/").status_code == 302
    assert world.measure.breaks.filter(kind="baseline").count() == 1


def test_progress_scores_keep_their_history(world: World) -> None:
    client = _client(world, "facilitator")
    url = f"/improvement/projects/{world.project.pk}/progress/"
    assert client.post(url, {"progress-score": "6.0", "progress-recorded_on": "2026-03-01"}).status_code == 400
    for day, score in [("2026-03-01", "1.5"), ("2026-05-01", "2.5")]:
        assert client.post(url, {"progress-score": score, "progress-recorded_on": day}).status_code == 302
    assert [str(s.score) for s in ProgressScore.objects.filter(project=world.project)] == ["1.5", "2.5"]
    page = client.get(f"/improvement/networks/{world.network.pk}/charts/").content.decode()
    assert "1.5 → 2.5" in page or "1,5 → 2,5" in page


def test_the_driver_diagram_is_a_list_and_a_drawing(world: World) -> None:
    client = _client(world, "facilitator")
    base = f"/improvement/projects/{world.project.pk}/"
    client.post(base + "drivers/", {"driver-text": "Kompetanse hos ansatte"})
    primary = Driver.objects.get(text="Kompetanse hos ansatte")
    client.post(base + "drivers/", {"driver-text": "Kurs i samtalen", "driver-parent": primary.pk})
    secondary = Driver.objects.get(text="Kurs i samtalen")
    assert secondary.parent == primary
    client.post(base + "change-ideas/", {"idea-text": "<script>alert(1)</script>", "idea-driver": secondary.pk})
    # A secondary driver cannot take children of its own; another project's driver is not a choice.
    response = client.post(base + "drivers/", {"driver-text": "Dypere", "driver-parent": secondary.pk})
    assert response.status_code == 400
    page = client.get(base).content.decode()
    assert "Secondary driver: Kurs i samtalen" in page
    assert 'class="samskap-driver-diagram"' in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_pdsa_cycles_chain_from_small_to_larger_scale(world: World) -> None:
    client = _client(world, "facilitator")
    body = {
        "title": "Tre brukere",
        "previous": world.pdsa.pk,
        "scale": "Tre brukere, en uke",
        "question": "Holder det?",
        "prediction": "Ja",
        "started_on": "2026-03-20",
        "measures": [world.measure.pk],
    }
    response = client.post(f"/improvement/projects/{world.project.pk}/pdsa/new/", body)
    assert response.status_code == 302
    second = PdsaCycle.objects.get(title="Tre brukere")
    assert second.previous == world.pdsa
    project_page = client.get(f"/improvement/projects/{world.project.pk}/")
    chains = project_page.context["chains"]
    assert [[c.title for c in chain] for chain in chains] == [["Samtaleguide med én bruker", "Tre brukere"]]
    # Study against the prediction, then act.
    update = {**body, "study_notes": "Tok 20 minutter, ikke 15.", "act": "adapt"}
    assert client.post(f"/improvement/pdsa/{second.pk}/", update).status_code == 302
    second.refresh_from_db()
    assert second.stage == "act"
    # A cycle cannot build on another project's cycle.
    other_project = services.project_create(actor=None, team=world.team, title="Annet", aim="Annet")
    response = client.post(f"/improvement/projects/{other_project.pk}/pdsa/new/", {**body, "title": "Feil"})
    assert response.status_code == 400
    assert not PdsaCycle.objects.filter(title="Feil").exists()


def test_a_team_adopts_a_shared_measure_once(world: World) -> None:
    client = _client(world, "facilitator")
    project = services.project_create(actor=None, team=world.team, title="Nytt", aim="Mål")
    url = f"/improvement/projects/{project.pk}/measures/new/"
    assert client.post(url, {"adopt": "1", "adopt-shared": world.shared_measure.pk}).status_code == 302
    assert client.post(url, {"adopt": "1", "adopt-shared": world.shared_measure.pk}).status_code == 400
    assert project.measures.get().shared == world.shared_measure


def test_the_network_page_runs_a_fixed_number_of_queries(world: World) -> None:
    url = f"/improvement/networks/{world.network.pk}/charts/"
    client = _client(world, "owner")
    _grow_network(world, municipalities=1, measures=1, points=12, prefix="liten")
    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow_network(world, municipalities=6, measures=3, points=30, prefix="stor")
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<svg") >= 18
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
    assert len(large) <= 25


def _grow_network(world: World, *, municipalities: int, measures: int, points: int, prefix: str) -> None:
    process: Process = world.network.process
    shared = [
        services.measure_create(
            actor=None, network=world.network, title=f"Mål {prefix} {m}", kind="process", value_kind="measurement"
        )
        for m in range(measures)
    ]
    for k in range(municipalities):
        organisation = make_organisation(f"{prefix}-{k}", f"Kommune {prefix} {k}")
        process.partners.add(organisation)
        team = services.team_create(actor=None, network=world.network, organisation=organisation, name=f"Team {k}")
        project = services.project_create(actor=None, team=team, title=f"Prosjekt {k}", aim="Mål")
        services.progress_score_record(actor=None, project=project, score=2, recorded_on=date(2026, 3, 1))  # type: ignore[arg-type]
        for measure in shared:
            adopted = services.measure_adopt(actor=None, project=project, shared=measure)
            services.observations_import(
                actor=None,
                measure=adopted,
                rows=[ParsedRow(p + 2, WEEKS[0] + timedelta(weeks=p), float(p % 7), None) for p in range(points)],
            )
            services.chart_break_add(
                actor=None, measure=adopted, kind="phase", period=WEEKS[0] + timedelta(weeks=10), reason="Endring"
            )


def test_every_change_is_in_the_audit_log(world: World) -> None:
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "network.create",
        "team.create",
        "project.create",
        "measure.create",
        "measure.adopt",
        "observation.import",
        "pdsa.create",
        "chart_break.add",
    } <= actions


def test_a_shared_definition_shows_the_teams_that_use_it(world: World) -> None:
    page = _client(world, "host").get(f"/improvement/measures/{world.shared_measure.pk}/")
    assert page.status_code == 200
    assert world.project.title in page.content.decode()
    assert "observation_form" not in page.context


def test_the_chart_advice_speaks_the_readers_language(world: World) -> None:
    english = _client(world, "facilitator").get(f"/improvement/measures/{world.measure.pk}/")
    swedish = world.client_for("facilitator")
    swedish.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    page = swedish.get(f"/improvement/measures/{world.measure.pk}/")
    assert "A share with its denominator" in english.content.decode()
    assert "En andel med sin nämnare" in page.content.decode()
    assert "A share with its denominator" not in page.content.decode()


def test_a_facilitator_sets_up_a_network_from_a_learning_network_process(world: World) -> None:
    client = _client(world, "facilitator")
    process = Process.objects.create(organisation=world.organisation, title="Nytt nettverk", kind="learning_network")
    page = client.get(f"/o/{world.organisation.slug}/").content.decode()
    assert f"/improvement/processes/{process.pk}/network/" in page
    response = client.post(f"/improvement/processes/{process.pk}/network/")
    network = process.network
    assert response["Location"] == f"/improvement/networks/{network.pk}/"
    assert client.post(f"/improvement/processes/{process.pk}/network/").status_code == 302  # twice: same network
    base = f"/improvement/networks/{network.pk}/"
    ok = client.post(
        base + "gatherings/",
        {"gathering-number": "1", "gathering-title": "Samling 1", "gathering-held_on": "2026-02-12"},
    )
    assert ok.status_code == 302
    again = client.post(
        base + "gatherings/", {"gathering-number": "1", "gathering-title": "Igjen", "gathering-held_on": "2026-03-12"}
    )
    assert again.status_code == 400
    assert network.gatherings.count() == 1
    outsider_org = client.post(base + "teams/", {"team-organisation": world.other_organisation.pk, "team-name": "X"})
    assert outsider_org.status_code == 400  # not a member of the network
    response = client.post(base + "teams/", {"team-organisation": world.organisation.pk, "team-name": "Team Tromvik"})
    team = network.teams.get()
    assert response["Location"] == f"/improvement/teams/{team.pk}/"
    unknown = client.post(
        f"/improvement/teams/{team.pk}/members/",
        {"member-name": "Ukjent", "member-role": "leader", "member-email": "nobody@example.org"},
    )
    assert unknown.status_code == 400
    assert "No one has an account" in unknown.content.decode()
    client.post(
        f"/improvement/teams/{team.pk}/members/",
        {"member-name": "Hanna", "member-role": "coach", "member-email": "HOST@test.example"},
    )
    assert team.members.get().user == world.host
    # Hanna, a table host in the organisation, may now record the team's work.
    project = services.project_create(actor=None, team=team, title="P", aim="A")
    host = _client(world, "host")
    body = {"progress-score": "1.0", "progress-recorded_on": "2026-03-01"}
    assert host.post(f"/improvement/projects/{project.pk}/progress/", body).status_code == 302


def test_operations_needs_a_phase_and_keeps_a_baseline_chosen_inside_it(world: World) -> None:
    client = _client(world, "facilitator")
    # No phase: the limits would mix before and after the change, so it is refused.
    world.chart_break.delete()
    response = client.post(f"/improvement/measures/{world.measure.pk}/operations/", follow=True)
    assert "First mark the new phase" in response.content.decode()
    world.measure.refresh_from_db()
    assert world.measure.in_operations_since is None
    # A baseline the team set inside the last phase is their stable period: it stays.
    services.chart_break_add(actor=None, measure=world.measure, kind="phase", period=WEEKS[10], reason="Endring")
    services.chart_break_add(actor=None, measure=world.measure, kind="baseline", period=WEEKS[15], reason="Stabil")
    client.post(f"/improvement/measures/{world.measure.pk}/operations/")
    assert world.measure.breaks.get(kind="baseline").period == WEEKS[15]


def test_an_old_baseline_before_the_change_gives_way_in_operations(world: World) -> None:
    services.chart_break_add(actor=None, measure=world.measure, kind="baseline", period=WEEKS[4], reason="Før")
    _client(world, "facilitator").post(f"/improvement/measures/{world.measure.pk}/operations/")
    chart = _client(world, "facilitator").get(f"/improvement/measures/{world.measure.pk}/").context["chart"]
    assert world.measure.breaks.get(kind="baseline").period == WEEKS[-1]
    assert chart.problem == ""
    assert not chart.result.sigma_signal[10:].any()  # the improved phase judged against its own limits


def test_a_pdsa_chain_cannot_loop(world: World) -> None:
    client = _client(world, "facilitator")
    body = {"title": "Neste", "previous": world.pdsa.pk, "question": "Q", "prediction": "P", "started_on": "2026-04-01"}
    client.post(f"/improvement/projects/{world.project.pk}/pdsa/new/", body)
    second = PdsaCycle.objects.get(title="Neste")
    loop = {
        "title": world.pdsa.title,
        "previous": second.pk,
        "question": "Q",
        "prediction": "P",
        "started_on": world.pdsa.started_on.isoformat(),
    }
    response = client.post(f"/improvement/pdsa/{world.pdsa.pk}/", loop)
    assert response.status_code == 400
    world.pdsa.refresh_from_db()
    assert world.pdsa.previous is None
    chains = client.get(f"/improvement/projects/{world.project.pk}/").context["chains"]
    assert [len(chain) for chain in chains] == [2]


def test_the_progress_choices_speak_the_readers_language(world: World) -> None:
    client = world.client_for("facilitator")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(f"/improvement/projects/{world.project.pk}/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    swedish = client.get(f"/improvement/projects/{world.project.pk}/").content.decode()
    assert "0.5 – Intent to participate" in english
    assert "Intent to participate" not in swedish
    assert "0,5 – " in swedish


def test_the_findings_name_the_new_level_and_the_mdc_patterns(world: World) -> None:
    client = _client(world, "facilitator")
    page = client.get(f"/improvement/measures/{world.measure.pk}/")
    summary = " ".join(page.context["summary"])
    assert "Phase 2's centre line is" in summary and "an improvement" in summary
    charts = client.get(f"/improvement/networks/{world.network.pk}/charts/").context["sections"][0]["charts"]
    assert "new level: an improvement" in charts[0]["status"]
    world.chart_break.delete()
    services.measure_update(actor=None, measure=_with(world.measure, rules="mdc", chart="p"), changed=["rules"])
    summary = " ".join(client.get(f"/improvement/measures/{world.measure.pk}/").context["summary"])
    assert "run of 7 or more on one side of the mean" in summary


def _with(measure: Measure, **fields: Any) -> Measure:
    for name, value in fields.items():
        setattr(measure, name, value)
    return measure


def test_the_network_page_title_is_the_process_title(world: World) -> None:
    """Regression: the manage forms were once rendered inside <title> as raw text."""
    response = _client(world, "facilitator").get(f"/improvement/networks/{world.network.pk}/")
    html = response.content.decode()
    title = html[html.index("<title>") + 7 : html.index("</title>")]
    assert "<form" not in title and "Run the network" not in title
    assert world.network.process.title in title
    assert html.count('action="/improvement/networks/') >= 3
