"""`recs add`: new recommendations and their ids."""





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
