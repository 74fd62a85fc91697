"""Shell completion of the values people type: ids, statuses, actors, tags
and briefs (typer's `autocompletion=` on the parameters that take them).

A completer never fails and never writes: with no tracker there it offers
nothing (it does not create the per-user one), and any failure offers
nothing rather than printing into the person's prompt. Ids and briefs are
the names of the tracker's files (a folder listing, fast at any size); actors
and tags are read from the records for at most `BUDGET` seconds, so a very
large tracker offers those found in that time. typer offers only the values
that start with what was typed, in its case.
"""

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

#: Seconds a completer may spend reading records (actors, tags).
BUDGET = 0.3
#: Up to this many matching ids are offered with their titles (read from their files).
TITLED = 50


def _never_fails(completer: Callable[..., list]) -> Callable[..., list]:
    def safe(ctx, incomplete):
        try:
            return completer(ctx, incomplete or "")
        except Exception:  # completion must not print a traceback into a shell prompt
            return []

    safe.__name__ = completer.__name__
    safe.__doc__ = completer.__doc__
    return safe


def _tracker(ctx) -> Path | None:
    """The tracker the command line names (`--db`, RECS_DB, the folder…), if it exists."""
    from recs.store import paths

    db = ctx.find_root().params.get("db") if ctx is not None else None
    path, _ = paths.resolve(db or os.environ.get("RECS_DB") or None)
    return path if paths.is_tracker(path) else None


def _names(folder: Path, incomplete: str) -> list[str]:
    """The record files' names in `folder` that start with `incomplete`."""
    from recs.store.store import natural_order

    with os.scandir(folder) as entries:
        names = [e.name[:-5] for e in entries if e.name.endswith(".json") and e.name.startswith(incomplete)]
    return natural_order(names)


@_never_fails
def ids(ctx, incomplete: str) -> list:
    """Recommendation ids (with their titles when few match)."""
    from recs.store.layout import RECS

    tracker = _tracker(ctx)
    if tracker is None:
        return []
    found = _names(tracker / RECS, incomplete)
    if len(found) > TITLED:
        return found
    import orjson

    titled = []
    for rec_id in found:
        try:
            title = orjson.loads((tracker / RECS / f"{rec_id}.json").read_bytes()).get("title") or ""
        except (OSError, ValueError, AttributeError):
            title = ""
        titled.append((rec_id, title))
    return titled


@_never_fails
def briefs(ctx, incomplete: str) -> list:
    """Brief ids."""
    from recs.store.layout import BRIEFS

    tracker = _tracker(ctx)
    return _names(tracker / BRIEFS, incomplete) if tracker is not None else []


def choices(values: tuple[str, ...]) -> Callable[..., list]:
    """A completer of fixed values (`--format`'s)."""
    def complete(incomplete: str) -> list:
        return [value for value in values if value.startswith(incomplete or "")]

    return complete


@_never_fails
def statuses(ctx, incomplete: str) -> list:
    """Status values, with their labels."""
    from recs.core.statuses import STATUSES

    return [(value, label) for value, (label, _) in STATUSES.items() if value.startswith(incomplete)]


@_never_fails
def status_filters(ctx, incomplete: str) -> list:
    """Status values and the groups `open` and `closed` (filters)."""
    from recs.core.statuses import GROUPS

    groups = [(group, f"any {group} status") for group in GROUPS if group.startswith(incomplete)]
    return statuses(ctx, incomplete) + groups


def _from_records(ctx, incomplete: str, field: str) -> list[str]:
    """The values of a list field (`actors`, `tags`) that start with `incomplete`."""
    tracker = _tracker(ctx)
    if tracker is None:
        return []
    found: dict[str, str] = {}
    for record in _records(tracker):
        for value in record.get(field) or ():
            if isinstance(value, str) and value.startswith(incomplete):
                found.setdefault(" ".join(value.casefold().split()), value)  # one actor, however spelt
    return sorted(found.values(), key=str.casefold)


def _records(tracker: Path) -> Iterator[dict[str, Any]]:
    """The tracker's records, for at most `BUDGET` seconds."""
    from recs.store import Store

    until = time.monotonic() + BUDGET
    for record in Store.open(tracker).scan():
        yield record
        if time.monotonic() > until:
            return


@_never_fails
def actors(ctx, incomplete: str) -> list:
    """Actor names in use."""
    return _from_records(ctx, incomplete, "actors")


@_never_fails
def tags(ctx, incomplete: str) -> list:
    """Tags in use."""
    return _from_records(ctx, incomplete, "tags")


@_never_fails
def owners(ctx, incomplete: str) -> list:
    """Owners in use."""
    return _from_records(ctx, incomplete, "owners")
