"""`recs init`: a new tracker, seeded or empty."""



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
