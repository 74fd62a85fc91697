"""`recs import FILE --mapping M`: real exports (UPR Info, TAIC) and their traps."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import digest, record

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT.parent / "shared" / "datasets"
ARMENIA = DATASETS / "upr-info" / "upr_info_armenia_session8_subset.csv"
TAIC = DATASETS / "taic" / "taic_recommendations_2024_11_19.csv"
UPR_MAP = str(ROOT / "data" / "mappings" / "upr-info.toml")
TAIC_MAP = str(ROOT / "data" / "mappings" / "taic.toml")
needs_data = pytest.mark.skipif(not ARMENIA.exists() or not TAIC.exists(), reason="shared datasets not present")

UPR_HEADER = "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session"


@pytest.fixture
def store(recs, db) -> Path:
    recs.ok("init", "--empty")
    return db


def upr_csv(tmp_path: Path, rows: list[str], *, newline: str = "\r", bom: bool = False,
            encoding: str = "utf-8", name: str = "upr.csv") -> Path:
    path = tmp_path / name
    text = newline.join([UPR_HEADER, *rows]) + newline
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
    return path


def records(recs) -> list[dict]:
    return recs.json("list")


# -- the real files -----------------------------------------------------------
@needs_data
def test_upr_armenia_subset_imports_with_fields_tags_status_and_brief(recs, store):
    result = recs.ok("import", str(ARMENIA), "--mapping", UPR_MAP)
    assert "165 added" in result.stderr
    assert result.stdout == ""
    recs_ = records(recs)
    assert len(recs_) == 165
    first = recs_[0]
    assert first["id"] == "R1"
    assert first["actors"] == ["Armenia"]
    assert first["brief"] == "upr-s8"
    assert first["fields"]["From"] == "Algeria"
    assert first["fields"]["Response"] == "Accepted"
    assert "Text" not in first["fields"] and "To" not in first["fields"]
    assert len(first["title"]) <= 100 and "\n" not in first["title"]
    assert all(r["status"] in ("not_started", "not_implemented") for r in recs_)
    noted = [r for r in recs_ if r["fields"]["Response"] == "Noted"]
    assert noted and all(r["status"] == "not_implemented" for r in noted)
    multi = [r for r in recs_ if len(r["tags"]) > 1]
    assert multi and all("," not in t for r in multi for t in r["tags"])
    briefs = recs.json("brief", "list")
    assert briefs == [{"id": "upr-s8", "title": "UN Universal Periodic Review, session 8",
                       "publisher": "UN Human Rights Council (as recorded by UPR Info)",
                       "published": "2010-05", "url": None}]
    history = first["history"]
    assert [h["field"] for h in history] == ["created"] and "row 2" in history[0]["note"]


@needs_data
def test_filter_by_country_theme_and_source_field(recs, store):
    recs.ok("import", str(ARMENIA), "--mapping", "upr-info")  # bundled name works too
    canada = recs.json("list", "--field", "from=CANADA")  # names and values: any case
    assert canada and all(r["fields"]["From"] == "Canada" for r in canada)
    both = recs.json("list", "--field", "From=Canada", "--tag", "detention")
    assert both and len(both) < len(canada)
    france = recs.json("list", "--field", "From=France")
    either = recs.json("list", "--field", "From=Canada", "--field", "from=france")  # one field twice: either
    assert france and {r["id"] for r in either} == {r["id"] for r in canada + france}
    assert len(recs.json("list", "--actor", "armenia")) == 165
    shown = recs.ok("show", canada[0]["id"]).stdout
    assert "Source fields" in shown and "Canada" in shown and "From-Rgrp" in shown


@needs_data
def test_taic_keeps_duplicates_apart_or_merges_them_with_dedupe(recs, store, tmp_path):
    result = recs.ok("import", str(TAIC), "--mapping", TAIC_MAP)
    assert "1,770 added" in result.stderr and "TAIC-012-21-2" in result.stderr
    all_ = records(recs)
    assert len(all_) == 1770
    by_id = {r["id"]: r for r in all_}
    assert by_id["TAIC-012-21"]["actors"] == ["NZTA"]
    assert by_id["TAIC-012-21-2"]["actors"] == ["KiwiRail"]
    assert by_id["TAIC-018-24"]["brief"] == "TAIC_r_2023_104"
    # Excel's escaped CR is decoded, mojibake is left as it is
    blob = json.dumps(all_, ensure_ascii=False)
    assert "_x000D_" not in blob
    assert "â€™" in blob
    assert any("\n" in r["fields"].get("reply_text", "") for r in all_)
    statuses = {r["fields"].get("response_category", "").lower(): r["status"] for r in all_}
    assert statuses["accepted and implemented"] == "implemented"
    assert statuses["under consideration"] == "not_started"

    other = tmp_path / "dedupe"
    recs.ok("--db", str(other), "init", "--empty")
    result = recs.ok("--db", str(other), "import", str(TAIC), "--mapping", TAIC_MAP, "--dedupe")
    assert "1,769 added" in result.stderr and "1 duplicate row was merged" in result.stderr
    merged = recs.json("--db", str(other), "show", "TAIC-012-21")
    assert merged["actors"] == ["NZTA", "KiwiRail"]
    assert "Waka Kotahi replied" in merged["fields"]["reply_text"]
    assert "KiwiRail replied" in merged["fields"]["reply_text"]
    assert "2 rows merged" in merged["history"][0]["note"]


# -- what real files do -------------------------------------------------------
@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
@pytest.mark.parametrize("bom", [False, True])
def test_line_endings_bom_multiline_cells_and_trailing_spaces(recs, store, tmp_path, newline, bom):
    path = upr_csv(tmp_path, [
        'Chad,Africa,AU,"Bring Mr. Hissène Habré to justice  ",France,WEOG,EU,Accepted,5,"Justice,Impunity",5',
        f'Chad,Africa,AU,"First line{newline}second line",Canada,WEOG,,Noted,4,Women\'s rights,5',
    ], newline=newline, bom=bom)
    recs.ok("import", str(path), "--mapping", UPR_MAP)
    one, two = records(recs)
    assert one["text"] == "Bring Mr. Hissène Habré to justice"
    assert one["tags"] == ["Justice", "Impunity"]
    assert two["text"] == "First line\nsecond line"
    assert two["title"] == "First line second line"
    assert two["status"] == "not_implemented"
    assert "From-Org" not in two["fields"]  # empty cells are not kept


def test_rows_of_empty_cells_are_skipped_like_blank_lines(recs, store, tmp_path):
    """Spreadsheets save formatted but empty rows as `,,,,`: they are no recommendations."""
    path = upr_csv(tmp_path, ["Chad,Africa,AU,Do it,France,WEOG,EU,Accepted,5,Justice,5",
                              ",,,,,,,,,,", " , ,,,,,,,,,", "", "Chad,Africa,AU,Do that,France,WEOG,EU,Noted,5,Justice,5",
                              ",,,,,,,,,,"], newline="\r\n")
    result = recs.ok("import", str(path), "--mapping", UPR_MAP)
    assert "Imported 2 rows" in result.stderr
    assert [r["text"] for r in records(recs)] == ["Do it", "Do that"]


def test_messages_count_one_row_and_one_brief_in_the_singular(recs, store, tmp_path):
    path = upr_csv(tmp_path, ["Chad,Africa,AU,Do it,France,WEOG,EU,Accepted,5,Justice,5"])
    result = recs.ok("import", str(path), "--mapping", UPR_MAP)
    assert result.stderr.startswith("Imported 1 row from 1 file (upr.csv): 1 added, 0 updated, 0 unchanged, "
                                    "1 new brief.\n"), result.stderr


def test_mac_roman_file_falls_back_from_utf8(recs, store, tmp_path):
    path = upr_csv(tmp_path, ['Chad,Africa,AU,"Bring Mr. Hiss\u00e8ne Habr\u00e9 to justice",France,WEOG,EU,Accepted,5,Justice,5'],
                   encoding="mac_roman")
    assert b"Habr\x8e" in path.read_bytes()
    recs.ok("import", str(path), "--mapping", UPR_MAP)
    assert records(recs)[0]["text"] == "Bring Mr. Hissène Habré to justice"


def test_dedupe_merges_one_recommendation_made_by_several_states(recs, store, tmp_path):
    rows = [
        "Tonga,Asia,PIF,Ratify ICCPR,United Kingdom,WEOG,EU,Accepted,5,International instruments,15",
        "Tonga,Asia,PIF,Ratify  ICCPR ,France,WEOG,EU,Accepted,5,Justice,15",
        "Fiji,Asia,PIF,Ratify ICCPR,France,WEOG,EU,Noted,5,International instruments,15",
    ]
    path = upr_csv(tmp_path, rows)
    digest_before = digest(store)
    kept = recs.ok("import", str(path), "--mapping", UPR_MAP, "--dry-run")
    assert "Would import 3 rows" in kept.stderr and "3 added" in kept.stderr
    assert digest(store) == digest_before
    result = recs.ok("import", str(path), "--mapping", UPR_MAP, "--dedupe")
    assert "2 added" in result.stderr and "1 duplicate row was merged" in result.stderr
    tonga, fiji = records(recs)
    assert tonga["actors"] == ["Tonga"] and fiji["actors"] == ["Fiji"]
    assert tonga["fields"]["From"] == "United Kingdom; France"
    assert tonga["fields"]["From-Org"] == "EU"
    assert tonga["tags"] == ["International instruments", "Justice"]
    assert recs.json("list", "--field", "From=France") == [tonga, fiji]


def test_due_column_becomes_the_due_date_and_leaves_fields(recs, store, tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('[record]\ntext = "text"\nactors = "who"\ndue = "deadline"\n')
    src = tmp_path / "s.csv"
    src.write_text("text,who,deadline,note\nDo this,Ministry,2025-06,a\nDo that,Agency,,b\n")
    recs.ok("import", str(src), "--mapping", str(mapping))
    one, two = records(recs)
    assert (one["due"], two["due"]) == ("2025-06", None)
    assert one["fields"] == {"note": "a"}  # like text and actors, the mapped column is not kept twice


def test_reimport_with_derived_ids_updates_with_history(recs, store, tmp_path):
    mapping = tmp_path / "m.toml"
    mapping.write_text('[record]\nid = "X-{ref}"\ntext = "text"\nactors = "who"\nstatus = "state"\n'
                       '[status.map]\n"open" = "not_started"\n"done" = "implemented"\n')
    src = tmp_path / "s.csv"
    src.write_text("ref,text,who,state,note\n1,Do this,Ministry,open,a\n2,Do that,Agency,open,b\n")
    recs.ok("import", str(src), "--mapping", str(mapping))
    src.write_text("ref,text,who,state,note\n1,Do this,Ministry,DONE,a\n2,Do that,Agency,open,b\n")
    result = recs.ok("import", str(src), "--mapping", str(mapping))
    assert "0 added, 1 updated, 1 unchanged" in result.stderr
    x1 = recs.json("show", "X-1")
    assert x1["status"] == "implemented"
    assert [(h["field"], h["old"], h["new"]) for h in x1["history"][1:]] == [("status", "not_started", "implemented")]
    assert recs.ok("add", "Another", "--actor", "Someone").stdout.strip() == "R1"
    # the whole import is one change: undone at once, and its ids are not reused
    recs.ok("undo", "3", "--yes")  # the add, the second import (X-1's update), the first import
    assert recs.json("list") == []
    before = digest(store)
    result = recs("import", str(src), "--mapping", str(mapping))
    assert result.exit_code == 1 and "id 'X-1' belonged to a recommendation removed by `recs undo`" in result.stderr
    assert digest(store) == before


# -- bad input: one Error: line, store unchanged -------------------------------
BAD_MAPPINGS = [
    ("this is = not toml [", "not valid TOML"),
    ('[record]\ntext = "Text"\nactors = "To"\ncolour = "red"\n', "unknown key 'colour' in [record]"),
    ('[record]\ntext = "Txt"\nactors = "To"\n', "record.text names column 'Txt'"),
    ('[record]\ntext = "Text"\nactors = "To"\nstatus = "Response"\n[status.map]\n"Accepted" = "done"\n',
     "[status.map] 'Accepted' = 'done': not a status"),
    ('[record]\ntext = "Text"\nactors = "To"\nstatus = "Response"\n', "must say which status"),
    ('[record]\nactors = "To"\n', "record.text is required"),
    ('[record]\ntext = "Text"\nactors = "To"\nbrief = "b-{Session}"\n', "brief 'b-8' is not in the tracker"),
    ('[source]\nencoding = "klingon"\n[record]\ntext = "Text"\nactors = "To"\n', "unknown encoding 'klingon'"),
    ('[record]\ntext = "Text"\nactors = "To"\ndue = "Deadline"\n', "record.due names column 'Deadline'"),
]


@pytest.mark.parametrize("content,message", BAD_MAPPINGS)
def test_bad_mapping_is_one_error_line_and_changes_nothing(recs, store, tmp_path, content, message):
    recs.ok("add", "Keep me", "--actor", "A")
    before = digest(store)
    mapping = tmp_path / "bad.toml"
    mapping.write_text(content)
    path = upr_csv(tmp_path, ["Armenia,EEG,CIS,Do it,Canada,WEOG,,Accepted,5,Justice,8"])
    result = recs("import", str(path), "--mapping", str(mapping))
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], lines
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert digest(store) == before


BAD_ROWS = [
    ("Armenia,EEG,CIS,,Canada,WEOG,,Accepted,5,Justice,8", "row 3, column 'Text' (text): empty"),
    ("Armenia,EEG,CIS,Do it,Canada,WEOG,,Maybe,5,Justice,8", "row 3, column 'Response' (status): value 'Maybe'"),
    (",EEG,CIS,Do it,Canada,WEOG,,Accepted,5,Justice,8", "row 3, column 'To' (actors): empty"),
    ('Armenia,EEG,CIS,"Do it,Canada,WEOG,,Accepted,5,Justice,8', "row 3"),
    ("Armenia,EEG,CIS,Do it,Canada,WEOG,,Accepted,5,Justice,8,extra,cells", "row 3: 13 cells"),
]


@pytest.mark.parametrize("row,message", BAD_ROWS)
def test_bad_row_names_file_row_and_column_and_nothing_is_written(recs, store, tmp_path, row, message):
    before = digest(store)
    path = upr_csv(tmp_path, ["Armenia,EEG,CIS,Fine,Canada,WEOG,,Accepted,5,Justice,8", row], newline="\n")
    result = recs("import", str(path), "--mapping", UPR_MAP)
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith(f"Error: {path}") and message in line, line
    assert digest(store) == before  # the good first row was not written either


def test_other_bad_input(recs, store, tmp_path):
    recs.ok("add", "Keep me", "--actor", "A")
    before = digest(store)
    path = upr_csv(tmp_path, ["Armenia,EEG,CIS,Fine,Canada,WEOG,,Accepted,5,Justice,8"])
    cases = [
        (("import", str(path), "--mapping", "nowhere.toml"), 1, "no mapping file at nowhere.toml (bundled mappings: taic, upr-info)"),
        (("import", str(tmp_path / "missing.csv"), "--mapping", UPR_MAP), 1, "no such file"),
        (("list", "--field", "From"), 2, "invalid --field 'From'; use NAME=VALUE"),
        (("list", "--field", "Nope=1"), 1, "unknown field 'Nope'"),
    ]
    bad_utf8 = tmp_path / "latin.csv"
    bad_utf8.write_bytes(b"text,who\nCaf\xe9,A\n")
    utf8_only = tmp_path / "u.toml"
    utf8_only.write_text('[record]\ntext = "text"\nactors = "who"\n')
    cases.append((("import", str(bad_utf8), "--mapping", str(utf8_only)), 1, "cannot be decoded as utf-8"))
    for args, code, message in cases:
        result = recs(*args)
        assert result.exit_code == code, (args, result.stderr)
        assert result.stderr.startswith("Error: ") and message in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
    assert digest(store) == before


# -- start-up stays light ------------------------------------------------------
def _modules_after(args: list[str], env_db: str) -> set[str]:
    code = ("import sys\nsys.argv = ['recs'] + sys.argv[1:]\nfrom recs.launch import run\n"
            "run()\n"
            "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)) + '\\n')\n")
    env = {**os.environ, "RECS_DB": env_db}
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    return set(proc.stderr.rsplit("MODULES ", 1)[1].split())


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["list", "--help"]])
def test_version_and_help_import_neither_tinydb_nor_the_models(seeded, args):
    modules = _modules_after(args, str(seeded))
    assert "recs" in modules
    assert not {"tinydb", "recs.core.models", "pydantic", "recs.store"} & modules


def test_version_and_help_through_the_console_script_entry(seeded):
    for args, expected in ((["--version"], "recs "), (["--help"], "Usage: recs")):
        proc = subprocess.run([sys.executable, "-m", "recs", *args], capture_output=True, text=True)
        assert proc.returncode == 0 and proc.stdout.startswith(expected), proc
    proc = subprocess.run([sys.executable, "-m", "recs", "--db", str(seeded), "--version"], capture_output=True, text=True)
    assert proc.stdout.startswith("recs ")


@pytest.mark.parametrize("args", [["show", "R1"], ["list", "--status", "open"], ["update", "R1", "--note", "x"],
                                  ["evidence", "add", "R1", "--summary", "s", "--source", "t"]])
def test_everyday_commands_do_not_import_pydantic(seeded, args):
    modules = _modules_after(args, str(seeded))
    assert "recs.store" in modules  # it really ran
    assert "pydantic" not in modules and "recs.core.models" not in modules


def test_concurrent_writers_lose_nothing_and_respect_a_filelock_holder(seeded):
    """Two processes adding evidence at once; the store's lock is flock, as filelock's is."""
    import time

    from filelock import FileLock

    env = {**os.environ, "RECS_DB": str(seeded), "RECS_USER": "t"}
    script = ("import sys\nfrom recs.cli.app import app\nfor i in range(6):\n"
              "    try:\n        app(['evidence', 'add', 'R8', '--summary', f'{sys.argv[1]} {i}', '--source', 's'])\n"
              "    except SystemExit as e:\n        assert e.code == 0, e.code\n")
    procs = [subprocess.Popen([sys.executable, "-c", script, name], env=env, stdout=subprocess.DEVNULL)
             for name in ("a", "b")]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    summaries = [e["summary"] for e in record(seeded, "R8")["evidence"]]
    assert sorted(summaries) == sorted(f"{n} {i}" for n in "ab" for i in range(6))

    lock = FileLock(str(seeded / ".recs" / "lock"))
    with lock:
        before = digest(seeded)
        start = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "recs", "update", "R8", "--note", "x"], capture_output=True,
                              text=True, env={**env, "RECS_LOCK_TIMEOUT": "0.3"})
        assert proc.returncode == 1 and proc.stderr.startswith("Error: ") and "locked" in proc.stderr
        assert time.monotonic() - start >= 0.3
        assert digest(seeded) == before


def test_plain_list_and_show_when_piped(recs, seeded):
    recs.ok("update", "R1", "--title", "Evil \x1b[31mred\x1b[0m title")
    out = recs.ok("list").stdout
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "Status", "Title", "Actors", "Due", "Ev."]
    assert len(lines) == 1 + 9 + 1 and lines[-1] == "9 recommendations, 3 closed"
    assert "\x1b" not in out and "Evil \\x1b[31mred" in out
    assert [line.split()[0] for line in lines[1:-1]] == [f"R{i}" for i in range(1, 10)]
    for args in (["show", "R1"], ["history", "R1"]):
        text = recs.ok(*args).stdout
        assert "\x1b" not in text and "Evil \\x1b[31mred" in text.splitlines()[0]
    shown = recs.ok("show", "R4").stdout
    assert shown.startswith("R4  Extend the EU monitoring mission")
    assert "Due      2025-02" in shown and "Evidence (" in shown and "History (" in shown


def test_natural_order_matches_natural_key():
    import random

    from recs.store import natural_key, natural_order

    ids = [f"R{i}" for i in range(1, 3000)]
    random.Random(1).shuffle(ids)
    assert natural_order(ids) == sorted(ids, key=natural_key)
    mixed = ids[:50] + ["TAIC-018-24", "TAIC-2-1", "TAIC-10-1", "R01", "abc", "10", "x2y10"]
    assert natural_order(mixed) == sorted(mixed, key=natural_key)


@needs_data
def test_all_six_upr_files_import_into_one_store__slow(recs, store):
    """The whole UPR Info export (about 41,000 rows) checked and planned as one
    import (`--dry-run`: writing 40,000 record files is the benchmark's job,
    `bench/run.py`), then one of its files imported for real."""
    files = sorted(str(p) for p in (DATASETS / "upr-info").glob("upr_info_sessions_*.csv"))
    assert len(files) == 6
    before = digest(store)
    result = recs.ok("import", *files, "--mapping", UPR_MAP, "--dedupe", "--dry-run")
    assert "Would import 42,013 rows from 6 files" in result.stderr
    assert "40,833 added" in result.stderr and "1,180 duplicate rows were merged" in result.stderr
    assert "20 new briefs" in result.stderr and digest(store) == before
    recs.ok("import", next(f for f in files if f.endswith("_1-5.csv")), "--mapping", UPR_MAP, "--dedupe")
    senegal = recs.json("list", "--actor", "senegal", "--search", "Habré")
    assert senegal and all("Habré" in r["text"] for r in senegal)  # Mac Roman decoded


def test_import_options_that_need_mapping_are_usage_errors(recs, store, tmp_path):
    before = digest(store)
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("id,title\n")
    b.write_text("id,title\n")
    for args, message in (
        (("import", str(a), "--dedupe"), "--dedupe works with --mapping"),
        (("import", str(a), str(b)), "several files only with --mapping"),
        (("import", str(a), "--mapping", UPR_MAP, "--format", "json"), "--mapping reads CSV files"),
    ):
        result = recs(*args)
        assert result.exit_code == 2 and result.stderr.startswith("Error: ") and message in result.stderr, result.stderr
    assert digest(store) == before


def test_kept_source_columns_travel_through_csv(recs, store, tmp_path):
    """`fields` become `field:NAME` columns of the CSV export, and come back on import."""
    import csv
    import io

    source = upr_csv(tmp_path, [
        'Chad,Africa,AU,Ratify the convention,Canada,WEOG,NATO,Accepted,4,"Detention, Torture",8',
        'Chad,Africa,AU,=cmd|calc,Brazil,GRULAC,,Noted,3,Women,8',
    ])
    recs.ok("import", str(source), "--mapping", UPR_MAP)
    exported = recs.ok("export", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    assert [r["field:From"] for r in rows] == ["Canada", "Brazil"]
    assert rows[1]["field:From-Org"] == "" and rows[0]["field:From-Org"] == "NATO"
    assert list(csv.DictReader(io.StringIO(recs.ok("list", "--format", "csv").stdout)))[0]["field:From"] == "Canada"
    copy = tmp_path / "copy"
    recs.ok("--db", str(copy), "init", "--empty")
    recs.ok("--db", str(copy), "brief", "add", "upr-s8", "--title", "S8", "--publisher", "P", "--published", "2010-05")
    path = tmp_path / "export.csv"
    path.write_text(exported, encoding="utf-8")
    recs.ok("--db", str(copy), "import", str(path))
    again = {r["id"]: r["fields"] for r in recs.json("--db", str(copy), "list")}
    assert again == {r["id"]: r["fields"] for r in recs.json("list")}
