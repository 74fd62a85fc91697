"""`recs brief add|list|show|update|remove`: each change is in the brief's own history and
undoable; remove is refused while recommendations point to the brief."""

import json

import pytest
from conftest import digest, snapshot
from fixing import assert_restored
from procs import run_in_pty

BRIEF = "apri-2023-09-20"


def test_show(recs, seeded):
    shown = recs.ok("brief", "show", BRIEF).stdout
    assert "APRI Armenia" in shown and "Recommendations  9" in shown
    assert recs.json("brief", "show", BRIEF)["publisher"] == "APRI Armenia"


def test_update_is_recorded_and_undone_and_redone(recs, seeded):
    start = snapshot(seeded)
    result = recs.ok("brief", "update", BRIEF, "--publisher", "APRI", "--url", "https://apri.institute/b",
                     "--note", "shorter name")
    assert "brief apri-2023-09-20: publisher APRI Armenia → APRI" in result.stderr
    updated = snapshot(seeded)
    brief = recs.json("brief", "show", BRIEF)
    assert (brief["publisher"], brief["url"]) == ("APRI", "https://apri.institute/b")
    assert [(h["field"], h["old"], h["new"], h["note"]) for h in brief["history"]] == [
        ("publisher", "APRI Armenia", "APRI", "shorter name"), ("url", None, "https://apri.institute/b", "shorter name")]
    assert "History" in recs.ok("brief", "show", BRIEF).stdout
    undone = recs.ok("undo", "--yes")
    assert "brief apri-2023-09-20: publisher: APRI → back to APRI Armenia" in undone.stderr
    assert_restored(start, snapshot(seeded))
    recs.ok("redo", "--yes")
    assert_restored(updated, snapshot(seeded))
    recs.ok("doctor")


def test_remove_is_refused_while_recommendations_point_to_it(recs, seeded):
    recs.ok("remove", "R9")
    before = digest(seeded)
    result = recs("brief", "remove", BRIEF, "--yes")
    assert result.exit_code == 1 and result.stderr.startswith("Error: brief apri-2023-09-20 cannot be removed: ")
    assert "9 recommendations point to it" in result.stderr
    assert "`recs list --brief apri-2023-09-20 --format ids | recs update - --brief OTHER`" in result.stderr
    assert ("`recs list --archived --brief apri-2023-09-20 --format ids | recs update - --brief OTHER` "
            "for the archived ones") in result.stderr
    assert digest(seeded) == before


def test_remove_keeps_it_and_undo_brings_it_back(recs, empty, tmp_path):
    recs.ok("brief", "add", "b2", "--title", "Another", "--publisher", "Pub", "--published", "2024")
    start = snapshot(empty)
    assert "brief b2: removed" in recs.ok("brief", "remove", "b2", "--yes").stderr
    assert [b["id"] for b in recs.json("brief", "list")] == ["b1"]
    gone = recs("brief", "show", "b2")
    assert gone.exit_code == 1 and "brief 'b2' was removed" in gone.stderr
    again = recs("brief", "add", "b2", "--title", "T", "--publisher", "P", "--published", "2024")
    assert again.exit_code == 1 and "ids are never reused" in again.stderr
    used = recs("add", "A rec", "--actor", "UN", "--brief", "b2")
    assert used.exit_code == 1 and "was removed" in used.stderr
    # a backup keeps it, and rebuilds the same tracker
    recs.ok("export", "--output", str(tmp_path / "backup.json"))
    other = tmp_path / "other"
    recs.ok("init", "--empty", env={"RECS_DB": str(other)})
    recs.ok("import", str(tmp_path / "backup.json"), env={"RECS_DB": str(other)})
    assert snapshot(other) == snapshot(empty)
    assert recs("doctor", env={"RECS_DB": str(other)}).exit_code == 0
    assert "brief b2: put it back" in recs.ok("undo", "--yes").stderr
    assert_restored(start, snapshot(empty))
    assert [b["id"] for b in recs.json("brief", "list")] == ["b1", "b2"]
    recs.ok("doctor")


def test_remove_asks_on_a_terminal(recs, empty):
    before = digest(empty)
    code, screen = run_in_pty(empty, "brief", "remove", "b1", answer=b"n\n")
    assert code == 1 and b"Remove brief b1 (A brief)?" in screen
    assert digest(empty) == before
    code, screen = run_in_pty(empty, "brief", "remove", "b1", answer=b"y\n")
    assert code == 0 and b"brief b1: removed" in screen
    assert json.loads((empty / "briefs" / "b1.json").read_text())["removed"]


@pytest.mark.parametrize("args, code, words", [
    (["brief", "show", "nope"], 1, "no brief with id 'nope'"),
    (["brief", "show", BRIEF, "--format", "xml"], 2, "xml"),
    (["brief", "update", BRIEF], 2, "nothing to change"),
    (["brief", "update", "nope", "--title", "T"], 1, "no brief with id 'nope'"),
    (["brief", "update", BRIEF, "--published", "2023-02-30"], 1, "invalid published date"),
    (["brief", "update", BRIEF, "--title", "  "], 1, "title"),
    (["brief", "update", BRIEF, "--publisher", ""], 1, "publisher must not be empty"),
    (["brief", "update", BRIEF, "--url", "javascript:alert(1)"], 1, "invalid URL"),
    (["brief", "remove", "nope", "--yes"], 1, "no brief with id 'nope'"),
    (["brief", "remove", BRIEF], 2, "--yes"),
])
def test_bad_input_changes_nothing(recs, seeded, args, code, words):
    before = digest(seeded)
    result = recs(*args)
    assert result.exit_code == code, (args, result.stderr)
    assert result.stderr.startswith("Error: ") and words in result.stderr and "Traceback" not in result.stderr
    assert digest(seeded) == before


def test_brief_add_and_list(recs, seeded):
    recs.ok("brief", "add", "icg-2024", "--title", "Another brief", "--publisher", "ICG",
            "--published", "2024-03-01", "--url", "https://example.org/brief")
    briefs = recs.json("brief", "list")
    assert [b["id"] for b in briefs] == ["apri-2023-09-20", "icg-2024"]
    assert "Another brief" in recs.ok("brief", "list").stdout
    # with two briefs, add must be told which one
    result = recs("add", "T", "--actor", "UN")
    assert result.exit_code == 2 and "--brief" in result.stderr
    assert recs.ok("add", "T", "--actor", "UN", "--brief", "icg-2024").stdout == "R10\n"


def test_the_advice_to_move_archived_ones_works_as_given(recs, empty):
    recs.ok("add", "Only archived", "--actor", "UN", "--brief", "b1")
    recs.ok("brief", "add", "b2", "--title", "Another", "--publisher", "Pub", "--published", "2024")
    recs.ok("remove", "R1")
    stderr = recs("brief", "remove", "b1", "--yes").stderr
    assert "`recs list --brief b1 --format ids" not in stderr  # none in use: only the archived line
    ids = recs.ok("list", "--archived", "--brief", "b1", "--format", "ids").stdout
    recs.ok("update", "-", "--brief", "b2", input=ids)
    recs.ok("brief", "remove", "b1", "--yes")
