"""`recs list`: recommendations, filtered, in any of the list formats."""

import typer

from recs.cli import completing, output
from recs.cli.context import settings
from recs.cli.options import LIST_FORMATS, format_option
from recs.cli.views import list_row, render_list


#: Examples shown at the end of `--help` (see recs/cli/helptext.py).
EXAMPLES = {
    "list": (
        'recs list --status open --actor "European Union"',
        "recs list --overdue --format csv",
        "recs list --tag humanitarian --as-of 2024-06",
    ),
}


# -- list ----------------------------------------------------------------
def list_(
    ctx: typer.Context,
    status: list[str] = typer.Option([], "--status", "-s", metavar="STATUS", autocompletion=completing.status_filters,
                                      help="Only this status (repeatable; also 'open', 'closed')."),
    actor: str = typer.Option(None, "--actor", "-a", metavar="NAME", autocompletion=completing.actors, help="Only this actor (whole name, any case; if no actor has it, names with a word starting so)."),
    brief: str = typer.Option(None, "--brief", "-b", metavar="BRIEF", autocompletion=completing.briefs, help="Only from this brief id."),
    tag: list[str] = typer.Option([], "--tag", "-t", metavar="TAG", autocompletion=completing.tags, help="Only with this tag (repeatable: all must match)."),
    overdue: bool = typer.Option(False, "--overdue", help="Only open ones past their due date."),
    search: str = typer.Option(None, "--search", "-q", metavar="TEXT", help="Only those whose text, actors, tags or evidence contain this."),
    field: list[str] = typer.Option([], "--field", metavar="NAME=VALUE",
                                    help="Only where an imported source field has this value (repeatable: all must match)."),
    as_of: str = typer.Option(None, "--as-of", metavar="DATE",
                              help="As the tracker stood at the end of DATE: statuses, evidence and fields then."),
    archived: bool = typer.Option(False, "--archived", help="Only the archived ones (`recs remove`), which are left out otherwise."),
    fmt: str = format_option("table", LIST_FORMATS),
) -> None:
    """List recommendations, filtered (archived ones only with --archived)."""
    from recs.core import statuses
    from recs.tracker import queries
    from recs.store import Store

    fmt = output.check_format(fmt, LIST_FORMATS, "list")
    day = None
    if as_of is not None:
        from recs.core import dates

        day = dates.parse_until(as_of, "--as-of", dates.today())  # as `report --as-of`: never ahead
    flt = queries.Filter(statuses=statuses.expand_filter(status), actor=actor, brief=brief,
                         tags=tag, overdue=overdue, search=search,
                         fields=[queries.parse_field(f) for f in field], today=day or "")
    store = Store.open(settings(ctx).store_path())
    # each match is kept as what the format prints of it, not as the whole record,
    # so a list of 100,000 recommendations never holds them all
    if fmt == "csv":
        from recs.formats import tabular

        keep = tabular.csv_item
    else:
        keep = {"json": output.json_item, "ndjson": output.ndjson_item}.get(fmt, list_row)  # type: ignore[assignment,arg-type]
    if day is None:
        scanned = store.scan(ordered=True, statuses=flt.statuses, archived=archived)
    else:  # statuses then may differ from today's: every record is looked at
        from recs.tracker import timeline

        scanned = (v for r in store.scan(ordered=True) if (v := timeline.as_of(r, day)) is not None
                   and bool(v.get("archived")) is archived)  # archived then, or not
    found = queries.select(scanned, flt, keep=keep)
    if fmt == "json":
        output.write_json_items(found)
    elif fmt == "ndjson":
        output.write_bytes(found)
    elif fmt == "csv":
        output.write_bytes(tabular.csv_pieces(found))
    else:
        render_list(found)
