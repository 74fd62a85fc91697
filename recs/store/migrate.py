"""Bringing a single-file store of an earlier recs (schema 1 or 2) into a folder.

Pointing recs at such a file (`--db data/recs.json`, `RECS_DB`, or the old
per-user file) converts it into the tracker folder beside it, named by the
file's stem (`data/recs/`), and says so; the file itself is kept unchanged.
The conversion is all or nothing (the folder is built under a temp name and
renamed into place) and refused on a damaged file. It holds the old store's
lock (`recs.json.lock`, which earlier recs versions also take), so a second
command waits and then uses the folder.
"""

from pathlib import Path

from recs.core.errors import StoreError
from recs.core.notices import notify
from recs.store import files
from recs.store.layout import BRIEFS, RECS, REMOVED, SETTINGS, check_record, empty_settings, is_tracker

#: The largest single-file store recs converts.
LEGACY_LIMIT = 4 * 1024 ** 3


def folder_for(path: Path) -> Path:
    """The tracker folder `path` names: itself, or the folder the single-file
    store at `path` was (or is now) converted into."""
    if not path.is_file():
        return path
    target = path.with_suffix("") if path.suffix == ".json" else path.with_name(path.name + ".tracker")
    if is_tracker(target):
        notify(f"{path} was converted into the tracker folder {target}; using that (point --db at it)")
        return target
    read(path)  # a damaged file is refused before anything is made beside it (even a lock file)
    from recs.store import lock

    lock_file = Path(f"{path}.lock")
    try:
        with lock.locked(lock_file, path):
            if is_tracker(target):
                return target  # converted by another command while this one waited
            convert(path, target)
    finally:
        lock_file.unlink(missing_ok=True)  # nothing is left beside the file: a later command takes it anew
    return target


def convert(path: Path, target: Path) -> None:
    """Write the single-file store at `path` out as the tracker folder `target`."""
    from recs.store.store import build

    contents, version = read(path)
    if target.exists() and not (target.is_dir() and not any(target.iterdir())):
        raise StoreError(f"cannot convert {path} into {target}: {target} exists and is not a tracker; "
                         "both were left as is")
    build(target, contents)
    notify(f"Converted {path} (schema {version}) into the tracker folder {target}; "
           f"{path} is kept unchanged. Use --db {target} from now on")


def read(path: Path) -> tuple[dict[str, bytes], int]:
    """The files of the tracker folder a single-file store becomes, and its schema;
    refuses a damaged file."""
    raw = files.read_file(path, LEGACY_LIMIT, what="single-file store")
    data = files.parse(raw, path, strict=True)
    if not isinstance(data, dict) or not isinstance(data.get("_meta"), dict) \
            or not isinstance(data["_meta"].get("1"), dict):
        raise StoreError(f"{path} is a file, not a tracker folder nor a recs store; it was left as is")
    version = data["_meta"]["1"].get("schema_version")
    if type(version) is not int or version < 1:
        raise StoreError(f"{path} has no valid schema_version; it was left as is")
    if version > 2:
        raise StoreError(f"{path} says schema {version}, but a single-file store is schema 1 or 2; "
                         "it was left as is")
    from recs.store import migrations

    data = migrations.upgrade(data, version, 2, path)
    contents = {SETTINGS: files.dumps(empty_settings())}
    for table in (BRIEFS, RECS, REMOVED):
        docs = data.get(table)
        if not isinstance(docs, dict):
            raise StoreError(f"{path} has no valid {table} table; it was left as is")
        for key, doc in docs.items():
            if not key or "/" in key or "\\" in key or key.startswith("."):
                raise StoreError(f"{path}: {table} id {key!r} cannot name a file; it was left as is")
            check_record(table, key, doc, f"{path} ({table} {key!r})")
            contents[f"{table}/{key}.json"] = files.dumps(doc)
    return contents, version
