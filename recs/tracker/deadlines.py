"""Deadlines: what is overdue and what falls due soon, by actor (`recs due`,
and the report's "overdue" and "due soon").

A due date may be reduced precision (`2025-02`): it falls due on the last
day it covers. A recommendation is due for each of its actors whose status
(their own, where one was recorded, else the recommendation's) is still open.
"""

from recs.core import dates, statuses
from recs.tracker import timeline
from recs.tracker.actors import Names


def open_actors(record: dict) -> list[str]:
    """The actors for whom the recommendation is still open."""
    return [a for a, s in timeline.actor_statuses(record).items() if statuses.is_open(s)]


def classify(record: dict, today: str, horizon: str) -> tuple[str, dict] | None:
    """`("overdue", row)`, `("due_soon", row)` or None. Overdue: its last day is
    before `today`; due soon: from `today` to `horizon`, both included."""
    due = record.get("due")
    last = dates.due_day(due)  # (None for one edited into no date: `recs doctor` names it)
    if last is None:
        return None
    if last > horizon:
        return None
    actors = open_actors(record)
    if not actors:
        return None
    row = {"id": record["id"], "title": record["title"], "status": record["status"], "due": due,
           "due_last_day": last, "actors": list(record["actors"]), "open_actors": actors}
    return ("overdue" if last < today else "due_soon"), row


def build(records, *, today: str, horizon: str, names: Names | None = None) -> dict:
    """Every deadline: the overdue and the due soon, each soonest first, and the
    same by actor (an actor listed once for each recommendation still open for them;
    `names`: the tracker's, so that spellings and aliases of one actor are one)."""
    found: dict[str, list[dict]] = {"overdue": [], "due_soon": []}
    for r in records:
        hit = classify(r, today, horizon)
        if hit:
            found[hit[0]].append(hit[1])
    for rows in found.values():
        rows.sort(key=lambda row: row["due_last_day"])
    actors: dict[str, dict] = {}
    key = (names or Names()).key  # one actor however spelt, or by an alias
    for kind, rows in found.items():
        for row in rows:
            for actor in row["open_actors"]:
                entry = actors.setdefault(key(actor), {"actor": (names or Names()).resolve(actor),
                                                       "overdue": [], "due_soon": []})
                if row["id"] not in entry[kind]:
                    entry[kind].append(row["id"])
    by_actor = sorted(actors.values(), key=lambda a: (-len(a["overdue"]), -len(a["due_soon"]), a["actor"].casefold()))
    return {"today": today, "horizon": horizon, "overdue": found["overdue"], "due_soon": found["due_soon"],
            "by_actor": by_actor}
