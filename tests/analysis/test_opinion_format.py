"""Pol.is export folders: reading, writing back, hostile files, and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samskap.analysis.opinion import PolisFormatError, PolisStatement, polis_export_files, read_polis_export
from samskap.cli import TOOLS

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data" / "polis-open-data"

COMMENTS = (
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    '1,x,0,0,1,0,1,"Første, med komma\nog linjeskift"\n'
    "2,x,1,0,0,1,-1,Avvist\n"
    "3,x,2,1,0,0,0,Ikke moderert\n"
)
PARTICIPANTS = "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,2\n0,0,2,2,1,1,1,-1,\n1,,1,1,0,0,,,0\n"
VOTES = "timestamp,datetime,comment-id,voter-id,vote\n10,x,0,0,-1\n20,x,0,0,1\n15,x,1,0,-1\n30,x,2,1,0\n"


def folder(tmp: Path, **files: str) -> Path:
    contents = {"comments.csv": COMMENTS, "participants-votes.csv": PARTICIPANTS} | {
        name.replace("_", "-") + ".csv": text for name, text in files.items()
    }
    for name, text in contents.items():
        (tmp / name).write_text(text, encoding="utf-8")
    return tmp


def final_votes(export) -> set[tuple[int, int, int]]:
    v = export.votes
    return set(zip(v.participant.tolist(), v.statement.tolist(), v.value.tolist(), strict=True))


def test_reads_a_minimal_folder(tmp_path):
    export = read_polis_export(folder(tmp_path))
    assert final_votes(export) == {(0, 0, 1), (0, 1, -1), (1, 2, 0)}
    assert export.moderated_out == frozenset({1})
    assert export.statements[0].text == "Første, med komma\nog linjeskift"
    assert export.polis_groups == {0: 0, 1: None}
    assert export.vote_times_ms is None


def test_votes_csv_gives_times_and_the_latest_vote_wins(tmp_path):
    export = read_polis_export(folder(tmp_path, votes=VOTES))
    assert final_votes(export) == {(0, 0, 1), (0, 1, -1), (1, 2, 0)}
    assert export.vote_times_ms is not None
    pairs = zip(export.votes.participant.tolist(), export.votes.statement.tolist(), strict=True)
    times = dict(zip(pairs, export.vote_times_ms.tolist(), strict=True))
    assert times[(0, 0)] == 20


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"comments": "comment-id,comment-body\n0,a\n"}, "missing column(s) moderated"),
        ({"comments": ""}, "comments.csv: the file is empty"),
        ({"participants_votes": "participant,group-id,0\n0,,2\n"}, "vote '2' is not 1, -1, 0 or blank"),
        ({"participants_votes": "participant,group-id,7\n0,,1\n"}, "statement column 7 is not in comments.csv"),
        ({"participants_votes": "participant,group-id,0\n0,,1\n0,,1\n"}, "participant 0 appears twice"),
        ({"votes": "timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,5\n"}, "vote is 5"),
        ({"votes": "timestamp,datetime,comment-id,voter-id,vote\n1,x,9,0,1\n"}, "comment-id 9 is not in comments.csv"),
        ({"votes": "timestamp,datetime,comment-id,voter-id,vote\n1,x,0,abc,1\n"}, "line 2: voter-id is 'abc'"),
        ({"votes": "timestamp,comment-id\n1,0\n"}, "missing column(s) voter-id, vote"),
    ],
)
def test_bad_files_name_the_problem(tmp_path, files, message):
    with pytest.raises(PolisFormatError) as caught:
        read_polis_export(folder(tmp_path, **files))
    assert message in str(caught.value)


def test_missing_files(tmp_path):
    with pytest.raises(PolisFormatError, match=r"comments\.csv is missing"):
        read_polis_export(tmp_path)
    with pytest.raises(PolisFormatError, match="not a folder"):
        read_polis_export(tmp_path / "nothing")


def test_not_utf8(tmp_path):
    folder(tmp_path)
    (tmp_path / "comments.csv").write_bytes(COMMENTS.encode("utf-16"))
    with pytest.raises(PolisFormatError):
        read_polis_export(tmp_path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    which=st.sampled_from(["comments.csv", "participants-votes.csv", "votes.csv", "summary.csv"]),
    data=st.one_of(
        st.binary(max_size=400),
        st.text(alphabet=st.sampled_from(list('0123456789,-\n"xé ')), max_size=400).map(str.encode),
    ),
)
def test_any_file_content_reads_or_fails_cleanly(which, data):
    with tempfile.TemporaryDirectory() as tmp:
        base = folder(Path(tmp), votes=VOTES)
        (base / which).write_bytes(data)
        try:
            export = read_polis_export(base)
        except PolisFormatError as error:
            assert str(error)
        else:
            assert len(export.votes.participant) == len(export.votes.value)


def test_write_then_read_round_trip(tmp_path):
    statements = (
        PolisStatement(0, "Vi har truffet godt", 3, 1, False, True, 1000),
        PolisStatement(1, "=SUM(A1) står som tekst", 4, -1, False, False, 2000),
        PolisStatement(2, 'Sitat "med" anførsel,\nog linjeskift', None, 0, True, False, None),
    )
    events = [(5000, 0, 3, 1), (6000, 1, 3, -1), (7000, 0, 4, 0), (8000, 0, 3, -1), (9000, 2, 4, 1)]
    files = polis_export_files(
        statements, events, groups={3: 0, 4: None}, group_informed_consensus={0: 0.25}, summary={"topic": "Kart"}
    )
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    export = read_polis_export(tmp_path)
    assert export.statements == statements
    assert final_votes(export) == {(3, 0, -1), (3, 1, -1), (4, 0, 0), (4, 2, 1)}
    assert export.polis_groups == {3: 0, 4: None}
    assert export.exported_gic == {0: 0.25}
    assert export.summary == {"topic": "Kart"}
    assert export.moderated_out == frozenset({1, 2})


def test_real_export_round_trips():
    export = read_polis_export(DATA / "bg2050-volunteers")
    assert export.vote_times_ms is not None
    order = np.argsort(export.vote_times_ms, kind="stable")
    v = export.votes
    events = [
        (int(export.vote_times_ms[i]), int(v.statement[i]), int(v.participant[i]), int(v.value[i])) for i in order
    ]
    files = polis_export_files(
        export.statements, events, groups=export.polis_groups, group_informed_consensus={}, summary=export.summary
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in files.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")
        again = read_polis_export(Path(tmp))
    assert again.statements == export.statements
    assert final_votes(again) == final_votes(export)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "samskap", "opinion", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_command_line_json():
    assert "opinion" in TOOLS
    done = cli(str(DATA / "bg2050-volunteers"), "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"k", "groups", "repness", "consensus", "group_informed_consensus", "seconds"} <= payload.keys()
    assert payload["k"] == 2
    assert set(payload["consensus"]) == {"agree", "disagree"}
    first = payload["repness"]["0"][0]
    assert first["repful"] in ("agree", "disagree") and isinstance(first["statement"], int)
    assert payload["compared_with_polis"]["ari"] == pytest.approx(1.0)
    assert sum(1 for g in payload["groups"].values() if g is None) == 18


def test_command_line_text():
    done = cli(str(DATA / "bg2050-volunteers"))
    assert done.returncode == 0
    assert "Group A" in done.stdout and "Most agree" in done.stdout


def test_command_line_bad_folder(tmp_path):
    (tmp_path / "comments.csv").write_text("nonsense\n", encoding="utf-8")
    (tmp_path / "participants-votes.csv").write_text(PARTICIPANTS, encoding="utf-8")
    done = cli(str(tmp_path), "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("python -m samskap opinion: comments.csv: missing column(s)")
    assert "Traceback" not in done.stderr
