"""`recs doctor`: check a store file and list every problem in it.

Reads the file itself (never through `Store`, never taking the lock, never
writing), so it works on files `Store.open` refuses: empty, truncated, not
JSON, wrongly shaped. Records are validated with the pydantic models of
`recs.models`, then checked against each other (brief references, unique
ids, change ids, the id counter). An older schema is checked as it will be
after migration (the file itself is left alone).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recs import SCHEMA_VERSION, migrations
from recs.errors import StoreError
from recs.layout import BRIEFS, META, RECS, REMOVED, TABLES
from recs.storage import load_bytes
from recs.store import natural_key

_NUMBERED = re.compile(r"^R(\d+)$")


@dataclass
class Report:
    path: Path
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(path: Path) -> Report:
    """Every problem of the store at `path` (an empty list: it is sound)."""
    import orjson

    report = Report(path)
    problems = report.problems
    try:
        raw = load_bytes(path)
    except StoreError as exc:
        problems.append(str(exc))
        return report
    if not raw.strip():
        problems.append("the file is empty (0 bytes of data); restore it from git or a backup")
        return report
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        truncated = " (the file looks truncated)" if exc.pos >= len(raw.rstrip()) - 1 else ""
        problems.append(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}{truncated}")
        return report
    if not isinstance(data, dict):
        problems.append(f"the top level is a JSON {_kind(data)}, not an object with the store's tables")
        return report
    problems += _duplicate_keys(raw, data)
    version = _check_meta(data, problems)
    if version is None:
        return report
    if version > SCHEMA_VERSION:
        problems.append(f"written by a newer recs (schema {version}); this recs reads schema "
                        f"{SCHEMA_VERSION} and older and cannot check it")
        return report
    for key in data:
        if key not in (META, *TABLES) and not (version < 2 and key == REMOVED):
            problems.append(f"unknown top-level table {key!r}")
    if version < SCHEMA_VERSION:
        missing = [t for t in TABLES if t != REMOVED and not isinstance(data.get(t), dict)]
        if not missing:
            try:
                data = migrations.upgrade(data, version, SCHEMA_VERSION, path)
                report.notes.append(f"schema {version}: checked as schema {SCHEMA_VERSION}; the file "
                                    "is migrated (with a backup) the next time recs opens it")
            except (StoreError, Exception) as exc:  # a broken old file may break its migration
                problems.append(f"schema {version} cannot be migrated: {exc}")
                return report
    _check_tables(data, problems, report.counts)
    return report


def _duplicate_keys(raw: bytes, data: dict) -> list[str]:
    """Keys given more than once in one JSON object (a merge resolved by keeping
    both sides): a parse keeps only the last, so a write would drop the others.

    A second parse with the standard library, which shows each object's pairs
    before they become a dict; it keeps nothing (the hook returns None)."""
    import json
    from collections import Counter

    repeated: Counter = Counter()

    def pairs_hook(pairs: list) -> None:
        if len(pairs) > 1 and len({key for key, _ in pairs}) != len(pairs):
            counts = Counter(key for key, _ in pairs)
            repeated.update({key: n for key, n in counts.items() if n > 1})

    try:
        json.loads(raw, object_pairs_hook=pairs_hook)
    except (ValueError, RecursionError):  # orjson read it: a limit of the standard parser's
        return []
    out = []
    for key, n in repeated.items():
        tables = [t for t in (META, *TABLES) if isinstance(data.get(t), dict) and key in data[t]]
        where = ", ".join(tables) if tables else "a JSON object" if key not in data else "the top level"
        out.append(f"{where}: {key!r} is given {n} times; recs reads one of them (not always the "
                   "same one), and a write can drop the others")
    return out


def _kind(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", int: "number", float: "number",
            bool: "boolean", type(None): "null"}.get(type(value), type(value).__name__)


def _check_meta(data: dict, problems: list[str]) -> int | None:
    meta = data.get(META)
    if not isinstance(meta, dict) or not isinstance(meta.get("1"), dict):
        problems.append(f"no {META} table with document \"1\" (is this a recs store?)")
        return None
    doc = meta["1"]
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(f"{META}: schema_version is {version!r}, not a positive whole number")
        return None
    last = doc.get("last_number", 0)
    if not isinstance(last, int) or isinstance(last, bool) or last < 0:
        problems.append(f"{META}: last_number is {last!r}, not a whole number ≥ 0")
    return version


def _errors(exc) -> list[str]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(x) for x in err["loc"])
        out.append(f"{loc}: {err['msg']}" if loc else err["msg"])
    return out


def _document(where: str, key: str, doc: Any, model) -> tuple[list[str], bool]:
    """The problems of one document (not an object, wrong id, what the model
    rejects), and whether the model accepted it."""
    from pydantic import ValidationError

    if not isinstance(doc, dict):
        return [f"{where}: is a JSON {_kind(doc)}, not an object"], False
    out = [] if doc.get("id") == key else [f"{where}: its id is {doc.get('id')!r}, not {key!r}"]
    try:
        model.model_validate(doc)
    except ValidationError as exc:
        return out + [f"{where}.{e}" for e in _errors(exc)], False
    return out, True


def _check_tables(data: dict, problems: list[str], counts: dict[str, int]) -> None:
    from recs.models import Brief, Recommendation

    for table in TABLES:
        if not isinstance(data.get(table), dict):
            problems.append(f"no {table} table (an object keyed by id)")
    briefs = data.get(BRIEFS) if isinstance(data.get(BRIEFS), dict) else {}
    for key, doc in briefs.items():
        problems += _document(f"{BRIEFS}.{key}", key, doc, Brief)[0]
    highest = 0
    for table in (RECS, REMOVED):
        docs = data.get(table) if isinstance(data.get(table), dict) else {}
        counts[table] = len(docs)
        for key in sorted(docs, key=natural_key):
            where = f"{table}.{key}"
            found, valid = _document(where, key, docs[key], Recommendation)
            problems += found
            if match := _NUMBERED.match(key):
                highest = max(highest, int(match.group(1)))
            if table == REMOVED and key in (data.get(RECS) or {}):
                problems.append(f"{where}: the id is also used in {RECS}")
            if valid:
                problems += [f"{where}: {p}" for p in _record_problems(docs[key], briefs)]
    counts[BRIEFS] = len(briefs)
    last = data[META]["1"].get("last_number", 0)
    if isinstance(last, int) and last < highest:
        problems.append(f"{META}: last_number is {last} but R{highest} exists; a new recommendation "
                        f"could reuse an id")


def _record_problems(rec: dict, briefs: dict) -> list[str]:
    """Cross-checks the model cannot make."""
    out = []
    if rec.get("brief") is not None and rec["brief"] not in briefs:
        out.append(f"brief {rec['brief']!r} does not exist")
    ids = [e["id"] for e in rec["evidence"]]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        out.append(f"evidence id {dup} is used more than once")
    status = None
    for n, entry in enumerate(rec["history"]):  # (dates may go back: laptops' clocks differ)
        if not isinstance(entry.get("change"), int):
            out.append(f"history[{n}] has no change id (`recs undo` cannot group it)")
        if entry["field"] == "status":
            status = entry["new"]
    if status is not None and status != rec["status"]:
        out.append(f"status is {rec['status']!r} but its history last set it to {status!r} "
                   "(changed without a history entry?)")
    return out
