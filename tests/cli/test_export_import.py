"""`recs export` and `recs import`: formats, round trips, validation, dry run."""

import csv
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings

from conftest import SEED, digest, record, snapshot
from recs import SCHEMA_VERSION
from recs.formats import tabular
from storegen import big_store, stores, write


def export_to(recs, tmp_path, fmt, name=None):
    path = tmp_path / (name or f"out.{fmt}")
    recs.ok("export", "--format", fmt, "--output", str(path))
    return path


def fresh(recs, tmp_path, name="new"):
    db = tmp_path / name
    recs.ok("--db", str(db), "init", "--empty")
    return db


@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_round_trip_of_the_shipped_store_is_byte_identical(recs, seeded, tmp_path, fmt):
    exported = recs.ok("export", "--format", fmt).stdout
    (tmp_path / f"e.{fmt}").write_text(exported)
    new = fresh(recs, tmp_path)
    result = recs.ok("--db", str(new), "import", str(tmp_path / f"e.{fmt}"))
    assert "9 added, 0 modified, 0 unchanged" in result.stderr
    assert snapshot(new) == snapshot(seeded) == snapshot(SEED)
    assert len(snapshot(new)) == 11  # tracker.json, the brief and the nine recommendations
    again = recs.ok("--db", str(new), "import", str(tmp_path / f"e.{fmt}"))
    assert "0 added, 0 modified, 9 unchanged" in again.stderr and snapshot(new) == snapshot(seeded)


def test_round_trip_of_a_larger_store_with_hostile_text(recs, tmp_path):
    source = big_store(tmp_path / "big", n=300)
    out = tmp_path / "big-export.json"
    recs.ok("--db", str(source), "export", "--output", str(out))
    new = fresh(recs, tmp_path)
    recs.ok("--db", str(new), "import", str(out))
    assert snapshot(new) == snapshot(source) and len(snapshot(new)) == 303


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(store=stores())
def test_round_trip_property(recs, store):
    with tempfile.TemporaryDirectory() as tmp:
        source, new, out = Path(tmp, "s"), Path(tmp, "n"), Path(tmp, "e.json")
        write(source, store)
        recs.ok("--db", str(source), "export", "--output", str(out))
        recs.ok("--db", str(new), "init", "--empty")
        recs.ok("--db", str(new), "import", str(out))
        assert snapshot(new) == snapshot(source) == store
        nd = recs.ok("--db", str(source), "export", "--format", "ndjson").stdout
        Path(tmp, "e.ndjson").write_text(nd)
        shutil.rmtree(new)
        recs.ok("--db", str(new), "init", "--empty")
        recs.ok("--db", str(new), "import", str(Path(tmp, "e.ndjson")))
        assert snapshot(new) == store


def test_the_export_json_is_stable_and_complete(recs, seeded):
    data = json.loads(recs.ok("export").stdout)
    assert data["recs_export"] == 1 and data["schema_version"] == SCHEMA_VERSION == 3
    assert "last_number" not in data  # no counter: new ids follow the highest R<n> in the tracker
    assert [r["id"] for r in data["recommendations"]] == [f"R{i}" for i in range(1, 10)]
    assert data["recommendations"] == recs.json("list")
    assert recs.ok("export").stdout == recs.ok("export", "--format", "json").stdout


def test_large_json_export_built_in_chunks_is_the_same_bytes(tmp_path):
    from recs.formats import exports
    from recs.store import Store

    store = Store.open(big_store(tmp_path / "big", n=exports.CHUNK + 250))  # a chunk and a part
    ticks = []
    chunked = b"".join(exports.render("json", store, ticks.append))
    whole = orjson.dumps({**exports.header(store), "recommendations": store.recommendations()},
                         option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    assert chunked == whole and sum(ticks) == exports.CHUNK + 250 and len(ticks) == 2


def test_ndjson_export_is_a_header_line_then_one_record_per_line(recs, seeded):
    lines = recs.ok("export", "--format", "ndjson").stdout.splitlines()
    head = json.loads(lines[0])
    assert head["recs_export"] == 1 and head["briefs"][0]["id"] == "apri-2023-09-20" and "recommendations" not in head
    assert [json.loads(line)["id"] for line in lines[1:]] == [f"R{i}" for i in range(1, 10)]


# -- csv ---------------------------------------------------------------------------
def test_csv_export_columns_and_values(recs, seeded):
    rows = list(csv.DictReader(io.StringIO(recs.ok("export", "--format", "csv").stdout)))
    assert tuple(rows[0]) == tabular.COLUMNS and len(rows) == 9
    r4 = rows[3]
    assert r4["id"] == "R4" and r4["actors"] == "International partners; European Union"
    assert r4["evidence_count"] == "2" and r4["latest_evidence_date"] == "2025-01-30" and r4["due"] == "2025-02"
    assert r4["status"] == "implemented" and r4["status_label"] == "Implemented"


def test_csv_output_file_has_a_bom_and_no_formulas(recs, empty, tmp_path):
    recs.ok("add", "=HYPERLINK(\"http://evil\",\"click\")", "--actor", "+cmd", "--actor", "@SUM(1)",
            "--text", "\tx", "--quote", "-2+3", "--tag", "'=already")
    recs.ok("add", "'tis fine", "--actor", "EU", "--text", "\rcr")
    path = export_to(recs, tmp_path, "csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert rows[0]["title"] == "'=HYPERLINK(\"http://evil\",\"click\")" and rows[0]["tags"] == "''=already"
    assert rows[1]["title"] == "'tis fine" and rows[1]["text"] == "'\rcr"
    assert not recs.ok("export", "--format", "csv").stdout.startswith("\ufeff")  # stdout: no BOM



def test_csv_neutralises_a_formula_after_nuls(recs, empty, db, tmp_path):
    """LibreOffice drops a leading NUL and runs `\\x00=1+1` as a formula (checked with
    LibreOffice 7.4's CSV import); the cell gets its `'` too, and import removes it again."""
    record = {"id": "R1", "brief": "b1", "title": "\x00=1+1", "text": "\x00\x00@SUM(1)", "quote": "'\x00-2",
              "actors": ["\x00+cmd"], "status": "not_started", "tags": ["\x00\tx"]}
    (tmp_path / "r.json").write_text(json.dumps([record]))
    recs.ok("import", str(tmp_path / "r.json"))
    path = export_to(recs, tmp_path, "csv")
    row = next(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    assert (row["title"], row["text"], row["quote"], row["actors"], row["tags"]) == (
        "'\x00=1+1", "'\x00\x00@SUM(1)", "''\x00-2", "'\x00+cmd", "'\x00\tx")
    before = digest(db)
    assert "0 modified, 1 unchanged" in recs.ok("import", str(path)).stderr and digest(db) == before

def test_csv_round_trip_restores_the_values(recs, empty, db, tmp_path):
    recs.ok("add", "=1+1", "--actor", "+A", "--actor", "B", "--text", "line 1\nline 2, \"quoted\"",
            "--quote", "'=x", "--tag", "@t", "--due", "2025-02")
    recs.ok("add", "'tis", "--actor", "UN")
    path = export_to(recs, tmp_path, "csv")
    before = digest(db)
    result = recs.ok("import", str(path))
    assert "0 added, 0 modified, 2 unchanged" in result.stderr and digest(db) == before
    new = tmp_path / "new"
    recs.ok("--db", str(new), "init", "--empty")
    recs.ok("--db", str(new), "brief", "add", "b1", "--title", "A brief", "--publisher", "Pub", "--published", "2024-01-31")
    recs.ok("--db", str(new), "import", str(path))
    fields = ("id", "title", "text", "quote", "actors", "tags", "due", "status", "brief", "created", "updated")
    assert [{k: r[k] for k in fields} for r in recs.json("--db", str(new), "list")] == \
        [{k: r[k] for k in fields} for r in recs.json("list")]


def test_csv_round_trip_of_names_that_hold_the_separator(recs, empty, db, tmp_path):
    """A list cell joins names with `; `: names holding it (or a cell that starts with `[`)
    are written as a JSON array, so the import gets the same names back."""
    recs.ok("add", "One", "--actor", "Ministry of Health; Ministry of Finance", "--actor", "UN",
            "--tag", "a; b", "--tag", "c")
    recs.ok("add", "Two", "--actor", '["not", "json"]', "--tag", "[draft]")
    recs.ok("add", "Three", "--actor", "EU", "--actor", "UN", "--tag", "x;y")
    path = export_to(recs, tmp_path, "csv")
    cells = path.read_text(encoding="utf-8-sig")
    assert ",EU; UN," in cells and ',"[""x;y""]",' in cells  # a name holding `;` is a JSON array too
    before = digest(db)
    assert "0 added, 0 modified, 3 unchanged" in recs.ok("import", str(path)).stderr
    assert digest(db) == before
    new = tmp_path / "new"
    recs.ok("--db", str(new), "init", "--empty")
    recs.ok("--db", str(new), "brief", "add", "b1", "--title", "A brief", "--publisher", "Pub", "--published", "2024-01-31")
    recs.ok("--db", str(new), "import", str(path))
    assert [(r["actors"], r["tags"]) for r in recs.json("--db", str(new), "list")] == [
        (["Ministry of Health; Ministry of Finance", "UN"], ["a; b", "c"]),
        (['["not", "json"]'], ["[draft]"]),
        (["EU", "UN"], ["x;y"]),
    ]
    # a cell written by hand that starts with `[` but is not a JSON array is split as usual
    (tmp_path / "hand.csv").write_text("title,actors,tags\nFour,UN,[draft]; security\n")
    recs.ok("--db", str(new), "import", str(tmp_path / "hand.csv"))
    assert recs.json("--db", str(new), "list")[-1]["tags"] == ["[draft]", "security"]


def test_csv_edits_are_recorded_in_history(recs, seeded, tmp_path):
    path = export_to(recs, tmp_path, "csv")
    text = path.read_bytes().decode("utf-8-sig").replace(",in_progress,In progress,", ",partial,In progress,", 1)
    text += "\r\n,apri-2023-09-20,A new one from the spreadsheet,In progress,,UN; EU,2026-06,x,,,,,,,,,\r\n"
    path.write_text(text, encoding="utf-8")
    preview = recs.ok("import", str(path), "--dry-run")
    assert preview.stdout == "modify  R6  status\nadd     R10  A new one from the spreadsheet\n"
    assert "would add 1, modify 1, leave 8 unchanged" in preview.stderr
    recs.ok("--as", "lead", "import", str(path))
    r6 = recs.json("show", "R6")
    assert r6["status"] == "partial"
    last = r6["history"][-1]
    assert (last["field"], last["old"], last["new"], last["by"]) == ("status", "in_progress", "partial", "lead")
    assert last["note"] == f"imported from {path}"
    r10 = recs.json("show", "R10")
    assert r10["actors"] == ["UN", "EU"] and r10["status"] == "in_progress" and r10["due"] == "2026-06"
    assert r10["history"][0]["field"] == "created"
    assert recs.ok("add", "Next", "--actor", "X").stdout == "R11\n"


# -- json imports of other shapes ----------------------------------------------------
def test_import_of_a_list_json_array_edited_by_a_script(recs, seeded, tmp_path):
    records = recs.json("list")
    records[0]["status"] = "partial"
    records[0]["tags"] = ["humanitarian"]
    records[1]["evidence"].append({"id": "E9", "date": "2026-01-02", "summary": "New fact", "url": None,
                                   "source": "Agency", "added": "2026-01-03T00:00:00Z", "by": "script"})
    (tmp_path / "list.json").write_text(json.dumps(records))
    result = recs.ok("import", str(tmp_path / "list.json"))
    assert "0 added, 2 modified, 7 unchanged" in result.stderr
    r1, r2 = recs.json("show", "R1"), recs.json("show", "R2")
    assert [h["field"] for h in r1["history"][-2:]] == ["status", "tags"]
    assert r2["evidence"][-1]["id"] == "E9" and r2["history"][-1]["field"] == "evidence"


def test_import_of_partial_records_and_a_later_copy(recs, seeded, tmp_path):
    (tmp_path / "p.json").write_text(json.dumps([{"id": "R5", "status": "implemented"}]))
    recs.ok("import", str(tmp_path / "p.json"))
    r5 = recs.json("show", "R5")
    assert r5["status"] == "implemented" and r5["title"].startswith("Invest in")
    # a teammate's later copy of R6 (its history extends ours) replaces it as is
    recs.ok("--db", str(tmp_path / "copy"), "init")
    recs.ok("--db", str(tmp_path / "copy"), "update", "R6", "--status", "partial", "--note", "ok")
    later = recs.json("--db", str(tmp_path / "copy"), "show", "R6")
    (tmp_path / "r6.json").write_text(json.dumps(later))
    recs.ok("import", str(tmp_path / "r6.json"))
    assert recs.json("show", "R6") == later


def test_import_from_stdin_ndjson(recs, seeded):
    lines = recs.ok("list", "--format", "ndjson").stdout.replace('"status":"not_started"', '"status":"in_progress"')
    result = recs.ok("import", "-", "--format", "ndjson", input=lines)
    assert "1 modified" in result.stderr


def test_dry_run_writes_nothing(recs, seeded, tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps([{"id": "new-1", "title": "New", "actors": ["UN"], "brief": "apri-2023-09-20"},
                                {"id": "R1", "status": "partial"}]))
    before = digest(seeded)
    result = recs.ok("import", str(path), "--dry-run")
    assert result.stdout == "add     new-1  New\nmodify  R1  status\n" and digest(seeded) == before
    recs.ok("import", str(path))
    assert recs.json("show", "new-1")["history"][0]["note"] == f"imported from {path}"


# -- bad input: one Error line, nothing written ------------------------------------
EXPORT = {"recs_export": 1, "schema_version": 1, "briefs": [], "recommendations": []}
GOOD = {"id": "X1", "title": "t", "actors": ["a"]}
EV = {"id": "E1", "date": "2024-01", "summary": "s", "source": "x", "added": "2024-02-01T00:00:00Z", "by": "me"}


def bad(name, content):
    return pytest.param(name, content, id=name)


BAD_FILES = [
    ("empty.json", b"", "empty.json: the file is empty"),
    ("broken.json", b"{\"recommendations\": [", "broken.json: not valid JSON"),
    ("number.json", b"42", "expected a recs export"),
    ("strings.json", b'["a"]', "record 1: expected an object, got str"),
    ("bad-status.json", json.dumps([GOOD, {**GOOD, "id": "X2", "status": "done"}]).encode(),
     "bad-status.json: record 2 (id 'X2'): status must be a status, one of: not_started,"),
    ("dupes.json", json.dumps([GOOD, GOOD]).encode(), "record 2: duplicate id 'X1' (also at record 1)"),
    ("no-title.json", json.dumps([{"id": "X3", "actors": ["a"]}]).encode(), "record 1 (id 'X3'): title is required"),
    ("bad-date.json", json.dumps([{**GOOD, "due": "2025-02-30"}]).encode(),
     "due must be a date like 2025-02-28, 2025-02 or 2025 (got '2025-02-30')"),
    ("bad-evidence.json", json.dumps([{**GOOD, "evidence": [{"id": "E1"}]}]).encode(), "evidence.0.date is required"),
    ("ev-dupes.json", json.dumps([{**GOOD, "evidence": [EV, EV]}]).encode(),
     "record 1 (id 'X1'): field 'evidence': evidence id 'E1' appears twice"),
    ("extra.json", json.dumps([{**GOOD, "colour": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["red"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]).encode(),
     "colour is nested too deep"),
    ("brief.json", json.dumps([{**GOOD, "brief": "nope"}]).encode(), "field 'brief': no brief 'nope'"),
    ("newer.json", json.dumps({**EXPORT, "schema_version": 99}).encode(), "written by a newer recs (schema 99)"),
    ("shape.json", json.dumps({**EXPORT, "recommendations": {}}).encode(), "'recommendations' must be a list"),
    ("bad-brief.json", json.dumps({**EXPORT, "briefs": [{"id": "b"}]}).encode(), "briefs[0] (id 'b'): title is required"),
    ("lines.ndjson", b'{"id": "X1", "title": "t", "actors": ["a"]}\n{oops\n', "lines.ndjson: line 2: not valid JSON"),
    ("cols.csv", b"id,title,colour\nX,t,red\n", "cols.csv: line 1: unknown column 'colour'"),
    ("cells.csv", b"id,title,actors\nX,t\n", "line 2: 2 cells where the header has 3"),
    ("latin1.csv", "id,title,actors\nX,caf\xe9,a\n".encode("latin-1"), "not UTF-8 text"),
    ("bad-row.csv", b"title,actors,status\nok,a,\nnot ok,,\n", "bad-row.csv: line 3: actors must not be empty"),
    ("csv-dupes.csv", b"id,title,actors\nX,t,a\nX,u,b\n", "line 3: duplicate id 'X' (also at line 2)"),
    ("negative-change.json", json.dumps([{**GOOD, "history": [
        {"at": "2024-02-01T00:00:00Z", "by": "me", "field": "created", "change": -1}]}]).encode(),
     "record 1 (id 'X1'): history.0.change must be a whole number from 0 to 2^63-1 (got -1)"),
]


@pytest.mark.parametrize("name, content, message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_import_files_change_nothing(recs, seeded, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    before = digest(seeded)
    for extra in ([], ["--dry-run"]):
        result = recs("import", str(path), *extra)
        assert result.exit_code == 1, result.stderr
        assert result.stderr.startswith("Error: ") and message in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert result.stderr.rstrip().endswith("nothing was imported") or "no such" in result.stderr
        assert digest(seeded) == before


@pytest.mark.parametrize("args, code, message", [
    (["import", "missing.json"], 1, "no such file: missing.json"),
    (["import", "."], 1, ". is a directory"),
    (["import", "x.json", "--format", "xml"], 2, "unknown format 'xml' for import"),
    (["export", "--format", "xml"], 2, "unknown format 'xml' for export"),
    (["export", "--output", "/nonexistent-dir/x.json"], 1, "cannot write to /nonexistent-dir"),
    (["export", "--output", "."], 1, "is a directory"),
    (["export", "--output", "tracker"], 1, "tracker is a directory"),
    (["export", "--output", "tracker/backup.json"], 1, "is inside the tracker itself"),
    (["export", "--output", "tracker/recommendations/R1.json"], 1, "is inside the tracker itself"),
])
def test_bad_export_and_import_options(recs, seeded, tmp_path, args, code, message):
    (tmp_path / "x.json").write_text("[]")
    before = digest(seeded)
    result = recs(*args)
    assert result.exit_code == code and result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and digest(seeded) == before


def test_export_to_an_unwritable_file(recs, seeded, tmp_path):
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o500)
    # root ignores directory permissions; /sys refuses new files to everyone
    target = locked if not os.access(locked, os.W_OK) else Path("/sys")
    before = digest(seeded)
    result = recs("export", "--output", str(target / "e.json"))
    locked.chmod(0o700)
    assert result.exit_code == 1 and result.stderr == f"Error: cannot write to {target}: Permission denied\n"
    assert digest(seeded) == before and not (target / "e.json").exists()


def test_markdown_export(recs, empty, tmp_path):
    recs.ok("add", "<b>bold</b> | *x*", "--actor", "UN", "--text", "one\ntwo")
    recs.ok("evidence", "add", "R1", "--summary", "[link](javascript:alert(1))", "--source", "S")
    md = recs.ok("export", "--format", "md").stdout
    assert md.startswith("# Recommendations\n")
    assert "## R1: \\<b\\>bold\\</b\\> \\| \\*x\\*" in md and "one<br>two" in md
    assert "\\[link\\](javascript:alert(1))" in md


def test_progress_is_silent_when_not_a_terminal(recs, tmp_path):
    big = big_store(tmp_path / "big", n=2500)
    out = tmp_path / "o.json"
    result = recs.ok("--db", str(big), "export", "--output", str(out))
    assert result.stderr == f"Exported 2,500 recommendations to {out} (json)\n"
    new = fresh(recs, tmp_path)
    result = recs.ok("--db", str(new), "import", str(out))
    assert result.stderr == f"Imported {out}: 2,500 added, 0 modified, 0 unchanged, 2 brief(s) added or updated\n"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(store=stores())
def test_csv_round_trip_property(recs, store):
    """What a csv export carries comes back from a csv import, hostile text included."""
    with tempfile.TemporaryDirectory() as tmp:
        source, new, out = Path(tmp, "s"), Path(tmp, "n"), Path(tmp, "e.csv")
        write(source, store)
        recs.ok("--db", str(source), "export", "--format", "csv", "--output", str(out))
        recs.ok("--db", str(new), "init", "--empty")
        recs.ok("--db", str(new), "brief", "add", "b1", "--title", "B", "--publisher", "P", "--published", "2024")
        recs.ok("--db", str(new), "import", str(out))
        keys = ("id", "brief", "title", "status", "actors", "due", "tags", "text", "quote", "created", "updated")
        got = [{k: r[k] for k in keys} for r in recs.json("--db", str(new), "list")]
        assert got == [{k: r[k] for k in keys} for r in recs.json("--db", str(source), "list")]
        assert "0 modified" in recs.ok("--db", str(new), "import", str(out)).stderr


@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_export_of_an_empty_store_round_trips(recs, db, tmp_path, fmt):
    recs.ok("init", "--empty")
    (tmp_path / f"e.{fmt}").write_text(recs.ok("export", "--format", fmt).stdout)
    new = fresh(recs, tmp_path)
    assert "0 added" in recs.ok("--db", str(new), "import", str(tmp_path / f"e.{fmt}")).stderr
    assert snapshot(new) == snapshot(db) == {"tracker.json": b'{\n  "schema_version": 3\n}\n'}


def test_csv_and_md_exports_of_an_empty_store(recs, db):
    recs.ok("init", "--empty")
    assert recs.ok("export", "--format", "csv").stdout_bytes == (",".join(tabular.COLUMNS) + "\r\n").encode()
    md = recs.ok("export", "--format", "md").stdout
    assert md.startswith("# Recommendations\n") and "## Index" in md and "## R" not in md


def test_a_real_process_writes_all_its_output_before_it_ends(tmp_path):
    """The executable ends without tearing the interpreter down (`recs.launch`):
    what it printed is all there, and a reader that stops early (`| head`) gets
    no complaint on stderr."""
    import subprocess

    from procs import env_for, run

    db = big_store(tmp_path / "big", n=1500)
    target = tmp_path / "out.json"
    piped = run(db, "export")
    assert piped.returncode == 0 and piped.stderr == ""
    assert run(db, "export", "--output", str(target)).returncode == 0
    assert piped.stdout.encode() == target.read_bytes()
    assert len(target.read_bytes()) > 1 << 20  # more than a pipe holds at once
    reader = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    done = subprocess.run([sys.executable, "-m", "recs", "export"], env=env_for(db), stdout=reader.stdin,
                          stderr=subprocess.PIPE, text=True)
    reader.stdin.close()
    reader.wait()
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr and "Exception" not in done.stderr


def _edit_export(path: Path, old: bytes, new: bytes, count: int = 1) -> None:
    raw = path.read_bytes()
    assert old in raw
    path.write_bytes(raw.replace(old, new, count))


def test_an_export_is_imported_record_by_record_and_any_layout_still_imports(recs, tmp_path):
    """A `recs export` is read one record at a time (its rows keep their bytes);
    one whose records turn out not to be laid out so is read whole: same result."""
    from recs.imports import importer

    source = big_store(tmp_path / "big", n=60)
    out = tmp_path / "e.json"
    recs.ok("--db", str(source), "export", "--output", str(out))
    parsed = importer.parse(out.read_bytes(), str(out), "json")
    assert len(parsed.rows) == 60 and parsed.whole is not None
    assert parsed.rows[2].data == json.loads(out.read_bytes())["recommendations"][2]
    # a hand edit moves a second evidence entry to four spaces: still valid JSON, but
    # it now looks like the start of a record, and the rows around it do not parse
    _edit_export(out, b'},\n        {\n          "added"', b'},\n    {\n          "added"')
    rows = importer.parse(out.read_bytes(), str(out), "json").rows
    with pytest.raises(importer._Unsliced):
        [row.data for row in rows]
    new = fresh(recs, tmp_path)
    recs.ok("--db", str(new), "import", str(out))
    assert snapshot(new) == snapshot(source)


def test_a_broken_record_in_an_export_names_the_file_and_writes_nothing(recs, seeded, tmp_path):
    out = export_to(recs, tmp_path, "json")
    _edit_export(out, b'"title": "Extend', b'"title" "Extend')
    before = digest(seeded)
    result = recs("import", str(out))
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: {out}: not valid JSON")
    assert digest(seeded) == before


def test_one_import_is_one_change_even_for_rows_it_keeps_serialised(recs, seeded, tmp_path):
    """New history entries of an import all get the import's one change id (an
    undo reverts the whole import), above every change id it writes."""
    data = json.loads(recs.ok("export").stdout)
    future = 9_999_999_999_999_999  # a later copy of R1 from a colleague whose clock runs far ahead
    r1 = data["recommendations"][0]
    r1["history"].append({"at": "2026-12-01T00:00:00Z", "by": "colleague", "field": "status", "old": r1["status"],
                          "new": "partial", "note": None, "change": future})
    r1["status"] = "partial"
    data["recommendations"][1]["status"] = "partial"  # R2: merged field by field, new entries
    path = tmp_path / "changed.json"
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    recs.ok("import", str(path))
    stored = {r["id"]: r for r in recs.json("list")}
    assert stored["R1"]["history"][-1]["change"] == future and stored["R1"]["status"] == "partial"
    new = [e for e in stored["R2"]["history"] if e["note"] == f"imported from {path}"]
    assert [e["field"] for e in new] == ["status"] and new[0]["change"] == future + 1
    recs.ok("undo", "--yes")  # the import: R2's status back (the newest change id is the import's)
    assert {r["id"]: r["status"] for r in recs.json("list")}["R2"] == "not_implemented"


def test_a_history_value_that_looks_like_an_unstamped_entry_round_trips(recs, seeded, tmp_path):
    """An import keeps the records it writes serialised, its own new history
    entries marked with change -1 until it knows its change id. A value inside
    an entry that holds `"change": -1` (an old value edited by hand, a script's
    note) is data, and comes back as it was."""
    r1 = seeded / "recommendations" / "R1.json"
    data = json.loads(r1.read_bytes())
    data["history"][0]["old"] = {"change": -1, "field": "status", "new": "x"}
    r1.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    out = tmp_path / "e.json"
    recs.ok("export", "--output", str(out))
    new = fresh(recs, tmp_path)
    recs.ok("--db", str(new), "import", str(out))
    assert snapshot(new) == snapshot(seeded)
    assert json.loads((new / "recommendations" / "R1.json").read_bytes())["history"][0]["old"] == \
        {"change": -1, "field": "status", "new": "x"}


def test_names_follow_one_rule_in_commands_and_imports(recs, empty, tmp_path):
    """Actors and tags: trimmed, one line, unique regardless of case (the first
    spelling kept), whether typed or imported (issue 11, B)."""
    rec_id = recs.ok("add", "t", "--actor", " UN ", "--actor", "un", "--actor", "WHO",
                     "--tag", "Aid", "--tag", "AID ").stdout.strip()
    typed = recs.json("show", rec_id)
    assert (typed["actors"], typed["tags"]) == (["UN", "WHO"], ["Aid"])
    row = dict(typed, id="X1", actors=[" UN ", "un", "WHO"], tags=["Aid", "AID "], history=[])
    (tmp_path / "x.json").write_text(json.dumps([row]))
    recs.ok("import", str(tmp_path / "x.json"))
    imported = recs.json("show", "X1")
    assert (imported["actors"], imported["tags"]) == (["UN", "WHO"], ["Aid"])
    recs.ok("update", rec_id, "--actor", "who", "--actor", "WHO", "--actor", "Who ")
    assert recs.json("show", rec_id)["actors"] == ["who"]


def test_doctor_flags_what_would_break_a_command(recs, seeded):
    """A history value of the wrong kind (a list where a status belongs) or
    nested too deep is a problem `recs doctor` names (issue 11, B)."""
    r1, r2 = record(seeded, "R1"), record(seeded, "R2")
    r1["history"].append(dict(r1["history"][-1], field="status", old=[1], new=r1["status"]))
    deep = "x"
    for _ in range(40):
        deep = [deep]
    r2["history"].append(dict(r1["history"][0], field="note", old=deep))
    for rec in (r1, r2):
        (seeded / "recommendations" / f"{rec['id']}.json").write_bytes(
            orjson.dumps(rec, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    done = recs("doctor")
    assert done.exit_code == 1
    assert "old [1] is not a value of the field 'status'" in done.stdout + done.stderr
    assert "is nested too deep" in done.stdout + done.stderr
