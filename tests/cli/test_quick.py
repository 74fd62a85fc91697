"""The quick path (`recs.cli.quick`) reads the daily commands' command lines
without typer: it must pass the very values typer passes, decline whatever it
does not read exactly as typer does (typer then answers), and its spec must
be the one the typer declarations give now."""

import hashlib
import importlib
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recs.cli import quick, quickgen
from recs.cli.app import app
from recs.cli.context import Settings

#: Command lines the quick path takes, each as typer reads it.
TAKEN = [
    ["list"],
    ["list", "--status", "open", "-s", "partial", "--actor", "Armenia", "-a", "EU", "--tag", "x", "-t", "y"],
    ["list", "--brief", "b1", "-b", "b2", "--owner", "ana", "--mine", "--overdue", "--search", "court"],
    ["list", "-q", "-dash value", "--field", "a=b", "--field=c=d", "--as-of", "2024-06", "--sort", "-due,id"],
    ["list", "--limit", "5", "--all", "--columns", "id,title", "--no-pager", "--archived", "--format", "json"],
    ["list", "-n", "007", "--pager", "-f", "ids"],
    ["list", "--format=csv", "--limit=3"],
    ["show", "R1"],
    ["show", "R1", "-f", "json"],
    ["show", "--format", "json", "R1"],
    ["history", "R3", "--no-pager", "--format", "csv"],
    ["update", "R1", "R2", "-", "--status", "partial", "--note", "-starts with a dash"],
    ["update", "R1", "--actor", "+EU", "--actor", "-Armenia", "--tag", "-old", "--owner", "ana"],
    ["update", "R1", "--due", "none", "--title", "T", "--text", "X", "--quote", "Q", "--brief", "b",
     "--on", "2024-01", "-m", "why", "-s", "implemented"],
    ["update", "R4", "--for", "Armenia", "--status", "partial"],
    ["update", "R1", "--title", ""],
    ["update", "R1", "--note", "Côte d’Ivoire — 日本"],
    ["evidence", "add", "R1", "--summary", "Raised", "--url", "https://x.org/?a=1&b=2", "--source", "S",
     "--date", "2024-03", "--status", "partial", "--on", "2024-04", "--note", "n"],
    ["evidence", "add", "--summary=s", "R2"],
    ["report"],
    ["report", "--by", "actor", "--status", "open", "--actor", "EU", "--brief", "b", "--tag", "t",
     "--owner", "o", "--mine", "--field", "k=v", "--as-of", "2024"],
    ["report", "--from", "2024-01", "--since", "2024", "--to", "2024-12", "--trend", "quarter", "--within", "2w",
     "--audience", "external", "--title", "Board", "--stale-days", "30", "--format", "md"],
    # the global options, before the command and after it (where they win)
    ["--db", "elsewhere", "show", "R1"],
    ["--as", "ana", "--debug", "update", "R1", "--note", "n"],
    ["--db=one", "list", "--db", "two", "--as", "bo", "--debug"],
    ["show", "R1", "--as=carla"],
]

#: Command lines the quick path leaves to typer (its help, its messages, its completion).
DECLINED = [
    [],
    ["--help"],
    ["--version", "list"],
    ["list", "--help"],
    ["show", "R1", "-h"],
    ["shwo", "R1"],
    ["evidence"],
    ["evidence", "edit", "R1", "E1", "--summary", "s"],
    ["evidence add", "R1", "--summary", "s"],  # one word with a space: no such command
    ["show R1"],
    ["undo"],
    ["show"],  # a missing argument
    ["show", "R1", "R2"],  # one too many
    ["update", "--status", "partial"],
    ["evidence", "add", "R1"],  # --summary is required
    ["show", "R1", "--format"],  # a value missing
    ["show", "R1", "--format", "json", "-f", "table"],  # one value given twice
    ["update", "R1", "--status", "partial", "--status", "open"],
    ["list", "--pager", "--no-pager"],
    ["--db", "a", "--db", "b", "list"],
    ["list", "--as", "a", "--as", "b"],
    ["list", "--stat", "open"],  # click takes no abbreviations
    ["list", "-sopen"],  # an attached short value
    ["list", "-ma"],
    ["list", "--mine=yes"],
    ["list", "--", "R1"],
    ["list", "--limit", "1_000"],
    ["list", "--limit", "-1"],
    ["list", "--limit", " 3"],
    ["list", "--limit", "٣"],  # a digit, but not ASCII
    ["list", "--frobnicate"],
    ["show", "-5"],
    ["update", "R1", "--note", "bad \udcff bytes"],
    ["--as", "\udcff", "show", "R1"],
]


def typer_values(monkeypatch, argv: list[str]) -> tuple[Settings, dict] | None:
    """The settings and values typer's command passes to the function that does the work."""
    spec = quick.plan(argv, {}) or quick.plan(argv, os.environ)
    assert spec is not None
    module = importlib.import_module(f"recs.cli.commands.{spec.module}")
    got: list = []
    monkeypatch.setattr(module, spec.function, lambda settings, **values: got.append((settings, values)))
    result = CliRunner().invoke(app, argv, env={quick.NO_QUICK_ENV: "1"})
    assert result.exit_code == 0, (argv, result.stderr)
    assert len(got) == 1
    return got[0]


@pytest.mark.parametrize("argv", TAKEN, ids=" ".join)
def test_the_quick_path_passes_what_typer_passes(monkeypatch, argv):
    plan = quick.plan(argv, os.environ)
    assert plan is not None, argv
    settings, values = typer_values(monkeypatch, argv)
    assert plan.values == values
    assert quick._settings(plan) == settings


@pytest.mark.parametrize("argv", DECLINED, ids=lambda a: " ".join(a) or "(nothing)")
def test_what_typer_must_read_is_left_to_it(argv):
    assert quick.plan(argv, os.environ) is None


@pytest.mark.parametrize("env", [{"_RECS_COMPLETE": "complete_bash"}, {quick.NO_QUICK_ENV: "1"},
                                 {"RECS_DB": " "}, {"RECS_USER": ""}, {"RECS_USER": "bad \udcff"}])
def test_completion_test_aid_and_empty_settings_are_left_to_typer(env):
    assert quick.plan(["show", "R1"], {**os.environ, **env}) is None
    assert quick.plan(["show", "R1"], os.environ) is not None


def test_the_spec_is_the_one_the_declarations_give():
    """A parameter added to a daily command without `python -m recs.cli.quickgen` fails here."""
    written = quickgen.target().read_text()
    assert written == quickgen.source(), "recs/cli/quickspec.py is stale: run `python -m recs.cli.quickgen`"


def state(db: Path) -> dict[str, str]:
    """Every tracked file of a tracker folder, by its digest."""
    return {str(p.relative_to(db)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(db.rglob("*")) if p.is_file() and ".recs" not in p.parts}


SAME = [
    ["list"],
    ["list", "--status", "open", "--format", "csv"],
    ["show", "R2"],
    ["show", "R99"],
    ["history", "R2", "--format", "json"],
    ["report", "--format", "md"],
    ["report", "--by", "nonsense"],
    ["update", "R2", "--status", "partial", "--note", "checked"],
    ["update", "R2", "R3", "--tag", "+urgent"],
    ["update", "R2", "--status", "sideways"],
    ["evidence", "add", "R2", "--summary", "Raised", "--source", "Hansard", "--date", "2024-03"],
    ["--as", "", "show", "R2"],
    ["show", "R2", "--db", ""],
]


@pytest.mark.parametrize("argv", SAME, ids=" ".join)
def test_both_paths_print_and_save_the_same(recs, seeded, tmp_path, argv):
    """The same command line, quick and through typer, on two copies of one tracker."""
    import shutil

    other = tmp_path / "other"
    shutil.copytree(seeded, other)
    env = {"RECS_NOW": "2026-11-30T12:00:00Z"}
    quick_run = recs(*argv, env=env)
    typer_run = recs(*argv, env={**env, "RECS_DB": str(other), quick.NO_QUICK_ENV: "1"})
    assert quick.plan(argv, os.environ) is not None
    assert (quick_run.exit_code, quick_run.stdout, quick_run.stderr) == \
        (typer_run.exit_code, typer_run.stdout.replace(str(other), str(seeded)),
         typer_run.stderr.replace(str(other), str(seeded)))
    assert state(seeded) == state(other)
