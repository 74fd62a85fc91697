"""`recs schema`: the JSON Schema of an export and of each record."""


from recs.cli import output


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "schema": (
        "recs schema",
        "recs schema > export.schema.json",
    ),
}


# -- schema --------------------------------------------------------------
def schema() -> None:
    """The JSON Schema of `recs export --format json` (and of each record)."""
    from recs.core.models import Export

    doc = {"$schema": "https://json-schema.org/draft/2020-12/schema", **Export.model_json_schema()}
    output.write_json(doc)
