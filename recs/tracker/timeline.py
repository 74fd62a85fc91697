"""When things happened in the world, apart from when they were typed.

A history entry's `at` is when it was recorded; its optional `on` is the day
the change took effect (`recs update --on`, the evidence's date, a brief's
publication date for `created`). An entry without `on` took effect when it
was recorded, so trackers written before `on` existed need no migration.
An evidence entry takes effect on its `date`. A reduced-precision date
(`2023-10`) counts from its last day, and nothing takes effect after it was
recorded (`recs.core.dates.effective`).

`as_of(record, day)` is the record as it stood at the end of `day`: the
changes that took effect later are unwound, newest first, from the record
as it is now, and the evidence known by then is kept. Changes reverted by
`recs undo` (and the undo entries themselves) never took effect. Within one
field, changes take effect in the order they were recorded
(`recs.tracker.operations` refuses a status dated before the latest one), so unwinding
gives what replaying the history up to `day` would.
"""

import re

from recs.core import dates

_UNDO = re.compile(r"^undo of change ([0-9]+) \(")
#: History fields that are not a field of the record set back by unwinding.
_NOT_VALUES = {"created", "evidence", "note", "id", "history", "updated"}


def day(entry: dict) -> str:
    """The day a history entry took effect."""
    return dates.effective(entry.get("on"), entry.get("at") or "")


def evidence_day(ev: dict) -> str:
    """The day an evidence entry took effect: its date (the last day of a
    `YYYY-MM`), never after it was added."""
    return dates.effective(ev.get("date"), ev.get("added") or ev.get("date") or "")


def active(history: list[dict]) -> list[tuple[int, dict]]:
    """The history entries that took effect, with their positions: without the
    changes `recs undo` reverted and the undo entries themselves (an undo that
    was itself undone leaves the change it reverted in effect)."""
    undos = []
    for entry in history:
        target = entry.get("undoes")  # written by `recs undo` and `recs redo`
        if target is None:  # entries of an earlier recs say it in their note
            note = entry.get("note")
            if not note or not note.startswith("undo of change"):  # (a string test: this runs for every entry)
                continue
            match = _UNDO.match(note)
            target = int(match.group(1)) if match else None
        if type(target) is int and isinstance(entry.get("change"), int):
            undos.append((entry["change"], target))
    if not undos:
        return list(enumerate(history))
    cancelled: set[int] = set()
    undo_ids = {u for u, _ in undos}
    for undo_id, target in sorted(set(undos), reverse=True):  # newest undo first
        if undo_id not in cancelled:
            cancelled.add(target)
    skip = cancelled | undo_ids
    return [(i, e) for i, e in enumerate(history) if e.get("change") not in skip]


def ordered(record: dict) -> list[tuple[str, int, dict]]:
    """The entries that took effect as (day, position, entry), in the order they took effect."""
    return sorted((day(e), i, e) for i, e in active(record.get("history") or []))


def born(record: dict, entries: list[tuple[int, dict]] | None = None) -> str:
    """The day a recommendation came to exist: its `created` entry's day (the brief's
    publication date, `add --on`), else the day it was recorded. `entries`: its
    `active()` history, when the caller has it already."""
    for _, entry in entries if entries is not None else active(record.get("history") or []):
        if entry.get("field") == "created" and entry.get("new") == record.get("id"):
            return day(entry)
    return dates.effective(None, record.get("created") or "")


def latest(record: dict, fields: tuple[str, ...]) -> str | None:
    """The day of the latest change in effect of one of `fields` (or of its creation)."""
    days = [day(e) for _, e in active(record.get("history") or []) if e.get("field") in fields]
    return max(days + [born(record)])


def as_of(record: dict, when: str) -> dict | None:
    """The record as it stood at the end of day `when` (YYYY-MM-DD); None if it did not
    exist yet. Fields changed later are set back; evidence is what took effect by then;
    `updated` is the day of the last change in effect."""
    if born(record) > when:
        return None
    rec = dict(record)
    for eday, _, entry in reversed(ordered(record)):
        field = entry.get("field")
        if eday <= when:
            continue
        if isinstance(field, str) and field not in _NOT_VALUES and (field in rec or field == "archived"):
            rec[field] = entry.get("old")
    rec["evidence"] = [ev for ev in record.get("evidence") or () if evidence_day(ev) <= when]
    rec["history"] = [e for e in record.get("history") or () if day(e) <= when]
    rec["updated"] = f"{last_change(record, when)}T00:00:00Z"
    return rec


def last_change(record: dict, when: str, entries: list[tuple[int, dict]] | None = None,
                first: str | None = None) -> str:
    """The day of the last change in effect by the end of `when` (YYYY-MM-DD), by the
    days things happened: the recommendation's creation, a change of a field (a status
    on its `on` day, another field when recorded), a piece of evidence on its date
    (not the day it was typed in: its `evidence` history entry is left out). What a
    report calls the last activity, so today's report and one as of a day agree.
    `entries` and `first`: its `active()` history and `born()` day, when the caller
    has them already (a report of 100,000 records)."""
    if entries is None:
        entries = active(record.get("history") or [])
    last = first if first is not None else born(record, entries)
    for _, entry in entries:
        if entry.get("field") == "evidence":
            continue
        eday = day(entry)
        if last < eday <= when:
            last = eday
    for ev in record.get("evidence") or ():
        eday = evidence_day(ev)
        if last < eday <= when:
            last = eday
    return last


def actor_statuses(record: dict) -> dict[str, str]:
    """Each actor's status: their own where one was recorded, else the recommendation's."""
    own = record.get("actor_status") or {}
    return {a: own.get(a) or record["status"] for a in record["actors"]}


def moves(record: dict, start: str, end: str) -> list[dict]:
    """What took effect from `start` to `end` (days, inclusive): status changes (of the
    recommendation, or of one actor) and evidence, each with its day."""
    out = []
    for eday, _, h in ordered(record):
        if not start <= eday <= end or h.get("field") not in ("status", "actor_status"):
            continue
        item = {"day": eday, "at": h.get("at"), "by": h.get("by"), "id": record["id"], "title": record["title"],
                "kind": "status", "note": h.get("note"), "actor": None, "old": h.get("old"), "new": h.get("new")}
        if h["field"] == "actor_status":
            old, new = h.get("old") or {}, h.get("new") or {}
            for actor in sorted(set(old) | set(new)):
                if old.get(actor) != new.get(actor):
                    out.append(dict(item, actor=actor, old=old.get(actor), new=new.get(actor)))
            continue
        out.append(item)
    for ev in record.get("evidence") or ():
        eday = evidence_day(ev)
        if start <= eday <= end:
            out.append({"day": eday, "at": ev.get("added"), "by": ev.get("by"), "id": record["id"],
                        "title": record["title"], "kind": "evidence", "note": None, "actor": None,
                        "evidence": ev.get("id"), "date": ev.get("date"), "summary": ev.get("summary"),
                        "url": ev.get("url"), "source": ev.get("source")})
    return out


def status_path(record: dict) -> list[tuple[str, str]]:
    """The recommendation's status over time: (day, status) from the day it came to
    exist, then at each status change in effect (what `as_of` gives, day by day)."""
    changes = [(d, e) for d, _, e in ordered(record) if e.get("field") == "status"]
    initial = changes[0][1].get("old") if changes else record["status"]
    return [(born(record), initial or record["status"])] + [(d, e.get("new")) for d, e in changes]
