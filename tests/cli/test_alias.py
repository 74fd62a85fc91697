"""`recs alias add|list|remove`: other names of actors, kept in tracker.json,
applied to what is typed (add, update, import) and to filters and counts."""

import json
from pathlib import Path

import pytest
from conftest import snapshot


def ids(recs, *args) -> list[str]:
    return recs.ok("list", *args, "--format", "ids").stdout.split()


def test_aliases_are_kept_in_the_settings_file_one_a_line(recs, seeded):
    assert recs.ok("alias", "list").stderr.startswith("No actor aliases yet")
    assert recs.json("alias", "list") == {}
    recs.ok("alias", "add", "EU", "European Union")
    recs.ok("alias", "add", "UN", "United Nations")
    assert (seeded / "tracker.json").read_text() == (
        '{\n  "actor_aliases": {\n    "EU": "European Union",\n    "UN": "United Nations"\n  },\n'
        '  "schema_version": 3\n}\n')
    assert recs.ok("alias", "list").stdout.split("\n")[1:3] == ["EU     European Union", "UN     United Nations"]
    assert recs.ok("alias", "add", "eu", "european union").stderr == \
        "eu already stands for european union; nothing changed\n"
    assert recs.ok("alias", "remove", "un").stderr == "un no longer stands for United Nations\n"
    recs.ok("alias", "remove", "EU")
    assert json.loads((seeded / "tracker.json").read_text()) == {"schema_version": 3}


def test_an_alias_stands_for_its_name_in_input_filters_and_counts(recs, seeded, tmp_path):
    recs.ok("alias", "add", "EU", "European Union")
    recs.ok("add", "Fund the mission", "--actor", "eu")
    assert recs.json("show", "R10")["actors"] == ["European Union"]
    recs.ok("update", "R1", "--actor", "+EU")
    assert recs.json("show", "R1")["actors"] == ["International partners", "European Union"]
    recs.ok("update", "R2", "--actor", "EU")
    assert recs.json("show", "R2")["actors"] == ["European Union"]
    assert ids(recs, "--actor", "EU") == ["R1", "R2", "R4", "R10"]
    rep = recs.json("report", "--actor", "eu", "--by", "actor")
    assert rep["total"] == 4 and rep["narrowed"] == [{"what": "Actor", "values": "European Union"}]
    assert {g["label"]: g["count"] for g in rep["groups"]}["European Union"] == 4
    sheet = tmp_path / "rows.csv"
    sheet.write_text("title,actors,brief\nA spreadsheet row,EU; UN,apri-2023-09-20\n", encoding="utf-8")
    recs.ok("import", str(sheet))
    assert recs.json("show", "R11")["actors"] == ["European Union", "UN"]
    recs.ok("update", "R11", "--for", "eu", "--status", "partial")
    assert recs.json("show", "R11")["actor_status"] == {"European Union": "partial"}


UPR_SUBSET = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "upr-info" / "upr_info_armenia_session8_subset.csv"


@pytest.mark.skipif(not UPR_SUBSET.exists(), reason="shared datasets not present")
def test_an_alias_applies_to_a_mapped_import(recs, tmp_path):
    root = Path(__file__).resolve().parents[2]
    subset = root.parent / "shared" / "datasets" / "upr-info" / "upr_info_armenia_session8_subset.csv"
    db = str(tmp_path / "upr")
    recs.ok("--db", db, "init", "--empty")
    recs.ok("--db", db, "alias", "add", "Armenia", "Republic of Armenia")
    recs.ok("--db", db, "import", str(subset), "--mapping", str(root / "data" / "mappings" / "upr-info.toml"))
    rows = recs.json("--db", db, "list")
    assert rows and {a for r in rows for a in r["actors"]} == {"Republic of Armenia"}
    assert len(recs.ok("--db", db, "list", "--actor", "armenia", "--format", "ids").stdout.split()) == len(rows)


def test_names_stored_before_an_alias_count_as_its_name(recs, seeded):
    recs.ok("add", "Typed before the alias", "--actor", "EU")
    recs.ok("alias", "add", "EU", "European Union")
    assert ids(recs, "--actor", "European Union") == ["R4", "R10"]
    groups = recs.json("report", "--by", "actor")["groups"]
    assert [g["count"] for g in groups if g["label"] in ("EU", "European Union")] == [2]


@pytest.mark.parametrize("args, message", [
    (["add", "EU", "eu"], "Error: 'EU' would be an alias of itself"),
    (["add", "EU", " "], "Error: actor must not be empty"),
    (["add", "", "European Union"], "Error: alias must not be empty"),
    (["add", "EU", "European\nUnion"], "Error: actor 'European\\nUnion' must be one line"),
    (["add", "E.U.", "EU"], "Error: 'EU' is itself an alias (of 'European Union'); give the name it stands for"),
    (["add", "EU", "Europe"], "Error: 'EU' is already an alias of 'European Union'; remove it first"),
    (["add", "European Union", "Europe"], "Error: 'European Union' is the name other aliases stand for"),
    (["remove", "UN"], "Error: no actor alias 'UN' (aliases: EU)"),
    (["add", "EU"], "Error: Missing argument 'NAME'"),
])
def test_bad_aliases_are_refused_and_nothing_changes(recs, seeded, args, message):
    recs.ok("alias", "add", "EU", "European Union")
    before = snapshot(seeded)
    result = recs("alias", *args)
    assert result.exit_code != 0
    assert result.stderr.startswith(message) and len(result.stderr.splitlines()) == 1, result.stderr
    assert snapshot(seeded) == before


def test_a_settings_file_with_bad_aliases_is_refused(recs, seeded):
    (seeded / "tracker.json").write_text('{"actor_aliases": {"EU": ["European Union"]}, "schema_version": 3}\n')
    before = snapshot(seeded)
    for args in (["list"], ["alias", "list"], ["update", "R1", "--status", "partial"]):
        result = recs(*args)
        assert result.exit_code == 1 and result.stderr.startswith("Error: ") and "actor_aliases" in result.stderr
    assert snapshot(seeded) == before


def test_an_alias_for_a_name_records_use_says_what_it_changes(recs, seeded):
    result = recs.ok("alias", "add", "international partners", "European Union")
    assert ("Note: 6 recommendations name 'international partners' as an actor; filters, counts and reports "
            "now count them under European Union (their files are not changed)") in result.stderr
    assert "Note:" not in recs.ok("alias", "add", "EU", "European Union").stderr
