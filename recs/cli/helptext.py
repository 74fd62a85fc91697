"""How commands describe themselves in `--help`: the usage line and the
Arguments section name each argument as its metavar (`ID`, `[PATH]`,
`FILE...`, where typer 0.29 would print `{ID}` and `ID <str>`), `recs --help`
gives each command's whole first paragraph (click would cut it with "..."),
and every command's help ends with its examples.

Each command module declares its examples beside its commands, as `EXAMPLES`:
the command as typed after `recs` ("list", "evidence add", or a group's name)
→ two or three command lines. `recs.cli.app` passes them to `command_options`
when it builds the command; tests/cli/test_help.py runs every one of them.
"""

import sys
from typing import Any

from typer import Exit
from typer.core import TyperCommand, TyperGroup

from recs.cli.repeats import repeated


def command_options(module: Any, path: str, function: Any = None) -> dict:
    """The keyword arguments of `Typer.command`/`Typer` for the command `path`
    ("list", "evidence add") of `module`: its class, examples and short help."""
    examples = getattr(module, "EXAMPLES", {}).get(path, ())
    options: dict = {"epilog": "\n".join(examples) or None}
    doc = getattr(function, "__doc__", None) if function is not None else getattr(module, "HELP", None)
    if doc:
        options["short_help"] = " ".join(doc.strip().split("\n\n")[0].split())
    return options


class Described:
    """The help of a recs command or group (mixed into typer's classes)."""

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []  # type: ignore[attr-defined]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name == "argument":
                pieces.append(usage_name(param))
        if hasattr(self, "subcommand_metavar"):
            pieces.append(self.subcommand_metavar)
        return pieces

    def format_options(self, ctx, formatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((name_of(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)
        if hasattr(self, "format_commands"):
            self.format_commands(ctx, formatter)

    def format_epilog(self, ctx, formatter) -> None:
        """The examples, one command line each, never rewrapped."""
        if not self.epilog:  # type: ignore[attr-defined]
            return
        with formatter.section("Examples"):
            for line in self.epilog.splitlines():  # type: ignore[attr-defined]
                formatter.write(f"{'':>{formatter.current_indent}}{line}\n")


class RecsCommand(Described, TyperCommand):
    """A recs command (`cls=` of `Typer.command`): a one-value option given twice is refused."""

    def parse_args(self, ctx, args):
        repeated(args, self.params)
        return super().parse_args(ctx, args)


class HelpGroup(TyperGroup):
    """A group that, given no command, prints its help to stdout (exit 0), and
    refuses its own one-value options given twice (those before its command)."""

    def parse_args(self, ctx, args):
        repeated(args, self.params, group=True)
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            sys.stdout.write(ctx.get_help() + "\n")
            raise Exit(0)
        return super().parse_args(ctx, args)


class RecsSubgroup(Described, HelpGroup):
    """A group of recs subcommands, such as `recs evidence` (`cls=` of `Typer`)."""


def name_of(param) -> str:
    """An argument's name as help shows it: its metavar without brackets."""
    return (param.metavar or param.name.upper()).strip("[]").removesuffix("...")


def usage_name(param) -> str:
    """An argument in the usage line: `ID`, `[PATH]`, `FILE...`."""
    name = name_of(param)
    if param.nargs != 1:
        name += "..."
    return name if param.required else f"[{name}]"
