"""Archiving a recommendation (`recs remove`) and bringing it back (`recs restore`).

An archived recommendation stays where it is, `recommendations/<id>.json`,
with its history, marked `archived` (when); `list`, `report`, `due` and the
csv and md exports leave it out. It is not moved to another folder: a
colleague's change to the same recommendation then merges in the same file
(a move would be a modify/delete conflict in git), and its id stays taken.
A change to an archived recommendation is made, with a notice (`notice`).
Both are history entries (`archived`: old none, new the time; and back), so
`recs undo` reverts them and `recs log` shows them.
"""

from recs.core import dates, fields
from recs.core.errors import RecsError
from recs.store import Store
from recs.tracker.operations import history_entry


def archive(store: Store, rec_id: str, *, by: str, note: str | None = None) -> dict:
    """Archive a recommendation; returns its history entry."""
    record = dict(store.get(rec_id))
    if record.get("archived"):
        raise RecsError(f"{record['id']} is archived already (since {dates.readable(record['archived'])}); "
                        f"`recs restore {record['id']}` brings it back")
    at = dates.now()
    entry = history_entry(at, by, "archived", None, at, _note(note))
    record["archived"] = at
    record["history"] = record["history"] + [entry]
    record["updated"] = at
    store.put(record)
    return entry


def restore(store: Store, rec_id: str, *, by: str, note: str | None = None) -> dict:
    """Bring an archived recommendation back; returns its history entry."""
    record = dict(store.get(rec_id))
    if not record.get("archived"):
        raise RecsError(f"{record['id']} is not archived (`recs list --archived` lists those that are)")
    at = dates.now()
    entry = history_entry(at, by, "archived", record.pop("archived"), None, _note(note))
    record["history"] = record["history"] + [entry]
    record["updated"] = at
    store.put(record)
    return entry


def notice(record: dict) -> str | None:
    """What to tell someone who changed an archived recommendation (None: it is not archived).
    The change is made: fixing an archived record (the status it ended with, a
    piece of evidence) is allowed; the notice says it stays out of lists and reports."""
    if not record.get("archived"):
        return None
    return (f"{record['id']} is archived (`recs restore {record['id']}` brings it back); changed all the same, "
            "it stays out of lists and reports")


def _note(note: str | None) -> str | None:
    return fields.limit(note, fields.TEXT_MAX, "note") if note is not None else None
