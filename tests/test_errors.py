"""The error contract: one `Error:` line, exit 1 (2 for usage), no traceback,
and the tracker's files unchanged, for every everyday command."""

import json

import pytest

from conftest import digest, record

# (arguments, expected exit code, words the error line must contain)
BAD = [
    (["show", "R99"], 1, "no recommendation with id 'R99'"),
    (["history", "R99"], 1, "'R99'"),
    (["update", "R99", "--status", "implemented"], 1, "'R99'"),
    (["evidence", "add", "R99", "--summary", "s", "--source", "x"], 1, "'R99'"),
    (["update", "R1", "--status", "done"], 1, "invalid status 'done'"),
    (["list", "--status", "done"], 1, "invalid status 'done'"),
    (["update", "R1", "--due", "2025-02-30"], 1, "invalid due date '2025-02-30'"),
    (["update", "R1", "--due", "next week"], 1, "invalid due date"),
    (["add", "T", "--actor", "UN", "--due", "2025-13"], 1, "invalid due date"),
    (["evidence", "add", "R1", "--summary", "s", "--source", "x", "--date", "2023-02-29"], 1, "invalid evidence date"),
    (["add", "", "--actor", "UN"], 1, "title must not be empty"),
    (["add", "   ", "--actor", "UN"], 1, "title must not be empty"),
    (["add", "two\nlines", "--actor", "UN"], 1, "title must be one line"),
    (["update", "R1", "--title", ""], 1, "title must not be empty"),
    (["add", "x" * 301, "--actor", "UN"], 1, "title is too long"),
    (["add", "T"], 2, "at least one --actor"),
    (["add", "T", "--actor", " "], 1, "actor must not be empty"),
    (["add", "T", "--actor", "UN", "--brief", "nope"], 1, "no brief with id 'nope'"),
    (["add", "T", "--actor", "UN", "--id", "R1"], 1, "already taken"),
    (["add", "T", "--actor", "UN", "--id", "has space"], 1, "invalid id"),
    (["update", "R1"], 2, "nothing to update"),
    (["evidence", "add", "R1", "--summary", "s"], 2, "--url or --source"),
    (["evidence", "add", "R1", "--summary", " ", "--source", "x"], 1, "summary must not be empty"),
    (["evidence", "add", "R1", "--summary", "s", "--url", "not a url"], 1, "invalid URL"),
    (["evidence", "add", "R1", "--summary", "s", "--url", "javascript:alert(1)"], 1, "invalid URL"),
    (["list", "--format", "xml"], 2, "unknown format 'xml'"),
    (["show", "R1", "--format", "csv"], 2, "unknown format 'csv'"),
    (["list", "--no-such-option"], 2, "No such option"),
    (["show"], 2, "Missing argument"),
    (["frobnicate"], 2, "No such command"),
    (["brief", "add", "b1", "--title", "t", "--publisher", "p", "--published", "2024-01-01"], 1, "already exists"),
    (["brief", "add", "b2", "--title", "t", "--publisher", "p", "--published", "yesterday"], 1, "invalid published date"),
    (["init"], 1, "is a tracker already"),
]


def assert_clean_error(result, code: int, words: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert words in lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


@pytest.mark.parametrize("args,code,words", BAD, ids=[" ".join(a)[:40] for a, _, _ in BAD])
def test_bad_input_leaves_store_untouched(recs, empty, db, args, code, words):
    recs.ok("add", "Existing", "--actor", "UN")
    before = digest(db)
    assert_clean_error(recs(*args), code, words)
    assert digest(db) == before


EVERY_COMMAND = [
    ["list"], ["show", "R1"], ["history", "R1"], ["add", "T", "--actor", "UN"],
    ["update", "R1", "--status", "partial"], ["evidence", "add", "R1", "--summary", "s", "--source", "x"],
    ["brief", "list"], ["brief", "add", "b9", "--title", "t", "--publisher", "p", "--published", "2024-01-01"],
]


@pytest.mark.parametrize("args", EVERY_COMMAND, ids=lambda a: " ".join(a[:2]))
def test_missing_store(recs, tmp_path, args):
    missing = tmp_path / "nowhere" / "tracker"
    result = recs("--db", str(missing), *args)
    assert_clean_error(result, 1, f"no tracker at {missing}")
    assert not missing.exists() and not missing.parent.exists()


# A damaged settings file (tracker.json) stops every command.
CORRUPT = {
    "not json": (b"{ this is not json", "is not valid JSON"),
    "truncated": (b'{"schema_version": 3', "is not valid JSON"),
    "empty": (b"", "is empty"),
    "list": (b"[1, 2, 3]\n", "not a recs settings file"),
    "plain tinydb": (b'{"_default": {"1": {"a": 1}}}\n', "no valid schema_version"),
    "newer": (b'{"schema_version": 999}\n', "newer recs"),
    "bad version": (b'{"schema_version": "3"}\n', "no valid schema_version"),
}


@pytest.mark.parametrize("kind", CORRUPT)
@pytest.mark.parametrize("args", EVERY_COMMAND, ids=lambda a: " ".join(a[:2]))
def test_corrupted_store_is_reported_and_never_overwritten(recs, seeded, kind, args):
    content, words = CORRUPT[kind]
    settings = seeded / "tracker.json"
    settings.write_bytes(content)
    before = digest(seeded)
    result = recs(*args)
    assert_clean_error(result, 1, words)
    # the file at fault is named (a newer tracker: the folder, which is what is newer)
    assert str(seeded if kind == "newer" else settings) in result.stderr
    assert settings.read_bytes() == content
    assert digest(seeded) == before


# A damaged record file stops every command on that record; the others still work.
CORRUPT_RECORD = {
    "not json": (b"{ this is not json", "is not valid JSON"),
    "truncated": (b'{"id": "R1", "title": "T', "is not valid JSON"),
    "empty": (b"", "is not valid JSON"),
    "list": (b"[1, 2, 3]\n", "is not a JSON object"),
    "bad record": (b"5\n", "is not a JSON object"),
    "no title": (None, "has no valid 'title'"),
}
ON_R1 = [["show", "R1"], ["history", "R1"], ["update", "R1", "--status", "partial"],
         ["evidence", "add", "R1", "--summary", "s", "--source", "x"], ["edit", "R1"]]


def _damage_r1(db, kind) -> bytes:
    content = CORRUPT_RECORD[kind][0]
    if content is None:
        rec = record(db, "R1")
        del rec["title"]
        content = json.dumps(rec, indent=2).encode()
    (db / "recommendations" / "R1.json").write_bytes(content)
    return content


@pytest.mark.parametrize("kind", CORRUPT_RECORD)
@pytest.mark.parametrize("args", ON_R1, ids=lambda a: " ".join(a[:2]))
def test_corrupted_record_is_reported_and_never_overwritten(recs, seeded, kind, args):
    words = CORRUPT_RECORD[kind][1]
    content = _damage_r1(seeded, kind)
    before = digest(seeded)
    result = recs(*args, env={"EDITOR": "true", "VISUAL": "true"})
    assert_clean_error(result, 1, words)
    assert str(seeded / "recommendations" / "R1.json") in result.stderr
    assert (seeded / "recommendations" / "R1.json").read_bytes() == content
    assert digest(seeded) == before


@pytest.mark.parametrize("kind", CORRUPT_RECORD)
@pytest.mark.parametrize("args", [["list"], ["brief", "list"], ["export", "--format", "csv"], ["report"]],
                         ids=lambda a: " ".join(a[:2]))
def test_corrupted_record_is_named_by_commands_reading_every_record(recs, seeded, kind, args):
    """The others are printed; each unreadable file gets an Error line, and the exit code is 1."""
    words = CORRUPT_RECORD[kind][1]
    content = _damage_r1(seeded, kind)
    before = digest(seeded)
    result = recs(*args)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    errors = result.stderr.strip().splitlines()
    assert errors and all(line.startswith("Error: ") for line in errors), result.stderr
    assert str(seeded / "recommendations" / "R1.json") in errors[0] and words in errors[0]
    assert "Traceback" not in result.stderr + result.stdout
    if args == ["list"]:
        assert "R2" in result.stdout and "R1 " not in result.stdout
    assert (seeded / "recommendations" / "R1.json").read_bytes() == content
    assert digest(seeded) == before


@pytest.mark.parametrize("kind", CORRUPT_RECORD)
def test_corrupted_record_leaves_the_others_usable(recs, seeded, kind):
    content = _damage_r1(seeded, kind)
    assert recs.json("show", "R2")["id"] == "R2"
    recs.ok("update", "R2", "--status", "partial")
    assert record(seeded, "R2")["status"] == "partial"
    new_id = recs.ok("add", "T", "--actor", "UN").stdout.strip()
    assert record(seeded, new_id)["title"] == "T"
    assert (seeded / "recommendations" / "R1.json").read_bytes() == content


@pytest.mark.parametrize("args", [["update", "R1", "--status", "partial"],
                                  ["evidence", "add", "R1", "--summary", "s", "--source", "x"]],
                         ids=lambda a: " ".join(a[:2]))
def test_a_key_given_twice_stops_writes_to_that_record(recs, seeded, args):
    """A merge that kept both sides' "status": no side is silently dropped by a write."""
    path = seeded / "recommendations" / "R1.json"
    text = path.read_text()
    status = record(seeded, "R1")["status"]
    other = "partial" if status != "partial" else "in_progress"
    twice = text.replace(f'"status": "{status}"', f'"status": "{status}",\n  "status": "{other}"', 1)
    assert twice != text
    path.write_text(twice)
    before = digest(seeded)
    result = recs(*args)
    assert_clean_error(result, 1, "gives 'status' more than once")
    assert str(path) in result.stderr
    assert path.read_text() == twice
    assert digest(seeded) == before


def test_unwritable_location(recs, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = recs("--db", str(blocker / "tracker"), "init")
    assert_clean_error(result, 1, "cannot create")
    assert blocker.read_text() == "not a directory"


def _freeze(path, mode: int = 0o500, undo_mode: int = 0o700) -> callable:
    """Make a directory refuse new files (or a file refuse writes, with modes
    0o444 / 0o644); returns the undo. chmod does not stop root, so as root the
    immutable attribute is used (chattr, ext4 and tmpfs)."""
    import os
    import subprocess

    if os.geteuid() != 0:
        os.chmod(path, mode)
        return lambda: os.chmod(path, undo_mode)
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot make {path} read-only here: {done.stderr.decode().strip()}")
    return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)


def _freeze_all(paths) -> callable:
    """`_freeze` each of `paths` (folders 0o555, files 0o444); returns the undo of all."""
    thaws = []
    try:
        for path in paths:
            thaws.append(_freeze(path, 0o555, 0o755) if path.is_dir() else _freeze(path, 0o444, 0o644))
    except BaseException:
        for thaw in reversed(thaws):
            thaw()
        raise

    def thaw_all():
        for thaw in reversed(thaws):
            thaw()
    return thaw_all


@pytest.mark.parametrize("args", [
    ["update", "R1", "--status", "partial"],
    ["evidence", "add", "R1", "--summary", "s", "--source", "x"],
    ["add", "T", "--actor", "UN"],
])
def test_unwritable_directory(recs, tmp_path, args):
    """The work folder (`.recs/`: lock and temp files) refuses new files: no temp
    file can be written, so nothing is, and nothing is left behind."""
    db = tmp_path / "ro" / "tracker"
    recs.ok("--db", str(db), "init")
    recs.ok("--db", str(db), "evidence", "add", "R2", "--summary", "s",
            "--source", "x")  # a first write makes the work folder and its lock
    work = db / ".recs"
    assert (work / "lock").exists()
    work_before = sorted(p.name for p in work.iterdir())
    before = digest(db)
    thaw = _freeze(work)
    try:
        result = recs("--db", str(db), *args)
    finally:
        thaw()
    assert_clean_error(result, 1, "cannot write")
    assert digest(db) == before
    assert sorted(p.name for p in work.iterdir()) == work_before


def _tracker_files(db):
    """The tracker folder, its table folders and every file in them (not `.recs/`)."""
    return [db, *(p for p in sorted(db.rglob("*")) if ".recs" not in p.relative_to(db).parts)]


@pytest.mark.parametrize("args", [
    ["update", "R1", "--status", "partial"],
    ["add", "T", "--actor", "UN"],
    ["undo", "--yes"],
    ["edit", "R1"],
])
def test_a_read_only_store_is_not_replaced(recs, seeded, args):
    """The work folder is writable, so a rename could replace the files: a tracker
    made read-only on purpose (every folder and file of it) is refused instead."""
    recs.ok("evidence", "add", "R2", "--summary", "s", "--source", "x")  # makes the work folder
    before = digest(seeded)
    thaw = _freeze_all(_tracker_files(seeded))
    try:
        result = recs(*args)
    finally:
        thaw()
    assert_clean_error(result, 1, "is read-only")
    assert digest(seeded) == before


@pytest.mark.parametrize("args", [
    ["update", "R1", "--status", "partial"],
    ["evidence", "add", "R1", "--summary", "s", "--source", "x"],
    ["edit", "R1"],
])
def test_a_read_only_record_file_is_not_replaced(recs, seeded, args, tmp_path):
    """Its folder is writable, so a rename could replace the file: a record file
    made read-only on purpose is refused instead."""
    recs.ok("evidence", "add", "R2", "--summary", "s", "--source", "x")  # makes the work folder
    before = digest(seeded)
    import sys

    script = tmp_path / "editor.py"  # an edit that changes the title
    script.write_text("import json, sys\npath = sys.argv[1]\ndata = json.load(open(path))\n"
                      "data['title'] = 'Changed'\njson.dump(data, open(path, 'w'))\n")
    thaw = _freeze(seeded / "recommendations" / "R1.json", 0o444, 0o644)
    try:
        result = recs(*args, env={"EDITOR": f"{sys.executable} {script}", "VISUAL": ""})
    finally:
        thaw()
    assert_clean_error(result, 1, "is read-only")
    assert str(seeded / "recommendations" / "R1.json") in result.stderr
    assert digest(seeded) == before


def test_init_on_a_directory_says_so(recs, tmp_path):
    """An empty folder may become a tracker; one holding other files is refused."""
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    result = recs("--db", str(folder), "init")
    assert_clean_error(result, 1, "a folder with other files")
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert (folder / "notes.txt").read_text() == "mine"


def test_unexpected_errors_never_show_a_traceback(recs, db):
    """A store that passes the layout check but has a record of the wrong shape."""
    from recs import SCHEMA_VERSION

    record = ('{"id": "R1", "title": "T", "actors": ["UN"], "status": "not_started", "evidence": [], '
              '"history": [], "created": "x", "updated": "x", "due": "2020-01-01", '
              '"actor_status": ["UN"]}')  # actor_status: a list, not {actor: status}
    for table in ("briefs", "recommendations", "removed"):
        (db / table).mkdir(parents=True)
    (db / "tracker.json").write_text(f'{{"schema_version": {SCHEMA_VERSION}}}\n')
    (db / "recommendations" / "R1.json").write_text(record + "\n")
    result = recs("list", "--overdue")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
    assert "--debug" in result.stderr


DAMAGED = [  # (what is wrong with R1, a command that trips over it)
    ("history entry not an object", ["show", "R1"]),
    ("history entry not an object", ["history", "R1"]),
    ("evidence without an id", ["show", "R1"]),
    ("evidence entry not an object", ["export", "--format", "csv"]),
    ("actors not names", ["list"]),
]


@pytest.mark.parametrize("damage,args", DAMAGED, ids=[f"{d}: {' '.join(a)}" for d, a in DAMAGED])
def test_unexpected_error_names_the_store_and_doctor(recs, seeded, damage, args):
    """A record damaged deep inside (by hand or a bad merge) that a command trips over:
    the one Error line still names the store and how to find what is wrong with it."""
    r1 = record(seeded, "R1")
    if damage == "history entry not an object":
        r1["history"].append("x")
    elif damage == "evidence without an id":
        del r1["evidence"][0]["id"]
    elif damage == "evidence entry not an object":
        r1["evidence"].append("x")
    else:
        r1["actors"] = [1, 2]
    (seeded / "recommendations" / "R1.json").write_text(json.dumps(r1, indent=2))
    before = digest(seeded)
    result = recs(*args)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert str(seeded) in lines[0] and "`recs doctor`" in lines[0] and "Traceback" not in result.stderr
    assert digest(seeded) == before
    doctor = recs("doctor")
    assert doctor.exit_code == 1 and "recommendations/R1.json" in doctor.stdout
