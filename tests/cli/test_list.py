"""`recs list`: filters, formats, `--sort/--limit/--all/--columns`, through the
real command line, piped (the CliRunner's stdout is not a terminal): what scripts see."""

import csv
import io
import json
import subprocess
import sys

import pytest

from conftest import digest
from procs import env_for


@pytest.fixture
def store(recs, empty):
    """Five recommendations whose fields sort differently."""
    rows = [("Zebra crossings", "Ministry", "2026-03", "implemented"),
            ("apple orchards", "UN", None, "in_progress"),
            ("Mango trees", "european union", "2025", "not_started"),
            ("banana farms", "Council", "2026-01-15", "not_implemented"),
            ("Cherry blossoms", "UN", "2025-06", "partial")]
    for title, actor, due, status in rows:
        args = ["add", title, "--actor", actor] + (["--due", due] if due else [])
        rec_id = recs.ok(*args).stdout.strip()
        recs.ok("update", rec_id, "--status", status)
    return empty


def ids(recs, *args):
    return [r["id"] for r in recs.json("list", *args)]


@pytest.mark.parametrize("sort, expected", [
    ("id", ["R1", "R2", "R3", "R4", "R5"]),
    ("-id", ["R5", "R4", "R3", "R2", "R1"]),
    ("title", ["R2", "R4", "R5", "R3", "R1"]),  # any case
    ("status", ["R3", "R2", "R5", "R1", "R4"]),  # the taxonomy's order: open to closed
    ("due", ["R5", "R3", "R4", "R1", "R2"]),  # `2025` is all of 2025; no due date last
    ("-due", ["R1", "R4", "R3", "R5", "R2"]),  # still last
    ("actor", ["R4", "R3", "R1", "R2", "R5"]),
    ("actor,-id", ["R4", "R3", "R1", "R5", "R2"]),  # ties broken by the next key
    (" -Actor , title", ["R2", "R5", "R1", "R3", "R4"]),
])
def test_sort(recs, store, sort, expected):
    assert ids(recs, "--sort", sort) == expected


def test_sort_by_updated(recs, store):
    recs.ok("update", "R3", "--title", "Mango groves", env={"RECS_NOW": "2099-01-01T00:00:00Z"})
    assert ids(recs, "--sort", "-updated")[0] == "R3"
    assert ids(recs, "--sort", "updated")[-1] == "R3"


def test_sort_limit_and_columns_in_the_table(recs, store):
    out = recs.ok("list", "--sort", "-due", "--limit", "2", "--columns", "due,id,title")
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["Due", "ID", "Title"]
    assert lines[1].split()[:2] == ["2026-03", "R1"] and lines[2].split()[:2] == ["2026-01-15", "R4"]
    assert lines[3] == "2 recommendations, 2 closed" and len(lines) == 4  # nothing else on stdout
    assert out.stderr == "3 more; use --limit N or --all to see them\n"


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv"])
def test_limit_and_sort_apply_to_every_format(recs, store, fmt):
    out = recs.ok("list", "--format", fmt, "--sort", "title", "--limit", "2")
    if fmt == "json":
        got = [r["id"] for r in json.loads(out.stdout)]
    elif fmt == "ndjson":
        got = [json.loads(line)["id"] for line in out.stdout.splitlines()]
    else:
        got = [line.split(",")[0] for line in out.stdout.splitlines()[1:]]
    assert got == ["R2", "R4"]
    assert out.stderr == "3 more; use --limit N or --all to see them\n"


def test_limit_at_or_over_the_count_says_nothing_more(recs, store):
    assert recs.ok("list", "--limit", "5").stderr == ""
    assert ids(recs, "--limit", "50") == ["R1", "R2", "R3", "R4", "R5"]


def test_all_undoes_a_limit(recs, store):
    out = recs.ok("list", "--limit", "1", "--all")
    assert out.stderr == "" and "5 recommendations" in out.stdout


def test_limit_after_filters(recs, store):
    out = recs.ok("list", "--status", "open", "--limit", "1", "--format", "ndjson")
    assert [json.loads(line)["id"] for line in out.stdout.splitlines()] == ["R2"]
    assert out.stderr.startswith("2 more;")


def test_columns_choose_and_order(recs, store):
    lines = recs.ok("list", "--columns", "title, ID ,tags,brief,updated,created,evidence,actors,status,due").stdout
    assert lines.splitlines()[0].split() == ["Title", "ID", "Tags", "Brief", "Updated", "Created", "Ev.", "Actors",
                                             "Status", "Due"]
    first = recs.ok("list", "--columns", "id,status", "--limit", "1").stdout.splitlines()
    assert first[:2] == ["ID  Status", "R1  Implemented"]


def test_columns_leave_other_formats_whole(recs, store):
    assert recs.json("list", "--columns", "id")[0]["title"] == "Zebra crossings"


@pytest.mark.parametrize("args, says", [
    (["--sort", "priority"], "cannot sort by 'priority'; sort by: id, status, due, updated, title, actor"),
    (["--sort", "due,"], "cannot sort by ''"),
    (["--sort", "-"], "cannot sort by '-'"),
    (["--columns", "id,owner"], "unknown column 'owner' for --columns; choose from: id, status, title, actors, "
                                "due, evidence, tags, brief, updated, created"),
    (["--columns", ","], "no column named for --columns; choose from: id,"),
    (["--limit", "0"], "--limit takes a number of at least 1, not 0"),
    (["--limit", "-2"], "--limit takes a number of at least 1, not -2"),
    (["--limit", "ten"], "Invalid value for '--limit'"),
    (["--limit"], "Option '--limit' requires an argument"),
])
def test_bad_options_are_usage_errors(recs, store, args, says):
    before = digest(store)
    result = recs("list", *args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and says in result.stderr and result.stderr.count("\n") == 1
    assert digest(store) == before


def test_piped_output_never_pages(store, tmp_path):
    """A pipe is not a terminal: the pager is never started, whatever $PAGER says."""
    marker = tmp_path / "paged"
    pager = tmp_path / "pager.sh"
    pager.write_text(f"#!/bin/sh\ntouch {marker}\ncat\n")
    pager.chmod(0o755)
    done = subprocess.run([sys.executable, "-m", "recs", "list", "--limit", "2"], capture_output=True, text=True,
                          env=env_for(store, PAGER=str(pager)), timeout=60)
    assert done.returncode == 0 and not marker.exists()
    assert done.stdout.splitlines()[0].split() == ["ID", "Status", "Title", "Actors", "Due", "Ev."]
    assert "\x1b" not in done.stdout and done.stderr == "3 more; use --limit N or --all to see them\n"


def test_help_says_what_applies_where(recs):
    text = " ".join(recs.ok("list", "--help").stdout.split())
    for words in ("--sort", "--limit", "--all", "--columns", "--no-pager", "LESS=FRX", "Never when the output is piped"):
        assert words in text


def test_the_readme_examples_run(recs, store):
    """The commands of the README's "Long lists on a terminal" section, as shown."""
    import re
    import shlex
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n### Long lists on a terminal\n", 1)[1].split("\n## ", 1)[0]
    commands = [shlex.split(line, comments=True) for block in re.findall(r"```sh\n(.*?)```", section, re.S)
                for line in block.splitlines()]
    assert len(commands) == 4
    for words in commands:
        assert words[0] == "recs"
        recs.ok(*words[1:])
    assert "more; use --limit N or --all to see them" in section and "LESS=FRX" in section


def test_list_filters(recs, seeded):
    ids = lambda *args: [r["id"] for r in recs.json("list", *args)]  # noqa: E731
    assert ids("--status", "implemented") == ["R1", "R4"]
    assert ids("--status", "implemented", "--status", "not_implemented") == ["R1", "R2", "R4"]
    assert ids("--status", "closed") == ["R1", "R2", "R4"]
    assert ids("--status", "open") == ["R3", "R5", "R6", "R7", "R8", "R9"]
    assert ids("--actor", "european union") == ["R4"]
    assert ids("--actor", "United") == ["R3"]
    assert ids("--actor", "union") == ["R4"]  # a word of the name
    assert ids("--actor", "nion") == []  # not the middle of a word
    assert ids("--brief", "apri-2023-09-20") == [f"R{i}" for i in range(1, 10)]
    assert recs("list", "--brief", "other").exit_code == 1  # a typo is said (tests/cli/test_filters.py)
    assert ids("--tag", "implicit") == ["R7", "R8", "R9"]
    assert ids("--tag", "implicit", "--tag", "refugees") == ["R9"]
    assert ids("--search", "LACHIN") == ["R1", "R2"]
    assert ids("--search", "Vardanyan") == ["R2"]  # evidence is searched too
    assert ids("--status", "open", "--tag", "security") == ["R5", "R6", "R8"]
    recs.ok("add", "To Niger", "--actor", "Niger")
    recs.ok("add", "To Nigeria", "--actor", "Nigeria")
    assert ids("--actor", "niger") == ["R10"]  # a whole name wins over names starting so
    assert ids("--actor", "nige") == ["R10", "R11"]


def test_list_overdue(recs, empty):
    recs.ok("add", "Past due", "--actor", "UN", "--due", "2020-05")
    recs.ok("add", "Past due but done", "--actor", "UN", "--due", "2020-05-01")
    recs.ok("update", "R2", "--status", "implemented")
    recs.ok("add", "Future", "--actor", "UN", "--due", "2999-01-01")
    recs.ok("add", "No due", "--actor", "UN")
    assert [r["id"] for r in recs.json("list", "--overdue")] == ["R1"]
    # a YYYY-MM due date runs to the end of its month
    overdue = recs.json("list", "--overdue", env={"RECS_NOW": "2020-05-31T23:00:00Z"})
    assert overdue == []


def test_list_formats(recs, seeded):
    records = recs.json("list")
    assert len(records) == 9 and set(records[0]) >= {
        "id", "brief", "title", "text", "quote", "actors", "status", "due", "tags",
        "evidence", "history", "created", "updated"}
    ndjson = [json.loads(x) for x in recs.ok("list", "--format", "ndjson").stdout.splitlines()]
    assert ndjson == records
    rows = list(csv.DictReader(io.StringIO(recs.ok("list", "--format", "csv").stdout)))
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    r3 = rows[2]
    assert r3["actors"] == "United Nations; Other relevant organizations"
    assert r3["evidence_count"] == "3" and r3["latest_evidence_date"] == "2024-02-01"
    assert recs.ok("list", "--status", "open", "--tag", "nothing-like-this", "--format", "json").stdout == "[]\n"


def test_list_json_is_one_indented_array_in_id_order(recs, seeded):
    import orjson

    out = recs.ok("list", "--format", "json").stdout
    records = json.loads(out)
    assert [r["id"] for r in records] == [f"R{i}" for i in range(1, 10)]
    assert out == orjson.dumps(records, option=orjson.OPT_INDENT_2).decode() + "\n"
    assert recs.ok("list", "--status", "open", "--tag", "nothing", "--format", "json").stdout == "[]\n"
    lines = recs.ok("list", "--format", "ndjson", "--status", "closed").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["R1", "R2", "R4"]
