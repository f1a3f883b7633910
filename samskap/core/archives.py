"""Opening an uploaded ZIP archive (a .docx, an office file) only after checking it: how many
members, how large unpacked, how far each is compressed, and that no member name could
point outside a folder. Callers turn the problem into a message in their own words."""

from __future__ import annotations

import enum
import io
import zipfile


class ZipProblem(enum.Enum):
    DAMAGED = "damaged"
    TOO_MANY_MEMBERS = "too_many_members"
    UNSAFE_NAME = "unsafe_name"
    TOO_COMPRESSED = "too_compressed"
    TOO_LARGE_UNPACKED = "too_large_unpacked"


class ZipRefused(Exception):
    def __init__(self, problem: ZipProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def checked_zip(data: bytes, *, max_members: int, max_unpacked: int, max_ratio: int) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ZipRefused(ZipProblem.DAMAGED) from None
    if len(members) > max_members:
        raise ZipRefused(ZipProblem.TOO_MANY_MEMBERS)
    unpacked = 0
    for member in members:
        name = member.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
            raise ZipRefused(ZipProblem.UNSAFE_NAME)
        unpacked += member.file_size
        if member.compress_size and member.file_size / member.compress_size > max_ratio:
            raise ZipRefused(ZipProblem.TOO_COMPRESSED)
    if unpacked > max_unpacked:
        raise ZipRefused(ZipProblem.TOO_LARGE_UNPACKED)
    return archive
