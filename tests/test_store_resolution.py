"""Which store a command uses: --db, RECS_DB, ./data/recs.json, user data dir."""

import json
import os
import subprocess
import sys
from pathlib import Path


def ids(result) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [r["id"] for r in json.loads(result.stdout)]


def test_db_flag_beats_env(recs, tmp_path):
    flag, env = tmp_path / "flag.json", tmp_path / "env.json"
    recs.ok("--db", str(flag), "init", "--empty")
    recs.ok("--db", str(env), "init")
    assert ids(recs("--db", str(flag), "list", "--format", "json", env={"RECS_DB": str(env)})) == []
    assert len(ids(recs("list", "--format", "json", env={"RECS_DB": str(env)}))) == 9


def test_local_data_dir_then_user_dir(recs, tmp_path, monkeypatch):
    monkeypatch.delenv("RECS_DB")
    # no ./data/recs.json: the user data directory, seeded on first use
    first = recs("list", "--format", "json")
    assert len(ids(first)) == 9 and "first use" in first.stderr
    user_store = tmp_path / "xdg-data" / "recs" / "recs.json"
    assert user_store.exists()
    assert "first use" not in recs.ok("list", "--format", "json").stderr
    # ./data/recs.json, when present, wins over the user directory
    (tmp_path / "data").mkdir()
    recs.ok("--db", "data/recs.json", "init", "--empty")
    assert ids(recs("list", "--format", "json")) == []


def test_installed_entry_point_and_module_agree(tmp_path):
    env = dict(os.environ, RECS_DB=str(tmp_path / "s.json"))
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
    """`recs init --db PATH`, as the missing-store error suggests, and `--as` or
    `--db` after any command, where they win over RECS_DB and RECS_USER."""
    db = tmp_path / "after.json"
    missing = recs("list", "--db", str(db))
    assert missing.exit_code == 1 and f"`recs init --db {db}`" in missing.stderr
    recs.ok("init", "--db", str(db))
    assert len(ids(recs("list", "--format", "json", "--db", str(db)))) == 9
    recs.ok("update", "R8", "--note", "n", "--as", "alice", "--db", str(db))
    recs.ok("evidence", "add", "R8", "--db", str(db), "--summary", "s", "--source", "x", "--as", " bob ")
    assert [h["by"] for h in recs.json("history", "R8", "--db", str(db))[-2:]] == ["alice", "bob"]
    # after the command beats before it; RECS_DB's store was never created
    assert ids(recs("--db", str(tmp_path / "other.json"), "list", "--db", str(db), "--tag", "eu",
                    "--format", "json")) == ["R4"]
    assert not (tmp_path / "recs.json").exists()
    assert "--db PATH" in recs.ok("show", "--help").stdout


def test_an_empty_db_path_is_a_usage_error(recs, tmp_path, monkeypatch):
    """`--db "$UNSET"` must not fall through to the user's own store."""
    monkeypatch.delenv("RECS_DB")
    for args in (["--db", "", "list"], ["update", "R1", "--note", "n", "--db", ""], ["--db", " ", "init"]):
        result = recs(*args)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1 and "--db" in result.stderr
    assert not (tmp_path / "xdg-data").exists()
