"""What every command shares for one run: the global options resolved into
`Settings`, and the trackers this run opened (named by an unexpected error).

A leaf module: the command modules and `recs.cli.app` import it, it imports
neither. Nothing here is set when it is imported; `recs.cli.app` resets it
at the start of each run.
"""

from __future__ import annotations

from pathlib import Path

from recs.core.errors import UsageError

TYPE_CHECKING = False  # (typing is for the type checker: its import is ~5 ms of a report)
if TYPE_CHECKING:
    from typing import Any

    import typer

#: The trackers this run resolved (for the message of an unexpected error).
stores_in_use: list[Path] = []
#: The words of this run's command line (set by `recs.cli.app`), kept in the change log
#: so that `recs undo` can say what it undoes.
command_words: list[str] = []


class Settings:
    """Global options, resolved once per run. (A plain class: `dataclasses`
    imports `inspect`, a few ms the quick path does without.)"""

    __slots__ = ("db", "user", "debug")

    def __init__(self, db: str | None, user: str, debug: bool) -> None:
        self.db, self.user, self.debug = db, user, debug

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, Settings) and (self.db, self.user, self.debug) == (other.db, other.user, other.debug)

    def __repr__(self) -> str:
        return f"Settings(db={self.db!r}, user={self.user!r}, debug={self.debug!r})"

    def store_path(self) -> Path:
        """The store to use; creates the per-user default on first use."""
        from recs.cli.output import message
        from recs.store import Store, paths
        from recs.store import store as opened

        opened.acting_user = self.user  # named in the change log that `recs undo` reads
        words = list(command_words)
        opened.acting_command = lambda: command_line(words)  # (when it writes: shlex is imported then)
        path, is_default = paths.resolve(self.db)
        if is_default and not path.exists():
            Store.create(path, paths.seed())
            message(f"Created a tracker at {path} with the bundled APRI brief (first use). To start an "
                    "empty one there instead: `recs init --force --empty`; to use another folder: "
                    "`recs init --empty PATH`, then `--db PATH` or RECS_DB.")
        stores_in_use.append(path)
        return path


def settings(ctx: "typer.Context") -> Settings:
    """This run's `Settings` (made by the global options' callback)."""
    return ctx.find_root().obj


def checked_db(db: str | None) -> str | None:
    """`--db` as given; an empty one (`--db "$UNSET"`) is refused rather
    than read as no `--db`, which would pick another store."""
    if db is not None and not db.strip():
        raise UsageError("--db (or RECS_DB) needs a file path; it was empty")
    return db


def command_line(words: list[str], most: int = 80) -> str:
    """The command as typed, without the global options (`--db`, `--as`, `--debug`),
    cut to `most` characters: `update R8 --status partial`."""
    import shlex

    kept, skip = [], False
    for word in words:
        if skip:
            skip = False
        elif word in ("--db", "--as"):
            skip = True
        elif word != "--debug" and not word.startswith(("--db=", "--as=")):
            word = " ".join(word.split())
            kept.append(word if len(word) <= 40 else "…" + word[-39:])  # a long path: its end
    text = shlex.join(kept)
    return text if len(text) <= most else text[: most - 1] + "…"


def checked_user(name: str | None) -> str:
    """`--as` as given (else the OS user): a name for the audit trail, on one
    line; an empty one (`--as ""`) is refused rather than replaced."""
    if name is None:
        return default_user()
    text = name.strip()
    if not text:
        raise UsageError("--as (or RECS_USER) needs a name; it was empty")
    if any(not c.isprintable() for c in text):
        raise UsageError(f"--as (or RECS_USER) must be a name on one line, without control characters; got {name!r}")
    if len(text) > 200:
        raise UsageError(f"--as (or RECS_USER) is too long ({len(text):,} characters; at most 200)")
    return text


def default_user() -> str:
    import getpass  # (with termios: only when neither --as nor RECS_USER names one)

    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"
