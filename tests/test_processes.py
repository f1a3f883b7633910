"""Processes through the pages people use: starting a process from a phase template,
moving through phases (and back), activities linked to real objects, the public page,
phase templates of one's own, and the challenge picture with versions and evidence."""

from __future__ import annotations

import pytest
from django.test import Client

from samskap.core.models import AuditEntry
from samskap.events.models import Event
from samskap.opinions.models import OpinionMap
from samskap.processes.models import Activity, ChallengePicture, EvidenceLink, Material, PhaseTemplate, Process
from tests.conftest import World


def staff(world: World, persona: str) -> Client:
    client = world.client_for(persona)
    client.cookies["django_language"] = "en"
    return client


def builtin(key: str) -> PhaseTemplate:
    return PhaseTemplate.objects.get(organisation__isnull=True, key=key)


# --- Phase templates --------------------------------------------------------------------------


def test_the_five_builtin_templates_exist_in_four_languages(world: World) -> None:
    keys = set(PhaseTemplate.objects.filter(organisation__isnull=True).values_list("key", flat=True))
    assert keys == {"ks-veikart", "double-diamond", "triple-diamond", "impact-challenge", "forbedringsmodellen"}
    for template in PhaseTemplate.objects.filter(organisation__isnull=True):
        assert set(template.names) == {"nb", "nn", "sv", "en"}
        for phase in template.phases.all():
            assert set(phase.names) == {"nb", "nn", "sv", "en"}, phase
            assert set(phase.purposes) == {"nb", "nn", "sv", "en"}, phase
    assert builtin("triple-diamond").phases.get(position=1).names["nb"] == "Diagnose"
    assert builtin("impact-challenge").phases.count() == 3
    assert builtin("forbedringsmodellen").phases.count() == 5


def test_phase_template_page_shows_names_in_the_page_language(world: World) -> None:
    client = world.client_for("facilitator")
    client.cookies["django_language"] = "sv"
    page = client.get(f"/o/{world.organisation.slug}/phase-templates/").content.decode()
    assert "Förbättringsmodellen" in page
    assert "Diagnos" in page


def test_an_organisation_writes_its_own_template_in_two_languages(world: World) -> None:
    client = staff(world, "facilitator")
    response = client.post(
        f"/o/{world.organisation.slug}/phase-templates/new/",
        {
            "name_nb": "Vår modell",
            "name_sv": "Vår modell (sv)",
            "phases_nb": "Forankring\nInnsikt\nUtprøving\n",
            "phases_sv": "Förankring\nInsikt\nTest",
        },
    )
    assert response.status_code == 302
    template = PhaseTemplate.objects.get(organisation=world.organisation)
    assert [p.names for p in template.phases.all()] == [
        {"nb": "Forankring", "sv": "Förankring"},
        {"nb": "Innsikt", "sv": "Insikt"},
        {"nb": "Utprøving", "sv": "Test"},
    ]
    assert AuditEntry.objects.filter(action="phase_template.save").exists()


def test_a_template_with_uneven_languages_is_refused_and_nothing_is_saved(world: World) -> None:
    client = staff(world, "facilitator")
    response = client.post(
        f"/o/{world.organisation.slug}/phase-templates/new/",
        {"name_nb": "Skjev", "phases_nb": "En\nTo\nTre", "phases_en": "One\nTwo"},
    )
    assert response.status_code == 400
    assert "Every language must list the same number of phases." in response.content.decode()
    assert not PhaseTemplate.objects.filter(organisation=world.organisation).exists()


def test_a_builtin_template_is_copied_before_it_is_edited(world: World) -> None:
    client = staff(world, "owner")
    ks = builtin("ks-veikart")
    assert client.get(f"/o/{world.organisation.slug}/phase-templates/{ks.pk}/").status_code == 404
    response = client.post(f"/o/{world.organisation.slug}/phase-templates/{ks.pk}/copy/")
    copy = PhaseTemplate.objects.get(organisation=world.organisation)
    assert response["Location"] == f"/o/{world.organisation.slug}/phase-templates/{copy.pk}/"
    assert copy.phases.count() == 5
    assert copy.names["nb"].startswith("KS Veikart for tjenesteinnovasjon")
    form = client.get(response["Location"]).content.decode()
    assert "Ny praksis" in form and "Ny praxis" in form
    client.post(
        response["Location"],
        {"name_nb": "KS, seks faser", "phases_nb": "Forankring\nInnsikt\nIdé\nUtprøving\nDrift\nGevinst"},
    )
    copy.refresh_from_db()
    assert copy.names == {"nb": "KS, seks faser"}
    assert copy.phases.count() == 6
    assert ks.phases.count() == 5  # the built-in is untouched


def test_another_organisations_template_is_out_of_reach(world: World) -> None:
    own = staff(world, "owner")
    own.post(f"/o/{world.organisation.slug}/phase-templates/new/", {"name_nb": "Hemmelig", "phases_nb": "A\nB"})
    template = PhaseTemplate.objects.get(organisation=world.organisation)
    outsider = staff(world, "outsider")
    other = world.other_organisation.slug
    assert outsider.get(f"/o/{other}/phase-templates/{template.pk}/").status_code == 404
    assert outsider.post(f"/o/{other}/phase-templates/{template.pk}/copy/").status_code == 404
    assert "Hemmelig" not in outsider.get(f"/o/{other}/phase-templates/").content.decode()
    response = outsider.post(
        f"/o/{other}/processes/new/", {"title": "Lån", "kind": "strategy", "template": template.pk}
    )
    assert response.status_code == 400
    assert not Process.objects.filter(title="Lån").exists()


# --- Processes and phases ---------------------------------------------------------------------


def test_a_process_starts_from_a_template_in_its_first_phase(world: World) -> None:
    from samskap.core.services import membership_grant

    client = staff(world, "facilitator")
    # A partner must be an organisation the person belongs to (or a related one).
    membership_grant(actor=None, organisation=world.other_organisation, user=world.facilitator, role="viewer")
    response = client.post(
        f"/o/{world.organisation.slug}/processes/new/",
        {
            "title": "Impact Challenge: De vi ikke når",
            "kind": "innovation_programme",
            "template": builtin("impact-challenge").pk,
            "summary": "Tre faser.",
            "partners": [world.other_organisation.pk],
        },
    )
    process = Process.objects.get(title="Impact Challenge: De vi ikke når")
    assert response["Location"] == f"/processes/{process.pk}/"
    assert [p.names["nb"] for p in process.phases.all()] == [
        "Innsikt og inspirasjon",
        "Idé og utvikling",
        "Ferdigstille, teste og pitche",
    ]
    assert process.current_phase == process.phases.get(position=1)
    assert list(process.partners.all()) == [world.other_organisation]
    page = client.get(f"/processes/{process.pk}/").content.decode()
    assert 'aria-current="step"' in page
    # A partner organisation's people see the process.
    assert staff(world, "outsider").get(f"/processes/{process.pk}/").status_code == 200


def test_a_bad_process_form_says_what_is_wrong_and_saves_nothing(world: World) -> None:
    response = staff(world, "facilitator").post(
        f"/o/{world.organisation.slug}/processes/new/", {"title": "x" * 201, "kind": "nonsense"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ensure this value has at most 200 characters" in page
    assert "Select a valid choice" in page
    assert Process.objects.count() == 3


def test_a_process_moves_forward_and_back_with_a_reason(world: World) -> None:
    client = staff(world, "facilitator")
    process = world.process
    second, first = process.phases.get(position=2), process.phases.get(position=1)
    client.post(f"/processes/{process.pk}/phase/", {"phase": second.pk})
    process.refresh_from_db()
    assert process.current_phase == second

    response = client.post(f"/processes/{process.pk}/phase/", {"phase": first.pk}, follow=True)
    assert "Say why the process goes back to an earlier phase." in response.content.decode()
    process.refresh_from_db()
    assert process.current_phase == second

    client.post(f"/processes/{process.pk}/phase/", {"phase": first.pk, "reason": "Utfordringsbildet må testes"})
    process.refresh_from_db()
    assert process.current_phase == first
    page = client.get(f"/processes/{process.pk}/").content.decode()
    assert "Utfordringsbildet må testes" in page
    assert AuditEntry.objects.filter(action="process.phase_move").count() == 2


def test_a_phase_of_another_process_cannot_be_chosen(world: World) -> None:
    process = Process.objects.create(organisation=world.organisation, title="Uten faser", kind="strategy")
    foreign_phase = world.process.phases.get(position=3)
    response = staff(world, "owner").post(f"/processes/{process.pk}/phase/", {"phase": foreign_phase.pk}, follow=True)
    assert "Select a valid choice" in response.content.decode()
    process.refresh_from_db()
    world.process.refresh_from_db()
    assert process.current_phase is None
    assert world.process.current_phase == world.process.phases.get(position=1)


def test_editing_a_process_changes_title_and_partners(world: World) -> None:
    client = staff(world, "owner")
    response = client.post(
        f"/processes/{world.process.pk}/edit/",
        {"title": "Strategi 2027", "kind": "strategy", "summary": "Ny tekst", "partners": []},
    )
    assert response.status_code == 302
    world.process.refresh_from_db()
    assert world.process.title == "Strategi 2027"
    assert staff(world, "host").post(f"/processes/{world.process.pk}/edit/", {"title": "Nei"}).status_code == 403


# --- Activities -------------------------------------------------------------------------------


def test_an_activity_links_to_an_opinion_map_of_the_process(world: World) -> None:
    client = staff(world, "facilitator")
    phase = world.process.phases.get(position=2)
    response = client.post(
        f"/processes/{world.process.pk}/activities/new/",
        {
            "phase": phase.pk,
            "title": "Meningskart på verkstedet",
            "kind": "opinion_map",
            "link": f"opinions.opinionmap:{world.opinion_map.pk}",
            "influence_level": "service",
            "service_users": 7,
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Meningskart på verkstedet")
    assert activity.target == world.opinion_map
    page = client.get(f"/processes/{world.process.pk}/").content.decode()
    assert f'href="/opinions/{world.opinion_map.pk}/"' in page
    assert "Service level" in page


def test_an_activity_cannot_point_into_another_organisation(world: World) -> None:
    client = staff(world, "facilitator")
    foreign = world.other_opinion_map
    response = client.post(
        f"/processes/{world.process.pk}/activities/new/",
        {
            "phase": world.process.phases.get(position=1).pk,
            "title": "Lånt",
            "kind": "opinion_map",
            "link": f"opinions.opinionmap:{foreign.pk}",
        },
    )
    assert response.status_code == 400
    assert not Activity.objects.filter(title="Lånt").exists()
    response = client.post(
        f"/processes/{world.process.pk}/activities/new/",
        {"phase": world.process.phases.get(position=1).pk, "title": "Feil", "kind": "event", "link": "core.user:1"},
    )
    assert response.status_code == 400
    assert not Activity.objects.filter(title="Feil").exists()


def test_negative_counts_are_refused(world: World) -> None:
    response = staff(world, "facilitator").post(
        f"/processes/{world.process.pk}/activities/new/",
        {"phase": world.process.phases.get(position=1).pk, "title": "Telling", "kind": "meeting", "staff": -3},
    )
    assert response.status_code == 400
    assert not Activity.objects.filter(title="Telling").exists()


def test_removing_an_activity_of_another_process_does_nothing(world: World) -> None:
    activity = Activity.objects.get(phase__process=world.process)
    client = staff(world, "outsider")
    assert client.post(f"/processes/{world.process.pk}/activities/{activity.pk}/remove/").status_code == 403
    assert Activity.objects.filter(pk=activity.pk).exists()
    staff(world, "owner").post(f"/processes/{world.process.pk}/activities/{activity.pk}/remove/")
    assert not Activity.objects.filter(pk=activity.pk).exists()


# --- The public page --------------------------------------------------------------------------


def test_the_public_page_is_hidden_until_published_then_open_to_anyone(world: World) -> None:
    anonymous = Client()
    url = f"/p/{world.process.pk}/"
    assert anonymous.get(url).status_code == 404
    preview = staff(world, "facilitator").get(url).content.decode()
    assert "Preview: this page is not published." in preview

    staff(world, "owner").post(
        f"/processes/{world.process.pk}/public/",
        {"is_published": "on", "how_to_take_part": "Kom på verkstedet 12. mars.", "results_so_far": "Tre funn."},
    )
    anonymous.cookies["django_language"] = "en"
    response = anonymous.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kom på verkstedet 12. mars." in page
    assert "Opptak fra oppstartsmøtet" in page  # material
    assert "Det offentlige griper for seint inn." in page  # the challenge picture
    assert 'aria-current="step"' in page
    assert "≤ 5" in page  # four relatives are folded
    assert ">30<" in page  # thirty staff are shown
    for personal in ("Mona", "Olga Owner", "owner@test.example", "Bord 1 og 2"):
        assert personal not in page


def test_unpublishing_hides_the_page_again(world: World) -> None:
    owner = staff(world, "owner")
    owner.post(f"/processes/{world.process.pk}/public/", {"is_published": "on"})
    assert Client().get(f"/p/{world.process.pk}/").status_code == 200
    owner.post(f"/processes/{world.process.pk}/public/", {})
    assert Client().get(f"/p/{world.process.pk}/").status_code == 404


def test_material_needs_a_link_or_a_text(world: World) -> None:
    client = staff(world, "owner")
    response = client.post(f"/processes/{world.process.pk}/materials/", {"title": "Tom", "kind": "document"})
    assert response.status_code == 400
    assert "Give a link or a text." in response.content.decode()
    assert not Material.objects.filter(title="Tom").exists()
    response = client.post(
        f"/processes/{world.process.pk}/materials/", {"title": "Lenke", "kind": "document", "url": "javascript:x"}
    )
    assert response.status_code == 400
    assert not Material.objects.filter(title="Lenke").exists()


# --- The challenge picture --------------------------------------------------------------------


def test_the_next_version_needs_a_reason_and_keeps_evidence_of_reworded_items(world: World) -> None:
    client = staff(world, "facilitator")
    item = world.challenge_item
    target_group = ChallengePicture.objects.get(process=world.process).items.get(kind="target_group")
    url = f"/processes/{world.process.pk}/challenge/new/"
    fields = {
        f"item_{item.key}": "Det offentlige griper for seint inn, særlig for unge.",
        f"item_{target_group.key}": "",
        "new_problems": "Pårørende blir ikke hørt.\n\n",
        "new_target_groups": "Pårørende",
    }
    response = client.post(url, fields)
    assert response.status_code == 400
    assert "Say what changed and why." in response.content.decode()
    assert ChallengePicture.objects.filter(process=world.process).count() == 1

    response = client.post(url, {**fields, "change_note": "Testet på verkstedet"})
    assert response.status_code == 302
    version = ChallengePicture.objects.get(process=world.process, number=2)
    reworded = version.items.get(key=item.key)
    assert reworded.text.endswith("særlig for unge.")
    assert [e.target for e in reworded.evidence.all()] == [world.event]
    assert version.items.count() == 3

    page = client.get(f"/processes/{world.process.pk}/challenge/").content.decode()
    assert "What changed since version 1" in page
    assert "Reworded" in page and "Added" in page and "Taken out" in page
    assert "<del>De vi ikke når: unge voksne uten fastlege.</del>" in page
    older = client.get(f"/processes/{world.process.pk}/challenge/?version=1").content.decode()
    assert "An earlier version" in older


def test_evidence_comes_from_the_process_and_goes_on_the_newest_version(world: World) -> None:
    client = staff(world, "facilitator")
    item = world.challenge_item
    client.post(f"/challenge-items/{item.pk}/evidence/", {"link": f"opinions.opinionmap:{world.other_opinion_map.pk}"})
    assert item.evidence.count() == 1
    client.post(
        f"/challenge-items/{item.pk}/evidence/",
        {"link": f"opinions.opinionmap:{world.opinion_map.pk}", "note": "Enighet"},
    )
    assert item.evidence.count() == 2
    response = client.post(
        f"/challenge-items/{item.pk}/evidence/", {"link": f"opinions.opinionmap:{world.opinion_map.pk}"}, follow=True
    )
    assert "That evidence is already linked." in response.content.decode()

    client.post(
        f"/processes/{world.process.pk}/challenge/new/",
        {f"item_{item.key}": item.text, "change_note": "Rydding"},
    )
    response = client.post(
        f"/challenge-items/{item.pk}/evidence/", {"link": f"events.event:{world.event.pk}"}, follow=True
    )
    assert "Evidence can only be added to the newest version." in response.content.decode()
    old_link = item.evidence.earliest("pk")
    client.post(f"/evidence/{old_link.pk}/remove/")
    assert EvidenceLink.objects.filter(pk=old_link.pk).exists()


def test_outsiders_cannot_add_or_remove_evidence(world: World) -> None:
    item = world.challenge_item
    link = item.evidence.get()
    outsider = staff(world, "outsider")
    assert outsider.post(f"/challenge-items/{item.pk}/evidence/", {"link": "x"}).status_code == 403
    assert outsider.post(f"/evidence/{link.pk}/remove/").status_code == 403
    assert staff(world, "host").post(f"/evidence/{link.pk}/remove/").status_code == 403
    assert EvidenceLink.objects.filter(pk=link.pk).exists()
    assert staff(world, "owner").post("/evidence/999999/remove/").status_code == 404


def test_a_version_is_tested_in_an_opinion_map_of_its_items(world: World) -> None:
    client = staff(world, "facilitator")
    response = client.post(f"/processes/{world.process.pk}/challenge/test/")
    opinion_map = OpinionMap.objects.latest("pk")
    assert response["Location"] == f"/opinions/{opinion_map.pk}/"
    assert sorted(opinion_map.statements.values_list("text", flat=True)) == [
        "De vi ikke når: unge voksne uten fastlege.",
        "Det offentlige griper for seint inn.",
    ]
    version = ChallengePicture.objects.get(process=world.process)
    assert version.tested_in == opinion_map
    page = client.get(f"/processes/{world.process.pk}/challenge/").content.decode()
    assert f'href="/opinions/{opinion_map.pk}/"' in page


def test_a_first_version_needs_at_least_one_item(world: World) -> None:
    process = Process.objects.create(organisation=world.organisation, title="Tom", kind="strategy")
    response = staff(world, "owner").post(f"/processes/{process.pk}/challenge/new/", {"new_problems": "  \n "})
    assert response.status_code == 400
    assert "Write at least one problem statement or target group." in response.content.decode()
    assert not ChallengePicture.objects.filter(process=process).exists()


@pytest.mark.parametrize("persona", ["host", "auditor"])
def test_readers_see_the_challenge_picture_but_not_the_controls(world: World, persona: str) -> None:
    page = staff(world, persona).get(f"/processes/{world.process.pk}/challenge/").content.decode()
    assert "Det offentlige griper for seint inn." in page
    assert "Make the next version" not in page
    assert "Link evidence" not in page


def test_the_organisation_page_links_to_each_process(world: World) -> None:
    page = staff(world, "host").get(f"/o/{world.organisation.slug}/").content.decode()
    assert f'href="/processes/{world.process.pk}/"' in page
    assert "New process" not in page
    assert "New process" in staff(world, "owner").get(f"/o/{world.organisation.slug}/").content.decode()


def test_an_event_deleted_later_leaves_the_activity_without_a_link(world: World) -> None:
    Event.objects.filter(pk=world.event.pk).delete()
    page = staff(world, "owner").get(f"/processes/{world.process.pk}/").content.decode()
    assert "Dialogverksted om utfordringsbildet" in page
    assert f'href="/events/{world.event.pk}/"' not in page


# --- Governance -------------------------------------------------------------------------------


def test_steering_group_meetings_and_the_decision_log(world: World) -> None:
    client = staff(world, "facilitator")
    url = f"/processes/{world.process.pk}/governance/"
    assert client.post(url, {"action": "group", "kind": "steering", "name": ""}).status_code == 302
    group = world.process.groups.get()
    client.post(url, {"action": "member", "group": group.pk, "user": world.owner.pk, "role_title": "Leder"})
    client.post(
        url, {"action": "member", "group": group.pk, "name": "Kari Brukerrepresentant", "represents": "Mental Helse"}
    )
    response = client.post(url, {"action": "member", "group": group.pk, "user": world.outsider.pk})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()  # only people with a role are offered
    assert group.members.count() == 2
    client.post(url, {"action": "meeting", "group": group.pk, "held_on": "2026-11-02", "summary": "Oppstart"})
    meeting = group.meetings.get()
    client.post(
        url,
        {
            "action": "decision",
            "decided_on": "2026-11-02",
            "what": "Utfordringsbildet testes på verksted",
            "decided_by": "Styringsgruppen",
            "why": "Brukerne skal få si om vi har truffet",
            "meeting": meeting.pk,
        },
    )
    response = client.post(
        url, {"action": "decision", "decided_on": "2026-11-03", "what": "Uten grunn", "decided_by": "x"}
    )
    assert response.status_code == 400
    assert world.process.decisions.count() == 1
    page = staff(world, "host").get(url).content.decode()
    assert "Utfordringsbildet testes på verksted" in page and "Kari Brukerrepresentant" in page
    assert 'name="action"' not in page  # readers get no forms
    assert staff(world, "host").post(url, {"action": "group", "kind": "working"}).status_code == 403


def test_stakeholder_map_and_benefits_plan(world: World) -> None:
    client = staff(world, "owner")
    url = f"/processes/{world.process.pk}/governance/"
    client.post(
        url,
        {
            "action": "stakeholder",
            "name": "Helse- og sosialutvalget",
            "kind": "politicians",
            "influence": "high",
            "interest": "medium",
        },
    )
    response = client.post(
        url, {"action": "stakeholder", "name": "X", "kind": "nope", "influence": "high", "interest": "low"}
    )
    assert response.status_code == 400
    assert world.process.stakeholders.count() == 1
    client.post(
        url,
        {
            "action": "benefit",
            "description": "Kortere ventetid på første samtale",
            "indicator": "Dager fra henvisning til første samtale",
            "baseline": "31 dager",
            "baseline_on": "2026-01-05",
            "target": "14 dager",
        },
    )
    response = client.post(
        url,
        {
            "action": "benefit",
            "description": "Lånt måling",
            "indicator": "x",
            "baseline": "1",
            "measure": f"improvement.measure:{world.measure.pk}",  # in another process
        },
    )
    assert response.status_code == 400
    assert list(world.process.benefits.values_list("description", flat=True)) == ["Kortere ventetid på første samtale"]
    page = client.get(url).content.decode()
    assert "Helse- og sosialutvalget" in page and "31 dager" in page
    assert "High influence" in page


def test_an_unrelated_organisation_cannot_be_made_a_partner(world: World) -> None:
    from tests.conftest import make_organisation

    stranger = make_organisation("fjernby", "Fjernby kommune")
    client = staff(world, "facilitator")
    page = client.get(f"/o/{world.organisation.slug}/processes/new/").content.decode()
    assert "Fjernby kommune" not in page
    response = client.post(
        f"/o/{world.organisation.slug}/processes/new/",
        {"title": "Samarbeid", "kind": "strategy", "partners": [stranger.pk]},
    )
    assert response.status_code == 400
    assert not Process.objects.filter(title="Samarbeid").exists()
