"""`recs alias add|list|remove`: other names of actors ("EU" for "European Union").

Kept in the tracker's settings file (`recs.tracker.actors`); an alias typed in
add, update, import or a filter stands for its name.
"""

import typer

from recs.cli import output, saving
from recs.cli.context import settings
from recs.cli.options import format_option
from recs.core.words import plural


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "alias": (
        'recs alias add EU "European Union"',
        "recs alias list",
    ),
    "alias add": (
        'recs alias add EU "European Union"',
        'recs alias add UNHCR "UN Refugee Agency"',
    ),
    "alias list": (
        "recs alias list",
        "recs alias list --format json",
    ),
    "alias remove": (
        "recs alias remove EU",
        "recs alias remove UNHCR",
    ),
}


# -- alias ---------------------------------------------------------------
def alias_add(
    ctx: typer.Context,
    alias: str = typer.Argument(..., metavar="ALIAS", help="The other name, e.g. EU."),
    name: str = typer.Argument(..., metavar="NAME", help="The actor's name it stands for, e.g. \"European Union\"."),
) -> None:
    """Let ALIAS stand for the actor NAME: typed in add, update, import or a filter,
    it is NAME; counts and reports show NAME."""
    from recs.store.layout import ALIASES
    from recs.tracker import actors

    with saving.change(settings(ctx).store_path()) as store:
        old = store.meta().get(ALIASES) or {}
        new = actors.add_alias(old, alias, name)
        store.set_settings(**{ALIASES: new})
    if new == old:
        output.message(f"{alias.strip()} already stands for {name.strip()}; nothing changed")
    else:
        output.message(f"{alias.strip()} now stands for {name.strip()} (`recs alias remove {alias.strip()}` undoes it)")
        if named := actors.naming(store, alias):
            output.message(f"Note: {plural(named, 'recommendation', grouped=True)} name {alias.strip()!r} as an "
                           f"actor; filters, counts and reports now count {'it' if named == 1 else 'them'} under "
                           f"{name.strip()} (their files are not changed)")


def alias_list(
    ctx: typer.Context,
    fmt: str = format_option("table", ("table", "json")),
) -> None:
    """List the actor aliases."""
    from recs.store import Store
    from recs.store.layout import ALIASES

    fmt = output.check_format(fmt, ("table", "json"), "alias list")
    aliases = Store.open(settings(ctx).store_path()).meta().get(ALIASES) or {}
    if fmt == "json":
        output.write_json(aliases)
    elif not aliases:
        output.message('No actor aliases yet (`recs alias add EU "European Union"` adds one).')
    else:
        rows = [[alias, aliases[alias]] for alias in sorted(aliases, key=str.casefold)]
        output.write(output.plain_table(("Alias", "Stands for"), rows))


def alias_remove(
    ctx: typer.Context,
    alias: str = typer.Argument(..., metavar="ALIAS", help="The alias to remove (any case)."),
) -> None:
    """Remove an actor alias (records keep the names stored)."""
    from recs.store.layout import ALIASES
    from recs.tracker import actors

    with saving.change(settings(ctx).store_path()) as store:
        new, name = actors.remove_alias(store.meta().get(ALIASES) or {}, alias)
        store.set_settings(**{ALIASES: new or None})
    output.message(f"{alias.strip()} no longer stands for {name}")


HELP = 'Other names of actors ("EU" for "European Union"), kept in the tracker.'
SUBCOMMANDS = {"add": alias_add, "list": alias_list, "remove": alias_remove}
