"""Spreadsheets and imports (issue 14, point 6): CSV with `;` from a European-locale
spreadsheet, lists typed with commas, derived columns, errors in plain words for
every bad row, re-imports that would duplicate, and ids of other records."""

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import digest, record

ROOT = Path(__file__).resolve().parents[2]
#: The shipped tracker's CSV, edited and saved by LibreOffice Calc with `;` (see its README).
LIBREOFFICE = ROOT / "tests" / "data" / "libreoffice" / "edited-semicolon.csv"
UPR = ROOT.parent / "shared" / "datasets" / "upr-info" / "upr_info_armenia_session8_subset.csv"
UPR_MAP = str(ROOT / "data" / "mappings" / "upr-info.toml")


def refused(recs, tracker: Path, *args: str, code: int = 1) -> str:
    """Run a command that must fail: one `Error:` line first, the exit code, the tracker untouched."""
    before = digest(tracker)
    result = recs(*args)
    assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr)
    assert result.stderr.startswith("Error: ") and result.stderr.count("Error: ") == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert digest(tracker) == before
    return result.stderr


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


# -- the separator ---------------------------------------------------------------
def test_a_libreoffice_semicolon_csv_is_read(recs, seeded):
    dry = recs.ok("import", str(LIBREOFFICE), "--dry-run")
    assert dry.stdout.splitlines() == ["modify  R2  status", "modify  R5  due",
                                       "add     R10  Fund demining; report on progress"]
    recs.ok("import", str(LIBREOFFICE))
    assert record(seeded, "R2")["status"] == "in_progress"  # its stale status_label is no edit
    assert record(seeded, "R5")["due"] == "2026-06"
    new = record(seeded, "R10")
    assert new["actors"] == ["European Union", "UN"] and new["tags"] == ["demining", "funding"]
    assert new["text"] == "The EU should fund demining;\nand report, each year, on progress."


@pytest.mark.parametrize("bom, newline", [(True, b"\r\n"), (False, b"\r\n"), (True, b"\n")])
def test_a_semicolon_csv_with_a_bom_or_crlf_is_read(recs, seeded, tmp_path, bom, newline):
    data = LIBREOFFICE.read_bytes()
    lines = data.split(b'";\n')  # line ends outside quoted cells: LibreOffice quotes every text cell
    path = tmp_path / "saved.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + (b'";' + newline).join(lines))
    assert "would add 1, modify 2, leave 7 unchanged" in recs.ok("import", str(path), "--dry-run").stderr


@pytest.mark.parametrize("delimiter, given", [("\t", "tab"), ("|", "|"), (";", ";"), (",", "comma")])
def test_the_separator_is_found_or_given(recs, empty, tmp_path, delimiter, given):
    path = write_csv(tmp_path / "x.csv", [["title", "actors", "tags"], ["One", "EU; UN", "a; b"]], delimiter)
    for extra in ([], ["--delimiter", given]):
        assert "would add 1" in recs.ok("import", str(path), "--dry-run", *extra).stderr
    recs.ok("import", str(path), "--delimiter", given)
    assert recs.json("list")[0]["actors"] == ["EU", "UN"]


def test_a_wrong_separator_is_refused_with_a_hint(recs, seeded):
    stderr = refused(recs, seeded, "import", str(LIBREOFFICE), "--delimiter", ",")
    assert "unknown column 'id;" in stderr and "separated by ';'? say so with --delimiter" in stderr


@pytest.mark.parametrize("value", ["xx", "a", '"', "", " "])
def test_a_bad_delimiter_is_a_usage_error(recs, seeded, value):
    stderr = refused(recs, seeded, "import", str(LIBREOFFICE), "--delimiter", value, code=2)
    assert "invalid delimiter" in stderr


def test_a_delimiter_for_json_is_a_usage_error(recs, seeded, tmp_path):
    (tmp_path / "x.json").write_text(recs.ok("export").stdout)
    assert "--delimiter is for CSV files" in refused(recs, seeded, "import", str(tmp_path / "x.json"),
                                                      "--delimiter", ";", code=2)


MAPPING = """
[record]
text = "Recommendation"
actors = "Addressee"
tags = "Themes"
tags_split = ","
"""


def test_a_mapped_import_reads_semicolons(recs, empty, tmp_path):
    (tmp_path / "m.toml").write_text(MAPPING)
    path = write_csv(tmp_path / "other.csv", [["Recommendation", "Addressee", "Themes", "Note"],
                                              ["Fund demining; report yearly", "EU", "mines, aid", "1,5"]], ";")
    for extra in ([], ["--delimiter", ";"]):
        assert "1 added" in recs.ok("import", str(path), "--mapping", str(tmp_path / "m.toml"),
                                    "--dry-run", *extra).stderr
    recs.ok("import", str(path), "--mapping", str(tmp_path / "m.toml"))
    got = recs.json("list")[0]
    assert (got["text"], got["actors"], got["tags"], got["fields"]) == (
        "Fund demining; report yearly", ["EU"], ["mines", "aid"], {"Note": "1,5"})


def test_a_mapped_import_with_the_wrong_separator_says_so(recs, empty, db, tmp_path):
    (tmp_path / "m.toml").write_text(MAPPING + 'due = "Deadline"\n')
    path = write_csv(tmp_path / "other.csv", [["Recommendation", "Addressee", "Themes", "Deadline"],
                                              ["Fund it", "EU", "", "next year"], ["Do it", "UN", "", "2025-02-30"]], ";")
    stderr = refused(recs, db, "import", str(path), "--mapping", str(tmp_path / "m.toml"), "--delimiter", ",")
    assert "names column 'Recommendation'" in stderr and "separated by ';'? say so with --delimiter" in stderr
    stderr = refused(recs, db, "import", str(path), "--mapping", str(tmp_path / "m.toml"))
    assert stderr.splitlines()[1:] == [
        f"  {path}, row 2, column 'Deadline' (due): must be a date like 2025-02-28, 2025-02 or 2025 (got 'next year')",
        f"  {path}, row 3, column 'Deadline' (due): must be a date like 2025-02-28, 2025-02 or 2025 (got '2025-02-30')",
    ]


# -- lists -------------------------------------------------------------------------
def test_a_list_typed_with_commas_is_refused_by_name(recs, empty, db, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["title", "actors"], ["One", "EU, UN"]])
    stderr = refused(recs, db, "import", str(path))
    assert "line 2: actors 'EU, UN' holds a comma: separate names with ';' (EU; UN)" in stderr
    assert "nothing was imported" in stderr


def test_names_with_a_comma_or_semicolon_round_trip_as_json_lists(recs, empty, db, tmp_path):
    recs.ok("add", "One", "--actor", "Ministry of Health, Labour and Welfare", "--actor", "UN", "--tag", "x;y")
    recs.ok("export", "--format", "csv", "--output", str(tmp_path / "out.csv"))
    row = next(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig"))))
    assert json.loads(row["actors"]) == ["Ministry of Health, Labour and Welfare", "UN"]
    assert json.loads(row["tags"]) == ["x;y"]
    before = digest(db)
    assert "0 added, 0 modified, 1 unchanged" in recs.ok("import", str(tmp_path / "out.csv")).stderr
    assert digest(db) == before


def test_names_split_on_semicolons_with_or_without_spaces(recs, empty, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["title", "actors", "tags"], ["One", "EU;UN ;  WHO", "a;b"]])
    recs.ok("import", str(path))
    got = recs.json("list")[0]
    assert (got["actors"], got["tags"]) == (["EU", "UN", "WHO"], ["a", "b"])


# -- derived columns ---------------------------------------------------------------
def exported_rows(recs) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(recs.ok("export", "--format", "csv").stdout)))
    return rows[0], rows[1:]


@pytest.mark.parametrize("column, value, says", [
    ("status_label", "Implemented", "status_label is worked out from status and cannot be changed "
                                    "(got 'Implemented'); change status instead"),
    ("status_label", "Not started", "status_label is worked out from status and cannot be changed "
                                    "(got 'Not started')"),  # a label R2 had once: still an edit
    ("evidence_count", "7", "evidence_count is worked out from evidence and cannot be changed (got '7')"),
    ("latest_evidence_date", "2020-01-01", "latest_evidence_date is worked out from evidence"),
])
def test_an_edited_derived_column_is_refused_by_name(recs, seeded, tmp_path, column, value, says):
    header, rows = exported_rows(recs)
    r2 = next(r for r in rows if r[0] == "R2")
    r2[header.index(column)] = value
    stderr = refused(recs, seeded, "import", str(write_csv(tmp_path / "x.csv", [header, r2])))
    assert f"line 2 (id 'R2'): {says}" in stderr


def test_derived_columns_that_follow_the_record_are_fine(recs, seeded, tmp_path):
    header, rows = exported_rows(recs)
    r2 = next(r for r in rows if r[0] == "R2")
    r2[header.index("status")] = "partial"
    r2[header.index("status_label")] = "partially implemented"  # updated with it, in any case
    recs.ok("import", str(write_csv(tmp_path / "x.csv", [header, r2])))
    assert record(seeded, "R2")["status"] == "partial"


# -- errors in plain words, every bad row ----------------------------------------
def test_every_bad_row_is_listed_in_plain_words(recs, empty, db, tmp_path):
    path = write_csv(tmp_path / "x.csv", [
        ["title", "actors", "due", "status"],
        ["Good", "UN", "2025", ""],
        ["Bad due", "UN", "2025-13-01", ""],
        ["Bad status", "UN", "", "done"],
        ["Both", "", "soon", ""],
    ])
    stderr = refused(recs, db, "import", str(path))
    lines = stderr.splitlines()
    assert lines[0] == f"Error: {path}: 3 rows are wrong; nothing was imported:"
    assert lines[1:] == [
        "  line 3: due must be a date like 2025-02-28, 2025-02 or 2025 (got '2025-13-01')",
        "  line 4: status must be a status, one of: not_started, in_progress, partial, implemented, "
        "not_implemented (got 'done')",
        "  line 5: actors must not be empty; due must be a date like 2025-02-28, 2025-02 or 2025 (got 'soon')",
    ]
    assert "pattern" not in stderr and "[0-9]" not in stderr and "Input should" not in stderr


def test_past_twenty_bad_rows_the_rest_are_counted(recs, empty, db, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["title", "actors", "due"]] + [[f"R{n}", "UN", "soon"] for n in range(25)])
    lines = refused(recs, db, "import", str(path), "--dry-run").splitlines()
    assert lines[0].endswith("25 rows are wrong; nothing was imported:")
    assert len(lines) == 22 and lines[20].startswith("  line 21: due must be") and lines[21] == "  … and 5 more"


def test_json_rows_are_listed_in_plain_words_too(recs, empty, db, tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps([{"title": "a", "actors": ["UN"], "due": "2025/01"},
                                {"title": "b", "actors": ["UN"], "created": "yesterday"}]))
    stderr = refused(recs, db, "import", str(path))
    assert "  record 1: due must be a date like 2025-02-28, 2025-02 or 2025 (got '2025/01')" in stderr
    assert "  record 2: created must be a timestamp like 2025-02-28T09:30:00Z (UTC) (got 'yesterday')" in stderr


# -- re-imports without ids --------------------------------------------------------
def test_reimporting_rows_without_ids_warns_and_refuses(recs, empty, db, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["title", "actors", "text"], ["One", "UN", "Do one thing."],
                                          ["Two", "UN", "Do another."]])
    recs.ok("import", str(path))
    path = write_csv(tmp_path / "x.csv", [["title", "actors", "text"], ["One", "UN", "Do  one thing."],
                                          ["Two", "UN", "Do another."], ["Three", "UN", ""]])
    dry = recs.ok("import", str(path), "--dry-run")
    assert "add     R3  One  (repeats R1)" in dry.stdout and "add     R5  Three\n" in dry.stdout
    warning = ("2 rows without an id would add again recommendations the tracker has "
               "(line 2 repeats R1, line 3 repeats R2); to change those, import rows with their ids "
               "(`recs export --format csv` has them); to add them anyway, use --allow-duplicates")
    assert dry.stderr.startswith(f"Warning: {warning}\n")
    assert refused(recs, db, "import", str(path)) == f"Error: {path}: {warning}; nothing was imported\n"
    assert "3 added" in recs.ok("import", str(path), "--allow-duplicates").stderr
    assert len(recs.json("list")) == 5


def test_reimporting_a_mapped_file_without_ids_warns_and_refuses(recs, empty, db, tmp_path):
    (tmp_path / "m.toml").write_text(MAPPING)
    path = write_csv(tmp_path / "other.csv", [["Recommendation", "Addressee", "Themes"], ["Fund it", "EU", ""]])
    recs.ok("import", str(path), "--mapping", str(tmp_path / "m.toml"))
    dry = recs.ok("import", str(path), "--mapping", str(tmp_path / "m.toml"), "--dry-run")
    assert f"Warning: 1 row without an id would add again a recommendation the tracker has ({path}, row 2 " \
           "repeats R1)" in dry.stderr
    assert "nothing was imported" in refused(recs, db, "import", str(path), "--mapping", str(tmp_path / "m.toml"))
    recs.ok("import", str(path), "--mapping", str(tmp_path / "m.toml"), "--allow-duplicates")
    assert len(recs.json("list")) == 2


# -- ids of other records ------------------------------------------------------------
def test_a_row_with_the_id_of_another_record_is_refused(recs, seeded, tmp_path):
    header, rows = exported_rows(recs)
    r2 = next(r for r in rows if r[0] == "R2")
    r2[header.index("created")] = "2020-01-01T00:00:00Z"
    r2[header.index("title")] = "Something else entirely"
    stderr = refused(recs, seeded, "import", str(write_csv(tmp_path / "x.csv", [header, r2])))
    assert ("line 2 (id 'R2'): R2 in the tracker is another recommendation (created 2026-11-25T12:00:00Z, "
            "this one 2020-01-01T00:00:00Z); give this one another id (or leave its id out)") in stderr


def test_a_json_record_with_the_id_of_another_record_is_refused(recs, seeded, tmp_path):
    other = {"id": "R4", "title": "Unrelated", "actors": ["UN"], "created": "2021-05-05T00:00:00Z"}
    (tmp_path / "x.json").write_text(json.dumps([other]))
    stderr = refused(recs, seeded, "import", str(tmp_path / "x.json"))
    assert "record 1 (id 'R4'): R4 in the tracker is another recommendation" in stderr


# -- the UN UPR export through the shipped mapping ---------------------------------------
needs_upr = pytest.mark.skipif(not UPR.exists(), reason="shared datasets not present")


@needs_upr
def test_the_upr_subset_still_imports_and_its_problems_are_in_plain_words(recs, empty, db, tmp_path):
    assert "165 added" in recs.ok("import", str(UPR), "--mapping", UPR_MAP).stderr
    assert "Warning: 165 rows without an id would add again" in \
        recs.ok("import", str(UPR), "--mapping", UPR_MAP, "--dry-run").stderr
    rows = list(csv.reader(io.StringIO(UPR.read_text(encoding="utf-8-sig"))))
    rows[2][rows[0].index("Text")] = ""
    rows[5][rows[0].index("Response")] = "Maybe"
    bad = write_csv(tmp_path / "bad.csv", rows[:8], ";")
    stderr = refused(recs, db, "import", str(bad), "--mapping", UPR_MAP, "--dry-run")
    assert stderr.splitlines()[1:] == [
        f"  {bad}, row 3, column 'Text' (text): empty; every recommendation needs its text",
        f"  {bad}, row 6, column 'Response' (status): value 'Maybe' is not in the mapping's [status.map] "
        "(known: 'accepted', 'noted', 'voluntary pledge')",
    ]


# -- the README's example --------------------------------------------------------------
def test_the_readme_semicolon_example_runs_as_shown(recs, tmp_path, monkeypatch):
    import shlex
    import shutil
    import subprocess

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("A CSV saved with `;`, imported, then imported again by mistake:\n\n```sh\n", 1)[1]
    commands, rest = block.split("```\n", 1)
    shown = rest.split("```\n", 1)[1].split("```", 1)[0]
    monkeypatch.delenv("RECS_DB")
    lines = commands.splitlines()
    assert lines[0] == "rm -rf /tmp/team && cp -r data/tracker /tmp/team"
    shutil.copytree(ROOT / "data" / "tracker", tmp_path / "team")
    subprocess.run(["bash", "-c", lines[1].replace("/tmp/", f"{tmp_path}/")], check=True)
    printed = ""
    for line in lines[2:]:
        words = shlex.split(line.replace("/tmp/", f"{tmp_path}/"))
        assert words[0] == ".venv/bin/recs"
        printed += recs(*words[1:]).stderr
    assert printed.replace(f"{tmp_path}/", "/tmp/") == shown


def test_import_dash_on_a_terminal_says_how_instead_of_waiting(seeded):
    from procs import run_in_pty

    before = digest(seeded)
    code, screen = run_in_pty(seeded, "import", "-", timeout=30)
    assert code == 2 and b"Error: '-' reads the file from stdin, which is a terminal" in screen, screen
    assert digest(seeded) == before
