"""Filters for `recs list`: status, actor, brief, tag, overdue, free text."""

import re
from dataclasses import dataclass, field

from recs import dates, statuses


@dataclass
class Filter:
    """What a `list` asks for; empty fields match everything."""

    statuses: set[str] = field(default_factory=set)
    actor: str | None = None
    brief: str | None = None
    tags: list[str] = field(default_factory=list)
    overdue: bool = False
    search: str | None = None
    today: str = ""

    def matcher(self):
        """A predicate over raw records, built once for the whole list."""
        checks = []
        if self.statuses:
            wanted = self.statuses
            checks.append(lambda r: r["status"] in wanted)
        if self.brief:
            brief = self.brief.lower()
            checks.append(lambda r: (r.get("brief") or "").lower() == brief)
        if self.actor:
            # the name, or a word of it onwards: `un` finds "UN" and "United Nations"
            pattern = re.compile(r"(?<!\w)" + re.escape(self.actor.strip()), re.IGNORECASE)
            checks.append(lambda r: any(pattern.search(a) for a in r["actors"]))
        for tag in self.tags:
            t = tag.strip().lower()
            checks.append(lambda r, t=t: any(x.lower() == t for x in r.get("tags") or ()))
        if self.overdue:
            today = self.today or dates.today()
            checks.append(lambda r: is_overdue(r, today))
        if self.search:
            needle = self.search.casefold()
            checks.append(lambda r: needle in searchable(r))
        return lambda r: all(check(r) for check in checks)


def is_overdue(record: dict, today: str) -> bool:
    """Past its due date (the last day a `YYYY-MM` covers) and still open."""
    due = record.get("due")
    return bool(due) and statuses.is_open(record["status"]) and dates.last_day(due) < today


def searchable(record: dict) -> str:
    """The text `--search` looks in, case-folded."""
    parts = [record["id"], record["title"], record.get("text") or "", record.get("quote") or ""]
    parts += record["actors"] + list(record.get("tags") or ())
    for ev in record.get("evidence") or ():
        parts += [ev.get("summary") or "", ev.get("source") or "", ev.get("url") or ""]
    return "\n".join(parts).casefold()


def select(records: list[dict], flt: Filter) -> list[dict]:
    """The records that match the filter, order kept."""
    match = flt.matcher()
    return [r for r in records if match(r)]
