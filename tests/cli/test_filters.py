"""Filters as people expect them: a repeated option matches any of its values (or
is refused), actors are one actor whatever their case or spacing, and `report`
takes the filters of `list` and says what it is narrowed to."""

import json
from pathlib import Path

import pytest
from conftest import snapshot

DATASETS = Path(__file__).resolve().parents[3] / "shared" / "datasets"
UPR_SUBSET = DATASETS / "upr-info" / "upr_info_armenia_session8_subset.csv"
UPR_MAPPING = Path(__file__).resolve().parents[2] / "data" / "mappings" / "upr-info.toml"


def ids(recs, *args) -> list[str]:
    return recs.ok("list", *args, "--format", "ids").stdout.split()


def test_repeated_filters_match_any_of_their_values(recs, seeded):
    assert ids(recs, "--actor", "european union", "--actor", "united nations") == ["R3", "R4"]
    assert ids(recs, "--actor", "union", "--actor", "United Nations") == ["R3", "R4"]  # each judged on its own
    assert ids(recs, "--brief", "apri-2023-09-20", "--brief", "APRI-2023-09-20") == [f"R{i}" for i in range(1, 10)]
    assert ids(recs, "--status", "implemented", "--status", "not_implemented") == ["R1", "R2", "R4"]
    assert ids(recs, "--tag", "implicit", "--tag", "refugees") == ["R9"]  # tags: all must match (as documented)


def test_actor_names_differing_in_case_or_spacing_are_one_actor(recs, seeded):
    assert ids(recs, "--actor", "  EUROPEAN   union ") == ["R4"]
    recs.ok("add", "Monitor the border", "--actor", "european  union ")
    recs.ok("add", "Fund the mission", "--actor", "European Union", "--actor", "EUROPEAN UNION")
    assert recs.json("show", "R11")["actors"] == ["European Union"]  # one name, as first typed
    assert recs.json("show", "R10")["actors"] == ["european  union"]  # stored as typed
    assert ids(recs, "--actor", "European Union") == ["R4", "R10", "R11"]
    rows = {g["label"]: g["count"] for g in recs.json("report", "--by", "actor")["groups"]}
    assert rows["European Union"] == 3 and not any(k.casefold() == "european  union" for k in rows)
    recs.ok("update", "R10", "--due", "2026-01")
    recs.ok("update", "R4", "--status", "in_progress")
    due = json.loads(recs("due", "--format", "json").stdout)
    assert [a["actor"] for a in due["by_actor"] if "union" in a["actor"].casefold()] == ["European Union"]


def test_a_repeated_one_value_option_is_refused_and_nothing_changes(recs, seeded):
    before = snapshot(seeded)
    for args in (["update", "R1", "--status", "partial", "--status", "implemented"],
                 ["update", "R1", "-s", "partial", "--status=implemented"],
                 ["update", "R1", "--due", "2026-01", "--due", "2026-02"],
                 ["report", "--by", "actor", "--by", "brief"],
                 ["export", "--format", "json", "-f", "csv"],
                 ["due", "--within", "2w", "--within", "3m"],
                 ["list", "--search", "a", "--search", "b"],
                 ["--as", "ana", "--as", "bo", "update", "R1", "--status", "partial"],
                 ["evidence", "add", "R1", "--summary", "a", "--summary", "b", "--source", "s"]):
        result = recs(*args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("Error: ") and "takes one value" in result.stderr, args
        assert result.stdout == ""
    assert snapshot(seeded) == before
    # --db, --as and --debug after the command win over those before it (as documented)
    assert recs.ok("--as", "ana", "list", "--as", "bo", "--mine", "--format", "ids").stdout == ""
    # a value that looks like an option is a value, not a second option
    recs.ok("update", "R1", "--note", "--status", "--status", "partial")
    assert recs.json("show", "R1")["history"][-1]["note"] == "--status"


@pytest.mark.parametrize("args", [["list", "--actor", ""], ["list", "--brief", " "], ["report", "--tag", ""],
                                  ["report", "--owner", ""], ["list", "--status", "nope"]])
def test_empty_or_invalid_filter_values_are_refused(recs, seeded, args):
    result = recs(*args)
    assert result.exit_code != 0 and result.stderr.startswith("Error: ") and result.stdout == ""


def test_an_unknown_brief_is_said_not_listed_as_nothing(recs, seeded):
    before = snapshot(seeded)
    for command in ("list", "report"):
        result = recs(command, "--brief", "apri-2023-09-20", "--brief", "apri-2023")
        assert result.exit_code == 1
        assert result.stderr == "Error: no brief with id 'apri-2023' (known: apri-2023-09-20)\n"
    assert snapshot(seeded) == before


def test_report_takes_the_filters_of_list(recs, seeded):
    whole = recs.json("report")
    assert whole["total"] == 9 and whole["narrowed"] == []
    for args, expected in ((["--actor", "international partners"], ["R1", "R2", "R4", "R5", "R8", "R9"]),
                           (["--status", "open", "--tag", "security"], ["R5", "R6", "R8"]),
                           (["--brief", "apri-2023-09-20", "--actor", "UN", "--actor", "european union"], ["R3", "R4"]),
                           (["--actor", "United Nations", "--actor", "European Union"], ["R3", "R4"])):
        rep = recs.json("report", *args)
        assert [r["id"] for r in rep["recommendations"]] == expected == ids(recs, *args), args
        assert rep["total"] == len(expected)
    rep = recs.json("report", "--status", "open", "--tag", "security", "--by", "actor")
    assert rep["narrowed"] == [{"what": "Tag", "values": "security"},
                               {"what": "Status", "values": "Not started, In progress or Partially implemented"}]
    assert sum(g["by_status"]["implemented"] for g in rep["groups"]) == 0


def test_the_report_header_says_what_it_is_narrowed_to(recs, seeded):
    args = ("report", "--actor", "european  union", "--actor", "United Nations", "--status", "closed")
    line = "Only: Actor European Union or United Nations; Status Implemented or Not implemented"  # (as spelt)
    assert line in recs.ok(*args).stdout.splitlines()[:5]
    assert line in recs.ok(*args, "--format", "md").stdout
    assert f"<p class=narrowed>{line}</p>" in recs.ok(*args, "--format", "html").stdout
    assert "Only:" not in recs.ok("report").stdout
    # a name given by a word's start stays as typed (it may stand for several)
    assert "Only: Actor union" in recs.ok("report", "--actor", "union").stdout


@pytest.mark.skipif(not UPR_SUBSET.exists(), reason="shared datasets not present")
def test_a_report_for_one_country_or_one_session_of_the_un_tracker_is_one_command(recs, tmp_path):
    db = str(tmp_path / "upr")
    recs.ok("--db", db, "init", "--empty")
    recs.ok("--db", db, "import", str(UPR_SUBSET), "--mapping", str(UPR_MAPPING))
    everything = recs.json("--db", db, "report")
    country = recs.json("--db", db, "report", "--actor", "armenia")  # the state under review: its actors
    session = recs.json("--db", db, "report", "--brief", "upr-s8")  # a session: its brief
    assert country["total"] == session["total"] == everything["total"] > 0
    assert country["narrowed"] == [{"what": "Actor", "values": "Armenia"}]  # as the tracker spells it
    by_canada = recs.json("--db", db, "report", "--field", "From=Canada")  # the recommending state
    assert 0 < by_canada["total"] < everything["total"]
    listed = recs.ok("--db", db, "list", "--field", "From=Canada", "--format", "ids").stdout.split()
    assert [r["id"] for r in by_canada["recommendations"]] == listed
    assert recs.json("--db", db, "report", "--actor", "france")["total"] == 0


def test_list_format_ids_prints_one_id_a_line(recs, seeded):
    out = recs.ok("list", "--status", "closed", "--format", "ids").stdout
    assert out == "R1\nR2\nR4\n"
    assert recs.ok("list", "--tag", "nothing-has-this", "--format", "ids").stdout == ""
    assert json.loads(recs.ok("list", "--format", "json").stdout)[0]["id"] == "R1"


def test_due_takes_the_filters_too(recs, seeded):
    recs.ok("update", "R3", "R6", "--due", "2025-01")
    recs.ok("update", "R6", "--owner", "ana")

    def due(*args):
        result = recs("due", "--format", "json", *args)
        assert result.exit_code in (0, 1), result.stderr  # 1: something is overdue
        return json.loads(result.stdout)

    assert [r["id"] for r in due()["overdue"]] == ["R3", "R6"]
    assert [r["id"] for r in due("--mine", "--as", "ana")["overdue"]] == ["R6"]
    narrowed = due("--actor", "armenia")
    assert [r["id"] for r in narrowed["overdue"]] == ["R6"]
    assert [a["actor"] for a in narrowed["by_actor"]] == ["Armenia"]  # not R6's other actors
    assert due("--owner", "bo") == dict(due("--owner", "bo"), overdue=[], due_soon=[], by_actor=[])
    result = recs("due", "--brief", "nope")
    assert result.exit_code == 1 and result.stderr.startswith("Error: no brief with id 'nope'")
