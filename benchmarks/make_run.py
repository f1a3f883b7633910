"""Wall time of `make run` from a fresh clone: first run (set-up included) and second run.

Clones this repository into a temporary folder, runs `make run` on a free port, and stops
it as soon as the front page answers 200. Prints one JSON object on its last line.

    python benchmarks/make_run.py [--cold]
"""

from __future__ import annotations

import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_SECONDS = 900


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def time_make_run(checkout: Path, env: dict[str, str]) -> float:
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=checkout,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=env,
    )
    try:
        while time.monotonic() - started < TIMEOUT_SECONDS:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    if response.status == 200:
                        return time.monotonic() - started
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("make run did not answer in time")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()


def main() -> int:
    # --cold: no pip or npm cache, as on a machine that never installed Samskap.
    cold = "--cold" in sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        if cold:
            env.update(PIP_NO_CACHE_DIR="1", npm_config_cache=str(Path(tmp) / "npm-cache"))
        checkout = Path(tmp) / "samskap"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(checkout)], check=True)
        first = time_make_run(checkout, env)
        second = time_make_run(checkout, env)
    result = {
        "benchmark": "make_run",
        "caches": "cold" if cold else "warm",
        "first_run_seconds": round(first, 1),
        "second_run_seconds": round(second, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
