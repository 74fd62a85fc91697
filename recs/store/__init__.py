"""The tracker on disk: a folder with one canonical JSON file per record.

How the parts fit, from a command down to the disk:

- `paths` finds the tracker folder (`--db`, `RECS_DB`, the folder you are
  in, the shipped one, the per-user one); `migrate` turns a single-file
  store of an earlier recs into a folder the first time it is used.
- `layout` names the files (settings, `briefs/`, `recommendations/`,
  `removed/`, the ignored work folder `.recs/`) and checks what a record
  must hold for the commands to work on it.
- `store.Store` is what commands use: `Store.open(path)` to read,
  `with Store.change(path) as store:` to read, modify and write. A change
  takes the tracker's `lock`, reads only the records it asks for, and on
  success writes what it changed.
- `folder` holds the tables (one folder each), reads a record file when
  asked for and stages what a command changes; `documents` is TinyDB's
  document API over them (get, put, remove by id), loaded on first use, so
  a report or a list, which scan the folders, never import TinyDB.
- `files` writes each file atomically (temp file, fsync, rename, fsync of
  the folder); `journal` makes a write of several files all or nothing;
  `jsonread` parses what is read: with the standard library's json on a
  command that only reads (orjson's import is ~10 ms), always as orjson would.
- `derived` keeps what a read works out from each record (a report's
  summaries) in `.recs/` between runs, keyed by each file's stat, so an
  unchanged record is not read again (`Store.derived`).
- `doctor` checks every file and lists every problem; it never writes.
- `replace` puts a new tracker in an old one's place, whole (`init --force`).
"""

from recs.store.store import Store, highest_change, natural_key, natural_order

__all__ = ["Store", "highest_change", "natural_key", "natural_order"]
