"""`recs history`: one recommendation's audit trail in every format."""


import csv
import io
import json



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
