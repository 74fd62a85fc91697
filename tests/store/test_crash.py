"""A `recs` killed at any moment leaves the tracker as it was before or as it
was after (once the next command has finished a committed journal), and its
lock does not outlive it.

The writers are real processes killed with SIGKILL at random moments. Most
rounds fork them from this test process (it has imported recs already, so a
writer starts in a millisecond and a hundred rounds take seconds); a few run
the `recs` executable itself. Timestamps are pinned (RECS_NOW), so the state
after each write is known exactly: the same command run, unkilled, on a copy.

RECS_TEST_WRITE_PAUSE (a test aid in recs.store.files: it slows each step of a
write, never changes what is written) widens the write so that many kills
land in the middle of it. Every writer runs with RECS_LOCK_TIMEOUT=0: had a
killed writer left the lock held, the next one would fail at once.
"""

import json
import os
import random
import signal
import sys
import threading
import time
from pathlib import Path

import shutil

import pytest
from conftest import snapshot
from filelock import FileLock
from procs import FIXED_NOW, env_for, fork_recs, run, spawn, temp_files

from recs.store import doctor
from recs.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")
ROUNDS = 40
#: more rounds, only while a kind of outcome has not been seen yet (on a loaded machine
#: the kill times measured at the start fit the later writes less well)
MORE_ROUNDS = 80
STATUSES = ("in_progress", "partial", "implemented", "not_implemented", "not_started")


def command_for(n: int, files: Path | None = None) -> list[str]:
    """Single-file writes, and (with `files`, a folder for import files) writes of
    several files through the journal: an import of new and changed records, an undo."""
    rec = f"R{1 + n % 9}"
    kind = n % (5 if files is not None else 3)
    if kind == 0:
        return ["update", rec, "--status", STATUSES[n % 5], "--note", f"round {n}"]
    if kind == 1:
        return ["evidence", "add", rec, "--summary", f"round {n}", "--source", "crash test"]
    if kind == 2:
        return ["add", f"Round {n}", "--actor", "Someone", "--text", "x" * 500]
    if kind == 3:
        rows = [{"title": f"Imported {n}.{i}", "actors": ["Someone"], "brief": "apri-2023-09-20"} for i in range(4)]
        rows += [{"id": f"R{1 + (n + i) % 9}", "status": STATUSES[(n + i) % 5]} for i in range(3)]
        path = files / f"round-{n}.json"
        path.write_text(json.dumps(rows))
        return ["import", str(path)]
    return ["undo", "--yes"]


def settled(db: Path) -> dict:
    """The tracker as the next command sees it: a committed journal finished first."""
    Store.open(db)
    return snapshot(db)


def grow(recs, n: int) -> None:
    """Make the store big enough that a write takes a while."""
    for i in range(n):
        recs.ok("add", f"Padding {i}", "--actor", "Someone", "--text", "Lorem ipsum " * 200,
                env={"RECS_NOW": FIXED_NOW})


def after_state(recs, db: Path, args: list[str], work: Path) -> dict:
    """The tracker after `args`, run unkilled on a copy of `db`."""
    copy = work / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(db, copy, ignore=shutil.ignore_patterns("lock"))  # the change log goes along: undo reads it
    recs.ok(*args, env={"RECS_DB": str(copy), "RECS_NOW": FIXED_NOW, "RECS_USER": "tester"})
    return snapshot(copy)


def run_forked(args: list[str], env: dict) -> float:
    start = time.monotonic()
    pid = fork_recs(args, env)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    return time.monotonic() - start


def test_sigkill_at_random_moments_leaves_old_or_new(recs, seeded, tmp_path):
    grow(recs, 10)
    db = seeded
    work = tmp_path / "work"
    work.mkdir()
    rng = random.Random(20231920)
    plain = env_for(db, RECS_NOW=FIXED_NOW, RECS_LOCK_TIMEOUT="0")
    slow = dict(plain, RECS_TEST_WRITE_PAUSE="0.003")
    # how long one write takes, unkilled (these two writes are part of the history)
    duration = {"plain": run_forked(command_for(1000), plain), "slow": run_forked(command_for(1001), slow)}
    outcomes = {"before": 0, "after": 0, "mid-write": 0, "finished": 0, "journal finished": 0}
    for n in range(ROUNDS + MORE_ROUNDS):
        if n >= ROUNDS and all(outcomes[k] for k in ("before", "after", "mid-write", "journal finished")):
            break
        mode = "slow" if n % 2 else "plain"
        args = command_for(n, work)
        before = settled(db)
        after = after_state(recs, db, args, work)
        assert after != before
        pid = fork_recs(args, slow if mode == "slow" else plain)
        time.sleep(rng.uniform(0, duration[mode] * 1.2))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if os.WIFEXITED(status):  # it finished before the kill
            assert os.WEXITSTATUS(status) == 0, (n, args)
            outcomes["finished"] += 1
        left = temp_files(db)
        if left:
            outcomes["mid-write"] += 1
            outcomes["journal finished"] += any(p.name == "journal" for p in left)
        now = settled(db)
        assert now == before or now == after, f"round {n} ({args[0]}): the tracker is neither as before nor after"
        outcomes["before" if now == before else "after"] += 1
        report = doctor.check(db)
        assert report.ok, (n, report.problems)
        with FileLock(str(db / ".recs" / "lock"), timeout=0):  # free at once: no stale lock
            pass
    print("outcomes of the kills:", outcomes, "write durations:", duration)
    # the kills did land before, during and after writes, and inside a committed journal
    assert outcomes["before"] and outcomes["after"] and outcomes["mid-write"], outcomes
    assert outcomes["journal finished"], outcomes
    # the next write removes what killed writers left behind
    recs.ok("update", "R1", "--note", "after the storm")
    assert temp_files(db) == []


def test_killed_recs_executable_mid_write(recs, seeded, tmp_path):
    """The same with the real `recs` executable, killed while it writes."""
    rng = random.Random(7)
    db = seeded
    for n in (0, 3, 4):  # an update; an import and an undo, through the journal
        args = command_for(n, tmp_path)
        before = settled(db)
        after = after_state(recs, db, args, tmp_path)
        left = set(temp_files(db))  # by the round before
        proc = spawn(db, *args, RECS_NOW=FIXED_NOW, RECS_LOCK_TIMEOUT="0", RECS_TEST_WRITE_PAUSE="0.05")
        while not set(temp_files(db)) - left and proc.poll() is None:
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.4))  # the write takes about 0.45 s
        proc.kill()
        proc.communicate()
        now = settled(db)
        assert now == before or now == after, args
        assert doctor.check(db).ok
        with FileLock(str(db / ".recs" / "lock"), timeout=0):  # the lock did not outlive the killed writer
            pass
    done = run(db, "update", "R1", "--note", "next", RECS_LOCK_TIMEOUT="0")
    assert done.returncode == 0, done.stderr
    assert temp_files(db) == []


def test_lock_held_is_reported_and_dies_with_its_holder(seeded):
    """A live holder: a clear error naming it. Killed: the next command runs at once."""
    db = seeded
    before_r1 = Store.open(db).get("R1")["status"]
    holder = spawn(db, "update", "R1", "--status", "partial", RECS_TEST_WRITE_PAUSE="3")
    try:
        while not temp_files(db):  # it holds the lock and is writing
            assert holder.poll() is None, holder.communicate()
            time.sleep(0.005)
        before = snapshot(db)
        blocked = run(db, "update", "R2", "--note", "blocked?", RECS_LOCK_TIMEOUT="0")
        assert blocked.returncode == 1
        assert blocked.stderr.startswith("Error: ")
        assert "is locked by `recs update R1 --status partial` (pid " in blocked.stderr
        assert f"pid {holder.pid} " in blocked.stderr
        assert "Traceback" not in blocked.stderr
        assert snapshot(db) == before
    finally:
        holder.kill()
        holder.communicate()
    # RECS_LOCK_TIMEOUT=0: any wait at all would fail this command
    done = run(db, "update", "R2", "--note", "after the kill", RECS_LOCK_TIMEOUT="0")
    assert done.returncode == 0, done.stderr
    assert Store.open(db).get("R2")["history"][-1]["note"] == "after the kill"
    # the killed holder paused before its rename: R1 is as it was
    assert Store.open(db).get("R1")["status"] == before_r1


def test_waiting_command_says_who_holds_the_lock(seeded):
    db = seeded
    holder = spawn(db, "update", "R1", "--note", "slow", RECS_TEST_WRITE_PAUSE="3")
    waiter = None
    try:
        while not temp_files(db):
            assert holder.poll() is None, holder.communicate()
            time.sleep(0.005)
        waiter = spawn(db, "update", "R2", "--note", "waited", RECS_LOCK_TIMEOUT="60")
        first: list[str] = []
        reader = threading.Thread(target=lambda: first.append(waiter.stderr.readline()), daemon=True)
        reader.start()
        reader.join(timeout=30)
        assert first and first[0].startswith(f"Waiting for {db}: it is locked by `recs update R1 --note slow`")
    finally:
        holder.kill()
        holder.communicate()
    out, err = waiter.communicate(timeout=30)
    assert waiter.returncode == 0, err
    assert Store.open(db).get("R2")["history"][-1]["note"] == "waited"
