"""`recs remove ID`: archive a recommendation (kept with its history; `recs restore` brings it back)."""

import typer

from recs.cli import output, saving
from recs.cli.context import settings
from recs.cli.options import id_argument


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "remove": (
        "recs remove R3",
        'recs remove R3 --note "Duplicate of R2"',
    ),
}

# -- remove --------------------------------------------------------------
def remove(
    ctx: typer.Context,
    rec_id: str = id_argument(),
    note: str = typer.Option(None, "--note", "-m", metavar="TEXT", help="Why, for the history."),
) -> None:
    """Archive a recommendation: it is kept with its history, left out of list,
    report, due and the csv and md exports, and its id is never reused.
    `recs list --archived` lists archived ones; `recs restore ID` brings one back.
    """
    from recs.tracker import archive

    s = settings(ctx)
    with saving.change(s.store_path()) as store:
        rec_id = store.get(rec_id)["id"]
        archive.archive(store, rec_id, by=s.user, note=note)
    output.message(f"{rec_id}: archived (`recs restore {rec_id}` brings it back; `recs undo` reverts this)")
