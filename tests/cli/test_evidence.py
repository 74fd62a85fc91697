"""`recs evidence add`."""





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
