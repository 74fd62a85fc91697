"""A recs store: one TinyDB JSON file holding briefs and recommendations.

Tables: `_meta` (one document: schema version, last id number), `briefs`
and `recommendations`, each keyed by the record's own id, so the file reads
and diffs by id. Reads need no lock (writes are atomic renames); every
read-modify-write holds the store's lock from the read to the write.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from recs import SCHEMA_VERSION
from recs.errors import NotFound, RecsError, StoreError
from recs.storage import FileStorage, atomic_write, dumps

META, BRIEFS, RECS = "_meta", "briefs", "recommendations"
LOCK_TIMEOUT_ENV = "RECS_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0
_NUMBERED = re.compile(r"^R(\d+)$")


class IdTable(Table):
    """A TinyDB table whose document ids are the records' own string ids."""

    document_id_class = str


class _Db(TinyDB):
    table_class = IdTable


def empty_store() -> dict[str, Any]:
    """The contents of a store with nothing in it."""
    return {META: {"1": {"schema_version": SCHEMA_VERSION, "last_number": 0}},
            BRIEFS: {}, RECS: {}}


def check_layout(data: Any, path: Path) -> None:
    """Refuse anything that is not a recs store this version can read."""
    if not isinstance(data, dict):
        raise StoreError(f"{path} is not a recs store (top level is not an object); it was left as is")
    meta = data.get(META)
    if not isinstance(meta, dict) or not isinstance(meta.get("1"), dict):
        raise StoreError(f"{path} is not a recs store (no {META} table); it was left as is")
    version = meta["1"].get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise StoreError(f"{path} has no valid schema_version; it was left as is")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer recs (schema {version}); this recs reads "
            f"schema {SCHEMA_VERSION} and older. Upgrade recs to use it; the file was left as is"
        )
    for table in (BRIEFS, RECS):
        if not isinstance(data.get(table), dict):
            raise StoreError(f"{path} is not a recs store (no {table} table); it was left as is")
        for key, doc in data[table].items():
            if not isinstance(doc, dict) or doc.get("id") != key:
                raise StoreError(
                    f"{path}: {table} entry {key!r} is malformed; it was left as is. "
                    "Run `recs doctor` for details"
                )


def natural_key(rec_id: str) -> tuple:
    """Sort `R2` before `R10`."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", rec_id))


def lock_timeout() -> float:
    raw = os.environ.get(LOCK_TIMEOUT_ENV)
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        return max(0.0, float(raw))
    except ValueError:
        raise RecsError(f"invalid {LOCK_TIMEOUT_ENV} {raw!r}; give seconds, e.g. 10") from None


class Store:
    """Briefs and recommendations of one store file, as plain dicts."""

    def __init__(self, path: Path, storage: FileStorage):
        self.path = path
        self.storage = storage
        self.db = _Db(storage=lambda: storage)  # TinyDB calls this to get its storage
        self._meta = self.db.table(META)
        self._briefs = self.db.table(BRIEFS)
        self._recs = self.db.table(RECS)

    # -- opening ---------------------------------------------------------
    @classmethod
    def open(cls, path: Path) -> "Store":
        """Open for reading; fails clearly on a missing or broken file."""
        storage = FileStorage(path)
        check_layout(storage.read(), path)
        return cls(path, storage)

    @classmethod
    @contextmanager
    def change(cls, path: Path) -> Iterator["Store"]:
        """Open for a read-modify-write: locked, written once, atomically, on success."""
        from filelock import FileLock, Timeout

        if not path.exists():
            cls.open(path)  # raises the clear "no store" error
        timeout = lock_timeout()
        lock = FileLock(f"{path}.lock", timeout=timeout)
        try:
            lock.acquire()
        except Timeout:
            raise StoreError(
                f"{path} is locked by another recs command (waited {timeout:g} s); "
                f"try again when it has finished"
            ) from None
        except OSError as exc:
            raise StoreError(f"cannot lock {path}: {exc.strerror or exc}") from None
        try:
            store = cls.open(path)
            store.storage.deferred = True
            yield store
            store.storage.flush()
        finally:
            lock.release()

    @staticmethod
    def create(path: Path, content: bytes | None = None) -> None:
        """Write a new store file (the given bytes, or an empty store)."""
        if path.exists():
            raise StoreError(f"a store already exists at {path}; it was left as is")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {path.parent}: {exc.strerror or exc}") from None
        atomic_write(path, content if content is not None else dumps(empty_store()))

    # -- reading ---------------------------------------------------------
    def recommendations(self) -> list[dict]:
        """All recommendations, in natural id order (R2 before R10)."""
        table = self.storage.read()[RECS]
        return [table[k] for k in sorted(table, key=natural_key)]

    def get(self, rec_id: str) -> dict:
        """One recommendation by id; NotFound names the id."""
        table = self.storage.read()[RECS]
        doc = table.get(rec_id)
        if doc is None:  # `r4` for `R4`: ids are typed by people
            folded = [k for k in table if k.casefold() == rec_id.casefold()]
            if len(folded) == 1:
                return table[folded[0]]
            raise NotFound(f"no recommendation with id {rec_id!r} (see `recs list`)")
        return doc

    def exists(self, rec_id: str) -> bool:
        return rec_id in self.storage.read()[RECS]

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
        self._upsert(self._recs, rec)

    def put_many(self, recs: list[dict]) -> None:
        """Insert or replace many recommendations in one table update."""
        def updater(table: dict) -> None:
            for rec in recs:
                table[rec["id"]] = rec

        if recs:
            self._recs._update_table(updater)

    def put_brief(self, brief: dict) -> None:
        self._upsert(self._briefs, brief)

    def _upsert(self, table: Table, doc: dict) -> None:
        table.upsert(Document(doc, doc_id=doc["id"]))

    def remove(self, rec_id: str) -> None:
        """Remove a recommendation (used only to undo its creation)."""
        self.get(rec_id)
        self._recs.remove(doc_ids=[rec_id])

    def next_id(self) -> str:
        """A new `R<n>` id, never one used before in this store."""
        meta = dict(self.meta())
        number = int(meta.get("last_number", 0))
        existing = self.storage.read()[RECS]
        number += 1
        while f"R{number}" in existing:
            number += 1
        meta["last_number"] = number
        self._meta.upsert(Document(meta, doc_id="1"))
        return f"R{number}"

    def note_id(self, rec_id: str) -> None:
        """Keep the id counter past a custom `R<n>` id so it is never reused."""
        match = _NUMBERED.match(rec_id)
        if match and int(match.group(1)) > int(self.meta().get("last_number", 0)):
            meta = dict(self.meta(), last_number=int(match.group(1)))
            self._meta.upsert(Document(meta, doc_id="1"))
