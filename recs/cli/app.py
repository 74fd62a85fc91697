"""The `recs` application: global options, command registration, and the
one place where errors become an `Error:` line and an exit code."""

import getpass
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import typer
from typer.core import TyperGroup

from recs import __version__
from recs.errors import RecsError

from typer import Abort, Exit
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError


def _err(line: str) -> None:
    from recs.cli.output import inert

    sys.stderr.write(inert(line) + "\n")


class RecsGroup(TyperGroup):
    """Runs a command and turns every failure into one `Error:` line."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        argv = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in argv or bool(os.environ.get("RECS_DEBUG"))
        from recs.cli.params import lighten

        from recs.cli import saving

        lighten(self)
        _globals_after_command(self)
        _store_in_use.clear()
        if (loaded := sys.modules.get("recs.store.store")) is not None:
            loaded.damaged.clear()
        saving.reset()
        try:
            rv = super().main(argv, prog_name or "recs", complete_var, standalone_mode=False, **extra)
            code = rv if isinstance(rv, int) else 0
            code = _damaged_records() or code
        except RecsError as exc:
            _err(f"Error: {exc}")
            code = exc.exit_code
        except NoArgsIsHelpError as exc:
            sys.stdout.write(exc.format_message() + "\n")
            code = 0
        except UsageError as exc:
            hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
            _err(f"Error: {exc.format_message()}{hint}")
            code = 2
        except ClickException as exc:
            _err(f"Error: {exc.format_message()}")
            code = exc.exit_code
        except Exit as exc:
            code = exc.exit_code
        except (Abort, KeyboardInterrupt, EOFError):
            _err(INTERRUPTED[saving.state()])
            code = 130
        except BrokenPipeError:
            code = 1
        except Exception as exc:  # the last line of defence: never a traceback
            if debug:
                raise
            _err(_unexpected(exc))
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # typer would turn Ctrl-C into a silent exit 130: say whether anything changed,
            # on a line of its own (as typer does for Ctrl-D)
            if sys.stderr.isatty():
                sys.stderr.write("\n")
            raise Abort() from None


def _damaged_records() -> int:
    """1 (with an Error line) if a read skipped record files it could not use."""
    store = sys.modules.get("recs.store.store")
    damaged = store.damaged if store is not None else []
    if not damaged:
        return 0
    for problem in damaged[:5]:
        _err(f"Error: {problem}")
    if len(damaged) > 1:
        more = f" ({len(damaged) - 5} more not shown)" if len(damaged) > 5 else ""
        _err(f"Error: {len(damaged)} record files could not be read and were left out{more}")
    damaged.clear()
    return 1

#: What an interrupt (Ctrl-C) says, by how far the command got (`recs.cli.saving`).
INTERRUPTED = {
    "nothing": "Error: interrupted; nothing was changed",
    "saving": "Error: interrupted while saving the change; it was saved whole or not at all "
              "(`recs undo --dry-run` shows the last change saved)",
    "saved": "Error: interrupted after the change was saved; only what it printed was cut short "
             "(`recs undo` reverts the change)",
}

#: The store this run resolved (for the message of an unexpected error).
_store_in_use: list[Path] = []


def _unexpected(exc: Exception) -> str:
    """The Error line for a failure no check foresaw."""
    if isinstance(exc, OSError) and exc.filename is None and exc.strerror:
        # the files recs reads and writes raise StoreErrors: this is stdout (a full disk, …)
        return f"Error: {exc.strerror} (writing the output); it may be incomplete"
    # most often a store damaged deep inside a record, which the checks made on
    # reading let through: say which store, and how to look
    where = (f" while working on {_store_in_use[-1]} (if it was edited by hand or merged, "
             "`recs doctor` lists what is wrong with it)") if _store_in_use else ""
    return f"Error: unexpected {type(exc).__name__}: {exc}{where}; run with --debug for details"


@dataclass
class Settings:
    """Global options, resolved once per run."""

    db: str | None
    user: str
    debug: bool

    def store_path(self) -> Path:
        """The store to use; creates the per-user default on first use."""
        from recs.store import Store, paths

        path, is_default = paths.resolve(self.db)
        if is_default and not path.exists():
            Store.create(path, paths.seed())
            _err(f"Created the tracker {path} with the bundled APRI brief (first use; "
                 "`recs init --empty PATH` starts an empty one elsewhere).")
        _store_in_use.append(path)
        return path


GLOBAL_OPTIONS = ("db", "as_user", "debug")


def _globals_after_command(group) -> None:
    """Let `--db`, `--as` and `--debug` follow the command as well
    (`recs init --db PATH`, `recs update R1 --as NAME …`); there they win over
    the same option before the command and over RECS_DB / RECS_USER.

    Each command gets a copy of the group's option that sets `Settings`
    (made by the group's callback, which runs before the command's options
    are parsed) instead of being passed to the command's function.
    """
    import copy

    originals = [p for p in group.params if p.name in GLOBAL_OPTIONS]
    stack = list(getattr(group, "commands", {}).values())
    while stack:
        cmd = stack.pop()
        if hasattr(cmd, "commands"):
            stack.extend(cmd.commands.values())
            continue
        if any(getattr(p, "recs_global", False) for p in cmd.params):
            continue  # done already (the same command tree run again)
        for option in originals:
            late = copy.copy(option)
            late.envvar, late.expose_value, late.callback = None, False, _set_global
            late.recs_global = True
            cmd.params.append(late)


def _set_global(ctx, param, value):
    settings = ctx.find_root().obj
    if settings is None or value is None or value is False:
        return value  # not given after the command
    if param.name == "db":
        settings.db = checked_db(value)
    elif param.name == "as_user":
        settings.user = value.strip() or default_user()
    else:
        settings.debug = True
    return value


def checked_db(db: str | None) -> str | None:
    """`--db` as given; an empty one (`--db "$UNSET"`) is refused rather
    than read as no `--db`, which would pick another store."""
    if db is not None and not db.strip():
        raise RecsError("--db (or RECS_DB) needs a file path; it was empty", exit_code=2)
    return db


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"recs {__version__}\n")
        raise typer.Exit()


app = typer.Typer(
    cls=RecsGroup,
    name="recs",
    help="Track what happens to the recommendations that policy briefs make.",
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _global(
    ctx: typer.Context,
    db: str = typer.Option(None, "--db", envvar="RECS_DB", metavar="PATH",
                           help="Tracker folder (default: the one you are in, else ./data/tracker, else the user data directory)."),
    as_user: str = typer.Option(None, "--as", envvar="RECS_USER", metavar="NAME",
                                help="Name recorded in the audit trail (default: your OS user)."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of unexpected errors."),
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_version,
                                 help="Print the version and exit."),
) -> None:
    """Track what happens to the recommendations that policy briefs make."""
    user = (as_user or "").strip() or default_user()
    ctx.obj = Settings(db=checked_db(db), user=user, debug=debug)


def main() -> None:
    """Console-script entry point: builds only the command asked for.

    typer turns every registered command's signature into click parameters
    before it parses anything (~3 ms of each run for all of them); when the
    first word that is not a global option names a command, only that one is
    built. Anything else (no command, a typo, `--help` first) gets them all.
    """
    name = _command_named(sys.argv[1:])
    registered, groups = app.registered_commands, app.registered_groups
    only = [c for c in registered if (c.name or getattr(c.callback, "__name__", "").rstrip("_").replace("_", "-")) == name]
    only_group = [g for g in groups if g.name == name]
    if only or only_group:
        app.registered_commands, app.registered_groups = only, only_group
    try:
        app()
    finally:
        app.registered_commands, app.registered_groups = registered, groups


def _command_named(argv: list[str]) -> str | None:
    """The command word of `argv`, past the global options; None if help or none comes first."""
    args = iter(argv)
    for arg in args:
        if arg in ("--db", "--as"):
            next(args, None)
        elif arg.startswith(("--db=", "--as=")) or arg == "--debug":
            continue
        elif arg.startswith("-"):
            return None  # --help, --version, or an option recs does not know: the whole app answers
        else:
            return arg
    return None


from recs.cli import commands  # noqa: E402,F401  (registers the commands)
from recs.cli import report_commands  # noqa: E402,F401  (report, export, import, schema, edit)
from recs.cli import safety_commands  # noqa: E402,F401  (undo, doctor; notices)
from recs.cli import extract_command  # noqa: E402,F401  (extract)
from recs.cli import git_commands  # noqa: E402,F401  (git-setup, merge-driver)
