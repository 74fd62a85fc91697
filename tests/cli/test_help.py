"""Every command's `--help` teaches: it ends with two or three examples that
run, names arguments as `ID` or `PATH` (never `{ID}` or `<str>`), states the
date forms that are accepted, and `recs --help` lists each command unabridged."""

import re
import shlex
import shutil
import subprocess

import pytest

from recs.cli.app import COMMANDS, HIDDEN

WIDTH = {"COLUMNS": "80"}


def command_paths(recs) -> list[str]:
    """Every visible command and subcommand, as typed after `recs`."""
    paths = []
    for name in COMMANDS:
        if name in HIDDEN:
            continue
        paths.append(name)
        out = recs.ok(name, "--help", env=WIDTH).stdout
        if "\nCommands:\n" in out:
            listed = out.split("\nCommands:\n", 1)[1].split("\n\n", 1)[0]
            paths += [f"{name} {line.split()[0]}" for line in listed.splitlines() if line.startswith("  ") and
                      not line.startswith("   ")]
    return paths


def examples(help_text: str) -> list[str]:
    assert "\nExamples:\n" in help_text, help_text
    block = help_text.split("\nExamples:\n", 1)[1]
    return [line.strip() for line in block.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def every_help():
    """Each command's help at 80 columns, by its path."""
    from conftest import Runner

    recs = Runner()
    return {path: recs.ok(*path.split(), "--help", env=WIDTH).stdout for path in command_paths(recs)}


def test_every_command_and_subcommand_ends_with_two_or_three_examples(every_help):
    assert {"list", "evidence", "evidence add", "brief add", "brief list"} <= set(every_help)
    for path, text in every_help.items():
        found = examples(text)
        assert 2 <= len(found) <= 3, (path, found)
        assert all(e.startswith("recs ") and len(e) <= 78 for e in found), (path, found)
        assert text.rstrip().endswith(found[-1]), path


def test_usage_lines_name_arguments_as_people_read_them(every_help):
    for path, text in every_help.items():
        assert not re.search(r"[{}]|<(str|int|bool)>|\[\[", text), (path, text)
    assert every_help["show"].startswith("Usage: recs show [OPTIONS] ID\n")
    assert "\n  ID  Recommendation id" in every_help["show"]
    assert every_help["init"].startswith("Usage: recs init [OPTIONS] [PATH]\n")
    assert every_help["import"].startswith("Usage: recs import [OPTIONS] FILE...\n")


def test_help_states_every_date_form_accepted(every_help, recs, seeded):
    for path, text in every_help.items():
        flat = " ".join(text.split())
        for mention in re.findall(r"YYYY[-MD]*(?:,? (?:or )?YYYY[-MD]*)*", flat):
            assert mention == "YYYY-MM-DD, YYYY-MM or YYYY", (path, mention)
    # and they are accepted as stated
    recs.ok("add", "Plan", "--actor", "UN", "--due", "2027")
    recs.ok("evidence", "add", "R10", "--summary", "Said so", "--source", "Notes", "--date", "2026")
    recs.ok("brief", "add", "b-2024", "--title", "T", "--publisher", "P", "--published", "2024")


def test_recs_help_lists_every_command_unabridged(recs):
    out = recs.ok("--help", env=WIDTH).stdout
    listed = out.split("\nCommands:\n", 1)[1]
    assert "..." not in listed and "…" not in listed.replace("|| …", "")
    assert all(len(line) <= 80 for line in out.splitlines())
    for name in COMMANDS:
        if name not in HIDDEN:
            assert re.search(rf"^  {name} ", listed, re.M), name
    assert "Create a tracker folder (seeded with the bundled APRI brief\n" in listed


def _files_the_examples_name(recs, folder, record_file):
    """The files examples read, made as a person would have them."""
    from pathlib import Path

    recs.ok("export", "--output", str(folder / "backup.json"))
    recs.ok("export", "--format", "csv", "--output", str(folder / "tracker.csv"))
    (folder / "upr-export.csv").write_text("To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,"
                                          "Session\nChad,Africa,AU,Do it,France,WEOG,EU,Accepted,5,Justice,5\n")
    shutil.copy(Path(__file__).parent.parent / "data" / "extract" / "clinics-heat.txt", folder / "brief.txt")
    for name in ("base", "ours", "theirs"):  # what git hands its merge driver
        shutil.copy(record_file, folder / f"{name}.json")
    recs.ok("init", "--empty", str(folder / "data" / "tracker"))
    subprocess.run(["git", "init", "-q", str(folder)], check=True)  # for `recs git-setup`
    recs.ok("remove", "R9")  # for `recs restore`
    for n in range(3):  # changes for `recs undo` to undo
        recs.ok("update", "R1", "--note", f"check {n}")
    recs.ok("undo", "--yes")  # for `recs redo`


def test_every_example_runs(every_help, recs, seeded, tmp_path, monkeypatch):
    """Each example runs, on its own copy of the seeded tracker, in a git repository
    holding the files examples name."""
    work = tmp_path / "work"
    work.mkdir()
    _files_the_examples_name(recs, work, seeded / "recommendations" / "R1.json")
    monkeypatch.chdir(work)
    monkeypatch.setenv("EDITOR", "true")
    for n, text in enumerate(every_help.values()):
        for k, example in enumerate(examples(text)):
            db, home = work / f"copy-{n}-{k}", tmp_path / f"home-{n}-{k}"
            shutil.copytree(seeded, db)
            home.mkdir()
            monkeypatch.setenv("RECS_DB", str(db))
            monkeypatch.setenv("HOME", str(home))
            words = [w.replace("~", str(home)) for w in shlex.split(example)]
            if words[1:3] == ["brief", "remove"]:  # a brief no recommendation comes from
                recs.ok("brief", "add", "draft-2024", "--title", "Draft", "--publisher", "Us", "--published", "2024")
            if words[1:3] == ["alias", "remove"]:  # an alias to remove
                recs.ok("alias", "add", words[3], "European Union")
            if ">" in words:  # the shell's redirection: the output goes to the file
                words = words[:words.index(">")]
            result = recs(*words[1:])
            assert result.exit_code == 0, (example, result.exit_code, result.stdout, result.stderr)


def test_recs_help_on_an_80_column_terminal_cuts_nothing(seeded):
    """On a real terminal 80 columns wide (no COLUMNS): every description whole, no line wider."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    from procs import env_for

    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {k: v for k, v in env_for(seeded).items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen([sys.executable, "-m", "recs", "--help"], stdin=secondary, stdout=secondary,
                            stderr=secondary, env=env, close_fds=True)
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    assert proc.wait(60) == 0
    text = seen.decode().replace("\r\n", "\n")
    listed = text.split("\nCommands:\n", 1)[1]
    assert "..." not in listed and max(len(line) for line in text.splitlines()) <= 80
    assert "  report        Progress report: title and period, headline, status table,\n" in listed
