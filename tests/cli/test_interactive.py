"""Interactive `recs update` (on a real pseudo-terminal) and `recs edit`."""

import os
import sys

import pytest

from conftest import digest, snapshot
from procs import on_terminal, read_to_end


def run_on_terminal(args: list[str], typed: str, timeout: float = 30) -> tuple[int, str]:
    """Run `python -m recs ARGS` with stdin, stdout and stderr on a pty; type `typed`."""
    proc, main = on_terminal([sys.executable, "-m", "recs", *args])
    os.write(main, typed.encode())
    seen = read_to_end(main, proc=proc)
    return proc.wait(timeout), seen.decode(errors="replace")


def test_update_asks_for_status_and_note_on_a_terminal(recs, seeded):
    code, screen = run_on_terminal(["update", "R6"], "3\nAgreement initialled\n")
    assert code == 0, screen
    assert "2. In progress  (current)" in screen and "New status [1-5, Enter keeps In progress]" in screen
    r6 = recs.json("show", "R6")
    assert r6["status"] == "partial"
    last = r6["history"][-1]
    assert (last["field"], last["old"], last["new"], last["note"]) == ("status", "in_progress", "partial",
                                                                       "Agreement initialled")


def test_update_prompt_rejects_a_bad_status_and_enter_keeps_it(recs, seeded):
    before = digest(seeded)
    code, screen = run_on_terminal(["update", "R6"], "done\n\n\n")
    assert code == 0 and "invalid status 'done'" in screen and "R6: nothing changed" in screen
    assert digest(seeded) == before


def test_ctrl_c_at_the_prompt_says_nothing_changed(recs, seeded):
    """typer turned Ctrl-C into a silent exit 130, the shell prompt then glued to `^C`."""
    import signal

    from procs import at_prompt

    before = digest(seeded)
    code, seen = at_prompt(seeded, ["update", "R6"], b"New status", signal=signal.SIGINT)  # what Ctrl-C does
    assert code == 130
    assert seen.endswith("]: \r\nError: interrupted; nothing was changed\r\n"), seen
    assert digest(seeded) == before

def test_update_without_options_off_a_terminal_is_a_usage_error(recs, seeded):
    before = digest(seeded)
    result = recs("update", "R6")
    assert result.exit_code == 2 and result.stderr.startswith("Error: nothing to update")
    assert digest(seeded) == before


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """$EDITOR set to a script that applies `change` to the JSON it is given."""

    def use(change: str):
        script = tmp_path / "ed.py"
        script.write_text("import json, sys\npath = sys.argv[1]\ndata = json.loads(open(path).read())\n"
                          + change + "\n")
        monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
        monkeypatch.delenv("VISUAL", raising=False)

    return use


def test_edit_saves_valid_changes_with_history(recs, seeded, editor):
    editor("data['status'] = 'partial'; data['due'] = '2026-12'; data['tags'] = ['diplomacy']\n"
           "open(path, 'w').write(json.dumps(data))")
    result = recs.ok("--as", "ana", "edit", "R6", "--note", "reviewed")
    assert "R6: status In progress → Partially implemented" in result.stderr
    r6 = recs.json("show", "R6")
    assert (r6["status"], r6["due"], r6["tags"]) == ("partial", "2026-12", ["diplomacy"])
    assert [(h["field"], h["by"], h["note"]) for h in r6["history"][-3:]] == [
        ("status", "ana", "reviewed"), ("due", "ana", "reviewed"), ("tags", "ana", "reviewed")]


@pytest.mark.parametrize("change, message", [
    ("open(path, 'w').write('{broken')", "the edit is not valid JSON"),
    ("data['status'] = 'done'; open(path, 'w').write(json.dumps(data))", "field 'status'"),
    ("data['due'] = '2025-02-30'; open(path, 'w').write(json.dumps(data))", "field 'due'"),
    ("data['actors'] = []; open(path, 'w').write(json.dumps(data))", "field 'actors'"),
    ("data['history'] = []; open(path, 'w').write(json.dumps(data))", "field 'history' cannot be edited"),
    ("open(path, 'w').write('[1]')", "must be a JSON object"),
    ("sys.exit(3)", "the editor exited with status 3"),
])
def test_invalid_edits_change_nothing(recs, seeded, editor, change, message):
    editor(change)
    before = digest(seeded)
    result = recs("edit", "R6")
    assert result.exit_code == 1 and result.stderr.startswith("Error: ") and message in result.stderr
    assert "your edit is kept in" in result.stderr and result.stderr.count("\n") == 1
    assert digest(seeded) == before


def test_unchanged_edit_changes_nothing(recs, seeded, editor):
    editor("pass")
    before = digest(seeded)
    assert recs.ok("edit", "R6").stderr == "R6: nothing changed\n" and digest(seeded) == before


def test_edit_needs_an_editor_and_an_id(recs, seeded, monkeypatch, tmp_path):
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no system editor either (editor, vi, nano)
    assert recs("edit", "R6").exit_code == 1
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    result = recs("edit", "R6")
    assert result.exit_code == 1 and "cannot run editor" in result.stderr
    assert recs("edit", "R99").stderr.startswith("Error: no recommendation with id 'R99'")


def test_progress_bar_on_a_terminal_for_large_exports_and_imports(recs, tmp_path):
    from storegen import big_store

    big = big_store(tmp_path / "big", n=2500)
    out = tmp_path / "big-export.json"
    code, screen = run_on_terminal(["--db", str(big), "export", "--output", str(out)], "")
    assert code == 0 and "Exporting json" in screen and "Exported 2,500 recommendations" in screen
    new = tmp_path / "new"
    recs.ok("--db", str(new), "init", "--empty")
    code, screen = run_on_terminal(["--db", str(new), "import", str(out)], "")
    assert code == 0 and "Importing" in screen and "2,500 added" in screen
    assert snapshot(new) == snapshot(big)
    code, screen = run_on_terminal(["--db", str(big), "export", "--output", str(tmp_path / "small.json")], "")
    small_store = tmp_path / "small-store"
    recs.ok("--db", str(small_store), "init")
    code, screen = run_on_terminal(["--db", str(small_store), "export", "--output", str(tmp_path / "s.json")], "")
    assert code == 0 and "Exporting" not in screen  # small: no bar


def test_terminal_report_keeps_hostile_text_inert(recs, empty):
    recs.ok("add", "[bold red]x[/] \x1b[2J <b>", "--actor", "[link=http://e]y[/link]", "--due", "2020-01")
    code, screen = run_on_terminal(["report", "--since", "2000"], "")
    assert code == 0 and "\x1b[2J" not in screen and "\\x1b[2J" in screen
    assert "[bold red]x[/]" in screen and "[link=http://e]y[/link]" in screen


def test_edit_refuses_when_the_record_changed_meanwhile(recs, seeded, editor):
    editor("import subprocess\n"
           "subprocess.run([sys.executable, '-m', 'recs', 'update', 'R6', '--note', 'meanwhile'], check=True)\n"
           "data['status'] = 'partial'; open(path, 'w').write(json.dumps(data))")
    result = recs("edit", "R6")
    assert result.exit_code == 1 and "R6 was changed by someone else while you edited it" in result.stderr
    r6 = recs.json("show", "R6")
    assert r6["status"] == "in_progress" and r6["history"][-1]["note"] == "meanwhile"
