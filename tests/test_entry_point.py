"""The `recs` executable as people run it: a real process, which builds only the
command it is asked for (`recs.cli.app.main`) and ends without tearing the
interpreter down (`recs.launch`)."""

import json

from procs import run


def test_the_command_asked_for_runs_with_global_options_before_or_after(seeded):
    shown = run(seeded, "--db", str(seeded), "show", "R1", "--format", "json")
    assert shown.returncode == 0 and json.loads(shown.stdout)["id"] == "R1"
    updated = run(seeded, "update", "R1", "--note", "checked", "--as", "lead")
    assert updated.returncode == 0, updated.stderr
    assert json.loads(run(seeded, "history", "R1", "--format", "json").stdout)[-1]["by"] == "lead"
    added = run(seeded, "evidence", "add", "R1", "--summary", "s", "--source", "x")
    assert added.returncode == 0 and added.stdout.startswith("R1 E")


def test_help_and_typos_see_every_command(seeded):
    top = run(seeded, "--help")
    assert top.returncode == 0 and all(name in top.stdout for name in ("list", "update", "evidence", "undo"))
    typo = run(seeded, "updat", "R1")
    assert typo.returncode == 2 and typo.stderr.startswith("Error: No such command 'updat'")
    assert "Did you mean 'update'?" in typo.stderr
    assert run(seeded, "update", "--help").stdout.startswith("Usage: recs update ")
    assert run(seeded, "--debug", "brief", "list", "--format", "json").returncode == 0


def test_a_full_disk_on_stdout_is_one_error_line(seeded):
    """Writing to /dev/full fails like a full disk: the message says so, not that the store is broken."""
    import subprocess
    import sys

    from procs import env_for

    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "recs", "export"], env=env_for(seeded), stdout=full,
                              stderr=subprocess.PIPE, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: No space left on device (writing the output)"), done.stderr
    assert done.stderr.count("\n") == 1 and "doctor" not in done.stderr
