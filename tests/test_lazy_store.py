"""The store read record by record (`recs.lazytable`): the same records and the
same bytes on disk as reading and writing it whole, whatever the file's layout."""

import json
import os
import random
import subprocess
import sys

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import digest
from recs.lazytable import WHOLE_BELOW, serialise_value
from recs.storage import dumps
from recs.store import Store
from storegen import big_store, records, stores

WHOLE = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def whole(raw: bytes) -> dict:
    return orjson.loads(raw)


def test_a_command_on_one_record_parses_only_that_record(tmp_path):
    path = big_store(tmp_path / "big.json", n=200)
    store = Store.open(path)
    table = store.storage.read()["recommendations"]
    assert store.get("R7") == whole(path.read_bytes())["recommendations"]["R7"]
    assert table.parsed() == ["R7"]
    assert list(table) == list(whole(path.read_bytes())["recommendations"])
    assert table.parsed() == ["R7"]


def change_some(path, expected: dict, data) -> None:
    """One `Store.change` that reads, changes, removes and adds records as
    hypothesis draws them, doing the same to `expected` (the whole store)."""
    ids = sorted(expected["recommendations"])
    touched = data.draw(st.lists(st.sampled_from(ids), unique=True) if ids else st.just([]))
    new_ids = data.draw(st.lists(st.sampled_from(["R0", "R99", "zz", "A", "R5x", "\u00e9"]), unique=True))
    with Store.change(path) as store:
        for rec_id in touched:
            action = data.draw(st.sampled_from(["change", "remove", "read"]))
            rec = dict(store.get(rec_id))
            if action == "change":
                rec["title"] = data.draw(st.text(min_size=1, max_size=20))
                rec["history"] = rec["history"] + [{"at": "2025-01-01T00:00:00Z", "by": "t", "field": "note",
                                                    "old": None, "new": None, "note": "x"}]
                store.put(rec)
                expected["recommendations"][rec_id] = rec
            elif action == "remove":
                store.remove(rec)
                del expected["recommendations"][rec_id]
                expected["removed"][rec_id] = rec
        for rec_id in new_ids if data.draw(st.booleans()) else ():
            if rec_id not in expected["recommendations"] and rec_id not in expected["removed"]:
                rec = data.draw(records(rec_id))
                store.put(rec)
                expected["recommendations"][rec_id] = rec
        change = store.stamp_change()
    for table in ("recommendations", "removed"):
        for rec in expected[table].values():
            for entry in rec["history"]:
                if entry.get("change") is None and change is not None:
                    entry["change"] = change


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=stores(), data=st.data())
def test_changes_write_the_bytes_a_whole_rewrite_would(tmp_path, raw, data):
    """Any mix of changed, added and removed records gives exactly `dumps` of the
    whole store changed the same way; the records not touched are copied as they
    were. The second round finds the file as recs wrote it, so it goes without
    the index when it adds or removes nothing."""
    path = tmp_path / "s.json"
    path.write_bytes(raw)
    expected = whole(raw)
    for _ in range(2):
        change_some(path, expected, data)
        assert path.read_bytes() == dumps(expected)


def test_a_write_to_the_file_recs_wrote_reads_only_what_it_changes(recs, tmp_path):
    path = big_store(tmp_path / "big.json", n=300)
    recs.ok("--db", str(path), "update", "R5", "--status", "partial")  # checks every record once
    with Store.change(path) as store:
        store.put(dict(store.get("R120"), title="Changed"))
        assert store.storage.read()["recommendations"].parsed() == ["R120"]
    assert whole(path.read_bytes())["recommendations"]["R120"]["title"] == "Changed"
    assert recs("--db", str(path), "doctor").exit_code == 0


def test_a_record_broken_after_recs_wrote_the_file_is_still_caught(recs, tmp_path):
    """The checksum of the file recs last checked tells an edit made since, even
    one of the same size in the same instant."""
    path = big_store(tmp_path / "big.json", n=50)
    recs.ok("--db", str(path), "update", "R5", "--status", "partial")
    raw = path.read_bytes()
    with open(path, "r+b") as handle:  # in place: same file, same size
        handle.write(raw.replace(b'"title": "Recommendation 17', b'"titel": "Recommendation 17', 1))
    assert path.stat().st_size == len(raw)
    before = digest(path)
    result = recs("--db", str(path), "update", "R5", "--status", "implemented")
    assert result.exit_code == 1 and "entry 'R17' has no valid 'title'" in result.stderr
    assert digest(path) == before


def layouts(data: dict) -> dict[str, bytes]:
    """The same store as other tools would lay it out."""
    r1 = data["recommendations"]["R1"]
    shuffled = dict(data, recommendations=dict(reversed(list(data["recommendations"].items()))))
    return {
        "indent 4": json.dumps(data, indent=4).encode(),
        "compact": json.dumps(data).encode(),
        "keys unsorted": json.dumps(shuffled, indent=2, ensure_ascii=False).encode(),
        "ascii escapes": json.dumps(data, indent=2, sort_keys=True).encode(),
        "crlf": dumps(data).replace(b"\n", b"\r\n"),
        # a hand edit: a field of R2 moved to four spaces, still valid JSON
        "odd indent": dumps(data).replace(b'\n      "quote": ', b'\n    "quote": ', 2),
        # with the trailing newline of `python3 -m json.tool --indent 2` (or a
        # script's print): the tables are laid out as recs lays them out, the
        # text inside the records is not
        "ascii escapes + newline": json.dumps(data, indent=2, sort_keys=True).encode() + b"\n",
        # hand edits that keep the layout of the tables: one record's keys in
        # another order, one record's tags on one line
        "record keys unsorted": dumps(data).replace(serialise_value(r1), orjson.dumps(
            dict(reversed(r1.items())), option=orjson.OPT_INDENT_2).replace(b"\n", b"\n    "), 1),
        "list on one line": dumps(data).replace(b'"tags": [\n        "t1"\n      ]', b'"tags": ["t1"]', 1),
    }


@pytest.mark.parametrize("layout", ["indent 4", "compact", "keys unsorted", "ascii escapes", "crlf", "odd indent",
                                    "ascii escapes + newline", "record keys unsorted", "list on one line"])
def test_other_layouts_read_the_same_and_are_written_canonically(recs, tmp_path, layout):
    canonical = big_store(tmp_path / "canonical.json", n=40)
    data = whole(canonical.read_bytes())
    other = tmp_path / "other.json"
    other.write_bytes(layouts(data)[layout])
    assert whole(other.read_bytes()) == data and other.read_bytes() != canonical.read_bytes()
    for args in (["list", "--format", "json"], ["show", "R2", "--format", "json"], ["report", "--format", "json"],
                 ["export"], ["list", "--status", "partial", "--search", "event"]):
        mine = recs("--db", str(other), *args)
        assert mine.exit_code == 0, mine.stderr
        theirs = recs.ok("--db", str(canonical), *args)
        if args[0] == "report":
            assert json.loads(mine.stdout) | {"generated": 0} == json.loads(theirs.stdout) | {"generated": 0}
        elif layout == "record keys unsorted" and args[-1] != "event":  # JSON prints a record's keys as stored
            assert json.loads(mine.stdout) == json.loads(theirs.stdout), args
        else:
            assert mine.stdout == theirs.stdout, args
    # a write, as people make them (RECS_NOW below makes a write parse every record),
    # after one that failed once it had checked the file
    copy = tmp_path / "copy.json"
    copy.write_bytes(other.read_bytes())
    assert recs("--db", str(copy), "update", "R999", "--status", "implemented").exit_code == 1
    assert copy.read_bytes() == other.read_bytes()
    recs.ok("--db", str(copy), "update", "R2", "--status", "implemented", "--note", "x")
    assert copy.read_bytes() == dumps(whole(copy.read_bytes()))
    assert {k: v for k, v in whole(copy.read_bytes())["recommendations"].items() if k != "R2"} == \
        {k: v for k, v in data["recommendations"].items() if k != "R2"}
    env = {"RECS_NOW": "2025-01-01T00:00:00Z"}
    recs.ok("--db", str(other), "update", "R2", "--status", "implemented", "--note", "x", env=env)
    recs.ok("--db", str(canonical), "update", "R2", "--status", "implemented", "--note", "x", env=env)
    assert other.read_bytes() == canonical.read_bytes()


def broken_record(raw: bytes, rec_id: str, how: str) -> bytes:
    """`raw` with one record damaged in place, the rest of the file as it was."""
    key = f'\n    "{rec_id}": {{\n'.encode()
    at = raw.index(key) + len(key)
    if how == "not json":
        return raw[:at] + b"      oops,\n" + raw[at:]
    if how == "no title":
        start = raw.index(b'      "title": ', at)
        end = raw.index(b"\n", start)
        return raw[:start] + b'      "titel": "x",' + raw[end:]
    if how in ("a number", "a list"):  # a record replaced by another JSON value (the index took it for a place)
        end = raw.index(b"\n    }", at) + len(b"\n    }")
        return raw[:at - 2] + (b"16" if how == "a number" else b"[1, 2]") + raw[end:]
    raise ValueError(how)


@pytest.mark.parametrize("how,says", [("not json", "is not valid JSON"), ("no title", "entry 'R17' has no valid 'title'"),
                                      ("a number", "entry 'R17' is malformed"), ("a list", "entry 'R17' is malformed")])
def test_a_broken_record_stops_every_write_and_every_read_of_it(recs, tmp_path, how, says):
    path = big_store(tmp_path / "big.json", n=30)
    path.write_bytes(broken_record(path.read_bytes(), "R17", how))
    before = digest(path)
    for args in (["update", "R3", "--status", "partial"], ["evidence", "add", "R3", "--summary", "s", "--source", "x"],
                 ["add", "New", "--actor", "UN", "--brief", "b1"], ["undo", "--yes"],
                 ["show", "R17"], ["list"], ["report"], ["export"]):
        result = recs("--db", str(path), *args)
        assert result.exit_code == 1, (args, result.stdout)
        assert result.stderr.startswith("Error: ") and says in result.stderr, (args, result.stderr)
        assert digest(path) == before, args
    # a record that is sound can still be read, as from a database with one bad page
    assert recs.json("--db", str(path), "show", "R3")["id"] == "R3"
    assert recs("--db", str(path), "doctor").exit_code == 1


def test_a_large_store_streams_through_list_report_and_export(recs, tmp_path):
    """Reading everything does not keep the records: the table parses none for good."""
    path = big_store(tmp_path / "big.json", n=500)
    store = Store.open(path)
    table = store.storage.read()["recommendations"]
    ids = [r["id"] for r in store.scan(ordered=True)]
    assert ids == [f"R{i}" for i in range(1, 501)]
    assert table.parsed() == []
    rng = random.Random(3)
    rec_id = f"R{rng.randint(1, 500)}"
    assert next(r for r in store.scan() if r["id"] == rec_id) == whole(path.read_bytes())["recommendations"][rec_id]


def test_a_record_given_twice_is_read_as_a_parser_reads_it_and_stops_writes(recs, tmp_path):
    """A merge that kept both sides leaves an id twice: every read takes the last
    copy, as a JSON parser does, and no write goes through until it is mended."""
    path = big_store(tmp_path / "big.json", n=20)
    raw = path.read_bytes()
    key = b'\n    "R12": {'
    start = raw.index(key)
    end = raw.index(b"\n    }", start) + len(b"\n    }")
    copy = raw[start:end].replace(b'"Recommendation 12', b'"Older copy of 12', 1)
    path.write_bytes(raw[:start] + copy + b"," + raw[start:])  # the older copy first
    before = digest(path)
    assert recs.json("--db", str(path), "show", "R12")["title"].startswith("Recommendation 12")
    listed = {r["id"]: r for r in recs.json("--db", str(path), "list")}
    assert listed["R12"] == recs.json("--db", str(path), "show", "R12")
    for args in (["update", "R12", "--status", "partial"], ["update", "R3", "--note", "x"]):
        result = recs("--db", str(path), *args)
        assert result.exit_code == 1 and "entry 'R12' is in the file more than once" in result.stderr
    assert digest(path) == before


def test_a_status_filter_reads_the_statuses_from_the_bytes(recs, tmp_path):
    """`list --status` parses only the records whose status line says so; the
    result is what a whole parse gives, also where a status is written with
    escapes or its line is not where recs puts it."""
    path = big_store(tmp_path / "big.json", n=200)
    raw = path.read_bytes()
    expected = lambda data: sorted(k for k, r in data["recommendations"].items()  # noqa: E731
                                   if r["status"] in ("partial", "implemented"))
    store = Store.open(path)
    got = [r["id"] for r in store.scan(statuses={"partial", "implemented"})]
    assert sorted(got) == expected(whole(raw)) and store.storage.read()["recommendations"].parsed() == []
    escaped = raw.replace(b'"status": "partial"', b'"status": "\\u0070artial"', 3)
    moved = raw.replace(b'\n      "status": "implemented"', b'\n        "status": "implemented"', 1)
    for variant in (escaped, moved):
        path.write_bytes(variant)
        assert whole(variant) == whole(raw)  # the same store, written differently
        listed = recs.json("--db", str(path), "list", "--status", "partial", "--status", "implemented")
        assert sorted(r["id"] for r in listed) == expected(whole(raw))


def not_json(raw: bytes, how: str) -> bytes:
    """`raw` with bytes that are not JSON where reading record by record looks
    at them without a parser: R17's key line, or its status line."""
    key = b'\n    "R17": {'
    if how == "a tab in a key":  # a raw control character; the id says the same, escaped
        return raw.replace(key, b'\n    "R\t17": {', 1).replace(b'"id": "R17"', b'"id": "R\\t17"', 1)
    if how == "a bad escape in a key":
        return raw.replace(key, b'\n    "R\\q17": {', 1)
    if how == "a key not in UTF-8":
        return raw.replace(key, b'\n    "R\xff17": {', 1)
    if how == "a bad escape in a status":
        at = raw.index(b'\n      "status": "', raw.index(key)) + len(b'\n      "status": "')
        return raw[:at] + b"\\q" + raw[at:]
    raise ValueError(how)


@pytest.mark.parametrize("how", ["a tab in a key", "a bad escape in a key", "a key not in UTF-8",
                                 "a bad escape in a status"])
def test_bytes_a_parser_refuses_stop_every_write_and_read_clearly(recs, tmp_path, how):
    """A key line or a status line that no JSON parser accepts is a file that is
    not JSON, whichever way it is read: every write refuses it, and leaves it as
    it was; a read says so (not an unexpected error)."""
    path = big_store(tmp_path / "big.json", n=30)
    path.write_bytes(not_json(path.read_bytes(), how))
    before = digest(path)
    for args in (["update", "R3", "--status", "partial"], ["evidence", "add", "R3", "--summary", "s", "--source", "x"],
                 ["add", "New", "--actor", "UN", "--brief", "b1"], ["undo", "--yes"],
                 ["list"], ["list", "--status", "partial", "--status", "implemented", "--status", "not_started"],
                 ["report"], ["export"]):
        result = recs("--db", str(path), *args)
        assert result.exit_code == 1, (args, result.stdout)
        assert result.stderr.startswith(f"Error: {path} is not valid JSON"), (args, result.stderr)
        assert digest(path) == before, args
    assert recs("--db", str(path), "doctor").exit_code == 1


PEAK = ("import sys\nfrom recs.launch import run\nrun()\n"
        "sys.stderr.write(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')))")


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads VmHWM (Linux)")
def test_csv_and_md_keep_what_they_write_not_the_records(tmp_path):
    """A csv or md export (and list --format csv) must see every record before
    it writes the first, yet keeps of each only what it writes: its peak memory
    is near the json export's, which keeps nothing, not the records' 4-6× the
    file. A real process on a store larger than what is parsed in one go."""
    path = big_store(tmp_path / "big.json", n=14000)
    size = path.stat().st_size
    assert size > WHOLE_BELOW

    def peak(*args: str) -> int:
        done = subprocess.run([sys.executable, "-c", PEAK, "--db", str(path), *args],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        return int(done.stderr.splitlines()[-1].split()[1]) * 1024  # kB

    streamed = peak("export", "--format", "json")
    for args in (["export", "--format", "csv"], ["export", "--format", "md"], ["list", "--format", "csv"]):
        assert peak(*args) < streamed + size // 2, args


def test_undo_on_a_store_a_write_refuses_says_only_why(recs, tmp_path):
    """`recs undo --yes` on a store no write may change (an id given twice)
    prints one Error line, not first the list of what it was about to undo."""
    path = big_store(tmp_path / "big.json", n=20)
    recs.ok("--db", str(path), "update", "R3", "--status", "partial", "--note", "to undo")
    raw = path.read_bytes()
    start = raw.index(b'\n    "R12": {')
    end = raw.index(b"\n    }", start) + len(b"\n    }")
    path.write_bytes(raw[:start] + raw[start:end] + b"," + raw[start:])
    before = digest(path)
    result = recs("--db", str(path), "undo", "--yes")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"Error: {path}: recommendations entry 'R12' is in the file more than once")
    assert result.stderr.count("\n") == 1 and digest(path) == before
    assert "Would undo 1 change" in recs("--db", str(path), "undo", "--dry-run").stderr  # a read: it may look
