"""Turning an uploaded transcript into text, defensively.

A .docx is a ZIP archive: it is checked before anything is read from it (member count,
total unpacked size, compression ratio, member names), and its XML is parsed with
`defusedxml`, which refuses DTDs, entity expansion and external references. Anything
else than plain text or a Word document is refused by its content, not its name.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samskap.core.archives import ZipProblem, ZipRefused, checked_zip

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_DOCX_MEMBERS = 500
MAX_DOCX_UNPACKED = 60 * 1024 * 1024
MAX_DOCX_RATIO = 200
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class UploadError(Exception):
    message: str | Promise

    def __str__(self) -> str:
        return str(self.message)


DOCX_PROBLEMS = {
    ZipProblem.DAMAGED: _("The Word document is damaged and cannot be read."),
    ZipProblem.TOO_MANY_MEMBERS: _("The Word document holds too many parts to be a transcript."),
    ZipProblem.UNSAFE_NAME: _("The Word document holds a file with an unsafe name."),
    ZipProblem.TOO_COMPRESSED: _("The Word document unpacks to far more than its size: it is refused."),
    ZipProblem.TOO_LARGE_UNPACKED: _("The Word document unpacks to more than 60 MB: it is refused."),
}


def _checked_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return checked_zip(data, max_members=MAX_DOCX_MEMBERS, max_unpacked=MAX_DOCX_UNPACKED, max_ratio=MAX_DOCX_RATIO)
    except ZipRefused as refused:
        raise UploadError(DOCX_PROBLEMS[refused.problem]) from None


def docx_text(data: bytes) -> str:
    """The text of a Word document's body, one line per paragraph."""
    archive = _checked_zip(data)
    try:
        with archive.open("word/document.xml") as handle:
            xml = handle.read(MAX_DOCX_UNPACKED + 1)
    except KeyError as exc:
        raise UploadError(_("This is a ZIP archive but not a Word document.")) from exc
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadError(_("The Word document is damaged and cannot be read.")) from exc
    try:
        root = ElementTree.fromstring(xml)
    except (DefusedXmlException, ElementTree.ParseError) as exc:
        raise UploadError(_("The Word document's content is not safe or not well formed.")) from exc
    paragraphs: list[str] = []
    for paragraph in root.iter(f"{WORD_NS}p"):
        pieces: list[str] = []
        for node in paragraph.iter():
            if node.tag == f"{WORD_NS}t" and node.text:
                pieces.append(node.text)
            elif node.tag == f"{WORD_NS}tab":
                pieces.append("\t")
            elif node.tag in (f"{WORD_NS}br", f"{WORD_NS}cr"):
                pieces.append("\n")
        paragraphs.append("".join(pieces))
    return "\n".join(paragraphs).strip()


def plain_text(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark) or, failing that, Windows-1252, which is
    what older Norwegian and Swedish word processors save. Binary content is refused."""
    if b"\x00" in data[:8192]:
        raise UploadError(_("This file is not plain text."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise UploadError(_("The text's character encoding is not recognised; save it as UTF-8.")) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def transcript_text(data: bytes) -> str:
    """The text of an uploaded transcript (.txt or .docx, told apart by content)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError(_("The file is larger than 5 MB."))
    if not data.strip():
        raise UploadError(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        text = docx_text(data)
    elif data[:5] == b"%PDF-" or data[:4] in (b"\xd0\xcf\x11\xe0", b"\x89PNG") or data[:3] == b"\xff\xd8\xff":
        raise UploadError(_("Upload the transcript as a .txt or .docx file."))
    else:
        text = plain_text(data)
    if not text:
        raise UploadError(_("The file holds no text."))
    return text
