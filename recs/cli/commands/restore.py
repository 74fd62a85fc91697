"""`recs restore ID`: bring back a recommendation `recs remove` archived."""

import typer

from recs.cli import output, saving
from recs.cli.context import settings
from recs.cli.options import id_argument


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "restore": (
        "recs restore R9",
        'recs restore R9 --note "Removed by mistake"',
    ),
}

# -- restore -------------------------------------------------------------
def restore(
    ctx: typer.Context,
    rec_id: str = id_argument(archived=True),
    note: str = typer.Option(None, "--note", "-m", metavar="TEXT", help="Why, for the history."),
) -> None:
    """Bring back an archived recommendation (`recs remove`), as it was, with its history.
    """
    from recs.tracker import archive

    s = settings(ctx)
    with saving.change(s.store_path()) as store:
        rec_id = store.get(rec_id)["id"]
        archive.restore(store, rec_id, by=s.user, note=note)
    output.message(f"{rec_id}: restored")
