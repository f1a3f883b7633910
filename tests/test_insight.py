"""Insight work through the pages people use: a guide, an interview typed in or uploaded,
the personal-data review and release, coding by two coders, an insight with quotes, the
pseudonym key, and consent withdrawn."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from samskap.core.models import AuditEntry
from samskap.insight.models import Coding, InsightQuote, PiiFinding, PseudonymKey, Source
from tests.conftest import World


def staff(world: World, persona: str) -> Client:
    client = world.client_for(persona)
    client.cookies["django_language"] = "en"
    return client


NOTES = (
    "Per Hansen (fnr 15038500047) sier at Kari Nordmann hjalp ham mest. "
    "Han bor i Storgata 12. E-post per.hansen@example.no. Han vil ha kveldsåpent."
)


def interview(world: World, client: Client, **extra: object) -> Source:
    data = {
        "title": "Intervju 2, bruker",
        "language": "nb",
        "person_category": "service_user",
        "held_on": "2026-10-01",
        "consent_purpose": "Innsikt til strategien",
        "consent_version": "2",
        "consent_given_on": "2026-10-01",
        "text": NOTES,
        **extra,
    }
    before = set(Source.objects.values_list("pk", flat=True))
    response = client.post(f"/processes/{world.process.pk}/insight/sources/new/?kind=interview", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    (new,) = Source.objects.exclude(pk__in=before)
    assert response["Location"] == f"/sources/{new.pk}/review/"
    return new


def test_a_guide_gets_sections_and_the_ready_what_matters_question(world: World) -> None:
    owner = staff(world, "owner")
    response = owner.post(
        f"/o/{world.organisation.slug}/interview-guides/", {"title": "Pårørende", "language": "nn", "purpose": ""}
    )
    guide_url = response["Location"]
    owner.post(guide_url, {"action": "section", "title": "Kvardagen"})
    page = owner.get(guide_url).content.decode()
    assert "1. Kvardagen" in page
    from samskap.insight.models import InterviewGuide

    guide = InterviewGuide.objects.get(title="Pårørende")
    section = guide.sections.get()
    owner.post(guide_url, {"action": "question", "section": section.pk, "kind": "what_matters", "text": ""})
    owner.post(guide_url, {"action": "question", "section": section.pk, "kind": "open", "text": "Kva fungerer?"})
    assert [q.text for q in section.questions.all()] == ["Kva er viktig for deg?", "Kva fungerer?"]
    missing = owner.post(guide_url, {"action": "question", "section": section.pk, "kind": "open", "text": ""})
    assert missing.status_code == 400 and "Write the question." in missing.content.decode()
    assert staff(world, "host").post(guide_url, {"action": "section", "title": "X"}).status_code == 403


def test_an_interview_is_reviewed_then_released_pseudonymised_with_the_same_person_letters(world: World) -> None:
    owner = staff(world, "owner")
    source = interview(world, owner)
    kinds = set(source.findings.values_list("kind", flat=True))
    assert {"national_id_no", "person_name", "email", "address"} <= kinds
    review = owner.get(f"/sources/{source.pk}/review/")
    assert review["Cache-Control"] == "no-store" and "Per Hansen" in review.content.decode()

    # Nothing is released while a finding is undecided, and coders see no text.
    release = owner.post(f"/sources/{source.pk}/review/", {"action": "release"})
    assert release.status_code == 400 and "Decide on every finding" in release.content.decode()
    assert "Per Hansen" not in staff(world, "facilitator").get(f"/sources/{source.pk}/").content.decode()

    # The reviewer adds what the search missed, keeps nothing, and releases.
    added = owner.post(f"/sources/{source.pk}/review/", {"action": "add", "words": "kveldsåpent", "kind": "address"})
    assert added.status_code == 302
    decisions = {f"finding-{f.pk}": "accepted" for f in source.findings.filter(decision="pending")}
    response = owner.post(f"/sources/{source.pk}/review/", {"action": "release", **decisions})
    assert response["Location"] == f"/sources/{source.pk}/"
    source.refresh_from_db()
    text = source.released_text
    for secret in ("Per Hansen", "15038500047", "Storgata 12", "per.hansen@example.no", "Kari", "kveldsåpent"):
        assert secret not in text
    # Kari Nordmann was Person A in the world's first interview: she is Person A here too.
    assert "Person A" in text and "Person B" in text
    assert "Person A" in Source.objects.get(pk=world.source.pk).released_text
    key = PseudonymKey.objects.get(process=world.process)
    assert key.mapping["names"]["kari nordmann"] == "Person A"
    # The audit log knows it happened, never what the text said.
    entries = AuditEntry.objects.filter(object_id=str(source.pk), action__startswith="source.")
    assert {"source.create", "source.review_add", "source.review", "source.release"} <= set(
        entries.values_list("action", flat=True)
    )
    assert all("Hansen" not in str(e.detail) for e in entries)


def test_who_may_read_what_of_an_interview(world: World) -> None:
    url = f"/sources/{world.source.pk}"
    assert staff(world, "facilitator").get(f"{url}/").status_code == 200
    assert staff(world, "facilitator").get(f"{url}/original/").status_code == 403
    assert staff(world, "host").get(f"{url}/").status_code == 403
    auditor = staff(world, "auditor")
    assert "Kari Nordmann" in auditor.get(f"{url}/original/").content.decode()
    assert auditor.post(f"{url}/review/", {"action": "add", "words": "timer", "kind": "address"}).status_code == 403
    assert auditor.get(f"/processes/{world.process.pk}/insight/key/").status_code == 403
    assert staff(world, "outsider").get(f"{url}/").status_code == 403
    # Insights, with their reviewed quotes, are for everyone in the process.
    page = staff(world, "host").get(f"/insights/{world.insight.pk}/").content.decode()
    assert "Hun sier at det viktigste er å bli trodd." in page
    assert "Kari" not in page


def test_the_pseudonym_key_is_shown_to_the_owner_and_every_look_is_logged(world: World) -> None:
    owner = staff(world, "owner")
    before = AuditEntry.objects.filter(action="pseudonym_key.view").count()
    page = owner.get(f"/processes/{world.process.pk}/insight/key/")
    assert page["Cache-Control"] == "no-store"
    assert "kari nordmann" in page.content.decode() and "Person A" in page.content.decode()
    assert AuditEntry.objects.filter(action="pseudonym_key.view").count() == before + 1
    assert staff(world, "facilitator").get(f"/processes/{world.process.pk}/insight/key/").status_code == 403


def docx(body: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", body)
    return buffer.getvalue()


WORD = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_a_transcript_uploads_as_docx_or_text(world: World) -> None:
    owner = staff(world, "owner")
    body = (
        f"<w:document {WORD}><w:body><w:p><w:r><w:t>Intervjuer: Hva er viktig for deg?</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Svar: Å ha noen å ringe.</w:t></w:r></w:p></w:body></w:document>"
    )
    upload = SimpleUploadedFile("intervju.docx", docx(body))
    source = interview(world, owner, text="", upload=upload)
    assert source.original_text == "Intervjuer: Hva er viktig for deg?\nSvar: Å ha noen å ringe."
    latin = SimpleUploadedFile("notat.txt", "Observasjon på kafé: stille, trygt.".encode("cp1252"))
    assert interview(world, owner, text="", upload=latin).original_text == "Observasjon på kafé: stille, trygt."


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    f"<w:document {WORD}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f"<w:document {WORD}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
)


def traversal() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../evil.txt", "x")
        archive.writestr("word/document.xml", f"<w:document {WORD}/>")
    return buffer.getvalue()


def bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<" + b" " * 20_000_000 + b">")
    return buffer.getvalue()


def test_hostile_or_wrong_files_are_refused_with_a_message_and_nothing_saved(world: World) -> None:
    owner = staff(world, "owner")
    cases = [
        (docx(BILLION_LAUGHS), "not safe or not well formed"),
        (docx(XXE), "not safe or not well formed"),
        (traversal(), "unsafe name"),
        (bomb(), "unpacks to far more than its size"),
        (b"PK\x03\x04 not really a zip", "damaged"),
        (b"%PDF-1.7 ...", "as a .txt or .docx file"),
        (b"\x00\x01\x02binary", "not plain text"),
        (b"   ", "empty"),
    ]
    count = Source.objects.count()
    for content, message in cases:
        data = {
            "title": "X",
            "language": "nb",
            "consent_given_on": "2026-10-01",
            "upload": SimpleUploadedFile("t.docx", content),
        }
        response = owner.post(f"/processes/{world.process.pk}/insight/sources/new/?kind=interview", data)
        assert response.status_code == 400, message
        assert message in response.content.decode(), message
    long = {"title": "X" * 201, "language": "nb", "consent_given_on": "2026-10-01", "text": "tekst"}
    response = owner.post(f"/processes/{world.process.pk}/insight/sources/new/?kind=interview", long)
    assert response.status_code == 400 and "at most 200 characters" in response.content.decode()
    no_consent = {"title": "X", "language": "nb", "text": "tekst"}
    response = owner.post(f"/processes/{world.process.pk}/insight/sources/new/?kind=interview", no_consent)
    assert response.status_code == 400
    assert Source.objects.count() == count


def test_two_coders_code_by_ticking_sentences_or_copying_words(world: World) -> None:
    owner, facilitator = staff(world, "owner"), staff(world, "facilitator")
    code = world.coding.code
    url = f"/sources/{world.source.pk}/codings/"
    page = owner.get(f"/sources/{world.source.pk}/").content.decode()
    assert 'name="segments" value="1"' in page and 'name="segments" value="3"' in page
    owner.post(url, {"code": code.pk, "segments": ["2", "3"]})
    (joined,) = Coding.objects.filter(coder=world.owner)
    text = world.source.released_text
    assert text[joined.start : joined.end].startswith("Hun sier") and text[joined.end - 1] == "."
    facilitator.post(url, {"code": code.pk, "words": "fire måneder"})
    words = Coding.objects.get(coder=world.facilitator, start=text.index("fire måneder"))
    assert text[words.start : words.end] == "fire måneder"
    missing = facilitator.post(url, {"code": code.pk, "words": "står ikke der"}, follow=True)
    assert "These words are not in the text" in missing.content.decode()
    nothing = facilitator.post(url, {"code": code.pk}, follow=True)
    assert "Tick one or more sentences" in nothing.content.decode()
    # A memo on one coded segment, and one on the whole source.
    memo_url = f"/sources/{world.source.pk}/memos/"
    facilitator.post(memo_url, {"coding": world.coding.pk, "text": "Sterkt utsagn om tillit."})
    facilitator.post(memo_url, {"coding": "", "text": "Intervjuet var kort."})
    from samskap.insight.models import Memo

    assert Memo.objects.get(text="Sterkt utsagn om tillit.").coding == world.coding
    assert Memo.objects.get(text="Intervjuet var kort.").coding is None
    # Only one's own codings can be removed.
    assert owner.post(f"/codings/{words.pk}/remove/").status_code == 403
    assert facilitator.post(f"/codings/{words.pk}/remove/").status_code == 302
    assert not Coding.objects.filter(pk=words.pk).exists()
    # Nothing is coded before release.
    pending = interview(world, owner)
    refused = owner.post(f"/sources/{pending.pk}/codings/", {"code": code.pk, "segments": ["1"]}, follow=True)
    assert "Only a released text can be coded" in refused.content.decode()


def test_codebook_nests_codes_and_refuses_a_category_for_coding(world: World) -> None:
    facilitator = staff(world, "facilitator")
    url = f"/processes/{world.process.pk}/insight/codes/"
    facilitator.post(url, {"name": "Tjenester", "colour": "#AA3300", "description": ""})
    from samskap.insight.models import Code

    category = Code.objects.get(name="Tjenester")
    assert category.codable is False
    facilitator.post(url, {"name": "Fastlege", "parent": category.pk, "colour": "#123456", "codable": "on"})
    page = facilitator.get(url).content.decode()
    assert page.index("Tjenester") < page.index("Fastlege") and "samskap-depth-1" in page
    twice = facilitator.post(url, {"name": "Fastlege", "parent": category.pk, "colour": "#123456", "codable": "on"})
    assert twice.status_code == 400
    facilitator.post(url, {"action": "memo", "code": category.pk, "text": "Tjenester: hvem møter personen?"})
    facilitator.post(url, {"action": "memo", "text": "Vi koder med setninger som enhet."})
    page = facilitator.get(url).content.decode()
    assert "Tjenester:</strong> Tjenester: hvem møter personen?" in page and "setninger som enhet" in page
    assert staff(world, "auditor").post(url, {"action": "memo", "text": "x"}).status_code == 403
    refused = facilitator.post(f"/sources/{world.source.pk}/codings/", {"code": category.pk, "segments": ["1"]})
    assert refused.status_code == 302 and not Coding.objects.filter(code=category).exists()


def test_an_insight_takes_quotes_from_coded_released_text_and_links_to_the_challenge_picture(world: World) -> None:
    facilitator = staff(world, "facilitator")
    response = facilitator.post(
        f"/processes/{world.process.pk}/insight/insights/new/",
        {"statement": "Ventetid river ned tillit.", "codes": [world.coding.code_id], "life_areas": ["mental_health"]},
    )
    from samskap.insight.models import Insight

    insight = Insight.objects.get(statement="Ventetid river ned tillit.")
    assert response["Location"] == f"/insights/{insight.pk}/"
    page = facilitator.get(f"/insights/{insight.pk}/").content.decode()
    assert "Add as a quote" in page and "Mental health" in page
    facilitator.post(f"/insights/{insight.pk}/", {"coding": world.coding.pk})
    quote = InsightQuote.objects.get(insight=insight)
    assert quote.text == "Hun sier at det viktigste er å bli trodd."
    # A coding from another process cannot be quoted.
    assert facilitator.post(f"/insights/{insight.pk}/", {"coding": 999999}).status_code == 404
    from samskap.processes.links import links_of

    assert f"insight.insight:{insight.pk}" in {link.value for link in links_of(world.process)}


def test_consent_withdrawn_deletes_the_source_and_everything_made_from_it(world: World) -> None:
    owner = staff(world, "owner")
    source_id = world.source.pk
    response = owner.post(f"/sources/{source_id}/withdraw/", {"withdrawn_on": "2026-11-01", "confirm": "on"})
    assert response["Location"] == f"/processes/{world.process.pk}/insight/"
    assert not Source.objects.filter(pk=source_id).exists()
    assert not Coding.objects.filter(source_id=source_id).exists()
    assert not InsightQuote.objects.filter(source_id=source_id).exists()
    assert not PiiFinding.objects.filter(source_id=source_id).exists()
    entry = AuditEntry.objects.get(action="source.consent_withdrawn")
    assert entry.detail == {"kind": "interview", "withdrawn_on": "2026-11-01", "source_id": source_id}
    unconfirmed = owner.post(f"/sources/{world.source.pk}/withdraw/", {"withdrawn_on": "2026-11-01"})
    assert unconfirmed.status_code == 404


def test_desk_research_is_a_source_without_consent_and_linkable_as_evidence(world: World) -> None:
    owner = staff(world, "owner")
    response = owner.post(
        f"/processes/{world.process.pk}/insight/sources/new/?kind=desk",
        {
            "title": "Rapport: Lavterskel i kommunene",
            "language": "nb",
            "summary": "Oversikt over lavterskeltilbud.",
            "reference": "https://example.org/r",
            "tags": "lavterskel, bolig",
        },
    )
    desk = Source.objects.get(kind="desk")
    assert response["Location"] == f"/sources/{desk.pk}/review/"
    owner.post(f"/sources/{desk.pk}/review/", {"action": "release"})
    page = owner.get(f"/sources/{desk.pk}/").content.decode()
    assert "lavterskel" in page and "Kept until" in page
    from samskap.processes.links import links_of

    assert f"insight.source:{desk.pk}" in {link.value for link in links_of(world.process)}


SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "refi-qda" / "samples"


def test_the_export_validates_carries_no_names_and_imports_back(world: World) -> None:
    from samskap.analysis import refiqda

    facilitator = staff(world, "facilitator")
    response = facilitator.get(f"/processes/{world.process.pk}/insight/export.qdpx")
    assert response["Content-Disposition"] == f'attachment; filename="samskap-{world.process.pk}.qdpx"'
    project = refiqda.read_qdpx(response.content)  # validates against the REFI-QDA schema
    (source,) = project.sources
    assert source.text == world.source.released_text
    (selection,) = source.selections
    assert (selection.start, selection.end) == (world.coding.start, world.coding.end)
    assert [u.name for u in project.users] == ["Coder 1"]
    for secret in (b"Kari", b"Nordmann", b"Fredrik", b"facilitator@", b"912 34"):
        assert secret not in response.content
    assert facilitator.get(f"/processes/{world.process.pk}/insight/export.qdpx").content == response.content
    codebook = facilitator.get(f"/processes/{world.process.pk}/insight/codebook.qdc")
    assert [c.name for c in refiqda.read_qdc(codebook.content).codes] == ["Ventetid"]
    assert AuditEntry.objects.filter(action="insight.export_project").count() == 2

    # Into another process of the same organisation: the codebook and the text, to be reviewed.
    from samskap.processes.services import process_create

    other = process_create(actor=world.owner, organisation=world.organisation, title="Ny", kind="strategy")
    owner = staff(world, "owner")
    upload = SimpleUploadedFile("p.qdpx", response.content)
    done = owner.post(f"/processes/{other.pk}/insight/import/", {"file": upload}, follow=True)
    assert "Imported 1 new codes" in done.content.decode()
    imported = Source.objects.get(process=other)
    assert imported.kind == "imported" and not imported.is_released
    assert imported.original_text == world.source.released_text
    # Its coding waits for the review, then lands on the same words in the released text.
    assert len(imported.imported_codings) == 1
    decisions = {f"finding-{f.pk}": "accepted" for f in imported.findings.all()}
    owner.post(f"/sources/{imported.pk}/review/", {"action": "release", **decisions})
    imported.refresh_from_db()
    (coding,) = Coding.objects.filter(source=imported)
    assert imported.released_text[coding.start : coding.end] == "Hun sier at det viktigste er å bli trodd."
    assert imported.imported_codings == []


@pytest.mark.skipif(not SAMPLES.exists(), reason="the shared REFI-QDA samples are not here")
def test_the_valid_samples_import_and_the_invalid_are_refused_with_nothing_saved(world: World) -> None:
    from samskap.insight.models import Code

    owner = staff(world, "owner")
    url = f"/processes/{world.process.pk}/insight/import/"
    # The hand-authored project, packed as a .qdpx the way QDA programs write it.
    folder = SAMPLES / "ornio-hand-authored"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    sources = Source.objects.count()
    response = owner.post(url, {"file": SimpleUploadedFile("project.qdpx", buffer.getvalue())})
    assert response.status_code == 302
    assert Code.objects.filter(process=world.process).count() > 3
    assert Source.objects.count() == sources + 1
    # A real export from another program, as a bare project file without its text files.
    f4 = SAMPLES / "openqda-refi-tools" / "f4-export-project.qde"
    response = owner.post(url, {"file": SimpleUploadedFile(f4.name, f4.read_bytes())})
    assert response.status_code == 302
    codes = Code.objects.count()
    spec = SAMPLES / "portableqda" / "REFI-QDA-1-5.qdc"  # an empty <Sets/>, which the schema forbids
    refused = owner.post(url, {"file": SimpleUploadedFile(spec.name, spec.read_bytes())})
    assert refused.status_code == 400 and "REFI-QDA standard" in refused.content.decode()
    old = SAMPLES / "portableqda" / "portableQDA_Atlasti.qdc"
    refused = owner.post(url, {"file": SimpleUploadedFile(old.name, old.read_bytes())})
    assert refused.status_code == 400 and "not in the standard REFI-QDA format" in refused.content.decode()
    for content, message in [
        (b"PK\x03\x04garbage", "not a ZIP archive"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "XML entities"),
        (b"<CodeBook><Codes/></CodeBook>", "not in the standard REFI-QDA format"),
    ]:
        name = "x.qdc" if content.startswith(b"<") else "x.qdpx"
        refused = owner.post(url, {"file": SimpleUploadedFile(name, content)})
        assert refused.status_code == 400 and message in refused.content.decode(), message
    assert Code.objects.count() == codes


def test_the_directory_of_offers_is_searched_and_kept_by_staff(world: World) -> None:
    owner = staff(world, "owner")
    url = f"/o/{world.organisation.slug}/offers/"
    offer = {
        "name": "Selvhjelpsgruppe for pårørende",
        "kind": "self_help",
        "area": "Tromvik",
        "target_group": "Pårørende til personer med rusproblemer",
        "how_to_get_in": "Møt opp, ingen henvisning.",
        "contact": "https://example.org/selvhjelp",
        "tags": "pårørende, rus",
    }
    assert owner.post(url, offer).status_code == 302
    owner.post(
        url,
        {**offer, "name": "Rask psykisk helsehjelp", "kind": "municipal", "target_group": "Voksne", "tags": ""},
        follow=True,
    )
    found = owner.get(url, {"q": "pårørende rus"}).content.decode()
    assert "Selvhjelpsgruppe for pårørende" in found and "Rask psykisk helsehjelp" not in found
    assert "1 offer found" in found
    by_kind = owner.get(url, {"kind": "municipal"}).content.decode()
    assert "Rask psykisk helsehjelp" in by_kind and "Selvhjelpsgruppe" not in by_kind
    twice = owner.post(url, offer)
    assert twice.status_code == 400
    # Hosts read the directory (to tell people at a table) but do not change it.
    from samskap.insight.models import Offer

    saved = Offer.objects.get(name="Selvhjelpsgruppe for pårørende")
    host = staff(world, "host")
    assert "Møt opp, ingen henvisning." in host.get(f"/offers/{saved.pk}/").content.decode()
    assert host.post(f"/offers/{saved.pk}/", {**offer, "area": "X"}).status_code == 403
    changed = owner.post(f"/offers/{saved.pk}/", {**offer, "area": "Tromvik og Solby"})
    assert changed.status_code == 302
    saved.refresh_from_db()
    assert saved.area == "Tromvik og Solby"
    assert staff(world, "outsider").get(f"/offers/{saved.pk}/").status_code == 403
    from samskap.processes.links import links_of

    assert f"insight.offer:{saved.pk}" in {link.value for link in links_of(world.process)}


def test_a_user_journey_is_built_stage_by_stage_and_drawn_with_a_table(world: World) -> None:
    facilitator = staff(world, "facilitator")
    response = facilitator.post(
        f"/processes/{world.process.pk}/insight/journeys/new/",
        {"title": "Ung voksen på vei til hjelp", "person_category": "service_user"},
    )
    from samskap.insight.models import Journey

    journey = Journey.objects.get(title="Ung voksen på vei til hjelp")
    assert response["Location"] == f"/journeys/{journey.pk}/"
    url = f"/journeys/{journey.pk}/"
    facilitator.post(url, {"name": "Ber fastlegen om hjelp", "touchpoint": "Fastlege", "experience": "0"})
    facilitator.post(
        url,
        {
            "name": "Venter på time",
            "touchpoint": "DPS",
            "hurts": "Ingen ringer",
            "experience": "-2",
            "insights": [world.insight.pk],
        },
    )
    assert [s.name for s in journey.stages.all()] == ["Ber fastlegen om hjelp", "Venter på time"]
    assert list(journey.stages.get(position=2).insights.all()) == [world.insight]
    page = facilitator.get(url).content.decode()
    assert "<svg" in page and 'role="img"' in page and "<caption>The journey, stage by stage</caption>" in page
    assert "Very bad" in page and "Ingen ringer" in page
    bad = facilitator.post(url, {"name": "", "experience": "7"})
    assert bad.status_code == 400 and journey.stages.count() == 2
    assert staff(world, "host").get(url).status_code == 200  # everyone in the process reads it
    assert staff(world, "host").post(url, {"name": "X", "experience": "0"}).status_code == 403
    assert staff(world, "outsider").get(url).status_code == 403


def test_cases_carry_typed_variables_and_travel_in_the_export(world: World) -> None:
    from samskap.analysis import refiqda
    from samskap.insight.models import Case, CaseVariable

    facilitator = staff(world, "facilitator")
    url = f"/processes/{world.process.pk}/insight/cases/"
    facilitator.post(url, {"action": "variable", "name": "Aldersgruppe", "kind": "choice", "choices": "16–25, 26–40"})
    facilitator.post(url, {"action": "variable", "name": "Antall tjenester", "kind": "number"})
    one_choice = facilitator.post(url, {"action": "variable", "name": "X", "kind": "choice", "choices": "bare én"})
    assert one_choice.status_code == 400 and "at least two choices" in one_choice.content.decode()
    age, count = CaseVariable.objects.order_by("name")
    data = {
        "action": "case",
        "label": "Case 1",
        "person_category": "service_user",
        "sources": [world.source.pk],
        f"variable_{age.pk}": "16–25",
        f"variable_{count.pk}": "3",
    }
    response = facilitator.post(url, data)
    case = Case.objects.get(label="Case 1")
    assert response["Location"] == f"/cases/{case.pk}/"
    assert {v.variable.name: v.value for v in case.values.all()} == {"Aldersgruppe": "16–25", "Antall tjenester": "3"}
    wrong = facilitator.post(f"/cases/{case.pk}/", {**data, f"variable_{count.pk}": "tre"})
    assert wrong.status_code == 400
    cleared = facilitator.post(f"/cases/{case.pk}/", {**data, f"variable_{age.pk}": ""})
    assert cleared.status_code == 302 and case.values.count() == 1
    page = facilitator.get(url).content.decode()
    assert "Case 1" in page and "Antall tjenester" in page
    assert staff(world, "host").get(url).status_code == 403
    exported = refiqda.read_qdpx(facilitator.get(f"/processes/{world.process.pk}/insight/export.qdpx").content)
    (exported_case,) = exported.cases
    assert exported_case.name == "Case 1" and len(exported_case.source_refs) == 1
    assert {v.type for v in exported_case.variable_values} == {"Integer"}


def test_review_gaps_found_in_review_are_closed(world: World) -> None:
    """A reviewer's added words win over findings not accepted, in any case and before a
    genitive s; a title with a name is refused; odd ids give no server error; reading an
    original is logged."""
    owner = staff(world, "owner")
    source = interview(world, owner, text="Kari Hansen kom. Karis mor ringte. KARI smilte.")
    wide = source.findings.get(text="Kari Hansen")
    owner.post(f"/sources/{source.pk}/review/", {"action": "save", f"finding-{wide.pk}": "rejected"})
    response = owner.post(f"/sources/{source.pk}/review/", {"action": "add", "words": "Kari", "kind": "person_name"})
    assert response.status_code == 302
    added = source.findings.filter(added_by_reviewer=True).order_by("start")
    assert [source.original_text[f.start : f.end] for f in added] == ["Kari", "Kari", "KARI"]
    odd = owner.post(f"/sources/{source.pk}/review/", {"action": "save", "finding-²": "accepted"})
    assert odd.status_code == 302
    before = AuditEntry.objects.filter(action="source.read_original").count()
    owner.get(f"/sources/{source.pk}/original/")
    assert AuditEntry.objects.filter(action="source.read_original").count() == before + 1
    titled = owner.post(
        f"/processes/{world.process.pk}/insight/sources/new/?kind=interview",
        {"title": "Intervju med Kari Nordmann", "language": "nb", "consent_given_on": "2026-10-01", "text": "t"},
    )
    assert titled.status_code == 400 and "seems to hold personal data" in titled.content.decode()


def test_withdrawal_forgets_names_only_that_source_had_and_its_lone_cases(world: World) -> None:
    from samskap.insight import services as insight_services
    from samskap.insight.models import Case

    owner = staff(world, "owner")
    source = interview(world, owner, text="Ola Nordmann sier at Kari Nordmann hjalp ham.")
    decisions = {f"finding-{f.pk}": "accepted" for f in source.findings.all()}
    owner.post(f"/sources/{source.pk}/review/", {"action": "release", **decisions})
    names = PseudonymKey.objects.get(process=world.process).mapping["names"]
    assert "ola nordmann" in names and "kari nordmann" in names
    insight_services.case_save(actor=world.owner, process=world.process, label="Case 9", sources=[source])
    insight_services.case_save(
        actor=world.owner, process=world.process, label="Case 10", sources=[source, world.source]
    )
    owner.post(f"/sources/{source.pk}/withdraw/", {"withdrawn_on": "2026-11-01", "confirm": "on"})
    names = PseudonymKey.objects.get(process=world.process).mapping["names"]
    assert "ola nordmann" not in names  # only in the withdrawn interview
    assert "kari nordmann" in names  # also in the world's interview
    assert not Case.objects.filter(label="Case 9").exists()
    assert Case.objects.get(label="Case 10").sources.count() == 1


def test_words_to_code_that_stand_twice_need_their_sentence(world: World) -> None:
    from samskap.insight import services as insight_services

    owner = staff(world, "owner")
    source = interview(world, owner, text="Det tok lang tid. Vi ventet. Det tok lang tid igjen.")
    owner.post(f"/sources/{source.pk}/review/", {"action": "release"})
    code = world.coding.code
    url = f"/sources/{source.pk}/codings/"
    twice = owner.post(url, {"code": code.pk, "words": "lang tid"}, follow=True)
    assert "These words stand 2 times" in twice.content.decode()
    owner.post(url, {"code": code.pk, "words": "lang tid", "segments": ["3"]})
    (coding,) = Coding.objects.filter(source=source)
    source.refresh_from_db()
    assert coding.start == source.released_text.rindex("lang tid")
    # Ticked neighbours join even when words were also given elsewhere: one segment for 1–2.
    owner.post(url, {"code": code.pk, "segments": ["1", "2"]})
    joined = Coding.objects.filter(source=source).order_by("start").first()
    assert joined is not None and source.released_text[joined.start : joined.end] == "Det tok lang tid. Vi ventet."
    assert insight_services.MAX_FINDING_TEXT == 300


def test_retention_deletes_originals_then_sources_unless_the_process_is_on_legal_hold(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    import json
    from datetime import timedelta

    from samskap.cli import TOOLS
    from samskap.insight.services import insight_retention_apply

    source = world.source
    released_on = source.released_at.date()  # type: ignore[union-attr]
    assert insight_retention_apply(today=released_on + timedelta(days=10)).originals_deleted == 0

    owner = staff(world, "owner")
    url = f"/processes/{world.process.pk}/insight/legal-hold/"
    assert owner.post(url, {"on": "on", "reason": ""}, follow=True).status_code == 200
    world.process.refresh_from_db()
    assert not world.process.legal_hold  # a reason is needed
    assert staff(world, "facilitator").post(url, {"on": "on", "reason": "Klagesak"}).status_code == 403
    owner.post(url, {"on": "on", "reason": "Klagesak hos Statsforvalteren"})
    held = insight_retention_apply(today=released_on + timedelta(days=40))
    assert (held.held, held.originals_deleted) == (1, 0)
    owner.post(url, {"on": ""})

    report = insight_retention_apply(today=released_on + timedelta(days=40))
    assert report.originals_deleted == 1
    source.refresh_from_db()
    assert source.original_text == "" and source.original_deleted_at is not None
    assert source.released_text and not source.findings.exclude(text="").exists()
    assert "The original is deleted." in owner.get(f"/sources/{source.pk}/original/").content.decode()

    dry = insight_retention_apply(today=released_on + timedelta(days=6 * 365), dry_run=True)
    assert dry.sources_deleted == 1 and Source.objects.filter(pk=source.pk).exists()
    insight_retention_apply(today=released_on + timedelta(days=6 * 365))
    assert not Source.objects.filter(pk=source.pk).exists()
    assert not InsightQuote.objects.filter(source_id=source.pk).exists()
    entry = AuditEntry.objects.filter(action="retention.apply").last()
    assert entry is not None and entry.detail == {"originals_deleted": 0, "sources_deleted": 1}

    tool, _help = TOOLS["retention"]
    assert tool(["--dry-run"]) == 0
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["retention"] == {"originals_deleted": 0, "sources_deleted": 0, "held": 0, "dry_run": True}
    assert printed["audit_log"]["entries_deleted"] == 0
    assert printed["events"]["dry_run"] is True


def test_offsets_move_through_the_replacements() -> None:
    from samskap.insight.services import _moved

    # "Kari Nordmann sa hei" → "Person A sa hei": the name (0–13) became 8 characters.
    replacements = [(0, 13, 8)]
    assert _moved(14, replacements, is_end=False) == 9  # "sa"
    assert _moved(20, replacements, is_end=True) == 15  # the end of the text
    assert _moved(5, replacements, is_end=False) == 0  # inside the name: its replacement's start
    assert _moved(5, replacements, is_end=True) == 8  # … or its end
    assert _moved(0, [(3, 5, 9)], is_end=False) == 0
