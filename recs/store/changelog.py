"""The log of what this clone's commands changed, for `recs undo`.

One line per command that wrote (`.recs/changes.ndjson`, in the work folder
git never sees): its change id, when, who, the records whose history it
stamped, and the records it wrote whole without a history entry of its own
(an import of a colleague's export or a backup brings records with their
own history), and the briefs new to the tracker it wrote without a history
entry of their own (`new_briefs`: an import's). For those records, the file as it was before is kept under
`.recs/undo/<change>/` (`null`: there was none), with a digest of what the
change wrote. The line is written just before the change itself and a
`{"done": change}` line just after, so a command killed in between leaves a
line for a change no record holds, which `recs undo` skips. `recs undo` goes by
this log, newest first, so it reaches the last command run in this clone
whatever change ids or clocks an import or a git merge brings, and reads
only the records that command touched.
"""

import os
from pathlib import Path

from recs.store import files, jsonread

LOG = "changes.ndjson"
BEFORE = "undo"


def append(work: Path, entry: dict) -> None:
    """Add one command's line, just before its write (best effort: the write
    stands even if the log cannot be written)."""
    orjson = jsonread.orjson()

    try:
        fd = os.open(work / LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, orjson.dumps(entry) + b"\n")
            files.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def entries(work: Path) -> list[dict]:
    """Every logged change, oldest first (lines that do not parse are skipped)."""
    try:
        raw = (work / LOG).read_bytes()
    except OSError:
        return []
    out, done = [], set()
    for line in raw.splitlines():
        try:
            entry = jsonread.loads(line)
        except ValueError:
            continue  # a line cut short by a crash
        if isinstance(entry, dict) and type(entry.get("change")) is int:
            out.append(entry)
        elif isinstance(entry, dict) and type(entry.get("done")) is int:
            done.add(entry["done"])
    for entry in out:
        entry["done"] = entry["change"] in done
    return out


def digest(content: bytes) -> str:
    import hashlib

    return hashlib.sha256(content).hexdigest()


def keep_before(work: Path, change: int, table: str, key: str, before: bytes) -> str:
    """Keep a record file's bytes from before `change` rewrote it whole; returns where."""
    folder = work / BEFORE / str(change) / table
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{key}.json").write_bytes(before)
    return f"{BEFORE}/{change}/{table}/{key}.json"
