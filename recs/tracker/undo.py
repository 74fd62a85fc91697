"""`recs undo` and `recs redo`: revert what the last command (or the last N) wrote.

A *change* is what one command wrote: the history entries that share a
`change` id (`Store.change` stamps them; see `recs.store`), in the records
and briefs it touched. Undoing a change appends to each of them, newest
first, one entry reversing each of its entries:

- a field (`status`, `due`, `title`, `archived`, a brief's `title`, …): the
  field is set back; the new entry has `old` and `new` swapped;
- `evidence` added (`new` = its id): the evidence entry is taken off the
  record and kept whole in the undo entry's `old`; undoing *that* puts it back;
  evidence replaced (edited: `old` = the earlier entry, `new` = the entry as
  edited; by an import, or before recs kept the edit: `new` = its id): the
  earlier entry is put back, the replaced one kept in the undo entry's `old`
  (and the one put back in its `new`); evidence removed (`old` = the entry, `new` none): it is put back;
- `created` (`new` = the id): the recommendation moves, with its whole
  history, to the store's `removed` table (ids are never reused); undoing
  that (`old` = the id) moves it back;
- `note`: nothing to set back; the undo entry records the note's withdrawal;
- a brief's `created` (`recs brief add`: `new` = its id): the brief is
  marked `removed` (kept with its history; its id is never reused), once no
  recommendation comes from it; undoing that (`old` = the id) brings it back.
  A brief an import brought (`new_briefs` in the change log) is taken off so too.

The undo is itself a change, logged in this clone's change log as undoing
those changes (`undoes`). As in Taskwarrior, `recs undo` again undoes the
change before; `recs redo` reverts the last undo (`redoes`), and a new
change after an undo leaves nothing to redo. Nothing is ever deleted.
Before touching anything, each step checks that the record is as the
change left it; if not (the file was edited by hand, or merged), the undo
stops and nothing is written.
"""

from dataclasses import dataclass, field
from datetime import datetime, timezone

from recs.core import dates
from recs.core.errors import NotFound, RecsError, UsageError
from recs.core.words import plural
from recs.store import Store, natural_key
from recs.tracker.operations import history_entry
from recs.tracker.wording import around, clip, evidence_change, shown

#: Record keys an entry's `field` never names directly.
_NOT_FIELDS = {"id", "history", "evidence", "created", "updated"}
#: Keys a record or brief holds only while they have a value (`recs remove`, `recs brief remove`).
_ABSENT_WHEN_NONE = {"archived", "removed"}
_BRIEF_FIELDS = {"title", "publisher", "published", "url", "removed", "created"}


@dataclass
class Change:
    """What one command wrote."""

    id: int
    at: str = ""
    by: str = ""
    entries: list[tuple[str, dict]] = field(default_factory=list)  # (record id, entry), as written
    #: records it wrote whole (an import of copies): id → where their earlier file is kept (None: new)
    whole: dict[str, str | None] = field(default_factory=dict)
    brief_entries: list[tuple[str, dict]] = field(default_factory=list)  # (brief id, entry), as written
    #: briefs it brought without a history entry of their own (an import's)
    new_briefs: list[str] = field(default_factory=list)
    #: what it was, in words: the command as typed (`update R8 --status partial`)
    what: str = ""

    def records(self) -> list[str]:
        seen: list[str] = []
        for rec_id, _ in self.entries:
            if rec_id not in seen:
                seen.append(rec_id)
        return seen + [k for k in self.whole if k not in seen]

    def briefs(self) -> list[str]:
        return list(dict.fromkeys([*(b for b, _ in self.brief_entries), *self.new_briefs]))

    def title(self, now: str | None = None) -> str:
        """The change in words: "`update R8 --status partial` by ana at 14:02 (2 minutes ago)";
        an undo: "`update R8 --status partial` (undone by ana at 14:05 (just now))"."""
        when = f"by {self.by or 'someone'} {said_when(self.at, now or dates.now())}"
        for verb in ("undo", "redo"):
            if self.what.startswith(f"{verb} of "):
                return f"{command_of(self.what)} ({verb}ne {when})"
        return f"{self.what} {when}"


def command_of(what: str) -> str:
    """The command a change, an undo of it or a redo of that undo reverts: "`update R8 …`"."""
    while what.startswith(("undo of ", "redo of ")):
        what = what[len("undo of "):]
    return what


def said_when(at: str, now: str) -> str:
    """When, for people: "at 14:02 (2 minutes ago)" today, "on 3 May 2026 at 14:02 (…)"
    another day, in local time."""
    try:
        then = datetime.strptime(at, dates.TIMESTAMP_FORMAT).replace(tzinfo=timezone.utc)
        current = datetime.strptime(now, dates.TIMESTAMP_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        return f"at {at}" if at else "(time unknown)"
    local, local_now = then.astimezone(), current.astimezone()
    day = "" if local.date() == local_now.date() else f"on {dates.readable(local.date().isoformat())} "
    return f"{day}at {local:%H:%M} ({ago(int((current - then).total_seconds()))})"


def ago(seconds: int) -> str:
    """`2 minutes ago`, `3 days ago`, `just now`."""
    if seconds < 60:
        return "just now"
    for size, unit in ((86400 * 365, "year"), (86400 * 30, "month"), (86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            return f"{plural(seconds // size, unit)} ago"
    return "just now"


def _what(logged: dict, change: "Change") -> str:
    """The command a logged change was, in words."""
    if logged.get("what"):  # an undo or redo: what it undid or redid
        verb = "undo of " if "undoes" in logged else "redo of "
        return verb + " and ".join(logged["what"])
    if logged.get("command"):
        return f"`{logged['command']}`"
    names = change.records() + [f"brief {b}" for b in change.briefs()]
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    return "the change to " + ", ".join(names[:3]) + more


def _load(store: Store, logged: dict) -> Change:
    """One logged change with the history entries it wrote in the records and
    briefs it touched (only those are read)."""
    cid = logged["change"]
    change = Change(cid, str(logged.get("at", "")), str(logged.get("by", "")), whole=dict(logged.get("whole") or {}))
    for rec_id in sorted(logged.get("records") or [], key=natural_key):
        try:
            rec = store.get(rec_id, removed=True)
        except NotFound:
            continue  # a change killed before it was written: it made nothing
        change.entries += [(rec_id, e) for e in rec["history"] if isinstance(e, dict) and e.get("change") == cid]
    for brief_id in logged.get("briefs") or []:
        try:
            brief = store.brief(brief_id, removed=True)
        except NotFound:
            continue
        change.brief_entries += [(brief_id, e) for e in brief.get("history") or ()
                                 if isinstance(e, dict) and e.get("change") == cid]
    for brief_id in logged.get("new_briefs") or []:
        try:
            store.brief(brief_id, removed=True)
        except NotFound:
            continue  # a change killed before it was written
        change.new_briefs.append(brief_id)
    if not logged.get("done"):  # killed around its write: did it happen?
        after = logged.get("after") or {}
        change.whole = {k: v for k, v in change.whole.items() if store.written_whole(k, str(after.get(k)))}
    change.what = _what(logged, change)
    return change


def _made_something(change: Change) -> bool:
    return bool(change.entries or change.whole or change.brief_entries or change.new_briefs)


def stack(store: Store) -> tuple[list[dict], list[dict]]:
    """(the changes in effect that `undo` can revert, the undos `redo` can
    revert): their lines of this clone's change log (`recs.store.changelog`),
    each oldest first. Only the records of a change that may have been
    killed around its write are read (did it happen?)."""
    done: list[dict] = []
    undone: list[dict] = []
    for logged in store.logged_changes():
        if not logged.get("done") and not _made_something(_load(store, logged)):
            continue
        if isinstance(logged.get("undoes"), list):
            gone = set(logged["undoes"])
            done = [c for c in done if c["change"] not in gone]
            undone.append(logged)
        elif isinstance(logged.get("redoes"), list):
            back = set(logged["redoes"])
            undone = [c for c in undone if c["change"] not in back]
            done.append(logged)
        else:
            done.append(logged)
            undone = []  # a new change: what was undone before it can no longer be redone
    return done, undone


def changes(store: Store, most: int | None = None, *, redo: bool = False) -> list[Change]:
    """The changes `undo` (`redo`: the undos `redo`) would revert, newest first
    (at most `most`), each with the history entries it wrote."""
    done, undone = stack(store)
    out: list[Change] = []
    for logged in reversed(undone if redo else done):
        if most is not None and len(out) >= most:
            break
        change = _load(store, logged)
        if _made_something(change):
            out.append(change)
    return out


def last(store: Store, n: int, *, redo: bool = False) -> list[Change]:
    """The last `n` changes to undo (`redo`: undos to redo), newest first; a clear error if there are fewer."""
    verb = "redo" if redo else "undo"
    if n < 1:
        raise UsageError(f"give a number of changes to {verb} of at least 1, not {n}")
    recorded = changes(store, n, redo=redo)
    if not recorded:
        if redo:
            raise RecsError("nothing to redo: `recs redo` redoes what `recs undo` undid, until a new change "
                            "is made")
        if stack(store)[1]:
            raise RecsError("nothing more to undo: every change made in this clone is undone (`recs redo` "
                            "redoes the last one undone; `recs log` shows every change)")
        raise RecsError(f"nothing to undo: no command has changed {store.path} in this clone (undo reaches "
                        "what was done here; `recs log` shows every change)")
    if n > len(recorded):
        raise RecsError(f"cannot {verb} {n} changes: only {len(recorded)} can be (`recs {verb} {len(recorded)}` "
                        f"{verb}es them all)")
    return recorded[:n]


def _field_line(kind: str, new, old, *, redo: bool) -> str:
    """A field set back to `old` (from `new`), in words: `status: Implemented → back to In progress`;
    a redo: `status again: In progress → Implemented`."""
    now_, back = around(shown(kind, new), shown(kind, old))
    return f"{kind} again: {now_} → {back}" if redo else f"{kind}: {now_} → back to {back}"


def _evidence_line(e: dict, *, redo: bool) -> str:
    """An `evidence` history entry reverted, in words (`redo`: the undo entry a redo reverts)."""
    old, new = e.get("old"), e.get("new")
    if isinstance(new, str) and old is None:  # added (by the change, or put back by its undo)
        if redo:
            return f"remove evidence {new} again (kept in the history)"
        return f"take off evidence {new} ({clip(e.get('note'))}; kept in the history)"
    if isinstance(old, dict) and new is None:  # taken off (removed, or an addition undone)
        if redo:
            return f"add evidence {clip(old.get('id'))} again ({clip(old.get('summary'))})"
        return f"put back evidence {clip(old.get('id'))}"
    eid = clip(new.get("id") if isinstance(new, dict) else new)
    changed = evidence_change(new, old) if isinstance(new, dict) else ""
    if redo:
        return f"edit evidence {eid} again" + (f" ({changed})" if changed else "")
    return f"put back the earlier version of evidence {eid}" + (f" ({changed})" if changed else "")


def describe(change: Change, *, redo: bool = False) -> list[str]:
    """What reverting `change` would do, one line per entry, as it would be done
    (`redo`: `change` is an undo, and reverting it does the undone change again)."""
    lines = [f"{change.title()}:"]
    for rec_id, before in change.whole.items():
        if redo:
            lines.append(f"  {rec_id}: " + ("put back the record as the change left it" if before is not None
                                             else "remove it again (kept with its history)"))
            continue
        lines.append(f"  {rec_id}: " + ("remove it (it came whole with this change; kept with its history)"
                                         if before is None else "put back the record as it was before this change"))
    for rec_id, e in reversed(change.entries):
        kind, old, new = e.get("field"), e.get("old"), e.get("new")
        if kind == "created":
            if redo:
                what = "bring it back (the undo removed it)" if old is not None else "remove it again"
            else:
                what = ("remove it (created by this change; kept with its history in the tracker)"
                        if old is None else "restore it (it was removed by an undo)")
        elif kind == "evidence":
            what = _evidence_line(e, redo=redo)
        elif kind == "record" and isinstance(old, dict) and new is None:  # a record put back whole
            what = "put back the record as the change left it" if redo else \
                "put back the record as it was before this change"
        elif kind == "note":
            what = "put the withdrawn note back" if redo else \
                f"withdraw the note \"{clip(e.get('note'))}\" (it stays in the history)"
        elif kind == "archived":
            what = "bring it back from the archive" if old is None else "archive it again"
        else:
            what = _field_line(str(kind), new, old, redo=redo)
        lines.append(f"  {rec_id}: {what}")
    for brief_id in change.new_briefs:
        lines.append(f"  brief {brief_id}: remove it (it came with this change; kept with its history)")
    for brief_id, e in reversed(change.brief_entries):
        kind, old, new = e.get("field"), e.get("old"), e.get("new")
        if kind == "removed":
            what = "put it back (removed by this change)" if old is None else "remove it again"
        elif kind == "created":
            what = ("remove it (added by this change; kept with its history)" if old is None
                    else "bring it back (the undo removed it)")
        else:
            what = _field_line(str(kind), new, old, redo=redo)
        lines.append(f"  brief {brief_id}: {what}")
    return lines


def undo(store: Store, n: int, *, by: str, expected: list[int] | None = None, redo: bool = False) -> list[Change]:
    """Revert the last `n` changes in `store` (opened with `Store.change`);
    `redo`: revert the last `n` undos instead.

    `expected`: the change ids a preview showed; if the store has moved on
    since, nothing is done.
    """
    todo = last(store, n, redo=redo)
    if expected is not None and [c.id for c in todo] != expected:
        raise RecsError(f"the tracker changed since the preview (another command wrote to it); nothing was "
                        f"{'redone' if redo else 'undone'}. Run `recs {'redo' if redo else 'undo'}` again to see "
                        "the new last changes")
    at = dates.now()
    for change in todo:
        note = f"{'redo' if redo else 'undo'} of {command_of(change.what)} ({change.by}, {change.at})"
        for rec_id, before in change.whole.items():
            _revert_whole(store, rec_id, before, at=at, by=by, note=note, undoes=change.id)
        for rec_id in reversed(change.records()):
            entries = [e for r, e in change.entries if r == rec_id]
            if entries:
                _revert(store, rec_id, entries, at=at, by=by, note=note, undoes=change.id)
        for brief_id in reversed(change.briefs()):
            entries = [e for b, e in change.brief_entries if b == brief_id]
            if brief_id in change.new_briefs:  # as if the import had written a `created` entry
                entries = [history_entry(change.at, change.by, "created", None, brief_id, None), *entries]
            _revert_brief(store, brief_id, entries, at=at, by=by, note=note, undoes=change.id)
    store.log_extra = {"redoes" if redo else "undoes": [c.id for c in todo], "what": [command_of(c.what) for c in todo]}
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
    # put back by an undo or a redo, or added without a summary note
    by_undo = entry.get("undoes") is not None or str(entry.get("note") or "").startswith("undo of ")
    return [ev for ev in evidence if ev.get("id") == entry.get("new")] if entry.get("note") is None or by_undo else []


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


def _revert_whole(store: Store, rec_id: str, before: str | None, *, at: str, by: str, note: str, undoes: int) -> None:
    """Undo a record written whole: one that arrived with this change is removed
    (kept with its history); one it replaced is put back, the replaced version
    kept in the undo's history entry."""
    if not store.exists(rec_id):
        raise _conflict(rec_id, "is not there")
    current = store.get(rec_id)
    if before is None:
        rec = dict(current, history=[*current["history"], _entry(undoes, at, by, "created", rec_id, None, note)],
                   updated=at)
        store.remove(rec)
        return
    rec = dict(store.before(before))
    rec["history"] = [*rec["history"], _entry(undoes, at, by, "record", current, None, note)]
    rec["updated"] = at
    store.put(rec)


def _conflict(rec_id: str, what: str) -> RecsError:
    return RecsError(f"cannot undo: {rec_id} {what}, not as that change left it (was the file edited "
                     "by hand or merged?); nothing was changed")


def _revert(store: Store, rec_id: str, entries: list[dict], *, at: str, by: str, note: str, undoes: int) -> None:  # noqa: C901
    removed = not store.exists(rec_id) and store.was_removed(rec_id)
    rec = dict(store.get(rec_id, removed=True))
    was_removed = removed
    written = []
    for e in reversed(entries):
        kind, old, new = e.get("field"), e.get("old"), e.get("new")
        if kind == "created":
            if old is None and new == rec_id and not removed:
                removed = True
                written.append(_entry(undoes, at, by, "created", rec_id, None, note))
            elif new is None and old == rec_id and removed:
                if store.exists(rec_id):
                    raise _conflict(rec_id, "exists again")
                removed = False
                written.append(_entry(undoes, at, by, "created", None, rec_id, note))
            else:
                raise _conflict(rec_id, "is " + ("removed" if removed else "present"))
        elif kind == "evidence":
            evidence = list(rec["evidence"])
            if old is None and isinstance(new, str):
                match = _added_by(evidence, e)
                if not match:
                    raise _conflict(rec_id, f"has no evidence {new}")
                evidence.remove(match[0])
                written.append(_entry(undoes, at, by, "evidence", match[0], None, note))
            elif isinstance(old, dict) and new is None:
                if any(ev.get("id") == old.get("id") for ev in evidence):
                    raise _conflict(rec_id, f"already has evidence {old.get('id')}")
                # back in its place: evidence is kept in the order it was added
                place = (str(old.get("added", "")), natural_key(str(old.get("id", ""))))
                later = [i for i, ev in enumerate(evidence)
                         if (str(ev.get("added", "")), natural_key(str(ev.get("id", "")))) > place]
                evidence.insert(later[0] if later else len(evidence), old)
                written.append(_entry(undoes, at, by, "evidence", None, old.get("id"), note))
            elif isinstance(old, dict) and isinstance(new, (str, dict)):  # replaced (edited, or by an import)
                eid = new.get("id") if isinstance(new, dict) else new
                match = [ev for ev in evidence if ev.get("id") == eid]
                if not match:
                    raise _conflict(rec_id, f"has no evidence {eid}")
                evidence[evidence.index(match[0])] = old
                written.append(_entry(undoes, at, by, "evidence", match[0], old, note))
            else:
                raise RecsError(f"cannot undo: {rec_id} has an evidence entry recs does not know how to revert")
            rec["evidence"] = evidence
        elif kind == "note":
            written.append(_entry(undoes, at, by, "note", None, None, f"{note}: withdraws the note {e.get('note')!r}"))
        elif kind == "record" and isinstance(old, dict) and new is None:  # redo of a record put back whole
            current = {k: v for k, v in rec.items() if k not in ("history", "updated")}
            rec = dict(old, history=list(old.get("history") or []))
            written.append(_entry(undoes, at, by, "record", current, None, note))
        elif isinstance(kind, str) and kind not in _NOT_FIELDS and (kind in rec or kind in _ABSENT_WHEN_NONE):
            written.append(_revert_field(rec, rec_id, e, at=at, by=by, note=note, undoes=undoes))
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


def _revert_field(doc: dict, name: str, e: dict, *, at: str, by: str, note: str, undoes: int) -> dict:
    """Set the field of history entry `e` back in `doc`; returns the entry saying so."""
    kind, new = e["field"], e.get("new")
    if doc.get(kind) != new:
        raise _conflict(name, f"has {kind} {clip(shown(kind, doc.get(kind)))!r}")
    back = _value_before(doc.get("history") or [], e)
    if back is None and kind in _ABSENT_WHEN_NONE:
        doc.pop(kind, None)
    else:
        doc[kind] = back
    return _entry(undoes, at, by, kind, new, back, note)


def _revert_brief(store: Store, brief_id: str, entries: list[dict], *, at: str, by: str, note: str, undoes: int) -> None:
    """Set back the fields a change set on a brief (`recs brief update|remove`)."""
    brief = dict(store.brief(brief_id, removed=True))
    written = []
    for e in reversed(entries):
        if e.get("field") not in _BRIEF_FIELDS:
            raise RecsError(f"cannot undo: brief {brief_id} has a {e.get('field')!r} history entry recs does not "
                            "know how to revert; nothing was changed")
        if e.get("field") == "created":
            written.append(_revert_brief_created(store, brief, e, at=at, by=by, note=note, undoes=undoes))
            continue
        written.append(_revert_field(brief, f"brief {brief_id}", e, at=at, by=by, note=note, undoes=undoes))
    brief["history"] = list(brief.get("history") or []) + written
    store.put_brief(brief, changed=True)


def _revert_brief_created(store: Store, brief: dict, e: dict, *, at: str, by: str, note: str, undoes: int) -> dict:
    """Take off a brief a change created (marked `removed`, as `recs brief remove`
    does, once no recommendation comes from it), or bring back one an undo took off."""
    from recs.tracker.briefs import pointing

    name = f"brief {brief['id']}"
    if e.get("old") is None:
        if brief.get("removed"):
            raise _conflict(name, "is removed")
        listed, archived = pointing(store, brief["id"])
        if listed or archived:
            come = "comes" if listed + archived == 1 else "come"
            raise RecsError(f"cannot undo: {plural(listed + archived, 'recommendation')} now {come} from brief "
                            f"{brief['id']} (`recs list --brief {brief['id']}`); give them another brief first "
                            f"(`recs list --brief {brief['id']} --format ids | recs update - --brief OTHER`); "
                            "nothing was changed")
        brief["removed"] = at
        return _entry(undoes, at, by, "created", brief["id"], None, note)
    if not brief.get("removed"):
        raise _conflict(name, "is there")
    brief.pop("removed")
    return _entry(undoes, at, by, "created", None, brief["id"], note)


def _entry(undoes: int, at: str, by: str, field: str, old, new, note: str) -> dict:
    """A history entry written by an undo or a redo; `undoes`: the change it reverts
    (`recs.tracker.timeline` leaves both out of what took effect)."""
    return dict(history_entry(at, by, field, old, new, note), undoes=undoes)
