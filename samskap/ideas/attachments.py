"""What files an idea may carry, told by their bytes rather than their names: PDF, PNG, JPEG,
Office Open XML and OpenDocument files (checked as ZIP archives before anything trusts them:
member count, unpacked size, compression ratio, member names), and plain UTF-8 text."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from samskap.core.archives import ZipProblem, ZipRefused, checked_zip

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ZIP_MEMBERS = 2000
MAX_ZIP_UNPACKED = 200 * 1024 * 1024
MAX_ZIP_RATIO = 200

OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}
ODF = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}


@dataclass
class AttachmentRefused(Exception):
    message: str | Promise

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str


ZIP_PROBLEMS = {
    ZipProblem.DAMAGED: _("The file is damaged and cannot be read."),
    ZipProblem.TOO_MANY_MEMBERS: _("The file holds too many parts."),
    ZipProblem.UNSAFE_NAME: _("The file holds a part with an unsafe name."),
    ZipProblem.TOO_COMPRESSED: _("The file unpacks to far more than its size: it is refused."),
    ZipProblem.TOO_LARGE_UNPACKED: _("The file unpacks to far more than its size: it is refused."),
}


def _zip_kind(data: bytes) -> Kind:
    try:
        archive = checked_zip(data, max_members=MAX_ZIP_MEMBERS, max_unpacked=MAX_ZIP_UNPACKED, max_ratio=MAX_ZIP_RATIO)
    except ZipRefused as refused:
        raise AttachmentRefused(ZIP_PROBLEMS[refused.problem]) from None
    members = archive.infolist()
    names = [m.filename for m in members]
    if "[Content_Types].xml" in names:
        for prefix, (content_type, extension) in OOXML.items():
            if any(n.startswith(prefix) for n in names):
                return Kind(content_type, extension)
    if names and names[0] == "mimetype":
        try:
            mimetype = archive.read("mimetype")[:100].decode("ascii").strip()
        except (KeyError, UnicodeDecodeError, zipfile.BadZipFile, OSError, ValueError):
            mimetype = ""
        if mimetype in ODF:
            return Kind(mimetype, ODF[mimetype])
    raise AttachmentRefused(_("This kind of file cannot be attached. Use PDF, an image, an office document or text."))


def attachment_kind(data: bytes) -> Kind:
    """The kind of an uploaded file, or `AttachmentRefused` with a message for the person."""
    if not data:
        raise AttachmentRefused(_("The file is empty."))
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise AttachmentRefused(_("The file is larger than 10 MB."))
    if data.startswith(b"%PDF-"):
        return Kind("application/pdf", ".pdf")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind("image/png", ".png")
    if data.startswith(b"\xff\xd8\xff"):
        return Kind("image/jpeg", ".jpg")
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if b"\x00" not in data:
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        else:
            return Kind("text/plain; charset=utf-8", ".txt")
    raise AttachmentRefused(_("This kind of file cannot be attached. Use PDF, an image, an office document or text."))
