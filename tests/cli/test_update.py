"""`recs update`: changed fields and their history entries."""



from conftest import digest


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
