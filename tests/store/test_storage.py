"""The tracker folder: canonical, one file per record, atomic, locked (real files, real processes, real git)."""

import json
import os
import subprocess
import sys
import textwrap

from conftest import digest, snapshot

from recs import SCHEMA_VERSION


def test_the_folder_holds_settings_briefs_and_one_file_per_recommendation(recs, seeded, db):
    files = snapshot(db)
    assert json.loads(files["tracker.json"]) == {"schema_version": SCHEMA_VERSION}
    assert sorted(n for n in files if n.startswith("recommendations/")) == \
        sorted(f"recommendations/R{n}.json" for n in range(1, 10))
    assert list(n for n in files if n.startswith("briefs/")) == ["briefs/apri-2023-09-20.json"]
    for name, raw in files.items():  # every file canonical: sorted keys, indent 2, LF, trailing newline
        data = json.loads(raw)
        assert raw.decode() == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", name
        assert b"\r" not in raw
    recs.ok("update", "R1", "--note", "x")  # the first write makes the work folder, which git never sees
    assert (db / ".recs" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert sorted(p.name for p in db.iterdir()) == [".recs", "briefs", "recommendations", "removed", "tracker.json"]


def test_same_commands_give_the_same_bytes(recs, tmp_path):
    def build(name):
        path = tmp_path / name
        env = {"RECS_DB": str(path), "RECS_NOW": "2025-01-01T00:00:00Z"}
        recs.ok("init", "--empty", env=env)
        recs.ok("add", "A title", "--actor", "UN", "--tag", "x", env=env)
        recs.ok("evidence", "add", "R1", "--summary", "s", "--source", "src", env=env)
        return snapshot(path)

    assert build("one") == build("two")


def test_a_change_touches_only_its_record_file(recs, seeded, db):
    before = snapshot(db)
    recs.ok("update", "R8", "--status", "in_progress", "--note", "n")
    after = snapshot(db)
    assert [n for n in after if after[n] != before.get(n)] == ["recommendations/R8.json"]
    assert set(after) == set(before)
    recs.ok("evidence", "add", "R3", "--summary", "s", "--source", "src")
    assert [n for n in snapshot(db) if snapshot(db)[n] != after.get(n)] == ["recommendations/R3.json"]


def git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x",
                                   GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@x")).stdout


def test_git_sees_one_file_change_and_never_the_work_folder(recs, seeded, db):
    git(db, "init", "-q", "-b", "main")
    git(db, "add", "-A")
    git(db, "commit", "-qm", "base")
    recs.ok("update", "R2", "--status", "in_progress", "--note", "n")
    assert git(db, "status", "--porcelain").splitlines() == [" M recommendations/R2.json"]
    added, removed, name = git(db, "diff", "--numstat").split()
    assert name == "recommendations/R2.json" and int(added) <= 12 and int(removed) <= 2


def test_git_merges_edits_to_different_recommendations(recs, seeded, db):
    git(db, "init", "-q", "-b", "main")
    git(db, "add", "-A")
    git(db, "commit", "-qm", "base")
    git(db, "checkout", "-qb", "ana")
    recs.ok("--as", "ana", "update", "R2", "--status", "in_progress", "--note", "ana's")
    git(db, "commit", "-qam", "ana")
    git(db, "checkout", "-q", "main")
    recs.ok("--as", "ben", "evidence", "add", "R7", "--summary", "ben's", "--source", "EP")
    git(db, "commit", "-qam", "ben")
    git(db, "merge", "-q", "--no-edit", "ana")  # fails (check=True) on a conflict
    r2, r7 = recs.json("show", "R2"), recs.json("show", "R7")
    assert r2["status"] == "in_progress" and r7["evidence"][-1]["summary"] == "ben's"
    recs.ok("doctor")


def test_recs_finds_the_tracker_from_inside_it(recs, seeded, db, monkeypatch):
    monkeypatch.delenv("RECS_DB")
    monkeypatch.chdir(db / "recommendations")
    assert len(recs.json("list")) == 9


def test_no_temporary_files_are_left_behind(recs, seeded, db):
    recs.ok("update", "R1", "--note", "x")
    recs("update", "R1", "--status", "bogus")
    recs.ok("add", "T", "--actor", "UN")
    recs.ok("undo", "--yes")  # two files: through the journal
    # the work folder: the lock, the change log and what undo keeps; no temp or journal file
    assert {p.name for p in (db / ".recs").iterdir()} <= {".gitignore", "lock", "changes.ndjson", "undo"}
    assert all(not p.name.startswith(".") for t in ("briefs", "recommendations", "removed")
               for p in (db / t).iterdir())


def hold_lock(db, then: str):
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from filelock import FileLock
        lock = FileLock({str(db / ".recs" / "lock")!r})
        lock.acquire()
        print("locked", flush=True)
        {then}
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def test_a_held_lock_makes_writers_wait_then_fail_clearly(recs, seeded, db):
    """Another process holds the tracker's lock: a write waits RECS_LOCK_TIMEOUT
    seconds, then fails with a clear error and leaves the tracker as it was."""
    recs.ok("update", "R1", "--note", "makes .recs/")
    holder = hold_lock(db, "sys.stdin.read()")
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = digest(db)
        result = recs("update", "R1", "--status", "partial", env={"RECS_LOCK_TIMEOUT": "0.2"})
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: ") and "locked by another recs command" in result.stderr
        assert digest(db) == before
        assert len(recs.json("list")) == 9  # readers never wait for the lock
    finally:
        holder.communicate("")
    recs.ok("update", "R1", "--status", "partial")


def test_lock_of_a_killed_process_does_not_block(recs, seeded, db):
    recs.ok("update", "R1", "--note", "makes .recs/")
    holder = hold_lock(db, "time.sleep(60)")
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait()
    recs.ok("update", "R1", "--status", "partial", env={"RECS_LOCK_TIMEOUT": "0.5"})


def test_one_tracker_one_lock_whatever_the_path(recs, seeded, db, tmp_path):
    """A symlink or `a/../a` to the tracker locks and writes the one tracker."""
    recs.ok("update", "R1", "--note", "makes .recs/")
    (tmp_path / "link").symlink_to(db)
    holder = hold_lock(db, "sys.stdin.read()")
    try:
        assert holder.stdout.readline().strip() == "locked"
        for path in (tmp_path / "link", db / ".." / db.name):
            result = recs("--db", str(path), "update", "R1", "--status", "partial",
                          env={"RECS_LOCK_TIMEOUT": "0.2"})
            assert result.exit_code == 1 and "locked by" in result.stderr
    finally:
        holder.communicate("")
    recs.ok("--db", str(tmp_path / "link"), "update", "R1", "--status", "partial")
    assert (tmp_path / "link").is_symlink() and recs.json("show", "R1")["status"] == "partial"


def test_a_write_keeps_the_files_mode(recs, seeded, db):
    target = db / "recommendations" / "R1.json"
    target.chmod(0o664)
    recs.ok("update", "R1", "--status", "partial")
    assert target.stat().st_mode & 0o777 == 0o664


def test_a_bind_mount_of_the_tracker_is_the_one_tracker(recs, seeded, db, tmp_path):
    """The same folder mounted at a second path: one lock, one set of files."""
    recs.ok("update", "R1", "--note", "makes .recs/")
    other = tmp_path / "mounted"
    other.mkdir()
    mounted = subprocess.run(["mount", "--bind", str(db), str(other)], capture_output=True)
    if mounted.returncode != 0:
        import pytest

        pytest.skip(f"cannot bind-mount here: {mounted.stderr.decode().strip()}")
    try:
        holder = hold_lock(db, "sys.stdin.read()")
        try:
            assert holder.stdout.readline().strip() == "locked"
            result = recs("--db", str(other), "update", "R1", "--status", "partial",
                          env={"RECS_LOCK_TIMEOUT": "0.2"})
            assert result.exit_code == 1 and "locked by" in result.stderr
        finally:
            holder.communicate("")
        recs.ok("--db", str(other), "update", "R1", "--status", "partial")
        assert recs.json("show", "R1")["status"] == "partial"  # seen through the first path
    finally:
        subprocess.run(["umount", str(other)], capture_output=True)


def test_writes_with_fsync_as_users_run_them(recs, seeded, tmp_path):
    """The suite skips fsync (RECS_TEST_NO_FSYNC, like git's GIT_TEST_FSYNC); here the
    durable paths run as they do for users: one file, a journal of a few, and of many
    (one os.sync())."""
    durable = {"RECS_TEST_NO_FSYNC": ""}
    recs.ok("update", "R1", "--status", "partial", env=durable)
    rows = [{"title": f"T{i}", "actors": ["UN"], "brief": "apri-2023-09-20"} for i in range(70)]
    (tmp_path / "many.json").write_text(json.dumps(rows))
    recs.ok("import", str(tmp_path / "many.json"), env=durable)
    recs.ok("undo", "--yes", env=durable)
    assert len(recs.json("list")) == 9 and recs.json("show", "R1")["status"] == "partial"
    recs.ok("doctor")
