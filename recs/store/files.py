"""Files on disk: canonical JSON, bounded reads, atomic replacement.

- Every file recs writes is canonical JSON (`dumps`): sorted keys, 2-space
  indent, a trailing newline, LF, so a git diff shows exactly what changed.
- `read_file` opens only regular files (a FIFO, a device or a directory is
  refused without reading it) and at most `limit` bytes of them.
- `atomic_write` replaces a file so that readers see the old bytes or the
  new, never half: a temp file in the tracker's work folder, fsync, rename,
  fsync of the folder. The file keeps its mode and, where recs may set it,
  its owner (a `sudo recs …` does not hand a colleague's file to root).
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from recs.core.errors import StoreError
from recs.store import jsonread

TYPE_CHECKING = False  # (typing is for the type checker: its import is ~5 ms of a report)
if TYPE_CHECKING:
    from typing import Any

#: The largest record, brief or settings file recs reads (a record this size
#: holds thousands of evidence entries; anything larger is not a recs file).
RECORD_LIMIT = 32 * 1024 * 1024

#: Test aid only (tests/store/test_crash.py): seconds to pause at each step of a
#: write, so that a SIGKILL lands mid-write. Changes timing, never content.
WRITE_PAUSE_ENV = "RECS_TEST_WRITE_PAUSE"


#: Test aid only, as git's GIT_TEST_FSYNC: when set, recs makes no fsync. Renames keep
#: every write atomic (a killed command still leaves old or new bytes); only durability
#: against a power cut, which no test can observe, is given up, so the suite does not
#: wait on the disk thousands of times.
NO_FSYNC_ENV = "RECS_TEST_NO_FSYNC"
#: Above this many files, one `os.sync()` replaces an fsync per file.
SYNC_ALL_ABOVE = 64


def durable() -> bool:
    return not os.environ.get(NO_FSYNC_ENV)


def fsync(fd: int) -> None:
    """fsync a file (see `NO_FSYNC_ENV`)."""
    if durable():
        os.fsync(fd)


def write_tree(folder: Path, contents: dict[str, bytes]) -> None:
    """Write `contents` ({"recommendations/R1.json": bytes, …}) under `folder`, making
    the subfolders, and make it all durable: an fsync per file, or one `os.sync()`
    for many (an import of 100,000 records), then an fsync of every folder."""
    subfolders = sorted({rel.rsplit("/", 1)[0] for rel in contents if "/" in rel})
    for sub in subfolders:
        (folder / sub).mkdir(exist_ok=True)
    many = len(contents) > SYNC_ALL_ABOVE
    for rel, payload in contents.items():
        with open(folder / rel, "wb") as handle:
            handle.write(payload)
            if not many:
                handle.flush()
                fsync(handle.fileno())
        os.chmod(folder / rel, 0o644)
    if many and durable():
        os.sync()
    for sub in subfolders:
        fsync_dir(folder / sub)
    fsync_dir(folder)


def write_pause() -> float:
    try:
        return float(os.environ.get(WRITE_PAUSE_ENV) or 0)
    except ValueError:
        return 0.0


def pause() -> None:
    if seconds := write_pause():
        time.sleep(seconds)


def dumps(data: Any) -> bytes:
    """Canonical JSON: sorted keys, indent 2, trailing newline."""
    orjson = jsonread.orjson()

    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    except orjson.JSONEncodeError as exc:  # e.g. text that is not valid UTF-8 (--as)
        raise StoreError(f"cannot save: {exc}; nothing was changed") from None


def read_file(path: Path | str, limit: int = RECORD_LIMIT, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is refused unread."""
    return read_file_stat(path, limit, what)[0]


def read_file_stat(path: Path | str, limit: int = RECORD_LIMIT, what: str = "file") -> tuple[bytes, os.stat_result]:
    """`read_file`, with the file's status as it was opened (what `recs.store.derived` keys on)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO does not block the open
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise StoreError(f"{path} is a directory, not a {what}") from None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file (a FIFO or a device?)"
            raise StoreError(f"{path} is {kind}; it was not read")
        if info.st_size > limit:
            raise StoreError(f"{path} is {info.st_size:,} bytes, more than a {what} may hold "
                             f"({limit:,}); it was not read")
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, max(info.st_size - size, 0) + 1)
            if not chunk:
                break
            if not chunks and len(chunk) == info.st_size:
                return chunk, info  # the whole file in one read, as it almost always is
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise StoreError(f"{path} grew past {limit:,} bytes while being read; it was not used")
        return b"".join(chunks), info
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def fsync_dir(directory: Path | str) -> None:
    """Make a rename in `directory` durable (best effort where unsupported)."""
    if not durable():
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_temp(work: Path, name: str, payload: bytes, *, sync: bool = True) -> str:
    """Write `payload` to a new temp file in `work`; returns its path."""
    import tempfile  # here: only writes need it (~1 ms of every read otherwise)

    try:
        fd, tmp = tempfile.mkstemp(prefix=f"{name}.", suffix=".tmp", dir=work)
    except OSError as exc:
        raise StoreError(f"cannot write to {work}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            if sync:
                handle.flush()
                fsync(handle.fileno())
    except OSError as exc:
        _unlink(tmp)
        raise StoreError(f"cannot write {name}: {exc.strerror or exc}") from None
    return tmp


def keep_owner(tmp: str, target: Path | str) -> None:
    """Give the temp file the mode (and, as root, the owner) of the file it replaces;
    a new file, the owner of its folder (`sudo recs …` leaves no root-owned files)."""
    try:
        info = os.stat(target)
        os.chmod(tmp, stat.S_IMODE(info.st_mode))
    except FileNotFoundError:
        os.chmod(tmp, 0o644)
        try:
            info = os.stat(os.path.dirname(target) or ".")
        except OSError:
            return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and (info.st_uid, info.st_gid) != (0, 0):
        try:
            os.chown(tmp, info.st_uid, info.st_gid)
        except OSError:
            pass


def check_writable(path: Path | str) -> None:
    """Refuse to replace a file made read-only on purpose (the rename would not stop
    at it), or one with another hard link (the rename would split the two)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}; nothing was changed") from None
    if not os.access(path, os.W_OK):
        raise StoreError(f"{path} is read-only; nothing was changed (make it writable to change it)")
    if stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
        raise StoreError(f"{path} has another hard link ({info.st_nlink} names for one file); recs replaces "
                         "files as it writes them, which would split the two. Nothing was changed: copy the "
                         "file instead of linking it")


def atomic_write(work: Path, path: Path, payload: bytes) -> None:
    """Replace `path` with `payload` through a temp file in `work` (same file system)."""
    check_writable(path)
    tmp = write_temp(work, path.name, payload)
    try:
        keep_owner(tmp, path)
        pause()
        os.replace(tmp, path)
    except OSError as exc:
        _unlink(tmp)
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
    fsync_dir(path.parent)


def _unlink(path: str | Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def duplicate_keys(raw: bytes) -> list[str]:
    """Keys given more than once in one JSON object (a union merge or a careless
    conflict fix): a parser keeps one of them and drops the others."""
    import json

    repeated: list[str] = []

    def pairs(items: list) -> dict:
        keys = [k for k, _ in items]
        if len(set(keys)) != len(keys):
            repeated.extend(k for k in dict.fromkeys(keys) if keys.count(k) > 1)
        return dict(items)

    try:
        json.loads(raw, object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return []
    return list(dict.fromkeys(repeated))


def parse(raw: bytes, path: Path | str, *, strict: bool = False) -> Any:
    """Parse a file's bytes; a broken file is reported, never repaired here.

    `strict` (before a write): a file that is not canonical is also looked at
    for duplicated keys, which stop the write rather than lose a side.
    """
    try:
        data = jsonread.loads(raw)
    except ValueError as exc:
        raise StoreError(f"{path} is not valid JSON ({exc}); it was left as is. "
                         "Run `recs doctor` for details, or restore it from git") from None
    if strict and raw.count(b"[") + raw.count(b"{") > jsonread.WRITABLE_DEPTH and jsonread.too_deep(data):
        dumps(data)  # refused in orjson's words ("Recursion limit reached"), as a write of it is
    if strict and not jsonread.canonical(data, raw) and (twice := duplicate_keys(raw)):
        raise StoreError(f"{path} gives {twice[0]!r} more than once (a merge that kept both sides?); "
                         "it was left as is. Keep what each side added in one key by hand; "
                         "`recs doctor` lists every such key")
    return data
