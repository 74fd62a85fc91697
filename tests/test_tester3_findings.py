"""What tester3's comparison of today's recs with yesterday's found, each kept fixed."""

import json
import os

import pytest

from conftest import digest
from procs import run


@pytest.mark.parametrize("depth", [300, 1000])
def test_a_deeply_nested_tracker_json_is_refused_as_yesterday(recs, seeded, depth):
    """tracker.json holding a list nested `depth` deep (orjson reads up to 1,024, writes
    up to 255): one plain error, the one yesterday's recs gave, not 'unexpected RecursionError'."""
    (seeded / "tracker.json").write_text('{"schema_version": 3, "x": ' + "[" * depth + "]" * depth + "}\n")
    before = digest(seeded)
    for args in (("list",), ("show", "R1"), ("report",), ("update", "R1", "--tag", "+x", "--note", "x")):
        result = recs(*args)
        assert result.exit_code == 1, (args, result.stderr)
        assert result.stderr == "Error: cannot save: Recursion limit reached; nothing was changed\n", args
        assert digest(seeded) == before


def test_a_deeply_nested_record_is_named_on_export_and_update(recs, seeded):
    """A record whose 'fields' nest 1,000 deep: export and update fail with an Error line,
    not with an unexpected RecursionError (json.dumps of it in the canonical check)."""
    path = seeded / "recommendations" / "R1.json"
    path.write_bytes(path.read_bytes().replace(b'"fields": {}', b'"fields": {"n": ' + b"[" * 1000 + b"]" * 1000 + b"}"))
    before = digest(seeded)
    for args in (("export", "--format", "json"), ("update", "R1", "--tag", "+x", "--note", "x")):
        result = recs(*args)
        assert result.exit_code == 1
        assert "RecursionError" not in result.stderr and result.stderr.startswith("Error: "), result.stderr
        assert digest(seeded) == before


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_a_report_does_not_wait_on_a_kept_table_that_is_no_file(seeded, kind):
    """.recs/derived-report.marshal made a FIFO (or a link to /dev/zero): the report
    reads the records and answers as without it, where it waited forever."""
    work = seeded / ".recs"
    work.mkdir(exist_ok=True)
    table = work / "derived-report.marshal"
    truth = run(seeded, "report", "--format", "json", RECS_TEST_CACHE_SETTLE_NS="0")
    table.unlink(missing_ok=True)
    os.mkfifo(table) if kind == "fifo" else table.symlink_to(kind)
    done = run(seeded, "report", "--format", "json", timeout=30, RECS_TEST_CACHE_SETTLE_NS="0")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert {**json.loads(done.stdout), "generated": None} == {**json.loads(truth.stdout), "generated": None}


@pytest.mark.parametrize("span", ["00030d", "030d", "0000000000000000000030d"])
def test_a_span_with_leading_zeros_is_that_many(recs, seeded, span):
    """`--within 00030d` is 30 days (it was called too far ahead: five digits)."""
    assert recs.ok("due", "--within", span).stdout == recs.ok("due", "--within", "30d").stdout


def test_a_span_past_the_year_9999_says_so_as_a_long_one_does(recs, seeded):
    """`--within 9999y` (within the 9999 a unit may be, past the year 9999): told it is too
    far ahead in the same words as 36500d, and why."""
    result = recs("due", "--within", "9999y")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --within '9999y' is too far ahead; it would end after the year 9999")


def test_a_span_of_days_past_the_year_9999_is_too_far_ahead(recs, seeded):
    """On 9999-12-30 (RECS_NOW), `--within 1w` said 'unexpected OverflowError'; 1d still ends the year."""
    late = {"RECS_NOW": "9999-12-30T00:00:00Z"}
    for args in (("due", "--within", "1w"), ("due", "--within", "2d"), ("report", "--within", "9999d")):
        result = recs(*args, env=late)
        assert result.exit_code == 1, args
        assert result.stderr.startswith(f"Error: --within '{args[2]}' is too far ahead; it would end after"), result.stderr
    assert "31 December 9999" in recs.ok("due", "--within", "1d", env=late).stderr


@pytest.mark.parametrize(("depth", "refused"), [(253, False), (254, True)])
def test_the_nesting_refused_is_where_orjson_stops_writing(recs, seeded, depth, refused):
    """A hand-formatted tracker.json whose extra key nests `depth` lists (in the object: one
    more): refused exactly where orjson stops writing (254 containers), as yesterday."""
    (seeded / "tracker.json").write_text('{"schema_version":3,"x":' + "[" * depth + "]" * depth + "}")
    result = recs("list", "--format", "ids")
    assert (result.exit_code, "Recursion limit reached" in result.stderr) == ((1, True) if refused else (0, False))


def test_a_hand_formatted_tracker_json_does_not_cost_orjson_on_a_read(seeded):
    """tracker.json on one line (not as recs writes it): `recs show` still does not import
    orjson (the depth check is done without it)."""
    import subprocess
    import sys

    from procs import env_for

    (seeded / "tracker.json").write_text('{"schema_version":3}')
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "recs", "show", "R1"], env=env_for(seeded),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "orjson" not in done.stderr


def test_a_deep_tracker_json_as_recs_formats_it_is_refused_too(recs, seeded):
    """The same nesting written as recs writes (indent 2, sorted keys), where the quick
    'is it canonical' check passes: refused as yesterday, not taken."""
    nested: list = []
    for _ in range(299):
        nested = [nested]
    (seeded / "tracker.json").write_text(json.dumps({"schema_version": 3, "x": nested}, indent=2, sort_keys=True) + "\n")
    result = recs("list", "--format", "ids")
    assert result.exit_code == 1
    assert result.stderr == "Error: cannot save: Recursion limit reached; nothing was changed\n"
