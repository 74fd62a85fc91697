"""`recs redo [N]`: redo what the last `recs undo` (or the last N) undid."""

import typer

from recs.cli.commands.undo import run


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "redo": (
        "recs redo --dry-run",
        "recs redo --yes",
    ),
}

def redo(
    ctx: typer.Context,
    n: int = typer.Argument(1, metavar="[N]", help="How many of the last undos to redo (default 1)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only show what would be redone."),
) -> None:
    """Redo what the last `recs undo` undid (or the last N undos). A new change
    after an undo leaves nothing to redo. The redo is recorded in the history."""
    run(ctx, n, yes=yes, dry_run=dry_run, redo=True)
