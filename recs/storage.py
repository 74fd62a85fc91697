"""The store file on disk: a TinyDB storage that is fast, atomic and diffable.

- reads with orjson, the garbage collector paused (parsing builds millions
  of objects the collector would otherwise scan again and again);
- writes sorted keys, two-space indent and a trailing newline, so that git
  diffs show exactly the records that changed;
- writes atomically: a temp file in the same directory, fsync, rename, fsync
  of the directory; a crash leaves the old file or the new one (and a temp
  file, which the next locked write removes); a symlinked store is written
  through the link;
- keeps what it read in memory, so the many reads TinyDB makes during one
  command parse the file once;
- reads the big tables record by record where the file allows it
  (`recs.lazytable`): a command parses only the records it uses, and a
  write copies the bytes of the others as they were.
"""

import gc
import os
import time
import zlib
from functools import cache
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from recs import lazytable
from recs.errors import StoreError


def load_bytes(path: Path) -> bytes:
    """Read a store file, turning OS errors into a clear StoreError."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise StoreError(
            f"no store at {path}; create one with `recs init --db {path}`"
        ) from None
    except IsADirectoryError:
        raise StoreError(f"{path} is a directory, not a store file") from None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None


def parse(raw: bytes, path: Path) -> Any:
    """Parse store bytes; a broken file is reported, never repaired here.

    The parsed store is moved out of the collector's sight (`gc.freeze`):
    it holds no reference cycles, and otherwise the first collections after
    parsing would walk all of its millions of objects again (100,000
    records: over a second). Refcounting still frees it as usual.
    """
    if not raw or raw.isspace():  # isspace stops at the first other byte; strip() would copy the file
        raise StoreError(f"{path} is empty (not a recs store); it was left as is")
    enabled = gc.isenabled()
    gc.disable()
    try:
        data = orjson.loads(raw)
        gc.freeze()
        return data
    except orjson.JSONDecodeError as exc:
        raise StoreError(
            f"{path} is not valid JSON ({exc}); it was left as is. "
            "Run `recs doctor` for details, or restore it from git or a backup"
        ) from None
    finally:
        if enabled:
            gc.enable()


def dumps(data: Any) -> bytes:
    """Serialise deterministically: sorted keys, indent 2, trailing newline."""
    try:
        return orjson.dumps(data, option=lazytable.OPTIONS) + b"\n"
    except orjson.JSONEncodeError as exc:  # e.g. text that is not valid UTF-8 (--as)
        raise StoreError(f"cannot save the store: {exc}; nothing was changed") from None


#: Test aid only (tests/test_crash.py): seconds to pause at each step of a
#: write, so that a SIGKILL lands mid-write. Changes timing, never content.
WRITE_PAUSE_ENV = "RECS_TEST_WRITE_PAUSE"


def _write_pause() -> float:
    try:
        return float(os.environ.get(WRITE_PAUSE_ENV) or 0)
    except ValueError:
        return 0.0


def _temp_file(path: Path) -> tuple[int, str]:
    try:
        import tempfile  # here: only writes need it (~1 ms of every read otherwise)

        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise StoreError(f"cannot write to {path.parent}: {exc.strerror or exc}") from None


def read_store(raw: bytes, path: Path, lazy: dict[str, lazytable.Check] | None = None) -> Any:
    """Parse store bytes, the tables named in `lazy` record by record when the
    file's layout allows (`recs.lazytable`; `lazy[name]` checks one record)."""
    if lazy:
        data = lazytable.load(raw, lazy, cache(lambda: parse(raw, path)))
        if data is not None:
            return data
    return parse(raw, path)


def checksum(parts: bytes | tuple) -> str:
    """Size and CRC-32 of a file's bytes (or of parts written one after the other)."""
    crc = size = 0
    for part in [parts] if isinstance(parts, bytes) else parts:
        crc = zlib.crc32(part, crc)
        size += len(part)
    return f"{size}:{crc:08x}"


def dump_parts(data: Any) -> tuple:
    """`dumps` in parts, so a large store is not copied to add its newline, and
    the records of lazy tables that were not parsed are copied as they were."""
    lazy = sorted(name for name, table in data.items() if isinstance(table, lazytable.LazyTable))
    try:
        head = orjson.dumps({name: {} if name in lazy else table for name, table in data.items()},
                            option=lazytable.OPTIONS)
        parts: list = []
        pos = 0
        for name in lazy:
            marker = b"\n  " + orjson.dumps(name) + b": {}"
            at = head.index(marker, pos) + len(marker) - 2
            parts.append(head[pos:at])
            parts += data[name].parts()
            pos = at + 2
        parts += [head[pos:] if pos else head, b"\n"]
        return tuple(parts)
    except orjson.JSONEncodeError as exc:  # e.g. text that is not valid UTF-8 (--as)
        raise StoreError(f"cannot save the store: {exc}; nothing was changed") from None


def _fill(fd: int, payload: bytes | tuple[bytes, ...]) -> None:
    """Write and fsync the temp file's contents (bytes, or parts one after the other)."""
    with os.fdopen(fd, "wb") as handle:
        pause = _write_pause()
        if pause and not isinstance(payload, bytes):
            payload = b"".join(payload)
        if not isinstance(payload, bytes):
            for part in payload:
                handle.write(part)
        elif pause:  # test aid: write in pieces, slowly
            step = max(1, len(payload) // 8)
            for start in range(0, len(payload), step):
                handle.write(payload[start:start + step])
                handle.flush()
                time.sleep(pause)
        else:
            handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())


def check_writable(path: Path) -> None:
    """Refuse to replace a file made read-only on purpose (the rename would not stop at it)."""
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise StoreError(f"{path} is read-only; nothing was changed (make it writable to change it)")


def atomic_write(path: Path, payload: bytes | tuple[bytes, ...]) -> None:
    """Replace `path` with `payload` (bytes, or parts written one after the
    other) so that readers see old or new, never half."""
    if path.is_symlink():  # keep the link: write the file it points to
        path = Path(os.path.realpath(path))
    check_writable(path)
    fd, tmp = _temp_file(path)
    try:
        _fill(fd, payload)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        if _write_pause():
            time.sleep(_write_pause())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
    _fsync_dir(path.parent)


def atomic_create(path: Path, payload: bytes) -> None:
    """Create `path` with `payload`, atomically, failing if it exists (never replaces)."""
    fd, tmp = _temp_file(path)
    try:
        _fill(fd, payload)
        os.chmod(tmp, 0o644)
        try:
            os.link(tmp, path)  # atomic, and refuses to replace
        except FileExistsError:
            raise StoreError(f"a store already exists at {path}; it was left as is") from None
        except OSError:  # no hard links here (some network drives): next best
            if path.exists():
                raise StoreError(f"a store already exists at {path}; it was left as is") from None
            os.replace(tmp, path)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    _fsync_dir(path.parent)


def remove_temp_files(path: Path) -> None:
    """Remove temp files a killed writer left beside `path` (call holding the lock)."""
    real = Path(os.path.realpath(path))
    prefix = f".{real.name}."  # as `_temp_file` names them
    try:
        leftovers = [e.path for e in os.scandir(real.parent) if e.name.startswith(prefix) and e.name.endswith(".tmp")]
    except OSError:
        return
    for leftover in leftovers:
        try:
            os.unlink(leftover)
        except OSError:
            pass


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (best effort where unsupported)."""
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


class FileStorage(Storage):
    """TinyDB storage over one store file; see the module docstring.

    While `deferred` is true, writes stay in memory until `flush()`, so a
    command that touches several tables still writes the file once. `lazy`
    names the tables to read record by record, with each one's record check.
    """

    def __init__(self, path: str | Path, data: Any = None, lazy: dict[str, lazytable.Check] | None = None):
        self.path = Path(path)
        self._data = data
        self._lazy = lazy
        self.deferred = False
        self.dirty = False
        #: the bytes read, while lazy tables refer to them
        self.raw: bytes | None = None

    def read(self) -> Any:
        if self._data is None:
            raw = load_bytes(self.path)
            self._data = read_store(raw, self.path, self._lazy)
            if isinstance(self._data, dict) and any(
                    isinstance(t, lazytable.LazyTable) for t in self._data.values()):
                self.raw = raw
        return self._data

    def write(self, data: Any) -> None:
        self._data = data
        if self.deferred:
            self.dirty = True
        else:
            atomic_write(self.path, dump_parts(data))

    def flush(self) -> str | None:
        """Write what deferred writes left in memory; returns the written file's `checksum`."""
        if not self.dirty:
            return None
        parts = dump_parts(self._data)
        atomic_write(self.path, parts)
        self.dirty = False
        return checksum(parts)
