"""Messages the domain has for the person, such as "waiting for the lock" or
"migrated the store". The domain knows nothing of the terminal: the command
line installs the sink (`recs.cli.app`); elsewhere they are dropped."""

from collections.abc import Callable

_sink: Callable[[str], None] | None = None


def set_sink(sink: Callable[[str], None] | None) -> None:
    global _sink
    _sink = sink


def notify(message: str) -> None:
    if _sink is not None:
        _sink(message)
