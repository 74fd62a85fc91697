"""`recs undo` again undoes the change before (as Taskwarrior's does), `recs redo`
redoes what it undid, a new change clears the redo; the messages name the
command and its time, never a change number. Also the undo preview of a long
value and `edit --note` with no change (issue 14, point 7)."""

import json
import re

from conftest import digest, snapshot
from fixing import assert_restored
from procs import run_in_pty


def test_a_second_undo_undoes_the_change_before_and_redo_brings_them_back(recs, seeded):
    start = snapshot(seeded)
    recs.ok("update", "R8", "--status", "in_progress")
    after_one = snapshot(seeded)
    recs.ok("update", "R8", "--status", "partial", "--due", "2026-06")
    after_two = snapshot(seeded)
    first = recs.ok("undo", "--yes")
    assert "Undid `update R8 --status partial --due 2026-06` by tester at " in first.stderr
    assert recs.json("show", "R8")["status"] == "in_progress"
    second = recs.ok("undo", "--yes")
    assert "Undid `update R8 --status in_progress` by tester at " in second.stderr
    assert_restored(start, snapshot(seeded))
    for message in (first.stderr, second.stderr):
        assert not re.search(r"change \d", message) and "(just now)" in message
    redone = recs.ok("redo", "--yes")
    assert "Redid `update R8 --status in_progress` (undone by tester at " in redone.stderr
    assert_restored(after_one, snapshot(seeded))
    recs.ok("redo", "--yes")
    assert_restored(after_two, snapshot(seeded))
    assert recs.json("show", "R8")["status"] == "partial"
    nothing = recs("redo", "--yes")
    assert nothing.exit_code == 1 and nothing.stderr.startswith("Error: nothing to redo")
    again = recs.ok("undo", "--yes")  # a redo is undone as any change
    assert "Undid `update R8 --status partial --due 2026-06` (redone by tester at " in again.stderr
    assert recs.json("history", "R8")[-1]["note"].startswith("undo of `update R8 --status partial --due 2026-06` (")
    assert_restored(after_one, snapshot(seeded))
    recs.ok("doctor")


def test_undo_and_redo_several_at_once(recs, seeded):
    start = snapshot(seeded)
    recs.ok("update", "R1", "--status", "partial")
    recs.ok("evidence", "add", "R2", "--summary", "Said so", "--source", "A paper")
    recs.ok("add", "A new one", "--actor", "UN")
    done = snapshot(seeded)
    recs.ok("undo", "3", "--yes")
    assert_restored(start, {k: v for k, v in snapshot(seeded).items() if not k.startswith("removed/")})
    recs.ok("redo", "--yes")  # one undo command: redone as one
    assert_restored(done, {k: v for k, v in snapshot(seeded).items() if k in done})
    assert not (seeded / "removed").exists() or not list((seeded / "removed").iterdir())


def test_a_new_change_after_an_undo_clears_the_redo(recs, seeded):
    recs.ok("update", "R8", "--status", "partial")
    recs.ok("undo", "--yes")
    recs.ok("update", "R7", "--note", "something else")
    before = digest(seeded)
    result = recs("redo", "--yes")
    assert result.exit_code == 1 and "nothing to redo" in result.stderr
    assert digest(seeded) == before
    assert recs.json("show", "R8")["status"] == "not_started"


def test_undo_when_everything_is_undone_says_so(recs, seeded):
    recs.ok("update", "R8", "--status", "partial")
    recs.ok("undo", "--yes")
    before = digest(seeded)
    result = recs("undo", "--yes")
    assert result.exit_code == 1 and "nothing more to undo" in result.stderr and "recs redo" in result.stderr
    assert digest(seeded) == before


def test_redo_bad_input_changes_nothing(recs, seeded):
    recs.ok("update", "R8", "--status", "partial")
    recs.ok("undo", "--yes")
    before = digest(seeded)
    for args, code in ((["redo", "0"], 2), (["redo", "-1", "--yes"], 2), (["redo", "many"], 2),
                       (["redo", "5", "--yes"], 1), (["redo"], 2)):  # (no terminal: --yes needed)
        result = recs(*args)
        assert result.exit_code == code and result.stderr.startswith("Error: "), (args, result.stderr)
        assert "Traceback" not in result.stderr
    dry = recs.ok("redo", "--dry-run")
    assert "Would redo 1 change" in dry.stderr and "R8: status again: Not started → Partially implemented" in dry.stderr
    assert digest(seeded) == before


def test_redo_asks_on_a_terminal(recs, seeded):
    recs.ok("update", "R8", "--status", "partial")
    recs.ok("undo", "--yes")
    before = digest(seeded)
    code, screen = run_in_pty(seeded, "redo", answer=b"n\n")
    assert code == 1 and b"Redo 1 change?" in screen and b"Nothing was redone." in screen
    assert digest(seeded) == before
    code, screen = run_in_pty(seeded, "redo", answer=b"y\n")
    assert code == 0 and b"Redid `update R8 --status partial`" in screen, screen


def test_the_history_says_what_was_undone_in_words(recs, seeded):
    recs.ok("update", "R8", "--status", "partial")
    recs.ok("undo", "--yes")
    recs.ok("redo", "--yes")
    notes = [e["note"] for e in recs.json("history", "R8")[-2:]]
    assert notes[0].startswith("undo of `update R8 --status partial` (tester, ")
    assert notes[1].startswith("redo of `update R8 --status partial` (tester, ")


def test_the_global_options_are_not_part_of_the_command_named(recs, seeded):
    recs.ok("--as", "ana", "update", "R8", "--status", "partial", "--db", str(seeded))
    shown = recs.ok("undo", "--dry-run").stderr
    assert "`update R8 --status partial` by ana at " in shown and "--db" not in shown


# -- issue 14, point 7 ---------------------------------------------------------------------
def test_the_undo_preview_shows_where_a_long_value_changed(recs, seeded):
    text = "The parties should " + "agree on the terms of a lasting settlement and " * 4
    recs.ok("update", "R8", "--title", text + "report by March")
    recs.ok("update", "R8", "--title", text + "report by June")
    shown = recs.ok("undo", "--dry-run").stderr
    line = next(li for li in shown.splitlines() if "R8: title:" in li)
    assert "report by June" in line and "report by March" in line
    now_, back = line.split("R8: title: ", 1)[1].split(" → back to ")
    assert now_ != back and now_.startswith("…") and back.startswith("…")


def test_edit_note_without_a_change_records_the_note(recs, seeded):
    before = recs.json("show", "R8")["history"]
    result = recs.ok("edit", "R8", "--note", "checked: still right", env={"EDITOR": "true", "VISUAL": ""})
    assert "no field changed; the note was recorded" in result.stderr
    after = recs.json("show", "R8")["history"]
    assert len(after) == len(before) + 1
    assert (after[-1]["field"], after[-1]["note"]) == ("note", "checked: still right")
    plain = recs.ok("edit", "R8", env={"EDITOR": "true", "VISUAL": ""})
    assert "nothing changed" in plain.stderr
    assert len(json.loads(recs.ok("history", "R8", "--format", "json").stdout)) == len(after)


# -- start-up: the new everyday commands never import pydantic (as tests/test_startup.py) ----
PROBE = ("import sys\n"
         "from recs import launch\n"
         "sys.argv = ['recs', *sys.argv[1:]]\n"
         "code = launch.run()\n"
         "sys.stderr.write('\\nIMPORTED:' + ','.join(m for m in sys.modules if m.split('.')[0] == 'pydantic') + '\\n')\n"
         "sys.exit(code)\n")


def test_the_fixing_commands_do_not_import_pydantic(seeded):
    import subprocess
    import sys

    from procs import env_for

    steps = [("evidence", "edit", "R4", "E1", "--summary", "Corrected"), ("undo", "--yes"), ("redo", "--yes"),
             ("log", "--limit", "3")]
    for args in steps:
        done = subprocess.run([sys.executable, "-c", PROBE, *args], env=env_for(seeded),
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, (args, done.stderr)
        assert done.stderr.rsplit("IMPORTED:", 1)[1].strip() == "", args
