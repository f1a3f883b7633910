"""`python -m samskap retention [--dry-run]`: delete what has passed its retention date and
print what was deleted as one JSON object. Run it daily (a systemd timer or cron)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m samskap retention", description=__doc__)
    parser.add_argument("--dry-run", action="store_true", help="count what is due without deleting it")
    args = parser.parse_args(argv)
    from samskap.insight.services import insight_retention_apply

    report = insight_retention_apply(dry_run=args.dry_run)
    print(json.dumps({"retention": asdict(report)}))
    return 0
