"""The whole store as json, ndjson, csv or md (`recs export`).

- json: one object, `recs_export` (format version), `schema_version`,
  `briefs`, `recommendations` (full records) and `removed`; `recs import`
  of it into an empty tracker rebuilds the same files.
- ndjson: a first line with everything but the recommendations, then one
  recommendation per line (`jq -c 'select(.id)'` keeps the records).
- csv: one row per recommendation, the columns of `recs.formats.tabular`.
- md: a Markdown document (`recs.formats.markdown.export`).

`render` returns the export in pieces of bytes, written one after the other
(no copy of a large export is made to join them); `tick(n)` is called as
records are written, for a progress bar.
"""

from collections.abc import Callable, Iterable
from typing import Any

from recs import SCHEMA_VERSION
from recs.store import jsonread

orjson = jsonread.orjson()  # (Ctrl-C held while it starts: `recs.store.jsonread.orjson`)

EXPORT_VERSION = 1
_INDENT = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
CHUNK = 1000
Tick = Callable[[int], None] | None


def header(store) -> dict:
    """Everything of an export but the recommendations."""
    return {
        "recs_export": EXPORT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "briefs": store.briefs(removed=True),  # with removed ones (and their history): ids never reused
        # recommendations removed by `recs undo`: kept, so a rebuilt store never reuses their ids
        **({"removed": removed} if (removed := store.removed()) else {}),
    }


def to_json(head: dict, records: Iterable[dict], tick: Tick = None) -> list[bytes]:
    """The json export, in pieces: the same bytes as one `orjson.dumps` of the
    whole, built record by record so the records may come as a stream."""
    body = orjson.dumps({**head, "recommendations": []}, option=_INDENT)
    start, end = body.split(b'"recommendations": []', 1)
    pieces = [start, b'"recommendations": [']
    count = 0
    for record in records:
        pieces += [b",\n    " if count else b"\n    ", orjson.dumps(record, option=_INDENT).replace(b"\n", b"\n    ")]
        count += 1
        if tick and count % CHUNK == 0:
            tick(CHUNK)
    if tick:
        tick(count % CHUNK)
    pieces += [b"\n  ]" if count else b"]", end, b"\n"]
    return pieces


def ndjson_lines(head: dict, records: Iterable[dict], tick: Tick = None) -> list[bytes]:
    pieces = [orjson.dumps(head, option=orjson.OPT_SORT_KEYS) + b"\n"]
    for count, record in enumerate(records, 1):
        pieces.append(orjson.dumps(record, option=orjson.OPT_SORT_KEYS) + b"\n")
        if tick and count % CHUNK == 0:
            tick(CHUNK)
    if tick:
        tick((len(pieces) - 1) % CHUNK)
    return pieces


def render(fmt: str, store, tick: Tick = None, *, archived: bool = False) -> list[bytes]:
    """The export of a whole store in one format, as pieces of bytes (UTF-8)
    to write one after the other. Records are read one at a time. json and
    ndjson (backups) hold every record; csv and md leave out archived ones
    (`recs remove`) unless `archived`."""
    records = store.scan(ordered=True, archived=None if archived or fmt in ("json", "ndjson") else False)
    if fmt == "json":
        return to_json(header(store), records, tick)
    if fmt == "ndjson":
        return ndjson_lines(header(store), records, tick)
    # csv and md look at every record before writing the first (the csv's columns,
    # the md's index): each keeps of a record only what it will write
    if fmt == "csv":
        from recs.formats import tabular

        return tabular.csv_pieces(_kept(records, tabular.csv_item, tick))
    from recs.formats import markdown

    return markdown.export(store.briefs(), records, tick)


def _kept(records: Iterable[dict], keep: Callable[[dict], Any], tick: Tick) -> list:
    """`keep(record)` of each record, in order, ticking as it goes."""
    out = []
    for count, record in enumerate(records, 1):
        out.append(keep(record))
        if tick and count % CHUNK == 0:
            tick(CHUNK)
    if tick:
        tick(len(out) % CHUNK)
    return out
