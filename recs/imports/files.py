"""The files users name: reading inputs (imports, mappings) and writing
`export --output`, with one clear error each.

Inputs are checked with `os.stat` before they are opened: a FIFO, a device
(`/dev/zero`), a socket or a directory is refused without being opened, and
so is a file larger than `INPUT_MAX` (README: "Limits"), so nothing hangs
or fills the memory.

An output that exists and is not a regular file (a FIFO, a device,
`/dev/stdout`) is written into, as a shell's `>` would; it is never
replaced. A regular file is replaced atomically: written to a temp file
beside it (`.NAME.XXXX.recs-export`, which the store's writers never
sweep), then renamed over it. A writer holds a lock on its temp file while
it writes, so the next export to the same path removes the temp files of
killed exports (those nobody holds) and leaves running ones alone.
"""

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from recs.core.errors import RecsError

#: The largest file `recs import` (or a `--mapping`) reads: 2 GB.
INPUT_MAX = 2 * 1024**3
#: Suffix of an export's temp file (not `.tmp`: the store's writers sweep those).
TEMP_SUFFIX = ".recs-export"


def _size(n: int) -> str:
    return f"{n / 1024**3:.1f} GB" if n >= 1024**3 else f"{n:,} bytes"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_input(path: Path, what: str = "file") -> os.stat_result:
    """`os.stat` of a file a user gave to be read; RecsError unless it is a
    regular file of at most `INPUT_MAX` bytes."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise RecsError(f"no such file: {path}") from None
    except OSError as exc:
        raise RecsError(f"cannot read {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise RecsError(f"{path} is a directory, not a {what}")
    if not stat.S_ISREG(st.st_mode):
        raise RecsError(f"{path} is {_kind(st.st_mode)}, not a {what}; give a regular file")
    if st.st_size > INPUT_MAX:
        raise RecsError(f"{path} is too large ({_size(st.st_size)}; a {what} may be at most {_size(INPUT_MAX)})")
    return st


def read_input(path: Path, what: str = "file") -> bytes:
    """The bytes of a file a user gave; RecsError says why it cannot be read."""
    check_input(path, what)
    try:
        # O_NONBLOCK: should the path become a FIFO after the check, opening it never waits
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise RecsError(f"cannot read {path}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > INPUT_MAX:  # replaced since the check
            raise RecsError(f"{path} changed while it was opened; try again")
        try:
            return read_limited(handle, str(path), what)
        except OSError as exc:
            raise RecsError(f"cannot read {path}: {exc.strerror or exc}") from None


def read_stream(stream, name: str, what: str = "file") -> bytes:
    """All of a stream (stdin): a pipe, a terminal or a regular file, refused
    past `INPUT_MAX` bytes; a device (`< /dev/zero`) is refused unread."""
    try:
        st = os.fstat(stream.fileno())
    except (OSError, ValueError):
        st = None
    if st is not None and not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)
                               or stat.S_ISSOCK(st.st_mode) or stream.isatty()):
        raise RecsError(f"{name} is {_kind(st.st_mode)}, not a {what}; give a regular file or a pipe")
    if st is not None and stat.S_ISREG(st.st_mode) and st.st_size > INPUT_MAX:
        raise RecsError(f"{name} is too large ({_size(st.st_size)}; a {what} may be at most {_size(INPUT_MAX)})")
    try:
        return read_limited(stream, name, what)
    except OSError as exc:
        raise RecsError(f"cannot read {name}: {exc.strerror or exc}") from None


def read_limited(stream, name: str, what: str = "file") -> bytes:
    """All of an open file, refused past `INPUT_MAX` bytes."""
    data = stream.read(INPUT_MAX + 1)
    if len(data) > INPUT_MAX:
        raise RecsError(f"{name} is too large (over {_size(INPUT_MAX)}; a {what} may be at most {_size(INPUT_MAX)})")
    return data


# -- writing ---------------------------------------------------------------
def write_output(path: Path, pieces: Iterable[bytes]) -> None:
    """Write `pieces` to a file a user named: into it if it is a FIFO, a
    device or a terminal; else atomically, replacing a regular file (a
    symbolic link is kept: the file it points to is replaced)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise RecsError(f"cannot write {path}: {exc.strerror or exc}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise RecsError(f"{path} is a directory; give a file name")
    if st is not None and (not stat.S_ISREG(st.st_mode) or _names_a_descriptor(path)):
        _write_into(path, st, pieces)
    else:
        _replace(Path(os.path.realpath(path)), pieces)


def _names_a_descriptor(path: Path) -> bool:
    """`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`: an open file of the caller's
    (a shell's `>> file`), written into, never replaced."""
    text = os.path.abspath(path)
    return text in ("/dev/stdout", "/dev/stderr") or text.startswith(("/dev/fd/", "/proc/self/fd/"))


def _descriptor(path: Path) -> int:
    text = os.path.abspath(path)
    return {"/dev/stdout": 1, "/dev/stderr": 2}.get(text) or int(text.rsplit("/", 1)[1])


def _write_into(path: Path, st: os.stat_result, pieces: Iterable[bytes]) -> None:
    """Write into a FIFO, a device or a terminal, as `>` would (never replaced)."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0)
    if stat.S_ISFIFO(st.st_mode):
        flags |= getattr(os, "O_NONBLOCK", 0)  # no reader: refused at once instead of waiting for one
    try:
        if _names_a_descriptor(path):  # the caller's own open file (a shell's `>> file` appends), not opened anew
            fd, flags = os.dup(_descriptor(path)), os.O_WRONLY
        else:
            fd = os.open(path, flags)
    except OSError as exc:
        import errno

        if exc.errno == errno.ENXIO:
            raise RecsError(f"{path} is a FIFO that nothing reads; start its reader first") from None
        raise RecsError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        if flags & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "wb", closefd=False) as handle:
            for piece in pieces:
                handle.write(piece)
    except OSError as exc:
        raise RecsError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _replace(path: Path, pieces: Iterable[bytes]) -> None:
    """Replace a regular file atomically (temp file, fsync, rename)."""
    import fcntl
    import secrets

    from recs.store.files import fsync, fsync_dir, keep_owner

    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise RecsError(f"{path} is read-only; it was left as is")
    remove_stale_temp_files(path)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as exc:
        raise RecsError(f"cannot write to {path.parent}: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # held until the rename: this temp file is in use
        pause = _test_pause()
        with os.fdopen(fd, "wb", closefd=False) as handle:
            for piece in pieces:
                handle.write(piece)
                if pause:
                    handle.flush()
                    import time

                    time.sleep(pause)
            handle.flush()
            fsync(handle.fileno())
        keep_owner(str(tmp), path)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise RecsError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
    finally:
        os.close(fd)
    fsync_dir(path.parent)


def remove_stale_temp_files(path: Path) -> None:
    """Remove the temp files of killed exports to `path`: those whose lock nobody holds."""
    import fcntl

    prefix = f".{path.name}."
    try:
        names = [e.name for e in os.scandir(path.parent) if e.name.startswith(prefix) and e.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return
    for name in names:
        leftover = path.parent / name
        try:
            fd = os.open(leftover, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # OSError if held: an export is writing it
                os.unlink(leftover)
        except OSError:
            pass
        finally:
            os.close(fd)


def _test_pause() -> float:
    """Test aid (tests/store/test_special_files.py): `RECS_TEST_WRITE_PAUSE` (see
    `recs.storage`) makes an export pause after each piece it writes, so a
    SIGKILL lands mid-write. Changes timing, never content."""
    try:
        return float(os.environ.get("RECS_TEST_WRITE_PAUSE") or 0)
    except ValueError:
        return 0.0


def display_name(path: str) -> str:
    """A path as text for messages and history notes: bytes that are not
    UTF-8 (kept by Python as surrogates) shown as `\\udcff` escapes."""
    return path.encode("utf-8", "backslashreplace").decode("utf-8")
