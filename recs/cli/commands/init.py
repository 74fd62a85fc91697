"""`recs init`: create a tracker folder."""

import typer

from recs.cli import output, saving
from recs.cli.context import settings


# -- init ----------------------------------------------------------------
def init(
    ctx: typer.Context,
    folder: str = typer.Argument(None, metavar="[PATH]",
                                 help="The tracker folder to create (default: --db, RECS_DB, else the per-user one)."),
    empty: bool = typer.Option(False, "--empty", help="Create an empty tracker instead of the bundled brief."),
    organisation: str = typer.Option(None, "--organisation", metavar="NAME",
                                     help="Your organisation, named on reports (see `recs settings`)."),
) -> None:
    """Create a tracker folder (seeded with the bundled APRI brief unless --empty)."""
    from pathlib import Path

    from recs.store import Store, paths

    if folder is not None and not folder.strip():
        from recs.core.errors import UsageError

        raise UsageError("init needs a folder path; it was empty")
    path = Path(folder).expanduser() if folder else paths.resolve(settings(ctx).db)[0]
    if organisation is not None:
        from recs.core import fields

        organisation = fields.limit(organisation.strip(), fields.NAME_MAX, "organisation")
    Store.create(path, None if empty else paths.seed())
    if organisation:
        with saving.change(path) as store:
            store.set_settings(organisation=organisation)
    saving.saved()
    kind = "empty tracker" if empty else "tracker with the bundled APRI brief"
    output.message(f"Created {kind} at {path}")
