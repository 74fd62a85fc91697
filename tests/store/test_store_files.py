"""Broken, old and new trackers: a clear error naming the file, nothing touched;
`recs doctor` lists every problem; single-file stores of earlier versions are
converted into a folder beside them, the file kept unchanged."""

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import SEED, digest, record, snapshot
from procs import run, spawn

from recs import SCHEMA_VERSION
from recs.store.files import dumps

DATA = Path(__file__).resolve().parents[1] / "data"
V1 = DATA / "store-v1.json"  # data/recs.json as recs 0.1.0 shipped it (schema 1)
V2 = DATA / "store-v2.json"  # the last shipped single-file store (schema 2)


def store_with(change) -> bytes:
    """The schema-2 single-file store, parsed, changed by `change`, serialised."""
    data = json.loads(V2.read_bytes())
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


def one_error_line(result) -> bool:
    return result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1



# -- a damaged single-file store: the migration path refuses it, creating nothing ----------
# (case, file contents, what the error must say)
BROKEN = [
    ("empty", b"", ["is not valid JSON", "empty"]),
    ("blank", b"  \n\n", ["is not valid JSON", "empty"]),
    ("truncated", lambda: V1.read_bytes()[:5000], ["is not valid JSON"]),
    ("not json", b"id,title\nR1,Evacuate\n", ["is not valid JSON"]),
    ("binary", bytes(range(256)) * 4, ["is not valid JSON"]),
    ("a list", b"[]\n", ["not a tracker folder nor a recs store"]),
    ("a string", b'"recs"\n', ["not a tracker folder nor a recs store"]),
    ("plain tinydb", b'{"_default": {"1": {"title": "x"}}}', ["not a tracker folder nor a recs store"]),
    ("meta not object", lambda: store_with(_set(["_meta"], [1])), ["not a tracker folder nor a recs store"]),
    ("schema not a number", lambda: store_with(_set(["_meta", "1", "schema_version"], "2")),
     ["no valid schema_version"]),
    ("no schema", lambda: store_with(_drop(["_meta", "1", "schema_version"])), ["no valid schema_version"]),
    ("newer schema", lambda: store_with(_set(["_meta", "1", "schema_version"], SCHEMA_VERSION + 1)),
     [f"says schema {SCHEMA_VERSION + 1}", "schema 1 or 2"]),
    pytest.param("no recommendations", lambda: store_with(_drop(["recommendations"])),
                 ["no valid recommendations table"]),
    ("recommendations a list", lambda: store_with(_set(["recommendations"], [])),
     ["no valid recommendations table"]),
    pytest.param("no removed table", lambda: store_with(_drop(["removed"])), ["no valid removed table"]),
    ("record not an object", lambda: store_with(_set(["recommendations", "R1"], "R1")),
     ["(recommendations 'R1') is not a JSON object"]),
    ("record id mismatch", lambda: store_with(_set(["recommendations", "R1", "id"], "R2")),
     ["(recommendations 'R1') holds id 'R2'"]),
    ("unknown status", lambda: store_with(_set(["recommendations", "R1", "status"], "bogus")),
     ["unknown status 'bogus'"]),
    ("history entry not an object", lambda: store_with(lambda d: d["recommendations"]["R1"]["history"].append("x")),
     ["no valid 'history'"]),
    ("evidence without its id", lambda: store_with(lambda d: d["recommendations"]["R1"]["evidence"][0].pop("id")),
     ["no valid 'evidence'"]),
    ("actors not names", lambda: store_with(_set(["recommendations", "R1", "actors"], [1])), ["no valid 'actors'"]),
    ("due not text", lambda: store_with(_set(["recommendations", "R1", "due"], 2025)), ["no valid 'due'"]),
    ("record without actors", lambda: store_with(_drop(["recommendations", "R1", "actors"])), ["no valid 'actors'"]),
    ("history not a list", lambda: store_with(_set(["recommendations", "R1", "history"], {})),
     ["no valid 'history'"]),
    ("brief without title", lambda: store_with(_drop(["briefs", "apri-2023-09-20", "title"])),
     ["(briefs 'apri-2023-09-20') has no valid 'title'"]),
    ("an id that is a path", lambda: store_with(
        lambda d: d["recommendations"].__setitem__("../x", dict(d["recommendations"]["R1"], id="../x"))),
     ["id '../x' cannot name a file"]),
    ("a key given twice", lambda: V2.read_bytes().replace(b'"status": "', b'"status": "partial", "status": "', 1),
     ["gives 'status' more than once"]),
]
COMMANDS = [  # every one goes through the same conversion: reads, writes, whole-tracker ones
    ["list", "--format", "json"],
    ["show", "R1"],
    ["export"],
    ["update", "R1", "--status", "partial"],
    ["evidence", "add", "R1", "--summary", "x", "--url", "https://example.org"],
    ["add", "A title", "--actor", "UN"],
    ["brief", "add", "b2", "--title", "T", "--publisher", "P", "--published", "2024-01-01"],
    ["undo", "--yes"],
]


def _ids(cases):
    return [c.values[0] if hasattr(c, "values") else c[0] for c in cases]


@pytest.mark.parametrize("case,content,says", BROKEN, ids=_ids(BROKEN))
def test_a_broken_single_file_store_is_refused_and_nothing_created(recs, tmp_path, case, content, says):
    old = tmp_path / "recs.json"
    old.write_bytes(content() if callable(content) else content)
    before = old.read_bytes()
    env = {"RECS_DB": str(old)}
    for args in COMMANDS:
        result = recs(*args, env=env)
        assert result.exit_code == 1, (args, result.stdout, result.stderr)
        assert one_error_line(result), (args, result.stderr)
        assert str(old) in result.stderr and all(s in result.stderr for s in says), (args, result.stderr)
        assert "Traceback" not in result.stderr + result.stdout
        assert old.read_bytes() == before, args
        assert not (tmp_path / "recs").exists(), args
    doctor = recs("doctor", env=env)
    assert doctor.exit_code == 1
    assert doctor.stdout.startswith(f"{old}: ") and doctor.stderr.splitlines()[-1].startswith("Error: ")
    assert old.read_bytes() == before
    # nothing beside it: no folder, no temp folder, no lock file
    assert sorted(p.name for p in tmp_path.iterdir() if p.name not in ("tracker", "xdg-data")) == ["recs.json"]


def test_a_broken_single_file_store_real_process(tmp_path):
    """The same through the real executable: one line, exit 1, no traceback."""
    old = tmp_path / "recs.json"
    old.write_bytes(V1.read_bytes()[:3000])
    done = run(old, "update", "R1", "--status", "partial")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"Error: {old} is not valid JSON")
    assert old.read_bytes() == V1.read_bytes()[:3000] and not (tmp_path / "recs").exists()


def test_missing_tracker_and_plain_folder(recs, tmp_path):
    missing = tmp_path / "nowhere" / "tracker"
    result = recs("update", "R1", "--note", "x", env={"RECS_DB": str(missing)})
    assert result.exit_code == 1 and one_error_line(result)
    assert result.stderr.startswith(f"Error: no tracker at {missing}; create one with `recs init {missing}`")
    assert not missing.exists()
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    result = recs("update", "R1", "--note", "x", env={"RECS_DB": str(folder)})
    assert result.exit_code == 1 and one_error_line(result) and "not a recs tracker" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]  # no stray lock or work folder


# -- a damaged file in a tracker folder ---------------------------------------------------
R1_RAW = (SEED / "recommendations" / "R1.json").read_bytes()
BRIEF = "briefs/apri-2023-09-20.json"


def r1_with(change) -> bytes:
    data = json.loads(R1_RAW)
    change(data)
    return dumps(data)


def _r1_set(key, value):
    return lambda: r1_with(lambda d: d.__setitem__(key, value))


def conflicted() -> bytes:
    """R1 as git leaves it after a merge that changed its status on both sides."""
    line = b'  "status": "implemented",\n'
    assert line in R1_RAW
    return R1_RAW.replace(line, b"<<<<<<< HEAD\n" + line + b'=======\n  "status": "partial",\n>>>>>>> theirs\n')


def status_twice() -> bytes:
    """R1 with "status" written twice, by hand (a union merge keeps both lines)."""
    line = b'  "status": "implemented",\n'
    return R1_RAW.replace(line, b'  "status": "in_progress",\n' + line)



# (case, file, contents, what the error must say)
BROKEN_RECORD = [
    pytest.param("empty", b"", "is not valid JSON"),
    pytest.param("truncated", R1_RAW[: len(R1_RAW) // 2], "is not valid JSON"),
    pytest.param("not json", b"id,title\nR1,Evacuate\n", "is not valid JSON"),
    pytest.param("binary", bytes(range(256)) * 4, "is not valid JSON"),
    pytest.param("a list", b"[]\n", "is not a JSON object"),
    pytest.param("id mismatch", _r1_set("id", "R2"), "holds id 'R2', not 'R1'"),
    pytest.param("unknown status", _r1_set("status", "bogus"), "unknown status 'bogus'"),
    pytest.param("history entry not an object", lambda: r1_with(lambda d: d["history"].append("x")),
                 "no valid 'history'"),
    pytest.param("evidence without its id", lambda: r1_with(lambda d: d["evidence"][0].pop("id")),
                 "no valid 'evidence'"),
    pytest.param("actors not names", _r1_set("actors", [1]), "no valid 'actors'"),
    pytest.param("due not text", _r1_set("due", 2025), "no valid 'due'"),
    pytest.param("conflict markers", conflicted, "is not valid JSON"),
]
ON_R1 = [
    ["show", "R1"],
    ["history", "R1"],
    ["update", "R1", "--status", "partial"],
    ["evidence", "add", "R1", "--summary", "x", "--url", "https://example.org"],
]
WHOLE = [["list"], ["list", "--format", "json"], ["report"], ["export"]]


def _fails_naming(recs, db, args, where: Path, says: str) -> str | None:
    """None if `recs ARGS` failed as it must (exit 1, Error lines naming `where`, nothing
    changed), else what went wrong."""
    before = snapshot(db)
    result = recs(*args)
    problem = None
    if result.exit_code != 1:
        problem = f"exit {result.exit_code}"
    elif not result.stderr.startswith("Error: ") or "Traceback" in result.stderr + result.stdout:
        problem = f"stderr {result.stderr!r}"
    elif f"Error: {where}" not in result.stderr or says not in result.stderr:
        problem = f"does not name {where} / {says!r}: {result.stderr!r}"
    elif snapshot(db) != before:
        problem = "changed the tracker"
    return None if problem is None else f"{args}: {problem}"


@pytest.mark.parametrize("case,content,says", BROKEN_RECORD, ids=_ids(BROKEN_RECORD))
def test_a_broken_record_file_is_refused_by_every_command_on_it(recs, seeded, case, content, says):
    target = seeded / "recommendations" / "R1.json"
    target.write_bytes(content() if callable(content) else content)
    failures = [f for args in ON_R1 + WHOLE if (f := _fails_naming(recs, seeded, args, target, says))]
    assert failures == []
    # the others still work
    assert recs.json("show", "R2")["id"] == "R2"
    before = snapshot(seeded)
    recs.ok("update", "R2", "--status", "partial")
    after = snapshot(seeded)
    assert [k for k in after if after[k] != before.get(k)] == ["recommendations/R2.json"]
    assert target.read_bytes() == (content() if callable(content) else content)
    # list prints the others, and exits 1 naming R1.json
    listed = recs("list", "--format", "json")
    assert listed.exit_code == 1 and str(target) in listed.stderr
    assert [r["id"] for r in json.loads(listed.stdout)] == [f"R{i}" for i in range(2, 10)]
    assert all(line.startswith("Error: ") for line in listed.stderr.splitlines())


def test_a_key_given_twice_stops_every_write_to_the_record(recs, seeded):
    """A union merge can leave a key twice: a read takes the last (as a JSON
    parser does), but no write goes through, as it would drop one side."""
    target = seeded / "recommendations" / "R1.json"
    target.write_bytes(status_twice())
    says = "gives 'status' more than once"
    failures = [f for args in ON_R1[2:] if (f := _fails_naming(recs, seeded, args, target, says))]
    assert failures == []
    assert recs.json("show", "R1")["status"] == "implemented"
    recs.ok("update", "R2", "--status", "partial")
    assert target.read_bytes() == status_twice()


UNDO_CASES = [pytest.param(*c.values, id=c.values[0])
              for c in BROKEN_RECORD] + [
    pytest.param("status twice", status_twice, "gives 'status' more than once",
                 id="status twice")]


@pytest.mark.parametrize("case,content,says", UNDO_CASES)
def test_undo_refuses_while_a_record_file_is_damaged(recs, seeded, case, content, says):
    """`undo` reads the records the last change touched (from this clone's change
    log): one it cannot read stops it; a damaged record it does not touch does not."""
    recs.ok("update", "R1", "--status", "partial", "--note", "to undo")
    recs.ok("update", "R2", "--status", "partial", "--note", "to undo")
    target = seeded / "recommendations" / "R1.json"
    target.write_bytes(content() if callable(content) else content)
    assert _fails_naming(recs, seeded, ["undo", "2", "--yes"], target, says) is None
    recs.ok("undo", "--yes")  # R2's change: R1 is not read
    assert recs.json("show", "R2")["history"][-1]["note"].startswith("undo of `update R2")


# tracker.json: nothing works at all
BROKEN_SETTINGS = [
    ("empty", b"", "tracker.json is empty"),
    ("not json", b"schema_version = 3\n", "tracker.json is not valid JSON"),
    ("a list", b"[]\n", "tracker.json is not a recs settings file"),
    ("no schema_version", b"{}\n", "tracker.json has no valid schema_version"),
    ("newer schema", dumps({"schema_version": SCHEMA_VERSION + 1}),
     f"was written by a newer recs (schema {SCHEMA_VERSION + 1})"),
]
EVERY = ON_R1 + WHOLE + [["show", "R2"], ["update", "R2", "--status", "partial"], ["brief", "list"],
                         ["add", "T", "--actor", "UN"]]


@pytest.mark.parametrize("case,content,says", BROKEN_SETTINGS, ids=[c[0] for c in BROKEN_SETTINGS])
def test_a_broken_settings_file_stops_every_command(recs, seeded, case, content, says):
    (seeded / "tracker.json").write_bytes(content)
    for args in EVERY:
        before = snapshot(seeded)
        result = recs(*args)
        assert result.exit_code == 1, (args, result.stdout)
        assert one_error_line(result) and f"Error: {seeded}" in result.stderr and says in result.stderr, \
            (args, result.stderr)
        assert snapshot(seeded) == before, args
    assert recs("doctor").exit_code == 1


@pytest.mark.parametrize("content,says", [
    (b"oops", "is not valid JSON"),
    (dumps({"id": "apri-2023-09-20", "publisher": "P", "published": "2023-09-20"}), "has no valid 'title'"),
], ids=["not json", "no title"])
def test_a_broken_brief_file_stops_the_commands_that_read_it(recs, seeded, content, says):
    target = seeded / BRIEF
    target.write_bytes(content)
    for args in (["show", "R1"], ["show", "R2"], ["brief", "list"], ["export"], ["add", "T", "--actor", "UN"]):
        assert _fails_naming(recs, seeded, args, target, says) is None
    recs.ok("history", "R1")  # what does not read the brief still works
    recs.ok("update", "R2", "--status", "partial")
    assert target.read_bytes() == content


def snapshot_without(db: Path, skip: Path) -> dict[str, bytes]:
    """`snapshot` of every file but `skip` (a FIFO or a 3 GB file is not read)."""
    return {str(f.relative_to(db)): f.read_bytes() for f in sorted(db.rglob("*"))
            if f != skip and f.is_file() and ".recs" not in f.relative_to(db).parts}


@pytest.mark.parametrize("how", ["fifo", "huge sparse file"])
def test_a_fifo_or_a_huge_file_is_refused_without_hanging(seeded, how):
    target = seeded / "recommendations" / "R1.json"
    target.unlink()
    if how == "fifo":
        os.mkfifo(target)
        says = "not a regular file"
    else:
        target.touch()
        os.truncate(target, 3 * 1024 ** 3)
        says = "more than a record file may hold"
    before, kind = snapshot_without(seeded, target), os.stat(target)
    for args in (["show", "R1"], ["update", "R1", "--status", "partial"], ["list"]):
        done = run(seeded, *args, timeout=20)
        assert done.returncode == 1, (args, done.stderr)
        assert f"Error: {target} " in done.stderr and says in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert snapshot_without(seeded, target) == before
    after = os.stat(target)
    assert (after.st_mode, after.st_size, after.st_mtime_ns) == (kind.st_mode, kind.st_size, kind.st_mtime_ns)


# -- doctor ----------------------------------------------------------------
def test_doctor_passes_a_sound_tracker(recs, seeded):
    result = recs("doctor")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert f"{seeded}: OK (9 recommendations, 1 brief, 0 removed by undo)" in result.stderr
    assert recs("check").stderr == result.stderr  # the name the issue also allows


def test_doctor_lists_every_problem_naming_each_file(recs, seeded):
    def damage(rec_id, change):
        path = seeded / "recommendations" / f"{rec_id}.json"
        data = json.loads(path.read_bytes())
        change(data)
        path.write_bytes(dumps(data))

    damage("R1", lambda d: d.__setitem__("status", "done"))
    damage("R2", lambda d: d["evidence"][0].__setitem__("url", "not a url"))
    damage("R3", lambda d: d.__setitem__("brief", "no-such-brief"))
    damage("R4", lambda d: d["evidence"][1].__setitem__("id", d["evidence"][0]["id"]))
    damage("R5", lambda d: d["history"][0].pop("change"))
    damage("R6", lambda d: d.__setitem__("due", "2025-02-30"))
    damage("R7", lambda d: d.__setitem__("status", "implemented" if d["status"] != "implemented" else "partial"))
    (seeded / "recommendations" / "R8.json").write_bytes(b"{")
    (seeded / "recommendations" / "notes.txt").write_text("x")
    before = digest(seeded)
    result = recs("doctor")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    for expected in ("recommendations/R1.json: status", "recommendations/R2.json: evidence.0.url",
                     "recommendations/R3.json: brief 'no-such-brief' does not exist",
                     "recommendations/R4.json: evidence id E1 is used more than once",
                     "recommendations/R5.json: history[0] has no change id",
                     "recommendations/R6.json: due", "recommendations/R7.json: status is ",
                     "recommendations/R8.json: not valid JSON", "recommendations/notes.txt: not a record file"):
        assert any(line.startswith(f"{seeded}: {expected}") for line in lines), (expected, lines)
    assert len(lines) == 9, lines
    assert result.stderr.strip().endswith(f"{seeded} has 9 problems (listed above); it was left as is")
    assert digest(seeded) == before
    as_json = json.loads(recs("doctor", "--format", "json").stdout)
    assert as_json["problems"] == [line.split(": ", 1)[1] for line in lines] and as_json["ok"] is False


def test_doctor_names_a_key_given_twice_until_it_is_mended(recs, seeded):
    target = seeded / "recommendations" / "R1.json"
    target.write_bytes(status_twice())
    expected = f"{seeded}: recommendations/R1.json: 'status' is given more than once"
    for attempt in range(2):
        result = recs("doctor")
        assert result.exit_code == 1 and expected in result.stdout, result.stdout
        # nothing in between mends it by dropping a side
        recs("show", "R1")
        assert recs("update", "R1", "--status", "partial").exit_code == 1
        recs.ok("update", "R2", "--note", f"attempt {attempt}")
    assert target.read_bytes() == status_twice()
    target.write_bytes(dumps(json.loads(status_twice())))  # mended: one key
    assert recs("doctor").exit_code == 0


def test_doctor_names_conflict_markers_and_how_to_finish(recs, seeded):
    (seeded / "recommendations" / "R1.json").write_bytes(conflicted())
    result = recs("doctor")
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{seeded}: recommendations/R1.json: has git conflict markers; a merge is unfinished")
    assert "git add" in line


def test_doctor_notes_a_file_not_laid_out_canonically(recs, seeded):
    target = seeded / "recommendations" / "R3.json"
    target.write_text(json.dumps(json.loads(target.read_bytes()), indent=4))
    result = recs("doctor")
    assert result.exit_code == 0, result.stdout
    assert "Note: recommendations/R3.json: not laid out canonically" in result.stderr


def test_doctor_fails_a_settings_file_every_command_refuses(recs, seeded):
    (seeded / "tracker.json").write_bytes(dumps({"schema_version": 2}))
    assert recs("list").exit_code == 1
    result = recs("doctor")
    assert result.exit_code == 1 and "tracker.json" in result.stdout


def test_doctor_checks_a_single_file_store_without_converting_it(recs, tmp_path):
    old = tmp_path / "recs.json"
    shutil.copy(V1, old)
    result = recs("doctor", env={"RECS_DB": str(old)})
    assert result.exit_code == 0, result.stdout
    assert "single-file store (schema 1)" in result.stderr
    assert old.read_bytes() == V1.read_bytes() and not (tmp_path / "recs").exists()


# -- migration of a single-file store ---------------------------------------------------
@pytest.mark.parametrize("source,version", [(V1, 1), (V2, 2)], ids=["schema 1", "schema 2"])
def test_a_single_file_store_is_converted_into_a_folder_beside_it(recs, tmp_path, source, version):
    from recs.store import migrations

    old = tmp_path / "recs.json"
    shutil.copy(source, old)
    folder = tmp_path / "recs"
    env = {"RECS_DB": str(old)}
    result = recs("list", "--format", "json", env=env)
    assert result.exit_code == 0, result.stderr
    assert (f"Converted {old} (schema {version}) into the tracker folder {folder}; "
            f"{old} is kept unchanged") in result.stderr
    assert old.read_bytes() == source.read_bytes()
    assert json.loads((folder / "tracker.json").read_bytes()) == {"schema_version": SCHEMA_VERSION}
    expected = migrations.upgrade(json.loads(source.read_bytes()), version, 2, old)
    files = snapshot(folder)
    for table in ("briefs", "recommendations", "removed"):
        docs = expected.get(table, {})
        assert sorted(k for k in files if k.startswith(f"{table}/")) == sorted(f"{table}/{k}.json" for k in docs)
        for key, doc in docs.items():
            assert files[f"{table}/{key}.json"] == dumps(doc), (table, key)
    assert all(isinstance(e["change"], int) for k in expected["recommendations"]
               for e in record(folder, k)["history"])
    assert [r["id"] for r in json.loads(result.stdout)] == [f"R{i}" for i in range(1, 10)]
    assert recs("--db", str(folder), "doctor").exit_code == 0
    # the next command through the file uses the folder, and says so
    again = recs("update", "R1", "--note", "after the conversion", env=env)
    assert again.exit_code == 0, again.stderr
    assert "Converted" not in again.stderr and "using that (point --db at it)" in again.stderr
    assert record(folder, "R1")["history"][-1]["note"] == "after the conversion"
    assert old.read_bytes() == source.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("recs", ".recs"))) == \
        ["recs", "recs.json"]


def test_schema_1_changes_are_grouped_for_undo(recs, tmp_path):
    """Schema 1 had no change ids: entries of one second by one person are one change."""
    old = tmp_path / "recs.json"
    shutil.copy(V1, old)
    env = {"RECS_DB": str(old)}
    recs.ok("list", env=env)
    folder = tmp_path / "recs"
    recs.ok("update", "R8", "--status", "in_progress", env=env)
    recs.ok("undo", "--yes", env=env)
    assert record(folder, "R8")["status"] == json.loads(V1.read_bytes())["recommendations"]["R8"]["status"]


def test_concurrent_first_uses_convert_once(tmp_path):
    old = tmp_path / "recs.json"
    shutil.copy(V1, old)
    procs = [spawn(old, "list", "--format", "json") for _ in range(4)]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert sum("Converted" in err for _, err in outputs) == 1, [err for _, err in outputs]
    assert len({out for out, _ in outputs}) == 1 and len(json.loads(outputs[0][0])) == 9
    assert old.read_bytes() == V1.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("recs", ".recs"))) == \
        ["recs", "recs.json"]  # no temp folder left


def test_an_old_store_that_cannot_be_converted_is_left_alone(recs, tmp_path):
    old = tmp_path / "recs.json"
    data = json.loads(V1.read_bytes())
    data["recommendations"]["R1"]["actors"] = "not a list"
    old.write_text(json.dumps(data))
    before = old.read_bytes()
    result = recs("list", env={"RECS_DB": str(old)})
    assert result.exit_code == 1 and "no valid 'actors'" in result.stderr and one_error_line(result)
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("recs", ".recs"))) == ["recs.json"]


def test_a_converted_tracker_round_trips_through_export_and_import(recs, tmp_path):
    old = tmp_path / "recs.json"
    shutil.copy(V1, old)
    folder = tmp_path / "recs"
    recs.ok("list", env={"RECS_DB": str(old)})
    exported = tmp_path / "export.json"
    recs.ok("--db", str(folder), "export", "--format", "json", "--output", str(exported))
    new = tmp_path / "new"
    recs.ok("init", "--empty", str(new))
    recs.ok("--db", str(new), "import", str(exported))
    assert snapshot(new) == snapshot(folder)


# -- init, symlinks ------------------------------------------------------------------------
def test_init_writes_the_current_schema(seeded):
    assert (seeded / "tracker.json").read_bytes() == dumps({"schema_version": SCHEMA_VERSION})
    assert SCHEMA_VERSION == 3
    assert snapshot(seeded) == snapshot(SEED)


def test_init_never_replaces_a_tracker_or_a_folder_with_files(recs, tmp_path, seeded):
    before = digest(seeded)
    for args in (["init"], ["init", str(seeded)], ["init", "--empty", str(seeded)]):
        result = recs(*args)
        assert result.exit_code == 1 and one_error_line(result) and "is a tracker already" in result.stderr
        assert digest(seeded) == before
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    result = recs("init", str(other))
    assert result.exit_code == 1 and one_error_line(result) and "a folder with other files" in result.stderr
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    assert recs("init", str(a_file)).exit_code == 1 and a_file.read_text() == "x"
    blank = tmp_path / "blank"
    blank.mkdir()
    recs.ok("init", "--empty", str(blank))  # an empty folder is fine
    assert (blank / "tracker.json").is_file()


def test_a_tracker_reached_through_a_symlink_is_written_in_the_real_folder(recs, tmp_path):
    real = tmp_path / "shared" / "tracker"
    recs.ok("init", str(real))
    link = tmp_path / "link"
    link.symlink_to(real)
    env = {"RECS_DB": str(link)}
    recs.ok("update", "R1", "--note", "through the link", env=env)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert record(real, "R1")["history"][-1]["note"] == "through the link"
    assert (real / ".recs" / "lock").is_file()
    # the lock is the real folder's: held there, a write through the link waits for it
    import fcntl

    with open(real / ".recs" / "lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        before = digest(real)
        result = recs("update", "R1", "--note", "blocked", env={**env, "RECS_LOCK_TIMEOUT": "0"})
        assert result.exit_code == 1 and "is locked by" in result.stderr, result.stderr
        assert digest(real) == before
