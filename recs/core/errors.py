"""The one error type the command line turns into an `Error:` line.

The exit code says which kind of mistake it was (README, "Errors"):

- 1 (`RecsError`, `NotFound`, `StoreError`): a value recs cannot accept: an
  unknown id, brief or `--field` name, a status, a date, a span (`--within
  2x`), a period that ends before it starts, a missing or malformed file, a
  tracker that cannot be used as it is.
- 2 (`UsageError`, and click's own usage errors): a command line wrong in
  itself: an unknown command or option, a missing argument or option, a word
  outside an option's listed choices (`--format`, `--sort`, `--by`,
  `--columns`), a count out of range (`--limit 0`), options that do not go
  together, or nothing to do.
"""


class RecsError(Exception):
    """A failure the user can act on; its message is shown as `Error: …`.

    `exit_code` is 1: a value or a state recs cannot accept; a command line
    wrong in itself is a `UsageError` (2).
    """

    exit_code = 1


class UsageError(RecsError):
    """A command used wrongly: an option or argument it cannot take (exit code 2)."""

    exit_code = 2


class NotFound(RecsError):
    """An id that names nothing in the store."""


class StoreError(RecsError):
    """The store file is missing, unreadable, corrupted or locked."""
