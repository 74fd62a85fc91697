"""Broken, old and new store files: a clear error, the file never touched;
`recs doctor` lists every problem; older schemas are migrated with a backup."""

import json
import shutil
from pathlib import Path

import pytest
from conftest import digest
from procs import run, spawn

from recs import SCHEMA_VERSION
from recs.errors import StoreError
from recs.storage import atomic_create
from recs.store import Store

V1 = Path(__file__).resolve().parent / "data" / "store-v1.json"  # data/recs.json as recs 0.1.0 shipped it


def store_with(change) -> bytes:
    """The shipped store, parsed, changed by `change`, serialised."""
    from recs.paths import seed_bytes

    data = json.loads(seed_bytes())
    change(data)
    return json.dumps(data, indent=2).encode()


def _set(path: list, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _drop(path: list):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return change


# (case, file contents, what the error must say)
BROKEN = [
    ("empty", b"", "is empty"),
    ("blank", b"  \n\n", "is empty"),
    ("truncated", lambda: (V1.read_bytes())[:5000], "is not valid JSON"),
    ("not json", b"id,title\nR1,Evacuate\n", "is not valid JSON"),
    ("binary", bytes(range(256)) * 4, "is not valid JSON"),
    ("a list", b"[]\n", "top level is not an object"),
    ("a string", b'"recs"\n', "top level is not an object"),
    ("plain tinydb", b'{"_default": {"1": {"title": "x"}}}', "no _meta table"),
    ("meta not object", lambda: store_with(_set(["_meta"], [1])), "no _meta table"),
    ("schema not a number", lambda: store_with(_set(["_meta", "1", "schema_version"], "2")), "no valid schema_version"),
    ("no schema", lambda: store_with(_drop(["_meta", "1", "schema_version"])), "no valid schema_version"),
    ("newer schema", lambda: store_with(_set(["_meta", "1", "schema_version"], SCHEMA_VERSION + 1)),
     f"written by a newer recs (schema {SCHEMA_VERSION + 1})"),
    ("no recommendations", lambda: store_with(_drop(["recommendations"])), "no recommendations table"),
    ("recommendations a list", lambda: store_with(_set(["recommendations"], [])), "no recommendations table"),
    ("no removed table", lambda: store_with(_drop(["removed"])), "no removed table"),
    ("record not an object", lambda: store_with(_set(["recommendations", "R1"], "R1")), "entry 'R1' is malformed"),
    ("record id mismatch", lambda: store_with(_set(["recommendations", "R1", "id"], "R2")), "entry 'R1' is malformed"),
    ("unknown status", lambda: store_with(_set(["recommendations", "R1", "status"], "bogus")), "unknown status 'bogus'"),
    ("history entry not an object", lambda: store_with(lambda d: d["recommendations"]["R1"]["history"].append("x")),
     "no valid 'history'"),
    ("evidence without its id", lambda: store_with(lambda d: d["recommendations"]["R1"]["evidence"][0].pop("id")),
     "no valid 'evidence'"),
    ("actors not names", lambda: store_with(_set(["recommendations", "R1", "actors"], [1])), "no valid 'actors'"),
    ("due not text", lambda: store_with(_set(["recommendations", "R1", "due"], 2025)), "no valid 'due'"),
    ("last_number not a number", lambda: store_with(_set(["_meta", "1", "last_number"], "x")), "no valid last_number"),
    ("record without actors", lambda: store_with(_drop(["recommendations", "R1", "actors"])), "no valid 'actors'"),
    ("history not a list", lambda: store_with(_set(["recommendations", "R1", "history"], {})), "no valid 'history'"),
    ("brief without title", lambda: store_with(_drop(["briefs", "apri-2023-09-20", "title"])), "no valid 'title'"),
]
COMMANDS = [
    ["list"],
    ["list", "--format", "json"],
    ["show", "R1"],
    ["history", "R1"],
    ["brief", "list"],
    ["update", "R1", "--status", "partial"],
    ["evidence", "add", "R1", "--summary", "x", "--url", "https://example.org"],
    ["add", "A title", "--actor", "UN"],
    ["brief", "add", "b2", "--title", "T", "--publisher", "P", "--published", "2024-01-01"],
    ["undo", "--yes"],
]


@pytest.mark.parametrize("case,content,says", BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_store_is_reported_and_left_alone(recs, db, case, content, says):
    db.write_bytes(content() if callable(content) else content)
    before = digest(db)
    for args in COMMANDS:
        result = recs(*args)
        assert result.exit_code == 1, (args, result.stdout, result.stderr)
        assert result.stderr.startswith("Error: "), (args, result.stderr)
        assert str(db) in result.stderr and says in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr + result.stdout
        assert digest(db) == before, args
    doctor = recs("doctor")
    assert doctor.exit_code == 1
    assert doctor.stdout.startswith(f"{db}: ") and doctor.stderr.startswith("Error: ")
    assert digest(db) == before
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith("recs.json")) in (
        ["recs.json"], ["recs.json", "recs.json.lock"])  # no backup, no temp file


def test_broken_store_real_process(db):
    """The same through the real executable: one line, exit 1, no traceback."""
    db.write_bytes(V1.read_bytes()[:3000])
    before = digest(db)
    done = run(db, "update", "R1", "--status", "partial")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"Error: {db} is not valid JSON")
    assert digest(db) == before


def test_missing_store_and_directory(recs, tmp_path):
    missing = tmp_path / "nowhere" / "recs.json"
    result = recs("update", "R1", "--note", "x", env={"RECS_DB": str(missing)})
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: no store at {missing}")
    folder = tmp_path / "folder"
    folder.mkdir()
    result = recs("update", "R1", "--note", "x", env={"RECS_DB": str(folder)})
    assert result.exit_code == 1 and "is a directory" in result.stderr
    assert not (tmp_path / "folder.lock").exists()  # no stray lock beside it


# -- doctor ----------------------------------------------------------------
def test_doctor_passes_a_sound_store(recs, seeded):
    result = recs("doctor")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert "OK (9 recommendations, 1 brief, 0 removed by undo)" in result.stderr
    assert recs("check").stderr == result.stderr  # the name the issue also allows


def test_doctor_lists_every_problem(recs, db):
    def damage(data):
        recs_ = data["recommendations"]
        recs_["R1"]["status"] = "done"
        recs_["R2"]["evidence"][0]["url"] = "not a url"
        recs_["R3"]["brief"] = "no-such-brief"
        recs_["R4"]["evidence"][1]["id"] = recs_["R4"]["evidence"][0]["id"]
        del recs_["R5"]["history"][0]["change"]
        recs_["R6"]["due"] = "2025-02-30"
        recs_["R7"]["status"] = "implemented"  # without a history entry
        data["_meta"]["1"]["last_number"] = 3
        data["extra"] = {}
    db.write_bytes(store_with(damage))
    before = digest(db)
    result = recs("doctor")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    for expected in ("recommendations.R1.status", "recommendations.R2.evidence.0.url",
                     "recommendations.R3: brief 'no-such-brief' does not exist",
                     "recommendations.R4: evidence id E1 is used more than once",
                     "recommendations.R5: history[0] has no change id",
                     "recommendations.R6.due", "recommendations.R7: status is 'implemented' but its history",
                     "_meta: last_number is 3 but R9 exists", "unknown top-level table 'extra'"):
        assert any(expected in line for line in lines), (expected, lines)
    assert len(lines) == 9
    assert result.stderr.strip().endswith("has 9 problems (listed above); it was left as is")
    assert digest(db) == before
    as_json = recs("doctor", "--format", "json")
    assert json.loads(as_json.stdout)["problems"] == [line.split(": ", 1)[1] for line in lines]


def test_doctor_finds_a_record_given_twice(recs, seeded):
    """A merge resolved by keeping both sides can leave one id twice in a table: recs
    reads one of them, and a write keeps one, so doctor must say so."""
    raw = seeded.read_bytes()
    start = raw.index(b'\n    "R1": {')
    end = raw.index(b"\n    }", start) + len(b"\n    }")
    twin = raw[start:end].replace(b'"title": "', b'"title": "Other side of the merge: ', 1)
    seeded.write_bytes(raw[:end] + b"," + twin + raw[end:])
    before = digest(seeded)
    result = recs("doctor")
    assert result.exit_code == 1, result.stderr
    assert f"{seeded}: recommendations: 'R1' is given 2 times" in result.stdout
    assert digest(seeded) == before


@pytest.mark.parametrize("content,says", [
    (b"", "the file is empty"),
    (b'{"_meta": {"1": {"schema_version": 2, "last_number": 0}}, "briefs": {}, "recommendations": {', "the file looks truncated"),
    (b"[1, 2]", "the top level is a JSON array"),
])
def test_doctor_on_unreadable_files(recs, db, content, says):
    db.write_bytes(content)
    result = recs("doctor")
    assert result.exit_code == 1 and says in result.stdout
    assert db.read_bytes() == content


# -- migration ---------------------------------------------------------------
def test_v1_store_is_migrated_with_a_backup(recs, db):
    shutil.copy(V1, db)
    result = recs("list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    backup = db.with_name("recs.json.v1.bak")
    assert f"Migrated {db} from schema 1 to {SCHEMA_VERSION}; the old file is kept at {backup}" in result.stderr
    assert backup.read_bytes() == V1.read_bytes()
    new = json.loads(db.read_bytes())
    old = json.loads(V1.read_bytes())
    assert new["_meta"]["1"]["schema_version"] == SCHEMA_VERSION and new["removed"] == {}
    for rec_id, rec in new["recommendations"].items():
        assert all(isinstance(e["change"], int) for e in rec["history"])
        stripped = dict(rec, history=[{k: v for k, v in e.items() if k != "change"} for e in rec["history"]])
        assert stripped == old["recommendations"][rec_id]
    assert new["briefs"] == old["briefs"]
    assert recs("doctor").exit_code == 0
    # done once: the next command neither migrates nor backs up again
    again = recs("list")
    assert "Migrated" not in again.stderr
    assert sorted(p.name for p in db.parent.glob("recs.json.v*")) == ["recs.json.v1.bak"]


def test_v1_changes_are_grouped_for_undo(recs, db):
    """Schema 1 had no change ids: entries of one second by one person are one change."""
    shutil.copy(V1, db)
    recs.ok("list")
    changes = {e["change"] for r in Store.open(db).recommendations() for e in r["history"]}
    assert changes == {1}  # the seed was written in one (pinned) second by one author
    recs.ok("update", "R8", "--status", "in_progress")
    recs.ok("undo", "--yes")
    assert Store.open(db).get("R8")["status"] == "not_started"


def test_concurrent_first_opens_migrate_once(db):
    shutil.copy(V1, db)
    procs = [spawn(db, "list", "--format", "json") for _ in range(3)]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert sum("Migrated" in err for _, err in outputs) == 1
    assert sorted(p.name for p in db.parent.glob("recs.json.v*")) == ["recs.json.v1.bak"]
    assert len({json.dumps(json.loads(out), sort_keys=True) for out, _ in outputs}) == 1


def test_an_old_store_that_cannot_be_migrated_is_left_alone(recs, db):
    data = json.loads(V1.read_bytes())
    data["recommendations"]["R1"]["actors"] = "not a list"
    db.write_text(json.dumps(data))
    before = digest(db)
    result = recs("list")
    assert result.exit_code == 1 and "no valid 'actors'" in result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert digest(db) == before and not list(db.parent.glob("recs.json.v*"))


def test_a_second_migration_keeps_the_first_backup(recs, db):
    db.with_name("recs.json.v1.bak").write_bytes(b"an earlier backup")
    shutil.copy(V1, db)
    recs.ok("list")
    assert db.with_name("recs.json.v1.bak").read_bytes() == b"an earlier backup"
    assert db.with_name("recs.json.v1.1.bak").read_bytes() == V1.read_bytes()


def test_migration_leaves_its_input_alone():
    from recs import migrations

    old = json.loads(V1.read_bytes())
    copy = json.loads(V1.read_bytes())
    new = migrations.upgrade(old, 1, SCHEMA_VERSION)
    assert old == copy and new != old


def test_unknown_old_schema_is_refused():
    from recs import migrations

    with pytest.raises(StoreError, match="schema 0, which this recs cannot migrate"):
        migrations.upgrade({"_meta": {"1": {"schema_version": 0}}}, 0, SCHEMA_VERSION, "x.json")


def test_init_writes_the_current_schema(recs, seeded):
    assert json.loads(seeded.read_bytes())["_meta"]["1"]["schema_version"] == SCHEMA_VERSION


# -- writes ------------------------------------------------------------------
def test_create_never_replaces_a_store(db, recs, seeded):
    before = digest(seeded)
    with pytest.raises(StoreError, match="already exists"):
        atomic_create(seeded, b"{}")
    result = recs("init")
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert digest(seeded) == before


def test_symlinked_store_is_written_through_the_link(recs, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    real = shared / "recs.json"
    recs.ok("init", env={"RECS_DB": str(real)})
    link = tmp_path / "link.json"
    link.symlink_to(real)
    recs.ok("update", "R1", "--note", "through the link", env={"RECS_DB": str(link)})
    assert link.is_symlink()
    assert Store.open(real).get("R1")["history"][-1]["note"] == "through the link"


def test_doctor_checks_an_old_store_without_migrating_it(recs, db):
    shutil.copy(V1, db)
    result = recs("doctor")
    assert result.exit_code == 0, result.stdout
    assert "Note: schema 1: checked as schema" in result.stderr
    assert db.read_bytes() == V1.read_bytes() and not list(db.parent.glob("recs.json.v*"))


def test_old_store_is_read_in_memory_when_it_cannot_be_migrated_now(recs, db):
    """Another command holds the lock: a read migrates in memory and says so."""
    from filelock import FileLock

    shutil.copy(V1, db)
    with FileLock(f"{db}.lock"):
        result = recs("list", "--format", "json", env={"RECS_LOCK_TIMEOUT": "0"})
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 9
    assert "without migrating the file" in result.stderr
    assert db.read_bytes() == V1.read_bytes()
    recs.ok("list")  # the lock is free again: now it is migrated
    assert db.with_name("recs.json.v1.bak").read_bytes() == V1.read_bytes()
