"""The `recs` console script and `python -m recs`.

Answers `recs --version` before importing the command line (typer's import
is most of that command's time); the daily commands' usual command lines run
through the quick path (`recs.cli.quick`), which never imports typer;
everything else runs typer's application, `recs.cli.app.main`.

The code a command runs is imported with the garbage collector off, and what
it made frozen out of the collector's sight (`_imported_without_collections`).
The process then ends with `os._exit`, once stdout and stderr are flushed:
tearing the interpreter down (freeing every object of some 300 modules)
costs ~10 ms of every command and does nothing recs needs, since every file
recs writes is flushed, synced and closed before it returns, and the kernel
releases the store's lock.
"""

import os
import sys


def run() -> int:
    """Run the command line; returns its exit code, stdout and stderr flushed."""
    if sys.argv[1:] == ["--version"]:
        from recs import __version__

        sys.stdout.write(f"recs {__version__}\n")
        return _flushed(0)
    _hold_interrupts()  # a Ctrl-C while modules load is said once the command runs (`guard.guarded`)
    if sys.stdout is None or sys.stderr is None or sys.stdin is None:
        _closed_streams()
    import gc

    gc.disable()  # until the command's code is imported (`_imported_without_collections`)
    from recs.cli import quick

    found = quick.plan(sys.argv[1:], os.environ)
    if found is not None:
        try:
            quick.load(found)
            import recs.store  # noqa: F401  (a Ctrl-C while it loads is said once the command runs)
        finally:
            gc.freeze()
            gc.enable()
        return _flushed(quick.run(found))
    cli = _imported_without_collections()
    code: int | str | None
    try:
        cli()
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        code = 1
    return _flushed(code)


def _hold_interrupts() -> None:
    """Keep a Ctrl-C pending, not lost, until the command runs: it lands in
    `recs.cli.guard.guarded`, which says it as any interrupt. While modules load
    it would print a traceback, or crash orjson's start-up (ijl/orjson#310)."""
    import signal

    if hasattr(signal, "pthread_sigmask"):  # (not on Windows)
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _closed_streams() -> None:
    """A standard stream the caller closed (`recs list >&-`): stdin reads as empty,
    stderr goes nowhere, stdout is refused with an Error line (where one can go)."""
    if sys.stdin is None:  # an empty pipe, as `< /dev/null` would be, but not a device
        read, write = os.pipe()
        os.close(write)
        sys.stdin = os.fdopen(read)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")
    if sys.stdout is None:
        sys.stderr.write("Error: standard output is closed; nothing was done\n")
        os._exit(1)


def _imported_without_collections():
    """`recs.cli.app.main`, imported with the garbage collector off, then frozen.

    Importing typer and recs makes some 300 modules' functions, classes and
    dicts, which live as long as the process: each collection during the
    imports would scan them all again (some 35 collections, several ms), and
    so would every collection while the command runs. `gc.freeze()` moves
    them out of the collector's sight; the command then runs with it on.
    """
    import gc

    gc.disable()
    try:
        from recs.cli.app import main as cli
    finally:
        gc.freeze()
        gc.enable()
    return cli


def _flushed(code: int) -> int:
    """`code`, once stdout and stderr are flushed; 1 if that failed (a full
    disk), but not for a reader that stopped reading (`recs list | head -1`):
    whether it stopped before the end or after, the exit code is the same."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            pass
        except (OSError, ValueError):
            code = code or 1
    return code


def main() -> None:
    os._exit(run())
