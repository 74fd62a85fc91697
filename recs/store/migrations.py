"""Store layouts of earlier versions of recs, and how to bring them up to date.

Each migration turns the parsed contents of a schema-N store into schema N+1;
`upgrade` chains them. They work on plain dicts (no TinyDB) and are pure, so
they are easy to test and cannot half-apply: `recs.store.migrate` brings a
single-file store to schema 2 in memory, then writes it out as a folder.

Schema history:
- 1: tables `_meta`, `briefs`, `recommendations` (recs 0.1.0).
- 2: history entries carry `change`, the id of the command that wrote them
  (so `recs undo` can revert exactly one command), and a `removed` table keeps
  recommendations whose creation was undone, with their whole history.
- 3: the tracker is a folder, one file per brief and per recommendation
  (`recs.store.layout`); the `_meta` table's `last_number` is gone (ids in
  use are read from the folder). `recs.store.migrate` makes that step.
"""

from collections.abc import Callable
from typing import Any

from recs.core.errors import StoreError

Migration = Callable[[dict], dict]
MIGRATIONS: dict[int, Migration] = {}


def migration(from_version: int) -> Callable[[Migration], Migration]:
    """Register a function turning a schema-`from_version` store into the next."""

    def register(fn: Migration) -> Migration:
        MIGRATIONS[from_version] = fn
        return fn

    return register


def upgrade(data: dict, version: int, target: int, path: Any = "store") -> dict:
    """`data` (schema `version`) migrated step by step to schema `target`.

    Works on a copy (the steps may change what they are given); `data` is
    left as it was.
    """
    from recs.store import jsonread

    orjson = jsonread.orjson()

    data = orjson.loads(orjson.dumps(data))
    while version < target:
        step = MIGRATIONS.get(version)
        if step is None:
            raise StoreError(
                f"{path} has schema {version}, which this recs cannot migrate "
                f"(it knows {', '.join(map(str, sorted(MIGRATIONS))) or 'none'}); it was left as is"
            )
        data = step(data)
        version += 1
        data["_meta"]["1"]["schema_version"] = version
    return data


def _entries(data: dict):
    """Every history entry of every recommendation (skipping malformed ones)."""
    for rec in (data.get("recommendations") or {}).values():
        if isinstance(rec, dict) and isinstance(rec.get("history"), list):
            yield from (e for e in rec["history"] if isinstance(e, dict))


@migration(1)
def _v1_to_v2(data: dict) -> dict:
    """Give history entries change ids; add the `removed` table.

    Schema 1 recorded no change ids: entries written in the same second by
    the same person are taken to be one change (what one command wrote),
    numbered in time order from 1.
    """
    key = lambda e: (str(e.get("at")), str(e.get("by")))  # noqa: E731
    numbers = {k: n for n, k in enumerate(sorted({key(e) for e in _entries(data)}), start=1)}
    for entry in _entries(data):
        entry["change"] = numbers[key(entry)]
    data.setdefault("removed", {})
    return data
