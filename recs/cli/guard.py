"""The one place where a command's failures become an `Error:` line and an
exit code, shared by both ways in: typer's (`recs.cli.app.RecsGroup.main`)
and the quick path (`recs.cli.quick`), which never imports typer.

The console script keeps a Ctrl-C pending while the process loads its
modules (`recs.launch`: orjson's start-up crashes on one, ijl/orjson#310);
`guarded` lets it through, where it is said as any interrupt. `start(argv)` resets
what one run shares (the notices' sink, the trackers
opened, the command words the change log keeps, the skipped record files,
whether a change was saved); `guarded(work, debug)` runs the command and
turns whatever it raises into an exit code: 1 for a value recs cannot
accept, 2 for a command line wrong in itself (`RecsError.exit_code`), 130
for an interrupt, 0 for a reader that stopped reading. typer's own
exceptions are recognised only once typer is loaded.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable

from recs.cli.context import command_words, stores_in_use
from recs.core.errors import RecsError

TYPE_CHECKING = False  # (typing is for the type checker: its import is ~5 ms of a report)
if TYPE_CHECKING:
    from typing import Any

#: What an interrupt (Ctrl-C) says, by how far the command got (`recs.cli.saving`).
INTERRUPTED = {
    "nothing": "Error: interrupted; nothing was changed",
    "saving": "Error: interrupted while saving the change; it was saved whole or not at all "
              "(`recs undo --dry-run` shows the last change saved)",
    "saved": "Error: interrupted after the change was saved; only what it printed was cut short "
             "(`recs undo` reverts the change)",
}


def err(line: str) -> None:
    """One line on stderr, control characters made visible."""
    from recs.cli.output import inert

    sys.stderr.write(inert(line) + "\n")


def start(argv: list[str]) -> None:
    """Reset what one run shares (a test process runs many)."""
    from recs.cli import output, saving
    from recs.core import notices

    notices.set_sink(output.message)
    stores_in_use.clear()
    command_words[:] = argv
    if (loaded := sys.modules.get("recs.store.store")) is not None:
        loaded.damaged.clear()
    saving.reset()


def guarded(work: Callable[[], Any], debug: bool) -> int:
    """Run `work` (a command); its exit code, every failure said in one line."""
    from recs.cli import saving

    try:
        if hasattr(signal, "pthread_sigmask"):  # a Ctrl-C held while modules loaded lands here
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        rv = work()
        code = rv if isinstance(rv, int) else 0
        return damaged_records() or code
    except RecsError as exc:
        err(f"Error: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        if sys.stderr.isatty():  # after the ^C the terminal shows, on a line of its own
            sys.stderr.write("\n")
        err(INTERRUPTED[saving.state()])
        return 130
    except EOFError:  # Ctrl-D at a prompt: the message on a line of its own, as click does
        sys.stderr.write("\n")
        err(INTERRUPTED[saving.state()])
        return 130
    except BrokenPipeError:
        # the reader stopped reading (`recs list | head -1`): done, exit code 0, as
        # when it stopped after the last byte
        return 0
    except Exception as exc:
        said = _typers(exc)
        if said is not None:
            return said
        if debug:  # the last line of defence: a traceback only when asked for
            raise
        err(unexpected(exc))
        return 1


def _typers(exc: Exception) -> int | None:
    """The exit code of one of typer's (click's) exceptions, once said; None for any other."""
    typer = sys.modules.get("typer")
    if typer is None:
        return None
    if isinstance(exc, typer.Exit):
        return exc.exit_code
    if isinstance(exc, typer.Abort):
        from recs.cli import saving

        err(INTERRUPTED[saving.state()])
        return 130
    if isinstance(exc, typer.TyperException):  # a usage error (exit code 2, with its command) or another
        where = getattr(exc, "ctx", None) if exc.exit_code == 2 else None
        path = where.command_path if where is not None else _typed_command() if exc.exit_code == 2 else None
        misplaced = _misplaced_option(exc, where)
        if misplaced:
            err(f"Error: {misplaced}")
            return exc.exit_code
        hint = f" (see `{path} --help`)" if path else ""
        err(f"Error: {exc.format_message()}{hint}")
        return exc.exit_code
    return None


def _misplaced_option(exc: Exception, where) -> str | None:
    """For an option of the command typed before it (`recs -n 3 list`): where it goes."""
    option = getattr(exc, "option_name", None)
    if not option or where is None or where.parent is not None:
        return None  # (not an unknown option of `recs` itself)
    typed = _typed_command()
    words = typed.split()[1:] if typed else []
    command = where.command
    for word in words:
        command = command.get_command(where, word) if hasattr(command, "get_command") else None
        if command is None:
            return None
    if not words or not any(option in p.opts or option in p.secondary_opts for p in command.params):
        return None
    return (f"{option} is an option of `{typed}`: put it after `{words[-1]}`, as in `{typed} {option} …` "
            f"(see `{typed} --help`)")


def _typed_command() -> str | None:
    """`recs update` (`recs evidence add`) for the command line typed, where click's
    error does not say which command it was reading (a value missing at the very end)."""
    from recs.cli.app import COMMANDS, subcommands

    for i, word in enumerate(command_words):
        if word in COMMANDS:
            after = command_words[i + 1:i + 2]
            return f"recs {word} {after[0]}" if after and after[0] in subcommands(word) else f"recs {word}"
    return None


def damaged_records() -> int:
    """1 (with an Error line) if a read skipped record files it could not use."""
    store = sys.modules.get("recs.store.store")
    damaged = store.damaged if store is not None else []
    if not damaged:
        return 0
    for problem in damaged[:5]:
        err(f"Error: {problem}")
    if len(damaged) > 1:
        more = f" ({len(damaged) - 5} more not shown)" if len(damaged) > 5 else ""
        err(f"Error: {len(damaged)} record files could not be read and were left out{more}")
    damaged.clear()
    return 1


def unexpected(exc: Exception) -> str:
    """The Error line for a failure no check foresaw."""
    if isinstance(exc, UnicodeEncodeError):  # the output's, not the tracker's
        encoding = getattr(sys.stdout, "encoding", None) or exc.encoding
        return (f"Error: the output's encoding ({encoding}) cannot show some of the text; use a UTF-8 "
                "locale or set PYTHONIOENCODING=utf-8")
    if isinstance(exc, OSError) and exc.filename is None and exc.strerror:
        # the files recs reads and writes raise StoreErrors: this is stdout (a full disk, …)
        return f"Error: {exc.strerror} (writing the output); it may be incomplete"
    # most often a store damaged deep inside a record, which the checks made on
    # reading let through: say which store, and how to look
    where = (f" while working on {stores_in_use[-1]} (if it was edited by hand or merged, "
             "`recs doctor` lists what is wrong with it)") if stores_in_use else ""
    return f"Error: unexpected {type(exc).__name__}: {exc}{where}; run with --debug for details"
