"""The store's lock: `flock` on `<store>.lock`, or filelock where flock is missing.

filelock locks with the same `flock` call on Unix, so both interoperate; it
is imported only where `fcntl` is unavailable (Windows) or the file system
refuses flock, because its import alone costs ~35 ms of every write command.
The kernel drops a flock when its process dies, so a killed recs leaves no
stale lock; the lock file stays in place so waiters share one inode.
"""

import os
import time
from pathlib import Path


class Timeout(Exception):
    """The lock stayed held by another process for the whole timeout."""


class StoreLock:
    def __init__(self, path: str | Path, timeout: float):
        self.path = str(path)
        self.timeout = timeout
        self._fd: int | None = None
        self._fallback = None

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
