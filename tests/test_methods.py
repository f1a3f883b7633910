"""The method library: built-in guides in four languages, an organisation's own guides and
courses, and nothing of one organisation's visible to another."""

from __future__ import annotations

from django.test import Client

from samskap.methods.models import Course, MethodGuide
from tests.conftest import World


def staff(world: World, persona: str, language: str = "en") -> Client:
    client = world.client_for(persona)
    client.cookies["django_language"] = language
    return client


def test_the_ten_builtin_guides_and_two_courses_exist_in_four_languages(world: World) -> None:
    guides = MethodGuide.objects.filter(organisation__isnull=True)
    assert guides.count() == 10
    for guide in guides:
        for field in (guide.names, guide.summary, guide.when, guide.how, guide.duration):
            assert set(field) == {"nb", "nn", "sv", "en"}, guide.key
        assert all(len(steps) >= 4 for steps in guide.how.values())
    assert Course.objects.filter(organisation__isnull=True).count() == 2


def test_the_library_speaks_the_page_language(world: World) -> None:
    page = staff(world, "host", "sv").get(f"/o/{world.organisation.slug}/methods/").content.decode()
    assert "Vad är viktigt för dig?" in page
    page = staff(world, "host", "nn").get(f"/o/{world.organisation.slug}/methods/").content.decode()
    assert "Kva er viktig for deg?" in page


def test_a_guide_says_when_how_how_long_and_where(world: World) -> None:
    guide = MethodGuide.objects.get(organisation__isnull=True, key="opinion-map")
    page = staff(world, "host").get(f"/o/{world.organisation.slug}/methods/{guide.pk}/").content.decode()
    assert "When to use it" in page and "How long it takes" in page and "Where in Samskap" in page
    assert page.count("<li>") >= 4
    assert guide.how["en"][0] in page


def test_an_organisation_writes_its_own_method_in_two_languages(world: World) -> None:
    client = staff(world, "facilitator")
    url = f"/o/{world.organisation.slug}/methods/new/"
    response = client.post(
        url,
        {
            "language": "nb",
            "name": "Kaffekopp-samtale",
            "summary": "En uformell samtale over en kopp kaffe.",
            "when": "Når folk ikke vil til et møte.",
            "how": "Inviter\n\nLytt\nSkriv ned etterpå",
            "duration": "30 minutter",
            "place": "interviews",
        },
    )
    guide = MethodGuide.objects.get(organisation=world.organisation)
    assert response["Location"] == f"/o/{world.organisation.slug}/methods/{guide.pk}/"
    assert guide.how == {"nb": ["Inviter", "Lytt", "Skriv ned etterpå"]}
    client.post(
        f"/o/{world.organisation.slug}/methods/{guide.pk}/edit/",
        {
            "language": "sv",
            "name": "Kaffesamtal",
            "summary": "Ett informellt samtal.",
            "when": "När folk inte vill gå på möten.",
            "how": "Bjud in\nLyssna",
            "duration": "30 minuter",
        },
    )
    guide.refresh_from_db()
    assert guide.names == {"nb": "Kaffekopp-samtale", "sv": "Kaffesamtal"}
    assert guide.how["nb"] == ["Inviter", "Lytt", "Skriv ned etterpå"]
    # Another organisation neither sees nor reaches it.
    other = world.other_organisation.slug
    outsider = staff(world, "outsider")
    assert "Kaffekopp" not in outsider.get(f"/o/{other}/methods/").content.decode()
    assert outsider.get(f"/o/{other}/methods/{guide.pk}/").status_code == 404
    assert outsider.get(f"/o/{other}/methods/{guide.pk}/edit/").status_code == 404


def test_a_method_without_steps_is_refused(world: World) -> None:
    response = staff(world, "facilitator").post(
        f"/o/{world.organisation.slug}/methods/new/",
        {"language": "nb", "name": "Tom", "summary": "x", "when": "x", "how": " \n ", "duration": "x"},
    )
    assert response.status_code == 400
    assert not MethodGuide.objects.filter(organisation=world.organisation).exists()


def test_a_course_strings_methods_together_with_exercises(world: World) -> None:
    interview = MethodGuide.objects.get(organisation__isnull=True, key="deep-interview")
    pdsa = MethodGuide.objects.get(organisation__isnull=True, key="pdsa-cycle")
    client = staff(world, "owner")
    response = client.post(
        f"/o/{world.organisation.slug}/courses/new/",
        {
            "language": "nb",
            "name": "Introduksjon for nyansatte",
            "description": "To dager.",
            "method_1": interview.pk,
            "exercise_1": "Intervju en kollega.",
            "method_2": pdsa.pk,
            "exercise_2": "Planlegg en liten test på egen arbeidsplass.",
        },
    )
    course = Course.objects.get(organisation=world.organisation)
    assert response["Location"] == f"/o/{world.organisation.slug}/courses/{course.pk}/"
    assert [s.method.key for s in course.steps.all()] == ["deep-interview", "pdsa-cycle"]
    page = client.get(response["Location"]).content.decode()
    assert "Planlegg en liten test på egen arbeidsplass." in page


def test_a_course_cannot_use_another_organisations_method(world: World) -> None:
    from samskap.methods import services

    foreign = services.method_guide_save(
        actor=world.outsider,
        organisation=world.other_organisation,
        language="sv",
        name="Hemlig",
        summary="x",
        when="x",
        how=["x"],
        duration="x",
    )
    response = staff(world, "owner").post(
        f"/o/{world.organisation.slug}/courses/new/",
        {"language": "nb", "name": "Lån", "description": "x", "method_1": foreign.pk},
    )
    assert response.status_code == 400
    assert not Course.objects.filter(organisation=world.organisation).exists()
