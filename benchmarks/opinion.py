"""Speed, memory and agreement of the opinion-map engine against red-dwarf 0.4.0 on Pol.is exports.

Datasets: four real conversations from compdemocracy/openData (CC BY 4.0, The Computational
Democracy Project; copied into ../shared/data/polis-open-data/, see its README for attribution)
and one synthetic conversation of the largest shape in Pol.is' production database (33,422
participants × 783 statements, 2.0M votes; `benchmarks/synthetic_polis.py`, generated once into
`var/bench/polis-synthetic-33422x783/` and reused while its parameters match).

Each engine runs in its own fresh interpreter per dataset (started through a small launcher
process, so the figure is not inflated by this process's size), and its peak RSS is its own
`ru_maxrss` from `os.wait4`, interpreter and imports included:

- ours: `samskap.analysis.opinion.read_polis_export(dir)` (timed as parse), then
  `compute_export(export, seed=0)` (timed as compute: what the command line runs, with Pol.is'
  early clustered set replayed from the vote order, then `opinion_compute`);
- red-dwarf: the CSVs parsed here with pandas (votes.csv with re-votes removed, the latest kept;
  bowling-green has no votes.csv, so its final votes come from participants-votes.csv), one vote
  dict per final vote, moderated-out = `moderated == -1` or `is-meta` true (timed as parse), then
  `reddwarf.implementations.polis.run_pipeline(votes=..., mod_out_statement_ids=..., random_state=0)`
  (timed as compute).

Compute seconds are the median of `--repeat` calls (3 on the real exports, `--synthetic-repeat`
1 on the synthetic one), measured with plain `time.perf_counter()` (no tracemalloc running),
after one untimed warm-up call of the same engine on the votes of the first 200 participants
(lazy imports, first-call set-up; `--no-warm-up` skips it).
ARI is sklearn's `adjusted_rand_score` against the export's `group-id` (Pol.is' own groups; on the
synthetic export, the latent groups) over the participants both put in a group. For ours only:
an incremental update (the synthetic export less its last `--held-back` votes by timestamp,
computed, then all votes with `state=` the previous result's state; the second call is timed)
and the wall time of `python -m samskap opinion DIR --json` on the synthetic folder. Prints
readable lines, then one JSON object on its last line:

    benchmark        "opinion"
    repeat, synthetic_repeat, held_back, warm_up
    synthetic        {directory, participants, statements, votes, groups, seed, generated (bool),
                      generate_seconds (null when reused)}
    datasets         {name: {directory, participants, statements (participants-votes columns),
                      polis_groups (distinct group-ids), polis_grouped (participants with one),
                      engines: {ours: ENGINE, red_dwarf: ENGINE},
                      ratio (red-dwarf compute seconds / ours, null if either is missing),
                      ratio_with_parse ((parse + compute) / (parse + compute))}}
                     names: the four folder names, and "synthetic"
    ENGINE           {available (bool), error (str | null), votes (final votes it saw),
                      participants, parse_seconds, seconds (median compute), seconds_all,
                      process_seconds (child wall time, imports included), peak_rss_mib,
                      rss_after_import_mib, rss_after_parse_mib, k (groups found),
                      grouped (participants in a group), ari, ari_participants}
    ratios           {name: ratio}
    incremental      {available, error, held_back, base_seconds (compute without the held-back
                      votes), seconds (the update with state=), k, ari (vs group-id),
                      ari_vs_cold (vs ours from scratch on all votes), peak_rss_mib}
    cli              {available, error, command, python, seconds (wall), peak_rss_mib, exit_code, k,
                      ari (its own `compared_with_polis.ari`, when it prints one)}
    versions         {python, numpy, pandas, scikit-learn, red-dwarf}
    machine          {machine, processor, cpu_model, cpu_count, memory_gib, platform}

    PYTHONPATH=. python benchmarks/opinion.py [--repeat 3] [--synthetic-repeat 1]
        [--datasets bg2050-volunteers,synthetic] [--engines ours,red_dwarf] [--no-cli]

Needs red-dwarf (and pandas), kept out of the app's virtualenv: `make bench-opinion`.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "polis-open-data"
REAL_DATASETS = (
    "american-assembly.bowling-green",
    "austria-climate.5twd2jsnkf.2022-08-08",
    "scoop-hivemind.biodiversity",
    "bg2050-volunteers",
)
SYNTHETIC = "synthetic"
ENGINES = ("ours", "red_dwarf")
ENGINE_LABELS = {"ours": "ours", "red_dwarf": "red-dwarf"}
SYNTHETIC_SHAPE = {"participants": 33_422, "statements": 783, "votes": 2_000_000, "groups": 3, "seed": 20261123}
WARM_UP_PARTICIPANTS = 200
SYNTHETIC_FORMAT = 1  # bump when synthetic_polis.py changes what it writes


# ---------------------------------------------------------------------------------------------
# Child processes
# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Measured:
    exit_code: int
    seconds: float
    peak_rss_mib: float
    stdout: str
    stderr: str


# A fresh, small interpreter starts each measured command and reads its rusage. Linux carries
# the RSS high-water mark of the process that forks into the child's `ru_maxrss` across exec, so
# a child started straight from this (by then large) process would report at least our size.
LAUNCHER = """
import json, os, subprocess, sys, threading, time
report, timeout, *cmd = sys.argv[1:]
started = time.perf_counter()
proc = subprocess.Popen(cmd)
timer = threading.Timer(float(timeout), proc.kill)
timer.start()
_, status, usage = os.wait4(proc.pid, 0)
timer.cancel()
seconds = time.perf_counter() - started
proc.returncode = os.waitstatus_to_exitcode(status)
with open(report, "w") as f:
    json.dump({"exit_code": proc.returncode, "seconds": seconds, "maxrss_kib": usage.ru_maxrss}, f)
"""


def run_measured(cmd: Sequence[str], *, cwd: Path, env: dict[str, str] | None, timeout: float) -> Measured:
    """Run `cmd`: its wall time and its own peak RSS (`ru_maxrss` from wait4; KiB on Linux)."""
    with tempfile.TemporaryDirectory(prefix="opinion-bench-") as tmp:
        report = Path(tmp) / "rusage.json"
        out_path, err_path = Path(tmp) / "stdout", Path(tmp) / "stderr"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            subprocess.run(
                [sys.executable, "-S", "-c", LAUNCHER, str(report), str(timeout), *cmd],
                cwd=cwd,
                env=env,
                stdout=out,
                stderr=err,
                check=False,
            )
        stdout = out_path.read_text(encoding="utf-8", errors="replace")
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
        if not report.exists():
            return Measured(exit_code=-1, seconds=0.0, peak_rss_mib=0.0, stdout=stdout, stderr=stderr)
        usage = json.loads(report.read_text(encoding="utf-8"))
        return Measured(
            exit_code=int(usage["exit_code"]),
            seconds=float(usage["seconds"]),
            peak_rss_mib=usage["maxrss_kib"] / 1024.0,
            stdout=stdout,
            stderr=stderr,
        )


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def run_worker(
    task: str, directory: Path, repeat: int, timeout: float, *, held_back: int = 0, warm_up: bool = True
) -> dict[str, Any]:
    """One engine on one dataset in a fresh interpreter; its JSON report plus wall time and RSS."""
    with tempfile.TemporaryDirectory(prefix="opinion-bench-") as tmp:
        result_path = Path(tmp) / "result.json"
        cmd = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            task,
            str(directory),
            str(repeat),
            str(result_path),
            str(held_back),
            "1" if warm_up else "0",
        ]
        measured = run_measured(cmd, cwd=REPO, env=child_env(), timeout=timeout)
        if result_path.exists():
            report: dict[str, Any] = json.loads(result_path.read_text(encoding="utf-8"))
        else:
            tail = (measured.stderr.strip().splitlines() or [f"exit code {measured.exit_code}"])[-1]
            report = {"available": True, "error": f"worker died: {tail}"}
    report["process_seconds"] = round(measured.seconds, 3)
    report["peak_rss_mib"] = round(measured.peak_rss_mib, 1)
    return report


def rss_mib() -> float:
    """This process's RSS high-water mark so far (VmHWM on Linux, else ru_maxrss)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024.0, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)


def timed_calls(call: Any, repeat: int) -> tuple[list[float], Any]:
    seconds: list[float] = []
    result: Any = None
    for _ in range(repeat):
        result = None  # let the previous result go before the next call
        gc.collect()
        started = time.perf_counter()
        result = call()
        seconds.append(time.perf_counter() - started)
    return seconds, result


def worker_ours(directory: Path, repeat: int, warm_up: bool) -> dict[str, Any]:
    try:
        from samskap.analysis.opinion import compute_export, opinion_compute, read_polis_export
    except Exception as error:  # not written yet, or broken mid-edit
        return {"available": False, "error": f"{type(error).__name__}: {error}"}
    report: dict[str, Any] = {"available": True, "error": None, "rss_after_import_mib": rss_mib()}
    started = time.perf_counter()
    export = read_polis_export(directory)
    report["parse_seconds"] = round(time.perf_counter() - started, 4)
    report["rss_after_parse_mib"] = rss_mib()
    votes = export.votes
    report["votes"] = len(votes.value)
    report["participants"] = len(np.unique(votes.participant))
    if warm_up:  # lazy imports and first-call set-up, outside the timing
        first = np.isin(votes.participant, np.unique(votes.participant)[:WARM_UP_PARTICIPANTS])
        with contextlib.suppress(Exception):
            opinion_compute(vote_subset(votes, first), moderated_out=export.moderated_out, seed=0)
    seconds, result = timed_calls(
        lambda: compute_export(export, seed=0),
        repeat,
    )
    report["seconds_all"] = [round(s, 4) for s in seconds]
    report["k"] = int(result.k)
    report["groups"] = {str(p): int(g) for p, g in result.groups.items() if g is not None}
    return report


def parse_for_red_dwarf(directory: Path) -> tuple[list[dict[str, int]], list[int]]:
    """Vote dicts (final votes only) and moderated-out statement ids from an openData folder."""
    import pandas as pd

    comments = pd.read_csv(directory / "comments.csv")
    out = comments["moderated"] == -1
    if "is-meta" in comments.columns:
        out |= comments["is-meta"].astype(str).str.lower().eq("true")
    mod_out = sorted(int(c) for c in comments.loc[out, "comment-id"])

    if (directory / "votes.csv").exists():
        events = pd.read_csv(directory / "votes.csv", usecols=["timestamp", "comment-id", "voter-id", "vote"])
        final = events.sort_values("timestamp", kind="stable").drop_duplicates(["voter-id", "comment-id"], keep="last")
        participant = final["voter-id"].tolist()
        statement = final["comment-id"].tolist()
        value = final["vote"].tolist()
        modified = final["timestamp"].tolist()
    else:  # bowling-green: no votes.csv upstream; the matrix holds the final votes (no timestamps)
        matrix = pd.read_csv(directory / "participants-votes.csv")
        columns = [c for c in matrix.columns if str(c).isdigit()]
        cells = matrix[columns].to_numpy(dtype=float)
        rows, cols = np.nonzero(~np.isnan(cells))
        participant = matrix["participant"].to_numpy()[rows].tolist()
        statement = np.array([int(c) for c in columns])[cols].tolist()
        value = cells[rows, cols].astype(int).tolist()
        modified = [0] * len(value)
    votes = [
        {"participant_id": p, "statement_id": s, "vote": v, "modified": t}
        for p, s, v, t in zip(participant, statement, value, modified, strict=True)
    ]
    return votes, mod_out


def worker_red_dwarf(directory: Path, repeat: int, warm_up: bool) -> dict[str, Any]:
    try:
        import pandas as pd
        from reddwarf.implementations.polis import run_pipeline
    except Exception as error:
        return {"available": False, "error": f"{type(error).__name__}: {error}"}
    report: dict[str, Any] = {"available": True, "error": None, "rss_after_import_mib": rss_mib()}
    started = time.perf_counter()
    votes, mod_out = parse_for_red_dwarf(directory)
    report["parse_seconds"] = round(time.perf_counter() - started, 4)
    report["rss_after_parse_mib"] = rss_mib()
    report["votes"] = len(votes)
    participants = sorted({v["participant_id"] for v in votes})
    report["participants"] = len(participants)
    if warm_up:  # lazy imports and first-call set-up, outside the timing
        first = set(participants[:WARM_UP_PARTICIPANTS])
        with contextlib.suppress(Exception):
            run_pipeline(
                votes=[v for v in votes if v["participant_id"] in first], mod_out_statement_ids=mod_out, random_state=0
            )
    seconds, result = timed_calls(
        lambda: run_pipeline(votes=votes, mod_out_statement_ids=mod_out, random_state=0),
        repeat,
    )
    report["seconds_all"] = [round(s, 4) for s in seconds]
    labels = result.participants_df["cluster_id"]
    groups = {str(int(p)): int(c) for p, c in labels.items() if not pd.isna(c)}
    report["groups"] = groups
    report["k"] = len(set(groups.values()))
    return report


def read_vote_events(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """timestamp, comment-id, voter-id of every row of votes.csv (the datetime has no commas)."""
    ts: list[int] = []
    comment: list[int] = []
    voter: list[int] = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            fields = line.split(",")
            ts.append(int(fields[0]))
            comment.append(int(fields[2]))
            voter.append(int(fields[3]))
    return np.array(ts, dtype=np.int64), np.array(comment, dtype=np.int64), np.array(voter, dtype=np.int64)


def vote_subset(votes: Any, keep: np.ndarray) -> Any:
    """The same kind of VoteTable restricted to the rows where `keep` is true."""
    arrays = {"participant": votes.participant[keep], "statement": votes.statement[keep], "value": votes.value[keep]}
    cls = type(votes)
    if hasattr(cls, "from_arrays"):
        return cls.from_arrays(arrays["participant"], arrays["statement"], arrays["value"])
    if dataclasses.is_dataclass(votes) and not isinstance(votes, type):
        return dataclasses.replace(votes, **arrays)
    return cls(**arrays)


def worker_incremental(directory: Path, held_back: int) -> dict[str, Any]:
    try:
        from samskap.analysis.opinion import opinion_compute, read_polis_export
    except Exception as error:
        return {"available": False, "error": f"{type(error).__name__}: {error}"}
    report: dict[str, Any] = {"available": True, "error": None, "held_back": held_back}
    export = read_polis_export(directory)
    votes = export.votes
    # The pairs of the last `held_back` vote events (the synthetic export has no re-votes).
    ts, comment, voter = read_vote_events(directory / "votes.csv")
    latest = np.argsort(ts, kind="stable")[-held_back:]
    width = int(max(votes.statement.max(), comment.max())) + 1
    held = np.unique(voter[latest] * width + comment[latest])
    keep = ~np.isin(votes.participant.astype(np.int64) * width + votes.statement.astype(np.int64), held)
    base_votes = vote_subset(votes, keep)
    report["held_back"] = int((~keep).sum())
    gc.collect()
    started = time.perf_counter()
    previous = opinion_compute(base_votes, moderated_out=export.moderated_out, seed=0)
    report["base_seconds"] = round(time.perf_counter() - started, 4)
    gc.collect()
    started = time.perf_counter()
    result = opinion_compute(votes, moderated_out=export.moderated_out, state=previous.state, seed=0)
    report["seconds"] = round(time.perf_counter() - started, 4)
    report["k"] = int(result.k)
    report["groups"] = {str(p): int(g) for p, g in result.groups.items() if g is not None}
    return report


def worker_main(argv: Sequence[str]) -> int:
    task, directory, repeat, result_path, held_back, warm_up = argv
    try:
        if task == "ours":
            report = worker_ours(Path(directory), int(repeat), warm_up == "1")
        elif task == "red_dwarf":
            report = worker_red_dwarf(Path(directory), int(repeat), warm_up == "1")
        elif task == "incremental":
            report = worker_incremental(Path(directory), int(held_back))
        else:
            raise ValueError(f"unknown worker task {task!r}")
    except Exception as error:
        traceback.print_exc()
        report = {"available": True, "error": f"{type(error).__name__}: {error}"}
    Path(result_path).write_text(json.dumps(report), encoding="utf-8")
    return 0


# ---------------------------------------------------------------------------------------------
# Data sets, ground truth, scoring
# ---------------------------------------------------------------------------------------------


def ensure_synthetic(cache: Path, shape: dict[str, int]) -> tuple[bool, float | None]:
    """Generate the synthetic export into `cache` unless it is there with the same parameters."""
    stamp = cache.with_name(cache.name + ".json")
    wanted = {**shape, "format": SYNTHETIC_FORMAT, "numpy": np.__version__}
    files = ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv")
    if stamp.exists() and all((cache / f).exists() for f in files):
        try:
            if json.loads(stamp.read_text(encoding="utf-8")) == wanted:
                return False, None
        except ValueError:
            pass
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synthetic_polis import write_synthetic_export

    started = time.perf_counter()
    partial = cache.with_name(cache.name + ".partial")
    if partial.exists():  # left by an interrupted run
        shutil.rmtree(partial)
    write_synthetic_export(partial, **shape)
    cache.mkdir(parents=True, exist_ok=True)
    for f in files:
        (partial / f).replace(cache / f)
    partial.rmdir()
    stamp.write_text(json.dumps(wanted), encoding="utf-8")
    return True, time.perf_counter() - started


def read_truth(directory: Path) -> tuple[dict[int, int], int, int]:
    """Pol.is' group-id per grouped participant, the number of rows and of comment columns."""
    import csv

    truth: dict[int, int] = {}
    rows = 0
    with open(directory / "participants-votes.csv", encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        gid = header.index("group-id")
        statements = sum(1 for c in header if c.isdigit())
        for row in reader:
            rows += 1
            if row[gid] != "":
                truth[int(row[0])] = int(row[gid])
    return truth, rows, statements


def ari(truth: dict[int, int], groups: dict[int, int]) -> tuple[float | None, int]:
    from sklearn.metrics import adjusted_rand_score

    both = sorted(set(truth) & set(groups))
    if not both:
        return None, 0
    score = adjusted_rand_score([truth[p] for p in both], [groups[p] for p in both])
    return round(float(score), 4), len(both)


def finish_engine(report: dict[str, Any], truth: dict[int, int]) -> tuple[dict[str, Any], dict[int, int]]:
    """Median, ARI; the labels are dropped from the report (returned separately)."""
    groups = {int(p): g for p, g in report.pop("groups", {}).items()}
    if report.get("seconds_all"):
        report["seconds"] = round(statistics.median(report["seconds_all"]), 4)
        report["grouped"] = len(groups)
        report["ari"], report["ari_participants"] = ari(truth, groups)
    keys = (
        "available",
        "error",
        "votes",
        "participants",
        "parse_seconds",
        "seconds",
        "seconds_all",
        "process_seconds",
        "peak_rss_mib",
        "rss_after_import_mib",
        "rss_after_parse_mib",
        "k",
        "grouped",
        "ari",
        "ari_participants",
    )
    return {key: report.get(key) for key in keys}, groups


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)


def describe(engine: str, r: dict[str, Any]) -> str:
    label = f"  {ENGINE_LABELS[engine]:<10}"
    if not r["available"]:
        return f"{label} not available ({r['error']})"
    if r["seconds"] is None:
        return f"{label} failed: {r['error']}"
    runs = len(r["seconds_all"])
    return (
        f"{label} parse {r['parse_seconds']:.2f} s, compute {r['seconds']:.3f} s (median of {runs}), "
        f"process {r['process_seconds']:.1f} s, peak RSS {r['peak_rss_mib']:.0f} MiB "
        f"(after import {r['rss_after_import_mib']:.0f}, after parse {r['rss_after_parse_mib']:.0f}), "
        f"k {r['k']}, {r['grouped']} grouped, ARI {r['ari']} over {r['ari_participants']}; {r['votes']} votes"
    )


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def run_cli(directory: Path, timeout: float) -> dict[str, Any]:
    python = REPO / ".venv" / "bin" / "python"
    exe = str(python) if python.exists() else sys.executable
    cmd = [exe, "-m", "samskap", "opinion", str(directory), "--json"]
    measured = run_measured(cmd, cwd=REPO, env=None, timeout=timeout)
    out: dict[str, Any] = {
        "available": measured.exit_code == 0,
        "error": None,
        "command": " ".join(["python", *cmd[1:]]),
        "python": exe,
        "seconds": round(measured.seconds, 3),
        "peak_rss_mib": round(measured.peak_rss_mib, 1),
        "exit_code": measured.exit_code,
        "k": None,
        "ari": None,
    }
    if measured.exit_code != 0:
        lines = [line.strip() for line in (measured.stderr + measured.stdout).splitlines() if line.strip()]
        errors = [line for line in lines if "error" in line.lower()]
        first = (errors or lines or [""])[0]
        out["error"] = f"exit code {measured.exit_code}: {first}"[:300]
        return out
    try:
        parsed = json.loads((measured.stdout.strip().splitlines() or [""])[-1])
    except ValueError:
        return out
    if isinstance(parsed, dict):
        out["k"] = parsed.get("k")
        compared = parsed.get("compared_with_polis")
        if isinstance(compared, dict) and compared.get("ari") is not None:
            out["ari"] = round(float(compared["ari"]), 4)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--worker"]:
        return worker_main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="compute calls per real export (median; default 3)")
    parser.add_argument("--synthetic-repeat", type=int, default=1, help="compute calls on the synthetic (default 1)")
    parser.add_argument("--data", type=Path, default=DATA, help="folder of openData exports")
    parser.add_argument(
        "--datasets",
        default=",".join((*REAL_DATASETS, SYNTHETIC)),
        help="comma-separated folder names and/or 'synthetic' (default: all five)",
    )
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: ours,red_dwarf")
    parser.add_argument("--synthetic-dir", type=Path, default=None, help="cache folder of the synthetic export")
    parser.add_argument("--participants", type=int, default=SYNTHETIC_SHAPE["participants"])
    parser.add_argument("--statements", type=int, default=SYNTHETIC_SHAPE["statements"])
    parser.add_argument("--votes", type=int, default=SYNTHETIC_SHAPE["votes"])
    parser.add_argument("--groups", type=int, default=SYNTHETIC_SHAPE["groups"])
    parser.add_argument("--seed", type=int, default=SYNTHETIC_SHAPE["seed"])
    parser.add_argument("--held-back", type=int, default=1000, help="votes held back for the incremental update")
    parser.add_argument("--no-warm-up", action="store_true", help="skip the untimed warm-up call of each engine")
    parser.add_argument("--no-cli", action="store_true", help="skip timing `python -m samskap opinion`")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds before a child is killed")
    args = parser.parse_args(argv)
    names = [n for n in args.datasets.split(",") if n]
    engines = [e.replace("-", "_") for e in args.engines.split(",") if e]
    unknown = [e for e in engines if e not in ENGINES]
    if unknown or args.repeat < 1 or args.synthetic_repeat < 1 or args.held_back < 1:
        parser.error("engines are ours and red_dwarf; --repeat, --synthetic-repeat, --held-back at least 1")

    shape = {
        "participants": args.participants,
        "statements": args.statements,
        "votes": args.votes,
        "groups": args.groups,
        "seed": args.seed,
    }
    default_dir = REPO / "var" / "bench" / f"polis-synthetic-{args.participants}x{args.statements}"
    synthetic_dir: Path = args.synthetic_dir or default_dir
    synthetic: dict[str, Any] = {"directory": str(synthetic_dir), **shape, "generated": False, "generate_seconds": None}
    if SYNTHETIC in names:
        generated, took = ensure_synthetic(synthetic_dir, shape)
        synthetic["generated"] = generated
        synthetic["generate_seconds"] = round(took, 2) if took is not None else None
        print(
            f"synthetic export {synthetic_dir}: {shape['participants']} participants × {shape['statements']} "
            f"statements, {shape['votes']} votes, {shape['groups']} groups, seed {shape['seed']} "
            + (f"(generated in {took:.1f} s)" if generated and took is not None else "(reused)"),
            flush=True,
        )

    versions = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": version("pandas"),
        "scikit-learn": version("scikit-learn"),
        "red-dwarf": version("red-dwarf"),
    }
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    machine = {
        "machine": platform.machine(),
        "processor": platform.processor(),
        "cpu_model": cpu_model(),
        "cpu_count": os.cpu_count(),
        "memory_gib": round(memory, 1),
        "platform": platform.platform(),
    }
    print(
        f"machine: {machine['platform']}, {machine['cpu_model']}, {machine['cpu_count']} CPUs, "
        f"{machine['memory_gib']} GiB; python {versions['python']}, numpy {versions['numpy']}, "
        f"pandas {versions['pandas']}, scikit-learn {versions['scikit-learn']}, red-dwarf {versions['red-dwarf']}",
        flush=True,
    )

    datasets: dict[str, Any] = {}
    ours_cold: dict[int, int] = {}
    synthetic_truth: dict[int, int] = {}
    for name in names:
        directory = synthetic_dir if name == SYNTHETIC else args.data / name
        if not (directory / "participants-votes.csv").exists():
            print(f"{name}: no participants-votes.csv in {directory}, skipped")
            continue
        truth, n_rows, n_statements = read_truth(directory)
        repeat = args.synthetic_repeat if name == SYNTHETIC else args.repeat
        entry: dict[str, Any] = {
            "directory": str(directory),
            "participants": n_rows,
            "statements": n_statements,
            "polis_groups": len(set(truth.values())),
            "polis_grouped": len(truth),
            "engines": {},
        }
        print(
            f"{name}: {n_rows} participants × {n_statements} statements, group-id: "
            f"{entry['polis_groups']} groups over {entry['polis_grouped']} participants",
            flush=True,
        )
        for engine in engines:
            raw = run_worker(engine, directory, repeat, args.timeout, warm_up=not args.no_warm_up)
            report, groups = finish_engine(raw, truth)
            entry["engines"][engine] = report
            if engine == "ours" and name == SYNTHETIC:
                ours_cold = groups
            print(describe(engine, report), flush=True)
        if name == SYNTHETIC:
            synthetic_truth = truth
        ours = entry["engines"].get("ours", {})
        theirs = entry["engines"].get("red_dwarf", {})
        entry["ratio"] = ratio(theirs.get("seconds"), ours.get("seconds"))
        both = (ours.get("seconds"), ours.get("parse_seconds"), theirs.get("seconds"), theirs.get("parse_seconds"))
        entry["ratio_with_parse"] = None if None in both else ratio(both[2] + both[3], both[0] + both[1])
        if entry["ratio"] is not None:
            print(f"  red-dwarf / ours: {entry['ratio']}x compute, {entry['ratio_with_parse']}x with parsing")
        datasets[name] = entry

    incremental: dict[str, Any] = {"available": False, "error": "not run", "held_back": args.held_back}
    cli: dict[str, Any] = {"available": False, "error": "not run"}
    ours_ok = any(d["engines"].get("ours", {}).get("available") for d in datasets.values())
    if SYNTHETIC in datasets and "ours" in engines:
        if ours_ok:
            report = run_worker("incremental", synthetic_dir, 1, args.timeout, held_back=args.held_back)
            groups = {int(p): g for p, g in report.pop("groups", {}).items()}
            incremental = {
                "available": report.get("available", False),
                "error": report.get("error"),
                "held_back": report.get("held_back", args.held_back),
                "base_seconds": report.get("base_seconds"),
                "seconds": report.get("seconds"),
                "k": report.get("k"),
                "ari": ari(synthetic_truth, groups)[0] if groups else None,
                "ari_vs_cold": ari(ours_cold, groups)[0] if groups and ours_cold else None,
                "peak_rss_mib": report.get("peak_rss_mib"),
            }
            if incremental["seconds"] is not None:
                print(
                    f"incremental (ours, synthetic): {incremental['held_back']} votes held back; base "
                    f"{incremental['base_seconds']:.3f} s, update with state {incremental['seconds']:.3f} s, "
                    f"k {incremental['k']}, ARI {incremental['ari']}, ARI vs cold {incremental['ari_vs_cold']}"
                )
            else:
                print(f"incremental (ours, synthetic): failed: {incremental['error']}")
        else:
            incremental["error"] = "ours not available"
            print("incremental: ours not available")
        if not args.no_cli:
            cli = run_cli(synthetic_dir, args.timeout)
            if cli["available"]:
                print(
                    f"cli: {cli['command']}: {cli['seconds']:.2f} s wall, peak RSS {cli['peak_rss_mib']:.0f} MiB, "
                    f"k {cli['k']}, ARI {cli['ari']}"
                )
            else:
                print(f"cli: {cli['command']}: not available ({cli['error']})")

    result = {
        "benchmark": "opinion",
        "repeat": args.repeat,
        "synthetic_repeat": args.synthetic_repeat,
        "held_back": args.held_back,
        "warm_up": not args.no_warm_up,
        "synthetic": synthetic,
        "datasets": datasets,
        "ratios": {name: d["ratio"] for name, d in datasets.items()},
        "incremental": incremental,
        "cli": cli,
        "versions": versions,
        "machine": machine,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
