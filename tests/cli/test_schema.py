"""`recs schema`: the JSON Schema of the export, checked against real exports."""

import json

import pytest
from jsonschema import Draft202012Validator

from storegen import big_store


@pytest.fixture
def validator(recs, db):
    schema = json.loads(recs.ok("schema").stdout)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_shipped_export_is_valid(recs, seeded, validator):
    export = json.loads(recs.ok("export").stdout)
    assert list(validator.iter_errors(export)) == []


def test_larger_export_with_hostile_text_is_valid(recs, tmp_path, validator):
    big = big_store(tmp_path / "big", n=300)
    export = json.loads(recs.ok("--db", str(big), "export").stdout)
    assert len(export["recommendations"]) == 300
    assert list(validator.iter_errors(export)) == []


def test_schema_and_import_keep_a_key_recs_does_not_know(recs, seeded, validator, tmp_path):
    """A key a newer recs (or a person) added is kept, as the store and the merge driver keep it."""
    export = json.loads(recs.ok("export").stdout)
    export["recommendations"][0]["owners"] = ["ana"]
    assert list(validator.iter_errors(export)) == []
    (tmp_path / "more.json").write_text(json.dumps(export))
    recs.ok("import", str(tmp_path / "more.json"))
    assert recs.json("show", export["recommendations"][0]["id"])["owners"] == ["ana"]


@pytest.mark.parametrize("path, value", [
    (("recommendations", 0, "status"), "done"),
    (("recommendations", 0, "due"), "Feb 2025"),
    (("recommendations", 0, "actors"), []),
    (("recommendations", 0, "evidence", 0, "added"), "yesterday"),
    (("recommendations", 0, "brief"), 7),
    (("last_number",), -1),
])
def test_schema_rejects_what_import_rejects(recs, seeded, validator, tmp_path, path, value):
    export = json.loads(recs.ok("export").stdout)
    target = export
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert list(validator.iter_errors(export))
    (tmp_path / "bad.json").write_text(json.dumps(export))
    assert recs("import", str(tmp_path / "bad.json")).exit_code == 1
