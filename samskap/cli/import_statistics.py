"""`python -m samskap import-statistics`: import a statistics table into an organisation's
library, from a file or — where the server has network access — straight from SSB's or SCB's
PxWebApi v2 (GET), FHI's open API (POST with `--body`) or Kolada (GET). The address, the body
and the fetch time are kept as the table's provenance. Prints the new table as one JSON object.

Examples:
  python -m samskap import-statistics --organisation drammen --actor anne@example.no \\
      --url 'https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=no&outputformat=json-stat2&…' \\
      --kind population
  python -m samskap import-statistics --organisation drammen --actor anne@example.no \\
      --url https://statistikk-data.fhi.no/api/open/v1/nokkel/Table/123/data \\
      --body '{"dimensions":[…],"response":{"format":"json-stat2"}}' --source FHI --table-id 123
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024
TIMEOUT_SECONDS = 60


def fetch(url: str, body: str | None) -> bytes:
    """The response body of a GET (or a POST of `body` as JSON), at most 10 MB."""
    if not url.startswith("https://"):
        raise ValueError("the address must start with https://")
    data = body.encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - https only, checked above
        url,
        data=data,
        method="POST" if data is not None else "GET",
        headers={"Content-Type": "application/json", "Accept": "application/json, text/csv;q=0.9, */*;q=0.5"},
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        content: bytes = response.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise ValueError("the response is larger than 10 MB")
    return content


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m samskap import-statistics",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", nargs="?", help="a JSON-stat 2, PxWeb CSV, Kolada JSON or FHI csv2 file")
    parser.add_argument("--url", help="fetch from this https address instead of a file")
    parser.add_argument("--body", help="JSON to POST to --url (FHI's open API)")
    parser.add_argument("--organisation", required=True, help="the organisation's short name")
    parser.add_argument("--actor", required=True, help="e-mail of the person importing (needs a process-running role)")
    parser.add_argument("--kind", choices=["indicator", "population"], default="indicator")
    parser.add_argument("--counts-people", action="store_true", help="the figures are counts of people")
    parser.add_argument("--title", default="")
    parser.add_argument("--source", default="")
    parser.add_argument("--table-id", default="")
    args = parser.parse_args(argv)
    if bool(args.file) == bool(args.url):
        parser.error("give either a FILE or --url")

    from django.core.exceptions import PermissionDenied, ValidationError

    from samskap.comparison.services import dataset_import
    from samskap.core.models import Organisation, User

    organisation = Organisation.objects.filter(slug=args.organisation).first()
    actor = User.objects.filter(email__iexact=args.actor).first()
    if organisation is None or actor is None:
        print("error: no such organisation or person", file=sys.stderr)
        return 2
    query = ""
    fetched_at = ""
    try:
        if args.url:
            data = fetch(args.url, args.body)
            query = args.url + (f"\nPOST {args.body}" if args.body else "")
            fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
            name = args.url.rsplit("/", 1)[-1][:100]
        else:
            path = Path(args.file)
            data = path.read_bytes()
            name = path.name
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        dataset = dataset_import(
            actor=actor,
            organisation=organisation,
            data=data,
            file_name=name,
            kind=args.kind,
            counts_people=args.counts_people,
            title=args.title,
            source=args.source,
            table_id=args.table_id,
            query=query,
            fetched_at=fetched_at,
        )
    except PermissionDenied:
        print("error: that person may not import statistics in that organisation", file=sys.stderr)
        return 2
    except ValidationError as error:
        print(f"error: {' '.join(error.messages)}", file=sys.stderr)
        return 2
    print(
        json.dumps(
            {
                "id": dataset.pk,
                "title": dataset.title,
                "source": dataset.source,
                "table_id": dataset.table_id,
                "figures": dataset.figures.count(),
            },
            ensure_ascii=False,
        )
    )
    return 0
