"""The store file on disk: a TinyDB storage that is fast, atomic and diffable.

- reads with orjson, the garbage collector paused (parsing builds millions
  of objects the collector would otherwise scan again and again);
- writes sorted keys, two-space indent and a trailing newline, so that git
  diffs show exactly the records that changed;
- writes atomically: a temp file in the same directory, fsync, rename, fsync
  of the directory; a crash leaves the old file or the new one;
- keeps what it read in memory, so the many reads TinyDB makes during one
  command parse the file once.
"""

import gc
import os
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

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
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def dump_parts(data: Any) -> tuple[bytes, bytes]:
    """`dumps` as two parts, so a large store is not copied to add its newline."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS), b"\n"


def atomic_write(path: Path, payload: bytes | tuple[bytes, ...]) -> None:
    """Replace `path` with `payload` (bytes, or parts written one after the
    other) so that readers see old or new, never half."""
    import tempfile

    directory = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise StoreError(f"cannot write to {directory}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for part in (payload,) if isinstance(payload, bytes) else payload:
                handle.write(part)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
    _fsync_dir(directory)


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
    command that touches several tables still writes the file once.
    """

    def __init__(self, path: str | Path, data: Any = None):
        self.path = Path(path)
        self._data = data
        self.deferred = False
        self.dirty = False

    def read(self) -> Any:
        if self._data is None:
            self._data = parse(load_bytes(self.path), self.path)
        return self._data

    def write(self, data: Any) -> None:
        self._data = data
        if self.deferred:
            self.dirty = True
        else:
            atomic_write(self.path, dump_parts(data))

    def flush(self) -> None:
        """Write what deferred writes left in memory."""
        if self.dirty:
            atomic_write(self.path, dump_parts(self._data))
            self.dirty = False
