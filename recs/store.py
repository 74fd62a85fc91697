"""A recs store: one TinyDB JSON file holding briefs and recommendations.

Tables: `_meta` (one document: schema version, last id number), `briefs`,
`recommendations` and `removed` (recommendations whose creation was undone,
kept with their history), each keyed by the record's own id, so the file
reads and diffs by id (their names and checks: `recs.layout`). Reads need no
lock (writes are atomic renames); every read-modify-write holds the store's
lock (`recs.lock`) from the read to the write.

The recommendations and removed tables are read record by record
(`recs.lazytable`): a command parses the records it uses, `scan()` goes
through all of them without keeping them, and a write copies the bytes of
the records it did not touch. Before a write every record is checked, unless
the file is the one recs last wrote or checked (its checksum in the lock
file): a broken record anywhere stops the write.

Changes: every history entry carries `change`, the id of the command that
wrote it. `Store.change` stamps the entries a command added with one new id
when it writes, so `recs undo` can revert exactly what one command did. A
change id is a number that grows with time: microseconds since 1970 (UTC),
and always above the ids already in the records the command touched. (With
`RECS_NOW` set, for scripted seeding, it is one more than the highest id in
the store, so a rebuild gives the same bytes.) No store-wide counter is kept,
so commands on different recommendations still merge in git without conflict.

Older layouts are migrated (`recs.layout`, with the steps of
`recs.migrations`) when opened, under the lock, with the old file kept beside
it; newer ones are refused.
"""

import os
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
from tinydb import TinyDB
from tinydb.table import Document, Table

from recs import SCHEMA_VERSION, lock, migrations
from recs.errors import NotFound, StoreError
from recs.layout import (BRIEFS, META, RECS, REMOVED, check_layout, empty_store, migrate_locked,
                         record_checks, schema_version)
from recs.lazytable import LazyTable
from recs.lock import locked
from recs.notices import notify
from recs.storage import (FileStorage, atomic_create, check_writable, checksum, dumps, parse,
                          remove_temp_files)

_NUMBERED = re.compile(r"^R(\d+)$")


class IdTable(Table):
    """A TinyDB table whose document ids are the records' own string ids."""

    document_id_class = str

    def _update_table(self, updater) -> None:
        """TinyDB's own, without copying the whole table twice per write.

        TinyDB rebuilds the table dict to convert ids to `document_id_class`
        and back to `str`; ours are `str` both ways, so the updater works on
        the stored dict in place (100,000 records: ~25 ms saved per write).
        """
        tables = self._storage.read()
        if tables is None:
            tables = {}
        table = tables.setdefault(self.name, {})
        updater(table)
        self._storage.write(tables)
        self.clear_cache()


class _Db(TinyDB):
    table_class = IdTable


def highest_change(record: dict) -> int:
    """The highest change id in a record's history (0 if none)."""
    return max((c for e in record["history"] if isinstance(e, dict) and type(c := e.get("change")) is int),
               default=0)


def natural_key(rec_id: str) -> tuple:
    """Sort `R2` before `R10`."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", rec_id))


def natural_order(ids) -> list[str]:
    """Ids sorted by `natural_key`, quickly when they are all `R<n>`.

    `R<n>` ids without leading zeros sort naturally by length, then text:
    two C-speed sorts instead of a Python key per id (100,000 ids: ~15 ms
    instead of ~370 ms).
    """
    ordered = sorted(ids)
    if all(k[:1] == "R" and k[1:].isdigit() and k[1:2] != "0" for k in ordered):
        ordered.sort(key=len)  # stable: equal lengths stay in text order
        return ordered
    ordered.sort(key=natural_key)
    return ordered


class Store:
    """Briefs and recommendations of one store file, as plain dicts."""

    def __init__(self, path: Path, storage: FileStorage):
        self.path = path
        self.storage = storage
        self.db = _Db(storage=lambda: storage)  # TinyDB calls this to get its storage
        self._meta = self.db.table(META)
        self._briefs = self.db.table(BRIEFS)
        self._recs = self.db.table(RECS)
        self._removed = self.db.table(REMOVED)
        self._touched: set[str] = set()
        self._change: int | None = None

    # -- opening ---------------------------------------------------------
    @classmethod
    def open(cls, path: Path, *, _locked: bool = False) -> "Store":
        """Open for reading; fails clearly on a missing or broken file.

        An older schema is migrated on disk (taking the lock unless the caller
        holds it); if that cannot be written, it is migrated in memory only.
        """
        storage = FileStorage(path, lazy=record_checks(path))
        data = storage.read()
        version = schema_version(data, path)
        if version < SCHEMA_VERSION:
            if _locked:
                data = migrate_locked(path)
            else:
                try:
                    with locked(path):
                        data = migrate_locked(path)
                except StoreError as exc:  # locked, or not writable: read it migrated in memory
                    data = migrations.upgrade(data, version, SCHEMA_VERSION, path)
                    check_layout(data, path)
                    notify(f"Read {path} (schema {version}) as schema {SCHEMA_VERSION} without "
                           f"migrating the file: {exc}")
            storage = FileStorage(path, data)
        check_layout(data, path)
        return cls(path, storage)

    @classmethod
    @contextmanager
    def change(cls, path: Path) -> Iterator["Store"]:
        """Open for a read-modify-write: locked, written once, atomically, on success."""
        cls.check_writable(path)
        with locked(path):
            remove_temp_files(path)  # left by a command killed mid-write
            store = cls.open(path, _locked=True)
            store._check_before_writing()
            store.storage.deferred = True
            yield store
            store.stamp_change()
            written = store.storage.flush()
            if written:
                lock.set_checked(path, written)  # what it copied was checked, the rest written anew

    @classmethod
    def check_writable(cls, path: Path) -> None:
        """Fail early, before a person does any work, if the store cannot be changed."""
        if not path.is_file():
            cls.open(path)  # raises the clear "no store" / "is a directory" error
        check_writable(path)

    @staticmethod
    def create(path: Path, content: bytes | None = None) -> None:
        """Write a new store file (the given bytes, or an empty store); never replaces one."""
        if path.is_dir():
            raise StoreError(f"{path} is a directory; give a file name for the store")
        if path.exists():
            raise StoreError(f"a store already exists at {path}; it was left as is")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
        if content is not None:
            data = parse(content, path)
            version = schema_version(data, path)
            if version < SCHEMA_VERSION:
                content = dumps(migrations.upgrade(data, version, SCHEMA_VERSION, path))
        atomic_create(path, content if content is not None else dumps(empty_store()))

    def _check_before_writing(self) -> None:
        """A broken record anywhere: refuse before changing anything. Skipped
        when this very file (same checksum) was checked or written by recs.
        A file whose records are not all laid out as recs writes them is not
        noted as checked, so that every write lays them out anew until one
        goes through (even if this command fails after the check)."""
        raw = self.storage.raw
        if raw is None:
            return  # parsed whole, and checked then
        current = checksum(raw)
        if lock.checked(self.path) != current:
            canonical = True
            for name, table in self.storage.read().items():
                if not isinstance(table, LazyTable):
                    continue  # checked when opened
                canonical = table.check_all() and canonical
                if table.repeated():
                    raise StoreError(
                        f"{self.path}: {name} entry {table.repeated()[0]!r} is in the file more than once "
                        "(a merge that kept both sides?); it was left as is. Run `recs doctor` for details")
            if canonical:
                lock.set_checked(self.path, current)

    # -- reading ---------------------------------------------------------
    def scan(self, *, ordered: bool = False, statuses: set[str] | None = None) -> Iterator[dict]:
        """Every recommendation (`ordered`: in natural id order; `statuses`: only
        those with one of these), read one at a time and not kept: for going
        through a large store without holding it. Read-only: changes to what it
        yields are not saved."""
        table = self.storage.read()[RECS]
        if isinstance(table, LazyTable):
            return table.each(natural_order if ordered else None,
                              where=("status", set(statuses)) if statuses else None)
        records = (table[k] for k in natural_order(table)) if ordered else iter(table.values())
        return (r for r in records if r["status"] in statuses) if statuses else records

    def recommendations(self) -> list[dict]:
        """All recommendations, in natural id order (R2 before R10)."""
        table = self.storage.read()[RECS]
        return [table[k] for k in natural_order(table)]

    def get(self, rec_id: str, *, removed: bool = False) -> dict:
        """One recommendation by id (`removed`: also one removed by undo); NotFound names the id."""
        table = self.storage.read()[RECS]
        doc = table.get(rec_id)
        if doc is None:  # `r4` for `R4`: ids are typed by people
            folded = [k for k in table if k.casefold() == rec_id.casefold()]
            if len(folded) == 1:
                return table[folded[0]]
        if doc is None and removed:
            doc = self.storage.read()[REMOVED].get(rec_id)
        if doc is None:
            if rec_id in self.storage.read()[REMOVED]:
                raise NotFound(f"recommendation {rec_id!r} was removed by `recs undo` (its record and "
                               "history are kept in the store's `removed` table)")
            raise NotFound(f"no recommendation with id {rec_id!r} (see `recs list`)")
        return doc

    def removed(self) -> list[dict]:
        """Recommendations whose creation was undone, kept with their history."""
        table = self.storage.read()[REMOVED]
        return [table[k] for k in sorted(table, key=natural_key)]

    def was_removed(self, rec_id: str) -> bool:
        return rec_id in self.storage.read()[REMOVED]

    def exists(self, rec_id: str) -> bool:
        return rec_id in self.storage.read()[RECS]

    def folded_ids(self) -> dict[str, str]:
        """The id of every recommendation (and removed one) by its casefolded
        spelling (ids are typed in any case, so two may not differ only so)."""
        data = self.storage.read()
        return {k.casefold(): k for t in (RECS, REMOVED) for k in data[t]}

    def briefs(self) -> list[dict]:
        table = self.storage.read()[BRIEFS]
        return [table[k] for k in sorted(table)]

    def brief(self, brief_id: str) -> dict:
        doc = self.storage.read()[BRIEFS].get(brief_id)
        if doc is None:
            known = ", ".join(sorted(self.storage.read()[BRIEFS])) or "none yet"
            raise NotFound(f"no brief with id {brief_id!r} (known: {known})")
        return doc

    def meta(self) -> dict:
        return self.storage.read()[META]["1"]

    # -- writing ---------------------------------------------------------
    def put(self, rec: dict) -> None:
        """Insert or replace a recommendation (keyed by its id)."""
        self._touched.add(rec["id"])
        self._upsert(self._recs, rec)

    def put_many(self, recs: list[dict]) -> None:
        """Insert or replace many recommendations in one table update."""
        def updater(table: dict) -> None:
            for rec in recs:
                table[rec["id"]] = rec

        self._touched.update(rec["id"] for rec in recs)
        if recs:
            self._recs._update_table(updater)

    def put_brief(self, brief: dict) -> None:
        self._upsert(self._briefs, brief)

    def _upsert(self, table: Table, doc: dict) -> None:
        table.upsert(Document(doc, doc_id=doc["id"]))

    def remove(self, rec: dict) -> None:
        """Move a recommendation to the `removed` table (only to undo its creation).

        `rec` is the record as it should be kept (with its history)."""
        self.get(rec["id"])
        self._touched.add(rec["id"])
        self._recs.remove(doc_ids=[rec["id"]])
        self._upsert(self._removed, rec)

    def restore(self, rec: dict) -> None:
        """Move a removed recommendation back (to undo the undoing of its creation)."""
        if rec["id"] in self.storage.read()[RECS]:
            raise StoreError(f"cannot restore {rec['id']!r}: a recommendation with that id exists")
        self._touched.add(rec["id"])
        self._removed.remove(doc_ids=[rec["id"]])
        self._upsert(self._recs, rec)

    def put_removed(self, rec: dict) -> None:
        """Replace a record in the `removed` table (its history grows on undo)."""
        self._touched.add(rec["id"])
        self._upsert(self._removed, rec)

    # -- changes ---------------------------------------------------------
    def stamp_change(self) -> int | None:
        """Give the history entries this command added (those without one: absent or null) its change id."""
        if not self._touched:
            return None
        data = self.storage.read()
        docs = [data[t][i] for i in sorted(self._touched) for t in (RECS, REMOVED) if i in data[t]]
        fresh = [e for d in docs for e in d["history"] if isinstance(e, dict) and e.get("change") is None]
        if not fresh:
            return None
        change = self.change_id(max(map(highest_change, docs)))
        for entry in fresh:
            entry["change"] = change
        self.storage.write(data)
        return change

    def change_id(self, floor: int = 0) -> int:
        """The id of this command's change, one per command: above `floor`, the
        highest change id in the records it touches (see the module docstring)."""
        if self._change is None:
            if os.environ.get("RECS_NOW"):
                from datetime import datetime, timezone

                from recs import dates

                at = datetime.strptime(dates.now(), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
                base = int(at.timestamp()) * 1_000_000
                data = self.storage.read()
                floor = max([floor, *(highest_change(d) for t in (RECS, REMOVED) for d in data[t].values())])
            else:
                base = time.time_ns() // 1000
            self._change = max(base, floor + 1)
        return self._change

    def put_serialised(self, records: Iterable[tuple[str, bytes]]) -> None:
        """Insert or replace recommendations given as `lazytable.serialise_value`
        of checked records whose history is stamped already (`change_id`)."""
        def updater(table) -> None:
            for rec_id, value in records:
                if isinstance(table, LazyTable):
                    table.put_serialised(rec_id, value)
                else:
                    table[rec_id] = orjson.loads(value)

        self._recs._update_table(updater)

    def peek(self, rec_id: str) -> dict | None:
        """A recommendation by its exact id (None if none), read without keeping it."""
        table = self.storage.read()[RECS]
        return table.peek(rec_id) if isinstance(table, LazyTable) else table.get(rec_id)

    def next_id(self) -> str:
        """A new `R<n>` id, never one used before in this store."""
        meta = dict(self.meta())
        number = int(meta.get("last_number", 0))
        existing = self.storage.read()[RECS]
        removed = self.storage.read()[REMOVED]
        number += 1
        while f"R{number}" in existing or f"R{number}" in removed:
            number += 1
        meta["last_number"] = number
        self._meta.upsert(Document(meta, doc_id="1"))
        return f"R{number}"

    def next_ids(self, count: int) -> list[str]:
        """`count` new `R<n>` ids at once (see `next_id`)."""
        if count <= 0:
            return []
        meta = dict(self.meta())
        number = int(meta.get("last_number", 0))
        existing = self.storage.read()[RECS]
        ids = []
        while len(ids) < count:
            number += 1
            if f"R{number}" not in existing:
                ids.append(f"R{number}")
        meta["last_number"] = number
        self._meta.upsert(Document(meta, doc_id="1"))
        return ids

    def note_id(self, rec_id: str) -> None:
        """Keep the id counter past a custom `R<n>` id so it is never reused."""
        match = _NUMBERED.match(rec_id)
        if match and int(match.group(1)) > int(self.meta().get("last_number", 0)):
            meta = dict(self.meta(), last_number=int(match.group(1)))
            self._meta.upsert(Document(meta, doc_id="1"))
