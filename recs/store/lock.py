"""The store's lock: take it, and say who holds it.

`locked(lock_path, name)` holds the tracker's lock for a read-modify-write: it waits up to
RECS_LOCK_TIMEOUT seconds, says after a second who holds the lock (from the
note each holder writes into the lock file), and names the holder when it
gives up.

The lock itself (`StoreLock`) is `flock` on the lock file, or filelock where
flock is missing. filelock locks with the same `flock` call on Unix, so both
interoperate; it is imported only where `fcntl` is unavailable (Windows) or
the file system refuses flock, because its import alone costs ~35 ms of every
write command. The kernel drops a flock when its process dies, so a killed
recs leaves no stale lock; the lock file stays in place so waiters share one
inode.

The lock file is `.recs/lock` inside the tracker folder, reached through its
real path, so symlinks, `a/../a` and bind mounts to one tracker share one lock.
"""

import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from recs.core.errors import RecsError, StoreError
from recs.core.notices import notify

LOCK_TIMEOUT_ENV = "RECS_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0
#: After this many seconds of waiting for the lock, say who holds it.
LOCK_NOTICE_AFTER = 1.0


class Timeout(Exception):
    """The lock stayed held by another process for the whole timeout."""


class StoreLock:
    def __init__(self, path: str | Path, timeout: float):
        self.path = str(path)
        self.timeout = timeout
        self._fd: int | None = None
        self._fallback: Any = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:
            return self._acquire_fallback()
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        delay = 0.005
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._fd = fd
                return None
            except OSError as exc:
                import errno

                if exc.errno == errno.ENOSYS:  # a file system without flock
                    os.close(fd)
                    return self._acquire_fallback()
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    os.close(fd)
                    raise
            if time.monotonic() >= deadline:
                os.close(fd)
                raise Timeout(self.path)
            time.sleep(delay)
            delay = min(delay * 2, 0.1)

    def _acquire_fallback(self) -> None:
        from filelock import FileLock
        from filelock import Timeout as FileLockTimeout

        self._fallback = FileLock(self.path, timeout=self.timeout)
        try:
            self._fallback.acquire()
        except FileLockTimeout:
            raise Timeout(self.path) from None

    def release(self) -> None:
        if self._fd is not None:
            import fcntl

            try:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None
        elif self._fallback is not None:
            self._fallback.release()
            self._fallback = None


def lock_timeout() -> float:
    raw = os.environ.get(LOCK_TIMEOUT_ENV)
    if not raw:
        return DEFAULT_LOCK_TIMEOUT
    try:
        return max(0.0, float(raw))
    except ValueError:
        raise RecsError(f"invalid {LOCK_TIMEOUT_ENV} {raw!r}; give seconds, e.g. 10") from None


def _holder(lock_path: Path) -> str:
    """Who holds the lock, from what the holder wrote into the lock file.

    The note stays after release; a note by a process that has ended is an
    earlier holder's (its lock died with it), so it is not believed."""
    try:
        with open(lock_path, "rb") as handle:
            info = json.loads(handle.read(_CLAIM_SIZE).decode("utf-8").strip() or "{}")
        pid, host = int(info["pid"]), str(info["host"])
    except (OSError, ValueError, KeyError, TypeError):
        return "another recs command"
    if host == _hostname():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:  # an earlier holder's note: the kernel freed its lock when it ended
            return "another recs command"
        except OSError:
            pass
    return f"`{info.get('command', 'recs')}` (pid {pid} on {host}, by {info.get('user', '?')} since {info.get('since', '?')})"


def _hostname() -> str:
    """This machine's name: `socket.gethostname()`, without importing socket (~5 ms) where
    `os.uname()` gives the same."""
    try:
        return os.uname().nodename
    except AttributeError:  # Windows
        import socket

        return socket.gethostname()


_CLAIM_SIZE = 1024


def _claim(lock_path: Path, clear: bool = False) -> None:
    """Write who holds the lock into the lock file (best effort; for error messages);
    `clear`: blank it out, on release."""
    import getpass

    from recs.core import dates

    try:
        user = os.environ.get("RECS_USER") or getpass.getuser()
    except Exception:  # no login name in some containers
        user = "unknown"
    info = {"pid": os.getpid(), "host": _hostname(), "user": user,
            "command": " ".join(["recs", *sys.argv[1:]])[:120], "since": dates.now()}
    # written in place, padded to a fixed size: truncating a file costs a
    # journal commit on some file systems, and this is on every write's path
    record = (json.dumps(info, ensure_ascii=True)[:_CLAIM_SIZE - 1] + "\n").ljust(_CLAIM_SIZE).encode()
    if clear:
        record = b" " * _CLAIM_SIZE
    try:
        fd = os.open(lock_path, os.O_WRONLY)
        try:
            os.pwrite(fd, record, 0)
        finally:
            os.close(fd)
    except OSError:
        pass


def _take(lock_path: Path, timeout: float):
    """The OS lock on `lock_path`, acquired within `timeout` seconds (raises
    `Timeout` otherwise); the returned lock has `release()`.

    `flock`, as filelock does on Unix (so both interoperate), without
    filelock's ~35 ms import on every write; filelock where flock is missing."""
    lock = StoreLock(str(lock_path), timeout=timeout)
    lock.acquire()
    return lock


@contextmanager
def locked(lock_path: Path, path: Path | str) -> Iterator[None]:
    """Hold the store's lock (an OS lock, released by the kernel if the process dies).

    Waits up to RECS_LOCK_TIMEOUT seconds; after a second says who holds it;
    on timeout, a StoreError names the holder.
    """
    timeout = lock_timeout()
    try:
        try:
            lock = _take(lock_path, min(timeout, LOCK_NOTICE_AFTER))
        except Timeout:
            if timeout <= LOCK_NOTICE_AFTER:
                raise
            notify(f"Waiting for {path}: it is locked by {_holder(lock_path)} …")
            lock = _take(lock_path, timeout - LOCK_NOTICE_AFTER)
    except Timeout:
        raise StoreError(
            f"{path} is locked by {_holder(lock_path)}; waited {timeout:g} s. Try again when it has "
            f"finished, or wait longer with {LOCK_TIMEOUT_ENV}=SECONDS"
        ) from None
    except OSError as exc:
        raise StoreError(f"cannot lock {path}: {exc.strerror or exc}") from None
    try:
        _claim(lock_path)
        yield
    finally:
        _claim(lock_path, clear=True)  # a later waiter must not name this process
        lock.release()
