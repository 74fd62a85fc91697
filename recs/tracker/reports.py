"""The progress report: one model, rendered by every format.

`build()` returns a dict (also the `--format json` output): title,
organisation and period; the headline counts by status; a table grouped by
status, actor or brief; a trend; what is overdue and due soon; every
recommendation with its latest evidence; what moved in a period (status
changes and evidence, by the day they took effect, `recs.tracker.timeline`); and
what is stale. `sections()` turns it into the titled tables that the
terminal, Markdown and HTML renderers all show, so the formats agree.
"""

import gc
from collections import namedtuple
from collections.abc import Iterable
from datetime import date, timedelta

from recs.core import dates, fields, statuses
from recs.core.words import plural
from recs.tracker import deadlines, timeline
from recs.tracker.actors import Names

GROUPINGS = ("status", "actor", "brief", "owner")
DEFAULT_STALE_DAYS = 90
NO_BRIEF = "(no brief)"
NO_OWNER = "(no owner)"
#: How many rows of a list (overdue, stale, changes) tables and pages show;
#: `--format json` always has them all.
SHOWN = {"overdue": 25, "due_soon": 25, "stale": 25, "changes": 100, "recommendations": 500}
AUDIENCES = ("internal", "external")
DEFAULT_WITHIN_DAYS = 30


def shown(rep: dict, key: str) -> tuple[list[dict], str]:
    """The rows of a report list to show, and a line saying how many are left out."""
    rows = rep[key] or []
    limit = SHOWN[key]
    if len(rows) <= limit:
        return rows, ""
    return rows[:limit], f"… and {len(rows) - limit} more (`--format json` lists them all)."


def text_bar(share: float, width: int = 20) -> str:
    """A share as a text bar (`[########............]`), for plain text and Markdown."""
    filled = round(width * share / 100)
    return "[" + "#" * filled + "." * (width - filled) + "]"


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


def _keys(record: dict, by: str) -> list[tuple[str, str]]:
    """The groups a record counts in, each with the status it counts with there
    (by actor: the actor's own status where one was recorded)."""
    if by == "status":
        return [(record["status"], record["status"])]
    if by == "actor":
        return list(timeline.actor_statuses(record).items())
    if by == "owner":
        return [(o, record["status"]) for o in record.get("owners") or ()] or [(NO_OWNER, record["status"])]
    return [(record.get("brief") or NO_BRIEF, record["status"])]


class Spellings:
    """The groups of names (actors, owners) by `key`, each shown as its most used
    spelling (of equals, the first met), or as the name an alias stands for."""

    def __init__(self, key, resolve) -> None:
        self.key, self.resolve = key, resolve
        self.counts: dict[str, dict[str, int]] = {}

    def group(self, name: str) -> str:
        k = self.key(name)
        seen = self.counts.setdefault(k, {})
        spelling = self.resolve(name)
        seen[spelling] = seen.get(spelling, 0) + 1
        return k

    def label(self, k: str) -> str:
        seen = self.counts.get(k)
        return max(seen, key=seen.__getitem__) if seen else k


def groups(buckets: dict[str, dict[str, int]], by: str, total: int, label=None) -> list[dict]:
    """One row per group (`buckets`: the counts by status of each): counts by
    status and shares of the group.

    By actor, a recommendation counts once for each of its actors, so the
    rows may add up to more than the total.
    """
    rows: list[dict] = []
    for key, by_status in buckets.items():
        count = sum(by_status.values())
        rows.append({
            "group": label(key) if label else key,
            "label": statuses.label(key) if by == "status" else label(key) if label else key,
            "count": count,
            "percent": percent(count, total),
            "by_status": by_status,
            "implemented_percent": percent(by_status["implemented"], count),
        })
    if by != "status":
        rows.sort(key=lambda row: (-row["count"], row["group"].casefold()))
    return rows


def _brief_row(record: dict, **extra) -> dict:
    return {"id": record["id"], "title": record["title"], "status": record["status"],
            "actors": list(record["actors"]), "due": record.get("due"), **extra}


def recommendation_row(record: dict) -> dict:
    """What the report lists of every recommendation: title, actors (with their own
    statuses where recorded), status, due, and the latest evidence."""
    evidence = record.get("evidence") or []
    latest = None
    if evidence:
        ev, newest = evidence[0], ""
        for entry in evidence:  # the latest by the day it took effect; of one day, the last listed
            when = timeline.evidence_day(entry)
            if when >= newest:
                ev, newest = entry, when
        latest = {"id": ev.get("id"), "date": ev.get("date"), "summary": ev.get("summary"),
                  "url": ev.get("url"), "source": ev.get("source")}
    own = {a: s for a, s in (record.get("actor_status") or {}).items() if a in record["actors"]}
    return {"id": record["id"], "title": record["title"], "status": record["status"],
            "actors": list(record["actors"]), "actor_status": own, "due": record.get("due"),
            "evidence_count": len(evidence), "latest_evidence": latest}


#: Changes whenever `summary()` does: a cached summary of another version is made again.
SUMMARY_VERSION = 1
#: What a report of today reads of a record as it is (filters, groups, deadlines, rows).
_KEPT = ("id", "title", "status", "actors", "actor_status", "due", "brief", "owners", "tags", "fields", "archived")


def summary(record: dict) -> dict:
    """All a report of today (no --as-of, period or trend) needs of one recommendation:
    the fields its filters, groups and deadlines read, the day it came to exist, the
    days things happened to it (its last activity as of any day is the latest of them),
    and its row of the report. A small dict, kept between reports (`Store.derived`)."""
    entries = timeline.active(record.get("history") or [])
    days = {timeline.day(e) for _, e in entries if e.get("field") != "evidence"}
    days.update(timeline.evidence_day(ev) for ev in record.get("evidence") or ())
    kept = {k: record[k] for k in _KEPT if k in record}
    return {**kept, "born": timeline.born(record, entries), "days": sorted(days), "row": recommendation_row(record)}


def last_activity(summed: dict, when: str) -> str:
    """`timeline.last_change(record, when)`, from its `summary()`."""
    last = summed["born"]
    for day in summed["days"]:
        if last < day <= when:
            last = day
    return last


def _title(title: str | None, briefs: dict[str, dict], seen: set[str]) -> tuple[str, str]:
    """The report's title and the line under it: `--title`, else the brief's own."""
    used = [briefs[b] for b in sorted(seen) if b in briefs]
    if len(used) == 1:
        b = used[0]
        sub = f"Brief by {b['publisher']}, {dates.readable(b['published'])}"
        return (title or b["title"]), (f"{b['title']} ({sub})" if title else sub)
    sub = f"{len(used)} briefs" if used else ""
    return title or "Progress report", sub


def _trend(paths: list[tuple[str, list[tuple[str, str]]]], first: str, last: str, unit: str) -> list[dict]:
    """The count of each status at the end of every period from `first` to `last`."""
    ends = dates.period_ends(first, last, unit)
    series = [dict.fromkeys(statuses.STATUSES, 0) for _ in ends]
    for born, path in paths:
        k = 0
        current = None
        for i, end in enumerate(ends):
            if end < born:
                continue
            while k < len(path) and path[k][0] <= end:
                current = path[k][1]
                k += 1
            if current is not None:
                series[i][current] = series[i].get(current, 0) + 1
    out = []
    for end, counts in zip(ends, series):
        total = sum(counts.values())
        out.append({"period": dates.period_name(end, unit), "end": end, "total": total, "by_status": counts,
                    "implemented_percent": percent(counts["implemented"], total)})
    return out


def build(records: Iterable[dict], *, by: str = "status", as_of: str | None = None, start: str | None = None,  # noqa: C901
          end: str | None = None, trend: str | None = None, horizon: str | None = None,
          stale_days: int = DEFAULT_STALE_DAYS, today: str | None = None, audience: str = "internal",
          title: str | None = None, organisation: str | None = None, briefs: Iterable[dict] = (),
          narrowed: Iterable[tuple[str, str]] = (), names: Names | None = None, summarised: bool = False) -> dict:
    """Every figure of a progress report, as plain data (also the `--format json`
    output), from one pass over `records` (in id order; it may be a stream).

    The tracker is shown as it stood at the end of the report's day: `as_of`,
    else `end`, else today. With `start`, also what moved from `start` to that
    day (status changes and evidence that took effect then, and the counts on
    the eve of `start`). `trend`: counts at the end of every month, quarter or
    year since the first recommendation existed. `horizon`: the last day of
    "due soon" (default: 30 days on). `audience="external"` leaves out what is
    internal: the stale list, who recorded a change, notes.

    `narrowed`: what the records were filtered to, in words (the header says
    it); `names`: the tracker's actor names (spellings and aliases of one
    actor are one group). A report of today (no `as_of`, `start`, `trend`)
    reads each record's `summary()`; `summarised`: `records` are those already.
    """
    today = today or dates.today()
    day = as_of or end or today
    if start is not None:
        end = day
    dated = day != today  # as of today: the records as they are
    horizon = horizon or dates.shift(day, DEFAULT_WITHIN_DAYS)
    cutoff = (date.fromisoformat(day) - timedelta(days=stale_days)).isoformat()
    eve = dates.shift(start, -1) if start else None
    by_status = dict.fromkeys(statuses.STATUSES, 0)
    at_start = dict.fromkeys(statuses.STATUSES, 0) if start else None
    buckets = {s: dict.fromkeys(statuses.STATUSES, 0) for s in statuses.STATUSES} if by == "status" else {}
    overdue: list[dict] = []
    due_soon: list[dict] = []
    stale, changed, rows, paths = [], [], [], []
    brief_ids: set[str] = set()
    names = names or Names()
    spell = Spellings(names.key if by == "actor" else fields.name_key, names.resolve if by == "actor" else str)
    grouped = by in ("actor", "owner")
    first = None
    enabled = gc.isenabled()
    gc.disable()  # the rows kept here would make the collector rescan them again and again
    today_only = not dated and not start and not trend
    if summarised and not today_only:
        raise ValueError("internal: a report as of a day, of a period or with a trend reads whole records")
    try:
        for r in records:
            if today_only:  # from each record's summary: no history to go through but its days
                view = r if summarised else summary(r)
                born = view["born"]
                if born <= day:
                    first = born if first is None else min(first, born)
            else:
                entries = timeline.active(r.get("history") or [])
                born = timeline.born(r, entries)
                if trend:
                    paths.append((born, timeline.status_path(r)))
                if born <= day:
                    first = born if first is None else min(first, born)
                if start:
                    before = timeline.as_of(r, eve)
                    if before is not None:
                        at_start[before["status"]] += 1
                    changed += timeline.moves(r, start, end)
                view = timeline.as_of(r, day) if dated else r
                if view is None:
                    continue
            if view.get("brief"):
                brief_ids.add(view["brief"])
            status = view["status"]
            by_status[status] = by_status.get(status, 0) + 1
            keys = _keys(view, by)
            if grouped:  # one actor (owner) however spelt, counted once per record
                once: dict[str, str] = {}
                for k, c in keys:
                    once.setdefault(spell.group(k), c)
                keys = list(once.items())
            for key, counted in keys:
                bucket = buckets.get(key) or buckets.setdefault(key, dict.fromkeys(statuses.STATUSES, 0))
                bucket[counted] = bucket.get(counted, 0) + 1
            hit = deadlines.classify(view, day, horizon)
            if hit:
                (overdue if hit[0] == "overdue" else due_soon).append(hit[1])
            if statuses.is_open(status):  # by the days things happened, as of today or not
                last = last_activity(view, day) if today_only else \
                    view["updated"][:10] if dated else timeline.last_change(r, day, entries, born)
                if last < cutoff:
                    stale.append(_brief_row(view, last_activity=last))
            rows.append(view["row"] if today_only else recommendation_row(view))
    finally:
        gc.freeze()  # the rows kept stay out of later collections too (rendering 100,000 of them)
        if enabled:
            gc.enable()
    overdue.sort(key=lambda row: row["due_last_day"])  # stable: records come in id order
    due_soon.sort(key=lambda row: row["due_last_day"])
    stale.sort(key=lambda row: row["last_activity"])
    changed.sort(key=lambda item: (item["day"], item["at"] or ""))
    external = audience == "external"
    if external:
        changed = [{k: v for k, v in c.items() if k not in ("by", "note", "at")} for c in changed]
    head = headline(by_status)
    heading, subtitle = _title(title, {b["id"]: b for b in briefs}, brief_ids)
    if start:
        period = {"from": start, "to": end, "label": f"{dates.readable(start)} – {dates.readable(end)}"}
    else:
        period = {"from": None, "to": day, "label": f"As of {dates.readable(day)}"}
    return {
        "title": heading,
        "subtitle": subtitle,
        "organisation": organisation,
        "audience": audience,
        "period": period,
        "generated": dates.now(),
        "today": day,
        **head,
        "at_start": at_start,
        "by": by,
        "groups": groups(buckets, by, head["total"], spell.label if grouped else None),
        "narrowed": [{"what": what, "values": values} for what, values in narrowed],
        "horizon": horizon,
        "overdue": overdue,
        "due_soon": due_soon,
        "stale_days": None if external else stale_days,
        "stale": None if external else stale,
        "recommendations": rows,
        "changes": changed if start else None,
        "trend_by": trend,
        "trend": _trend(paths, first or day, day, trend) if trend else None,
    }


# -- the report as a document: the sections every format renders -----------
# (`collections.namedtuple`: `typing.NamedTuple` and `dataclasses` would cost a daily
# command their imports, ~5 ms each)
class Link(namedtuple("Link", "text url")):
    """A cell that links to `url` (evidence); formats without links show both."""

    __slots__ = ()


class Status(namedtuple("Status", "value")):
    """A cell that is a status (formats may colour it or add a swatch)."""

    __slots__ = ()


class Section(namedtuple("Section", "key heading headers rows more empty numeric", defaults=("", "None.", ()))):
    """One titled table of the report: `key`, `heading`, `headers` (str), `rows` (lists of
    str, `Link` or `Status` cells), `more` (a line under it), `empty` (said when it has no
    rows), `numeric` (the indexes of its columns of numbers)."""

    __slots__ = ()


def _actors(row: dict) -> str:
    own = row.get("actor_status") or {}
    return "; ".join(f"{a} ({statuses.label(own[a])})" if a in own else a for a in row["actors"])


def _evidence_cell(ev: dict | None):
    if not ev:
        return ""
    text = f"{dates.readable(ev.get('date'))}: {ev.get('summary') or ''}"
    if ev.get("source"):
        text += f" ({ev['source']})"
    return Link(text, ev["url"]) if ev.get("url") else text


def change_cell(c: dict):
    """What one change in the period was, as a cell."""
    if c["kind"] == "status":
        who = f"{c['actor']}: " if c.get("actor") else "Status: "
        old = statuses.label(c["old"]) if c.get("old") else "(none)"
        new = statuses.label(c["new"]) if c.get("new") else "(the recommendation's)"
        return f"{who}{old} → {new}"
    text = f"Evidence: {c.get('summary') or ''}"
    if c.get("source"):
        text += f" ({c['source']})"
    return Link(text, c["url"]) if c.get("url") else text


def status_rows(rep: dict) -> tuple[list[str], list[list], tuple[int, ...]]:
    """The count of each status (at both ends of a period, when there is one)."""
    total = rep["total"]
    if rep.get("at_start") is not None:
        eve = dates.readable(dates.shift(rep["period"]["from"], -1))
        head = ["Status", f"On {eve}", f"On {dates.readable(rep['today'])}", "Share"]
        rows = [[Status(s), f"{rep['at_start'][s]:,}", f"{rep['by_status'][s]:,}",
                 f"{percent(rep['by_status'][s], total):.1f}%"] for s in statuses.STATUSES]
        rows.append(["Total", f"{sum(rep['at_start'].values()):,}", f"{total:,}", "100.0%" if total else "0.0%"])
        return head, rows, (1, 2, 3)
    rows = [[Status(s), f"{rep['by_status'][s]:,}", f"{percent(rep['by_status'][s], total):.1f}%"]
            for s in statuses.STATUSES]
    rows.append(["Total", f"{total:,}", "100.0%" if total else "0.0%"])
    return ["Status", "Count", "Share"], rows, (1, 2)


def moved_line(rep: dict) -> str:
    """`2 implemented → 4 implemented, …`: the statuses whose counts moved in the period."""
    if rep.get("at_start") is None:
        return ""
    parts = [f"{rep['at_start'][s]} {statuses.label(s).lower()} → {rep['by_status'][s]} {statuses.label(s).lower()}"
             for s in statuses.STATUSES if rep["at_start"][s] != rep["by_status"][s]]
    return "; ".join(parts) if parts else "no status counts moved"


def narrowed_line(rep: dict) -> str:
    """`Only: Actor Armenia; Status Open`: what the report was narrowed to ('' if nothing)."""
    parts = [f"{n['what']} {n['values']}" for n in rep.get("narrowed") or ()]
    return f"Only: {'; '.join(parts)}" if parts else ""


def headline_line(rep: dict) -> str:
    """The headline figures, once."""
    total = rep["total"]
    return (f"{plural(total, 'recommendation', grouped=True)}: {rep['implemented_percent']:.1f}% implemented, "
            f"{rep['closed_percent']:.1f}% closed (implemented or not).")


def sections(rep: dict) -> list[Section]:
    """The report's tables, in order, for every format (terminal, md, html)."""
    out = []
    head, rows, numeric = status_rows(rep)
    out.append(Section("status", "Status", head, rows, numeric=numeric))
    if rep["by"] != "status":
        short = {"partial": "Partial"}
        head = [rep["by"].capitalize(), "Total"] + [short.get(s, statuses.label(s)) for s in statuses.STATUSES] \
            + ["Implemented %"]
        rows = [[g["label"], f"{g['count']:,}"] + [f"{g['by_status'][s]:,}" for s in statuses.STATUSES]
                + [f"{g['implemented_percent']:.1f}%"] for g in rep["groups"]]
        out.append(Section("groups", f"By {rep['by']}", head, rows, numeric=tuple(range(1, len(head)))))
    if rep.get("trend"):
        head = ["Period", "End"] + [statuses.label(s) for s in statuses.STATUSES] + ["Implemented %"]
        rows = [[t["period"], dates.readable(t["end"])] + [f"{t['by_status'][s]:,}" for s in statuses.STATUSES]
                + [f"{t['implemented_percent']:.1f}%"] for t in rep["trend"]]
        out.append(Section("trend", f"Trend by {rep['trend_by']}", head, rows, numeric=tuple(range(2, len(head)))))
    for key, heading in (("overdue", "Overdue"),
                         ("due_soon", f"Due soon (by {dates.readable(rep['horizon'])})")):
        items, more = shown(rep, key)
        out.append(Section(key, f"{heading} ({len(rep[key])})", ["ID", "Title", "Status", "Due", "Still open for"],
                           [[r["id"], r["title"], Status(r["status"]), dates.readable(r["due"]),
                             "; ".join(r["open_actors"])] for r in items], more))
    items, more = shown(rep, "recommendations")
    out.append(Section("recommendations", f"Recommendations ({len(rep['recommendations'])})",
                       ["ID", "Title", "Actors", "Status", "Due", "Latest evidence"],
                       [[r["id"], r["title"], _actors(r), Status(r["status"]), dates.readable(r["due"]) or "–",
                         _evidence_cell(r["latest_evidence"]) or "–"] for r in items], more,
                       empty="No recommendations."))
    if rep["changes"] is not None:
        items, more = shown(rep, "changes")
        external = rep["audience"] == "external"
        head = ["Date", "ID", "Recommendation", "Change"] + ([] if external else ["By", "Note"])
        rows = [[dates.readable(c["day"]), c["id"], c["title"], change_cell(c)]
                + ([] if external else [c.get("by") or "", c.get("note") or ""]) for c in items]
        out.append(Section("changes", f"What changed, {rep['period']['label']} ({len(rep['changes'])})",
                           head, rows, more, empty="Nothing changed in this period."))
    if rep.get("stale") is not None:
        items, more = shown(rep, "stale")
        out.append(Section("stale", f"Stale: no change in {rep['stale_days']} days ({len(rep['stale'])})",
                           ["ID", "Title", "Status", "Last activity", "Actors"],
                           [[r["id"], r["title"], Status(r["status"]), dates.readable(r["last_activity"]),
                             "; ".join(r["actors"])] for r in items], more))
    return out


def cell_text(cell) -> str:
    """A cell as plain text (a link shows its address after its text)."""
    if isinstance(cell, Link):
        return f"{cell.text} <{cell.url}>"
    if isinstance(cell, Status):
        return statuses.label(cell.value)
    return "" if cell is None else str(cell)
