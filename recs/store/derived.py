"""What a command works out from each recommendation, kept for its next run:
`.recs/derived-<name>.marshal` (a report's summary of each record, say).

A report reads every record file: a thousand opens, reads, parses and checks,
then goes through each history, where a small summary of each would do.
`Store.derived(name, version, work_out)` gives `work_out(record)` for every
recommendation; it takes a record's result from here when the record's file
is the very file it was worked out from (same inode, size, modification and
change times: one `os.stat`, no open), and reads the file otherwise. It is a
copy, never the truth: it lives in the work folder (`.recs/`, which git
ignores); a table changed by anything but recs (its checksum, a CRC-32 of its
entries, no longer matches), damaged or of another version is ignored and made
again; a run that worked nothing out anew leaves it as it is. The file is one
line of JSON saying what it holds (`stamp`, with the Python that wrote it) and
its checksum, then the entries in Python's `marshal` format: it loads a
thousand summaries in ~2 ms, where json takes ~8 and orjson ~3 after ~10 ms of
start-up. (`marshal` is for data Python itself wrote; this file is only ever
written by recs, checked by its checksum, and never shared: `.recs/` is not in git.)

Two limits keep it honest and small:
- a file changed in the last `SETTLE_NS` (2 s) is not kept: a change made
  within the clock's tick after it was read could leave its times as they
  were (git's "racily clean" files); it is read again until it settles;
- a tracker of more than `LARGEST` recommendations is read file by file, as
  before, so that a command on 100,000 of them holds no such table.
"""

from __future__ import annotations

import json
import marshal
import os
import sys
import time
import zlib
from pathlib import Path

from recs.core.errors import StoreError
from recs.store import files, jsonread

TYPE_CHECKING = False  # (typing is for the type checker: its import is ~5 ms of a report)
if TYPE_CHECKING:
    from typing import Any

FORMAT = 2
LARGEST = 5000
SETTLE_NS = 2_000_000_000
#: Test aid: the settling time, in nanoseconds (tests write records and read them at once).
SETTLE_ENV = "RECS_TEST_CACHE_SETTLE_NS"


def signature(info: os.stat_result) -> list[int]:
    """What tells one state of a file from another without reading it."""
    return [info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


class Kept:
    """One run's use of one kept table: `get()` for each record in turn, `put()` what
    was worked out anew, `save()` at the end of a whole pass."""

    def __init__(self, work: Path, name: str, version: int) -> None:
        self.path = work / f"derived-{name}.marshal"
        self.stamp = [FORMAT, name, version, "{}.{}".format(*sys.version_info), marshal.version]
        self.kept = self._read()
        self.used: dict[str, list[int]] = {}  # id → signature, of the results taken from here
        self.fresh: dict[str, bytes] = {}  # id → an entry worked out now, marshalled
        settle = os.environ.get(SETTLE_ENV)
        self.settled_before = time.time_ns() - (int(settle) if settle and settle.isdigit() else SETTLE_NS)

    def get(self, key: str, path: str) -> tuple[bool, Any] | None:
        """(archived, result) kept for the record `key` if its file is unchanged, else None
        (KeyError when the file is gone)."""
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise KeyError(key) from None
        except OSError:
            return None  # the read says why
        entry = self.kept.get(key)
        if entry is None or entry[0] != signature(info):
            return None
        self.used[key] = entry[0]
        return entry[1], entry[2]

    def put(self, key: str, info: os.stat_result, archived: bool, result: Any) -> None:
        """Keep what was worked out from the file `info` describes (once it has settled)."""
        if max(info.st_mtime_ns, info.st_ctime_ns) < self.settled_before:
            try:
                self.fresh[key] = marshal.dumps([signature(info), archived, result])  # now: before anyone changes it
            except ValueError:  # (not plain data: not kept)
                pass

    def save(self) -> None:
        """After a whole pass: keep what it worked out anew (never fails: it is a copy)."""
        if not self.fresh:
            return
        temp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            before = self._read()  # as written: what this run was given may since have been changed
            entries = {key: before[key] for key, sig in self.used.items()
                       if key not in self.fresh and before.get(key, [None])[0] == sig}
            entries.update((key, marshal.loads(data)) for key, data in self.fresh.items())
            body = marshal.dumps(entries)
            head = json.dumps({"stamp": self.stamp, "crc": zlib.crc32(body)}).encode()
            temp.write_bytes(head + b"\n" + body)
            os.replace(temp, self.path)
            self.path.with_name(f"derived-{self.stamp[1]}.json").unlink(missing_ok=True)  # (earlier versions kept it as JSON)
        except (OSError, ValueError, TypeError):
            pass
        finally:
            if temp.exists():
                temp.unlink()

    def _read(self) -> dict[str, list]:
        """The kept entries by id ({} for a missing, changed, damaged or other version's table)."""
        try:
            data = files.read_file(self.path, what="kept table")  # (a FIFO: not waited on)
            end = data.index(b"\n")
            about, body = jsonread.loads(data[:end]), memoryview(data)[end + 1:]  # (the entries not copied)
            if about.get("stamp") != self.stamp or about.get("crc") != zlib.crc32(body):
                return {}
            records = marshal.loads(body)
            return {k: v for k, v in records.items() if isinstance(v, list) and len(v) == 3}
        except (OSError, StoreError, ValueError, EOFError, TypeError, AttributeError):
            return {}


def opened(work: Path, name: str, version: int, count: int) -> Kept | None:
    """The kept table `name` for a pass over `count` records, where the tracker has a
    work folder (a read never makes one) and is not too large for it."""
    return Kept(work, name, version) if count <= LARGEST and os.path.isdir(work) else None
