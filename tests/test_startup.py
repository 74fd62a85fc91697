"""The commands people type many times a day never import pydantic (about
100 ms of start-up): it is for the boundaries (imports, `doctor`, `schema`).
Each runs through the real entry point (`recs.launch.run`) in its own
process, which then says which pydantic modules it had imported."""

import subprocess
import sys

import pytest

from procs import env_for

#: What the process runs: the console script's code, then a report of sys.modules.
PROBE = ("import sys\n"
         "from recs import launch\n"
         "sys.argv = ['recs', *sys.argv[1:]]\n"
         "code = launch.run()\n"
         "loaded = sorted(m for m in sys.modules if m == 'pydantic' or m.startswith('pydantic.'))\n"
         "sys.stderr.write('\\nIMPORTED:' + ','.join(loaded) + '\\n')\n"
         "sys.exit(code)\n")

DAILY = [
    ("list",),
    ("list", "--status", "open", "--format", "json"),
    ("show", "R1"),
    ("update", "R1", "--status", "partial", "--note", "checked"),
    ("evidence", "add", "R1", "--summary", "A briefing", "--source", "Notes"),
    ("report",),
    ("report", "--stale-days", "30"),
    ("undo", "--yes"),
    ("undo", "1", "--dry-run"),
]


@pytest.mark.parametrize("args", DAILY, ids=" ".join)
def test_daily_commands_do_not_import_pydantic(seeded, args):
    if args[0] == "undo":  # something to undo
        subprocess.run([sys.executable, "-m", "recs", "update", "R2", "--note", "n"], env=env_for(seeded),
                       capture_output=True, check=True)
    done = subprocess.run([sys.executable, "-c", PROBE, *args], env=env_for(seeded),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    imported = done.stderr.rsplit("IMPORTED:", 1)[1].strip()
    assert imported == "", f"`recs {' '.join(args)}` imported {imported}"


def test_the_probe_sees_pydantic_where_it_is_used(seeded):
    """`recs schema` needs the models: the probe would see a daily command do so."""
    done = subprocess.run([sys.executable, "-c", PROBE, "schema"], env=env_for(seeded),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "pydantic" in done.stderr.rsplit("IMPORTED:", 1)[1]
