"""`python -m samskap backup [--output FILE]` and `python -m samskap restore FILE`.

A backup is one .tar.gz: `manifest.json` (format, time, the migrations it was taken at, row
counts per model, the audit chain's head), `data.json` (every row, with natural keys for
content types, so it loads into any fresh database of the same schema, SQLite or PostgreSQL),
and `media/` (uploaded files such as logos).

Restore goes into a new, migrated database (without organisations or accounts), emptied of
what the migrations put there, then in one transaction: the rows are loaded, then
the row counts are compared with the manifest and the audit chain is verified; if either does
not match, nothing stays. The archive is checked before anything is read: only the three
expected kinds of member, no absolute paths or `..`, no links, bounded sizes.

The archive holds everything the database holds, personal and health data included: store it
as the database itself is stored (encrypted, access-controlled, kept as long as the retention
rules allow). See docs/deploy.md.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import shutil
import sys
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import time as dt_time
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

FORMAT = "samskap-backup"
VERSION = 1
# Rows that are transient or rebuilt by migrate: not backed up, not counted.
EXCLUDED = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "core.ratelimitcounter",
    "django_tasks_db",
)
MAX_MEMBER_BYTES = 2 * 1024**3
MAX_MEMBERS = 100_000


class BackupError(Exception):
    """The archive cannot be restored; the message says why."""


@dataclass(frozen=True)
class RestoreReport:
    rows: int
    media_files: int
    audit_entries: int


def _included_models() -> list[Any]:
    from django.apps import apps

    models = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if any(label == excluded or label.split(".")[0] == excluded for excluded in EXCLUDED):
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        models.append(model)
    return models


def _counts() -> dict[str, int]:
    return {model._meta.label_lower: model._default_manager.count() for model in _included_models()}


def _migrations() -> dict[str, str]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def backup_create(output: Path) -> dict[str, Any]:
    """Write the backup to `output`; return its manifest."""
    from django.conf import settings

    from samskap.core.models import AuditChainHead

    data = io.StringIO()
    _dump(data)
    head = AuditChainHead.objects.filter(pk=1).first()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "migrations": _migrations(),
        "counts": _counts(),
        "audit": {"seq": head.seq if head else 0, "hash": head.last_hash if head else ""},
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(output, "w:gz") as archive:
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
        _add_bytes(archive, "data.json", data.getvalue().encode())
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    archive.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}", recursive=False)
    return manifest


class _ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's own encoder cuts them to milliseconds, which would
    change the audit entries' hashed fields."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | dt_time):
            return o.isoformat()
        return super().default(o)


def _dump(out: io.StringIO) -> None:
    """Every included row as the JSON `loaddata` reads, models in dependency order, content
    types by natural key (ids differ between databases)."""
    from django.apps import apps
    from django.core import serializers

    by_app: dict[Any, list[Any]] = {}
    for model in _included_models():
        by_app.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    ordered = serializers.sort_dependencies(list(by_app.items()), allow_cycles=True)
    out.write("[")
    first = True
    for model in ordered:
        rows = model._default_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000)
        while batch := list(itertools.islice(rows, 2000)):
            for record in serializers.serialize("python", batch, use_natural_foreign_keys=True):
                out.write("" if first else ",\n")
                out.write(json.dumps(record, cls=_ExactEncoder, ensure_ascii=False))
                first = False
    out.write("]\n")


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(content))


def _checked_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = archive.getmembers()
    if len(members) > MAX_MEMBERS:
        raise BackupError("the archive has too many files")
    for member in members:
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise BackupError(f"unsafe path in the archive: {member.name!r}")
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"links and devices are not allowed in the archive: {member.name!r}")
        if member.isfile() and member.size > MAX_MEMBER_BYTES:
            raise BackupError(f"a file in the archive is too large: {member.name!r}")
        if member.name not in ("manifest.json", "data.json") and path.parts[0] != "media":
            raise BackupError(f"unexpected file in the archive: {member.name!r}")
    names = {m.name for m in members}
    if not {"manifest.json", "data.json"} <= names:
        raise BackupError("this is not a Samskap backup (manifest.json or data.json missing)")
    return members


def _read(archive: tarfile.TarFile, name: str) -> bytes:
    extracted = archive.extractfile(name)
    if extracted is None:
        raise BackupError(f"{name} cannot be read")
    return extracted.read()


def backup_restore(source: Path) -> RestoreReport:
    """Load a backup into this (empty, migrated) database and media folder, all or nothing."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from samskap.core.audit import audit_verify
    from samskap.core.models import AuditEntry

    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 (closed by the with block below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"not a readable .tar.gz archive: {error}") from None
    with archive:
        try:
            members = _checked_members(archive)
        except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
            raise BackupError(f"the archive is damaged: {error}") from None
        try:
            manifest = json.loads(_read(archive, "manifest.json"))
        except ValueError:
            raise BackupError("manifest.json is not JSON") from None
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise BackupError("this is not a Samskap backup of a version this release reads")
        if manifest.get("migrations") != _migrations():
            raise BackupError(
                "the backup was taken at other migrations than this database has; "
                "restore it with the release that made it, then upgrade"
            )
        from samskap.core.models import Organisation, User

        if Organisation.objects.exists() or User.objects.exists():
            raise BackupError("the database is not empty; restore into a new, migrated database")
        # What migrations put in a new database (consent texts, built-in templates and
        # methods) is in the backup too, with the ids it had: start from no rows at all.
        call_command("flush", interactive=False, verbosity=0)
        with tempfile.TemporaryDirectory() as folder:
            data_path = Path(folder) / "data.json"
            data_path.write_bytes(_read(archive, "data.json"))
            with transaction.atomic():
                call_command("loaddata", str(data_path), verbosity=0)
                counts = _counts()
                if counts != manifest["counts"]:
                    differ = sorted(
                        k for k in set(counts) | set(manifest["counts"]) if counts.get(k) != manifest["counts"].get(k)
                    )
                    raise BackupError(f"row counts differ from the manifest in {', '.join(differ)}")
                verified = audit_verify()
                if not verified.ok:
                    raise BackupError(
                        f"the audit chain does not verify at entry {verified.broken_seq}: {verified.reason}"
                    )
                media_root = Path(settings.MEDIA_ROOT)
                media_files = 0
                for member in members:
                    if member.isfile() and member.name.startswith("media/"):
                        target = media_root / PurePosixPath(member.name).relative_to("media")
                        target.parent.mkdir(parents=True, exist_ok=True)
                        extracted = archive.extractfile(member)
                        if extracted is None:
                            raise BackupError(f"{member.name} cannot be read")
                        with target.open("wb") as out:
                            shutil.copyfileobj(extracted, out)
                        media_files += 1
    return RestoreReport(rows=sum(counts.values()), media_files=media_files, audit_entries=AuditEntry.objects.count())


def run_backup(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m samskap backup", description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, help="where to write the .tar.gz (default var/backups/…)")
    args = parser.parse_args(argv)
    from django.conf import settings

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    output = args.output or Path(settings.BASE_DIR) / "var" / "backups" / f"samskap-{stamp}.tar.gz"
    manifest = backup_create(output)
    print(json.dumps({"backup": str(output), "rows": sum(manifest["counts"].values()), "audit": manifest["audit"]}))
    return 0


def run_restore(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m samskap restore", description=__doc__.split("\n\n")[1])
    parser.add_argument("archive", type=Path)
    args = parser.parse_args(argv)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    try:
        report = backup_restore(args.archive)
    except BackupError as error:
        print(f"restore refused, nothing changed: {error}", file=sys.stderr)
        return 2
    print(json.dumps({"restored": str(args.archive), **report.__dict__}))
    return 0
