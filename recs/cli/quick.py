"""The quick path: the command lines staff type all day, run without typer.

Importing typer (and the click it vendors) is about 45 ms of every command,
more than `recs show` then spends on its work. `plan(argv)` reads a command
line of a daily command (`recs.cli.quickgen.QUICK`: list, show, history,
update, evidence add, report) with the parameters typer would read, from
`recs.cli.quickspec` (generated from the commands' typer declarations, so an
option is declared once), and `run(plan)` calls the same function typer's
command calls, with the same values, under the same guard (`recs.cli.guard`).

It takes only what it reads exactly as typer does; for anything else
`plan()` returns None and typer reads the command line: `--help`, a typo,
a missing or repeated value, `--`, bundled short options (`-sa`), a value
that is not a plain whole number or not UTF-8, completion, an empty RECS_DB
or RECS_USER. So every message about a wrong command line is typer's own,
and tests/cli/test_quick.py checks, command line by command line, that the
quick path passes exactly what typer passes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

TYPE_CHECKING = False  # (typing is for the type checker: its import is ~5 ms of a report)
if TYPE_CHECKING:
    from typing import Any

#: Test aid: when set, `plan()` declines every command line, so typer reads it
#: (tests compare the two paths).
NO_QUICK_ENV = "RECS_TEST_NO_QUICK"


class Plan:
    """A command line the quick path takes: what to call, with what."""

    __slots__ = ("argv", "module", "function", "values", "early", "late", "environ")

    def __init__(self, argv: list[str], module: str, function: str, values: dict[str, Any],
                 early: dict[str, Any], late: list[tuple[str, Any]], environ: Mapping[str, str]) -> None:
        self.argv, self.module, self.function, self.values = argv, module, function, values
        self.early, self.late, self.environ = early, late, environ


def debugging(argv: list[str]) -> bool:
    """Whether unexpected errors show their traceback (`--debug`, RECS_DEBUG), as
    typer's path tells before it has read the command line."""
    return "--debug" in argv or bool(os.environ.get("RECS_DEBUG"))


def plan(argv: list[str], environ: Mapping[str, str]) -> Plan | None:
    """The quick path's reading of `argv` (the words after `recs`), or None
    where typer must read it."""
    if environ.get(NO_QUICK_ENV) or "_RECS_COMPLETE" in environ:
        return None
    if any(name in environ and not environ[name].strip() for name in ("RECS_DB", "RECS_USER")):
        return None  # (click reads an empty one as unset): typer's path decides
    if "RECS_USER" in environ and not _all_text({"user": environ["RECS_USER"]}):
        return None
    from recs.cli.quickspec import COMMANDS, GLOBALS

    early: dict[str, Any] = {}
    i = 0
    while i < len(argv) and argv[i][:1] == "-":  # the global options before the command
        got = _option(argv, i, GLOBALS)
        if got is None or got[0] in early:
            return None
        name, value, i = got
        early[name] = value
    words = [w for w in argv[i:i + 2] if w and " " not in w]  # ("evidence add" typed as one word: typer's)
    command = " ".join(words) if len(words) == 2 and " ".join(words) in COMMANDS else words[0] if words else ""
    spec = COMMANDS.get(command)
    if spec is None or argv[i:i + len(command.split())] != command.split():
        return None
    read = _read(argv[i + len(command.split()):], {**spec["options"], **GLOBALS}, set(GLOBALS))
    if read is None:
        return None
    given, late, positional = read
    if not _arguments(spec["arguments"], positional, given) or any(n not in given for n in spec["required"]):
        return None
    if not _all_text(given) or not _all_text({k: v for k, v in [*early.items(), *late] if k != "db"}):
        return None
    values = {name: (list(default) if isinstance(default, list) else default)
              for name, default in spec["defaults"].items()}
    values.update(given)
    module, function = spec["run"]
    return Plan(list(argv), module, function, values, early, late, environ)


def _read(words: list[str], table: Mapping[str, tuple[str, str]], globals_: set[str]
          ) -> tuple[dict[str, Any], list[tuple[str, Any]], list[str]] | None:
    """(the command's values, the global options after it in order, the
    positional words) of the words after the command; None if typer must read them."""
    given: dict[str, Any] = {}
    late: list[tuple[str, Any]] = []
    positional: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word == "-" or word[:1] != "-":
            positional.append(word)
            i += 1
            continue
        got = _option(words, i, table)
        if got is None:
            return None
        name, value, i = got
        spelling = word.split("=", 1)[0]
        if spelling in globals_:
            if any(name == seen for seen, _ in late):
                return None
            late.append((name, value))
        elif table[spelling][1] == "list":
            given.setdefault(name, []).append(value)
        elif name in given:
            return None  # given twice: typer says so
        else:
            given[name] = value
    return given, late, positional


def _option(argv: list[str], i: int, table: Mapping[str, tuple[str, str]]) -> tuple[str, Any, int] | None:
    """(name, value, index after it) of the option at `argv[i]`, read as click
    reads it (`--name value`, `--name=value`, `-n value`, a flag); None if
    `table` lacks it or its value is not one the quick path takes."""
    word = argv[i]
    spelling, equals, attached = word.partition("=") if word.startswith("--") else (word, "", "")
    entry = table.get(spelling)
    if entry is None:
        return None
    name, kind = entry
    if kind in ("on", "off"):
        return None if equals else (name, kind == "on", i + 1)
    if equals:
        value, after = attached, i + 1
    elif i + 1 < len(argv):
        value, after = argv[i + 1], i + 2  # click takes the next word, whatever it starts with
    else:
        return None
    if kind == "int":
        if not (value.isascii() and value.isdigit()) or len(value) > 18:
            return None
        return name, int(value), after
    return name, value, after


def _arguments(arguments: tuple, positional: list[str], given: dict[str, Any]) -> bool:
    """Put the positional words into `given` by the command's arguments; False if they do not fit."""
    rest = list(positional)
    for name, many in arguments:
        if not rest:
            return False
        if many:
            given[name], rest = rest, []
        else:
            given[name] = rest.pop(0)
    return not rest


def _all_text(given: dict[str, Any]) -> bool:
    """Whether every value is text Python can write as UTF-8 (typer refuses the
    others, with its message, and a file name may be any bytes: typer decides)."""
    for value in given.values():
        for text in value if isinstance(value, list) else (value,):
            if isinstance(text, str) and not text.isascii():
                try:
                    text.encode("utf-8")
                except UnicodeEncodeError:
                    return False
    return True


def run(plan: Plan) -> int:
    """Run the planned command as typer would; its exit code."""
    from recs.cli import guard

    guard.start(plan.argv)
    debug = bool(plan.early.get("debug") or any(n == "debug" for n, _ in plan.late) or plan.environ.get("RECS_DEBUG"))
    return guard.guarded(lambda: _call(plan), debug)


def load(plan: Plan) -> Any:
    """The module of the planned command (imported on first use)."""
    import importlib

    return importlib.import_module(f"recs.cli.commands.{plan.module}")


def _call(plan: Plan) -> Any:
    settings = _settings(plan)
    return getattr(load(plan), plan.function)(settings, **plan.values)


def _settings(plan: Plan) -> Any:
    """The global options as typer's callback and the late options' callbacks
    set them (`recs.cli.app`): before the command (or RECS_DB, RECS_USER),
    then each one given after it, in order."""
    from recs.cli.context import Settings, checked_db, checked_user

    db = plan.early.get("db", plan.environ.get("RECS_DB"))
    user = plan.early.get("as_user", plan.environ.get("RECS_USER"))
    settings = Settings(db=checked_db(db), user=checked_user(user), debug=bool(plan.early.get("debug")))
    for name, value in plan.late:
        if name == "db":
            settings.db = checked_db(value)
        elif name == "as_user":
            settings.user = checked_user(value)
        elif value:
            settings.debug = True
    return settings


def main() -> int | None:
    """The quick path's exit code for this process's command line, or None
    where typer must read it."""
    found = plan(sys.argv[1:], os.environ)
    return None if found is None else run(found)
