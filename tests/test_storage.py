"""The store file: deterministic, versioned, atomic, locked (real files, real processes)."""

import json
import os
import subprocess
import sys
import textwrap

from conftest import digest

from recs import SCHEMA_VERSION


def test_file_is_deterministic_sorted_indented_with_newline(recs, seeded, db):
    raw = db.read_bytes()
    assert raw.endswith(b"}\n") and b"\n  \"_meta\": {" in raw
    data = json.loads(raw)
    assert raw.decode() == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert data["_meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert list(data) == ["_meta", "briefs", "recommendations", "removed"]


def test_same_commands_give_the_same_bytes(recs, tmp_path):
    def build(name):
        path = tmp_path / name
        env = {"RECS_DB": str(path), "RECS_NOW": "2025-01-01T00:00:00Z"}
        recs.ok("init", "--empty", env=env)
        recs.ok("add", "A title", "--actor", "UN", "--tag", "x", env=env)
        recs.ok("evidence", "add", "R1", "--summary", "s", "--source", "src", env=env)
        return path.read_bytes()

    assert build("one.json") == build("two.json")


def test_a_change_touches_only_its_record(recs, seeded, db):
    """Edits to different recommendations land in different parts of the file,
    which is what lets git merge them without conflict."""
    before = db.read_text().splitlines()
    recs.ok("update", "R8", "--status", "in_progress", "--note", "n")
    after = db.read_text().splitlines()
    import difflib

    changed = [(i1, i2) for tag, i1, i2, _, _ in
               difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes() if tag != "equal"]
    r8_start = before.index('    "R8": {')
    r9_start = before.index('    "R9": {')
    assert changed and all(r8_start < i1 <= i2 < r9_start for i1, i2 in changed)


def test_git_merges_edits_to_different_recommendations(recs, seeded, db, tmp_path):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True,
                       env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x",
                                GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@x"))

    git("init", "-q", "-b", "main")
    git("add", "recs.json")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "ana")
    recs.ok("--as", "ana", "update", "R2", "--status", "in_progress", "--note", "ana's")
    git("commit", "-qam", "ana")
    git("checkout", "-q", "main")
    recs.ok("--as", "ben", "evidence", "add", "R7", "--summary", "ben's", "--source", "EP")
    git("commit", "-qam", "ben")
    git("merge", "-q", "--no-edit", "ana")  # fails (check=True) on a conflict
    r2, r7 = recs.json("show", "R2"), recs.json("show", "R7")
    assert r2["status"] == "in_progress" and r7["evidence"][-1]["summary"] == "ben's"


def test_no_temporary_files_are_left_behind(recs, seeded, db):
    recs.ok("update", "R1", "--note", "x")
    recs("update", "R1", "--status", "bogus")
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(".recs.json")) == []


def test_a_held_lock_makes_writers_wait_then_fail_clearly(recs, seeded, db):
    """Another process holds the store's lock: a write waits RECS_LOCK_TIMEOUT
    seconds, then fails with a clear error and leaves the store as it was."""
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from filelock import FileLock
        with FileLock({str(db) + ".lock"!r}):
            print("locked", flush=True)
            sys.stdin.read()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = digest(db)
        result = recs("update", "R1", "--status", "partial", env={"RECS_LOCK_TIMEOUT": "0.2"})
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: ") and "locked by another recs command" in result.stderr
        assert digest(db) == before
        # readers never wait for the lock
        assert len(recs.json("list")) == 9
    finally:
        holder.communicate("")
    recs.ok("update", "R1", "--status", "partial")


def test_lock_of_a_killed_process_does_not_block(recs, seeded, db):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from filelock import FileLock
        FileLock({str(db) + ".lock"!r}).acquire()
        print("locked", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait()
    assert (db.parent / "recs.json.lock").exists()
    recs.ok("update", "R1", "--status", "partial", env={"RECS_LOCK_TIMEOUT": "0.5"})
