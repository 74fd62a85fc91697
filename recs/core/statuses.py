"""The status taxonomy: value, label, and whether it counts as open."""

from recs.core.errors import RecsError

#: value -> (label, is_open), in order from open to closed.
STATUSES: dict[str, tuple[str, bool]] = {
    "not_started": ("Not started", True),
    "in_progress": ("In progress", True),
    "partial": ("Partially implemented", True),
    "implemented": ("Implemented", False),
    "not_implemented": ("Not implemented", False),
}

OPEN = tuple(s for s, (_, is_open) in STATUSES.items() if is_open)
CLOSED = tuple(s for s, (_, is_open) in STATUSES.items() if not is_open)
INITIAL = "not_started"

#: Words accepted by `--status` filters besides the values themselves.
GROUPS = {"open": OPEN, "closed": CLOSED}


def label(status: str) -> str:
    """Human label of a status value (the value itself if unknown)."""
    return STATUSES.get(status, (status, True))[0]


def is_open(status: str) -> bool:
    """True for statuses that still need work."""
    return STATUSES.get(status, ("", True))[1]


def check(value: str) -> str:
    """Return a valid status value, accepting `in-progress` and any case."""
    norm = value.strip().lower().replace("-", "_").replace(" ", "_")
    if norm in STATUSES:
        return norm
    raise RecsError(f"invalid status {value!r}; choose from: {', '.join(STATUSES)}")


def expand_filter(values: list[str]) -> set[str]:
    """Statuses named by `--status` filters; `open` and `closed` name groups."""
    wanted: set[str] = set()
    for value in values:
        norm = value.strip().lower()
        if norm in GROUPS:
            wanted.update(GROUPS[norm])
        else:
            try:
                wanted.add(check(value))
            except RecsError:
                raise RecsError(
                    f"invalid status {value!r}; choose from: "
                    f"{', '.join(STATUSES)}, open, closed"
                ) from None
    return wanted
