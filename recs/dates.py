"""Dates and timestamps: parsing user input, and the clock.

Dates are ISO 8601 calendar dates, `YYYY-MM-DD`, or reduced precision
`YYYY-MM` (the brief says "beyond February 2025") or `YYYY`.
Timestamps are UTC, `YYYY-MM-DDTHH:MM:SSZ`.
"""

import functools
import os
import re
from calendar import monthrange
from datetime import date, datetime, timezone

from recs.errors import RecsError

#: ASCII digits only: `\d` would also take `٢٠٢٤` or `２０２４`, which `int()` reads.
_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


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
def last_day(value: str) -> str:
    """The last day a reduced-precision date covers: `2025-02` -> `2025-02-28`."""
    parts = value.split("-")
    if len(parts) == 3:
        return value
    year = int(parts[0])
    month = int(parts[1]) if len(parts) == 2 else 12
    return f"{year:04d}-{month:02d}-{monthrange(year, month)[1]:02d}"


def now() -> str:
    """The current UTC timestamp. `RECS_NOW` fixes it (for scripted seeding)."""
    fixed = os.environ.get("RECS_NOW")
    if fixed:
        return parse_timestamp(fixed, "RECS_NOW")
    return datetime.now(timezone.utc).strftime(TIMESTAMP_FORMAT)


def today() -> str:
    """Today's date (UTC), following `RECS_NOW` when it is set."""
    return now()[:10]
