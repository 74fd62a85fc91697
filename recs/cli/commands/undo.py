"""`recs undo [N]`: revert the last change (or the last N); the work is in `recs.tracker.undo`."""

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
    """Undo the last change (or the last N); the undo is recorded in the history,
    so running `recs undo` again redoes it."""
    from recs.tracker import undo
    from recs.core.errors import UsageError
    from recs.store import Store

    s = settings(ctx)
    path = s.store_path()
    if not yes and not dry_run and not sys.stdin.isatty():
        raise UsageError("`recs undo` asks for confirmation, but stdin is not a terminal: add --yes to "
                        "undo without asking (see first what it would do with --dry-run)")
    if dry_run:
        _describe(undo.last(Store.open(path), n), path, "Would undo")
        return
    if yes:  # found and undone under one hold of the lock: steady writers cannot starve it
        with saving.change(path) as store:
            todo = undo.undo(store, n, by=s.user)
        _describe(todo, path, "Undo")
    else:
        # records no write may change are refused before the preview (one Error line)
        with Store.change(path) as store:
            todo = undo.last(store, n)
            for change in todo:
                for rec_id in change.records():
                    store.get(rec_id, removed=True)
        _describe(todo, path, "Undo")
        if not typer.confirm(f"Undo {plural(len(todo), 'change')}?", default=False, err=True):
            output.message("Nothing was undone.")
            raise typer.Exit(1)
        with saving.change(path) as store:
            undo.undo(store, n, by=s.user, expected=[c.id for c in todo])
    output.message(f"Undone {plural(len(todo), 'change')}. The undo is recorded in the history; "
                   "`recs undo` again redoes it.")


def _describe(todo, path, verb: str) -> None:
    from recs.tracker import undo

    output.message(f"{verb} {plural(len(todo), 'change')} in {path}:")
    for change in todo:
        for line in undo.describe(change):
            output.message("  " + line)


