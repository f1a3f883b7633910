"""Fuzz tests of the uploaded-transcript reader and of the upload page: whatever the bytes, the
reader returns text or refuses with a message, and a refused upload saves nothing."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samskap.insight.models import Source
from samskap.insight.uploads import UploadError, transcript_text
from tests.conftest import World

WORD = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _read(data: bytes) -> None:
    try:
        text = transcript_text(data)
    except UploadError as refused:
        assert str(refused)  # a message for the person
    else:
        assert isinstance(text, str) and text


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4096))
def test_any_bytes_give_text_or_a_message(data: bytes) -> None:
    _read(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_anything_that_claims_to_be_a_zip_gives_text_or_a_message(tail: bytes) -> None:
    _read(b"PK\x03\x04" + tail)


def _docx(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


xml_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=400)
member_names = st.one_of(
    st.just("word/document.xml"),
    st.sampled_from(["../../evil", "/abs", "C:evil", "word/../../x", "[Content_Types].xml"]),
    # zipfile itself cannot write a name that holds NUL (it cuts the name there).
    st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]), min_size=1, max_size=30),
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(member_names, st.binary(max_size=512), min_size=1, max_size=5))
def test_any_zip_members_give_text_or_a_message(members: dict[str, bytes]) -> None:
    _read(_docx(members))


@settings(max_examples=200, deadline=None)
@given(xml_text)
def test_any_document_xml_gives_text_or_a_message(body: str) -> None:
    _read(_docx({"word/document.xml": body.encode()}))
    wrapped = f"<w:document {WORD}><w:body><w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body></w:document>"
    _read(_docx({"word/document.xml": wrapped.encode()}))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=1, max_size=1024).filter(lambda b: b[:4] != b"PK\x03\x04"))
def test_a_bad_upload_on_the_page_saves_nothing(world: World, data: bytes) -> None:
    client = Client()
    client.force_login(world.owner)
    before = Source.objects.count()
    response = client.post(
        f"/processes/{world.process.pk}/insight/sources/new/?kind=interview",
        {
            "title": "Intervju",
            "language": "nb",
            "person_category": "service_user",
            "held_on": "2026-10-01",
            "consent_purpose": "Innsikt",
            "consent_version": "1",
            "consent_given_on": "2026-10-01",
            "text": "",
            "upload": SimpleUploadedFile("x.txt", data),
        },
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert Source.objects.count() == before
    else:
        assert Source.objects.count() == before + 1
