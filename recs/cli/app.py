"""The `recs` application: global options and command registration, for
typer. (Errors become an `Error:` line and an exit code in `recs.cli.guard`;
the commonest command lines skip typer altogether: `recs.cli.quick`.)

`COMMANDS` names every command and the module of `recs.cli.commands` that
defines it; `RecsGroup` imports a command's module and builds it only when
the command is asked for (click's lazily loading group: `list_commands` and
`get_command`), so `recs list` never imports the code of `recs extract`.
Command modules import `recs.cli.context`, never this module. A module
whose entry here is "declare" declares its typer parameters inside
`declare()`, so that the quick path can import it without typer.
"""

import importlib
import os
import sys
from typing import Any

import typer

from recs import __version__
from recs.cli.context import Settings, checked_db, checked_user
from recs.cli.helptext import HelpGroup

from typer import Abort, Exit

#: Every command, in the order `recs --help` lists them: its name → the module
#: of `recs.cli.commands` that defines it and the function (or, for a group of
#: subcommands, the `SUBCOMMANDS` of that module) it runs; "declare": the
#: module's `declare()` returns that function (or, for a group, that dict).
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", "init"),
    "list": ("list", "declare"),
    "show": ("show", "declare"),
    "add": ("add", "add"),
    "update": ("update", "declare"),
    "history": ("history", "declare"),
    "log": ("log", "log"),
    "report": ("report", "declare"),
    "due": ("due", "due"),
    "export": ("export", "export"),
    "import": ("import_", "import_"),
    "schema": ("schema", "schema"),
    "edit": ("edit", "edit"),
    "remove": ("remove", "remove"),
    "restore": ("restore", "restore"),
    "undo": ("undo", "undo_"),
    "redo": ("redo", "redo"),
    "doctor": ("doctor", "doctor"),
    "check": ("doctor", "doctor"),
    "extract": ("extract", "extract"),
    "git-setup": ("git_setup", "git_setup"),
    "merge-driver": ("merge_driver", "merge_driver"),
    "evidence": ("evidence", "declare"),
    "brief": ("brief", "SUBCOMMANDS"),
    "alias": ("alias", "SUBCOMMANDS"),
}
#: Names kept for scripts but not listed by `recs --help`, with their help.
HIDDEN = {"check": "Same as `recs doctor`."}


class RecsGroup(HelpGroup):
    """Runs a command and turns every failure into one `Error:` line
    (`recs.cli.guard`); builds each command from `COMMANDS` when it is first
    asked for. A command line the quick path takes (`recs.cli.quick`) runs
    there, as it does from the console script."""

    def list_commands(self, ctx) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx, cmd_name: str):
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = _build(cmd_name, [p for p in self.params if p.name in GLOBAL_OPTIONS])
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx, args):
        if args and args[0] not in COMMANDS:  # a typo: its suggestion needs every name
            for name in COMMANDS:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from recs.cli import guard, quick

        argv = list(sys.argv[1:] if args is None else args)
        plan = quick.plan(argv, os.environ)
        if plan is not None:
            code = quick.run(plan)
        else:
            if not getattr(self, "recs_ready", False):  # the group's own options (its commands: `_build`)
                from recs.cli import completing
                from recs.cli.params import lighten

                lighten(self)
                completing.describe_shell_options(self)
                self.recs_ready = True
            guard.start(argv)
            code = guard.guarded(lambda: self._run(argv, prog_name, complete_var, **extra), quick.debugging(argv))
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(self, argv, prog_name, complete_var, **extra):
        from recs.cli import completing

        rv = completing.named_shell(argv)  # `--show-completion zsh`
        if rv is None:
            rv = super().main(argv, prog_name or "recs", complete_var, standalone_mode=False, **extra)
        return rv

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            # typer would turn Ctrl-C into a silent exit 130: say whether anything changed,
            # on a line of its own (as typer does for Ctrl-D)
            if sys.stderr.isatty():
                sys.stderr.write("\n")
            raise Abort() from None
        except BrokenPipeError:
            # the reader stopped reading (`recs list | head -1`): done, exit code 0, as
            # when it stopped after the last byte (click's own handler would exit 1)
            raise Exit(0) from None


def _build(name: str, global_options: list) -> Any:
    """The click command `name`, from its module (`COMMANDS`), with the global
    options after it and without pydantic on its everyday paths."""
    from recs.cli.helptext import RecsCommand, RecsSubgroup, command_options
    from recs.cli.params import lighten

    module_name, attribute = COMMANDS[name]
    module = importlib.import_module(f"recs.cli.commands.{module_name}")
    declared = module.declare() if attribute == "declare" else getattr(module, attribute)
    holder = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)
    if isinstance(declared, dict):  # a group's subcommands
        group = typer.Typer(help=module.HELP, no_args_is_help=True, rich_markup_mode=None, cls=RecsSubgroup,
                            **command_options(module, name))
        for sub_name, function in declared.items():
            group.command(sub_name, cls=RecsCommand, **command_options(module, f"{name} {sub_name}", function))(function)
        holder.add_typer(group, name=name)
        holder.callback()(_nothing)  # a group of one: keeps `recs evidence` a group
        command = typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]
    else:
        function = declared
        options = command_options(module, name, function) if name not in HIDDEN else {}
        holder.command(name, hidden=name in HIDDEN, help=HIDDEN.get(name), cls=RecsCommand, **options)(function)
        command = typer.main.get_command(holder)
    lighten(command)
    _globals_after_command(global_options, command)
    return command


def subcommands(name: str) -> tuple[str, ...]:
    """The subcommands of the group `name` (`recs evidence`: add, edit, remove); () for a command."""
    module_name, attribute = COMMANDS[name]
    if attribute not in ("SUBCOMMANDS", "declare"):
        return ()
    module = importlib.import_module(f"recs.cli.commands.{module_name}")
    declared = module.declare() if attribute == "declare" else module.SUBCOMMANDS
    return tuple(declared) if isinstance(declared, dict) else ()


def _nothing() -> None:
    """(Only makes typer build a group.)"""

GLOBAL_OPTIONS = ("db", "as_user", "debug")


def _globals_after_command(originals: list, command) -> None:
    """Let `--db`, `--as` and `--debug` follow the command as well
    (`recs init --db PATH`, `recs update R1 --as NAME …`); there they win over
    the same option before the command and over RECS_DB / RECS_USER.

    Each command gets a copy of the group's option that sets `Settings`
    (made by the group's callback, which runs before the command's options
    are parsed) instead of being passed to the command's function.
    """
    import copy

    stack = [command]
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
        settings.user = checked_user(value)
    else:
        settings.debug = True
    return value


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"recs {__version__}\n")
        raise typer.Exit()


app = typer.Typer(
    cls=RecsGroup,
    name="recs",
    help="Track what happens to the recommendations that policy briefs make.",
    add_completion=True,  # --install-completion, --show-completion (bash, zsh, fish)
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
    ctx.obj = Settings(db=checked_db(db), user=checked_user(as_user), debug=debug)


def main() -> None:
    """Console-script entry point. Only the command asked for is imported and
    built (`RecsGroup.get_command`); `--help` and a typo get them all."""
    app()
