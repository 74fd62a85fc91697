"""The one error type the command line turns into an `Error:` line."""


class RecsError(Exception):
    """A failure the user can act on; its message is shown as `Error: …`.

    `exit_code` is 1 for bad data or state; bad usage is a `UsageError` (2).
    """

    exit_code = 1


class UsageError(RecsError):
    """A command used wrongly: an option or argument it cannot take (exit code 2)."""

    exit_code = 2


class NotFound(RecsError):
    """An id that names nothing in the store."""


class StoreError(RecsError):
    """The store file is missing, unreadable, corrupted or locked."""
