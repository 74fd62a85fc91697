"""The everyday commands through the real entry point, on temporary stores."""

import csv
import io
import json

from conftest import digest


def test_init_seeds_the_bundled_brief(recs, db):
    result = recs.ok("init")
    assert "Created" in result.stderr and str(db) in result.stderr
    records = recs.json("list")
    assert [r["id"] for r in records] == [f"R{i}" for i in range(1, 10)]
    assert {r["brief"] for r in records} == {"apri-2023-09-20"}


def test_init_empty_and_refuses_to_overwrite(recs, db):
    recs.ok("init", "--empty")
    assert recs.json("list") == []
    before = digest(db)
    result = recs("init")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {db} is a tracker already")
    assert digest(db) == before


def test_add_prints_the_new_id_and_records_creation(recs, empty):
    result = recs.ok("add", "Open a corridor", "--actor", "UN", "--actor", "EU", "--tag", "humanitarian",
                     "--due", "2025-02", "--text", "Full text", "--quote", "verbatim words")
    assert result.stdout == "R1\n"
    assert recs.ok("add", "Second", "--actor", "UN").stdout == "R2\n"
    rec = recs.json("show", "R1")
    assert rec["actors"] == ["UN", "EU"] and rec["tags"] == ["humanitarian"]
    assert rec["due"] == "2025-02" and rec["status"] == "not_started" and rec["brief"] == "b1"
    assert rec["text"] == "Full text" and rec["quote"] == "verbatim words"
    assert rec["history"][0]["field"] == "created" and rec["history"][0]["by"] == "tester"
    assert rec["created"].endswith("Z") and rec["created"] == rec["updated"]


def test_add_with_custom_id_keeps_counter_past_it(recs, empty):
    assert recs.ok("add", "Custom", "--actor", "UN", "--id", "R7").stdout == "R7\n"
    assert recs.ok("add", "Next", "--actor", "UN").stdout == "R8\n"
    assert recs.ok("add", "Slug", "--actor", "UN", "--id", "evac-passage").stdout == "evac-passage\n"


def test_update_writes_one_history_entry_per_changed_field(recs, empty):
    recs.ok("add", "T", "--actor", "UN")
    result = recs.ok("--as", "ana", "update", "R1", "--status", "in-progress", "--due", "2026-01-31",
                     "--actor", "EU", "--actor", "UN", "--note", "council decision")
    assert "status Not started → In progress" in result.stderr
    rec = recs.json("show", "R1")
    assert rec["status"] == "in_progress" and rec["due"] == "2026-01-31" and rec["actors"] == ["EU", "UN"]
    changes = [h for h in rec["history"] if h["field"] != "created"]
    assert [(h["field"], h["old"], h["new"]) for h in changes] == [
        ("actors", ["UN"], ["EU", "UN"]),
        ("status", "not_started", "in_progress"),
        ("due", None, "2026-01-31"),
    ]
    assert all(h["by"] == "ana" and h["note"] == "council decision" for h in changes)
    assert rec["updated"] >= rec["created"]


def test_update_every_field_and_clear_due(recs, empty):
    recs.ok("add", "T", "--actor", "UN", "--due", "2025")
    recs.ok("brief", "add", "b2", "--title", "Other", "--publisher", "P", "--published", "2024-02-01")
    recs.ok("update", "R1", "--title", "New title", "--text", "tx", "--quote", "q", "--tag", "a", "--tag", "b",
            "--brief", "b2", "--due", "none")
    rec = recs.json("show", "R1")
    assert (rec["title"], rec["text"], rec["quote"], rec["tags"], rec["brief"], rec["due"]) == (
        "New title", "tx", "q", ["a", "b"], "b2", None)
    assert {h["field"] for h in rec["history"]} == {"created", "title", "text", "quote", "tags", "brief", "due"}


def test_update_with_same_value_changes_nothing(recs, empty, db):
    recs.ok("add", "T", "--actor", "UN")
    before = digest(db)
    result = recs.ok("update", "R1", "--status", "not_started")
    assert "nothing changed" in result.stderr
    assert digest(db) == before


def test_note_alone_is_recorded(recs, empty):
    recs.ok("add", "T", "--actor", "UN")
    recs.ok("update", "R1", "--note", "called the ministry")
    last = recs.json("history", "R1")[-1]
    assert (last["field"], last["note"]) == ("note", "called the ministry")


def test_evidence_add(recs, empty):
    recs.ok("add", "T", "--actor", "UN")
    out = recs.ok("evidence", "add", "R1", "--summary", "EU extends mission", "--url", "https://example.org/x",
                  "--source", "Council of the EU", "--date", "2025-01-30").stdout
    assert out == "R1 E1\n"
    recs.ok("evidence", "add", "R1", "--summary", "second", "--source", "UN News")
    rec = recs.json("show", "R1")
    first, second = rec["evidence"]
    assert first == {"id": "E1", "date": "2025-01-30", "summary": "EU extends mission",
                     "url": "https://example.org/x", "source": "Council of the EU",
                     "added": first["added"], "by": "tester"}
    assert second["id"] == "E2" and second["date"] == second["added"][:10] and second["url"] is None
    assert [h["new"] for h in rec["history"] if h["field"] == "evidence"] == ["E1", "E2"]


def test_history_formats(recs, seeded):
    entries = recs.json("history", "R4")
    assert [e["field"] for e in entries] == ["created", "evidence", "status", "evidence", "status"]
    assert [e["new"] for e in entries if e["field"] == "status"] == ["partial", "implemented"]
    lines = recs.ok("history", "R4", "--format", "ndjson").stdout.splitlines()
    assert [json.loads(x) for x in lines] == entries
    rows = list(csv.DictReader(io.StringIO(recs.ok("history", "R4", "--format", "csv").stdout)))
    assert [r["field"] for r in rows] == [e["field"] for e in entries]
    table = recs.ok("history", "R4").stdout
    assert "Partially implemented" in table and "Implemented" in table


def test_show_table_has_evidence_history_and_quote(recs, seeded):
    out = recs.ok("show", "R4").stdout
    for expected in ("R4", "Extend the EU monitoring mission", "Implemented", "2025-02",
                     "Evidence (2)", "History (5)", "Council of the EU", "Alongside other measures"):
        assert expected in out


def test_list_filters(recs, seeded):
    ids = lambda *args: [r["id"] for r in recs.json("list", *args)]  # noqa: E731
    assert ids("--status", "implemented") == ["R1", "R4"]
    assert ids("--status", "implemented", "--status", "not_implemented") == ["R1", "R2", "R4"]
    assert ids("--status", "closed") == ["R1", "R2", "R4"]
    assert ids("--status", "open") == ["R3", "R5", "R6", "R7", "R8", "R9"]
    assert ids("--actor", "european union") == ["R4"]
    assert ids("--actor", "United") == ["R3"]
    assert ids("--actor", "union") == ["R4"]  # a word of the name
    assert ids("--actor", "nion") == []  # not the middle of a word
    assert ids("--brief", "apri-2023-09-20") == [f"R{i}" for i in range(1, 10)]
    assert recs("list", "--brief", "other").exit_code == 1  # a typo is said (tests/cli/test_filters.py)
    assert ids("--tag", "implicit") == ["R7", "R8", "R9"]
    assert ids("--tag", "implicit", "--tag", "refugees") == ["R9"]
    assert ids("--search", "LACHIN") == ["R1", "R2"]
    assert ids("--search", "Vardanyan") == ["R2"]  # evidence is searched too
    assert ids("--status", "open", "--tag", "security") == ["R5", "R6", "R8"]
    recs.ok("add", "To Niger", "--actor", "Niger")
    recs.ok("add", "To Nigeria", "--actor", "Nigeria")
    assert ids("--actor", "niger") == ["R10"]  # a whole name wins over names starting so
    assert ids("--actor", "nige") == ["R10", "R11"]


def test_list_overdue(recs, empty):
    recs.ok("add", "Past due", "--actor", "UN", "--due", "2020-05")
    recs.ok("add", "Past due but done", "--actor", "UN", "--due", "2020-05-01")
    recs.ok("update", "R2", "--status", "implemented")
    recs.ok("add", "Future", "--actor", "UN", "--due", "2999-01-01")
    recs.ok("add", "No due", "--actor", "UN")
    assert [r["id"] for r in recs.json("list", "--overdue")] == ["R1"]
    # a YYYY-MM due date runs to the end of its month
    overdue = recs.json("list", "--overdue", env={"RECS_NOW": "2020-05-31T23:00:00Z"})
    assert overdue == []


def test_list_formats(recs, seeded):
    records = recs.json("list")
    assert len(records) == 9 and set(records[0]) >= {
        "id", "brief", "title", "text", "quote", "actors", "status", "due", "tags",
        "evidence", "history", "created", "updated"}
    ndjson = [json.loads(x) for x in recs.ok("list", "--format", "ndjson").stdout.splitlines()]
    assert ndjson == records
    rows = list(csv.DictReader(io.StringIO(recs.ok("list", "--format", "csv").stdout)))
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    r3 = rows[2]
    assert r3["actors"] == "United Nations; Other relevant organizations"
    assert r3["evidence_count"] == "3" and r3["latest_evidence_date"] == "2024-02-01"
    assert recs.ok("list", "--status", "open", "--tag", "nothing-like-this", "--format", "json").stdout == "[]\n"


def test_table_output_is_plain_when_piped(recs, seeded):
    out = recs.ok("list").stdout
    assert "\x1b[" not in out
    assert not any(ch in out for ch in "─│┃━╭╮")
    assert "Partially implemented" in out and "9 recommendations, 3 closed" in out


def test_user_text_is_never_markup(recs, empty):
    title = "[bold]x[/] and [/] and [red]y"
    recs.ok("add", title, "--actor", "[link=http://evil]UN[/link]")
    recs.ok("evidence", "add", "R1", "--summary", "[/]", "--source", "[i]s[/i]")
    assert title in recs.ok("list").stdout
    shown = recs.ok("show", "R1").stdout
    assert title in shown and "[link=http://evil]UN[/link]" in shown and "[i]s[/i]" in shown
    assert recs.json("show", "R1")["title"] == title


def test_control_characters_are_stored_exactly_and_escaped_in_tables(recs, empty):
    title = "bell\x07 esc\x1b[31mred"
    recs.ok("add", title, "--actor", "UN")
    assert recs.json("show", "R1")["title"] == title
    out = recs.ok("list", env={"COLUMNS": "200"}).stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "esc\\x1b[31mred" in out


def test_as_and_recs_user_name_the_author(recs, empty):
    recs.ok("add", "T", "--actor", "UN", env={"RECS_USER": "env-user"})
    recs.ok("--as", "flag-user", "update", "R1", "--status", "partial")
    authors = [h["by"] for h in recs.json("history", "R1")]
    assert authors == ["env-user", "flag-user"]


def test_brief_add_and_list(recs, seeded):
    recs.ok("brief", "add", "icg-2024", "--title", "Another brief", "--publisher", "ICG",
            "--published", "2024-03-01", "--url", "https://example.org/brief")
    briefs = recs.json("brief", "list")
    assert [b["id"] for b in briefs] == ["apri-2023-09-20", "icg-2024"]
    assert "Another brief" in recs.ok("brief", "list").stdout
    # with two briefs, add must be told which one
    result = recs("add", "T", "--actor", "UN")
    assert result.exit_code == 2 and "--brief" in result.stderr
    assert recs.ok("add", "T", "--actor", "UN", "--brief", "icg-2024").stdout == "R10\n"


def test_version_and_help(recs):
    assert recs.ok("--version").stdout.startswith("recs ")
    out = recs.ok("--help").stdout
    for command in ("init", "list", "show", "add", "update", "evidence", "history"):
        assert command in out
    assert "Usage" in recs.ok().stdout  # no arguments: help, not an error


def test_ids_are_found_whatever_their_case(recs, seeded):
    assert recs.json("show", "r4")["id"] == "R4"
    recs.ok("update", "r4", "--note", "lower case works")
    assert recs.json("history", "R4")[-1]["note"] == "lower case works"


def test_list_json_is_one_indented_array_in_id_order(recs, seeded):
    import orjson

    out = recs.ok("list", "--format", "json").stdout
    records = json.loads(out)
    assert [r["id"] for r in records] == [f"R{i}" for i in range(1, 10)]
    assert out == orjson.dumps(records, option=orjson.OPT_INDENT_2).decode() + "\n"
    assert recs.ok("list", "--status", "open", "--tag", "nothing", "--format", "json").stdout == "[]\n"
    lines = recs.ok("list", "--format", "ndjson", "--status", "closed").stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["R1", "R2", "R4"]
