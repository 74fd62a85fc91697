"""Several terminals writing to one store at once lose nothing.

Real processes, a real file, the real lock: 8 worker processes each run 25
`recs update` / `recs evidence add` commands through the `recs` entry point,
all at the same moment, half of them on one shared recommendation (R1) and
half on a recommendation of their own. Afterwards every change is there,
exactly once, and the file is a valid store.
"""

import json
import subprocess
import sys
import time

from procs import ROOT, env_for, spawn

from recs.store import doctor
from recs.store import Store

WORKERS = 8
COMMANDS = 25

# A worker: import recs, say it is ready, wait for the starting signal, then
# run its commands one after another (each one locks, reads, writes, unlocks).
WORKER = r"""
import sys, time
from pathlib import Path
from typer.main import get_command
from recs.cli.app import app

me, n, go = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
own = f"R{me + 2}"
command = get_command(app)
Path(f"{go}.ready.{me}").touch()
while not go.exists():
    time.sleep(0.002)
failed = 0
for j in range(n):
    target = "R1" if j % 2 == 0 else own
    tag = f"w{me}-c{j}"
    if j % 4 < 2:
        args = ["update", target, "--note", tag]
        if j % 8 == 1:
            args += ["--status", "in_progress" if j % 16 == 1 else "partial"]
    else:
        args = ["evidence", "add", target, "--summary", tag, "--source", "worker"]
    code = command.main(args, "recs", standalone_mode=False)
    if code:
        print(f"{tag}: exit {code}", file=sys.stderr)
        failed += 1
sys.exit(1 if failed else 0)
"""


def expected_for(me: int) -> list[tuple[str, str, str]]:
    """(record, kind, tag) of every command worker `me` runs."""
    out = []
    for j in range(COMMANDS):
        target = "R1" if j % 2 == 0 else f"R{me + 2}"
        out.append((target, "note" if j % 4 < 2 else "evidence", f"w{me}-c{j}"))
    return out


def counts(store: Store) -> dict[str, tuple[int, int]]:
    return {r["id"]: (len(r["history"]), len(r["evidence"])) for r in store.recommendations()}


def test_parallel_writers_lose_nothing(seeded, tmp_path):
    before = counts(Store.open(seeded))
    changes_before = {e["change"] for r in Store.open(seeded).recommendations() for e in r["history"]}
    go = tmp_path / "go"
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(i), str(COMMANDS), str(go)],
                         env=env_for(seeded, RECS_LOCK_TIMEOUT="60"), cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(WORKERS)
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"go.ready.{i}").exists() for i in range(WORKERS)):
        assert time.monotonic() < deadline and all(w.poll() is None for w in workers), \
            [w.communicate() for w in workers if w.poll() is not None]
        time.sleep(0.01)
    go.touch()  # all at once
    for w in workers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        assert "Traceback" not in err

    assert doctor.check(seeded).ok, doctor.check(seeded).problems
    store = Store.open(seeded)
    after = counts(store)
    wanted = {rec_id: list(hist_ev) for rec_id, hist_ev in before.items()}
    for i in range(WORKERS):
        for target, kind, _ in expected_for(i):
            wanted[target][0] += 1  # every command writes exactly one history entry
            wanted[target][1] += kind == "evidence"
    assert after == {rec_id: tuple(v) for rec_id, v in wanted.items()}

    # every command's entry is there exactly once, on the right record
    for i in range(WORKERS):
        for target, kind, tag in expected_for(i):
            rec = store.get(target)
            assert [x["note"] for x in rec["history"]].count(tag) == 1, tag
            if kind == "evidence":
                assert [ev["summary"] for ev in rec["evidence"]].count(tag) == 1, tag
    # one change id per command that wrote something
    changes_after = {e["change"] for r in store.recommendations() for e in r["history"]}
    assert len(changes_after - changes_before) == WORKERS * COMMANDS
    evidence_ids = [ev["id"] for ev in store.get("R1")["evidence"]]
    assert len(evidence_ids) == len(set(evidence_ids))


def test_parallel_separate_recs_processes(seeded):
    """The same with every command its own `python -m recs` process (4 at once)."""
    before = Store.open(seeded).get("R1")
    procs = []
    for i in range(2):
        procs.append(spawn(seeded, "evidence", "add", "R1", "--summary", f"p{i}", "--source", "s",
                           RECS_LOCK_TIMEOUT="60"))
        procs.append(spawn(seeded, "update", f"R{i + 2}", "--note", f"p{i}", RECS_LOCK_TIMEOUT="60"))
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    after = Store.open(seeded)
    r1 = after.get("R1")
    assert len(r1["evidence"]) == len(before["evidence"]) + 2
    assert sorted(ev["summary"] for ev in r1["evidence"][-2:]) == [f"p{i}" for i in range(2)]
    for i in range(2):
        assert after.get(f"R{i + 2}")["history"][-1]["note"] == f"p{i}"
    assert json.loads(json.dumps(doctor.check(seeded).problems)) == []
