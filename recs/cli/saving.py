"""Whether this run has saved its change yet, so that an interrupt (Ctrl-C)
says the truth: "nothing was changed" only when nothing was.

Commands open the store for a change with `saving.change(path)` (a thin
wrapper of `Store.change`) instead of `Store.change` itself; it records
when the change is being written and when it has been. `recs.cli.app`
reads `state()` when an interrupt stops the command.
"""

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NOTHING, SAVING, SAVED = "nothing", "saving", "saved"
#: Test aid only (tests/test_interrupts.py): seconds to pause once a change is
#: saved, before the command prints anything, so that a SIGINT lands after
#: the write. Changes timing, never what is written or printed.
SAVED_PAUSE_ENV = "RECS_TEST_SAVED_PAUSE"

_state = [NOTHING]


def reset() -> None:
    _state[0] = NOTHING


def state() -> str:
    """NOTHING (no change written), SAVING (interrupted while writing: the
    store's write is all or nothing) or SAVED."""
    return _state[0]


def saved() -> None:
    """Note that this run changed what is on disk (for writes other than
    `change`, e.g. a new store)."""
    _state[0] = SAVED
    try:
        pause = float(os.environ.get(SAVED_PAUSE_ENV) or 0)
    except ValueError:
        pause = 0.0
    if pause:
        time.sleep(pause)


@contextmanager
def change(path: Path) -> Iterator:
    """`Store.change(path)`, noting when the change is written."""
    from recs.store import Store

    with Store.change(path) as store:
        yield store
        _state[0] = SAVING  # the body is done: Store.change writes on leaving
    saved()
