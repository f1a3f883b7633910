"""`python -m samskap backup` and `restore`: a round trip loses nothing (row counts and the
audit chain checked), and a bad archive changes nothing."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from samskap.cli.backup import BackupError, _counts, backup_create, backup_restore
from samskap.core.audit import audit_verify
from samskap.core.models import AuditEntry, Organisation
from tests.conftest import build_world


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "logos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "logos" / "tromvik.png").write_bytes(b"\x89PNG\r\n\x1a\n logo")
    return Path(settings.MEDIA_ROOT)


def _empty_new_database() -> None:
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)  # as a new database: migrations put their rows in


def test_a_round_trip_loses_nothing(transactional_db: None, tmp_path: Path, media: Path) -> None:
    build_world()
    archive = tmp_path / "backup.tar.gz"
    manifest = backup_create(archive)
    before = _counts()
    assert manifest["counts"] == before
    assert before["core.auditentry"] > 0
    head = AuditEntry.objects.order_by("-seq").first()
    assert head is not None

    _empty_new_database()
    (media / "logos" / "tromvik.png").unlink()
    report = backup_restore(archive)

    assert _counts() == before
    assert report.rows == sum(before.values())
    assert report.media_files == 1
    assert (media / "logos" / "tromvik.png").read_bytes().endswith(b"logo")
    assert audit_verify().ok
    restored_head = AuditEntry.objects.order_by("-seq").first()
    assert restored_head is not None
    assert (restored_head.seq, restored_head.hash) == (head.seq, head.hash)
    # New writes continue the chain and the tables' id sequences.
    build_again = Organisation.objects.create(slug="ny", name="Ny kommune", kind="municipality", country="NO")
    assert build_again.pk > max(Organisation.objects.exclude(pk=build_again.pk).values_list("pk", flat=True))


def test_restore_refuses_a_database_with_data(transactional_db: None, tmp_path: Path, media: Path) -> None:
    build_world()
    archive = tmp_path / "backup.tar.gz"
    backup_create(archive)
    before = _counts()
    with pytest.raises(BackupError, match="not empty"):
        backup_restore(archive)
    assert _counts() == before


def _archive(tmp_path: Path, members: dict[str, bytes], link: str | None = None) -> Path:
    path = tmp_path / "hostile.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        if link:
            info = tarfile.TarInfo(link)
            info.type = tarfile.SYMTYPE
            info.linkname = "/etc/passwd"
            archive.addfile(info)
    return path


MANIFEST = json.dumps({"format": "samskap-backup", "version": 1}).encode()


@pytest.mark.parametrize(
    ("members", "link", "message"),
    [
        ({"manifest.json": MANIFEST, "data.json": b"[]", "../escape.txt": b"x"}, None, "unsafe path"),
        ({"manifest.json": MANIFEST, "data.json": b"[]", "/etc/cron.d/x": b"x"}, None, "unsafe path"),
        ({"manifest.json": MANIFEST, "data.json": b"[]"}, "media/evil", "links"),
        ({"manifest.json": MANIFEST, "data.json": b"[]", "run.sh": b"x"}, None, "unexpected file"),
        ({"data.json": b"[]"}, None, "not a Samskap backup"),
        ({"manifest.json": b"{", "data.json": b"[]"}, None, "not JSON"),
        ({"manifest.json": b"{}", "data.json": b"[]"}, None, "not a Samskap backup"),
        ({"manifest.json": MANIFEST, "data.json": b"[]"}, None, "other migrations"),
    ],
)
def test_a_hostile_or_foreign_archive_is_refused(
    db: None, tmp_path: Path, members: dict[str, bytes], link: str | None, message: str
) -> None:
    build_world()
    before = _counts()
    with pytest.raises(BackupError, match=message):
        backup_restore(_archive(tmp_path, members, link))
    assert _counts() == before


def test_a_damaged_file_is_refused(db: None, tmp_path: Path) -> None:
    path = tmp_path / "damaged.tar.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    with pytest.raises(BackupError):
        backup_restore(path)


def test_counts_that_do_not_match_the_manifest_leave_nothing(
    transactional_db: None, tmp_path: Path, media: Path
) -> None:
    build_world()
    archive = tmp_path / "backup.tar.gz"
    backup_create(archive)
    with tarfile.open(archive, "r:gz") as source:
        manifest = json.loads(source.extractfile("manifest.json").read())  # type: ignore[union-attr]
        data = source.extractfile("data.json").read()  # type: ignore[union-attr]
    manifest["counts"]["core.organisation"] += 1
    tampered = _archive(tmp_path, {"manifest.json": json.dumps(manifest).encode(), "data.json": data})
    _empty_new_database()
    with pytest.raises(BackupError, match=r"core\.organisation"):
        backup_restore(tampered)
    assert not Organisation.objects.exists()
