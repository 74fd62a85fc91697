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


@pytest.mark.parametrize("path, value", [
    (("recommendations", 0, "status"), "done"),
    (("recommendations", 0, "due"), "Feb 2025"),
    (("recommendations", 0, "actors"), []),
    (("recommendations", 0, "evidence", 0, "added"), "yesterday"),
    (("recommendations", 0, "colour"), "red"),
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
