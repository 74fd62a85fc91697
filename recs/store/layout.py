"""The tracker folder: its names, and what a valid file in it holds.

    tracker/                 the folder named by --db / RECS_DB, or found
      tracker.json           settings: the schema version (nothing that changes on every write)
      briefs/<id>.json       one file per brief
      recommendations/<id>.json
                             one file per recommendation, named by its id
      removed/<id>.json      recommendations whose creation was undone, with their history
      .recs/                 lock, temp and journal files; its own .gitignore (`*`)
                             keeps it out of git without the user doing anything

`check_record` refuses a record the commands could not work on (`recs doctor`
checks everything else with the pydantic models).
"""

from __future__ import annotations

from pathlib import Path

from recs import SCHEMA_VERSION
from recs.core.errors import StoreError
from recs.core.statuses import STATUSES

TYPE_CHECKING = False  # (typing is for the type checker: its import is ~5 ms of a report)
if TYPE_CHECKING:
    from typing import Any

SETTINGS = "tracker.json"
#: The settings key of the actor aliases (`recs.tracker.actors`).
ALIASES = "actor_aliases"
BRIEFS, RECS, REMOVED = "briefs", "recommendations", "removed"
TABLES = (BRIEFS, RECS, REMOVED)
WORK = ".recs"
SUFFIX = ".json"


def is_tracker(folder: Path) -> bool:
    """Whether `folder` is a tracker folder (it holds the settings file; git keeps
    no empty folder, so a fresh clone of a new tracker may have no table folders)."""
    return (folder / SETTINGS).is_file()


def record_id(name: str) -> str | None:
    """The id a file in a table folder holds, or None for what is not a record file."""
    if name.endswith(SUFFIX) and not name.startswith("."):
        return name[: -len(SUFFIX)]
    return None


def empty_settings() -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION}


def check_settings(settings: Any, path: Path) -> dict:
    """The settings of a tracker this recs can use; refuses others."""
    if not isinstance(settings, dict):
        raise StoreError(f"{path} is not a recs settings file (not a JSON object); it was left as is")
    version = settings.get("schema_version")
    if type(version) is not int or version < 1:
        raise StoreError(f"{path} has no valid schema_version; it was left as is")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path.parent} was written by a newer recs (schema {version}); this recs reads "
                         f"schema {SCHEMA_VERSION} and older. Upgrade recs to use it; it was left as is")
    if version < SCHEMA_VERSION:
        raise StoreError(f"{path} says schema {version}, which is a single-file store's; "
                         "it was left as is. Run `recs doctor` for details")
    aliases = settings.get(ALIASES, {})
    if not isinstance(aliases, dict) or not all(
            isinstance(v, str) and k.strip() and v.strip() and "\n" not in k + v for k, v in aliases.items()):
        raise StoreError(f"{path}: {ALIASES} must map names to names, e.g. "
                         '{"EU": "European Union"}; it was left as is')
    return settings


#: What every recommendation must have for the commands to work on it.
_SHAPE = (("title", str), ("actors", list), ("status", str), ("evidence", list),
          ("history", list), ("created", str), ("updated", str))
_OPTIONAL = (("text", str), ("quote", str), ("brief", str), ("due", str), ("tags", list), ("fields", dict),
             ("owners", list))
_EVIDENCE = ("id", "date", "summary", "added", "by")
_HISTORY = ("at", "by", "field")
_BRIEF_SHAPE = (("title", str), ("publisher", str), ("published", str))


def _names_ok(values: list) -> bool:
    for value in values:
        if type(value) is not str:
            return False
    return True


def _entries_ok(entries: list, keys: tuple[str, ...]) -> bool:
    """Every entry an object whose `keys` are strings (plain loops: this runs for
    every record a list or report reads)."""
    for entry in entries:
        if type(entry) is not dict:
            return False
        get = entry.get
        for key in keys:
            if type(get(key)) is not str:
                return False
    return True


def _bad_field(table: str, doc: dict, deep: bool) -> str | None:
    """The first field of `doc` the commands could not work on, or None;
    `deep`: looking inside its lists as well."""
    get = doc.get
    for field, kind in _BRIEF_SHAPE if table == BRIEFS else _SHAPE:
        if not isinstance(get(field), kind):
            return field
    if table == BRIEFS:
        return None
    for field, kind in _OPTIONAL:  # type: ignore[assignment]  # (str, type) pairs, as above
        value = get(field)
        if value is not None and not isinstance(value, kind):
            return field
    if not deep:
        return None
    if not _names_ok(doc["actors"]):
        return "actors"
    if not _names_ok(get("tags") or []):
        return "tags"
    if not _names_ok(get("owners") or []):
        return "owners"
    if not _names_ok(list((get("fields") or {}).values())):
        return "fields"
    if not _entries_ok(doc["evidence"], _EVIDENCE):
        return "evidence"
    if not _entries_ok(doc["history"], _HISTORY):
        return "history"
    return None


def check_record(table: str, key: str, doc: Any, path: Path | str, deep: bool = True) -> None:
    """Refuse a record of `table` that the commands could not work on; `deep`:
    look inside its lists too."""
    if not isinstance(doc, dict) or doc.get("id") != key:
        what = "is not a JSON object" if not isinstance(doc, dict) else f"holds id {doc.get('id')!r}, not {key!r}"
        raise StoreError(f"{path} {what}; it was left as is. Run `recs doctor` for details")
    field = _bad_field(table, doc, deep)
    if field is not None:
        raise StoreError(f"{path} has no valid {field!r}; it was left as is. Run `recs doctor` for details")
    if table != BRIEFS and doc["status"] not in STATUSES:
        raise StoreError(f"{path} has an unknown status {doc['status']!r}; it was left as is. "
                         "Run `recs doctor` for details")
