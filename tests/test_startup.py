"""The commands people type many times a day import only what they use: never
pydantic (about 100 ms of start-up; it is for the boundaries: imports,
`doctor`, `schema`), never the code of other commands, and rich only on a
terminal, its table machinery only where a table is drawn. Each command runs
through the real entry point (`recs.launch.run`) in its own process, piped
and on a pseudo-terminal, which then writes down every module it had imported."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from procs import env_for, on_terminal, read_to_end

#: What the process runs: the console script's code, then the names in sys.modules.
PROBE = ("import json, os, sys\n"
         "from recs import launch\n"
         "sys.argv = ['recs', *sys.argv[1:]]\n"
         "code = launch.run()\n"
         "with open(os.environ['PROBE_OUT'], 'w') as out:\n"
         "    json.dump(sorted(sys.modules), out)\n"
         "sys.exit(code)\n")

DAILY = [
    ("list",),
    ("list", "--status", "partial"),
    ("list", "--status", "open", "--format", "json"),
    ("show", "R1"),
    ("history", "R1"),
    ("update", "R1", "--status", "partial", "--note", "checked"),
    ("evidence", "add", "R1", "--summary", "A briefing", "--source", "Notes"),
    ("report",),
    ("report", "--stale-days", "30"),
    ("undo", "--yes"),
    ("undo", "1", "--dry-run"),
]

#: Never imported by a daily command, piped or on a terminal: the boundaries'
#: libraries and recs's code for other commands.
NEVER = ("pydantic", "markdown_it", "pygments", "pypdf", "selectolax", "pysbd", "jsonschema", "csv",
         "recs.core.models", "recs.imports", "recs.extract", "recs.store.doctor", "recs.tracker.merge",
         "recs.tracker.gitshare", "recs.formats.htmlpage", "recs.formats.exports", "recs.formats.tabular",
         "rich.markdown", "rich.syntax", "rich.traceback", "rich.pretty", "rich.progress", "rich.live",
         "rich.prompt", "rich.panel", "rich.tree")
#: The commands that draw a table on a terminal (they may import rich.table there).
TABLES = {"list", "show", "history", "report"}
#: The daily commands typer does not read (`recs.cli.quick`): typer's import (its vendored
#: click, inspect, subprocess, …) is most of a one-record command's time.
QUICK = {"list", "show", "history", "update", "evidence", "report"}


#: What a command that only reads never imports: orjson (with dataclasses, inspect, uuid and platform,
#: ~10 ms), which parses no faster than json what one command reads (`recs.store.jsonread`).
WRITERS_ONLY = ("orjson", "dataclasses", "inspect", "uuid")


#: The commands that go through every record without asking for one by id: they read the folders
#: directly and never import TinyDB (~5 ms), the document API `show` and the writes use, nor typing
#: (~5 ms; TinyDB imports it, recs only for its type checker).
SCANS = {"list", "report"}


def reads_only(args: tuple[str, ...]) -> bool:
    return args[0] in TABLES and "json" not in args


def scan_only(args: tuple[str, ...]) -> tuple[str, ...]:
    return ("tinydb", "typing") if args[0] in SCANS else ()


def never(args: tuple[str, ...]) -> tuple[str, ...]:
    """What `recs ARGS` never imports, piped."""
    return (NEVER + ("rich",) + (("typer",) if args[0] in QUICK else ()) + (WRITERS_ONLY if reads_only(args) else ())
            + scan_only(args))


def imported(db: Path, args: tuple[str, ...], out: Path, *, terminal: bool) -> list[str]:
    """The modules `recs ARGS` had imported when it ended (after checking it succeeded)."""
    if args[0] == "undo":  # something to undo
        subprocess.run([sys.executable, "-m", "recs", "update", "R2", "--note", "n"], env=env_for(db),
                       capture_output=True, check=True)
    settled = {"RECS_TEST_CACHE_SETTLE_NS": "0"}
    if args[0] == "report":  # as on every report but the first: each record's summary kept from the one before
        subprocess.run([sys.executable, "-m", "recs", *args], env=env_for(db, **settled), capture_output=True,
                       check=True)
    env = env_for(db, PROBE_OUT=str(out), TERM="xterm-256color", **settled)
    if terminal:
        proc, master = on_terminal([sys.executable, "-c", PROBE, *args], env)
        shown = read_to_end(master, proc=proc)  # everything it prints, or it would block on a full terminal
        code, said = proc.wait(timeout=60), shown.decode(errors="replace")
    else:
        done = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True,
                              timeout=60)
        code, said = done.returncode, done.stderr
    assert code == 0, said
    return json.loads(out.read_text())


def unwanted(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == n or m.startswith(n + ".") for n in names)]


@pytest.mark.parametrize("args", DAILY, ids=" ".join)
def test_piped_daily_commands_import_neither_pydantic_nor_rich(seeded, tmp_path, args):
    modules = imported(seeded, args, tmp_path / "modules.json", terminal=False)
    assert unwanted(modules, never(args)) == [], f"`recs {' '.join(args)}` imported them"
    assert f"recs.cli.commands.{'undo' if args[0] == 'undo' else args[0]}" in modules


def test_the_probe_sees_orjson_where_a_command_writes(seeded, tmp_path):
    """`recs update` writes with orjson through TinyDB: the probe would see a reading command import them."""
    modules = imported(seeded, ("update", "R1", "--note", "seen"), tmp_path / "modules.json", terminal=False)
    assert "orjson" in modules and "tinydb" in modules


@pytest.mark.parametrize("args", DAILY, ids=" ".join)
def test_daily_commands_on_a_terminal_import_only_what_they_draw(seeded, tmp_path, args):
    modules = imported(seeded, args, tmp_path / "modules.json", terminal=True)
    # the tables' own styles are drawn from the codes recs keeps (`recs.cli.table.KNOWN`), not `rich.style`
    unused = NEVER + (() if args[0] in TABLES else ("rich.table",)) + (("typer", "rich.style") if args[0] in QUICK else ())
    unused += (WRITERS_ONLY if reads_only(args) else ()) + scan_only(args)
    assert unwanted(modules, unused) == [], f"`recs {' '.join(args)}` imported them on a terminal"


def test_only_the_command_asked_for_is_built(seeded, tmp_path):
    """`recs show` imports no other command's module."""
    modules = imported(seeded, ("show", "R1"), tmp_path / "modules.json", terminal=False)
    assert [m for m in modules if m.startswith("recs.cli.commands.")] == ["recs.cli.commands.show"]


def test_the_probe_sees_typer_where_it_reads_the_command_line(seeded, tmp_path):
    """`recs show R1 --help` is typer's to answer: the probe would see a daily command import it."""
    modules = imported(seeded, ("show", "R1", "--help"), tmp_path / "modules.json", terminal=False)
    assert "typer" in modules


def test_the_probe_sees_pydantic_where_it_is_used(seeded, tmp_path):
    """`recs schema` needs the models: the probe would see a daily command do so."""
    modules = imported(seeded, ("schema",), tmp_path / "modules.json", terminal=False)
    assert "pydantic" in modules and "recs.core.models" in modules
