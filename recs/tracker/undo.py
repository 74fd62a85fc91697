"""`recs undo`: revert what the last command (or the last N) wrote.

A *change* is what one command wrote: the history entries that share a
`change` id (`Store.change` stamps them; see `recs.store`). Changes are
ordered by that id, which grows with time. Undoing a change appends to each
record it touched, newest first, one entry reversing each of its entries:

- a field (`status`, `due`, `title`, …): the field is set back; the new entry
  has `old` and `new` swapped;
- `evidence` added (`new` = its id): the evidence entry is taken off the
  record and kept whole in the undo entry's `old`; undoing *that* puts it back;
  evidence replaced (by an import: `old` = the earlier entry, `new` = its id):
  the earlier entry is put back, the replaced one kept in the undo entry;
- `created` (`new` = the id): the recommendation moves, with its whole
  history, to the store's `removed` table (ids are never reused); undoing
  that (`old` = the id) moves it back;
- `note`: nothing to set back; the undo entry records the note's withdrawal.

Every undo entry says `undo of change N (who, when)` and all of them share
one new change id, so the undo is itself a change: `recs undo` again redoes
it. Nothing is ever deleted. Before touching anything, each step checks
that the record is as the change left it; if not (the file was edited by
hand, or merged), the undo stops and nothing is written.
"""

from dataclasses import dataclass, field

from recs.core import dates
from recs.core.errors import NotFound, RecsError, UsageError
from recs.store import Store, natural_key
from recs.tracker.operations import history_entry

#: Record keys an entry's `field` never names directly.
_NOT_FIELDS = {"id", "history", "evidence", "created", "updated"}


@dataclass
class Change:
    """What one command wrote."""

    id: int
    at: str = ""
    by: str = ""
    entries: list[tuple[str, dict]] = field(default_factory=list)  # (record id, entry), as written
    #: records it wrote whole (an import of copies): id → where their earlier file is kept (None: new)
    whole: dict[str, str | None] = field(default_factory=dict)

    def records(self) -> list[str]:
        seen: list[str] = []
        for rec_id, _ in self.entries:
            if rec_id not in seen:
                seen.append(rec_id)
        return seen + [k for k in self.whole if k not in seen]


def changes(store: Store, most: int | None = None) -> list[Change]:
    """The changes this clone's commands made (`recs.store.changelog`), newest
    first (at most `most`), each with the history entries it wrote in the
    records it touched (only those records are read)."""
    out: list[Change] = []
    for logged in reversed(store.logged_changes()):
        if most is not None and len(out) >= most:
            break
        cid = logged["change"]
        change = Change(cid, str(logged.get("at", "")), str(logged.get("by", "")),
                        whole=dict(logged.get("whole") or {}))
        for rec_id in sorted(logged.get("records") or [], key=natural_key):
            try:
                rec = store.get(rec_id, removed=True)
            except NotFound:
                continue  # a change killed before it was written: it made nothing
            change.entries += [(rec_id, e) for e in rec["history"] if isinstance(e, dict) and e.get("change") == cid]
        if not logged.get("done"):  # killed around its write: did it happen?
            after = logged.get("after") or {}
            change.whole = {k: v for k, v in change.whole.items() if store.written_whole(k, str(after.get(k)))}
        if change.entries or change.whole:
            out.append(change)
    return out


def last(store: Store, n: int) -> list[Change]:
    """The last `n` changes, newest first; a clear error if there are fewer."""
    if n < 1:
        raise UsageError(f"give a number of changes to undo of at least 1, not {n}")
    recorded = changes(store, n)
    if not recorded:
        raise RecsError(f"nothing to undo: no command has changed {store.path} in this clone (undo reaches "
                        "what was done here; `recs history ID` shows every change)")
    if n > len(recorded):
        raise RecsError(f"cannot undo {n} changes: only {len(recorded)} were made in this clone "
                        f"(`recs undo {len(recorded)}` undoes them all)")
    return recorded[:n]


def _short(value, most: int = 60) -> str:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = "(none)" if value is None or value == "" else str(value)
    return text if len(text) <= most else text[: most - 1] + "…"


def describe(change: Change) -> list[str]:
    """What undoing `change` would do, one line per entry, as it would be done."""
    lines = [f"change {change.id}, {change.at} by {change.by}:"]
    for rec_id, before in change.whole.items():
        lines.append(f"  {rec_id}: " + ("remove it (it came whole with this change; kept with its history)"
                                         if before is None else "put back the record as it was before this change"))
    for rec_id, e in reversed(change.entries):
        kind, old, new = e.get("field"), e.get("old"), e.get("new")
        if kind == "created":
            what = ("remove it (created by this change; kept with its history in the store)"
                    if old is None else "restore it (it was removed by an undo)")
        elif kind == "evidence":
            if isinstance(new, str) and old is None:
                what = f"take off evidence {new} ({_short(e.get('note'))}; kept in the history)"
            elif isinstance(new, str):
                what = f"put back the earlier version of evidence {new}"
            else:
                what = f"put back evidence {_short((old or {}).get('id'))}"
        elif kind == "record" and isinstance(old, dict) and new is None:  # a record put back whole
            what = "put back the record as it was before this change"
        elif kind == "note":
            what = f"withdraw the note {_short(e.get('note'))!r} (it stays in the history)"
        else:
            what = f"{kind}: {_short(new)} → back to {_short(old)}"
        lines.append(f"  {rec_id}: {what}")
    return lines


def undo(store: Store, n: int, *, by: str, expected: list[int] | None = None) -> list[Change]:
    """Revert the last `n` changes in `store` (opened with `Store.change`).

    `expected`: the change ids a preview showed; if the store has moved on
    since, nothing is done.
    """
    todo = last(store, n)
    if expected is not None and [c.id for c in todo] != expected:
        raise RecsError("the store changed since the preview (another command wrote to it); "
                        "nothing was undone. Run `recs undo` again to see the new last changes")
    at = dates.now()
    for change in todo:
        note = f"undo of change {change.id} ({change.by}, {change.at})"
        for rec_id, before in change.whole.items():
            _revert_whole(store, rec_id, before, at=at, by=by, note=note)
        for rec_id in reversed(change.records()):
            entries = [e for r, e in change.entries if r == rec_id]
            if entries:
                _revert(store, rec_id, entries, at=at, by=by, note=note)
    return todo


def _added_by(evidence: list[dict], entry: dict) -> list[dict]:
    """The evidence entry a history entry says was added: by its id and summary, or,
    when a merge renumbered it (both sides added that id), by its summary, time and author."""
    same = [ev for ev in evidence if ev.get("id") == entry.get("new") and ev.get("summary") == entry.get("note")]
    if same:
        return same
    moved = [ev for ev in evidence if ev.get("summary") == entry.get("note") and ev.get("added") == entry.get("at")
             and ev.get("by") == entry.get("by")]
    if moved:
        return moved[-1:]
    return [ev for ev in evidence if ev.get("id") == entry.get("new")] if entry.get("note") is None else []


def _value_before(history: list[dict], entry: dict):
    """What a field goes back to when `entry`'s change is undone: its `old`, unless a
    merge since kept this change over another side's, which then stands again."""
    value = entry.get("old")
    after = False
    for later in history:
        if later is entry:
            after = True
        elif after and later.get("by") == "recs merge" and later.get("field") == entry.get("field") \
                and later.get("new") == entry.get("new"):
            value = later.get("old")
    return value


def _revert_whole(store: Store, rec_id: str, before: str | None, *, at: str, by: str, note: str) -> None:
    """Undo a record written whole: one that arrived with this change is removed
    (kept with its history); one it replaced is put back, the replaced version
    kept in the undo's history entry."""
    if not store.exists(rec_id):
        raise _conflict(rec_id, "is not there")
    current = store.get(rec_id)
    if before is None:
        rec = dict(current, history=[*current["history"], history_entry(at, by, "created", rec_id, None, note)],
                   updated=at)
        store.remove(rec)
        return
    rec = dict(store.before(before))
    rec["history"] = [*rec["history"], history_entry(at, by, "record", current, None, note)]
    rec["updated"] = at
    store.put(rec)


def _conflict(rec_id: str, what: str) -> RecsError:
    return RecsError(f"cannot undo: {rec_id} {what}, not as that change left it (was the file edited "
                     "by hand or merged?); nothing was changed")


def _revert(store: Store, rec_id: str, entries: list[dict], *, at: str, by: str, note: str) -> None:  # noqa: C901
    removed = not store.exists(rec_id) and store.was_removed(rec_id)
    rec = dict(store.get(rec_id, removed=True))
    was_removed = removed
    written = []
    for e in reversed(entries):
        kind, old, new = e.get("field"), e.get("old"), e.get("new")
        if kind == "created":
            if old is None and new == rec_id and not removed:
                removed = True
                written.append(history_entry(at, by, "created", rec_id, None, note))
            elif new is None and old == rec_id and removed:
                if store.exists(rec_id):
                    raise _conflict(rec_id, "exists again")
                removed = False
                written.append(history_entry(at, by, "created", None, rec_id, note))
            else:
                raise _conflict(rec_id, "is " + ("removed" if removed else "present"))
        elif kind == "evidence":
            evidence = list(rec["evidence"])
            if old is None and isinstance(new, str):
                match = _added_by(evidence, e)
                if not match:
                    raise _conflict(rec_id, f"has no evidence {new}")
                evidence.remove(match[0])
                written.append(history_entry(at, by, "evidence", match[0], None, note))
            elif isinstance(old, dict) and new is None:
                if any(ev.get("id") == old.get("id") for ev in evidence):
                    raise _conflict(rec_id, f"already has evidence {old.get('id')}")
                evidence.append(old)
                written.append(history_entry(at, by, "evidence", None, old.get("id"), note))
            elif isinstance(old, dict) and isinstance(new, str):  # replaced (by an import)
                match = [ev for ev in evidence if ev.get("id") == new]
                if not match:
                    raise _conflict(rec_id, f"has no evidence {new}")
                evidence[evidence.index(match[0])] = old
                written.append(history_entry(at, by, "evidence", match[0], new, note))
            else:
                raise RecsError(f"cannot undo: {rec_id} has an evidence entry recs does not know how to revert")
            rec["evidence"] = evidence
        elif kind == "note":
            written.append(history_entry(at, by, "note", None, None, f"{note}: withdraws the note {e.get('note')!r}"))
        elif isinstance(kind, str) and kind in rec and kind not in _NOT_FIELDS:
            if rec[kind] != new:
                raise _conflict(rec_id, f"has {kind} {_short(rec[kind])!r}")
            back = _value_before(rec["history"], e)
            rec[kind] = back
            written.append(history_entry(at, by, kind, new, back, note))
        else:
            raise RecsError(f"cannot undo: {rec_id} has a {kind!r} history entry recs does not know how to revert; "
                            "nothing was changed")
    rec["history"] = list(rec["history"]) + written
    rec["updated"] = at
    if removed and not was_removed:
        store.remove(rec)
    elif was_removed and not removed:
        store.restore(rec)
    elif removed:
        store.put_removed(rec)
    else:
        store.put(rec)
