"""Progress figures for `recs report`: plain data, rendered elsewhere.

`build()` returns a dict (also the `--format json` output): the headline
counts by status, a table grouped by status, actor or brief, the
recommendations that need attention (overdue, stale) and, with `since`,
what changed: status changes and evidence recorded on or after that date.
"""

import gc
from collections.abc import Iterable
from datetime import date, timedelta

from recs import dates, statuses
from recs.queries import is_overdue

GROUPINGS = ("status", "actor", "brief")
DEFAULT_STALE_DAYS = 90
NO_BRIEF = "(no brief)"
#: How many rows of a list (overdue, stale, changes) tables and pages show;
#: `--format json` always has them all.
SHOWN = {"overdue": 25, "stale": 25, "changes": 100}


def shown(rep: dict, key: str) -> tuple[list[dict], str]:
    """The rows of a report list to show, and a line saying how many are left out."""
    rows = rep[key] or []
    limit = SHOWN[key]
    if len(rows) <= limit:
        return rows, ""
    return rows[:limit], f"… and {len(rows) - limit} more (`--format json` lists them all)."


def percent(part: int, whole: int) -> float:
    """A share in percent, one decimal; 0 of 0 is 0."""
    return round(100.0 * part / whole, 1) if whole else 0.0


def headline(by_status: dict[str, int]) -> dict:
    """Totals: how many, by status, and the shares closed and implemented."""
    total = sum(by_status.values())
    closed = sum(by_status[s] for s in statuses.CLOSED)
    return {
        "total": total,
        "by_status": by_status,
        "open": total - closed,
        "closed": closed,
        "implemented_percent": percent(by_status["implemented"], total),
        "closed_percent": percent(closed, total),
    }


def _keys(record: dict, by: str) -> list[str]:
    if by == "status":
        return [record["status"]]
    if by == "actor":
        return list(record["actors"])
    return [record.get("brief") or NO_BRIEF]


def groups(buckets: dict[str, dict[str, int]], by: str, total: int) -> list[dict]:
    """One row per group (`buckets`: the counts by status of each): counts by
    status and shares of the group.

    By actor, a recommendation counts once for each of its actors, so the
    rows may add up to more than the total.
    """
    rows = []
    for key, by_status in buckets.items():
        count = sum(by_status.values())
        rows.append({
            "group": key,
            "label": statuses.label(key) if by == "status" else key,
            "count": count,
            "percent": percent(count, total),
            "by_status": by_status,
            "implemented_percent": percent(by_status["implemented"], count),
        })
    if by != "status":
        rows.sort(key=lambda row: (-row["count"], row["group"].casefold()))
    return rows


def last_activity(record: dict) -> str:
    """When the record last changed or got evidence (a timestamp)."""
    latest = record.get("updated") or record.get("created") or ""
    for ev in record.get("evidence") or ():
        latest = max(latest, ev.get("added") or "")
    return latest


def _brief_row(record: dict, **extra) -> dict:
    return {"id": record["id"], "title": record["title"], "status": record["status"],
            "actors": list(record["actors"]), "due": record.get("due"), **extra}


def changes(r: dict, since: str) -> list[dict]:
    """The status changes and evidence of one record recorded on or after `since`."""
    out = []
    evidence = {e["id"]: e for e in r.get("evidence") or ()}
    for h in r.get("history") or ():
        if h["field"] not in ("status", "evidence") or h["at"][:10] < since:
            continue
        item = {"at": h["at"], "by": h["by"], "id": r["id"], "title": r["title"],
                "kind": h["field"], "note": h.get("note")}
        if h["field"] == "status":
            item.update(old=h.get("old"), new=h.get("new"))
        else:
            ev = evidence.get(h.get("new"), {})
            summary = ev.get("summary") or h.get("note")
            item.update(evidence=h.get("new"), date=ev.get("date"), summary=summary,
                        url=ev.get("url"), source=ev.get("source"),
                        note=None if h.get("note") == summary else h.get("note"))
        out.append(item)
    return out


def build(records: Iterable[dict], *, by: str = "status", since: str | None = None,
          stale_days: int = DEFAULT_STALE_DAYS, today: str | None = None) -> dict:
    """Every figure of a progress report, as plain data, from one pass over
    `records` (in id order; it may be a stream)."""
    today = today or dates.today()
    cutoff = (date.fromisoformat(today) - timedelta(days=stale_days)).isoformat()
    by_status = dict.fromkeys(statuses.STATUSES, 0)
    buckets = {s: dict.fromkeys(statuses.STATUSES, 0) for s in statuses.STATUSES} if by == "status" else {}
    overdue, stale, changed = [], [], []
    enabled = gc.isenabled()
    gc.disable()  # the rows kept here would make the collector rescan them again and again
    try:
        for r in records:
            status = r["status"]
            by_status[status] = by_status.get(status, 0) + 1
            for key in _keys(r, by):
                bucket = buckets.get(key) or buckets.setdefault(key, dict.fromkeys(statuses.STATUSES, 0))
                bucket[status] = bucket.get(status, 0) + 1
            if statuses.is_open(status):
                if is_overdue(r, today):
                    overdue.append(_brief_row(r, due_last_day=dates.last_day(r["due"])))
                last = last_activity(r)
                if last[:10] < cutoff:
                    stale.append(_brief_row(r, last_activity=last))
            if since:
                changed += changes(r, since)
    finally:
        if enabled:
            gc.enable()
    overdue.sort(key=lambda row: row["due_last_day"])  # stable: records come in id order
    stale.sort(key=lambda row: row["last_activity"])
    changed.reverse()  # so that entries of the same second come latest first too
    changed.sort(key=lambda item: item["at"], reverse=True)
    head = headline(by_status)
    return {
        "generated": dates.now(),
        "today": today,
        **head,
        "by": by,
        "groups": groups(buckets, by, head["total"]),
        "stale_days": stale_days,
        "overdue": overdue,
        "stale": stale,
        "since": since,
        "changes": changed if since else None,
    }
