"""The options every command takes (`--as`, `--version`, `--help`) and ids in any case."""





def test_as_and_recs_user_name_the_author(recs, empty):
    recs.ok("add", "T", "--actor", "UN", env={"RECS_USER": "env-user"})
    recs.ok("--as", "flag-user", "update", "R1", "--status", "partial")
    authors = [h["by"] for h in recs.json("history", "R1")]
    assert authors == ["env-user", "flag-user"]


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
