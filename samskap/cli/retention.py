"""`python -m samskap retention [--dry-run]`: delete what has passed its retention date and
print what was deleted as one JSON object. Run it daily (a systemd timer or cron).

Insight: originals 30 days after release, sources after five years (desk research ten).
Events: names, addresses and needs 90 days after the event ended. The audit log: entries
older than SAMSKAP_AUDIT_LOG_RETENTION_DAYS (five years by default). A process on legal hold
keeps everything."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import timedelta


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m samskap retention", description=__doc__)
    parser.add_argument("--dry-run", action="store_true", help="count what is due without deleting it")
    args = parser.parse_args(argv)
    from django.conf import settings
    from django.utils import timezone

    from samskap.core.audit import audit_prune
    from samskap.events.services import events_retention_apply
    from samskap.insight.services import insight_retention_apply

    insight = insight_retention_apply(dry_run=args.dry_run)
    events = events_retention_apply(dry_run=args.dry_run)
    cutoff = timezone.now() - timedelta(days=settings.AUDIT_LOG_RETENTION_DAYS)
    audit_deleted = audit_prune(before=cutoff, dry_run=args.dry_run)
    report = {
        "retention": asdict(insight),
        "events": asdict(events),
        "audit_log": {"entries_deleted": audit_deleted, "before": cutoff.isoformat(), "dry_run": args.dry_run},
    }
    print(json.dumps(report))
    return 0
