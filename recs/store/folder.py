"""The tracker folder's tables: each table a folder, each record a file.

`FolderStorage.tables` holds one `Folder` per table: a mapping from id to
record that reads (and checks) a record's file only when it is asked for.
What a command changes is staged here by id, and `FolderStorage.commit()`
writes it: one file atomically, or several through the journal
(`recs.store.journal`). TinyDB's document API over these tables is in
`recs.store.documents`, loaded when a command first asks for a record by id
or changes one: a report or a list reads the folders directly and never
pays for TinyDB's import (~5 ms).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from recs.core.errors import StoreError
from recs.store import files, journal
from recs.store.layout import SUFFIX, TABLES, check_record, record_id

TYPE_CHECKING = False  # (typing is for the type checker: its import is ~5 ms of a report)
if TYPE_CHECKING:
    from typing import Any

GONE = None  # a staged removal


class Folder(Mapping):
    """One table's folder: id → record, each read from its file when asked for."""

    def __init__(self, storage: "FolderStorage", table: str):
        self.storage, self.table = storage, table
        self.dir = storage.root / table
        self.root_dir = str(self.dir)
        self.prefix = os.path.join(self.root_dir, "")

    def path(self, key: str) -> str:
        return self.prefix + key + SUFFIX  # (an id never holds a slash: `Store.get` refuses one)

    def __getitem__(self, key: str) -> dict:
        staged = self.storage.staged.get((self.table, key), self)
        if staged is not self:
            if staged is GONE:
                raise KeyError(key)
            return staged
        cache = self.storage.cache
        doc = cache.get((self.table, key))
        if doc is None:
            doc = self.storage.load(self.table, key, self.path(key))
            if self.storage.keep:
                cache[(self.table, key)] = doc
        return doc

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        staged = self.storage.staged.get((self.table, key), self)
        if staged is not self:
            return staged is not GONE
        return os.path.exists(self.path(key))

    def on_disk(self) -> list[str]:
        """The ids of the record files in the folder, as listed (unordered)."""
        try:
            return [i for e in os.scandir(self.dir) if (i := record_id(e.name)) is not None]
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(f"cannot read {self.dir}: {exc.strerror or exc}") from None

    def __iter__(self) -> Iterator[str]:
        ids = self.on_disk()
        mine = {k for (t, k) in self.storage.staged if t == self.table}
        if mine:
            ids = [i for i in ids if i not in mine]
            ids += [k for k in mine if self.storage.staged[(self.table, k)] is not GONE]
        return iter(ids)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class FolderStorage:
    """A tracker folder's tables, what is staged and how records are read; see the module docstring.

    `keep`: records read are kept for the rest of the command (a change reads
    them again to write them); `strict`: reading checks a record whole and
    refuses duplicated keys (before a write).
    """

    def __init__(self, root: Path, work: Path, *, keep: bool = False, strict: bool = False):
        self.root, self.work = root, work
        self.keep, self.strict = keep, strict
        self.cache: dict[tuple[str, str], dict] = {}
        self.staged: dict[tuple[str, str], Any] = {}
        self.tables = {t: Folder(self, t) for t in TABLES}

    def load(self, table: str, key: str, path: Path | str, wanted: Callable[[bytes], bool] | None = None,
             seen: Callable[[os.stat_result], None] | None = None) -> dict | None:
        """A record read from its file and checked, inside its lists too (KeyError if there is none);
        None, unparsed, when `wanted` says from its bytes that it is not one asked for. `seen` is
        given the file's status as it was read, once the record proved good."""
        try:
            raw, info = files.read_file_stat(path, what="record file")
        except FileNotFoundError:
            raise KeyError(key) from None
        if wanted is not None and not wanted(raw):
            return None
        doc = files.parse(raw, path, strict=self.strict)
        check_record(table, key, doc, path)
        if seen is not None:
            seen(info)
        return doc

    def stage(self, table: str, key: str, doc: dict | None) -> None:
        self.staged[(table, key)] = doc

    def commit(self) -> None:
        """Write what was staged: one file atomically, several through the journal."""
        if not self.staged:
            return
        writes = {f"{t}/{k}{SUFFIX}": files.dumps(d) for (t, k), d in sorted(self.staged.items()) if d is not GONE}
        deletions = [f"{t}/{k}{SUFFIX}" for (t, k), d in sorted(self.staged.items()) if d is GONE]
        for rel in (*writes, *deletions):
            files.check_writable(self.root / rel)
        if len(writes) == 1 and not deletions:
            ((rel, payload),) = writes.items()
            files.atomic_write(self.work, self.root / rel, payload)
        else:
            journal.commit(self.root, self.work, writes, deletions)
        self.staged.clear()
