"""The one error type the command line turns into an `Error:` line."""


class RecsError(Exception):
    """A failure the user can act on; its message is shown as `Error: …`.

    `exit_code` is 1 for bad data or state, 2 for bad usage.
    """

    exit_code = 1

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class NotFound(RecsError):
    """An id that names nothing in the store."""


class StoreError(RecsError):
    """The store file is missing, unreadable, corrupted or locked."""
