"""Server time of a learning network's small-multiples page: 15 municipalities × 6 shared
measures × 104 weekly points (9,360 observations, 90 charts computed and drawn).

Builds the network in a throwaway SQLite database through the services, then requests the
page through Django's test client (routing, middleware, selectors, SPC engine, SVG,
templates — everything but the network) and reports the median and the worst of the timed
requests, and the number of SQL queries per request. Prints one JSON object on its last line.

    python benchmarks/network_page.py [--municipalities 15] [--measures 6] [--points 104] [--repeat 20]
    scripts/with-postgres.sh .venv/bin/python benchmarks/network_page.py   # on a throwaway PostgreSQL
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MS = 300.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--municipalities", type=int, default=15)
    parser.add_argument("--measures", type=int, default=6)
    parser.add_argument("--points", type=int, default=104)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="samskap-bench-")
    os.environ["SAMSKAP_SQLITE_PATH"] = str(Path(workdir) / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samskap.settings_test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    network, owner = build(args.municipalities, args.measures, args.points)

    client = Client()
    client.force_login(owner)
    url = f"/improvement/networks/{network.pk}/charts/"
    response = client.get(url)  # warm up: templates compiled, caches filled
    assert response.status_code == 200, response.status_code
    charts = response.content.decode().count("<svg")
    queries: list[str] = []

    def count_query(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count_query):
        client.get(url)
    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)

    median = statistics.median(timings)
    print(f"network page: {args.municipalities} municipalities × {args.measures} measures × {args.points} points")
    print(f"  {charts} charts, {len(queries)} SQL queries, {len(response.content) / 1024:.0f} KiB of HTML")
    print(
        f"  median {median:.1f} ms, best {min(timings):.1f} ms, worst {max(timings):.1f} ms (budget {BUDGET_MS:.0f} ms)"
    )
    result = {
        "benchmark": "network_page",
        "database": connection.vendor,
        "municipalities": args.municipalities,
        "measures": args.measures,
        "points": args.points,
        "charts": charts,
        "sql_queries": len(queries),
        "html_kib": round(len(response.content) / 1024),
        "repeat": args.repeat,
        "median_ms": round(median, 1),
        "best_ms": round(min(timings), 1),
        "worst_ms": round(max(timings), 1),
        "budget_ms": BUDGET_MS,
        "within_budget": median < BUDGET_MS,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    print(json.dumps(result))
    return 0


def build(municipalities: int, measures: int, points: int) -> tuple[object, object]:
    from samskap.core.models import Role
    from samskap.core.services import membership_grant, organisation_create, user_create
    from samskap.improvement import services
    from samskap.improvement.csv_import import ParsedRow
    from samskap.processes.services import process_create

    rng = random.Random(104)
    owner = user_create(email="bench@samskap.example", full_name="Bench", password=None)
    hub = organisation_create(
        actor=None, slug="nettverk", name="Nettverk", kind="learning_network", country="NO", default_language="nn"
    )
    membership_grant(actor=None, organisation=hub, user=owner, role=Role.OWNER)
    members = [
        organisation_create(
            actor=None,
            slug=f"kommune-{k}",
            name=f"Kommune {k:02d}",
            kind="municipality",
            country="NO",
            default_language="nn",
        )
        for k in range(municipalities)
    ]
    process = process_create(actor=owner, organisation=hub, partners=members, title="Nettverk", kind="learning_network")
    network = services.network_create(actor=owner, process=process)
    kinds = ["measurement", "proportion", "count"]
    shared = [
        services.measure_create(
            actor=owner,
            network=network,
            title=f"Mål {m + 1}",
            kind="process",
            value_kind=kinds[m % 3],
            improvement="increase",
            target=50.0,
            frequency="weekly",
        )
        for m in range(measures)
    ]
    first = dt.date(2024, 1, 1)
    for k, organisation in enumerate(members):
        team = services.team_create(actor=owner, network=network, organisation=organisation, name=f"Team {k}")
        project = services.project_create(actor=owner, team=team, title=f"Prosjekt {k}", aim="Betre tenester")
        for measure in shared:
            adopted = services.measure_adopt(actor=owner, project=project, shared=measure)
            rows = []
            for p in range(points):
                shift = 8 if p > points // 2 else 0
                if measure.value_kind == "proportion":
                    n = rng.randint(20, 60)
                    value = min(n, max(0, round(n * (0.4 + shift / 40) + rng.gauss(0, 3))))
                    rows.append(ParsedRow(p + 2, first + dt.timedelta(weeks=p), float(value), float(n)))
                else:
                    value = max(0.0, round(rng.gauss(20 + shift, 4), 1))
                    rows.append(ParsedRow(p + 2, first + dt.timedelta(weeks=p), value, None))
            services.observations_import(actor=owner, measure=adopted, rows=rows)
            services.chart_break_add(
                actor=owner,
                measure=adopted,
                kind="phase",
                period=first + dt.timedelta(weeks=points // 2 + 1),
                reason="Endring",
            )
    return network, owner


if __name__ == "__main__":
    raise SystemExit(main())
