"""The tracker-wide change log (`recs log`): every change by anyone, newest first.

It is read from the history of every recommendation (archived ones, and
those whose creation was undone, too) and of every brief: the history is
in the tracker's files, shared through git, so everyone's changes are there,
not only those made in this clone (`recs.store.changelog`, which `recs undo`
reads). One item per command per record: the history entries that share a
change id (or, in older entries without one, a time and an author).
"""

import heapq
from collections.abc import Iterable
from itertools import chain

from recs.core import statuses
from recs.store import Store
from recs.tracker.undo import around


def _same_person(name: str) -> str:
    return " ".join(name.split()).casefold()


def items(store: Store, *, by: str | None = None, start: str | None = None, end: str | None = None,
          limit: int | None = None) -> list[dict]:
    """The log, newest first: {at, by, record, changes: [{field, old, new, note}]};
    `by`: only this person's (any case or spacing); `start`, `end`: only changes
    recorded on those days (YYYY-MM-DD) or between; `limit`: the newest so many."""
    who = _same_person(by) if by is not None else None
    found: dict[tuple, dict] = {}
    sources: Iterable[tuple[str, list]] = chain(
        ((r["id"], r["history"]) for r in chain(store.scan(ordered=True), store.removed())),
        ((f"brief {b['id']}", b.get("history") or []) for b in store.briefs(removed=True)))
    for name, history in sources:
        for entry in history:
            if not isinstance(entry, dict):
                continue
            at, person = str(entry.get("at", "")), str(entry.get("by", ""))
            if who is not None and _same_person(person) != who:
                continue
            if (start is not None and at[:10] < start) or (end is not None and at[:10] > end):
                continue
            change = entry.get("change")
            key = (name, change) if type(change) is int else (name, at, person)
            item = found.get(key)
            if item is None:
                item = found[key] = {"at": at, "by": person, "record": name, "changes": []}
                if type(change) is int:
                    item["change"] = change
            item["changes"].append({k: entry.get(k) for k in ("field", "old", "new", "note")})
    def newest(item: dict) -> tuple:
        return item["at"], item.get("change", 0)

    # (the sorts are stable: changes made at once stay in the records' id order)
    if limit is not None:
        return heapq.nlargest(limit, found.values(), key=newest)
    return sorted(found.values(), key=newest, reverse=True)


def said(change: dict) -> str:
    """One history entry in words: `status: In progress → Partially implemented`."""
    kind, old, new, note = change.get("field"), change.get("old"), change.get("new"), change.get("note")
    if kind == "created":
        text = "created" if old is None else "removed (its creation undone)"
    elif kind == "evidence":
        if old is None:
            text = f"evidence {new} added"
        elif isinstance(old, dict) and isinstance(new, str):
            text = f"evidence {new} edited"
        else:
            text = f"evidence {(old or {}).get('id', '')} removed"
    elif kind == "note":
        text = "note"
    elif kind == "archived":
        text = "archived" if old is None else "restored from the archive"
    elif kind == "removed":
        text = "removed" if old is None else "put back"
    elif kind == "record":
        text = "put back as it was before an import"
    else:
        def shown(value) -> str:
            if value is None or value == "" or value == []:
                return "(none)"
            if kind == "status" and isinstance(value, str):
                return statuses.label(value)
            if isinstance(value, list):
                return ", ".join(str(v) for v in value)
            if isinstance(value, dict):
                return ", ".join(f"{k}: {v}" for k, v in value.items())
            return str(value)

        before, after = around(shown(old), shown(new))
        text = f"{kind}: {before} → {after}"
    if note:
        text += f' ("{note if len(note) <= 80 else note[:79] + "…"}")'
    return text
