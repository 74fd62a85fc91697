"""What is wrong with an import's rows, in plain words, every bad row listed.

`plain()` turns one pydantic error into words a person reads (`due must be a
date like 2025-02-28, 2025-02 or 2025`), never a regular expression;
`Problems` gathers the problems of every row (one line per row: where, and
each field with what is wrong), and its error lists them, up to `LIMIT`
rows, then says how many more there are.
"""

from recs.core import statuses
from recs.core.errors import RecsError

#: The most rows one error lists; the rest are counted ("and 12 more").
LIMIT = 20
DATE = "a date like 2025-02-28, 2025-02 or 2025"
TIMESTAMP = "a timestamp like 2025-02-28T09:30:00Z (UTC)"
DATE_FIELDS = {"due", "published", "date", "on"}
TIMESTAMP_FIELDS = {"created", "updated", "at"}
_FORMS = {
    "id": "an id of ASCII letters, digits, '-', '_' or '.', starting with a letter or digit",
    "brief": "an id of ASCII letters, digits, '-', '_' or '.', starting with a letter or digit",
    "title": "one line",
    "by": "one line",
    "url": "an absolute http:// or https:// address",
}


def plain(error: dict) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) in words."""
    loc = error.get("loc") or ()
    where = ".".join(str(p) for p in loc) or "the record"
    last = next((p for p in reversed(loc) if isinstance(p, str)), "")
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    value = error.get("input")
    got = f" (got {value!r})" if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
    if last in DATE_FIELDS and kind in ("string_pattern_mismatch", "value_error"):
        return f"{where} must be {DATE}{got}"
    if last in TIMESTAMP_FIELDS and kind in ("string_pattern_mismatch", "value_error"):
        return f"{where} must be {TIMESTAMP}{got}"
    if kind == "string_pattern_mismatch":
        return f"{where} must be {_FORMS.get(last, 'in the form recs writes')}{got}"
    if kind == "literal_error" and last in ("status", "new", "old") or loc[:1] == ("actor_status",):
        return f"{where} must be a status, one of: {', '.join(statuses.STATUSES)}{got}"
    if kind == "missing":
        return f"{where} is required"
    if kind == "extra_forbidden":
        return f"{where} is not a field recs knows"
    if kind == "string_too_long":
        return f"{where} is too long (at most {ctx.get('max_length', 0):,} characters)"
    if kind in ("string_too_short", "too_short"):
        return f"{where} must not be empty"
    if kind == "string_type":
        return f"{where} must be text{got}"
    if kind == "list_type":
        return f"{where} must be a list"
    if kind in ("dict_type", "model_type"):
        return f"{where} must be an object"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{where} must be a whole number{got}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{where} must be a whole number from 0 to 2^63-1{got}"
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{where}: {message}"


class ImportFailed(RecsError):
    """A file that cannot be imported; nothing was written. `problems`: (where, what) pairs."""

    def __init__(self, name: str, problems: list[tuple[str | None, str]], more: int = 0):
        self.name, self.problems, self.more = name, problems, more
        super().__init__(_message(name, problems, more))


def _message(name: str, problems: list[tuple[str | None, str]], more: int) -> str:
    """`NAME: where: what; nothing was imported`, or a line per problem."""
    prefix = f"{name}: " if name else ""
    if len(problems) == 1 and not more:
        where, what = problems[0]
        return f"{prefix}{where + ': ' if where else ''}{what}; nothing was imported"
    head = f"{prefix}{len(problems) + more:,} rows are wrong"
    lines = [f"{head}; nothing was imported:"]
    lines += [f"  {where + ': ' if where else ''}{what}" for where, what in problems]
    if more:
        lines.append(f"  … and {more:,} more")
    return "\n".join(lines)


class Problems:
    """The problems of every row of one file, gathered to be shown together."""

    def __init__(self, name: str):
        self.name = name
        self.shown: list[tuple[str | None, str]] = []
        self.more = 0

    def add(self, failure: ImportFailed) -> None:
        for problem in failure.problems:
            if len(self.shown) < LIMIT:
                self.shown.append(problem)
            else:
                self.more += 1
        self.more += failure.more

    def __bool__(self) -> bool:
        return bool(self.shown)

    def check(self) -> None:
        """Raise the one error that lists them all, if there are any."""
        if self.shown:
            raise ImportFailed(self.name, self.shown, self.more)
