"""Parameters read without typer's pydantic coercion (`recs.cli.params`) and
click's errors turned into `Error:` lines without typer's private modules
(`recs.cli.app`): what a user sees, through the real app."""

import pytest

from conftest import snapshot


@pytest.mark.parametrize("given", ["30", " 30 ", "3_0", "30.0", "+30"])
def test_an_int_option_is_read_as_typer_reads_it(recs, seeded, given):
    assert recs.json("report", "--stale-days", given)["stale_days"] == 30


@pytest.mark.parametrize("args, where", [
    (["report", "--stale-days", "3.5"], "--stale-days"),
    (["report", "--stale-days", ""], "--stale-days"),
    (["report", "--stale-days", "thirty"], "--stale-days"),
    (["undo", "x"], "N"),
    (["undo", "1e3"], "N"),
])
def test_a_bad_int_is_one_usage_error_and_changes_nothing(recs, seeded, args, where):
    recs.ok("update", "R1", "--note", "something to undo")
    before = snapshot(seeded)
    result = recs(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: Invalid value for '{where}'"), result.stderr
    assert f"(see `recs {args[0]} --help`)" in lines[0]
    assert snapshot(seeded) == before


@pytest.mark.parametrize("args", [[], ["evidence"], ["brief"]])
def test_a_group_without_a_command_prints_its_help(recs, args):
    result = recs(*args)
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith(f"Usage: recs {' '.join(args)}".rstrip() + " [OPTIONS] COMMAND")


@pytest.mark.parametrize("args, message", [
    (["list", "--bogus"], "Error: No such option: --bogus (Possible options: --columns) (see `recs list --help`)"),
    (["show"], "Error: Missing argument 'ID'. (see `recs show --help`)"),
    (["lsit"], "Error: No such command 'lsit'. Did you mean 'list'? (see `recs --help`)"),
    (["evidence", "ad"], "Error: No such command 'ad'. Did you mean 'add'? (see `recs evidence --help`)"),
])
def test_click_usage_errors_are_one_line_with_the_command_to_ask(recs, seeded, args, message):
    before = snapshot(seeded)
    result = recs(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")
    assert snapshot(seeded) == before


def test_flags_and_lists_keep_their_values(recs, seeded):
    recs.ok("update", "R1", "--tag", "water", "--tag", "health")
    assert {"water", "health"} <= set(recs.json("show", "R1")["tags"])
    assert recs.json("list", "--tag", "water")[0]["id"] == "R1"
