"""`recs show`: one recommendation whole."""





def test_show_table_has_evidence_history_and_quote(recs, seeded):
    out = recs.ok("show", "R4").stdout
    for expected in ("R4", "Extend the EU monitoring mission", "Implemented", "2025-02",
                     "Evidence (2)", "History (5)", "Council of the EU", "Alongside other measures"):
        assert expected in out
