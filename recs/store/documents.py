"""TinyDB over the tracker folder: the document API a command uses to get,
put and remove records by id.

`FolderDocuments(folder)` is a TinyDB database whose storage gives TinyDB
the folder's tables (`FolderStorage.tables`, one `Folder` mapping per table,
which reads a record's file only when asked for), so TinyDB's
`get(doc_id=…)` touches one file. `FolderTable` (TinyDB's documented way to
change how tables behave: a subclass set as `table_class`) stages inserts,
upserts and removals by id in the folder instead of rebuilding the whole
table; `FolderStorage.commit()` writes them. `Store` loads this module the
first time a command asks for a record by id or changes one.
"""

from collections.abc import Mapping
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from recs.core.errors import StoreError
from recs.store.folder import GONE, Folder, FolderStorage

__all__ = ["Document", "FolderDocuments"]


class FolderTinyStorage(Storage):
    """The TinyDB storage (its documented `Storage` interface) of one tracker folder."""

    def __init__(self, folder: FolderStorage) -> None:
        self.folder = folder

    def read(self) -> dict[str, Folder]:
        return self.folder.tables

    def write(self, data: Any) -> None:  # TinyDB's whole-table writes never reach here (see FolderTable)
        raise StoreError("internal: a whole-table write was attempted on a tracker folder")


class FolderTable(Table):
    """A TinyDB table whose document ids are the records' own ids, written file by file."""

    document_id_class = str

    def upsert(self, document: Mapping, cond=None) -> list:
        if not isinstance(document, Document) or cond is not None:
            raise StoreError("internal: tracker records are upserted by id")
        self._storage.folder.stage(self.name, str(document.doc_id), dict(document))
        self.clear_cache()
        return [document.doc_id]

    def remove(self, cond=None, doc_ids=None) -> list:
        if cond is not None or doc_ids is None:
            raise StoreError("internal: tracker records are removed by id")
        for doc_id in doc_ids:
            self._storage.folder.stage(self.name, str(doc_id), GONE)
        self.clear_cache()
        return list(doc_ids)


class FolderDocuments(TinyDB):
    """TinyDB over the tracker folder `folder`."""

    table_class = FolderTable

    def __init__(self, folder: FolderStorage) -> None:
        super().__init__(storage=FolderTinyStorage, folder=folder)
