"""A `recs` killed at any moment leaves the old store or the new one, and its
lock does not outlive it.

The writers are real processes killed with SIGKILL at random moments. Most
rounds fork them from this test process (it has imported recs already, so a
writer starts in a millisecond and a hundred rounds take seconds); a few run
the `recs` executable itself. Timestamps are pinned (RECS_NOW), so the state
after each write is known exactly: the same command run, unkilled, on a copy.

RECS_TEST_WRITE_PAUSE (a test aid in recs.storage: it slows each step of a
write, never changes what is written) widens the write so that many kills
land in the middle of it. Every writer runs with RECS_LOCK_TIMEOUT=0: had a
killed writer left the lock held, the next one would fail at once.
"""

import os
import random
import signal
import sys
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock
from procs import FIXED_NOW, env_for, fork_recs, run, spawn, temp_files

from recs import doctor
from recs.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")
ROUNDS = 110
STATUSES = ("in_progress", "partial", "implemented", "not_implemented", "not_started")


def command_for(n: int) -> list[str]:
    rec = f"R{1 + n % 9}"
    kind = n % 3
    if kind == 0:
        return ["update", rec, "--status", STATUSES[n % 5], "--note", f"round {n}"]
    if kind == 1:
        return ["evidence", "add", rec, "--summary", f"round {n}", "--source", "crash test"]
    return ["add", f"Round {n}", "--actor", "Someone", "--text", "x" * 500]


def grow(recs, n: int) -> None:
    """Make the store big enough that a write takes a while."""
    for i in range(n):
        recs.ok("add", f"Padding {i}", "--actor", "Someone", "--text", "Lorem ipsum " * 200,
                env={"RECS_NOW": FIXED_NOW})


def after_state(recs, before: bytes, args: list[str], work: Path) -> bytes:
    """The store after `args`, run unkilled on a copy of `before`."""
    work.mkdir(exist_ok=True)
    copy = work / "recs.json"
    copy.write_bytes(before)
    recs.ok(*args, env={"RECS_DB": str(copy), "RECS_NOW": FIXED_NOW, "RECS_USER": "tester"})
    return copy.read_bytes()


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
    outcomes = {"before": 0, "after": 0, "mid-write": 0, "finished": 0}
    for n in range(ROUNDS):
        mode = "slow" if n % 2 else "plain"
        args = command_for(n)
        before = db.read_bytes()
        after = after_state(recs, before, args, work)
        assert after != before
        pid = fork_recs(args, slow if mode == "slow" else plain)
        time.sleep(rng.uniform(0, duration[mode] * 1.2))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        if os.WIFEXITED(status):  # it finished before the kill
            assert os.WEXITSTATUS(status) == 0, (n, args)
            outcomes["finished"] += 1
        now = db.read_bytes()
        assert now in (before, after), f"round {n}: the store is neither the old nor the new one"
        outcomes["before" if now == before else "after"] += 1
        if temp_files(db):
            outcomes["mid-write"] += 1
        Store.open(db)  # opens
        report = doctor.check(db)
        assert report.ok, (n, report.problems)
        with FileLock(f"{db}.lock", timeout=0):  # free at once: no stale lock
            pass
    print("outcomes of the kills:", outcomes, "write durations:", duration)
    # the kills did land before, during and after writes
    assert outcomes["before"] and outcomes["after"] and outcomes["mid-write"], outcomes
    # the next write removes what killed writers left behind
    recs.ok("update", "R1", "--note", "after the storm")
    assert temp_files(db) == []


def test_killed_recs_executable_mid_write(recs, seeded, tmp_path):
    """The same with the real `recs` executable, killed while it writes."""
    rng = random.Random(7)
    db = seeded
    for n in range(2):
        args = command_for(n)
        before = db.read_bytes()
        after = after_state(recs, before, args, tmp_path / f"work{n}")
        left = set(temp_files(db))  # by the round before
        proc = spawn(db, *args, RECS_NOW=FIXED_NOW, RECS_LOCK_TIMEOUT="0", RECS_TEST_WRITE_PAUSE="0.05")
        while not set(temp_files(db)) - left and proc.poll() is None:
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.4))  # the write takes about 0.45 s
        proc.kill()
        proc.communicate()
        assert db.read_bytes() in (before, after)
        assert doctor.check(db).ok
        with FileLock(f"{db}.lock", timeout=0):  # the lock did not outlive the killed writer
            pass
    done = run(db, "update", "R1", "--note", "next", RECS_LOCK_TIMEOUT="0")
    assert done.returncode == 0, done.stderr
    assert temp_files(db) == []


def test_lock_held_is_reported_and_dies_with_its_holder(seeded):
    """A live holder: a clear error naming it. Killed: the next command runs at once."""
    db = seeded
    holder = spawn(db, "update", "R1", "--status", "partial", RECS_TEST_WRITE_PAUSE="3")
    try:
        while not temp_files(db):  # it holds the lock and is writing
            assert holder.poll() is None, holder.communicate()
            time.sleep(0.005)
        before = db.read_bytes()
        blocked = run(db, "update", "R2", "--note", "blocked?", RECS_LOCK_TIMEOUT="0")
        assert blocked.returncode == 1
        assert blocked.stderr.startswith("Error: ")
        assert "is locked by `recs update R1 --status partial` (pid " in blocked.stderr
        assert f"pid {holder.pid} " in blocked.stderr
        assert "Traceback" not in blocked.stderr
        assert db.read_bytes() == before
    finally:
        holder.kill()
        holder.communicate()
    # RECS_LOCK_TIMEOUT=0: any wait at all would fail this command
    done = run(db, "update", "R2", "--note", "after the kill", RECS_LOCK_TIMEOUT="0")
    assert done.returncode == 0, done.stderr
    assert Store.open(db).get("R2")["history"][-1]["note"] == "after the kill"
    assert Store.open(db).get("R1")["status"] != "partial" or db.read_bytes() != before


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
