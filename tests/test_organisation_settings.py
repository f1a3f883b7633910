from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from samskap.core.models import AuditEntry, Organisation
from tests.conftest import World

PNG_1PX = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def owner_client(world: World) -> Client:
    client = world.client_for("owner")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def form_data(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": world.organisation.name,
        "org_number": "",
        "default_language": "nn",
        "brand_colour": "#2f6b3a",
        "accessibility_statement_url": "https://uustatus.no/nb/erklaringer/publisert/tromvik",
        "feedback_email": "post@tromvik.example",
    }
    data.update(overrides)
    return data


def test_an_owner_changes_the_settings_and_it_is_logged(world: World, tmp_path: object, settings: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    logo = SimpleUploadedFile("logo.png", PNG_1PX, content_type="image/png")
    response = owner_client(world).post(f"/o/{world.organisation.slug}/settings/", {**form_data(world), "logo": logo})
    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=world.organisation.pk)
    assert organisation.default_language == "nn"
    assert organisation.brand_colour == "#2f6b3a"
    assert organisation.logo.name.startswith("logos/tromvik")
    logo_response = Client().get(f"/o/{organisation.slug}/logo")
    assert logo_response["Content-Type"] == "image/png"
    assert b"".join(logo_response.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
    page = owner_client(world).get(f"/o/{organisation.slug}/").content.decode()
    assert f'src="/o/{organisation.slug}/logo"' in page
    entry = AuditEntry.objects.filter(action="organisation.update").last()
    assert entry is not None
    assert "default_language" in entry.detail["fields"]


def test_an_svg_logo_is_refused_and_nothing_is_saved(world: World) -> None:
    svg = SimpleUploadedFile("logo.svg", b"<svg onload='alert(1)'></svg>", content_type="image/svg+xml")
    response = owner_client(world).post(
        f"/o/{world.organisation.slug}/settings/", {**form_data(world, name="Endret"), "logo": svg}
    )
    assert response.status_code == 400
    assert "The logo must be a PNG, JPEG or WebP image." in response.content.decode()
    assert Organisation.objects.get(pk=world.organisation.pk).name == "Tromvik kommune"


def test_a_too_large_logo_is_refused(world: World) -> None:
    big = SimpleUploadedFile("logo.png", PNG_1PX + b"\0" * 600_000, content_type="image/png")
    response = owner_client(world).post(f"/o/{world.organisation.slug}/settings/", {**form_data(world), "logo": big})
    assert response.status_code == 400
    assert "at most 512 KB" in response.content.decode()


def test_a_wrong_colour_and_a_wrong_org_number_get_messages(world: World) -> None:
    response = owner_client(world).post(
        f"/o/{world.organisation.slug}/settings/", form_data(world, brand_colour="blue", org_number="123456789")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a colour as # followed by six hex digits" in html
    assert "not a valid Norwegian organisation number" in html
    assert Organisation.objects.get(pk=world.organisation.pk).brand_colour == "#1e5a8c"


def test_a_facilitator_cannot_change_settings(world: World) -> None:
    response = world.client_for("facilitator").post(f"/o/{world.organisation.slug}/settings/", form_data(world))
    assert response.status_code == 403
    assert Organisation.objects.get(pk=world.organisation.pk).default_language == "nb"
