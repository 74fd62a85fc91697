"""The whole store as json, ndjson, csv or md (`recs export`).

- json: one object, `recs_export` (format version), `schema_version`,
  `last_number` (the id counter), `briefs` and `recommendations`, full
  records; `recs import` of it into an empty store rebuilds the same file.
- ndjson: a first line with everything but the recommendations, then one
  recommendation per line (`jq -c 'select(.id)'` keeps the records).
- csv: one row per recommendation, the columns of `recs.tabular`.
- md: a Markdown document (`recs.markdown.export`).

`tick(n)` is called as records are written, for a progress bar.
"""

from collections.abc import Callable, Iterator

import orjson

from recs import SCHEMA_VERSION

FORMATS = ("json", "ndjson", "csv", "md")
EXPORT_VERSION = 1
_INDENT = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
CHUNK = 1000


def header(store) -> dict:
    """Everything of an export but the recommendations."""
    meta = store.meta()
    return {
        "recs_export": EXPORT_VERSION,
        "schema_version": int(meta.get("schema_version", SCHEMA_VERSION)),
        "last_number": int(meta.get("last_number", 0)),
        "briefs": store.briefs(),
        # recommendations removed by `recs undo`: kept, so a rebuilt store never reuses their ids
        **({"removed": removed} if (removed := store.removed()) else {}),
    }


def to_json(head: dict, records: list[dict], tick: Callable[[int], None] | None = None) -> bytes:
    """The json export; with `tick`, written in chunks (same bytes)."""
    if tick is None:
        return orjson.dumps({**head, "recommendations": records}, option=_INDENT) + b"\n"
    # the same bytes as one dumps, built record by record for the progress bar
    body = orjson.dumps({**head, "recommendations": []}, option=_INDENT)
    if not records:
        tick(0)
        return body + b"\n"
    start, end = body.split(b'"recommendations": []', 1)
    pieces = [start, b'"recommendations": [\n']
    for i in range(0, len(records), CHUNK):
        chunk = records[i:i + CHUNK]
        for j, record in enumerate(chunk):
            text = orjson.dumps(record, option=_INDENT).replace(b"\n", b"\n    ")
            last = i + j == len(records) - 1
            pieces.append(b"    " + text + (b"\n" if last else b",\n"))
        tick(len(chunk))
    pieces += [b"  ]", end, b"\n"]
    return b"".join(pieces)


def ndjson_lines(head: dict, records: list[dict], tick: Callable[[int], None] | None = None) -> Iterator[bytes]:
    yield orjson.dumps(head, option=orjson.OPT_SORT_KEYS) + b"\n"
    for i in range(0, len(records), CHUNK):
        chunk = records[i:i + CHUNK]
        yield b"".join(orjson.dumps(r, option=orjson.OPT_SORT_KEYS) + b"\n" for r in chunk)
        if tick:
            tick(len(chunk))


def to_csv(records: list[dict], tick: Callable[[int], None] | None = None) -> str:
    from recs import tabular

    return tabular.to_csv(records, tick=tick)


def render(fmt: str, store, tick: Callable[[int], None] | None = None) -> bytes:
    """The export of a whole store in one format, as bytes (UTF-8)."""
    records = store.recommendations()
    if fmt == "json":
        return to_json(header(store), records, tick)
    if fmt == "ndjson":
        return b"".join(ndjson_lines(header(store), records, tick))
    if fmt == "csv":
        return to_csv(records, tick).encode()
    from recs import markdown

    text = markdown.export(store.briefs(), records)
    if tick:
        tick(len(records))
    return text.encode()
