"""Recommendations as flat rows: the CSV columns of `list` and `export`.

Lists are joined with `; `; a list that would not split back into the same
names (a name holding `;` or `,`, or a cell that would start with `[`) is
written as a JSON array instead, which `split()` reads back. Cells a spreadsheet
would run as a formula (starting with `=`, `+`, `-`, `@`, their full-width
forms `＝`, `＋`, `－`, `＠`, tab or carriage return, also after spaces, tabs,
line breaks and NULs, which spreadsheets skip or drop) get a leading `'`;
so that `restore()` can undo it exactly, so does a cell that already starts
with `'` followed by one of those (or another `'`).

Columns, in order (stable; new ones are only ever added at the end):
id, brief, title, status, status_label, actors (first = lead), due, tags,
evidence_count, latest_evidence_date, latest_evidence_url, created, updated,
text, quote, owners (staff who follow it), archived (when `recs remove` archived it; empty
for the others); then one `field:NAME` column for each name in the records'
`fields` (the columns kept from an imported source), sorted by name.
`recs import` reads id, brief, title, status, actors, due, tags, text,
quote, owners, archived and the `field:` columns back (and created, updated for new records);
the other columns are derived (`DERIVED`): an import refuses a changed one.
"""

import csv
import io
import re
from collections.abc import Sequence

from recs.core import statuses

COLUMNS = (
    "id", "brief", "title", "status", "status_label", "actors", "due", "tags",
    "evidence_count", "latest_evidence_date", "latest_evidence_url",
    "created", "updated", "text", "quote", "owners", "archived",
)
SEPARATOR = "; "
FIELD_PREFIX = "field:"
#: A cell a spreadsheet would run as a formula: a formula character (or a tab
#: or CR), after any NULs, spaces or line feeds, which spreadsheets drop or skip
#: before they look (LibreOffice runs `\x00=1+1` as `=1+1`; Excel, ` =1+1`).
_FORMULA = re.compile("[\x00 \n]*[=+\\-@\t\r＝＋－＠]")


def _formula(value: str) -> bool:
    return _FORMULA.match(value) is not None


def _quoted(value: str) -> bool:
    """A `'` that `neutralise` would have added: before a formula or another `'`."""
    return value.startswith("'") and (_formula(value[1:]) or value[1:].startswith("'"))


def neutralise(value: str) -> str:
    """Make a cell inert in spreadsheets: `=1+1` -> `'=1+1`."""
    if _formula(value) or _quoted(value):
        return "'" + value
    return value


def restore(value: str) -> str:
    """Undo `neutralise`: `'=1+1` -> `=1+1`; `'tis` stays as it is."""
    if _quoted(value):
        return value[1:]
    return value


def join(items) -> str:
    """A list cell: the items joined with `; `, or, where that would not split back
    into the same items (an item holding `;` or `,`), a JSON array of them."""
    items = list(items)
    cell = SEPARATOR.join(items)
    if cell.startswith("[") or any(";" in item or "," in item or item != item.strip() or not item
                                   for item in items):
        import json

        return json.dumps(items, ensure_ascii=False)
    return cell


def split(value: str) -> list[str]:
    """A list cell back to its items (empty cell: no items): a JSON array of
    strings as written by `join`, else the names between `;`s, trimmed."""
    return items if (items := json_list(value)) is not None else \
        [item.strip() for item in value.split(";")] if value.strip() else []


def json_list(value: str) -> list[str] | None:
    """A cell holding a JSON array of strings (as `join` writes), else None."""
    if value.startswith("["):
        import json

        try:
            items = json.loads(value)
        except ValueError:  # a cell written by hand: `[draft]; security`
            return None
        if isinstance(items, list) and all(isinstance(item, str) for item in items):
            return items
    return None


#: The columns recs works out from others, and what each is worked out from.
DERIVED = {
    "status_label": "status",
    "evidence_count": "evidence",
    "latest_evidence_date": "evidence",
    "latest_evidence_url": "evidence",
}


def derived(record: dict) -> dict[str, str]:
    """The derived columns of a record's row, as written (before `neutralise`)."""
    latest = latest_evidence(record) or {}
    return {
        "status_label": statuses.label(record["status"]),
        "evidence_count": str(len(record.get("evidence") or ())),
        "latest_evidence_date": latest.get("date") or "",
        "latest_evidence_url": latest.get("url") or "",
    }


def latest_evidence(record: dict) -> dict | None:
    """The evidence entry with the latest event date (the last added on ties)."""
    best = None
    for ev in record.get("evidence") or ():
        if best is None or (ev.get("date") or "") >= (best.get("date") or ""):
            best = ev
    return best


def row(record: dict, names: Sequence[str] = ()) -> dict[str, str]:
    """One CSV row for a recommendation (`names`: its `field:` columns)."""
    worked_out = derived(record)
    values = {
        "id": record["id"],
        "brief": record.get("brief") or "",
        "title": record["title"],
        "status": record["status"],
        "status_label": worked_out["status_label"],
        "actors": join(record["actors"]),
        "due": record.get("due") or "",
        "tags": join(record.get("tags") or ()),
        "evidence_count": worked_out["evidence_count"],
        "latest_evidence_date": worked_out["latest_evidence_date"],
        "latest_evidence_url": worked_out["latest_evidence_url"],
        "created": record.get("created") or "",
        "updated": record.get("updated") or "",
        "text": record.get("text") or "",
        "quote": record.get("quote") or "",
        "owners": join(record.get("owners") or ()),
        "archived": record.get("archived") or "",
    }
    kept = record.get("fields") or {}
    for name in names:
        values[FIELD_PREFIX + name] = kept.get(name, "")
    return {k: neutralise(v) for k, v in values.items()}


def csv_item(record: dict) -> tuple[dict[str, str], dict]:
    """What a CSV needs of a record until every record has been seen (the
    `field:` columns depend on all of them): its row without those columns,
    and its kept source fields. Much less than the record (no evidence, no
    history), so a CSV of 100,000 records does not hold them all."""
    return row(record), record.get("fields") or {}


def csv_pieces(items: list[tuple[dict[str, str], dict]]) -> list[bytes]:
    """The CSV (UTF-8, a header row, then a row for each `csv_item`), in pieces."""
    names = sorted({name for _, kept in items for name in kept})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS + tuple(FIELD_PREFIX + n for n in names))
    pieces = []
    for i, (values, kept) in enumerate(items, 1):
        writer.writerow([*values.values(), *(neutralise(kept.get(name, "")) for name in names)])
        if i % 1000 == 0:
            pieces.append(buffer.getvalue().encode())
            buffer.seek(0)
            buffer.truncate()
    pieces.append(buffer.getvalue().encode())
    return pieces

