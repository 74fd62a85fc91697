"""`recs log`: every change to the tracker by anyone, newest first, one line each,
read from the records' and briefs' history (shared through git), not only from
this clone's change log."""

import json
import shutil

import pytest
from conftest import digest



def at(when: str) -> dict:
    return {"RECS_NOW": f"2026-12-{when}Z"}


@pytest.fixture
def three(recs, empty):
    """R1, R2, R3 added on 1 December 2026 (the shipped tracker's history is dated later)."""
    for title in ("First", "Second", "Third"):
        recs.ok("add", title, "--actor", "UN", env=at("01T08:00:00"))
    return empty


def test_newest_first_one_line_per_change(recs, three):
    recs.ok("update", "R2", "--status", "in_progress", "--due", "2027", "--note", "talks began", env=at("02T09:00:00"))
    recs.ok("--as", "ana", "evidence", "add", "R1", "--summary", "A statement", "--source", "Press",
            env=at("02T10:30:00"))
    recs.ok("remove", "R3", env=at("02T11:00:00"))
    lines = recs.ok("log", "--limit", "3").stdout.splitlines()
    assert lines[0].split() == ["When", "(UTC)", "Who", "Record", "What", "changed"]
    assert lines[1].split() == ["2026-12-02", "11:00", "tester", "R3", "archived"]
    assert lines[2].split() == ["2026-12-02", "10:30", "ana", "R1", "evidence", "E1", "added", '("A', 'statement")']
    assert lines[3].endswith('R2      status: Not started → In progress ("talks began"); due: (none) → 2027 '
                             '("talks began")')
    assert len(lines) == 4
    everything = recs.ok("log").stdout.splitlines()
    assert len(everything) == 1 + 3 + 3 + 1 and sum("brief b1  created" in line for line in everything) == 1


def test_json_and_filters(recs, three):
    recs.ok("update", "R2", "--status", "in_progress", env=at("02T09:00:00"))
    recs.ok("--as", " Ana  Smith", "update", "R3", "--due", "2027", env=at("03T09:00:00"))
    items = recs.json("log", "--from", "2026-12-02", env=at("04T00:00:00"))
    assert [(i["record"], i["by"]) for i in items] == [("R3", "Ana  Smith"), ("R2", "tester")]
    assert items[1]["changes"] == [{"field": "status", "old": "not_started", "new": "in_progress", "note": None}]
    assert [i["record"] for i in recs.json("log", "--by", "ANA smith")] == ["R3"]  # any case or spacing
    assert [i["record"] for i in recs.json("log", "--from", "2026-12-03", env=at("04T00:00:00"))] == ["R3"]
    assert [i["record"] for i in recs.json("log", "--from", "2026-12", "--to", "2026-12-02",
                                           env=at("04T00:00:00")) if i["record"] != "brief b1"  # (added now)
            ] == ["R2", "R3", "R2", "R1"]
    everything = recs.json("log")
    assert len(everything) > 2 and everything == sorted(everything, key=lambda i: i["at"], reverse=True)
    ndjson = recs.ok("log", "--format", "ndjson", "--limit", "2").stdout.splitlines()
    assert [json.loads(line) for line in ndjson] == everything[:2]
    assert recs.ok("log", "--by", "nobody").stderr == "No changes match.\n"


def test_it_shows_a_colleagues_changes_that_came_through_git(recs, seeded, tmp_path):
    """A record file changed in another clone (as `git pull` brings it) is in the log,
    though this clone's change log, which `recs undo` reads, has none of it."""
    colleague = tmp_path / "colleague"
    shutil.copytree(seeded, colleague, ignore=shutil.ignore_patterns(".recs"))
    recs.ok("--as", "ben", "update", "R3", "--status", "implemented", env={"RECS_DB": str(colleague)})
    shutil.copy(colleague / "recommendations" / "R3.json", seeded / "recommendations" / "R3.json")
    first = recs.json("log")[0]
    assert (first["record"], first["by"]) == ("R3", "ben")
    assert recs("undo", "--yes").exit_code == 1  # not this clone's to undo


def test_undo_redo_and_briefs_are_in_the_log(recs, seeded):
    recs.ok("brief", "update", "apri-2023-09-20", "--publisher", "APRI")
    recs.ok("undo", "--yes")
    recs.ok("redo", "--yes")
    shown = recs.ok("log", "--limit", "3").stdout
    assert "brief apri-2023-09-20" in shown and "redo of `brief update apri-2023-09-20 --publisher APRI`" in shown


@pytest.mark.parametrize("args, code, words", [
    (["log", "--from", "yesterday"], 1, "invalid --from date 'yesterday'; use YYYY-MM-DD"),
    (["log", "--to", "2025-02-30"], 1, "invalid --to date '2025-02-30'"),
    (["log", "--from", "2999"], 1, "--from 2999 is in the future"),
    (["log", "--from", "2026-11-02", "--to", "2026-11-01"], 1, "--from 2026-11-02 is after --to 2026-11-01"),
    (["log", "--limit", "0"], 2, "--limit must be at least 1"),
    (["log", "--limit", "many"], 2, "--limit"),
    (["log", "--by", " "], 2, "--by needs a name"),
    (["log", "--format", "xml"], 2, "xml"),
])
def test_bad_input(recs, seeded, args, code, words):
    before = digest(seeded)
    result = recs(*args)
    assert result.exit_code == code, (args, result.stderr)
    assert result.stderr.startswith("Error: ") and words in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == "" and digest(seeded) == before
