"""The error contract: one `Error:` line, exit 1 (2 for usage), no traceback,
and the store's bytes unchanged, for every everyday command."""

import pytest

from conftest import digest

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
    (["init"], 1, "already exists"),
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
    missing = tmp_path / "nowhere" / "recs.json"
    result = recs("--db", str(missing), *args)
    assert_clean_error(result, 1, f"no store at {missing}")
    assert not missing.exists() and not missing.parent.exists()


CORRUPT = {
    "not json": (b"{ this is not json", "is not valid JSON"),
    "truncated": (b'{"_meta": {"1": {"schema_version": 1', "is not valid JSON"),
    "empty": (b"", "is empty"),
    "list": (b"[1, 2, 3]\n", "not a recs store"),
    "plain tinydb": (b'{"_default": {"1": {"a": 1}}}\n', "not a recs store"),
    "newer": (b'{"_meta": {"1": {"schema_version": 999}}, "briefs": {}, "recommendations": {}}\n', "newer recs"),
    "bad record": (b'{"_meta": {"1": {"schema_version": 1}}, "briefs": {}, "recommendations": {"R1": 5}}\n',
                   "malformed"),
}


@pytest.mark.parametrize("kind", CORRUPT)
@pytest.mark.parametrize("args", EVERY_COMMAND, ids=lambda a: " ".join(a[:2]))
def test_corrupted_store_is_reported_and_never_overwritten(recs, db, kind, args):
    content, words = CORRUPT[kind]
    db.write_bytes(content)
    result = recs(*args)
    assert_clean_error(result, 1, words)
    assert str(db) in result.stderr
    assert db.read_bytes() == content


def test_unwritable_location(recs, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = recs("--db", str(blocker / "recs.json"), "init")
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


@pytest.mark.parametrize("args", [
    ["update", "R1", "--status", "partial"],
    ["evidence", "add", "R1", "--summary", "s", "--source", "x"],
    ["add", "T", "--actor", "UN"],
])
def test_unwritable_directory(recs, tmp_path, args):
    store_dir = tmp_path / "ro"
    store_dir.mkdir()
    db = store_dir / "recs.json"
    recs.ok("--db", str(db), "init")
    (store_dir / "recs.json.lock").touch()
    before = digest(db)
    thaw = _freeze(store_dir)
    try:
        result = recs("--db", str(db), *args)
    finally:
        thaw()
    assert_clean_error(result, 1, "cannot write")
    assert digest(db) == before
    assert sorted(p.name for p in store_dir.iterdir()) == ["recs.json", "recs.json.lock"]


@pytest.mark.parametrize("args", [
    ["update", "R1", "--status", "partial"],
    ["add", "T", "--actor", "UN"],
    ["undo", "--yes"],
    ["edit", "R1"],
])
def test_a_read_only_store_is_not_replaced(recs, seeded, args):
    """The directory is writable, so a rename could replace the file: a store made
    read-only on purpose is refused instead."""
    before = digest(seeded)
    thaw = _freeze(seeded, 0o444, 0o644)
    try:
        result = recs(*args)
    finally:
        thaw()
    assert_clean_error(result, 1, "is read-only")
    assert digest(seeded) == before


def test_init_on_a_directory_says_so(recs, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    result = recs("--db", str(folder), "init")
    assert_clean_error(result, 1, "is a directory")


def test_unexpected_errors_never_show_a_traceback(recs, db):
    """A store that passes the layout check but has a record of the wrong shape."""
    from recs import SCHEMA_VERSION

    record = ('{"id": "R1", "title": "T", "actors": ["UN"], "status": "not_started", "evidence": [], '
              '"history": [], "created": "x", "updated": "x", "due": "soon"}')  # due: not a date
    db.write_text(f'{{"_meta": {{"1": {{"schema_version": {SCHEMA_VERSION}}}}}, "briefs": {{}}, '
                  f'"recommendations": {{"R1": {record}}}, "removed": {{}}}}\n')
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
    import json

    data = json.loads(seeded.read_bytes())
    r1 = data["recommendations"]["R1"]
    if damage == "history entry not an object":
        r1["history"].append("x")
    elif damage == "evidence without an id":
        del r1["evidence"][0]["id"]
    elif damage == "evidence entry not an object":
        r1["evidence"].append("x")
    else:
        r1["actors"] = [1, 2]
    seeded.write_text(json.dumps(data, indent=2))
    before = digest(seeded)
    result = recs(*args)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert str(seeded) in lines[0] and "`recs doctor`" in lines[0] and "Traceback" not in result.stderr
    assert digest(seeded) == before
    doctor = recs("doctor")
    assert doctor.exit_code == 1 and "recommendations.R1" in doctor.stdout
