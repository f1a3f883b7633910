"""Registry of `python -m samskap` tools. Each tool is a function taking its
argument list and returning an exit status."""

from __future__ import annotations

import os
from collections.abc import Callable


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samskap.settings")
    import django
    from django.apps import apps

    # Only once: django.setup() also reconfigures logging, which would rebind the console
    # handler to whatever sys.stderr is at that moment (a test's captured stream, say).
    if not apps.ready:
        django.setup()


def _agreement(argv: list[str]) -> int:
    from samskap.cli.agreement import run

    return run(argv)


def _audit(argv: list[str]) -> int:
    _setup_django()
    from samskap.cli.audit import run

    return run(argv)


def _backup(argv: list[str]) -> int:
    _setup_django()
    from samskap.cli.backup import run_backup

    return run_backup(argv)


def _restore(argv: list[str]) -> int:
    _setup_django()
    from samskap.cli.backup import run_restore

    return run_restore(argv)


def _two_factor_reset(argv: list[str]) -> int:
    _setup_django()
    from samskap.cli.two_factor import run

    return run(argv)


def _demo(argv: list[str]) -> int:
    _setup_django()
    from samskap.cli.demo import run

    return run(argv)


def _compilemessages(argv: list[str]) -> int:
    from samskap.cli.messages import run

    return run(argv)


def _spc(argv: list[str]) -> int:
    from samskap.cli.spc import run

    return run(argv)


def _import_statistics(argv: list[str]) -> int:
    _setup_django()
    from samskap.cli.import_statistics import run

    return run(argv)


def _matching(argv: list[str]) -> int:
    from samskap.cli.matching import run

    return run(argv)


def _opinion(argv: list[str]) -> int:
    from samskap.cli.opinion import run

    return run(argv)


def _pii(argv: list[str]) -> int:
    from samskap.cli.pii import run

    return run(argv)


def _retention(argv: list[str]) -> int:
    _setup_django()
    from samskap.cli.retention import run

    return run(argv)


def _seating(argv: list[str]) -> int:
    from samskap.cli.seating import run

    return run(argv)


def _statistics(argv: list[str]) -> int:
    from samskap.cli.statistics import run

    return run(argv)


def _themes(argv: list[str]) -> int:
    from samskap.cli.themes import run

    return run(argv)


Tool = Callable[[list[str]], int]
TOOLS: dict[str, tuple[Tool, str]] = {
    "agreement": (
        _agreement,
        "Cohen's kappa, Krippendorff's alpha and disagreements of coders from a JSON file of coded "
        "segments: agreement FILE.json",
    ),
    "audit": (_audit, "verify the audit log's hash chain: audit verify"),
    "backup": (_backup, "write every row and uploaded file to one .tar.gz: backup [--output FILE]"),
    "restore": (
        _restore,
        "load a backup into a new database, checking row counts and the audit chain: restore FILE",
    ),
    "demo": (_demo, "load demo data modelled on the five cases (--if-empty to skip when data exists)"),
    "compilemessages": (_compilemessages, "compile the translation catalogues (.po → .mo)"),
    "import-statistics": (
        _import_statistics,
        "import a statistics table into an organisation from a file or, with network, an SSB/SCB/FHI/Kolada "
        "address: import-statistics --organisation SLUG --actor EMAIL (FILE | --url URL [--body JSON])",
    ),
    "matching": (
        _matching,
        "form camp teams from a CSV of people (id, role, mode, preferences, group): "
        "matching FILE --team-size 5 [--json]",
    ),
    "opinion": (_opinion, "opinion groups of a Pol.is open-data export folder: opinion DIR [--json]"),
    "pii": (
        _pii,
        "find personal data in UTF-8 text on stdin as JSON spans, or pseudonymise it: "
        "pii --lang nb|nn|sv|en [--redact] [--jsonl] < text.txt",
    ),
    "seating": (
        _seating,
        "seat people at dialogue tables, rotating between rounds, from a CSV (id, role, mode): "
        "seating FILE --rounds 3 [--json]",
    ),
    "retention": (_retention, "delete what has passed its retention date, print a JSON report: retention [--dry-run]"),
    "spc": (_spc, "run or control chart of a CSV series (x, y[, n]): spc INPUT.csv --chart i"),
    "statistics": (
        _statistics,
        "read an SSB/SCB/FHI JSON-stat 2, PxWeb CSV, Kolada JSON or FHI csv2 table: "
        "statistics FILE [--per 1000 --population FILE] [--json]",
    ),
    "two-factor-reset": (
        _two_factor_reset,
        "remove a person's authenticator app after a lost phone: two-factor-reset EMAIL --reason TEXT",
    ),
    "themes": (
        _themes,
        "suggest themes for short texts, one per line or a CSV with a text column: themes FILE [--json]",
    ),
}


def main(argv: list[str], tools: dict[str, tuple[Tool, str]]) -> int:
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in tools:
        print("usage: python -m samskap <tool> [args]\n\ntools:")
        for name, (_tool, summary) in sorted(tools.items()):
            print(f"  {name:<16} {summary}")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    tool, _summary = tools[argv[0]]
    return tool(argv[1:])
