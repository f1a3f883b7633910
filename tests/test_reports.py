"""The note to the political committee through the pages people use: assembled from the
process, edited into versions, exported as HTML, tagged PDF and DOCX in the committee's
language, with nothing unreviewed or under the small-number threshold in it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.test import Client

from samskap.comparison import services as comparison_services
from samskap.comparison.selectors import series_choices
from samskap.core.models import AuditEntry
from samskap.reports import services
from samskap.reports.models import Note, NoteVersion
from tests.conftest import World

DEMO = Path(__file__).parent.parent / "samskap" / "cli" / "data" / "statistics"


def staff(world: World, persona: str) -> Client:
    client = world.client_for(persona)
    client.cookies["django_language"] = "en"
    return client


def housing_comparison(world: World) -> int:
    def load(name: str, **kwargs: Any) -> Any:
        return comparison_services.dataset_import(
            actor=world.owner, organisation=world.organisation, data=(DEMO / name).read_bytes(), **kwargs
        )

    housing = load("ssb_12228_midlertidig_botilbud.jsonstat2.json", counts_people=True)
    return comparison_services.comparison_create(
        actor=world.owner,
        process=world.process,
        title="Personer i midlertidig botilbud",
        dataset=housing,
        series=series_choices(housing)[0][0],
        regions=["3301", "3312", "3314"],
        national_region="0",
    ).pk


def assemble(world: World, format_key: str = "saksframlegg_nb") -> Note:
    client = staff(world, "facilitator")
    response = client.post(f"/processes/{world.process.pk}/notes/", {"format": format_key})
    assert response.status_code == 302
    return Note.objects.get()


def structure_of(pdf: bytes) -> tuple[Any, list[str]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root: Any = reader.trailer["/Root"]
    kinds: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S"):
            kinds.append(str(node["/S"]) + ("+alt" if node.get("/Alt") else ""))
        children = node.get("/K")
        for child in children if isinstance(children, list) else [children] if children is not None else []:
            try:
                walk(child)
            except (AttributeError, TypeError):
                continue

    walk(root["/StructTreeRoot"])
    return root, kinds


def test_a_note_is_assembled_from_the_process(world: World) -> None:
    comparison = housing_comparison(world)
    note = assemble(world)
    version = note.versions.get()
    assert version.number == 1 and version.comparisons == [comparison]
    background = version.sections["background"]
    assert world.challenge_item.text in background
    assert world.insight.statement in background
    quote = world.insight.quotes.get()
    assert quote.text.strip() in background  # from released text only
    # Relatives: 4 in the world's activity — never shown as a number.
    participation = version.sections["participation"]
    assert "4 pårørende" not in participation and "5 eller færre pårørende" in participation
    assert "12 brukere" in participation
    assert "vært med i én aktivitet." in participation and "systemnivå: én aktivitet" in participation
    assert AuditEntry.objects.filter(action="note.create").exists()


def test_editing_makes_a_new_version_and_keeps_the_old(world: World) -> None:
    note = assemble(world)
    client = staff(world, "facilitator")
    edit = client.get(f"/notes/{note.pk}/edit/")
    assert edit.status_code == 200
    assert "Saksbehandlers vurdering" in edit.content.decode()  # the note's own headings label its fields
    response = client.post(
        f"/notes/{note.pk}/edit/",
        {
            "title": "Strategi for rus og psykisk helse",
            "header_case_officer": "Anne Eier",
            "header_committee": "Hovedutvalg for helse og sosial",
            "header_meeting_date": "9. desember 2026",
            "proposal": "Utvalget tar saken til orientering.\n\nKommunedirektøren legger fram strategien i juni.",
            "section_summary": "Kort oppsummering.",
            "section_assessment": "Vurderingen.",
            "change_note": "Skrevet om",
        },
    )
    assert response.status_code == 302
    latest = note.versions.order_by("-number").first()
    assert latest is not None and latest.number == 2
    assert latest.proposal == [
        "Utvalget tar saken til orientering.",
        "Kommunedirektøren legger fram strategien i juni.",
    ]
    assert latest.header == {
        "case_officer": "Anne Eier",
        "committee": "Hovedutvalg for helse og sosial",
        "meeting_date": "9. desember 2026",
    }
    page = client.get(f"/notes/{note.pk}/").content.decode()
    assert "Kort oppsummering." in page and "Hovedutvalg for helse og sosial" in page
    first = client.get(f"/notes/{note.pk}/?version=1").content.decode()
    assert "Kort oppsummering." not in first
    assert client.get(f"/notes/{note.pk}/?version=9").status_code == 404
    assert NoteVersion.objects.filter(note=note).count() == 2


def test_exports_in_three_formats_with_structure_and_language(world: World) -> None:
    housing_comparison(world)
    note = assemble(world)
    client = staff(world, "host")  # reading and exporting needs only a role in the process
    html = client.get(f"/notes/{note.pk}/note.html")
    assert html.status_code == 200
    assert html["Content-Disposition"].startswith("attachment;")
    text = html.content.decode()
    assert '<html lang="nb">' in text and "<title>" in text and "<caption>" in text and 'scope="col"' in text

    pdf = client.get(f"/notes/{note.pk}/note.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    root, kinds = structure_of(pdf.content)
    assert root["/Lang"] == "nb"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/H1" in kinds and "/Table" in kinds and "/TH" in kinds and "/L" in kinds
    assert "/Figure+alt" in kinds  # the chart, with its description as alternative text
    metadata = root["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in metadata  # declared PDF/UA-1

    from docx import Document

    docx = client.get(f"/notes/{note.pk}/note.docx")
    assert docx.status_code == 200
    document = Document(io.BytesIO(docx.content))
    assert document.core_properties.language == "nb-NO"
    styles = [p.style.name for p in document.paragraphs if p.style is not None]
    assert "Heading 1" in styles and "List Number" in styles
    assert [cell.text for cell in document.tables[0].columns[0].cells][1:] == [
        "Drammen",
        "Lier",
        "Øvre Eiker",
        "Hele landet",
    ]
    assert AuditEntry.objects.filter(action="note.export").count() == 3


def test_small_counts_stay_out_of_every_export(world: World) -> None:
    housing_comparison(world)
    note = assemble(world)
    client = staff(world, "owner")
    html = client.get(f"/notes/{note.pk}/note.html").content.decode()
    # Øvre Eiker had 3 and 5 people in temporary housing in 2021 and 2022; Lier 4 in 2023.
    rows = {line for line in html.split("<tr>") if "Øvre Eiker" in line or "Lier" in line}
    assert rows and all("<td>3</td>" not in row and "<td>4</td>" not in row and "<td>5</td>" not in row for row in rows)
    from docx import Document

    document = Document(io.BytesIO(client.get(f"/notes/{note.pk}/note.docx").content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert ":" in cells and "3" not in cells and "4" not in cells


@pytest.mark.parametrize(
    ("format_key", "language", "headings"),
    [
        ("saksframlegg_nn", "nn", ["Kommunedirektøren sitt framlegg til vedtak", "Saksutgreiing"]),
        ("tjansteskrivelse_sv", "sv", ["Förslag till beslut", "Sammanfattning", "Beslut sänds till"]),
    ],
)
def test_nynorsk_and_swedish_formats(world: World, format_key: str, language: str, headings: list[str]) -> None:
    note = assemble(world, format_key)
    client = staff(world, "owner")
    html = client.get(f"/notes/{note.pk}/note.html").content.decode()
    assert f'<html lang="{language}">' in html
    for heading in headings:
        assert heading in html
    root, _kinds = structure_of(client.get(f"/notes/{note.pk}/note.pdf").content)
    assert root["/Lang"] == language


def test_typed_markup_is_text_not_html(world: World) -> None:
    note = assemble(world)
    version = note.versions.get()
    services.note_version_save(
        actor=world.owner,
        note=note,
        title="T",
        header={},
        proposal=["Punkt"],
        sections={"summary": '<img src="file:///etc/passwd"> <script>alert(1)</script>'},
        comparisons=version.comparisons,
        matrices=[],
    )
    client = staff(world, "owner")
    html = client.get(f"/notes/{note.pk}/note.html").content.decode()
    assert "<script>alert" not in html and "&lt;img" in html
    assert client.get(f"/notes/{note.pk}/note.pdf").status_code == 200


def test_a_too_long_section_is_refused_and_nothing_saved(world: World) -> None:
    note = assemble(world)
    client = staff(world, "owner")
    response = client.post(f"/notes/{note.pk}/edit/", {"title": "T", "section_summary": "x" * 20_001})
    assert response.status_code == 400
    assert "at most 20000 characters" in response.content.decode()
    assert note.versions.count() == 1


def test_comparisons_of_another_process_are_refused(world: World) -> None:
    note = assemble(world)
    with pytest.raises(Exception, match="Choose comparisons from this process"):
        services.note_version_save(
            actor=world.owner,
            note=note,
            title="T",
            header={},
            proposal=[],
            sections={},
            comparisons=[999_999],
            matrices=[],
        )


def test_who_may_do_what(world: World) -> None:
    note = assemble(world)
    host = staff(world, "host")
    assert host.get(f"/notes/{note.pk}/").status_code == 200
    assert host.get(f"/notes/{note.pk}/edit/").status_code == 403
    assert host.post(f"/processes/{world.process.pk}/notes/", {"format": "saksframlegg_nb"}).status_code == 403
    assert host.post(f"/notes/{note.pk}/delete/").status_code == 403
    outsider = staff(world, "outsider")
    assert outsider.get(f"/notes/{note.pk}/note.pdf").status_code == 403
    assert Note.objects.count() == 1
    owner = staff(world, "owner")
    assert owner.post(f"/notes/{note.pk}/delete/").status_code == 302
    assert not Note.objects.exists()


def test_improvement_charts_go_in_only_without_small_counts(world: World) -> None:
    from samskap.improvement import services as improvement
    from samskap.improvement.csv_import import ParsedRow
    from tests.conftest import WEEKS

    waiting = improvement.measure_create(
        actor=world.owner,
        project=world.project,
        title="Dager til første samtale",
        kind="outcome",
        value_kind="measurement",
        unit="dager",
        improvement="decrease",
    )
    improvement.observations_import(
        actor=world.owner,
        measure=waiting,
        rows=[ParsedRow(k + 2, week, float(30 - k), None) for k, week in enumerate(WEEKS)],
    )
    falls = improvement.measure_create(
        actor=world.owner, project=world.project, title="Avbrudd", kind="balancing", value_kind="count"
    )
    improvement.observations_import(
        actor=world.owner,
        measure=falls,
        rows=[ParsedRow(k + 2, week, float(3 if k == 4 else 12), None) for k, week in enumerate(WEEKS)],
    )
    process = world.network.process
    note = services.note_create(actor=world.owner, process=process, format_key="saksframlegg_nb")
    version = note.versions.get()
    # The shared share (4 of 20 without a conversation one week) and the count with a 3 stay out.
    assert version.measures == [waiting.pk]
    assert "Hva er viktig for deg?" in version.sections["results"]
    client = staff(world, "owner")
    html = client.get(f"/notes/{note.pk}/note.html").content.decode()
    assert (
        "Dager til første samtale" in html
        and "<style>.samskap-spc-print text{" in html
        and "Avbrudd" not in html.split("<main>")[1]
    )
    page = client.get(f"/notes/{note.pk}/").content.decode()
    assert "Dager til første samtale" in page and "<style>" not in page  # the app page keeps the CSP
    _root, kinds = structure_of(client.get(f"/notes/{note.pk}/note.pdf").content)
    assert kinds.count("/Figure+alt") >= 1
    with pytest.raises(Exception, match="no small numbers"):
        services.note_version_save(
            actor=world.owner,
            note=note,
            title="T",
            header={},
            proposal=[],
            sections={},
            comparisons=[],
            matrices=[],
            measures=[falls.pk],
        )
