"""Fixing a brief: `recs brief update` and `recs brief remove`.

Each change is a history entry in the brief's own `history` (as a
recommendation's), so `recs undo` reverts it and `recs log` shows it. A
removed brief stays in `briefs/<id>.json`, marked `removed` (when): its id
is never reused, and a colleague's change to it merges in the same file.
A brief is removed only once no recommendation points to it.
"""

from recs.core import dates, fields
from recs.core.errors import RecsError
from recs.core.words import plural
from recs.store import Store
from recs.tracker.operations import history_entry

#: What `recs brief update` may change, in the order their history entries are written.
BRIEF_FIELDS = ("title", "publisher", "published", "url")


def clean(changes: dict) -> dict:
    """The values given (None: not given), checked; an empty url removes it."""
    out: dict = {}
    for name, value in changes.items():
        if value is None:
            continue
        if name == "title":
            out[name] = fields.title(value)
        elif name == "publisher":
            if not value.strip():
                raise RecsError("publisher must not be empty")
            out[name] = fields.limit(value.strip(), fields.NAME_MAX, "publisher")
        elif name == "published":
            out[name] = dates.parse_date(value, "published date")
        elif name == "url":
            out[name] = fields.url(value) if value.strip() else None
        else:
            raise RecsError(f"cannot update a brief's {name!r}")
    return out


def update_brief(store: Store, brief_id: str, changes: dict, *, by: str, note: str | None = None) -> list[dict]:
    """Change a brief's fields; returns the history entries written (empty: nothing changed)."""
    brief = dict(store.brief(brief_id))
    new = clean(changes)
    at = dates.now()
    note = fields.limit(note, fields.TEXT_MAX, "note") if note is not None else None
    entries = [history_entry(at, by, f, brief.get(f), new[f], note)
               for f in BRIEF_FIELDS if f in new and new[f] != brief.get(f)]
    if entries:
        for entry in entries:
            brief[entry["field"]] = entry["new"]
        brief["history"] = list(brief.get("history") or []) + entries
        store.put_brief(brief, changed=True)
    return entries


def pointing(store: Store, brief_id: str) -> tuple[int, int]:
    """How many recommendations point to the brief: (listed, archived)."""
    listed = archived = 0
    for record in store.scan():
        if record.get("brief") == brief_id:
            if record.get("archived"):
                archived += 1
            else:
                listed += 1
    return listed, archived


def remove_brief(store: Store, brief_id: str, *, by: str, note: str | None = None) -> dict:
    """Remove a brief no recommendation points to; returns its history entry."""
    brief = dict(store.brief(brief_id))
    listed, archived = pointing(store, brief["id"])
    if listed or archived:
        b = brief["id"]
        moves = []  # the command lines that give them another brief
        if listed:
            moves.append(f"`recs list --brief {b} --format ids | recs update - --brief OTHER`")
        if archived:
            moves.append(f"`recs list --archived --brief {b} --format ids | recs update - --brief OTHER` "
                         "for the archived ones")
        count = plural(listed + archived, "recommendation") + (" point" if listed + archived > 1 else " points")
        raise RecsError(f"brief {b} cannot be removed: {count} to it; give them another brief first "
                        f"({'; then '.join(moves)}); nothing was changed")
    at = dates.now()
    note = fields.limit(note, fields.TEXT_MAX, "note") if note is not None else None
    entry = history_entry(at, by, "removed", None, at, note)
    brief["removed"] = at
    brief["history"] = list(brief.get("history") or []) + [entry]
    store.put_brief(brief, changed=True)
    return entry
