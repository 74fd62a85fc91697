"""`recs show ID`: one recommendation with its evidence and history."""

from typing import Any

from recs.cli import output
from recs.cli.context import Settings
from recs.cli.options import SHOW_FORMATS
from recs.cli.views import render_show


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "show": (
        "recs show R4",
        "recs show R4 --format json",
    ),
}


def declare() -> Any:
    """`recs show`'s parameters, for typer (the quick path reads them from `recs.cli.quickspec`)."""
    import typer

    from recs.cli.context import settings
    from recs.cli.options import format_option, id_argument

    def show(
        ctx: typer.Context,
        rec_id: str = id_argument(),
        fmt: str = format_option("table", SHOW_FORMATS),
    ) -> None:
        """One recommendation with its evidence and history."""
        run(settings(ctx), rec_id=rec_id, fmt=fmt)

    return show


def run(settings: Settings, *, rec_id: str, fmt: str) -> None:
    """Show one recommendation."""
    from recs.store import Store

    fmt = output.check_format(fmt, SHOW_FORMATS, "show")
    store = Store.open(settings.store_path())
    record = store.get(rec_id)
    if record.get("archived"):
        from recs.core.dates import readable

        output.message(f"{record['id']} is archived (since {readable(record['archived'])}); "
                       f"`recs restore {record['id']}` brings it back")
    if fmt == "json":
        output.write_json(record)
        return
    from recs.core.errors import NotFound

    try:
        brief = store.brief(record["brief"]) if record.get("brief") else None
    except NotFound:
        brief = None
    render_show(record, brief)
