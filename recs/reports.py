"""Progress figures for `recs report`: plain data, rendered elsewhere.

`build()` returns a dict (also the `--format json` output): the headline
counts by status, a table grouped by status, actor or brief, the
recommendations that need attention (overdue, stale) and, with `since`,
what changed: status changes and evidence recorded on or after that date.
"""

import gc
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


def counts(records: list[dict]) -> dict[str, int]:
    """How many records have each status, every status present."""
    out = dict.fromkeys(statuses.STATUSES, 0)
    for r in records:
        out[r["status"]] = out.get(r["status"], 0) + 1
    return out


def headline(records: list[dict]) -> dict:
    """Totals: how many, by status, and the shares closed and implemented."""
    total = len(records)
    by_status = counts(records)
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


def groups(records: list[dict], by: str) -> list[dict]:
    """One row per group: counts by status and shares of the group.

    By actor, a recommendation counts once for each of its actors, so the
    rows may add up to more than the total.
    """
    buckets: dict[str, list[dict]] = {}
    if by == "status":
        buckets = {s: [] for s in statuses.STATUSES}
    for r in records:
        for key in _keys(r, by):
            buckets.setdefault(key, []).append(r)
    total = len(records)
    rows = []
    for key, members in buckets.items():
        by_status = counts(members)
        rows.append({
            "group": key,
            "label": statuses.label(key) if by == "status" else key,
            "count": len(members),
            "percent": percent(len(members), total),
            "by_status": by_status,
            "implemented_percent": percent(by_status["implemented"], len(members)),
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


def attention(records: list[dict], today: str, stale_days: int) -> tuple[list[dict], list[dict]]:
    """Open recommendations past their due date, and those left alone too long."""
    cutoff = (date.fromisoformat(today) - timedelta(days=stale_days)).isoformat()
    overdue, stale = [], []
    for r in records:
        if not statuses.is_open(r["status"]):
            continue
        if is_overdue(r, today):
            overdue.append(_brief_row(r, due_last_day=dates.last_day(r["due"])))
        last = last_activity(r)
        if last[:10] < cutoff:
            stale.append(_brief_row(r, last_activity=last))
    overdue.sort(key=lambda row: row["due_last_day"])  # stable: records come in id order
    stale.sort(key=lambda row: row["last_activity"])
    return overdue, stale


def changes(records: list[dict], since: str) -> list[dict]:
    """Status changes and evidence recorded on or after `since`, newest first."""
    out = []
    for r in records:
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
    out.reverse()  # so that entries of the same second come latest first too
    out.sort(key=lambda item: item["at"], reverse=True)
    return out


def build(records: list[dict], *, by: str = "status", since: str | None = None,
          stale_days: int = DEFAULT_STALE_DAYS, today: str | None = None) -> dict:
    """Every figure of a progress report, as plain data."""
    today = today or dates.today()
    enabled = gc.isenabled()
    gc.disable()  # the rows built here would make the collector rescan the whole store
    try:
        overdue, stale = attention(records, today, stale_days)
    finally:
        if enabled:
            gc.enable()
    report = {
        "generated": dates.now(),
        "today": today,
        **headline(records),
        "by": by,
        "groups": groups(records, by),
        "stale_days": stale_days,
        "overdue": overdue,
        "stale": stale,
        "since": since,
        "changes": changes(records, since) if since else None,
    }
    return report
