"""Three-way merge of one recommendation record: the core of a git merge driver.

Pure: dicts (or file bytes) in, dicts (or canonical bytes) out; no files, no
CLI. The result is the same whichever side is "ours". Rules:

- history: every entry of both sides, an entry identified by its whole
  content (the same entry on both sides is kept once), sorted by `at`, then
  `change` (stable; ties between the sides in a fixed order);
- evidence, by id: an entry added or replaced on one side is taken; one
  removed on one side (`recs undo`) and untouched on the other is removed;
  two entries added under one id (both added E3) are both kept, the later
  added renumbered to the next free E<n>, with a history entry saying so;
  replaced differently on both sides: the later added is kept, the other
  goes into a history entry (`old`), as an import's replacement does;
- every other key, known or not (a future `owners`), is a value (lists
  whole): a side's change wins over an unchanged side; two different changes:
  the later wins (see `_ours_later`) and a history entry keeps the other; a
  key missing on a side counts as unchanged there, so no key is dropped
  (but `archived`, which `recs restore` drops);
- `updated`: the later; `created` must agree unless both sides added the
  record (base None), when two different records are both returned.

The merge's own history entries are by `recs merge`, at the later `updated`,
with one change id: one above the highest of both sides.
"""

import json
import re
from collections import Counter
from dataclasses import dataclass, field

from recs.store import jsonread

orjson = jsonread.orjson()  # (Ctrl-C held while it starts: `recs.store.jsonread.orjson`)

#: The canonical file format of the tracker (as `recs.storage.dumps`).
OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2
BY = "recs merge"
_MISSING = object()  # a key a record does not have
_OWN_RULES = {"id", "evidence", "history", "created", "updated"}
#: Keys recs drops when they are cleared (`recs restore` drops `archived`): missing is a value there
_DROPPED_WHEN_CLEARED = {"archived"}
_MARKER = re.compile(rb"^(?:<{7}|>{7}|\|{7})(?:[ \r\n]|$)|^={7}\r?$", re.MULTILINE)


class MergeConflict(Exception):
    """The records cannot be merged automatically; the message says why."""


@dataclass
class Merged:
    """A merge's result: `record`, or (a record added under one id on both
    sides) `records` = [kept, to renumber]; `notes` say what was decided."""

    record: dict | None = None
    records: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def canonical(record: dict) -> bytes:
    """A record as the tracker writes it: sorted keys, 2-space indent, newline."""
    return orjson.dumps(record, option=OPTIONS) + b"\n"


def merge_bytes(base: bytes, ours: bytes, theirs: bytes) -> bytes | list[bytes]:
    """`merge_record` on file contents (empty `base`: added on both sides);
    canonical bytes, or a list [kept, to renumber]. Raises MergeConflict."""
    old = _parse(base, "the common ancestor") if base.strip() else None
    result = merge_record(old, _parse(ours, "ours"), _parse(theirs, "theirs"))
    if result.record is not None:
        return canonical(result.record)
    return [canonical(r) for r in result.records]


def merge_record(base: dict | None, ours: dict, theirs: dict) -> Merged:
    """Merge two versions of one recommendation with their common ancestor."""
    _valid(ours, "ours")
    _valid(theirs, "theirs")
    if base is not None and not isinstance(base, dict):
        raise MergeConflict("the common ancestor is not a JSON object")
    rid = ours["id"]
    if theirs["id"] != rid:
        raise MergeConflict(f"the two sides are different recommendations ({rid} and {theirs['id']})")
    if base is None and _key(_creation(ours)) != _key(_creation(theirs)):
        kept, other = sorted((ours, theirs), key=lambda r: (r["created"], _key(r)))
        note = (f"{rid} was added on both sides ({kept['created']} and {other['created']}): "
                f"both kept, the later needs a new id")
        return Merged(records=[kept, other], notes=[note])
    if ours["created"] != theirs["created"]:
        raise MergeConflict(f"{rid}: the sides disagree on when it was created "
                            f"({ours['created']} and {theirs['created']})")
    base = base or {}
    notes: list[str] = []
    history = _union(ours["history"], theirs["history"])
    at = max(ours["updated"], theirs["updated"])
    change = max((_when(e)[1] for e in history), default=0) + 1

    def entry(name: str, old, new, note: str) -> dict:
        notes.append(note)
        return {"at": at, "by": BY, "field": name, "old": old, "new": new, "note": note, "change": change}

    merged = {"id": rid, "created": ours["created"], "updated": at}
    added = []
    for key in sorted((set(base) | set(ours) | set(theirs)) - _OWN_RULES):
        b = base.get(key, _MISSING)
        absent = _MISSING if key in _DROPPED_WHEN_CLEARED else b
        o, t = ours.get(key, absent), theirs.get(key, absent)
        if _key(o) == _key(t) or _key(t) == _key(b):
            value = o
        elif _key(o) == _key(b):
            value = t
        else:
            first = _ours_later(key, ours, theirs, o, t)
            value, loser, side = (o, t, ours) if first else (t, o, theirs)
            added.append(entry(key, loser, value,
                               f"merge: both sides changed {key}; kept the later change ({_who(key, side)}), "
                               f"the other side had {_show(loser)}"))
        if value is not _MISSING:
            merged[key] = value
    evidence, renumbered = _evidence(base, ours, theirs, history, entry)
    merged["evidence"] = evidence
    merged["history"] = sorted(history + added + renumbered, key=_when)
    _valid(merged, f"the merged {rid}")
    return Merged(record=merged, notes=notes)


def _evidence(base: dict, ours: dict, theirs: dict, history: list[dict], entry) -> tuple[list, list]:
    """The merged evidence, and the history entries of what the merge decided."""
    b, o, t = _by_id(base, "the common ancestor"), _by_id(ours, "ours"), _by_id(theirs, "theirs")
    kept, clashes, written = [], [], []
    for eid in sorted(b.keys() | o.keys() | t.keys(), key=_number):
        be, oe, te = b.get(eid), o.get(eid), t.get(eid)
        if _key(oe) == _key(te) or _key(te) == _key(be):
            chosen = [oe]
        elif _key(oe) == _key(be):
            chosen = [te]
        elif oe is None or te is None:  # removed on one side, changed on the other: keep it
            chosen = [oe or te]
        else:
            early, late = sorted((oe, te), key=lambda e: (e["added"], _key(e)))
            if be is None:  # both added an E<n>: keep both
                chosen = [early]
                clashes.append(late)
            else:  # replaced on both sides: the later stays, the other in the history
                chosen = [late]
                written.append(entry("evidence", early, eid, f"merge: both sides replaced evidence {eid}; "
                                     f"kept the later ({late['by']}, {late['added']})"))
        kept += [e for e in chosen if e is not None]
    used = set(b) | set(o) | set(t) | {
        h["new"] for h in history if h.get("field") == "evidence" and isinstance(h.get("new"), str)}
    number = 1
    for late in clashes:
        while f"E{number}" in used:
            number += 1
        new = f"E{number}"
        used.add(new)
        kept.append(dict(late, id=new))
        written.append(entry("evidence", late["id"], new, f"renumbered {late['id']} to {new} in a merge "
                             f"(both sides added {late['id']}; this one, by {late['by']}, was added later)"))
    return sorted(kept, key=lambda e: (e["added"], _number(e["id"]))), written


def _union(ours: list[dict], theirs: list[dict]) -> list[dict]:
    """Both histories, each entry once, sorted by (`at`, `change`). Entries
    with the same (`at`, `change`) keep their order within a side; the two
    sides' runs of them come in the order of their content."""
    runs: dict[tuple, tuple[list, list]] = {}
    for side, entries in enumerate((ours, theirs)):
        for e in entries:
            runs.setdefault(_when(e), ([], []))[side].append(e)
    out = []
    for when in sorted(runs):
        first, second = sorted(runs[when], key=lambda run: [_key(e) for e in run])
        have, seen = Counter(_key(e) for e in first), Counter[bytes]()
        out += first
        for e in second:
            seen[k := _key(e)] += 1
            if seen[k] > have[k]:
                out.append(e)
    return out


def _ours_later(key: str, ours: dict, theirs: dict, o, t) -> bool:
    """Whether ours' change of `key` is the later: its last history entry for
    the key (`at`, then `change`), then the record's `updated`, then (a tie)
    the larger canonical JSON of the value."""

    def rank(rec: dict, value) -> tuple:
        return _last(key, rec), rec["updated"], _key(value)

    return rank(ours, o) > rank(theirs, t)


def _last(key: str, rec: dict) -> tuple:
    return max((_when(e) for e in rec["history"] if e.get("field") == key), default=("", -1))


def _who(key: str, rec: dict) -> str:
    entries = [e for e in rec["history"] if e.get("field") == key]
    if not entries:
        return f"a record updated {rec['updated']}"
    last = max(entries, key=_when)
    return f"{last.get('by')}, {last.get('at')}"


def _by_id(rec: dict, name: str) -> dict[str, dict]:
    evidence = rec.get("evidence", [])
    if not isinstance(evidence, list) or not all(isinstance(e, dict) and isinstance(e.get("id"), str)
                                                 for e in evidence):
        raise MergeConflict(f"{name}: evidence is not a list of entries with ids")
    out = {e["id"]: e for e in evidence}
    if len(out) != len(evidence):
        raise MergeConflict(f"{name}: an evidence id is used more than once")
    return out


def _valid(rec, name: str) -> None:
    """Raise MergeConflict unless `rec` is a valid recommendation (keys recs
    does not know are not checked)."""
    from pydantic import ValidationError

    from recs.core.models import Recommendation

    if not isinstance(rec, dict):
        raise MergeConflict(f"{name} is not a recommendation record (not a JSON object)")
    try:
        Recommendation.model_validate({k: v for k, v in rec.items() if k in Recommendation.model_fields})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:3])
        raise MergeConflict(f"{name} is not a valid recommendation: {problems}") from None
    _by_id(rec, name)


def _parse(raw: bytes, name: str) -> dict:
    """A JSON object from a file, refusing conflict markers, duplicated keys,
    NaN and invalid JSON."""
    if _MARKER.search(raw):
        raise MergeConflict(f"{name} has git conflict markers (<<<<<<<); resolve them first")

    def pairs(items: list) -> dict:
        repeated = [k for k, n in Counter(k for k, _ in items).items() if n > 1]
        if repeated:
            raise MergeConflict(f"{name} gives the key {repeated[0]!r} more than once")
        return dict(items)

    def constant(word: str):
        raise MergeConflict(f"{name} has {word}, which is not JSON")

    try:
        data = json.loads(raw, object_pairs_hook=pairs, parse_constant=constant)
    except (ValueError, RecursionError) as exc:
        raise MergeConflict(f"{name} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise MergeConflict(f"{name} is not a recommendation record (not a JSON object)")
    return data


def _key(value) -> bytes:
    """Canonical bytes of a value, for comparing (b"" for a missing one)."""
    if value is _MISSING:
        return b""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError as exc:
        raise MergeConflict(f"a value cannot be written as JSON: {exc}") from None


def _show(value) -> str:
    return "no value" if value is _MISSING else _key(value).decode()


def _creation(rec: dict) -> tuple:
    """What makes a record the one it is: when it was created, and its first
    history entry (with the change id of the command that created it)."""
    first = rec["history"][0] if rec["history"] else None
    return rec["created"], first


def _when(entry: dict) -> tuple[str, int]:
    change = entry.get("change")
    return entry.get("at") or "", change if type(change) is int else -1


def _number(eid: str) -> tuple:
    return (int(eid[1:]), eid) if re.fullmatch(r"E\d+", eid) else (-1, eid)


def base_from_histories(ours: dict, theirs: dict) -> dict:
    """A common ancestor for two copies of a record when git has none to give
    (an import of a colleague's export): each field as it was before the first
    change either side made after their shared history, evidence both hold."""
    shared = 0
    for a, b in zip(ours["history"], theirs["history"]):
        if _key(a) != _key(b):
            break
        shared += 1
    later = sorted(ours["history"][shared:] + theirs["history"][shared:], key=_when)
    base = {"id": ours["id"], "created": ours["created"]}
    for key in (set(ours) | set(theirs)) - _OWN_RULES:
        first = next((e for e in later if e.get("field") == key), None)
        # no change recorded on either side: theirs counts as the older value, so ours is kept
        base[key] = first.get("old") if first is not None else theirs.get(key, ours.get(key))
    o, t = _by_id(ours, "ours"), _by_id(theirs, "theirs")
    base["evidence"] = [e for eid, e in o.items() if eid in t and _key(t[eid]) == _key(e)]
    base["history"] = ours["history"][:shared]
    return base
