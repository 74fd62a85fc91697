"""All-or-nothing writes of several files (an import, an undo, a migration).

The new files are written into `.recs/pending/` (laid out as in the tracker:
`recommendations/R1.json`, …) with the paths to delete in
`pending/deletions.json`. Once all are on disk, `pending/` is renamed to
`.recs/journal/`: that rename is the commit point. Then each file is renamed
into place, the deletions are made, and the journal is removed.

A command killed before the commit leaves `pending/`, which the next write
throws away (the tracker is as before); one killed after it leaves
`journal/`, which the next command finishes (the tracker is as after).
Every command looks for a journal before it reads, so none sees a tracker
in between. The caller holds the tracker's lock.
"""

import os
from pathlib import Path

from recs.core.errors import StoreError
from recs.store import files, jsonread
from recs.store.layout import TABLES

PENDING, JOURNAL, DELETIONS = "pending", "journal", "deletions.json"


def commit(root: Path, work: Path, writes: dict[str, bytes], deletions: list[str]) -> None:
    """Write `writes` ({"recommendations/R1.json": bytes}) and delete `deletions`
    (paths relative to `root`), all or nothing."""
    orjson = jsonread.orjson()

    pending = work / PENDING
    discard(work)
    try:
        pending.mkdir()
        files.write_tree(pending, {**writes, DELETIONS: orjson.dumps(deletions)})
        files.pause()
        os.rename(pending, work / JOURNAL)  # the commit point
    except OSError as exc:
        discard(work)
        raise StoreError(f"cannot write to {root}: {exc.strerror or exc}; nothing was changed") from None
    files.fsync_dir(work)
    finish(root, work)


def finish(root: Path, work: Path) -> bool:
    """Complete a committed journal (idempotent); returns whether there was one."""
    journal = work / JOURNAL
    if not journal.is_dir():
        return False
    try:
        for table in TABLES:
            staged = journal / table
            if not staged.is_dir():
                continue
            target_dir = root / table
            if not target_dir.exists() or not any(os.scandir(target_dir)):
                if target_dir.exists():
                    os.rmdir(target_dir)  # empty: the staged folder takes its place in one rename
                os.rename(staged, target_dir)
                files.fsync_dir(root)
                continue
            for entry in sorted(os.scandir(staged), key=lambda e: e.name):
                target = root / table / entry.name
                files.keep_owner(entry.path, target)
                files.pause()
                os.replace(entry.path, target)
            files.fsync_dir(root / table)
        deletions_file = journal / DELETIONS
        if deletions_file.exists():
            for rel in jsonread.loads(deletions_file.read_bytes()):
                try:
                    os.unlink(root / rel)
                except FileNotFoundError:
                    pass
            for table in TABLES:
                files.fsync_dir(root / table)
        import shutil  # (here: bz2, lzma and the rest with it only after a killed write)

        shutil.rmtree(journal)
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot finish an interrupted write in {root} ({exc}); "
                         "run the command again, or `recs doctor` for details") from None
    files.fsync_dir(work)
    return True


def discard(work: Path) -> None:
    """Throw away what a command killed before its commit point left."""
    pending = work / PENDING
    if pending.exists():
        import shutil

        shutil.rmtree(pending, ignore_errors=True)
    try:
        for entry in os.scandir(work):
            if entry.name.endswith(".tmp"):
                os.unlink(entry.path)
    except OSError:
        pass


def pending_journal(work: Path) -> bool:
    return (work / JOURNAL).exists()
