"""Dates and timestamps: parsing user input, and the clock.

Dates are ISO 8601 calendar dates, `YYYY-MM-DD`, or reduced precision
`YYYY-MM` (the brief says "beyond February 2025") or `YYYY`.
Timestamps are UTC, `YYYY-MM-DDTHH:MM:SSZ`.
"""

import functools
import os
import re
from datetime import date, datetime, timedelta, timezone

from recs.core.errors import RecsError, UsageError

#: ASCII digits only: `\d` would also take `٢٠٢٤` or `２０２４`, which `int()` reads.
_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


#: The earliest year a date typed may have.
EARLIEST_YEAR = 1900


def month_days(year: int, month: int) -> int:
    """How many days the month has: the day before the next month's first (as
    `calendar.monthrange` says, without its import and locale's, ~3 ms)."""
    if month == 12:
        return 31  # (and year 9999 has no next year's first)
    return (date(year, month + 1, 1) - timedelta(days=1)).day


def parse_date(value: str, what: str = "date") -> str:
    """Validate a date typed by a user; return it in canonical form.

    Accepts `YYYY-MM-DD`, `YYYY-MM` and `YYYY`; rejects impossible dates
    such as `2025-02-30`. `today` is accepted as a convenience.
    """
    text = value.strip()
    if text.lower() == "today":
        return today()
    match = _DATE.match(text)
    if match:
        year, month, day = match.groups()
        if int(year) < EARLIEST_YEAR:  # (a day before and a span back must stay dates)
            raise RecsError(f"invalid {what} {value!r}: recs takes dates from {EARLIEST_YEAR} on")
        try:
            date(int(year), int(month or 1), int(day or 1))
            return text
        except ValueError:
            pass
    raise RecsError(
        f"invalid {what} {value!r}; use YYYY-MM-DD (or YYYY-MM, YYYY), "
        "a real calendar date"
    )


def parse_timestamp(value: str, what: str = "timestamp") -> str:
    """Check a timestamp (`YYYY-MM-DDTHH:MM:SSZ`, UTC): ASCII digits, and a
    real instant (`2024-02-30T00:00:00Z` is refused)."""
    if isinstance(value, str) and _TIMESTAMP.match(value):
        try:  # datetime() checks the ranges; strptime would cost ten times more (large imports)
            datetime(int(value[:4]), int(value[5:7]), int(value[8:10]),
                     int(value[11:13]), int(value[14:16]), int(value[17:19]))
            return value
        except ValueError:
            pass
    raise RecsError(f"invalid {what} {value!r}; use YYYY-MM-DDTHH:MM:SSZ (UTC), a real date and time")


@functools.lru_cache(maxsize=4096)
def due_day(value: str | None) -> str | None:
    """The last day a due date covers; None for none, or for one edited by hand into
    something that is no date (`recs doctor` names it): no deadline then."""
    if not value:
        return None
    try:
        return last_day(value)
    except (ValueError, TypeError, AttributeError):
        return None


def last_day(value: str) -> str:
    """The last day a reduced-precision date covers: `2025-02` -> `2025-02-28`."""
    parts = value.split("-")
    if len(parts) == 3:
        return value
    year = int(parts[0])
    month = int(parts[1]) if len(parts) == 2 else 12
    return f"{year:04d}-{month:02d}-{month_days(year, month):02d}"


def now() -> str:
    """The current UTC timestamp. `RECS_NOW` fixes it (for scripted seeding)."""
    fixed = os.environ.get("RECS_NOW")
    if fixed:
        return parse_timestamp(fixed, "RECS_NOW")
    return datetime.now(timezone.utc).strftime(TIMESTAMP_FORMAT)


def today() -> str:
    """Today's date (UTC), following `RECS_NOW` when it is set."""
    return now()[:10]


# -- effective dates, periods and windows (reports over time) ---------------
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
PERIODS = ("month", "quarter", "year")


def effective(on: str | None, recorded: str) -> str:
    """The day a change took effect: `on` (a date, maybe `YYYY-MM`), else the day it
    was recorded (`recorded`, a timestamp). A reduced-precision date counts from its
    last day, and nothing takes effect after it was recorded: a report as of a day
    shows only what was known to have happened by then."""
    day = recorded[:10]
    if not on:
        return day
    return min(last_day(on), day)


def shift(day: str, days: int) -> str:
    """`day` (YYYY-MM-DD) moved by `days` days."""
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def parse_day(value: str, what: str = "date") -> str:
    """A date typed as a point in time: YYYY-MM-DD (or `today`); a reduced-precision
    one (`2025-02`, `2025`) stands for its last day."""
    return last_day(parse_date(value, what))


def parse_until(value: str, option: str, today_: str) -> str:
    """A date typed as a point in time that may not lie ahead (`--as-of`, `--to`):
    its last day, or today when it covers today (`2026-12` in December 2026 means
    today); refused when it lies wholly in the future. `option` is named in errors."""
    text = parse_date(value, f"{option} date")
    if first_day(text) > today_:
        raise RecsError(f"{option} {text} is in the future (today is {today_})")
    return min(last_day(text), today_)


def parse_from(value: str, option: str, today_: str) -> str:
    """A date typed as the start of a period (`--from`, `--since`): its first day
    (`2025-07` from 1 July); refused when it lies in the future."""
    text = parse_date(value, f"{option} date")
    if first_day(text) > today_:
        raise RecsError(f"{option} {text} is in the future (today is {today_})")
    return first_day(text)


def first_day(value: str) -> str:
    """The first day a reduced-precision date covers: `2025-02` -> `2025-02-01`."""
    return value + "-01-01"[len(value) - 4:] if len(value) < 10 else value


def _too_far(value: str) -> RecsError:
    return RecsError(f"--within {value!r} is too far ahead; it would end after the year 9999: "
                     "give a shorter span or a date")


def parse_within(value: str, today_: str) -> str:
    """`--within`: a span (`30d`, `2w`, `3m`, `1y`) or a date; returns the last day
    of the window that starts today (inclusive)."""
    text = value.strip().lower()
    match = re.fullmatch(r"([0-9]+)\s*([dwmy])", text)
    if match:
        if len(match.group(1).lstrip("0")) > 4:  # (00030d is 30 days)
            raise RecsError(f"--within {value!r} is too far ahead; a span is at most 9999 days, weeks, months "
                            "or years (9999d), or give a date")
        n, unit = int(match.group(1)), match.group(2)
        start = date.fromisoformat(today_)
        if unit in "dw":
            days = 7 * n if unit == "w" else n
            if days > (date.max - start).days:
                raise _too_far(value)
            return (start + timedelta(days=days)).isoformat()
        year, month = divmod(start.month - 1 + (n if unit == "m" else 12 * n), 12)
        year += start.year
        if year > 9999:
            raise _too_far(value)
        month += 1
        return date(year, month, min(start.day, month_days(year, month))).isoformat()
    if _DATE.match(text):
        day = parse_day(text, "--within date")
        if day < today_:
            raise RecsError(f"--within {value!r} is in the past; give a date from today on, or a span such as 30d")
        return day
    raise RecsError(f"invalid --within {value!r}; use a number of days, weeks, months or years "
                    "(30d, 2w, 3m, 1y) or a date (YYYY-MM-DD)")


def period_end(day: str, unit: str) -> str:
    """The last day of the month, quarter or year that holds `day`."""
    year, month = int(day[:4]), int(day[5:7])
    if unit == "year":
        month = 12
    elif unit == "quarter":
        month = (month - 1) // 3 * 3 + 3
    return f"{year:04d}-{month:02d}-{month_days(year, month):02d}"


def period_ends(first: str, last: str, unit: str) -> list[str]:
    """The last day of every period from the one holding `first` to the one holding
    `last`; the last period ends on `last` itself (a period not over yet)."""
    if unit not in PERIODS:
        raise UsageError(f"unknown period {unit!r}; choose from: {', '.join(PERIODS)}")
    ends = []
    end = period_end(first, unit)
    while end < last:
        ends.append(end)
        end = period_end(shift(end, 1), unit)
    ends.append(last)
    return ends


def period_name(end: str, unit: str) -> str:
    """`2024-03-31` as `Mar 2024`, `Q1 2024` or `2024`."""
    year, month = end[:4], int(end[5:7])
    if unit == "year":
        return year
    if unit == "quarter":
        return f"Q{(month - 1) // 3 + 1} {year}"
    return f"{MONTHS[month - 1][:3]} {year}"


def readable(value: str | None) -> str:
    """A date for people: `17 November 2023`, `October 2023`, `2024`; a timestamp
    gives its day."""
    if not value:
        return ""
    parts = value[:10].split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return value
    return value
