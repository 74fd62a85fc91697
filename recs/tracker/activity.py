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

from recs.store import Store
from recs.tracker.wording import around, clip, evidence_change, shown


def _same_person(name: str) -> str:
    return " ".join(name.split()).casefold()


def person_matches(given: str, name: str) -> bool:
    """Whether `--by given` names `name`: any case and spacing, the whole name or
    the start of it or of one of its words (`ana`, `Ana P` and `petro` find
    "Ana Petrosyan"; `test` finds "tester")."""
    name = _same_person(name)
    return name.startswith(given) or any(word.startswith(given) for word in name.split(" "))


def items(store: Store, *, by: str | None = None, start: str | None = None, end: str | None = None,
          limit: int | None = None) -> list[dict]:
    """The log, newest first: {at, by, record, changes: [{field, old, new, note}]};
    `by`: only those of the people it names (`person_matches`); `start`, `end`: only changes
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
            if who is not None and not person_matches(who, person):
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
        elif isinstance(old, dict) and isinstance(new, (str, dict)):
            eid = new.get("id", "") if isinstance(new, dict) else new
            changed = evidence_change(old, new)
            text = f"evidence {eid} edited" + (f" ({changed})" if changed else "")
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
        before, after = around(shown(kind, old), shown(kind, new))
        text = f"{kind}: {before} → {after}"
    if note:
        text += f' ("{clip(note, 80)}")'
    return text
