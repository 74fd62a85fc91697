"""`recs remove ID` archives a recommendation (kept, with its history, in its own
file), `recs list --archived` lists archived ones, `recs restore ID` brings one
back; both are undoable and redoable, and archived ones are left out of list,
report, due and the csv and md exports."""

import csv
import io
import json

import pytest
from conftest import digest, record, snapshot
from fixing import assert_restored


def ids(recs, *args):
    return [r["id"] for r in recs.json("list", *args)]


def test_remove_archives_and_restore_brings_back(recs, seeded):
    before = snapshot(seeded)
    result = recs.ok("remove", "R8", "--note", "a duplicate of R3")
    assert result.stdout == "" and "R8: archived" in result.stderr and "recs restore R8" in result.stderr
    assert "R8" not in ids(recs) and ids(recs, "--archived") == ["R8"]
    kept = record(seeded, "R8")  # in its own file still: a colleague's edit merges in place
    assert kept["archived"] == kept["history"][-1]["new"]
    assert (kept["history"][-1]["field"], kept["history"][-1]["note"]) == ("archived", "a duplicate of R3")
    shown = recs.ok("show", "R8")
    assert "R8 is archived" in shown.stderr and "recs restore R8" in shown.stderr
    assert recs.ok("restore", "r8").stderr == "R8: restored\n"  # ids in any case
    assert "R8" in ids(recs) and ids(recs, "--archived") == []
    assert_restored(before, snapshot(seeded))
    assert "archived" not in record(seeded, "R8")
    recs.ok("doctor")


def test_archived_ones_are_left_out_of_report_due_and_exports(recs, seeded):
    recs.ok("update", "R8", "--due", "2024-01")  # overdue
    assert "R8" in recs("due", "--format", "json").stdout
    full = recs.json("report")
    recs.ok("remove", "R8")
    assert "R8" not in recs("due", "--format", "json").stdout
    assert sum(recs.json("report")["by_status"].values()) == sum(full["by_status"].values()) - 1
    assert "R8" not in recs.ok("report", "--format", "md").stdout
    rows = list(csv.DictReader(io.StringIO(recs.ok("export", "--format", "csv").stdout)))
    assert len(rows) == 8 and "R8" not in [r["id"] for r in rows]
    assert "R8" in [r["id"] for r in csv.DictReader(io.StringIO(
        recs.ok("export", "--format", "csv", "--archived").stdout))]
    assert "## R8" not in recs.ok("export", "--format", "md").stdout
    # json, the backup, keeps it (marked), so a tracker rebuilt from it has it
    exported = json.loads(recs.ok("export").stdout)
    (r8,) = [r for r in exported["recommendations"] if r["id"] == "R8"]
    assert r8["archived"]


def test_an_export_with_archived_ones_rebuilds_the_same_tracker(recs, seeded, tmp_path):
    recs.ok("remove", "R8")
    recs.ok("export", "--output", str(tmp_path / "backup.json"))
    other = tmp_path / "other"
    env = {"RECS_DB": str(other)}
    recs.ok("init", "--empty", env=env)
    recs.ok("import", str(tmp_path / "backup.json"), env=env)
    assert snapshot(other) == snapshot(seeded)
    assert [r["id"] for r in recs.json("list", "--archived", env=env)] == ["R8"]


def test_an_archived_id_is_never_reused(recs, seeded):
    recs.ok("remove", "R9")
    assert recs.ok("add", "Another", "--actor", "UN").stdout == "R10\n"
    taken = recs("add", "Again", "--actor", "UN", "--id", "R9")
    assert taken.exit_code == 1 and "already taken" in taken.stderr


def test_remove_and_restore_are_undone_and_redone(recs, seeded):
    start = snapshot(seeded)
    recs.ok("remove", "R8")
    archived = snapshot(seeded)
    undone = recs.ok("undo", "--yes")
    assert "R8: bring it back from the archive" in undone.stderr and "Undid `remove R8`" in undone.stderr
    assert_restored(start, snapshot(seeded))
    recs.ok("redo", "--yes")
    assert_restored(archived, snapshot(seeded))
    recs.ok("restore", "R8")
    assert "R8: archive it again" in recs.ok("undo", "--dry-run").stderr
    recs.ok("undo", "--yes")
    assert_restored(archived, snapshot(seeded))
    recs.ok("doctor")


@pytest.mark.parametrize("args, code, words", [
    (["remove", "R99"], 1, "no recommendation with id 'R99'"),
    (["remove"], 2, "Missing argument"),
    (["restore", "R1"], 1, "R1 is not archived"),
    (["restore", "R99"], 1, "no recommendation with id 'R99'"),
    (["remove", "R1", "--note", "x" * 100_001], 1, "note"),
    (["list", "--archived", "--status", "nonsense"], 1, "nonsense"),
])
def test_bad_input_changes_nothing(recs, seeded, args, code, words):
    before = digest(seeded)
    result = recs(*args)
    assert result.exit_code == code, (args, result.stderr)
    assert result.stderr.startswith("Error: ") and words in result.stderr and "Traceback" not in result.stderr
    assert digest(seeded) == before


def test_removing_twice_is_refused(recs, seeded):
    recs.ok("remove", "R2")
    before = digest(seeded)
    result = recs("remove", "R2")
    assert result.exit_code == 1 and "R2 is archived already" in result.stderr and "recs restore R2" in result.stderr
    assert digest(seeded) == before


def test_a_recommendation_whose_creation_was_undone_cannot_be_archived(recs, seeded):
    new_id = recs.ok("add", "Gone", "--actor", "UN").stdout.strip()
    recs.ok("undo", "--yes")
    before = digest(seeded)
    for command in ("remove", "restore"):
        result = recs(command, new_id)
        assert result.exit_code == 1 and "was removed by `recs undo`" in result.stderr
    assert digest(seeded) == before


@pytest.mark.parametrize("first", ["archive", "restore"])
def test_an_archive_or_a_restore_merges_with_a_colleagues_change(recs, seeded, tmp_path, first):
    """Git's merge driver (`recs merge-driver`) on R8 archived (or restored) on one side and
    updated on the other: both changes are kept; a restore (the key dropped) is not lost."""
    import shutil

    if first == "restore":
        recs.ok("remove", "R8")
    base = (seeded / "recommendations" / "R8.json").read_bytes()
    colleague = tmp_path / "colleague"
    shutil.copytree(seeded, colleague, ignore=shutil.ignore_patterns(".recs"))
    recs.ok("remove" if first == "archive" else "restore", "R8")
    recs.ok("--as", "ben", "update", "R8", "--status", "partial", env={"RECS_DB": str(colleague)})
    paths = {name: tmp_path / f"{name}.json" for name in ("base", "ours", "theirs")}
    paths["base"].write_bytes(base)
    paths["ours"].write_bytes((seeded / "recommendations" / "R8.json").read_bytes())
    paths["theirs"].write_bytes((colleague / "recommendations" / "R8.json").read_bytes())
    recs.ok("merge-driver", *(str(p) for p in paths.values()))
    merged = json.loads(paths["ours"].read_text())
    assert merged["status"] == "partial"
    assert ("archived" in merged) is (first == "archive")


def test_list_as_of_a_day_before_the_archiving_shows_it(recs, seeded):
    recs.ok("remove", "R8", env={"RECS_NOW": "2026-11-28T12:00:00Z"})
    assert "R8" in ids(recs, "--as-of", "2026-11-27") and "R8" not in ids(recs, "--as-of", "2026-11-28")
    assert ids(recs, "--as-of", "2026-11-28", "--archived") == ["R8"]
    assert ids(recs, "--as-of", "2026-11-27", "--archived") == []
    recs.ok("restore", "R8", env={"RECS_NOW": "2026-11-30T12:00:00Z"})
    assert ids(recs, "--as-of", "2026-11-29", "--archived") == ["R8"] and "R8" in ids(recs)
