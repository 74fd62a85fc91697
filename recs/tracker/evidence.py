"""Fixing evidence: `recs evidence edit` and `recs evidence remove`.

Both are history entries of the recommendation, in the shapes `recs undo`
reverts: an edit is `evidence` with `old` the entry as it was and `new` the
entry as edited (so the history shows both; an import replacing an entry
writes its id); a removal is `evidence` with `old` the
entry and `new` none (as an undo taking it off). The entry is never lost:
it stays whole in the history, and its id is never given to new evidence.
"""

from recs.core import fields
from recs.core.errors import NotFound, RecsError, UsageError
from recs.store import Store
from recs.tracker.operations import effective_date, history_entry

#: What `recs evidence edit` may change.
EDITABLE = ("summary", "url", "source", "date")


def find(record: dict, evidence_id: str) -> dict:
    """The evidence entry `evidence_id` (any case: `e2` is E2) of `record`."""
    for entry in record["evidence"]:
        if str(entry.get("id", "")).casefold() == evidence_id.strip().casefold():
            return entry
    known = ", ".join(e["id"] for e in record["evidence"]) or "none"
    raise NotFound(f"{record['id']} has no evidence {evidence_id!r} (its evidence: {known}; see `recs show "
                   f"{record['id']}`)")


def edit_evidence(store: Store, rec_id: str, evidence_id: str, changes: dict, *, by: str,
                  note: str | None = None) -> tuple[dict, dict] | None:
    """Change an evidence entry's fields (None: not given; "" for url or source
    removes it); returns (before, after), or None when nothing changed."""
    record = dict(store.get(rec_id))
    before = find(record, evidence_id)
    after = dict(before)
    for name, value in changes.items():
        if value is None:
            continue
        if name == "summary":
            if not value.strip():
                raise RecsError("evidence --summary must not be empty")
            after["summary"] = fields.limit(value.strip(), fields.TEXT_MAX, "summary")
        elif name == "url":
            after["url"] = fields.url(value) if value.strip() else None
        elif name == "source":
            after["source"] = fields.limit(value.strip(), fields.TEXT_MAX, "source") or None
        elif name == "date":
            after["date"] = effective_date(value, "evidence date", "evidence")
        else:
            raise RecsError(f"cannot edit evidence's {name!r}")
    if not after.get("url") and not after.get("source"):
        raise UsageError("evidence needs a url or a source (or both), so others can check it")
    if after == before:
        return None
    if note is not None:
        note = fields.limit(note, fields.TEXT_MAX, "note")
    from recs.core import dates

    at = dates.now()
    record["evidence"] = [after if e is before else e for e in record["evidence"]]
    record["history"] = record["history"] + [history_entry(at, by, "evidence", before, after, note)]
    record["updated"] = at
    store.put(record)
    return before, after


def remove_evidence(store: Store, rec_id: str, evidence_id: str, *, by: str, note: str | None = None) -> dict:
    """Take an evidence entry off a recommendation (kept whole in the history); returns it."""
    from recs.core import dates

    record = dict(store.get(rec_id))
    entry = find(record, evidence_id)
    if note is not None:
        note = fields.limit(note, fields.TEXT_MAX, "note")
    at = dates.now()
    record["evidence"] = [e for e in record["evidence"] if e is not entry]
    record["history"] = record["history"] + [history_entry(at, by, "evidence", entry, None, note)]
    record["updated"] = at
    store.put(record)
    return entry
