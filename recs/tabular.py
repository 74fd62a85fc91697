"""Recommendations as flat rows: the CSV columns of `list` and `export`.

Lists are joined with `; `. Cells a spreadsheet would run as a formula
(starting with `=`, `+`, `-`, `@`, tab or carriage return) get a leading `'`.
"""

import csv
import io

from recs import statuses

COLUMNS = (
    "id", "brief", "title", "status", "status_label", "actors", "due", "tags",
    "evidence_count", "latest_evidence_date", "latest_evidence_url",
    "created", "updated", "text", "quote",
)
SEPARATOR = "; "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Make a cell inert in spreadsheets: `=1+1` -> `'=1+1`."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def latest_evidence(record: dict) -> dict | None:
    """The evidence entry with the latest event date (the last added on ties)."""
    best = None
    for ev in record.get("evidence") or ():
        if best is None or (ev.get("date") or "") >= (best.get("date") or ""):
            best = ev
    return best


def row(record: dict) -> dict[str, str]:
    """One CSV row for a recommendation."""
    latest = latest_evidence(record) or {}
    values = {
        "id": record["id"],
        "brief": record.get("brief") or "",
        "title": record["title"],
        "status": record["status"],
        "status_label": statuses.label(record["status"]),
        "actors": SEPARATOR.join(record["actors"]),
        "due": record.get("due") or "",
        "tags": SEPARATOR.join(record.get("tags") or ()),
        "evidence_count": str(len(record.get("evidence") or ())),
        "latest_evidence_date": latest.get("date") or "",
        "latest_evidence_url": latest.get("url") or "",
        "created": record.get("created") or "",
        "updated": record.get("updated") or "",
        "text": record.get("text") or "",
        "quote": record.get("quote") or "",
    }
    return {k: neutralise(v) for k, v in values.items()}


def to_csv(records: list[dict]) -> str:
    """The records as CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow(row(record))
    return buffer.getvalue()
