"""`recs init`: create a tracker folder."""

import typer

from recs.cli import output, saving
from recs.cli.context import settings


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "init": (
        "recs init --empty ~/team-tracker",
        'recs init --empty --organisation "Policy Unit" tracker',
        "recs init --force --yes",
    ),
}


# -- init ----------------------------------------------------------------
def init(
    ctx: typer.Context,
    folder: str = typer.Argument(None, metavar="PATH",
                                 help="The tracker folder to create (default: --db, RECS_DB, else the per-user one)."),
    empty: bool = typer.Option(False, "--empty", help="Create an empty tracker instead of the bundled brief."),
    organisation: str = typer.Option(None, "--organisation", metavar="NAME",
                                     help="Your organisation, named on reports (see `recs settings`)."),
    force: bool = typer.Option(False, "--force", help="Replace the tracker there (asks first; its records are lost)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="With --force: do not ask for confirmation."),
) -> None:
    """Create a tracker folder (seeded with the bundled APRI brief unless --empty).

    With --force, replaces the tracker there by a new one, whole or not at all."""
    from pathlib import Path

    from recs.store import Store, paths

    if folder is not None and not folder.strip():
        from recs.core.errors import UsageError

        raise UsageError("init needs a folder path; it was empty")
    path = Path(folder).expanduser() if folder else paths.resolve(settings(ctx).db)[0]
    if organisation is not None:
        from recs.core import fields

        organisation = fields.limit(organisation.strip(), fields.NAME_MAX, "organisation")
    if yes and not force:
        from recs.core.errors import UsageError

        raise UsageError("--yes goes with --force (replacing a tracker)")
    replacing = force and paths.is_tracker(path)
    if not force and paths.is_tracker(path):
        from recs.core.errors import StoreError

        raise StoreError(f"{path} is a tracker already; it was left as is (give a new folder name, or "
                         "`recs init --force` to replace it: its records are lost)")
    if replacing:
        _replace(path, None if empty else paths.seed(), yes)
    else:
        Store.create(path, None if empty else paths.seed())
    if organisation:
        with saving.change(path) as store:
            store.set_settings(organisation=organisation)
    saving.saved()
    kind = "empty tracker" if empty else "tracker with the bundled APRI brief"
    output.message(f"Replaced the tracker at {path} by a new {kind}" if replacing else f"Created {kind} at {path}")


def _replace(path, seed, yes: bool) -> None:
    """`--force`: asks on a terminal (unless --yes), then replaces the tracker whole."""
    import sys

    from recs.core.errors import RecsError, UsageError
    from recs.core.words import plural
    from recs.store import Store
    from recs.store.replace import replace

    try:
        held = plural(Store.open(path).count(), "recommendation")
    except RecsError:  # a damaged tracker can be replaced too
        held = "recommendations"
    if not yes:
        if not sys.stdin.isatty():
            raise UsageError(f"`recs init --force` replaces the tracker {path} and its {held}; it asks "
                             "first, but stdin is not a terminal: add --yes to replace it without asking")
        if not typer.confirm(f"Replace the tracker {path} and its {held}?", default=False, err=True):
            output.message("Nothing was replaced.")
            raise typer.Exit(1)
    replace(path, seed)
