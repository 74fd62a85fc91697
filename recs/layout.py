"""The layout of a store file: its tables, what a valid one holds, and bringing
an older one up to date when it is opened.

`check_layout` refuses anything that is not a recs store of the current
schema; `schema_version` refuses non-stores and newer schemas. An older
store is migrated on disk by `migrate_locked` (the caller holds the store's
lock): the steps are `recs.migrations`; the old bytes are kept beside the
file (`recs.json.v1.bak`) and the migrated store is written atomically.
Works on parsed contents (plain dicts, and `recs.lazytable` tables whose
records are checked as they are read); `recs.store` reads them through TinyDB.
"""

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from recs import SCHEMA_VERSION, migrations
from recs.errors import StoreError
from recs.lazytable import LazyTable
from recs.notices import notify
from recs.statuses import STATUSES
from recs.storage import atomic_write, dumps, load_bytes, parse

META, BRIEFS, RECS, REMOVED = "_meta", "briefs", "recommendations", "removed"
TABLES = (BRIEFS, RECS, REMOVED)
#: Tables that grow with the store, read record by record when the file allows.
LAZY_TABLES = (RECS, REMOVED)


def empty_store() -> dict[str, Any]:
    """The contents of a store with nothing in it."""
    return {META: {"1": {"schema_version": SCHEMA_VERSION, "last_number": 0}},
            BRIEFS: {}, RECS: {}, REMOVED: {}}


def schema_version(data: Any, path: Path) -> int:
    """The schema of parsed store contents; refuses non-stores and newer schemas."""
    if not isinstance(data, dict):
        raise StoreError(f"{path} is not a recs store (top level is not an object); it was left as is")
    meta = data.get(META)
    if not isinstance(meta, dict) or not isinstance(meta.get("1"), dict):
        raise StoreError(f"{path} is not a recs store (no {META} table); it was left as is")
    version = meta["1"].get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StoreError(f"{path} has no valid schema_version; it was left as is")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer recs (schema {version}); this recs reads "
            f"schema {SCHEMA_VERSION} and older. Upgrade recs to use it; the file was left as is"
        )
    last = meta["1"].get("last_number", 0)
    if type(last) is not int or last < 0:
        raise StoreError(f"{path} has no valid last_number in {META} (got {last!r}); it was left as is. "
                         "Run `recs doctor` for details")
    return version


#: What every recommendation must have for the commands to work on it
#: (`recs doctor` checks everything else: dates, URLs, ids, cross-references).
_SHAPE = (("title", str), ("actors", list), ("status", str), ("evidence", list),
          ("history", list), ("created", str), ("updated", str))
_OPTIONAL = (("text", str), ("quote", str), ("brief", str), ("due", str), ("tags", list), ("fields", dict))
_EVIDENCE = ("id", "date", "summary", "added", "by")
_HISTORY = ("at", "by", "field")
_BRIEF_SHAPE = (("title", str), ("publisher", str), ("published", str))


def _names_ok(values: list) -> bool:
    return not values or set(map(type, values)) == {str}


def _entries_ok(entries: list, keys: tuple[str, ...]) -> bool:
    """Every entry an object whose `keys` are strings."""
    for entry in entries:
        if type(entry) is not dict:
            return False
        get = entry.get
        for key in keys:
            if type(get(key)) is not str:
                return False
    return True


def _bad_field(table: str, doc: dict, deep: bool) -> str | None:
    """The first field of `doc` the commands could not work on, or None;
    `deep`: looking inside its lists as well."""
    get = doc.get
    for field, kind in _BRIEF_SHAPE if table == BRIEFS else _SHAPE:
        if not isinstance(get(field), kind):
            return field
    if table == BRIEFS:
        return None
    for field, kind in _OPTIONAL:
        value = get(field)
        if value is not None and not isinstance(value, kind):
            return field
    if not deep:
        return None
    if not _names_ok(doc["actors"]):
        return "actors"
    if not _names_ok(get("tags")):
        return "tags"
    if not _names_ok(list((get("fields") or {}).values())):
        return "fields"
    if not _entries_ok(doc["evidence"], _EVIDENCE):
        return "evidence"
    if not _entries_ok(doc["history"], _HISTORY):
        return "history"
    return None


def check_record(table: str, key: str, doc: Any, path: Path, deep: bool = True) -> None:
    """Refuse a record of `table` that the commands could not work on; `deep`:
    look inside its lists too (a command reading every record skips that, a
    command writing does not)."""
    if not isinstance(doc, dict) or doc.get("id") != key:
        raise StoreError(
            f"{path}: {table} entry {key!r} is malformed; it was left as is. "
            "Run `recs doctor` for details"
        )
    field = _bad_field(table, doc, deep)
    if field is not None:
        raise StoreError(
            f"{path}: {table} entry {key!r} has no valid {field!r}; it was left as is. "
            "Run `recs doctor` for details"
        )
    if table != BRIEFS and doc["status"] not in STATUSES:
        raise StoreError(
            f"{path}: {table} entry {key!r} has an unknown status {doc['status']!r}; it was left as is. "
            "Run `recs doctor` for details"
        )


def record_checks(path: Path) -> dict[str, Callable[[str, Any], None]]:
    """The tables read record by record (`recs.lazytable`), with each one's record check."""
    return {table: partial(_check_lazy, table, path) for table in LAZY_TABLES}


def _check_lazy(table: str, path: Path, key: str, doc: Any, deep: bool) -> None:
    check_record(table, key, doc, path, deep)


def check_layout(data: Any, path: Path) -> None:
    """Refuse anything that is not a recs store of the current schema.

    The records of tables read record by record are checked as they are read.
    """
    if schema_version(data, path) != SCHEMA_VERSION:
        raise StoreError(f"{path} has schema {data[META]['1']['schema_version']}, not {SCHEMA_VERSION}")
    for table in TABLES:
        contents = data.get(table)
        if isinstance(contents, LazyTable):
            continue
        if not isinstance(contents, dict):
            raise StoreError(f"{path} is not a recs store (no {table} table); it was left as is")
        for key, doc in contents.items():
            check_record(table, key, doc, path)


def _backup_path(path: Path, version: int) -> Path:
    """Where the pre-migration file is kept: `recs.json.v1.bak` (never overwritten)."""
    candidate = path.with_name(f"{path.name}.v{version}.bak")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.v{version}.{n}.bak")
        n += 1
    return candidate


def migrate_locked(path: Path) -> dict:
    """Migrate the file at `path` (the caller holds the lock); returns its contents."""
    raw = load_bytes(path)
    data = parse(raw, path)
    version = schema_version(data, path)
    if version == SCHEMA_VERSION:
        return data  # another command migrated it while we waited for the lock
    new = migrations.upgrade(data, version, SCHEMA_VERSION, path)
    check_layout(new, path)
    payload = dumps(new)
    backup = _backup_path(path, version)
    atomic_write(backup, raw)
    atomic_write(path, payload)
    notify(f"Migrated {path} from schema {version} to {SCHEMA_VERSION}; the old file is kept at {backup}")
    return parse(payload, path)  # as any later command will read it
