"""`recs undo`: reverts exactly what the last command (or the last N) wrote,
records the undo in the history, and never destroys anything."""

import json
import shutil
import subprocess
import sys

import pytest
from conftest import digest, record, snapshot
from procs import FIXED_NOW, env_for, run, run_in_pty

from recs.store.files import dumps

from recs.tracker import undo
from recs.core.errors import RecsError
from recs.store import Store


def rec(db, rec_id):
    return Store.open(db).get(rec_id)


def test_undo_an_update_and_redo_it(recs, seeded):
    before = rec(seeded, "R8")
    recs.ok("update", "R8", "--status", "in_progress", "--due", "2026-06", "--note", "talks began")
    result = recs.ok("undo", "--yes")
    assert "R8: status: In progress → back to Not started" in result.stderr
    assert "R8: due: 2026-06 → back to (none)" in result.stderr
    after = rec(seeded, "R8")
    assert (after["status"], after["due"]) == (before["status"], before["due"])
    undo_entries = after["history"][len(before["history"]) + 2:]
    assert [(e["field"], e["old"], e["new"]) for e in undo_entries] == [
        ("due", "2026-06", None), ("status", "in_progress", "not_started")]
    assert all(e["note"].startswith("undo of `update R8 --status in_progress") for e in undo_entries)
    assert len({e["change"] for e in undo_entries}) == 1
    recs.ok("redo", "--yes")
    redone = rec(seeded, "R8")
    assert (redone["status"], redone["due"]) == ("in_progress", "2026-06")
    assert recs("doctor").exit_code == 0


def test_undo_evidence_keeps_it_in_the_history(recs, seeded):
    recs.ok("evidence", "add", "R8", "--summary", "Statement", "--url", "https://example.org/a",
            "--date", "2024-05-01")
    added = rec(seeded, "R8")["evidence"][-1]
    recs.ok("undo", "-y")
    r8 = rec(seeded, "R8")
    assert added["id"] not in [e["id"] for e in r8["evidence"]]
    assert r8["history"][-1]["field"] == "evidence" and r8["history"][-1]["old"] == added
    recs.ok("redo", "-y")  # the undone one back
    assert rec(seeded, "R8")["evidence"][-1] == added
    recs.ok("undo", "-y")
    # a new piece of evidence does not take the undone one's id
    recs.ok("evidence", "add", "R8", "--summary", "Other", "--source", "s")
    assert rec(seeded, "R8")["evidence"][-1]["id"] != added["id"]
    assert recs("doctor").exit_code == 0


def test_undo_add_keeps_the_record_and_its_id(recs, seeded):
    new_id = recs.ok("add", "Open a humanitarian corridor", "--actor", "UN").stdout.strip()
    recs.ok("evidence", "add", new_id, "--summary", "Agreed", "--source", "UN press")
    recs.ok("undo", "2", "--yes")
    listed = [r["id"] for r in recs.json("list")]
    assert new_id not in listed
    shown = recs("show", new_id)
    assert shown.exit_code == 1 and "was removed by `recs undo`" in shown.stderr
    trail = recs.json("history", new_id)  # the audit trail stays readable
    assert [e["field"] for e in trail] == ["created", "evidence", "evidence", "created"]
    kept = Store.open(seeded).removed()
    assert [r["id"] for r in kept] == [new_id] and kept[0]["title"] == "Open a humanitarian corridor"
    assert [e["field"] for e in kept[0]["history"]] == ["created", "evidence", "evidence", "created"]
    # ids are never reused
    assert recs.ok("add", "Another", "--actor", "UN").stdout.strip() != new_id
    taken = recs("add", "Again", "--actor", "UN", "--id", new_id)
    assert taken.exit_code == 1 and "never reused" in taken.stderr
    assert recs("doctor").exit_code == 0


def test_redo_of_an_undone_add(recs, seeded):
    new_id = recs.ok("add", "Something", "--actor", "UN").stdout.strip()
    recs.ok("undo", "--yes")
    recs.ok("redo", "--yes")
    assert recs.json("show", new_id)["title"] == "Something"
    assert Store.open(seeded).removed() == []


def test_one_change_is_one_command_even_in_the_same_second(recs, seeded):
    """Two commands by one person in one second are still two changes."""
    same = {"RECS_NOW": FIXED_NOW}
    recs.ok("update", "R8", "--status", "in_progress", env=same)
    recs.ok("update", "R8", "--status", "partial", env=same)
    recs.ok("undo", "--yes", env=same)
    assert rec(seeded, "R8")["status"] == "in_progress"
    r8 = rec(seeded, "R8")
    assert r8["history"][-2]["at"] == r8["history"][-3]["at"] == FIXED_NOW


def test_one_command_on_several_fields_is_one_change(recs, seeded):
    before = rec(seeded, "R8")
    recs.ok("update", "R8", "--status", "partial", "--tag", "x", "--tag", "y", "--actor", "EU")
    result = recs.ok("undo", "--yes")
    assert "Undo 1 change" in result.stderr
    after = rec(seeded, "R8")
    fields = ("status", "tags", "actors", "evidence", "title", "due")
    assert {f: after[f] for f in fields} == {f: before[f] for f in fields}
    assert after["history"][: len(before["history"])] == before["history"]


def test_undo_a_note(recs, seeded):
    recs.ok("update", "R8", "--note", "a mistaken note")
    recs.ok("undo", "--yes")
    last = rec(seeded, "R8")["history"][-1]
    assert last["field"] == "note" and "withdraws the note 'a mistaken note'" in last["note"]


def test_dry_run_and_refusals_change_nothing(recs, seeded):
    recs.ok("update", "R8", "--status", "partial")
    before = digest(seeded)
    dry = recs.ok("undo", "--dry-run")
    assert "Would undo 1 change" in dry.stderr and "R8: status: Partially implemented → back to Not started" in dry.stderr
    no_tty = recs("undo")  # CliRunner's stdin is not a terminal
    assert no_tty.exit_code == 2 and no_tty.stderr.startswith("Error: `recs undo` asks for confirmation")
    for args, code in ((["undo", "0"], 2), (["undo", "-3", "--yes"], 2), (["undo", "many"], 2),
                       (["undo", "10000", "--yes"], 1)):
        result = recs(*args)
        assert result.exit_code == code and result.stderr.startswith("Error: "), (args, result.stderr)
    assert digest(seeded) == before


def test_nothing_to_undo(recs, db):
    recs.ok("init", "--empty")
    result = recs("undo", "--yes")
    assert result.exit_code == 1 and "nothing to undo" in result.stderr


def test_hand_edited_store_is_not_undone_blindly(recs, seeded):
    recs.ok("update", "R8", "--status", "partial")
    r8 = record(seeded, "R8")
    r8["status"] = "implemented"  # by hand, no history
    (seeded / "recommendations" / "R8.json").write_text(json.dumps(r8))
    before = digest(seeded)
    result = recs("undo", "--yes")
    assert result.exit_code == 1 and "cannot undo: R8 has status 'Implemented'" in result.stderr
    assert digest(seeded) == before


def test_store_changed_since_the_preview(recs, seeded):
    recs.ok("update", "R8", "--status", "partial")
    preview = [c.id for c in undo.last(Store.open(seeded), 1)]
    recs.ok("update", "R7", "--note", "meanwhile, in another terminal")
    before = digest(seeded)
    with pytest.raises(RecsError, match="changed since the preview"):
        with Store.change(seeded) as store:
            undo.undo(store, 1, by="tester", expected=preview)
    assert digest(seeded) == before


def test_confirmation_on_a_terminal(seeded):
    from procs import run as run_recs

    assert run_recs(seeded, "update", "R8", "--status", "partial").returncode == 0
    before = digest(seeded)
    code, screen = run_in_pty(seeded, "undo", answer=b"n\n")
    assert code == 1 and b"Undo 1 change?" in screen and b"Nothing was undone." in screen
    assert digest(seeded) == before
    code, screen = run_in_pty(seeded, "undo", answer=b"y\n")
    assert code == 0 and b"Undid `update R8 --status partial` by tester" in screen, screen
    assert rec(seeded, "R8")["status"] == "not_started"


def test_undo_an_import(recs, seeded, tmp_path):
    """An import is one change: the records it added go, the fields it changed come back."""
    before = recs.json("list")
    exported = json.loads(recs.ok("export").stdout)
    changed = dict(exported["recommendations"][7], status="partial")  # R8
    exported["recommendations"] = [changed]
    (tmp_path / "in.json").write_text(json.dumps(exported))
    (tmp_path / "in.csv").write_text("title,actors,status\nA new one,UN,in_progress\n")
    recs.ok("import", str(tmp_path / "in.json"))
    recs.ok("import", str(tmp_path / "in.csv"))
    assert len(recs.json("list")) == 10 and recs.json("show", "R8")["status"] == "partial"
    recs.ok("undo", "2", "--yes")
    after = recs.json("list")
    assert [r["id"] for r in after] == [r["id"] for r in before]
    assert [(r["status"], r["evidence"]) for r in after] == [(r["status"], r["evidence"]) for r in before]
    assert recs("doctor").exit_code == 0


def test_undo_an_import_that_replaced_evidence(recs, seeded, tmp_path):
    before = recs.json("show", "R1")
    exported = json.loads(recs.ok("export").stdout)
    r1 = exported["recommendations"][0]
    r1["evidence"][0] = dict(r1["evidence"][0], summary="A corrected summary")
    exported["recommendations"] = [r1]
    (tmp_path / "fix.json").write_text(json.dumps(exported))
    recs.ok("import", str(tmp_path / "fix.json"))
    assert recs.json("show", "R1")["evidence"][0]["summary"] == "A corrected summary"
    assert "put back the earlier version of evidence E1" in recs.ok("undo", "--dry-run").stderr
    recs.ok("undo", "--yes")
    assert recs.json("show", "R1")["evidence"] == before["evidence"]
    recs.ok("redo", "--yes")
    assert recs.json("show", "R1")["evidence"][0]["summary"] == "A corrected summary"


def test_export_import_keeps_removed_recommendations(recs, seeded, tmp_path):
    """A store rebuilt from its export still has what undo removed (and never reuses its id)."""
    new_id = recs.ok("add", "Withdrawn", "--actor", "UN").stdout.strip()
    recs.ok("undo", "--yes")
    exported = recs.ok("export").stdout
    assert json.loads(exported)["removed"][0]["id"] == new_id
    (tmp_path / "all.json").write_text(exported)
    other = tmp_path / "other"
    recs.ok("init", "--empty", env={"RECS_DB": str(other)})
    recs.ok("import", str(tmp_path / "all.json"), env={"RECS_DB": str(other)})
    assert recs.ok("export", env={"RECS_DB": str(other)}).stdout == exported
    assert snapshot(other) == snapshot(seeded)
    assert (other / "removed" / f"{new_id}.json").is_file()
    taken = recs("add", "Again", "--actor", "UN", "--id", new_id, env={"RECS_DB": str(other)})
    assert taken.exit_code == 1 and "never reused" in taken.stderr
    # a store without removed records exports no `removed` key (the format is unchanged)
    fresh = tmp_path / "fresh"
    recs.ok("init", env={"RECS_DB": str(fresh)})
    assert "removed" not in json.loads(recs.ok("export", env={"RECS_DB": str(fresh)}).stdout)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_import_never_reuses_the_id_of_an_undone_recommendation(recs, seeded, tmp_path, fmt):
    """An import may not bring back, under the same id, a recommendation undo removed:
    the store would hold the id twice (`recommendations` and `removed`)."""
    new_id = recs.ok("add", "Withdrawn", "--actor", "UN").stdout.strip()
    exported = json.loads(recs.ok("export").stdout)
    recs.ok("undo", "--yes")
    if fmt == "json":
        exported["recommendations"] = [r for r in exported["recommendations"] if r["id"] == new_id]
        (tmp_path / "in.json").write_text(json.dumps(exported))
    else:
        (tmp_path / "in.csv").write_text(f"id,title,actors\n{new_id},Back again,UN\n")
    before = digest(seeded)
    result = recs("import", str(tmp_path / f"in.{fmt}"))
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("Error: ") and f"id {new_id!r} belonged to a recommendation removed by `recs undo`" \
        in result.stderr
    assert digest(seeded) == before
    assert recs("doctor").exit_code == 0


def test_import_of_removed_records_moves_the_id_counter_past_them(recs, seeded, tmp_path):
    """An export has no id counter (`last_number`; new ids come from the ids in use and
    removed): the ids of its removed records still count as used, so the new tracker
    passes `recs doctor` and never hands them out."""
    new_id = recs.ok("add", "Withdrawn", "--actor", "UN").stdout.strip()
    recs.ok("undo", "--yes")
    exported = json.loads(recs.ok("export").stdout)
    assert "last_number" not in exported
    exported["recommendations"] = []
    (tmp_path / "removed-only.json").write_text(json.dumps(exported))
    other = tmp_path / "other"
    recs.ok("init", "--empty", env={"RECS_DB": str(other)})
    recs.ok("import", str(tmp_path / "removed-only.json"), env={"RECS_DB": str(other)})
    assert recs("doctor", env={"RECS_DB": str(other)}).exit_code == 0
    assert Store.open(other).next_id() == f"R{int(new_id[1:]) + 1}"
    assert recs.ok("add", "Next", "--actor", "UN", env={"RECS_DB": str(other)}).stdout.strip() == \
        f"R{int(new_id[1:]) + 1}"


@pytest.mark.parametrize("args", [["undo", "--yes"], ["undo", "--dry-run"]])
def test_a_damaged_record_file_stops_undo(recs, seeded, args):
    """Undo looks for the last change in every record: with one record file unreadable
    it cannot know which change is the last, so it undoes none (rather than an older one)."""
    recs.ok("update", "R8", "--status", "partial")
    recs.ok("update", "R1", "--note", "the last change")
    (seeded / "recommendations" / "R1.json").write_bytes(b"{ this is not json")
    before = digest(seeded)
    result = recs(*args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert str(seeded / "recommendations" / "R1.json") in lines[0] and "is not valid JSON" in lines[0]
    assert digest(seeded) == before
    assert record(seeded, "R8")["status"] == "partial"


# -- the change log of this clone (issue 11, point 5) ---------------------------------------
def test_an_import_of_records_with_their_own_history_is_one_undoable_change(recs, seeded, tmp_path):
    """A colleague's export brings a new record and a later copy of R2, each with
    their own history: one `undo` takes the whole import back, not an earlier note."""
    recs.ok("update", "R1", "--note", "my earlier note")
    colleague = tmp_path / "colleague"
    shutil.copytree(seeded, colleague, ignore=shutil.ignore_patterns(".recs"))
    env = {"RECS_DB": str(colleague), "RECS_USER": "ana"}
    new_id = recs.ok("add", "Ana's recommendation", "--actor", "UN", env=env).stdout.strip()
    recs.ok("evidence", "add", "R2", "--summary", "Ana's evidence", "--source", "s", env=env)
    (tmp_path / "ana.json").write_text(recs.ok("export", env=env).stdout)
    before = snapshot(seeded)
    result = recs.ok("import", str(tmp_path / "ana.json"))
    assert "1 added, 1 modified" in result.stderr
    undone = recs.ok("undo", "--yes")
    assert "Undo 1 change" in undone.stderr
    after = snapshot(seeded)
    assert after["recommendations/R2.json"] != before["recommendations/R2.json"]  # an undo entry was added
    r2 = recs.json("show", "R2")
    assert [e["summary"] for e in r2["evidence"]] == [e["summary"] for e in json.loads(
        before["recommendations/R2.json"])["evidence"]]
    assert "Ana's evidence" not in [e["summary"] for e in r2["evidence"]]
    assert r2["history"][-1]["field"] == "record" and r2["history"][-1]["old"]["evidence"][-1]["summary"] == \
        "Ana's evidence"  # the replaced copy is kept in the history
    assert recs("show", new_id).exit_code == 1 and (seeded / "removed" / f"{new_id}.json").exists()
    assert recs.json("show", "R1")["history"][-1]["note"] == "my earlier note"  # untouched
    recs.ok("doctor")


def test_undo_reaches_the_last_command_run_here_whatever_the_change_ids(recs, seeded):
    """An entry with a change id from the far future (another clone's clock, a
    merge) does not make `undo` undo it instead of this clone's last command."""
    r5 = record(seeded, "R5")
    r5["history"].append(dict(r5["history"][-1], note="from a clock far ahead", change=9_000_000_000_000_000))
    (seeded / "recommendations" / "R5.json").write_bytes(dumps(r5))
    recs.ok("update", "R1", "--status", "in_progress", "--note", "mine")
    dry = recs.ok("undo", "--dry-run")
    assert "R1: status: In progress → back to" in dry.stderr and "R5" not in dry.stderr
    recs.ok("undo", "--yes")
    assert recs.json("show", "R1")["status"] == record(seeded, "R1")["status"]
    assert recs.json("show", "R5")["history"][-1]["note"] == "from a clock far ahead"


def test_a_fresh_clone_has_nothing_to_undo(recs, seeded):
    result = recs("undo", "--yes")
    assert result.exit_code == 1 and "nothing to undo: no command has changed" in result.stderr


def spawn_loop(db, rec_id: str, count: int):
    """A process running `count` updates of `rec_id`, one after another, through the real entry point."""
    script = ("import sys\nfrom typer.main import get_command\nfrom recs.cli.app import app\n"
              "command = get_command(app)\n"
              f"for j in range({count}):\n"
              f"    command.main(['update', {rec_id!r}, '--note', f'w{{j}}'], 'recs', standalone_mode=False)\n")
    return subprocess.Popen([sys.executable, "-c", script], env=env_for(db, RECS_LOCK_TIMEOUT="30"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_undo_does_not_starve_under_steady_writers(seeded):
    """Writers in other processes keep writing; every `undo --yes` still goes through
    (it finds and undoes the last change under one hold of the lock)."""
    assert run(seeded, "update", "R1", "--note", "first").returncode == 0
    writers = [spawn_loop(seeded, f"R{i + 2}", 40) for i in range(4)]
    try:
        done = 0
        for _ in range(6):
            result = run(seeded, "undo", "--yes", RECS_LOCK_TIMEOUT="90")
            assert result.returncode == 0, result.stderr
            done += 1
        assert done == 6
    finally:
        for w in writers:
            w.communicate(timeout=120)
    assert run(seeded, "doctor").returncode == 0
