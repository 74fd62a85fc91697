"""Sharing a tracker through git: `recs git-setup` and the merge driver.

Each recommendation is its own file, so git merges edits to different
recommendations, and recommendations added by different people, line by
line with no help. Two edits to the same recommendation are merged by
`recs merge-driver` (git's `%O %A %B %L %P` protocol) at the level of the
record (`recs.tracker.merge`): evidence and history of both sides kept, a field
changed on both sides taking the later change with the other in the
history. `git-setup` enables the driver for the tracker's record files
(`.gitattributes`, local git config), ignores the work folder, and switches
new ids to short random ones, so that people adding on separate branches do
not pick the same id.
"""

import os
import shlex
import subprocess
import sys
from pathlib import Path

from recs.core.errors import RecsError

DRIVER = "recs"
ATTRIBUTE_NOTE = "# recs: merge two edits of one recommendation record by record (`recs git-setup`)"


def git(cwd: Path, *args: str, check: bool = True) -> str:
    """Run git; its output, or RecsError with what git said."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError:
        raise RecsError("git is not installed (or not on PATH)") from None
    if check and done.returncode != 0:
        raise RecsError(f"git {' '.join(args)} failed: {done.stderr.strip() or done.returncode}")
    return done.stdout.strip() if done.returncode == 0 else ""


def repo_root(folder: Path) -> Path | None:
    """The top of the git work tree `folder` is in, if any (without running git when there is no .git)."""
    if not any((p / ".git").exists() for p in (folder.resolve(), *folder.resolve().parents)):
        return None
    top = git(folder, "rev-parse", "--show-toplevel", check=False)
    return Path(top) if top else None


def _patterns(tracker: Path, top: Path) -> list[str]:
    rel = tracker.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if rel == "." else f"{rel}/"
    return [f"{prefix}recommendations/*.json merge={DRIVER}", f"{prefix}removed/*.json merge={DRIVER}"]


def driver_command() -> str:
    """How git should run this recs: this Python, so a venv need not be on PATH."""
    return f"{shlex.quote(sys.executable)} -m recs merge-driver %O %A %B %L %P"


def _add_lines(path: Path, lines: list[str], note: str) -> bool:
    """Append the lines `path` lacks (with `note` above them); whether it changed."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    have = {line.strip() for line in text.splitlines()}
    missing = [line for line in lines if line not in have]
    if not missing:
        return False
    lead = "" if not text or text.endswith("\n") else "\n"
    path.write_text(text + lead + "\n".join([note, *missing]) + "\n", encoding="utf-8")
    return True


def setup(tracker: Path) -> list[str]:
    """Enable the merge driver for the tracker at `tracker`; what was done, a line each (idempotent)."""
    top = repo_root(tracker)
    if top is None:
        raise RecsError(f"{tracker} is not in a git repository; run `git init` (or clone the team's "
                        "repository) first, then `recs git-setup`")
    done = []
    patterns = _patterns(tracker, top)
    if _add_lines(top / ".gitattributes", patterns, ATTRIBUTE_NOTE):
        done.append(f"{top / '.gitattributes'}: record files merged by recs ({'; '.join(patterns)})")
    rel = tracker.resolve().relative_to(top.resolve()).as_posix()
    ignore = ".recs/" if rel == "." else f"{rel}/.recs/"
    if _add_lines(top / ".gitignore", [ignore], "# recs's lock, temp and journal files"):
        done.append(f"{top / '.gitignore'}: ignores {ignore}")
    wanted = {f"merge.{DRIVER}.name": "recs: merge one recommendation record",
              f"merge.{DRIVER}.driver": driver_command()}
    for key, value in wanted.items():
        if git(top, "config", "--local", "--get", key, check=False) != value:
            git(top, "config", "--local", key, value)
            done.append(f"git config {key} = {value}")
    return done


def check(tracker: Path) -> list[str]:
    """What is missing for merges of this clone to go through the driver (empty: all set, or not in git)."""
    top = repo_root(tracker)
    if top is None:
        return []
    missing = []
    if not git(top, "config", f"merge.{DRIVER}.driver", check=False):
        missing.append("the merge driver is not configured in this clone")
    probe = _patterns(tracker, top)[0].split(" ")[0].replace("*", "R1")
    attr = git(top, "check-attr", "merge", "--", probe, check=False)
    if not attr.endswith(f": {DRIVER}"):
        missing.append(".gitattributes does not send the record files to it")
    return missing


def merge_driver(base: Path, ours: Path, theirs: Path, marker_size: str, where: str) -> tuple[int, str]:
    """Merge one record file as git asks (`%O %A %B %L %P`): the result goes into
    `ours`. Returns the exit code and what to tell the person."""
    from recs.tracker.merge import MergeConflict, canonical, merge_bytes
    from recs.store.files import read_file

    try:
        result = merge_bytes(*(read_file(p, what="record file") for p in (base, ours, theirs)))
    except (MergeConflict, RecsError) as exc:
        size = marker_size if marker_size.isdigit() else "7"
        subprocess.run(["git", "merge-file", f"--marker-size={size}", "-L", "ours", "-L", "base",
                        "-L", "theirs", str(ours), str(base), str(theirs)], capture_output=True)
        return 1, (f"recs merge-driver: cannot merge {where} record by record ({exc}); git's conflict "
                   "markers are in the file. Edit it to keep both sides' changes, then `git add` it "
                   "(`recs doctor` checks it)")
    if isinstance(result, bytes):
        ours.write_bytes(result)
        return 0, ""
    from recs.store import jsonread

    orjson = jsonread.orjson()

    kept, other = (orjson.loads(r) for r in result)
    folder = Path(where).parent
    new_id = fresh_id(folder, other["id"])
    other = renumbered(other, new_id)
    ours.write_bytes(canonical(kept))
    (folder / f"{new_id}.json").write_bytes(canonical(other))
    return 1, (f"recs merge-driver: {kept['id']} was added on both sides as two different recommendations: "
               f"both are kept, the later one as {new_id} ({folder / (new_id + '.json')}). Check them, then "
               f"`git add {where} {folder / (new_id + '.json')}` and commit")


def fresh_id(folder: Path, taken: str) -> str:
    """An id no record file in `folder` (or its tracker's removed/) has."""
    from recs.store.store import new_ids

    tracker = folder.parent
    used = {p.stem for table in ("recommendations", "removed") if (tracker / table).is_dir()
            for p in (tracker / table).iterdir()} | {taken}
    random = _random_ids(tracker)
    return new_ids(used, 1, random=random)[0]


def _random_ids(tracker: Path) -> bool:
    from recs.store import jsonread

    orjson = jsonread.orjson()

    try:
        return orjson.loads((tracker / "tracker.json").read_bytes()).get("ids") == "random"
    except (OSError, ValueError, AttributeError):
        return False


def renumbered(record: dict, new_id: str) -> dict:
    """`record` under `new_id`, the change recorded in its history."""
    from recs.store.store import highest_change

    old = record["id"]
    entry = {"at": record["updated"], "by": "recs merge", "field": "id", "old": old, "new": new_id,
             "note": f"renumbered from {old} in a merge: {old} was added on both sides",
             "change": highest_change(record) + 1}
    return dict(record, id=new_id, history=[*record["history"], entry])


def in_git(path: Path) -> bool:
    return os.path.isdir(path) and repo_root(path) is not None
