"""`recs undo [N]`: revert the last change (or the last N); the work is in `recs.tracker.undo`.

`run` is shared with `recs redo` (`recs.cli.commands.redo`): the same
preview, confirmation and messages, with the other verb.
"""

import sys

import typer

from recs.cli import output, saving
from recs.cli.context import settings
from recs.core.words import plural


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "undo": (
        "recs undo --dry-run",
        "recs undo --yes",
        "recs undo 3 --dry-run",
    ),
}


def undo_(
    ctx: typer.Context,
    n: int = typer.Argument(1, metavar="N", help="How many of the last changes to undo (default 1)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only show what would be undone."),
) -> None:
    """Undo the last change made in this clone (or the last N). Running it again
    undoes the change before; `recs redo` redoes what it undid. The undo is
    recorded in the history."""
    run(ctx, n, yes=yes, dry_run=dry_run, redo=False)


def run(ctx: typer.Context, n: int, *, yes: bool, dry_run: bool, redo: bool) -> None:
    """`recs undo` (`redo`: `recs redo`): preview, confirm on a terminal, revert."""
    from recs.core.errors import UsageError
    from recs.store import Store
    from recs.tracker import undo

    verb = "redo" if redo else "undo"
    s = settings(ctx)
    path = s.store_path()
    if not yes and not dry_run and not sys.stdin.isatty():
        raise UsageError(f"`recs {verb}` asks for confirmation, but stdin is not a terminal: add --yes to "
                         f"{verb} without asking (see first what it would do with --dry-run)")
    if dry_run:
        _describe(undo.last(Store.open(path), n, redo=redo), path, f"Would {verb}", redo=redo)
        return
    if yes:  # found and reverted under one hold of the lock: steady writers cannot starve it
        with saving.change(path) as store:
            todo = undo.undo(store, n, by=s.user, redo=redo)
        _describe(todo, path, verb.capitalize(), redo=redo)
    else:
        # records no write may change are refused before the preview (one Error line)
        with Store.change(path) as store:
            todo = undo.last(store, n, redo=redo)
            for change in todo:
                for rec_id in change.records():
                    store.get(rec_id, removed=True)
        _describe(todo, path, verb.capitalize(), redo=redo)
        if not typer.confirm(f"{verb.capitalize()} {plural(len(todo), 'change')}?", default=False, err=True):
            output.message(f"Nothing was {verb}ne.")
            raise typer.Exit(1)
        with saving.change(path) as store:
            undo.undo(store, n, by=s.user, expected=[c.id for c in todo], redo=redo)
    done = "Redid" if redo else "Undid"
    titles = [c.title() for c in todo]
    again = "`recs undo` undoes it again" if redo else "`recs redo` redoes it"
    if len(todo) > 1:
        again = again.replace(" it", " them")
    output.message(f"{done} " + "; ".join(titles) + f". {again}.")


def _describe(todo, path, verb: str, *, redo: bool) -> None:
    from recs.tracker import undo

    output.message(f"{verb} {plural(len(todo), 'change')} in {path}:")
    for change in todo:
        for line in undo.describe(change, redo=redo):
            output.message("  " + line)
