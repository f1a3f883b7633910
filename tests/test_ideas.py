"""Ideas through the pages people use: from a table contribution to an improvement project,
by way of stages, a scored selection and incubation."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from samskap.core.models import AuditEntry
from samskap.ideas.models import Idea, IdeaComment, Score
from samskap.improvement.models import Project
from tests.conftest import World


def staff(world: World, persona: str) -> Client:
    client = world.client_for(persona)
    client.cookies["django_language"] = "en"
    return client


def sheet(world: World, value: int = 4) -> dict[str, str]:
    return {
        f"score_{idea.pk}_{criterion.pk}": str(value)
        for idea in world.selection.ideas.all()
        for criterion in world.selection.criteria.all()
    }


def test_one_idea_walks_from_a_table_contribution_to_an_improvement_project(world: World) -> None:
    contribution = world.table.contributions.get()
    host = staff(world, "host")
    table_page = host.get(f"/tables/{world.table.pk}/").content.decode()
    assert f"/processes/{world.process.pk}/ideas/new/?contribution={contribution.pk}" in table_page
    form = host.get(f"/processes/{world.process.pk}/ideas/new/?contribution={contribution.pk}")
    assert "Bolig først!" in form.content.decode()
    response = host.post(
        f"/processes/{world.process.pk}/ideas/new/",
        {
            "contribution": contribution.pk,
            "title": "Bolig først i Tromvik",
            "problem": "Folk mister behandlingen når de mister boligen.",
            "for_whom": "Voksne uten fast bolig",
            "description": "Tilby bolig uten krav om behandling først.",
            "value_for_person": "Færre innleggelser og en trygg plass å bo.",
            "what_it_takes": "Tre leiligheter og en miljøarbeider.",
            "first_small_test": "Én leilighet i tre måneder.",
            "origin": "table_contribution",
        },
    )
    idea = Idea.objects.get(title="Bolig først i Tromvik")
    assert response["Location"] == f"/ideas/{idea.pk}/"
    assert idea.source == contribution
    assert idea.stage.name == "Ny"  # the organisation's language
    page = host.get(f"/ideas/{idea.pk}/").content.decode()
    assert f'href="/events/{world.event.pk}/"' in page and "Bolig først!" in page

    facilitator = staff(world, "facilitator")
    selected_stage = world.process.idea_stages.get(position=4)
    facilitator.post(f"/ideas/{idea.pk}/move/", {"stage": selected_stage.pk, "back": "board"})
    idea.refresh_from_db()
    assert idea.stage == selected_stage

    facilitator.post(
        f"/ideas/{idea.pk}/incubation/", {"action": "start", "mentor": world.owner.pk, "started_on": "2026-12-01"}
    )
    facilitator.post(
        f"/ideas/{idea.pk}/incubation/", {"action": "milestone", "title": "Første leietaker", "due_on": "2027-01-15"}
    )
    facilitator.post(
        f"/ideas/{idea.pk}/incubation/",
        {"action": "resource", "kind": "funds", "description": "Husleie", "amount": "120000"},
    )
    facilitator.post(f"/ideas/{idea.pk}/incubation/", {"action": "status", "text": "Leiligheten er klar."})
    milestone = idea.incubation.milestones.get()
    facilitator.post(f"/ideas/{idea.pk}/incubation/", {"action": "done", "milestone": milestone.pk})
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    page = facilitator.get(f"/ideas/{idea.pk}/").content.decode()
    assert "Olga Owner" in page and "Leiligheten er klar." in page and "Husleie" in page

    response = facilitator.post(
        f"/ideas/{idea.pk}/end/", {"end_state": "improvement_project", "team": world.team.pk, "reason": "Testes videre"}
    )
    project = Project.objects.get(title="Bolig først i Tromvik")
    assert response["Location"] == f"/improvement/projects/{project.pk}/"
    assert project.team == world.team
    assert project.aim == "Færre innleggelser og en trygg plass å bo."
    assert project.aim_for_whom == "Voksne uten fast bolig"
    assert [c.text for c in project.change_ideas.all()] == [
        "Tilby bolig uten krav om behandling først.",
        "Én leilighet i tre måneder.",
    ]
    idea.refresh_from_db()
    assert idea.improvement_project == project and idea.end_state == "improvement_project"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"idea.create", "idea.move", "incubation.start", "milestone.add", "idea.end", "project.create"} <= actions


def test_a_contribution_of_another_process_is_not_a_source(world: World) -> None:
    foreign = world.other_table.contributions.create(text="Annet sted", entered_by=world.outsider)
    client = staff(world, "facilitator")
    page = client.get(f"/processes/{world.process.pk}/ideas/new/?contribution={foreign.pk}").content.decode()
    assert "Annet sted" not in page
    client.post(
        f"/processes/{world.process.pk}/ideas/new/",
        {"contribution": foreign.pk, "title": "Lånt", "description": "x", "origin": "staff"},
    )
    assert Idea.objects.get(title="Lånt").source_id is None


def test_a_panellist_sees_the_ranking_only_after_scoring(world: World) -> None:
    facilitator = staff(world, "facilitator")
    url = f"/selection/{world.selection.pk}/"
    page = facilitator.get(url).content.decode()
    assert "You see the panel's ranking once you have handed in your own scores." in page
    assert "Weighted score" not in page

    gaps = sheet(world)
    gaps.popitem()
    response = facilitator.post(url, gaps)
    assert response.status_code == 400
    assert not Score.objects.exists()

    facilitator.post(url, sheet(world, 5))
    page = facilitator.get(url).content.decode()
    assert "Weighted score" in page and "5.00" in page
    assert "1/2" in page  # one of two panellists has scored

    owner = staff(world, "owner")
    assert "Weighted score" not in owner.get(url).content.decode()  # the owner is on the panel too
    bad = sheet(world, 3)
    bad[next(iter(bad))] = "9"
    assert owner.post(url, bad).status_code == 400
    owner.post(url, sheet(world, 3))
    assert "4.00" in owner.get(url).content.decode()


def test_only_the_panel_scores(world: World) -> None:
    host = staff(world, "host")
    response = host.post(f"/selection/{world.selection.pk}/", sheet(world), follow=True)
    assert "Only the panel scores, while the round is open." in response.content.decode()
    assert not Score.objects.exists()
    assert staff(world, "outsider").post(f"/selection/{world.selection.pk}/", sheet(world)).status_code == 403


def test_a_decision_needs_a_reason_and_a_closed_round_takes_no_scores(world: World) -> None:
    owner = staff(world, "owner")
    url = f"/selection/{world.selection.pk}/ideas/{world.idea.pk}/decide/"
    response = owner.post(url, {"selected": "1", "reason": ""}, follow=True)
    assert "This field is required." in response.content.decode()
    assert not world.idea.decisions.exists()
    owner.post(url, {"selected": "1", "reason": "Høyest på verdi for brukerne"})
    decision = world.idea.decisions.get()
    assert decision.selected and decision.reason == "Høyest på verdi for brukerne"
    assert staff(world, "host").post(url, {"selected": "0", "reason": "Nei"}).status_code == 403

    owner.post(f"/selection/{world.selection.pk}/close/")
    response = staff(world, "facilitator").post(f"/selection/{world.selection.pk}/", sheet(world), follow=True)
    assert not Score.objects.exists()
    assert "Weighted score" in response.content.decode()  # a closed round shows its ranking


def test_stopping_an_idea_asks_why_and_what_was_learned(world: World) -> None:
    client = staff(world, "owner")
    response = client.post(f"/ideas/{world.idea.pk}/end/", {"end_state": "stopped", "reason": "For dyrt"}, follow=True)
    assert "Say why the idea stopped and what was learned." in response.content.decode()
    world.idea.refresh_from_db()
    assert world.idea.end_state == ""
    client.post(
        f"/ideas/{world.idea.pk}/end/",
        {"end_state": "stopped", "reason": "For dyrt", "lessons": "Boligkontoret må med fra start"},
    )
    world.idea.refresh_from_db()
    assert world.idea.end_state == "stopped" and world.idea.lessons == "Boligkontoret må med fra start"
    response = client.post(f"/ideas/{world.idea.pk}/end/", {"end_state": "operations"}, follow=True)
    assert "The idea has already ended." in response.content.decode()


def test_an_improvement_project_needs_a_team_of_the_organisation(world: World) -> None:
    from samskap.improvement import services as improvement

    foreign_network = improvement.network_create(actor=world.outsider, process=world.other_process)
    foreign_team = improvement.team_create(
        actor=world.outsider, network=foreign_network, organisation=world.other_organisation, name="Solby-teamet"
    )
    client = staff(world, "owner")
    client.post(f"/ideas/{world.idea.pk}/end/", {"end_state": "improvement_project", "team": foreign_team.pk})
    client.post(f"/ideas/{world.idea.pk}/end/", {"end_state": "improvement_project"})
    world.idea.refresh_from_db()
    assert world.idea.end_state == ""
    assert not Project.objects.filter(title="Bolig først").exists()


def test_stages_can_be_renamed_and_removed_without_losing_ideas(world: World) -> None:
    client = staff(world, "facilitator")
    last = world.process.idea_stages.order_by("position").last()
    assert last is not None
    client.post(f"/ideas/{world.idea.pk}/move/", {"stage": last.pk})
    client.post(f"/processes/{world.process.pk}/ideas/stages/", {"names": "Innkommet\nUtvikles\nValgt"})
    names = list(world.process.idea_stages.values_list("name", flat=True))
    assert names == ["Innkommet", "Utvikles", "Valgt"]
    world.idea.refresh_from_db()
    assert world.idea.stage.name == "Valgt"
    response = client.post(f"/processes/{world.process.pk}/ideas/stages/", {"names": " \n "})
    assert response.status_code == 400
    assert world.process.idea_stages.count() == 3


def test_board_and_list_show_ideas_and_only_managers_move_them(world: World) -> None:
    board = staff(world, "facilitator").get(f"/processes/{world.process.pk}/ideas/").content.decode()
    assert "Bolig først" in board and "Move to stage" in board
    host_board = staff(world, "host").get(f"/processes/{world.process.pk}/ideas/").content.decode()
    assert "Bolig først" in host_board and "Move to stage" not in host_board
    listing = staff(world, "auditor").get(f"/processes/{world.process.pk}/ideas/?view=list").content.decode()
    assert "<table" in listing and "Kveldsåpent lavterskeltilbud" in listing
    assert staff(world, "host").post(f"/ideas/{world.idea.pk}/move/", {"stage": world.idea.stage_id}).status_code == 403


def test_comments_come_from_people_who_may_propose(world: World) -> None:
    staff(world, "host").post(f"/ideas/{world.idea.pk}/comments/", {"text": "Godt forslag"})
    assert IdeaComment.objects.filter(text="Godt forslag").exists()
    assert staff(world, "auditor").post(f"/ideas/{world.idea.pk}/comments/", {"text": "Nei"}).status_code == 403
    staff(world, "host").post(f"/ideas/{world.idea.pk}/comments/", {"text": "x" * 2001})
    assert IdeaComment.objects.count() == 1


def test_co_authors_must_have_a_role_in_the_process(world: World) -> None:
    client = staff(world, "owner")
    response = client.post(
        f"/ideas/{world.idea.pk}/edit/",
        {"title": "Bolig først", "description": "Ny tekst", "co_authors": [world.outsider.pk]},
    )
    assert response.status_code == 400
    world.idea.refresh_from_db()
    assert world.idea.description == "Bolig først, før krav om behandling."
    client.post(
        f"/ideas/{world.idea.pk}/edit/",
        {"title": "Bolig først", "description": "Ny tekst", "co_authors": [world.host.pk]},
    )
    world.idea.refresh_from_db()
    assert list(world.idea.co_authors.all()) == [world.host]
    # A co-author may now edit; the auditor may not.
    assert staff(world, "host").get(f"/ideas/{world.idea.pk}/edit/").status_code == 200
    assert staff(world, "auditor").get(f"/ideas/{world.idea.pk}/edit/").status_code == 403


def test_a_development_track_bundles_ideas_and_is_followed_up(world: World) -> None:
    client = staff(world, "facilitator")
    url = f"/processes/{world.process.pk}/tracks/"
    client.post(
        url,
        {
            "action": "track",
            "title": "Én vei inn",
            "owner": "Enhetsleder psykisk helse",
            "service": "Psykisk helse og rus",
            "ideas": [world.idea.pk],
            "first_follow_up": "2027-02-01",
        },
    )
    track = world.process.development_tracks.get()
    assert list(track.ideas.all()) == [world.idea]
    follow_up = track.follow_ups.get()
    response = client.post(url, {"action": "done", "follow_up": follow_up.pk, "outcome": ""})
    assert response.status_code == 400
    client.post(url, {"action": "done", "follow_up": follow_up.pk, "outcome": "Startet i én bydel"})
    follow_up.refresh_from_db()
    assert follow_up.done_on is not None and follow_up.outcome == "Startet i én bydel"
    page = staff(world, "auditor").get(url).content.decode()
    assert "Én vei inn" in page and "Startet i én bydel" in page
    assert staff(world, "auditor").post(url, {"action": "track", "title": "x", "owner": "y"}).status_code == 403


def test_a_track_cannot_take_ideas_of_another_process(world: World) -> None:
    from samskap.ideas import services

    foreign = services.idea_create(
        actor=world.outsider, process=world.other_process, origin="staff", title="Annan", description="x"
    )
    response = staff(world, "facilitator").post(
        f"/processes/{world.process.pk}/tracks/",
        {"action": "track", "title": "Lån", "owner": "x", "ideas": [foreign.pk]},
    )
    assert response.status_code == 400
    assert not world.process.development_tracks.exists()


def test_a_host_cannot_read_another_tables_contributions_through_an_idea(world: World) -> None:
    from samskap.events.services import contribution_create

    table2 = world.event.tables.get(number=2)
    secret = contribution_create(table=table2, text="Hemmelig fra bord 2", entered_by=world.facilitator)
    host = staff(world, "host")  # hosts table 1 only
    url = f"/processes/{world.process.pk}/ideas/new/"
    assert "Hemmelig fra bord 2" not in host.get(f"{url}?contribution={secret.pk}").content.decode()
    host.post(url, {"contribution": secret.pk, "title": "Forsøk", "description": "x", "origin": "staff"})
    assert Idea.objects.get(title="Forsøk").source_id is None
    # Readers of the process see where an idea came from, not what was said at the table.
    page = staff(world, "auditor").get(f"/ideas/{world.idea.pk}/").content.decode()
    assert f'href="/events/{world.event.pk}/"' in page
    assert "<q>Bolig først!</q>" not in page
    assert "<q>Bolig først!</q>" in staff(world, "facilitator").get(f"/ideas/{world.idea.pk}/").content.decode()


def test_scores_cannot_be_changed_after_seeing_the_ranking(world: World) -> None:
    facilitator = staff(world, "facilitator")
    url = f"/selection/{world.selection.pk}/"
    facilitator.post(url, sheet(world, 5))
    response = facilitator.post(url, sheet(world, 1), follow=True)
    assert "You have already handed in your scores." in response.content.decode()
    assert set(Score.objects.values_list("value", flat=True)) == {5}


def test_a_theme_from_a_workshop_becomes_an_idea_and_evidence_in_the_challenge_picture(world: World) -> None:
    from samskap.events.models import Contribution, Theme
    from samskap.events.services import contribution_create, theme_create

    theme = theme_create(actor=world.facilitator, event=world.event, name="Bolig")
    contribution_create(table=world.table, text="Trygg bolig etter behandling", participant=world.participant)
    Contribution.objects.filter(table=world.table).update(theme=theme)
    Contribution.objects.filter(text="Bolig først!").update(is_key_point=True)
    facilitator = staff(world, "facilitator")

    themes_page = facilitator.get(f"/events/{world.event.pk}/themes/").content.decode()
    assert f"/processes/{world.process.pk}/ideas/new/?theme={theme.pk}" in themes_page
    form = facilitator.get(f"/processes/{world.process.pk}/ideas/new/?theme={theme.pk}").content.decode()
    assert "From the theme “Bolig”" in form
    assert form.index("– Bolig først!") < form.index("– Trygg bolig etter behandling")  # key point first
    response = facilitator.post(
        f"/processes/{world.process.pk}/ideas/new/",
        {"theme": theme.pk, "title": "Bolig først", "description": "Bolig før behandling.", "origin": "other"},
    )
    assert response.status_code == 302
    idea = Idea.objects.filter(title="Bolig først").latest("pk")
    assert idea.source == theme
    assert "Bolig (Dialogverksted)</a> (theme from an event)" in facilitator.get(f"/ideas/{idea.pk}/").content.decode()

    # The theme is evidence for the challenge picture like any object of the process.
    item = world.challenge_item
    facilitator.post(f"/challenge-items/{item.pk}/evidence/", {"link": f"events.theme:{theme.pk}"})
    assert [e.target for e in item.evidence.all() if isinstance(e.target, Theme)] == [theme]


def test_a_theme_reaches_an_idea_only_for_those_who_run_the_event(world: World) -> None:
    from samskap.events.services import theme_create

    theme = theme_create(actor=world.facilitator, event=world.event, name="Bolig")
    foreign = theme_create(actor=world.outsider, event=world.other_table.event, name="Boende")
    host = staff(world, "host")
    page = host.get(f"/processes/{world.process.pk}/ideas/new/?theme={theme.pk}").content.decode()
    assert "From the theme" not in page
    facilitator = staff(world, "facilitator")
    page = facilitator.get(f"/processes/{world.process.pk}/ideas/new/?theme={foreign.pk}").content.decode()
    assert "From the theme" not in page
    response = facilitator.post(
        f"/processes/{world.process.pk}/ideas/new/",
        {"theme": foreign.pk, "title": "Lånt", "description": "Fra en annen kommune.", "origin": "other"},
    )
    assert response.status_code == 302
    assert Idea.objects.get(title="Lånt").source is None


def test_an_insight_becomes_an_idea_that_links_back_to_it(world: World) -> None:
    facilitator = staff(world, "facilitator")
    insight_page = facilitator.get(f"/insights/{world.insight.pk}/").content.decode()
    assert f"/processes/{world.process.pk}/ideas/new/?insight={world.insight.pk}" in insight_page
    form = facilitator.get(f"/processes/{world.process.pk}/ideas/new/?insight={world.insight.pk}")
    page = form.content.decode()
    assert "From the insight" in page
    assert form.context["form"].initial["origin"] == "insight"
    assert world.insight.statement in form.context["form"].initial["problem"]
    response = facilitator.post(
        f"/processes/{world.process.pk}/ideas/new/",
        {
            "insight": world.insight.pk,
            "title": "Bli trodd",
            "description": "Første samtale med erfaringskonsulent.",
            "origin": "insight",
        },
    )
    assert response.status_code == 302
    idea = Idea.objects.filter(title="Bli trodd").latest("pk")
    assert idea.source == world.insight
    assert "(insight)" in facilitator.get(f"/ideas/{idea.pk}/").content.decode()


def test_an_insight_of_another_process_is_not_a_source(world: World) -> None:
    outsider = staff(world, "outsider")
    page = outsider.get(f"/processes/{world.other_process.pk}/ideas/new/?insight={world.insight.pk}").content.decode()
    assert "From the insight" not in page


def test_an_interview_series_is_an_activity_of_a_phase(world: World) -> None:
    from samskap.processes.links import describe, resolve_link

    assert resolve_link(world.process, f"insight.interviewguide:{world.guide.pk}") == world.guide
    link = describe(world.guide)
    assert link is not None
    assert link.kind_label == "Interview series"
    # Another organisation's guide is not a link of this process.
    assert resolve_link(world.other_process, f"insight.interviewguide:{world.guide.pk}") is None


# Files attached to an idea


@pytest.fixture
def media(tmp_path: Any, settings: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # A fixed date: an entry named by a string takes the current time, and two calls on
        # either side of a two-second tick would then differ.
        for name, text in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_a_file_is_attached_read_by_its_bytes_and_served_only_to_the_process(world: World, media: Any) -> None:
    from samskap.ideas.models import IdeaAttachment

    owner = staff(world, "owner")
    upload = SimpleUploadedFile("../../Skisse av tilbudet.docx", _docx_bytes(), content_type="text/html")
    response = owner.post(f"/ideas/{world.idea.pk}/attachments/", {"file": upload})
    assert response.status_code == 302
    attachment = IdeaAttachment.objects.get(idea=world.idea)
    assert attachment.name == "Skisse_av_tilbudet.docx"
    assert attachment.content_type.endswith("wordprocessingml.document")  # by its bytes, not what the browser said
    assert attachment.file.name.startswith("ideas/") and "Skisse" not in attachment.file.name
    assert "Skisse_av_tilbudet.docx" in owner.get(f"/ideas/{world.idea.pk}/").content.decode()

    download = owner.get(f"/ideas/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == _docx_bytes()  # type: ignore[attr-defined]
    assert staff(world, "outsider").get(f"/ideas/attachments/{attachment.pk}/").status_code == 403
    assert Client().get(f"/ideas/attachments/{attachment.pk}/").status_code == 302
    assert AuditEntry.objects.filter(action="idea.attachment_add").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The submitted file is empty"),
        (b"MZ\x90\x00\x03 an executable", "cannot be attached"),
        (b"<svg onload=alert(1)>", ""),  # text is allowed; it is served as a download, never inline
        (b"PK\x03\x04 broken", "damaged"),
    ],
)
def test_a_bad_file_gets_a_message_and_nothing_is_kept(world: World, media: Any, data: bytes, message: str) -> None:
    from samskap.ideas.models import IdeaAttachment

    owner = staff(world, "owner")
    response = owner.post(
        f"/ideas/{world.idea.pk}/attachments/", {"file": SimpleUploadedFile("x.pdf", data)}, follow=True
    )
    page = response.content.decode()
    if message:
        assert message in page
        assert not IdeaAttachment.objects.exists()
        assert not any(Path(media).rglob("*.*")) if Path(media).exists() else True
    else:
        assert IdeaAttachment.objects.get().content_type.startswith("text/plain")


def test_a_zip_bomb_is_refused(world: World, media: Any) -> None:
    from samskap.ideas.models import IdeaAttachment

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "0" * 5_000_000)
    response = staff(world, "owner").post(
        f"/ideas/{world.idea.pk}/attachments/",
        {"file": SimpleUploadedFile("bomb.docx", buffer.getvalue())},
        follow=True,
    )
    assert "unpacks to far more than its size" in response.content.decode()
    assert not IdeaAttachment.objects.exists()


def test_only_the_uploader_or_a_manager_removes_a_file(
    world: World, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from samskap.ideas.models import IdeaAttachment

    host = staff(world, "host")
    host.post(f"/ideas/{world.idea.pk}/attachments/", {"file": SimpleUploadedFile("notat.txt", b"Notat")})
    attachment = IdeaAttachment.objects.get()
    path = Path(attachment.file.path)
    assert path.exists()
    assert staff(world, "interviewer").post(f"/ideas/attachments/{attachment.pk}/delete/").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert staff(world, "facilitator").post(f"/ideas/attachments/{attachment.pk}/delete/").status_code == 302
    assert not IdeaAttachment.objects.exists()
    assert not path.exists()
