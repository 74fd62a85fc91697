"""What staff do to recommendations: add, update, attach evidence.

Every change appends history entries (`at`, `by`, `field`, `old`, `new`,
`note`); nothing is rewritten without one. Functions take an open, locked
`Store` (see `Store.change`) and return what they did.
"""

from collections.abc import Iterable, Sequence

from recs.core import dates, fields, statuses
from recs.tracker import timeline
from recs.tracker.actors import Names
from recs.core.errors import RecsError, UsageError
from recs.store import Store

#: Fields `update` may change, in the order their history entries are written.
UPDATABLE = ("title", "text", "quote", "brief", "actors", "status", "due", "tags", "owners")

#: Fields that hold names: `update` replaces them, or adds (`+NAME`) and removes (`-NAME`) one.
NAMED = {"actors": "actor", "tags": "tag", "owners": "owner"}


#: Fields whose changes may take effect on another day than they are recorded (`on`).
DATED = ("status", "actor_status")


def history_entry(at: str, by: str, field: str, old, new, note: str | None, on: str | None = None) -> dict:
    """One history entry; `on`, when given, is the day it took effect in the world
    (`recs.tracker.timeline`: without it, the day it was recorded)."""
    entry = {"at": at, "by": by, "field": field, "old": old, "new": new, "note": note}
    if on is not None:
        entry["on"] = on
    return entry


def field_entries(record: dict, new: dict, names: Iterable[str], *, at: str, by: str, note: str | None,
                  on: str | None = None) -> list[dict]:
    """The history of changing `record` to the values of `new`: one entry for each
    field of `names` whose value differs; `on` dates the changes of `DATED` fields.
    The one place field changes become history (updates, imports, mapped imports)."""
    return [history_entry(at, by, f, record.get(f), new.get(f), note, on if f in DATED else None)
            for f in names if new.get(f) != record.get(f)]


def effective_date(value: str | None, what: str = "effective date", thing: str = "a change") -> str | None:
    """A date a change took effect (YYYY-MM-DD, or YYYY-MM, YYYY): not in the future
    (a month or year that holds today is allowed: it counts up to today)."""
    if value is None:
        return None
    on = dates.parse_date(value, what)
    today = dates.today()
    if on[:10] > today or (len(on) < 10 and on > today[:len(on)]):
        raise RecsError(f"{what} {value!r} is in the future (today is {today}); "
                        f"record {thing} once it has happened")
    return on


def _check_order(record: dict, field: str, on: str | None) -> None:
    """A dated change takes effect no earlier than the last one of its kind (so the
    history replays to what the record holds) and not before the recommendation existed."""
    if on is None:
        return
    when = dates.effective(on, dates.now())
    born = timeline.born(record)
    if when < born:
        raise RecsError(f"{record['id']} exists from {born}; a change cannot take effect on {on}, before that")
    fields_ = ("status",) if field == "status" else ("actor_status",)
    latest = timeline.latest(record, fields_)
    if latest and when < latest:
        what = "status" if field == "status" else "actors' statuses"
        raise RecsError(f"{record['id']}'s {what} last changed with effect from {latest}; a change cannot take "
                        f"effect on {on}, before that (record changes in the order they happened)")


def pick_brief(store: Store, brief: str | None) -> str | None:
    """The brief a new recommendation belongs to: given, or the only one."""
    if brief is not None:
        return store.brief(brief)["id"]
    known = store.briefs()
    if len(known) == 1:
        return known[0]["id"]
    if not known:
        return None
    ids = ", ".join(b["id"] for b in known)
    raise UsageError(f"this tracker has several briefs; name one with --brief ({ids})")


def add_recommendation(
    store: Store,
    *,
    title: str,
    actors: list[str],
    by: str,
    brief: str | None = None,
    text: str = "",
    quote: str = "",
    due: str | None = None,
    tags: Sequence[str] = (),
    rec_id: str | None = None,
    status: str = statuses.INITIAL,
    note: str | None = None,
    on: str | None = None,
    owners: Sequence[str] = (),
) -> dict:
    """Create a recommendation; returns the stored record. It exists from `on`,
    else from its brief's publication date, else from now. Actors typed as an
    alias are stored as the name it stands for (`recs.tracker.actors`)."""
    record_title = fields.title(title)
    record_actors = fields.names(Names.of(store.meta()).resolve_all(actors), "actor")
    record_owners = fields.names(list(owners), "owner")
    if not record_actors:
        raise UsageError("a recommendation needs at least one --actor (the first is the lead)")
    if rec_id is not None:
        rec_id = fields.rec_id(rec_id)
        if store.exists(rec_id):
            raise RecsError(f"id {rec_id!r} is already taken")
        twin = store.folded_ids().get(rec_id.casefold(), rec_id)
        if twin != rec_id:  # ids are typed in any case (`r4` finds R4): one per spelling
            raise RecsError(f"id {rec_id!r} differs from {twin!r}, which exists, only in case; choose another")
        if store.was_removed(rec_id):
            raise RecsError(f"id {rec_id!r} belonged to a recommendation removed by `recs undo`; "
                            "ids are never reused, choose another")
        store.note_id(rec_id)
    else:
        rec_id = store.next_id()
    if note is not None:
        note = fields.limit(note, fields.TEXT_MAX, "note")
    at = dates.now()
    brief_id = pick_brief(store, brief)
    on = effective_date(on, "date it exists from")
    if on is None and brief_id is not None:
        on = store.brief(brief_id).get("published")
    record: dict = {
        "id": rec_id,
        "brief": brief_id,
        "title": record_title,
        "text": fields.limit(text, fields.TEXT_MAX, "text"),
        "quote": fields.limit(quote, fields.TEXT_MAX, "quote"),
        "actors": record_actors,
        "status": statuses.check(status),
        "due": dates.parse_date(due, "due date") if due else None,
        "tags": fields.names(list(tags), "tag"),
        "fields": {},
        "evidence": [],
        "history": [history_entry(at, by, "created", None, rec_id, note, on)],
        "created": at,
        "updated": at,
    }
    if record_owners:  # (absent: none, as in records made before owners existed)
        record["owners"] = record_owners
    store.put(record)
    return record


def clean_changes(store: Store, changes: dict) -> dict:
    """Validate the values `update` was given (None means: not given)."""
    clean = {}
    for field, value in changes.items():
        if value is None:
            continue
        if field not in UPDATABLE:
            raise RecsError(f"cannot update field {field!r}")
        if field == "title":
            value = fields.title(value)
        elif field in ("text", "quote"):
            value = fields.limit(value, fields.TEXT_MAX, field)
        elif field == "status":
            value = statuses.check(value)
        elif field == "actors":
            value = fields.names(value, "actor")
            if not value:
                raise RecsError("a recommendation needs at least one actor")
        elif field in ("tags", "owners"):
            value = fields.names(value, NAMED[field])
        elif field == "due":
            value = None if value.strip().lower() in ("", "none") else dates.parse_date(value, "due date")
        elif field == "brief":
            value = store.brief(value)["id"]
        clean[field] = value
    return clean


def edited_names(record: dict, field: str, given: list[str], names: Names) -> list[str]:
    """The names `field` holds after an update: `given` replaces them, or, when
    every name starts with `+` or `-`, each is added to or removed from them
    (as Taskwarrior's `+tag`). Actors typed as an alias become its name."""
    what = NAMED[field]
    signed = [g.strip()[:1] in ("+", "-") for g in given]
    if any(signed) and not all(signed):
        raise UsageError(f"give {what} names to replace the {field}, or +NAME and -NAME to add or remove "
                         f"one, not both in one update")
    resolve = names.resolve if field == "actors" else str
    if not all(signed):
        return [resolve(g) for g in given]
    current = list(record.get(field) or [])
    key = names.key if field == "actors" else fields.name_key
    for g in given:
        name = g.strip()[1:].strip()
        if not name:
            raise UsageError(f"{g.strip()!r}: give the {what} to add or remove after the sign, e.g. +NAME")
        if g.strip()[0] == "+":
            current.append(resolve(name))
        else:
            current = [c for c in current if key(c) != key(name)]
    return current


def absent_removals(record: dict, changes: dict, names: Names) -> list[str]:
    """Why an update changed nothing, when it did because of a `-NAME` the record
    does not hold: e.g. `"Nobody" is not one of its actors`."""
    out = []
    for field, what in NAMED.items():
        given = [g.strip() for g in changes.get(field) or ()]
        if not given or not all(g[:1] in ("+", "-") for g in given):
            continue
        key = names.key if field == "actors" else fields.name_key
        held = {key(c) for c in record.get(field) or ()}
        out += [f"{g[1:].strip()!r} is not one of its {field}" for g in given
                if g[:1] == "-" and key(g[1:].strip()) not in held]
    return out


def update_recommendation(store: Store, rec_id: str, changes: dict, *, by: str, note: str | None = None,
                          on: str | None = None) -> list[dict]:
    """Apply changes; returns the history entries written (empty: nothing changed).

    `on`: the day a status change took effect (default: now); other fields
    change when recorded. A note with no field change (none given, or the
    values given are the current ones) is recorded as a `note` entry, never dropped.
    """
    record = dict(store.get(rec_id))
    changes = dict(changes)
    for field in NAMED:
        if changes.get(field) is not None:
            changes[field] = edited_names(record, field, changes[field], Names.of(store.meta()))
    clean = clean_changes(store, changes)
    if clean.get("owners") == (record.get("owners") or []):
        del clean["owners"]  # none and an empty list are both no owners
    if note is not None:
        note = fields.limit(note, fields.TEXT_MAX, "note")
    on = effective_date(on)
    at = dates.now()
    entries = field_entries(record, clean, [f for f in UPDATABLE if f in clean], at=at, by=by, note=note, on=on)
    if any(e["field"] == "status" for e in entries):
        _check_order(record, "status", on)
    if not entries and note:  # nothing changed, but the note is kept
        entries = [history_entry(at, by, "note", None, None, note)]
    if not entries:
        return []
    for entry in entries:
        if entry["field"] != "note":
            record[entry["field"]] = entry["new"]
    record["history"] = record["history"] + entries
    record["updated"] = at
    store.put(record)
    return entries


def add_evidence(
    store: Store,
    rec_id: str,
    *,
    summary: str,
    by: str,
    url: str | None = None,
    source: str | None = None,
    date: str | None = None,
    status: str | None = None,
    on: str | None = None,
    note: str | None = None,
) -> dict:
    """Attach an evidence entry (and its history entry); returns the entry.

    With `status`, also changes the status, with effect from `on`, else from
    the evidence's date; `note` goes with that change."""
    if status is not None:
        status = statuses.check(status)
    if on is not None:
        on = effective_date(on)
    # evidence takes effect on its date: one dated ahead would change the record in the future
    # (and let a later change be recorded before it), as `update --on` in the future would
    day = effective_date(date, "evidence date", "evidence") if date else None
    record = dict(store.get(rec_id))
    summary = summary.strip()
    if not summary:
        raise RecsError("evidence --summary must not be empty")
    fields.limit(summary, fields.TEXT_MAX, "summary")
    if url is not None and not url.strip():
        url = None
    if source is not None:
        source = fields.limit(source.strip(), fields.TEXT_MAX, "source") or None
    if not url and not source:
        raise UsageError("evidence needs --url or --source (or both), so others can check it")
    at = dates.now()
    # ids of evidence removed by `recs undo` stay taken, so history is unambiguous
    used = {e["id"] for e in record["evidence"]} | {
        h["new"] for h in record["history"] if h.get("field") == "evidence" and isinstance(h.get("new"), str)}
    number = len(record["evidence"]) + 1
    while f"E{number}" in used:
        number += 1
    entry = {
        "id": f"E{number}",
        "date": day or at[:10],
        "summary": summary,
        "url": fields.url(url) if url else None,
        "source": source,
        "added": at,
        "by": by,
    }
    record["evidence"] = record["evidence"] + [entry]
    record["history"] = record["history"] + [history_entry(at, by, "evidence", None, entry["id"], summary)]
    record["updated"] = at
    if status is not None and status != record["status"]:
        when = on or entry["date"]  # (evidence dated later takes effect when recorded: `dates.effective`)
        _check_order(record, "status", when)
        if note is not None:
            note = fields.limit(note, fields.TEXT_MAX, "note")
        record["history"].append(history_entry(at, by, "status", record["status"], status, note, when))
        record["status"] = status
    store.put(record)
    return entry


def set_actor_status(store: Store, rec_id: str, actor: str, status: str, *, by: str,
                     note: str | None = None, on: str | None = None) -> dict | None:
    """Record one actor's own status on a recommendation addressed to several
    (`none` clears it); the recommendation's own status is left as it is.
    Returns the history entry, or None when nothing changed."""
    record = dict(store.get(rec_id))
    key = Names.of(store.meta()).key
    wanted = key(actor)
    names = [a for a in record["actors"] if key(a) == wanted]
    if not names:
        raise RecsError(f"{record['id']} has no actor {actor!r}; its actors are: {', '.join(record['actors'])}")
    name = names[0]
    value = None if status.strip().lower() in ("none", "") else statuses.check(status)
    if note is not None:
        note = fields.limit(note, fields.TEXT_MAX, "note")
    on = effective_date(on)
    old = dict(record.get("actor_status") or {})
    new = {k: v for k, v in old.items() if k != name}
    if value is not None:
        new[name] = value
    if new == old:
        return None
    _check_order(record, "actor_status", on)
    at = dates.now()
    entry = history_entry(at, by, "actor_status", old, new, note, on)
    record["actor_status"] = new
    record["history"] = record["history"] + [entry]
    record["updated"] = at
    store.put(record)
    return entry


def add_brief(store: Store, *, brief_id: str, title: str, publisher: str, published: str, url: str | None = None,
              by: str) -> dict:
    """Register a brief recommendations can come from; its history starts with a
    `created` entry (as a recommendation's), which `recs undo` reverts."""
    brief_id = fields.rec_id(brief_id)
    if brief_id in store.brief_ids():  # removed ones too: ids are never reused
        raise RecsError(f"brief {brief_id!r} already exists" + (
            "" if store.brief(brief_id, removed=True) in store.briefs() else " (removed; ids are never reused)"))
    publisher = publisher.strip()
    if not publisher:
        raise RecsError("publisher must not be empty")
    brief: dict = {
        "id": brief_id,
        "title": fields.title(title),
        "publisher": fields.limit(publisher, fields.NAME_MAX, "publisher"),
        "published": dates.parse_date(published, "published date"),
        "url": fields.url(url) if url else None,
    }
    brief["history"] = [history_entry(dates.now(), by, "created", None, brief_id, None)]
    store.put_brief(brief, changed=True)
    return brief
