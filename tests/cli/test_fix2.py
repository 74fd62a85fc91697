"""Undo/redo, briefs and messages, second round (tester1-report points 3, 9, 10,
11 and parts of 14): `brief add` undone and logged, csv exports keep the
archived mark, redo previews say what the redo does, plain messages, evidence
edits' history with the new value, a notice on changing an archived
recommendation, `recs log --by` by the start of a name."""

import json
import re
from pathlib import Path

import pytest
from conftest import digest, record, snapshot

ROOT = Path(__file__).resolve().parents[2]

BRIEF = ("--title", "Second", "--publisher", "Pub", "--published", "2024-05")


# -- 11: messages --------------------------------------------------------------------------
def test_init_on_a_tracker_mentions_force_and_leaves_it(recs, seeded):
    before = digest(seeded)
    result = recs("init", str(seeded))
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    assert "is a tracker already" in result.stderr and "`recs init --force`" in result.stderr
    assert digest(seeded) == before


def test_show_of_an_id_an_undo_removed_mentions_redo(recs, seeded):
    new_id = recs.ok("add", "A new one", "--actor", "Armenia").stdout.strip()
    recs.ok("undo", "--yes")
    before = digest(seeded)
    result = recs("show", new_id)
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    assert "removed by `recs undo`" in result.stderr and "`recs redo` brings it back" in result.stderr
    assert digest(seeded) == before


def test_messages_say_tracker_not_store(recs, seeded):
    recs.ok("brief", "add", "second", *BRIEF)
    before = digest(seeded)
    result = recs("add", "x", "--actor", "Armenia")
    assert result.exit_code == 2 and "this tracker has several briefs" in result.stderr
    assert "store" not in result.stderr
    assert digest(seeded) == before


def test_brief_remove_advice_moves_them_all_at_once(recs, seeded):
    before = digest(seeded)
    result = recs("brief", "remove", "apri-2023-09-20", "--yes")
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    assert "`recs list --brief apri-2023-09-20 --format ids | recs update - --brief OTHER`" in result.stderr
    assert digest(seeded) == before


def test_import_of_an_id_an_undo_removed_mentions_redo(recs, seeded, tmp_path):
    new_id = recs.ok("add", "A new one", "--actor", "Armenia").stdout.strip()
    exported = tmp_path / "one.json"
    exported.write_text(recs.ok("export", "--format", "json").stdout)
    recs.ok("undo", "--yes")
    before = digest(seeded)
    result = recs("import", str(exported))
    assert result.exit_code == 1 and new_id in result.stderr
    assert "`recs redo` brings back" in result.stderr and "`recs undo` again" not in result.stderr
    assert digest(seeded) == before


# -- 14: evidence edits show the new value -----------------------------------------------------
def test_evidence_edit_history_and_log_show_the_new_value(recs, seeded):
    recs.ok("evidence", "edit", "R4", "E1", "--summary", "EUMA grows to 209 staff")
    last = record(seeded, "R4")["history"][-1]
    assert last["old"]["summary"].startswith("The EU agrees") and last["new"]["summary"] == "EUMA grows to 209 staff"
    history = recs.ok("history", "R4", "--format", "json").stdout
    assert "EUMA grows to 209 staff" in history
    log = recs.ok("log", "--limit", "1").stdout
    assert "evidence E1 edited (summary: The EU agrees" in log and "→ EUMA grows to 209 staff)" in log
    undone = recs.ok("undo", "--yes")
    assert "put back the earlier version of evidence E1 (summary: EUMA grows to 209 staff → The EU" in undone.stderr
    assert record(seeded, "R4")["evidence"][0]["summary"].startswith("The EU agrees")
    recs.ok("redo", "--yes")
    assert record(seeded, "R4")["evidence"][0]["summary"] == "EUMA grows to 209 staff"
    recs.ok("doctor")


# -- 10: previews --------------------------------------------------------------------------
def test_redo_previews_describe_the_redo(recs, seeded):
    recs.ok("evidence", "edit", "R4", "E1", "--summary", "Edited")
    recs.ok("evidence", "remove", "R4", "E2", "--note", "dup (a second copy of E1, see the council's page)",
            "--yes")
    recs.ok("update", "R8", "--status", "partial")
    recs.ok("undo", "3", "--yes")
    before = digest(seeded)
    dry = recs.ok("redo", "--dry-run").stderr
    assert "R8: status again: Not started → Partially implemented" in dry
    assert "R4: remove evidence E2 again (kept in the history)" in dry
    assert "R4: edit evidence E1 again (summary: The EU agrees" in dry and "→ Edited)" in dry
    assert "put back" not in dry and "take off" not in dry
    assert digest(seeded) == before
    done = recs.ok("redo", "--yes").stderr
    assert "R4: remove evidence E2 again" in done
    assert [e["id"] for e in record(seeded, "R4")["evidence"]] == ["E1"]


def test_undo_previews_cut_notes_outside_brackets(recs, seeded):
    note = "dup " * 20 + "(a second copy of E1, see the council's page)"
    recs.ok("evidence", "remove", "R4", "E2", "--note", note, "--yes")
    recs.ok("undo", "--yes")
    redo_dry = recs.ok("redo", "--dry-run").stderr
    recs.ok("evidence", "add", "R4", "--summary", note, "--source", "Council")
    undo_dry = recs.ok("undo", "--dry-run").stderr  # the undo of an evidence addition shows its summary
    assert "R4: take off evidence E3 (dup dup" in undo_dry
    for text in (redo_dry, undo_dry):
        for line in text.splitlines():
            assert line.count("`") % 2 == 0, line
            outside = re.sub(r"`[^`]*`", "", line)  # (a command in backticks is quoted as typed)
            assert outside.count("(") == outside.count(")"), line


def test_previews_show_labels_and_one_line_values(recs, seeded):
    recs.ok("update", "R4", "--status", "in_progress", "--quote", "line one\nline two")
    dry = recs.ok("undo", "--dry-run").stderr
    assert "R4: status: In progress → back to Implemented" in dry
    assert "R4: quote: line one\\nline two → back to" in dry
    assert len(dry.splitlines()) == 4  # the header, the change, one line per field
    done = recs.ok("undo", "--yes").stderr
    assert "line one\\nline two" in done and "line one\nline two" not in done
    log = recs.ok("log", "--limit", "2").stdout
    assert "line one\\nline two" in log and "line one\nline two" not in log


# -- 14: changing an archived recommendation -----------------------------------------------------
def test_changing_an_archived_recommendation_says_so(recs, seeded):
    recs.ok("remove", "R7")
    notice = "R7 is archived (`recs restore R7` brings it back)"
    result = recs.ok("update", "R7", "--status", "implemented")
    assert notice in result.stderr and record(seeded, "R7")["status"] == "implemented"
    result = recs.ok("evidence", "add", "R7", "--summary", "Seen", "--source", "Press")
    assert notice in result.stderr and result.stdout.startswith("R7 E")
    assert notice in recs.ok("evidence", "edit", "R7", "E1", "--summary", "Seen again").stderr
    assert notice in recs.ok("evidence", "remove", "R7", "E1", "--yes").stderr
    assert notice in recs.ok("update", "R7", "R8", "--note", "both").stderr
    assert "R8 is archived" not in recs.ok("update", "R8", "--note", "live").stderr
    assert record(seeded, "R7").get("archived")  # still archived
    unchanged = recs.ok("update", "R7", "--status", "implemented").stderr
    assert "nothing changed" in unchanged and "is archived" not in unchanged


def test_bad_update_of_an_archived_recommendation_changes_nothing(recs, seeded):
    recs.ok("remove", "R7")
    before = digest(seeded)
    result = recs("update", "R7", "--status", "bogus")
    assert result.exit_code != 0 and result.stderr.startswith("Error: ") and "is archived" not in result.stderr
    assert digest(seeded) == before


# -- 14: log --by ---------------------------------------------------------------------------
def test_log_by_takes_the_start_of_a_name_or_of_a_word_in_any_case(recs, seeded):
    recs.ok("update", "R8", "--note", "one", "--as", "Ana Petrosyan")
    recs.ok("update", "R9", "--note", "two", "--as", "tester")
    for given, expected in (("ana", {"Ana Petrosyan"}), ("PETRO", {"Ana Petrosyan"}), ("ana  p", {"Ana Petrosyan"}),
                            ("test", {"tester"}), ("tester", {"tester"})):
        found = json.loads(recs.ok("log", "--by", given, "--format", "json").stdout)
        assert {i["by"] for i in found} == expected, given
    result = recs.ok("log", "--by", "nobody")
    assert "No changes match." in result.stderr
    result = recs("log", "--by", " ")
    assert result.exit_code == 2 and result.stderr.startswith("Error: ")


# -- 9: csv keeps the archived mark --------------------------------------------------------------
def _csv_rows(text: str) -> dict[str, dict]:
    import csv
    import io

    return {r["id"]: r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}


def test_csv_export_keeps_the_archived_mark_and_import_keeps_it(recs, seeded, tmp_path):
    recs.ok("remove", "R7")
    archived_at = record(seeded, "R7")["archived"]
    rows = _csv_rows(recs.ok("export", "--format", "csv", "--archived").stdout)
    assert rows["R7"]["archived"] == archived_at and rows["R8"]["archived"] == ""
    assert "R7" not in _csv_rows(recs.ok("export", "--format", "csv").stdout)
    path = tmp_path / "all.csv"
    recs.ok("export", "--format", "csv", "--archived", "--output", str(path))
    other = tmp_path / "other"  # into a new tracker: R7 arrives archived, the others live
    recs.ok("init", str(other), "--empty")
    recs.ok("--db", str(other), "brief", "add", "apri-2023-09-20", *BRIEF)
    recs.ok("--db", str(other), "import", str(path))
    assert record(other, "R7")["archived"] == archived_at
    assert not any("archived" in record(other, f"R{n}") for n in (1, 2, 3, 4, 5, 6, 8, 9))
    assert "R7" not in recs.ok("--db", str(other), "list", "--format", "ids").stdout.split()
    # into the tracker it came from, after R7 was restored: archived again, as a history entry
    recs.ok("restore", "R7")
    result = recs.ok("import", str(path))
    assert "1 modified" in result.stderr
    r7 = record(seeded, "R7")
    assert r7["archived"] == archived_at and r7["history"][-1]["field"] == "archived"
    assert "R7      archived" in recs.ok("log", "--limit", "1").stdout
    recs.ok("undo", "--yes")
    assert "archived" not in record(seeded, "R7")
    recs.ok("doctor")


def test_csv_import_with_a_bad_archived_time_changes_nothing(recs, seeded, tmp_path):
    recs.ok("remove", "R7")
    text = recs.ok("export", "--format", "csv", "--archived").stdout
    archived_at = record(seeded, "R7")["archived"]
    path = tmp_path / "bad.csv"
    path.write_text(text.replace(archived_at, "yesterday"), encoding="utf-8")
    recs.ok("restore", "R7")
    before = digest(seeded)
    result = recs("import", str(path))
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")
    assert "invalid archived time 'yesterday'" in result.stderr and "nothing was imported" in result.stderr
    assert digest(seeded) == before


# -- 3: brief add undone, redone and logged ------------------------------------------------------
def test_brief_add_is_logged_undone_and_redone(recs, seeded):
    recs.ok("brief", "update", "apri-2023-09-20", "--publisher", "APRI Berlin")
    recs.ok("brief", "add", "b2", *BRIEF)
    recs.ok("brief", "remove", "b2", "--yes")
    log = recs.ok("log", "--limit", "3").stdout.splitlines()
    assert log[1].split()[-3:] == ["brief", "b2", "removed"] and log[2].split()[-3:] == ["brief", "b2", "created"]
    first = recs.ok("undo", "--yes").stderr
    assert "brief b2: put it back" in first
    dry = recs.ok("undo", "--dry-run").stderr
    assert "`brief add b2 --title Second" in dry and "brief b2: remove it (added by this change" in dry
    recs.ok("undo", "--yes")
    assert "b2" not in [b["id"] for b in recs.json("brief", "list")]
    assert record(seeded, "apri-2023-09-20", "briefs")["publisher"] == "APRI Berlin"  # the update stays
    gone = recs("brief", "show", "b2")
    assert gone.exit_code == 1 and "taken off by `recs undo` (`recs redo` brings it back" in gone.stderr
    again = recs("brief", "add", "b2", *BRIEF)
    assert again.exit_code == 1 and "ids are never reused" in again.stderr
    assert "brief b2: bring it back (the undo removed it)" in recs.ok("redo", "--dry-run").stderr
    recs.ok("redo", "--yes")
    shown = recs.json("brief", "show", "b2")
    assert [h["field"] for h in shown["history"]] == ["created", "removed", "removed", "created", "created"]
    assert "removed" not in shown
    recs.ok("add", "From b2", "--actor", "UN", "--brief", "b2")
    recs.ok("doctor")


def test_undoing_a_brief_add_is_refused_while_a_recommendation_comes_from_it(recs, seeded):
    recs.ok("brief", "add", "b2", *BRIEF)
    r1 = record(seeded, "R1")  # as a colleague's change pulled through git would: R1 now comes from b2
    (seeded / "recommendations" / "R1.json").write_text(json.dumps(dict(r1, brief="b2"), indent=2) + "\n")
    before = digest(seeded)
    result = recs("undo", "--yes")
    assert result.exit_code == 1 and result.stderr.startswith("Error: cannot undo: 1 recommendation now comes from brief b2")
    assert "nothing was changed" in result.stderr and "Traceback" not in result.stderr
    assert digest(seeded) == before


def test_undoing_an_import_takes_off_the_briefs_it_added(recs, seeded, tmp_path):
    recs.ok("brief", "add", "b2", *BRIEF)
    recs.ok("add", "From b2", "--actor", "UN", "--brief", "b2")
    exported = tmp_path / "all.json"
    recs.ok("export", "--output", str(exported))
    other = tmp_path / "other"
    recs.ok("init", str(other), "--empty")
    recs.ok("--db", str(other), "import", str(exported))
    assert snapshot(other) | {"tracker.json": b""} == snapshot(seeded) | {"tracker.json": b""}  # byte for byte
    dry = recs.ok("--db", str(other), "undo", "--dry-run").stderr
    assert "brief b2: remove it (it came with this change" in dry
    assert "brief apri-2023-09-20: remove it (it came with this change" in dry
    recs.ok("--db", str(other), "undo", "--yes")
    assert recs.json("--db", str(other), "brief", "list") == []
    assert recs.ok("--db", str(other), "list", "--format", "ids").stdout == ""
    recs.ok("--db", str(other), "redo", "--yes")
    assert [b["id"] for b in recs.json("--db", str(other), "brief", "list")] == ["apri-2023-09-20", "b2"]
    assert len(recs.ok("--db", str(other), "list", "--format", "ids").stdout.split()) == 10
    recs.ok("--db", str(other), "doctor")


def test_undoing_a_mapped_import_takes_off_the_brief_it_created(recs, empty):
    data = ROOT.parent / "shared" / "datasets" / "upr-info" / "upr_info_armenia_session8_subset.csv"
    if not data.exists():
        pytest.skip("shared datasets not present")
    recs.ok("import", str(data), "--mapping", str(ROOT / "data" / "mappings" / "upr-info.toml"))
    assert [b["id"] for b in recs.json("brief", "list")] == ["b1", "upr-s8"]
    dry = recs.ok("undo", "--dry-run").stderr
    assert "brief upr-s8: remove it (it came with this change" in dry and "brief b1" not in dry
    recs.ok("undo", "--yes")
    assert [b["id"] for b in recs.json("brief", "list")] == ["b1"]
    assert recs.ok("list", "--format", "ids").stdout == ""
    recs.ok("redo", "--yes")
    assert [b["id"] for b in recs.json("brief", "list")] == ["b1", "upr-s8"]
    recs.ok("doctor")
