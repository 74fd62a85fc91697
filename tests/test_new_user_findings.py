"""What a new user's try of the tracker folder, git sharing and the attacks
found, each kept fixed: real processes and real files."""

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import SEED, digest, record, snapshot
from procs import env_for

OLD = Path(__file__).resolve().parent / "data"


def test_export_to_dev_stdout_appends_to_a_redirected_file(seeded, tmp_path):
    """`recs export --output /dev/stdout >> file`: written into, never replacing the file."""
    target = tmp_path / "app.txt"
    target.write_text("HEADER\n")
    inode = target.stat().st_ino
    with open(target, "ab") as out:
        done = subprocess.run([sys.executable, "-m", "recs", "export", "--format", "csv", "--output", "/dev/stdout"],
                              env=env_for(seeded), stdout=out, stderr=subprocess.PIPE, timeout=60)
    assert done.returncode == 0, done.stderr
    assert target.stat().st_ino == inode
    text = target.read_text(encoding="utf-8-sig")
    assert text.startswith("HEADER\n") and "R1," in text


def test_another_tools_tracker_json_in_a_parent_is_passed_by(recs, tmp_path, monkeypatch):
    """A parent folder's tracker.json that is not a recs settings file does not take over."""
    app = tmp_path / "webapp"
    (app / "src").mkdir(parents=True)
    (app / "tracker.json").write_text('{"name": "my web app"}\n')
    monkeypatch.delenv("RECS_DB")
    monkeypatch.chdir(app / "src")
    result = recs.ok("list", "--format", "json")  # the per-user tracker, seeded on first use
    assert len(json.loads(result.stdout)) == 9 and "first use" in result.stderr


def test_a_refused_conversion_leaves_nothing_beside_the_file(recs, tmp_path):
    old = tmp_path / "team" / "store.json"
    old.parent.mkdir()
    old.write_bytes((OLD / "store-v2.json").read_bytes())
    (tmp_path / "team" / "store").mkdir()
    (tmp_path / "team" / "store" / "notes.txt").write_text("not a tracker")
    result = recs("--db", str(old), "list")
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    assert sorted(p.name for p in old.parent.iterdir()) == ["store", "store.json"]


def test_undo_names_who_made_a_change_that_came_whole(recs, seeded, tmp_path):
    colleague = tmp_path / "colleague"
    import shutil

    shutil.copytree(seeded, colleague, ignore=shutil.ignore_patterns(".recs"))
    recs.ok("add", "Theirs", "--actor", "UN", env={"RECS_DB": str(colleague), "RECS_USER": "ana"})
    (tmp_path / "ana.json").write_text(recs.ok("export", env={"RECS_DB": str(colleague)}).stdout)
    recs.ok("import", str(tmp_path / "ana.json"))  # RECS_USER=tester (conftest)
    dry = recs.ok("undo", "--dry-run")
    assert " by tester at " in dry.stderr


def test_ids_are_ascii(recs, seeded):
    before = digest(seeded)
    for rec_id in ("Ｒ7", "R٦٢"):
        result = recs("add", "T", "--actor", "UN", "--id", rec_id)
        assert result.exit_code != 0 and result.stderr.startswith("Error: ") and "ASCII" in result.stderr
    assert digest(seeded) == before


def test_import_refuses_a_two_line_author_and_a_key_given_twice(recs, seeded, tmp_path):
    before = digest(seeded)
    r1 = record(seeded, "R1")
    r1["history"][-1]["by"] = "ana\nben"
    (tmp_path / "two-lines.json").write_text(json.dumps([r1]))
    result = recs("import", str(tmp_path / "two-lines.json"))
    assert result.exit_code == 1 and "by" in result.stderr
    (tmp_path / "twice.ndjson").write_text('{"id": "R1", "id": "R2", "title": "x", "actors": ["a"]}\n')
    result = recs("import", str(tmp_path / "twice.ndjson"))
    assert result.exit_code == 1 and "'id' is given more than once" in result.stderr
    assert digest(seeded) == before


def test_export_refuses_a_record_file_that_gives_a_key_twice(recs, seeded, tmp_path):
    path = seeded / "recommendations" / "R2.json"
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b'  "status": ', b'  "status": "partial",\n  "status": ', 1))
    before = snapshot(seeded)
    result = recs("export", "--output", str(tmp_path / "backup.json"))
    assert result.exit_code == 1 and "more than once" in result.stderr
    assert not (tmp_path / "backup.json").exists() and snapshot(seeded) == before
    assert os.path.exists(SEED / "recommendations" / "R2.json")
