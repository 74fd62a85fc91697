"""`recs init --force`: a tracker replaced by a new one, never half-replaced.

The new tracker is built whole beside the old one (`Store.create`), then the
two folders trade places under the old one's lock: in one step where the
kernel offers it (Linux's `renameat2(RENAME_EXCHANGE)`), else by two renames
(between which the old tracker waits whole in the `.NAME.….new` folder beside).
Only a folder holding nothing but a tracker's own files is replaced: one that
also holds a git repository or other files is refused.
"""

import os
import shutil
import tempfile
from pathlib import Path

from recs.core.errors import StoreError
from recs.store.layout import SETTINGS, TABLES, WORK, is_tracker

#: What a tracker folder holds of its own (anything else makes `replace` refuse).
OWN = {*TABLES, SETTINGS, WORK}


def replace(path: Path, seed: Path | None) -> None:
    """Replace the tracker `path` by a new one (a copy of `seed`, or empty)."""
    from recs.store import lock
    from recs.store.store import Store, prepare_work

    path = Path(path)
    if not path.is_dir() or not is_tracker(path):
        what = "a file" if path.exists() and not path.is_dir() else "not a tracker"
        raise StoreError(f"{path} is {what}; it was left as is (only a tracker is replaced)")
    others = sorted(n for n in os.listdir(path) if n not in OWN)
    if others:
        raise StoreError(f"{path} holds more than a tracker ({', '.join(others[:3])}); it was left as is "
                         "(replace the tracker's own files yourself, or give a new folder)")
    parent = path.absolute().parent
    work = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".new", dir=parent))
    new = work / "tracker"
    try:
        Store.create(new, seed)
        with lock.locked(prepare_work(path, Path(os.path.realpath(path))) / "lock", path):
            old = _swap(new, path, work)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)


def _swap(new: Path, path: Path, work: Path) -> Path:
    """Put `new` where `path` is; returns where the old tracker went."""
    if _exchange(new, path):
        return new
    old = work / "replaced"
    os.rename(path, old)
    try:
        os.rename(new, path)
    except OSError as exc:
        os.rename(old, path)
        raise StoreError(f"cannot replace {path}: {exc.strerror or exc}; it was left as is") from None
    return old


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux's renameat2); False where it is not offered."""
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2  # the C library's, where it has one
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
