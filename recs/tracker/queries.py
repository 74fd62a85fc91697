"""Filters for `recs list` and `recs report`: status, actor, brief, tag, owner,
overdue, free text, source fields; and the order (`--sort`) of what they let through."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from recs.core import dates, fields, statuses
from recs.core.errors import RecsError, UsageError
from recs.store import natural_key
from recs.tracker.actors import Names

TYPE_CHECKING = False  # (typing is for the type checker: its import is ~5 ms of a report)
if TYPE_CHECKING:
    from typing import Any


class Filter:
    """What a `list` or a `report` asks for; empty fields match everything. Of
    the values of one option given several times (statuses, actors, briefs,
    owners), any may match; every tag and `--field` must match.

    (A plain class: `dataclasses` would cost a daily command its import, ~5 ms.)"""

    def __init__(self, *, statuses: set[str] | None = None, actors: list[str] | None = None,
                 briefs: list[str] | None = None, tags: list[str] | None = None, owners: list[str] | None = None,
                 overdue: bool = False, search: str | None = None, fields: list[tuple[str, str]] | None = None,
                 today: str = "", names: Names | None = None) -> None:
        self.statuses: set[str] = statuses or set()
        self.actors: list[str] = actors or []
        self.briefs: list[str] = briefs or []
        self.tags: list[str] = tags or []
        self.owners: list[str] = owners or []
        self.overdue = overdue
        self.search = search
        self.fields: list[tuple[str, str]] = fields or []
        self.today = today
        self.names: Names = names or Names()

    def matcher(self):
        """A predicate over raw records, built once for the whole list."""
        checks = []
        if self.statuses:
            wanted = self.statuses
            checks.append(lambda r: r["status"] in wanted)
        if self.briefs:
            briefs = {b.strip().lower() for b in self.briefs}
            checks.append(lambda r: (r.get("brief") or "").lower() in briefs)
        if self.actors:
            # a word of a name onwards: `union` finds "European Union" (`select`
            # keeps only the exact names when some actor has exactly this name)
            key = self.names.key
            patterns = [re.compile(r"(?<!\w)" + re.escape(key(a)), re.IGNORECASE) for a in self.actors]
            checks.append(lambda r: any(p.search(key(a)) for a in r["actors"] for p in patterns))
        if self.owners:
            owners = {fields.name_key(o) for o in self.owners}
            checks.append(lambda r: any(fields.name_key(o) in owners for o in r.get("owners") or ()))
        for tag in self.tags:
            t = fields.name_key(tag)
            checks.append(lambda r, t=t: any(fields.name_key(x) == t for x in r.get("tags") or ()))
        if self.overdue:
            today = self.today or dates.today()
            checks.append(lambda r: is_overdue(r, today))
        if self.search:
            needle = self.search.casefold()
            checks.append(lambda r: needle in searchable(r))
        by_name: dict[str, list] = {}  # one source field given twice matches either value
        for name, value in self.fields:
            by_name.setdefault(name.casefold(), []).append(field_matcher(name, value))
        for either in by_name.values():
            checks.append(either[0] if len(either) == 1 else (lambda r, either=either: any(m(r) for m in either)))
        if not checks:
            return everything
        if len(checks) == 1:
            return checks[0]
        return lambda r: all(check(r) for check in checks)

    def described(self, spelled: dict[str, str] | None = None) -> list[tuple[str, str]]:
        """What the filter narrows to, in words (a report's header): (what, values).
        `spelled`: the tracker's spelling of actors, by `names.key` (as the records name
        them: "Armenia" for `--actor armenia`); a name given by a word's start stays as typed."""
        out = []
        actors = [(spelled or {}).get(self.names.key(a), self.names.resolve(a)) for a in self.actors]
        for what, values in (("Brief", self.briefs), ("Actor", actors),
                             ("Owner", self.owners), ("Tag", self.tags)):
            if values:
                out.append((what, _listed([" ".join(v.split()) for v in values], "and" if what == "Tag" else "or")))
        if self.statuses:
            out.append(("Status", _listed([statuses.label(s) for s in statuses.STATUSES if s in self.statuses], "or")))
        if self.overdue:
            out.append(("Overdue", "yes"))
        if self.search:
            out.append(("Search", self.search))
        for name, value in self.fields:
            out.append((name, value))
        return out


def everything(record: dict) -> bool:
    """The matcher of a filter that asks for nothing."""
    return True


def _listed(values: list[str], word: str) -> str:
    """`A`, `A or B`, `A, B or C`."""
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} {word} {values[-1]}"


def parse_field(text: str) -> tuple[str, str]:
    """`NAME=VALUE` of `--field`; RecsError (usage) when malformed."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise UsageError(f"invalid --field {text!r}; use NAME=VALUE, e.g. --field From=Canada")
    return name.strip(), value.strip()


def field_matcher(name: str, value: str):
    """Records whose source field `name` (any case) is `value`, or lists it.

    Fields merged from several rows hold `A; B`: `--field From=B` matches.
    """
    key = name.casefold()
    want = value.casefold()

    def match(r: dict) -> bool:
        for k, v in (r.get("fields") or {}).items():
            if k.casefold() == key:
                v = v.casefold()
                return v == want or want in (p.strip() for p in v.split(";"))
        return False

    return match


class FieldNames:
    """The `--field` names asked for, checked against the records as they go by,
    so that a name no record has (a typo would list nothing) is refused."""

    def __init__(self, names: list[str]):
        self.missing = {n.casefold(): n for n in names}
        self.known: set[str] = set()

    def see(self, record: dict) -> None:
        names = record.get("fields") or ()
        self.known.update(names)
        if self.missing:
            for k in names:
                self.missing.pop(k.casefold(), None)

    def check(self) -> None:
        if not self.missing:
            return
        name = next(iter(self.missing.values()))
        known = sorted(self.known)
        hint = f"fields in this tracker: {', '.join(known[:30])}" if known else "no record in this tracker has source fields"
        raise RecsError(f"unknown field {name!r} for --field; {hint}")


def is_overdue(record: dict, today: str) -> bool:
    """Past its due date (the last day a `YYYY-MM` covers) and still open (for one of
    its actors at least: `recs.tracker.deadlines`)."""
    due = dates.due_day(record.get("due"))
    if due is None or due >= today:
        return False
    if statuses.is_open(record["status"]) and not record.get("actor_status"):
        return True
    from recs.tracker.deadlines import open_actors

    return bool(open_actors(record))


def searchable(record: dict) -> str:
    """The text `--search` looks in, case-folded."""
    parts = [record["id"], record["title"], record.get("text") or "", record.get("quote") or ""]
    parts += record["actors"] + list(record.get("tags") or ())
    for ev in record.get("evidence") or ():
        parts += [ev.get("summary") or "", ev.get("source") or "", ev.get("url") or ""]
    return "\n".join(parts).casefold()


def narrowed(scan, flt: Filter):
    """The records of `scan()` (each call a fresh stream, in order) that match
    `flt`, as a stream: read twice when the filter names actors (whether a name
    is whole or a word's start depends on every record), else once."""
    if not flt.actors and not flt.fields:
        match = flt.matcher()
        return scan() if match is everything else (r for r in scan() if match(r))
    ids = set(select(scan(), flt, keep=lambda r: r["id"]))
    return (r for r in scan() if r["id"] in ids)


def select(records, flt: Filter, keep=None) -> list:
    """The records that match the filter, order kept, each as `keep(record)`
    (the record itself by default). `records` is gone through once, so it may
    be a stream.

    `--actor NAME` is a whole name when some matching record has an actor of
    exactly that name (any case or spacing, or an alias of it): `Niger` is not
    also Nigeria, nor `Guinea` Guinea-Bissau; otherwise it matches names with a
    word starting so. Each `--actor` given is judged so on its own.
    """
    match = flt.matcher()
    names = FieldNames([name for name, _ in flt.fields]) if flt.fields else None
    key = flt.names.key
    wanted = [key(a) for a in flt.actors]
    patterns = [re.compile(r"(?<!\w)" + re.escape(w), re.IGNORECASE) for w in wanted]
    out, hits = [], []
    for r in records:
        if names:
            names.see(r)
        if match(r):
            out.append(keep(r) if keep else r)
            if wanted:
                have = [key(a) for a in r["actors"]]
                hits.append(({i for i, w in enumerate(wanted) if w in have},
                             {i for i, p in enumerate(patterns) if any(p.search(h) for h in have)}))
    if names:
        names.check()
    exact = set().union(*(whole for whole, _ in hits))
    if exact:  # a name some record has exactly matches only so; the others, by a word
        out = [item for item, (whole, part) in zip(out, hits)
               if whole & exact or any(i not in exact for i in part)]
    return out


# -- order and size of a list ---------------------------------------------

STATUS_RANK = {s: i for i, s in enumerate(statuses.STATUSES)}  # open to closed, as the taxonomy goes

#: What a list can be sorted by, each as the value it compares (None: not set).
SORT_FIELDS = {
    "id": lambda r: natural_key(r["id"]),
    "status": lambda r: STATUS_RANK.get(r["status"], len(STATUS_RANK)),
    "due": lambda r: dates.due_day(r.get("due")),
    "updated": lambda r: r.get("updated") or None,
    "title": lambda r: r["title"].casefold(),
    "actor": lambda r: r["actors"][0].casefold() if r.get("actors") else None,
}


def parse_sort(text: str) -> list[tuple[str, bool]]:
    """`--sort due,-updated` as [(field, descending)]; UsageError naming the fields."""
    keys = []
    for part in text.split(","):
        name = part.strip()
        descending = name.startswith("-")
        name = name.lstrip("+-").strip().lower()
        if name not in SORT_FIELDS:
            raise UsageError(f"cannot sort by {part.strip()!r}; sort by: {', '.join(SORT_FIELDS)} "
                             "(-FIELD for descending, several as due,-updated)")
        keys.append((name, descending))
    return keys


def sort_values(keys: list[tuple[str, bool]]):
    """What of a record `ordered` needs to sort it, as a function of the record."""
    getters = [SORT_FIELDS[name] for name, _ in keys]
    return lambda r: tuple(get(r) for get in getters)


def ordered(pairs: list[tuple[tuple, Any]], keys: list[tuple[str, bool]]) -> list:
    """The items of (`sort_values(keys)(record)`, item) pairs in the order `keys`
    asks for; records without a value (no due date, no actor) come last either way,
    and ties keep the order they came in."""
    for k in reversed(range(len(keys))):
        descending = keys[k][1]
        if descending:
            pairs.sort(key=lambda p: (p[0][k] is not None, p[0][k] if p[0][k] is not None else 0), reverse=True)
        else:
            pairs.sort(key=lambda p: (p[0][k] is None, p[0][k] if p[0][k] is not None else 0))
    return [item for _, item in pairs]


def streamed(records: Iterable[dict], flt: Filter, keep=None) -> Iterator | None:
    """The matching records (each as `keep(record)`) one at a time as they are read,
    when the filter can tell at once (None when it needs every record first: an
    `--actor` name is resolved, and `--field` names checked, over all of them)."""
    if flt.actors or flt.fields:
        return None
    match = flt.matcher()
    return (keep(r) if keep else r for r in records if match(r))
