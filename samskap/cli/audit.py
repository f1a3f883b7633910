from __future__ import annotations

import argparse

from samskap.core.audit import audit_verify


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m samskap audit")
    parser.add_argument("command", choices=["verify"])
    parser.parse_args(argv)
    result = audit_verify()
    if result.ok:
        print(f"Audit log intact: {result.checked} entries verified.")
        return 0
    print(
        f"Audit log broken at entry {result.broken_seq}: {result.reason}. {result.checked} entries before it verified."
    )
    return 1
