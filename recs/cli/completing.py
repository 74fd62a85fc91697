"""Shell completion of the values people type: ids, evidence ids, statuses,
actors, tags, owners, briefs and the fixed choices of `--format`, `--sort`
and `--columns` (typer's `autocompletion=` on the parameters that take them).

A completer never fails and never writes: with no tracker there it offers
nothing (it does not create the per-user one), and any failure offers
nothing rather than printing into the person's prompt. Ids and briefs are
the names of the tracker's files (a folder listing, fast at any size); actors
and tags are read from the records for at most `BUDGET` seconds, so a very
large tracker offers those found in that time.

What was typed matches in any case (`--tag wom` offers "Women's rights"), as
the filters do. typer keeps only the values that `startswith` what was typed,
so each value offered is a `Candidate`, whose `startswith` compares without
case. For bash, whose completion script inserts the values as they come,
a value is offered shell-escaped (`European\\ Union`); zsh and fish escape
what they insert themselves.

`recs --show-completion SHELL` and `--install-completion SHELL` take the
shell's name (typer's own options detect the shell and take no value):
`named_shell` serves them before typer parses the command line.
"""

import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

#: Seconds a completer may spend reading records (actors, tags).
BUDGET = 0.3
#: Up to this many matching ids are offered with their titles (read from their files).
TITLED = 50
#: The characters bash would split a word at or expand, escaped with `\`.
_SPECIAL = re.compile(r"([^\w@%+=:,./-])")


class Candidate(str):
    """A value offered: its text as the shell gets it; `startswith` compares
    the value itself, without case (typer's filter)."""

    plain: str

    def __new__(cls, value: str, shown: str) -> "Candidate":
        made = super().__new__(cls, shown)
        made.plain = value
        return made

    def startswith(self, prefix: Any, *args: Any) -> bool:
        if isinstance(prefix, str) and not args:
            return matches(self.plain, prefix)
        return str.startswith(self, prefix, *args)


def matches(value: str, typed: str) -> bool:
    """Whether `value` starts with `typed`, in any case."""
    return value.casefold().startswith(typed.casefold())


def for_shell(value: str) -> str:
    """`value` as the shell should get it (bash: backslash-escaped)."""
    if os.environ.get("_RECS_COMPLETE", "").endswith("bash"):
        return _SPECIAL.sub(r"\\\1", value)
    return value


def _offered(found: Iterable[Any], typed: str) -> list:
    """The values (or (value, help) pairs) of `found` that start with `typed`, as `Candidate`s."""
    out: list = []
    for item in found:
        value, help_ = (item, None) if isinstance(item, str) else item
        if matches(value, typed):
            candidate = Candidate(value, for_shell(value))
            out.append(candidate if help_ is None else (candidate, help_))
    return out


def _never_fails(completer: Callable[..., Iterable[Any]]) -> Callable[..., list]:
    def safe(ctx, incomplete):
        try:
            typed = incomplete or ""
            return _offered(completer(ctx, typed), typed)
        except Exception:  # completion must not print a traceback into a shell prompt
            return []

    safe.__name__ = completer.__name__
    safe.__doc__ = completer.__doc__
    return safe


def _tracker(ctx) -> Path | None:
    """The tracker the command line names (`--db`, RECS_DB, the folder…), if it exists."""
    from recs.store import paths

    db = ctx.find_root().params.get("db") if ctx is not None else None
    path, _ = paths.resolve(db or os.environ.get("RECS_DB") or None)
    return path if paths.is_tracker(path) else None


def _names(folder: Path, incomplete: str) -> list[str]:
    """The record files' names in `folder` that start with `incomplete`, in any case."""
    from recs.store.store import natural_order

    typed = incomplete.casefold()
    with os.scandir(folder) as entries:
        names = [e.name[:-5] for e in entries if e.name.endswith(".json") and e.name.casefold().startswith(typed)]
    return natural_order(names)


def _record(tracker: Path, rec_id: str) -> dict[str, Any]:
    """One record file's content ({} when it cannot be read)."""
    from recs.store import jsonread

    orjson = jsonread.orjson()

    from recs.store.layout import RECS

    try:
        record = orjson.loads((tracker / RECS / f"{rec_id}.json").read_bytes())
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


@_never_fails
def ids(ctx, incomplete: str) -> list:
    """Recommendation ids (with their titles when few match)."""
    from recs.store.layout import RECS

    tracker = _tracker(ctx)
    if tracker is None:
        return []
    found = _names(tracker / RECS, incomplete)
    if len(found) > TITLED:
        return found
    return [(rec_id, str(_record(tracker, rec_id).get("title") or "")) for rec_id in found]


@_never_fails
def archived_ids(ctx, incomplete: str) -> list:
    """The ids of archived recommendations (`recs restore`), with their titles."""
    tracker = _tracker(ctx)
    if tracker is None:
        return []
    return [(str(r["id"]), str(r.get("title") or "")) for r in _records(tracker)
            if r.get("archived") and matches(str(r["id"]), incomplete)]


@_never_fails
def evidence_ids(ctx, incomplete: str) -> list:
    """The evidence ids of the recommendation named before (with their summaries)."""
    tracker = _tracker(ctx)
    rec_id = (ctx.params.get("rec_id") or "") if ctx is not None else ""
    if tracker is None or not rec_id or "/" in rec_id or rec_id.startswith("."):
        return []
    entries = _record(tracker, rec_id.strip()).get("evidence") or ()
    return [(str(e["id"]), str(e.get("summary") or "")) for e in entries if isinstance(e, dict) and e.get("id")]


@_never_fails
def briefs(ctx, incomplete: str) -> list:
    """Brief ids."""
    from recs.store.layout import BRIEFS

    tracker = _tracker(ctx)
    return _names(tracker / BRIEFS, incomplete) if tracker is not None else []


def choices(values: tuple[str, ...]) -> Callable[..., list]:
    """A completer of fixed values (`--format`'s)."""
    @_never_fails
    def complete(ctx, incomplete: str) -> tuple[str, ...]:
        return values

    return complete


def _listed(values: Iterable[str], incomplete: str) -> list[str]:
    """For an option that takes `A,B,…`: the last name completed, after those typed."""
    done, _, last = incomplete.rpartition(",")
    head = f"{done}," if done else ""
    return [head + value for value in values if matches(value, last)]


@_never_fails
def sort_keys(ctx, incomplete: str) -> list[str]:
    """`--sort`'s fields, and their `-` (descending) forms."""
    from recs.tracker.queries import SORT_FIELDS

    return _listed([*SORT_FIELDS, *(f"-{name}" for name in SORT_FIELDS)], incomplete)


@_never_fails
def columns(ctx, incomplete: str) -> list[str]:
    """`--columns`' names."""
    from recs.cli.views import LIST_COLUMNS

    return _listed(LIST_COLUMNS, incomplete)


@_never_fails
def statuses(ctx, incomplete: str) -> list:
    """Status values, with their labels."""
    from recs.core.statuses import STATUSES

    return [(value, label) for value, (label, _) in STATUSES.items()]


@_never_fails
def status_filters(ctx, incomplete: str) -> list:
    """Status values and the groups `open` and `closed` (filters)."""
    from recs.core.statuses import GROUPS, STATUSES

    return [(value, label) for value, (label, _) in STATUSES.items()] + [
        (group, f"any {group} status") for group in GROUPS]


def _from_records(ctx, incomplete: str, field: str) -> list[str]:
    """The values of a list field (`actors`, `tags`) that start with `incomplete`, in any case;
    after a sign (`update --tag +hum`, `--actor -Eu`: add or remove one) with the sign kept."""
    tracker = _tracker(ctx)
    if tracker is None:
        return []
    sign = incomplete[:1] if incomplete[:1] in ("+", "-") else ""
    typed = incomplete[len(sign):]
    found: dict[str, str] = {}
    for record in _records(tracker):
        for value in record.get(field) or ():
            if isinstance(value, str) and matches(value, typed):
                found.setdefault(" ".join(value.casefold().split()), sign + value)  # one actor, however spelt
    return sorted(found.values(), key=str.casefold)


def _records(tracker: Path) -> Iterator[dict[str, Any]]:
    """The tracker's records, for at most `BUDGET` seconds."""
    from recs.store import Store

    until = time.monotonic() + BUDGET
    for record in Store.open(tracker).scan():
        yield record
        if time.monotonic() > until:
            return


@_never_fails
def actors(ctx, incomplete: str) -> list:
    """Actor names in use."""
    return _from_records(ctx, incomplete, "actors")


@_never_fails
def tags(ctx, incomplete: str) -> list:
    """Tags in use."""
    return _from_records(ctx, incomplete, "tags")


@_never_fails
def owners(ctx, incomplete: str) -> list:
    """Owners in use."""
    return _from_records(ctx, incomplete, "owners")


# -- the completion scripts ---------------------------------------------------
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
_FLAGS = ("--show-completion", "--install-completion")
SHOW_HELP = ("[SHELL] Print the completion script of SHELL (bash, zsh, fish; default: the shell "
             "you are in), to copy it or install it your way.")
INSTALL_HELP = "[SHELL] Install completion for SHELL (bash, zsh, fish; default: the shell you are in)."


def named_shell(argv: list[str]) -> int | None:
    """Serve `--show-completion [SHELL]` / `--install-completion [SHELL]` (also
    `--show-completion=SHELL`; no SHELL: the one recs runs from): 0 once done;
    None when the command line is not one."""
    from typer import completion

    for i, word in enumerate(argv):
        flag, _, shell = word.partition("=")
        if not word.startswith("-") and argv[i - 1:i] not in (["--db"], ["--as"]):
            return None  # a command: the flags are the group's
        if flag not in _FLAGS:
            continue
        if not shell and i + 1 < len(argv):
            shell = argv[i + 1]
        if not shell or shell.startswith("-"):
            shell = _shell_in_use()
            if shell not in SHELLS:
                return None  # typer says what it can
        elif shell not in SHELLS:
            from recs.core.errors import UsageError

            raise UsageError(f"{flag} takes a shell: {', '.join(SHELLS[:3])} (not {shell!r})")
        if flag == "--show-completion":
            sys.stdout.write(script(shell) + "\n")
        else:
            _, path = completion.install(shell=shell, prog_name="recs", complete_var="_RECS_COMPLETE")
            path.write_text(script(shell) + "\n")  # typer's file holds the script alone
            sys.stdout.write(f"{shell} completion installed in {path}\n"
                             "Completion will take effect once you restart the terminal\n")
        return 0
    return None


def _shell_in_use() -> str:
    """The shell recs runs from, as typer detects it ("" if unknown)."""
    try:
        import shellingham  # type: ignore[import-untyped]  # typer's own means (a dependency of typer)

        return str(shellingham.detect_shell()[0]).lower()
    except Exception:  # not detected: typer's own options say so
        return ""


def script(shell: str) -> str:
    """The completion script of `shell`: typer's; zsh's reads values with a
    quote (`''`, as typer writes them: Côte d'Ivoire) and matches in any case."""
    from typer import completion

    text = completion.get_completion_script(prog_name="recs", complete_var="_RECS_COMPLETE", shell=shell)
    if shell == "zsh":
        text = text.replace("_recs_completion() {\n", "_recs_completion() {\n  setopt localoptions rcquotes\n", 1)
        text += "\nzstyle ':completion:*:*:recs:*' matcher 'm:{a-zA-Z}={A-Za-z}'"
    return text


def describe_shell_options(group: Any) -> None:
    """Say in `recs --help` that the completion options take a shell's name."""
    for param in getattr(group, "params", ()):
        if param.name == "show_completion":
            param.help = SHOW_HELP
        elif param.name == "install_completion":
            param.help = INSTALL_HELP
