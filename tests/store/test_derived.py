"""What a report works out from each record is kept between reports
(`recs.store.derived`): never at the cost of a wrong or stale report."""

import json
import marshal
import os
import zlib

import pytest

from recs.store import derived

NOW = {derived.SETTLE_ENV: "0"}  # records count as settled at once (test aid)
KEPT = ".recs/derived-report.marshal"


def reports(recs, *args, env=None):
    """`recs report ARGS` in json, with what is kept in use (the second run)."""
    first = recs.ok("report", *args, "--format", "json", env={**NOW, **(env or {})}).stdout
    second = recs.ok("report", *args, "--format", "json", env={**NOW, **(env or {})}).stdout
    return json.loads(first), json.loads(second)


def same(a: dict, b: dict) -> bool:
    return {k: v for k, v in a.items() if k != "generated"} == {k: v for k, v in b.items() if k != "generated"}


@pytest.fixture
def written(recs, seeded):
    """The seeded tracker after some work: a work folder, an archived record, owners, an alias."""
    recs.ok("update", "R2", "--status", "partial", "--owner", "ana", "--note", "checked")
    recs.ok("evidence", "add", "R3", "--summary", "Raised", "--source", "Hansard", "--date", "2024-03")
    recs.ok("remove", "R5")
    return seeded


@pytest.mark.parametrize("args", [(), ("--by", "actor"), ("--by", "owner"), ("--status", "open"),
                                  ("--actor", "armenia", "--tag", "humanitarian"), ("--audience", "external")],
                         ids=lambda a: " ".join(a) or "plain")
def test_a_kept_report_is_the_report_of_the_records(recs, written, args):
    first, second = reports(recs, *args)
    assert (written / KEPT).exists()
    assert same(first, second)
    (written / KEPT).unlink()
    fresh = json.loads(recs.ok("report", *args, "--format", "json", env={**NOW, derived.SETTLE_ENV: "x"}).stdout)
    assert same(fresh, second)
    assert all(r["id"] != "R5" for r in second["recommendations"])  # archived: left out as always


def read_kept(tracker) -> tuple[dict, dict]:
    """The kept table's heading and entries (`recs.store.derived`: a line of JSON, then the entries marshalled)."""
    head, _, body = (tracker / KEPT).read_bytes().partition(b"\n")
    return json.loads(head), marshal.loads(body)


def write_kept(tracker, head: dict, records: dict) -> None:
    """The kept table rewritten as recs writes it (its checksum made anew)."""
    body = marshal.dumps(records)
    (tracker / KEPT).write_bytes(json.dumps({**head, "crc": zlib.crc32(body)}).encode() + b"\n" + body)


def test_what_is_kept_is_used_and_a_changed_record_is_read_again(recs, written):
    reports(recs)
    head, records = read_kept(written)
    records["R1"][2]["row"]["title"] = "FROM THE KEPT TABLE"
    write_kept(written, head, records)
    rows = {r["id"]: r for r in recs.json("report", env=NOW)["recommendations"]}
    assert rows["R1"]["title"] == "FROM THE KEPT TABLE"  # (the file was not read: it had not changed)
    recs.ok("update", "R1", "--title", "Retitled")
    rows = {r["id"]: r for r in recs.json("report", env=NOW)["recommendations"]}
    assert rows["R1"]["title"] == "Retitled"


def test_a_record_changed_by_hand_or_by_git_is_read_again(recs, written):
    reports(recs)
    path = written / "recommendations" / "R4.json"
    record = json.loads(path.read_text())
    record["title"] = "Edited by hand"
    stat = path.stat()
    path.write_text(json.dumps(record, indent=2))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with its old modification time
    rows = {r["id"]: r for r in recs.json("report", env=NOW)["recommendations"]}
    assert rows["R4"]["title"] == "Edited by hand"


def test_a_record_that_has_not_settled_is_not_kept(recs, written):
    recs.ok("report")  # the records were written a moment ago: read, not kept
    assert not (written / KEPT).exists()


def test_a_kept_table_changed_damaged_or_of_another_version_is_ignored(recs, written):
    first, _ = reports(recs)
    head, records = read_kept(written)
    changed = (written / KEPT).read_bytes().replace(b"born", b"BORN")  # by hand: its checksum no longer matches
    (written / KEPT).write_bytes(changed)
    assert same(json.loads(recs.ok("report", "--format", "json", env=NOW).stdout), first)
    write_kept(written, {**head, "stamp": [1, "report", 999]}, records)
    assert same(json.loads(recs.ok("report", "--format", "json", env=NOW).stdout), first)
    write_kept(written, {**head, "stamp": [*head["stamp"][:3], "3.99", head["stamp"][4]]}, records)  # another Python
    assert same(json.loads(recs.ok("report", "--format", "json", env=NOW).stdout), first)
    (written / KEPT).write_bytes(b"\x00garbage")
    assert same(json.loads(recs.ok("report", "--format", "json", env=NOW).stdout), first)


def test_a_damaged_record_is_named_every_time_and_never_kept(recs, written):
    reports(recs)
    (written / "recommendations" / "R6.json").write_text("{ not json")
    for _ in range(2):
        done = recs("report", "--format", "json", env=NOW)
        assert done.exit_code == 1 and "R6.json is not valid JSON" in done.stderr
        assert all(r["id"] != "R6" for r in json.loads(done.stdout)["recommendations"])
    entry = read_kept(written)[1].get("R6")  # (the one kept before, if any)
    assert entry is None or entry[0] != derived.signature((written / "recommendations" / "R6.json").stat())


def test_a_removed_record_file_leaves_the_report(recs, written):
    reports(recs)
    (written / "recommendations" / "R7.json").unlink()
    assert all(r["id"] != "R7" for r in recs.json("report", env=NOW)["recommendations"])


def test_a_tracker_never_written_gets_no_work_folder_from_a_report(recs, tmp_path):
    import shutil

    from conftest import SEED

    tracker = tmp_path / "fresh"
    shutil.copytree(SEED, tracker)
    recs.ok("report", env={**NOW, "RECS_DB": str(tracker)})
    assert not (tracker / ".recs").exists()


def test_a_table_kept_as_json_by_an_earlier_version_is_cleared_away(recs, written):
    (written / ".recs" / "derived-report.json").write_text('{"stamp": [1, "report", 1], "crc": 0}\n{}')
    reports(recs)
    assert (written / KEPT).exists() and not (written / ".recs" / "derived-report.json").exists()
