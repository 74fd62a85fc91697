"""Which tracker a command uses: --db, RECS_DB, the tracker folder the cwd is
in, ./data/tracker, the user data dir; and an old single-file store named by
--db or RECS_DB, converted into a folder beside it."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED, digest, record, snapshot

OLD = Path(__file__).resolve().parents[1] / "data"


def ids(result) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [r["id"] for r in json.loads(result.stdout)]


def test_db_flag_beats_env(recs, tmp_path):
    flag, env = tmp_path / "flag", tmp_path / "env"
    recs.ok("--db", str(flag), "init", "--empty")
    recs.ok("--db", str(env), "init")
    assert ids(recs("--db", str(flag), "list", "--format", "json", env={"RECS_DB": str(env)})) == []
    assert len(ids(recs("list", "--format", "json", env={"RECS_DB": str(env)}))) == 9


def test_the_tracker_folder_the_cwd_is_in(recs, tmp_path, monkeypatch):
    """As git finds `.git`: the current folder or a parent holding tracker.json."""
    monkeypatch.delenv("RECS_DB")
    tracker = tmp_path / "project" / "tracker"
    recs.ok("init", "--empty", str(tracker))
    recs.ok("--db", str(tracker), "add", "Only here", "--actor", "UN")
    for where in (tracker / "recommendations", tracker, tracker / "briefs"):
        monkeypatch.chdir(where)
        assert ids(recs("list", "--format", "json")) == ["R1"], where
    monkeypatch.chdir(tracker / "recommendations")
    assert recs.ok("add", "Second", "--actor", "EU").stdout == "R2\n"
    assert record(tracker, "R2")["title"] == "Second"
    assert "Only here" in recs.ok("list").stdout
    # --db and RECS_DB still win over the folder you are in
    other = tmp_path / "other"
    recs.ok("init", str(other))
    assert len(ids(recs("list", "--format", "json", env={"RECS_DB": str(other)}))) == 9
    assert len(ids(recs("--db", str(other), "list", "--format", "json"))) == 9
    # a folder beside or below a tracker is not in it
    monkeypatch.chdir(tmp_path / "project")
    assert len(ids(recs("list", "--format", "json"))) == 9  # the per-user tracker, seeded
    assert sorted(snapshot(tracker)) == ["recommendations/R1.json", "recommendations/R2.json", "tracker.json"]
    assert not (tmp_path / "tracker").exists()


def test_local_data_dir_then_user_dir(recs, tmp_path, monkeypatch):
    monkeypatch.delenv("RECS_DB")
    # no tracker around the cwd, no ./data/tracker: the user's, created and seeded on first use
    first = recs("list", "--format", "json")
    user_store = tmp_path / "xdg-data" / "recs" / "tracker"
    assert len(ids(first)) == 9 and "first use" in first.stderr and str(user_store) in first.stderr
    assert snapshot(user_store) == snapshot(SEED)
    assert "first use" not in recs.ok("list", "--format", "json").stderr
    # ./data/tracker, when present, wins over the user directory
    recs.ok("init", "--empty", "data/tracker")
    assert ids(recs("list", "--format", "json")) == []
    recs.ok("add", "Local", "--actor", "UN")
    assert record(tmp_path / "data" / "tracker", "R1")["title"] == "Local"
    assert snapshot(user_store) == snapshot(SEED)


def test_installed_entry_point_and_module_agree(tmp_path):
    env = dict(os.environ, RECS_DB=str(tmp_path / "s"))
    subprocess.run([sys.executable, "-m", "recs", "init"], env=env, check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-m", "recs", "list", "--format", "json"], env=env,
                         check=True, capture_output=True, text=True).stdout
    assert len(json.loads(out)) == 9
    exe = Path(sys.executable).with_name("recs")
    if exe.exists():  # the console script of the installed package
        out2 = subprocess.run([str(exe), "list", "--format", "json"], env=env, check=True,
                              capture_output=True, text=True, cwd=tmp_path).stdout
        assert out2 == out


def test_global_options_also_follow_the_command(recs, tmp_path):
    """`recs init PATH`, as the missing-tracker error suggests, `recs init --db PATH`,
    and `--as` or `--db` after any command, where they win over RECS_DB and RECS_USER."""
    db = tmp_path / "after"
    missing = recs("list", "--db", str(db))
    assert missing.exit_code == 1
    assert missing.stderr == f"Error: no tracker at {db}; create one with `recs init {db}`\n"
    recs.ok(*missing.stderr.split("`")[1].split()[1:])  # the command it suggests, as given
    assert len(ids(recs("list", "--format", "json", "--db", str(db)))) == 9
    recs.ok("init", "--empty", "--db", str(tmp_path / "after2"))
    assert ids(recs("list", "--format", "json", "--db", str(tmp_path / "after2"))) == []
    recs.ok("update", "R8", "--note", "n", "--as", "alice", "--db", str(db))
    recs.ok("evidence", "add", "R8", "--db", str(db), "--summary", "s", "--source", "x", "--as", " bob ")
    assert [h["by"] for h in recs.json("history", "R8", "--db", str(db))[-2:]] == ["alice", "bob"]
    # after the command beats before it; RECS_DB's store was never created
    assert ids(recs("--db", str(tmp_path / "other"), "list", "--db", str(db), "--tag", "eu",
                    "--format", "json")) == ["R4"]
    assert not (tmp_path / "tracker").exists() and not (tmp_path / "other").exists()
    assert "--db PATH" in recs.ok("show", "--help").stdout


def test_an_empty_db_path_is_a_usage_error(recs, tmp_path, monkeypatch):
    """`--db "$UNSET"` must not fall through to the user's own store."""
    monkeypatch.delenv("RECS_DB")
    for args in (["--db", "", "list"], ["update", "R1", "--note", "n", "--db", ""], ["--db", " ", "init"]):
        result = recs(*args)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1 and "--db" in result.stderr
    assert not (tmp_path / "xdg-data").exists()


# -- an old single-file store -------------------------------------------------------
@pytest.mark.parametrize("name, how", [("store-v1.json", "flag"), ("store-v2.json", "env")])
def test_an_old_single_file_store_is_converted_into_a_folder_beside_it(recs, tmp_path, name, how):
    old = tmp_path / "team" / "recs.json"
    old.parent.mkdir()
    shutil.copy(OLD / name, old)
    before = old.read_bytes()
    use = (lambda *a: recs("--db", str(old), *a)) if how == "flag" else \
        (lambda *a: recs(*a, env={"RECS_DB": str(old)}))
    first = use("list", "--format", "json")
    folder = tmp_path / "team" / "recs"
    assert ids(first) == [f"R{i}" for i in range(1, 10)]
    assert f"Converted {old} (schema {name[7]}) into the tracker folder {folder}" in first.stderr
    assert "kept unchanged" in first.stderr and old.read_bytes() == before
    files = snapshot(folder)
    assert sorted(files) == sorted(snapshot(SEED)) and json.loads(files["tracker.json"]) == {"schema_version": 3}
    if name == "store-v2.json":  # the old shipped store: the shipped folder, but for the dates
        # the shipped tracker now records when each change took effect (`on`), and its
        # evidence and status changes are one command each: the rest is the same
        def undated(files):
            out = {}
            for key, raw in files.items():
                doc = json.loads(raw)
                for e in doc.get("history") or ():
                    e.pop("on", None), e.pop("change", None)
                out[key] = doc
            return out
        assert undated(files) == undated(snapshot(SEED))
    else:  # schema 1 had no change ids: one per command (same second, same person), from 1
        assert {e["change"] for r in (record(folder, f"R{i}") for i in range(1, 10)) for e in r["history"]} \
            == set(range(1, 1 + len({(e["at"], e["by"]) for i in range(1, 10)
                                     for e in record(folder, f"R{i}")["history"]})))
    # naming the file again uses the folder, and says so; writes go to the folder only
    again = use("update", "R8", "--status", "partial", "--note", "n")
    assert again.exit_code == 0 and "Converted" not in again.stderr
    assert f"{old} was converted into the tracker folder {folder}" in again.stderr
    assert record(folder, "R8")["status"] == "partial" and old.read_bytes() == before
    assert recs.json("--db", str(folder), "show", "R8")["status"] == "partial"


def test_the_old_per_user_file_is_converted_instead_of_seeding(recs, tmp_path, monkeypatch):
    monkeypatch.delenv("RECS_DB")
    legacy = tmp_path / "xdg-data" / "recs" / "recs.json"
    legacy.parent.mkdir(parents=True)
    # the user's own data (R3 edited), not the bundled brief
    legacy.write_bytes((OLD / "store-v2.json").read_bytes().replace(b'"status": "partial"', b'"status": "in_progress"', 1))
    before = legacy.read_bytes()
    result = recs("list", "--format", "json")
    assert len(ids(result)) == 9 and "Converted" in result.stderr and "first use" not in result.stderr
    tracker = legacy.with_name("tracker")
    assert legacy.read_bytes() == before and [r["status"] for r in json.loads(result.stdout)] == \
        [record(tracker, f"R{i}")["status"] for i in range(1, 10)]
    assert record(tracker, "R3")["status"] == "in_progress" != record(SEED, "R3")["status"]


def _damage(raw: bytes, how: str) -> bytes:
    if how == "truncated":
        return raw[: len(raw) // 2]
    if how == "not json":
        return b"<<<<<<< HEAD\n" + raw
    if how == "bad record":  # one record the commands could not use: the whole file is refused
        return raw.replace(b'"status": "partial"', b'"status": "done"', 1)
    if how == "duplicated key":  # a merge that kept both sides
        return raw.replace(b'"status": "partial"', b'"status": "partial", "status": "implemented"', 1)
    if how == "newer schema":
        return raw.replace(b'"schema_version": 2', b'"schema_version": 7', 1)
    raise AssertionError(how)


DAMAGE = ["truncated", "not json", "bad record", "duplicated key", "newer schema"]


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_single_file_is_refused_and_no_folder_is_made(recs, tmp_path, how):
    old = tmp_path / "team" / "recs.json"
    old.parent.mkdir()
    old.write_bytes(_damage((OLD / "store-v2.json").read_bytes(), how))
    before = old.read_bytes()
    for args in (["list"], ["update", "R1", "--note", "n"], ["export"]):
        result = recs("--db", str(old), *args)
        assert result.exit_code == 1 and result.stderr.startswith(f"Error: {old}"), (how, args, result.stderr)
        assert result.stderr.count("\n") == 1 and "left as is" in result.stderr and result.stdout == ""
        assert old.read_bytes() == before
        assert not (tmp_path / "team" / "recs").exists()
        assert [p.name for p in (tmp_path / "team").iterdir() if p.is_dir()] == []  # no half-built folder


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_single_file_is_refused_with_nothing_created(recs, tmp_path, how):
    old = tmp_path / "team" / "recs.json"
    old.parent.mkdir()
    old.write_bytes(_damage((OLD / "store-v2.json").read_bytes(), how))
    result = recs("--db", str(old), "list")
    assert result.exit_code == 1
    assert [p.name for p in (tmp_path / "team").iterdir()] == ["recs.json"]


def test_a_conversion_never_replaces_what_is_in_its_way(recs, tmp_path):
    old = tmp_path / "recs.json"
    shutil.copy(OLD / "store-v2.json", old)
    (tmp_path / "recs").mkdir()
    (tmp_path / "recs" / "notes.txt").write_text("mine")
    before = digest(tmp_path / "recs")
    result = recs("--db", str(old), "list")
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: cannot convert {old}")
    assert result.stderr.count("\n") == 1 and "left as is" in result.stderr
    assert digest(tmp_path / "recs") == before and old.read_bytes() == (OLD / "store-v2.json").read_bytes()
