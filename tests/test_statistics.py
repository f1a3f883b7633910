"""Public statistics through the pages people use: importing recorded SSB, SCB, Kolada and
FHI tables with their provenance, comparing municipalities per inhabitants with small counts
suppressed, the comparison matrix, pinning either to the challenge picture, the open-data
API and the import command."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from samskap.cli import import_statistics
from samskap.comparison import services
from samskap.comparison.models import Comparison, Dataset, Figure, Matrix, MatrixCell
from samskap.comparison.selectors import comparison_table, region_choices, series_choices
from samskap.core.models import AuditEntry
from samskap.processes.models import EvidenceLink
from tests.conftest import World

DATA = Path(__file__).parent / "data" / "statistics"
DEMO = Path(__file__).parent.parent / "samskap" / "cli" / "data" / "statistics"

RECORDINGS = {
    "ssb_07459_population.jsonstat2.json": ("SSB", "07459", "json-stat2"),
    "scb_missbruk.jsonstat2.json": ("SCB", "", "json-stat2"),
    "ssb_kostra_brukere.csv": ("", "", "pxweb-csv"),
    "ssb_personer_long.csv": ("", "", "pxweb-csv"),
    "kolada_u71017.json": ("Kolada", "", "kolada"),
    "fhi_psykiske_lidelser.jsonstat2.json": ("", "", "json-stat2"),
    "fhi_unge_psykiske_plager.csv2.csv": ("", "", "fhi-csv2"),
}


def staff(world: World, persona: str, language: str = "en") -> Client:
    client = world.client_for(persona)
    client.cookies["django_language"] = language
    return client


def upload(client: Client, world: World, path: Path, **fields: object) -> Any:
    data = {"file": SimpleUploadedFile(path.name, path.read_bytes()), "kind": "indicator", **fields}
    return client.post(f"/o/{world.organisation.slug}/statistics/", data)


def imported(world: World, path: Path, **kwargs: object) -> Dataset:
    return services.dataset_import(
        actor=world.owner,
        organisation=world.organisation,
        data=path.read_bytes(),
        file_name=path.name,
        **kwargs,  # type: ignore[arg-type]
    )


# --- Import ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(RECORDINGS))
def test_each_recorded_format_imports_with_its_provenance(world: World, name: str) -> None:
    client = staff(world, "facilitator")
    response = upload(client, world, DATA / name, query="https://example.test/api?x=1")
    assert response.status_code == 302
    dataset = Dataset.objects.get(organisation=world.organisation)
    source, table_id, fmt = RECORDINGS[name]
    assert dataset.format == fmt
    if source:
        assert source.casefold() in dataset.source.casefold()
    if table_id:
        assert dataset.table_id == table_id
    assert dataset.query == "https://example.test/api?x=1"
    assert dataset.fetched_at  # the import time when the file does not say
    assert dataset.file_name == name
    assert dataset.figures.count() > 0
    assert AuditEntry.objects.filter(action="statistics.import").count() == 1
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Where it came from" in page.content.decode()


def test_footnotes_and_series_breaks_are_kept(world: World) -> None:
    dataset = imported(world, DATA / "fhi_psykiske_lidelser.jsonstat2.json")
    assert dataset.footnotes
    assert dataset.series_breaks
    assert Figure.objects.filter(dataset=dataset, series_break=True).exists()
    # FHI's anonymised cells stay suppressed, with their symbol.
    assert Figure.objects.filter(dataset=dataset, value__isnull=True, flag=":").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02binary", "not text"),
        (b"", "The submitted file is empty."),
        (b'{"version": "2.0", "class": "dataset", ', "not valid JSON"),
        (b'{"hello": "world"}', "neither JSON-stat 2"),
        (
            b'{"version":"2.0","class":"dataset","id":["Region","Tid"],"size":[2,1],"dimension":{}, "value":[1]}',
            "cannot be read",
        ),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_saves_nothing(world: World, content: bytes, message: str) -> None:
    client = staff(world, "owner")
    response = client.post(
        f"/o/{world.organisation.slug}/statistics/",
        {"file": SimpleUploadedFile("x.json", content), "kind": "indicator"},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Dataset.objects.exists()
    assert not Figure.objects.exists()


def test_the_message_is_in_the_users_language(world: World) -> None:
    client = staff(world, "owner", "nb")
    response = client.post(
        f"/o/{world.organisation.slug}/statistics/",
        {"file": SimpleUploadedFile("x.json", b'{"a": 1'), "kind": "indicator"},
    )
    assert response.status_code == 400
    assert "Filen er ikke gyldig JSON." in response.content.decode()


def test_a_population_table_needs_one_figure_per_region_and_year(world: World) -> None:
    client = staff(world, "owner")
    response = upload(client, world, DATA / "kolada_u71017.json", kind="population")
    assert response.status_code == 200 or response.status_code == 302  # Kolada gives one total per region and year
    Dataset.objects.all().delete()
    response = upload(client, world, DATA / "fhi_psykiske_lidelser.jsonstat2.json", kind="population")
    assert response.status_code == 400
    assert "one figure per region and year" in response.content.decode()
    assert not Dataset.objects.exists()


def test_a_too_large_file_is_refused(world: World) -> None:
    client = staff(world, "owner")
    big = SimpleUploadedFile("big.csv", b"region,year,value\n" + b"0301 Oslo,2024,1\n" * 700_000)
    response = client.post(f"/o/{world.organisation.slug}/statistics/", {"file": big, "kind": "indicator"})
    assert response.status_code == 400
    assert "larger than 10 MB" in response.content.decode()


def test_a_host_may_read_but_not_import(world: World) -> None:
    client = staff(world, "host")
    assert client.get(f"/o/{world.organisation.slug}/statistics/").status_code == 200
    assert upload(client, world, DATA / "kolada_u71017.json").status_code == 403
    assert not Dataset.objects.exists()


def test_a_table_in_use_cannot_be_deleted(world: World) -> None:
    dataset = imported(world, DATA / "ssb_07459_population.jsonstat2.json")
    series = series_choices(dataset)[0][0]
    services.comparison_create(
        actor=world.owner, process=world.process, title="T", dataset=dataset, series=series, regions=["3201"]
    )
    client = staff(world, "owner")
    response = client.post(f"/statistics/tables/{dataset.pk}/delete/", follow=True)
    assert "delete the comparison first" in response.content.decode()
    assert Dataset.objects.filter(pk=dataset.pk).exists()


# --- Comparisons --------------------------------------------------------------------------


def demo_tables(world: World) -> tuple[Dataset, Dataset]:
    population = imported(world, DEMO / "ssb_07459_befolkning_drammen.jsonstat2.json", kind="population")
    housing = imported(world, DEMO / "ssb_12228_midlertidig_botilbud.jsonstat2.json", counts_people=True)
    return population, housing


def test_a_comparison_per_10000_inhabitants_with_small_counts_suppressed(world: World) -> None:
    population, housing = demo_tables(world)
    client = staff(world, "facilitator")
    start = client.get(f"/processes/{world.process.pk}/statistics/comparisons/new/?dataset={housing.pk}")
    assert start.status_code == 200
    series = series_choices(housing)[0][0]
    response = client.post(
        f"/processes/{world.process.pk}/statistics/comparisons/new/",
        {
            "dataset": housing.pk,
            "series": series,
            "title": "Midlertidig botilbud",
            "home": "3301",
            "peers": ["3312", "3314"],
            "national": "0",
            "per": "10000",
            "population": population.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    comparison = Comparison.objects.get()
    assert comparison.regions == ["3301", "3312", "3314"]
    table = comparison_table(comparison)
    assert table.periods == ["2021", "2022", "2023", "2024"]
    drammen, lier, eiker, national = table.rows
    assert drammen.home and national.national
    # 52 people of 101,386 inhabitants in 2021 → 5.13 per 10,000.
    assert drammen.values[0].value == pytest.approx(52 / 101386 * 10000)
    # Lier had 4 in 2023 and Øvre Eiker 3 and 5 in 2021–22: never shown, not even as a rate.
    assert lier.values[2].value is None and lier.values[2].flag == "suppressed"
    assert [v.flag for v in eiker.values[:2]] == ["suppressed", "suppressed"]
    page = client.get(response["Location"]).content.decode()
    assert 'role="img"' in page and "<desc" in page
    assert "suppressed: too few people" in page
    assert "Hele landet" in page and "(national)" in page
    # The rate's number for a suppressed count appears nowhere on the page.
    assert f"{4 / 27850 * 10000:.2f}" not in page


def test_a_small_change_in_a_count_of_people_is_suppressed(world: World) -> None:
    _population, housing = demo_tables(world)
    series = series_choices(housing)[0][0]
    comparison = services.comparison_create(
        actor=world.owner, process=world.process, title="T", dataset=housing, series=series, regions=["3301", "3312"]
    )
    drammen, lier = comparison_table(comparison).rows
    assert drammen.change.text == "−8"  # 52 → 44
    assert lier.change.flag == "suppressed"  # 9 → 7: a change of two people


def test_no_change_is_computed_across_a_series_break(world: World) -> None:
    dataset = imported(world, DEMO / "hdir_aarsverk_psykisk_helse_rus.jsonstat2.json")
    series = series_choices(dataset)[0][0]
    comparison = services.comparison_create(
        actor=world.owner, process=world.process, title="Årsverk", dataset=dataset, series=series, regions=["3301"]
    )
    table = comparison_table(comparison)
    assert table.break_periods == ["2024"]
    assert table.rows[0].change.flag == "break"
    page = staff(world, "host").get(f"/comparisons/{comparison.pk}/").content.decode()
    assert "A new series starts in 2024" in page


def test_figures_already_per_inhabitants_are_not_divided_again(world: World) -> None:
    population, _housing = demo_tables(world)
    scb = imported(world, DATA / "scb_missbruk.jsonstat2.json")
    with pytest.raises(Exception, match="already per inhabitants"):
        services.comparison_create(
            actor=world.owner,
            process=world.process,
            title="T",
            dataset=scb,
            series=series_choices(scb)[0][0],
            regions=["2184"],
            per=10000,
            population=population,
        )


def test_a_table_of_another_organisation_cannot_be_compared(world: World) -> None:
    other = services.dataset_import(
        actor=world.outsider,
        organisation=world.other_organisation,
        data=(DATA / "kolada_u71017.json").read_bytes(),
    )
    client = staff(world, "owner")
    response = client.post(
        f"/processes/{world.process.pk}/statistics/comparisons/new/",
        {"dataset": other.pk, "series": series_choices(other)[0][0], "title": "X", "home": "2184", "per": "0"},
    )
    assert response.status_code == 404
    assert client.get(f"/statistics/tables/{other.pk}/").status_code == 403
    assert not Comparison.objects.exists()


def test_municipalities_must_come_from_the_table(world: World) -> None:
    _population, housing = demo_tables(world)
    client = staff(world, "owner")
    response = client.post(
        f"/processes/{world.process.pk}/statistics/comparisons/new/",
        {"dataset": housing.pk, "series": series_choices(housing)[0][0], "title": "X", "home": "9999", "per": "0"},
    )
    assert response.status_code == 400
    assert not Comparison.objects.exists()


def test_pin_a_comparison_to_the_challenge_picture(world: World) -> None:
    _population, housing = demo_tables(world)
    series = series_choices(housing)[0][0]
    comparison = services.comparison_create(
        actor=world.owner, process=world.process, title="Botilbud", dataset=housing, series=series, regions=["3301"]
    )
    client = staff(world, "facilitator")
    response = client.post(
        f"/comparisons/{comparison.pk}/pin/", {"item": world.challenge_item.pk, "note": "Flere enn naboene"}
    )
    assert response.status_code == 302
    assert EvidenceLink.objects.filter(
        item=world.challenge_item, target_id=comparison.pk, note="Flere enn naboene"
    ).exists()
    challenge = client.get(f"/processes/{world.process.pk}/challenge/").content.decode()
    assert "Botilbud" in challenge
    # Deleting the comparison removes it as evidence too.
    client.post(f"/comparisons/{comparison.pk}/delete/")
    assert not Comparison.objects.exists()
    assert not EvidenceLink.objects.filter(target_id=comparison.pk, note="Flere enn naboene").exists()


def test_a_host_cannot_pin_or_delete(world: World) -> None:
    _population, housing = demo_tables(world)
    comparison = services.comparison_create(
        actor=world.owner,
        process=world.process,
        title="Botilbud",
        dataset=housing,
        series=series_choices(housing)[0][0],
        regions=["3301"],
    )
    client = staff(world, "host")
    assert client.post(f"/comparisons/{comparison.pk}/pin/", {"item": world.challenge_item.pk}).status_code == 403
    assert client.post(f"/comparisons/{comparison.pk}/delete/").status_code == 403
    assert Comparison.objects.exists()


# --- The comparison matrix -----------------------------------------------------------------


def test_a_matrix_is_built_cell_by_cell_with_sources(world: World) -> None:
    client = staff(world, "facilitator")
    response = client.post(
        f"/processes/{world.process.pk}/statistics/matrices/new/",
        {"title": "Organisering", "columns": "Tromvik\nNabo\n", "rows": "Inntak\nVentetid"},
    )
    assert response.status_code == 302
    matrix = Matrix.objects.get()
    assert [c.name for c in matrix.columns.all()] == ["Tromvik", "Nabo"]
    inntak = matrix.rows.get(name="Inntak")
    nabo = matrix.columns.get(name="Nabo")
    url = f"/matrices/{matrix.pk}/cells/{inntak.pk}/{nabo.pk}/"
    assert (
        client.post(
            url, {"text": "Eget inntaksteam", "source_kind": "interview", "source_note": "Intervju 3"}
        ).status_code
        == 302
    )
    assert client.post(f"/matrices/{matrix.pk}/", {"add": "row", "row-name": "Brukermedvirkning"}).status_code == 302
    assert client.post(f"/matrices/{matrix.pk}/", {"add": "column", "column-name": "Tredje"}).status_code == 302
    page = client.get(f"/matrices/{matrix.pk}/").content.decode()
    assert "Eget inntaksteam" in page and "Interview: Intervju 3" in page
    assert "Brukermedvirkning" in page and "Tredje" in page
    # An empty text clears the cell.
    client.post(url, {"text": "", "source_kind": "interview"})
    assert not MatrixCell.objects.exists()


def test_a_matrix_cell_refuses_too_long_text_and_foreign_rows(world: World) -> None:
    client = staff(world, "owner")
    matrix = services.matrix_create(actor=world.owner, process=world.process, title="M", columns=["A"], rows=["R"])
    other = services.matrix_create(actor=world.owner, process=world.process, title="N", columns=["B"], rows=["S"])
    row, column = matrix.rows.get(), matrix.columns.get()
    response = client.post(
        f"/matrices/{matrix.pk}/cells/{row.pk}/{column.pk}/", {"text": "x" * 601, "source_kind": "other"}
    )
    assert response.status_code == 400
    assert "at most 600 characters" in response.content.decode()
    foreign = other.rows.get()
    assert client.get(f"/matrices/{matrix.pk}/cells/{foreign.pk}/{column.pk}/").status_code == 404
    assert not MatrixCell.objects.exists()


def test_a_duplicate_row_is_refused(world: World) -> None:
    client = staff(world, "owner")
    matrix = services.matrix_create(actor=world.owner, process=world.process, title="M", columns=["A"], rows=["Inntak"])
    response = client.post(f"/matrices/{matrix.pk}/", {"add": "row", "row-name": "inntak"})
    assert response.status_code == 400
    assert "already has that row" in response.content.decode()


# --- The open-data API ----------------------------------------------------------------------


def test_the_api_gives_published_comparisons_with_small_counts_suppressed(world: World) -> None:
    _population, housing = demo_tables(world)
    comparison = services.comparison_create(
        actor=world.owner,
        process=world.process,
        title="Botilbud",
        dataset=housing,
        series=series_choices(housing)[0][0],
        regions=["3301", "3312", "3314"],
        national_region="0",
    )
    client = Client()
    assert client.get(f"/api/v1/comparisons/{comparison.pk}/").status_code == 404
    world.process.is_published = True
    world.process.save()
    data = client.get(f"/api/v1/comparisons/{comparison.pk}/").json()
    eiker = data["rows"][2]
    assert eiker["values"][0] == {"period": "2021", "value": None, "flag": "suppressed", "starts_series": False}
    assert data["rows"][0]["values"][0]["value"] == 52
    assert data["provenance"]["table_id"] == "12228"
    assert 3 not in [v["value"] for row in data["rows"] for v in row["values"]]
    process = client.get(f"/api/v1/processes/{world.process.pk}/").json()
    assert process["comparisons"][0]["id"] == comparison.pk
    assert set(process["participation"]["service_users"]) == {"value", "suppressed"}
    listing = client.get("/api/v1/processes/").json()
    assert [p["id"] for p in listing["results"]] == [world.process.pk]


def test_the_openapi_description_names_every_api_path(world: World) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert set(spec["paths"]) == {
        "/processes/",
        "/processes/{process_id}/",
        "/comparisons/{comparison_id}/",
        "/matrices/{matrix_id}/",
    }
    for path in spec["paths"].values():
        schema = path["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert schema.split("/")[-1] in spec["components"]["schemas"]


# --- The import command ---------------------------------------------------------------------


def test_the_import_command_reads_a_file(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    status = import_statistics.run(
        [str(DATA / "kolada_u71017.json"), "--organisation", world.organisation.slug, "--actor", world.owner.email]
    )
    assert status == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["figures"] > 0 and out["source"].casefold() == "kolada"


def test_the_import_command_refuses_bad_input(world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    base = ["--organisation", world.organisation.slug, "--actor", world.owner.email]
    assert import_statistics.run([str(bad), *base]) == 2
    assert import_statistics.run(["--url", "http://insecure.example/x", *base]) == 2
    assert import_statistics.run([str(bad), "--organisation", "nowhere", "--actor", world.owner.email]) == 2
    assert (
        import_statistics.run(
            [str(DATA / "kolada_u71017.json"), "--organisation", world.organisation.slug, "--actor", world.host.email]
        )
        == 2
    )
    assert "error:" in capsys.readouterr().err
    assert not Dataset.objects.exists()


def test_region_choices_join_codes_with_and_without_prefix(world: World) -> None:
    dataset = imported(world, DATA / "ssb_kostra_brukere.csv")
    keys = [key for key, _label in region_choices(dataset, series_choices(dataset)[0][0])]
    assert all(not key.startswith("K-") for key in keys)


def test_the_import_command_fetches_and_keeps_the_address(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With network, the command fetches the table; the test stands in for the network with
    a recording, so no test ever calls out."""
    asked: list[tuple[str, bytes | None, str]] = []

    class Response(io.BytesIO):
        def __enter__(self) -> Response:
            return self

        def __exit__(self, *exc: object) -> None:
            self.close()

    def fake_urlopen(request: Any, timeout: float) -> Response:
        asked.append((request.full_url, request.data, request.get_method()))
        return Response((DATA / "fhi_psykiske_lidelser.jsonstat2.json").read_bytes())

    monkeypatch.setattr("urllib.request.urlopen", fake_urlopen)
    url = "https://statistikk-data.fhi.no/api/open/v1/nokkel/Table/123/data"
    body = '{"dimensions": [], "response": {"format": "json-stat2"}}'
    base = ["--organisation", world.organisation.slug, "--actor", world.owner.email]
    assert import_statistics.run(["--url", url, "--body", body, "--source", "FHI", "--table-id", "123", *base]) == 0
    assert asked == [(url, body.encode(), "POST")]
    dataset = Dataset.objects.get()
    assert dataset.query == f"{url}\nPOST {body}"
    assert dataset.fetched_at.startswith("20") and dataset.source == "FHI" and dataset.table_id == "123"
    assert json.loads(capsys.readouterr().out)["figures"] == dataset.figures.count()


def test_a_row_and_a_column_go_after_a_single_one(world: World) -> None:
    """Regression: with one row at position 0, the next row was given position 0 again."""
    client = staff(world, "owner")
    matrix = services.matrix_create(actor=world.owner, process=world.process, title="M", columns=["A"], rows=["R"])
    assert client.post(f"/matrices/{matrix.pk}/", {"add": "row", "row-name": "S"}).status_code == 302
    assert client.post(f"/matrices/{matrix.pk}/", {"add": "column", "column-name": "B"}).status_code == 302
    assert [(r.name, r.position) for r in matrix.rows.order_by("position")] == [("R", 0), ("S", 1)]
    assert [(c.name, c.position) for c in matrix.columns.order_by("position")] == [("A", 0), ("B", 1)]
